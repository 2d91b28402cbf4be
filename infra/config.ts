/**
 * The stack's settings: read once, typed, and validated before any resource is declared, so a bad value fails
 * `pulumi preview` with a message naming the key, the value and what is allowed.
 */

import * as path from "node:path";
import type {
  FractionSetting,
  IntegerSetting,
  LogLevel,
  SettingDefinitions,
} from "../function/src/setting-definitions";
// The function's settings, defined once for the function, this validation, Pulumi.yaml and the docs (read as
// JSON: the function's TypeScript is an ES module, which this CommonJS program cannot load).
import definitions from "../function/src/settings.json";
import { ROLLOUT_SETTINGS, type RolloutSetting } from "./rollout/configs";
import {
  canonicalTimeZone,
  DEFAULT_SCHEDULE_TIMEZONE,
  DEFAULT_TARGET_UTILIZATION,
  parseScheduleEntry,
  TARGET_UTILIZATION_RANGE,
  warmCapacityProblems,
  warmCapacityWarnings,
  type ScheduleEntry,
} from "./warm-capacity-config";

const { settings, lambdaMaxInvokeBytes } = definitions as SettingDefinitions;
/** The function's settings, by the name its code uses (see function/src/settings.json). */
export const FUNCTION_SETTINGS = settings;

export type Architecture = "x86_64" | "arm64";
export type { LogLevel };
/** Who may call the API: anyone, callers signing with SigV4, or callers presenting a JWT. */
export type AuthMode = "none" | "iam" | "jwt";
/** What callers reach: API Gateway's HTTP API, or the function's own URL (no per-request fee, no 30 s cap). */
export type Endpoint = "httpApi" | "functionUrl";

/** When an alarm goes off; each is compared over one 5-minute period. */
export interface AlarmThresholds {
  /** Function errors (invocations that failed, not 4xx answers). */
  functionErrors: number;
  throttles: number;
  /** p99 duration above this share of the timeout. */
  durationPercentOfTimeout: number;
  /** API 5xx answers as a share of requests. */
  api5xxPercent: number;
  apiLatencyP99Ms: number;
}

export interface StackConfig {
  architecture: Architecture;
  memorySize: number;
  /** Seconds. */
  timeout: number;
  /** Undefined (config value -1, the default) leaves the function on the account's unreserved pool. */
  reservedConcurrency: number | undefined;
  /** Warm instances on the `live` alias; with autoscaling, the minimum. */
  provisionedConcurrency: number;
  /** Above provisionedConcurrency: the most warm instances autoscaling may keep; 0: no autoscaling. */
  provisionedConcurrencyMax: number;
  /** The share of the warm instances in use that autoscaling aims at (LambdaProvisionedConcurrencyUtilization). */
  provisionedConcurrencyTarget: number;
  /** Scheduled changes of the minimum and maximum (infra/warm-capacity-config.ts). */
  provisionedConcurrencySchedule: ScheduleEntry[];
  /** The IANA time zone the schedule's times are in. */
  provisionedConcurrencyTimezone: string;
  tracing: boolean;
  logLevel: LogLevel;
  logInputs: boolean;
  /** Share of answered requests whose record is logged (errors and cold starts always are). */
  requestLogSampleRate: number;
  logRetentionDays: number;
  maxLength: number;
  maxSentences: number;
  maxSentenceChars: number;
  maxBodyBytes: number;
  corsAllowOrigins: string[];
  /** The HTTP API, or a function URL on the `live` alias (infra/function-url.ts). */
  endpoint: Endpoint;
  throttlingBurstLimit: number;
  throttlingRateLimit: number;
  ecrUntaggedDays: number;
  ecrForceDelete: boolean;
  auth: AuthMode;
  /** Set (an https URL) exactly when auth is jwt. */
  jwtIssuer: string | undefined;
  jwtAudience: string[];
  alarms: AlarmThresholds;
  /** An address subscribed to a topic the stack creates; or */
  alarmEmail: string | undefined;
  /** an existing topic the alarms notify instead. */
  alarmTopicArn: string | undefined;
  /** The model folder the image bundles, relative to the repository root, with "/" separators. */
  modelDir: string;
  /** The managed policy every role the stack creates carries as its permissions boundary (bootstrap/ makes one). */
  permissionsBoundary: string | undefined;
  /** How CodeDeploy moves `live` to a new version (infra/rollout/configs.ts). */
  rollout: RolloutSetting;
  /** The next rollouts ignore the alarms (a hotfix while one fires); the smoke test still runs. */
  rolloutIgnoreAlarms: boolean;
}

