import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const created: string[] = [];

/** A copy of a model folder in a fresh temp dir, to break on purpose; removed by `removeModelCopies`. */
export function copyModelFolder(source: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cola-model-"));
  cpSync(source, dir, { recursive: true });
  created.push(dir);
  return dir;
}

export function removeModelCopies(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Reads a JSON file of a model folder, lets `edit` change it, and writes it back. */
export function editJson<T = Record<string, unknown>>(
  dir: string,
  file: string,
  edit: (value: T) => void,
): void {
  const target = path.join(dir, file);
  const value = JSON.parse(readFileSync(target, "utf8")) as T;
  edit(value);
  writeFileSync(target, JSON.stringify(value));
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

/** The labels of a model folder's config.json, in id order. */
export function configLabels(modelDir: string): string[] {
  const config = readJson<{ id2label: Record<string, string> }>(path.join(modelDir, "config.json"));
  return Object.entries(config.id2label)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, label]) => label);
}
