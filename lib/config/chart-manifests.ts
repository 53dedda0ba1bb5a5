// Reads the chart's rendered manifests (`helm template <release> <chart> -f values.yaml >
// manifests.yaml`, issue 8 §2): better than any model of the chart's naming, they say what really
// runs. Only the workload objects (Deployment, StatefulSet, DaemonSet) and Services are read: their
// names, selector labels, pod labels, container ports and images, each with its position. Nothing
// in them is executed or trusted beyond naming pods: hosts are never taken from them.
import { LineCounter, parseAllDocuments } from 'yaml';
import type { SourceRef } from './source';
import { InputError } from './errors';

export interface ManifestWorkload {
  kind: string;
  name: string;
  /** The `helm.sh/chart` label without its version (`librechat`, `mongodb`, ...), when set. */
  chart?: string;
  /** spec.selector.matchLabels (what a NetworkPolicy must select). */
  matchLabels: Record<string, string>;
  /** spec.template.metadata.labels. */
  podLabels: Record<string, string>;
  ports: number[];
  images: string[];
  source: SourceRef;
}

export interface ManifestService {
  name: string;
  selector: Record<string, string>;
}

export interface ChartManifests {
  file: string;
  workloads: ManifestWorkload[];
  services: ManifestService[];
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

function rec(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function labels(v: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries(rec(v))
      .filter(([, x]) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean')
      .map(([k, x]) => [k, String(x)]),
  );
}

export function readChartManifests(text: string, file: string): ChartManifests {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  if (!Array.isArray(docs)) throw new InputError(`${file}:1:1: not a YAML stream`, 'Give the output of helm template.');
  const workloads: ManifestWorkload[] = [];
  const services: ManifestService[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      const pos = lineCounter.linePos(doc.errors[0].pos[0]);
      throw new InputError(
        `${file}:${pos.line}:${pos.col}: not valid YAML: ${doc.errors[0].message.split('\n')[0]}`,
        'Give the unmodified output of `helm template <release> <chart> -f values.yaml`.',
      );
    }
    const data = rec(doc.toJS({ maxAliasCount: 100 }));
    const kind = typeof data.kind === 'string' ? data.kind : '';
    const metadata = rec(data.metadata);
    const name = typeof metadata.name === 'string' ? metadata.name : '';
    if (kind === 'Service' && name) {
      services.push({ name, selector: labels(rec(data.spec).selector) });
      continue;
    }
    if (!WORKLOAD_KINDS.has(kind) || !name) continue;
    const spec = rec(data.spec);
    const template = rec(spec.template);
    const podSpec = rec(template.spec);
    const list = (key: string) => (Array.isArray(podSpec[key]) ? (podSpec[key] as unknown[]).map(rec) : []);
    const containers = list('containers');
    const initContainers = list('initContainers');
    const chartLabel =
      labels(metadata.labels)['helm.sh/chart'] ?? labels(rec(template.metadata).labels)['helm.sh/chart'];
    const pos = lineCounter.linePos(doc.contents?.range?.[0] ?? 0);
    workloads.push({
      kind,
      name,
      chart: chartLabel ? chartLabel.replace(/-v?\d[\w.+-]*$/, '') : undefined,
      matchLabels: labels(rec(spec.selector).matchLabels),
      podLabels: labels(rec(template.metadata).labels),
      ports: containers.flatMap((c) =>
        (Array.isArray(c.ports) ? c.ports : [])
          .map((p) => Number(rec(p).containerPort))
          .filter((p) => Number.isInteger(p) && p > 0 && p < 65536),
      ),
      images: [...initContainers, ...containers].map((c) => c.image).filter((i): i is string => typeof i === 'string'),
      source: { file, path: `${kind}/${name}`, line: pos.line, column: pos.col },
    });
  }
  return { file, workloads, services };
}
