// Image pulls are done by the nodes (the kubelet), not by pods, so no namespaced policy can
// restrict them. The registries come from the images the chart version and values really use,
// plus the cloud's own registries for system images; they are rendered as controller-side
// objects (render/terraform.ts).
import { chartImages, cloudSystemRegistries, REGISTRY_HOSTS, type ChartVersion } from '../../catalog/chart';
import { REGION_PATTERN } from '../../catalog/providers';
import { domainProblem } from '../hosts';
import type { Derivation } from '../context';
import type { ImagePulls } from '../model';
import { chartValue } from './workloads';
import { asRecord } from './values';
import { byText } from '../names';

export interface ImagePullOptions {
  chartVersion: ChartVersion;
  values: Record<string, unknown>;
  cloud?: 'eks' | 'aks' | 'gke';
  region?: string;
  /** The images the rendered chart manifests really use (--chart-manifests), instead of the chart's defaults. */
  manifestImages?: { workload: string; image: string; file: string }[];
}

/** The registry host of an image reference (`docker.io` when the first part is not a host). */
export function imageRegistry(image: string): { registry: string; repository: string } {
  const ref = image.split('@')[0];
  const slash = ref.indexOf('/');
  const first = slash === -1 ? '' : ref.slice(0, slash);
  const hasHost = first.includes('.') || first.includes(':') || first === 'localhost';
  const rest = (hasHost ? ref.slice(slash + 1) : ref).replace(/:[^/]*$/, '');
  const repository = !hasHost && !rest.includes('/') ? `library/${rest}` : rest;
  return { registry: hasHost ? first.toLowerCase() : 'docker.io', repository };
}

export function deriveImagePulls(d: Derivation, opts: ImagePullOptions): ImagePulls {
  const registries: ImagePulls['registries'] = [];
  const add = (host: string, purpose: string, what: string) => {
    const existing = registries.find((r) => r.host === host);
    if (!existing) registries.push({ host, purpose, source: d.builtin(what) });
    else if (!existing.purpose.split(', ').includes(purpose)) existing.purpose = `${existing.purpose}, ${purpose}`;
  };
  for (const m of opts.manifestImages ?? []) {
    const { registry, repository } = imageRegistry(m.image);
    const host = registry.replace(/:\d+$/, '');
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(host) || domainProblem(host)) {
      d.finding(
        'invalid-url',
        'image-registry',
        { file: m.file, workload: m.workload },
        `image-pulls:${m.workload}`,
        d.builtin(`${m.file} ${m.workload}`),
      );
      continue;
    }
    for (const h of REGISTRY_HOSTS[host] ?? [host])
      add(h, `${registry}/${repository}`, `${m.file} image of ${m.workload}`);
  }
  for (const image of opts.manifestImages ? [] : chartImages(opts.chartVersion)) {
    if (image.when && !d.workloads.has(image.when)) continue;
    const override = asRecord(chartValue(opts.values, image.valuesPath));
    // Templates that render "{{ repository }}:{{ tag }}" take the registry from the repository.
    const fromRepository =
      image.repositoryHasRegistry && typeof override.repository === 'string' && override.repository
        ? imageRegistry(override.repository)
        : undefined;
    const registry =
      fromRepository?.registry ??
      (typeof override.registry === 'string' && override.registry ? override.registry.toLowerCase() : image.registry);
    const valuesPath = [...image.valuesPath, 'registry'].join('.');
    const registryHost = registry.replace(/:\d+$/, '');
    if (
      !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(registryHost) ||
      domainProblem(registryHost)
    ) {
      d.finding('invalid-url', 'registry-value', { valuesPath }, valuesPath, d.builtin(`chart value ${valuesPath}`));
      continue;
    }
    if (registryHost !== registry && !/:443$/.test(registry)) {
      d.finding(
        'non-web-port',
        'registry-port',
        { registry, valuesPath },
        `image-pulls:${registryHost}`,
        d.builtin(`chart value ${valuesPath}`),
      );
    }
    const repository =
      fromRepository?.repository ?? (typeof override.repository === 'string' ? override.repository : image.repository);
    const what =
      typeof override.registry === 'string'
        ? `chart value ${[...image.valuesPath, 'registry'].join('.')}`
        : `chart ${opts.chartVersion} default image of ${image.workload}`;
    const hosts = REGISTRY_HOSTS[registryHost] ?? [registryHost];
    for (const host of hosts) add(host, `${registry}/${repository}`, what);
  }
  if (opts.region !== undefined && !REGION_PATTERN.test(opts.region)) {
    d.finding('invalid-url', 'region-flag', {}, 'image-pulls:region', d.builtin('--region'));
  } else if (opts.cloud === 'eks' && !opts.region) {
    d.finding('unresolved-variable', 'ecr-region', {}, 'image-pulls:region', d.builtin('--cloud eks'));
  } else if (opts.cloud) {
    for (const r of cloudSystemRegistries(opts.cloud, opts.region))
      add(r.host, r.why, `${opts.cloud.toUpperCase()} node system images`);
  }
  registries.sort((a, b) => byText(a.host, b.host));
  return { cloud: opts.cloud, registries };
}

/** Bitnami subcharts render their own NetworkPolicy (allowExternalEgress) unless disabled. */
export function checkBitnamiNetworkPolicies(d: Derivation, values: Record<string, unknown>): void {
  const subcharts: { workload: string; path: string[] }[] = [
    { workload: 'mongodb', path: ['mongodb', 'networkPolicy', 'enabled'] },
    { workload: 'redis', path: ['redis', 'networkPolicy', 'enabled'] },
    { workload: 'postgresql', path: ['librechat-rag-api', 'postgresql', 'primary', 'networkPolicy', 'enabled'] },
  ];
  for (const s of subcharts) {
    if (!d.workloads.has(s.workload) || chartValue(values, s.path) === false) continue;
    d.finding(
      'bitnami-networkpolicy',
      'subchart',
      { path: s.path, workload: s.workload },
      s.workload,
      d.builtin(`chart value ${s.path.join('.')}`),
    );
  }
}
