/**
 * The path and query of a request line's target, split at the first "?" and taken as sent, the way API Gateway
 * fills `rawPath` and `rawQueryString`. No URL parser: `new URL("//", base)` throws (a 500 where API Gateway answers
 * a 404) and `new URL("//a:b@x/health", base)` reads "x" as a host and "/health" as the path (a 200). Taken as sent,
 * both are paths the handler's routing answers with a JSON 404, as it does deployed. Neither are dot segments
 * resolved nor percent escapes decoded: the handler routes the path it is given.
 *
 * @example
 * splitTarget("//a:b@x/health?probe=1"); // { path: "//a:b@x/health", query: "probe=1" }
 */
export function splitTarget(target: string): { path: string; query: string } {
  const mark = target.indexOf("?");
  return mark === -1
    ? { path: target, query: "" }
    : { path: target.slice(0, mark), query: target.slice(mark + 1) };
}
