/**
 * AWS Lambda on-demand prices as published on https://aws.amazon.com/lambda/pricing/ for US East (N. Virginia),
 * first duration tier (first 6 billion GB-seconds a month for x86, 7.5 billion for Arm), free tier ignored.
 * Duration is billed per invocation, rounded up to the next millisecond; GB is memory MB / 1024.
 */
export const lambdaPrices = {
  region: "us-east-1 (US East, N. Virginia)",
  basis:
    "AWS's published Lambda prices (aws.amazon.com/lambda/pricing), on-demand, first duration tier, free tier not deducted; written into bench/lambda-pricing.ts, not fetched: update them there if AWS changes them",
  requestUsdPerMillion: 0.2,
  x86UsdPerGbSecond: 0.0000166667,
  armUsdPerGbSecond: 0.0000133334,
} as const;

/** Billed duration: each invocation's own duration rounded up to the next whole millisecond. */
export function billedMs(durationsMs: readonly number[]): number {
  if (durationsMs.length === 0) throw new Error("billedMs of no durations");
  return durationsMs.reduce((sum, d) => sum + Math.max(1, Math.ceil(d)), 0) / durationsMs.length;
}

/** USD per million requests at `memoryMb` when invocations take `meanBilledMs` each (requests + duration). */
export function usdPerMillionRequests(
  memoryMb: number,
  meanBilledMs: number,
  usdPerGbSecond: number,
): number {
  const gbSeconds = (memoryMb / 1024) * (meanBilledMs / 1000);
  return lambdaPrices.requestUsdPerMillion + gbSeconds * usdPerGbSecond * 1_000_000;
}
