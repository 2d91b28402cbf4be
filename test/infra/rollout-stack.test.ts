import {
  MOCK_PROJECT,
  recordedResources,
  resetRecordedResources,
  settled,
  valueOf,
} from "../setup/pulumi-mocks";
import * as assert from "node:assert/strict";
import Module, { createRequire } from "node:module";
import type * as pulumi from "@pulumi/pulumi";
import { stackNames } from "../../infra/names";
import type { RolloutState } from "../../infra/rollout/provider";
import { ClassifierService } from "../../infra/service";
import {
  buildStack,
  cliStackConfig,
  onlyResourceOfType,
  parseRaw,
  resourcesOfType,
  type BuiltStack,
} from "./stack-fixtures";
import { FakeCloudWatch, FakeCodeDeploy, FakeLambda } from "./support/aws-fakes";

const DYNAMIC = "pulumi-nodejs:dynamic:Resource";
const requireHere = createRequire(__filename);

interface GroupInputs {
  appName: string;
  deploymentGroupName: string;
  serviceRoleArn: string;
  deploymentConfigName: string;
  deploymentStyle: { deploymentType: string; deploymentOption: string };
  alarmConfiguration: { enabled: boolean; alarms: string[]; ignorePollAlarmFailure: boolean };
  autoRollbackConfiguration: { enabled: boolean; events: string[] };
}

/** The physical names of the stack's alarms of the kinds given (their logical names end with the kind). */
async function alarmNamesOf(built: BuiltStack, kinds: string[]): Promise<string[]> {
  const names: string[] = [];
  for (const alarm of built.stack.alarms.alarms) {
    const urn = await valueOf(alarm.urn);
    if (kinds.some((kind) => urn.endsWith(`::cola-test-alarm-${kind}`)))
      names.push(await valueOf(alarm.name));
  }
  return names;
}

for (const stack of ["dev", "prod"] as const) {
  describe(`the live alias under ${stack} settings`, () => {
    let built: BuiltStack;
    before(async () => {
      built = await buildStack(cliStackConfig(stack));
    });

    it("the API invokes the live alias of a published version, and may invoke only that qualifier", async () => {
      const fn = onlyResourceOfType(built.resources, "aws:lambda/function:Function").inputs;
      assert.equal(fn.publish, true);
      const alias = onlyResourceOfType(built.resources, "aws:lambda/alias:Alias").inputs;
      assert.equal(alias.name, "live");
      assert.equal(alias.functionVersion, await valueOf(built.stack.fn.fn.version));
      assert.equal(alias.functionVersion, "1", "a published version, never $LATEST");
      const integration = onlyResourceOfType(
        built.resources,
        "aws:apigatewayv2/integration:Integration",
      ).inputs;
      assert.equal(integration.integrationUri, await valueOf(built.stack.fn.alias.invokeArn));
      assert.match(integration.integrationUri, /:function:cola-test-fn-[0-9a-f]{7}:live\/invocations$/);
      assert.equal(
        onlyResourceOfType(built.resources, "aws:lambda/permission:Permission").inputs.qualifier,
        "live",
      );
    });
  });
}

