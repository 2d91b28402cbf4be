/**
 * The IAM documents GitHub Actions needs for this project, as plain data (no Pulumi resources here, so tests can
 * check every statement): who may assume each role (trust policies) and what each role may do (permissions).
 *
 * Three kinds of role:
 * - preview: assumed by pull-request workflows; reads the stacks' resources and state, changes nothing;
 * - deploy-<stack>: assumed only by a job running in the GitHub environment named like the stack; manages exactly
 *   the resources that stack's program creates, in that stack's region, plus that stack's state.
 *
 * Resource names come from the program's own naming scheme, infra/names.ts: every logical name starts with
 * "cola-<stack>" and Pulumi's auto-naming appends "-" and 7 random characters (cola-dev-repo-1a2b3c4,
 * cola-dev-fn-1a2b3c4, cola-dev-fn-role-1a2b3c4); log groups are named /aws/lambda/<project>-<stack> and
 * /aws/vendedlogs/apigateway/<project>-<stack>. The patterns below match those names with exactly 7 characters ("???????"),
 * so one stack's patterns match no other stack's names, whatever the two stacks are called.
 */
import { alarmSpecs } from "../infra/alarm-specs";
import { DEFAULTS, ENDPOINTS } from "../infra/config";
import {
  autonamePattern,
  dashboardName,
  logGroupNames,
  logicalNames,
  stackNameProblem,
  stackNames,
} from "../infra/names";
import { managedPolicyArn, permissionsBoundaryName, STACK_TAG_KEY, stackTags } from "../infra/stack-scope";
import { rolloutNames } from "./rollout-names";

/** GitHub's OIDC issuer and the audience configure-aws-credentials asks for. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

export interface AccountScope {
  /** "aws", or "aws-cn" / "aws-us-gov". */
  partition: string;
  accountId: string;
}

export interface ProgramNames {
  /** The Pulumi project name (Pulumi.yaml `name`): part of the log group and role names. */
  project: string;
}

/** A stack the workflows deploy, and the region its Pulumi.<stack>.yaml sets. */
export interface StackTarget {
  stack: string;
  region: string;
}

export type ConditionBlock = Record<string, Record<string, string | string[]>>;

export interface PolicyStatement {
  Sid: string;
  Effect: "Allow" | "Deny";
  Action: string[];
  Resource?: string[];
  Principal?: { Federated: string };
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

const REPOSITORY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+$/;
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ACCOUNT_PATTERN = /^\d{12}$/;
const BUCKET_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Rejects anything that would widen a policy: wildcards or separators in names that end up inside ARNs. */
export function checkNames(values: {
  repository?: string;
  stacks?: readonly StackTarget[];
  account?: AccountScope;
  stateBucket?: string;
}): void {
  const problems: string[] = [];
  const { repository, stacks, account, stateBucket } = values;
  if (repository !== undefined && !REPOSITORY_PATTERN.test(repository)) {
    problems.push(`githubRepository is ${JSON.stringify(repository)}; expected owner/name without wildcards`);
  }
  for (const { stack, region } of stacks ?? []) {
    // The program refuses the same names (infra/names.ts), so no role is made for a stack it cannot deploy.
    const problem = stackNameProblem(stack);
    if (problem !== undefined) problems.push(problem);
    if (!REGION_PATTERN.test(region)) problems.push(`stack ${stack} has region ${JSON.stringify(region)}`);
  }
  if (account !== undefined && !ACCOUNT_PATTERN.test(account.accountId)) {
    problems.push(`account id ${JSON.stringify(account.accountId)} is not 12 digits`);
  }
  if (stateBucket !== undefined && !BUCKET_PATTERN.test(stateBucket)) {
    problems.push(`stateBucket ${JSON.stringify(stateBucket)} is not an S3 bucket name`);
  }
  if (problems.length > 0) throw new Error(`Invalid bootstrap settings:\n  - ${problems.join("\n  - ")}`);
}

export function githubOidcProviderArn(account: AccountScope): string {
  return `arn:${account.partition}:iam::${account.accountId}:oidc-provider/${GITHUB_OIDC_HOST}`;
}

/** The `sub` claim of a pull-request job (no environment), and of a job running in a GitHub environment. */
export function pullRequestSubject(repository: string): string {
  return `repo:${repository}:pull_request`;
}

export function environmentSubject(repository: string, environment: string): string {
  return `repo:${repository}:environment:${environment}`;
}

/**
 * Lets GitHub's OIDC tokens with exactly this `sub` (and audience sts.amazonaws.com) assume the role. StringEquals,
 * never StringLike: no other repository, branch, environment or event matches.
 */
export function githubTrustPolicy(account: AccountScope, subject: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "GitHubActionsOidc",
        Effect: "Allow",
        Principal: { Federated: githubOidcProviderArn(account) },
        Action: ["sts:AssumeRoleWithWebIdentity"],
        Condition: {
          StringEquals: {
            [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE,
            [`${GITHUB_OIDC_HOST}:sub`]: subject,
          },
        },
      },
    ],
  };
}

