import assert from "node:assert/strict";
import type { MixRequest } from "../../bench/load/request-mix.js";
import { contractProblem } from "../../bench/load/response-checks.js";

const labels = ["unacceptable", "acceptable"];
const post = (answer: MixRequest["answer"]): MixRequest => ({
  name: "t",
  method: "POST",
  path: "/predict",
  expectedStatus: 200,
  answer,
});
const single = post({ sentences: 1, batch: false });
const batchOfTwo = post({ sentences: 2, batch: true });
const scores = (a: number, b: number): unknown[] => [
  { label: "unacceptable", score: a },
  { label: "acceptable", score: b },
];
const check = (request: MixRequest, body: unknown, status = 200): string | undefined =>
  contractProblem(request, status, JSON.stringify(body), labels);

describe("load test: the documented response shape of every answer", function () {
  it("accepts a prediction: one score per label, in id order, summing to 1", function () {
    assert.equal(check(single, scores(0.25, 0.75)), undefined);
    assert.equal(check(batchOfTwo, [scores(0.1, 0.9), scores(1, 0)]), undefined);
  });

  it("refuses an empty object, or anything else than the list", function () {
    assert.match(check(single, {}) ?? "", /not a list/);
    assert.match(check(batchOfTwo, {}) ?? "", /not a list/);
    assert.match(check(single, []) ?? "", /0 scores for 2 labels/);
    assert.match(contractProblem(single, 200, "not json", labels) ?? "", /not JSON/);
  });

  it("refuses labels out of order, scores that do not sum to 1, and scores out of range", function () {
    assert.match(check(single, [...scores(0.5, 0.5)].reverse()) ?? "", /label 0/);
    assert.match(check(single, scores(0.5, 0.6)) ?? "", /sum to/);
    assert.match(check(single, scores(-0.5, 1.5)) ?? "", /score of unacceptable/);
    assert.match(check(single, [{ label: "unacceptable", score: "0.5" }, scores(0, 0.5)[1]]) ?? "", /score/);
  });

  it("refuses a batch answer with another count than the sentences sent", function () {
    assert.match(check(batchOfTwo, [scores(0.1, 0.9)]) ?? "", /1 answers for 2 sentences/);
    assert.match(check(batchOfTwo, scores(0.1, 0.9)) ?? "", /not a list|scores for/);
  });

  it("checks error bodies and health apart", function () {
    const bad: MixRequest = { ...single, expectedStatus: 400, answer: undefined };
    assert.equal(check(bad, { error: { code: "invalid_json", message: "m" } }, 400), undefined);
    assert.match(check(bad, {}, 400) ?? "", /not an error body/);
    const health: MixRequest = { ...single, method: "GET", path: "/health", answer: "health" };
    assert.equal(check(health, { status: "ok" }), undefined);
    assert.match(check(health, {}) ?? "", /health/);
  });
});
