// The working state of one derivation: the config, the environment, the groups being built and
// the findings. Each egress source (sources/*.ts) adds to it through these few methods, so the
// rules for URLs, variables, in-cluster hosts and provenance live in one place.
import type { ConfigDocument, PathSegment } from '../config/document';
import { type Environment, resolve, type Resolution } from '../config/env';
import { findingSlug, makeFinding, subjectHash, type FindingKindName } from './findings';
import type { FindingParams, FindingRule } from './finding-texts';
import { parseAllowlistEntry, type AllowlistEntry } from './allowlists';
import { isIP } from '../config/ip-text';
import { withFields } from '../config/source';
import { specialTarget } from './addresses';
import {
  classifyHost,
  domainProblem,
  isInternet,
  normaliseHost,
  parseUrlTarget,
  WEB_PORTS,
  type HostClass,
} from './hosts';
import type {
  DestinationGroup,
  DestinationKind,
  Finding,
  InternalDestination,
  Severity,
  SourceRef,
  Workload,
  WorkloadEdge,
} from './model';
import { stableName, uniqueName, byText } from './names';

export interface GroupSpec {
  /** Name parts; joined and made Kubernetes-safe (`['llm', 'OpenRouter']` → `llm-openrouter`). */
  name: string[];
  kind: DestinationKind;
  title: string;
  source: SourceRef;
  /** The workload that connects (default: the LibreChat API). */
  workload?: string;
}

export const LIBRECHAT_WORKLOAD = 'librechat';

