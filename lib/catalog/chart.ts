// Facts about the LibreChat Helm chart (helm/librechat, published as
// oci://ghcr.io/danny-avila/librechat-chart/librechat) and its subcharts: which workloads it runs,
// their pod selector labels (which the release name changes), ports, default images, and the
// defaults of the values that switch them on. See docs/librechat.md §3 and
// docs/chart-names.md (how each chart's _helpers.tpl names its objects).

export type StackWorkloadId =
  'librechat' | 'rag-api' | 'mongodb' | 'meilisearch' | 'postgresql' | 'redis' | 'langfuse-fanout';

export interface ChartWorkload {
  id: StackWorkloadId;
  title: string;
  role: 'app' | 'data-store';
  port: number;
  /** Selector labels of the pods for release `r` with default values (no name overrides). */
  labels: (r: string) => Record<string, string>;
  /** Service host the chart's env ConfigMap points LibreChat (or the RAG API) at, default values. */
  serviceHost: (r: string) => string;
  /** Chart value that enables it, and its default. */
  enabledBy?: { path: string[]; default: boolean };
}

/** What the chart really names a workload, given the release and the values (see chartNames). */
export interface ChartNames {
  /** The Deployment or StatefulSet name. */
  name: string;
  /** The pod selector labels (the workload's `spec.selector.matchLabels`). */
  labels: Record<string, string>;
  /** The Service host the chart's env points clients at. */
  serviceHost: string;
  /** The port its pods serve on, when rendered manifests say it (default: the catalog's). */
  port?: number;
  /** Container images, when rendered manifests say them. */
  images?: string[];
  /** All labels of the pod template, when rendered manifests say them (a superset of `labels`). */
  podLabels?: Record<string, string>;
}

const NAME = 'app.kubernetes.io/name';
const INSTANCE = 'app.kubernetes.io/instance';
const COMPONENT = 'app.kubernetes.io/component';

export const CHART_WORKLOADS: Record<StackWorkloadId, ChartWorkload> = {
  librechat: {
    id: 'librechat',
    title: 'LibreChat API',
    role: 'app',
    port: 3080,
    labels: (r) => ({ [INSTANCE]: r, [NAME]: `${r}-librechat` }),
    serviceHost: (r) => `${r}-librechat`,
  },
  'rag-api': {
    id: 'rag-api',
    title: 'RAG API',
    role: 'app',
    port: 8000,
    labels: (r) => ({ [INSTANCE]: r, [NAME]: `${r}-librechat-rag-api-rag` }),
    serviceHost: (r) => `${r}-librechat-rag-api`,
    enabledBy: { path: ['librechat-rag-api', 'enabled'], default: false },
  },
  mongodb: {
    id: 'mongodb',
    title: 'MongoDB',
    role: 'data-store',
    port: 27017,
    labels: (r) => ({ [COMPONENT]: 'mongodb', [INSTANCE]: r, [NAME]: 'mongodb' }),
    serviceHost: (r) => `${r}-mongodb`,
    enabledBy: { path: ['mongodb', 'enabled'], default: true },
  },
  meilisearch: {
    id: 'meilisearch',
    title: 'Meilisearch',
    role: 'data-store',
    port: 7700,
    labels: (r) => ({ [INSTANCE]: r, [NAME]: 'meilisearch' }),
    serviceHost: (r) => `${r}-meilisearch`,
    enabledBy: { path: ['meilisearch', 'enabled'], default: true },
  },
  postgresql: {
    id: 'postgresql',
    title: 'PostgreSQL with pgvector (RAG API vector database)',
    role: 'data-store',
    port: 5432,
    labels: (r) => ({ [COMPONENT]: 'primary', [INSTANCE]: r, [NAME]: 'postgresql' }),
    serviceHost: (r) => `${r}-postgresql`,
  },
  redis: {
    id: 'redis',
    title: 'Redis',
    role: 'data-store',
    port: 6379,
    labels: (r) => ({ [COMPONENT]: 'master', [INSTANCE]: r, [NAME]: 'redis' }),
    serviceHost: (r) => `${r}-redis-master`,
    enabledBy: { path: ['redis', 'enabled'], default: false },
  },
  // helm/librechat/templates/langfuse-fanout-deployment.yaml (chart 2.0.8): an OpenTelemetry
  // collector LibreChat sends traces to (LANGFUSE_FANOUT_COLLECTOR_URL), which forwards them to
  // the central Langfuse and the tenants' destinations. Fact sheet row 84.
  'langfuse-fanout': {
    id: 'langfuse-fanout',
    title: 'Langfuse fan-out collector',
    role: 'app',
    port: 4318,
    labels: (r) => ({ [INSTANCE]: r, [NAME]: `${r}-librechat-langfuse-fanout` }),
    serviceHost: (r) => `${r}-librechat-langfuse-fanout`,
    enabledBy: { path: ['langfuseFanout', 'enabled'], default: false },
  },
};

