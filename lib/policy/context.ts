// The working state of one derivation: the config, the environment, the groups being built and
// the findings. Each egress source (sources/*.ts) adds to it through these few methods, so the
// rules for URLs, variables, in-cluster hosts and provenance live in one place.
import type { ConfigDocument, PathSegment } from '../config/document';
import { type Environment, resolve, type Resolution } from '../config/env';
import { findingSlug, makeFinding, subjectHash, type FindingKindName } from './findings';
import { parseAllowlistEntry, type AllowlistEntry } from './allowlists';
import { isIP } from 'node:net';
import { specialTarget } from './addresses';
import {
  classifyHost,
  domainProblem,
  HOST_CLASS_TEXT,
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

  finding(
    kind: FindingKindName,
    subject: string | undefined,
    message: string,
    fix: string,
    source?: SourceRef,
    severity?: Severity,
  ): void {
    let f = makeFinding(kind, subject, message, fix, source, severity);
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
      this.finding(
        'invalid-url',
        `${source.path}:host`,
        `${title} does not name a host (a DNS name or an IP address), so nothing is allowed for it.`,
        'Give a plain host name such as api.example.com.',
        source,
      );
      return;
    }
    if (normalised.includes('*') && !opts.wildcard) {
      this.finding(
        'wildcard-too-broad',
        `${source.path}:host`,
        `${title} names a wildcard host; a URL must name one host, so nothing is allowed for it.`,
        'Give the exact host the service uses.',
        source,
      );
      return;
    }
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      this.finding(
        'invalid-url',
        `${source.path}:port`,
        `${title} names port ${port}, which is not a TCP port.`,
        'Give a port from 1 to 65535.',
        source,
      );
      return;
    }
    // Special-purpose targets (metadata and credential endpoints, link-local, the Kubernetes API,
    // the kubelet, multicast, reserved, ...) are refused here, before any permit or internal
    // destination exists, so no source and no accepted finding can open them. A workload's keyless
    // cloud credentials are a separate input of the deployment that never passes this gate.
    const special = specialTarget(normalised.replace(/^\*\./, ''), port);
    const hostClass = classifyHost(normalised);
    if (special || hostClass === 'special') {
      this.finding(
        'special-address',
        `${stableName(spec.name)}:${normalised}:${port}`,
        special
          ? `${title} points at ${normalised}:${port}, ${special.what}; a config value never opens such an address, so nothing is allowed for it.`
          : `${title} names ${normalised}, which is neither a DNS name nor a valid IP address; nothing is allowed for it.`,
        special?.class === 'metadata'
          ? 'Remove it: LibreChat must not reach instance metadata or credential endpoints. Keyless cloud credentials are an explicit option of the deployment, not a config value.'
          : special?.class === 'kubernetes-api' || special?.class === 'kubelet'
            ? 'Remove it: LibreChat has no business with the cluster control plane.'
            : 'Give the real host name (or address) of the service.',
        source,
      );
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
        `${source.path}:host`,
        `${title}: "${normalised}" ${problem}; nothing is allowed for it.`,
        'Give the exact host (or a wildcard over your own domain).',
        source,
      );
      return;
    }
    if (!WEB_PORTS.has(port)) {
      this.finding(
        'non-web-port',
        `${stableName(spec.name)}:${normalised}:${port}`,
        `${spec.title} connects to ${normalised} on port ${port}; Aviatrix documents web-group (SNI) matching for ports 80, 443, 8080 and 8443, so the permit on ${port} may not match.`,
        `Verify the rule on your controller, or allow ${normalised}:${port} with a controller-side FQDN or CIDR SmartGroup.`,
        source,
      );
    }
    if (hostClass === 'public-ip') {
      this.finding(
        'public-ip',
        `${stableName(spec.name)}:${normalised}`,
        `${spec.title} connects to the public IP address ${normalised}; it is allowed as a /32, which follows the address, not the service.`,
        "Use the service's DNS name in the config so the firewall can match it by name.",
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
        `${stableName(spec.name)}:${host}:${port}`,
        `${spec.title} connects to ${host}:${port}, a Kubernetes service in namespace ${ns} whose pods this tool cannot name; a NetworkPolicy selects pods, never a service or a whole namespace, so the connection is denied by the default deny.`,
        `Describe its pods in the overlay: services: { "${labels[0]}": { namespace: ${ns}, matchLabels: { <label>: <value> } } } (the labels of the pods behind the service).`,
        source,
      );
      return;
    }
    if (hostClass === 'docker-host') {
      this.finding(
        'docker-host',
        stableName(spec.name),
        `${spec.title} points at ${host}, a Docker Desktop alias that does not resolve in Kubernetes.`,
        'Point it at the Kubernetes service that runs the server (for example http://<service>.<namespace>.svc.cluster.local:<port>).',
        source,
      );
    } else if (hostClass === 'cluster-service' || hostClass === 'loopback') {
      this.finding(
        'internal-destination',
        `${stableName(spec.name)}:${host}`,
        `${spec.title} connects to ${host}:${port}, a ${HOST_CLASS_TEXT[hostClass]}; it is not an internet destination and is not added to the egress allow-list.`,
        'Nothing to do for internet egress: the NetworkPolicies allow this in-cluster connection.',
        source,
      );
    } else {
      this.finding(
        'internal-destination',
        `${stableName(spec.name)}:${host}`,
        `${spec.title} connects to ${host}:${port}, a ${HOST_CLASS_TEXT[hostClass]} outside the cluster; the firewall's deny-all (0.0.0.0/0, any protocol) also blocks private addresses when the traffic crosses the gateway.`,
        `If it leaves the node through the gateway, allow ${host}:${port} at the controller with a CIDR SmartGroup; a name on a private network cannot be matched by a web group.`,
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
        this.finding(
          'invalid-url',
          source.path,
          `${source.path} must be a URL string.`,
          'Write the URL as a string, e.g. https://api.example.com/v1.',
          source,
        );
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
        source.path,
        `${source.path} ${target.error}.`,
        'Give a full URL with scheme and host, e.g. https://api.example.com/v1.',
        r.via ? { ...source, via: r.via } : source,
      );
      return undefined;
    }
    if ((target.scheme === 'http' || target.scheme === 'ws') && isInternet(target.hostClass)) {
      // API keys, tokens and prompts in clear text on the internet: fail closed.
      this.finding(
        'plaintext-internet',
        `${stableName(spec.name)}:${target.host}:${target.port}`,
        `${spec.title} (${source.path}) reaches ${target.host}:${target.port} on the internet over plain ${target.scheme.toUpperCase()}: its credentials and data would cross the internet unencrypted, so nothing is allowed for it.`,
        `Use ${target.scheme === 'ws' ? 'wss' : 'https'}://${target.host}.`,
        r.via ? { ...source, via: r.via } : source,
      );
      return undefined;
    }
    this.addHost(spec, target.host, target.port, purpose, r.via ? { ...source, via: r.via } : source);
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
          source.path,
          `${source.path} ${parsed.error} (the value is not shown: it may hold a credential); it is not allowed.`,
          'Use host, *.example.com or https://host[:port].',
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
      this.finding(
        'user-provided-url',
        source.path,
        `${source.path} is "user_provided": each user types the URL for ${title}, so no policy can bound it; those requests will be denied.`,
        'Set a fixed URL in the config, or accept this finding to keep the endpoint usable only for hosts that are otherwise allowed.',
        source,
      );
      return false;
    }
    if (r.unresolved.length > 0) {
      const names = r.unresolved.map((n) => `\${${n}}`).join(', ');
      const sensitive = r.unresolved.filter((n) => r.sensitive.includes(n));
      this.finding(
        'unresolved-variable',
        source.path,
        `${source.path} uses ${names}, which ${sensitive.length ? 'LibreChat never substitutes (a sensitive variable)' : 'the given environment does not define'}; the host of ${title} is unknown, so nothing is allowed for it.`,
        sensitive.length
          ? 'Write the URL in the config, or use a variable that is not sensitive.'
          : `Pass the variable: --env ${r.unresolved[0]}=<value> or --env-from <file>.`,
        source,
      );
      return false;
    }
    const hostPart = hostPortion(r.value);
    if (r.placeholders.length > 0 && /\{\{/.test(hostPart)) {
      this.finding(
        'per-user-host',
        source.path,
        `${source.path} builds the host of ${title} from {{${r.placeholders[0]}}}, which is filled per user or request; the destination is unbounded.`,
        'Use a fixed host; keep per-user placeholders in the path or headers only.',
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
