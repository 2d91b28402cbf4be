/** The BertNormalizer flags that matter for ASCII text (CJK spacing and accent stripping never touch it). */
export interface AsciiBertFlags {
  cleanText: boolean;
  lowercase: boolean;
}

const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** Rust's `char::is_whitespace` on ASCII: tab, line feed, vertical tab, form feed, carriage return, space. */
function isWhitespace(code: number): boolean {
  return (code >= 0x09 && code <= 0x0d) || code === 0x20;
}

/** Rust's `char::is_ascii_punctuation`: what BertPreTokenizer isolates among ASCII characters. */
function isPunctuation(code: number): boolean {
  return (
    (code >= 0x21 && code <= 0x2f) ||
    (code >= 0x3a && code <= 0x40) ||
    (code >= 0x5b && code <= 0x60) ||
    (code >= 0x7b && code <= 0x7e)
  );
}

/** Whether every UTF-16 unit of `text` is ASCII: the only text the TypeScript lane handles. */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * The words BertNormalizer then BertPreTokenizer make of ASCII `text`, appended to `out`. With `cleanText`, the
 * control characters (category Cc: U+0000–U+001F and U+007F) are dropped, except tab, line feed and carriage
 * return, which become spaces; lower-casing is A–Z only; words split at whitespace (dropped) and punctuation (kept,
 * one character a word). Any other text goes to `tokenizers`' own normalizer and pre-tokenizer.
 */
export function asciiWords(text: string, flags: AsciiBertFlags, out: string[]): void {
  let word = "";
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (flags.cleanText) {
      const keptControl = code === TAB || code === LINE_FEED || code === CARRIAGE_RETURN;
      if ((code < 0x20 || code === 0x7f) && !keptControl) continue;
    }
    if (isWhitespace(code)) {
      if (word !== "") out.push(word);
      word = "";
      continue;
    }
    if (isPunctuation(code)) {
      if (word !== "") out.push(word);
      out.push(text[i] as string);
      word = "";
      continue;
    }
    if (flags.lowercase && code >= 0x41 && code <= 0x5a) code += 0x20;
    word += String.fromCharCode(code);
  }
  if (word !== "") out.push(word);
}
