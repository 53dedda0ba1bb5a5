// The Aviatrix renderer: CRD generations, watch mode, decryption, the WebgroupPolicy form, ports
// and IP destinations, and the validator that stands between the renderer and any output.
import { strict as assert } from 'node:assert';
import { webgroupFormLimits } from '../../lib/render/aviatrix';
import { validateAviatrixObject } from '../../lib/render/validate';
import { toYaml } from '../../lib/render/yaml';
import { contain, firewallPolicy, QUIET } from '../support/core';

const YAML = `${QUIET}  custom:
    - name: Mistral
      baseURL: https://api.mistral.ai/v1
    - name: Gateway
      baseURL: https://gw.example.com:8443/v1
mcpServers:
  a:
    url: https://mcp.example.com/mcp
  b:
    url: https://mcp.example.com:8443/mcp
  ip:
    url: https://9.9.9.9/mcp
`;

const spec = (o: any) => o.spec;

describe('Aviatrix rendering', () => {
  it('renders one logged permit per group and port, then a logged deny of any protocol', () => {
    const c = contain(YAML);
    const fp = spec(firewallPolicy(c));
    assert.deepEqual(
      fp.rules.map((r: any) => `${r.name}:${r.action}:${r.protocol}:${r.port ?? '-'}`),
      [
        'permit-llm-gateway:permit:tcp:8443',
        'permit-llm-mistral:permit:tcp:443',
        'permit-mcp-a:permit:tcp:443',
        'permit-mcp-b:permit:tcp:8443',
        'permit-mcp-ip-addresses:permit:tcp:443',
        'deny-all:deny:any:-',
      ],
    );
    assert.deepEqual(fp.smartGroups, [
      { name: 'anywhere', selectors: [{ cidr: '0.0.0.0/0' }] },
      { name: 'mcp-ip-addresses', selectors: [{ cidr: '9.9.9.9/32' }] },
    ]);
    assert.deepEqual(fp.rules[4].destinationSmartGroups, [{ name: 'mcp-ip-addresses' }]);
    assert.equal(fp.rules[4].webGroups, undefined);
    assert.ok(
      fp.rules.every(
        (r: any) => r.logging === true && r.selector.matchLabels['app.kubernetes.io/name'] === 'librechat-librechat',
      ),
    );
  });

  it('splits a group whose destinations use several ports into one web group per port', () => {
    const c = contain(
      `${QUIET}mcpServers:\n  x:\n    url: https://mcp.example.com/mcp\n    oauth:\n      token_url: https://auth.example.com:8443/token\n`,
    );
    const fp = spec(firewallPolicy(c));
    assert.deepEqual(fp.webGroups, [
      { name: 'mcp-x-443', domains: ['mcp.example.com'] },
      { name: 'mcp-x-8443', domains: ['auth.example.com'] },
    ]);
  });

  it('targets chart 10.1 by default: logProfile, decryptPolicy and watch on every rule', () => {
    const rules = spec(firewallPolicy(contain(YAML))).rules;
    assert.ok(
      rules.every((r: any) => r.logProfile === 'start' && r.decryptPolicy === 'decryptNotAllowed' && r.watch === false),
    );
  });

  it('allows decryption only on permits, and watch mode on every rule', () => {
    const rules = spec(
      firewallPolicy(contain(YAML, {}, { decrypt: true }, { mode: 'watch', logProfile: 'start/end' })),
    ).rules;
    assert.ok(rules.filter((r: any) => r.action === 'permit').every((r: any) => r.decryptPolicy === 'decryptAllowed'));
    assert.equal(rules[rules.length - 1].decryptPolicy, 'decryptNotAllowed');
    assert.ok(rules.every((r: any) => r.watch === true && r.logProfile === 'start/end'));
  });

  it('decrypts only on the workloads named in decryptWorkloads (the ones whose pods trust the CA), for every subset', () => {
    // The RAG API subchart on: its embeddings provider is a second workload with permits.
    const chartValues = { 'librechat-rag-api': { enabled: true } };
    const all = contain(YAML, {}, { decrypt: true, chartValues });
    const ids = [...new Set(all.policy.rules.map((r) => r.workload))].sort();
    assert.ok(ids.length >= 2, `rules on several workloads: ${ids.join(', ')}`);
    // Every subset of the workloads with permits (and one that names a workload absent here).
    for (let mask = 0; mask < 1 << ids.length; mask++) {
      const chosen = ids.filter((_, k) => mask & (1 << k));
      const c = contain(YAML, {}, { decrypt: true, chartValues, decryptWorkloads: [...chosen, 'absent'] });
      assert.deepEqual(
        c.policy.rules.filter((r) => r.decrypt).map((r) => r.workload),
        all.policy.rules.map((r) => r.workload).filter((w) => chosen.includes(w)),
        `decryptWorkloads ${chosen.join(',')}`,
      );
      // The rendered objects say the same, and never decrypt on a deny.
      for (const o of c.objects.filter((x) => x.kind === 'FirewallPolicy')) {
        const w = o.metadata.labels!['librechat-containment/workload']!;
        for (const r of spec(o).rules)
          assert.equal(
            r.decryptPolicy === 'decryptAllowed',
            r.action === 'permit' && chosen.includes(w),
            `${w} ${r.name}`,
          );
      }
    }
    // Without decrypt, decryptWorkloads decrypts nothing.
    assert.ok(contain(YAML, {}, { chartValues, decryptWorkloads: ids }).policy.rules.every((r) => !r.decrypt));
  });

  it('renders chart 8.2 objects without the 10.1 fields, valid against the 8.2 CRD and not the other way round', () => {
    const o = firewallPolicy(contain(YAML, {}, {}, { target: 'chart-8.2' }));
    assert.ok(spec(o).rules.every((r: any) => !('watch' in r) && !('decryptPolicy' in r) && !('logProfile' in r)));
    assert.deepEqual(validateAviatrixObject(o, 'chart-8.2'), []);
    const newer = firewallPolicy(contain(YAML));
    assert.ok(
      validateAviatrixObject(newer, 'chart-8.2').some((p) =>
        /must NOT have additional properties "logProfile"/.test(p),
      ),
    );
  });

  it('refuses options chart 8.2 cannot express', () => {
    assert.throws(
      () => contain(YAML, {}, {}, { target: 'chart-8.2', mode: 'watch' }),
      /watch mode needs the chart-10.1 CRD/,
    );
    assert.throws(() => contain(YAML, {}, { decrypt: true }, { target: 'chart-8.2' }), /decryptPolicy/);
  });

  it('renders the permit-only WebgroupPolicy form, one object per group, and says what it cannot do', () => {
    const c = contain(YAML, {}, {}, { form: 'webgroup-policy' });
    assert.deepEqual(
      c.objects.filter((o) => o.kind === 'WebgroupPolicy').map((o) => `${o.kind}/${o.metadata.name}`),
      [
        'WebgroupPolicy/librechat-librechat-llm-gateway',
        'WebgroupPolicy/librechat-librechat-llm-mistral',
        'WebgroupPolicy/librechat-librechat-mcp-a',
        'WebgroupPolicy/librechat-librechat-mcp-b',
      ],
    );
    assert.deepEqual(spec(c.objects.find((o) => o.metadata.name === 'librechat-librechat-llm-mistral')), {
      allowedDomains: ['api.mistral.ai'],
      selector: {
        matchLabels: { 'app.kubernetes.io/instance': 'librechat', 'app.kubernetes.io/name': 'librechat-librechat' },
      },
    });
    const limits = webgroupFormLimits(c.policy).join('\n');
    assert.match(limits, /permit-only/);
    assert.match(limits, /mcp-ip: 1 IP destination/);
  });

  it('follows the release, namespace and label overrides', () => {
    const c = contain(YAML, {}, { namespace: 'chat', release: 'prod', librechatLabels: { app: 'chat-api' } });
    assert.equal(firewallPolicy(c).metadata.name, 'prod-librechat-egress');
    assert.equal(firewallPolicy(c).metadata.namespace, 'chat');
    assert.deepEqual(spec(firewallPolicy(c)).rules[0].selector, { matchLabels: { app: 'chat-api' } });
    assert.throws(() => contain(YAML, {}, { namespace: 'Bad_NS' }), /not a valid Kubernetes name/);
  });

  it('renders a policy with no destination as a single deny-all', () => {
    const rules = spec(firewallPolicy(contain(QUIET))).rules;
    assert.deepEqual(
      rules.map((r: any) => r.name),
      ['deny-all'],
    );
  });

  it('writes YAML that kubectl (YAML 1.1) reads back as the same strings', () => {
    const text = toYaml({ a: 'yes', b: 'on', c: 'n', d: '0.0.0.0/0', e: 443 });
    assert.match(text, /a: "yes"/);
    assert.match(text, /b: "on"/);
    assert.match(text, /c: "n"/);
    assert.ok(!text.includes('&'), 'no YAML anchors');
  });
});

