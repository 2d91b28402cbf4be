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
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { createGithubDeployAccess, deployRoleName, previewRoleName } from "../../bootstrap/github-oidc";
import {
  checkNames,
  deployPolicy,
  githubOidcProviderArn,
  previewPolicy,
  PROGRAM_RESOURCE_PREFIX,
  stackResourceArns,
  UNSCOPABLE,
  type AccountScope,
  type PolicyDocument,
  type StackTarget,
} from "../../bootstrap/policies";
import { readProjectName, readStackTargets } from "../../bootstrap/stack-files";
import { iamNoWildcardActions, wildcardProblems } from "../../policy/rules/iam";
import { buildStack, stackFileConfig } from "../infra/stack-fixtures";
import { violationsOf } from "../policy/rule-harness";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const REPOSITORY = "example-org/cola-serverless";
const ACCOUNT: AccountScope = { partition: "aws", accountId: MOCK_ACCOUNT };
const NAMES = { project: MOCK_PROJECT, prefix: PROGRAM_RESOURCE_PREFIX };
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

/** Whether some statement allows `action` on `arn`. */
function allows(document: PolicyDocument, action: string, arn: string): boolean {
  return statementsOf(document).some(
    (s) => s.Action.includes(action) && (s.Resource ?? []).some((pattern) => arnMatches(pattern, arn)),
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
    assert.throws(() => checkNames({ stacks: [{ stack: "d*", region: "us-east-1" }] }), /stack name/);
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
        if (service === "iam" || service === "s3") assert.equal(region, "", arn);
        else assert.equal(region, own.region, arn);
        assert.ok(!arn.includes(`${MOCK_PROJECT}-${other.stack}`), `${own.stack} policy names ${arn}`);
        assert.ok(!arn.includes(`/${other.stack}/`) && !arn.includes(`/${other.stack}.json`), arn);
      }
    }
  });

  it("passes the function role to Lambda only", () => {
    const pass = statementsOf(dev).filter((statement) => statement.Action.includes("iam:PassRole"));
    assert.equal(pass.length, 1);
    assert.deepEqual(pass[0]?.Action, ["iam:PassRole"]);
    assert.deepEqual(pass[0]?.Resource, [`arn:aws:iam::${MOCK_ACCOUNT}:role/cola-fn-role-*`]);
    assert.deepEqual(pass[0]?.Condition, { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } });
    assert.ok(!actionsOf(dev).includes("iam:AttachRolePolicy"), "the program attaches no managed policy");
  });

  it("the preview role can change nothing", () => {
    const changes =
      /^(ecr|lambda|iam|logs):(Create|Delete|Put|Update|Tag|Untag|Publish|Add|Remove|Set|Initiate|Upload|Complete|Attach|Detach|Pass)/;
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
    "aws:apigatewayv2/api:Api",
    "aws:apigatewayv2/integration:Integration",
    "aws:apigatewayv2/route:Route",
    "aws:apigatewayv2/stage:Stage",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:iam/role:Role",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:lambda/alias:Alias",
    "aws:lambda/function:Function",
    "aws:lambda/permission:Permission",
    "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig",
    "awsx:ecr:Image",
    "awsx:ecr:Repository",
  ];
  /** The mocks' stack: its physical names are what the program would create in a stack named MOCK_STACK. */
  const target: StackTarget = { stack: MOCK_STACK, region: MOCK_REGION };
  const policy = deployPolicy(ACCOUNT, NAMES, target);

  it("index.ts names its resources with the prefix the policies assume", () => {
    assert.match(readFileSync(path.join(REPO_ROOT, "index.ts"), "utf8"), /prefix: "cola"/);
    assert.equal(PROGRAM_RESOURCE_PREFIX, "cola");
  });

  it("the program declares no resource type the deploy role was not written for (dev and prod settings)", async () => {
    const types = new Set<string>();
    for (const stack of ["dev", "prod"] as const) {
      for (const resource of (await buildStack(stackFileConfig(stack))).resources) types.add(resource.type);
    }
    const uncovered = [...types].filter((type) => !COVERED_TYPES.includes(type));
    assert.deepEqual(uncovered, [], "update bootstrap/policies.ts (and this list) for new resource types");
  });

  it("allows creating each resource under the name the program gives it (prod settings)", async () => {
    const { stack, resources } = await buildStack(stackFileConfig("prod"));
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
      ["logs:PutRetentionPolicy", await valueOf(stack.accessLogGroup.arn)],
      ["lambda:CreateFunction", functionArn],
      ["lambda:PutFunctionConcurrency", functionArn],
      ["lambda:CreateAlias", `${functionArn}:live`],
      ["lambda:PutProvisionedConcurrencyConfig", `${functionArn}:live`],
      ["lambda:AddPermission", functionArn],
      ["apigateway:POST", `arn:aws:apigateway:${MOCK_REGION}::/apis`],
      [
        "apigateway:PATCH",
        `arn:aws:apigateway:${MOCK_REGION}::/apis/${await valueOf(stack.http.api.id)}/stages/$default`,
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
    assert.equal(arns.ecrRepository, `arn:aws:ecr:${MOCK_REGION}:${MOCK_ACCOUNT}:repository/cola-repo-*`);
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
