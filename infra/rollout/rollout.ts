/**
 * The rollout `pulumi up` runs when the function publishes a new version, as plain functions over narrow client
 * interfaces (the AWS SDK v3 clients satisfy them; the tests pass fakes):
 *
 * 1. read which version `live` serves (Lambda GetAlias); nothing to do when it is already the new one;
 * 2. invoke the new version directly with a smoke prediction (Lambda Invoke with Qualifier): no traffic yet;
 * 3. have CodeDeploy move `live` from that version to the new one (CreateDeployment, AppSpec content);
 * 4. wait for the end (GetDeployment, bounded: past the timeout, StopDeployment with rollback);
 * 5. fail naming the deployment and the alarm that stopped it when CodeDeploy stopped or rolled back.
 *
 * No imports but types and the error classes: the provider's code is serialized into the stack's state.
 */
import { smokeAnswerProblem, smokeEvent, type InvokeAnswer } from "./smoke";
import { AliasStateError, DeploymentFailedError, DeploymentTimeoutError, SmokeTestError } from "./errors";

/** The Lambda calls the rollout makes (https://docs.aws.amazon.com/lambda/latest/api/API_GetAlias.html, API_Invoke.html). */
export interface LambdaApi {
  getAlias(input: { FunctionName: string; Name: string }): Promise<{
    FunctionVersion?: string | undefined;
    RoutingConfig?: { AdditionalVersionWeights?: Record<string, number> | undefined } | undefined;
  }>;
  invoke(input: { FunctionName: string; Qualifier: string; Payload: Uint8Array }): Promise<InvokeAnswer>;
}

/** CodeDeploy's deployment states (DeploymentStatus). */
export type DeploymentStatus =
  "Created" | "Queued" | "InProgress" | "Baking" | "Succeeded" | "Failed" | "Stopped" | "Ready";

export interface DeploymentInfo {
  deploymentId?: string | undefined;
  /** A DeploymentStatus, typed as the SDK types it. */
  status?: string | undefined;
  errorInformation?: { code?: string | undefined; message?: string | undefined } | undefined;
  rollbackInfo?:
    | {
        rollbackDeploymentId?: string | undefined;
        rollbackMessage?: string | undefined;
      }
    | undefined;
}

/** The CodeDeploy calls the rollout makes (https://docs.aws.amazon.com/codedeploy/latest/APIReference/). */
export interface CodeDeployApi {
  createDeployment(input: {
    applicationName: string;
    deploymentGroupName: string;
    deploymentConfigName: string;
    description: string;
    revision: { revisionType: "AppSpecContent"; appSpecContent: { content: string } };
    overrideAlarmConfiguration?: { enabled: boolean };
  }): Promise<{ deploymentId?: string | undefined }>;
  getDeployment(input: { deploymentId: string }): Promise<{ deploymentInfo?: DeploymentInfo | undefined }>;
  stopDeployment(input: { deploymentId: string; autoRollbackEnabled: boolean }): Promise<unknown>;
}

/** Names the alarm that stopped a deployment (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html). */
export interface CloudWatchApi {
  describeAlarms(input: { AlarmNames: string[] }): Promise<{
    MetricAlarms?: Array<{ AlarmName?: string | undefined; StateValue?: string | undefined }> | undefined;
  }>;
}

export interface RolloutClients {
  lambda: LambdaApi;
  codedeploy: CodeDeployApi;
  cloudwatch: CloudWatchApi;
}

/** Time, injected so tests need not wait. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface RolloutRequest {
  functionName: string;
  aliasName: string;
  /** The version just published, which `live` should serve. */
  targetVersion: string;
  applicationName: string;
  deploymentGroupName: string;
  deploymentConfigName: string;
  /** The deployment group's alarms: named in the error when one stops the deployment. */
  alarmNames: string[];
  /** Turn the group's alarms off for this deployment (a hotfix while one fires). */
  ignoreAlarms: boolean;
  /** The model's labels: the smoke prediction must score each. */
  labels: string[];
  smokeSentence: string;
  timeoutSeconds: number;
  pollSeconds: number;
}

export interface RolloutResult {
  /** What `live` serves now. */
  servedVersion: string;
  /** What it served before. */
  previousVersion: string;
  /** "first": the stack's first deploy (the alias was created on the version); "unchanged": nothing to do. */
  outcome: "deployed" | "first" | "unchanged";
  deploymentId: string | undefined;
}

