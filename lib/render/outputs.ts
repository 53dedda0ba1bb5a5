// Plain views of a containment that the component exports (and the secret plan compares): the id
// of each Kubernetes object and the allowed domains per workload.
import type { ContainmentPolicy } from '../policy/model';
import type { KubeObject } from './objects';

/** `Kind/namespace/name` (or `Kind/name` for cluster-scoped objects). */
export function objectId(o: Pick<KubeObject, 'kind' | 'metadata'>): string {
  return [o.kind, o.metadata.namespace, o.metadata.name].filter(Boolean).join('/');
}

/** Allowed domains (and addresses) per workload id, from the policy. */
export function allowedDomainsByWorkload(c: { policy: ContainmentPolicy }): Record<string, string[]> {
  const groups = new Map(c.policy.groups.map((g) => [g.name, g]));
  const out: Record<string, string[]> = {};
  for (const w of c.policy.workloads) {
    const hosts = c.policy.rules
      .filter((r) => r.workload === w.id)
      .flatMap((r) => groups.get(r.group)?.destinations.map((d) => d.host) ?? []);
    out[w.id] = [...new Set(hosts)].sort();
  }
  return out;
}
