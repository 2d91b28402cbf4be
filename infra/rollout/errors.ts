/**
 * Why a rollout or rollback did not happen, each naming what the operator needs next: the version, the deployment
 * id, the alarm. No imports: the rollout provider's serialized code carries these classes.
 */

/**
 * The base of the rollout's errors. It sets `message` itself: in the provider's serialized code, Pulumi's closure
 * serialization turns `super(message)` into a call of the global Error that leaves `this` without a message.
 */
export class RolloutError extends Error {
  constructor(message: string) {
    super(message);
    this.message = message;
  }
}

/** The new version did not answer the smoke prediction: no deployment was created, `live` did not move. */
export class SmokeTestError extends RolloutError {
  constructor(
    readonly functionName: string,
    readonly version: string,
    readonly problem: string,
  ) {
    super(
      `smoke test of ${functionName} version ${version} failed, so no traffic was shifted to it: ${problem}`,
    );
    this.name = "SmokeTestError";
  }
}

/** CodeDeploy ended the deployment without moving `live` (stopped, failed or rolled back). */
export class DeploymentFailedError extends RolloutError {
  constructor(
    readonly deploymentId: string,
    readonly status: string,
    readonly reason: string,
    /** The alarms that stopped it, when an alarm did. */
    readonly alarms: readonly string[],
  ) {
    const byAlarm = alarms.length > 0 ? ` by alarm ${alarms.join(", ")}` : "";
    super(`CodeDeploy deployment ${deploymentId} ${status.toLowerCase()}${byAlarm}: ${reason}`);
    this.name = "DeploymentFailedError";
  }
}

/** The deployment outlived its time: it was stopped (and rolled back). */
export class DeploymentTimeoutError extends RolloutError {
  constructor(
    readonly deploymentId: string,
    readonly timeoutSeconds: number,
    readonly lastStatus: string,
  ) {
    super(
      `CodeDeploy deployment ${deploymentId} was still ${lastStatus} after ${timeoutSeconds} s: ` +
        `stopped it, and CodeDeploy rolls it back`,
    );
    this.name = "DeploymentTimeoutError";
  }
}

/** `live` is in a state the rollout cannot start from (a deployment already shifting traffic, a missing alias). */
export class AliasStateError extends RolloutError {
  constructor(message: string) {
    super(message);
    this.name = "AliasStateError";
  }
}

/** The rollback command's refusals: a version that does not exist, or whose image is gone. */
export class RollbackRefusedError extends RolloutError {
  constructor(message: string) {
    super(message);
    this.name = "RollbackRefusedError";
  }
}
