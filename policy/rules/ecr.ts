import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AWSX_ECR_REPOSITORY, ECR_REPOSITORY } from "./resource-types";

export const ecrScanOnPush: ResourceValidationPolicy = {
  name: "ecr-scan-on-push",
  description: "ECR repositories scan every pushed image for known vulnerabilities.",
  validateResource: (args, reportViolation) => {
    if (args.type !== ECR_REPOSITORY && args.type !== AWSX_ECR_REPOSITORY) return;
    const scanning = args.props.imageScanningConfiguration as { scanOnPush?: unknown } | undefined;
    if (scanning?.scanOnPush !== true) {
      reportViolation("imageScanningConfiguration.scanOnPush is not true; enable scanning on push");
    }
  },
};
