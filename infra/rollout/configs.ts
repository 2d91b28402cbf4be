/**
 * How a new version reaches users: CodeDeploy's predefined deployment configurations for Lambda, and the
 * `rollout` key's shorthands for them. Plain data, no Pulumi imports (the rollback command and bootstrap/ load it).
 *
 * The list: https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-configurations.html
 * ("Predefined deployment configurations for an AWS Lambda compute platform").
 */

/** Each predefined configuration, with the minutes from the first traffic shift to the last. */
export const LAMBDA_DEPLOYMENT_CONFIGS = {
  "CodeDeployDefault.LambdaAllAtOnce": { shiftMinutes: 0 },
  "CodeDeployDefault.LambdaCanary10Percent5Minutes": { shiftMinutes: 5 },
  "CodeDeployDefault.LambdaCanary10Percent10Minutes": { shiftMinutes: 10 },
  "CodeDeployDefault.LambdaCanary10Percent15Minutes": { shiftMinutes: 15 },
  "CodeDeployDefault.LambdaCanary10Percent30Minutes": { shiftMinutes: 30 },
  // Linear: 10 % at once, then 10 % more after each interval: nine intervals to 100 %.
  "CodeDeployDefault.LambdaLinear10PercentEvery1Minute": { shiftMinutes: 9 },
  "CodeDeployDefault.LambdaLinear10PercentEvery2Minutes": { shiftMinutes: 18 },
  "CodeDeployDefault.LambdaLinear10PercentEvery3Minutes": { shiftMinutes: 27 },
  "CodeDeployDefault.LambdaLinear10PercentEvery10Minutes": { shiftMinutes: 90 },
} as const;

export type LambdaDeploymentConfigName = keyof typeof LAMBDA_DEPLOYMENT_CONFIGS;

/** The `rollout` key's short names, as SAM's DeploymentPreference spells the common choices. */
export const ROLLOUT_SHORTHANDS = {
  /** Every request to the new version at once (dev). */
  allAtOnce: "CodeDeployDefault.LambdaAllAtOnce",
  /** 10 % for 5 minutes, then the rest (prod). */
  canary: "CodeDeployDefault.LambdaCanary10Percent5Minutes",
  /** 10 % more every minute. */
  linear: "CodeDeployDefault.LambdaLinear10PercentEvery1Minute",
} as const satisfies Record<string, LambdaDeploymentConfigName>;

/** What the `rollout` key accepts: a shorthand or a predefined configuration's full name. */
export type RolloutSetting = keyof typeof ROLLOUT_SHORTHANDS | LambdaDeploymentConfigName;

export const ROLLOUT_SETTINGS: readonly RolloutSetting[] = [
  ...(Object.keys(ROLLOUT_SHORTHANDS) as Array<keyof typeof ROLLOUT_SHORTHANDS>),
  ...(Object.keys(LAMBDA_DEPLOYMENT_CONFIGS) as LambdaDeploymentConfigName[]),
];

/** The configuration the rollback command uses: a rollback should not wait. */
export const ROLLBACK_DEPLOYMENT_CONFIG: LambdaDeploymentConfigName = "CodeDeployDefault.LambdaAllAtOnce";

/** The CodeDeploy configuration a `rollout` value names. */
export function deploymentConfigName(setting: RolloutSetting): LambdaDeploymentConfigName {
  return setting in ROLLOUT_SHORTHANDS
    ? ROLLOUT_SHORTHANDS[setting as keyof typeof ROLLOUT_SHORTHANDS]
    : (setting as LambdaDeploymentConfigName);
}

/** Beyond the traffic shifts: CodeDeploy's start, the last shift, alarm polls and provisioned concurrency. */
export const ROLLOUT_MARGIN_SECONDS = 600;

/** How long `pulumi up` waits for a deployment before it stops it (and CodeDeploy rolls back). */
export function rolloutTimeoutSeconds(config: LambdaDeploymentConfigName): number {
  return LAMBDA_DEPLOYMENT_CONFIGS[config].shiftMinutes * 60 + ROLLOUT_MARGIN_SECONDS;
}
