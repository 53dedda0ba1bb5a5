// The whole chat stack: which workloads run (LibreChat API, RAG API, MongoDB, Meilisearch,
// PostgreSQL/pgvector, Redis) follows from the env LibreChat gets and the chart values; each
// becomes a pod identity with the chart's selector labels, and every pod-to-pod connection an
// allowed edge. A data store outside the cluster becomes a destination group of its client.
import { CHART_WORKLOADS, chartNames, ragDbHost, type ChartNames, type StackWorkloadId } from '../../catalog/chart';
import { parseConnectionString } from '../../config/uri';
import type { Derivation, GroupSpec } from '../context';
import { LIBRECHAT_WORKLOAD } from '../context';
import { byText } from '../names';
import { classifyHost, isInternet } from '../hosts';
import { parse as parseDomain } from 'tldts';
import type { SourceRef } from '../model';
import { withFields } from '../../config/source';
import { asRecord } from './values';

export interface StackOptions {
  namespace: string;
  release: string;
  /** Helm values of the LibreChat chart (what `helm install -f values.yaml` gets). */
  values: Record<string, unknown>;
  /** Selector labels replacing the chart's, per workload id. */
  labels: Record<string, Record<string, string>>;
  /** Where a value stands in the values file, when the values came from one. */
  valuesAt?: (path: string[]) => SourceRef;
  /**
   * What the chart names each workload: from the values (chartNames) or, better, from the
   * chart's rendered manifests (--chart-manifests). Default: chartNames(values, release).
   */
  names?: Partial<Record<StackWorkloadId, ChartNames>>;
  /**
   * With --chart-manifests: the chart workloads the manifests really run (whether a workload runs
   * then follows the manifests, not the values), with where each stands.
   */
  manifests?: { file: string; runs: Partial<Record<StackWorkloadId, SourceRef>> };
}

function namesOf(opts: StackOptions, id: StackWorkloadId): ChartNames {
  return opts.names?.[id] ?? chartNames(opts.values, opts.release)[id];
}

interface StoreUse {
  id: StackWorkloadId;
  client: string;
  /** Env variable holding the connection string, as the client reads it. */
  variable: string;
  /** Variables that, set to false, switch the use off. */
  offBy?: string;
  title: string;
}

const LIBRECHAT_STORES: StoreUse[] = [
  { id: 'mongodb', client: LIBRECHAT_WORKLOAD, variable: 'MONGO_URI', title: 'MongoDB (MONGO_URI)' },
  {
    id: 'meilisearch',
    client: LIBRECHAT_WORKLOAD,
    variable: 'MEILI_HOST',
    offBy: 'SEARCH',
    title: 'Meilisearch (MEILI_HOST)',
  },
  { id: 'redis', client: LIBRECHAT_WORKLOAD, variable: 'REDIS_URI', offBy: 'USE_REDIS', title: 'Redis (REDIS_URI)' },
  { id: 'rag-api', client: LIBRECHAT_WORKLOAD, variable: 'RAG_API_URL', title: 'RAG API (RAG_API_URL)' },
];

export function chartValue(values: Record<string, unknown>, path: string[]): unknown {
  let node: unknown = values;
  for (const p of path) node = asRecord(node)[p];
  return node;
}

export function deriveStack(d: Derivation, opts: StackOptions): void {
  const full = chartNames(opts.values, opts.release);
  const o: StackOptions = { ...opts, names: { ...full, ...opts.names } };
  const lc = opts.manifests?.runs.librechat;
  if (opts.manifests && !lc) missingInManifests(d, o, 'librechat', d.builtin('the LibreChat API'));
  addChartWorkload(
    d,
    o,
    'librechat',
    lc ?? d.builtin(`the LibreChat chart's Deployment ${namesOf(o, 'librechat').name} (librechat.fullname)`),
  );
  for (const use of LIBRECHAT_STORES) deriveStoreUse(d, o, use);
  if (d.workloads.has('rag-api')) deriveVectorStore(d, o);
  deriveLangfuseFanout(d, o);
}