/** A DNS name (with an optional leading `*.`): lower-case letters, digits, `-` and `_` labels. */
const HOSTNAME = /^(\*\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/;

export class Derivation {
  /** Groups by their spec key (the raw name parts); final unique names are given by finalGroups(). */
  readonly groups = new Map<string, DestinationGroup>();
  readonly internal: InternalDestination[] = [];
  readonly findings: Finding[] = [];
  readonly workloads = new Map<string, Workload>();
  readonly edges: WorkloadEdge[] = [];
  /** The raw subject behind each finding id, to tell apart subjects whose slugs collide. */
  private readonly subjects = new Map<string, string>();

  /** LibreChat's namespace: where a bare service name (`http://ollama:11434`) lives. */
  namespace = 'librechat';
  /** Pods behind in-cluster services the config names, by host as written (from the overlay's `services:`). */
  clusterServices = new Map<string, { namespace?: string; matchLabels: Record<string, string> }>();
  /** The proxy the deployment declares as its egress path (the only proxy that may be allowed). */
  egressProxy?: { host: string; port: number; source: SourceRef };

  constructor(
    readonly doc: ConfigDocument,
    readonly env: Environment,
  ) {}

  get config(): Record<string, unknown> {
    return this.doc.data as Record<string, unknown>;
  }

  /** The value at a path, or undefined. */
  get(path: readonly PathSegment[]): unknown {
    let node: unknown = this.doc.data;
    for (const segment of path) {
      if (node === null || typeof node !== 'object') return undefined;
      node = (node as Record<string | number, unknown>)[segment];
    }
    return node;
  }

  at(path: readonly PathSegment[], label?: string): SourceRef {
    return this.doc.at(path, label);
  }

  /** A built-in default (no line in any file). */
  builtin(what: string): SourceRef {
    return { file: '(default)', path: what, line: 0, column: 0 };
  }

  /** Where an env variable was set, or a default source when it was not. */
  envSource(name: string): SourceRef {
    return this.env.get(name)?.source ?? this.builtin(name);
  }

  /** Reports `kind` by one of its rules (the texts are in finding-texts.ts), once per subject. */
  finding<K extends FindingKindName, R extends FindingRule<K>>(
    kind: K,
    rule: R,
    params: FindingParams<K, R>,
    subject: string | undefined,
    source?: SourceRef,
    severity?: Severity,
  ): void {
    let f = makeFinding(kind, rule, params, subject, source, severity);
    const raw = subject ?? '';
    const seen = this.subjects.get(f.id);
    if (seen === raw) return;
    if (seen !== undefined) {
      // "Clickhouse Local" and "Clickhouse-Local" slug alike: the later one gets a stable suffix.
      f = { ...f, id: `${kind}:${findingSlug(raw)}-${subjectHash(raw)}` };
      if (this.subjects.has(f.id)) return;
    }
    this.subjects.set(f.id, raw);
    this.findings.push(f);
  }

  /** The group for a spec, created on first use. */
  group(spec: GroupSpec): DestinationGroup {
    const workload = spec.workload ?? LIBRECHAT_WORKLOAD;
    const key = [workload, ...spec.name].join('\u0000');
    let group = this.groups.get(key);
    if (!group) {
      group = {
        name: stableName(spec.name),
        workload,
        kind: spec.kind,
        title: spec.title,
        destinations: [],
        source: spec.source,
      };
      this.groups.set(key, group);
    }
    return group;
  }

  /**
   * The non-empty groups with unique names. Two specs whose names slug alike ("A b", "a-b") are
   * told apart in the order of their raw names, so the result never depends on config order.
   */
  finalGroups(): DestinationGroup[] {
    const taken = new Set<string>();
    return [...this.groups.entries()]
      .filter(([, g]) => g.destinations.length > 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, g]) => ({
        ...g,
        name: uniqueName(g.name, taken),
        destinations: [...g.destinations].sort((x, y) => byText(x.host, y.host) || x.port - y.port),
      }))
      .sort((a, b) => byText(a.name, b.name));
  }

  addWorkload(workload: Workload): void {
    if (!this.workloads.has(workload.id)) this.workloads.set(workload.id, workload);
  }

  addEdge(edge: WorkloadEdge): void {
    if (!this.edges.some((e) => e.from === edge.from && e.to === edge.to && e.port === edge.port))
      this.edges.push(edge);
  }

  /**
   * Adds host:port to a group (once), or records it as internal when it is not on the internet.
   * The last guard before a permit: a host must be a DNS name or an IP address, never a public
   * suffix, and a wildcard only where `wildcard` says one is meant (allow-lists, SRV domains)
   * and only over a registrable domain.
   */
  addHost(
    spec: GroupSpec,
    host: string,
    port: number,
    purpose: string,
    source: SourceRef,
    opts: { wildcard?: boolean } = {},
  ): void {
    const normalised = normaliseHost(host);
    const title = `${spec.title}: ${source.path}`;
    if (!isIP(normalised) && !HOSTNAME.test(normalised)) {
      this.finding('invalid-url', 'no-host', { title }, `${source.path}:host`, source);
      return;
    }
    if (normalised.includes('*') && !opts.wildcard) {
      this.finding('wildcard-too-broad', 'wildcard-host', { title }, `${source.path}:host`, source);
      return;
    }
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      this.finding('invalid-url', 'bad-port', { port, title }, `${source.path}:port`, source);
      return;
    }
    // Special-purpose targets (metadata and credential endpoints, link-local, the Kubernetes API,
    // the kubelet, multicast, reserved, ...) are refused here, before any permit or internal
    // destination exists, so no source and no accepted finding can open them. A workload's keyless
    // cloud credentials are a separate input of the deployment that never passes this gate.
    const special = specialTarget(normalised.replace(/^\*\./, ''), port);
    const hostClass = classifyHost(normalised);
    if (special || hostClass === 'special') {
      const subject = `${stableName(spec.name)}:${normalised}:${port}`;
      if (special)
        this.finding(
          'special-address',
          'special-target',
          { normalised, port, targetClass: special.class, title, what: special.what },
          subject,
          source,
        );
      else this.finding('special-address', 'not-an-address', { normalised, title }, subject, source);
      return;
    }
    if (!isInternet(hostClass)) {
      this.addInternal(spec, normalised, port, hostClass, source);
      return;
    }
    const problem = hostClass === 'public' ? domainProblem(normalised) : undefined;
    if (problem) {
      this.finding(
        'wildcard-too-broad',
        'public-suffix',
        { normalised, problem, title },
        `${source.path}:host`,
        source,
      );
      return;
    }
    if (!WEB_PORTS.has(port)) {
      this.finding(
        'non-web-port',
        'port',
        { normalised, port, title: spec.title },
        `${stableName(spec.name)}:${normalised}:${port}`,
        source,
      );
    }
    if (hostClass === 'public-ip') {
      this.finding(
        'public-ip',
        'address',
        { normalised, title: spec.title },
        `${stableName(spec.name)}:${normalised}`,
        source,
      );
    }
    const group = this.group(spec);
    if (!group.destinations.some((d) => d.host === normalised && d.port === port)) {
      group.destinations.push({ host: normalised, port, purpose, source });
    }
  }

  /**
   * The namespace and pods of an in-cluster service: `svc`, `svc.ns`, `svc.ns.svc[.cluster.local]`
   * name their namespace (a bare name is in LibreChat's); the pods come only from the overlay.
   */
  serviceSelector(host: string): { namespace: string; matchLabels: Record<string, string> } | undefined {
    const labels = host.split('.');
    const service = this.clusterServices.get(host) ?? this.clusterServices.get(labels[0]);
    if (!service) return undefined;
    const named = labels.length >= 2 && labels[1] !== 'svc' ? labels[1] : undefined;
    if (named && service.namespace && named !== service.namespace) return undefined;
    return { namespace: named ?? service.namespace ?? this.namespace, matchLabels: service.matchLabels };
  }

  private addInternal(spec: GroupSpec, host: string, port: number, hostClass: HostClass, source: SourceRef): void {
    const selector = hostClass === 'cluster-service' ? this.serviceSelector(host) : undefined;
    if (!this.internal.some((i) => i.host === host && i.port === port && i.title === spec.title)) {
      this.internal.push({
        workload: spec.workload ?? LIBRECHAT_WORKLOAD,
        host,
        port,
        classification: hostClass,
        title: spec.title,
        source,
        ...(selector ? { selector } : {}),
      });
    }
    if (hostClass === 'cluster-service' && !selector) {
      const labels = host.split('.');
      const ns = labels.length >= 2 && labels[1] !== 'svc' ? labels[1] : this.namespace;
      this.finding(
        'in-cluster-unselected',
        'unselected',
        { host, labels, ns, port, title: spec.title },
        `${stableName(spec.name)}:${host}:${port}`,
        source,
      );
      return;
    }
    if (hostClass === 'docker-host') {
      this.finding('docker-host', 'alias', { host, title: spec.title }, stableName(spec.name), source);
    } else if (hostClass === 'cluster-service' || hostClass === 'loopback') {
      this.finding(
        'internal-destination',
        'in-cluster',
        { host, hostClass, port, title: spec.title },
        `${stableName(spec.name)}:${host}`,
        source,
      );
    } else {
      this.finding(
        'internal-destination',
        'private-network',
        { host, hostClass, port, title: spec.title },
        `${stableName(spec.name)}:${host}`,
        source,
      );
    }
  }

  /**
   * Resolves a string from the config and adds the host of the URL it holds. Reports and skips
   * (never widens) unresolved variables, `user_provided`, per-user placeholders and bad URLs.
   * Returns the resolution when a host was added or classified.
   */
  addUrl(
    spec: GroupSpec,
    path: readonly PathSegment[],
    purpose: string,
    opts: { label?: string; fixed?: Record<string, string>; raw?: string } = {},
  ): Resolution | undefined {
    const raw = opts.raw ?? this.get(path);
    const source = this.at(path, opts.label);
    if (typeof raw !== 'string') {
      if (raw !== undefined && raw !== null) {
        this.finding('invalid-url', 'not-a-string', { path: source.path }, source.path, source);
      }
      return undefined;
    }
    return this.addUrlText(spec, raw, source, purpose, opts.fixed);
  }

  addUrlText(
    spec: GroupSpec,
    raw: string,
    source: SourceRef,
    purpose: string,
    fixed?: Record<string, string>,
  ): Resolution | undefined {
    const r = resolve(raw, this.env, fixed);
    if (!this.usable(r, source, spec.title)) return undefined;
    const target = parseUrlTarget(r.value);
    if ('error' in target) {
      this.finding(
        'invalid-url',
        'unparsable',
        { error: target.error, path: source.path },
        source.path,
        r.via ? withFields(source, { via: r.via }) : source,
      );
      return undefined;
    }
    if ((target.scheme === 'http' || target.scheme === 'ws') && isInternet(target.hostClass)) {
      // API keys, tokens and prompts in clear text on the internet: fail closed.
      this.finding(
        'plaintext-internet',
        'plaintext',
        { host: target.host, path: source.path, port: target.port, scheme: target.scheme, title: spec.title },
        `${stableName(spec.name)}:${target.host}:${target.port}`,
        r.via ? withFields(source, { via: r.via }) : source,
      );
      return undefined;
    }
    this.addHost(spec, target.host, target.port, purpose, r.via ? withFields(source, { via: r.via }) : source);
    return r;
  }

  /**
   * Reads one of LibreChat's allow-lists (`actions.allowedDomains`, `mcpSettings.allowedDomains`):
   * the usable entries with their positions; entries too broad to allow become findings.
   * Undefined when the list is not set.
   */
  allowlist(path: readonly PathSegment[]): { entry: AllowlistEntry; index: number; source: SourceRef }[] | undefined {
    const raw = this.get(path);
    if (!Array.isArray(raw)) return undefined;
    const label = path.join('.');
    return raw.flatMap((value, index) => {
      const source = this.at([...path, index], `${label}[${index}]`);
      if (typeof value !== 'string') return [];
      const parsed = parseAllowlistEntry(value);
      if ('error' in parsed) {
        this.finding(
          'wildcard-too-broad',
          'allowlist-entry',
          { error: parsed.error, path: source.path },
          source.path,
          source,
        );
        return [];
      }
      return [{ entry: parsed, index, source }];
    });
  }

  /** Reports why a resolved value cannot give a host; true when it can. */
  usable(r: Resolution, source: SourceRef, title: string): boolean {
    if (r.userProvided) {
      this.finding('user-provided-url', 'user-provided', { path: source.path, title }, source.path, source);
      return false;
    }
    if (r.unresolved.length > 0) {
      const names = r.unresolved.map((n) => `\${${n}}`).join(', ');
      const sensitive = r.unresolved.filter((n) => r.sensitive.includes(n));
      this.finding(
        'unresolved-variable',
        'url',
        { names, path: source.path, sensitive, title, unresolved: r.unresolved },
        source.path,
        source,
      );
      return false;
    }
    const hostPart = hostPortion(r.value);
    if (r.placeholders.length > 0 && /\{\{/.test(hostPart)) {
      this.finding(
        'per-user-host',
        'placeholder',
        { path: source.path, placeholders: r.placeholders, title },
        source.path,
        source,
      );
      return false;
    }
    return true;
  }
}

/** The scheme-and-authority part of a URL-ish string (for spotting placeholders in the host). */
function hostPortion(value: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(value.trim());
  return m ? m[1] : value;
}
