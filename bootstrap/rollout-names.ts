/**
 * The names the rollout's CodeDeploy resources get in a stack (issue 18: the application, its deployment group and
 * the service role CodeDeploy assumes). They follow infra/names.ts's scheme: the application and the role are
 * auto-named from "cola-<stack>-deploy" and "cola-<stack>-cd-role"; the group has the fixed name
 * "<project>-<stack>" (CodeDeploy does not auto-name groups).
 *
 * Kept here, not imported from infra/names.ts, while the rollout lands in parallel: once infra/names.ts defines
 * logicalNames().deployApplication / deployRole and deploymentGroupName(), this file should read them from there
 * (test/bootstrap/deploy-permissions.test.ts checks the values).
 */
import type { StackNames } from "../infra/names";

export interface RolloutNames {
  /** Logical name of the CodeDeploy application (auto-named). */
  application: string;
  /** Logical name of CodeDeploy's service role (auto-named). */
  role: string;
  /** The deployment group's fixed name. */
  group: string;
}

export function rolloutNames(names: StackNames): RolloutNames {
  return {
    application: `${names.prefix}-deploy`,
    role: `${names.prefix}-cd-role`,
    group: names.qualifiedName,
  };
}
