/**
 * `npm start`: the function's handler behind a local HTTP API on 127.0.0.1 (port from PORT, default 3000). Each
 * request is routed by the deployed API's route table (infra/routes.ts) and becomes a real payload 2.0 event, like
 * `sam local start-api`; the handler's JSON log lines go to stdout. No caller authentication locally.
 * One process (`node --import tsx`): SIGTERM or SIGINT finish the requests in flight, then exit 0.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { ClassifierHandler } from "../function/src/handler.js";
import { matchRoute, NO_ROUTE_ANSWER } from "../infra/routes.js";
import { debugEnabled, isClientAbort } from "./client-abort.js";
import { httpApiEvent } from "./http-api-event.js";
import { exceedsInvokeLimit, MAX_READ_BYTES, TOO_LARGE } from "./invoke-limit.js";
import { lambdaContext } from "./lambda-context.js";
import { listen, readPort } from "./listen.js";
import { loadHandler } from "./load-handler.js";
import { splitTarget } from "./request-target.js";
import { closeOnSignals } from "./shutdown.js";

const HOST = "127.0.0.1";

/** The body, or undefined past what an invoke can carry (read to the end, so the client gets the answer). */
async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_READ_BYTES) chunks.push(chunk);
  }
  return size <= MAX_READ_BYTES ? Buffer.concat(chunks) : undefined;
}

function send(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
) {
  response.writeHead(status, { ...headers, "content-length": Buffer.byteLength(body) });
  response.end(body);
}

function gatewayError(response: ServerResponse, status: number, message: string): void {
  send(response, status, { "content-type": "application/json" }, JSON.stringify({ message }));
}

async function serve(handler: ClassifierHandler, request: IncomingMessage, response: ServerResponse) {
  const tooLarge = (): void => gatewayError(response, TOO_LARGE.status, TOO_LARGE.body.message);
  const body = await readBody(request);
  if (body === undefined) return tooLarge();
  const method = request.method ?? "GET";
  const url = request.url ?? "/";
  const route = matchRoute(method, splitTarget(url).path);
  if (route === undefined)
    return gatewayError(response, NO_ROUTE_ANSWER.status, NO_ROUTE_ANSWER.body.message);
  const event = httpApiEvent({
    method,
    url,
    headers: request.headers,
    body,
    sourceIp: request.socket.remoteAddress ?? HOST,
    routeKey: route.key,
  });
  if (exceedsInvokeLimit(event)) return tooLarge();
  const result = await handler(event, lambdaContext());
  const payload = result.isBase64Encoded ? Buffer.from(result.body, "base64") : result.body;
  send(response, result.statusCode, result.headers, payload);
}

async function main(): Promise<void> {
  const port = readPort(process.env.PORT);
  const handler = await loadHandler();
  const debug = debugEnabled(process.env.LOG_LEVEL);
  const server = createServer((request, response) => {
    serve(handler, request, response).catch((error: unknown) => {
      if (isClientAbort(error, request)) {
        // The client went away mid-body: nobody is left to answer, and nothing failed here.
        if (debug) console.error(`client closed the connection mid-body: ${request.method} ${request.url}`);
        return;
      }
      // What API Gateway answers when the function itself fails; the handler maps its own faults to 500 JSON.
      console.error(error);
      if (!response.headersSent) gatewayError(response, 500, "Internal Server Error");
      else response.destroy();
    });
  });
  server.requestTimeout = 30_000; // the HTTP API's integration timeout
  const bound = await listen(server, port, HOST);
  closeOnSignals(server);
  console.error(`local API on http://${HOST}:${bound} (POST /predict, GET /health); Ctrl+C stops it`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
