import assert from "node:assert/strict";
import { benchmarksMarkdown } from "../../bench/report/markdown.js";
import { ratiosTable, settingTable } from "../../bench/report/tables.js";
import type { BenchResults } from "../../bench/run.js";
import { parseBenchOptions } from "../../bench/options.js";
import { systemNames } from "../../bench/systems/types.js";
import { checkTargets, computeRatios, sizingRows } from "../../bench/targets.js";
import { settingFigures } from "./support/figures.js";

const settings = [settingFigures(1769), settingFigures(3538)];

function report(): string {
  const results: BenchResults = {
    command: "npm run bench",
    options: parseBenchOptions([]),
    environment: {
      date: "2026-12-05T15:00:00.000Z",
      cpu: "test CPU",
      cores: 2,
      memoryGiB: 4,
      kernel: "test",
      node: "24",
      loadBefore: [0.1, 0.1, 0.1],
      versions: {},
      model: { path: "models/model.onnx", bytes: 1, sha256: "0".repeat(64) },
    },
    settings,
  };
  const ratios = computeRatios(settings);
  return benchmarksMarkdown({
    results,
    previous: undefined,
    ratios,
    previousRatios: undefined,
    targets: checkTargets(settings, ratios, undefined),
    labelAgreement: "all agree",
    sizing: sizingRows(settings),
    recommendedMb: 1769,
    latencyChart: "chart.png",
    analysisFile: undefined,
  });
}

const rowsStartingWith = (table: string, start: string): string[] =>
  table.split("\n").filter((line) => line.startsWith(start));

describe("bench: the report's structure (floor, floor + tokenizer, peer × 2 thread settings)", function () {
  it("measures every system by default", function () {
    assert.deepEqual(parseBenchOptions([]).systems, [...systemNames]);
  });

  it("gives each system its own row in each setting's table", function () {
    const table = settingTable(settings[0] as (typeof settings)[number]);
    for (const system of systemNames)
      assert.equal(rowsStartingWith(table, `| ${system} |`).length, 1, `row for ${system}`);
  });

  it("has a ratio row ours ÷ each of floor, floor-tokenizer, peer, peer-1thread at every memory size", function () {
    const table = ratiosTable(computeRatios(settings), undefined);
    for (const setting of ["1769 MB", "3538 MB"])
      for (const other of ["floor", "floor-tokenizer", "peer", "peer-1thread"])
        assert.equal(
          rowsStartingWith(table, `| ${setting} | ours ÷ ${other} |`).length,
          1,
          `${setting} ${other}`,
        );
  });

  it("describes every system, and lists targets against both peer settings in docs/benchmarks.md", function () {
    const markdown = report();
    for (const system of systemNames) assert.match(markdown, new RegExp(`^- \\*\\*${system}\\*\\*: `, "m"));
    for (const target of [
      "| ours' warm p50 vs the bare floor's (1769 MB) | ≤ 1.25× |",
      "| ours' CPU per request vs peer's (1769 MB) | ≤ 0.90× |",
      "| ours' CPU per request vs peer-1thread's (1769 MB) | ≤ 0.90× |",
      "| ours' batch-32 sentences/s vs peer-1thread's (3538 MB) | ≥ 1.00× |",
    ])
      assert.ok(markdown.includes(target), target);
  });
});
