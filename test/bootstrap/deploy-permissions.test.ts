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
import { boundaryPolicy, BOUNDARY_UNSCOPABLE } from "../../bootstrap/boundary";
import { createGithubDeployAccess } from "../../bootstrap/github-oidc";
import {
  deployPolicy,
  previewPolicy,
  REGION_WIDE_API_ACCESS,
  type AccountScope,
  type ConditionBlock,
  type PolicyDocument,
  type StackTarget,
} from "../../bootstrap/policies";
import { rolloutNames } from "../../bootstrap/rollout-names";
import { CODEDEPLOY_RESOURCE_ACTIONS, ROLLBACK_ACTIONS, ROLLOUT_ACTIONS } from "../../infra/rollout/actions";
import { stackNames } from "../../infra/names";
import { STACK_TAG_KEY } from "../../infra/stack-scope";
import { buildStack, cliStackConfig } from "../infra/stack-fixtures";

const ACCOUNT: AccountScope = { partition: "aws", accountId: MOCK_ACCOUNT };
const NAMES = { project: MOCK_PROJECT };
const DEV: StackTarget = { stack: "dev", region: "us-east-1" };
const PROD: StackTarget = { stack: "prod", region: "eu-west-1" };
const A = MOCK_ACCOUNT;

type Context = Record<string, string>;
interface Request {
  action: string;
  resource: string;
  context?: Context;
}

/** IAM's ARN matching: `*` any run of characters, `?` one character. */
function arnMatches(pattern: string, arn: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${regex}$`).test(arn);
}

/**
 * The condition operators these documents use, as IAM evaluates them
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html):
 * StringEquals is false when the key is absent from the request; StringNotEquals is true then.
 */
function conditionsHold(condition: ConditionBlock | undefined, context: Context): boolean {
  for (const [operator, keys] of Object.entries(condition ?? {})) {
    for (const [key, expected] of Object.entries(keys)) {
      const values = Array.isArray(expected) ? expected : [expected];
      const actual = context[key];
      if (operator === "StringEquals" && (actual === undefined || !values.includes(actual))) return false;
      if (operator === "StringNotEquals" && actual !== undefined && values.includes(actual)) return false;
      if (operator !== "StringEquals" && operator !== "StringNotEquals") {
        throw new Error(`no evaluator for condition operator ${operator}`);
      }
    }
  }
  return true;
}

/**
 * IAM's evaluation of one identity policy (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
 * an explicit Deny wins, then an Allow, and otherwise the request is implicitly denied.
 */
function decide(document: PolicyDocument, request: Request): "allow" | "deny" | "implicit-deny" {
  const context = request.context ?? {};
  const applies = (effect: "Allow" | "Deny") =>
    document.Statement.some(
      (s) =>
        s.Effect === effect &&
        s.Action.includes(request.action) &&
        (s.Resource ?? []).some((pattern) => arnMatches(pattern, request.resource)) &&
        conditionsHold(s.Condition, context),
    );
  if (applies("Deny")) return "deny";
  return applies("Allow") ? "allow" : "implicit-deny";
}
const allowed = (document: PolicyDocument, request: Request) => decide(document, request) === "allow";

const role = (name: string) => `arn:aws:iam::${A}:role/${name}`;
const boundaryOf = (stack: string) => `arn:aws:iam::${A}:policy/cola-serverless-${stack}-boundary`;
const withBoundary = (stack: string) => ({ "iam:PermissionsBoundary": boundaryOf(stack) });

describe("bootstrap: a deploy role creates and changes only roles that carry its stack's boundary", () => {
  const prod = deployPolicy(ACCOUNT, NAMES, PROD);
  const ownRoles = [role("cola-prod-fn-role-1a2b3c4"), role("cola-prod-cd-role-1a2b3c4")];
  const boundaryWrites = ["iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy"];

  it("allows creating the function role and CodeDeploy's role, and writing their policies, with the boundary", () => {
    for (const resource of ownRoles) {
      for (const action of boundaryWrites) {
        assert.ok(
          allowed(prod, { action, resource, context: withBoundary("prod") }),
          `${action} ${resource}`,
        );
      }
    }
  });

  it("refuses the same without a boundary, or with another stack's boundary", () => {
    for (const resource of ownRoles) {
      for (const action of boundaryWrites) {
        assert.equal(decide(prod, { action, resource }), "implicit-deny", `${action} ${resource}`);
        assert.equal(
          decide(prod, { action, resource, context: withBoundary("dev") }),
          "implicit-deny",
          `${action} ${resource} with dev's boundary`,
        );
      }
    }
  });

  it("refuses roles outside the stack's names, boundary or not", () => {
    for (const resource of [role("admin"), role("cola-dev-fn-role-1a2b3c4"), role("cola-prod-fn-role-x")]) {
      assert.ok(
        !allowed(prod, { action: "iam:CreateRole", resource, context: withBoundary("prod") }),
        resource,
      );
    }
  });

  it("can never remove a boundary, nor put another one, on any role", () => {
    for (const resource of [...ownRoles, role("someone-else")]) {
      assert.equal(decide(prod, { action: "iam:DeleteRolePermissionsBoundary", resource }), "deny", resource);
      assert.equal(
        decide(prod, {
          action: "iam:PutRolePermissionsBoundary",
          resource,
          context: { "iam:PermissionsBoundary": `arn:aws:iam::${A}:policy/AdministratorAccess` },
        }),
        "deny",
        resource,
      );
    }
    // An existing role (deployed before the boundary) gets this one.
    assert.ok(
      allowed(prod, {
        action: "iam:PutRolePermissionsBoundary",
        resource: ownRoles[0]!,
        context: withBoundary("prod"),
      }),
    );
  });

  it("cannot rewrite or delete the boundary policy itself", () => {
    for (const action of ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicy"]) {
      assert.equal(decide(prod, { action, resource: boundaryOf("prod") }), "deny", action);
    }
  });
});

