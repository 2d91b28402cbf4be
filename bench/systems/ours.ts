import { pathToFileURL } from "node:url";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { httpApiEvent } from "../../local/http-api-event.js";
import { lambdaContext } from "../../local/lambda-context.js";
import { topScoringLabel, type LabelScore } from "./softmax-labels.js";
import type { BenchSystem, SystemLocations } from "./types.js";

type HttpApiHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** The route key the deployed HTTP API gives the predict route (infra/api.ts). */
const predictRouteKey = "POST /predict";

/**
 * The payload 2.0 event API Gateway sends for `POST /predict` with a JSON body: local/'s translation of a raw HTTP
 * request (what `npm start` feeds the handler), with the deployed API's route key instead of local's `$default`.
 */
export function predictEvent(body: unknown): APIGatewayProxyEventV2 {
  const event = httpApiEvent({
    method: "POST",
    url: "/predict",
    headers: { "content-type": "application/json", host: "bench.execute-api.us-east-1.amazonaws.com" },
    body: Buffer.from(JSON.stringify(body), "utf8"),
    sourceIp: "127.0.0.1",
  });
  return {
    ...event,
    routeKey: predictRouteKey,
    requestContext: { ...event.requestContext, routeKey: predictRouteKey },
  };
}

/**
 * Ours: the compiled `handler` export of function/ (`dist/index.js`, tsc output, which the image's CMD
 * `dist/index.handler` names), invoked in-process with a payload 2.0 `POST /predict` event. The entry is an ES
 * module whose top-level await loads settings, tokenizer and model, so it is loaded with `import()` (a `require`
 * of an ES module graph with top-level await throws ERR_REQUIRE_ASYNC_MODULE), and MODEL_DIR is set before it:
 * the module reads its settings when it is evaluated. Loading it counts in cold init, as Lambda's init phase.
 * Events are built before the clock starts: making them is API Gateway's work, not the function's.
 */
export async function createOurs(
  locations: SystemLocations,
): Promise<BenchSystem<APIGatewayProxyStructuredResultV2, APIGatewayProxyStructuredResultV2>> {
  process.env.MODEL_DIR = locations.modelDir;
  const loaded = (await import(pathToFileURL(locations.handlerModule).href)) as { handler?: unknown };
  if (typeof loaded.handler !== "function") throw new Error(`${locations.handlerModule} exports no handler`);
  const handler = loaded.handler as HttpApiHandler;
  const context = lambdaContext("cola-bench");
  const singleEvents = new Map<string, APIGatewayProxyEventV2>();
  const batchEvents = new Map<readonly string[], APIGatewayProxyEventV2>();

  const invoke = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const response = await handler(event, context);
    if (response.statusCode !== 200)
      throw new Error(`handler answered ${response.statusCode}: ${response.body}`);
    return response;
  };
  return {
    classify: (sentence) => {
      let event = singleEvents.get(sentence);
      if (event === undefined) singleEvents.set(sentence, (event = predictEvent({ sentence })));
      return invoke(event);
    },
    classifyBatch: (sentences) => {
      let event = batchEvents.get(sentences);
      if (event === undefined) batchEvents.set(sentences, (event = predictEvent({ sentences })));
      return invoke(event);
    },
    topLabel: (response) => topScoringLabel(JSON.parse(response.body ?? "[]") as LabelScore[]),
  };
}
