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

/** Start redis-server on `port` in `dir`; resolves with the child once it accepts connections. */
async function launch(port, dir, aof) {
  const persistence = aof ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...persistence], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise((resolve, reject) => {
    let out = '';
    child.once('error', (e) => reject(new Error(`cannot start redis-server (install Debian's redis-server, or set INPAINT_TEST_REDIS_URL): ${e.message}`)));
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
    child.stdout.on('data', (c) => {
      out += c.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
  });
  return child;
}

/**
 * Start (or borrow) a Redis; resolves once it accepts connections. `{ aof: true }` starts
 * one of our own with an append-only file (fsync on every write), which `kill()` and
 * `restart()` can stop hard and bring back with its data (fault tests; not with
 * $INPAINT_TEST_REDIS_URL, where `own` is false).
 */
export async function startRedis(options = {}) {
  const given = process.env.INPAINT_TEST_REDIS_URL;
  if (given && !options.aof) return { url: `${given.replace(/\/\d*$/, '')}/${nextDb++}`, own: false, stop: async () => undefined, kill: async () => undefined, restart: async () => undefined };
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'inpaint-redis-'));
  let child = await launch(port, dir, options.aof === true);
  const exited = () => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
  return {
    url: `redis://127.0.0.1:${port}`,
    own: true,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited();
    },
    kill: async (signal = 'SIGKILL') => {
      child.kill(signal);
      await exited();
    },
    restart: async () => {
      child = await launch(port, dir, options.aof === true);
    },
  };
}
