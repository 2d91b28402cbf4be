import { ModelLoadError, quoted } from "./errors.js";

/**
 * The regular expressions a tokenizer.json may use in a `Split` or `Replace` stage (`"pattern": {"Regex": …}`):
 * those the tokenizers of published models use. `tokenizers` matches them with Oniguruma, a backtracking engine:
 * a pattern such as `(a+)+$` makes a 24-character sentence exceed its retry limit, and the library then panics
 * and aborts the process (exit 134), which no `try` can catch. A pattern can only be known safe by what it is, so
 * the rule is a list; a literal pattern (`"pattern": {"String": …}`) is always accepted.
 */
export const KNOWN_SAFE_PATTERNS: ReadonlyMap<string, string> = new Map([
  [
    "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
    "GPT-2's byte-level split (also RoBERTa's)",
  ],
  [
    "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
    "cl100k's split (Llama 3)",
  ],
  [
    "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
    "Qwen2's split",
  ],
  [" {2,}", "SentencePiece converters' run of spaces (ALBERT, XLNet, T5)"],
]);

/** Parts of tokenizer.json that hold tokens, not stages: skipped, as they can be millions of entries. */
const TOKEN_TABLES = new Set(["model", "added_tokens"]);

/**
 * Refuses a tokenizer.json whose stages use a regular expression outside KNOWN_SAFE_PATTERNS, naming the stage
 * and the pattern. `tokenizer` is the file's parsed JSON.
 */
export function checkTokenizerPatterns(file: string, tokenizer: unknown): void {
  const visit = (value: unknown, where: string): void => {
    if (typeof value !== "object" || value === null) return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${where}[${index}]`));
      return;
    }
    const node = value as Record<string, unknown>;
    const pattern = node.pattern;
    if (typeof pattern === "object" && pattern !== null && "Regex" in pattern) {
      const regex = pattern.Regex;
      if (typeof regex !== "string" || !KNOWN_SAFE_PATTERNS.has(regex)) {
        const stage = typeof node.type === "string" ? `a ${node.type} stage` : "a stage";
        throw new ModelLoadError(
          file,
          `${where} is ${stage} with the pattern ${typeof regex === "string" ? quoted(regex, 200) : String(regex)}, ` +
            "which is not one of the known-safe patterns: a backtracking pattern can hang or abort the process on " +
            'one sentence. Use the tokenizer the model was trained with, or a literal {"String": …} pattern ' +
            '(docs/your-own-model.md, "Tokenizer patterns")',
        );
      }
    }
    for (const [key, child] of Object.entries(node)) {
      if (where === "" && TOKEN_TABLES.has(key)) continue;
      visit(child, where === "" ? key : `${where}.${key}`);
    }
  };
  visit(tokenizer, "");
}
