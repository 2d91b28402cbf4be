import type { InferenceSession } from "onnxruntime-node";

/** Lambda grants the equivalent of one vCPU per 1,769 MB of memory, in proportion below and above. */
export const MEGABYTES_PER_VCPU = 1769;

/** Lambda's largest memory size: its vCPU count is the most a function can be granted. */
const LARGEST_MEMORY_MB = 10_240;

/**
 * The smallest run, in tokens (rows × padded sequence length), that goes to the multi-thread session. Below it,
 * waking a sleeping worker costs more than the split saves, so small runs keep the one-thread session's latency
 * and CPU. Chosen from `npm run bench:threads` at two vCPUs (docs/benchmarks.md, "Threads by work size").
 */
export const PARALLEL_MIN_TOKENS = 256;

/**
 * onnxruntime's intra-op threads for the memory Lambda grants: one per whole vCPU, at least one. Below two vCPUs a
 * second thread only takes quota from the first: the process gets at most one vCPU-second per second whatever
 * number of cores it sees.
 */
export function intraOpThreads(memoryMb: number): number {
  if (!Number.isFinite(memoryMb) || memoryMb <= 0)
    throw new RangeError(`memory size ${memoryMb} MB is not positive`);
  return Math.max(1, Math.floor(Math.min(memoryMb, LARGEST_MEMORY_MB) / MEGABYTES_PER_VCPU));
}

/**
 * The intra-op threads of each session a function of `memoryMb` loads (undefined outside Lambda: as at the
 * default size). Below two vCPUs one session; from two, a one-thread session for small runs and one with a thread
 * per vCPU for large ones (see `PARALLEL_MIN_TOKENS`).
 *
 * @example
 * sessionThreads(1769); // [1]
 * sessionThreads(3538); // [1, 2]
 */
export function sessionThreads(memoryMb: number | undefined): [1] | [1, number] {
  const threads = memoryMb === undefined ? 1 : intraOpThreads(memoryMb);
  return threads === 1 ? [1] : [1, threads];
}

/** Whether a run of `rows` rows of `sequence` tokens is large enough for the multi-thread session. */
export function runsInParallel(rows: number, sequence: number): boolean {
  return rows * sequence >= PARALLEL_MIN_TOKENS;
}

/**
 * Session options for `threads` intra-op threads. Spinning is off: an idle worker that spins after each run burns
 * quota the next request needs. With one thread there is no worker at all, so the key then changes nothing.
 *
 * @example
 * sessionOptions(2)
 * // { intraOpNumThreads: 2, interOpNumThreads: 1, graphOptimizationLevel: "all",
 * //   extra: { session: { intra_op: { allow_spinning: "0" } } } }
 */
export function sessionOptions(threads: number): InferenceSession.SessionOptions {
  return {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: "all",
    // onnxruntime-node passes `extra` entries to the session config by their dotted key.
    extra: { session: { intra_op: { allow_spinning: "0" } } },
  };
}

/** The memory size Lambda sets in `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`; undefined when absent or not a size. */
export function lambdaMemoryMb(
  environment: Readonly<Record<string, string | undefined>>,
): number | undefined {
  const raw = environment.AWS_LAMBDA_FUNCTION_MEMORY_SIZE?.trim() ?? "";
  return /^\d+$/.test(raw) && Number(raw) > 0 ? Number(raw) : undefined;
}
