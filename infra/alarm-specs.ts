/**
 * What each alarm watches, as plain data (tested beside it): infra/alarms.ts turns every spec into a CloudWatch
 * alarm on the stack's function or API. Each compares one 5-minute period, except the two that judge a rollout's new
 * version (1 minute).
 */
import type { AlarmThresholds, Endpoint } from "./config";
import { FAILED_INIT_METRIC, METRICS_NAMESPACE } from "./metrics";

/** Seconds each alarm looks at. */
export const ALARM_PERIOD_SECONDS = 300;

/** Seconds the alarms that judge a rollout look at: a canary's 5 minutes hold several of their periods. */
export const VERSION_ALARM_PERIOD_SECONDS = 60;

/**
 * Whose dimensions a metric takes: the function's name, the API's id, the service name (custom metrics), or the
 * version the `live` alias executed (FunctionName, Resource "<function>:live", ExecutedVersion: the version just
 * published), which tells a canary's errors from the old version's; or the function URL on `live` (FunctionName,
 * Resource "<function>:live"), as https://docs.aws.amazon.com/lambda/latest/dg/urls-monitoring.html names its metrics.
 */
type AlarmSubject = "function" | "api" | "url" | "service" | "version";

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
  /** Seconds per period; ALARM_PERIOD_SECONDS unless set. */
  periodSeconds?: number;
  /** The CodeDeploy deployment group watches it: in ALARM, it stops a rollout, which then rolls back. */
  stopsRollout: boolean;
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

const url = (metricName: string, stat: string): MetricSpec => ({
  namespace: "AWS/Lambda",
  metricName,
  subject: "url",
  stat,
});

const version = (metricName: string, stat: string): MetricSpec => ({
  namespace: "AWS/Lambda",
  metricName,
  subject: "version",
  stat,
});

/** The endpoint's two alarms: 5xx share (which stops a rollout) and p99 latency, on the API's or the URL's metrics. */
function endpointSpecs(thresholds: AlarmThresholds, endpoint: Endpoint): AlarmSpec[] {
  if (endpoint === "functionUrl") {
    return [
      {
        kind: "url-5xx",
        description: `More than ${thresholds.api5xxPercent} % of function URL requests answered 5xx in 5 minutes`,
        threshold: thresholds.api5xxPercent,
        comparison: "GreaterThanThreshold",
        metric: {
          expression: "100 * errors / requests",
          metrics: { errors: url("Url5xxCount", "Sum"), requests: url("UrlRequestCount", "Sum") },
        },
        // What callers see, whichever version answered: the canary's share included.
        stopsRollout: true,
      },
      {
        kind: "url-latency",
        description: `Function URL p99 latency above ${thresholds.apiLatencyP99Ms} ms`,
        threshold: thresholds.apiLatencyP99Ms,
        comparison: "GreaterThanThreshold",
        metric: url("UrlRequestLatency", "p99"),
        stopsRollout: false,
      },
    ];
  }
  return [
    {
      kind: "api-5xx",
      description: `More than ${thresholds.api5xxPercent} % of API requests answered 5xx in 5 minutes`,
      threshold: thresholds.api5xxPercent,
      comparison: "GreaterThanThreshold",
      metric: {
        expression: "100 * errors / requests",
        metrics: { errors: api("5xx", "Sum"), requests: api("Count", "Sum") },
      },
      // What callers see, whichever version answered: the canary's share included.
      stopsRollout: true,
    },
    {
      kind: "api-latency",
      description: `API p99 latency above ${thresholds.apiLatencyP99Ms} ms`,
      threshold: thresholds.apiLatencyP99Ms,
      comparison: "GreaterThanThreshold",
      metric: api("Latency", "p99"),
      stopsRollout: false,
    },
  ];
}

export function alarmSpecs(
  thresholds: AlarmThresholds,
  timeoutSeconds: number,
  endpoint: Endpoint,
): AlarmSpec[] {
  const durationLimitMs = Math.round((timeoutSeconds * 1000 * thresholds.durationPercentOfTimeout) / 100);
  return [
    {
      kind: "errors",
      description: `The function failed ${thresholds.functionErrors} or more invocations in 5 minutes`,
      threshold: thresholds.functionErrors,
      comparison: "GreaterThanOrEqualToThreshold",
      metric: lambda("Errors", "Sum"),
      stopsRollout: false,
    },
    {
      kind: "throttles",
      description: `${thresholds.throttles} or more invocations were throttled in 5 minutes`,
      threshold: thresholds.throttles,
      comparison: "GreaterThanOrEqualToThreshold",
      metric: lambda("Throttles", "Sum"),
      stopsRollout: false,
    },
    {
      kind: "duration",
      description:
        `p99 duration above ${thresholds.durationPercentOfTimeout} % of the ${timeoutSeconds} s timeout ` +
        `(${durationLimitMs} ms)`,
      threshold: durationLimitMs,
      comparison: "GreaterThanThreshold",
      metric: lambda("Duration", "p99"),
      stopsRollout: false,
    },
    ...endpointSpecs(thresholds, endpoint),
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
      stopsRollout: false,
    },
    // The version being rolled out, through `live`: each minute, so a canary's first bad minute stops it.
    {
      kind: "version-errors",
      description:
        `The version being rolled out failed ${thresholds.functionErrors} or more invocations in 1 minute ` +
        `(through the live alias)`,
      threshold: thresholds.functionErrors,
      comparison: "GreaterThanOrEqualToThreshold",
      metric: version("Errors", "Sum"),
      periodSeconds: VERSION_ALARM_PERIOD_SECONDS,
      stopsRollout: true,
    },
    {
      kind: "version-duration",
      description:
        `The version being rolled out: p99 duration above ${thresholds.durationPercentOfTimeout} % of the ` +
        `${timeoutSeconds} s timeout (${durationLimitMs} ms) in 1 minute`,
      threshold: durationLimitMs,
      comparison: "GreaterThanThreshold",
      metric: version("Duration", "p99"),
      periodSeconds: VERSION_ALARM_PERIOD_SECONDS,
      stopsRollout: true,
    },
  ];
}
