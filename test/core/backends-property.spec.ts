// Properties every enforcement backend must share, on generated configs (fast-check): the set of
// (workload, host, port) the Cilium, GKE and EKS renderings allow is the Aviatrix rendering's (modulo
// the documented one-label narrowing of "*.x" on Cilium 1.18 and GKE, each with its finding), no
// backend allows a host Aviatrix denies, and the NetworkPolicies never keep an
// allow-to-every-public-IP beside a name allow-list.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { validateObject } from '../support/validate';
import {
  aviatrixAllows,
  aviatrixMatches,
  ciliumAllows,
  ciliumMatches,
  eksAnpAllows,
  gkeFqdnAllows,
  key,
  probes,
} from '../support/backends';
import type { ContainmentInput } from '../../lib/pipeline';
import { containAcceptingAll } from '../support/core';

const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/);
const tld = fc.constantFrom('com', 'net', 'io', 'co.uk', 'dev');
const domain = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), tld)
  .map(([labels, t]) => `${labels.join('.')}.${t}`);
const host = fc.oneof(
  { weight: 5, arbitrary: domain },
  { weight: 1, arbitrary: fc.constantFrom('8.8.4.4', '1.1.1.1', 'mongo-proxy', 'svc.other.svc.cluster.local') },
);
const port = fc.oneof(fc.constant(undefined), fc.constantFrom(443, 8443, 80, 11434));
// Action domains: exact names and "*.x" wildcards (any depth in LibreChat and Aviatrix).
const actionDomain = fc.oneof(
  domain,
  domain.map((d) => `*.${d}`),
);

const config = fc
  .record({
    endpoints: fc.uniqueArray(fc.record({ name: label, host, port }), { selector: (e) => e.name, maxLength: 5 }),
    servers: fc.uniqueArray(fc.record({ name: label, host: domain, port }), { selector: (s) => s.name, maxLength: 3 }),
    actions: fc.array(actionDomain, { maxLength: 4 }),
  })
  .map((g) => {
    const url = (h: string, p: number | undefined) => `https://${h}${p ? `:${p}` : ''}/v1`;
    const lines = [
      'version: 1.3.9',
      'interface:',
      '  mcpServers:',
      '    create: false',
      'endpoints:',
      '  agents:',
      '    capabilities: [actions, tools]',
    ];
    if (g.endpoints.length) {
      lines.push('  custom:');
      for (const e of g.endpoints)
        lines.push(
          `    - name: ${JSON.stringify(e.name)}`,
          '      apiKey: "sk-test"',
          `      baseURL: ${JSON.stringify(url(e.host, e.port))}`,
          '      models: { default: [m] }',
        );
    }
    if (g.actions.length)
      lines.push('actions:', '  allowedDomains:', ...g.actions.map((a) => `    - ${JSON.stringify(a)}`));
    if (g.servers.length) {
      lines.push('mcpServers:');
      for (const s of g.servers) lines.push(`  ${s.name}:`, `    url: ${JSON.stringify(url(s.host, s.port))}`);
    }
    return `${lines.join('\n')}\n`;
  });

const build = containAcceptingAll;

const gke: Partial<ContainmentInput> = { enforcement: { backend: 'gke-fqdn' } };
const eks: Partial<ContainmentInput> = { enforcement: { backend: 'eks-anp' } };

const cilium = (version: string): Partial<ContainmentInput> => ({
  enforcement: { backend: 'cilium', ciliumVersion: version },
});

