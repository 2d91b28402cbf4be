import type { ResourceValidationPolicy } from "@pulumi/policy";
import { LOG_GROUP } from "./resource-types";

/** A log group without retention keeps (and bills) every line forever. */
export const logGroupRetention: ResourceValidationPolicy = {
  name: "log-group-retention",
  description: "CloudWatch log groups set a retention period.",
  validateResource: (args, reportViolation) => {
    if (args.type !== LOG_GROUP) return;
    const retention: unknown = args.props.retentionInDays;
    if (typeof retention !== "number" || retention <= 0) {
      reportViolation(
        `retentionInDays is ${String(retention)}; set a retention period (stack config key logRetentionDays)`,
      );
    }
  },
};
