// Plain Kubernetes objects as JSON data: what the CLI writes and the component applies.
import type { ContainmentPolicy } from '../policy/model';
import { byText } from '../policy/names';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

export const MANAGED_BY = 'librechat-containment';

/** Labels on every object this tool renders, so they can be found and pruned. */
export function managedLabels(policy: Pick<ContainmentPolicy, 'release'>, workload?: string): Record<string, string> {
  return {
    'app.kubernetes.io/managed-by': MANAGED_BY,
    'app.kubernetes.io/part-of': policy.release,
    ...(workload ? { 'librechat-containment/workload': workload } : {}),
  };
}

/** Labels in key order, so selectors print the same way every time. */
export function sortedLabels(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.keys(labels)
      .sort()
      .map((k) => [k, labels[k]]),
  );
}

/** Stable order: by kind, then namespace, then name. */
export function sortObjects(objects: KubeObject[]): KubeObject[] {
  return [...objects].sort(
    (a, b) =>
      byText(a.kind, b.kind) ||
      byText(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
      byText(a.metadata.name, b.metadata.name),
  );
}
