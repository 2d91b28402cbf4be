import assert from "node:assert/strict";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { readOnnxGraph } from "../model/onnx-graph";
import { ISSUE_15_FIXTURES } from "./support/fixtures";

const MB = 1024 * 1024;

/** What each fixture must be, read from the ONNX file itself (protobuf, not onnxruntime). */
const EXPECTED = [
  {
    dir: ISSUE_15_FIXTURES.originalExport,
    files: ["README.md", "model.onnx", "vocab.txt"],
    opset: 10,
    input: ["batch_size", 128],
    output: { name: "output", dims: ["batch_size", 2] },
  },
  {
    dir: ISSUE_15_FIXTURES.static1x128,
    files: ["config.json", "model.onnx", "tokenizer.json"],
    opset: 14,
    input: [1, 128],
    output: { name: "logits", dims: [1, 2] },
  },
  {
    dir: ISSUE_15_FIXTURES.dynamicTwin,
    files: ["config.json", "model.onnx", "tokenizer.json"],
    opset: 14,
    input: ["batch", "sequence"],
    output: { name: "logits", dims: ["batch", 2] },
  },
];

describe("the export-shape fixtures (training/make_fixtures.py)", function () {
  for (const fixture of EXPECTED) {
    const name = path.basename(fixture.dir);
    it(`${name}: ${fixture.files.join(", ")}; opset ${fixture.opset}; inputs [${fixture.input.join(", ")}]; output ${fixture.output.name}; under 3 MB`, function () {
      const files = readdirSync(fixture.dir).sort();
      assert.deepEqual(files, fixture.files);
      const bytes = files.reduce((total, file) => total + statSync(path.join(fixture.dir, file)).size, 0);
      assert.ok(bytes < 3 * MB, `${name} is ${(bytes / MB).toFixed(2)} MB`);
      const graph = readOnnxGraph(path.join(fixture.dir, "model.onnx"));
      assert.equal(graph.opset, fixture.opset);
      assert.deepEqual(
        graph.inputs.map((input) => [input.name, input.elemType, input.dims]),
        [
          ["input_ids", 7, fixture.input],
          ["attention_mask", 7, fixture.input],
        ],
      );
      assert.deepEqual(graph.outputs, [
        { name: fixture.output.name, elemType: 1, dims: fixture.output.dims },
      ]);
    });
  }
});
