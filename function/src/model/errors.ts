/** The model folder cannot be served; the message starts with the file at fault so the fix is obvious. */
export class ModelLoadError extends Error {
  constructor(
    readonly file: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${problem}`, options);
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
