// The in-cluster half of the containment as Kubernetes NetworkPolicy (networking.k8s.io/v1):
// pod-to-pod traffic does not cross the Aviatrix gateway, so the CNI enforces it. A default deny
// for the namespace, then per workload exactly its allowed pairs and ports, DNS to kube-dns, and
// (for workloads with internet destinations) egress to public addresses on the ports the firewall
// policy permits, where the Aviatrix rules then match the names.
//
// DNS: kube-dns plus the cluster's node-local resolvers (policy.dns: GKE NodeLocal DNSCache and
// Cloud DNS, AKS LocalDNS, EKS Auto Mode's DNS address, --node-local-dns; lib/policy/dns.ts), port
// 53 UDP and TCP only, for every workload. Keyless credential
// endpoints on link-local addresses (policy.credentialEndpoints: EKS Pod Identity, the GKE and
// Azure metadata servers) are an ipBlock /32 on exactly their port, for exactly the workload whose
// mode needs them; the internet rule's except list still cuts 169.254.0.0/16 for everything else.
//
// NetworkPolicies add up: a Bitnami subchart's own permissive policy (egress: [{}]) re-opens what
// these close, so those must be disabled in the chart values (finding bitnami-networkpolicy).
import { nonInternetIpv4Cidrs } from '../policy/addresses';
import type { ContainmentPolicy, Workload } from '../policy/model';
import { isIpEndpoint } from '../policy/credentials';
import { cidrOf } from '../policy/dns';
import { stableName } from '../policy/names';
import type { KubeObject } from './objects';
import { managedLabels, sortedLabels } from './objects';

/**
 * Every IPv4 range that is not the public internet, excluded from "the internet" egress (the
 * firewall handles names): the IANA special-purpose registry, multicast, reserved, and metadata
 * addresses outside them (Azure WireServer), from lib/catalog/special-addresses.ts.
 */
export const NON_INTERNET_CIDRS: readonly string[] = nonInternetIpv4Cidrs();

const KUBE_DNS = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
};
const DNS_PORTS = [
  { protocol: 'UDP', port: 53 },
  { protocol: 'TCP', port: 53 },
];

export interface NetworkPolicyOptions {
  /**
   * Egress to every public address on the workload's internet ports (default true). Right only
   * when a firewall matches the names further on (Aviatrix). With an FQDN backend in the CNI
   * (Cilium) it must be off: NetworkPolicy rules add up, so it would cancel the allow-list.
   */
  internetEgress?: boolean;
  /**
   * Plain DNS egress to kube-dns (default true). Off when the backend's own policy carries DNS
   * with an L7 name rule: a plain port-53 allow beside it would re-open every name.
   */
  dnsEgress?: boolean;
}

export function renderNetworkPolicies(policy: ContainmentPolicy, options: NetworkPolicyOptions = {}): KubeObject[] {
  const byId = new Map(policy.workloads.map((w) => [w.id, w]));
  const namespaces = [...new Set(policy.workloads.map((w) => w.namespace))].sort();
  const out: KubeObject[] = namespaces
    .filter((ns) => ns === policy.namespace)
    .map((ns) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: stableName([policy.release, 'default-deny']), namespace: ns, labels: managedLabels(policy) },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    }));
  // Owned: the stack's namespace only. An overlay may place an MCP server elsewhere, but a policy
  // rendered into a namespace someone else runs would add to (and so widen) its owner's policies
  // for whatever pods the selector happens to match; those servers get a namespace-not-owned finding.
  for (const w of policy.workloads)
    if (w.namespace === policy.namespace) out.push(workloadPolicy(policy, w, byId, options));
  return out;
}

