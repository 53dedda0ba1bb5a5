// The Cilium backend (--backend cilium): one CiliumNetworkPolicy per workload that validates
// against the vendored CRD (schemas/cilium), allows by name exactly what the Aviatrix rendering
// allows, pins the wildcard semantics per Cilium version, and removes the NetworkPolicies'
// allow-to-every-public-IP rule that would cancel a name allow-list.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEnvironment } from '../../lib/config/env';
import { buildContainment, type ContainmentInput } from '../../lib/pipeline';
import { ciliumSelector, ciliumVersion, renderCilium } from '../../lib/render/cilium';
import { ciliumJsonSchema, validateCiliumObject } from '../../lib/render/cilium-validate';
import { renderManifests } from '../../lib/render/yaml';
import { run } from '../../lib/cli/main';
import { FIXTURES, ROOT } from '../support/paths';
import { yamlFiles } from '../support/fixture-suite';
import { validateObject } from '../support/validate';
import {
  aviatrixAllows,
  aviatrixMatches,
  ciliumAllows,
  ciliumDnsNames,
  ciliumMatches,
  key,
  probes,
} from '../support/backends';
import { QUIET } from '../support/core';

function build(text: string, extra: Partial<ContainmentInput> = {}, env: Record<string, string> = {}) {
  const input = (accept: string[]) =>
    buildContainment({
      configText: text,
      configFile: 'librechat.yaml',
      env: buildEnvironment({ pairs: env }),
      ...extra,
      derive: { ...extra.derive, accept },
    });
  const first = input([]);
  return input(first.blocking.map((f) => f.id));
}

const cilium = (version?: string, mode?: 'enforce' | 'watch') => ({
  enforcement: { backend: 'cilium' as const, ciliumVersion: version },
  aviatrix: mode ? { mode } : {},
});

const WILDCARDS = `${QUIET.replace("capabilities: ['file_search', 'tools']", 'capabilities: [actions, tools]')}actions:
  allowedDomains:
    - "*.example-corp.com"
    - "api.other-corp.com"
`;

const byKind = (c: { objects: any[] }, kind: string) => c.objects.filter((o) => o.kind === kind);
const of = (c: { objects: any[] }, kind: string, workload: string) =>
  c.objects.find((o) => o.kind === kind && o.metadata.labels['librechat-containment/workload'] === workload);

describe('cilium backend: every own fixture', () => {
  before(function () {
    // The CRD schema is large: Ajv compiles it once, on first use (about a second on a quiet machine).
    this.timeout(60_000);
    validateCiliumObject({ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'x' } });
  });

  for (const file of yamlFiles(FIXTURES)) {
    const text = readFileSync(join(FIXTURES, file), 'utf8');
    for (const version of ['1.18', '1.19']) {
      it(`${file} renders with Cilium ${version}; every object validates against its schema`, () => {
        const c = build(text, cilium(version));
        assert.deepEqual(c.blocking, []);
        assert.equal(byKind(c, 'FirewallPolicy').length + byKind(c, 'WebgroupPolicy').length, 0);
        const cnps = byKind(c, 'CiliumNetworkPolicy');
        assert.deepEqual(cnps.map((o) => o.metadata.labels['librechat-containment/workload']).sort(), [
          ...c.policy.workloads.map((w) => w.id).sort(),
        ]);
        for (const o of c.objects) assert.deepEqual(validateObject(o, undefined, version), []);
        for (const o of cnps) {
          assert.deepEqual(o.spec.enableDefaultDeny, { egress: true, ingress: false });
          assert.equal(o.spec.ingress, undefined, 'ingress is left to the NetworkPolicies');
          assert.ok(o.spec.egress[0].toEndpoints, 'the first rule is DNS to kube-dns');
        }
      });
    }

    it(`${file}: Cilium 1.19 allows exactly the (workload, host, port) set Aviatrix allows`, () => {
      const a = build(text);
      const c = build(text, cilium('1.19'));
      const av = aviatrixAllows(a.objects).map(key).sort();
      const ci = ciliumAllows(c.objects)
        .map((x) => key({ ...x, host: x.host.replace(/^\*\*\./, '*.') }))
        .sort();
      assert.deepEqual(ci, av);
    });

    it(`${file}: the NetworkPolicies drop the egress to every public IP and the plain DNS allow`, () => {
      const a = build(text);
      const c = build(text, cilium());
      const internet = (o: any) =>
        (o.spec.egress ?? []).filter((r: any) => (r.to ?? []).some((p: any) => p.ipBlock?.cidr === '0.0.0.0/0'));
      const plainDns = (o: any) =>
        (o.spec.egress ?? []).filter((r: any) =>
          (r.to ?? []).some((p: any) => p.podSelector?.matchLabels?.['k8s-app']),
        );
      for (const o of byKind(c, 'NetworkPolicy')) {
        assert.deepEqual(internet(o), [], o.metadata.name);
        assert.deepEqual(plainDns(o), [], o.metadata.name);
      }
      // Everything else of the NetworkPolicies is the same as for Aviatrix.
      const strip = (o: any) => ({
        ...o,
        spec: {
          ...o.spec,
          ...(o.spec.egress
            ? { egress: o.spec.egress.filter((r: any) => !internet(o).includes(r) && !plainDns(o).includes(r)) }
            : {}),
        },
      });
      assert.deepEqual(byKind(c, 'NetworkPolicy'), byKind(a, 'NetworkPolicy').map(strip));
      if (c.policy.rules.length > 0)
        assert.ok(
          byKind(a, 'NetworkPolicy').some((o) => internet(o).length > 0),
          'Aviatrix keeps the internet rule',
        );
    });
  }
});

