import path from "node:path";
import { SettingsError } from "./errors.js";

/** What the function reads from its environment, once, at init. */
export interface Settings {
  modelDir: string;
  /** Tokens per sentence; undefined lets the model folder decide (see `Predictor.load`). */
  maxLength: number | undefined;
  limits: RequestLimits;
  logLevel: LogLevel;
  /** Sentences may be personal data: they reach the logs only when this is set on purpose. */
  logInputs: boolean;
  serviceName: string;
}

export interface RequestLimits {
  maxSentences: number;
  maxSentenceChars: number;
  maxBodyBytes: number;
}

/** The Powertools service name (the `service` field of every log line) when POWERTOOLS_SERVICE_NAME is unset. */
export const DEFAULT_SERVICE_NAME = "cola-classifier";

export const LOG_LEVELS = ["DEBUG", "INFO", "WARN", "ERROR"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_LIMITS: RequestLimits = {
  maxSentences: 64,
  maxSentenceChars: 2000,
  maxBodyBytes: 64 * 1024,
};

type Environment = Readonly<Record<string, string | undefined>>;

interface IntegerRange {
  min: number;
  max: number;
}

/** Lambda refuses a synchronous invoke whose payload (the event as JSON) is larger: no body above it arrives. */
export const LAMBDA_MAX_INVOKE_BYTES = 6 * 1024 * 1024;

// Upper bounds: no body can exceed the invoke payload, and more than this per request only buys timeouts.
const RANGES = {
  MAX_LENGTH: { min: 8, max: 8192 },
  MAX_SENTENCES: { min: 1, max: 1024 },
  MAX_SENTENCE_CHARS: { min: 1, max: 100_000 },
  MAX_BODY_BYTES: { min: 1, max: LAMBDA_MAX_INVOKE_BYTES },
} satisfies Record<string, IntegerRange>;

/**
 * Reads and validates every setting, collecting all problems so one failed start names each of them.
 * `MODEL_DIR` defaults to `models/` under the Lambda task root (or the working directory outside Lambda).
 */
export function readSettings(environment: Environment): Settings {
  const problems: string[] = [];
  const blank = (name: string): boolean => (environment[name] ?? "").trim() === "";

  const integer = (name: keyof typeof RANGES, fallback: number): number => {
    if (blank(name)) return fallback;
    const raw = environment[name] as string;
    const { min, max } = RANGES[name];
    const value = Number(raw);
    if (!/^\s*\d+\s*$/.test(raw) || value < min || value > max) {
      problems.push(`${name} is "${raw}"; allowed: an integer from ${min} to ${max}`);
      return fallback;
    }
    return value;
  };

  const boolean = (name: string): boolean => {
    const raw = (environment[name] ?? "").trim().toLowerCase();
    if (raw === "" || raw === "false") return false;
    if (raw === "true") return true;
    problems.push(`${name} is "${environment[name]}"; allowed: true or false`);
    return false;
  };

  const logLevelRaw = blank("LOG_LEVEL") ? "INFO" : (environment.LOG_LEVEL as string).trim().toUpperCase();
  const logLevel = LOG_LEVELS.find((level) => level === logLevelRaw);
  if (logLevel === undefined) {
    problems.push(`LOG_LEVEL is "${environment.LOG_LEVEL}"; allowed: ${LOG_LEVELS.join(", ")}`);
  }

  const settings: Settings = {
    modelDir: path.resolve(
      environment.LAMBDA_TASK_ROOT ?? process.cwd(),
      blank("MODEL_DIR") ? "models" : (environment.MODEL_DIR as string),
    ),
    maxLength: blank("MAX_LENGTH") ? undefined : integer("MAX_LENGTH", 0),
    limits: {
      maxSentences: integer("MAX_SENTENCES", DEFAULT_LIMITS.maxSentences),
      maxSentenceChars: integer("MAX_SENTENCE_CHARS", DEFAULT_LIMITS.maxSentenceChars),
      maxBodyBytes: integer("MAX_BODY_BYTES", DEFAULT_LIMITS.maxBodyBytes),
    },
    logLevel: logLevel ?? "INFO",
    logInputs: boolean("LOG_INPUTS"),
    serviceName: (environment.POWERTOOLS_SERVICE_NAME ?? "").trim() || DEFAULT_SERVICE_NAME,
  };
  if (problems.length > 0) throw new SettingsError(problems);
  return settings;
}