describe("CodeDeploy under prod settings: a canary that watches the alarms and rolls back", () => {
  let built: BuiltStack;
  let group: GroupInputs;
  before(async () => {
    built = await buildStack(cliStackConfig("prod"));
    group = onlyResourceOfType(built.resources, "aws:codedeploy/deploymentGroup:DeploymentGroup")
      .inputs as unknown as GroupInputs;
  });

  it("has a CodeDeploy application for Lambda and a blue/green group with traffic control on it", async () => {
    const application = onlyResourceOfType(built.resources, "aws:codedeploy/application:Application");
    assert.equal(application.inputs.computePlatform, "Lambda");
    assert.equal(group.appName, await valueOf(built.stack.deployment.application.name));
    assert.equal(group.deploymentGroupName, "cola-serverless-test");
    assert.deepEqual(group.deploymentStyle, {
      deploymentType: "BLUE_GREEN",
      deploymentOption: "WITH_TRAFFIC_CONTROL",
    });
  });

  it("shifts 10 % for 5 minutes (rollout: canary)", () => {
    assert.equal(group.deploymentConfigName, "CodeDeployDefault.LambdaCanary10Percent5Minutes");
  });

  it("stops on the alarms that judge a new version: its errors and duration, and the API's 5xx rate", async () => {
    assert.equal(group.alarmConfiguration.enabled, true);
    assert.equal(group.alarmConfiguration.ignorePollAlarmFailure, false);
    assert.deepEqual(
      [...group.alarmConfiguration.alarms].sort(),
      (await alarmNamesOf(built, ["api-5xx", "version-errors", "version-duration"])).sort(),
    );
    assert.equal(group.alarmConfiguration.alarms.length, 3);
  });

  it("rolls back on failure and on alarm", () => {
    assert.deepEqual(group.autoRollbackConfiguration, {
      enabled: true,
      events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"],
    });
  });

  it("its service role is CodeDeploy's, and may move this function's alias only", async () => {
    const role = resourcesOfType(built.resources, "aws:iam/role:Role").find(
      (r) => r.name === "cola-test-cd-role",
    )!;
    assert.equal(group.serviceRoleArn, await valueOf(built.stack.deployment.role.arn));
    const trust = role.inputs.assumeRolePolicy as {
      Statement: Array<{ Principal: unknown; Action: string }>;
    };
    assert.deepEqual(
      trust.Statement.map(({ Principal, Action }) => ({ Principal, Action })),
      [{ Principal: { Service: "codedeploy.amazonaws.com" }, Action: "sts:AssumeRole" }],
    );
    const policy = resourcesOfType(built.resources, "aws:iam/rolePolicy:RolePolicy").find(
      (p) => p.name === "cola-test-cd-role-alias",
    )!;
    const document = JSON.parse(policy.inputs.policy as string) as {
      Statement: Array<{ Action: string | string[]; Resource: string | string[] }>;
    };
    const functionArn = await valueOf(built.stack.fn.fn.arn);
    assert.deepEqual(document.Statement[0], {
      Effect: "Allow",
      Action: ["lambda:GetAlias", "lambda:UpdateAlias", "lambda:GetProvisionedConcurrencyConfig"],
      Resource: [functionArn, `${functionArn}:*`],
    });
    assert.deepEqual(document.Statement[1], {
      Effect: "Allow",
      Action: "cloudwatch:DescribeAlarms",
      Resource: "*",
    });
  });

  it("the rollout moves live to the version just published through that group, watching those alarms", async () => {
    const rollout = onlyResourceOfType(built.resources, DYNAMIC).inputs as unknown as RolloutState;
    assert.equal(rollout.targetVersion, await valueOf(built.stack.fn.version));
    assert.equal(rollout.functionName, await valueOf(built.stack.fn.fn.name));
    assert.equal(rollout.aliasName, "live");
    assert.equal(rollout.applicationName, group.appName);
    assert.equal(rollout.deploymentGroupName, group.deploymentGroupName);
    assert.equal(rollout.deploymentConfigName, group.deploymentConfigName);
    assert.deepEqual(rollout.alarmNames, group.alarmConfiguration.alarms);
    assert.deepEqual(rollout.labels, ["unacceptable", "acceptable"]);
    assert.equal(rollout.ignoreAlarms, false);
    assert.equal(rollout.region, "us-east-1");
    // The canary's 5 minutes and 10 minutes of margin.
    assert.equal(rollout.timeoutSeconds, 900);
  });

  it("keeps provisioned concurrency on the alias", () => {
    const provisioned = onlyResourceOfType(
      built.resources,
      "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig",
    ).inputs;
    assert.equal(provisioned.qualifier, "live");
  });
});

