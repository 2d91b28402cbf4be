import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

export interface FunctionRoleArgs {
  /** The function's log group: the only one it may write to. */
  logGroupArn: pulumi.Input<string>;
  /** Adds X-Ray writes. */
  tracing: boolean;
  /** The managed policy that caps what the role may ever do (config permissionsBoundary), if any. */
  permissionsBoundary?: pulumi.Input<string>;
}

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
  args: FunctionRoleArgs,
  opts?: pulumi.CustomResourceOptions,
): FunctionRole {
  // The role Lambda assumes to run the function.
  const role = new aws.iam.Role(
    name,
    {
      description: "Execution role of the CoLA classifier function",
      assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal(aws.iam.Principals.LambdaPrincipal),
      ...(args.permissionsBoundary !== undefined ? { permissionsBoundary: args.permissionsBoundary } : {}),
    },
    opts,
  );

  // Writes to its own log group.
  const policies = [
    new aws.iam.RolePolicy(
      `${name}-logs`,
      {
        role: role.id,
        policy: aws.iam.getPolicyDocumentOutput(
          {
            statements: [
              {
                actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
                resources: [pulumi.interpolate`${args.logGroupArn}:*`],
              },
            ],
          },
          { parent: opts?.parent },
        ).json,
      },
      opts,
    ),
  ];

  if (args.tracing) {
    // Trace segments; X-Ray has no resource-level permissions for these actions.
    policies.push(
      new aws.iam.RolePolicy(
        `${name}-xray`,
        {
          role: role.id,
          policy: aws.iam.getPolicyDocumentOutput(
            {
              statements: [
                { actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources: ["*"] },
              ],
            },
            { parent: opts?.parent },
          ).json,
        },
        opts,
      ),
    );
  }
  return { role, policies };
}
