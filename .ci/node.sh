# Sourced by .ci/run from the repository root: puts a Node that package.json's engines admit first on PATH. The
# machine's own Node when engines admits it; otherwise the newest major engines names, from the npm registry's `node`
# package (a real Node binary), installed once into a cache folder outside the checkout and reused while it runs and
# is admitted. npm itself runs under whichever `node` is first on PATH, so everything after this uses that Node.
# COLA_NODE_CACHE overrides the cache folder.

ci_node_admitted() {
  local version
  version=$("$1" --version 2>/dev/null) || return 1
  node .ci/engines.cjs admits "$version" 2>/dev/null
}

ci_use_admitted_node() {
  if command -v node >/dev/null && ci_node_admitted node; then
    return 0
  fi
  local machine major cache bin
  if ! machine=$(node --version 2>/dev/null); then
    echo "no working node on PATH: install Node.js (package.json's engines: the versions it admits)" >&2
    return 1
  fi
  major=$(node .ci/engines.cjs newest-major)
  cache="${COLA_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cola-serverless/node$major}"
  bin="$cache/node_modules/node/bin"
  if ! ci_node_admitted "$bin/node"; then
    mkdir -p "$cache"
    npm install --prefix "$cache" --no-save --no-audit --no-fund --loglevel=error "node@$major" >/dev/null
    if ! ci_node_admitted "$bin/node"; then
      echo "node@$major from the npm registry, installed into $cache, does not run or is not admitted by engines" >&2
      return 1
    fi
  fi
  export PATH="$bin:$PATH"
  echo "Node $machine is not one package.json's engines admit: using Node $(node --version) from the npm registry ($bin)"
}

ci_use_admitted_node
