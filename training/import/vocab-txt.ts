import { readFileSync } from "node:fs";
import { ImportError } from "./errors";

/**
 * A BERT `vocab.txt`: one token per line, the line number (from 0) is its id. Lines end as Python's text mode
 * reads them (`\n`, `\r\n` or `\r`), as transformers' `load_vocab` does. Empty and repeated tokens are refused:
 * transformers would silently give the repeated token its last line's id and leave a hole in the ids.
 */
export function readVocabTxt(file: string): Record<string, number> {
  const text = readFileSync(file, "utf8");
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.at(-1) === "") lines.pop();
  // A Map, not an object: "constructor" or "__proto__" are tokens like any other.
  const vocab = new Map<string, number>();
  lines.forEach((token, id) => {
    if (token === "") throw new ImportError(file, `line ${id + 1} is empty; each line must hold one token`);
    const earlier = vocab.get(token);
    if (earlier !== undefined) {
      throw new ImportError(file, `"${token}" is on line ${earlier + 1} and again on line ${id + 1}`);
    }
    vocab.set(token, id);
  });
  if (vocab.size === 0) throw new ImportError(file, "holds no tokens");
  return Object.fromEntries(vocab);
}

/** vocab.txt text for a vocabulary: its tokens one per line in id order. */
export function vocabTxt(vocab: Readonly<Record<string, number>>): string {
  return Object.entries(vocab)
    .sort(([, a], [, b]) => a - b)
    .map(([token]) => `${token}\n`)
    .join("");
}
