import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHandler, type ClassifierHandler } from "../../function/src/handler.js";
import type { LabelScore } from "../../function/src/model/predictor.js";
import { importModel, type ImportResult } from "../../training/import/import-model";
import { testContext } from "../function/support/context.js";
import { httpApiEvent, json } from "../function/support/events.js";
import { okBody } from "../function/support/http-results.js";
import { configLabels } from "../function/support/model-folders.js";
import { assertScoresClose } from "../function/support/scores.js";
import { buildService, loadPredictor } from "../function/support/service.js";
import { ISSUE_15_FIXTURES } from "./support/fixtures";
import { assertGoldenIds, checkBatches, checkSingles, readGolden } from "./support/golden";

/** Same weights, another export shape: only float rounding may differ. */
const TWIN_TOLERANCE = 1e-5;
const golden = readGolden("fixtures");
const sentences = golden.sentences.map((entry) => entry.sentence);

/** sha256 of every file in a folder, to show the importer left the source as it was. */
function folderDigest(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((file) => [
        file,
        createHash("sha256")
          .update(readFileSync(path.join(dir, file)))
          .digest("hex"),
      ]),
  );
}

async function serve(handler: ClassifierHandler, batch: readonly string[]): Promise<LabelScore[][]> {
  if (batch.length === 1) {
    return [
      okBody(
        await handler(httpApiEvent({ body: json({ sentence: batch[0] }) }), testContext()),
      ) as LabelScore[],
    ];
  }
  return okBody(
    await handler(httpApiEvent({ body: json({ sentences: batch }) }), testContext()),
  ) as LabelScore[][];
}

describe("model:import of each export shape, served and compared with the dynamic twin", function () {
  let work: string;
  let twin: ClassifierHandler;

  before(async function () {
    work = mkdtempSync(path.join(os.tmpdir(), "cola-import-"));
    twin = createHandler(buildService(await loadPredictor(ISSUE_15_FIXTURES.dynamicTwin)));
  });

  after(function () {
    rmSync(work, { recursive: true, force: true });
  });

  const cases = [
    {
      source: ISSUE_15_FIXTURES.originalExport,
      shape: { batch: null, sequence: 128 },
      labelsFrom: "the CoLA default",
    },
    {
      source: ISSUE_15_FIXTURES.static1x128,
      shape: { batch: 1, sequence: 128 },
      labelsFrom: "config.json id2label",
    },
    {
      source: ISSUE_15_FIXTURES.dynamicTwin,
      shape: { batch: null, sequence: null },
      labelsFrom: "config.json id2label",
    },
  ] as const;

  for (const { source, shape, labelsFrom } of cases) {
    describe(path.basename(source), function () {
      const lines: string[] = [];
      let out: string;
      let result: ImportResult;
      let sourceBefore: Record<string, string>;
      let handler: ClassifierHandler;

      before(async function () {
        out = path.join(work, path.basename(source));
        sourceBefore = folderDigest(source);
        result = await importModel({ source, out, log: (line) => lines.push(line) });
        handler = createHandler(buildService(await loadPredictor(out)));
      });

      it("writes a complete model folder, leaves the source unchanged and no temporary folder behind", function () {
        const files = readdirSync(out);
        for (const file of ["model.onnx", "tokenizer.json", "config.json"])
          assert.ok(files.includes(file), file);
        assert.deepEqual(configLabels(out), ["unacceptable", "acceptable"]);
        assert.deepEqual(folderDigest(source), sourceBefore);
        assert.deepEqual(
          readdirSync(work).filter((name) => name.includes(".importing-")),
          [],
        );
      });

      it(`takes the labels from ${labelsFrom}, and reports the declared shape and a sample prediction`, function () {
        assert.equal(result.labels.from, labelsFrom);
        assert.equal(
          lines.some((line) => line.startsWith("notice: ") && line.includes("CoLA")),
          labelsFrom === "the CoLA default",
        );
        assert.deepEqual(result.info.shape, shape);
        assert.equal(result.declared.length, 3);
        assert.equal(result.sample.length, 2);
        for (const { scores } of result.sample) assert.equal(scores.length, 2);
      });

      it(`serves single sentences within ${TWIN_TOLERANCE} of the twin`, async function () {
        for (const sentence of sentences) {
          assertScoresClose(await serve(handler, [sentence]), await serve(twin, [sentence]), TWIN_TOLERANCE);
        }
      });

      const batching =
        shape.batch === null
          ? "each as one session run, the batch axis being dynamic"
          : `in session runs of the fixed batch size ${shape.batch}`;
      it(`serves batches of 5 and 64 (${batching}) within the same tolerance`, async function () {
        for (const size of [5, 64]) {
          for (let from = 0; from < sentences.length; from += size) {
            const batch = sentences.slice(from, from + size);
            assertScoresClose(await serve(handler, batch), await serve(twin, batch), TWIN_TOLERANCE);
          }
        }
      });

      it("tokenises the golden sentences to the training side's ids and serves them within 1e-4 of PyTorch's scores", async function () {
        await assertGoldenIds(golden, out);
        await checkSingles(handler, golden);
        await checkBatches(handler, golden, 64);
      });
    });
  }
});
