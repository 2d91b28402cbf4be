/**
 * Prints a model folder's accuracy on the test split, overall and per corruption kind, against the targets
 * (overall >= 90 %, every corruption kind >= 75 %).
 *
 * Usage: npm run model:eval -- [model dir = models] [test rows = training/data/test.jsonl] [--markdown <file>]
 * --markdown also writes the table as Markdown (the table in models/README.md comes from there).
 *
 * Exit status (docs/your-own-model.md): 0 targets met, 1 the folder or the rows could not be evaluated, 2 measured
 * but a target missed; CI can gate a model on it.
 */
import fs from "node:fs";
import path from "node:path";

import { ModelLoadError } from "../function/src/model/errors.js";
import { Predictor } from "../function/src/model/predictor.js";
import { evaluate, readTestRows, type Evaluation, type KindAccuracy } from "./evaluation";

const OVERALL_TARGET = 0.9;
const KIND_TARGET = 0.75;
const DESCRIPTIONS: Record<string, string> = {
  original: "acceptable: WordNet gloss example, unchanged",
  adjacent_swap: "adjacent-word swap",
  shuffle: "shuffle",
  agreement_flip: "subject-verb agreement flip",
  dropped_function_word: "dropped function word",
  doubled_word: "doubled word",
  wrong_determiner_or_preposition: "wrong determiner or preposition",
  overall: "overall",
};

function percent(value: number): string {
  return `${(100 * value).toFixed(1)} %`;
}

function describe(row: KindAccuracy): string {
  return DESCRIPTIONS[row.kind] ?? row.kind;
}

function textTable(evaluation: Evaluation): string {
  const rows = [...evaluation.kinds, evaluation.overall];
  const width = Math.max(...rows.map((row) => describe(row).length));
  return rows
    .map((row) => `${describe(row).padEnd(width)}  ${String(row.rows).padStart(5)}  ${percent(row.accuracy)}`)
    .join("\n");
}

function markdownTable(evaluation: Evaluation): string {
  const line = (row: KindAccuracy, bold: boolean) => {
    const cells = [describe(row), String(row.rows), String(row.correct), percent(row.accuracy)];
    return `| ${(bold ? cells.map((cell) => `**${cell}**`) : cells).join(" | ")} |`;
  };
  return [
    "| Test rows | Rows | Correct | Accuracy |",
    "| --- | ---: | ---: | ---: |",
    ...evaluation.kinds.map((row) => line(row, false)),
    line(evaluation.overall, true),
  ].join("\n");
}

/** The targets apply to the overall figure and to each corruption kind (not to the acceptable rows). */
function targetVerdicts(evaluation: Evaluation): string[] {
  const misses = evaluation.kinds
    .filter((row) => row.kind !== "original" && !(row.accuracy >= KIND_TARGET))
    .map((row) => `${describe(row)} ${percent(row.accuracy)} < ${percent(KIND_TARGET)}`);
  if (!(evaluation.overall.accuracy >= OVERALL_TARGET)) {
    misses.unshift(`overall ${percent(evaluation.overall.accuracy)} < ${percent(OVERALL_TARGET)}`);
  }
  return misses;
}

function parseArguments(argv: readonly string[]) {
  const positional: string[] = [];
  let markdown: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--markdown") markdown = argv[++i];
    else positional.push(argv[i] ?? "");
  }
  const root = path.resolve(__dirname, "..");
  return {
    modelDir: positional[0] ?? path.join(root, "models"),
    testFile: positional[1] ?? path.join(root, "training", "data", "test.jsonl"),
    markdown,
  };
}

/** Exit status of a run that measured the folder: a missed target is a failure a script can see. */
const TARGETS_MISSED = 2;

async function main(argv: readonly string[]): Promise<number> {
  const { modelDir, testFile, markdown } = parseArguments(argv);
  const predictor = await Predictor.load(modelDir);
  const rows = readTestRows(testFile);
  const started = performance.now();
  const evaluation = await evaluate(predictor, rows);
  const seconds = (performance.now() - started) / 1000;
  console.log(`${modelDir} (model.onnx sha256 ${predictor.info.sha256.slice(0, 12)}) on ${testFile}:`);
  console.log(textTable(evaluation));
  const misses = targetVerdicts(evaluation);
  console.log(
    misses.length === 0
      ? `targets met: overall >= ${percent(OVERALL_TARGET)}, every corruption kind >= ${percent(KIND_TARGET)}`
      : `targets missed: ${misses.join("; ")}`,
  );
  console.log(`${rows.length} rows in ${seconds.toFixed(1)} s`);
  if (markdown) fs.writeFileSync(markdown, markdownTable(evaluation) + "\n");
  return misses.length === 0 ? 0 : TARGETS_MISSED;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ModelLoadError ? `model:eval: ${error.message}` : error);
    process.exit(1);
  },
);
