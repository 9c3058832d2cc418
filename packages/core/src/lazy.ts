/**
 * A resource made on first use and disposed once: the backends front ends create for their
 * users (the sharp plugin's default Inpainter and its per-model ones, a queue worker
 * thread's Inpainter, the gulp plugin's own pool). A failed creation is not kept: the next
 * get() tries again (a model file put in place later, a transient error).
 */

export interface Lazy<T> {
  /** The resource, created on the first call (concurrent first calls share one creation). */
  get(): Promise<T>;
  /** Whether a creation has started and not failed. */
  readonly created: boolean;
  /** Dispose the resource if it was created; get() afterwards creates a new one. */
  dispose(): Promise<void>;
}

/**
 * @example
 * const backend = lazy(() => Inpainter.create({ model: 'big.onnx' }), (i) => i.dispose());
 * const out = await (await backend.get()).inpaint(image, mask);
 * await backend.dispose();
 */
export function lazy<T>(create: () => Promise<T>, dispose: (value: T) => Promise<void>): Lazy<T> {
  let value: Promise<T> | null = null;
  return {
    get() {
      value ??= create().catch((e: unknown) => {
        value = null;
        throw e;
      });
      return value;
    },
    get created() {
      return value !== null;
    },
    async dispose() {
      const pending = value;
      value = null;
      if (pending === null) return;
      const made = await pending.then((v) => ({ v }), () => null); // a failed creation has nothing to dispose
      if (made) await dispose(made.v);
    },
  };
}
