import type { Logger } from "@aws-lambda-powertools/logger";
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, Context } from "aws-lambda";
import { readInvocation, type DirectInvocation, type HttpRequest } from "./http/invocation.js";
import { errorResult, jsonResult, type HttpResult } from "./http/response.js";
import { routeRequest } from "./http/route.js";
import type { LabelScore, ModelInfo } from "./model/predictor.js";
import { decodeBody } from "./request/body.js";
import { parseJson, readPredictInput, type PredictInput } from "./request/input.js";
import { RequestError, type Result } from "./request/request-error.js";
import type { RequestLimits } from "./settings.js";

/** What the handler needs, built once at init (see index.ts) or by a test. */
export interface Service {
  predictor: {
    readonly info: ModelInfo;
    predict(sentences: readonly string[]): Promise<LabelScore[][]>;
  };
  limits: RequestLimits;
  logInputs: boolean;
  logger: Logger;
}

/** A single sentence is answered with its label list (as the original predictor did), a batch with one per sentence. */
export type Prediction = LabelScore[] | LabelScore[][];

export interface ClassifierHandler {
  (event: APIGatewayProxyEventV2 | APIGatewayProxyEvent, context: Context): Promise<HttpResult>;
  (event: DirectInvocation, context: Context): Promise<Prediction>;
  (event: unknown, context: Context): Promise<HttpResult | Prediction>;
}

/** Fields of the one log line written per request. */
interface RequestRecord {
  source: "http-api" | "rest-api" | "direct";
  method?: string;
  path?: string;
  status: number;
  batch_size: number;
  error_code?: string;
  sentences?: string[];
}

export function createHandler(service: Service): ClassifierHandler {
  const { logger } = service;
  let coldStart = true;

  const handle = async (event: unknown, context: Context): Promise<HttpResult | Prediction> => {
    const started = performance.now();
    const invocation = readInvocation(event);
    const record: RequestRecord = { source: "direct", status: 200, batch_size: 0 };
    try {
      if (invocation.kind === "direct")
        return await answerDirect(service, invocation.payload, record, context);
      return await answerHttp(service, invocation.request, record, context);
    } finally {
      logger.info("request", {
        function_request_id: context.awsRequestId,
        cold_start: coldStart,
        latency_ms: Math.round((performance.now() - started) * 1000) / 1000,
        ...record,
      });
      coldStart = false;
    }
  };
  return handle as ClassifierHandler;
}

async function answerHttp(
  service: Service,
  request: HttpRequest,
  record: RequestRecord,
  context: Context,
): Promise<HttpResult> {
  Object.assign(record, { source: request.source, method: request.method, path: request.path });
  const refuse = (error: RequestError): HttpResult => {
    record.status = error.statusCode;
    record.error_code = error.code;
    return errorResult(error);
  };
  try {
    const route = routeRequest(request.method, request.path);
    if (route.action === "refuse") return refuse(route.error);
    if (route.action === "health") return jsonResult(200, healthReport(service));

    const input = readHttpInput(request, service.limits);
    if (!input.ok) return refuse(input.error);
    const prediction = await predict(service, input.value, record);
    return jsonResult(200, prediction);
  } catch (error) {
    return refuse(internalError(service, error, context));
  }
}

/** Direct invokers get the plain prediction; refusals are thrown so Lambda reports them as typed errors. */
async function answerDirect(
  service: Service,
  payload: unknown,
  record: RequestRecord,
  context: Context,
): Promise<Prediction> {
  const input = readPredictInput(payload, service.limits);
  const fail = (error: RequestError): never => {
    record.status = error.statusCode;
    record.error_code = error.code;
    throw error;
  };
  if (!input.ok) return fail(input.error);
  try {
    return await predict(service, input.value, record);
  } catch (error) {
    return fail(internalError(service, error, context));
  }
}

function readHttpInput(request: HttpRequest, limits: RequestLimits): Result<PredictInput> {
  const body = decodeBody(request.body, request.isBase64Encoded, limits.maxBodyBytes);
  if (!body.ok) return body;
  const payload = parseJson(body.value);
  return payload.ok ? readPredictInput(payload.value, limits) : payload;
}

async function predict(service: Service, input: PredictInput, record: RequestRecord): Promise<Prediction> {
  record.batch_size = input.sentences.length;
  if (service.logInputs) record.sentences = input.sentences;
  const scores = await service.predictor.predict(input.sentences);
  return input.batch ? scores : (scores[0] as LabelScore[]);
}

function healthReport(service: Service): unknown {
  const { name, labels, maxLength, sha256 } = service.predictor.info;
  return { status: "ok", model: { name, labels, maxLength, sha256 }, limits: service.limits };
}

/** The fault is logged in full; the caller only learns the request id to quote, never a stack trace. */
function internalError(service: Service, error: unknown, context: Context): RequestError {
  service.logger.error("request failed", {
    function_request_id: context.awsRequestId,
    error: error instanceof Error ? error : new Error(String(error)),
  });
  return new RequestError(
    "internal_error",
    `the classifier failed on this request; quote request id ${context.awsRequestId} when reporting it`,
  );
}
