import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, Context } from "aws-lambda";
import {
  readInvocation,
  type DirectInvocation,
  type HttpRequest,
  type Invocation,
} from "./http/invocation.js";
import { EmptyAnswer, errorResult, successResult, type HttpResult } from "./http/response.js";
import { allowHeader, routeRequest } from "./http/route.js";
import { requestRecord, type FunctionLogger, type Outcome } from "./logger.js";
import type { LabelScore, ModelInfo } from "./model/predictor.js";
import { decodeBody } from "./request/body.js";
import { parseJson, readPredictInput, type PredictInput } from "./request/input.js";
import { checkDirectTextBytes } from "./request/text-size.js";
import { fail, ok, type Result } from "./request/result.js";
import type { RequestLimits } from "./settings.js";

/** What the handler needs, built once at init (see index.ts) or by a test. */
export interface Service {
  predictor: {
    readonly info: ModelInfo;
    predict(sentences: readonly string[]): Promise<LabelScore[][]>;
  };
  limits: RequestLimits;
  logInputs: boolean;
  logger: FunctionLogger;
  /** Share of answered requests whose record is logged (REQUEST_LOG_SAMPLE_RATE); 1, every one, unless set. */
  requestLogSampleRate?: number;
  /** A number in [0, 1) per request, against the sample rate: Math.random unless a test fixes it. */
  random?: () => number;
}

/** A single sentence is answered with its label list (as the original predictor did), a batch with one per sentence. */
export type Prediction = LabelScore[] | LabelScore[][];

/**
 * The Lambda handler: HTTP API (payload 2.0) and REST API events get an HTTP result, any other event is a direct
 * invocation that gets the prediction itself, or a thrown RequestError. Each call writes one log line.
 *
 * @example
 * const predictor = await Predictor.load("models");
 * const handler = createHandler({ predictor, limits: DEFAULT_LIMITS, logInputs: false, logger });
 * await handler({ sentence: "The cat sat on the mat." }, context);
 * // [{ label: "unacceptable", score: 0.038340359185570265 },
 * //  { label: "acceptable", score: 0.9616596408144297 }]
 * await handler(
 *   { version: "2.0", routeKey: "GET /nope", rawPath: "/nope", requestContext: { http: { method: "GET" } } },
 *   context,
 * );
 * // { statusCode: 404,
 * //   headers: { "content-type": "application/json; charset=utf-8" },
 * //   body: '{"error":{"code":"not_found","message":"no resource at /nope; use POST /predict to classify or GET /health"}}',
 * //   isBase64Encoded: false }
 */
export function createHandler(service: Service) {
  let coldStart = true;
  const random = service.random ?? Math.random;

  /**
   * Writes the request's one log line, once it has ended. Errors (status 400 or above) and cold starts always
   * carry their record; an answered request carries it with probability `requestLogSampleRate`, marked with that
   * rate so counts from the logs can be scaled back. A request whose record is sampled out still reaches
   * `logger.request` (as undefined), so a metrics writer can count it.
   */
  function logRequest(
    invocation: Invocation,
    outcome: Outcome<unknown>,
    context: Context,
    started: number,
  ): void {
    const record = requestRecord(invocation, outcome, service.logInputs);
    const rate = service.requestLogSampleRate ?? 1;
    const always = record.status >= 400 || coldStart;
    const kept = always || rate >= 1 || (rate > 0 && random() < rate);
    service.logger.request(
      kept
        ? {
            function_request_id: context.awsRequestId,
            cold_start: coldStart,
            latency_ms: Math.round((performance.now() - started) * 1000) / 1000,
            ...record,
            ...(always || rate >= 1 ? {} : { sample_rate: rate }),
          }
        : undefined,
    );
    coldStart = false;
  }

  async function handle(
    event: APIGatewayProxyEventV2 | APIGatewayProxyEvent,
    context: Context,
  ): Promise<HttpResult>;
  async function handle(event: DirectInvocation, context: Context): Promise<Prediction>;
  async function handle(event: unknown, context: Context): Promise<HttpResult | Prediction>;
  async function handle(event: unknown, context: Context): Promise<HttpResult | Prediction> {
    const started = performance.now();
    const invocation = readInvocation(event);
    if (invocation.kind === "direct") {
      const outcome = await answerDirect(service, invocation.payload, context);
      logRequest(invocation, outcome, context, started);
      // Direct invokers get the plain prediction; refusals are thrown so Lambda reports them as typed errors.
      if (!outcome.result.ok) throw outcome.result.error;
      return outcome.result.value;
    }
    const outcome = await answerHttp(service, invocation.request, context);
    const response = outcome.result.ok
      ? successResult(outcome.result.value)
      : errorResult(outcome.result.error);
    logRequest(invocation, outcome, context, started);
    return response;
  }
  return handle;
}

/** What `createHandler` returns: typed by event, so callers need no cast on what it answers. */
export type ClassifierHandler = ReturnType<typeof createHandler>;

/** The JSON body to answer with; never throws (a fault is an internal_error refusal). */
async function answerHttp(
  service: Service,
  request: HttpRequest,
  context: Context,
): Promise<Outcome<unknown>> {
  try {
    const route = routeRequest(request.method, request.path);
    if (!route.ok) return { result: route };
    if (route.value === "health") return { result: ok(healthReport(service)) };
    // A preflight or any OPTIONS that API Gateway passes on: the methods the path takes, and no body.
    if (route.value === "options")
      return { result: ok(new EmptyAnswer({ allow: allowHeader(request.path) })) };

    const input = readHttpInput(request, service.limits);
    if (!input.ok) return { result: input };
    return { result: await classify(service, input.value, context), input: input.value };
  } catch (error) {
    return { result: internalError(service, error, context) };
  }
}

async function answerDirect(
  service: Service,
  payload: unknown,
  context: Context,
): Promise<Outcome<Prediction>> {
  const tooLarge = checkDirectTextBytes(payload, service.limits.maxBodyBytes);
  if (tooLarge !== undefined) return { result: tooLarge };
  const input = readPredictInput(payload, service.limits);
  if (!input.ok) return { result: input };
  return { result: await classify(service, input.value, context), input: input.value };
}

function readHttpInput(request: HttpRequest, limits: RequestLimits): Result<PredictInput> {
  const body = decodeBody(request.body, request.isBase64Encoded, limits.maxBodyBytes);
  if (!body.ok) return body;
  const payload = parseJson(body.value);
  return payload.ok ? readPredictInput(payload.value, limits) : payload;
}

async function classify(
  service: Service,
  input: PredictInput,
  context: Context,
): Promise<Result<Prediction>> {
  try {
    const scores = await service.predictor.predict(input.sentences);
    return ok(input.batch ? scores : (scores[0] as LabelScore[]));
  } catch (error) {
    return internalError(service, error, context);
  }
}

function healthReport(service: Service): unknown {
  const { name, labels, maxLength, sha256 } = service.predictor.info;
  return { status: "ok", model: { name, labels, maxLength, sha256 }, limits: service.limits };
}

/** The fault is logged in full; the caller only learns the request id to quote, never a stack trace. */
function internalError(service: Service, error: unknown, context: Context): Result<never> {
  service.logger.error("request failed", {
    function_request_id: context.awsRequestId,
    error: error instanceof Error ? error : new Error(String(error)),
  });
  return fail(
    "internal_error",
    `the classifier failed on this request; quote request id ${context.awsRequestId} when reporting it`,
  );
}
