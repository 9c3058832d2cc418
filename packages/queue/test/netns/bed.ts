/**
 * A multi-host test bed made of Linux network namespaces: a bridge in a namespace of its own
 * (the switch), Redis in another, and worker "hosts" in others, each joined to the bridge by
 * a veth pair. Addresses come from the benchmarking range 198.18.0.0/15 and exist only
 * inside these namespaces: nothing is attached to the machine's own interfaces and no
 * namespace has a default route, so no packet can leave. Every namespace name starts with a
 * prefix unique to the run (it carries the pid, so a later run can remove what a killed run
 * left). The test process itself (the operator: enqueue, status) reaches Redis through a unix
 * socket in the shared folder, as a command run on the Redis machine would; the workers
 * reach it over TCP through the bridge. Namespaces share the file system: the shared folder
 * is a tmp dir.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The test bed's subnet: inside 198.18.0.0/15 (RFC 2544, benchmarking), nowhere else. */
export const SUBNET = '198.18.35';
const REDIS_ADDRESS = `${SUBNET}.2`;
const REDIS_PORT = 6379;
/** Namespaces of earlier runs are recognised by this start. */
const FAMILY = 'inpq';

/** An address of the test bed, checked to lie in 198.18.0.0/15 before it is used. */
export function benchAddress(address: string): string {
  const [a, b] = address.split('.').map(Number);
  if (a !== 198 || (b !== 18 && b !== 19)) throw new Error(`${address} is outside 198.18.0.0/15: the test bed uses no other address`);
  return address;
}

/** Run `ip` (or another tool) and resolve with its stdout; rejects with its stderr. */
async function sh(cmd: string, args: readonly string[]): Promise<string> {
  const { stdout } = await execFileAsync(cmd, args, { timeout: 10_000 });
  return stdout;
}

/**
 * Why namespaces cannot be made here (not root, no `ip`, no redis-server, or the kernel
 * refuses), or undefined when they can.
 */
