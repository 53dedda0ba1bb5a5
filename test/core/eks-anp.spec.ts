// The EKS backend (--backend eks-anp): one ApplicationNetworkPolicy per workload with internet
// destinations, valid against the vendored schema (schemas/eks), allowing exactly what the Aviatrix
// rendering allows ("*.x" is any depth in both: the CRD's "*" matches one or more entire labels),
// IP literals as ipBlock peers of the same policy, and no NetworkPolicy allow to every public IP.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateEksAnpObject } from '../../lib/render/eks-anp-validate';
import { eksDomainName, renderEksAnp } from '../../lib/render/eks-anp';
import { explainHost, explainText } from '../../lib/render/explain';
import { FIXTURES } from '../support/paths';
import { yamlFiles } from '../support/fixture-suite';
import { validateObject } from '../support/validate';
import { aviatrixAllows, eksAnpAllows, key } from '../support/backends';
import { containAcceptingAll, QUIET } from '../support/core';
import { run } from '../../lib/cli/main';

const build = containAcceptingAll;

const EKS = { enforcement: { backend: 'eks-anp' as const } };
const byKind = (c: { objects: any[] }, kind: string) => c.objects.filter((o) => o.kind === kind);
const internet = (o: any) =>
  (o.spec.egress ?? []).filter((r: any) => (r.to ?? []).some((p: any) => p.ipBlock?.cidr === '0.0.0.0/0'));

const WILDCARDS = `${QUIET.replace("capabilities: ['file_search', 'tools']", 'capabilities: [actions, tools]')}actions:
  allowedDomains:
    - "*.example-corp.com"
    - "api.other-corp.com"
    - "8.8.4.4"
`;

describe('eks-anp backend: every own fixture', () => {
  for (const file of yamlFiles(FIXTURES)) {
    const text = readFileSync(join(FIXTURES, file), 'utf8');
    it(`${file} renders, validates, and allows exactly the (workload, host, port) set Aviatrix allows`, () => {
      const a = build(text);
      const e = build(text, EKS);
      assert.deepEqual(e.blocking, []);
      assert.equal(byKind(e, 'FirewallPolicy').length, 0);
      for (const o of e.objects) assert.deepEqual(validateObject(o), []);
      assert.deepEqual(eksAnpAllows(e.objects).map(key).sort(), aviatrixAllows(a.objects).map(key).sort());
      for (const o of byKind(e, 'NetworkPolicy')) assert.deepEqual(internet(o), [], o.metadata.name);
      // The plain DNS allow stays: the ApplicationNetworkPolicy does not carry DNS.
      const api = byKind(e, 'NetworkPolicy').find((o) => o.metadata.name === 'librechat-librechat');
      assert.ok(api.spec.egress.some((r: any) => r.to?.[0]?.podSelector?.matchLabels?.['k8s-app'] === 'kube-dns'));
      assert.ok(!e.policy.findings.some((f) => f.kind === 'backend-wildcard-narrowed'), file);
    });
  }
});

