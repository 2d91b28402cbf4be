import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  benchmarkMs,
  COST_PAGE,
  costInputs,
  costMarkdown,
  renderCostPage,
  type CostInputs,
} from "../../scripts/docs-cost.js";
import { REPO_ROOT } from "../../scripts/docs-tables.js";

/*
 * docs/cost.md is generated (npm run docs:cost) from the pricing definition, the stack files, the alarms, the
 * custom metrics, the bytes a request writes and the benchmark's milliseconds: it must equal a regeneration, and
 * each input must show on it.
 */

describe("the cost page (docs/cost.md, npm run docs:cost)", function () {
  let inputs: CostInputs;
  before(async function () {
    inputs = await costInputs();
  });

  it("is what npm run docs:cost writes from today's prices, stacks and measurements", async function () {
    const onDisk = readFileSync(path.join(REPO_ROOT, COST_PAGE), "utf8");
    assert.equal(onDisk, await renderCostPage(inputs), "run npm run docs:cost");
  });

  it("changes with a price", function () {
    const page = costMarkdown({ ...inputs, services: { ...inputs.services, httpApiUsdPerMillion: 1.11 } });
    assert.notEqual(page, costMarkdown(inputs));
    assert.ok(page.includes("| $1.11 |"), "the HTTP API's fee on the page");
  });

  it("changes with a stack setting: provisioned concurrency's maximum and the sample rate", function () {
    const prod = inputs.stacks.find((stack) => stack.stack === "prod")!;
    assert.ok(
      prod.provisionedMax > prod.provisionedMin,
      "prod's provisionedConcurrencyMax, above its minimum",
    );
    const scaled = { ...prod, provisionedMax: prod.provisionedMax + 3, requestLogSampleRate: 0 };
    const page = costMarkdown({ ...inputs, stacks: inputs.stacks.map((s) => (s === prod ? scaled : s)) });
    assert.ok(page.includes(`| ${prod.provisionedMax + 3} × ${prod.memoryMb} MB |`), "the maximum's row");
    assert.ok(page.includes("(rate 0)"));
  });

  it("prices the bytes the function's code writes: one line where it wrote two, and less when sampled", function () {
    for (const stack of inputs.stacks) {
      for (const name of ["success", "batch"] as const) {
        const bytes = stack.bytes[name];
        assert.equal(bytes.twoLines.events, 2, name);
        assert.equal(bytes.oneLine.events, 1, name);
        assert.ok(bytes.oneLine.bytes < bytes.twoLines.bytes, name);
        assert.equal(bytes.sampledOut.keeps, "metrics", name);
        assert.ok(bytes.sampledOut.bytes < bytes.oneLine.bytes, name);
      }
      assert.equal(stack.bytes.error.sampledOut.keeps, "record", "a refusal keeps its record");
    }
  });

  it("reads the benchmark's milliseconds by column name, and names a missing column", function () {
    const table = [
      "| warm p50 (ms) | memorySize (MB) |",
      "| ---: | --- |",
      "| 0.5 | 1024 |",
      "| 0.4 | **1769** (recommended) |",
      "",
    ].join("\n");
    assert.deepEqual(
      [...benchmarkMs(table)],
      [
        [1024, 0.5],
        [1769, 0.4],
      ],
    );
    assert.throws(
      () => benchmarkMs("| memorySize (MB) | p99 (ms) |\n| --- | --- |\n| 1024 | 3 |"),
      /warm p50 \(ms\)/,
    );
    assert.throws(() => benchmarkMs("no table"), /memory sizing table/);
  });
});