describe("bootstrap: the permissions boundary caps the stack's roles at what they need", () => {
  const boundary = boundaryPolicy(ACCOUNT, NAMES, PROD);

  it("grants no IAM action and nothing outside the stack, except what AWS cannot scope", () => {
    const unscopable = new Set<string>(Object.values(BOUNDARY_UNSCOPABLE).flatMap((entry) => entry.actions));
    for (const statement of boundary.Statement) {
      assert.equal(statement.Effect, "Allow");
      for (const action of statement.Action) assert.doesNotMatch(action, /^(iam|sts|ecr|codedeploy):/);
      if (statement.Resource?.includes("*")) {
        for (const action of statement.Action) assert.ok(unscopable.has(action), action);
        continue;
      }
      for (const arn of statement.Resource ?? []) {
        assert.match(arn, /cola-prod-|cola-serverless-prod/, arn);
        assert.ok(arn.includes(`:${PROD.region}:`), arn);
      }
    }
  });

  it("lets CodeDeploy move prod's live alias and nothing else's", () => {
    const fn = `arn:aws:lambda:${PROD.region}:${A}:function:cola-prod-fn-1a2b3c4`;
    assert.ok(allowed(boundary, { action: "lambda:UpdateAlias", resource: `${fn}:live` }));
    assert.ok(
      !allowed(boundary, { action: "lambda:UpdateAlias", resource: fn.replace("prod", "dev") + ":live" }),
    );
    assert.ok(!allowed(boundary, { action: "lambda:UpdateFunctionCode", resource: fn }));
  });

  for (const stack of ["dev", "prod"] as const) {
    it(`${stack}: allows every statement of the inline policies the program puts on its roles`, async () => {
      const built = await buildStack(cliStackConfig(stack), MOCK_STACK);
      const own = boundaryPolicy(ACCOUNT, NAMES, { stack: MOCK_STACK, region: MOCK_REGION });
      const documents = built.resources
        .filter((resource) => resource.type === "aws:iam/rolePolicy:RolePolicy")
        .map((resource) => JSON.parse(String(resource.inputs.policy)) as { Statement: unknown[] });
      assert.ok(documents.length >= 1);
      let checked = 0;
      for (const document of documents) {
        for (const raw of document.Statement as Array<{
          Action: string | string[];
          Resource: string | string[];
        }>) {
          for (const action of [raw.Action].flat()) {
            for (const resource of [raw.Resource].flat()) {
              // A pattern in the role's policy must fall inside the boundary: its own text must match.
              assert.ok(allowed(own, { action, resource }), `${action} on ${resource}`);
              checked += 1;
            }
          }
        }
      }
      assert.ok(checked >= (stack === "prod" ? 4 : 2), `${checked} grants checked`);
    });
  }
});