function peer(target: Workload, from: Workload): Record<string, unknown> {
  const pod = { podSelector: { matchLabels: sortedLabels(target.matchLabels) } };
  if (target.namespace === from.namespace) return pod;
  return { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': target.namespace } }, ...pod };
}

function workloadPolicy(
  policy: ContainmentPolicy,
  w: Workload,
  byId: Map<string, Workload>,
  options: NetworkPolicyOptions,
): KubeObject {
  const ingress: Record<string, unknown>[] = [];
  const dnsPeers = [KUBE_DNS, ...(policy.dns?.addresses ?? []).map((a) => ({ ipBlock: { cidr: cidrOf(a.ip) } }))];
  const egress: Record<string, unknown>[] = options.dnsEgress === false ? [] : [{ to: dnsPeers, ports: DNS_PORTS }];
  for (const e of (policy.credentialEndpoints ?? []).filter((x) => x.workload === w.id && isIpEndpoint(x)))
    egress.push({ to: [{ ipBlock: { cidr: cidrOf(e.host) } }], ports: [{ protocol: 'TCP', port: e.port }] });
  if (w.id === 'librechat') {
    // Users reach LibreChat through an ingress controller or load balancer this tool cannot name.
    ingress.push({ ports: w.ports.map((port) => ({ protocol: 'TCP', port })) });
  }
  for (const e of policy.edges.filter((x) => x.to === w.id)) {
    const from = byId.get(e.from);
    if (from) ingress.push({ from: [peer(from, w)], ports: [{ protocol: 'TCP', port: e.port }] });
  }
  for (const e of policy.edges.filter((x) => x.from === w.id)) {
    const to = byId.get(e.to);
    if (to) egress.push({ to: [peer(to, w)], ports: [{ protocol: 'TCP', port: e.port }] });
  }
  if (w.role === 'data-store') {
    // Replication between the members of the same data store.
    const self = { podSelector: { matchLabels: sortedLabels(w.matchLabels) } };
    ingress.push({ from: [self], ports: w.ports.map((port) => ({ protocol: 'TCP', port })) });
    egress.push({ to: [self], ports: w.ports.map((port) => ({ protocol: 'TCP', port })) });
  }
  for (const i of policy.internal.filter((x) => x.workload === w.id)) {
    const to = internalPeer(i.host, i.classification, w.namespace, i.selector);
    if (to) egress.push({ to: [to], ports: [{ protocol: 'TCP', port: i.port }] });
  }
  const groups = new Set(policy.rules.filter((r) => r.workload === w.id).map((r) => r.group));
  const ports = [
    ...new Set(policy.groups.filter((g) => groups.has(g.name)).flatMap((g) => g.destinations.map((d) => d.port))),
  ].sort((a, b) => a - b);
  if (ports.length > 0 && options.internetEgress !== false) {
    egress.push({
      to: [{ ipBlock: { cidr: '0.0.0.0/0', except: [...NON_INTERNET_CIDRS] } }],
      ports: ports.map((port) => ({ protocol: 'TCP', port })),
    });
  }
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: stableName([policy.release, w.id]), namespace: w.namespace, labels: managedLabels(policy, w.id) },
    spec: {
      podSelector: { matchLabels: sortedLabels(w.matchLabels) },
      policyTypes: ['Ingress', 'Egress'],
      ingress: dedupe(ingress),
      egress: dedupe(egress),
    },
  };
}

/**
 * An in-cluster destination the config names but that is not a modelled workload: a private IP →
 * that address. A Kubernetes service is reached only through the pod labels the overlay gives for
 * it (`services:`), in the namespace its name (or the overlay) says; never every pod of a
 * namespace (`podSelector: {}` or a bare namespaceSelector). Without labels nothing is rendered
 * and the derivation reports it (in-cluster-unselected). Loopback and Docker aliases need nothing;
 * special-purpose addresses never get here.
 */
function internalPeer(
  host: string,
  classification: string,
  namespace: string,
  selector: { namespace: string; matchLabels: Record<string, string> } | undefined,
): Record<string, unknown> | undefined {
  if (classification === 'private-ip') return { ipBlock: { cidr: host.includes(':') ? `${host}/128` : `${host}/32` } };
  if (classification !== 'cluster-service' || !selector) return undefined;
  const pods = { podSelector: { matchLabels: sortedLabels(selector.matchLabels) } };
  if (selector.namespace === namespace) return pods;
  return { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': selector.namespace } }, ...pods };
}

function dedupe(rules: Record<string, unknown>[]): Record<string, unknown>[] {
  const seen = new Set<string>();
  return rules.filter((r) => {
    const key = JSON.stringify(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
