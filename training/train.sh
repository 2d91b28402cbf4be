#!/usr/bin/env bash
# Rebuilds the bundled model from scratch: data set -> WordPiece vocabulary -> BERT-tiny training -> ONNX export
# -> onnxruntime-node parity check -> models/ and test/fixtures/ -> fixtures of other export shapes and golden
# references (make_references.sh) -> evaluation.
#
# Usage: npm run model:train [-- --install]
#   --install   install what is missing (Debian packages with apt-get, the function's npm packages with npm ci)
# Environment (defaults in prepare_data.py and train_model.py): MODEL_MLM_STEPS, MODEL_STEPS (pre-training and
#   fine-tuning steps), MODEL_MLM_LR, MODEL_LR, MODEL_DROPOUT, MODEL_TAG_WEIGHT, MODEL_NEGATIVES, MODEL_MAX_SOURCES,
#   TRAIN_PROCESSES (2), TORCH_THREADS (2), MODEL_WORK_DIR (training/.work), WORDNET_DIR (/usr/share/wordnet),
#   MODEL_PYTHON (/usr/bin/python3).
#
# Python is used for this step only, and it must be Debian's interpreter: torch and onnx come from the Debian
# packages python3-torch and python3-onnx, which a pyenv or virtualenv python3 earlier on PATH does not see.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${MODEL_PYTHON:-/usr/bin/python3}"
WORDNET_DIR="${WORDNET_DIR:-/usr/share/wordnet}"
WORK="${MODEL_WORK_DIR:-$ROOT/training/.work}"
VOCAB_SIZE=8192

install=false
for argument in "$@"; do
  case "$argument" in
    --install) install=true ;;
    *) echo "unknown argument: $argument (usage: npm run model:train [-- --install])" >&2; exit 2 ;;
  esac
done

cd "$ROOT"
missing_apt=()
missing_npm=false
problems=()

check_requirements() {
  missing_apt=()
  missing_npm=false
  problems=()
  if [[ ! -x "$PYTHON" ]]; then
    problems+=("$PYTHON not found (Debian's python3)")
    missing_apt+=(python3-torch python3-onnx)
  else
    "$PYTHON" -c "import torch" 2>/dev/null || { problems+=("torch for $PYTHON"); missing_apt+=(python3-torch); }
    "$PYTHON" -c "import onnx" 2>/dev/null || { problems+=("onnx for $PYTHON"); missing_apt+=(python3-onnx); }
  fi
  # Debian's torch calls whatever libblas.so.3 the alternatives system points at; the reference BLAS of libblas3
  # makes training about 40 times slower (hours instead of minutes), so an optimised one is required.
  local multiarch blas
  multiarch="$("$PYTHON" -c "import sysconfig; print(sysconfig.get_config_var('MULTIARCH') or '')" 2>/dev/null || true)"
  blas="$(readlink -f "/usr/lib/$multiarch/libblas.so.3" 2>/dev/null || true)"
  if [[ -n "$multiarch" && "$blas" == */blas/libblas.so.3 ]]; then
    problems+=("an optimised BLAS (torch would use the slow reference BLAS $blas)")
    missing_apt+=(libopenblas0-pthread)
  fi
  for part in data.noun data.verb data.adj data.adv; do
    if [[ ! -f "$WORDNET_DIR/$part" ]]; then
      problems+=("WordNet 3.0 data file $WORDNET_DIR/$part")
      missing_apt+=(wordnet-base)
      break
    fi
  done
  # The mixed training corpus is read from the files of these Debian packages (training/corpus.py SOURCES).
  local package root
  while read -r package root; do
    [[ -n "$package" ]] || continue
    problems+=("the corpus source $root (Debian package $package)")
    missing_apt+=("$package")
  done < <(cd training && "$PYTHON" -c \
    'import os, corpus; [print(p, r) for _, p, r, _ in corpus.SOURCES if not os.path.exists(r)]' 2>/dev/null || true)
  for package in tokenizers onnxruntime-node; do
    if ! (cd function && node -e "require('$package')" 2>/dev/null); then
      problems+=("the npm package $package in function/node_modules")
      missing_npm=true
    fi
  done
  if [[ ! -x node_modules/.bin/tsx ]]; then
    problems+=("tsx in node_modules (the root dev dependencies)")
  fi
}

