import assert from "node:assert/strict";
import path from "node:path";
import { ModelLoadError } from "../../function/src/model/errors.js";
import type { Predictor } from "../../function/src/model/predictor.js";
import { copyModelFolder, editJson, removeModelCopies } from "./support/model-folders.js";
import { writeWithInputShape } from "./support/onnx-shape.js";
import { outputNamedModelDir } from "./support/paths.js";
import { watch } from "./support/predictor-spy.js";
import { assertBatchScores, assertScoresClose } from "./support/scores.js";
import { SENTENCES as FIVE_SENTENCES } from "./support/sentences.js";
import { loadPredictor, predictEach } from "./support/service.js";

/** Seven sentences of different lengths: more than any fixed batch size here, and not a multiple of it. */
const SENTENCES = [...FIVE_SENTENCES, "She sells sea shells by the sea shore.", "Him went home."];

/** The fixture's weights, exported with other declared input sizes (null: a dynamic axis). */
function exportedAs(batch: number | null, sequence: number | null): string {
  const dir = copyModelFolder(outputNamedModelDir);
  writeWithInputShape(
    path.join(outputNamedModelDir, "model.onnx"),
    path.join(dir, "model.onnx"),
    batch,
    sequence,
  );
  return dir;
}

async function loadError(dir: string, maxLength?: number): Promise<ModelLoadError> {
  const error: unknown = await loadPredictor(dir, { maxLength }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof ModelLoadError, `expected a ModelLoadError, got ${String(error)}`);
  return error;
}

