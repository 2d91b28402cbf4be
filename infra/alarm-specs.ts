/**
 * What each alarm watches, as plain data (tested beside it): infra/alarms.ts turns every spec into a CloudWatch
 * alarm on the stack's function or API. Each compares one 5-minute period.
 */
import type { AlarmThresholds } from "./config";
import { FAILED_INIT_METRIC, METRICS_NAMESPACE } from "./metrics";

/** Seconds each alarm looks at. */
export const ALARM_PERIOD_SECONDS = 300;

/** Whose dimensions a metric takes: the function's name, the API's id, or the service name (custom metrics). */
type AlarmSubject = "function" | "api" | "service";

export interface MetricSpec {
  namespace: string;
  metricName: string;
  subject: AlarmSubject;
  /** "Sum", or a percentile such as "p99". */
  stat: string;
}

export interface AlarmSpec {
  /** Part of the alarm's logical name. */
  kind: string;
  description: string;
  threshold: number;
  comparison: "GreaterThanOrEqualToThreshold" | "GreaterThanThreshold";
  /** One metric, or a metric math expression over named metrics. */
  metric: MetricSpec | { expression: string; metrics: Record<string, MetricSpec> };
}

const lambda = (metricName: string, stat: string): MetricSpec => ({
  namespace: "AWS/Lambda",
  metricName,
  subject: "function",
  stat,
});
const api = (metricName: string, stat: string): MetricSpec => ({
  namespace: "AWS/ApiGateway",
  metricName,
  subject: "api",
  stat,
});

export function alarmSpecs(thresholds: AlarmThresholds, timeoutSeconds: number): AlarmSpec[] {
  const durationLimitMs = Math.round((timeoutSeconds * 1000 * thresholds.durationPercentOfTimeout) / 100);
  return [
    {
      kind: "errors",
      description: `The function failed ${thresholds.functionErrors} or more invocations in 5 minutes`,
      threshold: thresholds.functionErrors,
      comparison: "GreaterThanOrEqualToThreshold",
      metric: lambda("Errors", "Sum"),
    },
    {
      kind: "throttles",
      description: `${thresholds.throttles} or more invocations were throttled in 5 minutes`,
      threshold: thresholds.throttles,
      comparison: "GreaterThanOrEqualToThreshold",
      metric: lambda("Throttles", "Sum"),
    },
    {
      kind: "duration",
      description:
        `p99 duration above ${thresholds.durationPercentOfTimeout} % of the ${timeoutSeconds} s timeout ` +
        `(${durationLimitMs} ms)`,
      threshold: durationLimitMs,
      comparison: "GreaterThanThreshold",
      metric: lambda("Duration", "p99"),
    },
    {
      kind: "api-5xx",
      description: `More than ${thresholds.api5xxPercent} % of API requests answered 5xx in 5 minutes`,
      threshold: thresholds.api5xxPercent,
      comparison: "GreaterThanThreshold",
      metric: {
        expression: "100 * errors / requests",
        metrics: { errors: api("5xx", "Sum"), requests: api("Count", "Sum") },
      },
    },
    {
      kind: "api-latency",
      description: `API p99 latency above ${thresholds.apiLatencyP99Ms} ms`,
      threshold: thresholds.apiLatencyP99Ms,
      comparison: "GreaterThanThreshold",
      metric: api("Latency", "p99"),
    },
    {
      kind: "failed-init",
      description: "An execution environment failed to load the model (the function's init failed)",
      threshold: 1,
      comparison: "GreaterThanOrEqualToThreshold",
      metric: {
        namespace: METRICS_NAMESPACE,
        metricName: FAILED_INIT_METRIC,
        subject: "service",
        stat: "Sum",
      },
    },
  ];
}
