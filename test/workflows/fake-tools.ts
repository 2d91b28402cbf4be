/**
 * Stand-ins for the command-line tools the deploy scripts call (`aws`, `curl`, `pulumi`), written as small bash
 * scripts into a folder put first on PATH. Each records its calls; `aws` keeps the repository's tags in files, so a
 * test sees where a tag landed, not only what was asked.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./lint";

/** Runs a bash script (a step's `run`, or a script's path) with `env`, returning its exit code and output. */
export function runStep(script: string, env: Record<string, string>, extraPath?: string) {
  const result = spawnSync("bash", ["-c", script], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, ...(extraPath ? { PATH: `${extraPath}:${process.env.PATH}` } : {}) },
    encoding: "utf8",
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

export function sha256Digest(bytes: string): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

function writeExecutable(file: string, lines: string[]): void {
  writeFileSync(file, `${lines.join("\n")}\n`);
  chmodSync(file, 0o755);
}

export interface FakeEcrImage {
  mediaType: string;
  /** The manifest exactly as ECR stores it; its sha256 is the image's digest. */
  manifest: string;
}

/**
 * A fake `aws` for the three ECR calls of check-and-tag-image.sh, in one account and one region only: a call for any
 * other region (from --region, else AWS_REGION / AWS_DEFAULT_REGION, as the CLI picks it) or registry is refused
 * with AccessDeniedException, as a deploy role scoped to its stack's region refuses it.
 *
 * - BatchGetImage returns `image` (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_BatchGetImage.html).
 * - PutImage computes the digest of the manifest it receives (a `file://` argument is read as the file's bytes, as
 *   the CLI does), refuses a different --image-digest with ImageDigestDoesNotMatchException, answers
 *   ImageAlreadyExistsException when the tag already names that digest, and otherwise sets the tag
 *   (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutImage.html).
 */
export class FakeAws {
  constructor(
    private readonly dir: string,
    private readonly account: string,
    private readonly region: string,
  ) {}

  install(image: FakeEcrImage, options: { putFails?: string } = {}): void {
    rmSync(path.join(this.dir, "calls"), { force: true });
    rmSync(path.join(this.dir, "tags"), { recursive: true, force: true });
    mkdirSync(path.join(this.dir, "tags"));
    writeFileSync(
      path.join(this.dir, "batch-get-image.json"),
      JSON.stringify({
        images: [{ imageManifestMediaType: image.mediaType, imageManifest: image.manifest }],
        failures: [],
      }),
    );
    const deny = (operation: string) =>
      `echo "An error occurred (AccessDeniedException) when calling the ${operation} operation: not authorized ` +
      `to perform ecr:${operation} in region $region of registry $registry" >&2; exit 254`;
    writeExecutable(path.join(this.dir, "aws"), [
      "#!/usr/bin/env bash",
      `dir='${this.dir}'`,
      'echo "$*" >> "$dir/calls"',
      "service=$1 operation=$2; shift 2",
      "region=${AWS_REGION:-${AWS_DEFAULT_REGION:-}}",
      `registry=${this.account}`,
      "while [ $# -gt 0 ]; do",
      '  case "$1" in',
      "    --region) region=$2; shift 2 ;;",
      "    --registry-id) registry=$2; shift 2 ;;",
      "    --image-tag) tag=$2; shift 2 ;;",
      "    --image-manifest) manifest=$2; shift 2 ;;",
      "    --image-digest) digest=$2; shift 2 ;;",
      "    *) shift ;;",
      "  esac",
      "done",
      '[ "$service" = ecr ] || { echo "unexpected service $service" >&2; exit 2; }',
      'case "$operation" in',
      "  batch-get-image)",
      `    if [ "$region" != ${this.region} ] || [ "$registry" != ${this.account} ]; then ${deny("BatchGetImage")}; fi`,
      '    cat "$dir/batch-get-image.json" ;;',
      "  put-image)",
      `    if [ "$region" != ${this.region} ] || [ "$registry" != ${this.account} ]; then ${deny("PutImage")}; fi`,
      ...(options.putFails
        ? [`    echo '${options.putFails}' >&2; exit 254 ;;`]
        : [
            '    if [ "${manifest#file://}" != "$manifest" ]; then',
            '      received="sha256:$(sha256sum < "${manifest#file://}" | cut -d" " -f1)"',
            "    else",
            "      received=\"sha256:$(printf '%s' \"$manifest\" | sha256sum | cut -d' ' -f1)\"",
            "    fi",
            '    if [ -n "${digest:-}" ] && [ "$digest" != "$received" ]; then',
            '      echo "An error occurred (ImageDigestDoesNotMatchException) when calling the PutImage operation" >&2',
            "      exit 254",
            "    fi",
            '    if [ "$(cat "$dir/tags/$tag" 2> /dev/null)" = "$received" ]; then',
            '      echo "An error occurred (ImageAlreadyExistsException) when calling the PutImage operation" >&2',
            "      exit 254",
            "    fi",
            '    printf %s "$received" > "$dir/tags/$tag"',
            '    echo "{\\"image\\":{\\"imageId\\":{\\"imageDigest\\":\\"$received\\",\\"imageTag\\":\\"$tag\\"}}}" ;;',
          ]),
      '  *) echo "unexpected operation $operation" >&2; exit 2 ;;',
      "esac",
    ]);
  }

  calls(): string {
    const file = path.join(this.dir, "calls");
    return existsSync(file) ? readFileSync(file, "utf8") : "";
  }

  /** The digest a tag names, or undefined when the repository has no such tag. */
  tagged(tag: string): string | undefined {
    const file = path.join(this.dir, "tags", tag);
    return existsSync(file) ? readFileSync(file, "utf8") : undefined;
  }

  /** Puts a tag on a digest, as an earlier run would have. */
  preTag(tag: string, digest: string): void {
    writeFileSync(path.join(this.dir, "tags", tag), digest);
  }
}

/**
 * A fake `curl` answering the smoke test's requests: GET health (the URL alone) with `health`, the POST with
 * `predict`; a request signed with --aws-sigv4 and credentials read by --config - (stdin) gets `signed` instead (200
 * unless given), as a function URL with AWS_IAM answers only signed requests. A status of 400 or more fails under
 * --fail-with-body (exit 22, as curl does), and --write-out prints the status. Each call's arguments go to
 * <dir>/curl-calls, the config it read on stdin to <dir>/curl-stdin.
 */
export function installFakeCurl(
  dir: string,
  answers: { health: number; predict: number; signed?: number },
): void {
  rmSync(path.join(dir, "curl-calls"), { force: true });
  rmSync(path.join(dir, "curl-stdin"), { force: true });
  writeExecutable(path.join(dir, "curl"), [
    "#!/usr/bin/env bash",
    `echo "$*" >> '${dir}/curl-calls'`,
    `status=${answers.health}`,
    'fail=false writeout="" sigv4=false config=false previous=""',
    'for arg in "$@"; do',
    '  case "$arg" in',
    `    POST) status=${answers.predict} ;;`,
    "    --fail-with-body) fail=true ;;",
    "    --aws-sigv4) sigv4=true ;;",
    "    %{http_code}) writeout=yes ;;",
    "  esac",
    '  if [ "$previous" = --config ] && [ "$arg" = - ]; then config=true; fi',
    '  previous="$arg"',
    "done",
    "if $config; then",
    `  stdin=$(cat); printf '%s\\n' "$stdin" >> '${dir}/curl-stdin'`,
    `  if $sigv4 && grep -q '^user = "[^:"][^:"]*:[^"][^"]*"$' <<<"$stdin"; then status=${answers.signed ?? 200}; fi`,
    "fi",
    'if [ -n "$writeout" ]; then printf %s "$status"; exit 0; fi',
    'echo "{\\"status\\":$status}"',
    'if $fail && [ "$status" -ge 400 ]; then echo "curl: (22) The requested URL returned error: $status" >&2; exit 22; fi',
  ]);
}

/** What the fake curl read on stdin (--config -), across its calls. */
export function curlStdin(dir: string): string {
  const file = path.join(dir, "curl-stdin");
  return existsSync(file) ? readFileSync(file, "utf8") : "";
}

export function curlCalls(dir: string): string[] {
  const file = path.join(dir, "curl-calls");
  return existsSync(file) ? readFileSync(file, "utf8").trim().split("\n") : [];
}

/** A `pulumi` whose `stack output imageUri` prints `uri`, or fails when it is undefined. */
export function installFakePulumi(dir: string, uri: string | undefined): void {
  const body =
    uri === undefined
      ? 'echo "error: no stack output" >&2; exit 255'
      : `[ "$1 $2 $3" = "stack output imageUri" ] && echo '${uri}'`;
  writeExecutable(path.join(dir, "pulumi"), ["#!/usr/bin/env bash", body]);
}
