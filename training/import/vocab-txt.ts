import path from "node:path";
import { quoted } from "../../function/src/model/errors.js";
import { readModelFile } from "../../function/src/model/model-files.js";
import { ImportError } from "./errors";

/** Lines between two progress lines while a large vocab.txt is read. */
export const PROGRESS_EVERY = 1_000_000;

/**
 * The most tokens a vocab.txt may hold: 5 million, where the largest published WordPiece vocabularies hold about
 * 250,000. Building the tokenizer of 5 million takes about half a minute and 3 GB; past it the time and memory
 * only grow, so a larger file is refused after a count of its lines, before any is kept.
 */
export const MAX_VOCAB_TOKENS = 5_000_000;

/**
 * A BERT `vocab.txt` of `dir`, read within the folder's bounds (model-files.ts): one token per line, the line number
 * (from 0) is its id. Lines end as Python's text mode reads them (`\n`, `\r\n` or `\r`), as transformers'
 * `load_vocab` does. Empty and repeated tokens are refused: transformers would silently give the repeated token its
 * last line's id and leave a hole in the ids. A Map, not an object: "constructor" or "__proto__" are tokens like any
 * other, and a Map stays fast at millions of keys where an object's does not. `log` gets a line every
 * PROGRESS_EVERY lines.
 */
export function readVocabTxt(
  dir: string,
  log: (line: string) => void = () => undefined,
): Map<string, number> {
  const file = path.join(dir, "vocab.txt");
  const bytes = readModelFile(dir, "vocab.txt");
  if (bytes === undefined) throw new ImportError(file, "not found");
  return parseVocabTxt(file, bytes.toString("utf8"), log);
}

/** The tokens of vocab.txt text (see readVocabTxt); `file` names it in messages. */
export function parseVocabTxt(file: string, text: string, log: (line: string) => void): Map<string, number> {
  const endings = /\r\n|\r|\n/g;
  let lines = text === "" || /[\r\n]$/.test(text) ? 0 : 1;
  while (endings.test(text)) lines++;
  if (lines > MAX_VOCAB_TOKENS) {
    throw new ImportError(
      file,
      `holds ${lines.toLocaleString("en")} lines, over the ${MAX_VOCAB_TOKENS.toLocaleString("en")} tokens a vocab.txt may hold (docs/your-own-model.md)`,
    );
  }
  const vocab = new Map<string, number>();
  let start = 0;
  const add = (token: string): void => {
    const id = vocab.size;
    if (token === "") throw new ImportError(file, `line ${id + 1} is empty; each line must hold one token`);
    const earlier = vocab.get(token);
    if (earlier !== undefined) {
      throw new ImportError(file, `${quoted(token)} is on line ${earlier + 1} and again on line ${id + 1}`);
    }
    vocab.set(token, id);
    if (vocab.size % PROGRESS_EVERY === 0) log(`vocab.txt: ${vocab.size.toLocaleString("en")} lines read`);
  };
  for (let match = endings.exec(text); match !== null; match = endings.exec(text)) {
    add(text.slice(start, match.index));
    start = match.index + match[0].length;
  }
  if (start < text.length) add(text.slice(start));
  if (vocab.size === 0) throw new ImportError(file, "holds no tokens");
  return vocab;
}

/** vocab.txt text for a vocabulary: its tokens one per line in id order. */
export function vocabTxt(vocab: Readonly<Record<string, number>>): string {
  return Object.entries(vocab)
    .sort(([, a], [, b]) => a - b)
    .map(([token]) => `${token}\n`)
    .join("");
}