function enabledInChart(
  d: Derivation,
  opts: StackOptions,
  id: StackWorkloadId,
  variable: string,
): { enabled: boolean; source: SourceRef } {
  if (opts.manifests) {
    const at = opts.manifests.runs[id];
    return at
      ? { enabled: true, source: withFields(at, { path: `${at.path} (the chart sets ${variable})` }) }
      : { enabled: false, source: d.builtin(`${variable}: not run by ${opts.manifests.file}`) };
  }
  const by = CHART_WORKLOADS[id].enabledBy;
  if (!by) return { enabled: true, source: d.builtin(`${variable} set by the chart`) };
  const value = chartValue(opts.values, by.path);
  if (typeof value === 'boolean' && opts.valuesAt)
    return {
      enabled: value,
      source: withFields(opts.valuesAt(by.path), { path: `${by.path.join('.')} (the chart sets ${variable})` }),
    };
  const enabled = typeof value === 'boolean' ? value : by.default;
  return {
    enabled,
    source: d.builtin(
      `${variable} set by the chart (chart value ${by.path.join('.')}${typeof value === 'boolean' ? '' : ` (default ${by.default})`})`,
    ),
  };
}

function addChartWorkload(d: Derivation, opts: StackOptions, id: StackWorkloadId, source: SourceRef): void {
  const w = CHART_WORKLOADS[id];
  const names = namesOf(opts, id);
  d.addWorkload({
    id,
    title: w.title,
    role: w.role,
    namespace: opts.namespace,
    matchLabels: opts.labels[id] ?? names.labels,
    ports: [names.port ?? w.port],
    source,
    deployment: names.name,
    ...(names.podLabels && !opts.labels[id] ? { podLabels: names.podLabels } : {}),
  });
}

/** Whether a host is the chart's service for a workload (short, namespaced or fully qualified). */
function isChartService(host: string, opts: StackOptions, id: StackWorkloadId): boolean {
  const svc = namesOf(opts, id).serviceHost;
  return (
    host === svc ||
    host === `${svc}.${opts.namespace}` ||
    host === `${svc}.${opts.namespace}.svc` ||
    host === `${svc}.${opts.namespace}.svc.cluster.local`
  );
}

/**
 * Whether a workload runs follows from the chart values: an enabled subchart's pods exist (and
 * get their deny-all) even when LibreChat's env points elsewhere. The env decides the edges.
 */
function deriveStoreUse(d: Derivation, opts: StackOptions, use: StoreUse): void {
  const chart = enabledInChart(d, opts, use.id, use.variable);
  const w = CHART_WORKLOADS[use.id];
  const chartSource = chart.source;
  if (chart.enabled) addChartWorkload(d, opts, use.id, chartSource);
  if (use.offBy && d.env.get(use.offBy) && !d.env.isTrue(use.offBy)) {
    if (chart.enabled) unusedStore(d, use, `${use.offBy} is false`);
    return;
  }
  const raw = d.env.value(use.variable)?.trim();
  if (!raw) {
    // The chart's env ConfigMap points LibreChat at the subchart when it is enabled.
    if (chart.enabled)
      d.addEdge({ from: use.client, to: use.id, port: w.port, purpose: use.title, source: chartSource });
    return;
  }
  const source = d.envSource(use.variable);
  const target = parseConnectionString(raw);
  if (!target) {
    d.finding('invalid-url', 'connection-string', { title: w.title, variable: use.variable }, use.variable, source);
    return;
  }
  const first = target.hosts[0];
  // Every host is classified on its own: `mongodb://in-cluster:27017,attacker.example:27017` must
  // not let the first host decide for the rest.
  const internet = target.hosts.filter((h) => isInternet(classifyHost(h.host)));
  const local = target.hosts.filter((h) => !isInternet(classifyHost(h.host)));
  const chartService = target.hosts.every((h) => isChartService(h.host, opts, use.id));
  if (internet.length === 0 && !chart.enabled && opts.manifests && chartService)
    missingInManifests(d, opts, use.id, source);
  if (internet.length === 0 && chart.enabled && chartService) {
    d.addEdge({ from: use.client, to: use.id, port: first.port ?? w.port, purpose: use.title, source });
    return;
  }
  // In the cluster, but not the chart's own service: an in-cluster destination selected by the overlay's labels.
  for (const h of local)
    d.addHost(
      { name: ['data', use.id], kind: 'data-store', title: w.title, source, workload: use.client },
      h.host,
      h.port ?? w.port,
      use.title,
      source,
    );
  if (internet.length > 0) {
    addExternalStore(
      d,
      {
        name: ['data', use.id],
        kind: 'data-store',
        title: `${w.title} outside the cluster`,
        source,
        workload: use.client,
      },
      { ...target, hosts: internet },
      w.port,
      use.variable,
      source,
    );
  }
  if (chart.enabled) unusedStore(d, use, `${use.variable} points elsewhere`);
}