/** Reads one raw config value (a string, JSON for structured values) or undefined when the key is unset. */
export type ConfigReader = (key: string) => string | undefined;

export interface ParsedStackConfig {
  config: StackConfig;
  /** Settings that are allowed but probably not what the user meant. */
  warnings: string[];
}

/** The longest an HTTP API waits for its integration; a longer Lambda timeout is never seen by clients. */
export const HTTP_API_MAX_INTEGRATION_TIMEOUT_SECONDS = 30;

/**
 * `reservedConcurrency`'s "no reservation": Pulumi.yaml must give every typed key a default (the CLI otherwise
 * demands a value in every stack), so "unset" is spelled -1, as the Lambda provider spells it.
 */
export const NO_RESERVED_CONCURRENCY = -1;

/** What one synchronous Lambda invocation carries: no request body can be larger. */
export const LAMBDA_MAX_REQUEST_BYTES = lambdaMaxInvokeBytes;

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const ARCHITECTURES: readonly Architecture[] = ["x86_64", "arm64"];
export const LOG_LEVELS = FUNCTION_SETTINGS.logLevel.values as readonly LogLevel[];
const AUTH_MODES: readonly AuthMode[] = ["none", "iam", "jwt"];
export const ENDPOINTS: readonly Endpoint[] = ["httpApi", "functionUrl"];

/** Program defaults; Pulumi.yaml declares the same defaults (a test keeps the two in step). */
export const DEFAULTS: StackConfig = {
  architecture: "x86_64",
  // One full vCPU: the benchmark's warm p50 is the same as at 3538 MB, for 13 % less (docs/benchmarks.md).
  memorySize: 1769,
  timeout: 15,
  reservedConcurrency: undefined,
  provisionedConcurrency: 0,
  provisionedConcurrencyMax: 0,
  provisionedConcurrencyTarget: DEFAULT_TARGET_UTILIZATION,
  provisionedConcurrencySchedule: [],
  provisionedConcurrencyTimezone: DEFAULT_SCHEDULE_TIMEZONE,
  tracing: false,
  logLevel: FUNCTION_SETTINGS.logLevel.default as LogLevel,
  logInputs: FUNCTION_SETTINGS.logInputs.default,
  requestLogSampleRate: FUNCTION_SETTINGS.requestLogSampleRate.default,
  logRetentionDays: 14,
  maxLength: FUNCTION_SETTINGS.maxLength.default,
  maxSentences: FUNCTION_SETTINGS.maxSentences.default,
  maxSentenceChars: FUNCTION_SETTINGS.maxSentenceChars.default,
  maxBodyBytes: FUNCTION_SETTINGS.maxBodyBytes.default,
  corsAllowOrigins: ["*"],
  endpoint: "httpApi",
  throttlingBurstLimit: 50,
  throttlingRateLimit: 20,
  ecrUntaggedDays: 14,
  ecrForceDelete: false,
  auth: "none",
  jwtIssuer: undefined,
  jwtAudience: [],
  alarms: {
    functionErrors: 1,
    throttles: 1,
    durationPercentOfTimeout: 80,
    api5xxPercent: 5,
    apiLatencyP99Ms: 5000,
  },
  alarmEmail: undefined,
  alarmTopicArn: undefined,
  modelDir: "models",
  permissionsBoundary: undefined,
  rollout: "allAtOnce",
  rolloutIgnoreAlarms: false,
};

