/**
 * The names the rollout's CodeDeploy resources get in a stack (the application, its deployment group and the
 * service role CodeDeploy assumes), as infra/names.ts gives them: the application and the role are auto-named from
 * their logical names; the group has a fixed name (CodeDeploy does not auto-name groups).
 */
import { deploymentGroupName, logicalNames, type StackNames } from "../infra/names";

export interface RolloutNames {
  /** Logical name of the CodeDeploy application (auto-named). */
  application: string;
  /** Logical name of CodeDeploy's service role (auto-named). */
  role: string;
  /** The deployment group's fixed name. */
  group: string;
}

export function rolloutNames(names: StackNames): RolloutNames {
  const logical = logicalNames(names.prefix);
  return {
    application: logical.deployApplication,
    role: logical.deployRole,
    group: deploymentGroupName(names),
  };
}