function unusedStore(d: Derivation, use: StoreUse, why: string): void {
  const w = CHART_WORKLOADS[use.id];
  d.finding(
    'unused-workload',
    'unused',
    { id: use.id, title: w.title, why },
    use.id,
    d.envSource(use.offBy && d.env.get(use.offBy) ? use.offBy : use.variable),
  );
}

/**
 * A managed data store on the internet (Atlas, a managed Redis, a hosted Meilisearch): a
 * destination group of its client when the connection uses TLS (the firewall matches the SNI),
 * a finding when it does not.
 */
function addExternalStore(
  d: Derivation,
  spec: GroupSpec,
  target: NonNullable<ReturnType<typeof parseConnectionString>>,
  defaultPort: number,
  variable: string,
  source: SourceRef,
): void {
  const plain = target.scheme === 'http' || (target.scheme !== 'https' && target.scheme !== '' && !target.tls);
  if (plain) {
    // Every host of the string, not only the first: each would carry credentials in clear text.
    for (const h of target.hosts)
      d.finding(
        'plaintext-internet',
        'connection-string',
        { defaultPort, host: h.host, port: h.port, scheme: target.scheme, title: spec.title, variable },
        `${variable}:${h.host}`,
        source,
      );
    return;
  }
  if (target.scheme === 'https' || target.scheme === '') {
    for (const h of target.hosts)
      d.addHost(spec, h.host, h.port ?? (target.scheme === 'https' ? 443 : defaultPort), spec.title, source);
    return;
  }
  if (target.srv) {
    // mongodb+srv://cluster0.abcde.mongodb.net: the SRV records list hosts under abcde.mongodb.net.
    const name = target.hosts[0].host;
    const parent = name.split('.').slice(1).join('.');
    // The SRV answer is bounded by the cluster's own name: the wildcard must lie under a tenant's
    // name (abcde.mongodb.net), never be the provider's or anyone's registrable domain itself.
    const registrable = parseDomain(parent, { allowPrivateDomains: true }).domain;
    if (!registrable || parent === registrable || target.hosts.length !== 1) {
      d.finding('wildcard-too-broad', 'srv-tenant', { name, parent, variable }, `${variable}:srv`, source);
      return;
    }
    d.addHost(spec, `*.${parent}`, defaultPort, `${spec.title} (hosts from the DNS SRV record of ${name})`, source, {
      wildcard: true,
    });
    return;
  }
  for (const h of target.hosts) d.addHost(spec, h.host, h.port ?? defaultPort, spec.title, source);
}

