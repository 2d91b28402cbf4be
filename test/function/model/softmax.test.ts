import assert from "node:assert/strict";
import { labelScores } from "../../../function/src/model/softmax.js";

const LABELS = ["unacceptable", "acceptable"];

/** Asserts every score is a finite probability and each row sums to 1 within 1e-9. */
function assertRows(logits: readonly number[], width: number): number[][] {
  const labels = Array.from({ length: width }, (_, i) => LABELS[i] ?? `label ${i}`);
  const rows = logits.length / width;
  const scores = labelScores(Float32Array.from(logits), rows, labels);
  assert.equal(scores.length, rows);
  return scores.map((row, r) => {
    const values = row.map((entry) => entry.score);
    for (const value of values) {
      assert.ok(Number.isFinite(value) && value >= 0 && value <= 1, `row ${r}: ${values.join(", ")}`);
    }
    const sum = values.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 1) <= 1e-9, `row ${r} sums to ${sum}`);
    return values;
  });
}

describe("labelScores (softmax) on large and extreme logits", function () {
  it("gives [1, 0] for [1000, 0] and [0, 1] for [-1000, 1000], not NaN", function () {
    assert.deepEqual(assertRows([1000, 0], 2), [[1, 0]]);
    assert.deepEqual(assertRows([-1000, 1000], 2), [[0, 1]]);
  });

  it("stays finite at the float32 extremes ([1e30, -1e30], [-1e30, 1e30], ±3e38)", function () {
    assert.deepEqual(assertRows([1e30, -1e30, -1e30, 1e30, 3e38, -3e38], 2), [
      [1, 0],
      [0, 1],
      [1, 0],
    ]);
  });

  it("splits equally between equal huge values", function () {
    assert.deepEqual(assertRows([1e30, 1e30, 1000, 1000, -1e30, -1e30], 2), [
      [0.5, 0.5],
      [0.5, 0.5],
      [0.5, 0.5],
    ]);
    assert.deepEqual(assertRows([800, 800, 800, 800], 4), [[0.25, 0.25, 0.25, 0.25]]);
  });

  it("keeps each of many rows on its own (1,000 rows of mixed magnitudes, three labels)", function () {
    const logits: number[] = [];
    for (let row = 0; row < 1000; row++) {
      const scale = 10 ** ((row % 31) - 1);
      logits.push(scale * ((row % 7) - 3), -scale * ((row % 5) - 2), scale);
    }
    const scores = assertRows(logits, 3);
    // A row whose logits are [0, 0, 0]-like (scale × 0 everywhere but the last) still follows its own values.
    const [first] = scores;
    assert.ok(first !== undefined && first[0] !== undefined);
  });

  it("matches the textbook formula where it does not overflow", function () {
    const [row] = assertRows([2, -1], 2);
    const e2 = Math.exp(2);
    const e1 = Math.exp(-1);
    assert.ok(Math.abs((row?.[0] ?? 0) - e2 / (e2 + e1)) < 1e-12);
  });
});
