/** Every way a request can be refused, with the HTTP status it maps to. */
export const ERROR_STATUS = {
  invalid_body: 400,
  invalid_json: 400,
  invalid_input: 400,
  payload_too_large: 413,
  too_many_sentences: 413,
  sentence_too_long: 413,
  not_found: 404,
  method_not_allowed: 405,
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

/** A value or the reason it could not be had; lets validation return errors instead of throwing them. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: RequestError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: ErrorCode, message: string): Result<T> => ({
  ok: false,
  error: new RequestError(code, message),
});
