import {
  MOCK_ACCOUNT,
  MOCK_PROJECT,
  MOCK_REGION,
  MOCK_STACK,
  recordedResources,
  resetRecordedResources,
  settled,
  valueOf,
} from "../setup/pulumi-mocks";
import * as assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { createGithubDeployAccess, deployRoleName, previewRoleName } from "../../bootstrap/github-oidc";
import {
  checkNames,
  deployPolicy,
  githubOidcProviderArn,
  previewPolicy,
  stackResourceArns,
  UNSCOPABLE,
  type AccountScope,
  type PolicyDocument,
  type StackTarget,
} from "../../bootstrap/policies";
import { readProjectName, readStackTargets } from "../../bootstrap/stack-files";
import { iamNoWildcardActions, wildcardProblems } from "../../policy/rules/iam";
import { logGroupNames, logicalNames, stackNames } from "../../infra/names";
import { CLASSIFIER_SERVICE_TYPE } from "../../infra/service";
import { buildStack, stackFileConfig, type RawConfig, type StackName } from "../infra/stack-fixtures";
import { violationsOf } from "../policy/rule-harness";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const REPOSITORY = "example-org/cola-serverless";
const ACCOUNT: AccountScope = { partition: "aws", accountId: MOCK_ACCOUNT };
const NAMES = { project: MOCK_PROJECT };
const DEV: StackTarget = { stack: "dev", region: "us-east-1" };
const PROD: StackTarget = { stack: "prod", region: "eu-west-1" };
const BUCKET = "example-pulumi-state";

const statementsOf = (document: PolicyDocument) => document.Statement;
const actionsOf = (document: PolicyDocument) => statementsOf(document).flatMap((s) => s.Action);
const resourcesOf = (document: PolicyDocument) => statementsOf(document).flatMap((s) => s.Resource ?? []);

