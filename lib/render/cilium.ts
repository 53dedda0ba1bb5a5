// ContainmentPolicy → Cilium CiliumNetworkPolicy objects (cilium.io/v2): the egress allow-list
// enforced by the CNI by name instead of at an Aviatrix gateway. Per workload one policy:
//   1. DNS to the cluster's DNS pods with an L7 DNS rule that lets the workload resolve only the
//      names it may reach (plus the cluster search-path forms of them and the in-cluster service
//      names), which also narrows DNS exfiltration;
//   2. one egress rule per destination group and port: toFQDNs (names) or toCIDR (IP literals);
//   3. enableDefaultDeny {egress: true, ingress: false}: ingress stays with the NetworkPolicies,
//      which also keep the pod-to-pod edges (policies add up in Cilium as in Kubernetes).
//
// Wildcards: LibreChat's and Aviatrix's `*.x` match any depth of sub-domain. Cilium's `*.x` matches
// exactly one label; `**.x` (one or more labels) exists only from Cilium 1.19. For older versions
// the wildcard is narrowed to one label and a warning finding names what will be denied.
import type { ContainmentPolicy, DestinationGroup, Finding, Workload } from '../policy/model';
import { makeFinding } from '../policy/findings';
import { byText, stableName } from '../policy/names';
import { cidrOf, isLinkLocal } from '../policy/dns';
import { ArgumentError } from '../config/errors';
import type { EnforcementMode } from './aviatrix';
import type { KubeObject } from './objects';
import { destinationsByPort, fqdnBackendMode, permittedGroups } from './permitted';
import { managedLabels, sortedLabels } from './objects';

export const CILIUM_API_VERSION = 'cilium.io/v2';

/** Cilium minor versions whose wildcard semantics are pinned (tests: test/core/cilium.spec.ts). */
export type CiliumVersion = '1.18' | '1.19';
export const CILIUM_VERSIONS: readonly CiliumVersion[] = ['1.18', '1.19'];
/**
 * The current stable line. The vendored CRD (schemas/cilium) is a 1.20 development state whose
 * rules differ from v1.19.x only in a looser serverNames pattern (SOURCE.md); cilium-validate.ts
 * adds the released pattern.
 */
export const DEFAULT_CILIUM_VERSION: CiliumVersion = '1.19';

export interface CiliumOptions {
  /** `1.18`, `1.19` or a patch release of them (`1.19.2`). Default 1.19. */
  version?: string;
  /** `watch` renders a non-enforcing form (see `ciliumWatchFinding`). Default `enforce`. */
  mode?: EnforcementMode;
  /**
   * Also require the TLS SNI to match on port 443 (`serverNames`, in the CRD since 1.17; needs
   * Cilium's L7 proxy), with the toFQDNs selectors' wildcards (`*.x` one label, 1.19 `**.x`). Default off.
   */
  serverNames?: boolean;
  /** The cluster's DNS domain, for the search-path forms of names. Default `cluster.local`. */
  clusterDomain?: string;
}

export interface CiliumRendering {
  objects: KubeObject[];
  /** Backend findings (wildcard narrowing, watch mode), to join the policy's findings. */
  findings: Finding[];
}

/** `1.19.3` → `1.19`; anything else than a pinned minor is a usage error. */
export function ciliumVersion(text: string | undefined): CiliumVersion {
  if (text === undefined) return DEFAULT_CILIUM_VERSION;
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(text.trim());
  const minor = m ? (`${Number(m[1])}.${Number(m[2])}` as CiliumVersion) : undefined;
  if (!minor || !CILIUM_VERSIONS.includes(minor))
    throw new ArgumentError(
      'enforcement.ciliumVersion',
      `must be ${CILIUM_VERSIONS.join(' or ')}, or a patch release of them (got "${text}"): no other Cilium version is pinned`,
    );
  return minor;
}

/** Whether `**.` (one or more labels) is a Cilium wildcard in this version. */
export function supportsMultiLevelWildcard(version: CiliumVersion): boolean {
  return version !== '1.18';
}

/**
 * A destination host as a Cilium FQDN selector. `*.x` (any depth in LibreChat and Aviatrix) →
 * `**.x` where supported, else `*.x` (one label: `narrowed`). Other globs (`api-*.x`) mean one
 * label everywhere and are kept.
 */
export function ciliumSelector(
  host: string,
  version: CiliumVersion,
): { matchName: string } | { matchPattern: string; narrowed: boolean } {
  if (!host.includes('*')) return { matchName: host };
  if (host.startsWith('*.')) {
    if (supportsMultiLevelWildcard(version)) return { matchPattern: `*${host}`, narrowed: false };
    return { matchPattern: host, narrowed: true };
  }
  return { matchPattern: host, narrowed: false };
}