/**
 * The ARNs of what one stack's program creates, named as infra/names.ts names them for that stack, with Pulumi
 * auto-naming's random suffix as exactly 7 `?`: cola-dev-fn-??????? matches dev's function and no other stack's.
 */
export function stackResourceArns(account: AccountScope, names: ProgramNames, target: StackTarget) {
  const { partition: p, accountId: a } = account;
  const { region: r, stack } = target;
  const own = stackNames(names.project, stack);
  const logical = logicalNames(own.prefix);
  const rollout = rolloutNames(own);
  const logGroup = (name: string) => `arn:${p}:logs:${r}:${a}:log-group:${name}`;
  return {
    ecrRepository: `arn:${p}:ecr:${r}:${a}:repository/${autonamePattern(logical.repository)}`,
    /** The function, and its versions and alias (qualified ARNs). */
    lambdaFunction: [
      `arn:${p}:lambda:${r}:${a}:function:${autonamePattern(logical.function)}`,
      `arn:${p}:lambda:${r}:${a}:function:${autonamePattern(logical.function)}:*`,
    ],
    /** IAM is global: the stack in the name is what keeps this role apart from the other stacks' roles. */
    functionRole: `arn:${p}:iam::${a}:role/${autonamePattern(logical.functionRole)}`,
    /** The role CodeDeploy assumes to move the function's `live` alias. */
    codeDeployRole: `arn:${p}:iam::${a}:role/${autonamePattern(rollout.role)}`,
    /** The stack's permissions boundary (a managed policy bootstrap/ creates): every stack role must carry it. */
    permissionsBoundary: managedPolicyArn(p, a, permissionsBoundaryName(own)),
    /** Every role in the account: what the boundary may never be removed from. */
    anyRole: `arn:${p}:iam::${a}:role/*`,
    /** The function's versions and alias only (qualified ARNs): what the rollout's smoke prediction invokes. */
    functionVersions: `arn:${p}:lambda:${r}:${a}:function:${autonamePattern(logical.function)}:*`,
    codeDeployApplication: `arn:${p}:codedeploy:${r}:${a}:application:${autonamePattern(rollout.application)}`,
    codeDeployGroup: `arn:${p}:codedeploy:${r}:${a}:deploymentgroup:${autonamePattern(rollout.application)}/${rollout.group}`,
    /** CodeDeploy's predefined Lambda configurations, which the rollout uses (no custom ones). */
    lambdaDeploymentConfigs: `arn:${p}:codedeploy:${r}:${a}:deploymentconfig:CodeDeployDefault.Lambda*`,
    /** Both ARN forms: some CloudWatch Logs actions authorize against "log-group:NAME", others "log-group:NAME:*". */
    logGroups: Object.values(logGroupNames(own)).flatMap((name) => [logGroup(name), `${logGroup(name)}:*`]),
    anyLogGroupInRegion: logGroup("*"),
    httpApis: [`arn:${p}:apigateway:${r}::/apis`, `arn:${p}:apigateway:${r}::/apis/*`],
    /** Where an HTTP API is created (CreateApi): its ID does not exist yet. */
    apiCollection: `arn:${p}:apigateway:${r}::/apis`,
    /** An API and everything under it; statements on it carry the stack tag condition. */
    anyApi: `arn:${p}:apigateway:${r}::/apis/*`,
    /** Where a stage is created (CreateStage). */
    apiStages: `arn:${p}:apigateway:${r}::/apis/*/stages`,
    /**
     * The parts of an HTTP API that take no tags (routes, integrations, authorizers, the CORS configuration): API
     * Gateway V2 tags only APIs, stages, domain names and VPC links, and unlike V1 its children inherit no tags.
     */
    untaggableApiParts: ["routes", "integrations", "authorizers"]
      .flatMap((part) => [
        `arn:${p}:apigateway:${r}::/apis/*/${part}`,
        `arn:${p}:apigateway:${r}::/apis/*/${part}/*`,
      ])
      .concat(`arn:${p}:apigateway:${r}::/apis/*/cors`),
    /** The stack tag's key and value, which the stack's API and stage carry (infra/stack-scope.ts). */
    stackTag: Object.entries(stackTags(own))[0]!,
    /** One per alarm kind (infra/alarm-specs.ts): cola-<stack>-alarm-<kind>-???????. */
    alarms: ALARM_KINDS.map(
      (kind) => `arn:${p}:cloudwatch:${r}:${a}:alarm:${autonamePattern(`${logical.alarm}-${kind}`)}`,
    ),
    /** Dashboards are global and named, not auto-named. */
    dashboard: `arn:${p}:cloudwatch::${a}:dashboard/${dashboardName(own)}`,
    /** The alarm topic (with alarmEmail), and its subscriptions (topic ARN ":" id). */
    alarmTopic: [
      `arn:${p}:sns:${r}:${a}:${autonamePattern(`${logical.alarm}-topic`)}`,
      `arn:${p}:sns:${r}:${a}:${autonamePattern(`${logical.alarm}-topic`)}:*`,
    ],
    apiTags: `arn:${p}:apigateway:${r}::/tags/*`,
    /**
     * Application Auto Scaling's scalable targets in the region: their ARNs end in a random ID, not the function's
     * name, so the statements on them carry the Lambda service-namespace and dimension conditions instead.
     */
    scalableTargets: `arn:${p}:application-autoscaling:${r}:${a}:scalable-target/*`,
    /** The alarms target tracking creates for the alias: TargetTracking-function:<function>:<alias>-AlarmHigh-<id>. */
    targetTrackingAlarms: `arn:${p}:cloudwatch:${r}:${a}:alarm:TargetTracking-function:${autonamePattern(logical.function)}:*`,
    /** The service-linked role Application Auto Scaling creates on its first Lambda scalable target. */
    lambdaScalingServiceRole: `arn:${p}:iam::${a}:role/aws-service-role/${LAMBDA_SCALING_SERVICE}/AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency`,
  };
}

