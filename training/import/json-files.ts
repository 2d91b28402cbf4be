import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { messageOf } from "../../function/src/model/errors.js";
import { ImportError } from "./errors";

export type JsonObject = Record<string, unknown>;

/** A JSON object file, or undefined when the file is not there. */
export function readOptionalJson(file: string): JsonObject | undefined {
  if (!existsSync(file)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ImportError(file, `not readable JSON (${messageOf(error)})`, {
      cause: error,
    });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ImportError(file, "must hold a JSON object");
  }
  return value as JsonObject;
}

/** Pretty-printed, as transformers' save_pretrained writes its JSON files. */
export function writeJson(file: string, value: unknown): void {
  writeFileSync(file, JSON.stringify(value, null, 2) + "\n");
}