const DNS_PEER = {
  matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' },
};
const DNS_PORTS = [
  { port: '53', protocol: 'UDP' },
  { port: '53', protocol: 'TCP' },
];

export function renderCilium(policy: ContainmentPolicy, options: CiliumOptions = {}): CiliumRendering {
  const version = ciliumVersion(options.version);
  const mode = fqdnBackendMode(options.mode);
  const clusterDomain = options.clusterDomain ?? 'cluster.local';
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(clusterDomain))
    throw new ArgumentError('enforcement.clusterDomain', `must be a DNS name (got "${clusterDomain}")`);
  const findings: Finding[] = [];
  const objects = policy.workloads.map((w) =>
    renderWorkload(policy, w, { version, mode, clusterDomain, serverNames: options.serverNames === true }, findings),
  );
  if (mode === 'watch') findings.push(ciliumWatchFinding());
  return { objects, findings };
}

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * A pod label key as Cilium must read it: Kubernetes syntax (`[prefix/]name`, so never Cilium's
 * `source:` form such as `reserved:host`), and none of the keys Cilium derives itself
 * (`io.kubernetes.pod.namespace`, `io.cilium.*`): a selector on those could pick other endpoints.
 */
function labelKeyProblem(k: string): string | undefined {
  const slash = k.lastIndexOf('/');
  const prefix = slash >= 0 ? k.slice(0, slash) : undefined;
  const name = slash >= 0 ? k.slice(slash + 1) : k;
  if (
    name.length > 63 ||
    !LABEL_NAME.test(name) ||
    (prefix !== undefined && (prefix.length > 253 || !LABEL_PREFIX.test(prefix)))
  )
    return 'is not a Kubernetes label key';
  if (k === 'io.kubernetes.pod.namespace' || k.startsWith('io.cilium.') || prefix?.startsWith('io.cilium.'))
    return 'is a label Cilium sets itself';
  return undefined;
}

function checkSelector(w: Workload): void {
  for (const k of Object.keys(w.matchLabels)) {
    const problem = labelKeyProblem(k);
    if (problem) throw new ArgumentError(`workloadLabels.${w.id}`, `has the pod label key "${k}", which ${problem}`);
  }
  if (Object.keys(w.matchLabels).length === 0)
    throw new ArgumentError(`workloadLabels.${w.id}`, 'is empty: the policy would select every pod of the namespace');
}

export function ciliumPolicyName(policy: Pick<ContainmentPolicy, 'release'>, workload: Workload): string {
  return stableName([policy.release, workload.id, 'egress']);
}

interface Settings {
  version: CiliumVersion;
  mode: EnforcementMode;
  clusterDomain: string;
  serverNames: boolean;
}

type Selector = { matchName: string } | { matchPattern: string };

function renderWorkload(policy: ContainmentPolicy, w: Workload, s: Settings, findings: Finding[]): KubeObject {
  checkSelector(w);
  const groups = permittedGroups(policy, w.id);
  const egress: Record<string, unknown>[] = [];
  const dnsNames: Selector[] = [];
  for (const group of groups) {
    const narrowed: string[] = [];
    for (const { port, names, ips } of destinationsByPort(group)) {
      const toPorts: Record<string, unknown> = { ports: [{ port: String(port), protocol: 'TCP' }] };
      if (names.length > 0) {
        const selectors = names.map((h) => {
          const sel = ciliumSelector(h, s.version);
          if ('narrowed' in sel && sel.narrowed && !narrowed.includes(h)) narrowed.push(h);
          return 'matchName' in sel ? { matchName: sel.matchName } : { matchPattern: sel.matchPattern };
        });
        dnsNames.push(...selectors);
        const portRule =
          s.serverNames && port === 443
            ? { ...toPorts, serverNames: selectors.map((x) => ('matchName' in x ? x.matchName : x.matchPattern)) }
            : toPorts;
        egress.push({ toFQDNs: selectors, toPorts: [portRule] });
      }
      if (ips.length > 0) {
        egress.push({
          toCIDR: ips.map(cidrOf),
          toPorts: [toPorts],
        });
      }
    }
    if (narrowed.length > 0) findings.push(narrowingFinding(w, group, narrowed, s.version));
  }
  const dnsPorts = [
    {
      ports: DNS_PORTS,
      rules: { dns: s.mode === 'watch' ? [{ matchPattern: '*' }] : dnsAllowList(policy, w, dnsNames, s) },
    },
  ];
  // kube-dns, and the cloud's node-local resolvers (policy.dns: GKE NodeLocal DNSCache, AKS LocalDNS,
  // EKS Auto Mode, --node-local-dns) with the same name rule, since the NetworkPolicies' plain DNS
  // allow is dropped for this backend. A link-local resolver listens on the pod's own node, which
  // Cilium 1.17+ gives the `host` identity rather than a CIDR one, so it is also allowed as the host
  // entity, port 53 only (MicrosoftDocs/azure-aks-docs articles/aks/localdns-custom.md, "Update
  // Cilium Network Policies to allow DNS resolution with LocalDNS": toCIDR up to 1.16, host after).
  const addresses = policy.dns?.addresses ?? [];
  const resolvers = [...new Set(addresses.map((a) => cidrOf(a.ip)))].sort(byText);
  const dnsRules: Record<string, unknown>[] = [{ toEndpoints: [DNS_PEER], toPorts: dnsPorts }];
  if (resolvers.length > 0) dnsRules.push({ toCIDR: resolvers, toPorts: dnsPorts });
  if (addresses.some((a) => isLinkLocal(a.ip))) dnsRules.push({ toEntities: ['host'], toPorts: dnsPorts });
  return {
    apiVersion: CILIUM_API_VERSION,
    kind: 'CiliumNetworkPolicy',
    metadata: {
      name: ciliumPolicyName(policy, w),
      namespace: w.namespace,
      labels: managedLabels(policy, w.id),
    },
    spec: {
      endpointSelector: { matchLabels: sortedLabels(w.matchLabels) },
      enableDefaultDeny: { egress: s.mode !== 'watch', ingress: false },
      egress: [...dnsRules, ...egress],
    },
  };
}