/** The service principal of Application Auto Scaling's service-linked role for Lambda. */
export const LAMBDA_SCALING_SERVICE = "lambda.application-autoscaling.amazonaws.com";

/** The alarms' kinds, for either endpoint (a stack may switch); they do not depend on the thresholds. */
const ALARM_KINDS = [
  ...new Set(
    ENDPOINTS.flatMap((endpoint) =>
      alarmSpecs(DEFAULTS.alarms, DEFAULTS.timeout, endpoint).map((spec) => spec.kind),
    ),
  ),
];

/** Pulumi's self-managed (DIY) backend layout with project-scoped stacks, in an S3 bucket with no key prefix. */
export function stateObjectArns(account: AccountScope, bucket: string, project: string, stack: string) {
  const object = (key: string) => `arn:${account.partition}:s3:::${bucket}/${key}`;
  return {
    bucket: `arn:${account.partition}:s3:::${bucket}`,
    meta: object(".pulumi/meta.yaml"),
    /** The checkpoint (and its .bak / .gz variants). */
    checkpoint: object(`.pulumi/stacks/${project}/${stack}.json*`),
    /** Everything an update writes for this stack: checkpoint, history, backups, lock. */
    stackWrites: [
      object(`.pulumi/stacks/${project}/${stack}.json*`),
      object(`.pulumi/history/${project}/${stack}/*`),
      object(`.pulumi/backups/${project}/${stack}/*`),
      object(`.pulumi/locks/*/${project}/${stack}/*`),
    ],
  };
}