describe("bootstrap: the HTTP API is scoped by the stack tag where API Gateway allows it", () => {
  const prod = deployPolicy(ACCOUNT, NAMES, PROD);
  const api = (path: string) => `arn:aws:apigateway:${PROD.region}::${path}`;
  const ourTag = { [`aws:ResourceTag/${STACK_TAG_KEY}`]: "cola-serverless-prod" };
  const devTag = { [`aws:ResourceTag/${STACK_TAG_KEY}`]: "cola-serverless-dev" };

  it("creates an API (and its stage) only with the stack tag", () => {
    for (const path of ["/apis", "/apis/abc123/stages"]) {
      const request = { action: "apigateway:POST", resource: api(path) };
      assert.ok(
        allowed(prod, {
          ...request,
          context: { [`aws:RequestTag/${STACK_TAG_KEY}`]: "cola-serverless-prod" },
        }),
      );
      assert.ok(!allowed(prod, request), `${path} untagged`);
      assert.ok(
        !allowed(prod, {
          ...request,
          context: { [`aws:RequestTag/${STACK_TAG_KEY}`]: "cola-serverless-dev" },
        }),
        `${path} with dev's tag`,
      );
    }
  });

  it("changes and deletes only an API or stage that carries the stack tag, and only its tags", () => {
    for (const path of ["/apis/abc123", "/apis/abc123/stages/$default"]) {
      for (const action of ["apigateway:PATCH", "apigateway:DELETE"]) {
        assert.ok(allowed(prod, { action, resource: api(path), context: ourTag }), `${action} ${path}`);
        assert.ok(
          !allowed(prod, { action, resource: api(path), context: devTag }),
          `${action} ${path} (dev)`,
        );
        assert.ok(!allowed(prod, { action, resource: api(path) }), `${action} ${path} (untagged)`);
      }
    }
    const tags = api(`/tags/${encodeURIComponent(`arn:aws:apigateway:${PROD.region}::/apis/abc123`)}`);
    assert.ok(allowed(prod, { action: "apigateway:POST", resource: tags, context: ourTag }));
    assert.ok(!allowed(prod, { action: "apigateway:POST", resource: tags }), "tagging another API as ours");
  });

  it("grants the untaggable parts (routes, integrations, authorizers, CORS) on every API, as documented", () => {
    for (const path of [
      "/apis/other/routes/r1",
      "/apis/other/integrations",
      "/apis/other/authorizers/a",
      "/apis/x/cors",
    ]) {
      const resource = api(path);
      const grants = ["apigateway:POST", "apigateway:PATCH", "apigateway:DELETE"].filter((action) =>
        allowed(prod, { action, resource }),
      );
      assert.ok(grants.length > 0, path);
      for (const action of grants) {
        assert.ok((REGION_WIDE_API_ACCESS.untaggableParts.actions as readonly string[]).includes(action));
      }
    }
    // Never in another region.
    assert.ok(
      !allowed(prod, {
        action: "apigateway:POST",
        resource: api("/apis/x/routes").replace(PROD.region, DEV.region),
      }),
    );
  });
});

