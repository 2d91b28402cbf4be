import { createRequire } from "node:module";

/*
 * The one definition of each setting the function reads from its environment (settings.json beside this file):
 * its environment variable, the Pulumi config key that sets it per stack, its default and what is allowed.
 * function/src/settings.ts reads the environment with it, infra/config.ts validates the stack's config with it,
 * Pulumi.yaml is checked against it and the docs' table is generated from it (`npm run docs:tables`).
 * It is JSON so that the Pulumi program, which runs as CommonJS, can read it too: this package is an ES module.
 */

interface Common {
  /** The environment variable the function reads. */
  env: string;
  /** The Pulumi config key that sets it per stack, when the program exposes it. */
  configKey?: string;
  /** What it means, for the docs' table (lower case, no full stop). */
  meaning: string;
}

export interface IntegerSetting extends Common {
  kind: "integer";
  default: number;
  min: number;
  max: number;
  unit?: string;
}

/** A number from 0 to 1, such as a sampling rate. */
export interface FractionSetting extends Common {
  kind: "fraction";
  default: number;
}

export interface ChoiceSetting extends Common {
  kind: "choice";
  default: string;
  values: readonly string[];
}

export interface BooleanSetting extends Common {
  kind: "boolean";
  default: boolean;
}

export interface TextSetting extends Common {
  kind: "text";
  default: string;
  /** Where the default applies, when that needs saying. */
  defaultNote?: string;
}

export type SettingDefinition =
  IntegerSetting | FractionSetting | ChoiceSetting | BooleanSetting | TextSetting;

/** settings.json's shape: every setting by the name the function's code uses. */
export interface SettingDefinitions {
  /** Lambda refuses a synchronous invoke whose payload (the event as JSON) is larger: no body above it arrives. */
  lambdaMaxInvokeBytes: number;
  settings: {
    modelDir: TextSetting;
    maxLength: IntegerSetting;
    maxSentences: IntegerSetting;
    maxSentenceChars: IntegerSetting;
    maxBodyBytes: IntegerSetting;
    logLevel: ChoiceSetting;
    logInputs: BooleanSetting;
    requestLogSampleRate: FractionSetting;
    serviceName: TextSetting;
  };
}

const definitions = createRequire(import.meta.url)("./settings.json") as SettingDefinitions;

export const SETTINGS = definitions.settings;
export const LAMBDA_MAX_INVOKE_BYTES = definitions.lambdaMaxInvokeBytes;

/** Powertools' levels the function accepts, quietest last. */
export type LogLevel = "DEBUG" | "INFO" | "WARN" | "ERROR";
export const LOG_LEVELS = SETTINGS.logLevel.values as readonly LogLevel[];

/** "an integer from 1 to 1024", "one of DEBUG, INFO, WARN, ERROR", "true or false": what a message says is allowed. */
export function allowedValues(setting: SettingDefinition): string {
  switch (setting.kind) {
    case "integer":
      return `an integer from ${setting.min} to ${setting.max}${setting.unit ? ` ${setting.unit}` : ""}`;
    case "fraction":
      return "a number from 0 to 1";
    case "choice":
      return `one of ${setting.values.join(", ")}`;
    case "boolean":
      return "true or false";
    case "text":
      return "any text";
  }
}
