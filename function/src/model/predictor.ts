import path from "node:path";
import type { InferenceSession, Tensor } from "onnxruntime-node";
import { onnxruntime } from "../dependencies.js";
import { messageOf, readModelConfig, type ModelConfig } from "./model-config.js";
import { ModelLoadError } from "./model-load-error.js";
import { loadSession, type FeedableInput, type LoadedSession } from "./session.js";
import { labelScores, type LabelScore } from "./softmax.js";
import { loadTokenizer, type LoadedTokenizer } from "./tokenizer.js";

export type { LabelScore } from "./softmax.js";

/** What `GET /health` reports about the model being served. */
export interface ModelInfo {
  name: string;
  labels: string[];
  maxLength: number;
  /** sha256 of model.onnx: tells which build is deployed. */
  sha256: string;
  inputs: string[];
  output: string;
}

export interface PredictorOptions {
  /** Tokens per sentence, special tokens included; default 128, never beyond `max_position_embeddings`. */
  maxLength?: number | undefined;
}

/** The original predictor's and BERT-tiny's trained length. */
const DEFAULT_MAX_LENGTH = 128;

/** Token rows of one length (the tokenizer pads a batch to its longest member). */
interface TokenRows {
  ids: number[][];
  attentionMask: number[][];
}

/**
 * A sequence classifier loaded from a Hugging Face style folder (model.onnx, tokenizer.json, config.json).
 * `load` either returns a predictor that has already answered, or throws a ModelLoadError naming the file at fault.
 */
export class Predictor {
  private constructor(
    private readonly tokenizer: LoadedTokenizer,
    private readonly model: LoadedSession,
    readonly info: ModelInfo,
  ) {}

  static async load(modelDir: string, options: PredictorOptions = {}): Promise<Predictor> {
    const config = readModelConfig(modelDir);
    const maxLength = resolveMaxLength(modelDir, config, options.maxLength);
    const tokenizer = loadTokenizer(modelDir, config, maxLength);
    const model = await loadSession(modelDir);
    const predictor = new Predictor(tokenizer, model, {
      name: config.name ?? path.basename(path.resolve(modelDir)),
      labels: config.labels,
      maxLength,
      sha256: model.sha256,
      inputs: model.inputs,
      output: model.outputName,
    });
    await predictor.checkAgainstModel();
    return predictor;
  }

  /** One score list per sentence, labels in id order; a batch is encoded and run once, padded to its longest. */
  async predict(sentences: readonly string[]): Promise<LabelScore[][]> {
    const [first] = sentences;
    if (first === undefined) return [];
    const { tokenizer } = this.tokenizer;
    const encodings =
      sentences.length === 1 ? [await tokenizer.encode(first)] : await tokenizer.encodeBatch([...sentences]);
    return this.run({
      ids: encodings.map((encoding) => encoding.getIds()),
      attentionMask: encodings.map((encoding) => encoding.getAttentionMask()),
    });
  }

  private async run(rows: TokenRows): Promise<LabelScore[][]> {
    const logits = await this.logits(rows);
    return labelScores(logits.data as Float32Array, rows.ids.length, this.info.labels);
  }

  private async logits(rows: TokenRows): Promise<Tensor> {
    const { session, inputs, outputName } = this.model;
    const outputs = await session.run(toFeeds(rows, inputs), [outputName]);
    return outputs[outputName] as Tensor;
  }

  /**
   * Runs the model once on the extremes the service can send it: the tokenizer's highest id and a full
   * `maxLength` sequence. A vocabulary larger than the embedding table, position embeddings shorter than
   * `maxLength` or an output width other than the label count fail here, at init, instead of on a request.
   * It also takes the first-run cost off the first request.
   */
  private async checkAgainstModel(): Promise<void> {
    const { file } = this.model;
    const { vocabSize, padId } = this.tokenizer;
    const highestId = vocabSize - 1;
    try {
      await this.logits({ ids: [[highestId, highestId]], attentionMask: [[1, 1]] });
    } catch (error) {
      throw new ModelLoadError(
        file,
        `rejects token id ${highestId}: tokenizer.json has ${vocabSize} tokens, more than the model's embedding table (${messageOf(error)})`,
        { cause: error },
      );
    }
    const { maxLength, labels, output } = this.info;
    let logits: Tensor;
    try {
      logits = await this.logits({
        ids: [new Array<number>(maxLength).fill(padId)],
        attentionMask: [ones(maxLength)],
      });
    } catch (error) {
      throw new ModelLoadError(
        file,
        `cannot take ${maxLength} tokens (the max length); lower MAX_LENGTH (${messageOf(error)})`,
        { cause: error },
      );
    }
    if (logits.dims.length !== 2 || logits.dims[0] !== 1 || logits.dims[1] !== labels.length) {
      throw new ModelLoadError(
        file,
        `output "${output}" has shape [${logits.dims.join(", ")}] for one sentence, but config.json "id2label" names ${labels.length} labels: expected [1, ${labels.length}]`,
      );
    }
  }
}

function resolveMaxLength(modelDir: string, config: ModelConfig, requested: number | undefined): number {
  const limit = config.maxPositionEmbeddings;
  if (requested === undefined) return Math.min(DEFAULT_MAX_LENGTH, limit ?? DEFAULT_MAX_LENGTH);
  if (limit !== undefined && requested > limit) {
    throw new ModelLoadError(
      path.join(modelDir, "config.json"),
      `"max_position_embeddings" is ${limit} but the max length (MAX_LENGTH) is ${requested}; allowed: at most ${limit}`,
    );
  }
  return requested;
}

function toFeeds(rows: TokenRows, inputs: readonly FeedableInput[]): InferenceSession.FeedsType {
  const batch = rows.ids.length;
  const sequence = rows.ids[0]?.length ?? 0;
  const dims = [batch, sequence];
  const flat = (matrix: number[][]): BigInt64Array => {
    const out = new BigInt64Array(batch * sequence);
    matrix.forEach((row, r) => row.forEach((value, c) => (out[r * sequence + c] = BigInt(value))));
    return out;
  };
  const feeds: Record<string, Tensor> = {};
  for (const input of inputs) {
    if (input === "input_ids") feeds[input] = new onnxruntime.Tensor("int64", flat(rows.ids), dims);
    else if (input === "attention_mask")
      feeds[input] = new onnxruntime.Tensor("int64", flat(rows.attentionMask), dims);
    // Single-segment input: every token belongs to segment 0.
    else feeds[input] = new onnxruntime.Tensor("int64", new BigInt64Array(batch * sequence), dims);
  }
  return feeds;
}

function ones(length: number): number[] {
  return new Array<number>(length).fill(1);
}
