#!/usr/bin/env node
// `npm run test:cluster`: the real-cluster suites (dist/test/cluster/*.spec.js) against a real
// Kubernetes API server and a real Pulumi engine. Ends with the line CI reads: `N passed, N failed`.
//
// - Builds the Go tools first (test/cluster/build-tools.sh; a no-op when their stamps match), unless
//   LCC_CLUSTER_BIN names a folder that already holds them.
// - With KUBECONFIG set, runs against that cluster (kind, k3d, ...). Otherwise starts a throwaway
//   etcd + kube-apiserver on loopback (test/cluster/start-apiserver.sh) and stops it afterwards.
// - known-bugs.spec.js (tests that fail on open product bugs) runs only with --known-bugs.
// - --grep PATTERN selects tests, as in test/run.js.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const { spawnSync } = require('node:child_process');

const here = __dirname;
const repo = path.join(here, '..', '..');
const argv = process.argv.slice(2);

function summary(passed, failed, skipped) {
  // Skipped tests get a line of their own: the last line stays exactly `N passed, N failed`.
  if (skipped) console.log(`\n${skipped} skipped`);
  console.log(`\n${passed} passed, ${failed} failed`);
}

if (!process.env.LCC_CLUSTER_INNER) {
  // Outer run: tools, then the API server (unless KUBECONFIG), then this script again inside it.
  if (!process.env.LCC_CLUSTER_BIN) {
    const built = spawnSync('bash', [path.join(here, 'build-tools.sh')], {
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    });
    if (built.status !== 0) {
      console.error('test:cluster: building the tools failed (test/cluster/build-tools.sh)');
      summary(0, 1);
      process.exit(1);
    }
    process.env.LCC_CLUSTER_BIN = built.stdout.trim().split('\n').pop();
  }
  const summaryFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lcc-run-')), 'summary');
  const env = { ...process.env, LCC_CLUSTER_INNER: '1', LCC_SUMMARY_FILE: summaryFile };
  const inner = [process.execPath, __filename, ...argv];
  const r = process.env.KUBECONFIG
    ? spawnSync(inner[0], inner.slice(1), { stdio: 'inherit', env })
    : spawnSync('bash', [path.join(here, 'start-apiserver.sh'), '--', ...inner], {
        stdio: 'inherit',
        env: { ...env, LCC_CLUSTER_LOCAL: '1' },
      });
  const wrote = fs.existsSync(summaryFile);
  fs.rmSync(path.dirname(summaryFile), { recursive: true, force: true });
  if (!wrote) {
    // The suites never ran (the API server did not start): still end with the line CI reads.
    console.error('test:cluster: the suites did not run');
    summary(0, 1);
    process.exit(1);
  }
  process.exit(r.status ?? 1);
}

// Inner run: mocha in this process.
const Mocha = require('mocha');
const root = path.join(repo, 'dist', 'test', 'cluster');
const knownBugs = argv.includes('--known-bugs');
const files = fs
  .readdirSync(root)
  .filter((f) => f.endsWith('.spec.js') && (knownBugs ? f === 'known-bugs.spec.js' : f !== 'known-bugs.spec.js'))
  .sort()
  .map((f) => path.join(root, f));
const mocha = new Mocha({ reporter: 'spec', timeout: 600000, bail: false });
const grep = argv.indexOf('--grep');
if (grep >= 0) mocha.grep(argv[grep + 1]);
for (const f of files) mocha.addFile(f);
mocha.run().on('end', function end() {
  const { passes, failures, pending } = this.stats;
  fs.writeFileSync(process.env.LCC_SUMMARY_FILE, `${passes} ${failures}\n`);
  summary(passes, failures, pending);
  process.exitCode = failures > 0 ? 1 : 0;
});
