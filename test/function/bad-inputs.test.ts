import assert from "node:assert/strict";
import { createHandler, type ClassifierHandler } from "../../function/src/handler.js";
import type { LabelScore, Predictor } from "../../function/src/model/predictor.js";
import { RequestError, type ErrorCode } from "../../function/src/request/errors.js";
import { readSettings } from "../../function/src/settings.js";
import { batchBodyOfBytes, nestedArraySentence, nestedObjectBody, words } from "./support/bodies.js";
import { testContext } from "./support/context.js";
import { base64, EVENT_SHAPES, eventFor, json, type EventShape, type RequestSpec } from "./support/events.js";
import { assertErrorResult, okBody } from "./support/http-results.js";
import { configLabels } from "./support/model-folders.js";
import { outputNamedModelDir } from "./support/paths.js";
import { assertBatchScores, assertLabelScores } from "./support/scores.js";
import { buildService, loadPredictor } from "./support/service.js";

/*
 * The request contract's refusals, one table row each, run against every event shape (payload 2.0, function URL,
 * REST API 1.0) and, where the row is a JSON payload, as a direct invocation. Each bad request is followed by a
 * good one on the same handler, which must get exactly the answer it got before any bad request was seen.
 */

interface BadRow {
  name: string;
  request: RequestSpec;
  status: number;
  code: ErrorCode;
  message: RegExp;
  /** The allow header a 405 carries. */
  allow?: string;
}

const GOOD_SENTENCE = "The cat sat on the mat.";
const SHAPE = String.raw`"sentence" \(a string\) or "sentences" \(an array of strings\)`;
const emoji = "😀";

const post = (body: unknown, extra: Partial<RequestSpec> = {}): RequestSpec => ({
  body,
  ...extra,
});
const sentence = (value: unknown): RequestSpec => post(json({ sentence: value }));
const sentences = (value: unknown): RequestSpec => post(json({ sentences: value }));

