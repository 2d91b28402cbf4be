import * as assert from "node:assert/strict";
import { parse } from "yaml";
import {
  AliasStateError,
  DeploymentFailedError,
  DeploymentTimeoutError,
  SmokeTestError,
} from "../../infra/rollout/errors";
import { rollOut, rolloutDiff, type RolloutRequest } from "../../infra/rollout/rollout";
import { SMOKE_SENTENCE } from "../../infra/rollout/smoke";
import {
  FakeClock,
  FakeCloudWatch,
  FakeCodeDeploy,
  FakeLambda,
  type DeploymentScript,
  type VersionBehaviour,
} from "./support/aws-fakes";

const LABELS = ["unacceptable", "acceptable"];
const FUNCTION = "cola-prod-fn-1a2b3c4";
const APP = "cola-prod-deploy-1a2b3c4";
const GROUP = "cola-serverless-prod";
const ALARMS = [
  "cola-prod-alarm-api-5xx-1",
  "cola-prod-alarm-version-errors-2",
  "cola-prod-alarm-version-duration-3",
];
const IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/cola-prod-repo-1a2b3c4@sha256:";

const request = (overrides: Partial<RolloutRequest> = {}): RolloutRequest => ({
  functionName: FUNCTION,
  aliasName: "live",
  targetVersion: "4",
  applicationName: APP,
  deploymentGroupName: GROUP,
  deploymentConfigName: "CodeDeployDefault.LambdaCanary10Percent5Minutes",
  alarmNames: ALARMS,
  ignoreAlarms: false,
  labels: LABELS,
  smokeSentence: SMOKE_SENTENCE,
  timeoutSeconds: 900,
  pollSeconds: 15,
  ...overrides,
});

const predicts: VersionBehaviour = { kind: "predicts", labels: LABELS };

/** A function with versions 3 (served by live) and 4 (just published), CodeDeploy scripted by `script`. */
function setUp(
  script: DeploymentScript,
  options: { aliasAt?: string; newVersion?: VersionBehaviour; alarms?: Record<string, "OK" | "ALARM"> } = {},
) {
  const versions = new Map([
    ["3", { behaviour: predicts, imageUri: `${IMAGE}${"3".repeat(64)}` }],
    ["4", { behaviour: options.newVersion ?? predicts, imageUri: `${IMAGE}${"4".repeat(64)}` }],
  ]);
  const lambda = new FakeLambda(FUNCTION, "live", versions, options.aliasAt ?? "3");
  const codedeploy = new FakeCodeDeploy(lambda, APP, GROUP, script);
  const cloudwatch = new FakeCloudWatch(options.alarms ?? {});
  const clock = new FakeClock();
  return { lambda, codedeploy, cloudwatch, clock, clients: { lambda, codedeploy, cloudwatch } };
}

