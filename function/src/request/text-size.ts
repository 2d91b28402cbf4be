import { fail, type Result } from "./result.js";

/*
 * How big the text of a direct invocation is, measured before anything reads it character by character. It has no
 * body whose size API Gateway and `decodeBody` checked, so its sentences are bounded by MAX_BODY_BYTES here, first,
 * as an HTTP request's body is; an HTTP request's sentences are not measured again.
 */

/**
 * The `sentence` or `sentences` of a direct payload, refused when their UTF-8 exceeds `maxBytes`; anything else is
 * left to `readPredictInput`, which says what is wrong with it.
 */
export function checkDirectTextBytes(payload: unknown, maxBytes: number): Result<never> | undefined {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return undefined;
  const { sentence, sentences } = payload as Record<string, unknown>;
  const batch: readonly unknown[] = Array.isArray(sentences) ? sentences : [];
  return checkTextBytes([sentence, ...batch], maxBytes);
}

/**
 * Refuses sentences whose UTF-8 exceeds `maxBytes`, first from their UTF-16 lengths alone (a code unit is at least
 * one UTF-8 byte, so that bound costs nothing however long the text), then exactly.
 *
 * @example
 * checkTextBytes(["😀".repeat(3_000_000)], 65536).error.message;
 * // "the sentences hold at least 6000000 bytes of text; allowed: at most 65536 bytes"
 */
export function checkTextBytes(values: readonly unknown[], maxBytes: number): Result<never> | undefined {
  const texts = values.filter((value): value is string => typeof value === "string");
  const units = texts.reduce((sum, text) => sum + text.length, 0);
  if (units > maxBytes) return tooLarge(`at least ${units}`, maxBytes);
  // At most 3 bytes per code unit of a string already under the limit: Buffer.byteLength scans without copying.
  const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text, "utf8"), 0);
  return bytes > maxBytes ? tooLarge(String(bytes), maxBytes) : undefined;
}

function tooLarge(bytes: string, maxBytes: number): Result<never> {
  return fail(
    "payload_too_large",
    `the sentences hold ${bytes} bytes of text; allowed: at most ${maxBytes} bytes`,
  );
}

/**
 * The code points of `value`, as `[...value].length` counts them (a surrogate pair is one, a lone surrogate one),
 * without building an array of one string per code point.
 */
export function countCodePoints(value: string): number {
  let count = 0;
  for (let index = 0; index < value.length; index++) {
    const unit = value.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < value.length) {
      const next = value.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index++;
    }
    count++;
  }
  return count;
}