describe("CodeDeploy under dev settings, and the other rollout settings", () => {
  it("dev moves everything at once", async () => {
    const built = await buildStack(cliStackConfig("dev"));
    const group = onlyResourceOfType(
      built.resources,
      "aws:codedeploy/deploymentGroup:DeploymentGroup",
    ).inputs;
    assert.equal(group.deploymentConfigName, "CodeDeployDefault.LambdaAllAtOnce");
    assert.equal(
      (onlyResourceOfType(built.resources, DYNAMIC).inputs as unknown as RolloutState).timeoutSeconds,
      600,
    );
  });

  it("linear, a full predefined name, and rolloutIgnoreAlarms reach the group and the rollout", async () => {
    for (const [rollout, expected] of [
      ["linear", "CodeDeployDefault.LambdaLinear10PercentEvery1Minute"],
      [
        "CodeDeployDefault.LambdaCanary10Percent30Minutes",
        "CodeDeployDefault.LambdaCanary10Percent30Minutes",
      ],
    ]) {
      const built = await buildStack(
        cliStackConfig("dev", { rollout: rollout!, rolloutIgnoreAlarms: "true" }),
      );
      const state = onlyResourceOfType(built.resources, DYNAMIC).inputs as unknown as RolloutState;
      assert.equal(state.deploymentConfigName, expected);
      assert.equal(state.ignoreAlarms, true);
      // The group keeps its alarms: the override is per deployment.
      const group = onlyResourceOfType(
        built.resources,
        "aws:codedeploy/deploymentGroup:DeploymentGroup",
      ).inputs;
      assert.equal((group.alarmConfiguration as { enabled: boolean }).enabled, true);
    }
  });

  it("Pulumi never sets the alias's version after creating it: CodeDeploy owns it", async () => {
    const ignored = new Map<string, string[] | undefined>();
    resetRecordedResources();
    const { config } = parseRaw(cliStackConfig("prod"));
    const names = stackNames(MOCK_PROJECT, "test");
    const service = new ClassifierService(
      names.prefix,
      { names, config },
      {
        // Transformations see every child's options, which the mocks do not record.
        transformations: [
          (args) => {
            ignored.set(`${args.type} ${args.name}`, args.opts.ignoreChanges);
            return undefined;
          },
        ],
      },
    );
    await settled(service);
    assert.deepEqual(ignored.get("aws:lambda/alias:Alias cola-test-fn-live"), [
      "functionVersion",
      "routingConfig",
    ]);
    assert.ok(recordedResources().length > 0);
  });
});

/**
 * The provider as Pulumi serializes it into the state and runs it in its provider host (require-from-string, as
 * @pulumi/pulumi's cmd/dynamic-provider does), with the AWS SDK modules it requires answered by the fakes.
 */
