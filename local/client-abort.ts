import type { IncomingMessage } from "node:http";

/** Whether reading `request` failed because its client went away before the body ended (Node's "aborted"). */
export function isClientAbort(error: unknown, request: IncomingMessage): boolean {
  return request.readableAborted || (error as NodeJS.ErrnoException | null)?.code === "ECONNRESET";
}

/** LOG_LEVEL=DEBUG (or TRACE) shows the local server's debug lines; other levels hide them. */
export function debugEnabled(logLevel: string | undefined): boolean {
  const level = (logLevel ?? "").trim().toUpperCase();
  return level === "DEBUG" || level === "TRACE";
}
