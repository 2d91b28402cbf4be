import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { StackConfig } from "./config";

export interface FunctionRole {
  role: aws.iam.Role;
  /** The function must depend on these so it can log (and trace) from its first invocation. */
  policies: aws.iam.RolePolicy[];
}

/**
 * Execution role with least privilege: write to its own log group only (instead of the managed
 * AWSLambdaBasicExecutionRole, which may create any log group), plus X-Ray writes when tracing is on.
 */
export function createFunctionRole(
  name: string,
  logGroupArn: pulumi.Input<string>,
  config: StackConfig,
): FunctionRole {
  const role = new aws.iam.Role(name, {
    description: "Execution role of the CoLA classifier function",
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
      ],
    }),
  });

  const policies = [
    new aws.iam.RolePolicy(`${name}-logs`, {
      role: role.id,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: pulumi.interpolate`${logGroupArn}:*`,
          },
        ],
      }),
    }),
  ];

  if (config.tracing) {
    policies.push(
      new aws.iam.RolePolicy(`${name}-xray`, {
        role: role.id,
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
              // X-Ray has no resource-level permissions for these actions.
              Resource: "*",
            },
          ],
        }),
      }),
    );
  }
  return { role, policies };
}
