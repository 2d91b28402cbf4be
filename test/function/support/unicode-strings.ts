/*
 * Seeded generator of sentences that probe a BERT tokenizer's Unicode handling, for the differential test of the
 * fast tokenizer (test/function/model/fast-tokenizer-diff.test.ts). Every plane and every category the normaliser
 * or the pre-tokeniser treats specially gets its own fragment kind; a sentence strings fragments together.
 */

/** A small seeded PRNG (mulberry32): the same seed gives the same strings on every machine. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

const int = (random: Random, min: number, max: number): number =>
  min + Math.floor(random() * (max - min + 1));
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const fromRange = (random: Random, [min, max]: readonly [number, number]): string =>
  String.fromCodePoint(int(random, min, max));

/** CJK: the URO, extension A, and extensions B to I (supplementary ideographic planes), plus compatibility forms. */
const CJK: readonly (readonly [number, number])[] = [
  [0x4e00, 0x9fff],
  [0x3400, 0x4dbf],
  [0x20000, 0x2a6df],
  [0x2a700, 0x2b73f],
  [0x2b740, 0x2b81f],
  [0x2b820, 0x2ceaf],
  [0x2ceb0, 0x2ebef],
  [0x2ebf0, 0x2ee5f],
  [0x30000, 0x3134f],
  [0x31350, 0x323af],
  [0xf900, 0xfaff],
  [0x2f800, 0x2fa1f],
];
const COMBINING: readonly (readonly [number, number])[] = [
  [0x0300, 0x036f],
  [0x1ab0, 0x1aff],
  [0x1dc0, 0x1dff],
  [0x20d0, 0x20ff],
  [0xfe20, 0xfe2f],
  [0x0591, 0x05c7],
  [0x093c, 0x094d],
];
/** Format characters (Cf), which BertNormalizer's clean-up drops. */
const FORMAT = [
  0xad, 0x600, 0x601, 0x602, 0x603, 0x604, 0x605, 0x61c, 0x6dd, 0x70f, 0x890, 0x891, 0x8e2, 0x180e, 0x200b,
  0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2060, 0x2061, 0x2062, 0x2063,
  0x2064, 0x2066, 0x2067, 0x2068, 0x2069, 0x206a, 0x206f, 0xfeff, 0xfff9, 0xfffa, 0xfffb, 0x110bd, 0x110cd,
  0x13430, 0x1bca0, 0x1d173, 0x1d17a, 0xe0001, 0xe0020, 0xe007f,
].map((code) => String.fromCodePoint(code));
/** Every Zs space, the whitespace controls, and the line and paragraph separators. */
const SPACES = [
  0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
  0x202f, 0x205f, 0x3000, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x85, 0x2028, 0x2029, 0x200b, 0x180e, 0x1c, 0x1f,
].map((code) => String.fromCodePoint(code));
const EMOJI = [
  "👨‍👩‍👧‍👦",
  "👩🏽‍💻",
  "🏳️‍🌈",
  "🏴‍☠️",
  "❤️‍🔥",
  "🧑🏿‍🤝‍🧑🏻",
  "👍🏽",
  "1️⃣",
  "#️⃣",
  "🏴󠁧󠁢󠁳󠁣󠁴󠁿",
  "🫨",
  "🩷",
  "🪿",
  "🫎",
  "😀",
  "🤗",
  "☺︎",
  "✌🏼",
];
/** Letters whose case mapping is special: Turkish dotted and dotless i, German sharp s, Greek final sigma. */
const CASE_RULES = [
  "İ",
  "ı",
  "ß",
  "ẞ",
  "Σ",
  "ς",
  "σ",
  "İSTANBUL",
  "ıi",
  "STRASSE",
  "Straße",
  "GROẞ",
  "ΟΔΥΣΣΕΥΣ",
  "ὈΔΥΣΣΕΎΣ",
  "ǅ",
  "ǈ",
  "Ⅻ",
  "ⓐⒶ",
  "ŉ",
  "ΐ",
  "ﬀ",
  "K",
  "Å",
  "Ω",
];
const LIGATURES = [
  [0xfb00, 0xfb06],
  [0xfb13, 0xfb17],
  [0x0132, 0x0133],
  [0x0152, 0x0153],
  [0x01c4, 0x01cc],
  [0x1f1, 0x1f3],
] as const;
const SPECIAL_TEXT = [
  "[CLS]",
  "[SEP]",
  "[PAD]",
  "[UNK]",
  "[MASK]",
  "[cls]",
  "[Sep]",
  "[MASK][MASK]",
  "[CL[SEP]S]",
  "[SE",
  "P]",
  "x[PAD]y",
  "##ing",
  "[unused1]",
];
const SCRIPTS: readonly (readonly [number, number])[] = [
  [0x00c0, 0x024f],
  [0x0370, 0x03ff],
  [0x0400, 0x04ff],
  [0x0590, 0x05ff],
  [0x0600, 0x06ff],
  [0x0900, 0x097f],
  [0x0e00, 0x0e7f],
  [0x1100, 0x11ff],
  [0xac00, 0xd7a3],
  [0x3040, 0x30ff],
  [0x1e00, 0x1eff],
  [0x2000, 0x206f],
  [0x2100, 0x214f],
  [0x2190, 0x23ff],
  [0x3000, 0x303f],
  [0xff00, 0xffef],
  [0x1d400, 0x1d7ff],
  [0x1f300, 0x1faff],
];
const ASCII_WORDS = [
  "the",
  "The",
  "cat",
  "sat",
  "on",
  "mat",
  "John",
  "embarrassed",
  "unaffable",
  "running",
  "GOOD",
  "don't",
  "e-mail",
  "3.14",
  "1,000",
  "U.S.A.",
  "http://x.io/a?b=c",
  "antidisestablishmentarianism",
  "qzxj",
];