describe("bootstrap: the rollout's CodeDeploy and Lambda calls, and nothing more", () => {
  const prod = deployPolicy(ACCOUNT, NAMES, PROD);
  const at = `${PROD.region}:${A}`;
  const application = `arn:aws:codedeploy:${at}:application:cola-prod-deploy-1a2b3c4`;
  const group = `arn:aws:codedeploy:${at}:deploymentgroup:cola-prod-deploy-1a2b3c4/cola-serverless-prod`;
  const fn = `arn:aws:lambda:${at}:function:cola-prod-fn-1a2b3c4`;

  it("names the CodeDeploy resources as the rollout does", () => {
    assert.deepEqual(rolloutNames(stackNames(MOCK_PROJECT, "prod")), {
      application: "cola-prod-deploy",
      role: "cola-prod-cd-role",
      group: "cola-serverless-prod",
    });
  });

  it("grants exactly the CodeDeploy actions the program and the rollout call", () => {
    const codedeploy = prod.Statement.flatMap((s) => s.Action).filter((a) => a.startsWith("codedeploy:"));
    assert.deepEqual([...new Set(codedeploy)].sort(), [
      "codedeploy:CreateApplication",
      "codedeploy:CreateDeployment",
      "codedeploy:CreateDeploymentGroup",
      "codedeploy:DeleteApplication",
      "codedeploy:DeleteDeploymentGroup",
      "codedeploy:GetApplication",
      "codedeploy:GetApplicationRevision",
      "codedeploy:GetDeployment",
      "codedeploy:GetDeploymentConfig",
      "codedeploy:GetDeploymentGroup",
      "codedeploy:ListTagsForResource",
      "codedeploy:RegisterApplicationRevision",
      "codedeploy:StopDeployment",
      "codedeploy:TagResource",
      "codedeploy:UntagResource",
      "codedeploy:UpdateApplication",
      "codedeploy:UpdateDeploymentGroup",
    ]);
  });

  it("grants every action the rollout resource and the rollback command call (infra/rollout/actions.ts)", () => {
    const granted = new Set(prod.Statement.flatMap((s) => s.Action));
    const groups: Record<string, readonly string[]>[] = [
      ROLLOUT_ACTIONS,
      ROLLBACK_ACTIONS,
      CODEDEPLOY_RESOURCE_ACTIONS,
    ];
    const called = groups.flatMap((group) => Object.values(group).flat());
    assert.ok(called.length > 10);
    assert.deepEqual(
      called.filter((action) => !granted.has(action)),
      [],
    );
  });

  it("on the stack's own application and group, and CodeDeploy's predefined Lambda configurations", () => {
    for (const [action, resource] of [
      ["codedeploy:CreateApplication", application],
      ["codedeploy:CreateDeploymentGroup", group],
      ["codedeploy:CreateDeployment", group],
      ["codedeploy:GetDeployment", group],
      ["codedeploy:StopDeployment", group],
      ["codedeploy:RegisterApplicationRevision", application],
      [
        "codedeploy:GetDeploymentConfig",
        `arn:aws:codedeploy:${at}:deploymentconfig:CodeDeployDefault.LambdaCanary10Percent5Minutes`,
      ],
    ]) {
      assert.ok(allowed(prod, { action: action!, resource: resource! }), `${action} on ${resource}`);
    }
    for (const [action, resource] of [
      ["codedeploy:CreateDeployment", group.replaceAll("prod", "dev")],
      ["codedeploy:CreateDeployment", group.replace(PROD.region, DEV.region)],
      ["codedeploy:DeleteApplication", `arn:aws:codedeploy:${at}:application:other`],
      [
        "codedeploy:GetDeploymentConfig",
        `arn:aws:codedeploy:${at}:deploymentconfig:CodeDeployDefault.OneAtATime`,
      ],
    ]) {
      assert.ok(!allowed(prod, { action: action!, resource: resource! }), `${action} on ${resource}`);
    }
  });

  it("invokes the stack's function versions (the smoke prediction), not the bare function nor another's", () => {
    assert.ok(allowed(prod, { action: "lambda:InvokeFunction", resource: `${fn}:7` }));
    assert.ok(!allowed(prod, { action: "lambda:InvokeFunction", resource: fn }));
    assert.ok(
      !allowed(prod, { action: "lambda:InvokeFunction", resource: `${fn.replace("prod", "dev")}:7` }),
    );
  });

  it("endpoint functionUrl: manages the URL on the stack's function only, and previews read it", () => {
    const preview = previewPolicy(ACCOUNT, NAMES, [PROD]);
    for (const action of [
      "lambda:CreateFunctionUrlConfig",
      "lambda:UpdateFunctionUrlConfig",
      "lambda:DeleteFunctionUrlConfig",
      "lambda:GetFunctionUrlConfig",
      "lambda:AddPermission",
      "lambda:RemovePermission",
    ]) {
      assert.ok(allowed(prod, { action, resource: `${fn}:live` }), `${action} on the alias`);
      assert.ok(
        !allowed(prod, { action, resource: `${fn.replace("prod", "dev")}:live` }),
        `${action}, dev's`,
      );
      assert.ok(
        !allowed(prod, { action, resource: `arn:aws:lambda:${PROD.region}:${A}:function:other:live` }),
      );
      const previewMay = action === "lambda:GetFunctionUrlConfig";
      assert.equal(allowed(preview, { action, resource: `${fn}:live` }), previewMay, `preview ${action}`);
    }
  });

  it("the signed smoke test of an AWS_IAM function URL: InvokeFunctionUrl and InvokeFunction on the alias only", () => {
    const iam = { "lambda:FunctionUrlAuthType": "AWS_IAM" };
    assert.ok(allowed(prod, { action: "lambda:InvokeFunctionUrl", resource: `${fn}:live`, context: iam }));
    assert.ok(allowed(prod, { action: "lambda:InvokeFunction", resource: `${fn}:live` }));
    assert.ok(!allowed(prod, { action: "lambda:InvokeFunctionUrl", resource: `${fn}:live` }), "no auth type");
    assert.ok(
      !allowed(prod, {
        action: "lambda:InvokeFunctionUrl",
        resource: `${fn}:live`,
        context: { "lambda:FunctionUrlAuthType": "NONE" },
      }),
    );
    assert.ok(!allowed(prod, { action: "lambda:InvokeFunctionUrl", resource: fn, context: iam }));
    assert.ok(
      !allowed(prod, {
        action: "lambda:InvokeFunctionUrl",
        resource: `${fn.replace("prod", "dev")}:live`,
        context: iam,
      }),
    );
  });

  it("reads what the rollback command checks: the alias, a version's image, and that image in ECR", () => {
    const repository = `arn:aws:ecr:${at}:repository/cola-prod-repo-1a2b3c4`;
    for (const [action, resource] of [
      ["lambda:GetAlias", `${fn}:live`],
      ["lambda:GetFunction", `${fn}:7`],
      ["ecr:DescribeImages", repository],
      ["ecr:BatchGetImage", repository],
    ] as const) {
      assert.ok(allowed(prod, { action, resource }), `${action} on ${resource}`);
    }
  });

  it("deletes no image: ecr:BatchDeleteImage is granted to no role", () => {
    for (const document of [
      prod,
      deployPolicy(ACCOUNT, NAMES, DEV),
      previewPolicy(ACCOUNT, NAMES, [DEV, PROD]),
    ]) {
      assert.ok(!document.Statement.some((s) => s.Action.includes("ecr:BatchDeleteImage")));
    }
  });

  it("the preview role reads the CodeDeploy resources and changes none", () => {
    const preview = previewPolicy(ACCOUNT, NAMES, [DEV, PROD]);
    assert.ok(allowed(preview, { action: "codedeploy:GetDeploymentGroup", resource: group }));
    assert.ok(!allowed(preview, { action: "codedeploy:CreateDeployment", resource: group }));
  });
});

