// Issue 7, the properties: for every generated config over a mix of special, public and private
// addresses in every textual form, host names, shared domains and wildcards, no permit (Aviatrix web
// group, CIDR smart group, NetworkPolicy ipBlock or pod selector) reaches a special-purpose address;
// no rendered wildcard is broader than one the check refuses; and accepting any set of findings
// never widens the policy.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { specialTarget } from '../../lib/policy/addresses';
import { classifyHost, domainProblem } from '../../lib/policy/hosts';
import { contain } from '../support/core';
import type { Containment } from '../../lib/pipeline';

const v6 = (ip: string) => {
  const o = ip.split('.').map(Number);
  return `${((o[0] << 8) | o[1]).toString(16)}:${((o[2] << 8) | o[3]).toString(16)}`;
};
const n32 = (ip: string) => ip.split('.').reduce((a, x) => a * 256 + Number(x), 0);

/** An IPv4 address written in one of the forms a client accepts (for a URL host). */
const ipv4Text = (ip: string) =>
  fc.constantFrom(
    ip,
    `${ip}.`,
    String(n32(ip)),
    `0x${n32(ip).toString(16)}`,
    ip
      .split('.')
      .map((x) => `0${Number(x).toString(8)}`)
      .join('.'),
    `[::ffff:${ip}]`,
    `[::ffff:${v6(ip)}]`,
    `[64:ff9b::${v6(ip)}]`,
    `[2002:${v6(ip)}::1]`,
    `[::${ip}]`,
  );

const SPECIAL_V4 = [
  '169.254.169.254',
  '169.254.170.2',
  '169.254.170.23',
  '168.63.129.16',
  '100.100.100.200',
  '169.254.7.7',
  '0.0.0.0',
  '224.0.0.251',
  '255.255.255.255',
  '240.1.2.3',
  '198.18.0.9',
  '192.0.2.44',
  '192.0.0.170',
];
const specialHost = fc.oneof(
  fc.constantFrom(...SPECIAL_V4).chain(ipv4Text),
  fc.constantFrom(
    '[fd00:ec2::254]',
    '[fd00:ec2::23]',
    '[fe80::1]',
    '[ff02::1]',
    '[2001:db8::5]',
    '[::]',
    'metadata.google.internal',
    'metadata',
    'METADATA.GOOGLE.INTERNAL.',
    'kubernetes.default.svc',
    'kubernetes',
    '1.2.3.4.5',
  ),
);
const publicHost = fc.constantFrom(
  'api.example.com',
  'llm.example.org',
  'x.y.example.net',
  '8.8.8.8',
  '[2606:4700::1111]',
);
const privateHost = fc.oneof(
  fc.constantFrom('10.0.0.7', '192.168.1.9', '172.20.1.1', '[fd12::7]', 'ollama', 'svc.ns.svc.cluster.local'),
  fc.constantFrom('10.0.0.7', '192.168.1.9').chain(ipv4Text),
);
const sharedHost = fc.constantFrom('abc.ngrok-free.app', '10.0.0.1.nip.io', 'x.oast.fun', 'hook.webhook.site');
const anyHost = fc.oneof(
  { weight: 3, arbitrary: specialHost },
  { weight: 2, arbitrary: publicHost },
  { weight: 2, arbitrary: privateHost },
  { weight: 1, arbitrary: sharedHost },
);
const port = fc.constantFrom(undefined, 443, 80, 8443, 10250, 10255, 11434);
const scheme = fc.constantFrom('https', 'http');
const urlOf = fc.tuple(scheme, anyHost, port).map(([s, h, p]) => `${s}://${h}${p ? `:${p}` : ''}/v1`);
const allowEntry = fc.oneof(
  anyHost,
  urlOf,
  fc.constantFrom(
    '*.example.com',
    '*.amazonaws.com',
    '*.s3.amazonaws.com',
    '*.mongodb.net',
    '*.nip.io',
    '*.ngrok-free.app',
    '*.com',
    '*.github.io',
    '*.abc.example.org',
    '*.169.254.169.254.nip.io',
    '*.metadata.google.internal',
  ),
);
const connection = fc.oneof(
  fc.tuple(anyHost, anyHost).map(([a, b]) => `mongodb://${a}:27017,${b}:27017/db`),
  fc.tuple(anyHost, anyHost).map(([a, b]) => `mongodb://${a},${b}/db?tls=true`),
  anyHost.map((h) => `mongodb+srv://cluster0.${h.replace(/[[\]]/g, '')}/db`),
  fc.constantFrom('mongodb+srv://cluster0.mongodb.net/db', 'mongodb+srv://c.abcde.mongodb.net/db'),
);

