/**
 * A worker process on a test bed host, seen from the test: its events (worker-host.ts's JSON
 * lines), the renames it made (trace-renames.mjs), and bounded waits on both.
 */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerOptions } from '../../src/index.js';
import type { Host, TestBed } from './bed.js';

const ENTRY = fileURLToPath(new URL('./worker-host.ts', import.meta.url));
const TRACE = fileURLToPath(new URL('./trace-renames.mjs', import.meta.url));

/** One line of worker-host.ts. */
export interface HostEvent {
  readonly event: 'ready' | 'completed' | 'failed' | 'error';
  readonly t: number;
  readonly id?: string;
  readonly output?: string;
  readonly reason?: string;
  readonly final?: boolean;
  /** A completion with the record of an earlier run that wrote the output but whose completion was lost. */
  readonly earlier?: boolean;
  readonly message?: string;
}

/** A rename the process made onto `to`. */
export interface Rename {
  readonly from: string;
  readonly to: string;
}

export interface HostWorker {
  readonly host: Host;
  readonly child: ChildProcess;
  readonly events: HostEvent[];
  readonly renames: Rename[];
  /** Everything it wrote on stderr, for failure messages. */
  readonly log: string[];
  /** Resolve with the first event (seen or to come) that matches, or reject after `timeoutMs`. */
  next(match: (e: HostEvent) => boolean, timeoutMs: number): Promise<HostEvent>;
  /** SIGTERM and wait (bounded) for the exit. */
  stop(): Promise<void>;
}

/** Split a stream into lines. */
function lines(stream: NodeJS.ReadableStream, each: (line: string) => void): void {
  let buf = '';
  stream.on('data', (c: Buffer) => {
    buf += c.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    for (const l of parts) each(l);
  });
}

/**
 * Start a queue worker on `host` and resolve once it is on the queue (within 30 s).
 * @example
 * const w = await startHostWorker(bed, bed.hosts[0], { redis: bed.redisUrl, queue: 'q', model: TINY_MODEL });
 */
export async function startHostWorker(bed: TestBed, host: Host, options: WorkerOptions, env: NodeJS.ProcessEnv = {}): Promise<HostWorker> {
  const childEnv = { ...process.env, ...env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${env.NODE_OPTIONS ?? ''} --import=${TRACE}`.trim() };
  const child = bed.spawnIn(host.netns, [process.execPath, '--import=tsx', ENTRY, JSON.stringify(options)], childEnv);
  const events: HostEvent[] = [];
  const renames: Rename[] = [];
  const log: string[] = [];
  const waiters = new Set<() => void>();
  lines(child.stdout!, (l) => {
    try {
      events.push(JSON.parse(l) as HostEvent);
    } catch {
      log.push(l);
    }
    for (const w of waiters) w();
  });
  lines(child.stderr!, (l) => {
    const m = /^renamed (.*) -> (.*)$/.exec(l);
    if (m) renames.push({ from: m[1], to: m[2] });
    else log.push(l);
  });
  const next = (match: (e: HostEvent) => boolean, timeoutMs: number) => new Promise<HostEvent>((resolve, reject) => {
    const check = () => {
      const seen = events.find(match);
      if (seen) { done(); resolve(seen); }
    };
    const timer = setTimeout(() => { done(); reject(new Error(`${host.name}: no such event within ${timeoutMs} ms; events ${JSON.stringify(events)}; log ${log.join('\n')}`)); }, timeoutMs);
    const exited = () => { done(); reject(new Error(`${host.name}: worker exited (${child.exitCode ?? child.signalCode}): ${log.join('\n')}`)); };
    const done = () => { clearTimeout(timer); waiters.delete(check); child.removeListener('exit', exited); };
    waiters.add(check);
    child.once('exit', exited);
    check();
  });
  await next((e) => e.event === 'ready', 30_000);
  return {
    host, child, events, renames, log, next,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
