// Which DNS servers the pods of the cluster really ask (issue 8 §3). The NetworkPolicies must
// allow exactly these on port 53 (UDP and TCP), or every lookup fails once a workload's egress
// is restricted:
// - kube-dns / CoreDNS pods in kube-system (`k8s-app: kube-dns`): every cloud, always.
// - GKE: NodeLocal DNSCache answers at 169.254.20.10 (always on in Autopilot, opt-in on
//   Standard; cloud.google.com/kubernetes-engine/docs/how-to/nodelocal-dns-cache), and with
//   Cloud DNS for GKE the kubelet writes nameserver 169.254.169.254 (the node's metadata server)
//   into every pod's resolv.conf (cloud.google.com/kubernetes-engine/docs/how-to/cloud-dns;
//   tektoncd/operator#4000 shows a pod-selector-only DNS rule failing there). Both are node-local
//   host-network endpoints no pod selector can match: only an ipBlock can.
// - EKS, AKS: CoreDNS by default; NodeLocal DNSCache on EKS (the Kubernetes add-on's usual
//   address 169.254.20.10) and AKS LocalDNS (aka.ms/aks/localdns) are opt-in, so their addresses
//   come from --node-local-dns.
import { isIP } from 'node:net';
import { ArgumentError } from '../config/errors';
import type { DnsEndpoints } from './model';

export const GKE_NODELOCAL_DNS = '169.254.20.10';
export const GKE_CLOUD_DNS = '169.254.169.254';

export function deriveDns(cloud: 'eks' | 'aks' | 'gke' | undefined, nodeLocal: readonly string[] = []): DnsEndpoints {
  const addresses: DnsEndpoints['addresses'] = [];
  if (cloud === 'gke') {
    addresses.push(
      { ip: GKE_NODELOCAL_DNS, why: 'GKE NodeLocal DNSCache, always on in Autopilot' },
      { ip: GKE_CLOUD_DNS, why: 'Cloud DNS for GKE: the node metadata server, port 53 only' },
    );
  }
  for (const ip of nodeLocal) {
    const problem = dnsAddressProblem(ip);
    if (problem) throw new ArgumentError('nodeLocalDns', `${ip.slice(0, 60)}: ${problem}`);
    if (!addresses.some((a) => a.ip === ip)) addresses.push({ ip, why: 'node-local DNS cache, --node-local-dns' });
  }
  return { kubeDns: true, addresses };
}

/**
 * A node-local DNS cache listens on a link-local or private address of the node. A public address
 * would let every pod send DNS (a tunnel for data) straight to a server on the internet: refused.
 */
export function dnsAddressProblem(ip: string): string | undefined {
  const v = isIP(ip);
  if (!v) return 'not an IP address (give the cache address, e.g. 169.254.20.10)';
  if (v === 4) {
    const [a, b] = ip.split('.').map(Number);
    if ((a === 169 && b === 254) || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168))
      return undefined;
    return 'not a link-local or private address; DNS to a public server would bypass the firewall';
  }
  return /^(fe[89ab]|fd)/i.test(ip) ? undefined : 'not a link-local or unique-local IPv6 address';
}

export function cidrOf(ip: string): string {
  return isIP(ip) === 6 ? `${ip}/128` : `${ip}/32`;
}
