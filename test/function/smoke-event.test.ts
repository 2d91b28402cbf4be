import * as assert from "node:assert/strict";
import { createHandler } from "../../function/src/handler.js";
import { smokeAnswerProblem, smokeEvent, SMOKE_SENTENCE } from "../../infra/rollout/smoke.js";
import { testContext } from "./support/context.js";
import { bundledModelDir } from "./support/paths.js";
import { buildService, loadPredictor } from "./support/service.js";

/**
 * The rollout's smoke prediction (infra/rollout/smoke.ts) against the real handler and the bundled model: the
 * event it invokes a new version with is one the handler answers with a prediction, and the check it applies
 * accepts that answer, so a healthy version passes the smoke test and the rollout can proceed.
 */
describe("the rollout's smoke prediction, answered by the handler", () => {
  it("is a POST /predict the handler answers with one score per label of the model", async () => {
    const predictor = await loadPredictor(bundledModelDir);
    const handler = createHandler(buildService(predictor));
    const result = await handler(smokeEvent(SMOKE_SENTENCE) as never, testContext());
    // What Lambda's Invoke returns to the rollout: the handler's result as the JSON payload.
    const answer = { StatusCode: 200, Payload: new TextEncoder().encode(JSON.stringify(result)) };
    const labels = [...predictor.info.labels];
    assert.equal(smokeAnswerProblem(answer, labels), undefined);
    assert.deepEqual(labels, ["unacceptable", "acceptable"]);
    // The check is not a formality: the same answer fails against other labels.
    assert.match(
      smokeAnswerProblem(answer, ["negative", "positive"]) ?? "",
      /expected \["negative","positive"\]/,
    );
  });

  it("a refused request is a failed smoke test, naming the status", async () => {
    const handler = createHandler(buildService(await loadPredictor(bundledModelDir)));
    const result = await handler(smokeEvent("") as never, testContext());
    const answer = { StatusCode: 200, Payload: new TextEncoder().encode(JSON.stringify(result)) };
    assert.match(smokeAnswerProblem(answer, ["unacceptable", "acceptable"]) ?? "", /answered HTTP 400/);
  });
});