/** Actions that take no resource ARN at all (AWS only accepts "*"), with the reason. */
export const UNSCOPABLE = {
  ecrLogin: {
    actions: ["ecr:GetAuthorizationToken"],
    why: "registry login token; ECR has no resource-level permission for it (pushes are still checked per repository)",
  },
  apiAccessLogDelivery: {
    actions: [
      "logs:CreateLogDelivery",
      "logs:GetLogDelivery",
      "logs:UpdateLogDelivery",
      "logs:DeleteLogDelivery",
      "logs:ListLogDeliveries",
      "logs:PutResourcePolicy",
      "logs:DescribeResourcePolicies",
    ],
    why: "API Gateway sets up HTTP API access logging through CloudWatch Logs deliveries, which have no ARNs",
  },
  scalingReads: {
    actions: [
      "application-autoscaling:DescribeScalableTargets",
      "application-autoscaling:DescribeScalingPolicies",
      "application-autoscaling:DescribeScheduledActions",
      "application-autoscaling:DescribeScalingActivities",
    ],
    why: "Application Auto Scaling's Describe calls support no resource-level permissions (reads only)",
  },
} as const;

/**
 * Where AWS lets no policy scope an HTTP API's parts to one stack, with the reason. Each is granted on every API
 * in the stack's region.
 */
export const REGION_WIDE_API_ACCESS = {
  reads: {
    actions: ["apigateway:GET"],
    why:
      "reads only (as the preview role's); a tag condition on reads would also hide the untaggable parts, which " +
      "`pulumi refresh` must read",
  },
  untaggableParts: {
    actions: ["apigateway:POST", "apigateway:PATCH", "apigateway:DELETE"],
    why:
      "routes, integrations, authorizers and the CORS configuration take no tags in API Gateway V2 and inherit " +
      "none from their API, and the API's ID is unknown until it is created, so neither an ARN nor a tag can " +
      "name the stack's own",
  },
} as const;

const ECR_REPOSITORY_READ = [
  "ecr:DescribeRepositories",
  // The deploy job's manifest check reads the pushed image's details.
  "ecr:DescribeImages",
  "ecr:ListTagsForResource",
  "ecr:GetLifecyclePolicy",
  "ecr:GetRepositoryPolicy",
];
/** Pulling: the image build imports its cache from the repository; reading a pushed image's manifest. */
const ECR_PULL = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];
const ECR_REPOSITORY_WRITE = [
  "ecr:CreateRepository",
  "ecr:DeleteRepository",
  "ecr:PutImageScanningConfiguration",
  "ecr:PutImageTagMutability",
  "ecr:TagResource",
  "ecr:UntagResource",
  "ecr:PutLifecyclePolicy",
  "ecr:DeleteLifecyclePolicy",
  // Lambda adds a repository policy letting itself pull the image when a function is created from it.
  "ecr:SetRepositoryPolicy",
];
const ECR_PUSH = [
  "ecr:InitiateLayerUpload",
  "ecr:UploadLayerPart",
  "ecr:CompleteLayerUpload",
  "ecr:PutImage",
  // No ecr:BatchDeleteImage: the image resource never deletes a pushed digest (infra/image-retention.ts), and
  // `destroy` removes the repository with its images through DeleteRepository (ecrForceDelete).
];

const LAMBDA_READ = [
  "lambda:GetFunction",
  "lambda:GetFunctionConfiguration",
  "lambda:GetFunctionCodeSigningConfig",
  "lambda:GetFunctionConcurrency",
  "lambda:ListVersionsByFunction",
  "lambda:ListTags",
  "lambda:GetAlias",
  "lambda:GetPolicy",
  "lambda:GetProvisionedConcurrencyConfig",
  // endpoint functionUrl: the URL on the `live` alias.
  "lambda:GetFunctionUrlConfig",
];
const LAMBDA_WRITE = [
  "lambda:CreateFunction",
  "lambda:UpdateFunctionCode",
  "lambda:UpdateFunctionConfiguration",
  "lambda:DeleteFunction",
  "lambda:PublishVersion",
  "lambda:PutFunctionConcurrency",
  "lambda:DeleteFunctionConcurrency",
  "lambda:TagResource",
  "lambda:UntagResource",
  "lambda:CreateAlias",
  "lambda:UpdateAlias",
  "lambda:DeleteAlias",
  "lambda:PutProvisionedConcurrencyConfig",
  "lambda:DeleteProvisionedConcurrencyConfig",
  // endpoint functionUrl: the URL on the `live` alias (https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html).
  "lambda:CreateFunctionUrlConfig",
  "lambda:UpdateFunctionUrlConfig",
  "lambda:DeleteFunctionUrlConfig",
  // The HTTP API's invoke permission, or a public function URL's.
  "lambda:AddPermission",
  "lambda:RemovePermission",
];

