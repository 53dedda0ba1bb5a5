// DNS from the looked-up cluster (issue 8 §3): the component renders the policies with what the
// cluster says about its resolvers. AKS: LocalDNS's two link-local addresses unless every agent
// pool has LocalDNS Disabled; EKS Auto Mode: the cluster DNS service address (no CoreDNS pods).
import * as assert from 'node:assert/strict';
import * as pulumi from '@pulumi/pulumi';
import { readFileSync } from 'node:fs';
import { parseDotEnv } from '../../lib/config/env';
import { isSecret, isSecretInput, resetCalls, resourcesOf, settle, valueOf } from '../support/pulumi-mocks';
import { LibreChatContainment, type LibreChatContainmentArgs } from '../../lib/component';
import { EXAMPLE_CONFIG, EXAMPLE_ENV, mockAks, mockEks } from './helpers';

const NETWORK_POLICY = 'kubernetes:networking.k8s.io/v1:NetworkPolicy';
const KUBE_DNS = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
};
const PORT_53 = [
  { protocol: 'UDP', port: 53 },
  { protocol: 'TCP', port: 53 },
];

function args(cloud: 'eks' | 'aks'): LibreChatContainmentArgs {
  return {
    cloud,
    config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
    ...(cloud === 'eks'
      ? { eks: { clusterName: 'chat-prod', region: 'eu-west-1' } }
      : { aks: { resourceGroupName: 'Chat-RG', clusterName: 'Chat-Prod' } }),
  };
}

/** The DNS rule of every workload NetworkPolicy, as applied (resource inputs) and as output. */
async function dnsRules(prefix: string, c: LibreChatContainment): Promise<unknown[]> {
  await settle();
  const objects = (await valueOf(c.objects)) as any[];
  const out = objects.filter((o) => o.kind === 'NetworkPolicy' && o.spec.podSelector.matchLabels);
  const applied = resourcesOf(prefix).filter((r) => r.type === NETWORK_POLICY);
  assert.equal(applied.length, objects.filter((o) => o.kind === 'NetworkPolicy').length);
  for (const o of out) {
    const r = applied.find((x) => x.inputs.metadata.name === o.metadata.name);
    assert.ok(r, o.metadata.name);
    assert.deepEqual(r.inputs.spec.egress[0], o.spec.egress[0], `${o.metadata.name}: applied as output`);
  }
  return out.map((o) => o.spec.egress[0]);
}

describe('component: DNS from the looked-up cluster (issue 8 §3)', () => {
  beforeEach(resetCalls);

  // A cluster with local accounts (mockAks entra false): its user credential reaches the provider.
  it('aks: LocalDNS addresses stay allowed while any agent pool may run LocalDNS', async () => {
    mockAks(
      {
        agentPoolProfiles: [
          { name: 'system', mode: 'System', localDNSProfile: { mode: 'Disabled', state: 'Disabled' } },
          { name: 'user', mode: 'User', localDNSProfile: { mode: 'Required', state: 'Enabled' } },
        ],
      },
      false,
    );
    const c = new LibreChatContainment('aksdns1', args('aks'));
    const rules = await dnsRules('aksdns1', c);
    assert.ok(rules.length >= 3);
    for (const r of rules)
      assert.deepEqual(r, {
        to: [KUBE_DNS, { ipBlock: { cidr: '169.254.10.10/32' } }, { ipBlock: { cidr: '169.254.10.11/32' } }],
        ports: PORT_53,
      });
  });

  it('aks: every agent pool with LocalDNS Disabled: DNS to kube-dns only', async () => {
    mockAks(
      {
        agentPoolProfiles: [
          { name: 'system', mode: 'System', localDNSProfile: { mode: 'Disabled', state: 'Disabled' } },
          { name: 'user', mode: 'User', localDNSProfile: { mode: 'Preferred', state: 'Disabled' } },
        ],
      },
      false,
    );
    const c = new LibreChatContainment('aksdns2', args('aks'));
    for (const r of await dnsRules('aksdns2', c)) assert.deepEqual(r, { to: [KUBE_DNS], ports: PORT_53 });
  });

  it('eks Auto Mode: the cluster DNS service address (x.y.z.10 of the service CIDR) as an ipBlock, port 53', async () => {
    mockEks({ autoMode: true, serviceIpv4Cidr: '10.100.0.0/16' });
    const c = new LibreChatContainment('eksdns1', args('eks'));
    for (const r of await dnsRules('eksdns1', c))
      assert.deepEqual(r, { to: [KUBE_DNS, { ipBlock: { cidr: '10.100.0.10/32' } }], ports: PORT_53 });
    assert.ok(!(await valueOf(c.findings)).some((f) => f.id === 'eks-auto-mode-dns-unknown'));
  });

  it('eks without Auto Mode: DNS to kube-dns only, as the CLI renders it', async () => {
    mockEks();
    const c = new LibreChatContainment('eksdns2', args('eks'));
    for (const r of await dnsRules('eksdns2', c)) assert.deepEqual(r, { to: [KUBE_DNS], ports: PORT_53 });
  });

  it('eks Auto Mode without an IPv4 service CIDR: a warning that names what to pass', async () => {
    mockEks({ autoMode: true, serviceIpv4Cidr: '' });
    const c = new LibreChatContainment('eksdns3', args('eks'));
    for (const r of await dnsRules('eksdns3', c)) assert.deepEqual(r, { to: [KUBE_DNS], ports: PORT_53 });
    const f = (await valueOf(c.findings)).find((x) => x.id === 'eks-auto-mode-dns-unknown');
    assert.ok(f);
    assert.equal(f.severity, 'warning');
    assert.match(f.fix ?? '', /nodeLocalDns/);
  });

  it('aks, LocalDNS Disabled everywhere, with a secret env value: rendered again with it, the policies stay plain', async () => {
    mockAks(
      { agentPoolProfiles: [{ name: 'system', localDNSProfile: { mode: 'Disabled', state: 'Disabled' } }] },
      false,
    );
    const envFile = Object.fromEntries(
      [...parseDotEnv(readFileSync(EXAMPLE_ENV, 'utf8'), 'env')].map(([k, v]) => [k, v.value]),
    );
    const c = new LibreChatContainment('aksdns3', {
      ...args('aks'),
      config: { path: EXAMPLE_CONFIG, env: { ...envFile, MISTRAL_API_KEY: pulumi.secret('sk-mistral-0123456789') } },
    });
    for (const r of await dnsRules('aksdns3', c)) assert.deepEqual(r, { to: [KUBE_DNS], ports: PORT_53 });
    for (const r of resourcesOf('aksdns3').filter((x) => x.type === NETWORK_POLICY))
      assert.ok(!isSecretInput(r.inputs.spec), `${r.name}: the spec is not secret`);
    assert.equal(await isSecret(c.objects), false);
    assert.ok((await valueOf(c.allowedDomains)).librechat.includes('api.mistral.ai'));
  });
});
