import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { CODEDEPLOY_SERVICE_PRINCIPAL, CODEDEPLOY_SERVICE_ROLE_ACTIONS } from "./actions";
import type { LambdaDeploymentConfigName } from "./configs";

export interface DeploymentGroupArgs {
  /** The function whose `live` alias the group moves. */
  functionArn: pulumi.Input<string>;
  /** The deployment group's name (CodeDeploy does not auto-name groups; infra/names.ts). */
  groupName: string;
  /** The configuration a deployment uses unless it names another (the rollback command does). */
  deploymentConfigName: LambdaDeploymentConfigName;
  /** Alarms that stop a deployment (and so roll it back). */
  alarmNames: pulumi.Input<string>[];
  /** The managed policy that caps what CodeDeploy's role may ever do (config permissionsBoundary), if any. */
  permissionsBoundary?: pulumi.Input<string>;
}

export interface LambdaDeploymentGroup {
  application: aws.codedeploy.Application;
  role: aws.iam.Role;
  rolePolicy: aws.iam.RolePolicy;
  group: aws.codedeploy.DeploymentGroup;
}

/** Logical names of the three parts, from infra/names.ts. */
export interface DeploymentGroupNames {
  application: string;
  role: string;
  group: string;
}

/**
 * CodeDeploy for the function's `live` alias, the engine of SAM's DeploymentPreference: a Lambda application, a
 * blue/green deployment group with traffic control that stops on the alarms and rolls back on failure or alarm,
 * and the service role CodeDeploy assumes to move the alias.
 */
export function createDeploymentGroup(
  names: DeploymentGroupNames,
  args: DeploymentGroupArgs,
  opts?: pulumi.CustomResourceOptions,
): LambdaDeploymentGroup {
  // The CodeDeploy application, for Lambda.
  const application = new aws.codedeploy.Application(names.application, { computePlatform: "Lambda" }, opts);

  // The role CodeDeploy assumes: the Lambda and CloudWatch part of the managed AWSCodeDeployRoleForLambda, on
  // this function only (the managed policy allows every function, and S3 and SNS, which no hook here uses).
  const role = new aws.iam.Role(
    names.role,
    {
      description: "CodeDeploy's role for the CoLA classifier's live alias",
      assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: CODEDEPLOY_SERVICE_PRINCIPAL }),
      ...(args.permissionsBoundary !== undefined ? { permissionsBoundary: args.permissionsBoundary } : {}),
    },
    opts,
  );
  const rolePolicy = new aws.iam.RolePolicy(
    `${names.role}-alias`,
    {
      role: role.id,
      policy: aws.iam.getPolicyDocumentOutput(
        {
          statements: [
            {
              actions: [...CODEDEPLOY_SERVICE_ROLE_ACTIONS.lambda],
              // The function, and its alias and versions (qualified ARNs).
              resources: [args.functionArn, pulumi.interpolate`${args.functionArn}:*`],
            },
            {
              // DescribeAlarms is asked for the group's alarms by name; "*" is what CodeDeploy's own policy grants.
              actions: [...CODEDEPLOY_SERVICE_ROLE_ACTIONS.cloudwatch],
              resources: ["*"],
            },
          ],
        },
        { parent: opts?.parent },
      ).json,
    },
    opts,
  );

  // Blue/green with traffic control: CodeDeploy shifts `live`'s weights from the current version to the new one.
  const group = new aws.codedeploy.DeploymentGroup(
    names.group,
    {
      appName: application.name,
      deploymentGroupName: args.groupName,
      serviceRoleArn: role.arn,
      deploymentConfigName: args.deploymentConfigName,
      deploymentStyle: { deploymentType: "BLUE_GREEN", deploymentOption: "WITH_TRAFFIC_CONTROL" },
      alarmConfiguration: { enabled: true, alarms: args.alarmNames, ignorePollAlarmFailure: false },
      autoRollbackConfiguration: {
        enabled: true,
        events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"],
      },
    },
    // The role must be able to move the alias before the group is used.
    { ...opts, dependsOn: [rolePolicy] },
  );

  return { application, role, rolePolicy, group };
}
