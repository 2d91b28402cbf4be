import type { Predictor } from "../../../function/src/model/predictor.js";
import type { LoadedSession } from "../../../function/src/model/session.js";
import type { LoadedTokenizer } from "../../../function/src/model/tokenizer.js";

/** The Predictor's private parts, reached at run time to watch what it feeds the model. */
interface PredictorInternals {
  tokenizer: LoadedTokenizer;
  model: LoadedSession;
}

type Tokenizer = LoadedTokenizer["tokenizer"];
type Session = LoadedSession["session"];
type Feeds = Parameters<Session["run"]>[0];

export interface FedTensor {
  dims: readonly number[];
  rows: bigint[][];
}

export interface PredictorSpy {
  /** Calls to `tokenizers`' async `encode` and `encodeBatch` (the fallback path). */
  encodeCalls: number;
  encodeBatchCalls: number;
  /** Calls to the synchronous fast tokenizer's `encode` (one per request, whatever its size). */
  fastCalls: number;
  /** Each session run's inputs by name, as [batch][sequence] rows. */
  runs: Record<string, FedTensor>[];
  padId: number;
  restore(): void;
}

/** Counts tokenizer calls and records every session run until `restore`. */
export function spyOnPredictor(predictor: Predictor): PredictorSpy {
  const internals = predictor as unknown as PredictorInternals;
  const tokenizer: Tokenizer = internals.tokenizer.tokenizer;
  const session: Session = internals.model.session;
  const encode = tokenizer.encode.bind(tokenizer);
  const encodeBatch = tokenizer.encodeBatch.bind(tokenizer);
  const fast = internals.tokenizer.fast;
  const fastEncode = fast?.encode.bind(fast);
  const run = session.run.bind(session) as (feeds: Feeds, ...rest: unknown[]) => ReturnType<Session["run"]>;

  const spy: PredictorSpy = {
    encodeCalls: 0,
    encodeBatchCalls: 0,
    fastCalls: 0,
    runs: [],
    padId: internals.tokenizer.padId,
    restore: () => {
      Reflect.deleteProperty(tokenizer, "encode");
      Reflect.deleteProperty(tokenizer, "encodeBatch");
      Reflect.deleteProperty(session, "run");
      if (fast !== null) Reflect.deleteProperty(fast, "encode");
    },
  };
  if (fast !== null && fastEncode !== undefined) {
    fast.encode = (...args: Parameters<typeof fastEncode>) => {
      spy.fastCalls++;
      return fastEncode(...args);
    };
  }
  tokenizer.encode = ((...args: Parameters<Tokenizer["encode"]>) => {
    spy.encodeCalls++;
    return encode(...args);
  }) as Tokenizer["encode"];
  tokenizer.encodeBatch = (...args: Parameters<Tokenizer["encodeBatch"]>) => {
    spy.encodeBatchCalls++;
    return encodeBatch(...args);
  };
  session.run = (feeds: Feeds, ...rest: unknown[]) => {
    spy.runs.push(
      Object.fromEntries(Object.entries(feeds).map(([name, tensor]) => [name, readTensor(tensor)])),
    );
    return run(feeds, ...rest);
  };
  return spy;
}

/** Runs `action` with a spy on `predictor`, and returns what it gave and what the spy saw. */
export async function watch<T>(
  predictor: Predictor,
  action: () => Promise<T>,
): Promise<{ result: T; spy: PredictorSpy }> {
  const spy = spyOnPredictor(predictor);
  try {
    return { result: await action(), spy };
  } finally {
    spy.restore();
  }
}

function readTensor(tensor: Feeds[string]): FedTensor {
  const dims = [...tensor.dims];
  const [batch = 0, sequence = 0] = dims;
  const data = tensor.data as BigInt64Array;
  const rows: bigint[][] = [];
  for (let row = 0; row < batch; row++) rows.push([...data.subarray(row * sequence, (row + 1) * sequence)]);
  return { dims, rows };
}
