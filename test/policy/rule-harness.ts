import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import type { RecordedResource } from "../setup/pulumi-mocks";

/**
 * Runs a rule's validateResource the way the policy analyzer does for one resource, without constructing the
 * PolicyPack (which would start a gRPC server). Returns the violation messages.
 */
export async function violationsOf(
  policy: ResourceValidationPolicy,
  resource: RecordedResource,
  config: object = defaultConfigOf(policy),
): Promise<string[]> {
  const violations: string[] = [];
  const validations = policy.validateResource;
  const list = validations === undefined ? [] : Array.isArray(validations) ? validations : [validations];
  for (const validate of list) {
    await validate(argsFor(resource, config), (message) => violations.push(message));
  }
  return violations;
}

/** The defaults the analyzer fills in from the rule's configSchema. */
function defaultConfigOf(policy: ResourceValidationPolicy): object {
  const properties = policy.configSchema?.properties ?? {};
  return Object.fromEntries(
    Object.entries(properties).map(([key, schema]) => [key, (schema as { default?: unknown }).default]),
  );
}

function argsFor(resource: RecordedResource, config: object): ResourceValidationArgs {
  return {
    type: resource.type,
    props: resource.inputs,
    urn: `urn:pulumi:test::cola-serverless::${resource.type}::${resource.name}`,
    name: resource.name,
    opts: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      additionalSecretOutputs: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    },
    stackTags: new Map(),
    isType: () => {
      throw new Error("rules compare type tokens; isType is not expected");
    },
    asType: () => {
      throw new Error("rules compare type tokens; asType is not expected");
    },
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => {
      throw new Error(`not applicable: ${reason ?? ""}`);
    },
  };
}

/** A copy of a mocked resource with some inputs replaced, for the failing side of a rule. */
export function withInputs(resource: RecordedResource, changes: Record<string, unknown>): RecordedResource {
  return { ...resource, inputs: { ...resource.inputs, ...changes } };
}
