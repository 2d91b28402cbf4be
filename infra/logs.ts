import * as aws from "@pulumi/aws";
import type { StackConfig } from "./config";

/** A log group the stack owns, so its retention is set before anything writes to it. */
export function createLogGroup(
  name: string,
  logGroupName: string,
  config: StackConfig,
): aws.cloudwatch.LogGroup {
  return new aws.cloudwatch.LogGroup(name, {
    name: logGroupName,
    retentionInDays: config.logRetentionDays,
  });
}
