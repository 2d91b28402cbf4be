import type { ResourceValidationPolicy } from "@pulumi/policy";
import { HTTP_API_STAGE } from "./resource-types";

/** Unthrottled stages pass any burst straight to the function (and the bill). */
export const apiStageThrottling: ResourceValidationPolicy = {
  name: "api-stage-throttling",
  description: "API Gateway v2 stages throttle their default route (burst and rate limits above 0).",
  validateResource: (args, reportViolation) => {
    if (args.type !== HTTP_API_STAGE) return;
    const settings = args.props.defaultRouteSettings as
      { throttlingBurstLimit?: unknown; throttlingRateLimit?: unknown } | undefined;
    for (const key of ["throttlingBurstLimit", "throttlingRateLimit"] as const) {
      const limit = settings?.[key];
      if (typeof limit !== "number" || limit <= 0) {
        reportViolation(`defaultRouteSettings.${key} is ${String(limit)}; set a limit greater than 0`);
      }
    }
  },
};
