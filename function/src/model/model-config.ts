import path from "node:path";
import { ModelLoadError, messageOf, quoted, shownJson } from "./errors.js";
import { labelProblem } from "./labels.js";
import { hasEntry, readModelFile, type ModelFileName } from "./model-files.js";

/** The parts of a Hugging Face `config.json` the service relies on. */
export interface ModelConfig {
  /** Label names in id order (`id2label`). */
  labels: string[];
  /** Longest sequence the position embeddings cover, when the config says. */
  maxPositionEmbeddings: number | undefined;
  /** Rows of the word-embedding table, when the config says. */
  vocabSize: number | undefined;
  padTokenId: number | undefined;
  /** `_name_or_path` (what `save_pretrained` records) or `name`, when present. */
  name: string | undefined;
  /** `tokenizer_config.json`'s `model_max_length`, when that optional file sets a real limit. */
  modelMaxLength: number | undefined;
}

/**
 * transformers writes this (about 1e30) as `model_max_length` when the tokenizer knows no limit: anything beyond
 * exact integers means "none".
 */
const NO_LIMIT_ABOVE = Number.MAX_SAFE_INTEGER;

/** `config.json` (required) and `tokenizer_config.json` (optional) of a model folder, normalised in one place. */
export function readModelConfig(modelDir: string): ModelConfig {
  const file = path.join(modelDir, "config.json");
  const config = readJsonObject(modelDir, "config.json");
  if (config === undefined) throw new ModelLoadError(file, `not found: ${missingConfigRemedy(modelDir)}`);
  return {
    labels: readLabels(file, config.id2label),
    maxPositionEmbeddings: optionalPositiveInteger(file, config, "max_position_embeddings"),
    vocabSize: optionalPositiveInteger(file, config, "vocab_size"),
    padTokenId: optionalInteger(file, config, "pad_token_id"),
    name: firstString(config._name_or_path, config.name),
    modelMaxLength: readModelMaxLength(modelDir),
  };
}

/**
 * What to do about a folder without config.json. The original pipeline's export (model.onnx and vocab.txt, no
 * tokenizer.json) is the usual case: it has to go through `model:import` first.
 */
function missingConfigRemedy(modelDir: string): string {
  if (
    hasEntry(modelDir, "model.onnx") &&
    hasEntry(modelDir, "vocab.txt") &&
    !hasEntry(modelDir, "tokenizer.json")
  ) {
    return (
      "this folder holds an export that was never imported (model.onnx and vocab.txt); import it first with " +
      `npm run model:import -- ${modelDir} <new-folder>, and serve the new folder`
    );
  }
  return 'a model folder holds model.onnx, tokenizer.json and config.json with "id2label" (docs/your-own-model.md)';
}

function readModelMaxLength(modelDir: string): number | undefined {
  const file = path.join(modelDir, "tokenizer_config.json");
  const tokenizerConfig = readJsonObject(modelDir, "tokenizer_config.json");
  if (tokenizerConfig === undefined) return undefined;
  if (
    typeof tokenizerConfig.model_max_length === "number" &&
    tokenizerConfig.model_max_length > NO_LIMIT_ABOVE
  ) {
    return undefined;
  }
  return optionalPositiveInteger(file, tokenizerConfig, "model_max_length");
}

/**
 * The JSON object in `dir/name` (read within the folder's bounds, model-files.ts), or undefined when there is no
 * such file. Also used by `model:import` on a source folder.
 */
export function readJsonObject(dir: string, name: ModelFileName): Record<string, unknown> | undefined {
  const file = path.join(dir, name);
  const bytes = readModelFile(dir, name);
  if (bytes === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new ModelLoadError(file, `not readable JSON (${messageOf(error)})`, { cause: error });
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ModelLoadError(file, "must hold a JSON object");
  }
  return raw as Record<string, unknown>;
}

/**
 * `id2label` must name every id from 0 to n-1 exactly once (n ≥ 2), as a classifier's output columns, with labels
 * as labels.ts requires.
 */
function readLabels(file: string, id2label: unknown): string[] {
  if (typeof id2label !== "object" || id2label === null || Array.isArray(id2label)) {
    throw new ModelLoadError(
      file,
      'needs "id2label", an object such as {"0": "unacceptable", "1": "acceptable"}',
    );
  }
  const entries = Object.entries(id2label as Record<string, unknown>);
  const labels: string[] = [];
  for (const [key, label] of entries) {
    const id = Number(key);
    if (!/^\d+$/.test(key) || id >= entries.length) {
      throw new ModelLoadError(
        file,
        `"id2label" key ${quoted(key)} is not an id from 0 to ${entries.length - 1}`,
      );
    }
    if (typeof label !== "string") {
      throw new ModelLoadError(file, `"id2label" entry ${key} must be a string`);
    }
    labels[id] = label;
  }
  // A key written twice ("1" and "01") leaves a hole that the loop above cannot see.
  for (let id = 0; id < entries.length; id++) {
    if (labels[id] === undefined) throw new ModelLoadError(file, `"id2label" has no label for id ${id}`);
  }
  const problem = labelProblem(labels);
  if (problem !== undefined) throw new ModelLoadError(file, `"id2label": ${problem}`);
  return labels;
}

function optionalPositiveInteger(
  file: string,
  config: Record<string, unknown>,
  key: string,
): number | undefined {
  const value = optionalInteger(file, config, key);
  if (value !== undefined && value < 1) throw new ModelLoadError(file, `"${key}" must be a positive integer`);
  return value;
}

function optionalInteger(file: string, config: Record<string, unknown>, key: string): number | undefined {
  const value = config[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new ModelLoadError(file, `"${key}" must be an integer, got ${shownJson(value)}`);
  }
  return value;
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((value): value is string => typeof value === "string" && value.trim() !== "");
}
