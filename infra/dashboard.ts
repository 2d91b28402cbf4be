import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { CUSTOM_METRICS, METRICS_NAMESPACE, METRICS_SERVICE_DIMENSION } from "./metrics";

export interface DashboardTargets {
  region: string;
  functionName: string;
  apiId: string;
  serviceName: string;
}

type MetricLine = Array<string | { stat: string; label?: string }>;

interface Widget {
  type: "metric";
  width: number;
  height: number;
  properties: { title: string; region: string; period: number; view: "timeSeries"; metrics: MetricLine[] };
}

/** Lines of one namespace and dimension: `(metric, stat, label?)` → a dashboard metric line. */
function metricLines(namespace: string, dimension: string, value: string) {
  return (metric: string, stat: string, label?: string): MetricLine => [
    namespace,
    metric,
    dimension,
    value,
    { stat, ...(label ? { label } : {}) },
  ];
}

/** The dashboard's widgets, two per row: the function, the custom metrics, then the API. */
export function dashboardBody(targets: DashboardTargets): { widgets: Widget[] } {
  const fn = metricLines("AWS/Lambda", "FunctionName", targets.functionName);
  const custom = metricLines(METRICS_NAMESPACE, METRICS_SERVICE_DIMENSION, targets.serviceName);
  const api = metricLines("AWS/ApiGateway", "ApiId", targets.apiId);
  const widget = (title: string, metrics: MetricLine[]): Widget => ({
    type: "metric",
    width: 12,
    height: 6,
    properties: { title, region: targets.region, period: 300, view: "timeSeries", metrics },
  });
  return {
    widgets: [
      widget("Invocations", [fn("Invocations", "Sum")]),
      widget("Duration (ms)", [fn("Duration", "p50", "p50"), fn("Duration", "p99", "p99")]),
      widget("Errors and throttles", [fn("Errors", "Sum"), fn("Throttles", "Sum")]),
      widget("Concurrent executions", [fn("ConcurrentExecutions", "Maximum")]),
      widget("Cold starts", [custom(CUSTOM_METRICS.coldStart, "Sum")]),
      widget("Inference time (ms) and batch size", [
        custom(CUSTOM_METRICS.inferenceTime, "p50", "inference p50"),
        custom(CUSTOM_METRICS.inferenceTime, "p99", "inference p99"),
        custom(CUSTOM_METRICS.batchSize, "Average", "sentences per request"),
      ]),
      widget("API latency (ms)", [api("Latency", "p50", "p50"), api("Latency", "p99", "p99")]),
      widget("API requests, 4xx and 5xx", [
        api("Count", "Sum", "requests"),
        api("4xx", "Sum"),
        api("5xx", "Sum"),
      ]),
    ],
  };
}

/** The console address of a dashboard. */
export function dashboardUrl(region: string, dashboardName: string): string {
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${encodeURIComponent(dashboardName)}`;
}

export interface DashboardArgs {
  dashboardName: string;
  functionName: pulumi.Input<string>;
  apiId: pulumi.Input<string>;
  serviceName: string;
}

export function createDashboard(
  name: string,
  args: DashboardArgs,
  opts?: pulumi.CustomResourceOptions,
): { dashboard: aws.cloudwatch.Dashboard; url: pulumi.Output<string> } {
  const region = aws.getRegionOutput({}, { parent: opts?.parent }).region;
  // The stack's CloudWatch dashboard.
  const dashboard = new aws.cloudwatch.Dashboard(
    name,
    {
      dashboardName: args.dashboardName,
      dashboardBody: pulumi
        .all([region, args.functionName, args.apiId])
        .apply(([region, functionName, apiId]) =>
          JSON.stringify(dashboardBody({ region, functionName, apiId, serviceName: args.serviceName })),
        ),
    },
    opts,
  );
  const url = pulumi.all([region, dashboard.dashboardName]).apply(([r, n]) => dashboardUrl(r, n));
  return { dashboard, url };
}