/** The AppSpec that moves `alias` from `current` to `target` (https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-resources.html). */
export function appSpecContent(functionName: string, alias: string, current: string, target: string): string {
  // YAML keeps `version: 0.0` as written (JSON.stringify would turn the number into 0).
  return [
    "version: 0.0",
    "Resources:",
    "  - classifier:",
    "      Type: AWS::Lambda::Function",
    "      Properties:",
    `        Name: ${JSON.stringify(functionName)}`,
    `        Alias: ${JSON.stringify(alias)}`,
    `        CurrentVersion: ${JSON.stringify(current)}`,
    `        TargetVersion: ${JSON.stringify(target)}`,
    "",
  ].join("\n");
}

/** Which version `live` serves, refusing an alias that already splits traffic (a deployment under way). */
export async function servedVersion(
  lambda: LambdaApi,
  functionName: string,
  aliasName: string,
): Promise<string> {
  const alias = await lambda.getAlias({ FunctionName: functionName, Name: aliasName });
  const weights = alias.RoutingConfig?.AdditionalVersionWeights ?? {};
  const shifting = Object.entries(weights).filter(([, weight]) => weight > 0);
  if (shifting.length > 0) {
    const split = shifting.map(([version, weight]) => `version ${version} at ${Math.round(weight * 100)} %`);
    throw new AliasStateError(
      `alias ${aliasName} of ${functionName} is shifting traffic (${split.join(", ")}): a deployment is under way; ` +
        `wait for it to end, or stop it (aws deploy stop-deployment --auto-rollback-enabled), then retry`,
    );
  }
  if (alias.FunctionVersion === undefined) {
    throw new AliasStateError(`alias ${aliasName} of ${functionName} names no version`);
  }
  return alias.FunctionVersion;
}

/** Invokes `version` itself with the smoke prediction; throws SmokeTestError unless every label gets a score. */
export async function smokeTest(
  lambda: LambdaApi,
  request: Pick<RolloutRequest, "functionName" | "labels" | "smokeSentence">,
  version: string,
): Promise<void> {
  const payload = new TextEncoder().encode(JSON.stringify(smokeEvent(request.smokeSentence)));
  let answer: InvokeAnswer;
  try {
    answer = await lambda.invoke({
      FunctionName: request.functionName,
      Qualifier: version,
      Payload: payload,
    });
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new SmokeTestError(request.functionName, version, `Invoke failed: ${message}`);
  }
  const problem = smokeAnswerProblem(answer, request.labels);
  if (problem !== undefined) throw new SmokeTestError(request.functionName, version, problem);
}

/** A deployment's last states. An array, not a Set: closure serialization would carry a Set without its members. */
const FINAL_STATES: readonly string[] = ["Succeeded", "Failed", "Stopped"];

/**
 * Moves `live` to the request's version: smoke test, then a CodeDeploy deployment, awaited. `first` is the stack's
 * first deploy, where the alias was just created on that version: the smoke test runs, no deployment.
 */
export async function rollOut(
  request: RolloutRequest,
  clients: RolloutClients,
  clock: Clock,
  first = false,
): Promise<RolloutResult> {
  const { functionName, aliasName, targetVersion } = request;
  const current = await servedVersion(clients.lambda, functionName, aliasName);
  if (current === targetVersion) {
    if (first) await smokeTest(clients.lambda, request, targetVersion);
    return {
      servedVersion: current,
      previousVersion: current,
      outcome: first ? "first" : "unchanged",
      deploymentId: undefined,
    };
  }

  await smokeTest(clients.lambda, request, targetVersion);

  const created = await clients.codedeploy.createDeployment({
    applicationName: request.applicationName,
    deploymentGroupName: request.deploymentGroupName,
    deploymentConfigName: request.deploymentConfigName,
    description: `${functionName}: ${aliasName} from version ${current} to ${targetVersion}`,
    revision: {
      revisionType: "AppSpecContent",
      appSpecContent: { content: appSpecContent(functionName, aliasName, current, targetVersion) },
    },
    ...(request.ignoreAlarms ? { overrideAlarmConfiguration: { enabled: false } } : {}),
  });
  const deploymentId = created.deploymentId;
  if (deploymentId === undefined) throw new Error("CodeDeploy CreateDeployment returned no deployment id");

  const info = await awaitDeployment(clients, request, deploymentId, clock);
  if (info.status !== "Succeeded") {
    throw await failureOf(clients.cloudwatch, request, deploymentId, info);
  }
  // CodeDeploy says it succeeded: `live` must now serve the new version, or the state would lie.
  const now = await servedVersion(clients.lambda, functionName, aliasName);
  if (now !== targetVersion) {
    throw new AliasStateError(
      `CodeDeploy deployment ${deploymentId} succeeded but ${aliasName} serves version ${now}, not ${targetVersion}`,
    );
  }
  return { servedVersion: now, previousVersion: current, outcome: "deployed", deploymentId };
}