const config = fc.record({
  endpoints: fc.array(urlOf, { maxLength: 4 }),
  servers: fc.array(urlOf, { maxLength: 3 }),
  proxies: fc.array(fc.tuple(fc.constantFrom('PROXY', 'https_proxy', 'HTTP_PROXY'), urlOf), { maxLength: 2 }),
  actions: fc.array(allowEntry, { maxLength: 5 }),
  mongo: fc.option(connection, { nil: undefined }),
});

interface Generated {
  endpoints: string[];
  servers: string[];
  proxies: [string, string][];
  actions: string[];
  mongo: string | undefined;
}

function build(g: Generated): { yaml: string; env: Record<string, string> } {
  const lines = [
    'version: 1.3.9',
    'interface:',
    '  mcpServers:',
    '    create: false',
    'endpoints:',
    '  agents:',
    "    capabilities: ['actions']",
  ];
  if (g.endpoints.length) lines.push('  custom:');
  g.endpoints.forEach((u, i) =>
    lines.push(`    - name: E${i}`, '      apiKey: k', `      baseURL: ${JSON.stringify(u)}`),
  );
  if (g.servers.length) lines.push('mcpServers:');
  g.servers.forEach((u, i) => lines.push(`  s${i}:`, '    type: streamable-http', `    url: ${JSON.stringify(u)}`));
  lines.push('actions:', `  allowedDomains: ${JSON.stringify(g.actions)}`);
  const env: Record<string, string> = {};
  for (const [k, v] of g.proxies) env[k] = v;
  if (g.mongo) env.MONGO_URI = g.mongo;
  return { yaml: `${lines.join('\n')}\n`, env };
}

// An oracle independent of lib/catalog: ipaddr.js's own range names and the metadata addresses
// written out here, so a wrong catalog entry cannot hide itself.
const METADATA_ORACLE = new Set([
  '169.254.169.254',
  '169.254.170.2',
  '169.254.170.23',
  '168.63.129.16',
  '100.100.100.200',
  '192.0.0.192',
  'fd00:ec2::254',
  'fd00:ec2::23',
  'fd20:ce::254',
]);

function reachable(ip: string): boolean {
  let a = ipaddr.parse(ip);
  if (a.kind() === 'ipv6') {
    const v = a as ipaddr.IPv6;
    const r = v.range();
    const p = v.parts;
    if (r === 'ipv4Mapped' || r === 'rfc6052' || (p.slice(0, 6).every((x) => x === 0) && (p[6] || p[7] > 1)))
      a = ipaddr.fromByteArray(v.toByteArray().slice(12));
    else if (r === '6to4') a = ipaddr.fromByteArray(v.toByteArray().slice(2, 6));
  }
  if (METADATA_ORACLE.has(a.kind() === 'ipv6' ? (a as ipaddr.IPv6).toRFC5952String() : a.toString())) return false;
  return a.kind() === 'ipv4'
    ? ['unicast', 'private', 'carrierGradeNat'].includes(a.range())
    : ['unicast', 'uniqueLocal'].includes(a.range());
}