describe("model shapes: the same weights exported with fixed axes", function () {
  let dynamic: Predictor;
  const folders: Record<string, string> = {};

  before(async function () {
    dynamic = await loadPredictor(outputNamedModelDir);
    folders.sequence128 = exportedAs(null, 128);
    folders.static1x128 = exportedAs(1, 128);
    folders.batch3 = exportedAs(3, null);
    folders.static3x64 = exportedAs(3, 64);
  });

  after(removeModelCopies);

  it("reports the declared batch size and sequence length (null for a dynamic axis)", async function () {
    assert.deepEqual(dynamic.info.shape, { batch: null, sequence: null });
    assert.deepEqual((await loadPredictor(folders.sequence128 as string)).info.shape, {
      batch: null,
      sequence: 128,
    });
    assert.deepEqual((await loadPredictor(folders.static1x128 as string)).info.shape, {
      batch: 1,
      sequence: 128,
    });
    assert.deepEqual((await loadPredictor(folders.batch3 as string)).info.shape, {
      batch: 3,
      sequence: null,
    });
  });

  it("loads a fixed-128 export whose tokenizer has 8,192 tokens (no vocabulary blamed for the shape)", async function () {
    const predictor = await loadPredictor(folders.sequence128 as string);
    assert.equal(predictor.info.maxLength, 128);
  });

  it("pads every row to a fixed sequence length: real tokens as the dynamic export gets them, then pad ids, masked", async function () {
    const fixed = await loadPredictor(folders.sequence128 as string);
    const single = await watch(dynamic, () => predictEach(dynamic, SENTENCES));
    const { spy } = await watch(fixed, () => fixed.predict(SENTENCES));
    assert.equal(spy.runs.length, 1);
    const feeds = spy.runs[0];
    assert.ok(feeds !== undefined);
    for (const tensor of Object.values(feeds)) assert.deepEqual(tensor.dims, [SENTENCES.length, 128]);
    single.spy.runs.forEach((run, row) => {
      const ids = run.input_ids?.rows[0] ?? [];
      const padding = 128 - ids.length;
      assert.deepEqual(feeds.input_ids?.rows[row], [
        ...ids,
        ...new Array<bigint>(padding).fill(BigInt(spy.padId)),
      ]);
      assert.deepEqual(feeds.attention_mask?.rows[row], [
        ...new Array<bigint>(ids.length).fill(1n),
        ...new Array<bigint>(padding).fill(0n),
      ]);
    });
    const { spy: one } = await watch(fixed, () => fixed.predict(["Yes."]));
    assert.deepEqual(one.runs[0]?.input_ids?.dims, [1, 128]);
  });

  it("truncates at a MAX_LENGTH below the fixed length and still pads to it", async function () {
    const fixed = await loadPredictor(folders.sequence128 as string, { maxLength: 16 });
    const short = await loadPredictor(outputNamedModelDir, { maxLength: 16 });
    const long = "a b ".repeat(100).trim();
    const { result, spy } = await watch(fixed, () => fixed.predict([long]));
    const { result: expected, spy: shortSpy } = await watch(short, () => short.predict([long]));
    const ids = shortSpy.runs[0]?.input_ids?.rows[0] ?? [];
    assert.equal(ids.length, 16);
    assert.deepEqual(spy.runs[0]?.input_ids?.rows[0], [
      ...ids,
      ...new Array<bigint>(112).fill(BigInt(spy.padId)),
    ]);
    assertScoresClose(result, expected, 1e-5);
  });

  it("runs a request in chunks of a fixed batch size, filling the last chunk, and joins the results in order", async function () {
    const batch3 = await loadPredictor(folders.batch3 as string);
    const { result, spy } = await watch(batch3, () => batch3.predict(SENTENCES));
    assertBatchScores(result, batch3.info.labels, SENTENCES.length);
    assert.deepEqual(
      spy.runs.map((run) => run.input_ids?.dims[0]),
      [3, 3, 3],
    );
    // The last chunk holds the seventh sentence and two copies of it, whose scores are dropped.
    const last = spy.runs[2]?.input_ids?.rows ?? [];
    assert.deepEqual(last[1], last[0]);
    assert.deepEqual(last[2], last[0]);
    assertScoresClose(result, await dynamic.predict(SENTENCES), 1e-5);

    const static1 = await loadPredictor(folders.static1x128 as string);
    const { spy: ones } = await watch(static1, () => static1.predict(SENTENCES));
    assert.equal(ones.runs.length, SENTENCES.length);
    for (const run of ones.runs) assert.deepEqual(run.input_ids?.dims, [1, 128]);
  });

  it("gives the dynamic export's scores whichever shape the export declares, for single sentences and batches", async function () {
    const expectedBatch = await dynamic.predict(SENTENCES);
    const expectedSingles = await predictEach(dynamic, SENTENCES);
    for (const name of ["sequence128", "static1x128", "batch3", "static3x64"]) {
      const predictor = await loadPredictor(folders[name] as string);
      assertScoresClose(await predictor.predict(SENTENCES), expectedBatch, 1e-5);
      assertScoresClose(await predictEach(predictor, SENTENCES), expectedSingles, 1e-5);
    }
  });

  describe("init failures, each naming its cause", function () {
    it("a MAX_LENGTH above the fixed sequence length names model.onnx and both numbers", async function () {
      const dir = folders.sequence128 as string;
      const error = await loadError(dir, 256);
      assert.equal(error.file, path.join(dir, "model.onnx"));
      assert.equal(
        error.message,
        `${path.join(dir, "model.onnx")}: its inputs have a fixed sequence length of 128 but the max length (MAX_LENGTH) is 256; allowed: at most 128`,
      );
    });

    it("a fixed length below the default 128 becomes the default", async function () {
      assert.equal((await loadPredictor(folders.static3x64 as string)).info.maxLength, 64);
      const error = await loadError(folders.static3x64 as string, 128);
      assert.match(
        error.message,
        /fixed sequence length of 64 but the max length \(MAX_LENGTH\) is 128; allowed: at most 64$/,
      );
    });

    it("a vocabulary bigger than the embedding table, on a fixed-shape export, blames the vocabulary", async function () {
      const dir = exportedAs(1, 128);
      editJson<{ model: { vocab: Record<string, number> } }>(dir, "tokenizer.json", (tokenizer) => {
        const size = Object.keys(tokenizer.model.vocab).length;
        for (let extra = 0; extra < 200; extra++) tokenizer.model.vocab[`extratoken${extra}`] = size + extra;
      });
      editJson(dir, "config.json", (config) => delete config.vocab_size);
      const error = await loadError(dir);
      assert.equal(error.file, path.join(dir, "model.onnx"));
      assert.match(
        error.message,
        /: rejects token id 8391: tokenizer\.json has 8392 tokens, more than the model's embedding table \(.+\)$/s,
      );
    });

    it("an output width other than the label count names both numbers", async function () {
      const dir = exportedAs(3, 128);
      editJson(dir, "config.json", (config) => (config.id2label = { 0: "bad", 1: "unsure", 2: "good" }));
      const error = await loadError(dir);
      assert.equal(
        error.message,
        `${path.join(dir, "model.onnx")}: output "output" has shape [3, 2] but config.json "id2label" names 3 labels: expected [batch, 3]`,
      );
    });
  });
});