/** Polls GetDeployment until the deployment ends; past the timeout, stops it with rollback and throws. */
async function awaitDeployment(
  clients: RolloutClients,
  request: Pick<RolloutRequest, "timeoutSeconds" | "pollSeconds">,
  deploymentId: string,
  clock: Clock,
): Promise<DeploymentInfo> {
  const deadline = clock.now() + request.timeoutSeconds * 1000;
  for (;;) {
    const { deploymentInfo } = await clients.codedeploy.getDeployment({ deploymentId });
    const info = deploymentInfo ?? {};
    if (FINAL_STATES.includes(String(info.status))) return info;
    if (clock.now() >= deadline) {
      await clients.codedeploy.stopDeployment({ deploymentId, autoRollbackEnabled: true });
      throw new DeploymentTimeoutError(
        deploymentId,
        request.timeoutSeconds,
        String(info.status ?? "unknown"),
      );
    }
    await clock.sleep(request.pollSeconds * 1000);
  }
}

/** The error for a deployment that ended Failed or Stopped, naming the alarms in ALARM when an alarm stopped it. */
async function failureOf(
  cloudwatch: CloudWatchApi,
  request: Pick<RolloutRequest, "alarmNames">,
  deploymentId: string,
  info: DeploymentInfo,
): Promise<DeploymentFailedError> {
  const code = info.errorInformation?.code;
  const reasons = [
    code !== undefined ? `${code}: ${info.errorInformation?.message ?? ""}`.trim() : undefined,
    info.rollbackInfo?.rollbackMessage,
    info.rollbackInfo?.rollbackDeploymentId !== undefined
      ? `rolled back by deployment ${info.rollbackInfo.rollbackDeploymentId}`
      : undefined,
  ].filter((reason): reason is string => reason !== undefined && reason !== "");
  const reason = reasons.length > 0 ? reasons.join("; ") : "no reason given";
  let alarms: string[] = [];
  if (code === "ALARM_ACTIVE" && request.alarmNames.length > 0) {
    const { MetricAlarms = [] } = await cloudwatch.describeAlarms({ AlarmNames: request.alarmNames });
    alarms = MetricAlarms.filter((alarm) => alarm.StateValue === "ALARM").flatMap((alarm) =>
      alarm.AlarmName !== undefined ? [alarm.AlarmName] : [],
    );
    // Recovered since: the deployment still stopped on one of them.
    if (alarms.length === 0) alarms = [`one of ${request.alarmNames.join(", ")}`];
  }
  return new DeploymentFailedError(deploymentId, String(info.status), reason, alarms);
}

/** Which rollout fields, when changed, call for a rollout: a new version, or a different function or group. */
export const ROLLOUT_TRIGGERS = [
  "targetVersion",
  "functionName",
  "aliasName",
  "applicationName",
  "deploymentGroupName",
] as const satisfies ReadonlyArray<keyof RolloutRequest>;
type RolloutTrigger = (typeof ROLLOUT_TRIGGERS)[number];

/**
 * Whether an `up` has anything to roll out. Only a new version (or another function or group) does: a change of
 * the configuration, the alarms or the timeouts alone shifts nothing, so a rollback by `npm run rollback` stays
 * until the next published version.
 */
export function rolloutDiff(
  olds: Partial<Pick<RolloutRequest, RolloutTrigger>>,
  news: Partial<Pick<RolloutRequest, RolloutTrigger>>,
): { changes: boolean; replaces: string[] } {
  const changed = ROLLOUT_TRIGGERS.filter((key) => olds[key] !== news[key]);
  const replaces = changed.filter((key) => key === "functionName" || key === "aliasName");
  return { changes: changed.length > 0, replaces };
}
