import { writeFileSync } from "node:fs";

export type JsonObject = Record<string, unknown>;

/** Pretty-printed, as transformers' save_pretrained writes its JSON files. */
export function writeJson(file: string, value: unknown): void {
  writeFileSync(file, JSON.stringify(value, null, 2) + "\n");
}
