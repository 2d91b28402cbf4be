import * as aws from "@pulumi/aws";
import type { StackConfig } from "./config";

/**
 * A log group the stack owns, so its retention is set before anything writes to it. `formerNames`: logical names
 * it had before (aliases), so a rename keeps the log group instead of creating another with the same name.
 */
export function createLogGroup(
  name: string,
  logGroupName: string,
  config: StackConfig,
  formerNames: readonly string[] = [],
): aws.cloudwatch.LogGroup {
  return new aws.cloudwatch.LogGroup(
    name,
    { name: logGroupName, retentionInDays: config.logRetentionDays },
    formerNames.length > 0 ? { aliases: formerNames.map((formerName) => ({ name: formerName })) } : {},
  );
}
