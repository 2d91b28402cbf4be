import type { ResourceValidationPolicy } from "@pulumi/policy";
import { lambdaMemoryBudget, lambdaReservedConcurrency } from "./rules/lambda";
import { logGroupRetention } from "./rules/logs";
import { ecrScanOnPush } from "./rules/ecr";
import { apiStageThrottling } from "./rules/api";
import { iamNoWildcardActions } from "./rules/iam";

/** Every rule of the pack; importable without constructing the PolicyPack (which starts a gRPC server). */
export const policies: ResourceValidationPolicy[] = [
  lambdaReservedConcurrency,
  lambdaMemoryBudget,
  logGroupRetention,
  ecrScanOnPush,
  apiStageThrottling,
  iamNoWildcardActions,
];
