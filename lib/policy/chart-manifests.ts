// Which chart workload each Deployment/StatefulSet of the rendered manifests is (issue 8 §2):
// first by its `helm.sh/chart` label (librechat, librechat-rag-api, mongodb, meilisearch, redis,
// postgresql) and the Bitnami component label, else by its ports and images. The names, selector
// labels, ports and images then come from the manifests, and a workload the config needs that the
// manifests do not run is the error chart-manifests-missing-workload (sources/workloads.ts).
import { CHART_WORKLOADS, type ChartNames, type StackWorkloadId } from '../catalog/chart';
import type { ChartManifests, ManifestWorkload } from '../config/chart-manifests';
import type { Derivation } from './context';
import type { SourceRef } from './model';

export interface ManifestNames extends ChartNames {
  source: SourceRef;
}

export type IdentifiedWorkloads = Partial<Record<StackWorkloadId, ManifestNames>>;

function identify(w: ManifestWorkload): StackWorkloadId | undefined {
  const component = w.matchLabels['app.kubernetes.io/component'] ?? w.podLabels['app.kubernetes.io/component'];
  const has = (port: number) => w.ports.includes(port);
  const image = (part: string) => w.images.some((i) => i.includes(part));
  switch (w.chart) {
    case 'librechat':
      return w.name.endsWith('-langfuse-fanout') || has(4318) ? 'langfuse-fanout' : 'librechat';
    case 'librechat-rag-api':
      return 'rag-api';
    case 'mongodb':
      return component === undefined || component === 'mongodb' ? 'mongodb' : undefined;
    case 'meilisearch':
      return 'meilisearch';
    case 'redis':
      return component === undefined || component === 'master' ? 'redis' : undefined;
    case 'postgresql':
      return component === undefined || component === 'primary' ? 'postgresql' : undefined;
  }
  if (w.chart !== undefined) return undefined;
  if (has(4318) && image('opentelemetry-collector')) return 'langfuse-fanout';
  if (has(3080)) return 'librechat';
  if (has(8000) && image('rag-api')) return 'rag-api';
  if (has(27017) && (component === undefined || component === 'mongodb')) return 'mongodb';
  if (has(7700)) return 'meilisearch';
  if (has(6379) && (component === undefined || component === 'master')) return 'redis';
  if (has(5432) && (component === undefined || component === 'primary')) return 'postgresql';
  return undefined;
}

export function identifyChartWorkloads(d: Derivation, m: ChartManifests): IdentifiedWorkloads {
  const out: IdentifiedWorkloads = {};
  for (const w of m.workloads) {
    const id = identify(w);
    if (!id || out[id]) continue;
    const selector = Object.keys(w.matchLabels).length > 0 ? w.matchLabels : undefined;
    if (!selector) {
      d.finding('chart-manifests-unreadable', 'no-selector', { file: m.file, id, path: w.source.path }, id, w.source);
      continue;
    }
    const catalogPort = CHART_WORKLOADS[id].port;
    const port = w.ports.includes(catalogPort) ? catalogPort : w.ports[0];
    // The Service that selects these pods is the host clients are pointed at.
    // Prefer the Service named like the workload, then one that is not headless (-headless, -hl).
    const selecting = m.services.filter(
      (s) => Object.keys(s.selector).length > 0 && Object.entries(s.selector).every(([k, v]) => w.podLabels[k] === v),
    );
    const service =
      selecting.find((s) => s.name === w.name) ??
      selecting.find((s) => !/-(headless|hl)$/.test(s.name)) ??
      selecting[0];
    out[id] = {
      name: w.name,
      labels: selector,
      serviceHost: service?.name ?? w.name,
      ...(port ? { port } : {}),
      images: w.images,
      podLabels: w.podLabels,
      source: w.source,
    };
  }
  return out;
}