describe('eks-anp backend: wildcards, addresses, watch, options', () => {
  it('"*.x" stays "*.x" (one or more labels on EKS, as in LibreChat): no narrowing finding; IPs as ipBlock', () => {
    const e = build(WILDCARDS, EKS);
    const anp = byKind(e, 'ApplicationNetworkPolicy')[0];
    assert.equal(anp.metadata.name, 'librechat-librechat-egress');
    assert.deepEqual(anp.spec.policyTypes, ['Egress']);
    assert.deepEqual(anp.spec.egress, [
      { to: [{ domainNames: ['*.example-corp.com', 'api.other-corp.com'] }], ports: [{ protocol: 'TCP', port: 443 }] },
      { to: [{ ipBlock: { cidr: '8.8.4.4/32' } }], ports: [{ protocol: 'TCP', port: 443 }] },
    ]);
    assert.ok(!e.policy.findings.some((f) => f.kind === 'backend-wildcard-narrowed'));
  });

  it('a glob the CRD cannot spell ("api-*.x", "*.*.x") is left out (denied) with a warning, never widened', () => {
    assert.deepEqual(eksDomainName('*.example.com'), { name: '*.example.com' });
    assert.deepEqual(eksDomainName('api.example.com'), { name: 'api.example.com' });
    assert.ok('unsupported' in eksDomainName('api-*.example.com'));
    assert.ok('unsupported' in eksDomainName('*.*.example.com'));
    assert.ok('unsupported' in eksDomainName('a.*.example.com'));
    assert.ok('unsupported' in eksDomainName('localhost'));
    // LibreChat's actions refuse such globs, so the policy is edited as another input could give it.
    const policy = structuredClone(build(WILDCARDS, EKS).policy);
    const group = policy.groups.find((g) => g.name === 'tools-actions')!;
    group.destinations = group.destinations.map((d) =>
      d.host === '*.example-corp.com' ? { ...d, host: 'api-*.example-corp.com' } : d,
    );
    const e = renderEksAnp(policy);
    assert.ok(!JSON.stringify(e.objects).includes('api-*'));
    assert.deepEqual((e.objects[0] as any).spec.egress[0].to, [{ domainNames: ['api.other-corp.com'] }]);
    const f = e.findings.find((x) => x.id === 'backend-wildcard-narrowed:tools-actions');
    assert.ok(f, e.findings.map((x) => x.id).join(', '));
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /api-\*\.example-corp\.com .* will be denied/);
  });

  it('workloads without internet destinations get no ApplicationNetworkPolicy', () => {
    const e = build(QUIET, EKS);
    assert.deepEqual(byKind(e, 'ApplicationNetworkPolicy'), []);
  });

  it('watch: the NetworkPolicies as for Aviatrix (nothing enforced by name) and a finding', () => {
    const text = readFileSync(join(FIXTURES, 'web-search.yaml'), 'utf8');
    const e = build(text, { ...EKS, aviatrix: { mode: 'watch' } });
    const a = build(text, { aviatrix: { mode: 'watch' } });
    assert.deepEqual(byKind(e, 'NetworkPolicy'), byKind(a, 'NetworkPolicy'));
    const f = e.policy.findings.find((x) => x.id === 'backend-watch:eks-anp');
    assert.ok(f);
    assert.match(f.message, /does not enforce/);
  });

  it('refuses Cilium and Aviatrix options, decryption, and NetworkPolicies off', () => {
    assert.throws(() => build(QUIET, { enforcement: { backend: 'eks-anp', ciliumVersion: '1.19' } }), /cilium backend/);
    assert.throws(() => build(QUIET, { ...EKS, aviatrix: { form: 'webgroup-policy' } }), /is an Aviatrix option/);
    assert.throws(() => build(QUIET, { ...EKS, networkPolicies: false }), /carry the in-cluster traffic/);
  });

  it('"auto" is refused with the reason (the inputs do not say what the cluster runs)', () => {
    assert.throws(
      () => build(QUIET, { enforcement: { backend: 'auto' as never } }),
      /cannot be "auto".*name one of aviatrix, cilium, gke-fqdn, eks-anp/,
    );
  });

  it('the schema rejects an unknown field, a partial wildcard, a domainNames peer with ipBlock, a bad port', () => {
    const e = build(WILDCARDS, EKS);
    const base = byKind(e, 'ApplicationNetworkPolicy')[0];
    const mutate = (f: (o: any) => void) => {
      const o = JSON.parse(JSON.stringify(base));
      f(o);
      return validateEksAnpObject(o).join('\n');
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
      mutate((o) => (o.surprise = 1)),
      /additional properties/,
    );
    assert.match(
      mutate((o) => (o.spec.egress[0].to[0].domainNames = ['api-*.example.com'])),
      /must match pattern/,
    );
    assert.match(
      mutate((o) => (o.spec.egress[0].to[0].ipBlock = { cidr: '1.2.3.4/32' })),
      /ipBlock and domainNames are mutually exclusive/,
    );
    assert.match(
      mutate((o) => (o.spec.egress[0].to[0].domainNames = [])),
      /must NOT have fewer than 1 items/,
    );
    assert.match(
      mutate((o) => delete o.spec.podSelector),
      /must have required property 'podSelector'/,
    );
  });
});

