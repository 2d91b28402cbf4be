import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { ClassifierHandler } from "../../../function/src/handler.js";
import type { LabelScore } from "../../../function/src/model/predictor.js";
import { loadTokenizers } from "../../../training/function-packages";
import { testContext } from "../../function/support/context.js";
import { httpApiEvent, json } from "../../function/support/events.js";
import { okBody } from "../../function/support/http-results.js";
import { repoRoot } from "../../function/support/paths.js";

/** How far a served score may be from the softmax of PyTorch's logits (float32 in two runtimes). */
export const GOLDEN_TOLERANCE = 1e-4;

export interface GoldenSentence {
  sentence: string;
  input_ids: number[];
  logits: number[];
}

/** A file written by training/golden.py: PyTorch's logits for a model's weights. */
export interface Golden {
  model: string;
  sha256: string;
  labels: string[];
  sentences: GoldenSentence[];
}

export const goldenDir = path.join(repoRoot, "test", "fixtures", "golden");

export function readGolden(name: "models" | "fixtures"): Golden {
  return JSON.parse(readFileSync(path.join(goldenDir, `${name}.json`), "utf8")) as Golden;
}

/** Fails, saying how to remake it, when the golden file was computed for other weights than modelDir's. */
export function assertGoldenIsFor(golden: Golden, modelDir: string): void {
  const sha256 = createHash("sha256")
    .update(readFileSync(path.join(modelDir, "model.onnx")))
    .digest("hex");
  assert.equal(
    sha256,
    golden.sha256,
    `the golden file was computed for another ${golden.model}/model.onnx: run npm run model:references`,
  );
}

/** The ids the training side recorded must be what the folder's tokenizer.json gives (truncated at 128). */
export async function assertGoldenIds(golden: Golden, modelDir: string): Promise<void> {
  const tokenizer = loadTokenizers().Tokenizer.fromFile(path.join(modelDir, "tokenizer.json"));
  tokenizer.setTruncation(128);
  for (const { sentence, input_ids } of golden.sentences) {
    assert.deepEqual((await tokenizer.encode(sentence)).getIds(), input_ids, JSON.stringify(sentence));
  }
}

/** Softmax in float64, written here rather than taken from the function, so the check stays independent. */
function probabilities(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  const exponentials = logits.map((value) => Math.exp(value - max));
  const sum = exponentials.reduce((total, value) => total + value, 0);
  return exponentials.map((value) => value / sum);
}

/** Largest |served score - softmax(torch logits)| over the sentences; fails beyond the tolerance. */
function compare(golden: Golden, served: readonly LabelScore[][], from: number): number {
  let largest = 0;
  served.forEach((scores, offset) => {
    const expected = golden.sentences[from + offset] as GoldenSentence;
    assert.deepEqual(
      scores.map((entry) => entry.label),
      golden.labels,
    );
    probabilities(expected.logits).forEach((probability, column) => {
      const difference = Math.abs((scores[column] as LabelScore).score - probability);
      largest = Math.max(largest, difference);
      assert.ok(
        difference <= GOLDEN_TOLERANCE,
        `${JSON.stringify(expected.sentence)}: ${golden.labels[column]} served ${scores[column]?.score}, torch ${probability}`,
      );
    });
  });
  return largest;
}

/** Each golden sentence in its own request ({"sentence"}); returns the largest difference. */
export async function checkSingles(handler: ClassifierHandler, golden: Golden): Promise<number> {
  let largest = 0;
  for (const [index, { sentence }] of golden.sentences.entries()) {
    const body = okBody(await handler(httpApiEvent({ body: json({ sentence }) }), testContext()));
    largest = Math.max(largest, compare(golden, [body as LabelScore[]], index));
  }
  return largest;
}

/** The golden sentences in requests of `size` ({"sentences"}); returns the largest difference. */
export async function checkBatches(
  handler: ClassifierHandler,
  golden: Golden,
  size: number,
): Promise<number> {
  let largest = 0;
  for (let from = 0; from < golden.sentences.length; from += size) {
    const sentences = golden.sentences.slice(from, from + size).map((entry) => entry.sentence);
    const body = okBody(await handler(httpApiEvent({ body: json({ sentences }) }), testContext()));
    largest = Math.max(largest, compare(golden, body as LabelScore[][], from));
  }
  return largest;
}
