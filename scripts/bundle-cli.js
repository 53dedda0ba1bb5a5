#!/usr/bin/env node
// Build step (after tsc and compile-validators): bundles the CLI into one file,
// dist/lib/cli/bundle.js, the package's `librechat-containment` bin. Start-up is most of a small
// config's time, and loading ~150 CommonJS files (each resolved, read and compiled apart) costs
// more than reading one. The modules stay as they are (not minified, so stack traces name our
// functions); `require('./x')` inside a function still runs the module only when first needed.
// Left out, loaded from node_modules when needed: the Pulumi packages (the CLI never loads them;
// marked external so a stray import could not pull them in), librechat-data-provider (optional,
// a devDependency), Ajv (only when the precompiled validators are missing, plus its tiny runtime
// helpers), and diff and tldts' public-suffix trie, which only some commands or inputs need: as
// separate files they are not even compiled on a plain `render`. js-yaml is bundled: every config
// is read with it (lib/config/plain-yaml.ts).
// The bundle lives beside dist/lib/cli/main.js, so every path found from __dirname at run time
// (schemas/ via schemaDir) resolves the same.
'use strict';
const path = require('node:path');
const esbuild = require('esbuild-wasm');

const root = path.join(__dirname, '..');
const EXTERNAL = ['@pulumi/*', 'librechat-data-provider', 'ajv', 'diff', 'tldts/dist/cjs/src/data/trie'];

esbuild
  .build({
    entryPoints: [path.join(root, 'dist', 'lib', 'cli', 'main.js')],
    outfile: path.join(root, 'dist', 'lib', 'cli', 'bundle.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: false,
    external: EXTERNAL,
    logLevel: 'warning',
    legalComments: 'eof',
  })
  .catch(() => process.exit(1));
