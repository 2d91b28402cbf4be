import * as pulumi from "@pulumi/pulumi";
// Types only (erased): the modules themselves are required inside sdkClients.
import type * as CloudWatchSdk from "@aws-sdk/client-cloudwatch";
import type * as CodeDeploySdk from "@aws-sdk/client-codedeploy";
import type * as LambdaSdk from "@aws-sdk/client-lambda";
import {
  realClock,
  rollOut,
  rolloutDiff,
  type RolloutClients,
  type RolloutRequest,
  type RolloutResult,
} from "./rollout";

/** What the rollout resource takes: the request, and the region its clients call. */
export type RolloutInputs = RolloutRequest & { region: string };
/** What it records: the request, and what `live` served after it. */
export type RolloutState = RolloutInputs & RolloutResult;

/**
 * The AWS SDK clients, loaded here and not imported at the top: Pulumi serializes the provider's code into the
 * state and runs it in its provider host, where these modules load from the project's node_modules. Credentials
 * come from the SDK's default chain (the environment `pulumi up` runs in), the region from the stack.
 */
function sdkClients(region: string): RolloutClients {
  /* eslint-disable @typescript-eslint/no-require-imports -- see above: a require inside the serialized code */
  const { Lambda } = require("@aws-sdk/client-lambda") as typeof LambdaSdk;
  const { CodeDeploy } = require("@aws-sdk/client-codedeploy") as typeof CodeDeploySdk;
  const { CloudWatch } = require("@aws-sdk/client-cloudwatch") as typeof CloudWatchSdk;
  /* eslint-enable @typescript-eslint/no-require-imports */
  return {
    lambda: new Lambda({ region }),
    codedeploy: new CodeDeploy({ region }),
    cloudwatch: new CloudWatch({ region }),
  };
}

/**
 * The error Pulumi shows for a failed rollout: a native Error carrying the name and message. Errors of classes
 * serialized with the provider are not Error instances in the provider host, and Pulumi reads only `message`.
 */
function failure(error: unknown): Error {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  return new Error(
    `${typeof name === "string" ? name : "Error"}: ${typeof message === "string" ? message : String(error)}`,
  );
}

/**
 * The dynamic provider: a thin layer over rollOut (infra/rollout/rollout.ts). Create is the stack's first deploy
 * (or the first `up` of this rollout on a stack that has an alias already); update rolls out a new version; a
 * failed rollout throws, so Pulumi keeps the previous state and the next `up` retries. Delete does nothing: the
 * alias and the function are other resources.
 */
export const rolloutProvider: pulumi.dynamic.ResourceProvider<RolloutInputs, RolloutState> = {
  diff(_id, olds, news) {
    return Promise.resolve({ ...rolloutDiff(olds, news), deleteBeforeReplace: false });
  },
  async create(inputs) {
    const result = await rollOut(inputs, sdkClients(inputs.region), realClock, true).catch(
      (error: unknown) => {
        throw failure(error);
      },
    );
    return { id: `${inputs.functionName}:${inputs.aliasName}`, outs: { ...inputs, ...result } };
  },
  async update(_id, _olds, news) {
    const result = await rollOut(news, sdkClients(news.region), realClock).catch((error: unknown) => {
      throw failure(error);
    });
    return { outs: { ...news, ...result } };
  },
  async delete() {},
};

export type LiveAliasRolloutArgs = { [K in keyof RolloutInputs]: pulumi.Input<RolloutInputs[K]> };

/**
 * Moves the `live` alias to the version each `up` publishes, through CodeDeploy, after a smoke prediction; fails
 * the `up` when CodeDeploy stops or rolls back. Its outputs say which version `live` serves.
 */
export class LiveAliasRollout extends pulumi.dynamic.Resource {
  declare readonly servedVersion: pulumi.Output<string>;
  declare readonly previousVersion: pulumi.Output<string>;
  declare readonly outcome: pulumi.Output<RolloutResult["outcome"]>;
  declare readonly deploymentId: pulumi.Output<string | undefined>;

  constructor(name: string, args: LiveAliasRolloutArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      rolloutProvider,
      name,
      {
        ...args,
        servedVersion: undefined,
        previousVersion: undefined,
        outcome: undefined,
        deploymentId: undefined,
      },
      opts,
    );
  }
}
