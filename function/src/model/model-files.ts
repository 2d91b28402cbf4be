import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  realpathSync,
  statSync,
  type Stats,
} from "node:fs";
import path from "node:path";
import { isMissing, ModelLoadError, messageOf } from "./errors.js";

const MiB = 1024 * 1024;

/**
 * The largest file of each name a model folder may hold, in bytes (docs/your-own-model.md states them). Far above
 * what real models ship (a BERT config.json is 1 KB, the largest Hugging Face tokenizer.json files about 35 MB), and
 * model.onnx at protobuf's own 2 GiB limit; their point is that nothing is read without a bound.
 */
export const FILE_SIZE_LIMITS = {
  "config.json": 4 * MiB,
  "tokenizer_config.json": 4 * MiB,
  "special_tokens_map.json": 4 * MiB,
  "tokenizer.json": 256 * MiB,
  "vocab.txt": 128 * MiB,
  "model.onnx": 2048 * MiB - 1,
} as const;

/** A file a model folder may hold. */
export type ModelFileName = keyof typeof FILE_SIZE_LIMITS;

/** `bytes` for a message: "1.5 MiB", "300 bytes". */
export function formatBytes(bytes: number): string {
  return bytes < MiB ? `${bytes} bytes` : `${(bytes / MiB).toFixed(1).replace(/\.0$/, "")} MiB`;
}

/**
 * The real path of a model folder, or a ModelLoadError naming `dir` and saying what it is for (`role`, e.g.
 * "the model folder (MODEL_DIR)") when it does not exist or is not a folder.
 */
export function resolveModelFolder(dir: string, role: string): string {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch (error) {
    if (isMissing(error)) throw new ModelLoadError(dir, `no such folder (${role})`, { cause: error });
    throw new ModelLoadError(dir, `cannot be opened (${role}): ${messageOf(error)}`, { cause: error });
  }
  if (!statSync(real).isDirectory()) throw new ModelLoadError(dir, `is not a folder (${role})`);
  return real;
}

/** Whether `name` is in `dir` as anything at all (a dangling symlink too), without following or opening it. */
export function hasEntry(dir: string, name: ModelFileName): boolean {
  try {
    lstatSync(path.join(dir, name));
    return true;
  } catch {
    return false;
  }
}

/**
 * The bytes of `dir/name`, or undefined when there is no such entry: read only when it is a regular file whose
 * real path is inside the folder's, and no larger than its limit. Everything is checked before the file is opened
 * (a FIFO would block `open`, `/dev/zero` would never end), and again on the open descriptor, so a file swapped
 * in between is refused too. Every refusal is a ModelLoadError naming `dir/name`.
 */
export function readModelFile(dir: string, name: ModelFileName): Buffer | undefined {
  const file = path.join(dir, name);
  const limit = FILE_SIZE_LIMITS[name];
  let entry: Stats;
  try {
    entry = lstatSync(file);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw new ModelLoadError(file, `cannot be read: ${messageOf(error)}`, { cause: error });
  }
  let real = file;
  if (entry.isSymbolicLink()) {
    try {
      real = realpathSync(file);
    } catch (error) {
      throw new ModelLoadError(file, "is a symlink to nothing (its target does not exist)", { cause: error });
    }
    const folder = realpathSync(dir);
    if (!isInside(folder, real)) {
      throw new ModelLoadError(
        file,
        `is a symlink to ${real}, outside the model folder; copy the file itself into the folder`,
      );
    }
  }
  checkRegular(file, statSync(real), limit);
  // O_NONBLOCK: should a FIFO take the file's place after the check, open returns instead of waiting for a writer.
  const fd = openSync(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const size = checkRegular(file, fstatSync(fd), limit);
    // One byte more than the size: a file that grew since fstat is refused rather than read without end.
    const buffer = Buffer.allocUnsafe(size + 1);
    let filled = 0;
    for (;;) {
      const read = readSync(fd, buffer, filled, buffer.length - filled, null);
      if (read === 0) break;
      filled += read;
      if (filled > size) throw new ModelLoadError(file, "grew while it was read; try again");
    }
    return buffer.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}

/** The size of a regular file within `limit`, or a ModelLoadError saying what `file` is instead. */
function checkRegular(file: string, stats: Stats, limit: number): number {
  if (!stats.isFile()) {
    throw new ModelLoadError(
      file,
      `is ${kindOf(stats)}, not a regular file; a model folder holds plain files`,
    );
  }
  if (stats.size > limit) {
    throw new ModelLoadError(
      file,
      `is ${formatBytes(stats.size)}, over the ${formatBytes(limit)} limit for ${path.basename(file)} (docs/your-own-model.md)`,
    );
  }
  return stats.size;
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return "a folder";
  if (stats.isFIFO()) return "a named pipe (FIFO)";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  return "not a plain file";
}

/** Whether `child` is `parent` or below it (both real, absolute paths). */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return (
    relative === "" ||
    (!relative.startsWith(`..${path.sep}`) && relative !== ".." && !path.isAbsolute(relative))
  );
}
