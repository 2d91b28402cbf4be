import "../setup/pulumi-mocks";
import * as assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import { StackConfigError } from "../../infra/config";
import { stackNames } from "../../infra/names";
import { ClassifierService } from "../../infra/service";
import { cronExpressionProblem, parseScheduleEntry } from "../../infra/warm-capacity-config";
import {
  MOCK_PROJECT,
  recordedResources,
  resetRecordedResources,
  settled,
  valueOf,
} from "../setup/pulumi-mocks";
import {
  buildStack,
  cliStackConfig,
  onlyResourceOfType,
  parseRaw,
  resourcesOfType,
  type RawConfig,
} from "./stack-fixtures";

/*
 * Warm capacity that follows traffic (issue 22, item 2). The AWS behaviour these resources rely on:
 * - a Lambda alias as Application Auto Scaling's scalable target, `function:<name>:<alias>`, dimension
 *   lambda:function:ProvisionedConcurrency, and target tracking on LambdaProvisionedConcurrencyUtilization
 *   (https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html, "Managing provisioned concurrency
 *   with Application Auto Scaling"; https://docs.aws.amazon.com/autoscaling/application/userguide/services-that-can-integrate-lambda.html);
 * - scheduled actions with a cron expression, a time zone and a new min/max
 *   (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html);
 * - moving an alias to another version moves its provisioned concurrency, and while a routing configuration is in
 *   place the alias's provisioned concurrency cannot be changed (provisioned-concurrency.html, "Configuring
 *   provisioned concurrency").
 */

const TARGET = "aws:appautoscaling/target:Target";
const POLICY = "aws:appautoscaling/policy:Policy";
const SCHEDULED = "aws:appautoscaling/scheduledAction:ScheduledAction";
const PROVISIONED = "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig";
const SCALING_TYPES = [TARGET, POLICY, SCHEDULED];

function problemsOf(raw: RawConfig): string[] {
  try {
    parseRaw(raw);
  } catch (error) {
    assert.ok(error instanceof StackConfigError, `expected StackConfigError, got ${String(error)}`);
    return error.problems;
  }
  assert.fail(`expected ${JSON.stringify(raw)} to be rejected`);
}

/** A valid autoscaling setup to vary one key of. */
const SCALING: RawConfig = {
  reservedConcurrency: "20",
  provisionedConcurrency: "2",
  provisionedConcurrencyMax: "10",
};