/** One fragment of a sentence, of a kind picked at random. */
function fragment(random: Random, vocabWords: readonly string[]): string {
  const kind = int(random, 0, 17);
  switch (kind) {
    case 0:
    case 1:
      return pick(random, ASCII_WORDS);
    case 2:
      return pick(random, vocabWords);
    case 3:
      return Array.from({ length: int(random, 1, 4) }, () => fromRange(random, pick(random, CJK))).join("");
    case 4: {
      const base = pick(random, ["a", "e", "o", "n", "Z", "ı", "α", "я", "ß", ""]);
      return (
        base +
        Array.from({ length: int(random, 1, 3) }, () => fromRange(random, pick(random, COMBINING))).join("")
      );
    }
    case 5:
      return pick(random, vocabWords) + pick(random, FORMAT) + pick(random, vocabWords);
    case 6:
      return pick(random, EMOJI);
    case 7: {
      const flag = (): string => fromRange(random, [0x1f1e6, 0x1f1ff]);
      return flag() + flag();
    }
    case 8:
      return Array.from({ length: int(random, 1, 6) }, () => fromRange(random, [0xff01, 0xff9f])).join("");
    case 9:
      return Array.from({ length: int(random, 1, 6) }, () => fromRange(random, [0x1d400, 0x1d7ff])).join("");
    case 10:
      return fromRange(random, pick(random, LIGATURES)) + pick(random, ASCII_WORDS);
    case 11:
      return pick(random, CASE_RULES);
    case 12: {
      if (random() < 0.5) return pick(random, ASCII_WORDS);
      // Words around WordPiece's limit of 100 characters, and far beyond it.
      const length = pick(random, [99, 100, 101, int(random, 102, 400)]);
      const unit = pick(random, ["a", "é", "ab", pick(random, vocabWords), "𠀀", "x\u0301"]);
      return unit.repeat(Math.ceil(length / Math.max(1, unit.length))).slice(0, length);
    }
    case 13:
      return pick(random, SPECIAL_TEXT);
    case 14:
      return Array.from({ length: int(random, 1, 5) }, () => fromRange(random, pick(random, SCRIPTS))).join(
        "",
      );
    case 15:
      // Any code point of any plane: unassigned, private use and recently assigned ones included.
      return Array.from({ length: int(random, 1, 3) }, () => {
        const code = int(random, 0, 0x10ffff);
        return code >= 0xd800 && code <= 0xdfff ? String.fromCharCode(code) : String.fromCodePoint(code);
      }).join("");
    case 16:
      return String.fromCharCode(pick(random, [0, 1, 7, 0x1b, 0x7f, 0x9f, 0xfffd, 0xd800, 0xdfff]));
    default:
      return pick(random, "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~¡¿«»–—…‘’“”·•§¶†‡※".split(""));
  }
}

/**
 * `count` sentences from `seed`: fragments joined by random spaces (or nothing); a share `longShare` of them (one in
 * fifty by default) is long enough to be truncated at any max length up to 128.
 */
export function generatedSentences(
  seed: number,
  count: number,
  vocabWords: readonly string[],
  longShare = 1 / 50,
): string[] {
  const random = prng(seed);
  const sentences: string[] = [];
  for (let n = 0; n < count; n++) {
    const fragments = random() < longShare ? int(random, 60, 150) : int(random, 1, 10);
    let sentence = "";
    for (let i = 0; i < fragments; i++) {
      if (i > 0) sentence += random() < 0.7 ? " " : random() < 0.5 ? pick(random, SPACES) : "";
      sentence += fragment(random, vocabWords);
    }
    sentences.push(sentence);
  }
  return sentences;
}
