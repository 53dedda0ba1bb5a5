#!/usr/bin/env node
// Removes compiled files whose TypeScript source is gone (a deleted spec must not keep running),
// and keeps everything else, so tsc's incremental build stays valid and a rebuild takes seconds.
// `npm pack` builds from an empty dist/ instead (prepack), so the package never holds stale files.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
const OUTPUT = /\.(d\.ts|js)$/;

function prune(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      prune(full);
      if (fs.readdirSync(full).length === 0) fs.rmdirSync(full);
      continue;
    }
    if (!OUTPUT.test(entry.name)) continue;
    const relative = path.relative(dist, full).replace(OUTPUT, '');
    const sources = [`${relative}.ts`, `${relative}.js`, `${relative}.json`].map((s) => path.join(root, s));
    // Generated files with no source of their own (the precompiled CRD validators, the bundled CLI)
    // are rebuilt anyway.
    if (relative === path.join('lib', 'render', 'crd-validators')) continue;
    if (relative === path.join('lib', 'cli', 'bundle')) continue;
    if (!sources.some((s) => fs.existsSync(s))) fs.rmSync(full);
  }
}

prune(dist);
