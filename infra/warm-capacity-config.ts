/**
 * Warm capacity that follows traffic: the settings that turn Application Auto Scaling on for the `live` alias's
 * provisioned concurrency, and the checks between them. Plain data and functions (no Pulumi imports), so the
 * preview's validation and the tests share them.
 *
 * - `provisionedConcurrency` stays the minimum; `provisionedConcurrencyMax` above it turns on target tracking on
 *   `LambdaProvisionedConcurrencyUtilization` at `provisionedConcurrencyTarget`;
 * - `provisionedConcurrencySchedule` changes the minimum and maximum at given times (scheduled actions), in
 *   `provisionedConcurrencyTimezone`.
 *
 * https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html ("Managing provisioned concurrency
 * with Application Auto Scaling") and
 * https://docs.aws.amazon.com/autoscaling/application/userguide/services-that-can-integrate-lambda.html
 */

/** One scheduled change of the warm-capacity window, as `provisionedConcurrencySchedule` lists them. */
export interface ScheduleEntry {
  /** The entry as written, for messages. */
  text: string;
  /** Application Auto Scaling's schedule expression: `cron(minutes hours day-of-month month day-of-week year)`. */
  schedule: string;
  min: number;
  max: number;
}

/** The settings this module checks, as infra/config.ts parsed them (each already valid on its own). */
export interface WarmCapacitySettings {
  provisionedConcurrency: number;
  /** 0: no autoscaling (a fixed `provisionedConcurrency`). */
  provisionedConcurrencyMax: number;
  provisionedConcurrencyTarget: number;
  provisionedConcurrencySchedule: ScheduleEntry[];
  provisionedConcurrencyTimezone: string;
  reservedConcurrency: number | undefined;
}

/** The target utilization when none is set: AWS's own example value (Lambda developer guide, above). */
export const DEFAULT_TARGET_UTILIZATION = 0.7;
/**
 * The range `provisionedConcurrencyTarget` accepts, our choice: below 0.1 keeps ten times the capacity in use idle;
 * above 0.9 leaves no head-room for a burst while a scale-out (minutes) is under way.
 */
export const TARGET_UTILIZATION_RANGE = { min: 0.1, max: 0.9 } as const;
export const DEFAULT_SCHEDULE_TIMEZONE = "UTC";

/** How an entry is written: `<HH:MM or cron(...)> min=<n> max=<n>`. */
export const SCHEDULE_ENTRY_FORMAT =
  '"HH:MM min=N max=N" (every day at that time) or "cron(minutes hours day-of-month month day-of-week year) min=N max=N"';

const ENTRY = /^(?<when>\d{1,2}:\d{2}|cron\([^)]*\))\s+min=(?<min>\d+)\s+max=(?<max>\d+)$/;

/**
 * Parses one schedule entry, or gives what is wrong with it.
 *
 * @example parseScheduleEntry("22:00 min=1 max=4")
 * // { text: "22:00 min=1 max=4", schedule: "cron(0 22 * * ? *)", min: 1, max: 4 }
 */
export function parseScheduleEntry(text: string): ScheduleEntry | { problem: string } {
  const match = ENTRY.exec(text.trim());
  if (match?.groups === undefined) return { problem: `not of the form ${SCHEDULE_ENTRY_FORMAT}` };
  const { when = "", min = "", max = "" } = match.groups;
  const schedule = when.startsWith("cron(") ? when : dailyCron(when);
  if (schedule === undefined) return { problem: `${JSON.stringify(when)} is not a time from 00:00 to 23:59` };
  const cronProblem = cronExpressionProblem(schedule);
  if (cronProblem !== undefined) return { problem: cronProblem };
  const entry = { text: text.trim(), schedule, min: Number(min), max: Number(max) };
  if (entry.min < 1) {
    // At 0 the alias has no provisioned concurrency to measure, so target tracking could not scale out again.
    return { problem: "min must be at least 1 (with 0 warm instances there is no utilization to track)" };
  }
  if (entry.min > entry.max) return { problem: `min ${entry.min} is above max ${entry.max}` };
  return entry;
}

/** `cron(M H * * ? *)`: every day at HH:MM, or undefined when `time` is not a time of day. */
function dailyCron(time: string): string | undefined {
  const [hours, minutes] = time.split(":").map(Number) as [number, number];
  if (hours > 23 || minutes > 59) return undefined;
  return `cron(${minutes} ${hours} * * ? *)`;
}