const BAD_ROWS: BadRow[] = [
  // Not JSON.
  {
    name: "invalid JSON: unterminated object",
    request: post('{"sentence": "The cat sat."'),
    status: 400,
    code: "invalid_json",
    message: /^the body is not valid JSON: /,
  },
  {
    name: "invalid JSON: single quotes",
    request: post("{'sentence': 'The cat sat.'}"),
    status: 400,
    code: "invalid_json",
    message: /^the body is not valid JSON: /,
  },
  {
    name: "invalid JSON: trailing comma",
    request: post('{"sentence": "The cat sat.",}'),
    status: 400,
    code: "invalid_json",
    message: /^the body is not valid JSON: /,
  },
  {
    name: "invalid JSON: form-encoded text",
    request: post("sentence=The+cat+sat."),
    status: 400,
    code: "invalid_json",
    message: /^the body is not valid JSON: /,
  },
  {
    name: "invalid JSON: two objects",
    request: post('{"sentence": "a"}{"sentence": "b"}'),
    status: 400,
    code: "invalid_json",
    message: /^the body is not valid JSON: /,
  },
  {
    name: "invalid JSON: NaN",
    request: post('{"sentence": NaN}'),
    status: 400,
    code: "invalid_json",
    message: /^the body is not valid JSON: /,
  },
  {
    name: "invalid JSON: whitespace-only body",
    request: post(" \n\t "),
    status: 400,
    code: "invalid_json",
    message: /^the body is not valid JSON: /,
  },
  // JSON, but not an object.
  {
    name: "JSON array body",
    request: post(json([{ sentence: GOOD_SENTENCE }])),
    status: 400,
    code: "invalid_input",
    message: new RegExp(`^the body must be a JSON object with ${SHAPE}; got an array$`),
  },
  {
    name: "JSON string body",
    request: post(json(GOOD_SENTENCE)),
    status: 400,
    code: "invalid_input",
    message: /^the body must be a JSON object with .*; got a string$/,
  },
  {
    name: "JSON number body",
    request: post("42"),
    status: 400,
    code: "invalid_input",
    message: /^the body must be a JSON object with .*; got a number$/,
  },
  {
    name: "JSON null body",
    request: post("null"),
    status: 400,
    code: "invalid_input",
    message: /^the body must be a JSON object with .*; got null$/,
  },
  {
    name: "JSON boolean body",
    request: post("true"),
    status: 400,
    code: "invalid_input",
    message: /^the body must be a JSON object with .*; got a boolean$/,
  },
  // Missing, unknown or doubled fields.
  {
    name: "missing field ({})",
    request: post("{}"),
    status: 400,
    code: "invalid_input",
    message: new RegExp(`^missing field: send ${SHAPE}$`),
  },
  {
    name: 'unknown field "sentance"',
    request: post(json({ sentance: GOOD_SENTENCE })),
    status: 400,
    code: "invalid_input",
    message: new RegExp(`^unknown field "sentance"; allowed: ${SHAPE}$`),
  },
  {
    name: "an extra field beside sentence",
    request: post(json({ sentence: GOOD_SENTENCE, model: "large" })),
    status: 400,
    code: "invalid_input",
    message: /^unknown field "model"/,
  },
  {
    name: "both sentence and sentences",
    request: post(json({ sentence: "a", sentences: ["b"] })),
    status: 400,
    code: "invalid_input",
    message: /^give either "sentence" or "sentences", not both$/,
  },
  // Wrong types.
  {
    name: "sentence null",
    request: sentence(null),
    status: 400,
    code: "invalid_input",
    message: /^"sentence" must be a string; got null$/,
  },
  {
    name: "sentence a number",
    request: sentence(3.14),
    status: 400,
    code: "invalid_input",
    message: /^"sentence" must be a string; got a number$/,
  },
  {
    name: "sentence an object",
    request: sentence({ text: GOOD_SENTENCE }),
    status: 400,
    code: "invalid_input",
    message: /^"sentence" must be a string; got an object$/,
  },
  {
    name: "sentence an array",
    request: sentence([GOOD_SENTENCE]),
    status: 400,
    code: "invalid_input",
    message: /^"sentence" must be a string; got an array$/,
  },
  {
    name: "sentence a boolean",
    request: sentence(false),
    status: 400,
    code: "invalid_input",
    message: /^"sentence" must be a string; got a boolean$/,
  },
  {
    name: "sentences a string",
    request: sentences(GOOD_SENTENCE),
    status: 400,
    code: "invalid_input",
    message: /^"sentences" must be an array of strings; got a string$/,
  },
  {
    name: "sentences an object",
    request: sentences({ 0: GOOD_SENTENCE }),
    status: 400,
    code: "invalid_input",
    message: /^"sentences" must be an array of strings; got an object$/,
  },
  {
    name: "sentences null",
    request: sentences(null),
    status: 400,
    code: "invalid_input",
    message: /^"sentences" must be an array of strings; got null$/,
  },
  {
    name: "sentences empty",
    request: sentences([]),
    status: 400,
    code: "invalid_input",
    message: /^"sentences" is empty; allowed: 1 to 64 sentences$/,
  },
  {
    name: "sentences with a null item",
    request: sentences([GOOD_SENTENCE, null]),
    status: 400,
    code: "invalid_input",
    message: /^"sentences"\[1\] must be a string; got null$/,
  },
  {
    name: "sentences with a number item",
    request: sentences([7, GOOD_SENTENCE]),
    status: 400,
    code: "invalid_input",
    message: /^"sentences"\[0\] must be a string; got a number$/,
  },
  {
    name: "sentences with an array item",
    request: sentences([GOOD_SENTENCE, [GOOD_SENTENCE]]),
    status: 400,
    code: "invalid_input",
    message: /^"sentences"\[1\] must be a string; got an array$/,
  },
  // Empty text.
  {
    name: "empty sentence",
    request: sentence(""),
    status: 400,
    code: "invalid_input",
    message: /^"sentence" is empty or only whitespace$/,
  },
  {
    name: "whitespace-only sentence",
    request: sentence(" \t\n\r "),
    status: 400,
    code: "invalid_input",
    message: /^"sentence" is empty or only whitespace$/,
  },
  {
    name: "sentence of no-break and ideographic spaces",
    request: sentence("\u00a0\u3000\u2003"),
    status: 400,
    code: "invalid_input",
    message: /^"sentence" is empty or only whitespace$/,
  },
  {
    name: "empty sentence in a batch",
    request: sentences([GOOD_SENTENCE, ""]),
    status: 400,
    code: "invalid_input",
    message: /^"sentences"\[1\] is empty or only whitespace$/,
  },
  {
    name: "whitespace-only sentence in a batch",
    request: sentences([GOOD_SENTENCE, GOOD_SENTENCE, "   "]),
    status: 400,
    code: "invalid_input",
    message: /^"sentences"\[2\] is empty or only whitespace$/,
  },
  // Over the limits.
  {
    name: "sentence of 2,001 characters",
    request: sentence(words(2001)),
    status: 413,
    code: "sentence_too_long",
    message: /^"sentence" has 2001 characters; allowed: at most 2000$/,
  },
  {
    name: "sentence of 2,001 emoji (characters, not UTF-16 units)",
    request: sentence(emoji.repeat(2001)),
    status: 413,
    code: "sentence_too_long",
    message: /^"sentence" has 2001 characters; allowed: at most 2000$/,
  },
  {
    name: "batch item of 2,001 characters",
    request: sentences([GOOD_SENTENCE, GOOD_SENTENCE, words(2001)]),
    status: 413,
    code: "sentence_too_long",
    message: /^"sentences"\[2\] has 2001 characters; allowed: at most 2000$/,
  },
  {
    name: "body of 65,537 bytes (one over 64 KiB)",
    request: post(batchBodyOfBytes(65_537)),
    status: 413,
    code: "payload_too_large",
    message: /^the body is 65537 bytes; allowed: at most 65536 bytes$/,
  },
  {
    name: "body of 1 MB",
    request: sentence("a".repeat(1_000_000)),
    status: 413,
    code: "payload_too_large",
    message: /^the body is 1000015 bytes; allowed: at most 65536 bytes$/,
  },
  {
    name: "body under 64 Ki characters but over 64 KiB of UTF-8",
    request: sentence("€".repeat(30_000)),
    status: 413,
    code: "payload_too_large",
    message: /^the body is 90015 bytes; allowed: at most 65536 bytes$/,
  },
  {
    name: "65 sentences",
    request: sentences(new Array<string>(65).fill(GOOD_SENTENCE)),
    status: 413,
    code: "too_many_sentences",
    message: /^"sentences" has 65 items; allowed: at most 64 per request$/,
  },
  {
    name: "a 10,000-item batch",
    request: sentences(new Array<string>(10_000).fill("a")),
    status: 413,
    code: "too_many_sentences",
    message: /^"sentences" has 10000 items; allowed: at most 64 per request$/,
  },
  // Deep nesting.
  {
    name: "sentence nested 10,000 arrays deep",
    request: post(nestedArraySentence(10_000)),
    status: 400,
    code: "invalid_input",
    message: /^"sentence" must be a string; got an array$/,
  },
  {
    name: "object body nested 10,000 deep",
    request: post(nestedObjectBody(10_000)),
    status: 400,
    code: "invalid_input",
    message: /^unknown field "a"/,
  },
  // Control characters and broken Unicode.
  {
    name: "control character U+0000",
    request: sentence("The cat\u0000 sat."),
    status: 400,
    code: "invalid_input",
    message:
      /^"sentence" contains the control character U\+0000 at index 7; allowed: text \(tabs and line breaks are fine\)$/,
  },
  {
    name: "control character U+001B (ANSI escape)",
    request: sentence("\u001b[31mThe cat sat.\u001b[0m"),
    status: 400,
    code: "invalid_input",
    message: /^"sentence" contains the control character U\+001B at index 0;/,
  },
  {
    name: "control character U+0085 (next line)",
    request: sentence("The cat\u0085sat."),
    status: 400,
    code: "invalid_input",
    message: /^"sentence" contains the control character U\+0085 at index 7;/,
  },
  {
    name: "control character U+007F (delete)",
    request: sentence("The cat sat.\u007f"),
    status: 400,
    code: "invalid_input",
    message: /^"sentence" contains the control character U\+007F at index 12;/,
  },
  {
    name: "control character in a batch item",
    request: sentences([GOOD_SENTENCE, "bell\u0007"]),
    status: 400,
    code: "invalid_input",
    message: /^"sentences"\[1\] contains the control character U\+0007 at index 4;/,
  },
  {
    name: "lone high surrogate (escaped in the JSON)",
    request: post('{"sentence": "The cat \\ud800 sat."}'),
    status: 400,
    code: "invalid_input",
    message: /^"sentence" is not well-formed Unicode \(it holds a lone surrogate\)$/,
  },
  {
    name: "lone low surrogate",
    request: post('{"sentence": "\\udc00 The cat sat."}'),
    status: 400,
    code: "invalid_input",
    message: /^"sentence" is not well-formed Unicode/,
  },
  {
    name: "surrogate pair in the wrong order",
    request: post('{"sentences": ["ok", "\\ude00\\ud83d"]}'),
    status: 400,
    code: "invalid_input",
    message: /^"sentences"\[1\] is not well-formed Unicode/,
  },
  // Base64 bodies.
  {
    name: "base64 garbage",
    request: post("this is not base64!", { isBase64Encoded: true }),
    status: 400,
    code: "invalid_body",
    message: /^the body is marked base64-encoded \(isBase64Encoded\) but is not valid base64$/,
  },
  {
    name: "base64 of the wrong length",
    request: post("eyJzZW50ZW5jZSI", { isBase64Encoded: true }),
    status: 400,
    code: "invalid_body",
    message: /but is not valid base64$/,
  },
  {
    name: "base64 with padding in the middle",
    request: post("ab==cd==", { isBase64Encoded: true }),
    status: 400,
    code: "invalid_body",
    message: /but is not valid base64$/,
  },
  {
    name: "base64 of invalid UTF-8",
    request: post(base64(Uint8Array.of(0x7b, 0xff, 0xfe, 0x80, 0x7d)), { isBase64Encoded: true }),
    status: 400,
    code: "invalid_body",
    message: /^the base64-decoded body is not UTF-8 text; send JSON encoded as UTF-8$/,
  },
  {
    name: "base64 of an encoded surrogate (CESU-8)",
    request: post(base64(Uint8Array.of(0x22, 0xed, 0xa0, 0x80, 0x22)), { isBase64Encoded: true }),
    status: 400,
    code: "invalid_body",
    message: /^the base64-decoded body is not UTF-8 text/,
  },
  {
    name: "base64 body over the limit",
    request: post(base64(batchBodyOfBytes(70_000)), { isBase64Encoded: true }),
    status: 413,
    code: "payload_too_large",
    message: /^the body is 70000 bytes; allowed: at most 65536 bytes$/,
  },
  {
    name: "base64 body of 300,000 '=' then 'x'",
    request: post(`${"=".repeat(300_000)}x`, { isBase64Encoded: true }),
    status: 413,
    code: "payload_too_large",
    message: /^the body is 225000 bytes; allowed: at most 65536 bytes$/,
  },
  {
    name: "base64 of a valid JSON body that breaks the contract",
    request: post(base64(json({ sentence: 5 })), { isBase64Encoded: true }),
    status: 400,
    code: "invalid_input",
    message: /^"sentence" must be a string; got a number$/,
  },
  // Malformed events: API Gateway passes the body as a string or null; a hand-made event may not.
  {
    name: "malformed event: body is a number",
    request: post(42),
    status: 400,
    code: "invalid_event",
    message:
      /^the event's "body" is a number; an HTTP event carries the body as a string \(base64 when isBase64Encoded\)$/,
  },
  {
    name: "malformed event: body is a number, flagged base64",
    request: post(42, { isBase64Encoded: true }),
    status: 400,
    code: "invalid_event",
    message:
      /^the event's "body" is a number; an HTTP event carries the body as a string \(base64 when isBase64Encoded\)$/,
  },
  {
    name: "malformed event: body is an object",
    request: post({ sentence: GOOD_SENTENCE }),
    status: 400,
    code: "invalid_event",
    message:
      /^the event's "body" is an object; an HTTP event carries the body as a string \(base64 when isBase64Encoded\)$/,
  },
  {
    name: "malformed event: body is an object, flagged base64",
    request: post({ sentence: GOOD_SENTENCE }, { isBase64Encoded: true }),
    status: 400,
    code: "invalid_event",
    message:
      /^the event's "body" is an object; an HTTP event carries the body as a string \(base64 when isBase64Encoded\)$/,
  },
  {
    name: "malformed event: body is an array",
    request: post([GOOD_SENTENCE]),
    status: 400,
    code: "invalid_event",
    message:
      /^the event's "body" is an array; an HTTP event carries the body as a string \(base64 when isBase64Encoded\)$/,
  },
  {
    name: "malformed event: body is an empty array, flagged base64",
    request: post([], { isBase64Encoded: true }),
    status: 400,
    code: "invalid_event",
    message:
      /^the event's "body" is an array; an HTTP event carries the body as a string \(base64 when isBase64Encoded\)$/,
  },
  {
    name: "malformed event: body is false",
    request: post(false),
    status: 400,
    code: "invalid_event",
    message:
      /^the event's "body" is a boolean; an HTTP event carries the body as a string \(base64 when isBase64Encoded\)$/,
  },
  // Prototype keys: JSON.parse makes "__proto__" an own key, which is refused like any unknown field.
  {
    name: '{"__proto__": {"sentence": …}}',
    request: post('{"__proto__": {"sentence": "The cat sat."}}'),
    status: 400,
    code: "invalid_input",
    message: new RegExp(`^unknown field "__proto__"; allowed: ${SHAPE}$`),
  },
  {
    name: '{"__proto__": …, "sentence": "ok"}',
    request: post('{"__proto__": {"polluted": true, "sentences": ["x"]}, "sentence": "ok"}'),
    status: 400,
    code: "invalid_input",
    message: /^unknown field "__proto__"/,
  },
  {
    name: '{"constructor": {"prototype": …}, "sentence": "ok"}',
    request: post('{"constructor": {"prototype": {"polluted": true}}, "sentence": "ok"}'),
    status: 400,
    code: "invalid_input",
    message: /^unknown field "constructor"/,
  },
  // No body.
  {
    name: "no body",
    request: post(undefined),
    status: 400,
    code: "invalid_body",
    message: /^the request has no body; send JSON such as \{"sentence": "The cat sat\."\}$/,
  },
  {
    name: "empty body",
    request: post(""),
    status: 400,
    code: "invalid_body",
    message: /^the request has no body/,
  },
  // Wrong method or path.
  {
    name: "PUT /predict",
    request: { method: "PUT", body: json({ sentence: GOOD_SENTENCE }) },
    status: 405,
    code: "method_not_allowed",
    message: /^PUT is not allowed on \/predict; allowed: POST, OPTIONS$/,
    allow: "POST, OPTIONS",
  },
  {
    name: "DELETE /predict",
    request: { method: "DELETE" },
    status: 405,
    code: "method_not_allowed",
    message: /^DELETE is not allowed on \/predict; allowed: POST, OPTIONS$/,
    allow: "POST, OPTIONS",
  },
  {
    name: "PATCH /predict",
    request: { method: "PATCH", body: json({ sentence: GOOD_SENTENCE }) },
    status: 405,
    code: "method_not_allowed",
    message: /^PATCH is not allowed on \/predict; allowed: POST, OPTIONS$/,
    allow: "POST, OPTIONS",
  },
  {
    name: "GET /predict",
    request: { method: "GET" },
    status: 405,
    code: "method_not_allowed",
    message: /^GET is not allowed on \/predict; allowed: POST, OPTIONS$/,
    allow: "POST, OPTIONS",
  },
  {
    name: "GET /prediction",
    request: { method: "GET", path: "/prediction" },
    status: 405,
    code: "method_not_allowed",
    message: /^GET is not allowed on \/prediction; allowed: POST, OPTIONS$/,
    allow: "POST, OPTIONS",
  },
  {
    name: "POST /health",
    request: { method: "POST", path: "/health", body: json({ sentence: GOOD_SENTENCE }) },
    status: 405,
    code: "method_not_allowed",
    message: /^POST is not allowed on \/health; allowed: GET, OPTIONS$/,
    allow: "GET, OPTIONS",
  },
  {
    name: "GET /nope",
    request: { method: "GET", path: "/nope" },
    status: 404,
    code: "not_found",
    message: /^no resource at \/nope; use POST \/predict to classify or GET \/health$/,
  },
];

