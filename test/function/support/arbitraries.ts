import fc from "fast-check";
import {
  base64,
  EVENT_SHAPES,
  eventFor,
  type EventShape,
  type HttpEvent,
  type RequestSpec,
} from "./events.js";

/*
 * Generators of bad (and sometimes good) input for the handler: HTTP events of every shape API Gateway and function
 * URLs deliver, and direct-invocation payloads. Weighted towards what a parser trips on.
 */

/** Lone surrogate halves: a JavaScript string can hold them, UTF-8 cannot. */
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const controlChar = fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code));
const tricky = fc.constantFrom(
  '"',
  "\\",
  "\u2028",
  "\ufeff",
  "\u0085",
  "😀",
  "é",
  "__proto__",
  "{",
  "[",
  "%",
  "=",
);

/** One string unit: any code point, control characters, lone surrogates or characters parsers treat specially. */
const unit = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("a", "b", " ", "The", "cat", ".") },
  { weight: 2, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: controlChar },
  { weight: 1, arbitrary: loneSurrogate },
  { weight: 1, arbitrary: tricky },
);

export const text = (maxLength = 40): fc.Arbitrary<string> => fc.string({ unit, maxLength });

/** Huge or empty values: the limits' edges and far past them. */
const sized = fc.oneof(
  fc.constant(""),
  fc.constant("   "),
  fc.integer({ min: 1_990, max: 2_010 }).map((length) => "a".repeat(length)),
  fc.integer({ min: 60_000, max: 70_000 }).map((length) => "x ".repeat(length / 2)),
);

/** Arrays or objects nested up to thousands deep, as JSON text. */
const deep = fc
  .tuple(fc.integer({ min: 1, max: 5_000 }), fc.boolean(), fc.boolean())
  .map(([depth, arrays, closed]) => {
    const open = arrays ? "[".repeat(depth) : '{"a":'.repeat(depth);
    const close = arrays ? "]".repeat(depth) : "}".repeat(depth);
    return closed ? `${open}1${close}` : open;
  });

const jsonValue = fc.jsonValue({ maxDepth: 4 });
const sentenceValue = fc.oneof(
  { weight: 3, arbitrary: text() },
  { weight: 1, arbitrary: sized },
  { weight: 1, arbitrary: jsonValue },
);

/** A request object as a client might write it: the right keys with any values, extra keys, wrong keys. */
export const requestObject: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ sentence: sentenceValue }),
  fc.record({ sentences: fc.oneof(fc.array(sentenceValue, { maxLength: 8 }), jsonValue) }),
  // Around the default limit of 64 sentences.
  fc.record({
    sentences: fc.array(fc.constantFrom("a", "The cat sat.", ""), { minLength: 60, maxLength: 70 }),
  }),
  fc.record({ sentence: sentenceValue, sentences: fc.array(sentenceValue, { maxLength: 3 }) }),
  fc.dictionary(text(12), jsonValue, { maxKeys: 4 }),
  fc.record({ sentence: text(), extra: jsonValue }),
  jsonValue,
);

const jsonBody = fc.oneof(
  { weight: 4, arbitrary: requestObject.map((value) => JSON.stringify(value) ?? "null") },
  { weight: 1, arbitrary: text(200) },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: sized },
  { weight: 1, arbitrary: requestObject.map((value) => `\ufeff${JSON.stringify(value)}`) },
);

/** The body as API Gateway passes it: text, base64 of text or bytes, not base64 at all though flagged so, or none. */
const body = fc.oneof(
  { weight: 4, arbitrary: jsonBody.map((raw) => ({ body: raw, isBase64Encoded: false })) },
  { weight: 2, arbitrary: jsonBody.map((raw) => ({ body: base64(raw), isBase64Encoded: true })) },
  {
    weight: 1,
    arbitrary: fc
      .uint8Array({ maxLength: 300 })
      .map((bytes) => ({ body: base64(bytes), isBase64Encoded: true })),
  },
  { weight: 1, arbitrary: text(60).map((raw) => ({ body: raw, isBase64Encoded: true })) },
  {
    weight: 1,
    arbitrary: fc.constant<{ body: string | undefined; isBase64Encoded: boolean }>({
      body: undefined,
      isBase64Encoded: false,
    }),
  },
  // A malformed event: a body that is not a string (a number, object, array, boolean), flagged base64 or not.
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.oneof(
          fc.double(),
          fc.integer(),
          fc.boolean(),
          fc.array(jsonValue, { maxLength: 3 }),
          requestObject,
        ),
        fc.boolean(),
      )
      .filter(([raw]) => typeof raw !== "string" && raw !== null)
      .map(([raw, isBase64Encoded]) => ({ body: raw, isBase64Encoded })),
  },
);

const method = fc.oneof(
  { weight: 5, arbitrary: fc.constant("POST") },
  { weight: 1, arbitrary: fc.constant("GET") },
  { weight: 2, arbitrary: fc.constantFrom("PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "post", "get") },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Z]{1,10}$/) },
);

const path = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom("/predict", "/prediction", "/health", "/predict/", "/health//", "/"),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.array(text(8), { maxLength: 4 }), fc.boolean())
      .map(([parts, encode]) => `/${parts.map((part) => (encode ? percentEncoded(part) : part)).join("/")}`),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 5_000 }).map((count) => "/".repeat(count)) },
  // Paths beginning with "//", which a URL parser reads as a host: "//", "//a:b@x/health", "//predict".
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom("//", "//a:b@x", "///", "//x"), fc.constantFrom("", "/health", "/predict", "/"))
      .map(([start, rest]) => `${start}${rest}`),
  },
);

/** Percent-encoded as a client would send it; a lone surrogate has no UTF-8, so it stays as it is. */
function percentEncoded(part: string): string {
  try {
    return encodeURIComponent(part);
  } catch {
    return part;
  }
}

const headers = fc.option(
  fc.constantFrom<Record<string, string>>(
    { "content-type": "application/json" },
    { "content-type": "text/plain; charset=latin1" },
    { "content-type": "application/x-www-form-urlencoded" },
    {},
  ),
  { nil: undefined },
);

export interface GeneratedRequest {
  shape: EventShape;
  spec: RequestSpec;
}

/** An HTTP request in one of the three event shapes. */
export const httpRequest: fc.Arbitrary<GeneratedRequest> = fc
  .record({ shape: fc.constantFrom(...EVENT_SHAPES), method, path, body, headers })
  .map(({ shape, method, path, body, headers }) => ({
    shape,
    spec: { method, path, ...body, ...(headers === undefined ? {} : { headers }) },
  }));

export const toEvent = ({ shape, spec }: GeneratedRequest): HttpEvent => eventFor(shape, spec);

/** What `aws lambda invoke` could be given: any JSON, usually shaped like a request. */
export const directPayload: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: requestObject },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 6 }) },
  { weight: 1, arbitrary: deep.map((raw) => JSON.parse(raw.endsWith("1") ? raw : "null") as unknown) },
);
