import { quoted, UNPRINTABLE } from "./errors.js";

/** The most characters a label may have: labels are answered in every response and printed by the tools. */
export const MAX_LABEL_LENGTH = 100;

/**
 * The first rule `labels` breaks, in words, or undefined when they can name a classifier's outputs: at least two,
 * each non-empty, printable (no control, bidirectional-control or separator characters), at most
 * MAX_LABEL_LENGTH characters, and no two the same. The message quotes the label at fault, escaped and shortened.
 *
 * @example
 * labelProblem(["pos", "pos"]); // 'labels are not unique: "pos" is both label 0 and label 1'
 */
export function labelProblem(labels: readonly string[]): string | undefined {
  if (labels.length < 2) return "must name at least two labels";
  const seen = new Map<string, number>();
  for (const [id, label] of labels.entries()) {
    if (label.trim() === "") return `label ${id} is empty`;
    if (UNPRINTABLE.test(label)) {
      return `label ${id} is not printable: ${quoted(label)} holds a control, bidirectional or separator character`;
    }
    const length = [...label.slice(0, MAX_LABEL_LENGTH * 2 + 2)].length;
    if (length > MAX_LABEL_LENGTH) {
      return `label ${id} is longer than ${MAX_LABEL_LENGTH} characters: ${quoted(label, 40)}`;
    }
    const earlier = seen.get(label);
    if (earlier !== undefined) {
      return `labels are not unique: ${quoted(label)} is both label ${earlier} and label ${id}`;
    }
    seen.set(label, id);
  }
  return undefined;
}
