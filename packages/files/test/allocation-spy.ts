/**
 * A test-only spy on full-size pixel buffers: every Buffer and typed array made or filled in
 * this thread while `run` runs (Buffer.alloc/allocUnsafe/concat, Buffer.from except of an
 * ArrayBuffer (a view), typed arrays' slice()
 * and set(), structuredClone, and the raw output of sharp's toBuffer, which native code
 * allocates) whose byte length equals `bytes` exactly, counted once per underlying
 * ArrayBuffer. Typed-array constructors are not wrapped (sharp tells typed arrays apart by
 * their constructor); a copy through `new Uint8Array(source)` would go unseen. Pick an image
 * whose byte size is odd so that no float32 tensor or one-channel mask can match it. Run
 * it in a serial test: it patches globals.
 */
import sharp from 'sharp';

type AnyFn = (...args: never[]) => unknown;

export async function countFullSizeBuffers(bytes: number, run: () => Promise<unknown>): Promise<number> {
  const seen = new Set<ArrayBufferLike>();
  const note = (v: unknown): void => {
    const view = v as { buffer?: ArrayBufferLike; byteLength?: number } | null;
    if (view && ArrayBuffer.isView(view) && view.byteLength === bytes) seen.add(view.buffer!);
  };
  const restore: (() => void)[] = [];
  const wrap = <T extends object>(owner: T, key: keyof T, after: (result: unknown) => unknown = (r) => { note(r); return r; }) => {
    const original = owner[key] as unknown as AnyFn;
    (owner as Record<keyof T, unknown>)[key] = function (this: unknown, ...args: never[]) {
      return after(original.apply(this, args));
    };
    restore.push(() => { (owner as Record<keyof T, unknown>)[key] = original; });
  };
  for (const k of ['alloc', 'allocUnsafe', 'allocUnsafeSlow', 'concat'] as const) wrap(Buffer, k);
  // Buffer.from(arrayBuffer, …) is a view onto memory already there (sharp wraps a typed
  // array so), not a copy: only Buffer.from of anything else is counted
  const from = Buffer.from;
  (Buffer as unknown as { from: AnyFn }).from = function (this: unknown, ...args: never[]) {
    const made = (from as unknown as AnyFn).apply(this, args);
    if (!(args[0] as unknown instanceof ArrayBuffer)) note(made);
    return made;
  };
  restore.push(() => { Buffer.from = from; });
  const typedArray = Object.getPrototypeOf(Uint8Array.prototype) as { slice: AnyFn };
  wrap(typedArray, 'slice');
  // a copy made as `new Uint8Array(n)` then `.set(source)`: the target is counted
  const set = typedArray as unknown as { set: AnyFn };
  const originalSet = set.set;
  set.set = function (this: unknown, ...args: never[]) { note(this); return originalSet.apply(this, args); };
  restore.push(() => { set.set = originalSet; });
  const g = globalThis as unknown as { structuredClone: AnyFn };
  wrap(g, 'structuredClone', (r) => { note((r as { data?: unknown })?.data ?? r); return r; });
  const proto = Object.getPrototypeOf(sharp()) as { toBuffer: AnyFn };
  wrap(proto, 'toBuffer', (r) => (r instanceof Promise ? r.then((v: unknown) => { note((v as { data?: unknown })?.data ?? v); return v; }) : r));
  try {
    await run();
  } finally {
    for (const undo of restore.reverse()) undo();
  }
  return seen.size;
}
