import assert from "node:assert/strict";
import { ModelLoadError } from "../../function/src/model/errors.js";
import { checkOutputShape, readInputShape } from "../../function/src/model/shape.js";

// The function's own onnxruntime-node type, through its code: the root does not install onnxruntime-node.
type Metadata = Parameters<typeof checkOutputShape>[1];

const tensor = (name: string, shape: (number | string)[]): Metadata => ({
  name,
  isTensor: true,
  type: "int64",
  shape,
});

const FILE = "/models/model.onnx";

function assertFails(action: () => void, message: string): void {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof ModelLoadError);
    assert.equal(error.message, `${FILE}: ${message}`);
    return true;
  });
}

describe("the input shape a model declares", function () {
  it("takes a named axis as dynamic and a number as fixed", function () {
    const inputs = [tensor("input_ids", ["batch_size", 128]), tensor("attention_mask", ["batch_size", 128])];
    assert.deepEqual(readInputShape(FILE, inputs), { batch: null, sequence: 128 });
    assert.deepEqual(readInputShape(FILE, [tensor("input_ids", [1, 128])]), { batch: 1, sequence: 128 });
    assert.deepEqual(readInputShape(FILE, [tensor("input_ids", ["batch", "sequence"])]), {
      batch: null,
      sequence: null,
    });
  });

  it("takes a fixed size from whichever input declares it, and an input without a shape as no constraint", function () {
    const inputs = [
      tensor("input_ids", ["batch", "sequence"]),
      tensor("attention_mask", [4, 64]),
      tensor("token_type_ids", []),
    ];
    assert.deepEqual(readInputShape(FILE, inputs), { batch: 4, sequence: 64 });
  });

  it("refuses inputs that are not [batch, sequence]", function () {
    assertFails(
      () => readInputShape(FILE, [tensor("input_ids", ["batch", 128, 1])]),
      'input "input_ids" has shape [batch, 128, 1]; the service feeds two axes, [batch, sequence]',
    );
    assertFails(
      () => readInputShape(FILE, [tensor("input_ids", [128])]),
      'input "input_ids" has shape [128]; the service feeds two axes, [batch, sequence]',
    );
  });

  it("refuses inputs that disagree on a fixed size", function () {
    assertFails(
      () =>
        readInputShape(FILE, [tensor("input_ids", ["batch", 128]), tensor("attention_mask", ["batch", 64])]),
      'inputs "input_ids" and "attention_mask" declare different sequence sizes, 128 and 64',
    );
  });

  it("checks the output's declared width against the label count, when the export fixes it", function () {
    checkOutputShape(FILE, tensor("logits", ["batch", 2]), 2);
    checkOutputShape(FILE, tensor("logits", ["batch", "labels"]), 3);
    checkOutputShape(FILE, tensor("logits", []), 3);
    assertFails(
      () => checkOutputShape(FILE, tensor("logits", [1, 2]), 3),
      'output "logits" has shape [1, 2] but config.json "id2label" names 3 labels: expected [batch, 3]',
    );
    assertFails(
      () => checkOutputShape(FILE, tensor("logits", ["batch", 128, 2]), 2),
      'output "logits" has shape [batch, 128, 2] but config.json "id2label" names 2 labels: expected [batch, 2]',
    );
  });
});
