/**
 * Tokenizes every split with the trained tokenizer.json, so the model is trained on exactly the ids the function
 * produces at inference time (Python has no `tokenizers` package here).
 *
 * Usage: tsx training/encode-splits.ts <tokenizer.json> <data dir> <output dir> [split,...]
 * Reads <data dir>/{train,validation,test,mixed-test}.jsonl (or the splits named) and writes the same rows with
 * `input_ids` to <output dir>.
 */
import fs from "node:fs";
import path from "node:path";

import { readJsonLines } from "./evaluation";
import { loadTokenizers } from "./function-packages";

const SPLITS = ["train", "validation", "test", "mixed-test"] as const;
/** The function's default maximum length; WordNet examples stay far below it. */
const MAX_LENGTH = 128;
const BATCH = 1024;

interface Row {
  sentence: string;
  [field: string]: unknown;
}

async function main(argv: readonly string[]): Promise<void> {
  const [tokenizerFile, dataDir, outputDir, splitList] = argv;
  if (!tokenizerFile || !dataDir || !outputDir) {
    throw new Error(
      "usage: tsx training/encode-splits.ts <tokenizer.json> <data dir> <output dir> [split,...]",
    );
  }
  const tokenizer = loadTokenizers().Tokenizer.fromFile(tokenizerFile);
  tokenizer.setTruncation(MAX_LENGTH);
  fs.mkdirSync(outputDir, { recursive: true });
  for (const split of splitList?.split(",") ?? SPLITS) {
    const rows = readJsonLines<Row>(
      path.join(dataDir, `${split}.jsonl`),
      (row) => typeof row.sentence === "string",
      'a "sentence" string',
    );
    const lines: string[] = [];
    for (let start = 0; start < rows.length; start += BATCH) {
      const batch = rows.slice(start, start + BATCH);
      const encodings = await tokenizer.encodeBatch(batch.map((row) => row.sentence));
      encodings.forEach((encoding, i) =>
        lines.push(JSON.stringify({ ...batch[i], input_ids: encoding.getIds() })),
      );
    }
    fs.writeFileSync(path.join(outputDir, `${split}.jsonl`), lines.join("\n") + "\n");
    console.error(`encoded ${split}: ${rows.length} rows`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
