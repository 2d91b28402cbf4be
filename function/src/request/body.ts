import { describeValue } from "./describe.js";
import { fail, ok, type Result } from "./result.js";

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The request body as text: base64-decoded when API Gateway says it encoded it (it does for content types it
 * treats as binary, e.g. curl's default form encoding), checked against the size limit before anything parses it.
 */
export function decodeBody(
  body: unknown,
  isBase64Encoded: boolean | undefined,
  maxBodyBytes: number,
): Result<string> {
  if (body === undefined || body === null || body === "") {
    return fail("invalid_body", 'the request has no body; send JSON such as {"sentence": "The cat sat."}');
  }
  if (typeof body !== "string") {
    // The event, not the client, is at fault: API Gateway always passes the body as a string (or null).
    return fail(
      "invalid_event",
      `the event's "body" is ${describeValue(body)}; an HTTP event carries the body as a string (base64 when isBase64Encoded)`,
    );
  }
  const tooLarge = (bytes: number): Result<string> =>
    fail("payload_too_large", `the body is ${bytes} bytes; allowed: at most ${maxBodyBytes} bytes`);

  if (!isBase64Encoded) {
    const bytes = Buffer.byteLength(body, "utf8");
    return bytes > maxBodyBytes ? tooLarge(bytes) : ok(body);
  }

  const encoded = body.trim();
  // Checked on the encoded length first so an oversized body is refused without decoding it.
  const decodedBytes = Math.floor((encoded.length * 3) / 4) - trailingPadding(encoded);
  if (decodedBytes > maxBodyBytes) return tooLarge(decodedBytes);
  if (encoded.length % 4 !== 0 || !BASE64.test(encoded)) {
    return fail(
      "invalid_body",
      "the body is marked base64-encoded (isBase64Encoded) but is not valid base64",
    );
  }
  try {
    return ok(strictUtf8.decode(Buffer.from(encoded, "base64")));
  } catch {
    return fail("invalid_body", "the base64-decoded body is not UTF-8 text; send JSON encoded as UTF-8");
  }
}

/** The "=" at the end, counted from the end: /=+$/ would backtrack over every run of "=" (quadratic in the body). */
function trailingPadding(encoded: string): number {
  let count = 0;
  while (count < encoded.length && encoded[encoded.length - 1 - count] === "=") count++;
  return count;
}
