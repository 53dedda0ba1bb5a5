// DNS on every cloud (issue 8 §3): every workload's NetworkPolicy lets it resolve names with the
// resolvers the cluster really uses, on port 53 (UDP and TCP) only: kube-dns everywhere, plus GKE's
// NodeLocal DNSCache (169.254.20.10) and Cloud DNS (169.254.169.254:53), AKS LocalDNS
// (169.254.10.10, 169.254.10.11), EKS Auto Mode's cluster DNS address (from the looked-up cluster),
// plus --node-local-dns. Sources: the comment at the top of lib/policy/dns.ts.
import { strict as assert } from 'node:assert';
import { buildEnvironment } from '../../lib/config/env';
import { buildContainment, type Containment } from '../../lib/pipeline';
import type { DeriveOptions } from '../../lib/policy/derive';
import { aksLocalDnsOn, eksClusterDnsIp, isLinkLocal } from '../../lib/policy/dns';
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
  aks: ['169.254.10.10/32', '169.254.10.11/32'],
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

  it('--node-local-dns adds a cache address where it is not the default (EKS NodeLocal DNSCache)', () => {
    const c = stack({ cloud: 'eks', nodeLocalDns: ['169.254.20.10'] });
    const o: any = c.objects.find((x: any) => x.kind === 'NetworkPolicy' && x.metadata.name === 'librechat-librechat');
    assert.deepEqual(o.spec.egress[0], { to: [KUBE_DNS, { ipBlock: { cidr: '169.254.20.10/32' } }], ports: PORT_53 });
    assert.match(
      explainText(c.policy),
      /Plus DNS \(port 53\) to kube-dns and 169\.254\.20\.10 \(node-local DNS cache, --node-local-dns\)/,
    );
  });

  it('aks: LocalDNS is allowed by default and explain says why (link-local on the node); --node-local-dns repeats nothing', () => {
    const c = stack({ cloud: 'aks', nodeLocalDns: ['169.254.10.11', '10.0.0.10'] });
    assert.deepEqual(
      c.policy.dns?.addresses.map((a) => a.ip),
      ['169.254.10.10', '169.254.10.11', '10.0.0.10'],
    );
    assert.match(
      explainText(c.policy),
      /169\.254\.10\.10 \(AKS LocalDNS VnetDNS, link-local on the node\), 169\.254\.10\.11 \(AKS LocalDNS KubeDNS, link-local on the node\)/,
    );
  });

  it('aks: the component drops LocalDNS only when the looked-up cluster says every agent pool has it Disabled', () => {
    const c = stack({ cloud: 'aks', clusterDns: { aksLocalDns: false } });
    assert.deepEqual(c.policy.dns?.addresses, []);
    const o: any = c.objects.find((x: any) => x.kind === 'NetworkPolicy' && x.metadata.name === 'librechat-librechat');
    assert.deepEqual(o.spec.egress[0], { to: [KUBE_DNS], ports: PORT_53 });
    // localDNSProfile as @pulumi/azure-native 3.28 types it on ManagedClusterAgentPoolProfileResponse
    // (LocalDNSProfileResponse: mode Required|Preferred|Disabled, state Enabled|Disabled).
    const off = { localDNSProfile: { mode: 'Disabled', state: 'Disabled' } };
    const preferredButOff = { localDNSProfile: { mode: 'Preferred', state: 'Disabled' } };
    const on = { localDNSProfile: { mode: 'Required', state: 'Enabled' } };
    assert.equal(aksLocalDnsOn([off, preferredButOff]), false);
    assert.equal(aksLocalDnsOn([off, on]), true, 'one pool with LocalDNS is enough');
    assert.equal(aksLocalDnsOn([off, {}]), true, 'a pool without a profile counts as on (allowing more, never less)');
    assert.equal(aksLocalDnsOn(undefined), true);
    assert.equal(aksLocalDnsOn([]), true);
  });

  it('eks Auto Mode: the cluster DNS service address (x.y.z.10 of the service CIDR) is allowed on port 53', () => {
    assert.equal(eksClusterDnsIp('10.100.0.0/16'), '10.100.0.10');
    assert.equal(eksClusterDnsIp('172.20.0.0/16'), '172.20.0.10');
    assert.equal(eksClusterDnsIp('192.168.128.0/20'), '192.168.128.10');
    for (const bad of [undefined, '', 'fd00::/108', '10.100.0.0', '300.1.0.0/16', '10.100.0.0/16 '])
      assert.equal(eksClusterDnsIp(bad), undefined, String(bad));
    const c = stack({ cloud: 'eks', clusterDns: { eksAutoModeDns: '172.20.0.10' } });
    const o: any = c.objects.find((x: any) => x.kind === 'NetworkPolicy' && x.metadata.name === 'librechat-librechat');
    assert.deepEqual(o.spec.egress[0], { to: [KUBE_DNS, { ipBlock: { cidr: '172.20.0.10/32' } }], ports: PORT_53 });
    assert.throws(
      () => stack({ cloud: 'eks', clusterDns: { eksAutoModeDns: '8.8.8.8' } }),
      /not a link-local or private address/,
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

  // Every rendered workload keeps DNS on its cloud's defaults, whatever enforces its egress: the
  // union of its NetworkPolicy and CiliumNetworkPolicy allows UDP and TCP 53 to kube-dns and to
  // every DNS address of the cloud (a link-local one also as Cilium's host entity, which is what
  // Cilium 1.17+ calls an address on the pod's own node).
  const BACKENDS: { backend: 'aviatrix' | 'cilium' | 'gke-fqdn'; clouds: string[] }[] = [
    { backend: 'aviatrix', clouds: Object.keys(CLOUD_DEFAULTS) },
    { backend: 'cilium', clouds: Object.keys(CLOUD_DEFAULTS) },
    { backend: 'gke-fqdn', clouds: ['gke'] },
  ];
  const FACTS: { name: string; cloud: string; derive: DeriveOptions; cidrs: string[] }[] = [
    ...Object.entries(CLOUD_DEFAULTS).map(([cloud, cidrs]) => ({
      name: `${cloud} defaults`,
      cloud,
      derive: cloud === 'none' ? {} : { cloud: cloud as 'eks' | 'aks' | 'gke' },
      cidrs,
    })),
    {
      name: 'eks Auto Mode (component)',
      cloud: 'eks',
      derive: { cloud: 'eks', clusterDns: { eksAutoModeDns: '10.100.0.10' } },
      cidrs: ['10.100.0.10/32'],
    },
    {
      name: 'aks LocalDNS off (component)',
      cloud: 'aks',
      derive: { cloud: 'aks', clusterDns: { aksLocalDns: false } },
      cidrs: [],
    },
  ];
  for (const { backend, clouds } of BACKENDS)
    for (const f of FACTS.filter((x) => clouds.includes(x.cloud)))
      it(`${backend}, ${f.name}: every workload can resolve names on UDP and TCP 53 at every DNS endpoint of its cloud`, () => {
        const c = buildContainment({
          configText: CONFIG,
          configFile: 'librechat.yaml',
          env: buildEnvironment({ pairs: { USE_REDIS: 'true' } }),
          chartValues: { text: VALUES, file: 'values.yaml' },
          overlay: { text: OVERLAY, file: 'librechat.overlay.yaml' },
          derive: f.derive,
          ...(backend === 'aviatrix' ? {} : { enforcement: { backend } }),
        });
        for (const w of c.policy.workloads.filter((x) => x.namespace === c.policy.namespace)) {
          const mine = (c.objects as any[]).filter(
            (o) =>
              o.metadata.namespace === w.namespace &&
              ((o.kind === 'NetworkPolicy' &&
                JSON.stringify(o.spec.podSelector.matchLabels) === JSON.stringify(w.matchLabels)) ||
                (o.kind === 'CiliumNetworkPolicy' &&
                  JSON.stringify(o.spec.endpointSelector.matchLabels) ===
                    JSON.stringify(Object.fromEntries(Object.entries(w.matchLabels).sort())))),
          );
          assert.ok(mine.length > 0, `${w.id}: no policy selects it`);
          const reach = (peer: string, protocol: string): boolean =>
            mine.some((o) =>
              o.kind === 'NetworkPolicy'
                ? (o.spec.egress ?? []).some(
                    (r: any) =>
                      r.ports?.some((p: any) => p.port === 53 && p.protocol === protocol) &&
                      r.to.some((t: any) =>
                        peer === 'kube-dns' ? JSON.stringify(t) === JSON.stringify(KUBE_DNS) : t.ipBlock?.cidr === peer,
                      ),
                  )
                : (o.spec.egress ?? []).some(
                    (r: any) =>
                      r.toPorts?.some((tp: any) =>
                        tp.ports.some((p: any) => p.port === '53' && p.protocol === protocol),
                      ) &&
                      (peer === 'kube-dns'
                        ? r.toEndpoints?.some((e: any) => e.matchLabels['k8s:k8s-app'] === 'kube-dns')
                        : peer === 'host'
                          ? r.toEntities?.includes('host')
                          : r.toCIDR?.includes(peer)),
                  ),
            );
          const peers = ['kube-dns', ...f.cidrs];
          if (backend === 'cilium' && f.cidrs.some((x) => isLinkLocal(x.split('/')[0]))) peers.push('host');
          for (const peer of peers)
            for (const protocol of ['UDP', 'TCP'])
              assert.ok(reach(peer, protocol), `${w.id}: no ${protocol} 53 to ${peer}`);
        }
        for (const o of c.objects) assert.deepEqual(validateObject(o), []);
      });
});
