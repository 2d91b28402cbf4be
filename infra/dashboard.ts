import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { CUSTOM_METRICS, METRICS_NAMESPACE, METRICS_SERVICE_DIMENSION } from "./metrics";

export interface DashboardTargets {
  region: string;
  functionName: string;
  /** The HTTP API's id, or the function URL's alias (its metrics' Resource is "<function>:<alias>"). */
  endpoint: { kind: "httpApi"; apiId: string } | { kind: "functionUrl"; aliasName: string };
  serviceName: string;
}

type MetricLine = Array<string | { stat: string; label?: string }>;

interface Widget {
  type: "metric";
  width: number;
  height: number;
  properties: { title: string; region: string; period: number; view: "timeSeries"; metrics: MetricLine[] };
}

/** Lines of one namespace and dimensions: `(metric, stat, label?)` → a dashboard metric line. */
function metricLines(namespace: string, dimensions: Record<string, string>) {
  return (metric: string, stat: string, label?: string): MetricLine => [
    namespace,
    metric,
    ...Object.entries(dimensions).flat(),
    { stat, ...(label ? { label } : {}) },
  ];
}

/** The endpoint's two widgets: latency, then requests with their 4xx and 5xx. */
function endpointWidgets(
  targets: DashboardTargets,
  widget: (title: string, metrics: MetricLine[]) => Widget,
) {
  if (targets.endpoint.kind === "functionUrl") {
    // https://docs.aws.amazon.com/lambda/latest/dg/urls-monitoring.html: Resource picks the URL on the alias.
    const url = metricLines("AWS/Lambda", {
      FunctionName: targets.functionName,
      Resource: `${targets.functionName}:${targets.endpoint.aliasName}`,
    });
    return [
      widget("Function URL latency (ms)", [
        url("UrlRequestLatency", "p50", "p50"),
        url("UrlRequestLatency", "p99", "p99"),
      ]),
      widget("Function URL requests, 4xx and 5xx", [
        url("UrlRequestCount", "Sum", "requests"),
        url("Url4xxCount", "Sum", "4xx"),
        url("Url5xxCount", "Sum", "5xx"),
      ]),
    ];
  }
  const api = metricLines("AWS/ApiGateway", { ApiId: targets.endpoint.apiId });
  return [
    widget("API latency (ms)", [api("Latency", "p50", "p50"), api("Latency", "p99", "p99")]),
    widget("API requests, 4xx and 5xx", [
      api("Count", "Sum", "requests"),
      api("4xx", "Sum"),
      api("5xx", "Sum"),
    ]),
  ];
}

/** The dashboard's widgets, two per row: the function, the custom metrics, then the endpoint (API or URL). */
export function dashboardBody(targets: DashboardTargets): { widgets: Widget[] } {
  const fn = metricLines("AWS/Lambda", { FunctionName: targets.functionName });
  const custom = metricLines(METRICS_NAMESPACE, { [METRICS_SERVICE_DIMENSION]: targets.serviceName });
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
      ...endpointWidgets(targets, widget),
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
  endpoint:
    | { kind: "httpApi"; apiId: pulumi.Input<string> }
    | { kind: "functionUrl"; aliasName: pulumi.Input<string> };
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
        .all([region, args.functionName, pulumi.output(args.endpoint)])
        .apply(([region, functionName, endpoint]) =>
          JSON.stringify(dashboardBody({ region, functionName, endpoint, serviceName: args.serviceName })),
        ),
    },
    opts,
  );
  const url = pulumi.all([region, dashboard.dashboardName]).apply(([r, n]) => dashboardUrl(r, n));
  return { dashboard, url };
}
