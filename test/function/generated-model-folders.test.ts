import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { MAX_MESSAGE_LENGTH, ModelLoadError } from "../../function/src/model/errors.js";
import { FILE_SIZE_LIMITS } from "../../function/src/model/model-files.js";
import { readModelFolder } from "../../function/src/model/model-folder.js";
import { Predictor } from "../../function/src/model/predictor.js";
import { KNOWN_SAFE_PATTERNS } from "../../function/src/model/tokenizer-patterns.js";
import { ImportError } from "../../training/import/errors";
import { importModel } from "../../training/import/import-model";
import { outputNamedModelDir } from "./support/paths.js";

/*
 * Thousands of random mutations of a model folder: files missing, swapped, truncated, symlinked (out of the folder
 * and within it), oversized, replaced by a pipe or a folder, filled with garbage, or with JSON fuzzed. Each must end
 * in success or one ModelLoadError naming a path of the folder, within a time bound, with a capped message. Most
 * cases run the folder's reading and checking (readModelFolder, what Predictor.load does before onnxruntime); every
 * FULL_EVERY-th runs the whole load, every IMPORT_EVERY-th model:import, which must leave no folder on failure.
 */
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
/** With FUZZ_SEED, fast-check's `path` from a failure report goes straight to the shrunk counterexample. */
const REPLAY_PATH = process.env.FUZZ_PATH;
const FULL_EVERY = 50;
const IMPORT_EVERY = 100;
/** Generous on a busy two-core machine: a refusal takes milliseconds, a full load well under a second. */
const CASE_MS = 10_000;

const FILES = ["config.json", "tokenizer.json", "model.onnx", "tokenizer_config.json"] as const;
type FileName = (typeof FILES)[number];
const JSON_FILES = ["config.json", "tokenizer.json", "tokenizer_config.json"] as const;
const HOSTILE_PATTERNS = ["(a+)+$", "(x|xx)+y", "(.*a){12}", "\\", "(?<=a+)b"];

type Mutation =
  | { kind: "remove" | "fifo" | "directory" | "oversize"; file: FileName }
  | { kind: "swap"; file: FileName; other: FileName }
  | { kind: "truncate"; file: FileName; fraction: number }
  | {
      kind: "symlink";
      file: FileName;
      target: "/dev/zero" | "/etc/passwd" | "outside" | "inside" | "dangling";
    }
  | { kind: "garbage"; file: FileName; bytes: Uint8Array }
  | { kind: "json"; file: (typeof JSON_FILES)[number]; key: string; value: unknown }
  | { kind: "labels"; labels: string[] }
  | { kind: "pattern"; pattern: string };

const file = fc.constantFrom(...FILES);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom("remove", "fifo", "directory", "oversize" as const), file }),
  fc.record({ kind: fc.constant("swap" as const), file, other: file }),
  fc.record({
    kind: fc.constant("truncate" as const),
    file,
    fraction: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant("symlink" as const),
    file,
    target: fc.constantFrom("/dev/zero", "/etc/passwd", "outside", "inside", "dangling" as const),
  }),
  fc.record({ kind: fc.constant("garbage" as const), file, bytes: fc.uint8Array({ maxLength: 64 }) }),
  fc.record({
    kind: fc.constant("json" as const),
    file: fc.constantFrom(...JSON_FILES),
    key: fc.constantFrom(
      "id2label",
      "vocab_size",
      "pad_token_id",
      "max_position_embeddings",
      "model_max_length",
      "model",
      "pre_tokenizer",
      "normalizer",
      "post_processor",
      "added_tokens",
      "padding",
    ),
    value: fc.jsonValue({ maxDepth: 2 }),
  }),
  fc.record({
    kind: fc.constant("labels" as const),
    labels: fc.array(fc.string({ unit: "binary", maxLength: 8 }), { maxLength: 4 }),
  }),
  fc.record({
    kind: fc.constant("pattern" as const),
    pattern: fc.oneof(
      fc.constantFrom(...HOSTILE_PATTERNS, ...KNOWN_SAFE_PATTERNS.keys()),
      fc.string({ maxLength: 12 }),
    ),
  }),
);

