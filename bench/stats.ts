/** Nearest-rank percentile of an ascending-sorted array (p in 0..100). */
export function percentileOfSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error("percentile of an empty sample");
  const rank = Math.ceil((p / 100) * sorted.length);
  const index = Math.min(sorted.length - 1, Math.max(0, rank - 1));
  return sorted[index] as number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of an empty sample");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Sentences per second over timed batches: sentences answered divided by the time the batches took. */
export function sentencesPerSecond(batches: {
  batchSize: number;
  batchLatenciesMs: readonly number[];
}): number {
  const totalMs = batches.batchLatenciesMs.reduce((sum, ms) => sum + ms, 0);
  return (batches.batchSize * batches.batchLatenciesMs.length * 1000) / totalMs;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new Error("mean of an empty sample");
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  count: number;
}

export function summarizeLatencies(samplesMs: readonly number[]): LatencySummary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return {
    p50: percentileOfSorted(sorted, 50),
    p90: percentileOfSorted(sorted, 90),
    p99: percentileOfSorted(sorted, 99),
    mean: mean(sorted),
    count: sorted.length,
  };
}