describe("warm capacity: the keys, checked at preview", () => {
  it("accepts a minimum, a maximum, a target and a schedule, and reads them", () => {
    const { config, warnings } = parseRaw({
      ...SCALING,
      provisionedConcurrencyTarget: "0.5",
      provisionedConcurrencyTimezone: "Europe/Berlin",
      provisionedConcurrencySchedule: JSON.stringify([
        "22:30 min=1 max=4",
        "cron(0 7 ? * MON-FRI *) min=2 max=12",
      ]),
    });
    assert.equal(config.provisionedConcurrencyMax, 10);
    assert.equal(config.provisionedConcurrencyTarget, 0.5);
    assert.equal(config.provisionedConcurrencyTimezone, "Europe/Berlin");
    assert.deepEqual(config.provisionedConcurrencySchedule, [
      { text: "22:30 min=1 max=4", schedule: "cron(30 22 * * ? *)", min: 1, max: 4 },
      { text: "cron(0 7 ? * MON-FRI *) min=2 max=12", schedule: "cron(0 7 ? * MON-FRI *)", min: 2, max: 12 },
    ]);
    assert.deepEqual(warnings, []);
  });

  it("parses an entry as its documentation says", () => {
    assert.deepEqual(parseScheduleEntry("22:00 min=1 max=4"), {
      text: "22:00 min=1 max=4",
      schedule: "cron(0 22 * * ? *)",
      min: 1,
      max: 4,
    });
  });

  const rejected: Array<[string, RawConfig, string]> = [
    [
      "a fractional maximum",
      { ...SCALING, provisionedConcurrencyMax: "2.5" },
      'provisionedConcurrencyMax is "2.5"',
    ],
    [
      "a maximum not above the minimum",
      { ...SCALING, provisionedConcurrencyMax: "2" },
      "provisionedConcurrencyMax is 2 but provisionedConcurrency is 2: set it above provisionedConcurrency",
    ],
    [
      "a maximum without a minimum",
      { provisionedConcurrencyMax: "5" },
      "provisionedConcurrencyMax is 5 but provisionedConcurrency is 0: autoscaling needs a minimum of at least 1",
    ],
    [
      "a maximum at reserved concurrency",
      { ...SCALING, provisionedConcurrencyMax: "20" },
      "provisionedConcurrencyMax is 20 but reservedConcurrency is 20: it must be below reservedConcurrency",
    ],
    [
      "a target above 0.9",
      { ...SCALING, provisionedConcurrencyTarget: "0.95" },
      'provisionedConcurrencyTarget is "0.95"; allowed: a number from 0.1 to 0.9',
    ],
    [
      "a target given as a percentage",
      { ...SCALING, provisionedConcurrencyTarget: "70" },
      'provisionedConcurrencyTarget is "70"; allowed: a number from 0.1 to 0.9',
    ],
    [
      "a target that is no number",
      { ...SCALING, provisionedConcurrencyTarget: "high" },
      'provisionedConcurrencyTarget is "high"',
    ],
    [
      "a target without autoscaling",
      { provisionedConcurrency: "2", provisionedConcurrencyTarget: "0.5" },
      "provisionedConcurrencyTarget is 0.5 but provisionedConcurrencyMax is 0",
    ],
    [
      "a schedule without autoscaling",
      {
        provisionedConcurrency: "2",
        provisionedConcurrencySchedule: '["22:00 min=1 max=2", "07:00 min=2 max=2"]',
      },
      "provisionedConcurrencySchedule is set but provisionedConcurrencyMax is 0",
    ],
    [
      "a schedule that is no list",
      { ...SCALING, provisionedConcurrencySchedule: '"22:00 min=1 max=4"' },
      'provisionedConcurrencySchedule is "\\"22:00 min=1 max=4\\""; allowed: a list of non-empty strings',
    ],
    [
      "an entry in another shape",
      { ...SCALING, provisionedConcurrencySchedule: '["at 10pm: 1 to 4"]' },
      'provisionedConcurrencySchedule entry "at 10pm: 1 to 4": not of the form "HH:MM min=N max=N"',
    ],
    [
      "an hour past 23",
      { ...SCALING, provisionedConcurrencySchedule: '["24:00 min=1 max=4"]' },
      'provisionedConcurrencySchedule entry "24:00 min=1 max=4": "24:00" is not a time from 00:00 to 23:59',
    ],
    [
      "a cron expression with five fields",
      { ...SCALING, provisionedConcurrencySchedule: '["cron(0 22 * * ?) min=1 max=4"]' },
      "cron(0 22 * * ?) must have 6 fields",
    ],
    [
      "a cron expression without a ?",
      { ...SCALING, provisionedConcurrencySchedule: '["cron(0 22 * * MON *) min=1 max=4"]' },
      'exactly one of day-of-month and day-of-week must be "?"',
    ],
    [
      "a cron minute of 60",
      { ...SCALING, provisionedConcurrencySchedule: '["cron(60 22 * * ? *) min=1 max=4"]' },
      'minutes field "60" is not valid',
    ],
    [
      "an entry's minimum of 0",
      { ...SCALING, provisionedConcurrencySchedule: '["22:00 min=0 max=4"]' },
      "min must be at least 1",
    ],
    [
      "an entry's minimum above its maximum",
      { ...SCALING, provisionedConcurrencySchedule: '["22:00 min=5 max=4"]' },
      "min 5 is above max 4",
    ],
    [
      "an entry's maximum at reserved concurrency",
      { ...SCALING, provisionedConcurrencySchedule: '["22:00 min=1 max=4", "07:00 min=2 max=20"]' },
      'provisionedConcurrencySchedule entry "07:00 min=2 max=20" has max 20 but reservedConcurrency is 20',
    ],
    [
      "the same time twice",
      { ...SCALING, provisionedConcurrencySchedule: '["22:00 min=1 max=4", "22:00 min=2 max=8"]' },
      "provisionedConcurrencySchedule lists cron(0 22 * * ? *) twice",
    ],
    [
      "a time zone AWS does not know",
      {
        ...SCALING,
        provisionedConcurrencySchedule: '["22:00 min=1 max=4", "07:00 min=2 max=10"]',
        provisionedConcurrencyTimezone: "Mars/Olympus",
      },
      'provisionedConcurrencyTimezone is "Mars/Olympus"; allowed: an IANA time zone name',
    ],
    [
      "a time zone alias",
      {
        ...SCALING,
        provisionedConcurrencySchedule: '["22:00 min=1 max=4", "07:00 min=2 max=10"]',
        provisionedConcurrencyTimezone: "US/Eastern",
      },
      '(did you mean "America/New_York"?)',
    ],
    [
      "a time zone without a schedule",
      { ...SCALING, provisionedConcurrencyTimezone: "Europe/Berlin" },
      'provisionedConcurrencyTimezone is "Europe/Berlin" but provisionedConcurrencySchedule is empty',
    ],
  ];
  for (const [what, raw, expected] of rejected) {
    it(`rejects ${what}, naming the key`, () => {
      const problems = problemsOf(raw);
      assert.equal(problems.length, 1, problems.join("\n"));
      assert.ok(problems[0]!.includes(expected), `"${problems[0]}" should contain "${expected}"`);
    });
  }

  it("accepts cron's names, lists, ranges and steps", () => {
    for (const expression of [
      "cron(0 7 ? * MON-FRI *)",
      "cron(0/15 8-18 ? * MON,WED,FRI *)",
      "cron(30 22 L * ? *)",
      "cron(0 9 ? JAN-MAR 2#1 2027)",
    ]) {
      assert.equal(cronExpressionProblem(expression), undefined, expression);
    }
  });

  it("warns about a one-entry schedule, whose window would never end", () => {
    const { warnings } = parseRaw({ ...SCALING, provisionedConcurrencySchedule: '["22:00 min=1 max=4"]' });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^provisionedConcurrencySchedule has one entry/);
  });
});

