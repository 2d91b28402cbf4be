import type { Tensor } from "onnxruntime-node";
import { ModelLoadError, messageOf } from "./errors.js";
import { paddedRow, type TokenRows } from "./feeds.js";
import { format, type ModelShape } from "./shape.js";

/** What the probe needs to know about the loaded folder. */
export interface ProbeFacts {
  /** model.onnx, named in every message. */
  file: string;
  shape: ModelShape;
  maxLength: number;
  /** Tokens in tokenizer.json, added and special ones included. */
  vocabSize: number;
  padId: number;
  labels: readonly string[];
  output: string;
}

/**
 * Runs the model at init on the extremes the service can send it, one cause per run, so each failure gets its own
 * message: a full `maxLength` sequence (position embeddings, or the declared shape), the output's width against
 * the labels, then the tokenizer's highest id (a vocabulary larger than the embedding table). It also takes the
 * first-run cost off the first request. `logits` runs one row as a request would (padded and batched as the
 * model declares).
 */
export async function probeModel(
  facts: ProbeFacts,
  logits: (rows: TokenRows) => Promise<Tensor>,
): Promise<void> {
  const { file, shape, maxLength, vocabSize, padId, labels, output } = facts;
  const fedRows = shape.batch ?? 1;
  const row = (ids: number[]): TokenRows => paddedRow(ids, shape.sequence ?? ids.length, padId);

  let result: Tensor;
  try {
    result = await logits(row(new Array<number>(maxLength).fill(padId)));
  } catch (error) {
    const problem =
      shape.sequence === null
        ? `cannot take ${maxLength} tokens (the max length); lower MAX_LENGTH`
        : `fails on input of its declared shape ${format([fedRows, shape.sequence])}`;
    throw new ModelLoadError(file, `${problem} (${messageOf(error)})`, { cause: error });
  }

  const expected = [fedRows, labels.length];
  if (result.dims.length !== 2 || result.dims[0] !== fedRows || result.dims[1] !== labels.length) {
    throw new ModelLoadError(
      file,
      `output "${output}" has shape ${format(result.dims)} for ${fedRows} row${fedRows === 1 ? "" : "s"}, but config.json "id2label" names ${labels.length} labels: expected ${format(expected)}`,
    );
  }

  const highestId = vocabSize - 1;
  try {
    await logits(row([highestId, highestId]));
  } catch (error) {
    throw new ModelLoadError(
      file,
      `rejects token id ${highestId}: tokenizer.json has ${vocabSize} tokens, more than the model's embedding table (${messageOf(error)})`,
      { cause: error },
    );
  }
}
