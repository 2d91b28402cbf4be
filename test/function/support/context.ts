import { randomUUID } from "node:crypto";
import type { Context } from "aws-lambda";

/** A Lambda context as the runtime passes it; each call gets its own request id unless one is given. */
export function testContext(awsRequestId: string = randomUUID()): Context {
  const deadline = Date.now() + 30_000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: "cola-test",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:us-west-2:123456789012:function:cola-test",
    memoryLimitInMB: "1024",
    awsRequestId,
    logGroupName: "/aws/lambda/cola-test",
    logStreamName: "2026/01/01/[$LATEST]0123456789abcdef0123456789abcdef",
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