/** Helm's `trunc 63 | trimSuffix "-"`: trimSuffix removes one trailing "-", not all. */
export function helmTrunc(name: string): string {
  const t = name.slice(0, 63);
  return t.endsWith('-') ? t.slice(0, -1) : t;
}

function str(v: unknown): string {
  // Helm's `default` treats "" (and a missing value) as unset.
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

function rec(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/**
 * LibreChat's own fullname (helm/librechat/templates/_helpers.tpl `librechat.fullname`, and the
 * same text in librechat-rag-api's `rag.fullname`): fullnameOverride, else `<release>-<nameOverride
 * or chart name>`; no "contains" rule, so release `librechat` gives `librechat-librechat`.
 */
export function plainFullname(values: Record<string, unknown>, release: string, chart: string): string {
  const override = str(values.fullnameOverride);
  if (override) return helmTrunc(override);
  return helmTrunc(`${release}-${str(values.nameOverride) || chart}`);
}

/**
 * The standard fullname of the Bitnami common library (`common.names.fullname`) and of the
 * meilisearch chart (`meilisearch.fullname`): like plainFullname, but when the release name
 * contains the chart's name the release name alone is used (release `meilisearch-prod` →
 * `meilisearch-prod`).
 */
export function standardFullname(values: Record<string, unknown>, release: string, chart: string): string {
  const override = str(values.fullnameOverride);
  if (override) return helmTrunc(override);
  const name = str(values.nameOverride) || chart;
  return release.includes(name) ? helmTrunc(release) : helmTrunc(`${release}-${name}`);
}

/** `common.names.name` / `meilisearch.name`: nameOverride or the chart name, truncated. */
export function standardName(values: Record<string, unknown>, chart: string): string {
  return helmTrunc(str(values.nameOverride) || chart);
}

/**
 * The names and selector labels each workload really gets from the chart for `release` and the
 * values, following each chart's _helpers.tpl (docs/chart-names.md). Subchart values live under
 * the subchart's key (`mongodb`, `meilisearch`, `redis`, `librechat-rag-api`, and
 * `librechat-rag-api.postgresql`).
 */
export function chartNames(values: Record<string, unknown>, release: string): Record<StackWorkloadId, ChartNames> {
  const fullname = plainFullname(values, release, 'librechat');
  const rag = rec(values['librechat-rag-api']);
  const ragFullname = plainFullname(rag, release, 'librechat-rag-api');
  const mongo = rec(values.mongodb);
  const mongoFullname = standardFullname(mongo, release, 'mongodb');
  const mongoService =
    str(rec(mongo.service).nameOverride) ||
    (str(mongo.architecture) === 'replicaset' ? `${mongoFullname}-headless` : mongoFullname);
  const meili = rec(values.meilisearch);
  const meiliFullname = standardFullname(meili, release, 'meilisearch');
  const redis = rec(values.redis);
  const redisFullname = standardFullname(redis, release, 'redis');
  const pg = rec(rag.postgresql);
  const pgFullname = standardFullname(pg, release, 'postgresql');
  const fanout = helmTrunc(`${fullname}-langfuse-fanout`);
  return {
    // librechat.selectorLabels: name = librechat.fullname, instance = release.
    librechat: { name: fullname, labels: { [INSTANCE]: release, [NAME]: fullname }, serviceHost: fullname },
    // rag.selectorLabels (the parent chart's definition wins, with the same text): `<rag fullname>-rag`,
    // not truncated; RAG_API_URL (configmap-env.yaml) is the lower-cased rag fullname.
    'rag-api': {
      name: ragFullname,
      labels: { [INSTANCE]: release, [NAME]: `${ragFullname}-rag` },
      serviceHost: ragFullname.toLowerCase(),
    },
    // Bitnami mongodb: common.labels.matchLabels + component mongodb; MONGO_URI uses
    // mongodb.service.nameOverride (service.nameOverride, else the fullname, `-headless` for a replica set).
    mongodb: {
      name: mongoFullname,
      labels: { [COMPONENT]: 'mongodb', [INSTANCE]: release, [NAME]: standardName(mongo, 'mongodb') },
      serviceHost: mongoService,
    },
    // meilisearch.selectorLabels: name = meilisearch.name, instance = release; MEILI_HOST = its fullname.
    meilisearch: {
      name: meiliFullname,
      labels: { [INSTANCE]: release, [NAME]: standardName(meili, 'meilisearch') },
      serviceHost: meiliFullname,
    },
    // Bitnami postgresql (subchart of librechat-rag-api), primary.
    postgresql: {
      name: pgFullname,
      labels: { [COMPONENT]: 'primary', [INSTANCE]: release, [NAME]: standardName(pg, 'postgresql') },
      serviceHost: pgFullname,
    },
    // Bitnami redis, master; librechat.bundledRedisURI = `<redis fullname>-master`.
    redis: {
      name: `${redisFullname}-master`,
      labels: { [COMPONENT]: 'master', [INSTANCE]: release, [NAME]: standardName(redis, 'redis') },
      serviceHost: `${redisFullname}-master`,
    },
    // librechat.langfuseFanout.selectorLabels: name = `<librechat fullname>-langfuse-fanout`.
    'langfuse-fanout': { name: fanout, labels: { [INSTANCE]: release, [NAME]: fanout }, serviceHost: fanout },
  };
}

/**
 * DB_HOST the RAG API chart sets (librechat-rag-api/templates/configmap.yaml:8): always
 * `<release>-postgresql`, whatever the postgresql subchart's name overrides say.
 */
export function ragDbHost(release: string): string {
  return `${release}-postgresql`;
}

/**
 * Chart versions this tool knows the images of (docs/librechat.md §3; LibreChat's chart history: 2.0.4 v0.8.6-rc1 → 2.0.6 v0.8.7-rc1 → 2.0.7 v0.8.7 → 2.0.8 v0.8.8-rc1).
 */
export const CHART_VERSIONS = ['2.0.2', '2.0.4', '2.0.6', '2.0.7', '2.0.8'] as const;
export type ChartVersion = (typeof CHART_VERSIONS)[number];
export const DEFAULT_CHART_VERSION: ChartVersion = '2.0.8';

export interface ChartImage {
  workload: string;
  /** Values path of `{registry, repository}` overrides. */
  valuesPath: string[];
  registry: string;
  repository: string;
  /** Only when this values path is enabled (defaults as in CHART_WORKLOADS). */
  when?: StackWorkloadId;
  /** The template renders `<repository>:<tag>`: a registry is part of the repository value. */
  repositoryHasRegistry?: boolean;
}

/** The images a chart version pulls by default. */
export function chartImages(version: ChartVersion): ChartImage[] {
  return [
    {
      workload: 'librechat',
      valuesPath: ['image'],
      registry: 'registry.librechat.ai',
      repository: 'danny-avila/librechat',
    },
    {
      workload: 'rag-api',
      valuesPath: ['librechat-rag-api', 'image'],
      registry: 'registry.librechat.ai',
      repository: 'danny-avila/librechat-rag-api-dev-lite',
      when: 'rag-api',
    },
    {
      workload: 'postgresql',
      valuesPath: ['librechat-rag-api', 'postgresql', 'image'],
      registry: 'ghcr.io',
      repository: 'bat-bs/bitnami-pgvector',
      when: 'rag-api',
    },
    {
      workload: 'mongodb',
      valuesPath: ['mongodb', 'image'],
      registry: 'docker.io',
      // values.yaml mongodb.image.repository: bitnamilegacy/mongodb since 2.0.4 (Bitnami moved
      // its versioned tags on 2025-08-28).
      repository: version === '2.0.2' ? 'bitnami/mongodb' : 'bitnamilegacy/mongodb',
      when: 'mongodb',
    },
    {
      workload: 'meilisearch',
      valuesPath: ['meilisearch', 'image'],
      registry: 'docker.io',
      repository: 'getmeili/meilisearch',
      when: 'meilisearch',
    },
    {
      workload: 'redis',
      valuesPath: ['redis', 'image'],
      registry: 'docker.io',
      repository: 'bitnami/redis',
      when: 'redis',
    },
    // The fan-out pod (templates/langfuse-fanout-deployment.yaml, chart 2.0.8): the gateway
    // container `langfuse-fanout` (langfuseFanout.image) and `otelcol`
    // (langfuseFanout.otelCollector.image); fact sheet: `librechat-langfuse-fanout:latest` and
    // `otel/opentelemetry-collector-contrib:0.143.0`. Both render "<repository>:<tag>" with no
    // registry value. The gateway's registry is assumed to be LibreChat's own
    // (registry.librechat.ai, like the app and RAG images): not verified; --chart-manifests
    // gives the exact image.
    {
      workload: 'langfuse-fanout',
      valuesPath: ['langfuseFanout', 'image'],
      registry: 'registry.librechat.ai',
      repository: 'danny-avila/librechat-langfuse-fanout',
      when: 'langfuse-fanout',
      repositoryHasRegistry: true,
    },
    {
      workload: 'langfuse-fanout',
      valuesPath: ['langfuseFanout', 'otelCollector', 'image'],
      registry: 'docker.io',
      repository: 'otel/opentelemetry-collector-contrib',
      when: 'langfuse-fanout',
      repositoryHasRegistry: true,
    },
    { workload: 'helm test', valuesPath: ['tests', 'image'], registry: 'docker.io', repository: 'library/busybox' },
  ];
}

/** The hosts a node contacts to pull from a registry (API, token service, blob storage). */
export const REGISTRY_HOSTS: Record<string, string[]> = {
  'docker.io': ['registry-1.docker.io', 'auth.docker.io', 'production.cloudflare.docker.com'],
  'ghcr.io': ['ghcr.io', 'pkg-containers.githubusercontent.com'],
  'registry.librechat.ai': ['registry.librechat.ai'],
  'quay.io': ['quay.io', 'cdn.quay.io', 'cdn01.quay.io', 'cdn02.quay.io', 'cdn03.quay.io'],
  'registry.k8s.io': ['registry.k8s.io'],
  'mcr.microsoft.com': ['mcr.microsoft.com', '*.data.mcr.microsoft.com'],
  'gcr.io': ['gcr.io', 'storage.googleapis.com'],
  'public.ecr.aws': ['public.ecr.aws'],
};

/** The clouds whose nodes' system registries are known (the CLI's --cloud, the component's node cloud). */
export const NODE_CLOUDS = ['eks', 'aks', 'gke'] as const;
export type NodeCloud = (typeof NODE_CLOUDS)[number];

/** What each cloud's nodes pull their own system images (CNI, kube-proxy, DNS) from. */
export function cloudSystemRegistries(cloud: NodeCloud, region?: string): { host: string; why: string }[] {
  if (cloud === 'eks') {
    const r = region ?? '*';
    return [
      // The EKS add-on images' account in the regions open by default; opt-in regions use other
      // accounts (see the EKS user guide, "Amazon container image registries").
      {
        host: `602401143452.dkr.ecr.${r}.amazonaws.com`,
        why: 'EKS add-on images (amazon-k8s-cni, kube-proxy, coredns) in the regional ECR of account 602401143452',
      },
      { host: `api.ecr.${r}.amazonaws.com`, why: 'ECR authorization for image pulls' },
      { host: `prod-${r}-starport-layer-bucket.s3.${r}.amazonaws.com`, why: 'ECR image layers' },
      { host: 'public.ecr.aws', why: 'public ECR images' },
      { host: `sts.${r}.amazonaws.com`, why: 'node IAM role credentials' },
    ];
  }
  if (cloud === 'aks') {
    return [
      { host: 'mcr.microsoft.com', why: 'AKS system images' },
      { host: '*.data.mcr.microsoft.com', why: 'AKS system image layers' },
    ];
  }
  return [
    { host: 'gcr.io', why: 'GKE system images' },
    { host: '*.gcr.io', why: 'GKE system images (regional gcr.io)' },
    { host: `${region ? `${region}-docker.pkg.dev` : '*.pkg.dev'}`, why: 'Artifact Registry' },
    { host: 'storage.googleapis.com', why: 'image layers' },
  ];
}