/** The RAG API's vector database: the chart's pgvector, an external PostgreSQL, or Atlas. */
function deriveVectorStore(d: Derivation, opts: StackOptions): void {
  const pg = CHART_WORKLOADS.postgresql;
  if ((d.env.value('VECTOR_DB_TYPE') ?? '').trim() === 'atlas-mongo') {
    const raw = d.env.value('ATLAS_MONGO_DB_URI');
    const source = d.envSource(raw ? 'ATLAS_MONGO_DB_URI' : 'VECTOR_DB_TYPE');
    const target = raw ? parseConnectionString(raw) : undefined;
    if (!target) {
      d.finding('unresolved-variable', 'atlas-uri', {}, 'ATLAS_MONGO_DB_URI', source);
      return;
    }
    addExternalStore(
      d,
      {
        name: ['data', 'vector-db'],
        kind: 'data-store',
        title: 'MongoDB Atlas vector search',
        source,
        workload: 'rag-api',
      },
      target,
      27017,
      'ATLAS_MONGO_DB_URI',
      source,
    );
    return;
  }
  const host = d.env.value('DB_HOST')?.trim();
  const port = Number(d.env.value('DB_PORT') ?? pg.port) || pg.port;
  const chartHost = ragDbHost(opts.release);
  if (!host && namesOf(opts, 'postgresql').serviceHost !== chartHost) {
    // librechat-rag-api/templates/configmap.yaml:8 writes DB_HOST=<release>-postgresql whatever
    // the postgresql subchart's fullnameOverride/nameOverride say: the RAG API finds no database.
    d.finding(
      'chart-name-mismatch',
      'postgresql-service',
      { chartHost, serviceHost: namesOf(opts, 'postgresql').serviceHost },
      'postgresql',
      d.builtin('librechat-rag-api.postgresql (chart values)'),
      'warning',
    );
  }
  if (!host || host === chartHost || isChartService(host, opts, 'postgresql')) {
    const source = host ? d.envSource('DB_HOST') : d.builtin(`DB_HOST set by the RAG API chart (${chartHost})`);
    addChartWorkload(d, opts, 'postgresql', source);
    d.addEdge({ from: 'rag-api', to: 'postgresql', port, purpose: 'vector database (DB_HOST)', source });
    return;
  }
  const source = d.envSource('DB_HOST');
  if (!isInternet(classifyHost(host))) {
    d.addHost(
      { name: ['data', 'vector-db'], kind: 'data-store', title: 'PostgreSQL (DB_HOST)', source, workload: 'rag-api' },
      host,
      port,
      'vector database',
      source,
    );
    return;
  }
  d.finding('non-http-destination', 'postgresql', { host, port }, 'DB_HOST', source);
}

/**
 * The Langfuse fan-out collector (chart 2.0.8 `langfuseFanout.enabled`; fact sheet row 84): the
 * chart points LibreChat at it (LANGFUSE_FANOUT_COLLECTOR_URL, port 4318), and the collector sends
 * to `langfuseFanout.central.baseUrl` (default https://cloud.langfuse.com) and to each
 * `langfuseFanout.tenant.destinations.<key>.baseUrl` (templates/langfuse-fanout-deployment.yaml).
 */
