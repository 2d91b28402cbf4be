import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { MAX_MESSAGE_LENGTH } from "../../function/src/model/errors.js";
import { ImportError } from "../../training/import/errors";
import { importModel } from "../../training/import/import-model";
import { MAX_VOCAB_TOKENS, parseVocabTxt, PROGRESS_EVERY } from "../../training/import/vocab-txt";
import { ISSUE_15_FIXTURES } from "./support/fixtures";

const roots: string[] = [];

/** A fresh folder with a copy of `fixture` in `source/`, changed by `change`. */
function workspace(fixture: string, change: (source: string) => void = () => undefined) {
  const root = mkdtempSync(path.join(os.tmpdir(), "cola-import-bounds-"));
  roots.push(root);
  const source = path.join(root, "source");
  cpSync(fixture, source, { recursive: true });
  change(source);
  return { root, source };
}

/** The import fails within seconds with an ImportError matching `message`, and writes nothing beside `out`. */
async function refused(options: { source: string; out: string }, message: RegExp): Promise<ImportError> {
  const before = readdirSync(path.dirname(path.resolve(options.out)));
  const started = performance.now();
  let caught: unknown;
  try {
    await importModel(options);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ImportError, `expected an ImportError, got ${String(caught)}`);
  assert.match(caught.message, message);
  assert.ok(caught.message.length <= MAX_MESSAGE_LENGTH, `a message of ${caught.message.length} characters`);
  assert.ok(performance.now() - started < 10_000, "took more than 10 s");
  assert.equal(existsSync(options.out), false, "the output folder was written");
  assert.deepEqual(
    readdirSync(path.dirname(path.resolve(options.out))),
    before,
    "something was left beside it",
  );
  return caught;
}

