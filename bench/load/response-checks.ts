import type { MixRequest } from "./request-mix.js";

/** Scores are a softmax: they sum to 1 up to float rounding. */
const scoreSumTolerance = 1e-6;

/** Why a prediction list breaks the API contract, or undefined when it follows it. */
function labelListProblem(value: unknown, labels: readonly string[]): string | undefined {
  if (!Array.isArray(value)) return "a prediction is not a list";
  if (value.length !== labels.length) return `${value.length} scores for ${labels.length} labels`;
  let sum = 0;
  for (const [i, item] of value.entries()) {
    const { label, score } = (item ?? {}) as { label?: unknown; score?: unknown };
    if (label !== labels[i]) return `label ${i} is ${JSON.stringify(label)}, expected "${labels[i]}"`;
    if (typeof score !== "number" || !(score >= 0 && score <= 1))
      return `score of ${labels[i]} is ${String(score)}`;
    sum += score;
  }
  return Math.abs(sum - 1) <= scoreSumTolerance ? undefined : `scores sum to ${sum}`;
}

/**
 * Why a response body breaks the API contract for its request, or undefined when it follows it: errors are
 * `{"error": {"code", "message"}}`; a prediction is one `{label, score}` per label of the model, in id order, scores
 * summing to 1 (a batch: one such list per sentence sent); health reports `status: "ok"`.
 */
export function contractProblem(
  request: MixRequest,
  status: number,
  body: string,
  labels: readonly string[],
): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return "not JSON";
  }
  if (status >= 400) {
    const error = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    return typeof error?.code === "string" && typeof error.message === "string"
      ? undefined
      : "not an error body";
  }
  const answer = request.answer;
  if (answer === undefined) return `no expected answer is known for a ${status}`;
  if (answer === "health")
    return (parsed as { status?: unknown } | null)?.status === "ok"
      ? undefined
      : 'health without status "ok"';
  if (!answer.batch) return labelListProblem(parsed, labels);
  if (!Array.isArray(parsed)) return "a batch answer is not a list";
  if (parsed.length !== answer.sentences) return `${parsed.length} answers for ${answer.sentences} sentences`;
  for (const list of parsed) {
    const problem = labelListProblem(list, labels);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

export interface ResponseTally {
  byRequest: Map<string, { expected: number; statuses: Map<number, number> }>;
  unexpectedStatus: number;
  badBody: number;
  total: number;
  /** A few examples of what went wrong, for the report. */
  examples: string[];
}

export function newTally(mix: readonly MixRequest[]): ResponseTally {
  return {
    byRequest: new Map(mix.map((r) => [r.name, { expected: r.expectedStatus, statuses: new Map() }])),
    unexpectedStatus: 0,
    badBody: 0,
    total: 0,
    examples: [],
  };
}

export function recordResponse(
  tally: ResponseTally,
  request: MixRequest,
  status: number,
  body: string,
  labels: readonly string[],
): void {
  tally.total++;
  const entry = tally.byRequest.get(request.name);
  entry?.statuses.set(status, (entry.statuses.get(status) ?? 0) + 1);
  const note = (what: string): void => {
    if (tally.examples.length < 5) tally.examples.push(`${request.name}: ${what}: ${body.slice(0, 200)}`);
  };
  if (status !== request.expectedStatus) {
    tally.unexpectedStatus++;
    note(`status ${status}, expected ${request.expectedStatus}`);
    return;
  }
  const problem = contractProblem(request, status, body, labels);
  if (problem !== undefined) {
    tally.badBody++;
    note(`body breaks the contract (${problem})`);
  }
}