describe('cilium backend: the default stays Aviatrix, byte for byte', () => {
  it('no enforcement input and backend aviatrix render the same manifests and findings', () => {
    const text = readFileSync(join(FIXTURES, 'web-search.yaml'), 'utf8');
    const a = build(text);
    const b = build(text, { enforcement: { backend: 'aviatrix' } });
    assert.equal(renderManifests(b.objects, '#'), renderManifests(a.objects, '#'));
    assert.deepEqual(b.policy.findings, a.policy.findings);
    assert.ok(!renderManifests(a.objects, '#').includes('cilium.io'));
  });
});

describe('cilium backend: wildcard semantics pinned per version', () => {
  it('LibreChat/Aviatrix "*.x" (any depth) is "**.x" on Cilium 1.19, with no finding', () => {
    const c = build(WILDCARDS, cilium('1.19'));
    const cnp = of(c, 'CiliumNetworkPolicy', 'librechat');
    const fqdns = cnp.spec.egress.flatMap((r: any) => r.toFQDNs ?? []);
    assert.deepEqual(fqdns, [{ matchPattern: '**.example-corp.com' }, { matchName: 'api.other-corp.com' }]);
    assert.ok(ciliumDnsNames(cnp).includes('**.example-corp.com'));
    assert.ok(ciliumDnsNames(cnp).includes('**.example-corp.com.librechat.svc.cluster.local'));
    assert.deepEqual(
      c.policy.findings.filter((f) => f.kind.startsWith('backend-')),
      [],
    );
    for (const h of ['a.example-corp.com', 'a.b.example-corp.com', 'a.b.c.example-corp.com'])
      assert.ok(ciliumMatches('**.example-corp.com', h), h);
    assert.ok(!ciliumMatches('**.example-corp.com', 'example-corp.com'), 'never the apex');
  });

  it('on Cilium 1.18 "*.x" is narrowed to one label, with a warning naming what is denied', () => {
    const c = build(WILDCARDS, cilium('1.18'));
    const cnp = of(c, 'CiliumNetworkPolicy', 'librechat');
    const fqdns = cnp.spec.egress.flatMap((r: any) => r.toFQDNs ?? []);
    assert.deepEqual(fqdns, [{ matchPattern: '*.example-corp.com' }, { matchName: 'api.other-corp.com' }]);
    assert.ok(!JSON.stringify(cnp).includes('**'), 'no "**." on 1.18');
    const f = c.policy.findings.find((x) => x.id === 'backend-wildcard-narrowed:tools-actions');
    assert.ok(f, c.policy.findings.map((x) => x.id).join(', '));
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /\*\.example-corp\.com allows a\.example-corp\.com but denies a\.b\.example-corp\.com/);
    assert.match(f.fix, /--cilium-version 1\.19/);
    assert.ok(ciliumMatches('*.example-corp.com', 'a.example-corp.com'));
    assert.ok(!ciliumMatches('*.example-corp.com', 'a.b.example-corp.com'), 'one label only');
    assert.ok(aviatrixMatches('*.example-corp.com', 'a.b.example-corp.com'), 'Aviatrix: any depth');
    assert.deepEqual(c.blocking, [], 'narrowing only denies more: a warning, not an error');
  });

  it('globs inside one label ("api-*.x") mean one label on every backend and are kept', () => {
    assert.deepEqual(ciliumSelector('api-*.example.com', '1.19'), {
      matchPattern: 'api-*.example.com',
      narrowed: false,
    });
    assert.deepEqual(ciliumSelector('api-*.example.com', '1.18'), {
      matchPattern: 'api-*.example.com',
      narrowed: false,
    });
    assert.deepEqual(ciliumSelector('api.example.com', '1.18'), { matchName: 'api.example.com' });
  });

  it('takes 1.18, 1.19 and their patch releases; refuses others', () => {
    assert.equal(ciliumVersion(undefined), '1.19');
    assert.equal(ciliumVersion('1.18.4'), '1.18');
    assert.equal(ciliumVersion('v1.19.0'), '1.19');
    for (const bad of ['1.17', '2.0', '1.19x', '']) assert.throws(() => ciliumVersion(bad), /must be 1\.18 or 1\.19/);
  });
});

