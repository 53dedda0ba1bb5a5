#!/usr/bin/env node
// `npm run test:one -- test/core/hosts.spec.ts [mocha options]`: the inner loop. Compiles with tsc's
// incremental build (only what changed since the last build; no CRD validator step, which only the
// vendored schemas feed; NO_BUILD=1 skips compiling) and runs mocha on the named suites alone. Accepts source (.ts) or compiled
// (.js) paths, several of them, and any mocha option (`-g <text>`, `--bail`).
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const args = process.argv.slice(2);
const specs = [];
const mochaArgs = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (/\.spec\.(ts|js)$/.test(a)) {
    const rel = path.relative(ROOT, path.resolve(a)).replace(/\\/g, '/');
    specs.push(rel.startsWith('dist/') ? rel : path.join('dist', rel.replace(/\.ts$/, '.js')));
  } else {
    mochaArgs.push(a);
    // Values of options that take one (`-g text`).
    if (['-g', '--grep', '-f', '--fgrep', '--timeout', '-t', '--reporter', '-R'].includes(a)) mochaArgs.push(args[++i]);
  }
}
if (specs.length === 0) {
  console.error('usage: npm run test:one -- test/core/<name>.spec.ts [more specs] [mocha options]');
  process.exit(2);
}
const run = (cmd, argv) =>
  spawnSync(process.execPath, [require.resolve(cmd, { paths: [ROOT] }), ...argv], {
    cwd: ROOT,
    stdio: 'inherit',
  });
if (!process.env.NO_BUILD) {
  // Core suites compile against tsconfig.core.json: the pure core only, without the Pulumi and
  // cloud SDK declarations that make up most of a full type-check.
  const core = specs.every((s) => s.startsWith('dist/test/core/'));
  const tsc = run('typescript/bin/tsc', ['-p', core ? 'tsconfig.core.json' : 'tsconfig.json']);
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  // The bundled CLI's suite compares the bundle with dist/lib/cli/main.js: rebundle what tsc just built.
  if (specs.includes('dist/test/cli/bundle.spec.js')) {
    const bundle = spawnSync(process.execPath, [path.join(__dirname, 'bundle-cli.js')], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (bundle.status !== 0) process.exit(bundle.status ?? 1);
  }
}
const mocha = run('mocha/bin/mocha.js', ['--timeout', '20000', ...mochaArgs, ...specs]);
process.exit(mocha.status ?? 1);
