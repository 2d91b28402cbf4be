import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { RollbackRefusedError } from "../../infra/rollout/errors";
import {
  parseImageUri,
  rollBack,
  rollbackTargetFrom,
  type RollbackTarget,
} from "../../infra/rollout/rollback";
import {
  FakeClock,
  FakeCloudWatch,
  FakeCodeDeploy,
  FakeEcr,
  FakeLambda,
  type DeploymentScript,
  type FakeVersion,
} from "./support/aws-fakes";

const REPO = "cola-prod-repo-1a2b3c4";
const REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
const digest = (char: string) => `sha256:${char.repeat(64)}`;
const TARGET: RollbackTarget = {
  region: "eu-west-1",
  functionName: "cola-prod-fn-1a2b3c4",
  aliasName: "live",
  applicationName: "cola-prod-deploy-1a2b3c4",
  deploymentGroupName: "cola-serverless-prod",
};

/** Versions 2 (image gone), 3 and 4 (live); ECR holds the images of 3 and 4 only. */
function setUp(script: DeploymentScript = { progress: ["InProgress"], end: { status: "Succeeded" } }) {
  const version = (char: string, labels = ["unacceptable", "acceptable"]): FakeVersion => ({
    behaviour: { kind: "predicts", labels },
    imageUri: `${REGISTRY}/${REPO}@${digest(char)}`,
  });
  const versions = new Map([
    ["2", version("2")],
    // An older model, with other labels: the rollback's smoke test takes the version's own.
    ["3", version("3", ["bad", "good"])],
    ["4", version("4")],
  ]);
  const lambda = new FakeLambda(TARGET.functionName, "live", versions, "4");
  const codedeploy = new FakeCodeDeploy(lambda, TARGET.applicationName, TARGET.deploymentGroupName, script);
  const ecr = new FakeEcr({ [REPO]: [digest("3"), digest("4")] });
  const clients = { lambda, codedeploy, cloudwatch: new FakeCloudWatch({}), ecr };
  return { lambda, codedeploy, ecr, clients, clock: new FakeClock() };
}

describe("npm run rollback: live back to an earlier version through CodeDeploy, all at once (fake clients)", () => {
  it("moves live to the version, all at once, with the alarms off for that deployment", async () => {
    const { lambda, codedeploy, ecr, clients, clock } = setUp();
    const result = await rollBack(TARGET, "3", clients, clock);
    assert.deepEqual(result, {
      servedVersion: "3",
      previousVersion: "4",
      outcome: "deployed",
      deploymentId: "d-FAKE00001",
    });
    assert.equal(lambda.alias!.version, "3");
    const { input, appSpec } = codedeploy.deployments[0]!;
    assert.equal(input.deploymentConfigName, "CodeDeployDefault.LambdaAllAtOnce");
    assert.deepEqual(input.overrideAlarmConfiguration, { enabled: false });
    assert.deepEqual(appSpec.Properties, {
      Name: TARGET.functionName,
      Alias: "live",
      CurrentVersion: "4",
      TargetVersion: "3",
    });
    // Image checked, then the same path as a rollout: the smoke prediction before the deployment.
    assert.deepEqual(lambda.calls.slice(0, 3), ["GetFunction 3", "GetAlias live", "Invoke 3"]);
    assert.deepEqual(ecr.calls, [`DescribeImages ${REPO}`]);
  });

  it("refuses a version whose image is gone from ECR, naming the digest; nothing is deployed", async () => {
    const { lambda, codedeploy, clients, clock } = setUp();
    await assert.rejects(rollBack(TARGET, "2", clients, clock), (error: unknown) => {
      assert.ok(error instanceof RollbackRefusedError);
      assert.match(
        error.message,
        new RegExp(
          `^version 2 of cola-prod-fn-1a2b3c4 runs image ${digest("2")}, which is gone from repository ${REPO}`,
        ),
      );
      return true;
    });
    assert.deepEqual(codedeploy.calls, []);
    assert.equal(lambda.alias!.version, "4");
    assert.ok(!lambda.calls.some((call) => call.startsWith("Invoke")), "no smoke invoke either");
  });

  it("refuses a version the function does not have, and anything that is not a version number", async () => {
    const { codedeploy, clients, clock } = setUp();
    await assert.rejects(
      rollBack(TARGET, "9", clients, clock),
      /^RollbackRefusedError: cola-prod-fn-1a2b3c4 has no version 9$/,
    );
    for (const bad of ["$LATEST", "live", "0", "-1", "3.0", ""]) {
      await assert.rejects(rollBack(TARGET, bad, clients, clock), /is not a published version number/, bad);
    }
    assert.deepEqual(codedeploy.calls, []);
  });

  it("a version live already serves: nothing to deploy", async () => {
    const { codedeploy, clients, clock } = setUp();
    assert.equal((await rollBack(TARGET, "4", clients, clock)).outcome, "unchanged");
    assert.deepEqual(codedeploy.calls, []);
  });

  it("fails like a rollout when CodeDeploy stops it, naming the deployment", async () => {
    const { lambda, clients, clock } = setUp({
      progress: [],
      end: { status: "Failed", code: "INTERNAL_ERROR", message: "An internal error occurred" },
    });
    await assert.rejects(
      rollBack(TARGET, "3", clients, clock),
      /CodeDeploy deployment d-FAKE00001 failed: INTERNAL_ERROR/,
    );
    assert.equal(lambda.alias!.version, "4");
  });

  it("reads the stack output rollout, and names what is missing from an older stack's outputs", () => {
    assert.deepEqual(rollbackTargetFrom(JSON.stringify({ ...TARGET, extra: 1 }), "prod"), TARGET);
    assert.throws(
      () => rollbackTargetFrom(JSON.stringify({ region: "eu-west-1", functionName: "f" }), "prod"),
      /stack prod's output "rollout" lacks aliasName, applicationName, deploymentGroupName: run pulumi up once/,
    );
    assert.throws(() => rollbackTargetFrom("not json", "prod"), /output "rollout" lacks/);
  });

  it("parses an ECR image pinned by digest, and nothing else", () => {
    assert.deepEqual(parseImageUri(`${REGISTRY}/${REPO}@${digest("a")}`), {
      registryId: "123456789012",
      region: "eu-west-1",
      repositoryName: REPO,
      digest: digest("a"),
    });
    assert.equal(parseImageUri(`${REGISTRY}/${REPO}:latest`), undefined);
    assert.equal(parseImageUri(`docker.io/library/node@${digest("a")}`), undefined);
  });

  it("is the npm script the docs name", () => {
    const manifest = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    assert.equal(manifest.scripts.rollback, "tsx scripts/rollback.ts");
  });
});
