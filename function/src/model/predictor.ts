import path from "node:path";
import type { Tensor } from "onnxruntime-node";
import { fillRows, sliceRows, toFeeds, type TokenRows } from "./feeds.js";
import { resolveMaxLength } from "./max-length.js";
import { readModelFolder } from "./model-folder.js";
import { probeModel } from "./probe.js";
import { loadSession, sessionFor, type LoadedSession } from "./session.js";
import { checkOutputShape, type ModelShape } from "./shape.js";
import { labelScores, type LabelScore } from "./softmax.js";
import { loadTokenizer, type LoadedTokenizer } from "./tokenizer.js";
import type { TokenizerPath } from "./fast-tokenizer.js";

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
  /** The batch size and sequence length model.onnx declares; null for a dynamic axis. */
  shape: ModelShape;
}

export interface PredictorOptions {
  /**
   * Tokens per sentence, special tokens included; default 128, never beyond the model folder's limits (a fixed
   * sequence length, `max_position_embeddings`, `model_max_length`).
   */
  maxLength?: number | undefined;
  /**
   * The Lambda memory size whose vCPUs onnxruntime's threads match; default `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`
   * (one thread outside Lambda).
   */
  memoryMb?: number | undefined;
}

/**
 * A sequence classifier loaded from a Hugging Face style folder (model.onnx, tokenizer.json, config.json, and
 * optionally tokenizer_config.json). It feeds the model the shape its inputs declare: every row padded to a fixed
 * sequence length, a request run in chunks of a fixed batch size; a dynamic axis takes what the request needs.
 * `load` either returns a predictor that has already answered, or throws a ModelLoadError naming the file at fault.
 * Every file is read within bounds (model-files.ts): a regular file inside the folder, under its size limit.
 */
export class Predictor {
  private constructor(
    private readonly tokenizer: LoadedTokenizer,
    private readonly model: LoadedSession,
    readonly info: ModelInfo,
  ) {}

  static async load(modelDir: string, options: PredictorOptions = {}): Promise<Predictor> {
    const folder = readModelFolder(modelDir);
    const { config } = folder;
    const model = await loadSession(folder.modelFile, folder.model, options.memoryMb);
    checkOutputShape(model.file, model.output, config.labels.length);
    const maxLength = resolveMaxLength(modelDir, config, model.shape, options.maxLength);
    const tokenizer = loadTokenizer(
      folder.tokenizerFile,
      { tokenizer: folder.tokenizer, json: folder.tokenizerJson },
      config,
      {
        maxLength,
        padTo: model.shape.sequence,
      },
    );
    const predictor = new Predictor(tokenizer, model, {
      name: config.name ?? path.basename(path.resolve(modelDir)),
      labels: config.labels,
      maxLength,
      sha256: model.sha256,
      inputs: model.inputs,
      output: model.output.name,
      shape: model.shape,
    });
    await probeModel(
      { ...predictor.info, file: model.file, vocabSize: tokenizer.vocabSize, padId: tokenizer.padId },
      (rows) => predictor.logits(rows),
    );
    return predictor;
  }

  /**
   * One score list per sentence, labels in id order. A batch is encoded at once and run in as few session calls
   * as the model's batch size allows (one, when that axis is dynamic).
   *
   * @example
   * const predictor = await Predictor.load("models");
   * await predictor.predict(["The cat sat on the mat.", "Cat the mat on sat."]);
   * // [
   * //   [{ label: "unacceptable", score: 0.038340359185570265 }, { label: "acceptable", score: 0.9616596408144297 }],
   * //   [{ label: "unacceptable", score: 0.9057260919087333 }, { label: "acceptable", score: 0.09427390809126664 }],
   * // ]
   */
  async predict(sentences: readonly string[]): Promise<LabelScore[][]> {
    const [first] = sentences;
    if (first === undefined) return [];
    // The fast path is synchronous: no hop to libuv's thread pool and back before the session runs.
    const { fast } = this.tokenizer;
    const rows = fast !== null ? fast.encode(sentences) : await this.referenceRows(first, sentences);
    const chunk = this.model.shape.batch ?? rows.ids.length;
    const scores: LabelScore[][] = [];
    for (let start = 0; start < rows.ids.length; start += chunk) {
      const part = sliceRows(rows, start, start + chunk);
      const logits = await this.logits(part);
      scores.push(...labelScores(logits.data as Float32Array, part.ids.length, this.info.labels));
    }
    return scores;
  }

  /** The rows `tokenizers`' own `encode` gives: the path of a tokenizer the fast one does not reproduce. */
  private async referenceRows(first: string, sentences: readonly string[]): Promise<TokenRows> {
    const { tokenizer } = this.tokenizer;
    const encodings =
      sentences.length === 1 ? [await tokenizer.encode(first)] : await tokenizer.encodeBatch([...sentences]);
    return {
      ids: encodings.map((encoding) => encoding.getIds()),
      attentionMask: encodings.map((encoding) => encoding.getAttentionMask()),
    };
  }

  /** Which tokenizer the request path runs (the `model loaded` line says it). */
  get tokenizerPath(): TokenizerPath {
    return this.tokenizer.path;
  }

  /**
   * One session run, on the one-thread or the multi-thread session by its size; rows short of a fixed batch size
   * are made up with copies, whose logits come last.
   */
  private async logits(rows: TokenRows): Promise<Tensor> {
    const { inputs, output, shape } = this.model;
    const fed = shape.batch === null ? rows : fillRows(rows, shape.batch);
    const session = sessionFor(this.model, fed.ids.length, fed.ids[0]?.length ?? 0);
    const outputs = await session.run(toFeeds(fed, inputs), [output.name]);
    return outputs[output.name] as Tensor;
  }
}
