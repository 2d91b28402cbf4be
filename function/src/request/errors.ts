/** Every way a request can be refused, with the HTTP status it maps to. */
export const ERROR_STATUS = {
  /** No body, a body that is not valid base64 although marked so, or not UTF-8 text. */
  invalid_body: 400,
  /** The body is not JSON. */
  invalid_json: 400,
  /** The JSON does not follow the API's contract (`sentence` or `sentences`, non-empty text). */
  invalid_input: 400,
  /** An HTTP event whose `body` is neither a string nor null: API Gateway never sends one, a hand-made event can. */
  invalid_event: 400,
  /** The body (or a direct invocation's text) is over `MAX_BODY_BYTES`. */
  payload_too_large: 413,
  /** The batch is over `MAX_SENTENCES`. */
  too_many_sentences: 413,
  /** A sentence is over `MAX_SENTENCE_CHARS`. */
  sentence_too_long: 413,
  /** A GET to a path that is neither the health check nor a prediction route. */
  not_found: 404,
  /** A method the path does not take; the answer's `allow` header names the ones it does. */
  method_not_allowed: 405,
  /** The classifier failed; the caller is given the request id to quote, never the fault. */
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * A refused request, carried as a value until the edge of the handler. HTTP callers get its status and
 * `{"error": {"code", "message"}}`; direct invokers get it thrown, and Lambda reports `name` as the errorType.
 */
export class RequestError extends Error {
  readonly statusCode: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra response headers, e.g. `allow` on a 405. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.statusCode = ERROR_STATUS[code];
    this.name = errorTypeName(code);
  }

  toJSON(): { error: { code: ErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/** "too_many_sentences" → "TooManySentencesError", "internal_error" → "InternalError": the errorType a direct invoker sees. */
function errorTypeName(code: ErrorCode): string {
  const name = code.replace(/(^|_)([a-z])/g, (_, __: string, letter: string) => letter.toUpperCase());
  return name.endsWith("Error") ? name : `${name}Error`;
}