install_missing() {
  if ((${#missing_apt[@]} > 0)); then
    local sudo=()
    [[ "$(id -u)" == 0 ]] || sudo=(sudo)
    "${sudo[@]}" apt-get update
    "${sudo[@]}" apt-get install -y "${missing_apt[@]}"
  fi
  if $missing_npm; then npm ci --prefix function --no-audit --no-fund; fi
}

check_requirements
if ((${#problems[@]} > 0)) && $install; then
  install_missing
  check_requirements
fi
if ((${#problems[@]} > 0)); then
  echo "model:train cannot run, missing:" >&2
  printf '  - %s\n' "${problems[@]}" >&2
  echo "fix with:" >&2
  if ((${#missing_apt[@]} > 0)); then
    echo "  sudo apt-get install -y $(printf '%s\n' "${missing_apt[@]}" | sort -u | tr '\n' ' ')" >&2
  fi
  if $missing_npm; then echo "  npm ci --prefix function" >&2; fi
  [[ -x node_modules/.bin/tsx ]] || echo "  npm ci" >&2
  echo "or run: npm run model:train -- --install" >&2
  exit 1
fi

# Python's own hashing never decides an order here, but a fixed seed makes sure of it.
export PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1
export TORCH_THREADS="${TORCH_THREADS:-2}"
# torch parallelises with its own OpenMP threads; BLAS threads on top would only compete for the same cores.
# OpenMP threads that spin while waiting make training up to ten times slower whenever anything else runs on the
# machine (a compiler, a test run), so they sleep instead.
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS="$TORCH_THREADS" OMP_WAIT_POLICY=PASSIVE
TSX="$ROOT/node_modules/.bin/tsx"
started=$SECONDS

step() {
  echo "== [$((SECONDS - started))s] $*" >&2
}

# The work dir is wiped for a from-scratch build; refuse anything that is obviously not a scratch folder.
case "$WORK" in
  "" | / | "$ROOT" | "$HOME") echo "MODEL_WORK_DIR=$WORK is not a scratch folder" >&2; exit 2 ;;
esac
rm -rf "$WORK"
mkdir -p "$WORK"

step "data set: WordNet gloss examples and the mixed corpus of Debian texts"
"$PYTHON" training/prepare_data.py --wordnet-dir "$WORDNET_DIR" --out "$WORK/data" \
  --committed-test "$WORK/data/committed-test.jsonl"

step "WordPiece vocabulary ($VOCAB_SIZE tokens)"
"$TSX" training/build-tokenizer.ts "$WORK/data/corpus.txt" "$WORK/tokenizer" "$VOCAB_SIZE"

step "tokenizing the splits"
"$TSX" training/encode-splits.ts "$WORK/tokenizer/tokenizer.json" "$WORK/data" "$WORK/ids"

step "training and ONNX export"
"$PYTHON" training/train_model.py --ids-dir "$WORK/ids" --vocab-size "$VOCAB_SIZE" --out "$WORK/export" \
  --parity-dir "$WORK/parity"

step "parity: onnxruntime-node against torch"
"$TSX" training/check-parity.ts "$WORK/parity/model.json" "$WORK/parity/fixture-output-named.json" \
  "$WORK/parity/fixture-token-type-ids.json" --summary "$WORK/parity-summary.json"

# Only now, with every export verified, are the committed files replaced.
step "installing into models/ and test/fixtures/"
install_model() {
  local from="$1" to="$2"
  shift 2
  mkdir -p "$to"
  cp "$from/model.onnx" "$from/config.json" "$to/"
  cp "$WORK/tokenizer/tokenizer.json" "$to/"
  for extra in "$@"; do cp "$WORK/tokenizer/$extra" "$to/"; done
}
install_model "$WORK/export/model" models tokenizer_config.json
# The function's loader needs only model.onnx, tokenizer.json and config.json, so the fixtures carry just those.
install_model "$WORK/export/fixture-output-named" test/fixtures/model-output-named
install_model "$WORK/export/fixture-token-type-ids" test/fixtures/model-token-type-ids
cp "$WORK/data/committed-test.jsonl" training/data/test.jsonl

step "fixtures of the original pipeline's export shapes, golden references (PyTorch logits)"
MODEL_PYTHON="$PYTHON" bash training/make_references.sh

step "evaluation of models/ on the test split"
"$TSX" training/evaluate.ts models training/data/test.jsonl --markdown "$WORK/evaluation.md"

step "done in $((SECONDS - started))s; the evaluation table is in $WORK/evaluation.md"
