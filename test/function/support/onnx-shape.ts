import { readFileSync, writeFileSync } from "node:fs";
import protobuf from "protobufjs";

/*
 * Gives a copy of a model.onnx other declared input sizes, leaving the weights and every other byte as they were:
 * the same model exported with a fixed batch size or sequence length. protobufjs's reader walks the wire format;
 * only the length-delimited fields on the way to the dimensions are re-encoded. Field numbers from onnx/onnx.proto.
 */
const FIELDS = {
  modelGraph: 7,
  graphInput: 11,
  graphOutput: 12,
  valueInfoType: 2,
  typeTensor: 1,
  tensorShape: 2,
  shapeDim: 1,
  dimValue: 1,
} as const;

const LENGTH_DELIMITED = 2;

type Edit = (bytes: Uint8Array, occurrence: number) => Uint8Array;

/** `message` with each occurrence of the length-delimited `field` replaced by `edit` of it. */
function editField(message: Uint8Array, field: number, edit: Edit): Uint8Array {
  const reader = protobuf.Reader.create(message);
  const parts: Uint8Array[] = [];
  let occurrence = 0;
  while (reader.pos < reader.len) {
    const start = reader.pos;
    const tag = reader.uint32();
    if (tag >>> 3 === field && (tag & 7) === LENGTH_DELIMITED) {
      const edited = edit(reader.bytes(), occurrence++);
      parts.push(protobuf.Writer.create().uint32(tag).bytes(edited).finish());
    } else {
      reader.skipType(tag & 7);
      parts.push(message.subarray(start, reader.pos));
    }
  }
  return Buffer.concat(parts);
}

const fieldPath =
  (...fields: number[]) =>
  (edit: Edit): Edit =>
    fields.reduceRight<Edit>((inner, field) => (bytes) => editField(bytes, field, inner), edit);

/** A dimension of fixed `size` (null leaves the declared one: its name, for a dynamic axis). */
const dimensions =
  (sizes: readonly (number | null)[]): Edit =>
  (dimension, index) => {
    const size = sizes[index];
    if (size === null || size === undefined) return dimension;
    return protobuf.Writer.create()
      .uint32((FIELDS.dimValue << 3) | 0)
      .int64(size)
      .finish();
  };

const shapeOf = fieldPath(FIELDS.valueInfoType, FIELDS.typeTensor, FIELDS.tensorShape, FIELDS.shapeDim);

/**
 * Writes `target`: `source` with every input declared `[batch, sequence]` and the output's first axis `batch`
 * (null keeps an axis dynamic).
 */
export function writeWithInputShape(
  source: string,
  target: string,
  batch: number | null,
  sequence: number | null,
): void {
  const inputs = fieldPath(FIELDS.modelGraph, FIELDS.graphInput)(shapeOf(dimensions([batch, sequence])));
  const outputs = fieldPath(FIELDS.modelGraph, FIELDS.graphOutput)(shapeOf(dimensions([batch])));
  writeFileSync(target, outputs(inputs(readFileSync(source), 0), 0));
}