describe("bootstrap: each stack's boundary is created as a managed policy", () => {
  it("one policy per stack, named as the stack files name it, holding the boundary document", async () => {
    resetRecordedResources();
    const access = createGithubDeployAccess("github", {
      repository: "example-org/cola-serverless",
      accountId: MOCK_ACCOUNT,
      names: NAMES,
      stacks: [DEV, PROD],
    });
    await settled(access);
    const policies = recordedResources().filter((resource) => resource.type === "aws:iam/policy:Policy");
    assert.deepEqual(
      policies.map((policy) => policy.inputs.name),
      ["cola-serverless-dev-boundary", "cola-serverless-prod-boundary"],
    );
    assert.deepEqual(JSON.parse(String(policies[1]!.inputs.policy)), boundaryPolicy(ACCOUNT, NAMES, PROD));
    assert.equal(await valueOf(access.boundaries.prod!.name), "cola-serverless-prod-boundary");
  });
});

/*
 * Warm capacity's autoscaling (infra/warm-capacity.ts). Scalable targets get random IDs
 * (arn:aws:application-autoscaling:<region>:<account>:scalable-target/<id>), so the writes are scoped by the
 * condition keys the Service Authorization Reference gives them (service-namespace, scalable-dimension):
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsapplicationautoscaling.html
 */
