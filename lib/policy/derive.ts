// config → ContainmentPolicy. Pure: no I/O, no clock, no process environment.
import type { ConfigDocument } from '../config/document';
import type { Environment } from '../config/env';
import { Derivation, LIBRECHAT_WORKLOAD } from './context';
import { makeFinding, sortFindings } from './findings';
import type { AcceptEntry, McpOverlay } from '../config/overlay';
import {
  CHART_VERSIONS,
  CHART_WORKLOADS,
  DEFAULT_CHART_VERSION,
  type ChartVersion,
  type NodeCloud,
} from '../catalog/chart';
import type { ContainmentPolicy, CredentialMode, EgressRule, Finding, SourceRef } from './model';
import { deriveCredentials, isIpEndpoint, MODE_TITLE } from './credentials';
import { deriveDns, type ClusterDnsFacts } from './dns';
import type { ChartManifests } from '../config/chart-manifests';
import { identifyChartWorkloads } from './chart-manifests';
import { stableName, byText } from './names';
import { deriveAgents } from './sources/agents';
import { deriveEndpoints } from './sources/endpoints';
import { checkBitnamiNetworkPolicies, deriveImagePulls } from './sources/image-pulls';
import { deriveMcpServers } from './sources/mcp';
import { derivePlatform } from './sources/platform';
import { deriveRagEgress } from './sources/rag';
import { deriveServices } from './sources/services';
import { checkShape } from './sources/shape';
import { deriveStack } from './sources/workloads';
import { deriveStorage } from './sources/storage';
import { ArgumentError } from '../config/errors';
import { isInternet, parseUrlTarget } from './hosts';
import { checkSelectors } from './selectors';
import { escapeControl, truncate } from '../config/display';
import { SYSTEM_NAMESPACE } from '../config/overlay';

export interface DeriveOptions {
  /** Namespace LibreChat runs in (default `librechat`). */
  namespace?: string;
  /** Helm release name of the LibreChat chart (default `librechat`). */
  release?: string;
  /** Pod labels of the LibreChat API pods, replacing the chart's (for custom installs). */
  librechatLabels?: Record<string, string>;
  /** Pod labels per workload id (`rag-api`, `mongodb`, ...), replacing the chart's. */
  workloadLabels?: Record<string, Record<string, string>>;
  /** Values of the LibreChat Helm chart: which subcharts run, image overrides. */
  chartValues?: Record<string, unknown>;
  /** Where a chart value stands in its file (for provenance), when the values came from one. */
  chartValuesAt?: (path: string[]) => SourceRef;
  /** LibreChat chart version (decides default images). */
  chartVersion?: ChartVersion;
  /** The MCP overlay (where in-cluster MCP servers run and what they reach). */
  overlay?: McpOverlay;
  /** The cloud whose nodes pull the images (adds its system registries). */
  cloud?: NodeCloud;
  /** The cloud region (EKS: the regional ECR hosts). */
  region?: string;
  /** Finding ids the user accepts (exact ids, as printed). */
  accept?: readonly string[];
  /** TLS inspection may decrypt permitted flows (the CA is mounted into the pods). */
  decrypt?: boolean;
  /**
   * With `decrypt`: only these workloads' permits may decrypt, the ones whose pods trust the CA
   * (the component: the Deployments it patches, lib/render/trust.ts decryptingWorkloads). Absent:
   * every workload, as the CLI's `--decrypt`, where the chart install mounts the CA.
   */
  decryptWorkloads?: readonly string[];
  /**
   * The HTTP(S) proxy that is the deployment's declared egress path (`http://proxy.corp.example:3128`).
   * A proxy setting (PROXY, HTTPS_PROXY, a per-MCP-server proxy, RAG_*_PROXY) on the internet is
   * an error unless it names exactly this proxy; then only the proxy is allowed for that traffic.
   */
  egressProxy?: string;
  /** Findings from checks outside the derivation (LibreChat's own schema), reported alongside. */
  extraFindings?: Finding[];
  /**
   * Keyless cloud credential mode per workload id (`librechat`, `rag-api`, an MCP workload):
   * allows exactly the endpoints that mode needs, for that workload only (lib/policy/credentials.ts).
   * Modes the chart values' service account annotations show need not be repeated here.
   */
  credentials?: Record<string, CredentialMode>;
  /** Addresses of a node-local DNS cache where it is not the cloud's default (port 53 only). */
  nodeLocalDns?: string[];
  /** DNS facts of the looked-up cluster (the component only): AKS LocalDNS off, EKS Auto Mode's DNS address. */
  clusterDns?: ClusterDnsFacts;
  /**
   * What the chart's rendered manifests (`helm template`) name each chart workload: replaces the
   * model of the chart's naming (lib/policy/chart-manifests.ts).
   */
  chartManifests?: ChartManifests;
}