describe('cilium backend: the DNS rule', () => {
  it('lets a workload resolve only its destinations, their search-path forms and its namespace', () => {
    const c = build(WILDCARDS, cilium('1.19'));
    assert.deepEqual(ciliumDnsNames(of(c, 'CiliumNetworkPolicy', 'mongodb')), ['**.librechat.svc.cluster.local']);
    const names = ciliumDnsNames(of(c, 'CiliumNetworkPolicy', 'librechat'));
    for (const n of [
      'api.other-corp.com',
      'api.other-corp.com.librechat.svc.cluster.local',
      'api.other-corp.com.svc.cluster.local',
      'api.other-corp.com.cluster.local',
    ])
      assert.ok(names.includes(n), n);
    assert.ok(!names.includes('*'), 'never every name in enforce mode');
    const dns = of(c, 'CiliumNetworkPolicy', 'librechat').spec.egress[0];
    assert.deepEqual(dns.toEndpoints, [
      { matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' } },
    ]);
    assert.deepEqual(dns.toPorts[0].ports, [
      { port: '53', protocol: 'UDP' },
      { port: '53', protocol: 'TCP' },
    ]);
  });

  it("also sends the name rule to the cloud's node-local resolvers (GKE), which lose their plain NetworkPolicy allow", () => {
    const c = build(QUIET, { ...cilium(), derive: { cloud: 'gke' } });
    const dnsAddresses = c.policy.dns?.addresses ?? [];
    assert.ok(dnsAddresses.length > 0, 'GKE has node-local resolvers');
    const cnp = of(c, 'CiliumNetworkPolicy', 'librechat');
    const viaCidr = cnp.spec.egress.find((r: any) => r.toCIDR && r.toPorts[0].rules?.dns);
    assert.ok(viaCidr, JSON.stringify(cnp.spec.egress));
    assert.deepEqual(viaCidr.toPorts, cnp.spec.egress[0].toPorts, 'the same name rule as for kube-dns');
    for (const a of dnsAddresses)
      assert.ok(
        viaCidr.toCIDR.some((x: string) => x.startsWith(`${a.ip}/`)),
        a.ip,
      );
    for (const o of c.objects) assert.deepEqual(validateObject(o), []);
    for (const o of byKind(c, 'NetworkPolicy'))
      for (const r of o.spec.egress ?? [])
        assert.ok(!(r.ports ?? []).some((p: any) => p.port === 53), `${o.metadata.name}: no plain DNS allow`);
  });

  it('on 1.18 the namespace names are one and two labels deep (service, headless pod)', () => {
    const c = build(QUIET, cilium('1.18'));
    assert.deepEqual(ciliumDnsNames(of(c, 'CiliumNetworkPolicy', 'mongodb')), [
      '*.librechat.svc.cluster.local',
      '*.*.librechat.svc.cluster.local',
    ]);
  });

  it('adds a service in another namespace that the config names, by its full name', () => {
    const text = `${QUIET}  custom:\n    - name: Local\n      apiKey: x\n      baseURL: http://ollama.models.svc.cluster.local:11434/v1\n      models: { default: [m] }\n`;
    const c = build(text, cilium());
    assert.ok(ciliumDnsNames(of(c, 'CiliumNetworkPolicy', 'librechat')).includes('ollama.models.svc.cluster.local'));
  });
});

describe('cilium backend: addresses, ports and SNI', () => {
  it('a public IP destination (documentation ranges are refused, issue 7 §1) becomes toCIDR /32 on its port; a group on two ports gets one rule per port', () => {
    const text = `${QUIET}  custom:\n    - name: Ip\n      apiKey: x\n      baseURL: https://9.9.9.9:8443/v1\n      models: { default: [m] }\n    - name: Two\n      apiKey: x\n      baseURL: https://two.example.com:8443/v1\n      models: { default: [m] }\n`;
    const c = build(text, cilium());
    const egress = of(c, 'CiliumNetworkPolicy', 'librechat').spec.egress.slice(1);
    assert.ok(
      egress.some((r: any) => r.toCIDR?.[0] === '9.9.9.9/32' && r.toPorts[0].ports[0].port === '8443' && !r.toFQDNs),
      JSON.stringify(egress),
    );
    for (const r of egress) assert.equal(r.toPorts[0].ports.length, 1, 'one port per rule: no cross product');
  });

  it('serverNames only when asked, only on 443, with the selectors of the version (1.18: one label)', () => {
    const text = readFileSync(join(FIXTURES, 'web-search.yaml'), 'utf8');
    const plain = build(text, cilium());
    assert.ok(!JSON.stringify(plain.objects).includes('serverNames'));
    const sni = build(text, { enforcement: { backend: 'cilium', ciliumServerNames: true } });
    const rules = byKind(sni, 'CiliumNetworkPolicy').flatMap((o) => o.spec.egress.slice(1));
    for (const r of rules) {
      const p = r.toPorts[0];
      if (p.ports[0].port === '443')
        assert.deepEqual(
          p.serverNames,
          r.toFQDNs.map((s: any) => s.matchName ?? s.matchPattern),
        );
      else assert.equal(p.serverNames, undefined);
    }
    for (const o of sni.objects) assert.deepEqual(validateObject(o), []);
    // serverNames is in the 1.18 CRD too (v1.18.0 ciliumnetworkpolicies.yaml, schemas/cilium/SOURCE.md).
    const old = build(text, { enforcement: { backend: 'cilium', ciliumVersion: '1.18', ciliumServerNames: true } });
    const names = byKind(old, 'CiliumNetworkPolicy')
      .flatMap((o) => o.spec.egress.slice(1))
      .flatMap((r: any) => r.toPorts[0].serverNames ?? []);
    assert.ok(names.length > 0);
    assert.ok(
      names.every((n: string) => !n.includes('**')),
      names.join(),
    );
    for (const o of old.objects) assert.deepEqual(validateObject(o, undefined, '1.18'), []);
  });

  it('a serverName the released CRDs refuse is a validation problem, though the vendored schema takes it', () => {
    const text = readFileSync(join(FIXTURES, 'web-search.yaml'), 'utf8');
    const sni = build(text, { enforcement: { backend: 'cilium', ciliumServerNames: true } });
    const o = structuredClone(
      byKind(sni, 'CiliumNetworkPolicy').find((x) => JSON.stringify(x).includes('serverNames'))!,
    );
    const rule = o.spec.egress.find((r: any) => r.toPorts?.[0]?.serverNames);
    // A glob in the middle: v1.18.3 and v1.19.x allow only a leading `*.` or `**.` (SOURCE.md).
    rule.toPorts[0].serverNames = ['api-*.example.com'];
    assert.match(
      validateObject(o).join('\n'),
      /serverNames "api-\*\.example\.com": not a server name of the released Cilium CRDs/,
    );
  });
});

describe('cilium backend: watch mode never silently enforces', () => {
  it('renders enableDefaultDeny.egress false, every DNS name, the NetworkPolicies as for Aviatrix, and a finding', () => {
    const text = readFileSync(join(FIXTURES, 'web-search.yaml'), 'utf8');
    const c = build(text, cilium(undefined, 'watch'));
    const a = build(text, { aviatrix: { mode: 'watch' } });
    for (const o of byKind(c, 'CiliumNetworkPolicy')) {
      assert.deepEqual(o.spec.enableDefaultDeny, { egress: false, ingress: false });
      assert.deepEqual(ciliumDnsNames(o), ['*']);
    }
    assert.deepEqual(byKind(c, 'NetworkPolicy'), byKind(a, 'NetworkPolicy'));
    const f = c.policy.findings.find((x) => x.id === 'backend-watch:cilium');
    assert.ok(f);
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /does not enforce/);
    for (const o of c.objects) assert.deepEqual(validateObject(o), []);
  });
});

