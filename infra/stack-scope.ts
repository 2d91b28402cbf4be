/**
 * What ties a stack's resources to the deploy role bootstrap/ gives that stack, besides their names (infra/names.ts):
 * the stack tag on the resources whose IDs AWS chooses, and the permissions boundary every role the stack creates
 * carries. No Pulumi imports, so the bootstrap program can load it too.
 */
import type { StackNames } from "./names";

/**
 * The tag key that names the stack. HTTP APIs get random IDs, so the deploy role cannot scope them by name: it may
 * create an API only with this tag (aws:RequestTag) and change only APIs and stages that carry it (aws:ResourceTag).
 */
export const STACK_TAG_KEY = "stack";

/** The tags of the stack's tag-scoped resources: `stack` = "<project>-<stack>". */
export function stackTags(names: StackNames): Record<string, string> {
  return { [STACK_TAG_KEY]: names.qualifiedName };
}

/**
 * The name of the managed policy bootstrap/ creates as the stack's permissions boundary, "<project>-<stack>-boundary":
 * the stack files set `permissionsBoundary` to it, and the stack's deploy role may create roles only with it.
 */
export function permissionsBoundaryName(names: StackNames): string {
  return `${names.qualifiedName}-boundary`;
}

/** The ARN of a customer managed policy (IAM is global: no region). */
export function managedPolicyArn(partition: string, accountId: string, name: string): string {
  return `arn:${partition}:iam::${accountId}:policy/${name}`;
}
