/**
 * `npm run rollback -- <stack> <version>` (scripts/rollback.ts): moves `live` back to an earlier published version
 * through the same CodeDeploy path as a rollout, all at once, after the same smoke prediction. It refuses a version
 * that does not exist or whose image is gone from ECR (Lambda could not start it). Plain functions over narrow
 * clients, like the rollout.
 */
import { ROLLBACK_DEPLOYMENT_CONFIG, rolloutTimeoutSeconds } from "./configs";
import { RollbackRefusedError } from "./errors";
import { rollOut, type Clock, type LambdaApi, type RolloutClients, type RolloutResult } from "./rollout";
import { SMOKE_SENTENCE } from "./smoke";

/** The stack output `rollout` (index.ts): where the function, its alias and its deployment group are. */
export interface RollbackTarget {
  region: string;
  functionName: string;
  aliasName: string;
  applicationName: string;
  deploymentGroupName: string;
}

/** Lambda GetFunction (https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html), for the version's image. */
export interface RollbackLambdaApi extends LambdaApi {
  getFunction(input: { FunctionName: string; Qualifier: string }): Promise<{
    Code?: { ImageUri?: string | undefined; ResolvedImageUri?: string | undefined } | undefined;
  }>;
}

/** ECR DescribeImages (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DescribeImages.html). */
export interface EcrApi {
  describeImages(input: {
    registryId: string;
    repositoryName: string;
    imageIds: Array<{ imageDigest: string }>;
  }): Promise<unknown>;
}

export interface RollbackClients extends RolloutClients {
  lambda: RollbackLambdaApi;
  ecr: EcrApi;
}

/** Seconds between two looks at the rollback's deployment: all at once ends quickly. */
const ROLLBACK_POLL_SECONDS = 5;

export interface ImageLocation {
  registryId: string;
  region: string;
  repositoryName: string;
  digest: string;
}

/** `<account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<hex>`, or undefined for anything else. */
export function parseImageUri(uri: string): ImageLocation | undefined {
  const match =
    /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^@:]+)@(sha256:[0-9a-f]{64})$/.exec(uri);
  if (match === null) return undefined;
  const [, registryId, region, repositoryName, digest] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  return { registryId, region, repositoryName, digest };
}

/** The stack output `rollout` as `pulumi stack output rollout --json` prints it, checked. */
export function rollbackTargetFrom(json: string, stack: string): RollbackTarget {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    parsed = undefined;
  }
  const fields = ["region", "functionName", "aliasName", "applicationName", "deploymentGroupName"] as const;
  const record = (parsed ?? {}) as Record<string, unknown>;
  const missing = fields.filter((field) => typeof record[field] !== "string" || record[field] === "");
  if (parsed === undefined || typeof parsed !== "object" || missing.length > 0) {
    throw new RollbackRefusedError(
      `stack ${stack}'s output "rollout" lacks ${missing.join(", ") || "its fields"}: ` +
        `run pulumi up once with this version of the program, which exports it`,
    );
  }
  return Object.fromEntries(fields.map((field) => [field, record[field]])) as unknown as RollbackTarget;
}

/** Refuses a version Lambda does not have, or whose image ECR no longer holds; returns the image otherwise. */
export async function checkVersionImage(
  clients: Pick<RollbackClients, "lambda" | "ecr">,
  target: RollbackTarget,
  version: string,
): Promise<ImageLocation> {
  let code: { ImageUri?: string | undefined; ResolvedImageUri?: string | undefined } | undefined;
  try {
    ({ Code: code } = await clients.lambda.getFunction({
      FunctionName: target.functionName,
      Qualifier: version,
    }));
  } catch (error) {
    if (error instanceof Error && error.name === "ResourceNotFoundException") {
      throw new RollbackRefusedError(`${target.functionName} has no version ${version}`);
    }
    throw error;
  }
  const uri = code?.ResolvedImageUri ?? code?.ImageUri ?? "";
  const image = parseImageUri(uri);
  if (image === undefined) {
    throw new RollbackRefusedError(
      `version ${version} of ${target.functionName} runs ${JSON.stringify(uri)}, not an ECR image pinned by digest`,
    );
  }
  try {
    await clients.ecr.describeImages({
      registryId: image.registryId,
      repositoryName: image.repositoryName,
      imageIds: [{ imageDigest: image.digest }],
    });
  } catch (error) {
    if (error instanceof Error && error.name === "ImageNotFoundException") {
      throw new RollbackRefusedError(
        `version ${version} of ${target.functionName} runs image ${image.digest}, which is gone from repository ` +
          `${image.repositoryName}: Lambda could not start it, so live stays where it is`,
      );
    }
    throw error;
  }
  return image;
}

/**
 * Moves `live` to `version`: the version and its image checked, then the rollout's smoke prediction and a
 * CodeDeploy deployment all at once with the alarms off for it (an alarm firing is usually why one rolls back,
 * and would stop the very deployment that cures it).
 */
export async function rollBack(
  target: RollbackTarget,
  version: string,
  clients: RollbackClients,
  clock: Clock,
): Promise<RolloutResult> {
  if (!/^[1-9]\d*$/.test(version)) {
    throw new RollbackRefusedError(
      `version ${JSON.stringify(version)} is not a published version number such as 3`,
    );
  }
  await checkVersionImage(clients, target, version);
  return rollOut(
    {
      functionName: target.functionName,
      aliasName: target.aliasName,
      targetVersion: version,
      applicationName: target.applicationName,
      deploymentGroupName: target.deploymentGroupName,
      deploymentConfigName: ROLLBACK_DEPLOYMENT_CONFIG,
      alarmNames: [],
      ignoreAlarms: true,
      // The version's own model decides its labels.
      labels: [],
      smokeSentence: SMOKE_SENTENCE,
      timeoutSeconds: rolloutTimeoutSeconds(ROLLBACK_DEPLOYMENT_CONFIG),
      pollSeconds: ROLLBACK_POLL_SECONDS,
    },
    clients,
    clock,
  );
}
