import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { LAMBDA_MAX_INVOKE_BYTES } from "../function/src/setting-definitions.js";

/** Deployed, Lambda refuses the invoke and API Gateway answers this itself; the function never runs. */
export const TOO_LARGE = { status: 413, body: { message: "Request Entity Too Large" } } as const;

/** Whether Lambda would refuse to invoke the function with `event`: its JSON exceeds the invoke payload limit. */
export function exceedsInvokeLimit(event: APIGatewayProxyEventV2): boolean {
  return Buffer.byteLength(JSON.stringify(event)) > LAMBDA_MAX_INVOKE_BYTES;
}

/** Reading a body stops here: a body this large cannot fit in an invoke payload with its event around it. */
export const MAX_READ_BYTES = LAMBDA_MAX_INVOKE_BYTES;