describe('CRD validation (including the CEL rules)', () => {
  const base = () => JSON.parse(JSON.stringify(firewallPolicy(contain(YAML))));
  const problems = (mutate: (o: any) => void) => {
    const o = base();
    mutate(o);
    return validateAviatrixObject(o).join('\n');
  };

  it('accepts what the renderer makes', () =>
    assert.equal(
      problems(() => undefined),
      '',
    ));
  it('rejects unknown fields, as strict field validation does', () =>
    assert.match(
      problems((o) => {
        o.spec.rules[0].priority = 1;
      }),
      /additional properties "priority"/,
    ));
  it('rejects a missing rule list', () =>
    assert.match(
      problems((o) => {
        o.spec.rules = [];
      }),
      /must NOT have fewer than 1 items/,
    ));
  it('rejects a reference with both name and uuid', () =>
    assert.match(
      problems((o) => {
        o.spec.rules[0].webGroups[0].uuid = 'def000ad-0000-0000-0000-000000000002';
      }),
      /Either name or uuid/,
    ));
  it('rejects matchLabels together with service', () =>
    assert.match(
      problems((o) => {
        o.spec.rules[0].selector.service = 'x';
      }),
      /service is forbidden when matchLabels is set/,
    ));
  it('rejects a reference to a group that does not exist', () =>
    assert.match(
      problems((o) => {
        o.spec.rules[0].webGroups[0].name = 'nope';
      }),
      /no webGroup named "nope"/,
    ));
  it('rejects duplicate rule names', () =>
    assert.match(
      problems((o) => {
        o.spec.rules[1].name = o.spec.rules[0].name;
      }),
      /must be unique/,
    ));
  it('rejects a bad enum', () =>
    assert.match(
      problems((o) => {
        o.spec.rules[0].action = 'allow';
      }),
      /must be equal to one of the allowed values/,
    ));
  it('rejects cidr beside other selector fields', () =>
    assert.match(
      problems((o) => {
        o.spec.smartGroups[0].selectors[0].type = 'k8s';
      }),
      /cidr must be the only field/,
    ));
  it('rejects k8s fields without type k8s', () =>
    assert.match(
      problems((o) => {
        o.spec.smartGroups.push({ name: 'x', selectors: [{ k8sNamespace: 'a' }] });
      }),
      /k8sNamespace requires type k8s/,
    ));
  it('rejects logProfile without logging', () =>
    assert.match(
      problems((o) => {
        o.spec.rules[0].logging = false;
      }),
      /logProfile can only be set when logging is true/,
    ));
  it('rejects names that are not DNS labels', () =>
    assert.match(
      problems((o) => {
        o.metadata.name = 'Bad_Name';
      }),
      /metadata.name/,
    ));
});

describe('precompiled CRD validators', () => {
  it('give the same verdicts as validators compiled from the schema files', () => {
    const { compileValidatorForTests } =
      require('../../lib/render/validate') as typeof import('../../lib/render/validate');

    const precompiled = require('../../lib/render/crd-validators');
    const good = firewallPolicy(contain(YAML));
    const bad = JSON.parse(JSON.stringify(good));
    bad.spec.rules[0].priority = 1;
    bad.spec.rules[1].action = 'allow';
    for (const o of [good, bad]) {
      const fresh = compileValidatorForTests('chart-10.1');
      assert.equal(precompiled['chart-10.1'](o), fresh(o));
      assert.deepEqual(
        (precompiled['chart-10.1'].errors ?? []).map((e: any) => e.message),
        (fresh.errors ?? []).map((e) => e.message),
      );
    }
  });
});
