// Which Node versions package.json's `engines` admits. Plain CommonJS with no dependency, because .ci/run asks it
// before anything is installed and with whatever Node the machine has (Node 20 or older included).
// Usage: node .ci/engines.cjs admits <version>  (exit 0: admitted, 1: not)
//        node .ci/engines.cjs newest-major    (the newest major engines names: the one .ci/run installs)
"use strict";
const { readFileSync } = require("node:fs");
const path = require("node:path");

/** package.json's `engines.node`: the one statement of the Node versions the project supports. */
function enginesNode() {
  const manifest = JSON.parse(readFileSync(path.join(__dirname, "..", "package.json"), "utf8"));
  return manifest.engines.node;
}

/** [major, minor, patch] of "v24.1.0", "24.1" or "24"; missing parts are 0. */
function parts(version) {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(version.trim());
  if (match === null) throw new Error(`"${version}" is not a version (major[.minor[.patch]])`);
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

function compare(a, b) {
  for (let index = 0; index < 3; index += 1) {
    if (a[index] !== b[index]) return a[index] - b[index];
  }
  return 0;
}

/**
 * The alternatives of a range made of `^major[.minor[.patch]]` or `>=major[.minor[.patch]]` terms joined by `||`,
 * the only forms this project writes; anything else throws, so an engines change that this reader would misread
 * fails loudly.
 */
function alternatives(range) {
  return range.split("||").map((term) => {
    const match = /^(\^|>=)(\S+)$/.exec(term.trim());
    if (match === null) throw new Error(`engines term "${term.trim()}" is not ^version or >=version`);
    return { operator: match[1], bound: parts(match[2]) };
  });
}

/** Whether `version` is admitted by `range`. */
function admits(version, range) {
  const wanted = parts(version);
  return alternatives(range).some(({ operator, bound }) => {
    if (compare(wanted, bound) < 0) return false;
    return operator === ">=" || wanted[0] === bound[0];
  });
}

/** The majors `range` names, in order: the ones CI tests. */
function majors(range) {
  return alternatives(range).map(({ bound }) => bound[0]);
}

module.exports = { enginesNode, admits, majors };

if (require.main === module) {
  const [command, version] = process.argv.slice(2);
  const range = enginesNode();
  if (command === "newest-major") {
    process.stdout.write(`${Math.max(...majors(range))}\n`);
  } else if (command === "admits" && version !== undefined) {
    if (!admits(version, range)) {
      process.stderr.write(`Node ${version} is not one package.json's engines admit (${range})\n`);
      process.exit(1);
    }
  } else {
    process.stderr.write("usage: node .ci/engines.cjs admits <version> | newest-major\n");
    process.exit(2);
  }
}
