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
  /** Provisioned concurrency: per GB-second configured, and the lower duration price of requests it serves. */
  provisioned: {
    x86UsdPerGbSecond: 0.0000041667,
    x86DurationUsdPerGbSecond: 0.0000097222,
    armUsdPerGbSecond: 0.0000033334,
    armDurationUsdPerGbSecond: 0.0000077778,
  },
} as const;

/**
 * The other services a request or a stack pays for, as published for us-east-1 (first tiers, free tiers not
 * deducted): https://aws.amazon.com/api-gateway/pricing/ (HTTP API requests, first 300 million a month, metered
 * in 512 KB increments), https://aws.amazon.com/lambda/pricing/ (a function URL adds no fee of its own) and
 * https://aws.amazon.com/cloudwatch/pricing/ (logs ingestion, custom metrics per month for the first 10,000,
 * alarms per alarm metric per month, dashboards per month beyond the 3 free ones).
 */
export const servicePrices = {
  region: lambdaPrices.region,
  httpApiUsdPerMillion: 1.0,
  functionUrlUsdPerMillion: 0,
  logsIngestionUsdPerGb: 0.5,
  customMetricUsdPerMonth: 0.3,
  standardAlarmMetricUsdPerMonth: 0.1,
  highResolutionAlarmMetricUsdPerMonth: 0.3,
  dashboardUsdPerMonth: 3.0,
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
