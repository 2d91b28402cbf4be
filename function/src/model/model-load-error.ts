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
