// The machine a benchmark ran on, stored beside its numbers.
import { arch, availableParallelism, cpus, platform, release, totalmem } from 'node:os';

export function machine() {
  return { cpu: cpus()[0]?.model.trim(), cores: availableParallelism(), memoryGiB: Math.round(totalmem() / 2 ** 30), os: `${platform()} ${release()} ${arch()}`, node: process.version };
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const round = (v, d = 2) => Math.round(v * 10 ** d) / 10 ** d;