describe("model:import's boundaries (the issue's reproductions)", function () {
  after(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));

  it("a source given through a symlink cannot let it write inside the real source (real paths compared)", async function () {
    const { root, source } = workspace(ISSUE_15_FIXTURES.originalExport);
    const link = path.join(root, "srclink");
    symlinkSync(source, link);
    await refused(
      { source: link, out: path.join(source, "imported") },
      /imported: is inside the source folder/,
    );
    await refused({ source, out: path.join(link, "imported") }, /imported: is inside the source folder/);
    assert.deepEqual(readdirSync(source).sort(), ["README.md", "model.onnx", "vocab.txt"]);
  });

  it("vocab.txt a symlink to /etc/passwd: refused, nothing copied", async function () {
    const { root, source } = workspace(ISSUE_15_FIXTURES.originalExport, (dir) => {
      rmSync(path.join(dir, "vocab.txt"));
      symlinkSync("/etc/passwd", path.join(dir, "vocab.txt"));
    });
    await refused(
      { source, out: path.join(root, "out") },
      /source\/vocab\.txt: is a symlink to \/etc\/passwd, outside the model folder; copy the file itself into the folder/,
    );
  });

  it("a tokenizer.json that leads out of the source: refused, even to a good tokenizer", async function () {
    const { root, source } = workspace(ISSUE_15_FIXTURES.static1x128, (dir) => {
      rmSync(path.join(dir, "tokenizer.json"));
      symlinkSync(
        path.join(ISSUE_15_FIXTURES.static1x128, "tokenizer.json"),
        path.join(dir, "tokenizer.json"),
      );
    });
    await refused(
      { source, out: path.join(root, "out") },
      /source\/tokenizer\.json: is a symlink to .*, outside the model folder/,
    );
  });

  it("a named pipe for vocab.txt, and a model.onnx over its limit: refused within seconds", async function () {
    const pipe = workspace(ISSUE_15_FIXTURES.originalExport, (dir) => {
      rmSync(path.join(dir, "vocab.txt"));
      execFileSync("mkfifo", [path.join(dir, "vocab.txt")]);
    });
    await refused(
      { source: pipe.source, out: path.join(pipe.root, "out") },
      /vocab\.txt: is a named pipe \(FIFO\)/,
    );
    const big = workspace(ISSUE_15_FIXTURES.originalExport, (dir) =>
      execFileSync("truncate", ["-s", "3G", path.join(dir, "model.onnx")]),
    );
    await refused(
      { source: big.source, out: path.join(big.root, "out") },
      /model\.onnx: is 3072 MiB, over the 2048 MiB limit/,
    );
  });

  it('id2label {"0":"pos","1":"pos"} says the labels are not unique (not "no labels"), and writes no CoLA labels', async function () {
    const { root, source } = workspace(ISSUE_15_FIXTURES.originalExport, (dir) =>
      writeFileSync(path.join(dir, "config.json"), JSON.stringify({ id2label: { 0: "pos", 1: "pos" } })),
    );
    const error = await refused(
      { source, out: path.join(root, "out") },
      /^config\.json: "id2label": labels are not unique: "pos" is both label 0 and label 1$/,
    );
    assert.doesNotMatch(error.message, /no labels/);
  });

  it("unprintable labels are refused with the character escaped, never printed raw", async function () {
    const { root, source } = workspace(ISSUE_15_FIXTURES.originalExport, (dir) =>
      writeFileSync(
        path.join(dir, "config.json"),
        JSON.stringify({ id2label: { 0: "ok", 1: "\u001b[2J\u202e" } }),
      ),
    );
    await refused(
      { source, out: path.join(root, "out") },
      /"id2label": label 1 is not printable: "\\u\{1b\}\[2J\\u\{202e\}" holds a control, bidirectional or separator character/,
    );
  });

  it("a 1M-entry id2label is refused by config.json's size; 100,000 labels by the output width, in a capped message", async function () {
    const huge = workspace(ISSUE_15_FIXTURES.originalExport, (dir) => {
      const entries = Array.from({ length: 1_000_000 }, (_, id) => `"${id}":"label${id}"`);
      writeFileSync(path.join(dir, "config.json"), `{"id2label":{${entries.join(",")}}}`);
    });
    await refused(
      { source: huge.source, out: path.join(huge.root, "out") },
      /config\.json: is [\d.]+ MiB, over the 4 MiB limit/,
    );
    const many = workspace(ISSUE_15_FIXTURES.originalExport, (dir) => {
      const id2label = Object.fromEntries(
        Array.from({ length: 100_000 }, (_, id) => [String(id), `label${id}`]),
      );
      writeFileSync(path.join(dir, "config.json"), JSON.stringify({ id2label }));
    });
    await refused(
      { source: many.source, out: path.join(many.root, "out") },
      /model\.onnx: output "output" gives 2 scores per sentence but there are 100000 labels \(.* … \(\d+ more characters\)$/,
    );
  });
});

describe("vocab.txt into a Map", function () {
  it(`reads ${(PROGRESS_EVERY + 1).toLocaleString("en")} lines, "__proto__" and "constructor" among them, with a progress line`, function () {
    const tokens = ["[PAD]", "__proto__", "constructor"];
    for (let id = tokens.length; id <= PROGRESS_EVERY; id++) tokens.push(`t${id}`);
    const progress: string[] = [];
    const vocab = parseVocabTxt("vocab.txt", tokens.join("\r\n"), (line) => progress.push(line));
    assert.equal(vocab.size, PROGRESS_EVERY + 1);
    assert.equal(vocab.get("__proto__"), 1);
    assert.equal(vocab.get("constructor"), 2);
    assert.equal(vocab.get(`t${PROGRESS_EVERY}`), PROGRESS_EVERY);
    assert.deepEqual(progress, ["vocab.txt: 1,000,000 lines read"]);
  });

  it("refuses more than 5,000,000 lines from a count of them, before keeping any token", function () {
    const started = performance.now();
    const progress: string[] = [];
    assert.throws(
      () => parseVocabTxt("vocab.txt", "t\n".repeat(MAX_VOCAB_TOKENS + 1), (line) => progress.push(line)),
      (error: unknown) =>
        error instanceof ImportError &&
        error.message ===
          "vocab.txt: holds 5,000,001 lines, over the 5,000,000 tokens a vocab.txt may hold (docs/your-own-model.md)",
    );
    assert.deepEqual(progress, [], "tokens were read before the count");
    assert.ok(performance.now() - started < 5_000);
  });
});
