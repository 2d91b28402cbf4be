import path from "node:path";
import { SettingsError } from "./errors.js";
import {
  allowedValues,
  SETTINGS,
  type BooleanSetting,
  type ChoiceSetting,
  type FractionSetting,
  type IntegerSetting,
  LOG_LEVELS,
  type LogLevel,
  type SettingDefinition,
  type TextSetting,
} from "./setting-definitions.js";

/** What the function reads from its environment, once, at init. */
export interface Settings {
  modelDir: string;
  /** Tokens per sentence; undefined lets the model folder decide (see `Predictor.load`). */
  maxLength: number | undefined;
  limits: RequestLimits;
  logLevel: LogLevel;
  /** Sentences may be personal data: they reach the logs only when this is set on purpose. */
  logInputs: boolean;
  /** Share of answered requests whose record is logged; errors and cold starts always are. */
  requestLogSampleRate: number;
  serviceName: string;
}

export interface RequestLimits {
  maxSentences: number;
  maxSentenceChars: number;
  maxBodyBytes: number;
}

export { LAMBDA_MAX_INVOKE_BYTES, LOG_LEVELS, type LogLevel } from "./setting-definitions.js";

/** The request limits when their variables are unset. */
export const DEFAULT_LIMITS: RequestLimits = {
  maxSentences: SETTINGS.maxSentences.default,
  maxSentenceChars: SETTINGS.maxSentenceChars.default,
  maxBodyBytes: SETTINGS.maxBodyBytes.default,
};

type Environment = Readonly<Record<string, string | undefined>>;

/** Reads settings of each kind from `environment`, recording a problem (and using the default) for a bad value. */
function settingReaders(environment: Environment, problems: string[]) {
  const raw = ({ env }: SettingDefinition): string | undefined => {
    const value = environment[env];
    return value === undefined || value.trim() === "" ? undefined : value;
  };
  const refuse = (setting: SettingDefinition, value: string): void => {
    problems.push(`${setting.env} is "${value}"; allowed: ${allowedValues(setting)}`);
  };
  return {
    integer(setting: IntegerSetting): number | undefined {
      const value = raw(setting);
      if (value === undefined) return undefined;
      const number = Number(value);
      if (/^\s*\d+\s*$/.test(value) && number >= setting.min && number <= setting.max) return number;
      refuse(setting, value);
      return undefined;
    },
    fraction(setting: FractionSetting): number {
      const value = raw(setting);
      if (value === undefined) return setting.default;
      const number = Number(value);
      if (/^\s*(0|1|0?\.\d+|1\.0*)\s*$/.test(value) && number >= 0 && number <= 1) return number;
      refuse(setting, value);
      return setting.default;
    },
    boolean(setting: BooleanSetting): boolean {
      const value = raw(setting);
      if (value === undefined) return setting.default;
      const normalised = value.trim().toLowerCase();
      if (normalised === "true" || normalised === "false") return normalised === "true";
      refuse(setting, value);
      return setting.default;
    },
    /** One of `values` (the definition's, or the same typed more narrowly), case-insensitively. */
    choice<T extends string>(setting: ChoiceSetting, values: readonly T[]): T | undefined {
      const value = raw(setting);
      if (value === undefined) return undefined;
      const match = values.find((candidate) => candidate === value.trim().toUpperCase());
      if (match === undefined) refuse(setting, value);
      return match;
    },
    text(setting: TextSetting): string {
      return raw(setting)?.trim() ?? setting.default;
    },
  };
}

/**
 * Reads and validates every setting, collecting all problems so one failed start names each of them.
 * `MODEL_DIR` defaults to `models/` under the Lambda task root (or the working directory outside Lambda).
 */
export function readSettings(environment: Environment): Settings {
  const problems: string[] = [];
  const read = settingReaders(environment, problems);
  const settings: Settings = {
    modelDir: path.resolve(environment.LAMBDA_TASK_ROOT ?? process.cwd(), read.text(SETTINGS.modelDir)),
    // Unset lets the model folder decide (see `Predictor.load`).
    maxLength: read.integer(SETTINGS.maxLength),
    limits: {
      maxSentences: read.integer(SETTINGS.maxSentences) ?? DEFAULT_LIMITS.maxSentences,
      maxSentenceChars: read.integer(SETTINGS.maxSentenceChars) ?? DEFAULT_LIMITS.maxSentenceChars,
      maxBodyBytes: read.integer(SETTINGS.maxBodyBytes) ?? DEFAULT_LIMITS.maxBodyBytes,
    },
    logLevel: read.choice(SETTINGS.logLevel, LOG_LEVELS) ?? (SETTINGS.logLevel.default as LogLevel),
    logInputs: read.boolean(SETTINGS.logInputs),
    requestLogSampleRate: read.fraction(SETTINGS.requestLogSampleRate),
    serviceName: read.text(SETTINGS.serviceName),
  };
  if (problems.length > 0) throw new SettingsError(problems);
  return settings;
}
