/**
 * The naming scheme of the program's resources: the one place it is defined. index.ts (through infra/service.ts)
 * names every resource with it, and bootstrap/policies.ts scopes each stack's deploy role to the names it gives
 * that stack. No Pulumi imports, so the bootstrap program can load it too.
 *
 * Every logical name starts with "cola-<stack>" and Pulumi's auto-naming appends "-" and 7 random hex characters,
 * so the dev stack's function is cola-dev-fn-1a2b3c4 and prod's role cola-prod-fn-role-1a2b3c4. IAM is global (and
 * two stacks may share a region), so only the stack in the name keeps one stack's resources apart from another's.
 * Log groups have fixed names, /aws/lambda/<project>-<stack> and /aws/vendedlogs/apigateway/<project>-<stack>.
 */

/** The start of every resource's logical name, before the stack name. */
export const RESOURCE_NAME_BASE = "cola";

/** Pulumi's default auto-naming: logical name, "-", then this many random hex characters. */
export const AUTONAME_RANDOM_CHARS = 7;

/**
 * Lower-case letters and digits, with single "-" or "_" between them: what ECR repository names (lower case only,
 * no repeated separators), Lambda function names (no dots) and IAM role names all accept.
 */
const STACK_NAME_PATTERN = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;

/** AWS's length limits for the auto-named resources whose names are limited to fewer than 256 characters. */
const NAME_LIMITS = { functionRole: 64, deployRole: 64, function: 64, repository: 256 } as const;

export interface StackNames {
  /** Start of every logical resource name of the stack: "cola-<stack>". */
  prefix: string;
  /** "<project>-<stack>": the log group names and the function's service name. */
  qualifiedName: string;
}

/** The logical names the program gives its resources, from the stack's prefix. */
export function logicalNames(prefix: string) {
  return {
    repository: `${prefix}-repo`,
    image: `${prefix}-image`,
    functionLogGroup: `${prefix}-fn-logs`,
    functionRole: `${prefix}-fn-role`,
    function: `${prefix}-fn`,
    accessLogGroup: `${prefix}-api-logs`,
    api: `${prefix}-api`,
    functionUrl: `${prefix}-fn-url`,
    alarm: `${prefix}-alarm`,
    dashboard: `${prefix}-dashboard`,
    // CodeDeploy: the application, its service role and the deployment group that moves `live`; and the rollout.
    deployApplication: `${prefix}-deploy`,
    deployRole: `${prefix}-cd-role`,
    deployGroup: `${prefix}-deploy-group`,
    rollout: `${prefix}-rollout`,
  };
}

/**
 * The deployment group's (fixed) name: CodeDeploy does not auto-name groups. Its ARN is
 * deploymentgroup:<application>/<group>, the application being auto-named from logicalNames().deployApplication.
 */
export function deploymentGroupName(names: StackNames): string {
  return names.qualifiedName;
}

/**
 * The two log groups' (fixed, not auto-generated) names. The access logs live under /aws/vendedlogs/: API Gateway
 * adds every other log group it delivers to to one regional resource policy capped at 5,120 characters, and accounts
 * with many APIs then fail with "Cannot enable logging".
 */
export function logGroupNames(names: StackNames) {
  return {
    function: `/aws/lambda/${names.qualifiedName}`,
    access: `/aws/vendedlogs/apigateway/${names.qualifiedName}`,
  };
}

/** The CloudWatch dashboard's (fixed) name: dashboards are not auto-named. */
export function dashboardName(names: StackNames): string {
  return names.qualifiedName;
}

/** The length of the physical name auto-naming makes from a logical name. */
export function autonamedLength(logicalName: string): number {
  return logicalName.length + 1 + AUTONAME_RANDOM_CHARS;
}

/**
 * In IAM's ARN wildcard syntax, the physical names auto-naming makes from `logicalName`, and nothing longer or
 * shorter: "?" is exactly one character. With "*" instead, stack dev's cola-dev-fn-* would also match the function
 * cola-dev-fn-fn-1a2b3c4 of a stack named "dev-fn"; with a fixed length it matches no other stack's names.
 */
export function autonamePattern(logicalName: string): string {
  return `${logicalName}-${"?".repeat(AUTONAME_RANDOM_CHARS)}`;
}

/** The longest stack name whose auto-named resources all fit AWS's limits. */
export const MAX_STACK_NAME_LENGTH = Math.min(
  ...Object.entries(NAME_LIMITS).map(
    ([kind, limit]) =>
      limit - autonamedLength(logicalNames(`${RESOURCE_NAME_BASE}-`)[kind as keyof typeof NAME_LIMITS]),
  ),
);

/** Why `stack` cannot name the program's resources, or undefined when it can. */
export function stackNameProblem(stack: string): string | undefined {
  if (!STACK_NAME_PATTERN.test(stack)) {
    return (
      `stack name ${JSON.stringify(stack)} cannot be part of the resource names: use lower-case letters and ` +
      `digits with single "-" or "_" between them (ECR takes no upper case, Lambda no dots)`
    );
  }
  if (stack.length > MAX_STACK_NAME_LENGTH) {
    const role = `${logicalNames(`${RESOURCE_NAME_BASE}-${stack}`).functionRole}-1a2b3c4`;
    return (
      `stack name ${JSON.stringify(stack)} is longer than ${MAX_STACK_NAME_LENGTH} characters: the function ` +
      `role would be ${role} (${role.length} characters; IAM allows ${NAME_LIMITS.functionRole})`
    );
  }
  return undefined;
}

/** The names of one stack of the project; throws for a stack name AWS would refuse in a resource name. */
export function stackNames(project: string, stack: string): StackNames {
  const problem = stackNameProblem(stack);
  if (problem !== undefined) throw new Error(problem);
  return { prefix: `${RESOURCE_NAME_BASE}-${stack}`, qualifiedName: `${project}-${stack}` };
}
