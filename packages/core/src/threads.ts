/**
 * How the machine's cores are shared among workers: the one rule every pool of threads
 * uses (core's InpaintPool, the queue's worker threads), so a pool of N workers with one
 * onnxruntime session each does not ask for N times the cores.
 */
import { availableParallelism } from 'node:os';

/**
 * onnxruntime threads for each of `workers` workers sharing `cores` cores: the cores split
 * evenly, at least one each.
 * @example
 * threadsPerWorker(4, 16); // 4
 * threadsPerWorker(3);     // max(1, floor(cores / 3)) on this machine
 */
export function threadsPerWorker(workers: number, cores: number = availableParallelism()): number {
  return Math.max(1, Math.floor(cores / workers));
}
