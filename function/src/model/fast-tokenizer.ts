import type { Normalizer, PreTokenizer, Tokenizer } from "tokenizers";
import { asciiWords, isAscii, type AsciiBertFlags } from "./ascii-bert.js";
import type { TokenRows } from "./feeds.js";
import { WordPiece, type Vocabulary } from "./wordpiece.js";

/** Which tokenizer the request path runs, as the `model loaded` line reports it. */
export type TokenizerPath = { path: "fast" } | { path: "tokenizers"; reason: string };

/** How the service encodes: truncated at `maxLength` tokens, padded with `padId` to `padTo` or a batch's longest. */
export interface FastEncoding {
  maxLength: number;
  padTo: number | null;
  padId: number;
}

/**
 * A synchronous encoder giving exactly the rows `tokenizers`' `encode`/`encodeBatch` give for a BERT-style
 * tokenizer.json (checked by `fastTokenizerFor`): special tokens split off the raw text, each other part normalised
 * and pre-tokenised (ASCII text by ascii-bert.ts, any other text by the tokenizer's own `normalizeString` and
 * `preTokenizeString`, which are synchronous and carry the Rust crate's Unicode tables), WordPiece over the
 * vocabulary, truncation to `maxLength` with `[CLS]`/`[SEP]` kept, and padding. The differential test
 * (test/function/model/fast-tokenizer-diff.test.ts) holds it to the reference on every `npm test`.
 */
export class FastTokenizer {
  /** The first UTF-16 unit of each special token: most positions start none, and are passed over at once. */
  private readonly firstUnits: ReadonlySet<number>;

  constructor(
    private readonly special: ReadonlyMap<string, number>,
    private readonly normalizer: Normalizer,
    private readonly preTokenizer: PreTokenizer,
    private readonly ascii: AsciiBertFlags,
    private readonly wordPiece: WordPiece,
    private readonly cls: number,
    private readonly sep: number,
    private readonly encoding: FastEncoding,
  ) {
    this.firstUnits = new Set([...special.keys()].map((token) => token.charCodeAt(0)));
  }

  /** The padded rows of `sentences`, as `encodeBatch` (or `encode`, for one) gives them. */
  encode(sentences: readonly string[]): TokenRows {
    const { maxLength, padTo, padId } = this.encoding;
    const encoded = sentences.map((sentence) => this.ids(sentence, maxLength - 2));
    const longest = encoded.reduce((most, ids) => Math.max(most, ids.length), 0);
    const length = padTo ?? longest;
    const ids: number[][] = [];
    const attentionMask: number[][] = [];
    for (const row of encoded) {
      const real = row.length;
      const mask = new Array<number>(length).fill(0, real).fill(1, 0, real);
      for (let i = real; i < length; i++) row.push(padId);
      ids.push(row);
      attentionMask.push(mask);
    }
    return { ids, attentionMask };
  }

  /** `[CLS]`, the first `budget` tokens of `sentence`, `[SEP]`. */
  private ids(sentence: string, budget: number): number[] {
    const out: number[] = [this.cls];
    let start = 0;
    for (let i = 0; i < sentence.length;) {
      const token = this.specialAt(sentence, i);
      if (token === undefined) {
        i++;
        continue;
      }
      if (i > start) this.segment(sentence.slice(start, i), out);
      out.push(this.special.get(token) as number);
      i += token.length;
      start = i;
    }
    if (start < sentence.length) this.segment(sentence.slice(start), out);
    if (out.length > budget + 1) out.length = budget + 1;
    out.push(this.sep);
    return out;
  }

  /** The longest special token starting at `i` (leftmost-longest, as `tokenizers`' added-token matcher). */
  private specialAt(sentence: string, i: number): string | undefined {
    if (!this.firstUnits.has(sentence.charCodeAt(i))) return undefined;
    let found: string | undefined;
    for (const token of this.special.keys()) {
      if ((found === undefined || token.length > found.length) && sentence.startsWith(token, i))
        found = token;
    }
    return found;
  }