export const DEFAULT_NAMESPACE = 'librechat';
export const DEFAULT_RELEASE = 'librechat';

/** The labels the LibreChat Helm chart puts on its API pods (`app.kubernetes.io/name` is `<release>-librechat`). */
export function librechatPodLabels(release: string): Record<string, string> {
  return CHART_WORKLOADS.librechat.labels(release);
}

const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function derivePolicy(doc: ConfigDocument, env: Environment, options: DeriveOptions = {}): ContainmentPolicy {
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const release = options.release ?? DEFAULT_RELEASE;
  if (!K8S_NAME.test(namespace) || namespace.length > 63)
    throw new ArgumentError(
      'namespace',
      `"${truncate(escapeControl(namespace), 70)}" is not a valid Kubernetes name ([a-z0-9-], at most 63 characters)`,
    );
  if (SYSTEM_NAMESPACE.test(namespace))
    throw new ArgumentError(
      'namespace',
      `${namespace} belongs to the cluster itself (CoreDNS, kube-proxy): the stack's default deny would cut DNS for the whole cluster; run LibreChat in a namespace of its own`,
    );
  if (!K8S_NAME.test(release) || release.length > 53)
    throw new ArgumentError(
      'release',
      `"${truncate(escapeControl(release), 70)}" is not a valid Helm release name ([a-z0-9-], at most 53 characters)`,
    );

  const chartVersion = options.chartVersion ?? DEFAULT_CHART_VERSION;
  if (!CHART_VERSIONS.includes(chartVersion))
    throw new ArgumentError('chartVersion', `must be one of ${CHART_VERSIONS.join(', ')} (got "${chartVersion}")`);
  const values = options.chartValues ?? {};

  const d = new Derivation(doc, env);
  d.namespace = namespace;
  if (options.egressProxy !== undefined) d.egressProxy = egressProxyOption(options.egressProxy);
  for (const [host, service] of options.overlay?.services ?? []) d.clusterServices.set(host, service);
  checkShape(d);
  const fromManifests = options.chartManifests ? identifyChartWorkloads(d, options.chartManifests) : undefined;
  deriveStack(d, {
    namespace,
    release,
    values,
    valuesAt: options.chartValuesAt,
    ...(fromManifests
      ? {
          names: fromManifests,
          manifests: {
            file: options.chartManifests!.file,
            runs: Object.fromEntries(Object.entries(fromManifests).map(([id, n]) => [id, n.source])),
          },
        }
      : {}),
    labels: {
      ...options.workloadLabels,
      ...(options.librechatLabels ? { [LIBRECHAT_WORKLOAD]: options.librechatLabels } : {}),
    },
  });
  deriveEndpoints(d);
  deriveAgents(d);
  // stdio MCP servers are child processes of LibreChat: they decrypt when LibreChat does.
  const decrypts = (workload: string): boolean =>
    options.decrypt === true && (options.decryptWorkloads?.includes(workload) ?? true);
  deriveMcpServers(d, { decrypt: decrypts(LIBRECHAT_WORKLOAD), namespace, overlay: options.overlay });
  deriveServices(d);
  deriveStorage(d);
  derivePlatform(d);
  deriveRagEgress(d);
  const credentialEndpoints = deriveCredentials(d, {
    explicit: options.credentials ?? {},
    values,
    valuesAt: options.chartValuesAt,
    cloud: options.cloud,
    region: options.region,
  });
  // Named endpoints (regional STS, Entra ID) become the workload's own group, outside the
  // admission gate for config values; link-local ones are NetworkPolicy ipBlocks only.
  for (const e of credentialEndpoints.filter((x) => !isIpEndpoint(x))) {
    const group = d.group({
      name: ['credentials', e.mode],
      kind: 'auth',
      title: `${MODE_TITLE[e.mode]} credentials`,
      source: e.source,
      workload: e.workload,
    });
    if (!group.destinations.some((x) => x.host === e.host && x.port === e.port))
      group.destinations.push({ host: e.host, port: e.port, purpose: e.purpose, source: e.source });
  }
  const dns = deriveDns(options.cloud, options.nodeLocalDns, options.clusterDns);
  checkBitnamiNetworkPolicies(d, values);
  const imagePulls = deriveImagePulls(d, {
    chartVersion,
    values,
    cloud: options.cloud,
    region: options.region,
    manifestImages: options.chartManifests?.workloads.flatMap((w) =>
      w.images.map((image) => ({ workload: w.source.path, image, file: options.chartManifests!.file })),
    ),
  });

  const workloads = [...d.workloads.values()].sort(
    (a, b) => workloadOrder(a.id) - workloadOrder(b.id) || byText(a.id, b.id),
  );
  checkSelectors(
    workloads,
    new Set([...Object.keys(options.workloadLabels ?? {}), ...(options.librechatLabels ? [LIBRECHAT_WORKLOAD] : [])]),
  );
  for (const w of workloads.filter((x) => x.namespace !== namespace))
    d.finding(
      'namespace-not-owned',
      'stack',
      { namespace: w.namespace, owned: namespace, ports: w.ports, title: w.title },
      w.id,
      w.source,
      'warning',
    );
  const groups = d.finalGroups();
  const rules: EgressRule[] = groups.map((g) => ({
    workload: g.workload,
    group: g.name,
    action: 'permit',
    decrypt: decrypts(g.workload),
  }));
  const edges = [...d.edges].sort((a, b) => byText(a.from, b.from) || byText(a.to, b.to) || a.port - b.port);
  const internal = [...d.internal].sort(
    (a, b) => byText(a.workload, b.workload) || byText(a.host, b.host) || a.port - b.port || byText(a.title, b.title),
  );

  const findings = applyAcceptance(
    [...d.findings, ...(options.extraFindings ?? [])],
    options.accept ?? [],
    options.overlay?.accept ?? [],
  );
  return {
    namespace,
    release,
    configDigest: doc.digest,
    configFile: doc.file,
    workloads,
    groups,
    rules,
    edges,
    internal,
    imagePulls,
    findings: sortFindings(findings),
    credentialEndpoints: credentialEndpoints.sort(
      (a, b) => byText(a.workload, b.workload) || byText(a.host, b.host) || a.port - b.port,
    ),
    dns,
  };
}

