import { RequestError, type ErrorCode } from "./errors.js";

/** A value or the reason it could not be had; lets validation return refusals instead of throwing them. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: RequestError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = <T = never>(
  code: ErrorCode,
  message: string,
  headers?: Readonly<Record<string, string>>,
): Result<T> => ({ ok: false, error: new RequestError(code, message, headers) });
