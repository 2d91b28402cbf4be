/**
 * `npm run model:import -- <source-dir> <out-dir> [--labels a,b]`: turns what a training pipeline exported into a
 * model folder the function, `model:eval` and the Pulumi program accept (see docs/your-own-model.md).
 *
 * Exit codes: 0 imported, 1 the source cannot be served (the message names the file), 2 wrong arguments.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { ImportError } from "./import/errors";
import { importModel } from "./import/import-model";

const USAGE = "usage: npm run model:import -- <source-dir> <out-dir> [--labels label0,label1,...]";

function parse(argv: string[]): { source: string; out: string; labels: string[] | undefined } {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { labels: { type: "string" } },
    allowPositionals: true,
  });
  const [source, out, ...extra] = positionals;
  if (source === undefined || out === undefined || extra.length > 0) throw new TypeError(USAGE);
  return {
    source: fromCaller(source),
    out: fromCaller(out),
    labels: values.labels?.split(",").map((label) => label.trim()),
  };
}

/**
 * npm runs scripts in the repository root, wherever it was called from (INIT_CWD): a path is meant from there.
 * Inside the root it is returned relative to it, as `MODEL_DIR` and `modelDir` are written; elsewhere absolute.
 */
function fromCaller(argument: string): string {
  const absolute = path.resolve(process.env.INIT_CWD ?? process.cwd(), argument);
  const relative = path.relative(process.cwd(), absolute);
  return relative === "" ? "." : relative.startsWith("..") || path.isAbsolute(relative) ? absolute : relative;
}

async function main(argv: string[]): Promise<number> {
  let options: ReturnType<typeof parse>;
  try {
    options = parse(argv);
  } catch (error) {
    console.error(
      error instanceof TypeError && error.message === USAGE ? USAGE : `${String(error)}\n${USAGE}`,
    );
    return 2;
  }
  try {
    const result = await importModel({ ...options, log: (line) => console.log(line) });
    const { info } = result;
    console.log(`labels: ${result.labels.labels.join(", ")} (from ${result.labels.from})`);
    console.log(`declared shapes: ${result.declared.join("; ")}`);
    const axis = (size: number | null, what: string) =>
      size === null ? `${what} dynamic` : `${what} fixed at ${size}`;
    console.log(
      `served as: ${axis(info.shape.batch, "batch")}, ${axis(info.shape.sequence, "sequence")}; max length ${info.maxLength}`,
    );
    for (const { sentence, scores } of result.sample)
      console.log(`sample: ${JSON.stringify(sentence)} -> ${JSON.stringify(scores)}`);
    console.log(
      `(two sentences show that it answers, not how well: npm run model:eval -- ${options.out} measures its accuracy)`,
    );
    console.log(`imported into ${options.out}: serve it with MODEL_DIR=${options.out} npm start`);
    return 0;
  } catch (error) {
    if (error instanceof ImportError) {
      console.error(`model:import: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