/**
 * The names a workload may look up. Its destinations; the same names as the pod's resolver
 * expands them with the cluster search path (`<ns>.svc.<domain>`, `svc.<domain>`, `<domain>`;
 * ndots:5 makes it try those first, CoreDNS answers NXDOMAIN locally, and a REFUSED from Cilium's
 * DNS proxy would end the whole search in musl-based images: Cilium's debugging guide, "REFUSED vs
 * NXDOMAIN responses", cilium/cilium PR 11034; LibreChat's Dockerfile is `FROM node:20-alpine`); the services of its own namespace
 * (`**.<ns>.svc.<domain>`: a bare service name, and the pod names of a headless service); and the in-cluster
 * services in other namespaces that the config names.
 */
function dnsAllowList(policy: ContainmentPolicy, w: Workload, external: Selector[], s: Settings): Selector[] {
  const d = s.clusterDomain;
  const search = [`${w.namespace}.svc.${d}`, `svc.${d}`, d];
  const out: Selector[] = [];
  for (const sel of external) {
    out.push(sel);
    for (const suffix of search)
      out.push(
        'matchName' in sel
          ? { matchName: `${sel.matchName}.${suffix}` }
          : { matchPattern: `${sel.matchPattern}.${suffix}` },
      );
  }
  // Its namespace's services and (headless) pod names: `svc`, `pod.svc`; answered by CoreDNS itself.
  if (supportsMultiLevelWildcard(s.version)) out.push({ matchPattern: `**.${w.namespace}.svc.${d}` });
  else out.push({ matchPattern: `*.${w.namespace}.svc.${d}` }, { matchPattern: `*.*.${w.namespace}.svc.${d}` });
  for (const i of policy.internal.filter((x) => x.workload === w.id && x.classification === 'cluster-service')) {
    const labels = i.host.split('.');
    // `svc.ns.svc[.cluster.local]` names another namespace's service (`svc.svc`: its own).
    if (
      labels.length >= 2 &&
      labels[1] !== w.namespace &&
      labels[1] !== 'svc' &&
      /^[a-z0-9-]+$/.test(labels[0]) &&
      /^[a-z0-9-]+$/.test(labels[1])
    )
      out.push({ matchName: `${labels[0]}.${labels[1]}.svc.${d}` });
  }
  const seen = new Set<string>();
  return out
    .filter((x) => {
      const key = JSON.stringify(x);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .filter((x) => ('matchName' in x ? x.matchName : x.matchPattern).length <= 255);
}

function narrowingFinding(w: Workload, group: DestinationGroup, hosts: string[], version: CiliumVersion): Finding {
  const examples = hosts.map((h) => `${h} allows a${h.slice(1)} but denies a.b${h.slice(1)}`).join('; ');
  return makeFinding(
    'backend-wildcard-narrowed',
    'cilium',
    { examples, id: w.id, title: group.title, version },
    group.name,
    group.source,
  );
}

export function ciliumWatchFinding(): Finding {
  return makeFinding('backend-watch', 'cilium', {}, 'cilium');
}
