/**
 * Export check: onnxruntime-node must reproduce the framework's logits. train_model.py writes, for each exported
 * model, the padded test batches and the torch logits for them; this script runs the same batches through
 * onnxruntime-node (raw logits, so it uses the runtime directly rather than the function's predictor) and fails
 * when any logit differs by more than the tolerance.
 *
 * Usage: tsx training/check-parity.ts <reference.json>... [--tolerance 1e-4] [--summary <file.json>]
 */
import fs from "node:fs";
import path from "node:path";

import { loadOnnxRuntime } from "./function-packages";

const DEFAULT_TOLERANCE = 1e-4;

interface ReferenceBatch {
  input_ids: number[][];
  attention_mask: number[][];
  token_type_ids?: number[][];
  logits: number[][];
}

interface Reference {
  model: string;
  batches: ReferenceBatch[];
}

interface ParityResult {
  model: string;
  rows: number;
  maxAbsDiff: number;
  inputNames: readonly string[];
  outputNames: readonly string[];
}

const ort = loadOnnxRuntime();

function int64Tensor(rows: readonly (readonly number[])[]) {
  const width = rows[0]?.length ?? 0;
  const data = BigInt64Array.from(rows.flatMap((row) => row.map((value) => BigInt(value))));
  return new ort.Tensor("int64", data, [rows.length, width]);
}

async function checkReference(file: string): Promise<ParityResult> {
  const reference = JSON.parse(fs.readFileSync(file, "utf8")) as Reference;
  const session = await ort.InferenceSession.create(reference.model);
  const outputName = session.outputNames[0];
  if (session.outputNames.length !== 1 || outputName === undefined) {
    throw new Error(`${reference.model}: expected one output, got ${session.outputNames.join(", ")}`);
  }
  let maxAbsDiff = 0;
  let rows = 0;
  for (const batch of reference.batches) {
    const feeds: Record<string, ReturnType<typeof int64Tensor>> = {
      input_ids: int64Tensor(batch.input_ids),
      attention_mask: int64Tensor(batch.attention_mask),
    };
    if (batch.token_type_ids) feeds.token_type_ids = int64Tensor(batch.token_type_ids);
    const output = (await session.run(feeds))[outputName];
    if (!output) throw new Error(`${reference.model}: no "${outputName}" in the result`);
    const logits = output.data as Float32Array;
    const expected = batch.logits.flat();
    if (logits.length !== expected.length) {
      throw new Error(`${reference.model}: ${logits.length} logits for ${expected.length} expected`);
    }
    expected.forEach((value, i) => (maxAbsDiff = Math.max(maxAbsDiff, Math.abs((logits[i] ?? NaN) - value))));
    rows += batch.logits.length;
  }
  await session.release();
  return {
    model: reference.model,
    rows,
    maxAbsDiff,
    inputNames: session.inputNames,
    outputNames: session.outputNames,
  };
}

function parseArguments(argv: readonly string[]) {
  const files: string[] = [];
  let tolerance = DEFAULT_TOLERANCE;
  let summary: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i] ?? "";
    if (argument === "--tolerance") tolerance = Number(argv[++i]);
    else if (argument === "--summary") summary = argv[++i];
    else files.push(argument);
  }
  if (files.length === 0 || !(tolerance > 0)) {
    throw new Error(
      "usage: tsx training/check-parity.ts <reference.json>... [--tolerance 1e-4] [--summary file]",
    );
  }
  return { files, tolerance, summary };
}

async function main(argv: readonly string[]): Promise<void> {
  const { files, tolerance, summary } = parseArguments(argv);
  const results: ParityResult[] = [];
  for (const file of files) {
    const result = await checkReference(file);
    results.push(result);
    const verdict = result.maxAbsDiff <= tolerance ? "ok" : "FAILED";
    console.error(
      `parity ${verdict}: ${path.basename(path.dirname(result.model))} (${result.inputNames.join(", ")} -> ` +
        `${result.outputNames.join(", ")}): max |onnxruntime-node - torch| = ${result.maxAbsDiff.toExponential(2)} ` +
        `over ${result.rows} rows (tolerance ${tolerance})`,
    );
  }
  if (summary) fs.writeFileSync(summary, JSON.stringify({ tolerance, results }, null, 2) + "\n");
  // NaN never passes: a comparison with NaN is false.
  if (!results.every((result) => result.maxAbsDiff <= tolerance)) process.exit(1);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
