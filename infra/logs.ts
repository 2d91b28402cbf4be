import type * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

export interface LogGroupArgs {
  /** The log group's fixed name (infra/names.ts). */
  logGroupName: string;
  retentionInDays: number;
}

/** A log group the stack owns, so its retention is set before anything writes to it. */
export function createLogGroup(
  name: string,
  args: LogGroupArgs,
  opts?: pulumi.CustomResourceOptions,
): aws.cloudwatch.LogGroup {
  return new aws.cloudwatch.LogGroup(
    name,
    { name: args.logGroupName, retentionInDays: args.retentionInDays },
    opts,
  );
}
