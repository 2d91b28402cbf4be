/**
 * The longest message a model folder's problem gets, in characters: a message quotes what it found (a label, a
 * pattern, a library's own error), and what it quotes can be as large as the file.
 */
export const MAX_MESSAGE_LENGTH = 1000;

/** The model folder cannot be served; the message starts with the file at fault so the fix is obvious. */
export class ModelLoadError extends Error {
  constructor(
    readonly file: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(capped(`${file}: ${problem}`, MAX_MESSAGE_LENGTH), options);
    this.name = "ModelLoadError";
  }
}

/** A read failed because the file is not there (as opposed to unreadable). */
export function isMissing(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}

/** The message of anything thrown, for quoting a library's error inside a ModelLoadError. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `text` cut to `max` characters, saying how much was cut. */
export function capped(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = ` … (${text.length - max} more characters)`;
  return text.slice(0, Math.max(0, max - note.length)) + note;
}

/**
 * Characters a terminal or a log would act on or hide rather than show: C0 and C1 controls (NUL, ESC, newline),
 * DEL, the bidirectional controls (U+202E turns the rest of a line around), line and paragraph separators, and
 * lone surrogates.
 */
export const UNPRINTABLE = /[\p{Cc}\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]|\p{Cs}/u;
const UNPRINTABLE_ALL = new RegExp(UNPRINTABLE.source, "gu");

/**
 * `text` in double quotes for a message: unprintable characters written as `\u{…}` escapes, and at most `max`
 * characters of it, so a message can quote anything a file holds.
 *
 * @example
 * quoted("a\u202Eb"); // '"a\\u{202e}b"'
 */
export function quoted(text: string, max = 80): string {
  const escaped = text.replace(UNPRINTABLE_ALL, (char) => `\\u{${char.codePointAt(0)?.toString(16)}}`);
  return `"${capped(escaped, max)}"`;
}

/** `value` as JSON for a message, escaped and shortened as `quoted` does (e.g. `"512"`, `[1,2]`). */
export function shownJson(value: unknown, max = 80): string {
  const json = JSON.stringify(value) ?? String(value);
  return capped(
    json.replace(UNPRINTABLE_ALL, (char) => `\\u{${char.codePointAt(0)?.toString(16)}}`),
    max,
  );
}
