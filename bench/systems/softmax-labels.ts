import type { OrtTensor } from "./function-stack.js";

export interface LabelScore {
  label: string;
  score: number;
}

/** Per row: softmax over the logits, one `{label, score}` per label in id order (the original predictor's output). */
export function softmaxLabelRows(logits: OrtTensor, labels: readonly string[]): LabelScore[][] {
  const data = logits.data as Float32Array;
  const width = logits.dims[1] ?? 0;
  const rows = logits.dims[0] ?? 0;
  const result: LabelScore[][] = [];
  for (let row = 0; row < rows; row++) {
    const slice = data.subarray(row * width, (row + 1) * width);
    const max = Math.max(...slice);
    const exps = Array.from(slice, (v) => Math.exp(v - max));
    const total = exps.reduce((sum, v) => sum + v, 0);
    result.push(exps.map((e, col) => ({ label: labels[col] ?? String(col), score: e / total })));
  }
  return result;
}

/** The label with the highest score ("?" for none): how every system's answer is compared with the floor's. */
export function topScoringLabel(scores: readonly LabelScore[]): string {
  return scores.reduce((best, s) => (s.score > best.score ? s : best), { label: "?", score: -1 }).label;
}
