import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { managedPolicyArn } from "./stack-scope";

/**
 * The ARN of the managed policy `name` in the account and partition the program deploys to: the permissions
 * boundary (config `permissionsBoundary`) of every role the stack creates. Undefined when the stack sets none.
 */
export function permissionsBoundaryArn(
  name: string | undefined,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<string> | undefined {
  if (name === undefined) return undefined;
  const { accountId } = aws.getCallerIdentityOutput({}, opts);
  const { partition } = aws.getPartitionOutput({}, opts);
  return pulumi.all([partition, accountId]).apply(([p, a]) => managedPolicyArn(p, a, name));
}