function egressProxyOption(value: string): { host: string; port: number; source: SourceRef } {
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim()) ? value.trim() : `http://${value.trim()}`;
  const target = parseUrlTarget(text);
  if ('error' in target || !isInternet(target.hostClass))
    throw new ArgumentError(
      'egressProxy',
      'must be http://host:port of a proxy on the internet or private network edge, named by a DNS name or a public address',
    );
  return {
    host: target.host,
    port: target.port,
    source: { file: '(option)', path: 'egressProxy', line: 0, column: 0 },
  };
}

/** LibreChat first, then the other apps, then data stores, then MCP servers. */
function workloadOrder(id: string): number {
  return ['librechat', 'rag-api', 'mongodb', 'meilisearch', 'redis', 'postgresql'].indexOf(id) + 1 || 99;
}

/**
 * Marks the findings named by `--accept` / `acceptFindings` and by the committed accept list
 * (errors, and warnings for `--fail-on warning`). Accepting changes no group: it only records
 * that a person decided. The accept list's reason is kept so `explain` can show it.
 */
function applyAcceptance(
  findings: ReturnType<typeof makeFinding>[],
  accept: readonly string[],
  listed: readonly AcceptEntry[],
) {
  const byList = new Map(listed.map((e) => [e.id, e]));
  const wanted = new Set([...accept, ...byList.keys()]);
  const out: Finding[] = findings.map((f) => {
    if (!wanted.has(f.id) || f.severity === 'info') return f;
    const entry = byList.get(f.id);
    return { ...f, accepted: true, ...(entry ? { acceptance: { reason: entry.reason, source: entry.source } } : {}) };
  });
  for (const id of [...wanted].sort()) {
    if (!findings.some((f) => f.id === id)) {
      out.push(
        makeFinding('accept-unused', 'entry', { id, listed: byList.has(id) }, stableName([id]), byList.get(id)?.source),
      );
    }
  }
  return out;
}