describe("warm capacity: the resources", () => {
  it("prod: a scalable target on the live alias from provisionedConcurrency to provisionedConcurrencyMax", async () => {
    const { stack, resources } = await buildStack(cliStackConfig("prod"));
    const fnName = await valueOf(stack.fn.fn.name);
    const target = onlyResourceOfType(resources, TARGET).inputs;
    assert.deepEqual(
      {
        serviceNamespace: target.serviceNamespace,
        scalableDimension: target.scalableDimension,
        resourceId: target.resourceId,
        minCapacity: target.minCapacity,
        maxCapacity: target.maxCapacity,
      },
      {
        serviceNamespace: "lambda",
        scalableDimension: "lambda:function:ProvisionedConcurrency",
        resourceId: `function:${fnName}:live`,
        minCapacity: 2,
        maxCapacity: 10,
      },
    );
    // The provisioned concurrency configuration stays on the same alias (it makes the first warm instances).
    assert.equal(onlyResourceOfType(resources, PROVISIONED).inputs.qualifier, "live");
  });

  it("prod: target tracking on LambdaProvisionedConcurrencyUtilization at provisionedConcurrencyTarget", async () => {
    const { stack, resources } = await buildStack(
      cliStackConfig("prod", { provisionedConcurrencyTarget: "0.6" }),
    );
    const fnName = await valueOf(stack.fn.fn.name);
    const policy = onlyResourceOfType(resources, POLICY).inputs;
    assert.equal(policy.policyType, "TargetTrackingScaling");
    assert.equal(policy.resourceId, `function:${fnName}:live`);
    assert.equal(policy.serviceNamespace, "lambda");
    assert.equal(policy.scalableDimension, "lambda:function:ProvisionedConcurrency");
    assert.deepEqual(policy.targetTrackingScalingPolicyConfiguration, {
      targetValue: 0.6,
      predefinedMetricSpecification: { predefinedMetricType: "LambdaProvisionedConcurrencyUtilization" },
    });
  });

  it("prod: one scheduled action per schedule entry, in the schedule's time zone", async () => {
    const { stack, resources } = await buildStack(cliStackConfig("prod"));
    const fnName = await valueOf(stack.fn.fn.name);
    const actions = resourcesOfType(resources, SCHEDULED).map((action) => action.inputs);
    assert.deepEqual(
      actions.map((action) => [
        action.schedule,
        action.timezone,
        action.scalableTargetAction,
        action.resourceId,
      ]),
      [
        [
          "cron(0 22 * * ? *)",
          "Europe/Dublin",
          { minCapacity: 1, maxCapacity: 4 },
          `function:${fnName}:live`,
        ],
        [
          "cron(0 7 * * ? *)",
          "Europe/Dublin",
          { minCapacity: 2, maxCapacity: 10 },
          `function:${fnName}:live`,
        ],
      ],
    );
    assert.equal(new Set(actions.map((action) => action.name)).size, 2, "distinct names on one target");
  });

  it("without provisionedConcurrencyMax (dev, or a fixed prod), no autoscaling resources", async () => {
    for (const raw of [
      cliStackConfig("dev"),
      cliStackConfig("prod", {
        provisionedConcurrencyMax: "0",
        provisionedConcurrencySchedule: "[]",
        provisionedConcurrencyTimezone: "UTC",
      }),
    ]) {
      const { resources } = await buildStack(raw);
      assert.deepEqual(
        resources.filter((resource) => SCALING_TYPES.includes(resource.type)),
        [],
      );
    }
  });
});

