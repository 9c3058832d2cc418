/**
 * A stand-in for tc netem where the kernel has none (CONFIG_NET_SCH_NETEM unset): a TCP
 * relay run inside a worker host's namespace, on 127.0.0.1:<listen>, to Redis at
 * <target>:<port> over the host's link. Every chunk, each way, is held `delayMs`; a chunk
 * is held 200 ms more (Linux's shortest retransmission timeout) with probability
 * `lossPercent` %, as a lost segment is resent. Order is kept. It says
 * {"event":"listening"} on stdout once it accepts connections.
 *   node --import=tsx delay-proxy.ts <listen> <target> <port> <delayMs> <lossPercent>
 */
import { connect, createServer } from 'node:net';
import type { Socket } from 'node:net';
import { benchAddress } from './bed.js';

const RETRANSMIT_MS = 200;
const [listen, target, port, delayMs, lossPercent] = process.argv.slice(2);
const delay = Number(delayMs);
const loss = Number(lossPercent) / 100;

/** Forward `from` to `to`, each chunk late by the delay (and the odd one by a retransmission more), in order. */
function relay(from: Socket, to: Socket): void {
  let last = 0;
  from.on('data', (chunk: Buffer) => {
    const due = Math.max(Date.now() + delay + (Math.random() < loss ? RETRANSMIT_MS : 0), last);
    last = due;
    setTimeout(() => { if (!to.destroyed) to.write(chunk); }, due - Date.now());
  });
  from.on('end', () => setTimeout(() => to.end(), Math.max(0, last - Date.now())));
  from.on('error', () => to.destroy());
  from.on('close', () => setTimeout(() => to.destroy(), Math.max(0, last - Date.now())));
}

const server = createServer((client) => {
  const upstream = connect(Number(port), benchAddress(target));
  relay(client, upstream);
  relay(upstream, client);
});
server.listen(Number(listen), '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ event: 'listening', t: Date.now() })}\n`));
process.once('SIGTERM', () => process.exit(0));
