/*
 * The one definition of each setting the function reads from its environment: its environment variable, the
 * Pulumi config key that sets it per stack, its default and what is allowed. function/src/settings.ts reads the
 * environment with it, infra/config.ts validates the stack's config with it, Pulumi.yaml is checked against it
 * and the docs' table is generated from it (`npm run docs:tables`), so none of them can drift.
 */

/** Lambda refuses a synchronous invoke whose payload (the event as JSON) is larger: no body above it arrives. */
export const LAMBDA_MAX_INVOKE_BYTES = 6 * 1024 * 1024;

/** Powertools' levels, quietest last. */
export const LOG_LEVELS = ["DEBUG", "INFO", "WARN", "ERROR"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

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

export type SettingDefinition = IntegerSetting | ChoiceSetting | BooleanSetting | TextSetting;

/** Every setting of the function, by the name its code uses. */
export const SETTINGS = {
  /** The model folder: model.onnx, tokenizer.json, config.json. */
  modelDir: {
    kind: "text",
    env: "MODEL_DIR",
    default: "models",
    defaultNote: "under the task root (the working directory outside Lambda)",
    meaning: "folder with `model.onnx`, `tokenizer.json`, `config.json`",
  },
  /** Tokens per sentence; the model folder may allow fewer (its position embeddings), checked at init. */
  maxLength: {
    kind: "integer",
    env: "MAX_LENGTH",
    configKey: "maxLength",
    default: 128,
    min: 8,
    max: 8192,
    unit: "tokens",
    meaning:
      "tokens per sentence given to the model; longer input is truncated (at most what the model takes)",
  },
  /** Sentences per request. */
  maxSentences: {
    kind: "integer",
    env: "MAX_SENTENCES",
    configKey: "maxSentences",
    default: 64,
    min: 1,
    max: 1024,
    meaning: "sentences per request",
  },
  /** Characters per sentence. */
  maxSentenceChars: {
    kind: "integer",
    env: "MAX_SENTENCE_CHARS",
    configKey: "maxSentenceChars",
    default: 2000,
    min: 1,
    max: 100_000,
    meaning: "characters per sentence",
  },
  /** Request body bytes: never more than one invoke can carry. */
  maxBodyBytes: {
    kind: "integer",
    env: "MAX_BODY_BYTES",
    configKey: "maxBodyBytes",
    default: 64 * 1024,
    min: 1,
    max: LAMBDA_MAX_INVOKE_BYTES,
    unit: "bytes",
    meaning: "request body bytes (at most what one Lambda invocation carries)",
  },
  /** The log level. */
  logLevel: {
    kind: "choice",
    env: "LOG_LEVEL",
    configKey: "logLevel",
    default: "INFO",
    values: LOG_LEVELS,
    meaning: "function log level",
  },
  /** Sentences may be personal data: they reach the logs only when this is set on purpose. */
  logInputs: {
    kind: "boolean",
    env: "LOG_INPUTS",
    configKey: "logInputs",
    default: false,
    meaning: "log the sentences of each request (they may be personal data)",
  },
  /** The `service` field of every log line. */
  serviceName: {
    kind: "text",
    env: "POWERTOOLS_SERVICE_NAME",
    default: "cola-classifier",
    meaning: "the `service` field of every log line",
  },
} as const satisfies Record<string, SettingDefinition>;

/** "an integer from 1 to 1024", "DEBUG, INFO, WARN or ERROR", "true or false": what a message says is allowed. */
export function allowedValues(setting: SettingDefinition): string {
  switch (setting.kind) {
    case "integer":
      return `an integer from ${setting.min} to ${setting.max}${setting.unit ? ` ${setting.unit}` : ""}`;
    case "choice":
      return `one of ${setting.values.join(", ")}`;
    case "boolean":
      return "true or false";
    case "text":
      return "any text";
  }
}
