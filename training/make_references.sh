#!/usr/bin/env bash
# Remakes, without training, what is derived from the committed weights: the fixtures of issue 15
# (make_fixtures.py: the original pipeline's export shape, a static [1, 128] export and a dynamic twin, from
# test/fixtures/model-output-named) and the golden references npm test checks the served scores against
# (golden.py: PyTorch logits for models/ and for the fixtures' weights). train.sh runs it after every build.
#
# Usage: npm run model:references
# Environment: MODEL_PYTHON (/usr/bin/python3, Debian's, with python3-torch and python3-onnx).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${MODEL_PYTHON:-/usr/bin/python3}"
TSX="$ROOT/node_modules/.bin/tsx"
GOLDEN="test/fixtures/golden"

"$PYTHON" -c "import torch, onnx" 2>/dev/null || {
  echo "model:references needs torch and onnx for $PYTHON: sudo apt-get install -y python3-torch python3-onnx" >&2
  exit 1
}
cd "$ROOT"
export PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

"$PYTHON" training/make_fixtures.py --source test/fixtures/model-output-named --out test/fixtures

"$PYTHON" training/golden.py sentences --test training/data/test.jsonl --out "$WORK/data/golden.jsonl"
mkdir -p "$GOLDEN"
# The bundled model, and the weights all the issue 15 fixtures share.
for entry in models:models test/fixtures/model-dynamic-twin:fixtures; do
  dir="${entry%%:*}" name="${entry##*:}"
  "$TSX" training/encode-splits.ts "$dir/tokenizer.json" "$WORK/data" "$WORK/ids-$name" golden
  "$PYTHON" training/golden.py logits --ids "$WORK/ids-$name/golden.jsonl" --model "$dir" --out "$GOLDEN/$name.json"
done
