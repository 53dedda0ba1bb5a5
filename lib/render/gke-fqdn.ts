// ContainmentPolicy → GKE FQDNNetworkPolicy objects (networking.gke.io/v1alpha1, GKE Dataplane V2
// with FQDN network policy enabled). Per workload with internet destinations one policy: one
// egress rule per destination group and port, `matches` (name / pattern) × `ports` (TCP). The
// CRD (schemas/gke) says: rules add up with NetworkPolicies, an FQDNNetworkPolicy only affects
// egress, and `*` matches within one label (no any-depth wildcard): LibreChat's and Aviatrix's
// `*.x` (any depth) is always narrowed to one label, with a warning finding.
// IP literals cannot be FQDN matches: they get a NetworkPolicy of their own (`<release>-<workload>-ips`).
import type { ContainmentPolicy, DestinationGroup, Finding, Workload } from '../policy/model';
import { makeFinding } from '../policy/findings';
import { stableName, uniqueName } from '../policy/names';
import { ArgumentError } from '../config/errors';
import { cidrOf } from '../policy/dns';
import type { EnforcementMode } from './aviatrix';
import type { KubeObject } from './objects';
import { destinationsByPort, fqdnBackendMode, permittedGroups } from './permitted';
import { managedLabels, sortedLabels } from './objects';

export const GKE_FQDN_API_VERSION = 'networking.gke.io/v1alpha1';

/**
 * "The maximum number of IPv4 and IPv6 IP addresses that a FQDNNetworkPolicy can resolve to is 50"
 * (cloud.google.com/kubernetes-engine/docs/how-to/fqdn-network-policies, "Requirements and
 * limitations"). Every name resolves to at least one address, so a policy never holds more names
 * than this: a workload's rules are split over `-egress`, `-egress-2`, ... policies (they add up).
 */
export const GKE_FQDN_MAX_ADDRESSES = 50;

export interface GkeFqdnOptions {
  mode?: EnforcementMode;
  /** Names already used by the NetworkPolicies, so the address policies never collide with them. */
  takenNames?: Iterable<string>;
}

export interface GkeFqdnRendering {
  objects: KubeObject[];
  findings: Finding[];
}

export function renderGkeFqdn(policy: ContainmentPolicy, options: GkeFqdnOptions = {}): GkeFqdnRendering {
  const mode = fqdnBackendMode(options.mode);
  const findings: Finding[] = [];
  const objects: KubeObject[] = [];
  const taken = new Set(options.takenNames ?? []);
  for (const w of policy.workloads) {
    const groups = permittedGroups(policy, w.id);
    const egress: Record<string, unknown>[] = [];
    const ipEgress: Record<string, unknown>[] = [];
    for (const group of groups) {
      const narrowed: string[] = [];
      for (const { port, names, ips } of destinationsByPort(group)) {
        for (const h of names) if (h.startsWith('*.') && !narrowed.includes(h)) narrowed.push(h);
        for (let i = 0; i < names.length; i += GKE_FQDN_MAX_ADDRESSES)
          egress.push({
            matches: names
              .slice(i, i + GKE_FQDN_MAX_ADDRESSES)
              .map((h) => (h.includes('*') ? { pattern: h } : { name: h })),
            ports: [{ protocol: 'TCP', port }],
          });
        if (ips.length > 0)
          ipEgress.push({
            to: ips.map((ip) => ({ ipBlock: { cidr: cidrOf(ip) } })),
            ports: [{ protocol: 'TCP', port }],
          });
      }
      if (narrowed.length > 0) findings.push(narrowingFinding(w, group, narrowed));
    }
    const metadata = (name: string) => ({ name, namespace: w.namespace, labels: managedLabels(policy, w.id) });
    // The CRD requires at least one egress rule: a workload without internet names needs no policy
    // (the NetworkPolicies already deny its egress).
    splitByNames(egress).forEach((rules, i) =>
      objects.push({
        apiVersion: GKE_FQDN_API_VERSION,
        kind: 'FQDNNetworkPolicy',
        metadata: metadata(
          stableName(i === 0 ? [policy.release, w.id, 'egress'] : [policy.release, w.id, 'egress', String(i + 1)]),
        ),
        spec: { podSelector: { matchLabels: sortedLabels(w.matchLabels) }, egress: rules },
      }),
    );
    if (ipEgress.length > 0 && mode !== 'watch') {
      const name = stableName([policy.release, w.id, 'ips']);
      if (uniqueName(name, taken) !== name)
        throw new ArgumentError(
          'release',
          `makes the NetworkPolicy name ${name} collide with another: rename the release or the workload`,
        );
      objects.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: metadata(name),
        spec: { podSelector: { matchLabels: sortedLabels(w.matchLabels) }, policyTypes: ['Egress'], egress: ipEgress },
      });
    }
  }
  if (mode === 'watch') findings.push(gkeWatchFinding());
  return { objects, findings };
}

/** The rules in order, in as few policies as hold at most GKE_FQDN_MAX_ADDRESSES names each. */
function splitByNames(egress: Record<string, unknown>[]): Record<string, unknown>[][] {
  const out: Record<string, unknown>[][] = [];
  let count = Infinity;
  for (const rule of egress) {
    const n = (rule.matches as unknown[]).length;
    if (count + n > GKE_FQDN_MAX_ADDRESSES) {
      out.push([]);
      count = 0;
    }
    out[out.length - 1].push(rule);
    count += n;
  }
  return out;
}

function narrowingFinding(w: Workload, group: DestinationGroup, hosts: string[]): Finding {
  const examples = hosts.map((h) => `${h} allows a${h.slice(1)} but denies a.b${h.slice(1)}`).join('; ');
  return makeFinding(
    'backend-wildcard-narrowed',
    'gke-fqdn',
    { examples, id: w.id, title: group.title },
    group.name,
    group.source,
  );
}

export function gkeWatchFinding(): Finding {
  return makeFinding('backend-watch', 'gke-fqdn', {}, 'gke-fqdn');
}
