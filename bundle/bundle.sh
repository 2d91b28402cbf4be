#!/usr/bin/env bash
# Builds the function's part of the image's task root: package.json, the compiled dist/ and the production
# node_modules pruned to this machine's Linux CPU (the model is added by function/Dockerfile's final stage).
# function/Dockerfile runs this script in its build stage and copies OUT_DIR into ${LAMBDA_TASK_ROOT};
# `npm run bundle` runs it here, so the tests check the very steps the image is built with.
#
# Usage: bash bundle/bundle.sh [OUT_DIR]   (default: build/bundle)
# Reads function/ and bundle/prune-native.ts beside this script; needs node and npm, nothing else on PATH.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/build/bundle}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
shopt -s dotglob nullglob

# OUT is emptied first; refuse a folder that holds anything this script would not have put there.
if [ -d "$OUT" ]; then
  for entry in "$OUT"/*; do
    case "${entry##*/}" in
      package.json | dist | node_modules) ;;
      *) echo "bundle: $OUT holds ${entry##*/}, so it is not an earlier bundle; choose an empty folder" >&2; exit 2 ;;
    esac
  done
fi

# A copy of the function package without its build outputs: a developer's function/node_modules plays no part.
mkdir "$WORK/function" "$WORK/production"
for entry in "$ROOT"/function/*; do
  case "${entry##*/}" in
    node_modules | dist) ;;
    *) cp -R "$entry" "$WORK/function/" ;;
  esac
done

# Install scripts stay off in both installs: onnxruntime-node's would download CUDA libraries Lambda cannot use.
cd "$WORK/function"
npm ci --ignore-scripts --no-audit --no-fund
npx tsc -p tsconfig.json
# From $WORK, where no tsconfig.json is found: TypeScript 6 refuses files on the command line beside one.
(cd "$WORK" && "$WORK/function/node_modules/.bin/tsc" --module commonjs --target es2022 --esModuleInterop \
  --skipLibCheck --types node --typeRoots "$WORK/function/node_modules/@types" --outDir "$WORK/tools" \
  "$ROOT/bundle/prune-native.ts")

cp "$WORK/function/package.json" "$WORK/function/package-lock.json" "$WORK/production/"
if [ -f "$WORK/function/.npmrc" ]; then cp "$WORK/function/.npmrc" "$WORK/production/"; fi
cd "$WORK/production"
npm ci --omit=dev --ignore-scripts --no-audit --no-fund
node "$WORK/tools/prune-native.js" node_modules

rm -rf "$OUT"
mkdir -p "$OUT"
mv "$WORK/production/package.json" "$WORK/production/node_modules" "$WORK/function/dist" "$OUT/"
du -sh "$OUT"/*
du -sh "$OUT"
