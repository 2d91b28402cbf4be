import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { parseStackConfig, type ParsedStackConfig } from "../../infra/config";
import { stackNames } from "../../infra/names";
import { ClassifierService } from "../../infra/service";
import {
  MOCK_PROJECT,
  MOCK_STACK,
  recordedResources,
  resetRecordedResources,
  settled,
  type RecordedResource,
} from "../setup/pulumi-mocks";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

export type RawConfig = Record<string, string>;
export type StackName = "dev" | "prod";

/** A `type` declaration of Pulumi.yaml's `config:` block (or of an array's `items`). */
export interface ConfigTypeDeclaration {
  type?: unknown;
  items?: ConfigTypeDeclaration;
}

export interface ProjectConfigDeclaration extends ConfigTypeDeclaration {
  default?: unknown;
  value?: unknown;
  description?: unknown;
  secret?: unknown;
}

export interface ProjectFile {
  name: string;
  description?: string;
  runtime: { name: string; options?: Record<string, unknown> };
  config: Record<string, ProjectConfigDeclaration>;
}

export function projectFile(): ProjectFile {
  return parse(readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as ProjectFile;
}

/** Pulumi.<stack>.yaml's `config:` block as written (namespaced keys, YAML values). */
export function stackFile(stack: StackName): Record<string, unknown> {
  const file = parse(readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8")) as {
    config: Record<string, unknown>;
  };
  return file.config;
}

/** How the CLI turns a config value into the string the program reads: scalars as text, the rest as JSON. */
export function configString(value: unknown): string {
  return value !== null && typeof value === "object" ? JSON.stringify(value) : String(value);
}

/**
 * The project's keys that Pulumi.<stack>.yaml itself sets, as the CLI hands them to the program (no defaults).
 */
export function stackFileConfig(stack: StackName): RawConfig {
  const raw: RawConfig = {};
  for (const [key, value] of Object.entries(stackFile(stack))) {
    const [namespace, name] = key.split(":");
    if (namespace !== MOCK_PROJECT || name === undefined) continue;
    raw[name] = configString(value);
  }
  return raw;
}

/**
 * Whether `value` passes the CLI's type check for a declared type (Pulumi's workspace.ValidateConfigValue):
 * integers may arrive as integer text, booleans as "true"/"false", arrays only as real lists.
 */
export function matchesDeclaredType(declared: ConfigTypeDeclaration, value: unknown): boolean {
  switch (declared.type) {
    case "string":
      return typeof value === "string";
    case "integer":
      return (
        (typeof value === "number" && Number.isInteger(value)) ||
        (typeof value === "string" && /^[+-]?\d+$/.test(value))
      );
    case "boolean":
      return typeof value === "boolean" || value === "true" || value === "false";
    case "array":
      return (
        Array.isArray(value) &&
        declared.items !== undefined &&
        value.every((item) => matchesDeclaredType(declared.items!, item))
      );
    default:
      return false;
  }
}

/**
 * What `pulumi preview` hands the program for a stack, failing where the CLI would fail before the program runs
 * (Pulumi's workspace.mergeConfig): every key declared in Pulumi.yaml gets the stack's value or else its
 * default; a typed key with neither is an error ("Stack 'dev' is missing configuration value ..."), and so is a
 * stack value of the wrong type.
 */
export function cliStackConfig(stack: StackName, overrides: RawConfig = {}): RawConfig {
  const project = projectFile();
  const fromStack = stackFile(stack);
  const raw: RawConfig = {};
  const missing: string[] = [];
  for (const [key, declared] of Object.entries(project.config)) {
    const namespaced = `${project.name}:${key}`;
    if (namespaced in fromStack) {
      const value = fromStack[namespaced];
      // Scalars reach the type check as text, structured values as themselves.
      const checked = value !== null && typeof value === "object" ? value : configString(value);
      if (declared.type !== undefined && !matchesDeclaredType(declared, checked)) {
        throw new Error(
          `Stack '${stack}' with configuration key '${key}' must be of type ${JSON.stringify(declared.type)}`,
        );
      }
      raw[key] = configString(value);
    } else if (declared.default !== undefined) {
      raw[key] = configString(declared.default);
    } else {
      missing.push(key);
    }
  }
  if (missing.length > 0) {
    throw new Error(`Stack '${stack}' is missing configuration values ${missing.join(", ")}`);
  }
  return { ...raw, ...overrides };
}

export function parseRaw(raw: RawConfig): ParsedStackConfig {
  return parseStackConfig((key) => raw[key]);
}

export interface BuiltStack {
  stack: ClassifierService;
  resources: readonly RecordedResource[];
}

/**
 * Declares the whole program for `raw` config against the mocks, named as index.ts names stack `stackName` (the
 * mocks' stack unless given), and waits until every resource is registered.
 */
export async function buildStack(raw: RawConfig, stackName: string = MOCK_STACK): Promise<BuiltStack> {
  resetRecordedResources();
  const { config } = parseRaw(raw);
  const names = stackNames(MOCK_PROJECT, stackName);
  const stack = new ClassifierService(names.prefix, { names, config });
  await settled(stack);
  return { stack, resources: [...recordedResources()] };
}

export function resourcesOfType(resources: readonly RecordedResource[], type: string): RecordedResource[] {
  return resources.filter((resource) => resource.type === type);
}

export function onlyResourceOfType(resources: readonly RecordedResource[], type: string): RecordedResource {
  const matches = resourcesOfType(resources, type);
  if (matches.length !== 1) {
    throw new Error(`expected exactly one ${type}, found ${matches.length}`);
  }
  return matches[0]!;
}
