// Pod selectors never reach beyond their own workload (issue 7 §4). A NetworkPolicy or smart
// group for workload A applies to every pod whose labels include A's selector; NetworkPolicies add
// up, so if A's selector also selects B's pods, B gets A's allowances (LibreChat's internet egress
// on MongoDB's pods, an MCP server's on LibreChat's). Selector A "would select" B when A's labels
// are a subset of B's selector labels in the same namespace: B's pods carry at least those labels.
// An empty selector is a subset of every set, so it selects every pod of its namespace. Either
// direction is refused, and nothing may select pods in the cluster's own kube-* namespaces
// (CoreDNS above all). These are input errors, not findings: accepting one would widen the policy.
// Names come from values and manifests a pull request can change (fullnameOverride: mongodb makes
// LibreChat's selector select the MongoDB pods), so overlap is checked, never assumed away.
import { escapeControl } from '../config/display';
import { ArgumentError, InputError } from '../config/errors';
import { selects } from '../config/labels';
import { SYSTEM_NAMESPACE } from '../config/overlay';
import type { Workload } from './model';

function labelText(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  return entries.length === 0
    ? '{} (every pod)'
    : `{ ${entries.map(([k, v]) => escapeControl(`${k}: ${v}`)).join(', ')} }`;
}

/** Where the labels of an MCP server came from: the overlay line. */
function origin(w: Workload): string {
  return `${w.source.file}:${w.source.line}:${w.source.column} ${w.source.path}`;
}

/**
 * Throws when a workload's selector is empty, lies in a kube-* namespace, or selects (or is
 * selected by) another workload's pods. `labelled` names the workloads whose labels an option set.
 */
export function checkSelectors(workloads: readonly Workload[], labelled: ReadonlySet<string> = new Set()): void {
  const fail = (w: Workload, message: string, fix: string): never => {
    if (w.role === 'mcp-server') throw new InputError(`${origin(w)}: ${message}`, fix);
    // The argument in the core's vocabulary: the CLI shows --label / --workload-label W.
    throw new ArgumentError(w.id === 'librechat' ? 'librechatLabels' : `workloadLabels.${w.id}`, `${message}. ${fix}`);
  };
  for (const w of workloads) {
    if (SYSTEM_NAMESPACE.test(w.namespace))
      fail(
        w,
        `${w.title} (${w.id}) would run in namespace ${w.namespace}, which belongs to the cluster itself (CoreDNS, kube-proxy): no policy of this stack may select pods there`,
        "Run it in a namespace of its own (the overlay's namespace, or --namespace).",
      );
    if (Object.keys(w.matchLabels).length === 0)
      fail(
        w,
        `the pod selector of ${w.title} (${w.id}) is empty: it selects every pod in ${w.namespace}`,
        'Give the labels that select only its pods.',
      );
  }
  for (const a of workloads) {
    for (const b of workloads) {
      // B's pods may carry more labels than its selector (chart manifests say which): compare with those.
      if (a === b || a.namespace !== b.namespace || !selects(a.matchLabels, b.podLabels ?? b.matchLabels)) continue;
      // Report on the side a person set (the overlay server or the option), not on the chart's defaults.
      const blamed =
        a.role === 'mcp-server' || labelled.has(a.id) || !(b.role === 'mcp-server' || labelled.has(b.id)) ? a : b;
      const other = blamed === a ? b : a;
      fail(
        blamed,
        `the pod selector of ${blamed.title} (${blamed.id}) ${blamed === a ? 'selects the pods of' : 'is selected by the selector of'} ${other.title} (${other.id}) in namespace ${a.namespace}: ${labelText(a.matchLabels)} is contained in ${labelText(b.matchLabels)}, so the pods of ${b.id} would get the allowances of ${a.id}`,
        `Give ${blamed.id} labels that only its own pods carry (e.g. a distinct app.kubernetes.io/name), so that neither selector contains the other.`,
      );
    }
  }
}
