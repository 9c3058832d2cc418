// A Redis for tests: $INPAINT_TEST_REDIS_URL when set (a database of its own per call), else
// a redis-server from PATH on a free loopback port in a temp dir, without persistence.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

let nextDb = 1;

/** Start (or borrow) a Redis; resolves once it accepts connections. */
export async function startRedis() {
  const given = process.env.INPAINT_TEST_REDIS_URL;
  if (given) return { url: `${given.replace(/\/\d*$/, '')}/${nextDb++}`, stop: async () => undefined };
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'inpaint-redis-'));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise((resolve, reject) => {
    let out = '';
    child.once('error', (e) => reject(new Error(`cannot start redis-server (install Debian's redis-server, or set INPAINT_TEST_REDIS_URL): ${e.message}`)));
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
    child.stdout.on('data', (c) => {
      out += c.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) { resolve(); return; }
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
