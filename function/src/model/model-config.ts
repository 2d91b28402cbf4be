import { readFileSync } from "node:fs";
import path from "node:path";
import { ModelLoadError } from "./model-load-error.js";

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
}

export function readModelConfig(modelDir: string): ModelConfig {
  const file = path.join(modelDir, "config.json");
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const problem = isMissing(error) ? "not found" : `not readable JSON (${messageOf(error)})`;
    throw new ModelLoadError(file, problem, { cause: error });
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ModelLoadError(file, "must hold a JSON object");
  }
  const config = raw as Record<string, unknown>;
  return {
    labels: readLabels(file, config.id2label),
    maxPositionEmbeddings: optionalPositiveInteger(file, config, "max_position_embeddings"),
    vocabSize: optionalPositiveInteger(file, config, "vocab_size"),
    padTokenId: optionalInteger(file, config, "pad_token_id"),
    name: firstString(config._name_or_path, config.name),
  };
}

/** `id2label` must name every id from 0 to n-1 exactly once (n ≥ 2), as a classifier's output columns. */
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
      throw new ModelLoadError(file, `"id2label" key "${key}" is not an id from 0 to ${entries.length - 1}`);
    }
    if (typeof label !== "string" || label.trim() === "") {
      throw new ModelLoadError(file, `"id2label" entry ${key} must be a non-empty string`);
    }
    labels[id] = label;
  }
  // A key written twice ("1" and "01") leaves a hole that the loop above cannot see.
  for (let id = 0; id < entries.length; id++) {
    if (labels[id] === undefined) throw new ModelLoadError(file, `"id2label" has no label for id ${id}`);
  }
  if (labels.length < 2) throw new ModelLoadError(file, '"id2label" must name at least two labels');
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
    throw new ModelLoadError(file, `"${key}" must be an integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((value): value is string => typeof value === "string" && value.trim() !== "");
}

export function isMissing(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