describe('properties shared by every backend (generated configs)', function () {
  // The first Cilium render compiles the large CRD schema with Ajv.
  this.timeout(120_000);

  it('Cilium 1.19 allows exactly the (workload, host, port) set Aviatrix allows ("**.x" = "*.x")', () => {
    fc.assert(
      fc.property(config, (yaml) => {
        const av = aviatrixAllows(build(yaml).objects).map(key).sort();
        const ci = ciliumAllows(build(yaml, cilium('1.19')).objects)
          .map((a) => key({ ...a, host: a.host.replace(/^\*\*\./, '*.') }))
          .sort();
        assert.deepEqual(ci, av);
      }),
      { numRuns: 60 },
    );
  });

  it('Cilium 1.18 allows the same set, every "*.x" narrowed to one label with a finding for its group', () => {
    fc.assert(
      fc.property(config, (yaml) => {
        const a = build(yaml);
        const c = build(yaml, cilium('1.18'));
        assert.deepEqual(ciliumAllows(c.objects).map(key).sort(), aviatrixAllows(a.objects).map(key).sort());
        const narrowedGroups = new Set(
          c.policy.groups.filter((g) => g.destinations.some((d) => d.host.startsWith('*.'))).map((g) => g.name),
        );
        const found = new Set(
          c.policy.findings
            .filter((f) => f.kind === 'backend-wildcard-narrowed')
            .map((f) => f.id.slice('backend-wildcard-narrowed:'.length)),
        );
        for (const g of narrowedGroups)
          if (c.policy.rules.some((r) => r.group === g)) assert.ok(found.has(g), `no narrowing finding for ${g}`);
        assert.ok(!JSON.stringify(c.objects).includes('**'));
      }),
      { numRuns: 60 },
    );
  });

  it('GKE FQDNNetworkPolicy allows the same set, every "*.x" narrowed to one label with a finding', () => {
    fc.assert(
      fc.property(config, (yaml) => {
        const a = build(yaml);
        const g = build(yaml, gke);
        assert.deepEqual(gkeFqdnAllows(g.objects).map(key).sort(), aviatrixAllows(a.objects).map(key).sort());
        const found = new Set(
          g.policy.findings.filter((f) => f.kind === 'backend-wildcard-narrowed').map((f) => f.id.split(':')[1]),
        );
        for (const r of g.policy.rules) {
          const group = g.policy.groups.find((x) => x.name === r.group);
          if (group?.destinations.some((d) => d.host.startsWith('*.')))
            assert.ok(found.has(group.name), `no narrowing finding for ${group.name}`);
        }
        for (const o of g.objects) assert.deepEqual(validateObject(o), []);
        for (const o of g.objects.filter((x) => x.kind === 'NetworkPolicy') as any[])
          for (const r of o.spec.egress ?? [])
            for (const p of r.to ?? []) assert.notEqual(p.ipBlock?.cidr, '0.0.0.0/0', o.metadata.name);
      }),
      { numRuns: 60 },
    );
  });

  it('EKS ApplicationNetworkPolicy allows exactly the Aviatrix set ("*.x" is any depth in both), valid, no narrowing', () => {
    fc.assert(
      fc.property(config, (yaml) => {
        const a = build(yaml);
        const e = build(yaml, eks);
        assert.deepEqual(eksAnpAllows(e.objects).map(key).sort(), aviatrixAllows(a.objects).map(key).sort());
        assert.ok(!e.policy.findings.some((f) => f.kind === 'backend-wildcard-narrowed'));
        for (const o of e.objects) assert.deepEqual(validateObject(o), []);
        for (const o of e.objects.filter((x) => x.kind === 'NetworkPolicy') as any[])
          for (const r of o.spec.egress ?? [])
            for (const p of r.to ?? []) assert.notEqual(p.ipBlock?.cidr, '0.0.0.0/0', o.metadata.name);
      }),
      { numRuns: 60 },
    );
  });

  it('never allows a host Aviatrix denies (probed at the apex and one to three labels deeper)', () => {
    fc.assert(
      fc.property(config, fc.constantFrom('1.18', '1.19', 'gke', 'eks'), (yaml, version) => {
        const av = aviatrixAllows(build(yaml).objects);
        // GKE's "*" is one label, as Cilium's without "**.": the same matcher applies. EKS's leading
        // "*." is one or more labels (its CRD), which is Aviatrix's matcher.
        const allows =
          version === 'gke'
            ? gkeFqdnAllows(build(yaml, gke).objects)
            : version === 'eks'
              ? eksAnpAllows(build(yaml, eks).objects)
              : ciliumAllows(build(yaml, cilium(version)).objects);
        const matches = version === 'eks' ? aviatrixMatches : ciliumMatches;
        for (const allow of allows) {
          for (const probe of probes(allow.host)) {
            if (!matches(allow.host, probe)) continue;
            assert.ok(
              av.some((x) => x.workload === allow.workload && x.port === allow.port && aviatrixMatches(x.host, probe)),
              `${allow.workload} ${probe}:${allow.port} is allowed by ${version} (${allow.host}), not by Aviatrix`,
            );
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('renders valid objects, and no NetworkPolicy allows every public IP beside the name allow-list', () => {
    fc.assert(
      fc.property(config, fc.constantFrom('1.18', '1.19'), (yaml, version) => {
        const c = build(yaml, cilium(version));
        for (const o of c.objects) assert.deepEqual(validateObject(o, undefined, version), []);
        for (const o of c.objects.filter((x) => x.kind === 'NetworkPolicy') as any[])
          for (const r of o.spec.egress ?? [])
            for (const p of r.to ?? []) assert.notEqual(p.ipBlock?.cidr, '0.0.0.0/0', o.metadata.name);
      }),
      { numRuns: 40 },
    );
  });
});
