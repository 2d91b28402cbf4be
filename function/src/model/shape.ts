import type { InferenceSession } from "onnxruntime-node";
import { ModelLoadError } from "./errors.js";

/** The batch size and sequence length a model's inputs declare; null where the axis is dynamic (any size). */
export interface ModelShape {
  batch: number | null;
  sequence: number | null;
}

type Dimension = number | string;
type ValueMetadata = InferenceSession.ValueMetadata;

const AXES = ["batch", "sequence"] as const;

/**
 * The shape every input shares, from the session's metadata. An export names a dynamic axis (`batch_size`) and
 * gives a fixed one as a number; inputs must be `[batch, sequence]` and agree on each fixed size.
 */
export function readInputShape(file: string, inputs: readonly ValueMetadata[]): ModelShape {
  const shape: ModelShape = { batch: null, sequence: null };
  const declaredBy: Partial<Record<keyof ModelShape, string>> = {};
  for (const input of inputs) {
    // An input without shape information constrains nothing.
    if (!input.isTensor || input.shape.length === 0) continue;
    if (input.shape.length !== AXES.length) {
      throw new ModelLoadError(
        file,
        `input "${input.name}" has shape ${format(input.shape)}; the service feeds two axes, [batch, sequence]`,
      );
    }
    AXES.forEach((axis, index) => {
      const size = fixedSize(input.shape[index]);
      if (size === null) return;
      const other = shape[axis];
      if (other !== null && other !== size) {
        throw new ModelLoadError(
          file,
          `inputs "${declaredBy[axis]}" and "${input.name}" declare different ${axis} sizes, ${other} and ${size}`,
        );
      }
      shape[axis] = size;
      declaredBy[axis] = input.name;
    });
  }
  return shape;
}

/** Fails when the output's declared shape cannot be one score per label for each row. */
export function checkOutputShape(file: string, output: ValueMetadata, labelCount: number): void {
  if (!output.isTensor || output.shape.length === 0) return;
  const width = output.shape.length === 2 ? output.shape[1] : undefined;
  const fixedWidth = fixedSize(width);
  if (output.shape.length !== 2 || (fixedWidth !== null && fixedWidth !== labelCount)) {
    throw new ModelLoadError(
      file,
      `output "${output.name}" has shape ${format(output.shape)} but config.json "id2label" names ${labelCount} labels: expected [batch, ${labelCount}]`,
    );
  }
}

/** A fixed size, or null for an axis with a name (dynamic) or without a usable size. */
function fixedSize(dimension: Dimension | undefined): number | null {
  return typeof dimension === "number" && Number.isInteger(dimension) && dimension > 0 ? dimension : null;
}

export function format(dimensions: readonly Dimension[]): string {
  return `[${dimensions.join(", ")}]`;
}
