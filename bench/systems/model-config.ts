import { readFileSync } from "node:fs";
import path from "node:path";

/** The label names the Hugging Face config.json of the model folder declares, in id order. */
export function readLabels(modelDir: string): string[] {
  const config = JSON.parse(readFileSync(path.join(modelDir, "config.json"), "utf8")) as {
    id2label?: Record<string, string>;
  };
  const id2label = config.id2label;
  if (id2label === undefined) throw new Error(`${modelDir}/config.json has no id2label`);
  return Object.keys(id2label)
    .map(Number)
    .sort((a, b) => a - b)
    .map((id) => id2label[String(id)] as string);
}
