/**
 * The event a Lambda function URL sends the function for one request, in the shape of the request payload that
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html ("Request payload format") shows and
 * test/function/events/function-url.json copies: payload version 2.0 with routeKey and stage "$default", the URL's
 * id as apiId and domainPrefix, and the caller's IAM identity under requestContext.authorizer.iam with AWS_IAM.
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { splitTarget } from "../../../local/request-target.js";

/** A function URL's id as the docs' example spells one (32 lower-case letters and digits). */
export const URL_ID = "abcdefghijklmnopqrstuvwxyz012345";
const REGION = "us-east-1";

export interface UrlRequest {
  method: string;
  /** Path and query string, as in the request line. */
  target: string;
  headers: Record<string, string>;
  body?: string;
  /** AWS_IAM: the signer's identity reaches the function (the docs' example). */
  iam?: boolean;
}

/** "12/Mar/2020:19:03:58 +0000", the format of requestContext.time in the docs' example. */
function clfTime(date: Date): string {
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const two = (n: number) => String(n).padStart(2, "0");
  return (
    `${two(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`
  );
}

export function functionUrlEvent(request: UrlRequest, now = new Date()): APIGatewayProxyEventV2 {
  const { path, query } = splitTarget(request.target);
  const queryStringParameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(query))
    queryStringParameters[name] = Object.hasOwn(queryStringParameters, name)
      ? `${queryStringParameters[name]},${value}`
      : value;
  const domainName = `${URL_ID}.lambda-url.${REGION}.on.aws`;
  const iam = {
    accessKey: "AKIAIOSFODNN7EXAMPLE",
    accountId: "111122223333",
    callerId: "AIDACKCEVSQ6C2EXAMPLE",
    cognitoIdentity: null,
    principalOrgId: null,
    userArn: "arn:aws:iam::111122223333:user/example-user",
    userId: "AIDACKCEVSQ6C2EXAMPLE",
  };
  const event = {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: query,
    headers: { ...request.headers, host: domainName },
    ...(Object.keys(queryStringParameters).length > 0 ? { queryStringParameters } : {}),
    requestContext: {
      accountId: "123456789012",
      apiId: URL_ID,
      authentication: null,
      ...(request.iam === true ? { authorizer: { iam } } : {}),
      domainName,
      domainPrefix: URL_ID,
      http: {
        method: request.method.toUpperCase(),
        path,
        protocol: "HTTP/1.1",
        sourceIp: "123.123.123.123",
        userAgent: request.headers["user-agent"] ?? "agent",
      },
      requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
      routeKey: "$default",
      stage: "$default",
      time: clfTime(now),
      timeEpoch: now.getTime(),
    },
    ...(request.body !== undefined && request.body !== "" ? { body: request.body } : {}),
    pathParameters: null,
    isBase64Encoded: false,
    stageVariables: null,
  };
  // The docs' payload carries nulls and an IAM authorizer that the HTTP API's type does not declare.
  return event as unknown as APIGatewayProxyEventV2;
}
