import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Predictor } from "../../function/src/model/predictor.js";
import { importModel } from "../../training/import/import-model";
import { repoRoot } from "../function/support/paths.js";
import { ISSUE_15_FIXTURES } from "./support/fixtures";

const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx");
const evaluate = (...args: string[]) =>
  spawnSync(tsx, [path.join(repoRoot, "training", "evaluate.ts"), ...args], { encoding: "utf8" });

describe("npm run model:eval's exit status (0 met, 1 not evaluated, 2 a target missed)", function () {
  let work: string;
  let imported: string;

  before(async function () {
    work = mkdtempSync(path.join(os.tmpdir(), "cola-eval-"));
    imported = path.join(work, "original-export");
    await importModel({ source: ISSUE_15_FIXTURES.originalExport, out: imported });
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  it("exits 2 on the untrained original-export fixture, at the accuracy its README states", function () {
    const result = evaluate(imported);
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stdout, /^targets missed: overall /m);
    const measured = /^overall\s+4000\s+([\d.]+ %)$/m.exec(result.stdout)?.[1];
    const readme = readFileSync(path.join(ISSUE_15_FIXTURES.originalExport, "README.md"), "utf8");
    assert.ok(measured !== undefined, result.stdout);
    assert.ok(
      readme.includes(`scores ${measured} overall on the test split`),
      `README should say ${measured}`,
    );
  });

  it("exits 0 when every target is met: rows labelled as the model answers them", async function () {
    const predictor = await Predictor.load(imported);
    const sentences = ["The book was written by a student.", "Book the student a by written was.", "a cat"];
    const scores = await predictor.predict(sentences);
    const rows = sentences.map((sentence, i) => {
      const [unacceptable, acceptable] = (scores[i] ?? []).map((entry) => entry.score);
      const label = (acceptable ?? 0) > (unacceptable ?? 0) ? 1 : 0;
      return JSON.stringify({ sentence, label, kind: label === 1 ? "original" : "shuffle" });
    });
    const testFile = path.join(work, "agreeing.jsonl");
    writeFileSync(testFile, rows.join("\n") + "\n");
    const result = evaluate(imported, testFile);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^targets met: /m);
  });

  it("exits 1 with the loader's message when the folder cannot be evaluated", function () {
    const missing = path.join(work, "no-such-folder");
    const result = evaluate(missing);
    assert.equal(result.status, 1);
    assert.match(
      result.stderr,
      new RegExp(`^model:eval: ${missing}: no such folder \\(the model folder`, "m"),
    );
  });
});