  /** The WordPiece ids of a part of a sentence with no special token in it. */
  private segment(text: string, out: number[]): void {
    const words: string[] = [];
    if (isAscii(text)) asciiWords(text, this.ascii, words);
    else {
      const normalized = this.normalizer.normalizeString(text);
      for (const [word] of this.preTokenizer.preTokenizeString(normalized)) words.push(word);
    }
    for (const word of words) this.wordPiece.tokenize(word, out);
  }
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Thrown inside `fastTokenizerFor` with the reason the fast path does not apply. */
class NotFast extends Error {}

function need(condition: boolean, reason: string): asserts condition {
  if (!condition) throw new NotFast(reason);
}

/**
 * The fast encoder for `tokenizer` (parsed from `json`, its tokenizer.json), or why there is none: it takes only
 * what it reproduces exactly, a BERT WordPiece tokenizer as `model:import` and the bundled model build it
 * (BertNormalizer, BertPreTokenizer, WordPiece, a `[CLS] $A [SEP]` template or BertProcessing, and added tokens
 * that are all special and matched on the raw text). Anything else keeps `tokenizers`' `encode`.
 */
export function fastTokenizerFor(
  json: unknown,
  tokenizer: Tokenizer,
  encoding: FastEncoding,
): { fast: FastTokenizer; path: TokenizerPath } | { fast: null; path: TokenizerPath } {
  try {
    return { fast: buildFast(json, tokenizer, encoding), path: { path: "fast" } };
  } catch (error) {
    if (!(error instanceof NotFast)) throw error;
    return { fast: null, path: { path: "tokenizers", reason: error.message } };
  }
}

function buildFast(json: unknown, tokenizer: Tokenizer, encoding: FastEncoding): FastTokenizer {
  need(isObject(json), "tokenizer.json is not an object");
  const { model, normalizer, pre_tokenizer: preTokenizer, post_processor: post } = json;
  need(isObject(model) && model.type === "WordPiece", "the model is not WordPiece");
  need(isObject(normalizer) && normalizer.type === "BertNormalizer", "the normalizer is not BertNormalizer");
  need(
    isObject(preTokenizer) && preTokenizer.type === "BertPreTokenizer",
    "the pre-tokenizer is not BertPreTokenizer",
  );
  const {
    clean_text: cleanText,
    lowercase,
    handle_chinese_chars: chinese,
    strip_accents: strip,
  } = normalizer;
  need(
    typeof cleanText === "boolean" &&
      typeof lowercase === "boolean" &&
      typeof chinese === "boolean" &&
      (typeof strip === "boolean" || strip === null),
    "the BertNormalizer flags are not all booleans",
  );
  need(encoding.maxLength > 2, "the max length leaves no room for tokens between [CLS] and [SEP]");
  need(
    encoding.padTo === null || encoding.padTo >= encoding.maxLength,
    "the fixed length is below the max length",
  );
  const wordPiece = wordPieceOf(model);
  const special = specialTokens(json.added_tokens, tokenizer);
  const [cls, sep] = clsAndSep(post);
  const ownNormalizer = tokenizer.getNormalizer();
  const ownPreTokenizer = tokenizer.getPreTokenizer();
  need(ownNormalizer !== null && ownPreTokenizer !== null, "tokenizers gave no normalizer or pre-tokenizer");
  return new FastTokenizer(
    special,
    ownNormalizer,
    ownPreTokenizer,
    { cleanText, lowercase },
    wordPiece,
    cls,
    sep,
    encoding,
  );
}

function wordPieceOf(model: Json): WordPiece {
  const { vocab, unk_token: unk, continuing_subword_prefix: prefix, max_input_chars_per_word: limit } = model;
  need(isObject(vocab), "the WordPiece vocabulary is not an object");
  need(typeof unk === "string" && typeof prefix === "string", "WordPiece has no unk_token or prefix");
  need(typeof limit === "number" && Number.isInteger(limit) && limit >= 0, "max_input_chars_per_word");
  // The parsed object itself is the lookup table (wordpiece.ts says why); without a prototype, a word such as
  // "constructor" finds only a token of that name.
  Object.setPrototypeOf(vocab, null);
  const table = vocab as Record<string, unknown>;
  let longest = 0;
  for (const token in table) {
    const id = table[token];
    need(
      typeof id === "number" && Number.isInteger(id),
      `the id of ${JSON.stringify(token)} is not an integer`,
    );
    if (token.length > longest) longest = token.length;
  }
  const unkId = table[unk];
  need(typeof unkId === "number", `the unk_token ${JSON.stringify(unk)} is not in the vocabulary`);
  return new WordPiece(table as Vocabulary, unkId, prefix, limit, longest);
}

/** The added tokens, all special and matched on the raw text, with the ids the reference gives them. */
function specialTokens(added: unknown, tokenizer: Tokenizer): Map<string, number> {
  const special = new Map<string, number>();
  need(added === undefined || Array.isArray(added), "added_tokens is not a list");
  for (const token of (added ?? []) as unknown[]) {
    need(isObject(token) && typeof token.content === "string", "an added token has no content");
    const { content } = token;
    need(token.special === true, `the added token ${JSON.stringify(content)} is not special`);
    need(
      token.normalized === false && token.single_word === false && token.lstrip === false && !token.rstrip,
      `the added token ${JSON.stringify(content)} is normalized, single_word, lstrip or rstrip`,
    );
    const id = tokenizer.tokenToId(content);
    need(content !== "" && id !== null, `the added token ${JSON.stringify(content)} has no id`);
    special.set(content, id);
  }
  return special;
}

/** The ids around a single sentence: `[CLS] $A [SEP]` as TemplateProcessing or BertProcessing says. */
function clsAndSep(post: unknown): [number, number] {
  need(isObject(post), "there is no post-processor");
  if (post.type === "BertProcessing") {
    const { cls, sep } = post;
    need(Array.isArray(cls) && Array.isArray(sep), "BertProcessing has no cls or sep");
    need(typeof cls[1] === "number" && typeof sep[1] === "number", "BertProcessing's ids are not numbers");
    return [cls[1], sep[1]];
  }
  need(post.type === "TemplateProcessing", "the post-processor is not TemplateProcessing or BertProcessing");
  const { single, special_tokens: tokens } = post;
  need(
    Array.isArray(single) && single.length === 3 && isObject(tokens),
    "the template is not [CLS] $A [SEP]",
  );
  const [first, middle, last] = single as unknown[];
  need(
    isObject(middle) && isObject(middle.Sequence) && middle.Sequence.id === "A",
    "the template is not [CLS] $A [SEP]",
  );
  const idOf = (piece: unknown): number => {
    need(isObject(piece) && isObject(piece.SpecialToken), "the template is not [CLS] $A [SEP]");
    const name = piece.SpecialToken.id;
    const entry = typeof name === "string" ? tokens[name] : undefined;
    need(
      isObject(entry) && Array.isArray(entry.ids) && entry.ids.length === 1,
      "a template token is not one id",
    );
    const [id] = entry.ids as unknown[];
    need(typeof id === "number", "a template token's id is not a number");
    return id;
  };
  return [idOf(first), idOf(last)];
}
