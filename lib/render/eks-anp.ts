// ContainmentPolicy → EKS ApplicationNetworkPolicy objects (networking.k8s.aws/v1alpha1: the VPC CNI
// network policy agent of EKS Auto Mode; schema in schemas/eks). Per workload with internet
// destinations one policy: `policyTypes: [Egress]` and one egress rule per destination group and
// port, `to: [{domainNames}]` for names and `to: [{ipBlock}]` for IP literals (the CRD has both, so
// no extra NetworkPolicy), `ports` TCP. ApplicationNetworkPolicies and NetworkPolicies are one tier
// and add up (amazon-network-policy-controller-k8s merges both into the pod's PolicyEndpoints).
//
// Wildcards: the CRD documents `*` as "one or more entire labels", only as a leading `*.`:
// `*.x` matches `a.x` and `a.b.x`, never `x`, which is exactly LibreChat's and Aviatrix's `*.x`.
// Other globs (`api-*.x`, `*.*.x`) cannot be written in a domainNames entry: they are left out
// (denied) with a warning, never widened.
import type { ContainmentPolicy, DestinationGroup, Finding, Workload } from '../policy/model';
import { makeFinding } from '../policy/findings';
import { stableName } from '../policy/names';
import { ArgumentError } from '../config/errors';
import { cidrOf } from '../policy/dns';
import type { EnforcementMode } from './aviatrix';
import type { KubeObject } from './objects';
import { destinationsByPort, fqdnBackendMode, permittedGroups } from './permitted';
import { managedLabels, sortedLabels } from './objects';

export const EKS_ANP_API_VERSION = 'networking.k8s.aws/v1alpha1';

/** The CRD's pattern for one `domainNames` entry (schemas/eks, `DomainName`). */
export const EKS_DOMAIN_NAME =
  /^(\*\.)?([a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.?$/;

export interface EksAnpOptions {
  mode?: EnforcementMode;
}

export interface EksAnpRendering {
  objects: KubeObject[];
  findings: Finding[];
}

/** A host as an ApplicationNetworkPolicy domain name, or why it cannot be one. */
export function eksDomainName(host: string): { name: string } | { unsupported: string } {
  const wildcard = host.startsWith('*.') ? host.slice(2) : host;
  if (wildcard.includes('*'))
    return { unsupported: `${host} (a "*" inside a label or after the first one cannot be written)` };
  if (!EKS_DOMAIN_NAME.test(host)) return { unsupported: `${host} (not a domain name the CRD accepts)` };
  return { name: host };
}

export function eksAnpPolicyName(policy: Pick<ContainmentPolicy, 'release'>, w: Workload): string {
  return stableName([policy.release, w.id, 'egress']);
}

export function renderEksAnp(policy: ContainmentPolicy, options: EksAnpOptions = {}): EksAnpRendering {
  const mode = fqdnBackendMode(options.mode);
  const findings: Finding[] = [];
  const objects: KubeObject[] = [];
  for (const w of policy.workloads) {
    if (Object.keys(w.matchLabels).length === 0)
      throw new ArgumentError(`workloadLabels.${w.id}`, 'is empty: the policy would select every pod of the namespace');
    const egress: Record<string, unknown>[] = [];
    for (const group of permittedGroups(policy, w.id)) {
      const left: string[] = [];
      for (const { port, names, ips } of destinationsByPort(group)) {
        const ports = [{ protocol: 'TCP', port }];
        const domainNames: string[] = [];
        for (const h of names) {
          const d = eksDomainName(h);
          if ('name' in d) domainNames.push(d.name);
          else if (!left.includes(d.unsupported)) left.push(d.unsupported);
        }
        if (domainNames.length > 0) egress.push({ to: [{ domainNames }], ports });
        if (ips.length > 0)
          egress.push({
            to: ips.map((ip) => ({ ipBlock: { cidr: cidrOf(ip) } })),
            ports,
          });
      }
      if (left.length > 0) findings.push(unsupportedFinding(w, group, left));
    }
    // A workload without internet destinations needs no policy: its NetworkPolicy already denies egress.
    if (egress.length === 0) continue;
    objects.push({
      apiVersion: EKS_ANP_API_VERSION,
      kind: 'ApplicationNetworkPolicy',
      metadata: { name: eksAnpPolicyName(policy, w), namespace: w.namespace, labels: managedLabels(policy, w.id) },
      spec: { podSelector: { matchLabels: sortedLabels(w.matchLabels) }, policyTypes: ['Egress'], egress },
    });
  }
  if (mode === 'watch') findings.push(eksWatchFinding());
  return { objects, findings };
}

function unsupportedFinding(w: Workload, group: DestinationGroup, hosts: string[]): Finding {
  return makeFinding(
    'backend-wildcard-narrowed',
    'eks-anp',
    { hosts: hosts.join('; '), id: w.id, title: group.title },
    group.name,
    group.source,
  );
}

export function eksWatchFinding(): Finding {
  return makeFinding('backend-watch', 'eks-anp', {}, 'eks-anp');
}