describe('cilium backend: refuses what it cannot render', () => {
  const text = readFileSync(join(FIXTURES, 'web-search.yaml'), 'utf8');
  for (const [what, extra, re] of [
    ['an Aviatrix CRD target', { aviatrix: { target: 'chart-8.2' } }, /aviatrix\.target: is an Aviatrix option/],
    ['the WebgroupPolicy form', { aviatrix: { form: 'webgroup-policy' } }, /aviatrix\.form: is an Aviatrix option/],
    ['TLS decryption', { derive: { decrypt: true } }, /cannot decrypt/],
    ['no NetworkPolicies', { networkPolicies: false }, /the NetworkPolicies carry the in-cluster traffic/],
  ] as const) {
    it(`${what}`, () => {
      assert.throws(
        () => build(text, { ...extra, enforcement: { backend: 'cilium' } } as Partial<ContainmentInput>),
        re,
      );
    });
  }

  for (const bad of ['reserved:host', 'k8s:app', 'io.kubernetes.pod.namespace', 'io.cilium.k8s.policy.name', 'a b'])
    it(`a pod label key Cilium would read differently: "${bad}"`, () => {
      assert.throws(
        () => build(text, { enforcement: { backend: 'cilium' }, derive: { librechatLabels: { [bad]: 'x' } } }),
        /workloadLabels\.librechat: has the pod label key/,
      );
    });

  it('the CLI: --backend cilium renders; an unknown backend or version is a usage error (exit 2)', () => {
    const io = () => {
      const r = { out: '', err: '' };
      return { r, io: { out: (t: string) => void (r.out += t), err: (t: string) => void (r.err += t) } };
    };
    const file = join(FIXTURES, 'web-search.yaml');
    const ok = io();
    assert.equal(run(['render', file, '--backend', 'cilium', '--cilium-version', '1.18'], ok.io), 0, ok.r.err);
    assert.match(ok.r.out, /kind: CiliumNetworkPolicy/);
    assert.ok(!ok.r.out.includes('FirewallPolicy'));
    const bad = io();
    assert.equal(run(['render', file, '--backend', 'calico'], bad.io), 2);
    assert.match(bad.r.err, /--backend must be one of aviatrix, cilium/);
    const badVersion = io();
    assert.equal(run(['render', file, '--backend', 'cilium', '--cilium-version', '1.12'], badVersion.io), 2);
    assert.match(
      badVersion.r.err,
      /--cilium-version must be 1\.18 or 1\.19, or a patch release of them \(got "1\.12"\)/,
    );
  });
});

