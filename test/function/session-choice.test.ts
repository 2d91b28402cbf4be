import assert from "node:assert/strict";
import { Predictor } from "../../function/src/model/predictor.js";
import type { LoadedSession } from "../../function/src/model/session.js";
import { bundledModelDir } from "./support/paths.js";
import { SENTENCES } from "./support/sentences.js";

type Session = LoadedSession["session"];

/** Counts the runs of each of the Predictor's sessions (reached at run time) while `action` runs. */
async function countRuns(
  predictor: Predictor,
  action: () => Promise<unknown>,
): Promise<{ one: number; many: number }> {
  const model = (predictor as unknown as { model: LoadedSession }).model;
  const counts = { one: 0, many: 0 };
  const watchRuns = (session: Session | undefined, key: keyof typeof counts): void => {
    if (session === undefined) return;
    const run = session.run.bind(session);
    session.run = ((...args: Parameters<Session["run"]>) => {
      counts[key]++;
      return run(...args);
    }) as Session["run"];
  };
  watchRuns(model.session, "one");
  watchRuns(model.parallel, "many");
  try {
    await action();
  } finally {
    Reflect.deleteProperty(model.session, "run");
    if (model.parallel !== undefined) Reflect.deleteProperty(model.parallel, "run");
  }
  return counts;
}

/** 40 sentences of 10 to 25 tokens: a run well above the parallel threshold. */
const LARGE_BATCH = Array.from({ length: 8 }, () => SENTENCES).flat();

describe("Predictor sessions by memory size", function () {
  let two: Predictor;
  let one: Predictor;

  before(async function () {
    [two, one] = await Promise.all([
      Predictor.load(bundledModelDir, { memoryMb: 3538 }),
      Predictor.load(bundledModelDir, { memoryMb: 1769 }),
    ]);
  });

  it("at 3,538 MB runs a single sentence on the one-thread session", async function () {
    assert.deepEqual(await countRuns(two, () => two.predict(["The cat sat on the mat."])), {
      one: 1,
      many: 0,
    });
  });

  it("at 3,538 MB runs a large batch on the two-thread session", async function () {
    assert.deepEqual(await countRuns(two, () => two.predict(LARGE_BATCH)), { one: 0, many: 1 });
  });

  it("at 1,769 MB loads one session and runs everything on it", async function () {
    assert.equal((one as unknown as { model: LoadedSession }).model.parallel, undefined);
    assert.deepEqual(await countRuns(one, () => one.predict(LARGE_BATCH)), { one: 1, many: 0 });
  });

  it("gives identical scores and model info whichever session runs", async function () {
    assert.deepEqual(two.info, one.info);
    assert.deepEqual(await two.predict(LARGE_BATCH), await one.predict(LARGE_BATCH));
    assert.deepEqual(await two.predict([SENTENCES[2]]), await one.predict([SENTENCES[2]]));
  });
});
