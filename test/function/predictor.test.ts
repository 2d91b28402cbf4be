import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Predictor } from "../../function/src/model/predictor.js";
import {
  configLabels,
  copyModelFolder,
  editJson,
  readJson,
  removeModelCopies,
} from "./support/model-folders.js";
import { bundledModelDir, outputNamedModelDir, tokenTypeIdsModelDir } from "./support/paths.js";
import { loadTokenizers } from "../../training/function-packages";
import { watch } from "./support/predictor-spy.js";
import { assertBatchScores, assertLabelScores, assertScoresClose } from "./support/scores.js";
import { SENTENCES } from "./support/sentences.js";
import { loadPredictor, predictEach } from "./support/service.js";

/** A sentence far longer in tokens than any max length here: 1,000 word pieces in 1,999 characters. */
const LONG_SENTENCE = "a b ".repeat(500).trim();

const MODELS = [
  { title: "the bundled model (models/)", dir: bundledModelDir },
  { title: "fixture model-output-named", dir: outputNamedModelDir },
  { title: "fixture model-token-type-ids", dir: tokenTypeIdsModelDir },
];

for (const model of MODELS) {
  describe(`Predictor on ${model.title}`, function () {
    let predictor: Predictor;
    let labels: string[];

    before(async function () {
      predictor = await loadPredictor(model.dir);
      labels = configLabels(model.dir);
    });

    it("labels its scores with config.json's id2label, in id order", async function () {
      assert.deepEqual(predictor.info.labels, labels);
      const [scores] = await predictor.predict(["The cat sat on the mat."]);
      assertLabelScores(scores, labels);
    });

    it("gives every sentence probabilities that sum to 1", async function () {
      const scores = await predictor.predict(SENTENCES);
      assertBatchScores(scores, labels, SENTENCES.length);
    });

    it("answers a batch with the single-sentence results, within 1e-5", async function () {
      const batch = await predictor.predict(SENTENCES);
      const singles = await predictEach(predictor, SENTENCES);
      assertScoresClose(batch, singles, 1e-5);
    });

    it("is deterministic: the same input gives exactly the same scores", async function () {
      const first = await predictor.predict(SENTENCES);
      const second = await predictor.predict(SENTENCES);
      assert.deepEqual(second, first);
      assert.deepEqual(await predictEach(predictor, SENTENCES), await predictEach(predictor, SENTENCES));
    });

    it("scores each sentence on its own: order and neighbours in a batch do not matter", async function () {
      const forward = await predictor.predict(SENTENCES);
      const backward = await predictor.predict([...SENTENCES].reverse());
      assertScoresClose([...backward].reverse(), forward, 1e-5);
      const [a, b] = await predictor.predict([SENTENCES[0], SENTENCES[0]]);
      assert.deepEqual(a, b);
    });

    it("tokenizes on the synchronous fast path, never awaiting tokenizers' encode", async function () {
      assert.deepEqual(predictor.tokenizerPath, { path: "fast" });
      const { spy } = await watch(predictor, async () => {
        await predictEach(predictor, SENTENCES);
        return predictor.predict(SENTENCES);
      });
      assert.equal(spy.encodeCalls + spy.encodeBatchCalls, 0);
      assert.equal(spy.fastCalls, SENTENCES.length + 1);
    });

    it("runs a batch as one encode and one session run, padded to its longest sentence", async function () {
      const singles = await watch(predictor, () => predictEach(predictor, SENTENCES));
      assert.equal(singles.spy.encodeBatchCalls, 0);
      assert.equal(singles.spy.encodeCalls + singles.spy.fastCalls, SENTENCES.length);
      const lengths = singles.spy.runs.map((feeds) => feeds.input_ids?.dims[1] ?? 0);
      // A single sentence is never padded: its mask is all ones.
      for (const feeds of singles.spy.runs)
        assert.ok(feeds.attention_mask?.rows[0]?.every((bit) => bit === 1n));

      const { spy } = await watch(predictor, () => predictor.predict(SENTENCES));
      assert.equal(spy.encodeBatchCalls + spy.fastCalls, 1);
      assert.equal(spy.encodeCalls, 0);
      assert.equal(spy.runs.length, 1);
      const feeds = spy.runs[0];
      assert.ok(feeds !== undefined);
      const longest = Math.max(...lengths);
      assert.deepEqual(Object.keys(feeds).sort(), [...predictor.info.inputs].sort());
      for (const tensor of Object.values(feeds)) assert.deepEqual(tensor.dims, [SENTENCES.length, longest]);

      const ids = feeds.input_ids?.rows ?? [];
      const mask = feeds.attention_mask?.rows ?? [];
      lengths.forEach((length, row) => {
        // Real tokens first, then padding: mask 0 and the pad id for every position past the sentence.
        assert.deepEqual(mask[row], [
          ...new Array<bigint>(length).fill(1n),
          ...new Array<bigint>(longest - length).fill(0n),
        ]);
        assert.deepEqual(
          ids[row]?.slice(length),
          new Array<bigint>(longest - length).fill(BigInt(spy.padId)),
        );
        assert.deepEqual(ids[row]?.slice(0, length), singles.spy.runs[row]?.input_ids?.rows[0]);
      });
      if (feeds.token_type_ids !== undefined) {
        // A single segment: every token_type_id is 0.
        assert.ok(feeds.token_type_ids.rows.every((row) => row.every((id) => id === 0n)));
      }
    });

    it("truncates a sentence to the max length (special tokens included) and still answers", async function () {
      const { result, spy } = await watch(predictor, () => predictor.predict([LONG_SENTENCE]));
      assertBatchScores(result, labels, 1);
      assert.deepEqual(spy.runs[0]?.input_ids?.dims, [1, predictor.info.maxLength]);
      const { spy: longer } = await watch(predictor, () => predictor.predict([`${LONG_SENTENCE} and more`]));
      assert.deepEqual(longer.runs[0]?.input_ids?.rows, spy.runs[0]?.input_ids?.rows);
    });

    it("answers an empty list with an empty list, without running the model", async function () {
      const { result, spy } = await watch(predictor, () => predictor.predict([]));
      assert.deepEqual(result, []);
      assert.equal(spy.runs.length, 0);
    });

    it("reports the model's name, labels, max length, inputs, output and the sha256 of model.onnx", function () {
      const config = readJson<{ max_position_embeddings?: number; _name_or_path?: string }>(
        path.join(model.dir, "config.json"),
      );
      const { info } = predictor;
      assert.equal(info.name, config._name_or_path ?? path.basename(model.dir));
      assert.equal(info.maxLength, Math.min(128, config.max_position_embeddings ?? 128));
      assert.match(info.sha256, /^[0-9a-f]{64}$/);
      assert.ok(info.inputs.includes("input_ids"));
      assert.equal(typeof info.output, "string");
    });
  });
}

