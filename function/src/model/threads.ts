import type { InferenceSession } from "onnxruntime-node";

/** Lambda grants the equivalent of one vCPU per 1,769 MB of memory, in proportion below and above. */
export const MEGABYTES_PER_VCPU = 1769;

/** Lambda's largest memory size: its vCPU count is the most a function can be granted. */
const LARGEST_MEMORY_MB = 10_240;

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
 * Session options for a function of `memoryMb` (undefined outside Lambda: one thread, as at the default size).
 * Spinning is off: an idle worker that spins after each run burns quota the next request needs, and on a
 * single-sentence run the work is too small for a spin to save a wake-up worth having. With one thread there is
 * no worker at all, so the key then changes nothing.
 *
 * @example
 * sessionOptionsForMemory(3538)
 * // { intraOpNumThreads: 2, interOpNumThreads: 1, graphOptimizationLevel: "all",
 * //   extra: { session: { intra_op: { allow_spinning: "0" } } } }
 */
export function sessionOptionsForMemory(memoryMb: number | undefined): InferenceSession.SessionOptions {
  return {
    intraOpNumThreads: memoryMb === undefined ? 1 : intraOpThreads(memoryMb),
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
