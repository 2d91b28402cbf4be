/**
 * Replays function/Dockerfile without a Docker engine: each stage gets a folder standing for its filesystem root,
 * COPY copies from the build context (or an earlier stage), RUN runs in the stage's WORKDIR with this machine's
 * node and npm, ENV and CMD are recorded. The final stage's task root is the bundle the image would hold.
 *
 * It understands the instructions the Dockerfile uses (ARG, FROM, WORKDIR, COPY, RUN, ENV, CMD) and refuses any
 * other, so a Dockerfile change it cannot replay fails loudly instead of producing a different bundle.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** What the Lambda base images define, which the Dockerfile refers to. */
const BASE_IMAGE_ENV = { LAMBDA_TASK_ROOT: "/var/task", LAMBDA_RUNTIME_DIR: "/var/runtime" } as const;

export interface ReplayedImage {
  /** The final stage's LAMBDA_TASK_ROOT, as a folder on this machine. */
  taskRoot: string;
  /** The final stage's ENV, with image paths under the task root mapped to `taskRoot`. */
  env: Record<string, string>;
  /** The final stage's CMD, e.g. ["dist/index.handler"]. */
  cmd: string[];
}

interface Stage {
  name: string;
  root: string;
  workdir: string;
  env: Record<string, string>;
  cmd: string[];
}

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export function replayDockerfile(dockerfile: string, context: string, workDir: string): ReplayedImage {
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  const current = (instruction: Instruction): Stage => {
    const stage = stages.at(-1);
    if (stage === undefined) throw failure(dockerfile, instruction, "comes before any FROM");
    return stage;
  };
  const inImage = (stage: Stage, imagePath: string): string =>
    path.join(stage.root, path.posix.resolve(stage.workdir, imagePath));

  for (const instruction of readInstructions(dockerfile)) {
    const { keyword, args: raw } = instruction;
    switch (keyword) {
      case "ARG": {
        const [name, value = ""] = splitOnce(raw, "=");
        args[name] = stages.length === 0 ? value : (args[name] ?? value);
        break;
      }
      case "FROM": {
        const name = /\bAS\s+(\S+)$/i.exec(raw)?.[1] ?? `stage-${stages.length}`;
        const root = path.join(workDir, name);
        mkdirSync(root, { recursive: true });
        stages.push({ name, root, workdir: "/", env: { ...BASE_IMAGE_ENV }, cmd: [] });
        break;
      }
      case "WORKDIR": {
        const stage = current(instruction);
        stage.workdir = path.posix.resolve(stage.workdir, expand(raw, stage.env));
        mkdirSync(inImage(stage, "."), { recursive: true });
        break;
      }
      case "COPY": {
        const stage = current(instruction);
        const words = raw.split(/\s+/).map((word) => expand(word, { ...args, ...stage.env }));
        const from = words[0]?.startsWith("--from=") ? words.shift()?.slice("--from=".length) : undefined;
        const destination = words.pop();
        if (destination === undefined || words.length === 0 || words.some((w) => w.startsWith("--"))) {
          throw failure(
            dockerfile,
            instruction,
            "is not of the form COPY [--from=stage] source... destination",
          );
        }
        const source = from === undefined ? undefined : stages.find((s) => s.name === from);
        if (from !== undefined && source === undefined)
          throw failure(dockerfile, instruction, `has no stage ${from}`);
        for (const word of words) {
          const origin = source === undefined ? path.join(context, word) : path.join(source.root, word);
          const isDirectory = statSync(origin).isDirectory();
          // Docker copies a directory's contents, and into a folder when the destination ends with "/".
          const target =
            destination.endsWith("/") && !isDirectory
              ? path.join(inImage(stage, destination), path.basename(word))
              : inImage(stage, destination);
          mkdirSync(isDirectory ? target : path.dirname(target), { recursive: true });
          cpSync(origin, target, { recursive: true });
        }
        break;
      }
      case "RUN": {
        const stage = current(instruction);
        execFileSync("sh", ["-c", raw], {
          cwd: inImage(stage, "."),
          env: { ...process.env, ...stage.env },
          stdio: ["ignore", "ignore", "inherit"],
        });
        break;
      }
      case "ENV": {
        const stage = current(instruction);
        for (const pair of raw.match(/\S+=("[^"]*"|\S+)/g) ?? []) {
          const [name, value] = splitOnce(pair, "=");
          stage.env[name] = expand(value.replace(/^"|"$/g, ""), stage.env);
        }
        break;
      }
      case "CMD": {
        const stage = current(instruction);
        const parsed: unknown = JSON.parse(raw);
        if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === "string")) {
          throw failure(dockerfile, instruction, 'must use the JSON form, e.g. CMD ["dist/index.handler"]');
        }
        stage.cmd = parsed;
        break;
      }
      default:
        throw failure(dockerfile, instruction, "is not an instruction this replay understands");
    }
  }

  const final = stages.at(-1);
  if (final === undefined) throw new Error(`${dockerfile}: no FROM`);
  const imageTaskRoot = final.env.LAMBDA_TASK_ROOT ?? BASE_IMAGE_ENV.LAMBDA_TASK_ROOT;
  const taskRoot = path.join(final.root, imageTaskRoot);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(final.env)) {
    env[name] = value.startsWith(imageTaskRoot) ? taskRoot + value.slice(imageTaskRoot.length) : value;
  }
  return { taskRoot, env, cmd: final.cmd };
}

/** Instructions with comments dropped and backslash continuations joined. */
function readInstructions(dockerfile: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: Instruction | undefined;
  readFileSync(dockerfile, "utf8")
    .split("\n")
    .forEach((text, index) => {
      const line = text.trim();
      if (line.startsWith("#") || (line === "" && pending === undefined)) return;
      const continues = line.endsWith("\\");
      const content = continues ? line.slice(0, -1).trim() : line;
      if (pending === undefined) {
        const [keyword, args] = splitOnce(content, " ");
        pending = { keyword: keyword.toUpperCase(), args: args.trim(), line: index + 1 };
      } else if (content !== "") pending.args += ` ${content}`;
      if (!continues) {
        instructions.push(pending);
        pending = undefined;
      }
    });
  return instructions;
}

function expand(text: string, variables: Readonly<Record<string, string>>): string {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (match, braced?: string, bare?: string) => {
    const value = variables[braced ?? bare ?? ""];
    return value ?? match;
  });
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ""] : [text.slice(0, at), text.slice(at + separator.length)];
}

function failure(dockerfile: string, instruction: Instruction, problem: string): Error {
  return new Error(`${dockerfile}:${instruction.line}: ${instruction.keyword} ${problem}`);
}
