/**
 * Every AWS API action the rollout (infra/rollout/, run by `pulumi up`) and the rollback command
 * (scripts/rollback.ts) call, and the managed policy of the CodeDeploy service role the program creates:
 * the one list bootstrap/ grants from, so the deploy role allows exactly these. No Pulumi imports, so the
 * bootstrap program can load it too.
 *
 * Pages: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodedeploy.html,
 * https://docs.aws.amazon.com/codedeploy/latest/userguide/auth-and-access-control-permissions-reference.html,
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html.
 */

/** Called by the rollout resource's provider during `pulumi up`, and by `npm run rollback`. */
export const ROLLOUT_ACTIONS = {
  /** On the function (and its `live` alias / qualified version ARNs). */
  lambda: [
    // Which version `live` serves now (the deployment's CurrentVersion).
    "lambda:GetAlias",
    // The smoke prediction, sent to the new version directly before any traffic.
    "lambda:InvokeFunction",
  ],
  /** On the stack's deployment group (deploymentgroup:<application>/<group>) and its application. */
  codedeploy: [
    "codedeploy:CreateDeployment",
    "codedeploy:GetDeployment",
    // Ends a deployment that outlived the rollout's timeout, so it rolls back rather than lingering.
    "codedeploy:StopDeployment",
    // CreateDeployment checks the configuration it names (deploymentconfig:CodeDeployDefault.Lambda*).
    "codedeploy:GetDeploymentConfig",
    // CreateDeployment registers the AppSpec content as a revision of the application.
    "codedeploy:RegisterApplicationRevision",
    "codedeploy:GetApplicationRevision",
    // CreateDeployment with overrideAlarmConfiguration (rolloutIgnoreAlarms, and the rollback command) needs it
    // (CreateDeployment API reference, overrideAlarmConfiguration).
    "codedeploy:UpdateDeploymentGroup",
  ],
  /** Names the alarm that stopped a deployment; DescribeAlarms takes no resource ARN ("*"). */
  cloudwatch: ["cloudwatch:DescribeAlarms"],
} as const;

/** Called by `npm run rollback` only, on top of ROLLOUT_ACTIONS. */
export const ROLLBACK_ACTIONS = {
  /** The image a version runs (Code.ImageUri / ResolvedImageUri, with Qualifier). */
  lambda: ["lambda:GetFunction"],
  /** Whether that digest is still in the stack's repository. */
  ecr: ["ecr:DescribeImages"],
} as const;

/**
 * Called by the Pulumi AWS provider for the CodeDeploy resources the program declares (application, deployment
 * group, service role passed to the group). The Lambda alias and IAM role actions are the ones bootstrap/ already
 * grants for the function's alias and role.
 */
export const CODEDEPLOY_RESOURCE_ACTIONS = {
  codedeploy: [
    "codedeploy:CreateApplication",
    "codedeploy:GetApplication",
    "codedeploy:DeleteApplication",
    "codedeploy:UpdateApplication",
    "codedeploy:CreateDeploymentGroup",
    "codedeploy:GetDeploymentGroup",
    "codedeploy:UpdateDeploymentGroup",
    "codedeploy:DeleteDeploymentGroup",
    "codedeploy:TagResource",
    "codedeploy:UntagResource",
    "codedeploy:ListTagsForResource",
  ],
  /** The deployment group takes the service role's ARN: the deploy role must pass it to codedeploy.amazonaws.com. */
  iam: ["iam:PassRole"],
} as const;

/**
 * What the CodeDeploy service role (infra/rollout/deployment-group.ts) may do, as an inline policy on the stack's
 * function and its alias: the Lambda and CloudWatch statements of the managed policy AWSCodeDeployRoleForLambda
 * (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSCodeDeployRoleForLambda.html), without its
 * "every function" scope and its S3, SNS and hook-invoke grants, which nothing here uses. The deploy role creates
 * this role and its inline policy (iam:CreateRole, iam:PutRolePolicy, iam:PassRole to codedeploy.amazonaws.com).
 */
export const CODEDEPLOY_SERVICE_ROLE_ACTIONS = {
  lambda: ["lambda:GetAlias", "lambda:UpdateAlias", "lambda:GetProvisionedConcurrencyConfig"],
  cloudwatch: ["cloudwatch:DescribeAlarms"],
} as const;

/** The managed policy the inline one above narrows (not attached; named for reference and for bootstrap/). */
export const CODEDEPLOY_MANAGED_POLICY_ARN =
  "arn:aws:iam::aws:policy/service-role/AWSCodeDeployRoleForLambda" as const;

/** The service that assumes that role. */
export const CODEDEPLOY_SERVICE_PRINCIPAL = "codedeploy.amazonaws.com" as const;
