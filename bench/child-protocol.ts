import type { SystemLocations, SystemName } from "./systems/types.js";

/** What the parent asks one fresh child process to be. Passed as JSON in the BENCH_CHILD env variable. */
export interface ChildRequest {
  system: SystemName;
  locations: SystemLocations;
  /** "cold": exit after the first answer; "warm": then answer the parent's block commands until "finish". */
  mode: "cold" | "warm";
}

export const childRequestEnv = "BENCH_CHILD";

/**
 * One block of calls, back to back, then a pause in which the child does nothing: ORT's spinning worker threads
 * (the peer's) wind down inside the pause, so their CPU counts for the system that spun them and never slows the
 * next system's block. `calls` single sentences, or `calls` batches of 32.
 */
export interface BlockCommand {
  type: "block";
  kind: "single" | "batch";
  calls: number;
  pauseMs: number;
}

export interface FinishCommand {
  type: "finish";
}

export type ParentCommand = BlockCommand | FinishCommand;

export interface FirstAnswerMessage {
  type: "first-answer";
  /** ms spent in createSystem (module load, model and tokenizer) plus the first answer. */
  initAndFirstAnswerMs: number;
  /**
   * CPU time (user + system, all threads) the process had used by its first answer: Node's start included. Unlike
   * wall time it hardly moves with the machine's load, and it is what a Lambda CPU quota rations.
   */
  cpuMsAtFirstAnswer: number;
}

export interface BlockMessage {
  type: "block";
  latenciesMs: number[];
  /** Wall time from the first call's start to the last call's end (the pause excluded). */
  wallMs: number;
  /** CPU time of every thread of the process over the block and its pause. */
  cpuMs: number;
}

export interface ResultMessage {
  type: "result";
  /** Top label per bench sentence, read after timing, so the parent can check that systems agree. */
  labels: string[];
  /** Peak resident set size of the child process over its whole life (getrusage ru_maxrss). */
  maxRssBytes: number;
}

export interface ErrorMessage {
  type: "error";
  message: string;
}

export type ChildMessage = FirstAnswerMessage | BlockMessage | ResultMessage | ErrorMessage;