describe("Predictor fixtures", function () {
  it("feeds token_type_ids only to the model that declares them, and reads an output named `output`", async function () {
    const named = await loadPredictor(outputNamedModelDir);
    const withTypes = await loadPredictor(tokenTypeIdsModelDir);
    assert.equal(named.info.output, "output");
    assert.deepEqual([...named.info.inputs].sort(), ["attention_mask", "input_ids"]);
    assert.deepEqual([...withTypes.info.inputs].sort(), ["attention_mask", "input_ids", "token_type_ids"]);
    for (const predictor of [named, withTypes]) {
      const file = path.join(predictor === named ? outputNamedModelDir : tokenTypeIdsModelDir, "model.onnx");
      assert.equal(predictor.info.sha256, createHash("sha256").update(readFileSync(file)).digest("hex"));
    }
  });

  it("both fixtures (two exports of the same weights) agree within 1e-5", async function () {
    const named = await loadPredictor(outputNamedModelDir);
    const withTypes = await loadPredictor(tokenTypeIdsModelDir);
    assertScoresClose(await withTypes.predict(SENTENCES), await named.predict(SENTENCES), 1e-5);
  });
});

describe("Predictor max length", function () {
  let short: Predictor;

  before(async function () {
    short = await loadPredictor(outputNamedModelDir, { maxLength: 16 });
  });

  it("cuts every sentence to maxLength tokens, ending with the tokenizer's own [SEP]", async function () {
    const full = await loadPredictor(outputNamedModelDir);
    const { spy: fullSpy } = await watch(full, () => full.predict([LONG_SENTENCE]));
    const { spy } = await watch(short, () => short.predict([LONG_SENTENCE]));
    const ids = spy.runs[0]?.input_ids?.rows[0] ?? [];
    const fullIds = fullSpy.runs[0]?.input_ids?.rows[0] ?? [];
    const reference = loadTokenizers().Tokenizer.fromFile(path.join(outputNamedModelDir, "tokenizer.json"));
    const [cls, sep] = [reference.tokenToId("[CLS]"), reference.tokenToId("[SEP]")].map((id) =>
      BigInt(id ?? -1),
    );
    // "a b a b …": the tokens at the cut's two sides differ, so a dropped [SEP] would leave a word piece there.
    assert.notEqual(fullIds[15], fullIds[16]);
    assert.equal(ids.length, 16);
    assert.equal(ids[0], cls);
    assert.deepEqual(ids.slice(0, 15), fullIds.slice(0, 15));
    assert.equal(ids[15], sep);
    assert.equal(fullIds[fullIds.length - 1], sep);
  });

  it("ignores what comes after the cut: a longer tail gives identical scores", async function () {
    const base = "The quick brown fox jumps over the lazy dog near the river bank today";
    const [a] = await short.predict([base]);
    const [b] = await short.predict([`${base} while the farmer sleeps soundly under an old oak tree`]);
    assert.deepEqual(b, a);
  });

  it("pads a batch to its longest member after truncation, never beyond maxLength", async function () {
    const { spy } = await watch(short, () => short.predict(["Yes.", LONG_SENTENCE]));
    assert.deepEqual(spy.runs[0]?.input_ids?.dims, [2, 16]);
    const { spy: small } = await watch(short, () => short.predict(["Yes.", "No."]));
    assert.ok((small.runs[0]?.input_ids?.dims[1] ?? 0) < 16);
  });

  it("accepts maxLength up to max_position_embeddings and answers a sentence that long", async function () {
    const config = readJson<{ max_position_embeddings: number }>(
      path.join(outputNamedModelDir, "config.json"),
    );
    const longest = await loadPredictor(outputNamedModelDir, { maxLength: config.max_position_embeddings });
    assert.equal(longest.info.maxLength, config.max_position_embeddings);
    const { result, spy } = await watch(longest, () => longest.predict([LONG_SENTENCE]));
    assertBatchScores(result, longest.info.labels, 1);
    assert.deepEqual(spy.runs[0]?.input_ids?.dims, [1, config.max_position_embeddings]);
  });
});

