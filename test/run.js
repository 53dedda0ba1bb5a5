#!/usr/bin/env node
// Runs the compiled mocha suites in one process (Pulumi's 0.85 s load is paid once) and ends with
// the line CI reads: `N passed, N failed`. The real-cluster suites (dist/test/cluster) need Go-built
// servers and run only with `npm run test:cluster` (test/cluster/run.js).
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const Mocha = require('mocha');

const root = path.join(__dirname, '..', 'dist', 'test');
function specs(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return p === path.join(root, 'cluster') ? [] : specs(p);
    return e.name.endsWith('.spec.js') ? [p] : [];
  });
}

const mocha = new Mocha({ reporter: 'spec', timeout: 20000 });
const grep = process.argv.indexOf('--grep');
if (grep > 0) mocha.grep(process.argv[grep + 1]);
for (const file of specs(root).sort()) mocha.addFile(file);
mocha.run().on('end', function end() {
  const { passes, failures, pending } = this.stats;
  console.log(`\n${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
  process.exitCode = failures > 0 ? 1 : 0;
});
