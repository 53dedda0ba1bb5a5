#!/usr/bin/env node
// `npm run test:mutants`: a small, targeted mutation check. Each mutant is a one-line change to
// real behaviour in the compiled code (dist/lib): the script applies it, runs the fast core suites
// (no Pulumi load) and expects them to fail, then restores the file. It prints `killed/total` and
// fails below the floor. A mutant whose snippet is no longer found (the code moved) is an error, so
// the list cannot rot silently: update the snippet with the code.
//
//   node scripts/mutants.js                 every mutant, the core suites
//   node scripts/mutants.js --only accept-prefix,mcp-file-order
//   node scripts/mutants.js --exclude mutants.spec.js   (which mutants survive without that suite)
//   node scripts/mutants.js --suites all    every compiled suite (slow: loads Pulumi)
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const LIB = path.join(ROOT, 'dist', 'lib');
const TESTS = path.join(ROOT, 'dist', 'test');
/** Every listed mutant must be killed. */
const FLOOR = 1.0;
const BACKUP = '.mutant-original';

/** file (under dist/lib), the exact original snippet (once in the file), its replacement, and why it matters. */
const MUTANTS = [
  // The six of issue 9 §4.
  {
    id: 'accept-prefix',
    file: 'policy/derive.js',
    from: 'if (!wanted.has(f.id) || f.severity',
    to: 'if (![...wanted].some((w) => f.id.startsWith(w)) || f.severity',
    why: '--accept matches a finding id by prefix',
  },
  {
    id: 'store-first-host-only',
    file: 'policy/sources/workloads.js',
    from: 'for (const h of target.hosts)\n        d.addHost(spec, h.host, h.port ?? defaultPort, spec.title, source);',
    to: 'for (const h of target.hosts.slice(0, 1))\n        d.addHost(spec, h.host, h.port ?? defaultPort, spec.title, source);',
    why: 'an external data store with several hosts keeps only the first',
  },
  {
    id: 'uri-first-host-only',
    file: 'config/uri.js',
    from: "for (const part of authority.split(','))",
    to: "for (const part of authority.split(',').slice(0, 1))",
    why: 'a connection string with several hosts keeps only the first',
  },
  {
    id: 'overlay-labels-unused-skipped',
    file: 'policy/sources/mcp.js',
    from: "if (overlay.matchLabels && placement !== 'cluster')",
    to: "if (overlay.matchLabels && placement === 'nowhere')",
    why: 'overlay-mismatch skipped for a server with labels it does not use',
  },
  {
    id: 'overlay-no-labels-skipped',
    file: 'policy/sources/mcp.js',
    from: 'if (!overlay?.matchLabels) {\n        d.finding(',
    to: 'if (!overlay?.matchLabels) {\n        if (overlay) d.finding(',
    why: 'overlay-mismatch skipped for an in-cluster server whose overlay entry has no labels',
  },
  {
    id: 'public-ip-skipped',
    file: 'policy/context.js',
    from: "if (hostClass === 'public-ip') {",
    to: "if (hostClass === 'public-ip' && false) {",
    why: 'the public-ip finding skipped',
  },
  {
    id: 'mcp-file-order',
    file: 'policy/sources/mcp.js',
    from: 'for (const name of Object.keys(servers).sort())',
    to: 'for (const name of Object.keys(servers))',
    why: 'MCP servers processed in file order',
  },
  {
    id: 'internet-except-dropped',
    file: 'catalog/special-addresses.js',
    from: "{ cidr: '169.254.0.0/16', name: 'Link Local', source: 'RFC 3927', class: 'link-local' },",
    to: '',
    why: 'link-local (the metadata service) no longer special: not excluded from the internet rule, not refused',
  },
  {
    id: 'internet-except-cgnat-dropped',
    file: 'catalog/special-addresses.js',
    from: "{ cidr: '100.64.0.0/10', name: 'Shared Address Space', source: 'RFC 6598', class: 'private' },",
    to: '',
    why: 'carrier-grade NAT space treated as public',
  },
  // lib/policy
  {
    id: 'accept-info',
    file: 'policy/derive.js',
    from: "if (!wanted.has(f.id) || f.severity === 'info')",
    to: 'if (!wanted.has(f.id))',
    why: 'an info finding marked accepted (only errors and warnings can block)',
  },
  {
    id: 'wildcard-suffix-without-dot',
    file: 'policy/allowlists.js',
    from: 'return host.endsWith(entry.host.slice(1));',
    to: 'return host.endsWith(entry.host.slice(2));',
    why: '*.example.com admits evilexample.com',
  },
  {
    id: 'allowlist-port-ignored',
    file: 'policy/allowlists.js',
    from: 'if (entry.port !== undefined && entry.port !== port)',
    to: 'if (false)',
    why: 'an allow-list entry with a port admits every port',
  },
  {
    id: 'rfc1918-172-off-by-one',
    file: 'catalog/special-addresses.js',
    from: "{ cidr: '172.16.0.0/12', name: 'Private-Use', source: 'RFC 1918', class: 'private' },",
    to: "{ cidr: '172.16.0.0/13', name: 'Private-Use', source: 'RFC 1918', class: 'private' },",
    why: '172.24.0.0/13 classified as a public IP',
  },
  {
    id: 'loopback-as-public',
    file: 'catalog/special-addresses.js',
    from: "{ cidr: '127.0.0.0/8', name: 'Loopback', source: 'RFC 1122 §3.2.1.3', class: 'loopback' },",
    to: '',
    why: '127.0.0.1 classified as a public IP',
  },
  {
    id: 'non-web-port-skipped',
    file: 'policy/context.js',
    from: 'if (!hosts_1.WEB_PORTS.has(port)) {',
    to: 'if (false) {',
    why: 'the non-web-port finding skipped',
  },
  {
    id: 'destination-dedupe-ignores-port',
    file: 'policy/context.js',
    from: 'd.host === normalised && d.port === port',
    to: 'd.host === normalised',
    why: 'a second port of the same host is dropped',
  },
  {
    id: 'name-truncation-off-by-one',
    file: 'policy/names.js',
    from: 'if (full.length <= max)',
    to: 'if (full.length <= max + 1)',
    why: 'a 64-character name is not truncated (Kubernetes rejects it)',
  },
  {
    id: 'unique-name-reuses',
    file: 'policy/names.js',
    from: 'for (let i = 2; taken.has(candidate); i++) {',
    to: 'for (let i = 2; false; i++) {',
    why: 'two groups whose names slug alike share one name',
  },
  {
    id: 'findings-unsorted',
    file: 'policy/findings.js',
    from: 'SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || ',
    to: '',
    why: 'findings not grouped by severity',
  },
  // lib/render
  {
    id: 'mode-default-watch',
    file: 'render/aviatrix.js',
    from: "const mode = options.mode ?? 'enforce';",
    to: "const mode = options.mode ?? 'watch';",
    why: 'rules are watch-only (not enforced) by default',
  },
  {
    id: 'watch-inverted',
    file: 'render/aviatrix.js',
    from: "watch: mode === 'watch'",
    to: "watch: mode !== 'watch'",
    why: 'enforce mode renders watch rules',
  },
  {
    id: 'decrypt-inverted',
    file: 'render/aviatrix.js',
    from: "decryptPolicy: decrypt ? 'decryptAllowed' : 'decryptNotAllowed'",
    to: "decryptPolicy: decrypt ? 'decryptNotAllowed' : 'decryptAllowed'",
    why: 'TLS decryption on for rules that asked for none',
  },
  {
    id: 'deny-all-permits',
    file: 'render/aviatrix.js',
    from: "action: 'deny',",
    to: "action: 'permit',",
    why: 'the final catch-all permits everything',
  },
  {
    id: 'watch-on-8.2-allowed',
    file: 'render/aviatrix.js',
    from: "if (target === 'chart-8.2' && mode === 'watch')",
    to: 'if (false)',
    why: 'watch mode silently dropped for the chart-8.2 CRD',
  },
  {
    id: 'log-profile-default',
    file: 'render/aviatrix.js',
    from: "options.logProfile ?? 'start'",
    to: "options.logProfile ?? 'end'",
    why: 'the default session log profile changed',
  },
  {
    id: 'ipv4-slash-24',
    file: 'render/aviatrix.js',
    from: '`${d.host}/32`',
    to: '`${d.host}/24`',
    why: 'a public IP destination widened to its /24',
  },
  {
    id: 'netpol-default-deny-dropped',
    file: 'render/network-policies.js',
    from: '.filter((ns) => ns === policy.namespace)',
    to: '.filter((ns) => ns !== policy.namespace)',
    why: 'no default-deny NetworkPolicy for the namespace',
  },
  {
    id: 'netpol-internet-without-ports',
    file: 'render/network-policies.js',
    from: 'if (ports.length > 0 && options.internetEgress !== false) {',
    to: 'if (ports.length >= 0 && options.internetEgress !== false) {',
    why: 'a workload without internet destinations gets an internet rule on every port',
  },
  {
    id: 'netpol-ingress-from-wrong-side',
    file: 'render/network-policies.js',
    from: 'policy.edges.filter((x) => x.to === w.id)',
    to: 'policy.edges.filter((x) => x.from === w.id)',
    why: 'ingress allowed from the workloads it calls instead of its callers',
  },
  {
    id: 'netpol-peer-ignores-namespace',
    file: 'render/network-policies.js',
    from: 'if (target.namespace === from.namespace)',
    to: 'if (true)',
    why: 'a peer in another namespace selected in the own namespace',
  },
  {
    id: 'netpol-private-ip-slash-24',
    file: 'render/network-policies.js',
    from: '`${host}/32`',
    to: '`${host}/24`',
    why: 'an in-cluster private IP widened to its /24',
  },
  {
    id: 'plain-yaml-colon-token-start',
    file: 'config/plain-yaml.js',
    from: '(?<![^\\s[{,:])',
    to: '(?<![^\\s[{,])',
    why: 'an alias right after a flow key colon ({"k":*a}) read by js-yaml, past the library guards',
  },
  {
    id: 'plain-yaml-shared-object',
    file: 'config/plain-yaml.js',
    from: 'if (seen.has(value))',
    to: 'if (false)',
    why: 'js-yaml data that shares an object (an alias) taken without the library guards',
  },
];