describe('cilium backend: the vendored CRD schema', () => {
  it('is the copy in schemas/cilium, and its Go "\\PC" patterns are rewritten for Ajv', () => {
    const raw = readFileSync(join(ROOT, 'schemas', 'cilium', 'ciliumnetworkpolicies.yaml'), 'utf8');
    assert.ok(raw.includes('^\\PC*$'), 'the vendored file is unmodified');
    const schema = JSON.stringify(ciliumJsonSchema());
    assert.ok(!schema.includes('\\\\PC'), 'no \\PC left');
    assert.ok(schema.includes('\\\\P{C}'));
  });

  it('rejects unknown fields, a bad port and a bad pattern; rejects "**." for 1.18', () => {
    const c = build(WILDCARDS, cilium('1.19'));
    const cnp = of(c, 'CiliumNetworkPolicy', 'librechat');
    assert.deepEqual(validateCiliumObject(cnp, '1.19'), []);
    assert.match(validateCiliumObject(cnp, '1.18').join('\n'), /"\*\*\." is not a wildcard of Cilium 1\.18/);
    const mutate = (f: (o: any) => void) => {
      const o = JSON.parse(JSON.stringify(cnp));
      f(o);
      return validateCiliumObject(o).join('\n');
    };
    assert.match(
      mutate((o) => (o.spec.egress[1].toFQDNs[0].surprise = 1)),
      /additional properties/,
    );
    assert.match(
      mutate((o) => (o.spec.egress[1].toPorts[0].ports[0].port = 443)),
      /must be string/,
    );
    assert.match(
      mutate((o) => (o.spec.egress[1].toFQDNs[0] = { matchPattern: 'a b' })),
      /must match pattern/,
    );
    assert.match(
      mutate((o) => (o.spec.log = { value: 'x\u0007' })),
      /must match pattern/,
    );
  });

  it('renderCilium is pure: same policy, same objects', () => {
    const c = build(WILDCARDS);
    assert.deepEqual(renderCilium(c.policy, { version: '1.19' }), renderCilium(c.policy, { version: '1.19' }));
  });
});

describe('cilium backend: the matchers the suites compare with', () => {
  it('probes tell any-depth from one-label wildcards', () => {
    const p = probes('*.example.com');
    assert.deepEqual(
      p.map((h) => [aviatrixMatches('*.example.com', h), ciliumMatches('*.example.com', h)]),
      [
        [false, false],
        [true, true],
        [true, false],
        [true, false],
        [true, true],
      ],
    );
  });
});
