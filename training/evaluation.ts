/**
 * Accuracy of a model folder on test rows, overall and per corruption kind, computed through the function's own
 * Predictor: the same tokenizer and ONNX loading code that serves requests, so the figures describe what the
 * deployed function answers.
 */
import fs from "node:fs";

import type { Predictor } from "../function/src/model/predictor.js";

/** A row of training/data/test.jsonl: label 1 acceptable (kind "original"), 0 a corruption of the named kind. */
export interface TestRow {
  sentence: string;
  label: 0 | 1;
  kind: string;
}

export interface KindAccuracy {
  kind: string;
  rows: number;
  correct: number;
  accuracy: number;
}

export interface Evaluation {
  overall: KindAccuracy;
  /** "original" (the acceptable sentences) first, then the corruption kinds in the order of corruptions.py. */
  kinds: KindAccuracy[];
}

/** The label each test label id stands for; config.json's id2label must name both. */
const LABEL_NAMES = ["unacceptable", "acceptable"] as const;
const KIND_ORDER = [
  "original",
  "adjacent_swap",
  "shuffle",
  "agreement_flip",
  "dropped_function_word",
  "doubled_word",
  "wrong_determiner_or_preposition",
];
const BATCH = 128;

/** The JSON object on each non-blank line of `file`; a line that `isRow` refuses fails with its number and `expected`. */
export function readJsonLines<Row>(
  file: string,
  isRow: (row: Partial<Row>) => boolean,
  expected: string,
): Row[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, index) => {
      const row = JSON.parse(line) as Partial<Row>;
      if (!isRow(row)) throw new Error(`${file}:${index + 1}: expected ${expected}`);
      return row as Row;
    });
}

export function readTestRows(file: string): TestRow[] {
  return readJsonLines<TestRow>(
    file,
    (row) =>
      typeof row.sentence === "string" &&
      (row.label === 0 || row.label === 1) &&
      typeof row.kind === "string",
    '{"sentence", "label": 0|1, "kind"}',
  );
}

/** The label with the highest score (the first one on a tie, as argmax does). */
function predictedLabel(scores: readonly { label: string; score: number }[]): string | undefined {
  let best: { label: string; score: number } | undefined;
  for (const entry of scores) if (best === undefined || entry.score > best.score) best = entry;
  return best?.label;
}

/** Whether the prediction for each row is right, in row order. */
export async function judgeRows(predictor: Predictor, rows: readonly TestRow[]): Promise<boolean[]> {
  for (const name of LABEL_NAMES) {
    if (!predictor.info.labels.includes(name)) {
      throw new Error(`the model's labels (${predictor.info.labels.join(", ")}) do not include "${name}"`);
    }
  }
  const verdicts: boolean[] = [];
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const predictions = await predictor.predict(batch.map((row) => row.sentence));
    batch.forEach((row, i) => verdicts.push(predictedLabel(predictions[i] ?? []) === LABEL_NAMES[row.label]));
  }
  return verdicts;
}

function tally(kind: string, verdicts: readonly boolean[]): KindAccuracy {
  const correct = verdicts.filter(Boolean).length;
  return {
    kind,
    rows: verdicts.length,
    correct,
    accuracy: verdicts.length ? correct / verdicts.length : NaN,
  };
}

export async function evaluate(predictor: Predictor, rows: readonly TestRow[]): Promise<Evaluation> {
  const verdicts = await judgeRows(predictor, rows);
  const byKind = new Map<string, boolean[]>();
  rows.forEach((row, i) => {
    const list = byKind.get(row.kind) ?? [];
    list.push(verdicts[i] === true);
    byKind.set(row.kind, list);
  });
  const rank = (kind: string) => (KIND_ORDER.includes(kind) ? KIND_ORDER.indexOf(kind) : KIND_ORDER.length);
  const kinds = [...byKind.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return {
    overall: tally("overall", verdicts),
    kinds: kinds.map((kind) => tally(kind, byKind.get(kind) ?? [])),
  };
}
