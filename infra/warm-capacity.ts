import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { ScheduleEntry } from "./warm-capacity-config";

/** Application Auto Scaling's names for a Lambda alias's provisioned concurrency. */
export const LAMBDA_SCALING = {
  serviceNamespace: "lambda",
  scalableDimension: "lambda:function:ProvisionedConcurrency",
  predefinedMetricType: "LambdaProvisionedConcurrencyUtilization",
} as const;

export interface WarmCapacityArgs {
  functionName: pulumi.Input<string>;
  aliasName: pulumi.Input<string>;
  /** provisionedConcurrency: the fewest warm instances. */
  min: number;
  /** provisionedConcurrencyMax. */
  max: number;
  /** provisionedConcurrencyTarget. */
  targetUtilization: number;
  schedule: ScheduleEntry[];
  timezone: string;
}

export interface WarmCapacity {
  target: aws.appautoscaling.Target;
  policy: aws.appautoscaling.Policy;
  scheduledActions: aws.appautoscaling.ScheduledAction[];
  /** Everything above, for `dependsOn`. */
  resources: pulumi.Resource[];
}

/**
 * Autoscaling of the `live` alias's provisioned concurrency: the alias as a scalable target from min to max, a
 * target-tracking policy on its utilization, and the scheduled changes of that range
 * (https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html, "Managing provisioned concurrency with
 * Application Auto Scaling"). The target is the alias, never a version, so it survives every rollout: when
 * CodeDeploy moves `live`, Lambda moves the alias's provisioned concurrency to the new version.
 *
 * `opts.dependsOn` should hold the alias's provisioned concurrency configuration, which creates the first warm
 * instances; Application Auto Scaling owns their number after that (function.ts ignores its changes).
 */
export function createWarmCapacity(
  name: string,
  args: WarmCapacityArgs,
  opts?: pulumi.CustomResourceOptions,
): WarmCapacity {
  // The alias, `function:<name>:live`: never a version, so the target outlives every rollout.
  const resourceId = pulumi.interpolate`function:${args.functionName}:${args.aliasName}`;
  const scaled = {
    serviceNamespace: LAMBDA_SCALING.serviceNamespace,
    scalableDimension: LAMBDA_SCALING.scalableDimension,
  };

  // The alias's provisioned concurrency as a scalable target. No roleArn: Application Auto Scaling uses (and on
  // first use creates) its service-linked role AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency.
  const target = new aws.appautoscaling.Target(
    `${name}-target`,
    { ...scaled, resourceId, minCapacity: args.min, maxCapacity: args.max },
    opts,
  );
  const onTarget = {
    ...scaled,
    resourceId: target.resourceId,
  };

  // Keeps utilization near the target: more warm instances when busier, fewer (slowly) when idle.
  const policy = new aws.appautoscaling.Policy(
    `${name}-utilization`,
    {
      ...onTarget,
      name: "live-utilization",
      policyType: "TargetTrackingScaling",
      targetTrackingScalingPolicyConfiguration: {
        targetValue: args.targetUtilization,
        predefinedMetricSpecification: { predefinedMetricType: LAMBDA_SCALING.predefinedMetricType },
      },
    },
    { ...opts, dependsOn: [target] },
  );

  // The scheduled changes of the range, one after another: Application Auto Scaling refuses concurrent changes to
  // one target (ConcurrentUpdateException; hashicorp/terraform-provider-aws#17915).
  const scheduledActions: aws.appautoscaling.ScheduledAction[] = [];
  let previous: pulumi.Resource = policy;
  args.schedule.forEach((entry, index) => {
    const action = new aws.appautoscaling.ScheduledAction(
      `${name}-schedule-${index + 1}`,
      {
        ...onTarget,
        name: `live-schedule-${index + 1}`,
        schedule: entry.schedule,
        timezone: args.timezone,
        scalableTargetAction: { minCapacity: entry.min, maxCapacity: entry.max },
      },
      { ...opts, dependsOn: [target, previous] },
    );
    scheduledActions.push(action);
    previous = action;
  });

  return { target, policy, scheduledActions, resources: [target, policy, ...scheduledActions] };
}
