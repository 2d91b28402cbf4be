import { createHandler, type ClassifierHandler } from "../../function/src/handler.js";
import { bundledModelDir, repoRoot } from "../function/support/paths.js";
import { buildService, loadPredictor } from "../function/support/service.js";
import path from "node:path";
import {
  assertGoldenIds,
  assertGoldenIsFor,
  checkBatches,
  checkSingles,
  GOLDEN_TOLERANCE,
  readGolden,
  type Golden,
} from "./support/golden";

/** The golden files and the model folder each was computed for (the fixtures all share the twin's weights). */
const CASES = [
  { name: "models", modelDir: bundledModelDir },
  { name: "fixtures", modelDir: path.join(repoRoot, "test", "fixtures", "model-dynamic-twin") },
] as const;

describe("served scores against PyTorch's logits (golden reference, training/golden.py)", function () {
  for (const { name, modelDir } of CASES) {
    describe(`${path.relative(repoRoot, modelDir)} against test/fixtures/golden/${name}.json`, function () {
      const golden: Golden = readGolden(name);
      let handler: ClassifierHandler;
      let largest = 0;

      before(async function () {
        handler = createHandler(buildService(await loadPredictor(modelDir)));
      });

      after(function () {
        console.log(
          `      golden ${name}: ${golden.sentences.length} sentences checked alone and in batches of 7 and 64, ` +
            `max |served - torch| = ${largest.toExponential(2)} (tolerance ${GOLDEN_TOLERANCE})`,
        );
      });

      it("was computed for this folder's model.onnx", function () {
        assertGoldenIsFor(golden, modelDir);
      });

      it("holds the ids this folder's tokenizer.json gives each sentence", async function () {
        await assertGoldenIds(golden, modelDir);
      });

      it(`serves each sentence alone within ${GOLDEN_TOLERANCE} of the softmax of torch's logits`, async function () {
        largest = Math.max(largest, await checkSingles(handler, golden));
      });

      it("serves them in batches (7 and 64 at a time) within the same tolerance", async function () {
        largest = Math.max(largest, await checkBatches(handler, golden, 7));
        largest = Math.max(largest, await checkBatches(handler, golden, 64));
      });
    });
  }
});