const ROLE_READ = [
  "iam:GetRole",
  "iam:GetRolePolicy",
  "iam:ListRolePolicies",
  "iam:ListAttachedRolePolicies",
  "iam:ListRoleTags",
  "iam:ListInstanceProfilesForRole",
];
/**
 * The role writes IAM authorizes against the role's permissions boundary (condition key iam:PermissionsBoundary:
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html):
 * allowed only when the role carries the stack's boundary, so no role the deploy role creates or changes can do more
 * than the boundary allows. PutRolePermissionsBoundary lets an existing role (deployed before the boundary) get it.
 * Inline policies only: the program attaches no managed policy, so Attach/DetachRolePolicy are not granted.
 */
const ROLE_WRITE_WITH_BOUNDARY = [
  "iam:CreateRole",
  "iam:PutRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:PutRolePermissionsBoundary",
];
/**
 * Role writes IAM does not authorize against the boundary. None of them can add a permission: a role keeps its
 * boundary through all of them.
 */
const ROLE_WRITE = [
  "iam:DeleteRole",
  "iam:UpdateRole",
  "iam:UpdateRoleDescription",
  "iam:UpdateAssumeRolePolicy",
  "iam:TagRole",
  "iam:UntagRole",
];
/** What would lift or rewrite a boundary; denied outright (a later Allow cannot override a Deny). */
const BOUNDARY_REMOVAL = ["iam:DeleteRolePermissionsBoundary"];
const BOUNDARY_REWRITE = [
  "iam:CreatePolicyVersion",
  "iam:DeletePolicyVersion",
  "iam:SetDefaultPolicyVersion",
  "iam:DeletePolicy",
];

/**
 * CodeDeploy calls: the provider's for the application and deployment group the program declares, and the
 * rollout's and the rollback command's for deployments (issue 18). Service Authorization Reference:
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodedeploy.html (deployments are
 * authorized against their deployment group; revisions against their application).
 */
const CODEDEPLOY_READ = [
  "codedeploy:GetApplication",
  "codedeploy:GetDeploymentGroup",
  "codedeploy:ListTagsForResource",
];
const CODEDEPLOY_WRITE = [
  "codedeploy:CreateApplication",
  "codedeploy:UpdateApplication",
  "codedeploy:DeleteApplication",
  "codedeploy:CreateDeploymentGroup",
  "codedeploy:UpdateDeploymentGroup",
  "codedeploy:DeleteDeploymentGroup",
  "codedeploy:TagResource",
  "codedeploy:UntagResource",
];
const CODEDEPLOY_DEPLOY = [
  "codedeploy:CreateDeployment",
  "codedeploy:GetDeployment",
  "codedeploy:StopDeployment",
  "codedeploy:RegisterApplicationRevision",
  "codedeploy:GetApplicationRevision",
];
const CODEDEPLOY_CONFIG_READ = ["codedeploy:GetDeploymentConfig"];
/** The rollout's smoke prediction: a direct invoke of the new version, before any traffic reaches it. */
const LAMBDA_INVOKE_VERSION = ["lambda:InvokeFunction"];
/**
 * The deploy job's signed smoke test of an AWS_IAM function URL: both actions, since October 2025
 * (https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html); InvokeFunction is LAMBDA_INVOKE_VERSION's.
 */
const LAMBDA_INVOKE_IAM_URL = ["lambda:InvokeFunctionUrl"];

const LOG_GROUP_READ = ["logs:ListTagsForResource"];
/** The failed-init metric filter lives on the function's log group. */
const METRIC_FILTER_WRITE = ["logs:PutMetricFilter", "logs:DeleteMetricFilter"];
/** Listing actions CloudWatch Logs authorizes against log-group:* in the region. */
const LOGS_REGION_READ = ["logs:DescribeLogGroups", "logs:DescribeMetricFilters"];

