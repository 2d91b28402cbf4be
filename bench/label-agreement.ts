import type { SystemFigures } from "./measure-config.js";

/**
 * Every system must give the same top label for each bench sentence (same model, same tokenizer): a system that
 * disagrees is measuring something else, and its timings would be meaningless. Padding to 128 and the peer's own
 * tokenizer implementation may legitimately move a borderline score a little, so disagreement is reported, and the
 * bench fails only when a system disagrees on more than one sentence in eight.
 */
export function labelAgreement(figures: readonly SystemFigures[]): { summary: string; ok: boolean } {
  const reference = figures.find((f) => f.system === "floor") ?? figures[0];
  if (reference === undefined) return { summary: "no systems", ok: true };
  if (figures.length === 1)
    return { summary: `only ${reference.system} measured, nothing to compare`, ok: true };
  let ok = true;
  const parts = figures
    .filter((f) => f !== reference)
    .map((f) => {
      const same = f.labels.filter((label, i) => label === reference.labels[i]).length;
      if (same < (reference.labels.length * 7) / 8) ok = false;
      return `${f.system} ${same}/${reference.labels.length}`;
    });
  return { summary: `same top label as ${reference.system}: ${parts.join(", ")}`, ok };
}
