import type { InferenceSession, Tensor } from "onnxruntime-node";
import { nativeModules } from "../dependencies.js";
import type { FeedableInput } from "./session.js";

/** Token rows of one length, as the tokenizer pads them. */
export interface TokenRows {
  ids: number[][];
  attentionMask: number[][];
}

/** The rows `from` to `to` (exclusive). */
export function sliceRows(rows: TokenRows, from: number, to: number): TokenRows {
  return { ids: rows.ids.slice(from, to), attentionMask: rows.attentionMask.slice(from, to) };
}

/** `rows` grown to `size` rows with copies of its last row (whose results are then dropped). */
export function fillRows(rows: TokenRows, size: number): TokenRows {
  const last = rows.ids.length - 1;
  const repeat = (matrix: number[][]): number[][] =>
    Array.from({ length: size }, (_, row) => matrix[Math.min(row, last)] as number[]);
  return { ids: repeat(rows.ids), attentionMask: repeat(rows.attentionMask) };
}

/** One row: `ids` (all real tokens) padded with `padId` to `length`, masked where padded. */
export function paddedRow(ids: readonly number[], length: number, padId: number): TokenRows {
  const padding = Math.max(0, length - ids.length);
  return {
    ids: [[...ids, ...new Array<number>(padding).fill(padId)]],
    attentionMask: [[...new Array<number>(ids.length).fill(1), ...new Array<number>(padding).fill(0)]],
  };
}

/** The int64 tensors of each input the model declares; `token_type_ids` all 0 (a single segment). */
export function toFeeds(rows: TokenRows, inputs: readonly FeedableInput[]): InferenceSession.FeedsType {
  const batch = rows.ids.length;
  const sequence = rows.ids[0]?.length ?? 0;
  const dims = [batch, sequence];
  const flat = (matrix: number[][]): BigInt64Array => {
    const out = new BigInt64Array(batch * sequence);
    matrix.forEach((row, r) => row.forEach((value, c) => (out[r * sequence + c] = BigInt(value))));
    return out;
  };
  const { Tensor: OrtTensor } = nativeModules().onnxruntime;
  const feeds: Record<string, Tensor> = {};
  for (const input of inputs) {
    if (input === "input_ids") feeds[input] = new OrtTensor("int64", flat(rows.ids), dims);
    else if (input === "attention_mask")
      feeds[input] = new OrtTensor("int64", flat(rows.attentionMask), dims);
    else feeds[input] = new OrtTensor("int64", new BigInt64Array(batch * sequence), dims);
  }
  return feeds;
}
