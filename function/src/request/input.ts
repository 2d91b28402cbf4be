import type { RequestLimits } from "../settings.js";
import { describeValue } from "./describe.js";
import { fail, ok, type Result } from "./result.js";
import { countCodePoints } from "./text-size.js";

/** What a caller asked to classify: one sentence (answered with one list) or a batch (a list per sentence). */
export interface PredictInput {
  batch: boolean;
  sentences: string[];
}

const SHAPE = '"sentence" (a string) or "sentences" (an array of strings)';
// C0 and C1 controls and DEL (Unicode's Cc); tab, line feed and carriage return are ordinary whitespace in text.
const CONTROL_CHARACTER = /(?![\t\n\r])\p{Cc}/u;

export function parseJson(text: string): Result<unknown> {
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (error) {
    const reason = error instanceof SyntaxError ? `: ${error.message}` : "";
    return fail("invalid_json", `the body is not valid JSON${reason}`);
  }
}

/** Checks a parsed request against the API contract and the limits; the first problem found is reported. */
export function readPredictInput(payload: unknown, limits: RequestLimits): Result<PredictInput> {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    return fail(
      "invalid_input",
      `the body must be a JSON object with ${SHAPE}; got ${describeValue(payload)}`,
    );
  }
  // Own keys only: a "__proto__" key from JSON.parse is an own property and is refused like any unknown one.
  const fields = Object.keys(payload);
  const unknown = fields.find((field) => field !== "sentence" && field !== "sentences");
  if (unknown !== undefined) {
    return fail("invalid_input", `unknown field ${JSON.stringify(unknown)}; allowed: ${SHAPE}`);
  }
  const record = payload as Record<string, unknown>;
  const hasSentence = Object.hasOwn(record, "sentence");
  const hasSentences = Object.hasOwn(record, "sentences");
  if (hasSentence && hasSentences) {
    return fail("invalid_input", 'give either "sentence" or "sentences", not both');
  }
  if (hasSentence) {
    const checked = checkSentence(record.sentence, '"sentence"', limits);
    return checked.ok ? ok({ batch: false, sentences: [checked.value] }) : checked;
  }
  if (hasSentences) return readBatch(record.sentences, limits);
  return fail("invalid_input", `missing field: send ${SHAPE}`);
}

function readBatch(value: unknown, limits: RequestLimits): Result<PredictInput> {
  if (!Array.isArray(value)) {
    return fail("invalid_input", `"sentences" must be an array of strings; got ${describeValue(value)}`);
  }
  if (value.length === 0) {
    return fail("invalid_input", `"sentences" is empty; allowed: 1 to ${limits.maxSentences} sentences`);
  }
  if (value.length > limits.maxSentences) {
    return fail(
      "too_many_sentences",
      `"sentences" has ${value.length} items; allowed: at most ${limits.maxSentences} per request`,
    );
  }
  const sentences: string[] = [];
  for (const [index, item] of value.entries()) {
    const checked = checkSentence(item, `"sentences"[${index}]`, limits);
    if (!checked.ok) return checked;
    sentences.push(checked.value);
  }
  return ok({ batch: true, sentences });
}

function checkSentence(value: unknown, name: string, limits: RequestLimits): Result<string> {
  if (typeof value !== "string")
    return fail("invalid_input", `${name} must be a string; got ${describeValue(value)}`);
  if (value.trim() === "") return fail("invalid_input", `${name} is empty or only whitespace`);
  // UTF-16 length bounds the code point count from above, so counting is needed only near the limit.
  if (value.length > limits.maxSentenceChars) {
    const characters = countCodePoints(value);
    if (characters > limits.maxSentenceChars) {
      return fail(
        "sentence_too_long",
        `${name} has ${characters} characters; allowed: at most ${limits.maxSentenceChars}`,
      );
    }
  }
  if (!value.isWellFormed()) {
    return fail("invalid_input", `${name} is not well-formed Unicode (it holds a lone surrogate)`);
  }
  const control = CONTROL_CHARACTER.exec(value);
  if (control !== null) {
    const codePoint = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    return fail(
      "invalid_input",
      `${name} contains the control character U+${codePoint} at index ${control.index}; allowed: text (tabs and line breaks are fine)`,
    );
  }
  return ok(value);
}
