import fs from "node:fs";
import protobuf from "protobufjs";

/*
 * Reads a model.onnx's declared interface and its word-embedding table straight from the ONNX protobuf, without
 * onnxruntime: an independent view of the file, so a check built on it does not rely on the code under test.
 * Only the fields used here are declared (field numbers from onnx/onnx.proto); protobuf skips the others.
 */
const ONNX_SUBSET = `
syntax = "proto3";
message TensorProto { repeated int64 dims = 1; string name = 8; }
message Dimension { int64 dim_value = 1; string dim_param = 2; }
message TensorShapeProto { repeated Dimension dim = 1; }
message TensorTypeProto { int32 elem_type = 1; TensorShapeProto shape = 2; }
message TypeProto { TensorTypeProto tensor_type = 1; }
message ValueInfoProto { string name = 1; TypeProto type = 2; }
message NodeProto { repeated string input = 1; repeated string output = 2; string op_type = 4; }
message GraphProto {
  repeated NodeProto node = 1;
  repeated TensorProto initializer = 5;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
}
message OperatorSetIdProto { string domain = 1; int64 version = 2; }
message ModelProto { GraphProto graph = 7; repeated OperatorSetIdProto opset_import = 8; }
`;

interface Dimension {
  dimValue?: number;
  dimParam?: string;
}

interface ValueInfo {
  name: string;
  type?: { tensorType?: { elemType?: number; shape?: { dim?: Dimension[] } } };
}

interface GraphProto {
  node?: { input?: string[]; output?: string[]; opType?: string }[];
  initializer?: { dims?: number[]; name?: string }[];
  input?: ValueInfo[];
  output?: ValueInfo[];
}

export interface GraphValue {
  name: string;
  /** ONNX element type: 1 float32, 7 int64. */
  elemType: number | undefined;
  /** A number for a fixed axis, the axis name for a dynamic one. */
  dims: (number | string)[];
}

export interface OnnxGraph {
  inputs: GraphValue[];
  outputs: GraphValue[];
  /** Shape of the table that `input_ids` index (the Gather whose indices are input_ids), if there is one. */
  wordEmbeddingShape: number[] | undefined;
  /** The version of the default (ai.onnx) operator set the file imports. */
  opset: number | undefined;
}

const ModelProto = protobuf.parse(ONNX_SUBSET).root.lookupType("ModelProto");

function graphValue(value: ValueInfo): GraphValue {
  const tensor = value.type?.tensorType;
  return {
    name: value.name,
    elemType: tensor?.elemType,
    dims: (tensor?.shape?.dim ?? []).map((dim) => dim.dimParam ?? dim.dimValue ?? "?"),
  };
}

export function readOnnxGraph(file: string): OnnxGraph {
  const decoded = ModelProto.decode(fs.readFileSync(file));
  const { graph, opsetImport } = ModelProto.toObject(decoded, { longs: Number }) as {
    graph?: GraphProto;
    opsetImport?: { domain?: string; version?: number }[];
  };
  if (!graph) throw new Error(`${file}: no graph`);
  const lookup = graph.node?.find((node) => node.opType === "Gather" && node.input?.[1] === "input_ids");
  const table = graph.initializer?.find(
    (tensor) => tensor.name !== undefined && tensor.name === lookup?.input?.[0],
  );
  return {
    inputs: (graph.input ?? []).map(graphValue),
    outputs: (graph.output ?? []).map(graphValue),
    wordEmbeddingShape: table?.dims,
    opset: opsetImport?.find((entry) => (entry.domain ?? "") === "")?.version,
  };
}