/** Everything the rendered objects permit: web-group domains, smart-group CIDRs, NetworkPolicy peers. */
function permits(c: Containment): { domains: string[]; cidrs: string[]; peers: Record<string, unknown>[] } {
  const domains: string[] = [];
  const cidrs: string[] = [];
  const peers: Record<string, unknown>[] = [];
  for (const o of c.objects as any[]) {
    for (const w of o.spec?.webGroups ?? []) domains.push(...w.domains);
    for (const s of o.spec?.smartGroups ?? []) for (const sel of s.selectors ?? []) if (sel.cidr) cidrs.push(sel.cidr);
    if (o.kind === 'NetworkPolicy')
      for (const r of o.spec.egress ?? [])
        for (const to of r.to ?? []) {
          if (to.ipBlock) cidrs.push(to.ipBlock.cidr);
          else peers.push(to);
        }
  }
  return { domains, cidrs, peers };
}

function assertNoSpecialPermit(c: Containment): void {
  const { domains, cidrs, peers } = permits(c);
  for (const d of domains) {
    const bare = d.replace(/^\*\./, '');
    assert.equal(specialTarget(bare), undefined, `web group domain ${d}`);
    assert.ok(!ipaddr.isValid(bare) || reachable(bare), `web group domain ${d}`);
    assert.ok(!['metadata', 'metadata.google.internal', 'kubernetes'].includes(bare), `web group domain ${d}`);
    assert.notEqual(classifyHost(bare), 'special', `web group domain ${d}`);
    if (d.includes('*')) assert.equal(domainProblem(d), undefined, `rendered wildcard ${d} is one the check refuses`);
  }
  for (const cidr of cidrs) {
    if (cidr === '0.0.0.0/0') continue;
    const [base] = cidr.split('/');
    assert.ok(reachable(base), `${cidr} is a special-purpose address (${ipaddr.parse(base).range()})`);
  }
  for (const p of peers as any[]) {
    if (p.podSelector)
      assert.ok(Object.keys(p.podSelector.matchLabels ?? {}).length > 0, `podSelector {} ${JSON.stringify(p)}`);
    else assert.fail(`a bare namespace selector ${JSON.stringify(p)}`);
  }
}

function permitted(c: Containment): string {
  const { domains, cidrs, peers } = permits(c);
  return JSON.stringify({
    domains: [...domains].sort(),
    cidrs: [...cidrs].sort(),
    peers: peers.map((p) => JSON.stringify(p)).sort(),
    groups: c.policy.groups.map((g) => [g.name, g.destinations.map((d) => `${d.host}:${d.port}`)]),
    internal: c.policy.internal.map((i) => `${i.workload}:${i.host}:${i.port}`),
  });
}

describe('never wider than the config (issue 7 properties)', () => {
  it('no permit reaches a special-purpose address, and no rendered wildcard is one the check refuses', () => {
    fc.assert(
      fc.property(config, (g) => {
        const { yaml, env } = build(g);
        const c = contain(yaml, env);
        assertNoSpecialPermit(c);
        const accepted = contain(yaml, env, { accept: c.blocking.map((f) => f.id) });
        assertNoSpecialPermit(accepted);
      }),
      { numRuns: 150 },
    );
  });

  it('accepting any set of findings never widens the policy', () => {
    fc.assert(
      fc.property(config, fc.infiniteStream(fc.boolean()), (g, picks) => {
        const { yaml, env } = build(g);
        const c = contain(yaml, env);
        const ids = c.policy.findings.map((f) => f.id);
        const it = picks[Symbol.iterator]();
        const some = ids.filter(() => it.next().value);
        const accepted = contain(yaml, env, { accept: some });
        assert.equal(permitted(accepted), permitted(c), `accepting ${some.join(', ')} changed what is permitted`);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses every wildcard that covers one the check refuses (monotone over the generated entries)', () => {
    fc.assert(
      fc.property(fc.array(allowEntry, { minLength: 1, maxLength: 6 }), (entries) => {
        const { yaml, env } = build({ endpoints: [], servers: [], proxies: [], actions: entries, mongo: undefined });
        const { domains } = permits(contain(yaml, env));
        const refused = entries.filter((e) => /^\*\./.test(e) && domainProblem(e));
        for (const d of domains.filter((x) => x.startsWith('*.')))
          for (const r of refused)
            assert.ok(!(r.slice(1).endsWith(d.slice(1)) || r === d), `${d} is rendered but covers the refused ${r}`);
      }),
      { numRuns: 200 },
    );
  });
});