describe("Predictor reads config.json", function () {
  after(removeModelCopies);

  it("takes label names and order from id2label, whatever order the keys are written in", async function () {
    const dir = copyModelFolder(outputNamedModelDir);
    editJson(dir, "config.json", (config) => {
      config.id2label = { "1": "good", "0": "bad" };
      delete config.label2id;
    });
    const renamed = await loadPredictor(dir);
    assert.deepEqual(renamed.info.labels, ["bad", "good"]);
    const original = await loadPredictor(outputNamedModelDir);
    const [scores] = await renamed.predict(["The cat sat on the mat."]);
    const [expected] = await original.predict(["The cat sat on the mat."]);
    assertLabelScores(scores, ["bad", "good"]);
    assert.deepEqual(
      scores.map((entry) => entry.score),
      expected?.map((entry) => entry.score),
    );
  });

  it("caps the default max length (128) at a smaller max_position_embeddings", async function () {
    const dir = copyModelFolder(outputNamedModelDir);
    editJson(dir, "config.json", (config) => {
      config.max_position_embeddings = 64;
    });
    const predictor = await loadPredictor(dir);
    assert.equal(predictor.info.maxLength, 64);
    const { spy } = await watch(predictor, () => predictor.predict([LONG_SENTENCE]));
    assert.deepEqual(spy.runs[0]?.input_ids?.dims, [1, 64]);
  });

  it("names the model after _name_or_path when the config has it, else after its folder", async function () {
    const dir = copyModelFolder(outputNamedModelDir);
    editJson(dir, "config.json", (config) => {
      config._name_or_path = "cola/bert-tiny-test";
    });
    assert.equal((await loadPredictor(dir)).info.name, "cola/bert-tiny-test");
    assert.equal((await loadPredictor(outputNamedModelDir)).info.name, "model-output-named");
  });
});
