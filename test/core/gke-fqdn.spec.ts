// The GKE backend (--backend gke-fqdn): one FQDNNetworkPolicy per workload with internet names,
// valid against the vendored schema (schemas/gke), allowing what the Aviatrix rendering allows
// ("*.x" narrowed to one label, with a finding: the CRD documents no any-depth wildcard), IP
// literals in NetworkPolicies of their own, and no NetworkPolicy allow to every public IP.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateGkeFqdnObject } from '../../lib/render/gke-fqdn-validate';
import { FIXTURES } from '../support/paths';
import { yamlFiles } from '../support/fixture-suite';
import { validateObject } from '../support/validate';
import { aviatrixAllows, gkeFqdnAllows, key } from '../support/backends';
import { containAcceptingAll, QUIET } from '../support/core';

const build = containAcceptingAll;

const GKE = { enforcement: { backend: 'gke-fqdn' as const } };
const byKind = (c: { objects: any[] }, kind: string) => c.objects.filter((o) => o.kind === kind);
const internet = (o: any) =>
  (o.spec.egress ?? []).filter((r: any) => (r.to ?? []).some((p: any) => p.ipBlock?.cidr === '0.0.0.0/0'));

const WILDCARDS = `${QUIET.replace("capabilities: ['file_search', 'tools']", 'capabilities: [actions, tools]')}actions:
  allowedDomains:
    - "*.example-corp.com"
    - "api.other-corp.com"
    - "8.8.4.4"
`;

describe('gke-fqdn backend: every own fixture', () => {
  for (const file of yamlFiles(FIXTURES)) {
    const text = readFileSync(join(FIXTURES, file), 'utf8');
    it(`${file} renders, validates, and allows the (workload, host, port) set Aviatrix allows`, () => {
      const a = build(text);
      const g = build(text, GKE);
      assert.deepEqual(g.blocking, []);
      assert.equal(byKind(g, 'FirewallPolicy').length, 0);
      for (const o of g.objects) assert.deepEqual(validateObject(o), []);
      assert.deepEqual(gkeFqdnAllows(g.objects).map(key).sort(), aviatrixAllows(a.objects).map(key).sort());
      for (const o of byKind(g, 'NetworkPolicy')) assert.deepEqual(internet(o), [], o.metadata.name);
      // The plain DNS allow stays: GKE's FQDN policy does not carry DNS.
      const api = byKind(g, 'NetworkPolicy').find((o) => o.metadata.name === 'librechat-librechat');
      assert.ok(api.spec.egress.some((r: any) => r.to?.[0]?.podSelector?.matchLabels?.['k8s-app'] === 'kube-dns'));
    });
  }
});

describe('gke-fqdn backend: wildcards, addresses, watch, options', () => {
  it('"*.x" stays "*.x" (one label on GKE) with a warning naming what is denied', () => {
    const g = build(WILDCARDS, GKE);
    const fqdn = byKind(g, 'FQDNNetworkPolicy')[0];
    assert.deepEqual(fqdn.spec.egress, [
      {
        matches: [{ pattern: '*.example-corp.com' }, { name: 'api.other-corp.com' }],
        ports: [{ protocol: 'TCP', port: 443 }],
      },
    ]);
    const f = g.policy.findings.find((x) => x.id === 'backend-wildcard-narrowed:tools-actions');
    assert.ok(f);
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /denies a\.b\.example-corp\.com/);
  });

  it('an IP literal gets its own NetworkPolicy (/32 on its port), not an FQDN match', () => {
    const g = build(WILDCARDS, GKE);
    const ips = byKind(g, 'NetworkPolicy').find((o) => o.metadata.name === 'librechat-librechat-ips');
    assert.deepEqual(ips.spec, {
      podSelector: ips.spec.podSelector,
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '8.8.4.4/32' } }], ports: [{ protocol: 'TCP', port: 443 }] }],
    });
    assert.ok(!JSON.stringify(byKind(g, 'FQDNNetworkPolicy')).includes('8.8.4.4'));
  });

  it('at most 50 names per FQDNNetworkPolicy (Google: 50 addresses per policy): more go to -egress-2, ...', () => {
    const names = Array.from({ length: 120 }, (_, i) => `    - "h${String(i).padStart(3, '0')}.example-corp.com"`);
    const text = `${QUIET.replace("capabilities: ['file_search', 'tools']", 'capabilities: [actions, tools]')}actions:
  allowedDomains:
${names.join('\n')}
`;
    const a = build(text);
    const g = build(text, GKE);
    const policies = byKind(g, 'FQDNNetworkPolicy');
    assert.deepEqual(
      policies.map((o) => o.metadata.name),
      ['librechat-librechat-egress', 'librechat-librechat-egress-2', 'librechat-librechat-egress-3'],
    );
    for (const o of policies) {
      assert.ok(o.spec.egress.flatMap((r: any) => r.matches).length <= 50, o.metadata.name);
      assert.deepEqual(validateObject(o), []);
    }
    assert.deepEqual(gkeFqdnAllows(g.objects).map(key).sort(), aviatrixAllows(a.objects).map(key).sort());
  });

  it('workloads without internet names get no FQDNNetworkPolicy (the CRD needs one egress rule)', () => {
    const g = build(QUIET, GKE);
    assert.deepEqual(byKind(g, 'FQDNNetworkPolicy'), []);
  });

  it('watch: the NetworkPolicies as for Aviatrix (nothing enforced by name) and a finding', () => {
    const text = readFileSync(join(FIXTURES, 'web-search.yaml'), 'utf8');
    const g = build(text, { ...GKE, aviatrix: { mode: 'watch' } });
    const a = build(text, { aviatrix: { mode: 'watch' } });
    assert.deepEqual(byKind(g, 'NetworkPolicy'), byKind(a, 'NetworkPolicy'));
    const f = g.policy.findings.find((x) => x.id === 'backend-watch:gke-fqdn');
    assert.ok(f);
    assert.match(f.message, /does not enforce/);
  });

  it('refuses Cilium and Aviatrix options', () => {
    assert.throws(
      () => build(QUIET, { enforcement: { backend: 'gke-fqdn', ciliumVersion: '1.19' } }),
      /needs the cilium backend/,
    );
    assert.throws(() => build(QUIET, { ...GKE, aviatrix: { target: 'chart-8.2' } }), /is an Aviatrix option/);
    assert.throws(
      () => build(QUIET, { ...GKE, networkPolicies: false }),
      /the NetworkPolicies carry the in-cluster traffic/,
    );
  });

  it('the schema rejects an unknown field, both name and pattern, and a port out of range', () => {
    const g = build(WILDCARDS, GKE);
    const base = byKind(g, 'FQDNNetworkPolicy')[0];
    const mutate = (f: (o: any) => void) => {
      const o = JSON.parse(JSON.stringify(base));
      f(o);
      return validateGkeFqdnObject(o).join('\n');
    };
    assert.equal(
      mutate(() => undefined),
      '',
    );
    assert.match(
      mutate((o) => (o.spec.surprise = 1)),
      /additional properties/,
    );
    assert.match(
      mutate((o) => (o.spec.egress[0].matches[0] = { name: 'a.com', pattern: '*.a.com' })),
      /exactly one|more than 1/,
    );
    assert.match(
      mutate((o) => (o.spec.egress[0].ports[0].port = 70000)),
      /must be <= 65535/,
    );
  });
});
