import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { ALARM_PERIOD_SECONDS, alarmSpecs, type AlarmSpec, type MetricSpec } from "./alarm-specs";
import type { AlarmThresholds } from "./config";
import {
  FAILED_INIT_MESSAGES,
  FAILED_INIT_METRIC,
  METRICS_NAMESPACE,
  METRICS_SERVICE_DIMENSION,
} from "./metrics";

export interface AlarmsArgs {
  functionName: pulumi.Input<string>;
  /** The alias the API invokes, and the version just published: what the version alarms watch through it. */
  liveAlias: { name: pulumi.Input<string>; version: pulumi.Input<string> };
  functionLogGroupName: pulumi.Input<string>;
  /** What callers reach: the HTTP API (by its id), or the function URL on `live`. */
  endpoint: { kind: "httpApi"; apiId: pulumi.Input<string> } | { kind: "functionUrl" };
  /** POWERTOOLS_SERVICE_NAME: the dimension of the custom metrics. */
  serviceName: string;
  timeoutSeconds: number;
  thresholds: AlarmThresholds;
  /** Subscribed to a topic created here; or */
  email: string | undefined;
  /** an existing topic to notify instead. */
  topicArn: string | undefined;
}

export interface Alarms {
  topic: aws.sns.Topic | undefined;
  subscription: aws.sns.TopicSubscription | undefined;
  failedInitFilter: aws.cloudwatch.LogMetricFilter;
  alarms: aws.cloudwatch.MetricAlarm[];
  /** The alarms that stop a rollout (the deployment group's), a subset of `alarms`. */
  rolloutAlarms: aws.cloudwatch.MetricAlarm[];
  /** Where the alarms send their notifications, when anywhere. */
  topicArn: pulumi.Output<string> | undefined;
}

/** The JSON filter pattern matching the function's failed-init log line. */
export const FAILED_INIT_PATTERN = `{ ${FAILED_INIT_MESSAGES.map((message) => `$.message = "${message}"`).join(" || ")} }`;

export function createAlarms(name: string, args: AlarmsArgs, opts?: pulumi.CustomResourceOptions): Alarms {
  // With alarmEmail: a topic of the stack's own and the address's subscription (AWS mails a confirmation link).
  // Not encrypted at rest, on purpose. CloudWatch can publish to an encrypted topic only if the key's policy lets
  // cloudwatch.amazonaws.com use it; the AWS-managed aws/sns key's policy cannot be changed, so with it every alarm
  // notification would be dropped. A customer-managed key would work, but costs a key per stack and gives the deploy
  // role kms:CreateKey on "*" (key ARNs are random, not scoped by stack like everything in bootstrap/policies.ts),
  // to protect messages that hold only alarm names, states and thresholds, never request data.
  const topic =
    args.email !== undefined
      ? new aws.sns.Topic(`${name}-topic`, { displayName: "CoLA classifier alarms" }, opts)
      : undefined;
  const subscription =
    topic !== undefined && args.email !== undefined
      ? new aws.sns.TopicSubscription(
          `${name}-topic-email`,
          { topic: topic.arn, protocol: "email", endpoint: args.email },
          opts,
        )
      : undefined;
  const topicArn = topic?.arn ?? (args.topicArn !== undefined ? pulumi.output(args.topicArn) : undefined);

  // Counts the function's failed-init log lines, so an alarm can watch them.
  const failedInitFilter = new aws.cloudwatch.LogMetricFilter(
    `${name}-failed-init`,
    {
      logGroupName: args.functionLogGroupName,
      pattern: FAILED_INIT_PATTERN,
      metricTransformation: {
        namespace: METRICS_NAMESPACE,
        name: FAILED_INIT_METRIC,
        value: "1",
        dimensions: { [METRICS_SERVICE_DIMENSION]: `$.${METRICS_SERVICE_DIMENSION}` },
        unit: "Count",
      },
    },
    opts,
  );

  const dimensionsOf = (spec: MetricSpec): Record<string, pulumi.Input<string>> => {
    switch (spec.subject) {
      case "function":
        return { FunctionName: args.functionName };
      case "api":
        if (args.endpoint.kind !== "httpApi") throw new Error(`${spec.metricName} needs the HTTP API`);
        return { ApiId: args.endpoint.apiId };
      case "url":
        return {
          FunctionName: args.functionName,
          Resource: pulumi.interpolate`${args.functionName}:${args.liveAlias.name}`,
        };
      case "service":
        return { [METRICS_SERVICE_DIMENSION]: args.serviceName };
      case "version":
        return {
          FunctionName: args.functionName,
          Resource: pulumi.interpolate`${args.functionName}:${args.liveAlias.name}`,
          ExecutedVersion: args.liveAlias.version,
        };
    }
  };
  const actions = topicArn !== undefined ? [topicArn] : [];

  // One alarm per spec (infra/alarm-specs.ts); missing data (no traffic) is never an alarm.
  const specs = alarmSpecs(args.thresholds, args.timeoutSeconds, args.endpoint.kind);
  const alarms = specs.map(
    (spec) =>
      new aws.cloudwatch.MetricAlarm(
        `${name}-${spec.kind}`,
        {
          alarmDescription: spec.description,
          comparisonOperator: spec.comparison,
          threshold: spec.threshold,
          evaluationPeriods: 1,
          treatMissingData: "notBreaching",
          alarmActions: actions,
          okActions: actions,
          ...metricOf(spec, dimensionsOf),
        },
        { ...opts, dependsOn: spec.kind === "failed-init" ? [failedInitFilter] : [] },
      ),
  );

  const rolloutAlarms = alarms.filter((_, index) => specs[index]!.stopsRollout);
  return { topic, subscription, failedInitFilter, alarms, rolloutAlarms, topicArn };
}

type Dimensions = (spec: MetricSpec) => Record<string, pulumi.Input<string>>;

/** A single metric's alarm arguments, or metric math's. */
function metricOf(spec: AlarmSpec, dimensionsOf: Dimensions): Partial<aws.cloudwatch.MetricAlarmArgs> {
  if ("expression" in spec.metric) {
    const { expression, metrics } = spec.metric;
    return {
      metricQueries: [
        { id: "rate", expression, label: spec.kind, returnData: true },
        ...Object.entries(metrics).map(([id, metric]) => ({
          id,
          returnData: false,
          metric: {
            namespace: metric.namespace,
            metricName: metric.metricName,
            dimensions: dimensionsOf(metric),
            period: spec.periodSeconds ?? ALARM_PERIOD_SECONDS,
            stat: metric.stat,
          },
        })),
      ],
    };
  }
  const metric = spec.metric;
  const percentile = /^p\d+(\.\d+)?$/.test(metric.stat);
  return {
    namespace: metric.namespace,
    metricName: metric.metricName,
    dimensions: dimensionsOf(metric),
    period: spec.periodSeconds ?? ALARM_PERIOD_SECONDS,
    ...(percentile ? { extendedStatistic: metric.stat } : { statistic: metric.stat }),
  };
}
