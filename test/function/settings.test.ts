import assert from "node:assert/strict";
import path from "node:path";
import { SettingsError } from "../../function/src/errors.js";
import { DEFAULT_LIMITS, readSettings } from "../../function/src/settings.js";

/** Asserts readSettings refuses `environment` with a SettingsError listing one problem per pattern, in any order. */
function assertRefused(environment: Record<string, string>, ...expected: RegExp[]): SettingsError {
  let caught: unknown;
  try {
    readSettings(environment);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof SettingsError, `expected a SettingsError for ${JSON.stringify(environment)}`);
  const error: SettingsError = caught;
  assert.equal(error.name, "SettingsError");
  assert.equal(error.problems.length, expected.length, error.problems.join("; "));
  for (const pattern of expected) {
    const matching: string[] = error.problems.filter((problem) => pattern.test(problem));
    assert.equal(matching.length, 1, `${String(pattern)} should match one of: ${error.problems.join("; ")}`);
    assert.ok(error.message.includes(matching[0] as string));
  }
  return error;
}

describe("readSettings", function () {
  it("defaults: models/ under the working directory, 64 sentences, 2,000 characters, 64 KiB, INFO, no inputs logged", function () {
    const settings = readSettings({});
    assert.deepEqual(settings, {
      modelDir: path.resolve(process.cwd(), "models"),
      maxLength: undefined,
      limits: { maxSentences: 64, maxSentenceChars: 2000, maxBodyBytes: 65536 },
      logLevel: "INFO",
      logInputs: false,
      requestLogSampleRate: 1,
      serviceName: "cola-classifier",
    });
    assert.deepEqual(DEFAULT_LIMITS, { maxSentences: 64, maxSentenceChars: 2000, maxBodyBytes: 64 * 1024 });
  });

  it("treats blank values as unset", function () {
    const settings = readSettings({
      MODEL_DIR: " ",
      MAX_LENGTH: "",
      MAX_SENTENCES: "  ",
      MAX_SENTENCE_CHARS: "",
      MAX_BODY_BYTES: "\t",
      LOG_LEVEL: " ",
      LOG_INPUTS: "",
      REQUEST_LOG_SAMPLE_RATE: " ",
      POWERTOOLS_SERVICE_NAME: " ",
    });
    assert.deepEqual(settings, readSettings({}));
  });

  it("reads every setting from the environment", function () {
    const settings = readSettings({
      MODEL_DIR: "/opt/model",
      MAX_LENGTH: "256",
      MAX_SENTENCES: "8",
      MAX_SENTENCE_CHARS: " 500 ",
      MAX_BODY_BYTES: "1024",
      LOG_LEVEL: "debug",
      LOG_INPUTS: "TRUE",
      REQUEST_LOG_SAMPLE_RATE: " 0.25 ",
      POWERTOOLS_SERVICE_NAME: "cola-prod",
    });
    assert.deepEqual(settings, {
      modelDir: "/opt/model",
      maxLength: 256,
      limits: { maxSentences: 8, maxSentenceChars: 500, maxBodyBytes: 1024 },
      logLevel: "DEBUG",
      logInputs: true,
      requestLogSampleRate: 0.25,
      serviceName: "cola-prod",
    });
    assert.equal(readSettings({ LOG_INPUTS: "false" }).logInputs, false);
  });

  it("resolves MODEL_DIR against the Lambda task root", function () {
    assert.equal(readSettings({ LAMBDA_TASK_ROOT: "/var/task" }).modelDir, "/var/task/models");
    assert.equal(
      readSettings({ LAMBDA_TASK_ROOT: "/var/task", MODEL_DIR: "other" }).modelDir,
      "/var/task/other",
    );
    assert.equal(readSettings({ LAMBDA_TASK_ROOT: "/var/task", MODEL_DIR: "/mnt/m" }).modelDir, "/mnt/m");
  });

  it("accepts the edges of every range", function () {
    const low = readSettings({
      MAX_LENGTH: "8",
      MAX_SENTENCES: "1",
      MAX_SENTENCE_CHARS: "1",
      MAX_BODY_BYTES: "1",
    });
    assert.equal(low.maxLength, 8);
    assert.deepEqual(low.limits, { maxSentences: 1, maxSentenceChars: 1, maxBodyBytes: 1 });
    const high = readSettings({
      MAX_LENGTH: "8192",
      MAX_SENTENCES: "1024",
      MAX_SENTENCE_CHARS: "100000",
      MAX_BODY_BYTES: String(6 * 1024 * 1024),
    });
    assert.equal(high.maxLength, 8192);
    assert.deepEqual(high.limits, {
      maxSentences: 1024,
      maxSentenceChars: 100_000,
      maxBodyBytes: 6 * 1024 * 1024,
    });
  });

  const INVALID: [name: string, value: string][] = [
    ["MAX_SENTENCES", "abc"],
    ["MAX_SENTENCES", "0"],
    ["MAX_SENTENCES", "1025"],
    ["MAX_SENTENCES", "-1"],
    ["MAX_SENTENCES", "1.5"],
    ["MAX_SENTENCES", "1e2"],
    ["MAX_SENTENCES", "0x10"],
    ["MAX_SENTENCES", "64 sentences"],
    ["MAX_SENTENCE_CHARS", "100001"],
    ["MAX_SENTENCE_CHARS", "lots"],
    ["MAX_BODY_BYTES", "0"],
    ["MAX_BODY_BYTES", String(6 * 1024 * 1024 + 1)],
    ["MAX_BODY_BYTES", "64KiB"],
    ["MAX_LENGTH", "7"],
    ["MAX_LENGTH", "8193"],
    ["MAX_LENGTH", "long"],
  ];
  for (const [name, value] of INVALID) {
    it(`refuses ${name}=${JSON.stringify(value)}, naming the variable, its value and what is allowed`, function () {
      const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      assertRefused(
        { [name]: value },
        new RegExp(`^${name} is "${escaped}"; allowed: an integer from \\d+ to \\d+( tokens| bytes)?$`),
      );
    });
  }

  it("refuses an unknown LOG_LEVEL and a LOG_INPUTS that is not true or false", function () {
    assertRefused(
      { LOG_LEVEL: "verbose" },
      /^LOG_LEVEL is "verbose"; allowed: one of DEBUG, INFO, WARN, ERROR$/,
    );
    assertRefused({ LOG_INPUTS: "yes" }, /^LOG_INPUTS is "yes"; allowed: true or false$/);
  });

  it("reads REQUEST_LOG_SAMPLE_RATE from 0 to 1 and refuses anything else, naming it", function () {
    for (const [value, rate] of [
      ["0", 0],
      ["1", 1],
      [".5", 0.5],
      ["0.01", 0.01],
      ["1.0", 1],
    ] as const) {
      assert.equal(readSettings({ REQUEST_LOG_SAMPLE_RATE: value }).requestLogSampleRate, rate, value);
    }
    for (const value of ["1.5", "-0.1", "half", "1e-1", "0x1"]) {
      assertRefused(
        { REQUEST_LOG_SAMPLE_RATE: value },
        new RegExp(`^REQUEST_LOG_SAMPLE_RATE is "${value}"; allowed: a number from 0 to 1$`),
      );
    }
  });

  it("names every bad setting in one error", function () {
    const error = assertRefused(
      { MAX_SENTENCES: "abc", MAX_BODY_BYTES: "-5", LOG_LEVEL: "loud", LOG_INPUTS: "1" },
      /^MAX_SENTENCES is "abc"/,
      /^MAX_BODY_BYTES is "-5"/,
      /^LOG_LEVEL is "loud"/,
      /^LOG_INPUTS is "1"/,
    );
    assert.match(error.message, /^invalid function settings: /);
  });
});