function parseArgs(argv) {
  const opts = { only: undefined, exclude: [], suites: 'core' };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--only') opts.only = new Set(argv[++i].split(','));
    else if (argv[i] === '--exclude') opts.exclude.push(argv[++i]);
    else if (argv[i] === '--suites') opts.suites = argv[++i];
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return opts;
}

function specs(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return specs(p);
    return e.name.endsWith('.spec.js') ? [p] : [];
  });
}

/** A previous run that was killed mid-mutant left a backup: put the original back first. */
function restoreLeftovers(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) restoreLeftovers(p);
    else if (e.name.endsWith(BACKUP)) fs.renameSync(p, p.slice(0, -BACKUP.length));
  }
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(LIB)) throw new Error('dist/lib is missing: run `npm run build` first');
  restoreLeftovers(LIB);
  const files = specs(opts.suites === 'all' ? TESTS : path.join(TESTS, 'core'))
    .filter((f) => !opts.exclude.some((x) => f.endsWith(x)))
    .sort();
  // The targeted suite first, so that --bail stops a killed mutant early.
  files.sort((a, b) => Number(b.endsWith('mutants.spec.js')) - Number(a.endsWith('mutants.spec.js')));
  const mocha = path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const chosen = MUTANTS.filter((m) => !opts.only || opts.only.has(m.id));
  const survivors = [];
  let killed = 0;
  for (const m of chosen) {
    const file = path.join(LIB, m.file);
    const original = fs.readFileSync(file, 'utf8');
    const count = original.split(m.from).length - 1;
    if (count !== 1) throw new Error(`${m.id}: the snippet occurs ${count} times in dist/lib/${m.file}; update it`);
    fs.copyFileSync(file, file + BACKUP);
    let r;
    try {
      fs.writeFileSync(
        file,
        original.replace(m.from, () => m.to),
      );
      r = spawnSync(process.execPath, [mocha, '--bail', '--reporter', 'dot', '--timeout', '20000', ...files], {
        cwd: ROOT,
        encoding: 'utf8',
      });
    } finally {
      fs.writeFileSync(file, original);
      fs.rmSync(file + BACKUP);
    }
    const dead = r.status !== 0;
    if (dead) killed++;
    else survivors.push(m);
    console.log(`${dead ? 'killed  ' : 'SURVIVED'} ${m.id.padEnd(34)} ${m.why}`);
  }
  const score = chosen.length ? killed / chosen.length : 1;
  console.log(`\n${killed}/${chosen.length} mutants killed (${(score * 100).toFixed(0)}%, floor ${FLOOR * 100}%)`);
  for (const m of survivors) console.log(`  survived: ${m.id} (dist/lib/${m.file}): ${m.why}`);
  process.exitCode = score < FLOOR ? 1 : 0;
}

main();