export async function netnsUnavailable(): Promise<string | undefined> {
  if (process.platform !== 'linux') return `network namespaces are Linux only (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'network namespaces need root (run the tests as root, as CI does)';
  try {
    await sh('ip', ['-V']);
  } catch {
    return "no `ip` command (install Debian's iproute2)";
  }
  try {
    await sh('redis-server', ['--version']);
  } catch {
    return "no redis-server on PATH (install Debian's redis-server)";
  }
  const probe = `${FAMILY}probe${process.pid.toString(36)}`;
  try {
    await sh('ip', ['netns', 'add', probe]);
  } catch (e) {
    return `cannot make a network namespace: ${(e as Error).message.split('\n')[0]}`;
  } finally {
    await sh('ip', ['netns', 'del', probe]).catch(() => undefined);
  }
  return undefined;
}

/** Whether this kernel has tc's netem qdisc (latency and loss); a probe on a throwaway veth. */
export async function netemAvailable(netns: string): Promise<boolean> {
  try {
    await sh('ip', ['-n', netns, 'link', 'add', 'probe0', 'type', 'veth', 'peer', 'name', 'probe1']);
    await sh('ip', ['netns', 'exec', netns, 'tc', 'qdisc', 'add', 'dev', 'probe0', 'root', 'netem', 'delay', '1ms']);
    return true;
  } catch {
    return false;
  } finally {
    await sh('ip', ['-n', netns, 'link', 'del', 'probe0']).catch(() => undefined);
  }
}

/** Pids of the processes in a namespace. */
async function pidsIn(netns: string): Promise<number[]> {
  const out = await sh('ip', ['netns', 'pids', netns]).catch(() => '');
  return out.split('\n').filter(Boolean).map(Number);
}

/** SIGKILL every process in a namespace, then wait (bounded) until none is left; resolves with how many were killed. */
export async function killAllIn(netns: string): Promise<number> {
  let killed = 0;
  for (let round = 0; round < 50; round++) {
    const pids = await pidsIn(netns);
    if (pids.length === 0) return killed;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
        if (round === 0) killed++;
      } catch {
        // gone already
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`processes still alive in ${netns} after 5 s of SIGKILL`);
}

/** Remove namespaces that earlier runs of this test bed left (their pid is dead). */
async function removeLeftovers(): Promise<void> {
  const names = (await sh('ip', ['netns', 'list']).catch(() => '')).split('\n').map((l) => l.split(' ')[0]).filter((n) => n.startsWith(FAMILY));
  for (const name of names) {
    const pid = parseInt(name.slice(FAMILY.length).split('-')[0], 36);
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch {
      // that run is gone
    }
    if (alive) continue;
    await killAllIn(name).catch(() => undefined);
    await sh('ip', ['netns', 'del', name]).catch(() => undefined);
  }
}

/** A worker host: a namespace with one veth to the bridge. */
export interface Host {
  /** host1, host2, … */
  readonly name: string;
  readonly netns: string;
  readonly address: string;
}

/** What a link does to traffic: each way, `delayMs` more and `lossPercent` of the packets dropped (tc netem on both ends of each veth pair). */
export interface LinkShape {
  readonly delayMs: number;
  readonly lossPercent: number;
}

export interface TestBed {
  /** The shared folder (every namespace sees the same file system). */
  readonly dir: string;
  /** Redis for the workers, over the bridge. */
  readonly redisUrl: string;
  /** Redis for the operator (the test process), through a unix socket in `dir`. */
  readonly redisSocket: string;
  readonly redisNetns: string;
  readonly bridgeNetns: string;
  readonly hosts: readonly Host[];
  /** Start a process inside a host's namespace (`ip netns exec`). */
  spawnIn(netns: string, argv: readonly string[], env?: NodeJS.ProcessEnv): ChildProcess;
  /** Take a host's link down (its end of the veth pair) or bring it back. */
  setLink(host: Host | 'redis', up: boolean): Promise<void>;
  /** Latency and loss on every link (netem): false when this kernel has no netem. */
  shapeAll(shape: LinkShape | null): Promise<boolean>;
  /** SIGKILL every process in a host's namespace; resolves with how many there were. */
  killHost(host: Host): Promise<number>;
  /** Kill every process of the bed, delete its namespaces and the shared folder. */
  teardown(): Promise<void>;
}

/** One veth pair: `inside` in `netns` (renamed eth0), its peer `port` in the bridge's namespace. */
async function plug(prefix: string, bridge: string, netns: string, port: string, address: string): Promise<void> {
  const tmp = `${prefix}${port}`.slice(0, 15);
  await sh('ip', ['link', 'add', tmp, 'netns', netns, 'type', 'veth', 'peer', 'name', port, 'netns', bridge]);
  await sh('ip', ['-n', bridge, 'link', 'set', port, 'master', 'br0', 'up']);
  await sh('ip', ['-n', netns, 'link', 'set', tmp, 'name', 'eth0']);
  await sh('ip', ['-n', netns, 'addr', 'add', `${benchAddress(address)}/24`, 'dev', 'eth0']);
  await sh('ip', ['-n', netns, 'link', 'set', 'eth0', 'up']);
  await sh('ip', ['-n', netns, 'link', 'set', 'lo', 'up']);
}

/** Wait (bounded) until redis-server in the namespace says it is ready. */
function redisReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`redis-server not ready after 10 s: ${out}`)), 10_000);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`redis-server exited (${code}): ${out}`)); });
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('Ready to accept connections')) { clearTimeout(timer); resolve(); }
    });
  });
}

/**
 * Make the test bed: the bridge, Redis and `hosts` worker hosts. Call teardown() at the end
 * (test.after.always); a failure half way tears down what was made.
 * @example
 * const bed = await createTestBed(3);
 * const child = bed.spawnIn(bed.hosts[0].netns, [process.execPath, 'worker.js']);
 * await bed.teardown();
 */
export async function createTestBed(hosts: number): Promise<TestBed> {
  await removeLeftovers();
  const prefix = `${FAMILY}${process.pid.toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const bridgeNetns = `${prefix}-br`;
  const redisNetns = `${prefix}-redis`;
  const hostList: Host[] = Array.from({ length: hosts }, (_, i) => ({ name: `host${i + 1}`, netns: `${prefix}-h${i + 1}`, address: benchAddress(`${SUBNET}.${11 + i}`) }));
  const namespaces = [bridgeNetns, redisNetns, ...hostList.map((h) => h.netns)];
  const dir = mkdtempSync(join(tmpdir(), 'inpaint-hosts-'));
  const redisSocket = join(dir, 'redis.sock');
  const children = new Set<ChildProcess>();
  let tornDown = false;

  const teardown = async () => {
    if (tornDown) return;
    tornDown = true;
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const ns of namespaces) {
      await killAllIn(ns).catch(() => undefined);
      await sh('ip', ['netns', 'del', ns]).catch(() => undefined);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // a test process that dies without its after.always hook still removes its namespaces
  const onExit = () => {
    for (const ns of namespaces) {
      try {
        execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
      } catch {
        // not made, or gone
      }
    }
  };
  process.once('exit', onExit);

  const spawnIn = (netns: string, argv: readonly string[], env: NodeJS.ProcessEnv = process.env) => {
    const child = spawn('ip', ['netns', 'exec', netns, ...argv], { stdio: ['ignore', 'pipe', 'pipe'], env });
    children.add(child);
    child.once('exit', () => children.delete(child));
    return child;
  };

  try {
    for (const ns of namespaces) await sh('ip', ['netns', 'add', ns]);
    await sh('ip', ['-n', bridgeNetns, 'link', 'add', 'br0', 'type', 'bridge']);
    await sh('ip', ['-n', bridgeNetns, 'link', 'set', 'br0', 'up']);
    await plug(prefix, bridgeNetns, redisNetns, 'redis', REDIS_ADDRESS);
    for (const h of hostList) await plug(prefix, bridgeNetns, h.netns, h.name, h.address);
    const redis = spawnIn(redisNetns, ['redis-server', '--bind', REDIS_ADDRESS, '--port', String(REDIS_PORT), '--unixsocket', redisSocket, '--unixsocketperm', '700',
      '--dir', dir, '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction',
      // reachable from the other namespaces only (a 198.18.0.0/15 address, no route out): no password needed
      '--protected-mode', 'no']);
    await redisReady(redis);
  } catch (e) {
    await teardown();
    process.removeListener('exit', onExit);
    throw e;
  }

  const ends = (host: Host | 'redis') => (host === 'redis' ? redisNetns : host.netns);
  return {
    dir,
    redisUrl: `redis://${REDIS_ADDRESS}:${REDIS_PORT}`,
    redisSocket,
    redisNetns,
    bridgeNetns,
    hosts: hostList,
    spawnIn,
    async setLink(host, up) {
      await sh('ip', ['-n', ends(host), 'link', 'set', 'eth0', up ? 'up' : 'down']);
    },
    async shapeAll(shape) {
      if (shape && !(await netemAvailable(bridgeNetns))) return false;
      for (const ns of [redisNetns, ...hostList.map((h) => h.netns)]) {
        await sh('ip', ['netns', 'exec', ns, 'tc', 'qdisc', 'del', 'dev', 'eth0', 'root']).catch(() => undefined);
        if (shape) await sh('ip', ['netns', 'exec', ns, 'tc', 'qdisc', 'add', 'dev', 'eth0', 'root', 'netem', 'delay', `${shape.delayMs}ms`, 'loss', `${shape.lossPercent}%`]);
      }
      return true;
    },
    killHost: (host) => killAllIn(host.netns),
    async teardown() {
      await teardown();
      process.removeListener('exit', onExit);
    },
  };
}

const PROXY = new URL('./delay-proxy.ts', import.meta.url);
/** The port a host's delay proxy listens on (its own loopback). */
const PROXY_PORT = 16379;

/**
 * Where netem is missing: start delay-proxy.ts in `host`'s namespace and resolve with the
 * Redis URL its workers use instead of the bridge address (within 15 s), and its stop().
 * @example
 * const proxy = await startDelayProxy(bed, bed.hosts[0], { delayMs: 50, lossPercent: 1 });
 */
export async function startDelayProxy(bed: TestBed, host: Host, shape: LinkShape): Promise<{ url: string; stop(): void }> {
  const child = bed.spawnIn(host.netns, [process.execPath, '--import=tsx', PROXY.pathname, String(PROXY_PORT), REDIS_ADDRESS, String(REDIS_PORT), String(shape.delayMs), String(shape.lossPercent)]);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${host.name}: delay proxy not listening after 15 s`)), 15_000);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${host.name}: delay proxy exited (${code})`)); });
    child.stdout!.on('data', (c: Buffer) => { if (c.toString().includes('listening')) { clearTimeout(timer); resolve(); } });
  });
  return { url: `redis://127.0.0.1:${PROXY_PORT}`, stop: () => child.kill('SIGKILL') };
}
