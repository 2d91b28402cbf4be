import type { SystemLocations, SystemName } from "./systems/types.js";

/** What the parent asks one fresh child process to measure. Passed as JSON in the BENCH_CHILD env variable. */
export interface ChildRequest {
  system: SystemName;
  locations: SystemLocations;
  /** "cold": exit after the first answer; "full": also warm latency and batch throughput. */
  mode: "cold" | "full";
  warmupCalls: number;
  timedCalls: number;
  warmupBatches: number;
  timedBatches: number;
}

export const childRequestEnv = "BENCH_CHILD";

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

export interface ResultMessage {
  type: "result";
  singleLatenciesMs: number[];
  batchLatenciesMs: number[];
  batchSize: number;
  /**
   * CPU time (user + system, every thread of the process) spent over the timed single-sentence calls, divided by
   * their count: what one warm call costs in CPU, whatever share of a CPU the process gets.
   */
  singleCpuMsPerCall: number;
  /** Top label per bench sentence, read after timing, so the parent can check that systems agree. */
  labels: string[];
  /** Peak resident set size of the child process over its whole life (getrusage ru_maxrss). */
  maxRssBytes: number;
}

export interface ErrorMessage {
  type: "error";
  message: string;
}

export type ChildMessage = FirstAnswerMessage | ResultMessage | ErrorMessage;