function sha256(dir: string): string {
  const hash = createHash("sha256");
  for (const name of readdirSync(dir).sort()) hash.update(name).update(readFileSync(path.join(dir, name)));
  return hash.digest("hex");
}

/** A fresh file at `target` (unlinked first: the case's files are hard links to the base's, which must not change). */
function rewrite(target: string, content: Uint8Array | string): void {
  rmSync(target, { recursive: true, force: true });
  writeFileSync(target, content);
}

/** The bytes of a plain, small file, else undefined: a mutation must not itself read a pipe or a huge file. */
function readPlain(target: string): Buffer | undefined {
  try {
    const stats = lstatSync(target);
    return stats.isFile() && stats.size < 8 * 1024 * 1024 ? readFileSync(target) : undefined;
  } catch {
    return undefined;
  }
}

function apply(dir: string, outside: string, change: Mutation): void {
  const at = (name: string) => path.join(dir, name);
  const editJson = (name: string, edit: (json: Record<string, unknown>) => void) => {
    const bytes = readPlain(at(name));
    if (bytes === undefined) return;
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(bytes.toString("utf8")) as Record<string, unknown>;
    } catch {
      return;
    }
    if (typeof json !== "object" || json === null) return;
    edit(json);
    rewrite(at(name), JSON.stringify(json));
  };
  switch (change.kind) {
    case "remove":
      rmSync(at(change.file), { recursive: true, force: true });
      return;
    case "fifo":
      rmSync(at(change.file), { recursive: true, force: true });
      execFileSync("mkfifo", [at(change.file)]);
      return;
    case "directory":
      rmSync(at(change.file), { recursive: true, force: true });
      mkdirSync(at(change.file));
      return;
    case "oversize":
      rewrite(at(change.file), "");
      truncateSync(at(change.file), FILE_SIZE_LIMITS[change.file] + 1);
      return;
    case "swap":
      if (change.file === change.other || !existsSync(at(change.file)) || !existsSync(at(change.other)))
        return;
      renameSync(at(change.file), at("swapping"));
      renameSync(at(change.other), at(change.file));
      renameSync(at("swapping"), at(change.other));
      return;
    case "truncate": {
      const bytes = readPlain(at(change.file));
      if (bytes === undefined) return;
      rewrite(at(change.file), bytes.subarray(0, Math.floor(bytes.length * change.fraction)));
      return;
    }
    case "symlink": {
      rmSync(at(change.file), { recursive: true, force: true });
      const target = {
        "/dev/zero": "/dev/zero",
        "/etc/passwd": "/etc/passwd",
        outside: path.join(outside, change.file),
        inside: "config.json",
        dangling: "nothing-here",
      }[change.target];
      symlinkSync(target, at(change.file));
      return;
    }
    case "garbage":
      rewrite(at(change.file), change.bytes);
      return;
    case "json":
      editJson(change.file, (json) => (json[change.key] = change.value));
      return;
    case "labels":
      editJson(
        "config.json",
        (json) => (json.id2label = Object.fromEntries(change.labels.map((l, i) => [String(i), l]))),
      );
      return;
    case "pattern":
      editJson("tokenizer.json", (json) => {
        json.pre_tokenizer = {
          type: "Split",
          pattern: { Regex: change.pattern },
          behavior: "Isolated",
          invert: false,
        };
      });
      return;
  }
}

/** A refusal must be one ModelLoadError naming the folder or a path in it, its message capped. */
function assertNamedError(error: unknown, dir: string, kind: typeof ModelLoadError = ModelLoadError): void {
  if (!(error instanceof kind)) throw error;
  const inFolder = error.file === dir || path.dirname(error.file) === dir;
  assert.ok(inFolder, `names ${error.file}, not a path of ${dir}: ${error.message}`);
  assert.ok(error.message.startsWith(`${error.file}: `), error.message);
  assert.ok(error.message.length <= MAX_MESSAGE_LENGTH, `a message of ${error.message.length} characters`);
}