interface AcceptedRow {
  name: string;
  request: RequestSpec;
  /** The sentences the handler must classify, unchanged. */
  sentences: string[];
  batch: boolean;
}

const accepted = (name: string, text: string): AcceptedRow => ({
  name,
  request: sentence(text),
  sentences: [text],
  batch: false,
});

const exactBody = batchBodyOfBytes(65_536);
const ACCEPTED_ROWS: AcceptedRow[] = [
  accepted("emoji", "I love 🍕 and 🎉, said the cat."),
  accepted("CJK", "猫がマットの上に座った。"),
  accepted("accents", "Le café était très animé, n'est-ce pas ?"),
  accepted("right-to-left script", "جلست القطة على الحصيرة."),
  accepted("combining marks", "Cafe\u0301 cre\u0300me bru\u0302le\u0301e."),
  accepted("emoji joined by zero-width joiners", "👨‍👩‍👧 went home."),
  accepted("tabs and line breaks", "The cat\tsat\non the\r\nmat."),
  accepted("no-break space and line separator inside", "The\u00a0cat sat\u2028on the mat."),
  accepted("leading and trailing whitespace", "   The cat sat on the mat.   "),
  accepted("exactly 2,000 characters", words(2000)),
  accepted("exactly 2,000 emoji (4,000 UTF-16 units)", emoji.repeat(2000)),
  {
    name: "JSON escapes, including an escaped surrogate pair",
    request: post('{"sentence": "caf\\u00e9 \\ud83d\\ude00 \\u0041"}'),
    sentences: ["café 😀 A"],
    batch: false,
  },
  {
    name: "a repeated key (JSON.parse keeps the last)",
    request: post('{"sentence": 42, "sentence": "The cat sat."}'),
    sentences: ["The cat sat."],
    batch: false,
  },
  {
    name: "a batch of exactly 64 sentences",
    request: sentences(new Array<string>(64).fill(GOOD_SENTENCE)),
    sentences: new Array<string>(64).fill(GOOD_SENTENCE),
    batch: true,
  },
  {
    name: "a body of exactly 64 KiB",
    request: post(exactBody),
    sentences: (JSON.parse(exactBody) as { sentences: string[] }).sentences,
    batch: true,
  },
  {
    name: "a one-sentence batch in mixed scripts",
    request: sentences(["Der Hund schläft. 狗在睡觉。 Собака спит."]),
    sentences: ["Der Hund schläft. 狗在睡觉。 Собака спит."],
    batch: true,
  },
  {
    name: "base64 JSON with no content type",
    request: post(base64(json({ sentence: GOOD_SENTENCE })), { isBase64Encoded: true, headers: {} }),
    sentences: [GOOD_SENTENCE],
    batch: false,
  },
  {
    name: "base64 with a trailing line break",
    request: post(`${base64(json({ sentences: ["a", "b"] }))}\n`, { isBase64Encoded: true }),
    sentences: ["a", "b"],
    batch: true,
  },
];

