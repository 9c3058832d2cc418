/**
 * How a batch reports: a progress bar (count, rate, ETA) on a terminal; one plain line
 * per file when not a TTY; one JSON object per file (and a summary) with --json.
 */
import cliProgress from 'cli-progress';
import type { FileRecord, Summary } from './records.js';

export interface Reporter {
  start(total: number): void;
  file(record: FileRecord): void;
  finish(summary: Summary): void;
}

export type ReportMode = 'bar' | 'lines' | 'json';

/**
 * @example
 * const mode = reportMode(flags.json === true); // 'json', 'bar' on a TTY, else 'lines'
 */
export function reportMode(json: boolean, stream: NodeJS.WriteStream = process.stderr): ReportMode {
  if (json) return 'json';
  return stream.isTTY ? 'bar' : 'lines';
}

function line(r: FileRecord): string {
  const what = r.status === 'ok' ? `-> ${r.output}` : r.reason ?? '';
  return `${r.status.padEnd(7)} ${r.input} ${what}${r.status === 'ok' ? ` (${Math.round(r.ms)} ms)` : ''}${r.warnings.length ? ` [${r.warnings.join('; ')}]` : ''}`;
}

function summaryLine(s: Summary): string {
  return `${s.ok} done, ${s.skipped} skipped, ${s.failed} failed of ${s.total} in ${s.seconds} s (${s.imagesPerSecond}/s)`;
}

/**
 * @example
 * const reporter = createReporter('lines');
 * reporter.start(10); reporter.file(record); reporter.finish(summary);
 */
export function createReporter(mode: ReportMode, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Reporter {
  if (mode === 'json') {
    return {
      start: () => undefined,
      file: (r) => out.write(`${JSON.stringify({ type: 'file', ...r })}\n`),
      finish: (s) => out.write(`${JSON.stringify({ type: 'summary', ...s })}\n`),
    };
  }
  if (mode === 'lines') {
    return {
      start: (total) => err.write(`${total} image(s)\n`),
      file: (r) => out.write(`${line(r)}\n`),
      finish: (s) => err.write(`${summaryLine(s)}\n`),
    };
  }
  const bar = new cliProgress.SingleBar({
    format: 'inpaint |{bar}| {value}/{total} images | {rate}/s | ETA {eta_formatted} | {failed} failed',
    hideCursor: true,
    stream: err,
  }, cliProgress.Presets.shades_classic);
  const started = Date.now();
  let failed = 0;
  const problems: FileRecord[] = [];
  return {
    start: (total) => bar.start(total, 0, { rate: '0.0', failed: 0 }),
    file: (r) => {
      if (r.status === 'failed') { failed++; problems.push(r); }
      const rate = (bar.getProgress() * bar.getTotal() + 1) / Math.max(0.001, (Date.now() - started) / 1000);
      bar.increment(1, { rate: rate.toFixed(1), failed });
    },
    finish: (s) => {
      bar.stop();
      for (const p of problems) err.write(`${line(p)}\n`);
      err.write(`${summaryLine(s)}\n`);
    },
  };
}
