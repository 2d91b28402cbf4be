/*
 * A fake of CloudWatch Logs' JSON metric filter patterns, for the one form infra/ writes: string equality on a
 * property, alternatives joined by ||, in braces: `{ $.message = "a" || $.message = "b" }`. From the reference
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html, "Using metric filters to
 * match terms in JSON log events"): `$.` selects a property, `=` compares a string exactly (no `*` used here), `||`
 * is OR, and only log events that are JSON objects can match. Any other form throws, so a pattern this fake would
 * misjudge fails the test instead of passing it.
 */

interface Term {
  path: string[];
  value: string;
}

function parse(pattern: string): Term[] {
  const body = /^\{\s*(.*?)\s*\}$/.exec(pattern)?.[1];
  if (body === undefined) throw new Error(`not a JSON filter pattern in braces: ${pattern}`);
  return body.split("||").map((term) => {
    const match = /^\$\.([A-Za-z_][\w.]*)\s*=\s*"([^"*]*)"$/.exec(term.trim());
    if (match === null) throw new Error(`term outside this fake's form ($.path = "string"): ${term.trim()}`);
    return { path: match[1]!.split("."), value: match[2]! };
  });
}

/** Whether the log event `line` matches `pattern`, as CloudWatch Logs decides it for this form of pattern. */
export function matchesJsonFilter(pattern: string, line: string): boolean {
  const terms = parse(pattern);
  let event: unknown;
  try {
    event = JSON.parse(line);
  } catch {
    return false;
  }
  if (typeof event !== "object" || event === null || Array.isArray(event)) return false;
  return terms.some(({ path, value }) => {
    let node: unknown = event;
    for (const key of path) {
      node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    }
    return node === value;
  });
}
