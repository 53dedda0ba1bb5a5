#!/usr/bin/env node
// Runs the compiled mocha suites in one process (Pulumi's 0.85 s load is paid once) and ends with
// the line CI reads: `N passed, N failed`.
//   node test/run.js                      every suite under dist/test but the corpus and cluster ones
//   node test/run.js dist/test/corpus     only the suites of one folder (npm run test:corpus)
//   ... --grep TEXT                       only the tests whose title holds TEXT
// The corpus (real-world configs outside the repository) and the cluster suites (a live cluster)
// need what a fresh clone does not have, so `npm test` leaves them to their own commands.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const Mocha = require('mocha');

const repo = path.join(__dirname, '..');
const root = path.join(repo, 'dist', 'test');
const SEPARATE = ['corpus', 'cluster'].map((d) => path.join(root, d));

function specs(dir, skip) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return skip.includes(p) ? [] : specs(p, skip);
    return e.name.endsWith('.spec.js') ? [p] : [];
  });
}

/** The spec files to run: every one but the separate suites, or those of the given folders. */
function selectSpecs(folders) {
  if (folders.length === 0) return specs(root, SEPARATE).sort();
  const files = [];
  for (const folder of folders) {
    const dir = path.resolve(repo, folder);
    if (!fs.existsSync(dir)) throw new Error(`${dir} does not exist (run npm run build first?)`);
    files.push(...specs(dir, []));
  }
  return files.sort();
}

function main() {
  const args = process.argv.slice(2);
  const grep = args.indexOf('--grep');
  const grepText = grep >= 0 ? args[grep + 1] : undefined;
  const folders = args.filter((a, i) => a !== '--grep' && (grep < 0 || i !== grep + 1));
  let files;
  try {
    files = selectSpecs(folders);
  } catch (e) {
    console.error(`test/run.js: ${e.message}`);
    console.log('\n0 passed, 1 failed');
    process.exitCode = 1;
    return;
  }
  const mocha = new Mocha({ reporter: 'spec', timeout: 20000 });
  if (grepText !== undefined) mocha.grep(grepText);
  for (const file of files) mocha.addFile(file);
  mocha.run().on('end', function end() {
    const { passes, failures, pending } = this.stats;
    // Skipped tests get a line of their own: the last line stays exactly `N passed, N failed`.
    if (pending) console.log(`\n${pending} skipped`);
    console.log(`\n${passes} passed, ${failures} failed`);
    // A run that ran nothing has checked nothing: that is a failure, not a pass.
    process.exitCode = failures > 0 || passes === 0 ? 1 : 0;
  });
}

module.exports = { selectSpecs, SEPARATE };
if (require.main === module) main();
