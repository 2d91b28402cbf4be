/**
 * `npm run invoke -- '{"sentence": "..."}'`: one direct invocation of the handler, like `aws lambda invoke`.
 * Prints the result, or Lambda's error shape ({errorType, errorMessage}) with exit code 1.
 */
import { lambdaContext } from "./lambda-context.js";
import { loadHandler } from "./load-handler.js";

async function main(argv: readonly string[]): Promise<void> {
  const [payloadText] = argv;
  if (payloadText === undefined || argv.length > 1) {
    throw new Error(`usage: npm run invoke -- '{"sentence": "The cat sat on the mat."}'`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(payloadText);
  } catch (error) {
    throw new Error(`the payload is not JSON: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  // The result is this command's output; the handler's per-request log lines would bury it (LOG_LEVEL=INFO shows them).
  process.env.LOG_LEVEL ??= "WARN";
  const handler = await loadHandler();
  try {
    const result = await handler(payload, lambdaContext());
    process.stdout.write(JSON.stringify(result, null, 2) + "\n");
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    process.stdout.write(JSON.stringify({ errorType: name, errorMessage: message }, null, 2) + "\n");
    process.exitCode = 1;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