const ALARM_READ = ["cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"];
const ALARM_WRITE = [
  "cloudwatch:PutMetricAlarm",
  "cloudwatch:DeleteAlarms",
  "cloudwatch:TagResource",
  "cloudwatch:UntagResource",
];
const DASHBOARD_READ = ["cloudwatch:GetDashboard"];
const DASHBOARD_WRITE = ["cloudwatch:PutDashboard", "cloudwatch:DeleteDashboards"];
const TOPIC_READ = ["sns:GetTopicAttributes", "sns:ListTagsForResource", "sns:GetSubscriptionAttributes"];
const TOPIC_WRITE = [
  "sns:CreateTopic",
  "sns:DeleteTopic",
  "sns:SetTopicAttributes",
  "sns:TagResource",
  "sns:UntagResource",
  "sns:Subscribe",
  "sns:Unsubscribe",
  "sns:SetSubscriptionAttributes",
];
const LOG_GROUP_WRITE = [
  "logs:CreateLogGroup",
  "logs:DeleteLogGroup",
  "logs:PutRetentionPolicy",
  "logs:DeleteRetentionPolicy",
  "logs:TagResource",
  "logs:UntagResource",
];

/**
 * Warm capacity's autoscaling (infra/warm-capacity.ts). Service Authorization Reference:
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsapplicationautoscaling.html (these
 * writes are authorized against the scalable target, with the service-namespace and scalable-dimension keys).
 */
const SCALING_WRITE = [
  "application-autoscaling:RegisterScalableTarget",
  "application-autoscaling:DeregisterScalableTarget",
  "application-autoscaling:PutScalingPolicy",
  "application-autoscaling:DeleteScalingPolicy",
  "application-autoscaling:PutScheduledAction",
  "application-autoscaling:DeleteScheduledAction",
];
/** The provider reads a target's tags; the program sets none, so TagResource / UntagResource are not granted. */
const SCALING_TAG_READ = ["application-autoscaling:ListTagsForResource"];
/** Only Lambda provisioned concurrency: no other service's capacity can be scaled with these grants. */
const LAMBDA_CONCURRENCY_ONLY: ConditionBlock = {
  StringEquals: {
    "application-autoscaling:service-namespace": "lambda",
    "application-autoscaling:scalable-dimension": "lambda:function:ProvisionedConcurrency",
  },
};
/** Target tracking's alarms, which Application Auto Scaling creates and deletes with the caller's policy. */
const TARGET_TRACKING_ALARMS = [
  "cloudwatch:DescribeAlarms",
  "cloudwatch:PutMetricAlarm",
  "cloudwatch:DeleteAlarms",
];

const API_READ = [...REGION_WIDE_API_ACCESS.reads.actions];
const API_WRITE = ["apigateway:POST", "apigateway:PATCH", "apigateway:DELETE"];

function statement(Sid: string, Action: string[], Resource: string[], Condition?: ConditionBlock) {
  return { Sid, Effect: "Allow" as const, Action, Resource, ...(Condition ? { Condition } : {}) };
}

function denial(Sid: string, Action: string[], Resource: string[], Condition?: ConditionBlock) {
  return { Sid, Effect: "Deny" as const, Action, Resource, ...(Condition ? { Condition } : {}) };
}

/**
 * The HTTP API, scoped by the stack tag where AWS allows it (the API's ID is random, so its ARN cannot be known
 * before it exists): created only with the tag (aws:RequestTag), changed and deleted only while it carries it
 * (aws:ResourceTag), and so its stage and its tags. What takes no tags is granted region-wide:
 * REGION_WIDE_API_ACCESS says why. Tags: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-tagging-supported-resources.html
 */
function httpApiStatements(arns: ReturnType<typeof stackResourceArns>): PolicyStatement[] {
  const [key, value] = arns.stackTag;
  const requestTag = { StringEquals: { [`aws:RequestTag/${key}`]: value } };
  const resourceTag = { StringEquals: { [`aws:ResourceTag/${key}`]: value } };
  return [
    statement("HttpApiReads", API_READ, [...arns.httpApis, arns.apiTags]),
    statement("HttpApiCreateWithStackTag", ["apigateway:POST"], [arns.apiCollection], requestTag),
    statement("StageCreateWithStackTag", ["apigateway:POST"], [arns.apiStages], requestTag),
    statement(
      "HttpApiAndStageWithStackTag",
      ["apigateway:PATCH", "apigateway:DELETE"],
      [arns.anyApi],
      resourceTag,
    ),
    // TagResource / UntagResource on a resource that already carries the stack tag: no other API can be given it.
    statement("TagsOfStackTaggedApi", ["apigateway:POST", "apigateway:DELETE"], [arns.apiTags], resourceTag),
    statement("HttpApiUntaggableParts", API_WRITE, arns.untaggableApiParts),
  ];
}

