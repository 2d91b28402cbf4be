import { quoted } from "../../function/src/model/errors.js";
import { labelProblem } from "../../function/src/model/labels.js";
import { ImportError } from "./errors";
import type { JsonObject } from "./json-files";

/** CoLA's labels in the GLUE order the original pipeline trains with: 0 unacceptable, 1 acceptable. */
export const COLA_LABELS = ["unacceptable", "acceptable"] as const;

export interface ChosenLabels {
  labels: string[];
  /** Where they came from, for the printed summary. */
  from: "config.json id2label" | "--labels" | "the CoLA default";
}

/**
 * The labels of the imported model: config.json's `id2label` when it names them (transformers' placeholders
 * `LABEL_0`, `LABEL_1`, … name nothing), else `--labels`, else CoLA's. Fails when both name labels and
 * disagree, or either list breaks a rule of the function's (labels.ts), saying which.
 */
export function chooseLabels(config: JsonObject | undefined, requested: string[] | undefined): ChosenLabels {
  if (requested !== undefined) {
    const problem = checkList(requested);
    if (problem !== undefined) throw new ImportError("--labels", problem);
  }
  const named = namedLabels(config?.id2label);
  if (named !== undefined) {
    if (requested !== undefined && requested.join(",") !== named.join(",")) {
      throw new ImportError(
        "--labels",
        `${quoted(requested.join(","))} disagrees with config.json "id2label" (${quoted(named.join(","))}); drop --labels or fix config.json`,
      );
    }
    return { labels: named, from: "config.json id2label" };
  }
  if (requested !== undefined) return { labels: requested, from: "--labels" };
  return { labels: [...COLA_LABELS], from: "the CoLA default" };
}

/**
 * id2label's names in id order, or undefined when there is none or it holds only placeholders. An id2label that is
 * there but unusable is refused with the rule it breaks: it is what the model was trained with.
 */
function namedLabels(id2label: unknown): string[] | undefined {
  if (id2label === undefined || id2label === null) return undefined;
  const refuse = (problem: string) => new ImportError("config.json", `"id2label": ${problem}`);
  if (typeof id2label !== "object" || Array.isArray(id2label)) {
    throw refuse('must be an object such as {"0": "unacceptable", "1": "acceptable"}');
  }
  const entries = id2label as Record<string, unknown>;
  const count = Object.keys(entries).length;
  const labels: string[] = [];
  for (let id = 0; id < count; id++) {
    const label = entries[String(id)];
    if (typeof label !== "string") throw refuse(`has no label (a string) for id ${id} of 0 to ${count - 1}`);
    labels.push(label);
  }
  if (labels.every((label, id) => label === `LABEL_${id}`)) return undefined;
  const problem = labelProblem(labels);
  if (problem !== undefined) throw refuse(problem);
  return labels;
}

function checkList(labels: readonly string[]): string | undefined {
  const problem = labelProblem(labels);
  return problem === "must name at least two labels"
    ? "must name at least two labels, in the model's output order (e.g. --labels neg,pos)"
    : problem;
}
