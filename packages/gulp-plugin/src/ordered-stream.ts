/**
 * The stream side of the plugin (gulp's guidelines): object mode, null files passed
 * through, streaming contents refused, at most `concurrency` files in flight, results in
 * the order the files came, each failure emitted in its turn.
 */
import { Transform } from 'node:stream';
import type Vinyl from 'vinyl';

export interface OrderedStreamOptions {
  readonly concurrency: number;
  /** Work on one Buffer file; a rejection ends the stream with that error. */
  readonly work: (file: Vinyl) => Promise<Vinyl>;
  /** The error for a file with streaming contents. */
  readonly refuseStream: (file: Vinyl) => Error;
  /** Called once the stream ends or is destroyed (release what `work` made). */
  readonly dispose: () => Promise<void>;
}

/**
 * An object-mode Transform that runs `work` on each Buffer file, in order, bounded.
 * @example
 * const stream = orderedStream({ concurrency: 4, work: async (f) => f, refuseStream: () => new Error('no streams'), dispose: async () => {} });
 */
export function orderedStream(o: OrderedStreamOptions): Transform {
  const pending: Promise<Vinyl>[] = [];
  const drainOne = async (stream: Transform): Promise<void> => {
    const next = pending.shift();
    if (next) stream.push(await next);
  };
  return new Transform({
    objectMode: true,
    highWaterMark: o.concurrency,
    transform(file: Vinyl, _enc, callback) {
      if (file.isNull()) {
        pending.push(Promise.resolve(file));
      } else if (file.isStream()) {
        callback(o.refuseStream(file));
        return;
      } else {
        const job = o.work(file);
        job.catch(() => undefined); // reported when its turn comes
        pending.push(job);
      }
      if (pending.length < o.concurrency) {
        callback();
        return;
      }
      drainOne(this).then(() => callback(), (e: Error) => callback(e));
    },
    flush(callback) {
      const drainAll = async (): Promise<void> => {
        while (pending.length > 0) await drainOne(this);
      };
      drainAll().then(() => o.dispose()).then(() => callback(), (e: Error) => { void o.dispose(); callback(e); });
    },
    destroy(err, callback) {
      o.dispose().then(() => callback(err), () => callback(err));
    },
  });
}
