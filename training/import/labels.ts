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
 * disagree, or the list is unusable.
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
        `${requested.join(",")} disagrees with config.json "id2label" (${named.join(",")}); drop --labels or fix config.json`,
      );
    }
    return { labels: named, from: "config.json id2label" };
  }
  if (requested !== undefined) return { labels: requested, from: "--labels" };
  return { labels: [...COLA_LABELS], from: "the CoLA default" };
}

/** id2label's names in id order, or undefined when it is missing, malformed or only placeholders. */
function namedLabels(id2label: unknown): string[] | undefined {
  if (typeof id2label !== "object" || id2label === null || Array.isArray(id2label)) return undefined;
  const entries = Object.entries(id2label as Record<string, unknown>);
  const labels = entries.map((_, id) => (id2label as Record<string, unknown>)[String(id)]);
  if (!labels.every((label): label is string => typeof label === "string")) return undefined;
  if (labels.every((label, id) => label === `LABEL_${id}`)) return undefined;
  return checkList(labels) === undefined ? labels : undefined;
}

function checkList(labels: readonly string[]): string | undefined {
  if (labels.length < 2)
    return "must name at least two labels, in the model's output order (e.g. --labels neg,pos)";
  if (labels.some((label) => label.trim() === "")) return "has an empty label";
  if (new Set(labels).size !== labels.length) return "names a label twice";
  return undefined;
}
