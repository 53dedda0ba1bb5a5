// What an FQDN backend renders for one workload: the destination groups its rules permit, and each
// group's destinations per port, split into DNS names and IP literals (sorted, without repeats).
// Shared by the Cilium, GKE and EKS renderers, which differ only in how they spell a rule.
import { isIP } from '../config/ip-text';
import { ArgumentError } from '../config/errors';
import type { ContainmentPolicy, DestinationGroup } from '../policy/model';
import { byText } from '../policy/names';
import type { EnforcementMode } from './aviatrix';

/** The modes an FQDN backend renders (aviatrix.mode names the option for every backend). */
export function fqdnBackendMode(mode: EnforcementMode | undefined): EnforcementMode {
  const m = mode ?? 'enforce';
  if (m !== 'enforce' && m !== 'watch')
    throw new ArgumentError('aviatrix.mode', `must be one of enforce, watch (got "${String(m)}")`);
  return m;
}

export function permittedGroups(policy: ContainmentPolicy, workload: string): DestinationGroup[] {
  const byName = new Map(policy.groups.map((g) => [g.name, g]));
  return policy.rules
    .filter((r) => r.workload === workload)
    .map((r) => byName.get(r.group))
    .filter((g): g is DestinationGroup => g !== undefined);
}

export function destinationsByPort(group: DestinationGroup): { port: number; names: string[]; ips: string[] }[] {
  const ports = [...new Set(group.destinations.map((d) => d.port))].sort((a, b) => a - b);
  return ports.map((port) => {
    const at = group.destinations.filter((d) => d.port === port);
    return {
      port,
      names: [...new Set(at.filter((d) => !isIP(d.host)).map((d) => d.host))].sort(byText),
      ips: [...new Set(at.filter((d) => isIP(d.host)).map((d) => d.host))].sort(byText),
    };
  });
}
