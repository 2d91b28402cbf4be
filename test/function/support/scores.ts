import assert from "node:assert/strict";
import type { LabelScore } from "../../../function/src/model/predictor.js";

/** One sentence's answer: every label once, in id order, each score a probability, together summing to 1. */
export function assertLabelScores(value: unknown, labels: readonly string[]): asserts value is LabelScore[] {
  assert.ok(Array.isArray(value), `expected a label list, got ${JSON.stringify(value)}`);
  assert.deepEqual(
    value.map((entry: LabelScore) => entry.label),
    labels,
  );
  for (const entry of value as LabelScore[]) {
    assert.deepEqual(Object.keys(entry).sort(), ["label", "score"]);
    assert.equal(typeof entry.score, "number");
    assert.ok(entry.score >= 0 && entry.score <= 1, `score ${entry.score} is not a probability`);
  }
  const sum = (value as LabelScore[]).reduce((total, entry) => total + entry.score, 0);
  assert.ok(Math.abs(sum - 1) < 1e-9, `scores sum to ${sum}`);
}

/** A batch answer: one label list per sentence. */
export function assertBatchScores(
  value: unknown,
  labels: readonly string[],
  count: number,
): asserts value is LabelScore[][] {
  assert.ok(Array.isArray(value), `expected a list of label lists, got ${JSON.stringify(value)}`);
  assert.equal(value.length, count);
  for (const entry of value as unknown[]) assertLabelScores(entry, labels);
}

/** Same labels in the same order, each score within `tolerance`. */
export function assertScoresClose(
  actual: readonly LabelScore[][],
  expected: readonly LabelScore[][],
  tolerance = 1e-5,
): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((row, index) => {
    const other = expected[index] as LabelScore[];
    assert.deepEqual(
      row.map((entry) => entry.label),
      other.map((entry) => entry.label),
    );
    row.forEach((entry, column) => {
      const difference = Math.abs(entry.score - (other[column] as LabelScore).score);
      assert.ok(difference <= tolerance, `sentence ${index}, ${entry.label}: scores differ by ${difference}`);
    });
  });
}
