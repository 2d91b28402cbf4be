/**
 * A WordPiece vocabulary: token to id, with no prototype (so "constructor" or "__proto__" is only ever a token).
 * It is tokenizer.json's own parsed `model.vocab` object, not a copy: copying 30,000 entries into a Map cost a cold
 * start 20 ms and a garbage collection, where the object's lookups are as fast within 0.01 µs a word.
 */
export type Vocabulary = Readonly<Record<string, number | undefined>>;

/**
 * WordPiece over one pre-tokenised word, step for step as `tokenizers`' `WordPiece::tokenize` (greedy longest
 * match first, the continuation prefix on every piece but the first, the whole word one unknown token when any
 * part has no match or it is longer than `maxInputCharsPerWord` characters). Characters are Unicode scalar values,
 * as in Rust: a surrogate pair counts once and is never cut.
 */
export class WordPiece {
  /** The longest token in UTF-16 units: no longer piece can match, so the search starts at most this far on. */
  private readonly longest: number;

  constructor(
    private readonly vocab: Vocabulary,
    private readonly unkId: number,
    private readonly prefix: string,
    private readonly maxInputCharsPerWord: number,
    /** The longest token's length in UTF-16 units. */
    longest: number,
  ) {
    this.longest = longest;
  }

  /** Appends the ids of `word` to `out`. */
  tokenize(word: string, out: number[]): void {
    if (word.length === 0) return;
    if (word.length > this.maxInputCharsPerWord && charCount(word) > this.maxInputCharsPerWord) {
      out.push(this.unkId);
      return;
    }
    const before = out.length;
    let start = 0;
    while (start < word.length) {
      // Rust tries every end from the word's; those past `longest` cannot match, so they are skipped (never
      // cutting a surrogate pair).
      let end = Math.min(word.length, start + this.longest);
      if (end < word.length && isLowSurrogateEnd(word, end + 1)) end -= 1;
      let id: number | undefined;
      while (start < end) {
        const piece = word.slice(start, end);
        id = this.vocab[start > 0 ? this.prefix + piece : piece];
        if (id !== undefined) break;
        end -= isLowSurrogateEnd(word, end) ? 2 : 1;
      }
      if (id === undefined) {
        out.length = before;
        out.push(this.unkId);
        return;
      }
      out.push(id);
      start = end;
    }
  }
}

/** Code points in `text` (a surrogate pair is one). */
export function charCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

/** Whether the character ending at `end` is a surrogate pair. */
function isLowSurrogateEnd(text: string, end: number): boolean {
  if (end < 2) return false;
  const low = text.charCodeAt(end - 1);
  const high = text.charCodeAt(end - 2);
  return low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff;
}
