import * as assert from "node:assert/strict";
import * as path from "node:path";
import { FAILED_INIT_PATTERN } from "../../infra/alarms";
import { METRICS_NAMESPACE, METRICS_SERVICE_DIMENSION } from "../../infra/metrics";
import { runTsx, type ChildResult } from "../function/support/child";
import { outputNamedModelDir, repoRoot } from "../function/support/paths";
import { matchesJsonFilter } from "../support/json-filter-pattern";

/*
 * The failed-init metric filter (infra/alarms.ts) against the log lines the function's entry point really writes:
 * both come from function/src/metrics.json, and this checks the pattern built from it matches what init logs when
 * it fails, and nothing a good init logs. Lambda sends stdout and stderr to the same log group.
 */
const logLines = (result: ChildResult | undefined): string[] =>
  `${result?.stdout ?? ""}\n${result?.stderr ?? ""}`.split("\n").filter((line) => line.trim() !== "");

describe("the failed-init metric filter against the entry point's log lines", function () {
  const entry = path.join("function", "src", "index.ts");
  const runs: Record<string, Record<string, string>> = {
    badSettings: { MODEL_DIR: outputNamedModelDir, MAX_SENTENCES: "abc" },
    missingModelFolder: { MODEL_DIR: path.join(repoRoot, "test", "fixtures", "no-such-model-folder") },
    // As deployed: with a metrics namespace, init also writes its ColdStart metrics line.
    good: { MODEL_DIR: outputNamedModelDir, POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE },
  };
  let results: Record<string, ChildResult>;

  before(async function () {
    const entries = await Promise.all(
      Object.entries(runs).map(async ([name, env]) => [name, await runTsx([entry], env)] as const),
    );
    results = Object.fromEntries(entries);
  });

  for (const name of ["badSettings", "missingModelFolder"]) {
    it(`counts one line, with the service dimension, when init fails (${name})`, function () {
      const result = results[name];
      assert.notEqual(result?.code, 0, "init failed");
      const matched = logLines(result).filter((line) => matchesJsonFilter(FAILED_INIT_PATTERN, line));
      assert.equal(matched.length, 1, logLines(result).join("\n"));
      const event = JSON.parse(matched[0]!) as Record<string, unknown>;
      assert.equal(event[METRICS_SERVICE_DIMENSION], "cola-classifier");
      assert.equal(event.level, "ERROR");
    });
  }

  it("counts nothing a good init logs", function () {
    assert.equal(results.good?.code, 0, logLines(results.good).join("\n"));
    assert.ok(
      logLines(results.good).some((line) => line.startsWith("{")),
      "the good init logs JSON lines",
    );
    assert.deepEqual(
      logLines(results.good).filter((line) => matchesJsonFilter(FAILED_INIT_PATTERN, line)),
      [],
    );
  });

  it("the fake filter matches by property and exact string only", function () {
    const pattern = '{ $.message = "a b" || $.error.name = "X" }';
    assert.equal(matchesJsonFilter(pattern, '{"message":"a b"}'), true);
    assert.equal(matchesJsonFilter(pattern, '{"error":{"name":"X"}}'), true);
    assert.equal(matchesJsonFilter(pattern, '{"message":"a b c"}'), false);
    assert.equal(matchesJsonFilter(pattern, 'message = "a b"'), false);
    assert.throws(() => matchesJsonFilter('{ $.message = "a*" }', "{}"), /outside this fake's form/);
  });
});
