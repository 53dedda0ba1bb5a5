// NetworkPolicies add up: when the selector of one workload also selects the pods of another
// (a fullnameOverride equal to a subchart's name, a hand-edited manifest, a --label that is too
// short), the second workload gets the first one's egress as well, e.g. a data store with
// LibreChat's internet ports. Names now come from values and manifests a pull request can change,
// so overlapping selection is checked, not assumed away.
import type { Derivation } from './context';
import type { Workload } from './model';

function selects(selector: Record<string, string>, pods: Record<string, string>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => pods[k] === v);
}

export function checkSelectorOverlap(d: Derivation, workloads: Workload[]): void {
  for (const a of workloads)
    for (const b of workloads) {
      if (a.id === b.id || a.namespace !== b.namespace) continue;
      if (!selects(a.matchLabels, b.podLabels ?? b.matchLabels)) continue;
      d.finding(
        'selector-overlap',
        `${a.id}:${b.id}`,
        `The pod selector of ${a.id} (${Object.entries(a.matchLabels)
          .map(([k, v]) => `${k}=${v}`)
          .join(
            ',',
          )}) also selects the pods of ${b.id}; NetworkPolicies add up, so ${b.id} would get ${a.id}'s ingress and egress too.`,
        `Give ${a.id} labels that only its pods carry (the chart's fullnameOverride/nameOverride, or --workload-label ${a.id}:KEY=VALUE).`,
        a.source,
      );
    }
}
