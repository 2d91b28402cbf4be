/**
 * The smoke prediction a new version must answer before any traffic reaches it: a POST /predict event of payload
 * format 2.0 (what the HTTP API sends), invoked on the version itself, and the check of its answer. Plain functions
 * with no imports: the rollout provider's code is serialized into the stack's state and runs in Pulumi's provider
 * host, so it may capture only what it can carry.
 */

/** The sentence the smoke prediction classifies. */
export const SMOKE_SENTENCE = "The cat sat on the mat.";

/**
 * The event, fixed (no request id or clock) so that it is the same on every run. The handler routes on
 * requestContext.http.method and rawPath, as behind the API.
 */
export function smokeEvent(sentence: string): Record<string, unknown> {
  const body = JSON.stringify({ sentence });
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: "/predict",
    rawQueryString: "",
    headers: { "content-type": "application/json", "user-agent": "cola-serverless-rollout" },
    requestContext: {
      accountId: "anonymous",
      apiId: "rollout-smoke-test",
      domainName: "rollout.invalid",
      domainPrefix: "rollout",
      http: {
        method: "POST",
        path: "/predict",
        protocol: "HTTP/1.1",
        sourceIp: "127.0.0.1",
        userAgent: "cola-serverless-rollout",
      },
      requestId: "rollout-smoke-test",
      routeKey: "$default",
      stage: "$default",
      time: "01/Jan/2025:00:00:00 +0000",
      timeEpoch: 1735689600000,
    },
    body,
    isBase64Encoded: false,
  };
}

/** What Lambda's Invoke returned: the function's result, or its error (FunctionError set). */
export interface InvokeAnswer {
  StatusCode?: number | undefined;
  FunctionError?: string | undefined;
  Payload?: Uint8Array | undefined;
}

/**
 * Why the answer is not a prediction with one finite score per label, or undefined when it is. With no labels
 * given (a rollback to a version whose model may differ), any non-empty list of distinct labels will do.
 *
 * @example smokeAnswerProblem(answer, ["unacceptable", "acceptable"])
 * // undefined for a body of [{"label":"unacceptable","score":0.03},{"label":"acceptable","score":0.97}]
 */
export function smokeAnswerProblem(answer: InvokeAnswer, labels: readonly string[]): string | undefined {
  const text = answer.Payload === undefined ? "" : new TextDecoder().decode(answer.Payload);
  const excerpt = text.length > 300 ? `${text.slice(0, 300)}…` : text;
  if (answer.FunctionError !== undefined) return `the function failed (${answer.FunctionError}): ${excerpt}`;
  if (answer.StatusCode !== 200) return `Invoke answered status ${String(answer.StatusCode)}`;
  let result: { statusCode?: unknown; body?: unknown };
  try {
    result = JSON.parse(text) as typeof result;
  } catch {
    return `the function's result is not JSON: ${excerpt}`;
  }
  if (result.statusCode !== 200) return `the function answered HTTP ${String(result.statusCode)}: ${excerpt}`;
  let scores: unknown;
  try {
    scores = JSON.parse(typeof result.body === "string" ? result.body : "");
  } catch {
    return `the answer's body is not JSON: ${excerpt}`;
  }
  if (!Array.isArray(scores)) return `the answer is not a list of label scores: ${excerpt}`;
  const entries = scores as Array<{ label?: unknown; score?: unknown }>;
  const answered = entries.map((entry) => entry.label);
  if (labels.length === 0) {
    const distinct = new Set(answered);
    if (
      entries.length === 0 ||
      distinct.size !== entries.length ||
      answered.some((l) => typeof l !== "string")
    ) {
      return `the answer's labels are ${JSON.stringify(answered)}, expected distinct label names`;
    }
  } else {
    const missing = labels.filter((label) => !answered.includes(label));
    if (missing.length > 0 || entries.length !== labels.length) {
      return `the answer's labels are ${JSON.stringify(answered)}, expected ${JSON.stringify(labels)}`;
    }
  }
  const bad = entries.find((entry) => typeof entry.score !== "number" || !Number.isFinite(entry.score));
  if (bad !== undefined) return `label ${String(bad.label)} has no finite score: ${excerpt}`;
  return undefined;
}
