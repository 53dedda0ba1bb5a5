// Facts about the LibreChat Helm chart (helm/librechat, published as
// oci://ghcr.io/danny-avila/librechat-chart/librechat) and its subcharts: which workloads it runs,
// their pod selector labels (which the release name changes), ports, default images, and the
// defaults of the values that switch them on. See docs/librechat.md §3.

export type StackWorkloadId = 'librechat' | 'rag-api' | 'mongodb' | 'meilisearch' | 'postgresql' | 'redis';

export interface ChartWorkload {
  id: StackWorkloadId;
  title: string;
  role: 'app' | 'data-store';
  port: number;
  /** Selector labels of the pods for release `r`. */
  labels: (r: string) => Record<string, string>;
  /** Service host the chart's env ConfigMap points LibreChat (or the RAG API) at. */
  serviceHost: (r: string) => string;
  /** Chart value that enables it, and its default. */
  enabledBy?: { path: string[]; default: boolean };
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
};

/** Chart versions this tool knows the images of (docs/librechat.md §3). */
export const CHART_VERSIONS = ['2.0.2', '2.0.4'] as const;
export type ChartVersion = (typeof CHART_VERSIONS)[number];
export const DEFAULT_CHART_VERSION: ChartVersion = '2.0.2';

export interface ChartImage {
  workload: string;
  /** Values path of `{registry, repository}` overrides. */
  valuesPath: string[];
  registry: string;
  repository: string;
  /** Only when this values path is enabled (defaults as in CHART_WORKLOADS). */
  when?: StackWorkloadId;
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
      repository: version === '2.0.4' ? 'bitnamilegacy/mongodb' : 'bitnami/mongodb',
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
