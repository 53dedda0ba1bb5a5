// DNS on every cloud (issue 8 §3): every workload's NetworkPolicy lets it resolve names with the
// resolvers the cluster really uses, on port 53 (UDP and TCP) only: kube-dns everywhere, plus GKE's
// NodeLocal DNSCache (169.254.20.10) and Cloud DNS (169.254.169.254:53), plus --node-local-dns.
import { strict as assert } from 'node:assert';
import { buildEnvironment } from '../../lib/config/env';
import { buildContainment, type Containment } from '../../lib/pipeline';
import type { DeriveOptions } from '../../lib/policy/derive';
import { explainText } from '../../lib/render/explain';
import { validateObject } from '../support/validate';
import { QUIET } from '../support/core';

// Every chart workload, an in-cluster MCP server in another namespace, and the fan-out collector.
const VALUES = `librechat-rag-api:
  enabled: true
redis:
  enabled: true
langfuseFanout:
  enabled: true
`;
const CONFIG = `${QUIET}mcpServers:
  docs:
    type: streamable-http
    url: http://docs-mcp.tools.svc.cluster.local:8000/mcp
`;
const OVERLAY = `mcpServers:
  docs:
    matchLabels: { app.kubernetes.io/name: docs-mcp }
    egress: [api.github.com]
`;

function stack(derive: DeriveOptions): Containment {
  return buildContainment({
    configText: CONFIG,
    configFile: 'librechat.yaml',
    env: buildEnvironment({ pairs: { USE_REDIS: 'true' } }),
    chartValues: { text: VALUES, file: 'values.yaml' },
    overlay: { text: OVERLAY, file: 'librechat.overlay.yaml' },
    derive,
  });
}

const KUBE_DNS = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
};
const PORT_53 = [
  { protocol: 'UDP', port: 53 },
  { protocol: 'TCP', port: 53 },
];

const CLOUD_DEFAULTS: Record<string, string[]> = {
  none: [],
  eks: [],
  aks: [],
  gke: ['169.254.20.10/32', '169.254.169.254/32'],
};

describe('DNS on every cloud (issue 8 §3)', () => {
  for (const [cloud, cidrs] of Object.entries(CLOUD_DEFAULTS)) {
    it(`${cloud}: every workload's NetworkPolicy allows DNS to kube-dns${cidrs.length ? ` and ${cidrs.join(', ')}` : ''}, on port 53 only`, () => {
      const c = stack(cloud === 'none' ? {} : { cloud: cloud as 'eks' | 'aks' | 'gke', region: 'eu-west-1' });
      const policies = c.objects.filter((o: any) => o.kind === 'NetworkPolicy' && o.spec.podSelector.matchLabels);
      // One NetworkPolicy per workload in the namespace the stack owns (issue 7 §4: none elsewhere).
      const owned = c.policy.workloads.filter((w) => w.namespace === c.policy.namespace);
      assert.equal(policies.length, owned.length);
      assert.ok(c.policy.workloads.length >= 8, c.policy.workloads.map((w) => w.id).join(','));
      for (const o of policies as any[]) {
        const dnsRules = o.spec.egress.filter((r: any) => r.ports.some((p: any) => p.port === 53));
        assert.equal(dnsRules.length, 1, o.metadata.name);
        assert.deepEqual(dnsRules[0], {
          to: [KUBE_DNS, ...cidrs.map((cidr) => ({ ipBlock: { cidr } }))],
          ports: PORT_53,
        });
        // The node-local resolvers are reachable on port 53 only: no other rule names them.
        for (const r of o.spec.egress.filter((x: any) => x !== dnsRules[0]))
          for (const p of r.to) assert.ok(!cidrs.includes(p.ipBlock?.cidr), `${o.metadata.name}: ${JSON.stringify(r)}`);
        assert.deepEqual(validateObject(o), []);
      }
    });
  }

  it('--node-local-dns adds a cache address where it is not the default (EKS NodeLocal DNSCache, AKS LocalDNS)', () => {
    const c = stack({ cloud: 'aks', nodeLocalDns: ['169.254.10.10', '169.254.10.11'] });
    const o: any = c.objects.find((x: any) => x.kind === 'NetworkPolicy' && x.metadata.name === 'librechat-librechat');
    assert.deepEqual(o.spec.egress[0], {
      to: [KUBE_DNS, { ipBlock: { cidr: '169.254.10.10/32' } }, { ipBlock: { cidr: '169.254.10.11/32' } }],
      ports: PORT_53,
    });
    assert.match(
      explainText(c.policy),
      /Plus DNS \(port 53\) to kube-dns and 169\.254\.10\.10 \(node-local DNS cache, --node-local-dns\)/,
    );
  });

  it('refuses a --node-local-dns address that is public (DNS straight to the internet) or not an address', () => {
    assert.throws(() => stack({ nodeLocalDns: ['8.8.8.8'] }), /not a link-local or private address/);
    assert.throws(() => stack({ nodeLocalDns: ['dns.example.com'] }), /not an IP address/);
  });

  it('gke: Cloud DNS on the metadata address opens port 53 only; port 80 there only with a credential mode', () => {
    const c = stack({ cloud: 'gke' });
    for (const o of c.objects.filter((x: any) => x.kind === 'NetworkPolicy') as any[])
      for (const r of o.spec.egress ?? [])
        if (r.to.some((p: any) => p.ipBlock?.cidr === '169.254.169.254/32'))
          assert.deepEqual(r.ports, PORT_53, o.metadata.name);
  });
});
