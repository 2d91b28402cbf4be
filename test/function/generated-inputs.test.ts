import assert from "node:assert/strict";
import fc from "fast-check";
import { createHandler, type ClassifierHandler } from "../../function/src/handler.js";
import type { LabelScore } from "../../function/src/model/predictor.js";
import { documentedErrors, API_CONTRACT_DOC } from "../support/api-contract.js";
import { directPayload, httpRequest, toEvent } from "./support/arbitraries.js";
import { testContext } from "./support/context.js";
import { eventFor, json } from "./support/events.js";
import { assertHttpResult, okBody } from "./support/http-results.js";
import { configLabels } from "./support/model-folders.js";
import { outputNamedModelDir } from "./support/paths.js";
import { assertBatchScores, assertLabelScores } from "./support/scores.js";
import { buildService, loadPredictor } from "./support/service.js";

/*
 * Generated bad input (fast-check): thousands of HTTP events and direct payloads per run, new ones each run. A
 * failure prints its seed and path; FUZZ_SEED=<seed> (and FUZZ_PATH=<path>) replay them, FUZZ_RUNS changes how many.
 * Both together must take under 20 s of CPU (CPU, not wall clock: the machine may be shared). The table in bad-inputs.test.ts pins exact messages; this covers what no table lists.
 */

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** With FUZZ_SEED, fast-check's `path` from a failure report goes straight to the shrunk counterexample. */
const REPLAY_PATH = process.env.FUZZ_PATH;
const HTTP_RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const DIRECT_RUNS = HTTP_RUNS;
const GOOD_SENTENCE = "The cat sat on the mat.";

describe(`generated inputs (fast-check; replay with FUZZ_SEED=${SEED})`, function () {
  let handler: ClassifierHandler;
  let labels: string[];
  let baseline: LabelScore[];
  const documented = documentedErrors();
  const counts = { http: 0, direct: 0 };
  /** How often each answer came up: shows the generators reach every refusal, not one over and over. */
  const answers = new Map<string, number>();
  let started = 0;
  let cpuAtStart = process.cpuUsage();

  before(async function () {
    const predictor = await loadPredictor(outputNamedModelDir);
    labels = configLabels(outputNamedModelDir);
    handler = createHandler(buildService(predictor));
    baseline = okBody(
      await handler(eventFor("http-api", { body: json({ sentence: GOOD_SENTENCE }) }), testContext()),
    ) as LabelScore[];
    started = performance.now();
    cpuAtStart = process.cpuUsage();
  });

  after(function () {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const cpu = cpuSeconds().toFixed(1);
    console.log(
      `      generated ${counts.http} HTTP events and ${counts.direct} direct payloads in ${seconds} s (${cpu} s CPU) ` +
        `(seed ${SEED}); answers: ${[...answers].map(([answer, count]) => `${answer} ${count}`).join(", ")}`,
    );
  });

  function cpuSeconds(): number {
    const { user, system } = process.cpuUsage(cpuAtStart);
    return (user + system) / 1e6;
  }

  /** A 200 carries the documented shape; anything else is a documented code with its documented status. */
  function assertDocumented(status: number, body: unknown, input: unknown): void {
    const where = `for ${JSON.stringify(input)?.slice(0, 300)}`;
    if (status === 200) {
      const health = body as { status?: unknown; model?: { labels?: unknown } };
      if (health.status === "ok") assert.deepEqual(health.model?.labels, labels, `health ${where}`);
      else if (Array.isArray(body) && Array.isArray(body[0])) assertBatchScores(body, labels, body.length);
      else assertLabelScores(body, labels);
      answers.set("200", (answers.get("200") ?? 0) + 1);
      return;
    }
    const code = (body as { error?: { code?: unknown } }).error?.code;
    assert.ok(
      typeof code === "string" && documented.has(code),
      `code ${String(code)} is not in ${API_CONTRACT_DOC} ${where}`,
    );
    assert.equal(status, documented.get(code), `${API_CONTRACT_DOC} gives ${code} another status ${where}`);
    assert.notEqual(status, 500, `a fault of the service ${where}: ${JSON.stringify(body)}`);
    answers.set(code, (answers.get(code) ?? 0) + 1);
  }

  async function assertGoodStillWorks(): Promise<void> {
    const result = await handler(
      eventFor("http-api", { body: json({ sentence: GOOD_SENTENCE }) }),
      testContext(),
    );
    assert.deepEqual(okBody(result), baseline);
  }

  it(`answers ${HTTP_RUNS} generated HTTP events with documented statuses and codes, never 500 or a throw`, async function () {
    await fc.assert(
      fc.asyncProperty(httpRequest, async (request) => {
        counts.http += 1;
        const result = await handler(toEvent(request), testContext());
        assertHttpResult(result);
        if (result.statusCode === 204) {
          // OPTIONS: assertHttpResult checked the allow header and the empty body.
          assert.equal(request.spec.method, "OPTIONS");
          answers.set("204", (answers.get("204") ?? 0) + 1);
        } else assertDocumented(result.statusCode, JSON.parse(result.body) as unknown, request);
        await assertGoodStillWorks();
      }),
      { seed: SEED, path: REPLAY_PATH, numRuns: HTTP_RUNS },
    );
  });

  it(`answers ${DIRECT_RUNS} generated direct payloads with a prediction or a documented RequestError`, async function () {
    await fc.assert(
      fc.asyncProperty(directPayload, async (payload) => {
        counts.direct += 1;
        let status = 200;
        let body: unknown;
        try {
          body = await handler(payload, testContext());
        } catch (error) {
          const refusal = error as { statusCode?: unknown; toJSON?: () => unknown };
          assert.ok(
            typeof refusal.toJSON === "function" && typeof refusal.statusCode === "number",
            String(error),
          );
          status = refusal.statusCode;
          body = refusal.toJSON();
        }
        assertDocumented(status, body, payload);
        await assertGoodStillWorks();
      }),
      { seed: SEED, path: REPLAY_PATH, numRuns: DIRECT_RUNS },
    );
  });

  it("took under 20 s of CPU for both", function () {
    assert.ok(counts.http >= HTTP_RUNS && counts.direct >= DIRECT_RUNS, JSON.stringify(counts));
    assert.ok(cpuSeconds() < 20, `${cpuSeconds().toFixed(1)} s of CPU`);
  });
});