/**
 * Autoscaling of the alias's provisioned concurrency: Lambda concurrency targets only, their tracking alarms, and
 * the one service-linked role Application Auto Scaling needs (https://docs.aws.amazon.com/autoscaling/application/userguide/security_iam_id-based-policy-examples.html;
 * the Lambda calls it makes on the caller's behalf are LambdaFunction's *ProvisionedConcurrencyConfig grants).
 */
function warmCapacityStatements(arns: ReturnType<typeof stackResourceArns>): PolicyStatement[] {
  return [
    statement("ScalingReads", [...UNSCOPABLE.scalingReads.actions], ["*"]),
    statement("LambdaConcurrencyScaling", SCALING_WRITE, [arns.scalableTargets], LAMBDA_CONCURRENCY_ONLY),
    statement("ScalableTargetTags", SCALING_TAG_READ, [arns.scalableTargets]),
    statement("TargetTrackingAlarms", TARGET_TRACKING_ALARMS, [arns.targetTrackingAlarms]),
    statement(
      "LambdaScalingServiceLinkedRole",
      ["iam:CreateServiceLinkedRole"],
      [arns.lambdaScalingServiceRole],
      {
        StringEquals: { "iam:AWSServiceName": LAMBDA_SCALING_SERVICE },
      },
    ),
  ];
}

/** The stack tag's condition key, for the docs and tests. */
export const STACK_TAG_CONDITION_KEYS = [
  `aws:RequestTag/${STACK_TAG_KEY}`,
  `aws:ResourceTag/${STACK_TAG_KEY}`,
];

/**
 * What the deploy role of one stack may do: create, update and delete exactly the resources of that stack's
 * program in that stack's region, push its image, pass its function role to Lambda only, and write its own state
 * (self-managed backend) — nothing else.
 */
export function deployPolicy(
  account: AccountScope,
  names: ProgramNames,
  target: StackTarget,
  stateBucket?: string,
): PolicyDocument {
  const arns = stackResourceArns(account, names, target);
  const stackRoles = [arns.functionRole, arns.codeDeployRole];
  const statements: PolicyStatement[] = [
    statement("EcrLogin", [...UNSCOPABLE.ecrLogin.actions], ["*"]),
    statement(
      "EcrRepositoryAndImages",
      [...ECR_REPOSITORY_READ, ...ECR_REPOSITORY_WRITE, ...ECR_PULL, ...ECR_PUSH],
      [arns.ecrRepository],
    ),
    statement("LambdaFunction", [...LAMBDA_READ, ...LAMBDA_WRITE], arns.lambdaFunction),
    statement("RolloutSmokeInvokesVersions", LAMBDA_INVOKE_VERSION, [arns.functionVersions]),
    statement("SmokeTestInvokesIamFunctionUrl", LAMBDA_INVOKE_IAM_URL, [arns.functionVersions], {
      StringEquals: { "lambda:FunctionUrlAuthType": "AWS_IAM" },
    }),
    statement("StackRoles", [...ROLE_READ, ...ROLE_WRITE], stackRoles),
    statement("StackRolesOnlyWithBoundary", ROLE_WRITE_WITH_BOUNDARY, stackRoles, {
      StringEquals: { "iam:PermissionsBoundary": arns.permissionsBoundary },
    }),
    denial("NoRoleLosesItsBoundary", BOUNDARY_REMOVAL, [arns.anyRole]),
    denial("NoOtherBoundary", ["iam:PutRolePermissionsBoundary"], [arns.anyRole], {
      StringNotEquals: { "iam:PermissionsBoundary": arns.permissionsBoundary },
    }),
    denial("BoundaryUnchangeable", BOUNDARY_REWRITE, [arns.permissionsBoundary]),
    statement("PassFunctionRoleToLambdaOnly", ["iam:PassRole"], [arns.functionRole], {
      StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" },
    }),
    statement("PassCodeDeployRoleToCodeDeployOnly", ["iam:PassRole"], [arns.codeDeployRole], {
      StringEquals: { "iam:PassedToService": "codedeploy.amazonaws.com" },
    }),
    statement(
      "CodeDeployApplicationAndGroup",
      [...CODEDEPLOY_READ, ...CODEDEPLOY_WRITE, ...CODEDEPLOY_DEPLOY],
      [arns.codeDeployApplication, arns.codeDeployGroup],
    ),
    statement("LambdaDeploymentConfigs", CODEDEPLOY_CONFIG_READ, [arns.lambdaDeploymentConfigs]),
    statement(
      "StackLogGroups",
      [...LOG_GROUP_READ, ...LOG_GROUP_WRITE, ...METRIC_FILTER_WRITE],
      arns.logGroups,
    ),
    statement("DescribeLogGroupsInRegion", LOGS_REGION_READ, [arns.anyLogGroupInRegion]),
    statement("Alarms", [...ALARM_READ, ...ALARM_WRITE], arns.alarms),
    statement("Dashboard", [...DASHBOARD_READ, ...DASHBOARD_WRITE], [arns.dashboard]),
    statement("AlarmTopic", [...TOPIC_READ, ...TOPIC_WRITE], arns.alarmTopic),
    statement("ApiAccessLogDelivery", [...UNSCOPABLE.apiAccessLogDelivery.actions], ["*"]),
    ...httpApiStatements(arns),
    ...warmCapacityStatements(arns),
  ];
  if (stateBucket !== undefined) {
    const state = stateObjectArns(account, stateBucket, names.project, target.stack);
    statements.push(
      statement("StateBucketList", ["s3:ListBucket"], [state.bucket]),
      statement("StateRead", ["s3:GetObject"], [state.meta, ...state.stackWrites]),
      statement("StateWrite", ["s3:PutObject", "s3:DeleteObject"], state.stackWrites),
    );
  }
  return { Version: "2012-10-17", Statement: statements };
}

