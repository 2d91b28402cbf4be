import type { ResourceValidationPolicy } from "@pulumi/policy";
import { IAM_GROUP_POLICY, IAM_POLICY, IAM_ROLE, IAM_ROLE_POLICY, IAM_USER_POLICY } from "./resource-types";

interface Statement {
  Effect?: unknown;
  Action?: unknown;
  NotAction?: unknown;
}

const POLICY_DOCUMENT_TYPES = new Set([IAM_ROLE_POLICY, IAM_POLICY, IAM_USER_POLICY, IAM_GROUP_POLICY]);

/** Granted actions must be named: no "*", "service:*", "service:Get*" or "?", and no Allow with NotAction. */
export const iamNoWildcardActions: ResourceValidationPolicy = {
  name: "iam-no-wildcard-actions",
  description: "IAM policies allow only named actions (no * wildcards, no Allow with NotAction).",
  validateResource: (args, reportViolation) => {
    for (const document of policyDocuments(args.type, args.props)) {
      for (const problem of wildcardProblems(document)) reportViolation(problem);
    }
  },
};

function policyDocuments(type: string, props: Record<string, unknown>): unknown[] {
  if (POLICY_DOCUMENT_TYPES.has(type)) return [props.policy];
  if (type === IAM_ROLE && Array.isArray(props.inlinePolicies)) {
    return (props.inlinePolicies as Array<{ policy?: unknown }>).map((inline) => inline.policy);
  }
  return [];
}

export function wildcardProblems(document: unknown): string[] {
  const parsed = typeof document === "string" ? parseJson(document) : document;
  if (parsed === undefined || parsed === null || typeof parsed !== "object") {
    return document === undefined
      ? []
      : ["the policy document is not valid JSON, so its actions cannot be checked"];
  }
  const raw = (parsed as { Statement?: unknown }).Statement;
  const statements = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) as Statement[];
  const problems: string[] = [];
  for (const statement of statements) {
    if (statement.Effect !== "Allow") continue;
    if (statement.NotAction !== undefined) {
      problems.push("a statement allows NotAction, which grants every action but the listed ones");
    }
    for (const action of asList(statement.Action)) {
      if (/[*?]/.test(action)) problems.push(`action "${action}" uses a wildcard; name each action`);
    }
  }
  return problems;
}

function asList(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