/** The row's body as a direct-invocation payload, when it has one: JSON text sent by POST to a predict path. */
function directPayload(row: { request: RequestSpec }): { payload: unknown } | undefined {
  const { method = "POST", path = "/predict", body, isBase64Encoded = false } = row.request;
  if (method !== "POST" || path !== "/predict" || isBase64Encoded || typeof body !== "string")
    return undefined;
  try {
    return { payload: JSON.parse(body) as unknown };
  } catch {
    return undefined;
  }
}

function assertPrototypeClean(): void {
  for (const key of ["sentence", "sentences", "polluted"]) {
    assert.equal(Object.hasOwn(Object.prototype, key), false, `Object.prototype.${key} was set`);
    assert.equal(({} as Record<string, unknown>)[key], undefined);
  }
}

describe("bad inputs", function () {
  let predictor: Predictor;
  let labels: string[];
  let handler: ClassifierHandler;
  let baseline: LabelScore[];

  before(async function () {
    predictor = await loadPredictor(outputNamedModelDir);
    labels = configLabels(outputNamedModelDir);
    handler = createHandler(buildService(predictor));
    baseline = okBody(
      await handler(eventFor("http-api", sentence(GOOD_SENTENCE)), testContext()),
    ) as LabelScore[];
    assertLabelScores(baseline, labels);
  });

  it("has at least 30 refusals, each row named once", function () {
    assert.ok(BAD_ROWS.length >= 30);
    assert.equal(new Set(BAD_ROWS.map((row) => row.name)).size, BAD_ROWS.length);
  });

  async function assertGoodStillWorks(shape: EventShape | "direct"): Promise<void> {
    if (shape === "direct") {
      assert.deepEqual(await handler({ sentence: GOOD_SENTENCE }, testContext()), baseline);
      return;
    }
    assert.deepEqual(
      okBody(await handler(eventFor(shape, sentence(GOOD_SENTENCE)), testContext())),
      baseline,
    );
  }

  for (const shape of EVENT_SHAPES) {
    describe(`refused over ${shape}, each followed by a good request`, function () {
      for (const row of BAD_ROWS) {
        it(`${row.name} → ${row.status} ${row.code}`, async function () {
          const result = await handler(eventFor(shape, row.request), testContext());
          const refused = assertErrorResult(result, row);
          assert.equal(refused.headers.allow, row.allow);
          assertPrototypeClean();
          await assertGoodStillWorks(shape);
        });
      }
    });

    describe(`accepted over ${shape}`, function () {
      for (const row of ACCEPTED_ROWS) {
        it(`${row.name} → 200`, async function () {
          const body = okBody(await handler(eventFor(shape, row.request), testContext()));
          const expected = await predictor.predict(row.sentences);
          if (row.batch) {
            assertBatchScores(body, labels, row.sentences.length);
            assert.deepEqual(body, expected);
          } else {
            assertLabelScores(body, labels);
            assert.deepEqual(body, expected[0]);
          }
          await assertGoodStillWorks(shape);
        });
      }
    });
  }

  describe("refused as direct invocations (thrown as RequestError), each followed by a good one", function () {
    for (const row of BAD_ROWS) {
      const direct = directPayload(row);
      // A direct payload has no body, so the body-size rows answer differently there (see "limits" below).
      if (direct === undefined || row.code === "payload_too_large") continue;
      it(`${row.name} → ${row.code}`, async function () {
        await assert.rejects(handler(direct.payload, testContext()), (error: unknown) => {
          assert.ok(error instanceof RequestError);
          assert.equal(error.code, row.code);
          assert.equal(error.statusCode, row.status);
          assert.match(error.name, /^[A-Z][A-Za-z]+Error$/);
          assert.match(error.message, row.message);
          return true;
        });
        assertPrototypeClean();
        await assertGoodStillWorks("direct");
      });
    }
  });

  describe("accepted as direct invocations", function () {
    for (const row of ACCEPTED_ROWS) {
      const direct = directPayload(row);
      if (direct === undefined) continue;
      it(`${row.name}`, async function () {
        const expected = await predictor.predict(row.sentences);
        assert.deepEqual(await handler(direct.payload, testContext()), row.batch ? expected : expected[0]);
      });
    }
  });

  it("answers every bad and good request correctly when they arrive all at once", async function () {
    const answers = await Promise.all(
      BAD_ROWS.flatMap((row) => [
        handler(eventFor("http-api", row.request), testContext()).then((result) =>
          assertErrorResult(result, row),
        ),
        handler(eventFor("http-api", sentence(GOOD_SENTENCE)), testContext()).then((result) =>
          assert.deepEqual(okBody(result), baseline),
        ),
      ]),
    );
    assert.equal(answers.length, BAD_ROWS.length * 2);
  });

  it("refuses a huge base64 body and a path full of slashes in linear time", async function () {
    const started = performance.now();
    const base64Bomb = eventFor("http-api", post(`${"=".repeat(2_000_000)}x`, { isBase64Encoded: true }));
    assertErrorResult(await handler(base64Bomb, testContext()), {
      status: 413,
      code: "payload_too_large",
      message: /^the body is 1500000 bytes/,
    });
    const slashes = eventFor("function-url", { method: "GET", path: `/${"/".repeat(100_000)}x/` });
    assertErrorResult(await handler(slashes, testContext()), {
      status: 404,
      code: "not_found",
      message: /^no resource at/,
    });
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 1000, `took ${Math.round(elapsed)} ms`);
  });
});

