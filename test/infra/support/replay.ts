/**
 * The replay table: requests a client may send, and how to read an answer, shared by the HTTP API's replay
 * (test/infra/routes.test.ts) and the function URL's (test/infra/function-url-replay.test.ts). Each replay compares
 * the deployed path (an event for the handler) with `npm start` answering the same request over HTTP.
 */
import { request as httpRequest } from "node:http";
import { createHandler, type ClassifierHandler } from "../../../function/src/handler.js";
import { createLogger } from "../../../function/src/logger.js";
import { Predictor } from "../../../function/src/model/predictor.js";
import { readSettings } from "../../../function/src/settings.js";
import { bundledModelDir } from "../../function/support/paths.js";

export interface Answer {
  status: number;
  contentType: string | undefined;
  allow: string | undefined;
  body: unknown;
}

export interface Probe {
  method: string;
  path: string;
  body?: string;
}

export const SENTENCE = JSON.stringify({ sentence: "The cat sat on the mat." });

/** Methods and paths a client may try: the documented ones, the original REST API's, and stray ones. */
export const REPLAY: Probe[] = [
  { method: "POST", path: "/predict", body: SENTENCE },
  { method: "POST", path: "/prediction", body: SENTENCE },
  { method: "POST", path: "/predict/", body: SENTENCE },
  { method: "POST", path: "/v1/anything", body: SENTENCE },
  { method: "POST", path: "/predict", body: '{"sentence": ' },
  { method: "POST", path: "/predict", body: JSON.stringify({ sentences: [] }) },
  { method: "POST", path: "/predict", body: JSON.stringify({ sentence: "a".repeat(70_000) }) },
  { method: "GET", path: "/predict" },
  { method: "PUT", path: "/predict", body: SENTENCE },
  { method: "DELETE", path: "/prediction" },
  { method: "GET", path: "/health" },
  { method: "GET", path: "/health/" },
  { method: "GET", path: "/health?probe=1" },
  { method: "POST", path: "/health", body: SENTENCE },
  { method: "PATCH", path: "/health" },
  { method: "GET", path: "/" },
  { method: "GET", path: "/nope" },
  { method: "GET", path: "/wp-login.php" },
  // OPTIONS reaches the handler by $default (or, with auth on, the open OPTIONS routes): 204 and allow.
  { method: "OPTIONS", path: "/predict" },
  { method: "OPTIONS", path: "/health" },
  { method: "OPTIONS", path: "/" },
  // Request targets a URL parser would read as a host or refuse: paths, answered by the handler's routing.
  { method: "GET", path: "//" },
  { method: "GET", path: "//a:b@x/health" },
  { method: "POST", path: "//predict", body: SENTENCE },
];

/** JSON, or null for the empty body of a 204. */
export const parseBody = (text: string): unknown => (text === "" ? null : (JSON.parse(text) as unknown));

export function overHttp(baseUrl: string, probe: Probe): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = probe.body === undefined ? {} : { "content-type": "application/json" };
    const { hostname, port } = new URL(baseUrl);
    // The path as the probe writes it: `new URL` would read "//a:b@x" as a host.
    const outgoing = httpRequest(
      { hostname, port, path: probe.path, method: probe.method, headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            contentType: response.headers["content-type"],
            allow: response.headers.allow,
            body: parseBody(Buffer.concat(chunks).toString("utf8")),
          }),
        );
        response.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(probe.body);
  });
}

/** What function/src/index.ts builds at init, from the same settings the local server reads. */
export async function bundledHandler(): Promise<ClassifierHandler> {
  const settings = readSettings({ MODEL_DIR: bundledModelDir, LOG_LEVEL: "ERROR" });
  return createHandler({
    predictor: await Predictor.load(settings.modelDir, { maxLength: settings.maxLength }),
    limits: settings.limits,
    logInputs: false,
    logger: createLogger(settings),
  });
}