describe("rollout: pulumi up moves live to the new version through CodeDeploy (fake clients)", () => {
  it("success: smoke prediction on the new version first, then a deployment from the served version", async () => {
    const { lambda, codedeploy, clock, clients } = setUp({
      progress: ["Created", "InProgress", "InProgress"],
      end: { status: "Succeeded" },
    });
    const result = await rollOut(request(), clients, clock);

    assert.deepEqual(result, {
      servedVersion: "4",
      previousVersion: "3",
      outcome: "deployed",
      deploymentId: "d-FAKE00001",
    });
    assert.equal(lambda.alias!.version, "4");
    // The smoke test reached version 4 itself before CodeDeploy shifted any traffic.
    assert.deepEqual(lambda.calls.slice(0, 2), ["GetAlias live", "Invoke 4"]);
    assert.deepEqual(codedeploy.calls, [
      "CreateDeployment",
      "GetDeployment",
      "GetDeployment",
      "GetDeployment",
      "GetDeployment",
    ]);
    const [deployment] = codedeploy.deployments;
    assert.equal(deployment!.input.deploymentConfigName, "CodeDeployDefault.LambdaCanary10Percent5Minutes");
    assert.equal(deployment!.input.overrideAlarmConfiguration, undefined, "the group's alarms apply");
    assert.deepEqual(deployment!.appSpec.Properties, {
      Name: FUNCTION,
      Alias: "live",
      CurrentVersion: "3",
      TargetVersion: "4",
    });
    // version: 0.0 as CodeDeploy's AppSpec reference writes it.
    assert.match(deployment!.input.revision.appSpecContent.content, /^version: 0\.0\n/);
    assert.deepEqual(clock.sleeps, [15_000, 15_000, 15_000], "polls every pollSeconds until the end");
    // The smoke prediction is a POST /predict of payload format 2.0 with the sentence.
    const event = lambda.invokedPayloads[0] as {
      rawPath: string;
      body: string;
      requestContext: { http: { method: string } };
    };
    assert.equal(event.rawPath, "/predict");
    assert.equal(event.requestContext.http.method, "POST");
    assert.deepEqual(JSON.parse(event.body), { sentence: SMOKE_SENTENCE });
  });

  it("rollback on alarm: fails naming the deployment and the alarm in ALARM; live stays on the old version", async () => {
    const { lambda, cloudwatch, clock, clients } = setUp(
      {
        progress: ["InProgress", "InProgress"],
        end: {
          status: "Stopped",
          code: "ALARM_ACTIVE",
          message:
            "One or more alarms have been activated according to the Amazon CloudWatch metrics you selected",
        },
      },
      { alarms: { [ALARMS[0]!]: "OK", [ALARMS[1]!]: "ALARM", [ALARMS[2]!]: "OK" } },
    );
    await assert.rejects(rollOut(request(), clients, clock), (error: unknown) => {
      assert.ok(error instanceof DeploymentFailedError);
      assert.equal(error.deploymentId, "d-FAKE00001");
      assert.deepEqual(error.alarms, [ALARMS[1]]);
      assert.match(
        error.message,
        /^CodeDeploy deployment d-FAKE00001 stopped by alarm cola-prod-alarm-version-errors-2: ALARM_ACTIVE/,
      );
      assert.match(error.message, /rolled back by deployment d-FAKE00001-rollback/);
      return true;
    });
    assert.equal(lambda.alias!.version, "3");
    assert.deepEqual(cloudwatch.calls, [`DescribeAlarms ${ALARMS.join(",")}`]);
  });

  it("rollback on alarm that has recovered since: still says an alarm of the group stopped it", async () => {
    const { clock, clients } = setUp(
      { progress: [], end: { status: "Stopped", code: "ALARM_ACTIVE", message: "Alarm activated" } },
      { alarms: { [ALARMS[0]!]: "OK" } },
    );
    await assert.rejects(
      rollOut(request(), clients, clock),
      /stopped by alarm one of cola-prod-alarm-api-5xx-1, /,
    );
  });

  it("stop: a deployment stopped by hand fails the up with its id and reason, no alarm named", async () => {
    const { lambda, cloudwatch, clock, clients } = setUp({
      progress: ["InProgress"],
      end: { status: "Stopped", code: "MANUAL_STOP", message: "The deployment was stopped by a user." },
    });
    await assert.rejects(
      rollOut(request(), clients, clock),
      (error: unknown) =>
        error instanceof DeploymentFailedError &&
        error.alarms.length === 0 &&
        /^CodeDeploy deployment d-FAKE00001 stopped: MANUAL_STOP: The deployment was stopped by a user\./.test(
          error.message,
        ),
    );
    assert.equal(lambda.alias!.version, "3");
    assert.deepEqual(cloudwatch.calls, []);
  });

  it("failure: a failed deployment fails the up with its error code", async () => {
    const { clock, clients } = setUp({
      progress: [],
      end: {
        status: "Failed",
        code: "IAM_ROLE_PERMISSIONS",
        message: "CodeDeploy does not have the permissions",
      },
    });
    await assert.rejects(
      rollOut(request(), clients, clock),
      /^DeploymentFailedError: CodeDeploy deployment d-FAKE00001 failed: IAM_ROLE_PERMISSIONS/,
    );
  });

  it("timeout: a deployment still running after timeoutSeconds is stopped with rollback, and the up fails", async () => {
    const { lambda, codedeploy, clock, clients } = setUp({ progress: [] });
    await assert.rejects(
      rollOut(request({ timeoutSeconds: 60, pollSeconds: 15 }), clients, clock),
      (error: unknown) => {
        assert.ok(error instanceof DeploymentTimeoutError);
        assert.equal(error.deploymentId, "d-FAKE00001");
        assert.match(error.message, /still InProgress after 60 s: stopped it, and CodeDeploy rolls it back/);
        return true;
      },
    );
    assert.equal(codedeploy.calls.at(-1), "StopDeployment rollback=true");
    assert.equal(clock.time, 60_000, "waited the whole timeout, no longer");
    // The stopped deployment rolls back: live serves the old version.
    await codedeploy.getDeployment({ deploymentId: "d-FAKE00001" });
    assert.equal(lambda.alias!.version, "3");
  });

  it("no-op: live already serves the version (an up that published nothing new) calls nothing else", async () => {
    const { lambda, codedeploy, clock, clients } = setUp(
      { progress: [], end: { status: "Succeeded" } },
      { aliasAt: "4" },
    );
    const result = await rollOut(request(), clients, clock);
    assert.deepEqual(result, {
      servedVersion: "4",
      previousVersion: "4",
      outcome: "unchanged",
      deploymentId: undefined,
    });
    assert.deepEqual(lambda.calls, ["GetAlias live"]);
    assert.deepEqual(codedeploy.calls, []);
  });

  it("first deploy: the alias was created on the first version; smoke test, no deployment", async () => {
    const { lambda, codedeploy, clock, clients } = setUp(
      { progress: [], end: { status: "Succeeded" } },
      { aliasAt: "4" },
    );
    const result = await rollOut(request(), clients, clock, true);
    assert.equal(result.outcome, "first");
    assert.deepEqual(lambda.calls, ["GetAlias live", "Invoke 4"]);
    assert.deepEqual(codedeploy.calls, []);
  });

  it("first rollout on a stack whose alias serves an older version: a full deployment", async () => {
    const { codedeploy, clock, clients } = setUp({ progress: [], end: { status: "Succeeded" } });
    assert.equal((await rollOut(request(), clients, clock, true)).outcome, "deployed");
    assert.equal(codedeploy.deployments.length, 1);
  });

  const brokenVersions: Array<[string, VersionBehaviour, RegExp]> = [
    [
      "crashes",
      { kind: "crashes", errorType: "Runtime.ExitError", errorMessage: "RequestId: x Error: Runtime exited" },
      /the function failed \(Unhandled\): .*Runtime\.ExitError/,
    ],
    ["answers 500", { kind: "answers", statusCode: 500, body: '{"error":"internal"}' }, /answered HTTP 500/],
    [
      "scores other labels",
      { kind: "predicts", labels: ["negative", "positive"] },
      /labels are \["negative","positive"\], expected \["unacceptable","acceptable"\]/,
    ],
    ["scores one label", { kind: "predicts", labels: ["acceptable"] }, /labels are \["acceptable"\]/],
  ];
  for (const [what, behaviour, reason] of brokenVersions) {
    it(`smoke-test failure (the new version ${what}): no deployment is created, live does not move`, async () => {
      const { lambda, codedeploy, clock, clients } = setUp(
        { progress: [], end: { status: "Succeeded" } },
        { newVersion: behaviour },
      );
      await assert.rejects(rollOut(request(), clients, clock), (error: unknown) => {
        assert.ok(error instanceof SmokeTestError, String(error));
        assert.equal(error.version, "4");
        assert.match(
          error.message,
          /^smoke test of cola-prod-fn-1a2b3c4 version 4 failed, so no traffic was shifted to it: /,
        );
        assert.match(error.problem, reason);
        return true;
      });
      assert.deepEqual(codedeploy.calls, []);
      assert.equal(lambda.alias!.version, "3");
    });
  }

  it("smoke-test failure on an unknown version: the Invoke error is named, no deployment", async () => {
    const { codedeploy, clock, clients } = setUp({ progress: [], end: { status: "Succeeded" } });
    await assert.rejects(
      rollOut(request({ targetVersion: "9" }), clients, clock),
      /version 9 failed, so no traffic was shifted to it: Invoke failed: ResourceNotFoundException/,
    );
    assert.deepEqual(codedeploy.calls, []);
  });

  it("a deployment already shifting traffic (an interrupted up): refuses, naming the split, creates nothing", async () => {
    const { lambda, codedeploy, clock, clients } = setUp({ progress: [], end: { status: "Succeeded" } });
    lambda.alias!.weights = { "4": 0.1 };
    await assert.rejects(
      rollOut(request(), clients, clock),
      (error: unknown) =>
        error instanceof AliasStateError && /shifting traffic \(version 4 at 10 %\)/.test(error.message),
    );
    assert.deepEqual(lambda.calls, ["GetAlias live"]);
    assert.deepEqual(codedeploy.calls, []);
  });

  it("rolloutIgnoreAlarms: the deployment turns the group's alarms off for itself only", async () => {
    const { codedeploy, clock, clients } = setUp({ progress: [], end: { status: "Succeeded" } });
    await rollOut(request({ ignoreAlarms: true }), clients, clock);
    assert.deepEqual(codedeploy.deployments[0]!.input.overrideAlarmConfiguration, { enabled: false });
  });

  it("the AppSpec is YAML whose versions stay strings", async () => {
    const { codedeploy, clock, clients } = setUp({ progress: [], end: { status: "Succeeded" } });
    await rollOut(request(), clients, clock);
    const spec = parse(codedeploy.deployments[0]!.input.revision.appSpecContent.content) as {
      Resources: Array<{ classifier: { Properties: Record<string, unknown> } }>;
    };
    assert.deepEqual(spec.Resources[0]!.classifier.Properties.CurrentVersion, "3");
  });
});

describe("rollout: what makes an up roll out (the provider's diff)", () => {
  const state = { ...request({ targetVersion: "3" }) };

  it("a new version does; a rollout that failed keeps the old state, so the next up tries again", () => {
    assert.deepEqual(rolloutDiff(state, request({ targetVersion: "4" })), { changes: true, replaces: [] });
  });

  it("the same version does not, whatever else changed (a rollback by npm run rollback stays)", () => {
    const news = request({
      targetVersion: "3",
      deploymentConfigName: "CodeDeployDefault.LambdaAllAtOnce",
      ignoreAlarms: true,
      timeoutSeconds: 1,
      alarmNames: [],
    });
    assert.deepEqual(rolloutDiff(state, news), { changes: false, replaces: [] });
  });

  it("another function or alias replaces the rollout; another group rolls out again", () => {
    assert.deepEqual(rolloutDiff(state, { ...state, functionName: "other" }), {
      changes: true,
      replaces: ["functionName"],
    });
    assert.deepEqual(rolloutDiff(state, { ...state, deploymentGroupName: "other" }), {
      changes: true,
      replaces: [],
    });
  });
});