describe('explain: enforcement lines per backend', () => {
  const text = readFileSync(join(FIXTURES, 'web-search.yaml'), 'utf8');
  const view = (c: ReturnType<typeof build>) => ({ ...c.enforcement, objects: c.objects });
  const strip = (t: string) =>
    t
      .split('\n')
      .filter((l) => !/^ {2}(Enforced by|Everything else|Internet egress: none|Plus DNS|Narrowed by)|^ {4,}\S/.test(l))
      .join('\n');

  it('aviatrix: the historical lines, with or without the view', () => {
    const a = build(text);
    assert.equal(explainText(a.policy, view(a)), explainText(a.policy));
    assert.match(explainText(a.policy), /Everything else: denied \(rule deny-all, logged\)\./);
  });

  for (const [backend, kind, rule] of [
    ['eks-anp', 'ApplicationNetworkPolicy', /domainNames [^;]+; ports 443\/TCP/],
    ['gke-fqdn', 'FQDNNetworkPolicy', /matches name [^;]+; ports 443\/TCP/],
    ['cilium', 'CiliumNetworkPolicy', /toFQDNs matchName [^;]+; toPorts 443\/TCP/],
  ] as const) {
    it(`${backend}: names the ${kind}s and spells each rule; the rest of the text is the same as Aviatrix's`, () => {
      const a = build(text);
      const c = build(text, { enforcement: { backend } });
      const t = explainText(c.policy, view(c));
      assert.match(t, new RegExp(`    ${kind} librechat-librechat-egress:`));
      assert.match(t, rule);
      assert.ok(!t.includes('rule deny-all'), t);
      // Same text except the enforcement lines and the findings the backend adds.
      const cut = (s: string) => strip(s).split('\nFindings')[0];
      assert.equal(cut(t), cut(explainText(a.policy)));
      const denied = explainHost(c.policy, 'nowhere.example.org', view(c)).text;
      assert.ok(!t.includes('Narrowed by the backend'), 'web-search has no wildcard');
      assert.match(denied, new RegExp(`no ${kind} allows it`));
    });
  }
});

describe("explain: the backend's narrowing findings per workload", () => {
  it('GKE and Cilium 1.18 name the narrowing finding under the workload; Cilium 1.19 and EKS do not narrow', () => {
    for (const [enforcement, narrowed] of [
      [{ backend: 'gke-fqdn' }, true],
      [{ backend: 'cilium', ciliumVersion: '1.18' }, true],
      [{ backend: 'cilium', ciliumVersion: '1.19' }, false],
      [{ backend: 'eks-anp' }, false],
    ] as const) {
      const c = build(WILDCARDS, { enforcement });
      const t = explainText(c.policy, { ...c.enforcement, objects: c.objects });
      assert.equal(
        t.includes(
          '  Narrowed by the backend (denied deeper than the config allows): backend-wildcard-narrowed:tools-actions.',
        ),
        narrowed,
        `${JSON.stringify(enforcement)}\n${t}`,
      );
    }
  });
});

describe('eks-anp backend: the CLI', () => {
  const io = () => {
    const r = { out: '', err: '' };
    return { r, io: { out: (t: string) => void (r.out += t), err: (t: string) => void (r.err += t) } };
  };
  const file = join(FIXTURES, 'web-search.yaml');

  it('render --backend eks-anp writes ApplicationNetworkPolicies and no Aviatrix kinds', () => {
    const ok = io();
    assert.equal(run(['render', file, '--backend', 'eks-anp'], ok.io), 0, ok.r.err);
    assert.match(ok.r.out, /kind: ApplicationNetworkPolicy/);
    assert.ok(!ok.r.out.includes('FirewallPolicy'));
  });

  it('explain --backend eks-anp prints its enforcement lines; explain HOST names the backend', () => {
    const ok = io();
    assert.equal(run(['explain', file, '--backend', 'eks-anp'], ok.io), 0, ok.r.err);
    assert.match(ok.r.out, /Enforced by the EKS Auto Mode network policy agent/);
    assert.match(ok.r.out, / {4}ApplicationNetworkPolicy librechat-librechat-egress:\n {6}domainNames /);
    const host = io();
    assert.equal(run(['explain', file, 'nowhere.example.org', '--backend', 'eks-anp'], host.io), 1);
    assert.match(host.r.out, /no ApplicationNetworkPolicy allows it/);
  });

  it('--backend auto is a usage error with the reason (exit 2, no output)', () => {
    const bad = io();
    assert.equal(run(['render', file, '--backend', 'auto'], bad.io), 2);
    assert.equal(bad.r.out, '');
    assert.match(bad.r.err, /--backend cannot be "auto": which backend enforces depends on what the cluster runs/);
  });
});
