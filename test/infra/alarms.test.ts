import { MOCK_REGION, valueOf } from "../setup/pulumi-mocks";
import * as assert from "node:assert/strict";
import { ALARM_PERIOD_SECONDS, VERSION_ALARM_PERIOD_SECONDS } from "../../infra/alarm-specs";
import { FAILED_INIT_PATTERN } from "../../infra/alarms";
import { dashboardUrl } from "../../infra/dashboard";
import {
  buildStack,
  cliStackConfig,
  onlyResourceOfType,
  resourcesOfType,
  type BuiltStack,
} from "./stack-fixtures";

interface AlarmInputs {
  alarmDescription: string;
  namespace?: string;
  metricName?: string;
  dimensions?: Record<string, string>;
  statistic?: string;
  extendedStatistic?: string;
  period?: number;
  threshold: number;
  comparisonOperator: string;
  evaluationPeriods: number;
  treatMissingData: string;
  alarmActions: string[];
  okActions: string[];
  metricQueries?: Array<{
    id: string;
    expression?: string;
    returnData: boolean;
    metric?: { namespace: string; metricName: string; stat: string; dimensions: Record<string, string> };
  }>;
}

/** The alarms by kind (the end of their logical names). */
function alarmsOf(built: BuiltStack): Map<string, AlarmInputs> {
  return new Map(
    resourcesOfType(built.resources, "aws:cloudwatch/metricAlarm:MetricAlarm").map((alarm) => [
      alarm.name.replace(/^cola-test-alarm-/, ""),
      alarm.inputs as unknown as AlarmInputs,
    ]),
  );
}