/**
 * What the preview role may do, for every stack: read the resources `pulumi preview` (or `preview --refresh`) looks
 * at, pull the image cache, and read the stacks' state. No action that creates, changes or deletes anything.
 */
export function previewPolicy(
  account: AccountScope,
  names: ProgramNames,
  targets: readonly StackTarget[],
  stateBucket?: string,
): PolicyDocument {
  const all = targets.map((target) => stackResourceArns(account, names, target));
  const unique = (values: string[]) => [...new Set(values)];
  const statements: PolicyStatement[] = [
    statement("EcrLogin", [...UNSCOPABLE.ecrLogin.actions], ["*"]),
    statement(
      "EcrRepositoryRead",
      [...ECR_REPOSITORY_READ, ...ECR_PULL],
      unique(all.map((arns) => arns.ecrRepository)),
    ),
    statement("LambdaRead", LAMBDA_READ, unique(all.flatMap((arns) => arns.lambdaFunction))),
    statement(
      "StackRolesRead",
      ROLE_READ,
      unique(all.flatMap((arns) => [arns.functionRole, arns.codeDeployRole])),
    ),
    statement(
      "CodeDeployRead",
      CODEDEPLOY_READ,
      unique(all.flatMap((arns) => [arns.codeDeployApplication, arns.codeDeployGroup])),
    ),
    statement("StackLogGroupsRead", LOG_GROUP_READ, unique(all.flatMap((arns) => arns.logGroups))),
    statement(
      "DescribeLogGroupsInRegion",
      LOGS_REGION_READ,
      unique(all.map((arns) => arns.anyLogGroupInRegion)),
    ),
    statement("AlarmsRead", ALARM_READ, unique(all.flatMap((arns) => arns.alarms))),
    statement("DashboardRead", DASHBOARD_READ, unique(all.map((arns) => arns.dashboard))),
    statement("AlarmTopicRead", TOPIC_READ, unique(all.flatMap((arns) => arns.alarmTopic))),
    statement("HttpApiRead", API_READ, unique(all.flatMap((arns) => [...arns.httpApis, arns.apiTags]))),
    statement("ScalingReads", [...UNSCOPABLE.scalingReads.actions], ["*"]),
    statement("ScalableTargetTags", SCALING_TAG_READ, unique(all.map((arns) => arns.scalableTargets))),
  ];
  if (stateBucket !== undefined) {
    const states = targets.map((target) =>
      stateObjectArns(account, stateBucket, names.project, target.stack),
    );
    statements.push(
      statement("StateBucketList", ["s3:ListBucket"], unique(states.map((state) => state.bucket))),
      statement(
        "StateRead",
        ["s3:GetObject"],
        unique(states.flatMap((state) => [state.meta, state.checkpoint])),
      ),
    );
  }
  return { Version: "2012-10-17", Statement: statements };
}
