import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { ImportError } from "./errors";

const INTERRUPTIONS = ["SIGINT", "SIGTERM"] as const;

/** The importer never writes into or over an existing folder. */
export function assertNewFolder(outDir: string): void {
  if (existsSync(outDir)) {
    throw new ImportError(
      outDir,
      "already exists; the importer only writes a new folder (remove it or pick another name)",
    );
  }
}

/**
 * Fills a hidden temporary folder beside `outDir` and renames it to `outDir` only when `fill` succeeds, so a
 * failed or interrupted import never leaves a half-made model folder under the name the user gave, nor, on
 * Ctrl+C, the temporary one.
 */
export async function writeFolderAtomically<T>(
  outDir: string,
  fill: (dir: string) => Promise<T>,
): Promise<T> {
  assertNewFolder(outDir);
  const parent = path.dirname(path.resolve(outDir));
  mkdirSync(parent, { recursive: true });
  // Not mkdtemp: its folders are private (0700); this one becomes the model folder, with the usual permissions.
  const temporary = path.join(
    parent,
    `.${path.basename(outDir)}.importing-${randomBytes(4).toString("hex")}`,
  );
  mkdirSync(temporary);
  const remove = () => rmSync(temporary, { recursive: true, force: true });
  const interrupted = (signal: NodeJS.Signals) => {
    remove();
    process.kill(process.pid, signal);
  };
  for (const signal of INTERRUPTIONS) process.once(signal, interrupted);
  try {
    const result = await fill(temporary);
    renameSync(temporary, outDir);
    return result;
  } catch (error) {
    remove();
    throw error;
  } finally {
    for (const signal of INTERRUPTIONS) process.removeListener(signal, interrupted);
  }
}
