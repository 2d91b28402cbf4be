import assert from "node:assert/strict";
import {
  COLD_INIT_NOW,
  RATIO_PAIRS,
  TARGETS,
  checkTargets,
  computeRatios,
  reproductionTolerance,
  type TargetCheck,
} from "../../bench/targets.js";
import { systemNames } from "../../bench/systems/types.js";
import { settingFigures } from "./support/figures.js";

const find = (checks: readonly TargetCheck[], name: string): TargetCheck => {
  const check = checks.find((c) => c.name === name);
  assert.ok(check, `no target "${name}" among: ${checks.map((c) => c.name).join("; ")}`);
  return check;
};

describe("bench: systems, ratios and issue 21's targets", function () {
  it("measures a bare floor, floor + tokenizer, and the peer with both thread settings", function () {
    for (const name of ["floor", "floor-tokenizer", "ours", "peer", "peer-1thread", "original"])
      assert.ok((systemNames as readonly string[]).includes(name), name);
    const seconds = RATIO_PAIRS.map(([first, second]) => `${first} ÷ ${second}`);
    assert.deepEqual(seconds, [
      "ours ÷ floor",
      "ours ÷ floor-tokenizer",
      "ours ÷ peer",
      "ours ÷ peer-1thread",
      "ours ÷ original",
    ]);
  });

  it("checks every peer target against both peer settings, and nothing of the superseded targets", function () {
    for (const peer of ["peer", "peer-1thread"]) {
      const mine = TARGETS.filter((t) => t.pair === `ours ÷ ${peer}`).map((t) => `${t.where} ${t.metric}`);
      for (const expected of ["default p50", "default cpu", "two vCPUs batch"])
        assert.ok(mine.includes(expected), `${peer}: ${expected} missing from ${mine.join(", ")}`);
    }
    assert.equal(
      TARGETS.some((t) => t.metric === "perCpuSecond"),
      false,
      "requests per CPU-second ≥ 1.3× is superseded by CPU per request ≤ 0.9×",
    );
    const floorTargets = TARGETS.filter((t) => t.pair === "ours ÷ floor");
    assert.deepEqual(
      floorTargets.map((t) => [t.metric, t.limit]),
      [["p50", "≤ 1.25×"]],
    );
  });

  it("judges ours against the bare floor, not floor + tokenizer, at the default size", function () {
    // ours 0.48 ms: 1.2× the bare floor (met), 0.96× floor + tokenizer; then 0.52 ms: 1.3× (missed).
    const run = (oursP50: number): TargetCheck[] => {
      const settings = [
        settingFigures(1769, {
          floor: { p50Ms: 0.4 },
          "floor-tokenizer": { p50Ms: 0.5 },
          ours: { p50Ms: oursP50 },
        }),
      ];
      return checkTargets(settings, computeRatios(settings), undefined);
    };
    const met = find(run(0.48), "ours' warm p50 vs the bare floor's (1769 MB)");
    assert.equal(met.measured, "1.20×");
    assert.equal(met.met, true);
    const missed = find(run(0.52), "ours' warm p50 vs the bare floor's (1769 MB)");
    assert.equal(missed.measured, "1.30×");
    assert.equal(missed.met, false);
  });

  it("fails a peer target when ours beats one peer setting but not the other", function () {
    const settings = [
      settingFigures(1769, {
        ours: { p50Ms: 0.3, cpuMs: 0.3 },
        peer: { p50Ms: 0.4, cpuMs: 0.8 },
        "peer-1thread": { p50Ms: 0.3, cpuMs: 0.31 },
      }),
      settingFigures(3538, { ours: { batch: 5000 }, peer: { batch: 4000 }, "peer-1thread": { batch: 5500 } }),
    ];
    const checks = checkTargets(settings, computeRatios(settings), undefined);
    assert.equal(find(checks, "ours' warm p50 vs peer's (1769 MB)").met, true);
    assert.equal(find(checks, "ours' warm p50 vs peer-1thread's (1769 MB)").met, false);
    assert.equal(find(checks, "ours' CPU per request vs peer's (1769 MB)").met, true);
    assert.equal(find(checks, "ours' CPU per request vs peer-1thread's (1769 MB)").met, false);
    const batch = find(checks, "ours' batch-32 sentences/s vs peer's (3538 MB)");
    assert.equal(batch.measured, "1.25×");
    assert.equal(batch.met, true);
    assert.equal(find(checks, "ours' batch-32 sentences/s vs peer-1thread's (3538 MB)").met, false);
  });

  it("leaves the batch targets out when 3,538 MB was not measured", function () {
    const settings = [settingFigures(1769)];
    const checks = checkTargets(settings, computeRatios(settings), undefined);
    assert.equal(
      checks.some((c) => c.name.includes("batch-32")),
      false,
    );
    assert.ok(checks.some((c) => c.name.includes("peer-1thread")));
  });

  it("holds cold init to now (the last report's ratio to the peer) plus the reproduction tolerance", function () {
    const limit = COLD_INIT_NOW.wall * (1 + reproductionTolerance);
    const run = (ratio: number): TargetCheck => {
      const settings = [
        settingFigures(1769, { ours: { coldInitMs: 100 * ratio }, peer: { coldInitMs: 100 } }),
      ];
      return find(
        checkTargets(settings, computeRatios(settings), undefined),
        "ours' cold init vs the peer's (no worse than now) (1769 MB)",
      );
    };
    assert.equal(run(limit - 0.01).met, true);
    assert.equal(run(limit + 0.01).met, false);
  });

  it("marks a target whose previous run differs by more than ±10 % as not reproduced", function () {
    const now = [settingFigures(1769, { ours: { p50Ms: 0.3 }, peer: { p50Ms: 0.4 } })];
    const close = [settingFigures(1769, { ours: { p50Ms: 0.32 }, peer: { p50Ms: 0.4 } })];
    const far = [settingFigures(1769, { ours: { p50Ms: 0.4 }, peer: { p50Ms: 0.4 } })];
    const name = "ours' warm p50 vs peer's (1769 MB)";
    const checkWith = (previous: typeof now): TargetCheck =>
      find(checkTargets(now, computeRatios(now), computeRatios(previous)), name);
    assert.equal(checkWith(close).reproduced, true);
    assert.equal(checkWith(close).previous, "0.80×");
    assert.equal(checkWith(far).reproduced, false);
  });
});
