import { ModelLoadError } from "../../function/src/model/errors.js";

/**
 * The import cannot go on. Like the function's init errors, the message starts with what is at fault: a file of
 * the source or the new folder, or an argument (`--labels`).
 */
export class ImportError extends ModelLoadError {
  override readonly name = "ImportError";
}