describe("limits other than the defaults", function () {
  let predictor: Predictor;
  let labels: string[];

  before(async function () {
    predictor = await loadPredictor(outputNamedModelDir);
    labels = configLabels(outputNamedModelDir);
  });

  const cases = [
    {
      title: "from the Service's limits",
      limits: (): { maxSentences: number; maxSentenceChars: number; maxBodyBytes: number } => ({
        maxSentences: 3,
        maxSentenceChars: 20,
        maxBodyBytes: 200,
      }),
    },
    {
      title: "from MAX_SENTENCES, MAX_SENTENCE_CHARS and MAX_BODY_BYTES (readSettings)",
      limits: () =>
        readSettings({ MAX_SENTENCES: "3", MAX_SENTENCE_CHARS: "20", MAX_BODY_BYTES: " 200 " }).limits,
    },
  ];

  for (const { title, limits } of cases) {
    describe(title, function () {
      let handler: ClassifierHandler;
      before(function () {
        handler = createHandler(buildService(predictor, { limits: limits() }));
      });

      const request = (spec: RequestSpec): Promise<unknown> =>
        handler(eventFor("http-api", spec), testContext());

      it("takes 3 sentences and refuses 4 (413), and says so when the batch is empty", async function () {
        assertBatchScores(okBody(await request(sentences(["a", "b", "c"]))), labels, 3);
        assertErrorResult(await request(sentences(["a", "b", "c", "d"])), {
          status: 413,
          code: "too_many_sentences",
          message: /^"sentences" has 4 items; allowed: at most 3 per request$/,
        });
        assertErrorResult(await request(sentences([])), {
          status: 400,
          code: "invalid_input",
          message: /^"sentences" is empty; allowed: 1 to 3 sentences$/,
        });
      });

      it("takes 20 characters and refuses 21 (413)", async function () {
        assertLabelScores(okBody(await request(sentence(words(20)))), labels);
        assertErrorResult(await request(sentence(words(21))), {
          status: 413,
          code: "sentence_too_long",
          message: /^"sentence" has 21 characters; allowed: at most 20$/,
        });
      });

      it("takes a 200-byte body and refuses 201 bytes (413), plain or base64", async function () {
        // Padded with JSON whitespace after the object, so the sentences stay within their own limit.
        const body = (bytes: number): string => {
          const text = json({ sentences: ["a", "b"] });
          return text + " ".repeat(bytes - Buffer.byteLength(text));
        };
        assert.equal(Buffer.byteLength(body(200)), 200);
        assertBatchScores(okBody(await request(post(body(200)))), labels, 2);
        const tooLarge = {
          status: 413,
          code: "payload_too_large",
          message: /^the body is 201 bytes; allowed: at most 200 bytes$/,
        };
        assertErrorResult(await request(post(body(201))), tooLarge);
        assertErrorResult(await request(post(base64(body(201)), { isBase64Encoded: true })), tooLarge);
        assertBatchScores(
          okBody(await request(post(base64(body(200)), { isBase64Encoded: true }))),
          labels,
          2,
        );
      });

      it("applies the sentence limits to direct invocations too", async function () {
        await assert.rejects(handler({ sentences: ["a", "b", "c", "d"] }, testContext()), {
          code: "too_many_sentences",
        });
        await assert.rejects(handler({ sentence: words(21) }, testContext()), { code: "sentence_too_long" });
      });
    });
  }
});