function deriveLangfuseFanout(d: Derivation, opts: StackOptions): void {
  const by = CHART_WORKLOADS['langfuse-fanout'].enabledBy!;
  const inManifests = opts.manifests?.runs['langfuse-fanout'];
  if (opts.manifests ? !inManifests : chartValue(opts.values, by.path) !== true) return;
  const at = (path: string[], what: string): SourceRef =>
    opts.valuesAt ? withFields(opts.valuesAt(path), { path: path.join('.') }) : d.builtin(`chart value ${what}`);
  const source = inManifests ?? at(by.path, by.path.join('.'));
  addChartWorkload(d, opts, 'langfuse-fanout', source);
  const port = namesOf(opts, 'langfuse-fanout').port ?? CHART_WORKLOADS['langfuse-fanout'].port;
  d.addEdge({
    from: LIBRECHAT_WORKLOAD,
    to: 'langfuse-fanout',
    port,
    purpose: 'Langfuse traces to the fan-out collector (LANGFUSE_FANOUT_COLLECTOR_URL)',
    source,
  });
  // The gateway keeps state in Redis: langfuseFanout.redis.uri, else the bundled Redis when
  // redis.enabled (librechat.bundledRedisURI); the chart fails to render without either.
  const redisUri = chartValue(opts.values, ['langfuseFanout', 'redis', 'uri']);
  if (typeof redisUri === 'string' && redisUri.trim()) {
    const at2 = at(['langfuseFanout', 'redis', 'uri'], 'langfuseFanout.redis.uri');
    const target = parseConnectionString(redisUri.trim());
    if (!target) {
      d.finding('invalid-url', 'langfuse-redis', {}, 'langfuseFanout.redis.uri', at2);
    } else if (d.workloads.has('redis') && target.hosts.every((h) => isChartService(h.host, opts, 'redis'))) {
      d.addEdge({
        from: 'langfuse-fanout',
        to: 'redis',
        port: target.hosts[0].port ?? 6379,
        purpose: 'fan-out state (langfuseFanout.redis.uri)',
        source: at2,
      });
    } else if (!isInternet(classifyHost(target.hosts[0].host))) {
      for (const h of target.hosts)
        d.addHost(
          {
            name: ['data', 'fanout-redis'],
            kind: 'data-store',
            title: 'Redis of the Langfuse fan-out',
            source: at2,
            workload: 'langfuse-fanout',
          },
          h.host,
          h.port ?? 6379,
          'fan-out state',
          at2,
        );
    } else {
      addExternalStore(
        d,
        {
          name: ['data', 'fanout-redis'],
          kind: 'data-store',
          title: 'Redis of the Langfuse fan-out outside the cluster',
          source: at2,
          workload: 'langfuse-fanout',
        },
        target,
        6379,
        'langfuseFanout.redis.uri',
        at2,
      );
    }
  } else if (d.workloads.has('redis')) {
    // The bundled Redis has a client now, even if LibreChat itself does not use it.
    const unused = d.findings.findIndex((f) => f.id === 'unused-workload:redis');
    if (unused >= 0) d.findings.splice(unused, 1);
    d.addEdge({
      from: 'langfuse-fanout',
      to: 'redis',
      port: CHART_WORKLOADS.redis.port,
      purpose: 'fan-out state (the bundled Redis, librechat.bundledRedisURI)',
      source,
    });
  }
  const spec: GroupSpec = {
    name: ['telemetry', 'langfuse-fanout'],
    kind: 'telemetry',
    title: 'Langfuse fan-out collector destinations',
    source,
    workload: 'langfuse-fanout',
  };
  const central = chartValue(opts.values, ['langfuseFanout', 'central', 'baseUrl']);
  if (typeof central === 'string' && central.trim())
    d.addUrlText(spec, central, at(['langfuseFanout', 'central', 'baseUrl'], 'central.baseUrl'), 'central Langfuse');
  else if (central === undefined || central === null)
    d.addUrlText(
      spec,
      LANGFUSE_FANOUT_CENTRAL_DEFAULT,
      d.builtin('langfuseFanout.central.baseUrl (chart default)'),
      'central Langfuse (chart default)',
    );
  const given = asRecord(chartValue(opts.values, ['langfuseFanout', 'tenant', 'destinations']));
  // Helm merges maps: the chart's default destinations stay unless the values set them to null.
  const keys = [...new Set([...Object.keys(LANGFUSE_FANOUT_TENANT_DEFAULTS), ...Object.keys(given)])].sort(byText);
  for (const key of keys) {
    if (key in given && given[key] === null) continue;
    const url = asRecord(given[key]).baseUrl;
    if (typeof url === 'string' && url.trim())
      d.addUrlText(
        spec,
        url,
        at(['langfuseFanout', 'tenant', 'destinations', key, 'baseUrl'], `tenant.destinations.${key}.baseUrl`),
        `tenant destination "${key}"`,
      );
    else if (LANGFUSE_FANOUT_TENANT_DEFAULTS[key])
      d.addUrlText(
        spec,
        LANGFUSE_FANOUT_TENANT_DEFAULTS[key],
        d.builtin(`langfuseFanout.tenant.destinations.${key} (chart default)`),
        `tenant destination "${key}" (chart default)`,
      );
  }
}

/** The collector's central Langfuse (chart values langfuseFanout.central.baseUrl). */
export const LANGFUSE_FANOUT_CENTRAL_DEFAULT = 'https://cloud.langfuse.com';
/**
 * The tenant destinations of the chart's default values (eu, hipaa, jp, us: the keys the chart's
 * own fan-out test expects), at Langfuse Cloud's regional hosts.
 */
export const LANGFUSE_FANOUT_TENANT_DEFAULTS: Record<string, string> = {
  eu: 'https://cloud.langfuse.com',
  hipaa: 'https://hipaa.cloud.langfuse.com',
  jp: 'https://jp.cloud.langfuse.com',
  us: 'https://us.cloud.langfuse.com',
};

/** The config needs a chart workload that the rendered manifests do not run (issue 8 §2). */
function missingInManifests(d: Derivation, opts: StackOptions, id: StackWorkloadId, source: SourceRef): void {
  const w = CHART_WORKLOADS[id];
  d.finding(
    'chart-manifests-missing-workload',
    'missing',
    {
      enabledBy: w.enabledBy?.path.join('.'),
      file: opts.manifests?.file,
      id,
      labels: namesOf(opts, id).labels,
      title: w.title,
    },
    id,
    source,
  );
}