/** IAM's ARN matching: `*` any run of characters, `?` one character. */
function arnMatches(pattern: string, arn: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${regex}$`).test(arn);
}

/**
 * Whether some Allow statement allows `action` on `arn` (when its conditions hold: test/bootstrap/
 * deploy-permissions.test.ts evaluates conditions and Deny statements).
 */
function allows(document: PolicyDocument, action: string, arn: string): boolean {
  return statementsOf(document).some(
    (s) =>
      s.Effect === "Allow" &&
      s.Action.includes(action) &&
      (s.Resource ?? []).some((pattern) => arnMatches(pattern, arn)),
  );
}

describe("bootstrap: who may assume the GitHub roles", () => {
  let access: ReturnType<typeof createGithubDeployAccess>;
  before(async () => {
    resetRecordedResources();
    access = createGithubDeployAccess("github", {
      repository: REPOSITORY,
      accountId: MOCK_ACCOUNT,
      names: NAMES,
      stacks: [DEV, PROD],
      stateBucket: BUCKET,
    });
    await settled(access);
  });
  const recorded = (type: string) => recordedResources().filter((resource) => resource.type === type);
  const trustOf = (roleName: string) => {
    const role = recorded("aws:iam/role:Role").find((resource) => resource.inputs.name === roleName);
    assert.ok(role, roleName);
    return JSON.parse(String(role.inputs.assumeRolePolicy)) as PolicyDocument;
  };

  it("creates GitHub's OIDC provider for the sts.amazonaws.com audience, one preview role and a role per stack", () => {
    const [provider, ...others] = recorded("aws:iam/openIdConnectProvider:OpenIdConnectProvider");
    assert.equal(others.length, 0);
    assert.equal(provider?.inputs.url, "https://token.actions.githubusercontent.com");
    assert.deepEqual(provider?.inputs.clientIdLists, ["sts.amazonaws.com"]);
    assert.deepEqual(
      recorded("aws:iam/role:Role").map((role) => role.inputs.name),
      [
        "cola-serverless-github-preview",
        "cola-serverless-github-deploy-dev",
        "cola-serverless-github-deploy-prod",
      ],
    );
    assert.equal(recorded("aws:iam/rolePolicy:RolePolicy").length, 3);
    assert.deepEqual(Object.keys(access.deployRoles), ["dev", "prod"]);
    for (const role of recorded("aws:iam/role:Role")) assert.equal(role.inputs.maxSessionDuration, 3600);
  });

  it("the preview role trusts pull-request jobs of this repository only; each deploy role its environment only", () => {
    const expected: Array<[string, string]> = [
      [previewRoleName(NAMES), `repo:${REPOSITORY}:pull_request`],
      [deployRoleName(NAMES, "dev"), `repo:${REPOSITORY}:environment:dev`],
      [deployRoleName(NAMES, "prod"), `repo:${REPOSITORY}:environment:prod`],
    ];
    for (const [roleName, subject] of expected) {
      const [statement, ...rest] = trustOf(roleName).Statement;
      assert.equal(rest.length, 0, roleName);
      assert.deepEqual(statement?.Principal, { Federated: githubOidcProviderArn(ACCOUNT) });
      assert.deepEqual(statement?.Action, ["sts:AssumeRoleWithWebIdentity"]);
      // StringEquals on both claims: no pattern that another repository, branch or environment could match.
      assert.deepEqual(statement?.Condition, {
        StringEquals: {
          "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
          "token.actions.githubusercontent.com:sub": subject,
        },
      });
    }
  });

  it("each role's inline policy is the documented one, and passes the policy pack's IAM rule", async () => {
    const policies = recorded("aws:iam/rolePolicy:RolePolicy").map(
      (p) => JSON.parse(String(p.inputs.policy)) as PolicyDocument,
    );
    assert.deepEqual(policies, [
      previewPolicy(ACCOUNT, NAMES, [DEV, PROD], BUCKET),
      deployPolicy(ACCOUNT, NAMES, DEV, BUCKET),
      deployPolicy(ACCOUNT, NAMES, PROD, BUCKET),
    ]);
    for (const policy of recorded("aws:iam/rolePolicy:RolePolicy")) {
      assert.deepEqual(await violationsOf(iamNoWildcardActions, policy), []);
    }
  });

  it("reuses an existing OIDC provider (one per account) instead of creating another", async () => {
    resetRecordedResources();
    const reused = createGithubDeployAccess("github-existing", {
      repository: REPOSITORY,
      accountId: MOCK_ACCOUNT,
      names: NAMES,
      stacks: [DEV],
      existingOidcProviderArn: githubOidcProviderArn(ACCOUNT),
    });
    await settled(reused);
    assert.equal(reused.oidcProvider, undefined);
    assert.equal(recorded("aws:iam/openIdConnectProvider:OpenIdConnectProvider").length, 0);
    assert.match(await valueOf(reused.previewRole.arn), /^arn:aws:iam::123456789012:role\//);
  });

  it("rejects names that would widen a trust or a policy", () => {
    for (const repository of ["example-org/*", "*", "example-org/repo:ref:refs/heads/main", "repo"]) {
      assert.throws(() => checkNames({ repository }), /githubRepository/, repository);
    }
    for (const stack of ["d*", "d?", "Dev", "a.b", "s".repeat(44)]) {
      assert.throws(() => checkNames({ stacks: [{ stack, region: "us-east-1" }] }), /stack name/, stack);
    }
    assert.throws(() => checkNames({ stacks: [{ stack: "dev", region: "*" }] }), /region/);
    assert.throws(() => checkNames({ account: { partition: "aws", accountId: "*" } }), /account id/);
    assert.throws(() => checkNames({ stateBucket: "bucket/*" }), /stateBucket/);
    assert.doesNotThrow(() =>
      checkNames({ repository: REPOSITORY, stacks: [DEV, PROD], stateBucket: BUCKET }),
    );
  });
});

describe("bootstrap: what the roles may do", () => {
  const dev = deployPolicy(ACCOUNT, NAMES, DEV, BUCKET);
  const prod = deployPolicy(ACCOUNT, NAMES, PROD, BUCKET);
  const preview = previewPolicy(ACCOUNT, NAMES, [DEV, PROD], BUCKET);

  it("names every action (no wildcards), like the policy pack requires of the program", () => {
    for (const document of [dev, prod, preview]) assert.deepEqual(wildcardProblems(document), []);
  });

  it('uses Resource "*" only for the actions AWS cannot scope to a resource', () => {
    const unscopable = new Set<string>(Object.values(UNSCOPABLE).flatMap((entry) => [...entry.actions]));
    for (const document of [dev, prod, preview]) {
      for (const statement of statementsOf(document)) {
        if (!(statement.Resource ?? []).includes("*")) continue;
        assert.deepEqual(statement.Resource, ["*"], statement.Sid);
        for (const action of statement.Action)
          assert.ok(unscopable.has(action), `${statement.Sid}: ${action}`);
      }
    }
  });

  it("each deploy role reaches only its own stack's region, log groups and state", () => {
    for (const [document, own, other] of [
      [dev, DEV, PROD],
      [prod, PROD, DEV],
    ] as const) {
      for (const arn of resourcesOf(document).filter((resource) => resource !== "*")) {
        const [, , service, region] = arn.split(":");
        // IAM, S3 and CloudWatch dashboards are global.
        if (service === "iam" || service === "s3" || arn.includes(":dashboard/"))
          assert.equal(region, "", arn);
        else assert.equal(region, own.region, arn);
        assert.ok(!arn.includes(`${MOCK_PROJECT}-${other.stack}`), `${own.stack} policy names ${arn}`);
        assert.ok(!arn.includes(`cola-${other.stack}-`), `${own.stack} policy names ${arn}`);
        assert.ok(!arn.includes(`/${other.stack}/`) && !arn.includes(`/${other.stack}.json`), arn);
      }
    }
  });

  it("passes the function role to Lambda only, and CodeDeploy's role to CodeDeploy only", () => {
    const pass = statementsOf(dev).filter((statement) => statement.Action.includes("iam:PassRole"));
    assert.equal(pass.length, 2);
    for (const [statement, role, service] of [
      [pass[0], "cola-dev-fn-role", "lambda"],
      [pass[1], "cola-dev-cd-role", "codedeploy"],
    ] as const) {
      assert.deepEqual(statement?.Action, ["iam:PassRole"]);
      assert.deepEqual(statement?.Resource, [`arn:aws:iam::${MOCK_ACCOUNT}:role/${role}-???????`]);
      assert.deepEqual(statement?.Condition, {
        StringEquals: { "iam:PassedToService": `${service}.amazonaws.com` },
      });
    }
    assert.ok(!actionsOf(dev).includes("iam:AttachRolePolicy"), "the program attaches no managed policy");
  });

  it("the preview role can change nothing", () => {
    const changes =
      /^(ecr|lambda|iam|logs|codedeploy):(Create|Delete|Put|Update|Tag|Untag|Publish|Add|Remove|Set|Initiate|Upload|Complete|Attach|Detach|Pass|Register|Stop|Invoke)/;
    for (const action of actionsOf(preview)) {
      assert.doesNotMatch(action, changes, action);
      if (action.startsWith("apigateway:")) assert.equal(action, "apigateway:GET");
      if (action.startsWith("s3:")) assert.ok(["s3:GetObject", "s3:ListBucket"].includes(action), action);
      assert.ok(!action.startsWith("sts:"), action);
    }
    assert.ok(!actionsOf(preview).includes("ecr:BatchDeleteImage"));
  });

  it("without a self-managed backend, no role gets any S3 permission", () => {
    for (const document of [deployPolicy(ACCOUNT, NAMES, DEV), previewPolicy(ACCOUNT, NAMES, [DEV, PROD])]) {
      assert.deepEqual(
        actionsOf(document).filter((action) => action.startsWith("s3:")),
        [],
      );
    }
  });

  it("a deploy role writes only its own stack's state objects", () => {
    const object = (key: string) => `arn:aws:s3:::${BUCKET}/${key}`;
    const project = MOCK_PROJECT;
    assert.ok(allows(dev, "s3:PutObject", object(`.pulumi/stacks/${project}/dev.json`)));
    assert.ok(allows(dev, "s3:PutObject", object(`.pulumi/history/${project}/dev/dev-1.history.json`)));
    assert.ok(allows(dev, "s3:DeleteObject", object(`.pulumi/locks/organization/${project}/dev/abc.json`)));
    assert.ok(allows(dev, "s3:GetObject", object(".pulumi/meta.yaml")));
    assert.ok(!allows(dev, "s3:PutObject", object(`.pulumi/stacks/${project}/prod.json`)));
    assert.ok(!allows(dev, "s3:GetObject", object(`.pulumi/stacks/${project}/prod.json`)));
    assert.ok(!allows(dev, "s3:PutObject", object(`.pulumi/stacks/other-project/dev.json`)));
    assert.ok(allows(preview, "s3:GetObject", object(`.pulumi/stacks/${project}/prod.json`)));
    assert.ok(!allows(preview, "s3:PutObject", object(`.pulumi/stacks/${project}/dev.json`)));
  });
});

describe("bootstrap: the deploy role covers exactly what the program creates", () => {
  /** Every resource type the program declares under any settings; the deploy policy has a statement for each. */
  const COVERED_TYPES = [
    // The rollout (infra/rollout/provider.ts): its AWS calls are checked against the deploy role in
    // deploy-permissions.test.ts ("grants every action the rollout resource and the rollback command call").
    "pulumi-nodejs:dynamic:Resource",
    "aws:apigatewayv2/api:Api",
    "aws:apigatewayv2/authorizer:Authorizer",
    "aws:apigatewayv2/integration:Integration",
    "aws:apigatewayv2/route:Route",
    "aws:apigatewayv2/stage:Stage",
    "aws:cloudwatch/dashboard:Dashboard",
    // The rollout's (issue 18): bootstrap/rollout-names.ts and the CodeDeploy statements.
    "aws:codedeploy/application:Application",
    "aws:codedeploy/deploymentGroup:DeploymentGroup",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:cloudwatch/logMetricFilter:LogMetricFilter",
    "aws:cloudwatch/metricAlarm:MetricAlarm",
    "aws:iam/role:Role",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:lambda/alias:Alias",
    "aws:lambda/function:Function",
    // endpoint functionUrl: the URL and its public grants (lambda:*FunctionUrlConfig, AddPermission).
    "aws:lambda/functionUrl:FunctionUrl",
    "aws:lambda/permission:Permission",
    "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig",
    // Warm capacity's autoscaling (issue 22): the LambdaConcurrencyScaling statements.
    "aws:appautoscaling/target:Target",
    "aws:appautoscaling/policy:Policy",
    "aws:appautoscaling/scheduledAction:ScheduledAction",
    "awsx:ecr:Image",
    "awsx:ecr:Repository",
    "aws:sns/topic:Topic",
    "aws:sns/topicSubscription:TopicSubscription",
    // The component groups the others and is no AWS resource.
    CLASSIFIER_SERVICE_TYPE,
  ];
  /** The mocks' stack: its physical names are what the program would create in a stack named MOCK_STACK. */
  const target: StackTarget = { stack: MOCK_STACK, region: MOCK_REGION };
  const policy = deployPolicy(ACCOUNT, NAMES, target);

  it("scopes the stack's resources by the names infra/names.ts gives that stack (as index.ts uses them)", () => {
    const arns = stackResourceArns(ACCOUNT, NAMES, target);
    const logical = logicalNames(stackNames(MOCK_PROJECT, MOCK_STACK).prefix);
    assert.equal(logical.function, `cola-${MOCK_STACK}-fn`);
    const at = `${MOCK_REGION}:${MOCK_ACCOUNT}`;
    assert.equal(arns.ecrRepository, `arn:aws:ecr:${at}:repository/${logical.repository}-???????`);
    assert.deepEqual(arns.lambdaFunction, [
      `arn:aws:lambda:${at}:function:${logical.function}-???????`,
      `arn:aws:lambda:${at}:function:${logical.function}-???????:*`,
    ]);
    assert.equal(arns.functionRole, `arn:aws:iam::${MOCK_ACCOUNT}:role/${logical.functionRole}-???????`);
    const { function: fnLogs, access } = logGroupNames(stackNames(MOCK_PROJECT, MOCK_STACK));
    assert.deepEqual(arns.logGroups, [
      `arn:aws:logs:${at}:log-group:${fnLogs}`,
      `arn:aws:logs:${at}:log-group:${fnLogs}:*`,
      `arn:aws:logs:${at}:log-group:${access}`,
      `arn:aws:logs:${at}:log-group:${access}:*`,
    ]);
  });

  it("the program declares no resource type the deploy role was not written for (dev and prod settings)", async () => {
    const types = new Set<string>();
    const settings: RawConfig[] = [
      stackFileConfig("dev"),
      stackFileConfig("prod"),
      // The optional parts: the JWT authorizer, and the alarm topic with its subscription.
      {
        auth: "jwt",
        jwtIssuer: "https://issuer.example.com",
        jwtAudience: '["app"]',
        alarmEmail: "ops@example.com",
      },
      // The function URL in place of the API, public (with its grants) and signed.
      { ...stackFileConfig("dev"), endpoint: "functionUrl", auth: "none" },
      { ...stackFileConfig("prod"), endpoint: "functionUrl", auth: "iam" },
    ];
    for (const raw of settings) {
      for (const resource of (await buildStack(raw)).resources) types.add(resource.type);
    }
    const uncovered = [...types].filter((type) => !COVERED_TYPES.includes(type));
    assert.deepEqual(uncovered, [], "update bootstrap/policies.ts (and this list) for new resource types");
  });

  it("allows creating the function URL and its public grants under the program's names (endpoint functionUrl)", async () => {
    const { stack } = await buildStack({ ...stackFileConfig("prod"), endpoint: "functionUrl", auth: "none" });
    const alias = `${await valueOf(stack.fn.fn.arn)}:${await valueOf(stack.fn.alias.name)}`;
    for (const action of [
      "lambda:CreateFunctionUrlConfig",
      "lambda:AddPermission",
      "lambda:GetFunctionUrlConfig",
    ])
      assert.ok(allows(policy, action, alias), `${action} on ${alias}`);
    for (const alarm of stack.alarms.alarms)
      assert.ok(
        allows(policy, "cloudwatch:PutMetricAlarm", await valueOf(alarm.arn)),
        await valueOf(alarm.name),
      );
  });

  it("allows creating each resource under the name the program gives it (prod settings)", async () => {
    const { stack, resources } = await buildStack({
      ...stackFileConfig("prod"),
      alarmEmail: "ops@example.com",
    });
    const auto = (logicalName: string) => `${logicalName}-1a2b3c4`; // Pulumi auto-naming's random suffix
    const repository = resources.find((resource) => resource.type === "awsx:ecr:Repository");
    assert.ok(repository);
    const functionArn = await valueOf(stack.fn.fn.arn);
    const wanted: Array<[string, string]> = [
      [
        "ecr:CreateRepository",
        `arn:aws:ecr:${MOCK_REGION}:${MOCK_ACCOUNT}:repository/${auto(repository.name)}`,
      ],
      ["ecr:PutImage", `arn:aws:ecr:${MOCK_REGION}:${MOCK_ACCOUNT}:repository/${auto(repository.name)}`],
      ["iam:CreateRole", await valueOf(stack.role.role.arn)],
      ["iam:PutRolePolicy", await valueOf(stack.role.role.arn)],
      ["iam:PassRole", await valueOf(stack.role.role.arn)],
      ["logs:CreateLogGroup", await valueOf(stack.functionLogGroup.arn)],
      ["logs:PutRetentionPolicy", await valueOf(stack.accessLogGroup!.arn)],
      ["lambda:CreateFunction", functionArn],
      ["lambda:PutFunctionConcurrency", functionArn],
      ["lambda:CreateAlias", `${functionArn}:live`],
      ["lambda:PutProvisionedConcurrencyConfig", `${functionArn}:live`],
      ["lambda:AddPermission", functionArn],
      ["logs:PutMetricFilter", await valueOf(stack.functionLogGroup.arn)],
      ...(await Promise.all(
        stack.alarms.alarms.map(async (alarm): Promise<[string, string]> => [
          "cloudwatch:PutMetricAlarm",
          await valueOf(alarm.arn),
        ]),
      )),
      ["cloudwatch:PutDashboard", await valueOf(stack.dashboard.dashboardArn)],
      ["sns:CreateTopic", await valueOf(stack.alarms.topic!.arn)],
      ["sns:Subscribe", await valueOf(stack.alarms.topic!.arn)],
      ["apigateway:POST", `arn:aws:apigateway:${MOCK_REGION}::/apis`],
      [
        "apigateway:PATCH",
        `arn:aws:apigateway:${MOCK_REGION}::/apis/${await valueOf(stack.http!.api.id)}/stages/$default`,
      ],
    ];
    for (const [action, arn] of wanted) assert.ok(allows(policy, action, arn), `${action} on ${arn}`);
    // And nothing of the same kind outside the program's names.
    const arns = stackResourceArns(ACCOUNT, NAMES, target);
    assert.ok(!allows(policy, "iam:CreateRole", `arn:aws:iam::${MOCK_ACCOUNT}:role/admin`));
    assert.ok(
      !allows(policy, "iam:PassRole", `arn:aws:iam::${MOCK_ACCOUNT}:role/cola-serverless-github-deploy-prod`),
    );
    assert.ok(
      !allows(
        policy,
        "lambda:UpdateFunctionCode",
        `arn:aws:lambda:${MOCK_REGION}:${MOCK_ACCOUNT}:function:other`,
      ),
    );
    assert.ok(
      !allows(
        policy,
        "logs:DeleteLogGroup",
        `arn:aws:logs:${MOCK_REGION}:${MOCK_ACCOUNT}:log-group:/aws/lambda/x`,
      ),
    );
    assert.ok(!allows(policy, "ecr:PutImage", `arn:aws:ecr:${MOCK_REGION}:${MOCK_ACCOUNT}:repository/other`));
    assert.equal(
      arns.ecrRepository,
      `arn:aws:ecr:${MOCK_REGION}:${MOCK_ACCOUNT}:repository/cola-${MOCK_STACK}-repo-???????`,
    );
  });
});

/** The actions `document` allows on `arn` through statements that name resources (not `Resource: "*"`). */
function actionsAllowedOn(document: PolicyDocument, arn: string): string[] {
  // A "*" statement holds only actions that take no resource ARN at all (checked above against UNSCOPABLE).
  const scoped = statementsOf(document).filter(
    (s) => s.Effect === "Allow" && !(s.Resource ?? []).includes("*"),
  );
  return [
    ...new Set(
      scoped.filter((s) => (s.Resource ?? []).some((p) => arnMatches(p, arn))).flatMap((s) => s.Action),
    ),
  ];
}

/**
 * Read-only and region-wide by AWS's design: DescribeLogGroups authorizes against log-group:* (it lists). A role
 * may use it on another stack's log groups when both are in one region, and nothing else.
 */
const REGION_WIDE_READS = ["logs:DescribeLogGroups", "logs:DescribeMetricFilters"];

/** A stack's resources, each by every ARN form an action may be authorized against. */
type StackArns = Record<"function" | "role" | "repository" | "logGroups", string[]>;

describe("bootstrap: a stack's deploy role cannot touch another stack's resources", () => {
  /**
   * The ARNs of what the program creates as stack `stack` in `region`: built under the mocks with the names
   * index.ts gives that stack (the mocks' physical ids are the logical name plus 7 hex characters, like Pulumi's
   * auto-naming; the ECR repository's is added here), with the mocks' region replaced by `region`.
   */
  async function programArns(stack: StackName, region: string): Promise<StackArns> {
    const { stack: built, resources } = await buildStack(stackFileConfig(stack), stack);
    const inRegion = (arn: string) => arn.replace(`:${MOCK_REGION}:`, `:${region}:`);
    const repository = resources.find((resource) => resource.type === "awsx:ecr:Repository");
    assert.ok(repository, "the program declares an ECR repository");
    const fn = inRegion(await valueOf(built.fn.fn.arn));
    const logGroups: string[] = [];
    for (const group of [built.functionLogGroup, built.accessLogGroup!]) {
      const arn = inRegion(await valueOf(group.arn));
      logGroups.push(arn, `${arn}:*`, `${arn}:log-stream:2024/01/01/[$LATEST]0123456789abcdef`);
    }
    return {
      function: [fn, `${fn}:live`, `${fn}:1`],
      role: [await valueOf(built.role.role.arn)],
      repository: [`arn:aws:ecr:${region}:${MOCK_ACCOUNT}:repository/${repository.name}-1a2b3c4`],
      logGroups,
    };
  }

  const layouts = [
    // Only the names keep the stacks apart: IAM is global anyway, and here Lambda, ECR and logs are shared too.
    { layout: "both stacks in one region", dev: MOCK_REGION, prod: MOCK_REGION },
    { layout: "the regions of Pulumi.dev.yaml and Pulumi.prod.yaml", dev: DEV.region, prod: PROD.region },
  ];
  for (const { layout, ...regions } of layouts) {
    for (const [own, other] of [
      ["dev", "prod"],
      ["prod", "dev"],
    ] as const) {
      it(`${own}'s role: nothing on ${other}'s function, role, repository or log groups (${layout})`, async () => {
        const policy = deployPolicy(ACCOUNT, NAMES, { stack: own, region: regions[own] }, BUCKET);
        const mine = await programArns(own, regions[own]);
        const theirs = await programArns(other, regions[other]);

        for (const [kind, arns] of Object.entries(theirs)) {
          for (const arn of arns) {
            const allowed = actionsAllowedOn(policy, arn).filter((a) => !REGION_WIDE_READS.includes(a));
            assert.deepEqual(
              allowed,
              [],
              `${own}'s deploy role may ${allowed.join(", ")} on ${other}'s ${kind} ${arn}`,
            );
          }
        }

        // Not vacuous: the same policy does manage its own stack's resources. (Each assert.ok has a message: a
        // failing one without a message, which node:assert builds from this file's source, hung the test run.)
        const wanted: Array<[string, string]> = [
          ["lambda:UpdateFunctionCode", mine.function[0]!],
          ["lambda:UpdateAlias", mine.function[1]!],
          ["iam:PutRolePolicy", mine.role[0]!],
          ["iam:PassRole", mine.role[0]!],
          ["ecr:PutImage", mine.repository[0]!],
          ...mine.logGroups.map((arn): [string, string] => ["logs:DeleteLogGroup", arn]),
        ];
        for (const [action, arn] of wanted)
          assert.ok(allows(policy, action, arn), `${own}: ${action} on ${arn}`);
      });
    }
  }

  it("holds for any two stack names, even when one starts with the other (dev, dev-fn, dev-fn-role, ...)", () => {
    const stacks = [
      "dev",
      "prod",
      "d",
      "de",
      "dev-fn",
      "dev-fn-role",
      "dev-repo",
      "dev_fn",
      "dev-1",
      "dev-1a2b3c4",
    ];
    const region = MOCK_REGION;
    const at = `${region}:${MOCK_ACCOUNT}`;
    const arnsOf = (stack: string): string[] => {
      const names = stackNames(MOCK_PROJECT, stack);
      const logical = logicalNames(names.prefix);
      const fn = `arn:aws:lambda:${at}:function:${logical.function}-1a2b3c4`;
      return [
        fn,
        `${fn}:live`,
        `${fn}:1`,
        `arn:aws:iam::${MOCK_ACCOUNT}:role/${logical.functionRole}-1a2b3c4`,
        `arn:aws:ecr:${at}:repository/${logical.repository}-1a2b3c4`,
        ...Object.values(logGroupNames(names)).flatMap((name) => {
          const group = `arn:aws:logs:${at}:log-group:${name}`;
          return [group, `${group}:*`, `${group}:log-stream:x`];
        }),
      ];
    };
    for (const own of stacks) {
      const policy = deployPolicy(ACCOUNT, NAMES, { stack: own, region }, BUCKET);
      for (const arn of arnsOf(own)) assert.notDeepEqual(actionsAllowedOn(policy, arn), [], `${own}: ${arn}`);
      for (const other of stacks.filter((stack) => stack !== own)) {
        for (const arn of arnsOf(other)) {
          const allowed = actionsAllowedOn(policy, arn).filter((a) => !REGION_WIDE_READS.includes(a));
          assert.deepEqual(
            allowed,
            [],
            `${own}'s deploy role may ${allowed.join(", ")} on ${other}'s ${arn}`,
          );
        }
      }
    }
  });
});

describe("bootstrap: stack files", () => {
  it("reads the project name and each stack's region from the program's files", () => {
    assert.equal(readProjectName(REPO_ROOT), MOCK_PROJECT);
    const targets = readStackTargets(REPO_ROOT, ["dev", "prod"]);
    assert.deepEqual(
      targets.map((t) => t.stack),
      ["dev", "prod"],
    );
    assert.doesNotThrow(() => checkNames({ stacks: targets }));
  });

  it("fails for a stack file without aws:region", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bootstrap-"));
    try {
      writeFileSync(path.join(dir, "Pulumi.staging.yaml"), "config:\n  cola-serverless:memorySize: 512\n");
      assert.throws(() => readStackTargets(dir, ["staging"]), /does not set aws:region/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
