import type { OrtModule, OrtTensor, TokenEncoding } from "./function-stack.js";

/**
 * Packs equally long encodings (the tokenizer pads them) into the int64 `[batch, sequence]` tensors the model
 * declares. `token_type_ids` is fed as zeros only when the model asks for it (single-segment input).
 */
export function encodingsToFeeds(
  ort: OrtModule,
  inputNames: readonly string[],
  encodings: readonly TokenEncoding[],
): Record<string, OrtTensor> {
  const first = encodings[0];
  if (first === undefined) throw new Error("encodingsToFeeds: no encodings");
  const sequence = first.getIds().length;
  const dims = [encodings.length, sequence];
  const ids = new BigInt64Array(encodings.length * sequence);
  const mask = new BigInt64Array(encodings.length * sequence);
  encodings.forEach((encoding, row) => {
    const rowIds = encoding.getIds();
    const rowMask = encoding.getAttentionMask();
    if (rowIds.length !== sequence)
      throw new Error("encodingsToFeeds: encodings are not padded to one length");
    for (let i = 0; i < sequence; i++) {
      ids[row * sequence + i] = BigInt(rowIds[i] as number);
      mask[row * sequence + i] = BigInt(rowMask[i] as number);
    }
  });
  const feeds: Record<string, OrtTensor> = {};
  for (const name of inputNames) {
    if (name === "input_ids") feeds[name] = new ort.Tensor("int64", ids, dims);
    else if (name === "attention_mask") feeds[name] = new ort.Tensor("int64", mask, dims);
    else if (name === "token_type_ids")
      feeds[name] = new ort.Tensor("int64", new BigInt64Array(ids.length), dims);
    else throw new Error(`model input ${name} is not one the bench knows how to feed`);
  }
  return feeds;
}

/** Row-wise argmax over a `[batch, labels]` logits tensor. */
export function argmaxRows(logits: OrtTensor): number[] {
  const data = logits.data as Float32Array;
  const width = logits.dims[1] ?? 0;
  const rows = logits.dims[0] ?? 0;
  const result: number[] = [];
  for (let row = 0; row < rows; row++) {
    let best = 0;
    for (let col = 1; col < width; col++) {
      if ((data[row * width + col] as number) > (data[row * width + best] as number)) best = col;
    }
    result.push(best);
  }
  return result;
}
