import "../setup/pulumi-mocks";
import * as assert from "node:assert/strict";
import { allowedValues, type SettingDefinition } from "../../function/src/setting-definitions";
import { DEFAULTS, FUNCTION_SETTINGS as SETTINGS, StackConfigError } from "../../infra/config";
import { functionEnvironment } from "../../infra/function";
import { parseRaw, projectFile } from "./stack-fixtures";

/*
 * The function's settings are defined once (function/src/setting-definitions.ts); the Pulumi program's
 * validation, its defaults, Pulumi.yaml and the function's environment must all follow that definition.
 */

const EXPOSED = Object.values(SETTINGS).filter(
  (setting): setting is SettingDefinition & { configKey: string } =>
    "configKey" in setting && setting.configKey !== undefined,
);
// Pulumi.yaml declares no fractional type: a fraction is declared a string, as the CLI passes every value.
const PULUMI_TYPE = {
  integer: "integer",
  fraction: "string",
  choice: "string",
  boolean: "boolean",
  text: "string",
} as const;

/** Values just outside what the definition allows. */
function refusedValues(setting: SettingDefinition): string[] {
  switch (setting.kind) {
    case "integer":
      return [String(setting.min - 1), String(setting.max + 1)];
    case "fraction":
      return ["1.5", "-0.1", "half", "1e-1"];
    case "choice":
      return ["LOUD"];
    case "boolean":
      return ["yes"];
    case "text":
      return [];
  }
}

describe("one definition per function setting", () => {
  const declared = projectFile().config;

  it("exposes the request limits and log options as Pulumi keys", () => {
    assert.deepEqual(EXPOSED.map((setting) => setting.configKey).sort(), [
      "logInputs",
      "logLevel",
      "maxBodyBytes",
      "maxLength",
      "maxSentenceChars",
      "maxSentences",
      "requestLogSampleRate",
    ]);
  });

  for (const setting of EXPOSED) {
    const key = setting.configKey;

    it(`${key}: Pulumi.yaml declares it with the definition's type, default and range`, () => {
      const entry = declared[key];
      assert.ok(entry, `Pulumi.yaml declares ${key}`);
      assert.equal(entry.type, PULUMI_TYPE[setting.kind]);
      assert.equal(entry.default, setting.kind === "fraction" ? String(setting.default) : setting.default);
      const description = typeof entry.description === "string" ? entry.description : "";
      if (setting.kind === "integer")
        assert.ok(description.includes(`${setting.min} to ${setting.max}`), description);
      if (setting.kind === "fraction") assert.ok(description.includes("0 to 1"), description);
      if (setting.kind === "choice")
        for (const value of setting.values) assert.ok(description.includes(value));
    });

    it(`${key}: the program's default is the definition's, and reaches the function as ${setting.env}`, () => {
      assert.equal(DEFAULTS[key as keyof typeof DEFAULTS], setting.default);
      assert.equal(functionEnvironment(DEFAULTS, "svc")[setting.env], String(setting.default));
    });

    it(`${key}: pulumi preview refuses what the function would refuse, in the same words`, () => {
      for (const value of refusedValues(setting)) {
        assert.throws(
          () => parseRaw({ [key]: value }),
          (error: unknown) => {
            assert.ok(error instanceof StackConfigError);
            assert.deepEqual(error.problems, [`${key} is "${value}"; allowed: ${allowedValues(setting)}`]);
            return true;
          },
        );
      }
    });
  }
});