/** Thrown with every problem found, so one preview shows all of them. */
export class StackConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid stack configuration:\n  - ${problems.join("\n  - ")}`);
    this.name = "StackConfigError";
  }
}

export function parseStackConfig(read: ConfigReader): ParsedStackConfig {
  const problems: string[] = [];
  const fields = new FieldParser(read, problems);

  const config: StackConfig = {
    architecture: fields.oneOf("architecture", ARCHITECTURES, DEFAULTS.architecture),
    memorySize: fields.integer("memorySize", 128, 10240, DEFAULTS.memorySize, "MB"),
    timeout: fields.integer("timeout", 1, 900, DEFAULTS.timeout, "seconds"),
    reservedConcurrency: fields.optionalInteger("reservedConcurrency", 0, 1_000_000, NO_RESERVED_CONCURRENCY),
    provisionedConcurrency: fields.integer("provisionedConcurrency", 0, 1_000_000, 0),
    provisionedConcurrencyMax: fields.integer("provisionedConcurrencyMax", 0, 1_000_000, 0),
    provisionedConcurrencyTarget: fields.decimal(
      "provisionedConcurrencyTarget",
      TARGET_UTILIZATION_RANGE.min,
      TARGET_UTILIZATION_RANGE.max,
      DEFAULT_TARGET_UTILIZATION,
    ),
    provisionedConcurrencySchedule: fields.schedule("provisionedConcurrencySchedule"),
    provisionedConcurrencyTimezone: fields.timeZone(
      "provisionedConcurrencyTimezone",
      DEFAULT_SCHEDULE_TIMEZONE,
    ),
    tracing: fields.boolean("tracing", DEFAULTS.tracing),
    logLevel: fields.oneOf("logLevel", LOG_LEVELS, DEFAULTS.logLevel),
    logInputs: fields.boolean("logInputs", DEFAULTS.logInputs),
    requestLogSampleRate: fields.fraction(FUNCTION_SETTINGS.requestLogSampleRate),
    logRetentionDays: fields.oneOf("logRetentionDays", LOG_RETENTION_DAYS, DEFAULTS.logRetentionDays),
    maxLength: fields.defined(FUNCTION_SETTINGS.maxLength),
    maxSentences: fields.defined(FUNCTION_SETTINGS.maxSentences),
    maxSentenceChars: fields.defined(FUNCTION_SETTINGS.maxSentenceChars),
    maxBodyBytes: fields.defined(FUNCTION_SETTINGS.maxBodyBytes),
    corsAllowOrigins: fields.origins("corsAllowOrigins", DEFAULTS.corsAllowOrigins),
    endpoint: fields.oneOf("endpoint", ENDPOINTS, DEFAULTS.endpoint),
    throttlingBurstLimit: fields.integer("throttlingBurstLimit", 1, 5000, DEFAULTS.throttlingBurstLimit),
    throttlingRateLimit: fields.integer(
      "throttlingRateLimit",
      1,
      10_000,
      DEFAULTS.throttlingRateLimit,
      "requests per second",
    ),
    ecrUntaggedDays: fields.integer("ecrUntaggedDays", 1, 3650, DEFAULTS.ecrUntaggedDays, "days"),
    ecrForceDelete: fields.boolean("ecrForceDelete", DEFAULTS.ecrForceDelete),
    auth: fields.oneOf("auth", AUTH_MODES, DEFAULTS.auth),
    jwtIssuer: fields.optionalString(
      "jwtIssuer",
      HTTPS_URL,
      "an https URL such as https://cognito-idp.<region>.amazonaws.com/<pool id>",
    ),
    jwtAudience: fields.stringList("jwtAudience"),
    alarms: {
      functionErrors: fields.integer("alarmFunctionErrors", 1, 100_000, DEFAULTS.alarms.functionErrors),
      throttles: fields.integer("alarmThrottles", 1, 100_000, DEFAULTS.alarms.throttles),
      durationPercentOfTimeout: fields.integer(
        "alarmDurationPercent",
        1,
        100,
        DEFAULTS.alarms.durationPercentOfTimeout,
        "percent of the timeout",
      ),
      api5xxPercent: fields.integer("alarmApi5xxPercent", 1, 100, DEFAULTS.alarms.api5xxPercent, "percent"),
      apiLatencyP99Ms: fields.integer("alarmApiLatencyMs", 1, 30_000, DEFAULTS.alarms.apiLatencyP99Ms, "ms"),
    },
    alarmEmail: fields.optionalString("alarmEmail", EMAIL, "an e-mail address"),
    alarmTopicArn: fields.optionalString(
      "alarmTopicArn",
      SNS_TOPIC_ARN,
      "an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)",
    ),
    modelDir: fields.folder("modelDir", DEFAULTS.modelDir),
    permissionsBoundary: fields.optionalString(
      "permissionsBoundary",
      IAM_POLICY_NAME,
      "the name of a managed policy (letters, digits and +=,.@_-, at most 128), such as cola-serverless-prod-boundary",
    ),
    rollout: fields.oneOf("rollout", ROLLOUT_SETTINGS, DEFAULTS.rollout),
    rolloutIgnoreAlarms: fields.boolean("rolloutIgnoreAlarms", DEFAULTS.rolloutIgnoreAlarms),
  };

  problems.push(...warmCapacityProblems(config));
  checkAuth(config, read, problems);
  checkEndpointAuth(config, problems);
  if (config.alarmEmail !== undefined && config.alarmTopicArn !== undefined) {
    problems.push("alarmEmail and alarmTopicArn are both set: set one (the stack's own topic, or yours)");
  }
  if (problems.length > 0) {
    throw new StackConfigError(problems);
  }
  return { config, warnings: collectWarnings(config) };
}

/** A JWT authorizer needs both an issuer and an audience; other modes take neither. */
function checkAuth(config: StackConfig, read: ConfigReader, problems: string[]): void {
  // A value that was set but refused is reported once, as refused; Pulumi.yaml's default list is "[]".
  const unset = (key: string) => ["", "[]"].includes((read(key) ?? "").trim());
  if (config.auth === "jwt") {
    if (config.jwtIssuer === undefined && unset("jwtIssuer")) {
      problems.push('auth is "jwt" but jwtIssuer is not set: set the token issuer\'s https URL');
    }
    if (config.jwtAudience.length === 0 && unset("jwtAudience")) {
      problems.push(
        'auth is "jwt" but jwtAudience is not set: set the audiences (e.g. the app client id) tokens must carry',
      );
    }
  } else if (config.jwtIssuer !== undefined || config.jwtAudience.length > 0) {
    problems.push(`jwtIssuer and jwtAudience apply only to auth "jwt", but auth is "${config.auth}"`);
  }
}

/** A function URL authenticates callers by IAM or not at all: it has no JWT authorizer. */
function checkEndpointAuth(config: StackConfig, problems: string[]): void {
  if (config.endpoint === "functionUrl" && config.auth === "jwt") {
    problems.push(
      'endpoint is "functionUrl" but auth is "jwt": a Lambda function URL has no JWT authorizer (its auth is ' +
        'AWS_IAM or NONE); set auth to "iam" or "none", or set endpoint to "httpApi" to keep JWT auth',
    );
  }
}

function collectWarnings(config: StackConfig): string[] {
  const warnings: string[] = [...warmCapacityWarnings(config)];
  if (
    config.endpoint === "functionUrl" &&
    config.auth === "none" &&
    config.reservedConcurrency === undefined
  ) {
    warnings.push(
      'endpoint is "functionUrl" with auth "none" and no reservedConcurrency: a function URL has no rate limit ' +
        "(throttlingRateLimit and throttlingBurstLimit apply to the HTTP API only), so anyone can scale the " +
        "function up to the account's concurrency; set reservedConcurrency to cap it",
    );
  }
  if (config.endpoint === "httpApi" && config.timeout > HTTP_API_MAX_INTEGRATION_TIMEOUT_SECONDS) {
    warnings.push(
      `timeout is ${config.timeout} s but the HTTP API waits at most ${HTTP_API_MAX_INTEGRATION_TIMEOUT_SECONDS} s ` +
        `for the function: clients get an error after ${HTTP_API_MAX_INTEGRATION_TIMEOUT_SECONDS} s while the function keeps running (and billing)`,
    );
  }
  if (config.reservedConcurrency === 0) {
    warnings.push(
      "reservedConcurrency is 0: the function cannot run at all and every API request fails " +
        `(set ${NO_RESERVED_CONCURRENCY} for no reservation, or a positive number to cap it)`,
    );
  }
  if (config.logInputs) {
    warnings.push("logInputs is true: request sentences will be written to CloudWatch Logs");
  }
  if (config.rolloutIgnoreAlarms) {
    warnings.push(
      "rolloutIgnoreAlarms is true: a new version's rollout is not stopped by the alarms " +
        "(for a hotfix while one fires; unset it once the fix is out)",
    );
  }
  return warnings;
}

const HTTPS_URL = /^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
/** An IAM policy name (IAM API reference, CreatePolicy: PolicyName). */
const IAM_POLICY_NAME = /^[\w+=,.@-]{1,128}$/;

/** Reads one key at a time, records a problem for a bad value and returns the default so parsing continues. */
class FieldParser {
  constructor(
    private readonly read: ConfigReader,
    private readonly problems: string[],
  ) {}

  /** One of the function's integer settings, by its Pulumi key, within its defined range. */
  defined(setting: IntegerSetting): number {
    if (setting.configKey === undefined) throw new Error(`${setting.env} has no Pulumi key`);
    return this.integer(setting.configKey, setting.min, setting.max, setting.default, setting.unit);
  }

  /** One of the function's fractions (0 to 1), by its Pulumi key; refused in the words the function uses. */
  fraction(setting: FractionSetting): number {
    if (setting.configKey === undefined) throw new Error(`${setting.env} has no Pulumi key`);
    const raw = this.raw(setting.configKey);
    if (raw === undefined) return setting.default;
    const value = Number(raw);
    if (!/^(0|1|0?\.\d+|1\.0*)$/.test(raw) || value < 0 || value > 1) {
      this.fail(setting.configKey, raw, "a number from 0 to 1");
      return setting.default;
    }
    return value;
  }

  integer(key: string, min: number, max: number, fallback: number, unit = ""): number {
    const raw = this.raw(key);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.fail(key, raw, `an integer from ${min} to ${max}${unit ? ` ${unit}` : ""}`);
      return fallback;
    }
    return value;
  }

  /** Unset, or the `unset` sentinel, gives undefined; anything else must be an integer from min to max. */
  optionalInteger(key: string, min: number, max: number, unset: number): number | undefined {
    const raw = this.raw(key);
    if (raw === undefined || Number(raw) === unset) return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.fail(key, raw, `${unset} (unset) or an integer from ${min} to ${max}`);
      return undefined;
    }
    return value;
  }

  /** A decimal number from min to max (Pulumi.yaml declares it a string: config has no number type). */
  decimal(key: string, min: number, max: number, fallback: number): number {
    const raw = this.raw(key);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d*\.?\d+$/.test(raw) || value < min || value > max) {
      this.fail(key, raw, `a number from ${min} to ${max}, such as ${fallback}`);
      return fallback;
    }
    return value;
  }

  /** A list of schedule entries (infra/warm-capacity-config.ts); each bad entry is named with what is wrong. */
  schedule(key: string): ScheduleEntry[] {
    // stringList reports a value that is no list of strings.
    const texts = this.stringList(key);
    const entries: ScheduleEntry[] = [];
    for (const text of texts) {
      const parsed = parseScheduleEntry(text);
      if ("problem" in parsed) this.problems.push(`${key} entry ${JSON.stringify(text)}: ${parsed.problem}`);
      else entries.push(parsed);
    }
    return entries;
  }

  /** An IANA time zone name, as AWS spells it (Europe/Berlin, not europe/berlin nor an alias). */
  timeZone(key: string, fallback: string): string {
    const raw = this.raw(key);
    if (raw === undefined) return fallback;
    const canonical = canonicalTimeZone(raw);
    if (canonical !== raw) {
      const hint = canonical === undefined ? "" : ` (did you mean ${JSON.stringify(canonical)}?)`;
      this.fail(key, raw, `an IANA time zone name such as UTC or Europe/Berlin${hint}`);
      return fallback;
    }
    return raw;
  }

  /** Unset or empty gives undefined; anything else must match `pattern`. */
  optionalString(key: string, pattern: RegExp, allowed: string): string | undefined {
    const raw = this.raw(key);
    if (raw === undefined) return undefined;
    if (!pattern.test(raw)) {
      this.fail(key, raw, allowed);
      return undefined;
    }
    return raw;
  }

  /** A JSON list of non-empty strings (how the CLI passes an array); unset gives []. */
  stringList(key: string): string[] {
    const raw = this.raw(key);
    if (raw === undefined) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === "string" && item.trim() !== "")) {
      this.fail(key, raw, "a list of non-empty strings (set it with --path or as a YAML list)");
      return [];
    }
    return parsed as string[];
  }

  boolean(key: string, fallback: boolean): boolean {
    const raw = this.raw(key);
    if (raw === undefined) return fallback;
    if (raw === "true" || raw === "false") return raw === "true";
    this.fail(key, raw, "true or false");
    return fallback;
  }

  /** A folder inside the repository (the Docker build context), as a relative "/"-separated path. */
  folder(key: string, fallback: string): string {
    const raw = this.raw(key);
    if (raw === undefined) return fallback;
    const normalized = path.posix.normalize(raw.trim().replaceAll("\\", "/")).replace(/\/$/, "");
    const parts = normalized.split("/");
    // .dockerignore keeps node_modules out of the build context.
    if (
      path.posix.isAbsolute(normalized) ||
      normalized === "." ||
      parts.includes("..") ||
      parts.includes("node_modules")
    ) {
      this.fail(
        key,
        raw,
        "a folder inside the repository, relative to its root, such as models or my-model (not in node_modules)",
      );
      return fallback;
    }
    return normalized;
  }

  oneOf<T extends string | number>(key: string, allowed: readonly T[], fallback: T): T {
    const raw = this.raw(key);
    if (raw === undefined) return fallback;
    const match = allowed.find((candidate) => String(candidate) === raw);
    if (match === undefined) {
      this.fail(key, raw, `one of ${allowed.join(", ")}`);
      return fallback;
    }
    return match;
  }

  /** CORS origins: a JSON list of "*" alone, or scheme://host[:port] origins without a path. */
  origins(key: string, fallback: string[]): string[] {
    const raw = this.raw(key);
    if (raw === undefined) return fallback;
    const allowed = 'a non-empty list holding either "*" alone or origins such as "https://example.com"';
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      this.fail(key, raw, `${allowed} (set it with --path or as a YAML list)`);
      return fallback;
    }
    if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((item) => typeof item === "string")) {
      this.fail(key, raw, allowed);
      return fallback;
    }
    const origins = parsed;
    if (origins.includes("*")) {
      if (origins.length > 1) this.fail(key, raw, `${allowed}; "*" cannot be combined with other origins`);
      return origins.length > 1 ? fallback : origins;
    }
    const malformed = origins.filter((origin) => normalizedOrigin(origin) !== origin);
    if (malformed.length > 0) {
      const described = malformed.map((origin) => {
        const normalized = normalizedOrigin(origin);
        return normalized === undefined
          ? JSON.stringify(origin)
          : `${JSON.stringify(origin)} (did you mean ${JSON.stringify(normalized)}?)`;
      });
      this.fail(
        key,
        raw,
        `${allowed}; not an origin: ${described.join(", ")} ` +
          `(http or https scheme, lower-case host and optional non-default port, no path or trailing slash)`,
      );
      return fallback;
    }
    return origins;
  }

  private raw(key: string): string | undefined {
    const value = this.read(key);
    return value === undefined || value.trim() === "" ? undefined : value.trim();
  }

  private fail(key: string, value: string, allowed: string): void {
    this.problems.push(`${key} is ${JSON.stringify(value)}; allowed: ${allowed}`);
  }
}

/**
 * The origin a browser would send for `candidate` (what API Gateway compares byte for byte), or undefined when
 * `candidate` is not an http(s) URL with a host.
 */
function normalizedOrigin(candidate: string): string | undefined {
  try {
    const url = new URL(candidate);
    if ((url.protocol !== "https:" && url.protocol !== "http:") || url.hostname === "") return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}
