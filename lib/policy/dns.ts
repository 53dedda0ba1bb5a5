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
// - AKS: LocalDNS runs a DNS proxy as a systemd service on every node of a pool where it is on;
//   pods then get answers from 169.254.10.11 (KubeDNS traffic, dnsPolicy ClusterFirst) and
//   169.254.10.10 (VnetDNS traffic, dnsPolicy Default) — MicrosoftDocs/azure-aks-docs
//   articles/aks/localdns-custom.md ("Verify ...": the SERVER is 169.254.10.10 or 169.254.10.11;
//   "Update Cilium Network Policies to allow DNS resolution with LocalDNS": default-deny blocks
//   it unless allowed) and articles/aks/dns-concepts.md (preconfigured in AKS Automatic, per node
//   pool on Standard: localDNSProfile.mode Required|Preferred|Disabled). Both are link-local
//   addresses on the pod's own node, so `--cloud aks` allows them by default: nothing else can
//   answer there. The component drops them when every agent pool of the looked-up cluster says
//   Disabled (aksLocalDnsOn).
// - EKS: CoreDNS pods by default; NodeLocal DNSCache (the Kubernetes add-on's usual address
//   169.254.20.10) is opt-in, so its address comes from --node-local-dns. EKS Auto Mode runs no
//   CoreDNS pods (aws/containers-roadmap#2546: no coredns add-on, "create a dummy kube-dns
//   service"): the nodes answer on the cluster DNS service address in every pod's resolv.conf,
//   and a pod-selector rule for kube-dns lets nothing through (aws/containers-roadmap#2552;
//   archestra-ai/archestra#5538 confirmed on a real Auto Mode cluster that an ipBlock for that
//   address on port 53 works). That address is x.y.z.10 of the cluster's service CIDR
//   (awslabs/amazon-eks-ami files/bootstrap.sh DNS_CLUSTER_IP, replicated by Bottlerocket, the OS
//   of Auto Mode nodes): the component derives it from the looked-up cluster (eksClusterDnsIp);
//   the CLI cannot know Auto Mode and needs --node-local-dns <that address>.
import { isIP } from '../config/ip-text';
import { ArgumentError } from '../config/errors';
import type { DnsEndpoints } from './model';

export const GKE_NODELOCAL_DNS = '169.254.20.10';
export const GKE_CLOUD_DNS = '169.254.169.254';
/** AKS LocalDNS: VnetDNS traffic (dnsPolicy Default, names outside the cluster via the VNet's DNS). */
export const AKS_LOCALDNS_VNET = '169.254.10.10';
/** AKS LocalDNS: KubeDNS traffic (dnsPolicy ClusterFirst, the pods' default). */
export const AKS_LOCALDNS_KUBE = '169.254.10.11';

/** What the component learns about DNS from the looked-up cluster (the CLI knows none of it). */
export interface ClusterDnsFacts {
  /** AKS: false when every agent pool's localDNSProfile says Disabled (then no LocalDNS address is allowed). */
  aksLocalDns?: boolean;
  /** EKS Auto Mode: the cluster DNS service address the nodes answer on. */
  eksAutoModeDns?: string;
}

export function deriveDns(
  cloud: 'eks' | 'aks' | 'gke' | undefined,
  nodeLocal: readonly string[] = [],
  facts: ClusterDnsFacts = {},
): DnsEndpoints {
  const addresses: DnsEndpoints['addresses'] = [];
  if (cloud === 'gke') {
    addresses.push(
      { ip: GKE_NODELOCAL_DNS, why: 'GKE NodeLocal DNSCache, always on in Autopilot' },
      { ip: GKE_CLOUD_DNS, why: 'Cloud DNS for GKE: the node metadata server, port 53 only' },
    );
  }
  if (cloud === 'aks' && facts.aksLocalDns !== false) {
    addresses.push(
      { ip: AKS_LOCALDNS_VNET, why: 'AKS LocalDNS VnetDNS, link-local on the node' },
      { ip: AKS_LOCALDNS_KUBE, why: 'AKS LocalDNS KubeDNS, link-local on the node' },
    );
  }
  if (cloud === 'eks' && facts.eksAutoModeDns !== undefined) {
    const ip = facts.eksAutoModeDns;
    const problem = dnsAddressProblem(ip);
    if (problem) throw new ArgumentError('eks', `the cluster DNS address ${ip.slice(0, 60)}: ${problem}`);
    addresses.push({ ip, why: 'EKS Auto Mode: the cluster DNS service address, answered by the node' });
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

/**
 * AKS LocalDNS is on somewhere unless every agent pool says Disabled (localDNSProfile.mode, or the
 * system-generated state): a pool without a profile (an older API answer) counts as on, since
 * allowing a link-local address on the pod's own node opens nothing else.
 */
export function aksLocalDnsOn(
  pools: readonly { localDNSProfile?: { mode?: string; state?: string } }[] | undefined,
): boolean {
  if (!pools || pools.length === 0) return true;
  return !pools.every((p) => p.localDNSProfile?.mode === 'Disabled' || p.localDNSProfile?.state === 'Disabled');
}

/**
 * The cluster DNS service address of an EKS cluster: x.y.z.10 of its IPv4 service CIDR, as the
 * node bootstrap sets the kubelet's clusterDNS (awslabs/amazon-eks-ami files/bootstrap.sh:
 * `DNS_CLUSTER_IP=${SERVICE_IPV4_CIDR%.*}.10`). Undefined for anything but an IPv4 CIDR.
 */
export function eksClusterDnsIp(serviceIpv4Cidr: string | undefined): string | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}\/\d{1,2}$/.exec(serviceIpv4Cidr ?? '');
  if (!m || ![m[1], m[2], m[3]].every((o) => Number(o) <= 255)) return undefined;
  return `${m[1]}.${m[2]}.${m[3]}.10`;
}

/** 169.254.0.0/16 or fe80::/10: an address that only means something on the node itself. */
export function isLinkLocal(ip: string): boolean {
  const v = isIP(ip);
  if (v === 4) return ip.startsWith('169.254.');
  return v === 6 && /^fe[89ab]/i.test(ip);
}

export function cidrOf(ip: string): string {
  return isIP(ip) === 6 ? `${ip}/128` : `${ip}/32`;
}
