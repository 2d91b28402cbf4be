/** The import cannot go on; the message names the file (or argument) at fault and what to do. */
export class ImportError extends Error {
  constructor(
    readonly subject: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${subject}: ${problem}`, options);
    this.name = "ImportError";
  }
}
