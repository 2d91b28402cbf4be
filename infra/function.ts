import type * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { FUNCTION_SETTINGS, type StackConfig } from "./config";
import type { ModelInfo } from "../function/src/model/predictor.js";
import { METRICS_NAMESPACE } from "./metrics";
import { createWarmCapacity, type WarmCapacity } from "./warm-capacity";

/** Where function/Dockerfile copies the ONNX model and tokenizer. */
export const MODEL_DIR = "/var/task/models";

/** The alias the API invokes: the published version that serves traffic (moved by CodeDeploy, infra/rollout/). */
export const LIVE_ALIAS_NAME = "live";

/** The settings of the function itself; the request limits reach it as its environment. */
export type FunctionSettings = Pick<
  StackConfig,
  | "architecture"
  | "memorySize"
  | "timeout"
  | "reservedConcurrency"
  | "provisionedConcurrency"
  | "tracing"
  | "logLevel"
  | "logInputs"
  | "requestLogSampleRate"
  | "maxLength"
  | "maxSentences"
  | "maxSentenceChars"
  | "maxBodyBytes"
>;

export interface FunctionArgs {
  imageUri: pulumi.Input<string>;
  roleArn: pulumi.Input<string>;
  logGroup: aws.cloudwatch.LogGroup;
  /** Role policies that must exist before the function first runs. */
  rolePolicies: pulumi.Resource[];
  serviceName: string;
  settings: FunctionSettings;
  /** How the alias's warm instances follow traffic (infra/warm-capacity.ts). */
  capacity: Pick<
    StackConfig,
    | "provisionedConcurrencyMax"
    | "provisionedConcurrencyTarget"
    | "provisionedConcurrencySchedule"
    | "provisionedConcurrencyTimezone"
  >;
  /** The model the image bundles, as the preview's check of modelDir found it. */
  model: Pick<ModelInfo, "name" | "labels">;
}

/** Lambda's limit on a function description. */
const MAX_DESCRIPTION_CHARS = 256;

/** The function's description, from the model folder it serves: its name and labels, not a fixed model's. */
export function functionDescription(model: Pick<ModelInfo, "name" | "labels">): string {
  const text = `Classifies sentences with ${model.name} (ONNX), labels: ${model.labels.join(", ")}`;
  return text.length <= MAX_DESCRIPTION_CHARS ? text : `${text.slice(0, MAX_DESCRIPTION_CHARS - 1)}…`;
}

export interface DeployedFunction {
  fn: aws.lambda.Function;
  /** `live`: what the API invokes, never $LATEST. */
  alias: aws.lambda.Alias;
  /** Warm instances on the alias, when provisionedConcurrency > 0. */
  provisionedConcurrency: aws.lambda.ProvisionedConcurrencyConfig | undefined;
  /** Autoscaling of those warm instances, when provisionedConcurrencyMax is set. */
  warmCapacity: WarmCapacity | undefined;
  /** What the HTTP API integrates with: the alias. */
  invokeArn: pulumi.Output<string>;
  /** The permission's qualifier: the alias name. */
  qualifier: pulumi.Output<string>;
  /** The version this `up` published (or the unchanged latest one): what the rollout moves `live` to. */
  version: pulumi.Output<string>;
}

/** The environment the handler reads: each exposed setting under the variable its definition names. */
export function functionEnvironment(config: FunctionSettings, serviceName: string): Record<string, string> {
  const exposed = Object.values(FUNCTION_SETTINGS).flatMap((setting) =>
    setting.configKey === undefined
      ? []
      : [[setting.env, String(config[setting.configKey as keyof FunctionSettings])] as const],
  );
  return {
    [FUNCTION_SETTINGS.modelDir.env]: MODEL_DIR,
    ...Object.fromEntries(exposed),
    [FUNCTION_SETTINGS.serviceName.env]: serviceName,
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
  };
}

export function createFunction(
  name: string,
  args: FunctionArgs,
  opts?: pulumi.CustomResourceOptions,
): DeployedFunction {
  const config = args.settings;
  const usesProvisionedConcurrency = config.provisionedConcurrency > 0;
  const { capacity } = args;
  const autoscales = usesProvisionedConcurrency && capacity.provisionedConcurrencyMax > 0;

  // The function running the image.
  const fn = new aws.lambda.Function(
    name,
    {
      description: functionDescription(args.model),
      packageType: "Image",
      imageUri: args.imageUri,
      role: args.roleArn,
      architectures: [config.architecture],
      memorySize: config.memorySize,
      timeout: config.timeout,
      // -1 is the provider's "no reservation".
      reservedConcurrentExecutions: config.reservedConcurrency ?? -1,
      // Every change publishes an immutable version: what `live` serves and a rollout moves to.
      publish: true,
      environment: { variables: functionEnvironment(config, args.serviceName) },
      tracingConfig: { mode: config.tracing ? "Active" : "PassThrough" },
      // Powertools already writes structured JSON lines; "Text" passes them through unwrapped.
      loggingConfig: { logFormat: "Text", logGroup: args.logGroup.name },
    },
    { ...opts, dependsOn: [args.logGroup, ...args.rolePolicies] },
  );

  // The `live` alias, created on the first version published. After that CodeDeploy alone moves it (the rollout
  // of infra/rollout/), so Pulumi never writes its version: state and CodeDeploy do not fight over it.
  const alias = new aws.lambda.Alias(
    `${name}-${LIVE_ALIAS_NAME}`,
    {
      name: LIVE_ALIAS_NAME,
      description: "The published version that serves traffic; CodeDeploy moves it",
      functionName: fn.name,
      functionVersion: fn.version,
    },
    { ...opts, ignoreChanges: ["functionVersion", "routingConfig"] },
  );
  // Warm instances of the version `live` serves. With autoscaling this sets the first count only: Application
  // Auto Scaling changes it from then on, and Pulumi must not set it back (RegisterScalableTarget brings the count
  // into a changed min-max range itself: https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html).
  const provisionedConcurrency = usesProvisionedConcurrency
    ? new aws.lambda.ProvisionedConcurrencyConfig(
        `${name}-provisioned`,
        {
          functionName: fn.name,
          qualifier: alias.name,
          provisionedConcurrentExecutions: config.provisionedConcurrency,
        },
        autoscales ? { ...opts, ignoreChanges: ["provisionedConcurrentExecutions"] } : opts,
      )
    : undefined;
  // Autoscaling of those warm instances, registered once they exist.
  const warmCapacity =
    autoscales && provisionedConcurrency
      ? createWarmCapacity(
          `${name}-warm`,
          {
            functionName: fn.name,
            aliasName: alias.name,
            min: config.provisionedConcurrency,
            max: capacity.provisionedConcurrencyMax,
            targetUtilization: capacity.provisionedConcurrencyTarget,
            schedule: capacity.provisionedConcurrencySchedule,
            timezone: capacity.provisionedConcurrencyTimezone,
          },
          { ...opts, dependsOn: [alias, provisionedConcurrency] },
        )
      : undefined;
  return {
    fn,
    alias,
    provisionedConcurrency,
    warmCapacity,
    invokeArn: alias.invokeArn,
    qualifier: alias.name,
    version: fn.version,
  };
}