describe("alarms (dev settings: 15 s timeout, Pulumi.yaml's thresholds)", () => {
  let built: BuiltStack;
  let alarms: Map<string, AlarmInputs>;
  let functionName: string;
  let apiId: string;
  before(async () => {
    built = await buildStack(cliStackConfig("dev"));
    alarms = alarmsOf(built);
    functionName = await valueOf(built.stack.fn.fn.name);
    apiId = await valueOf(built.stack.http!.api.id);
  });

  it("creates the eight alarms, quiet when there is no traffic", () => {
    assert.deepEqual([...alarms.keys()].sort(), [
      "api-5xx",
      "api-latency",
      "duration",
      "errors",
      "failed-init",
      "throttles",
      "version-duration",
      "version-errors",
    ]);
    for (const [kind, alarm] of alarms) {
      assert.equal(alarm.evaluationPeriods, 1, kind);
      assert.equal(alarm.treatMissingData, "notBreaching", kind);
      assert.ok(alarm.alarmDescription.length > 0, kind);
    }
  });

  const single: Array<[string, string, string, string, number, string]> = [
    // kind, namespace, metric, statistic, threshold, comparison
    ["errors", "AWS/Lambda", "Errors", "Sum", 1, "GreaterThanOrEqualToThreshold"],
    ["throttles", "AWS/Lambda", "Throttles", "Sum", 1, "GreaterThanOrEqualToThreshold"],
    // 80 % of the 15 s timeout.
    ["duration", "AWS/Lambda", "Duration", "p99", 12_000, "GreaterThanThreshold"],
    ["api-latency", "AWS/ApiGateway", "Latency", "p99", 5000, "GreaterThanThreshold"],
    ["failed-init", "ColaServerless", "FailedInit", "Sum", 1, "GreaterThanOrEqualToThreshold"],
  ];
  for (const [kind, namespace, metric, stat, threshold, comparison] of single) {
    it(`${kind}: ${namespace} ${metric} ${stat} against ${threshold}`, () => {
      const alarm = alarms.get(kind)!;
      assert.equal(alarm.namespace, namespace);
      assert.equal(alarm.metricName, metric);
      assert.equal(alarm.extendedStatistic ?? alarm.statistic, stat);
      assert.equal(
        stat.startsWith("p") ? alarm.statistic : alarm.extendedStatistic,
        undefined,
        "one of the two",
      );
      assert.equal(alarm.period, ALARM_PERIOD_SECONDS);
      assert.equal(alarm.threshold, threshold);
      assert.equal(alarm.comparisonOperator, comparison);
    });
  }

  it("each alarm watches this stack's function, API or service", () => {
    assert.deepEqual(alarms.get("errors")!.dimensions, { FunctionName: functionName });
    assert.deepEqual(alarms.get("api-latency")!.dimensions, { ApiId: apiId });
    assert.deepEqual(alarms.get("failed-init")!.dimensions, { service: "cola-serverless-test" });
  });

  it("the version alarms watch the version just published through live (ExecutedVersion), per minute", async () => {
    // https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics.html: ExecutedVersion, with FunctionName and
    // Resource "<function>:<alias>", tells apart the versions a weighted alias runs.
    const version = await valueOf(built.stack.fn.version);
    for (const [kind, metric, stat, threshold] of [
      ["version-errors", "Errors", "Sum", 1],
      ["version-duration", "Duration", "p99", 12_000],
    ] as const) {
      const alarm = alarms.get(kind)!;
      assert.deepEqual(
        alarm.dimensions,
        { FunctionName: functionName, Resource: `${functionName}:live`, ExecutedVersion: version },
        kind,
      );
      assert.equal(alarm.metricName, metric);
      assert.equal(alarm.extendedStatistic ?? alarm.statistic, stat);
      assert.equal(alarm.period, VERSION_ALARM_PERIOD_SECONDS);
      assert.equal(alarm.threshold, threshold);
    }
    assert.equal(VERSION_ALARM_PERIOD_SECONDS, 60);
  });

  it("api-5xx is 5xx as a percentage of requests (metric math), above 5 %", () => {
    const alarm = alarms.get("api-5xx")!;
    assert.equal(alarm.metricName, undefined);
    assert.equal(alarm.threshold, 5);
    const queries = alarm.metricQueries!;
    const result = queries.filter((query) => query.returnData);
    assert.equal(result.length, 1);
    assert.equal(result[0]!.expression, "100 * errors / requests");
    const byId = Object.fromEntries(queries.filter((q) => q.metric).map((q) => [q.id, q.metric!]));
    assert.deepEqual(
      Object.fromEntries(Object.entries(byId).map(([id, m]) => [id, [m.namespace, m.metricName, m.stat]])),
      { errors: ["AWS/ApiGateway", "5xx", "Sum"], requests: ["AWS/ApiGateway", "Count", "Sum"] },
    );
    for (const metric of Object.values(byId)) assert.deepEqual(metric.dimensions, { ApiId: apiId });
  });

  it("counts the function's failed-init log lines in a metric filter (test/infra/failed-init-filter.test.ts runs them)", async () => {
    const filter = onlyResourceOfType(
      built.resources,
      "aws:cloudwatch/logMetricFilter:LogMetricFilter",
    ).inputs;
    assert.equal(filter.logGroupName, await valueOf(built.stack.functionLogGroup.name));
    assert.equal(filter.pattern, `{ $.message = "model load failed" || $.message = "settings invalid" }`);
    assert.equal(FAILED_INIT_PATTERN, filter.pattern);
    assert.deepEqual(filter.metricTransformation, {
      namespace: "ColaServerless",
      name: "FailedInit",
      value: "1",
      dimensions: { service: "$.service" },
      unit: "Count",
    });
  });

  it("without alarmEmail or alarmTopicArn: no topic, and alarms without actions", () => {
    assert.equal(resourcesOfType(built.resources, "aws:sns/topic:Topic").length, 0);
    for (const alarm of alarms.values()) assert.deepEqual([alarm.alarmActions, alarm.okActions], [[], []]);
  });

  it("a dashboard named after the stack, with every widget the issue lists, and its URL exported", async () => {
    const dashboard = onlyResourceOfType(built.resources, "aws:cloudwatch/dashboard:Dashboard").inputs;
    assert.equal(dashboard.dashboardName, "cola-serverless-test");
    const body = JSON.parse(dashboard.dashboardBody as string) as {
      widgets: Array<{ properties: { title: string; region: string; metrics: unknown[][] } }>;
    };
    const lines = body.widgets.flatMap((widget) => widget.properties.metrics);
    const has = (namespace: string, metric: string, stat: string) =>
      lines.some(
        (line) =>
          line[0] === namespace && line[1] === metric && (line.at(-1) as { stat: string }).stat === stat,
      );
    for (const [namespace, metric, stat] of [
      ["AWS/Lambda", "Invocations", "Sum"],
      ["AWS/Lambda", "Duration", "p50"],
      ["AWS/Lambda", "Duration", "p99"],
      ["AWS/Lambda", "Errors", "Sum"],
      ["AWS/Lambda", "Throttles", "Sum"],
      ["AWS/Lambda", "ConcurrentExecutions", "Maximum"],
      ["ColaServerless", "ColdStart", "Sum"],
      ["ColaServerless", "InferenceTime", "p99"],
      ["ColaServerless", "BatchSize", "Average"],
      ["AWS/ApiGateway", "Latency", "p99"],
      ["AWS/ApiGateway", "4xx", "Sum"],
      ["AWS/ApiGateway", "5xx", "Sum"],
    ]) {
      assert.ok(has(namespace!, metric!, stat!), `${namespace} ${metric} ${stat}`);
    }
    for (const line of lines) {
      const dimension = line.slice(2, 4);
      assert.ok(
        [
          ["FunctionName", functionName],
          ["ApiId", apiId],
          ["service", "cola-serverless-test"],
        ].some((expected) => JSON.stringify(expected) === JSON.stringify(dimension)),
        JSON.stringify(line),
      );
    }
    for (const widget of body.widgets) assert.equal(widget.properties.region, MOCK_REGION);
    assert.equal(
      await valueOf(built.stack.dashboardUrl),
      `https://${MOCK_REGION}.console.aws.amazon.com/cloudwatch/home?region=${MOCK_REGION}#dashboards/dashboard/cola-serverless-test`,
    );
    assert.equal(
      dashboardUrl("eu-west-1", "a b"),
      "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/a%20b",
    );
  });
});

