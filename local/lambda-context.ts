import { randomUUID } from "node:crypto";
import type { Context } from "aws-lambda";

/** A Lambda context like the runtime passes, for running the handler outside Lambda (local API, invoke, bench). */
export function lambdaContext(functionName = "cola-local", timeoutMs = 30_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: "1024",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => deadline - Date.now(),
    // The handler is async and never calls these.
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