describe("the rollout provider as serialized into the state", () => {
  type SerializedProvider = pulumi.dynamic.ResourceProvider<RolloutState, RolloutState>;
  let provider: SerializedProvider;
  let state: RolloutState;
  const injected: string[] = [];

  /** Puts `exports` in the module cache under the path `name` resolves to, as if the package were that module. */
  function inject(name: string, exports: object): void {
    const file = requireHere.resolve(name);
    const module = new Module(file);
    module.filename = file;
    module.loaded = true;
    module.exports = exports;
    requireHere.cache[file] = module;
    injected.push(file);
  }

  before(async () => {
    const built = await buildStack(cliStackConfig("prod"));
    const rollout = onlyResourceOfType(built.resources, DYNAMIC);
    const text = rollout.inputs.__provider as string;
    assert.equal(typeof text, "string");
    // The SDK is required at run time from node_modules, not copied into the state.
    for (const sdk of [
      "@aws-sdk/client-lambda",
      "@aws-sdk/client-codedeploy",
      "@aws-sdk/client-cloudwatch",
    ]) {
      assert.ok(text.includes(`require("${sdk}")`), sdk);
    }
    assert.ok(text.length < 100_000, `${text.length} characters`);
    const requireFromString = requireHere("require-from-string") as (code: string) => {
      handler: () => SerializedProvider;
    };
    provider = requireFromString(text).handler();
    state = {
      ...(rollout.inputs as unknown as RolloutState),
      functionName: "cola-prod-fn-1a2b3c4",
      pollSeconds: 0,
    };
  });

  /** An SDK client class whose `new` gives `instance`, recording the region it was given. */
  const constructorOf = (regions: string[]) => (instance: object) =>
    function (this: unknown, options: { region: string }) {
      regions.push(options.region);
      return instance;
    };

  afterEach(() => {
    for (const file of injected.splice(0)) delete requireHere.cache[file];
  });

  it("diffs on the version only", async () => {
    const unchanged = await provider.diff!("id", state, { ...state, timeoutSeconds: 1 });
    assert.equal(unchanged.changes, false);
    const changed = await provider.diff!("id", state, { ...state, targetVersion: "2" });
    assert.equal(changed.changes, true);
  });

  it("update rolls out with the SDK clients it requires (here fakes): smoke test, deployment, new state", async () => {
    const versions = new Map(
      ["1", "2"].map((v) => [
        v,
        { behaviour: { kind: "predicts" as const, labels: state.labels }, imageUri: "" },
      ]),
    );
    const lambda = new FakeLambda(state.functionName, "live", versions, "1");
    const codedeploy = new FakeCodeDeploy(lambda, state.applicationName, state.deploymentGroupName, {
      progress: ["InProgress"],
      end: { status: "Succeeded" },
    });
    const regions: string[] = [];
    const ctor = constructorOf(regions);
    inject("@aws-sdk/client-lambda", { Lambda: ctor(lambda) });
    inject("@aws-sdk/client-codedeploy", { CodeDeploy: ctor(codedeploy) });
    inject("@aws-sdk/client-cloudwatch", { CloudWatch: ctor(new FakeCloudWatch({})) });

    const result = await provider.update!("id", state, { ...state, targetVersion: "2" });
    assert.equal(result.outs?.servedVersion, "2");
    assert.equal(result.outs?.outcome, "deployed");
    assert.equal(lambda.alias!.version, "2");
    assert.deepEqual(regions, ["us-east-1", "us-east-1", "us-east-1"]);
    assert.deepEqual(lambda.calls.slice(0, 2), ["GetAlias live", "Invoke 2"]);
  });

  it("a rolled-back update throws, naming deployment and alarm (Pulumi keeps the old state, the next up retries)", async () => {
    const versions = new Map(
      ["1", "2"].map((v) => [
        v,
        { behaviour: { kind: "predicts" as const, labels: state.labels }, imageUri: "" },
      ]),
    );
    const lambda = new FakeLambda(state.functionName, "live", versions, "1");
    const codedeploy = new FakeCodeDeploy(lambda, state.applicationName, state.deploymentGroupName, {
      progress: [],
      end: { status: "Stopped", code: "ALARM_ACTIVE", message: "Alarm activated" },
    });
    const alarms = new FakeCloudWatch(
      Object.fromEntries(state.alarmNames.map((name) => [name, "ALARM" as const])),
    );
    const ctor = constructorOf([]);
    inject("@aws-sdk/client-lambda", { Lambda: ctor(lambda) });
    inject("@aws-sdk/client-codedeploy", { CodeDeploy: ctor(codedeploy) });
    inject("@aws-sdk/client-cloudwatch", { CloudWatch: ctor(alarms) });
    // Pulumi shows the error's message (cmd/dynamic-provider's grpcResponseFromError reads e.message).
    await assert.rejects(
      provider.update!("id", state, { ...state, targetVersion: "2" }),
      (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.match(
          error.message,
          /^DeploymentFailedError: CodeDeploy deployment d-FAKE00001 stopped by alarm cola-test-alarm-api-5xx-[0-9a-f]{7}, /,
        );
        return true;
      },
    );
    assert.equal(lambda.alias!.version, "1");
  });
});