describe(`generated model folders (fast-check; replay with FUZZ_SEED=${SEED})`, function () {
  let work: string;
  let base: string;
  let outside: string;
  let baseDigest: string;

  before(function () {
    work = mkdtempSync(path.join(os.tmpdir(), "cola-generated-folders-"));
    base = path.join(work, "base");
    outside = path.join(work, "outside");
    mkdirSync(base);
    // A small vocabulary keeps each tokenizer parse fast; the model's table is larger, so the folder still serves.
    const tokenizer = JSON.parse(readFileSync(path.join(outputNamedModelDir, "tokenizer.json"), "utf8")) as {
      model: { vocab: Record<string, number> };
    };
    tokenizer.model.vocab = Object.fromEntries(
      Object.entries(tokenizer.model.vocab).filter(([, id]) => id < 300),
    );
    writeFileSync(path.join(base, "tokenizer.json"), JSON.stringify(tokenizer));
    writeFileSync(
      path.join(base, "config.json"),
      readFileSync(path.join(outputNamedModelDir, "config.json")),
    );
    writeFileSync(path.join(base, "model.onnx"), readFileSync(path.join(outputNamedModelDir, "model.onnx")));
    writeFileSync(path.join(base, "tokenizer_config.json"), JSON.stringify({ model_max_length: 128 }));
    execFileSync("cp", ["-r", base, outside]);
    baseDigest = sha256(base);
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  it(`${RUNS} mutated folders each load or give one named error, within ${CASE_MS / 1000} s, leaving nothing half-made`, async function () {
    const outcomes = { loaded: 0, refused: 0, fullLoads: 0, imports: 0 };
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (changes) => {
        run++;
        const dir = path.join(work, `case-${run}`);
        mkdirSync(dir);
        try {
          for (const name of readdirSync(base)) linkSync(path.join(base, name), path.join(dir, name));
          for (const change of changes) apply(dir, outside, change);
          const started = performance.now();
          try {
            readModelFolder(dir);
            outcomes.loaded++;
          } catch (error) {
            assertNamedError(error, dir);
            outcomes.refused++;
          }
          if (run % FULL_EVERY === 0) {
            outcomes.fullLoads++;
            await Predictor.load(dir).catch((error: unknown) => assertNamedError(error, dir));
          }
          if (run % IMPORT_EVERY === 0) {
            outcomes.imports++;
            const out = path.join(work, `imported-${run}`);
            try {
              await importModel({ source: dir, out });
              rmSync(out, { recursive: true });
            } catch (error) {
              if (!(error instanceof ImportError)) throw error;
              assert.ok(error.message.length <= MAX_MESSAGE_LENGTH);
              assert.equal(existsSync(out), false, "a failed import left its folder");
            }
            assert.deepEqual(
              readdirSync(work).filter((name) => name.includes(".importing-")),
              [],
              "a temporary folder was left",
            );
          }
          const elapsed = performance.now() - started;
          assert.ok(elapsed < CASE_MS, `took ${elapsed.toFixed(0)} ms`);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      {
        seed: SEED,
        numRuns: RUNS,
        endOnFailure: true,
        ...(REPLAY_PATH === undefined ? {} : { path: REPLAY_PATH }),
      },
    );
    assert.equal(sha256(base), baseDigest, "a mutation changed the base folder through a hard link");
    console.log(
      `      generated model folders: ${RUNS} checked (seed ${SEED}): ${outcomes.loaded} loaded, ${outcomes.refused} refused ` +
        `with a named error; ${outcomes.fullLoads} fully loaded, ${outcomes.imports} imported`,
    );
    assert.ok(
      outcomes.loaded > 0 && outcomes.refused > 0,
      "the mutations never, or always, broke the folder",
    );
  });
});