describe("bootstrap: the deploy role scales Lambda provisioned concurrency and nothing else", () => {
  const prod = deployPolicy(ACCOUNT, NAMES, PROD);
  const at = `${PROD.region}:${A}`;
  const target = `arn:aws:application-autoscaling:${at}:scalable-target/0123abcd456789ef0123abcd456789ef0123`;
  const lambdaConcurrency = {
    "application-autoscaling:service-namespace": "lambda",
    "application-autoscaling:scalable-dimension": "lambda:function:ProvisionedConcurrency",
  };
  const writes = [
    "application-autoscaling:RegisterScalableTarget",
    "application-autoscaling:DeregisterScalableTarget",
    "application-autoscaling:PutScalingPolicy",
    "application-autoscaling:DeleteScalingPolicy",
    "application-autoscaling:PutScheduledAction",
    "application-autoscaling:DeleteScheduledAction",
  ];

  it("registers, scales and deregisters a Lambda provisioned-concurrency target in its region", () => {
    for (const action of writes) {
      assert.ok(allowed(prod, { action, resource: target, context: lambdaConcurrency }), action);
      assert.ok(
        !allowed(prod, {
          action,
          resource: target.replace(PROD.region, DEV.region),
          context: lambdaConcurrency,
        }),
        `${action} in another region`,
      );
    }
  });

  it("refuses another service's scalable targets (an ECS service, a DynamoDB table) or none named", () => {
    const contexts: Context[] = [
      {
        "application-autoscaling:service-namespace": "ecs",
        "application-autoscaling:scalable-dimension": "ecs:service:DesiredCount",
      },
      {
        "application-autoscaling:service-namespace": "dynamodb",
        "application-autoscaling:scalable-dimension": "dynamodb:table:WriteCapacityUnits",
      },
      {},
    ];
    for (const context of contexts) {
      for (const action of writes) {
        assert.equal(decide(prod, { action, resource: target, context }), "implicit-deny", action);
      }
    }
  });

  it("reads scaling state (Describe* takes no resource) and a target's tags, but tags nothing", () => {
    for (const action of [
      "application-autoscaling:DescribeScalableTargets",
      "application-autoscaling:DescribeScalingPolicies",
      "application-autoscaling:DescribeScheduledActions",
      "application-autoscaling:DescribeScalingActivities",
    ]) {
      assert.ok(allowed(prod, { action, resource: "*" }), action);
    }
    assert.ok(allowed(prod, { action: "application-autoscaling:ListTagsForResource", resource: target }));
    assert.ok(!allowed(prod, { action: "application-autoscaling:TagResource", resource: target }));
  });

  it("creates only Application Auto Scaling's Lambda service-linked role", () => {
    const slr =
      `arn:aws:iam::${A}:role/aws-service-role/lambda.application-autoscaling.amazonaws.com/` +
      "AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency";
    const forService = (name: string) => ({ "iam:AWSServiceName": name });
    assert.ok(
      allowed(prod, {
        action: "iam:CreateServiceLinkedRole",
        resource: slr,
        context: forService("lambda.application-autoscaling.amazonaws.com"),
      }),
    );
    assert.ok(
      !allowed(prod, { action: "iam:CreateServiceLinkedRole", resource: slr }),
      "without the service",
    );
    const ecsRole = `arn:aws:iam::${A}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService`;
    assert.ok(
      !allowed(prod, {
        action: "iam:CreateServiceLinkedRole",
        resource: ecsRole,
        context: forService("ecs.application-autoscaling.amazonaws.com"),
      }),
    );
  });

  it("manages target tracking's alarms on its own function's alias only", () => {
    const alarm = (fn: string) =>
      `arn:aws:cloudwatch:${at}:alarm:TargetTracking-function:${fn}:live-AlarmHigh-aed0e274-40fe-8cba-2e78f000c0a7`;
    for (const action of ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms"]) {
      assert.ok(allowed(prod, { action, resource: alarm("cola-prod-fn-1a2b3c4") }), action);
      assert.ok(!allowed(prod, { action, resource: alarm("cola-dev-fn-1a2b3c4") }), `${action} dev's`);
      assert.ok(!allowed(prod, { action, resource: alarm("other") }), `${action} another function's`);
    }
  });

  it("the preview role reads scaling state and changes none of it", () => {
    const preview = previewPolicy(ACCOUNT, NAMES, [DEV, PROD]);
    assert.ok(allowed(preview, { action: "application-autoscaling:DescribeScalableTargets", resource: "*" }));
    for (const action of [...writes, "iam:CreateServiceLinkedRole"]) {
      assert.ok(!allowed(preview, { action, resource: target, context: lambdaConcurrency }), action);
    }
  });
});
