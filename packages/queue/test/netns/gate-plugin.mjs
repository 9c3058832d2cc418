/**
 * A plugin for the multi-host tests (by module, as `inpaint worker --plugin` loads one): the
 * first image its job thread in-paints is held in the composite stage, after the model ran
 * and before anything is written, until the file `gate` exists (at most `maxMs`); it writes
 * `held` (with its pid) when it starts holding. The held image's holes are painted with
 * `value`, so an output written by the held job differs from every other worker's.
 *
 * @param {{ gate: string, held: string, value: number, maxMs?: number }} o
 */
import { existsSync, writeFileSync } from 'node:fs';

export default function gate(o) {
  let holding = true;
  return {
    name: 'gate',
    apply(inpainter) {
      inpainter.hooks.composite.tap('Gate', ({ window: w, output }, ctx) => {
        if (!holding) return;
        writeFileSync(o.held, String(process.pid));
        const sleeper = new Int32Array(new SharedArrayBuffer(4));
        const until = Date.now() + (o.maxMs ?? 60_000);
        while (!existsSync(o.gate) && Date.now() < until) Atomics.wait(sleeper, 0, 0, 50);
        holding = false;
        for (let y = w.fill.y0; y < w.fill.y1; y++) {
          for (let x = w.fill.x0; x < w.fill.x1; x++) {
            const i = y * output.width + x;
            if (ctx.mask.data[i] !== 0) for (let c = 0; c < output.channels; c++) output.data[i * output.channels + c] = o.value;
          }
        }
      });
    },
  };
}
