import "../setup/pulumi-mocks";
import * as assert from "node:assert/strict";
import { policies } from "../../policy/rules";
import { lambdaMemoryBudget, lambdaReservedConcurrency } from "../../policy/rules/lambda";
import { logGroupRetention } from "../../policy/rules/logs";
import { ecrScanOnPush } from "../../policy/rules/ecr";
import { apiStageThrottling } from "../../policy/rules/api";
import { iamNoWildcardActions } from "../../policy/rules/iam";
import type { RecordedResource } from "../setup/pulumi-mocks";
import { buildStack, cliStackConfig, onlyResourceOfType, resourcesOfType } from "../infra/stack-fixtures";
import { violationsOf, withInputs } from "./rule-harness";

describe("policy pack rules on the program's resources", () => {
  let dev: readonly RecordedResource[];
  let prod: readonly RecordedResource[];
  before(async () => {
    dev = (await buildStack(cliStackConfig("dev"))).resources;
    prod = (await buildStack(cliStackConfig("prod"))).resources;
  });

  it("the pack holds every rule once, each with a name and description", () => {
    assert.deepEqual(
      policies.map((policy) => policy.name),
      [
        "lambda-reserved-concurrency",
        "lambda-memory-budget",
        "log-group-retention",
        "ecr-scan-on-push",
        "api-stage-throttling",
        "iam-no-wildcard-actions",
      ],
    );
    for (const policy of policies) assert.ok(policy.description.length > 10, policy.name);
  });

  it("the prod stack passes every rule on every resource", async () => {
    for (const policy of policies) {
      for (const resource of prod) {
        assert.deepEqual(
          await violationsOf(policy, resource),
          [],
          `${policy.name} on ${resource.type} ${resource.name}`,
        );
      }
    }
  });

  it("the dev stack passes every rule except the advisory reserved-concurrency one", async () => {
    for (const policy of policies.filter((p) => p !== lambdaReservedConcurrency)) {
      for (const resource of dev) {
        assert.deepEqual(
          await violationsOf(policy, resource),
          [],
          `${policy.name} on ${resource.type} ${resource.name}`,
        );
      }
    }
  });

  describe("lambda-reserved-concurrency", () => {
    it("passes a function with reserved concurrency (prod)", async () => {
      assert.deepEqual(
        await violationsOf(
          lambdaReservedConcurrency,
          onlyResourceOfType(prod, "aws:lambda/function:Function"),
        ),
        [],
      );
    });
    it("flags a function without a reservation (dev), and is advisory", async () => {
      const violations = await violationsOf(
        lambdaReservedConcurrency,
        onlyResourceOfType(dev, "aws:lambda/function:Function"),
      );
      assert.deepEqual(violations, [
        "reservedConcurrentExecutions is -1; reserve 1 to 100 (stack config key reservedConcurrency)",
      ]);
      assert.equal(lambdaReservedConcurrency.enforcementLevel, "advisory");
    });
    it("flags a reservation of 0, which disables the function", async () => {
      const fn = withInputs(onlyResourceOfType(prod, "aws:lambda/function:Function"), {
        reservedConcurrentExecutions: 0,
      });
      assert.deepEqual(await violationsOf(lambdaReservedConcurrency, fn), [
        "reservedConcurrentExecutions is 0, which disables the function; reserve at least 1",
      ]);
    });
    it("flags a reservation above the default or a configured budget", async () => {
      const fn = onlyResourceOfType(prod, "aws:lambda/function:Function");
      assert.deepEqual(
        await violationsOf(lambdaReservedConcurrency, withInputs(fn, { reservedConcurrentExecutions: 101 })),
        ["reservedConcurrentExecutions is 101; the budget allows at most 100"],
      );
      assert.deepEqual(await violationsOf(lambdaReservedConcurrency, fn, { maxReservedConcurrency: 20 }), [
        "reservedConcurrentExecutions is 50; the budget allows at most 20",
      ]);
    });
  });

  describe("lambda-memory-budget", () => {
    it("passes prod's 1769 MB under the default 4096 MB budget", async () => {
      assert.deepEqual(
        await violationsOf(lambdaMemoryBudget, onlyResourceOfType(prod, "aws:lambda/function:Function")),
        [],
      );
    });
    it("flags memory above a configured budget", async () => {
      const fn = onlyResourceOfType(prod, "aws:lambda/function:Function");
      assert.deepEqual(await violationsOf(lambdaMemoryBudget, fn, { maxMemoryMb: 1024 }), [
        "memorySize is 1769 MB; the budget allows at most 1024 MB",
      ]);
    });
    it("flags memory above the default budget", async () => {
      const fn = withInputs(onlyResourceOfType(prod, "aws:lambda/function:Function"), { memorySize: 8192 });
      assert.deepEqual(await violationsOf(lambdaMemoryBudget, fn), [
        "memorySize is 8192 MB; the budget allows at most 4096 MB",
      ]);
    });
  });

  describe("log-group-retention", () => {
    it("passes both of the program's log groups", async () => {
      const groups = resourcesOfType(dev, "aws:cloudwatch/logGroup:LogGroup");
      assert.equal(groups.length, 2);
      for (const group of groups) assert.deepEqual(await violationsOf(logGroupRetention, group), []);
    });
    it("flags a log group that keeps logs forever", async () => {
      const group = resourcesOfType(dev, "aws:cloudwatch/logGroup:LogGroup")[0]!;
      const { retentionInDays: _dropped, ...inputs } = group.inputs;
      assert.deepEqual(await violationsOf(logGroupRetention, { ...group, inputs }), [
        "retentionInDays is undefined; set a retention period (stack config key logRetentionDays)",
      ]);
      assert.equal(
        (await violationsOf(logGroupRetention, withInputs(group, { retentionInDays: 0 }))).length,
        1,
      );
    });
  });

  describe("ecr-scan-on-push", () => {
    it("passes the program's repository", async () => {
      assert.deepEqual(await violationsOf(ecrScanOnPush, onlyResourceOfType(dev, "awsx:ecr:Repository")), []);
    });
    it("flags a repository that does not scan on push, as awsx component or plain aws:ecr resource", async () => {
      const repo = withInputs(onlyResourceOfType(dev, "awsx:ecr:Repository"), {
        imageScanningConfiguration: { scanOnPush: false },
      });
      const expected = ["imageScanningConfiguration.scanOnPush is not true; enable scanning on push"];
      assert.deepEqual(await violationsOf(ecrScanOnPush, repo), expected);
      assert.deepEqual(
        await violationsOf(ecrScanOnPush, { ...repo, type: "aws:ecr/repository:Repository" }),
        expected,
      );
      const { imageScanningConfiguration: _dropped, ...unset } = repo.inputs;
      assert.deepEqual(await violationsOf(ecrScanOnPush, { ...repo, inputs: unset }), expected);
    });
  });

  describe("api-stage-throttling", () => {
    it("passes the program's $default stage", async () => {
      assert.deepEqual(
        await violationsOf(apiStageThrottling, onlyResourceOfType(dev, "aws:apigatewayv2/stage:Stage")),
        [],
      );
    });
    it("flags a stage without throttling, naming each missing limit", async () => {
      const stage = withInputs(onlyResourceOfType(dev, "aws:apigatewayv2/stage:Stage"), {
        defaultRouteSettings: undefined,
      });
      assert.deepEqual(await violationsOf(apiStageThrottling, stage), [
        "defaultRouteSettings.throttlingBurstLimit is undefined; set a limit greater than 0",
        "defaultRouteSettings.throttlingRateLimit is undefined; set a limit greater than 0",
      ]);
      const zeroRate = withInputs(stage, {
        defaultRouteSettings: { throttlingBurstLimit: 10, throttlingRateLimit: 0 },
      });
      assert.deepEqual(await violationsOf(apiStageThrottling, zeroRate), [
        "defaultRouteSettings.throttlingRateLimit is 0; set a limit greater than 0",
      ]);
    });
  });

  describe("iam-no-wildcard-actions", () => {
    it("passes the program's roles and role policies (logs and X-Ray; CodeDeploy's alias moves)", async () => {
      const iam = [
        ...resourcesOfType(prod, "aws:iam/role:Role"),
        ...resourcesOfType(prod, "aws:iam/rolePolicy:RolePolicy"),
      ];
      assert.equal(iam.length, 5);
      for (const resource of iam) assert.deepEqual(await violationsOf(iamNoWildcardActions, resource), []);
    });
    it("flags wildcard actions in a role policy", async () => {
      const policy = resourcesOfType(prod, "aws:iam/rolePolicy:RolePolicy")[0]!;
      const widened = withInputs(policy, {
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Action: ["logs:*", "s3:GetObject"], Resource: "*" },
            { Effect: "Allow", Action: "*", Resource: "*" },
            { Effect: "Allow", Action: "xray:PutTrace?egments", Resource: "*" },
            { Effect: "Deny", Action: "*", Resource: "*" },
          ],
        }),
      });
      assert.deepEqual(await violationsOf(iamNoWildcardActions, widened), [
        'action "logs:*" uses a wildcard; name each action',
        'action "*" uses a wildcard; name each action',
        'action "xray:PutTrace?egments" uses a wildcard; name each action',
      ]);
    });
    it("flags Allow with NotAction and wildcards in a role's inline policies", async () => {
      const role = withInputs(resourcesOfType(prod, "aws:iam/role:Role")[0]!, {
        inlinePolicies: [
          {
            name: "broad",
            policy: JSON.stringify({ Statement: { Effect: "Allow", NotAction: "iam:*", Resource: "*" } }),
          },
          {
            name: "partial",
            policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:Get*", Resource: "*" }] }),
          },
        ],
      });
      assert.deepEqual(await violationsOf(iamNoWildcardActions, role), [
        "a statement allows NotAction, which grants every action but the listed ones",
        'action "s3:Get*" uses a wildcard; name each action',
      ]);
    });
    it("flags a policy document it cannot read", async () => {
      const policy = withInputs(resourcesOfType(prod, "aws:iam/rolePolicy:RolePolicy")[0]!, {
        policy: "{not json",
      });
      assert.deepEqual(await violationsOf(iamNoWildcardActions, policy), [
        "the policy document is not valid JSON, so its actions cannot be checked",
      ]);
    });
  });
});
