import { createHash } from "node:crypto";
import type { InferenceSession } from "onnxruntime-node";
import { nativeModules } from "../dependencies.js";
import { ModelLoadError, messageOf } from "./errors.js";
import { readInputShape, type ModelShape } from "./shape.js";
import { lambdaMemoryMb, runsInParallel, sessionOptions, sessionThreads } from "./threads.js";

/** Inputs a BERT-style classifier may declare; the service feeds each one the model asks for. */
export const FEEDABLE_INPUTS = ["input_ids", "attention_mask", "token_type_ids"] as const;
export type FeedableInput = (typeof FEEDABLE_INPUTS)[number];

export interface LoadedSession {
  /** One intra-op thread: every run when there is no `parallel` session, small runs otherwise. */
  session: InferenceSession;
  /** A thread per vCPU, loaded only where the memory size grants two or more: large runs (see `sessionFor`). */
  parallel: InferenceSession | undefined;
  file: string;
  sha256: string;
  inputs: FeedableInput[];
  /** What the inputs declare: a fixed batch size or sequence length, or null for a dynamic axis. */
  shape: ModelShape;
  /** The first output, whatever it is called (`logits`, or `output` in the original PyTorch export). */
  output: InferenceSession.ValueMetadata;
}

/**
 * Loads model.onnx (`file`, whose `bytes` model-folder.ts read) with threads for the vCPUs of `memoryMb` (undefined: the memory size Lambda sets; threads.ts):
 * one session, or a one-thread and a multi-thread session created from the same bytes at once.
 */
export async function loadSession(
  file: string,
  bytes: Buffer,
  memoryMb: number | undefined = lambdaMemoryMb(process.env),
): Promise<LoadedSession> {
  const { onnxruntime } = nativeModules();
  let sessions: InferenceSession[];
  try {
    // From the bytes already read for the hash: the file is read once.
    sessions = await Promise.all(
      sessionThreads(memoryMb).map((threads) =>
        onnxruntime.InferenceSession.create(bytes, sessionOptions(threads)),
      ),
    );
  } catch (error) {
    throw new ModelLoadError(file, notOnnx(error), { cause: error });
  }
  const [session, parallel] = sessions as [InferenceSession, ...InferenceSession[]];
  const inputs = checkInputs(file, session);
  const output = checkOutput(file, session);
  return {
    session,
    parallel,
    file,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    inputs,
    shape: readInputShape(file, session.inputMetadata),
    output,
  };
}

/**
 * What to say about bytes onnxruntime cannot load: its own words ("Protobuf parsing failed" for a truncated copy)
 * and what to do.
 */
export function notOnnx(error: unknown): string {
  return (
    `not a valid ONNX model, onnxruntime cannot load it (${messageOf(error)}); the file may be cut short or not ` +
    "an ONNX export: copy it again, or export it again (torch.onnx.export, optimum-cli export onnx)"
  );
}

/** The session for a run of `rows` rows padded to `sequence` tokens: the parallel one only for large runs. */
export function sessionFor<Session>(
  sessions: { session: Session; parallel: Session | undefined },
  rows: number,
  sequence: number,
): Session {
  return sessions.parallel !== undefined && runsInParallel(rows, sequence)
    ? sessions.parallel
    : sessions.session;
}

function checkInputs(file: string, session: InferenceSession): FeedableInput[] {
  const inputs: FeedableInput[] = [];
  for (const input of session.inputMetadata) {
    const feedable = FEEDABLE_INPUTS.find((name) => name === input.name);
    if (feedable === undefined) {
      throw new ModelLoadError(
        file,
        `declares input "${input.name}"; the service can feed only ${FEEDABLE_INPUTS.join(", ")}`,
      );
    }
    if (input.isTensor && input.type !== "int64") {
      throw new ModelLoadError(file, `input "${input.name}" is ${input.type}; the service feeds int64`);
    }
    inputs.push(feedable);
  }
  if (!inputs.includes("input_ids")) throw new ModelLoadError(file, 'declares no "input_ids" input');
  return inputs;
}

function checkOutput(file: string, session: InferenceSession): InferenceSession.ValueMetadata {
  const output = session.outputMetadata[0];
  if (output === undefined) throw new ModelLoadError(file, "declares no output");
  if (output.isTensor && output.type !== "float32") {
    throw new ModelLoadError(file, `output "${output.name}" is ${output.type}; expected float32 logits`);
  }
  return output;
}