/** Each cron field's allowed characters and the range of its plain numbers (EventBridge's cron syntax). */
const CRON_FIELDS = [
  { name: "minutes", chars: /^[\d,*/-]+$/, max: 59 },
  { name: "hours", chars: /^[\d,*/-]+$/, max: 23 },
  { name: "day-of-month", chars: /^[\d,*/?LW-]+$/, max: 31 },
  { name: "month", chars: /^([\d,*/-]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)+$/i, max: 12 },
  { name: "day-of-week", chars: /^([\d,*/?L#-]|SUN|MON|TUE|WED|THU|FRI|SAT)+$/i, max: 7 },
  { name: "year", chars: /^[\d,*/-]+$/, max: 2199 },
] as const;

/**
 * What is wrong with an Application Auto Scaling cron expression, or undefined. Six fields; one of day-of-month
 * and day-of-week must be `?` (PutScheduledAction's Schedule:
 * https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html, whose cron is
 * EventBridge's: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html).
 */
export function cronExpressionProblem(expression: string): string | undefined {
  const inner = /^cron\((.*)\)$/.exec(expression)?.[1];
  const fields = inner?.trim().split(/\s+/) ?? [];
  if (fields.length !== CRON_FIELDS.length) {
    return `${expression} must have 6 fields: minutes hours day-of-month month day-of-week year`;
  }
  for (const [index, spec] of CRON_FIELDS.entries()) {
    const field = fields[index]!;
    const numbers = field.match(/\d+/g)?.map(Number) ?? [];
    if (!spec.chars.test(field) || numbers.some((value) => value > spec.max && !field.includes("#"))) {
      return `${expression}: ${spec.name} field ${JSON.stringify(field)} is not valid`;
    }
  }
  if ((fields[2] === "?") === (fields[4] === "?")) {
    return `${expression}: exactly one of day-of-month and day-of-week must be "?"`;
  }
  return undefined;
}

/**
 * The IANA name of `zone` as Node's ICU spells it (what PutScheduledAction's Timezone takes, e.g. Europe/Berlin),
 * or undefined when it is no time zone.
 */
export function canonicalTimeZone(zone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/**
 * The checks between the warm-capacity keys and reserved concurrency, each naming the key at fault. Reserved
 * concurrency caps every version of the function together, and provisioned concurrency counts against it: at equal
 * values all of it is the alias's, and the rollout's smoke test (a direct invoke of the new version, outside the
 * alias) and any spill-over would be throttled
 * (https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html: "If the amount of provisioned
 * concurrency on a function's versions and aliases adds up to the function's reserved concurrency, all invocations
 * run on provisioned concurrency").
 */
export function warmCapacityProblems(settings: WarmCapacitySettings): string[] {
  const problems: string[] = [];
  const {
    provisionedConcurrency: min,
    provisionedConcurrencyMax: max,
    reservedConcurrency: reserved,
  } = settings;
  const belowReserved = (key: string, value: number) => {
    if (reserved === undefined || value === 0 || value < reserved) return;
    problems.push(
      `${key} is ${value} but reservedConcurrency is ${reserved}: it must be below reservedConcurrency, which ` +
        "leaves room for the rollout's smoke test of a new version and for requests beyond the warm instances",
    );
  };
  belowReserved("provisionedConcurrency", min);
  if (max > 0) {
    if (min < 1) {
      problems.push(
        `provisionedConcurrencyMax is ${max} but provisionedConcurrency is ${min}: autoscaling needs a minimum ` +
          "of at least 1 warm instance (utilization is measured on the provisioned concurrency there is)",
      );
    } else if (max <= min) {
      problems.push(
        `provisionedConcurrencyMax is ${max} but provisionedConcurrency is ${min}: set it above ` +
          "provisionedConcurrency (the minimum), or to 0 to keep a fixed number of warm instances",
      );
    }
    belowReserved("provisionedConcurrencyMax", max);
  } else {
    if (settings.provisionedConcurrencyTarget !== DEFAULT_TARGET_UTILIZATION) {
      problems.push(
        `provisionedConcurrencyTarget is ${settings.provisionedConcurrencyTarget} but provisionedConcurrencyMax ` +
          "is 0: the target applies only when autoscaling is on (set provisionedConcurrencyMax)",
      );
    }
    if (settings.provisionedConcurrencySchedule.length > 0) {
      problems.push(
        "provisionedConcurrencySchedule is set but provisionedConcurrencyMax is 0: scheduled changes act on " +
          "the autoscaling target, so set provisionedConcurrencyMax too",
      );
    }
  }
  if (
    settings.provisionedConcurrencyTimezone !== DEFAULT_SCHEDULE_TIMEZONE &&
    settings.provisionedConcurrencySchedule.length === 0
  ) {
    problems.push(
      `provisionedConcurrencyTimezone is ${JSON.stringify(settings.provisionedConcurrencyTimezone)} but ` +
        "provisionedConcurrencySchedule is empty: the time zone applies only to the schedule",
    );
  }
  const seen = new Set<string>();
  for (const entry of settings.provisionedConcurrencySchedule) {
    if (seen.has(entry.schedule)) {
      problems.push(`provisionedConcurrencySchedule lists ${entry.schedule} twice: give each time once`);
    }
    seen.add(entry.schedule);
    if (reserved !== undefined && entry.max >= reserved) {
      problems.push(
        `provisionedConcurrencySchedule entry ${JSON.stringify(entry.text)} has max ${entry.max} but ` +
          `reservedConcurrency is ${reserved}: it must be below reservedConcurrency`,
      );
    }
  }
  return problems;
}

/** Settings that are allowed but probably not what the user meant. */
export function warmCapacityWarnings(settings: WarmCapacitySettings): string[] {
  if (settings.provisionedConcurrencySchedule.length !== 1) return [];
  return [
    "provisionedConcurrencySchedule has one entry: once it runs, its window stays until a `pulumi up` changes " +
      "the autoscaling target (add an entry that restores provisionedConcurrency and provisionedConcurrencyMax)",
  ];
}
