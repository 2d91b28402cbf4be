import "../setup/pulumi-mocks";
import * as assert from "node:assert/strict";
import { DEFAULTS, LAMBDA_MAX_REQUEST_BYTES, StackConfigError, type StackConfig } from "../../infra/config";
import { functionEnvironment } from "../../infra/function";
import { readSettings } from "../../function/src/settings";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { cliStackConfig, parseRaw, stackFile, type RawConfig } from "./stack-fixtures";

function problemsOf(raw: RawConfig): string[] {
  try {
    parseRaw(raw);
  } catch (error) {
    assert.ok(error instanceof StackConfigError, `expected StackConfigError, got ${String(error)}`);
    return error.problems;
  }
  assert.fail(`expected ${JSON.stringify(raw)} to be rejected`);
}

describe("stack config", () => {
  it("uses the documented defaults when nothing is set", () => {
    assert.deepEqual(parseRaw({}), { config: DEFAULTS, warnings: [] });
  });

  it("reads the dev stack as the CLI passes it (stack file over Pulumi.yaml defaults)", () => {
    const { config, warnings } = parseRaw(cliStackConfig("dev"));
    assert.deepEqual(config, {
      ...DEFAULTS,
      memorySize: 1024,
      logLevel: "DEBUG",
      logRetentionDays: 7,
      throttlingBurstLimit: 20,
      throttlingRateLimit: 10,
      ecrUntaggedDays: 7,
      ecrForceDelete: true,
      permissionsBoundary: "cola-serverless-dev-boundary",
    } satisfies StackConfig);
    assert.equal(config.reservedConcurrency, undefined, "the -1 default means no reservation");
    assert.deepEqual(warnings, []);
  });

  it("reads the prod stack as the CLI passes it", () => {
    const { config, warnings } = parseRaw(cliStackConfig("prod"));
    assert.deepEqual(config, {
      ...DEFAULTS,
      architecture: "x86_64",
      memorySize: 1769,
      timeout: 10,
      reservedConcurrency: 50,
      provisionedConcurrency: 2,
      provisionedConcurrencyMax: 10,
      provisionedConcurrencyTarget: 0.7,
      provisionedConcurrencySchedule: [
        { text: "22:00 min=1 max=4", schedule: "cron(0 22 * * ? *)", min: 1, max: 4 },
        { text: "07:00 min=2 max=10", schedule: "cron(0 7 * * ? *)", min: 2, max: 10 },
      ],
      provisionedConcurrencyTimezone: "Europe/Dublin",
      tracing: true,
      logLevel: "INFO",
      logRetentionDays: 90,
      requestLogSampleRate: 0.1,
      corsAllowOrigins: ["https://app.example.com"],
      throttlingBurstLimit: 200,
      throttlingRateLimit: 100,
      ecrUntaggedDays: 30,
      ecrForceDelete: false,
      permissionsBoundary: "cola-serverless-prod-boundary",
      rollout: "canary",
    } satisfies StackConfig);
    assert.deepEqual(warnings, []);
  });

  it("prod is the bigger, stricter example the README promises", () => {
    const dev = parseRaw(cliStackConfig("dev")).config;
    const prod = parseRaw(cliStackConfig("prod")).config;
    assert.ok(prod.memorySize > dev.memorySize, "more memory");
    assert.ok(prod.provisionedConcurrency > 0, "provisioned concurrency");
    assert.ok(!prod.corsAllowOrigins.includes("*"), "stricter CORS");
    assert.ok(prod.logRetentionDays > dev.logRetentionDays, "longer log retention");
    // The placeholder origin is a real, well-formed origin under the reserved example.com domain.
    assert.ok(prod.corsAllowOrigins.every((origin) => new URL(origin).hostname.endsWith("example.com")));
  });

  it("prod states its auth in the stack file, and docs/deploy.md says why and how to switch", () => {
    const written = stackFile("prod")["cola-serverless:auth"];
    assert.equal(written, parseRaw(cliStackConfig("prod")).config.auth);
    const deploy = readFileSync(path.join(__dirname, "..", "..", "docs", "deploy.md"), "utf8");
    assert.match(deploy, new RegExp(`### \`auth\` for prod[\\s\\S]*sets \`auth: ${String(written)}\``));
    assert.match(deploy, /pulumi config set auth iam --stack prod/);
  });

  it("-1, the declared default, and an unset key both mean no reservation", () => {
    assert.equal(parseRaw({ reservedConcurrency: "-1" }).config.reservedConcurrency, undefined);
    assert.equal(parseRaw({}).config.reservedConcurrency, undefined);
    assert.deepEqual(parseRaw({ reservedConcurrency: "-1", provisionedConcurrency: "3" }).warnings, []);
  });

  it("warns that reservedConcurrency 0 disables the function", () => {
    const { config, warnings } = parseRaw({ reservedConcurrency: "0" });
    assert.equal(config.reservedConcurrency, 0);
    assert.deepEqual(warnings, [
      "reservedConcurrency is 0: the function cannot run at all and every API request fails " +
        "(set -1 for no reservation, or a positive number to cap it)",
    ]);
  });

  it("every request limit it accepts is one the function accepts at start-up", () => {
    for (const edge of ["low", "high"] as const) {
      const { config } = parseRaw(
        edge === "low"
          ? { maxLength: "8", maxSentences: "1", maxSentenceChars: "1", maxBodyBytes: "1" }
          : {
              maxLength: "8192",
              maxSentences: "1024",
              maxSentenceChars: "100000",
              maxBodyBytes: String(LAMBDA_MAX_REQUEST_BYTES),
              logLevel: "ERROR",
              logInputs: "true",
            },
      );
      const settings = readSettings({ ...functionEnvironment(config, "svc"), LAMBDA_TASK_ROOT: "/var/task" });
      assert.deepEqual(
        [settings.maxLength, settings.limits, settings.logLevel, settings.logInputs, settings.modelDir],
        [
          config.maxLength,
          {
            maxSentences: config.maxSentences,
            maxSentenceChars: config.maxSentenceChars,
            maxBodyBytes: config.maxBodyBytes,
          },
          config.logLevel,
          config.logInputs,
          "/var/task/models",
        ],
      );
    }
  });

  it("accepts the edges of every range", () => {
    const { config } = parseRaw({
      memorySize: "10240",
      timeout: "900",
      reservedConcurrency: "0",
      architecture: "arm64",
      logRetentionDays: "3653",
      corsAllowOrigins: '["https://a.example.com","http://localhost:3000"]',
    });
    assert.equal(config.memorySize, 10240);
    assert.equal(config.reservedConcurrency, 0);
    assert.deepEqual(config.corsAllowOrigins, ["https://a.example.com", "http://localhost:3000"]);
  });

  const rejected: Array<[string, RawConfig, string]> = [
    [
      "memorySize below 128",
      { memorySize: "64" },
      'memorySize is "64"; allowed: an integer from 128 to 10240 MB',
    ],
    [
      "memorySize above 10240",
      { memorySize: "10241" },
      'memorySize is "10241"; allowed: an integer from 128 to 10240 MB',
    ],
    [
      "fractional memorySize",
      { memorySize: "1536.5" },
      'memorySize is "1536.5"; allowed: an integer from 128',
    ],
    ["non-numeric memorySize", { memorySize: "2GB" }, 'memorySize is "2GB"; allowed: an integer'],
    ["timeout 0", { timeout: "0" }, 'timeout is "0"; allowed: an integer from 1 to 900 seconds'],
    ["timeout above 900", { timeout: "901" }, 'timeout is "901"; allowed: an integer from 1 to 900 seconds'],
    [
      "unknown architecture",
      { architecture: "amd64" },
      'architecture is "amd64"; allowed: one of x86_64, arm64',
    ],
    [
      "unknown rollout",
      { rollout: "blueGreen" },
      'rollout is "blueGreen"; allowed: one of allAtOnce, canary, linear, CodeDeployDefault.LambdaAllAtOnce, ',
    ],
    [
      "a predefined configuration of another compute platform as rollout",
      { rollout: "CodeDeployDefault.OneAtATime" },
      'rollout is "CodeDeployDefault.OneAtATime"; allowed: one of allAtOnce',
    ],
    [
      "non-boolean rolloutIgnoreAlarms",
      { rolloutIgnoreAlarms: "yes" },
      'rolloutIgnoreAlarms is "yes"; allowed: true or false',
    ],
    [
      "reservedConcurrency below -1",
      { reservedConcurrency: "-2" },
      'reservedConcurrency is "-2"; allowed: -1 (unset) or an integer from 0 to 1000000',
    ],
    [
      "fractional reservedConcurrency",
      { reservedConcurrency: "2.5" },
      'reservedConcurrency is "2.5"; allowed: -1 (unset) or an integer from 0',
    ],
    [
      "provisioned concurrency on a disabled function",
      { reservedConcurrency: "0", provisionedConcurrency: "1" },
      "provisionedConcurrency is 1 but reservedConcurrency is 0",
    ],
    ["negative provisionedConcurrency", { provisionedConcurrency: "-2" }, 'provisionedConcurrency is "-2"'],
    [
      "provisioned above reserved",
      { reservedConcurrency: "2", provisionedConcurrency: "3" },
      "provisionedConcurrency is 3 but reservedConcurrency is 2: it must be below reservedConcurrency",
    ],
    [
      // All of the reservation on the alias would leave none for the rollout's smoke test of a new version.
      "provisioned equal to reserved",
      { reservedConcurrency: "2", provisionedConcurrency: "2" },
      "provisionedConcurrency is 2 but reservedConcurrency is 2: it must be below reservedConcurrency",
    ],
    [
      "zero burst limit",
      { throttlingBurstLimit: "0" },
      'throttlingBurstLimit is "0"; allowed: an integer from 1 to 5000',
    ],
    [
      "negative rate limit",
      { throttlingRateLimit: "-5" },
      'throttlingRateLimit is "-5"; allowed: an integer from 1',
    ],
    [
      "retention CloudWatch does not offer",
      { logRetentionDays: "10" },
      'logRetentionDays is "10"; allowed: one of 1, 3, 5, 7, 14, 30',
    ],
    [
      "unknown log level",
      { logLevel: "TRACE" },
      'logLevel is "TRACE"; allowed: one of DEBUG, INFO, WARN, ERROR',
    ],
    ["non-boolean tracing", { tracing: "yes" }, 'tracing is "yes"; allowed: true or false'],
    [
      "CORS origin with a path",
      { corsAllowOrigins: '["https://example.com/app"]' },
      'not an origin: "https://example.com/app"',
    ],
    [
      "CORS origin with trailing slash",
      { corsAllowOrigins: '["https://example.com/"]' },
      'not an origin: "https://example.com/"',
    ],
    ["CORS origin without scheme", { corsAllowOrigins: '["example.com"]' }, 'not an origin: "example.com"'],
    [
      "CORS origin with another scheme",
      { corsAllowOrigins: '["ftp://example.com"]' },
      'not an origin: "ftp://example.com"',
    ],
    [
      "CORS wildcard mixed with origins",
      { corsAllowOrigins: '["*","https://a.com"]' },
      '"*" cannot be combined',
    ],
    [
      "CORS as a plain string",
      { corsAllowOrigins: "https://example.com" },
      "set it with --path or as a YAML list",
    ],
    ["empty CORS list", { corsAllowOrigins: "[]" }, 'corsAllowOrigins is "[]"; allowed: a non-empty list'],
    [
      "maxBodyBytes above what one Lambda invocation carries (6 MiB)",
      { maxBodyBytes: "6291457" },
      'maxBodyBytes is "6291457"; allowed: an integer from 1 to 6291456 bytes',
    ],
    [
      "CORS origin with an upper-case host",
      { corsAllowOrigins: '["https://App.Example.com"]' },
      'not an origin: "https://App.Example.com" (did you mean "https://app.example.com"?)',
    ],
    [
      "CORS origin with its default port",
      { corsAllowOrigins: '["https://app.example.com:443"]' },
      '(did you mean "https://app.example.com"?)',
    ],
    [
      "CORS list of non-strings",
      { corsAllowOrigins: "[1]" },
      'corsAllowOrigins is "[1]"; allowed: a non-empty list',
    ],
    ["non-numeric timeout", { timeout: "fast" }, 'timeout is "fast"; allowed: an integer from 1 to 900'],
    [
      "maxLength above the function's 8192",
      { maxLength: "8193" },
      'maxLength is "8193"; allowed: an integer from 8 to 8192 tokens',
    ],
    ["maxSentences 0", { maxSentences: "0" }, 'maxSentences is "0"'],
    ["maxSentenceChars 0", { maxSentenceChars: "0" }, 'maxSentenceChars is "0"'],
    [
      "ecrUntaggedDays 0",
      { ecrUntaggedDays: "0" },
      'ecrUntaggedDays is "0"; allowed: an integer from 1 to 3650 days',
    ],
    ["unknown auth mode", { auth: "oauth" }, 'auth is "oauth"; allowed: one of none, iam, jwt'],
    [
      "auth jwt without issuer",
      { auth: "jwt", jwtAudience: '["app"]' },
      'auth is "jwt" but jwtIssuer is not set',
    ],
    [
      "auth jwt without audience",
      { auth: "jwt", jwtIssuer: "https://issuer.example.com" },
      'auth is "jwt" but jwtAudience is not set',
    ],
    [
      "an issuer that is not https",
      { auth: "jwt", jwtIssuer: "http://issuer.example.com", jwtAudience: '["app"]' },
      'jwtIssuer is "http://issuer.example.com"; allowed: an https URL',
    ],
    [
      "a JWT issuer without auth jwt",
      { auth: "iam", jwtIssuer: "https://issuer.example.com" },
      'jwtIssuer and jwtAudience apply only to auth "jwt", but auth is "iam"',
    ],
    [
      "an audience list of non-strings",
      { auth: "jwt", jwtIssuer: "https://i.example.com", jwtAudience: "[1]" },
      "jwtAudience is",
    ],
    ["alarmDurationPercent above 100", { alarmDurationPercent: "120" }, 'alarmDurationPercent is "120"'],
    ["alarmApi5xxPercent 0", { alarmApi5xxPercent: "0" }, 'alarmApi5xxPercent is "0"'],
    [
      "an alarmEmail that is no address",
      { alarmEmail: "ops" },
      'alarmEmail is "ops"; allowed: an e-mail address',
    ],
    [
      "an alarmTopicArn that is no topic",
      { alarmTopicArn: "arn:aws:sqs:us-east-1:123456789012:q" },
      "alarmTopicArn is",
    ],
    [
      "both alarmEmail and alarmTopicArn",
      { alarmEmail: "ops@example.com", alarmTopicArn: "arn:aws:sns:us-east-1:123456789012:ops" },
      "alarmEmail and alarmTopicArn are both set",
    ],
    [
      "a permissionsBoundary given as an ARN (or with a wildcard)",
      { permissionsBoundary: "arn:aws:iam::123456789012:policy/b*" },
      'permissionsBoundary is "arn:aws:iam::123456789012:policy/b*"; allowed: the name of a managed policy',
    ],
    [
      "non-boolean ecrForceDelete",
      { ecrForceDelete: "maybe" },
      'ecrForceDelete is "maybe"; allowed: true or false',
    ],
  ];
  for (const [what, raw, expected] of rejected) {
    it(`rejects ${what}, naming key, value and what is allowed`, () => {
      const problems = problemsOf(raw);
      assert.equal(problems.length, 1, problems.join("\n"));
      assert.ok(problems[0]!.includes(expected), `"${problems[0]}" should contain "${expected}"`);
    });
  }

  it("reports every bad key at once", () => {
    const problems = problemsOf({ memorySize: "1", timeout: "0", architecture: "sparc" });
    assert.equal(problems.length, 3);
    assert.match(new StackConfigError(problems).message, /architecture[\s\S]*memorySize[\s\S]*timeout/);
  });

  it("warns when the timeout exceeds what the HTTP API waits", () => {
    const { config, warnings } = parseRaw({ timeout: "60" });
    assert.equal(config.timeout, 60);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /timeout is 60 s but the HTTP API waits at most 30 s/);
  });

  it("does not warn at exactly 30 s", () => {
    assert.deepEqual(parseRaw({ timeout: "30" }).warnings, []);
  });

  it("accepts each auth mode, with a JWT issuer and audience for jwt", () => {
    assert.equal(parseRaw({ auth: "iam" }).config.auth, "iam");
    const jwt = parseRaw({
      auth: "jwt",
      jwtIssuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc",
      jwtAudience: '["client-1", "client-2"]',
    }).config;
    assert.deepEqual(
      [jwt.auth, jwt.jwtIssuer, jwt.jwtAudience],
      ["jwt", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc", ["client-1", "client-2"]],
    );
  });

  it("reads alarm thresholds and where alarms go", () => {
    const config = parseRaw({ alarmDurationPercent: "50", alarmEmail: "ops@example.com" }).config;
    assert.equal(config.alarms.durationPercentOfTimeout, 50);
    assert.equal(config.alarmEmail, "ops@example.com");
    assert.equal(config.alarmTopicArn, undefined);
  });

  it("warns when request sentences will be logged", () => {
    assert.match(parseRaw({ logInputs: "true" }).warnings.join("\n"), /logInputs is true/);
  });

  it("reads rollout shorthands and full names, and warns while rolloutIgnoreAlarms is on", () => {
    assert.equal(parseRaw({ rollout: "canary" }).config.rollout, "canary");
    assert.equal(
      parseRaw({ rollout: "CodeDeployDefault.LambdaLinear10PercentEvery3Minutes" }).config.rollout,
      "CodeDeployDefault.LambdaLinear10PercentEvery3Minutes",
    );
    assert.match(
      parseRaw({ rolloutIgnoreAlarms: "true" }).warnings.join("\n"),
      /^rolloutIgnoreAlarms is true: a new version's rollout is not stopped by the alarms/,
    );
  });
});
