/**
 * The permissions boundary of one stack: a managed policy bootstrap/ creates, which every role the stack's program
 * creates must carry (the deploy role may create or change a role only with it). It caps what those roles can ever
 * do, whatever inline policy the deploy role writes on them: the function role's and CodeDeploy's needs, on the
 * stack's own resources. Plain data, like ./policies.ts.
 */
import { logGroupNames, stackNames } from "../infra/names";
import {
  stackResourceArns,
  type AccountScope,
  type PolicyDocument,
  type ProgramNames,
  type StackTarget,
} from "./policies";

/** Boundary actions AWS authorizes only against "*", with the reason. */
export const BOUNDARY_UNSCOPABLE = {
  tracing: {
    actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
    why: "X-Ray has no resource-level permissions for trace writes",
  },
  alarmPolls: {
    actions: ["cloudwatch:DescribeAlarms"],
    why: "CodeDeploy polls the deployment group's alarms; its own managed policy grants this on * (read-only)",
  },
} as const;

export function boundaryPolicy(
  account: AccountScope,
  names: ProgramNames,
  target: StackTarget,
): PolicyDocument {
  const arns = stackResourceArns(account, names, target);
  const functionLogGroup = logGroupNames(stackNames(names.project, target.stack)).function;
  const { partition: p, accountId: a } = account;
  return {
    Version: "2012-10-17",
    Statement: [
      {
        // The function writes its own log group only (infra/role.ts).
        Sid: "FunctionWritesItsLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: [`arn:${p}:logs:${target.region}:${a}:log-group:${functionLogGroup}:*`],
      },
      {
        Sid: "FunctionTraces",
        Effect: "Allow",
        Action: [...BOUNDARY_UNSCOPABLE.tracing.actions],
        Resource: ["*"],
      },
      {
        // CodeDeploy's role moves the function's `live` alias (the Lambda part of AWSCodeDeployRoleForLambda).
        Sid: "CodeDeployMovesTheLiveAlias",
        Effect: "Allow",
        Action: ["lambda:GetAlias", "lambda:UpdateAlias", "lambda:GetProvisionedConcurrencyConfig"],
        Resource: arns.lambdaFunction,
      },
      {
        Sid: "CodeDeployReadsAlarms",
        Effect: "Allow",
        Action: [...BOUNDARY_UNSCOPABLE.alarmPolls.actions],
        Resource: ["*"],
      },
    ],
  };
}