describe("alarm notifications and per-stack thresholds", () => {
  it("alarmEmail: a topic of the stack's own, an e-mail subscription, and every alarm notifies it (alarm and OK)", async () => {
    const built = await buildStack(cliStackConfig("dev", { alarmEmail: "ops@example.com" }));
    const topicArn = await valueOf(built.stack.alarms.topic!.arn);
    const subscription = onlyResourceOfType(
      built.resources,
      "aws:sns/topicSubscription:TopicSubscription",
    ).inputs;
    assert.deepEqual(subscription, { topic: topicArn, protocol: "email", endpoint: "ops@example.com" });
    for (const alarm of alarmsOf(built).values()) {
      assert.deepEqual(alarm.alarmActions, [topicArn]);
      assert.deepEqual(alarm.okActions, [topicArn]);
    }
    // CloudWatch cannot publish to a topic under the AWS-managed aws/sns key (infra/alarms.ts says why it has none).
    const topic = onlyResourceOfType(built.resources, "aws:sns/topic:Topic").inputs;
    assert.equal(topic.kmsMasterKeyId, undefined);
  });

  it("alarmTopicArn: no topic of its own; every alarm notifies the given topic", async () => {
    const topic = "arn:aws:sns:us-east-1:123456789012:ops-pager";
    const built = await buildStack(cliStackConfig("dev", { alarmTopicArn: topic }));
    assert.equal(resourcesOfType(built.resources, "aws:sns/topic:Topic").length, 0);
    assert.equal(resourcesOfType(built.resources, "aws:sns/topicSubscription:TopicSubscription").length, 0);
    for (const alarm of alarmsOf(built).values()) assert.deepEqual(alarm.alarmActions, [topic]);
  });

  it("thresholds come from the stack's config (prod: 10 s timeout)", async () => {
    const built = await buildStack(
      cliStackConfig("prod", {
        alarmFunctionErrors: "5",
        alarmThrottles: "3",
        alarmDurationPercent: "50",
        alarmApi5xxPercent: "2",
        alarmApiLatencyMs: "800",
      }),
    );
    const thresholds = Object.fromEntries(
      [...alarmsOf(built)].map(([kind, alarm]) => [kind, alarm.threshold]),
    );
    assert.deepEqual(thresholds, {
      errors: 5,
      throttles: 3,
      duration: 5000,
      "api-5xx": 2,
      "api-latency": 800,
      "failed-init": 1,
      "version-errors": 5,
      "version-duration": 5000,
    });
  });
});
