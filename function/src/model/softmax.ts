/** One label's probability, in the shape the original Python predictor returned. */
export interface LabelScore {
  label: string;
  score: number;
}

/**
 * Row-wise softmax of a `[rows, labels.length]` logits buffer, each row as one score per label in id order.
 * Computed in float64 after subtracting the row's maximum, so large logits cannot overflow.
 */
export function labelScores(logits: Float32Array, rows: number, labels: readonly string[]): LabelScore[][] {
  const width = labels.length;
  const result: LabelScore[][] = [];
  for (let row = 0; row < rows; row++) {
    const offset = row * width;
    let max = -Infinity;
    for (let column = 0; column < width; column++) max = Math.max(max, logits[offset + column] as number);
    const exponentials: number[] = [];
    let sum = 0;
    for (let column = 0; column < width; column++) {
      const value = Math.exp((logits[offset + column] as number) - max);
      exponentials.push(value);
      sum += value;
    }
    result.push(labels.map((label, column) => ({ label, score: (exponentials[column] as number) / sum })));
  }
  return result;
}