describe("warm capacity: ownership and order", () => {
  /** Builds prod (or `overrides` of it) recording every resource's options, which the mocks do not record. */
  async function optionsOfProd(overrides: RawConfig = {}) {
    const options = new Map<string, pulumi.CustomResourceOptions>();
    resetRecordedResources();
    const { config } = parseRaw(cliStackConfig("prod", overrides));
    const names = stackNames(MOCK_PROJECT, "test");
    const service = new ClassifierService(
      names.prefix,
      { names, config },
      {
        transformations: [
          (args) => {
            options.set(`${args.type} ${args.name}`, args.opts);
            return undefined;
          },
        ],
      },
    );
    await settled(service);
    assert.ok(recordedResources().length > 0);
    const dependsOn = (key: string): unknown[] => {
      const opts = options.get(key);
      assert.ok(opts, `no resource ${key}`);
      return [opts.dependsOn ?? []].flat();
    };
    return { service, options, dependsOn };
  }

  it("Pulumi sets the warm-instance count once and leaves it to the scaler after that", async () => {
    const { options } = await optionsOfProd();
    assert.deepEqual(options.get(`${PROVISIONED} cola-test-fn-provisioned`)?.ignoreChanges, [
      "provisionedConcurrentExecutions",
    ]);
    // A fixed count (no autoscaling) stays Pulumi's to set.
    const fixed = await optionsOfProd({
      provisionedConcurrencyMax: "0",
      provisionedConcurrencySchedule: "[]",
      provisionedConcurrencyTimezone: "UTC",
    });
    assert.equal(fixed.options.get(`${PROVISIONED} cola-test-fn-provisioned`)?.ignoreChanges, undefined);
  });

  it("registers the target after the alias and its provisioned concurrency, then the policy, then each action", async () => {
    const { service, dependsOn } = await optionsOfProd();
    const warm = service.fn.warmCapacity;
    assert.ok(warm);
    const targetDeps = dependsOn(`${TARGET} cola-test-fn-warm-target`);
    assert.ok(targetDeps.includes(service.fn.alias), "target after the alias");
    assert.ok(
      targetDeps.includes(service.fn.provisionedConcurrency),
      "target after the provisioned concurrency",
    );
    assert.ok(dependsOn(`${POLICY} cola-test-fn-warm-utilization`).includes(warm.target));
    // Application Auto Scaling refuses concurrent changes to one target: the actions follow one another.
    assert.ok(dependsOn(`${SCHEDULED} cola-test-fn-warm-schedule-1`).includes(warm.policy));
    assert.ok(dependsOn(`${SCHEDULED} cola-test-fn-warm-schedule-2`).includes(warm.scheduledActions[0]));
  });

  it("the rollout waits for all of it: CodeDeploy's routing would block changes to the alias's warm instances", async () => {
    const { service, dependsOn } = await optionsOfProd();
    const rolloutDeps = dependsOn("pulumi-nodejs:dynamic:Resource cola-test-rollout");
    for (const resource of [service.fn.provisionedConcurrency, ...service.fn.warmCapacity!.resources]) {
      assert.ok(rolloutDeps.includes(resource), "rollout after every warm-capacity resource");
    }
  });
});
