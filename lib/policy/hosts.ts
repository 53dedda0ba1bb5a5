// Hosts and URLs: what a configured URL points at, whether it is on the internet or inside the
// cluster, and whether a (wildcard) domain is narrow enough to be allowed.
import { parse as parseDomain } from 'tldts';
import { memoized } from '../config/lazy';
import { normaliseHost } from '../config/uri';
import { classifyAddress, endsInNumber, specialTarget } from './addresses';
import { hasSuffixBelow, isPublicSuffix } from '../catalog/public-suffixes';
import { SHARED_DOMAINS, type SharedDomain } from '../catalog/shared-domains';

export { normaliseHost };

export type HostClass =
  'public' | 'public-ip' | 'cluster-service' | 'private-name' | 'private-ip' | 'loopback' | 'docker-host' | 'special';

export const HOST_CLASS_TEXT: Record<HostClass, string> = {
  public: 'internet domain',
  'public-ip': 'public IP address',
  'cluster-service': 'Kubernetes service in the cluster',
  'private-name': 'private DNS name (not on the internet)',
  'private-ip': 'private IP address',
  loopback: 'loopback (inside the same pod)',
  'docker-host': 'Docker host alias (does not exist in Kubernetes)',
  special:
    'special-purpose address (cloud metadata or credentials, link-local, the Kubernetes API, multicast, reserved, ...)',
};

export interface UrlTarget {
  scheme: string;
  /** Lower-case, punycode, without brackets for IPv6. */
  host: string;
  port: number;
  hostClass: HostClass;
}

/** Ports on which Aviatrix documents web-group (SNI / Host header) matching. */
export const WEB_PORTS: ReadonlySet<number> = new Set([80, 443, 8080, 8443]);

const DEFAULT_PORTS: Record<string, number> = { 'https:': 443, 'http:': 80, 'wss:': 443, 'ws:': 80 };

export function defaultPort(scheme: string): number | undefined {
  return DEFAULT_PORTS[scheme.endsWith(':') ? scheme : `${scheme}:`];
}

/**
 * Parses a URL the way LibreChat's HTTP clients would. Returns an error text for people when the
 * value is not a usable http(s)/ws(s) URL. Never returns paths, queries or credentials: those may
 * hold secrets.
 */
export function parseUrlTarget(value: string): UrlTarget | { error: string } {
  const text = value.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { error: 'is not a URL (expected https://host[:port]/path)' };
  }
  const port = url.port ? Number(url.port) : defaultPort(url.protocol);
  if (port === undefined) return { error: `uses the scheme ${url.protocol.replace(':', '')}, not http(s) or ws(s)` };
  const host = normaliseHost(url.hostname);
  if (!host) return { error: 'has no host' };
  return { scheme: url.protocol.replace(':', ''), host, port, hostClass: classifyHost(host) };
}

// A host is classified several times on its way (its URL, its group, its checks) and its domain
// looked up in the public suffix list as often: each answer is kept (both are pure; read only).
const MEMO_LIMIT = 100_000;
const icannDomain = memoized((name: string) => parseDomain(name), MEMO_LIMIT);
const anyDomain = memoized((name: string) => parseDomain(name, { allowPrivateDomains: true }), MEMO_LIMIT);

/** tldts' reading of a name (ICANN section only, or with the private section too). */
function domainOf(name: string, allowPrivateDomains = false): ReturnType<typeof parseDomain> {
  return allowPrivateDomains ? anyDomain(name) : icannDomain(name);
}

export const classifyHost: (host: string) => HostClass = memoized(classify, MEMO_LIMIT);

function classify(host: string): HostClass {
  const h = host
    .toLowerCase()
    .replace(/^(\*\.)+/, '')
    .replace(/\.+$/, '');
  if (specialTarget(h)) return 'special';
  if (h === 'localhost' || h.endsWith('.localhost')) return 'loopback';
  if (h === 'host.docker.internal' || h === 'gateway.docker.internal') return 'docker-host';
  const info = classifyAddress(h);
  if (info) {
    if (info.class === 'public') return 'public-ip';
    if (info.class === 'loopback') return 'loopback';
    if (info.class === 'private') return 'private-ip';
    return 'special';
  }
  // A name whose last label is a number is an IPv4 address or nothing (WHATWG URL): never a DNS name.
  if (endsInNumber(h)) return 'special';
  if (!h.includes('.')) return 'cluster-service';
  if (/\.svc$|\.svc\.cluster\.local$|\.cluster\.local$/.test(h)) return 'cluster-service';
  const parsed = domainOf(h);
  if (!parsed.isIcann || /\.(internal|local|localdomain|lan|home\.arpa|intranet|corp)$/.test(h)) return 'private-name';
  return 'public';
}

/** Whether a host goes through the internet egress path that the firewall policy controls. */
export function isInternet(hostClass: HostClass): boolean {
  return hostClass === 'public' || hostClass === 'public-ip';
}

/**
 * Checks a domain or wildcard for use as an allowed destination. Rejects a bare `*`, globs inside
 * the registrable domain, and anything that is not a domain. A wildcard is refused when its fixed
 * part is a public suffix (ICANN or private section), when a public suffix lies under it
 * (`*.amazonaws.com` covers `s3.amazonaws.com`), or when it is at or above a shared domain of the
 * catalog (tunnels, shared hosting); a name at or under a wildcard-DNS or out-of-band-testing
 * service is refused even without a wildcard. Each condition, once true for a domain, is true for
 * every parent of it, so the check is monotone: if `*.x.y` is refused, so is `*.y`.
 * Returns a reason for people, or undefined when it is fine.
 */
export function domainProblem(pattern: string): string | undefined {
  const p = pattern.toLowerCase();
  if (p === '*' || p === '*.*' || /^\*+$/.test(p)) return 'a bare "*" allows every host';
  if (p.includes('**')) return '"**" is not a wildcard Aviatrix supports';
  if (!/^[a-z0-9*._-]+$/.test(p)) return 'only letters, digits, ".", "-", "_" and "*" may appear in a domain';
  if (p.startsWith('.') || p.endsWith('.') || p.includes('..')) return 'has an empty label';
  const labels = p.split('.');
  const firstConcrete = labels.findIndex((l) => !l.includes('*'));
  // No concrete label at all (`a*.b*`) is a wildcard in the last label, too.
  if (firstConcrete === -1 || labels.slice(firstConcrete).some((l) => l.includes('*')))
    return 'a wildcard may only stand in the leftmost labels';
  const concrete = labels.slice(firstConcrete).join('.');
  const unsafe = sharedDomainUnder(concrete);
  if (unsafe)
    return `"${concrete}" is under ${unsafe.domain} (${unsafe.what}), whose names ${unsafe.kind === 'wildcard-dns' ? 'resolve to any address the asker writes into them' : 'exist to receive data from anywhere'}`;
  if (!p.includes('*')) {
    // An exact host may itself be a private suffix (s3.eu-central-1.amazonaws.com is an API
    // endpoint and, for the public suffix list, the parent of every bucket), never an ICANN one.
    return domainOf(concrete).domain ? undefined : `"${concrete}" is a public suffix (a top-level domain), not a host`;
  }
  if (isPublicSuffix(concrete) || !domainOf(concrete, true).domain)
    return `"${concrete}" is a public suffix, so the wildcard would allow names anyone can register`;
  if (hasSuffixBelow(concrete))
    return `public suffixes lie under "${concrete}" (names anyone can register), so the wildcard would allow them`;
  const shared = SHARED_DOMAINS.find((s) => s.domain === concrete || s.domain.endsWith(`.${concrete}`));
  if (shared) return `the wildcard covers ${shared.domain} (${shared.what}), where every tenant has names`;
  const registrable = domainOf(concrete, true).domain!;
  if (concrete.length < registrable.length)
    return `the wildcard covers part of the registrable domain "${registrable}"`;
  return undefined;
}

/** The wildcard-DNS or out-of-band-testing service a name is at or under, if any. */
function sharedDomainUnder(name: string): SharedDomain | undefined {
  return SHARED_DOMAINS.find(
    (s) =>
      (s.kind === 'wildcard-dns' || s.kind === 'oob-testing') && (name === s.domain || name.endsWith(`.${s.domain}`)),
  );
}

/**
 * Whether `host` matches `pattern` under one-label wildcard semantics (`*` matches exactly one
 * label, `a*` a label starting with `a`), the narrowest reading among the firewall backends.
 */
export function domainMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().split('.');
  const h = host.toLowerCase().split('.');
  if (p.length !== h.length) return false;
  return p.every((label, i) => labelMatches(label, h[i]));
}

/**
 * Whether a permit for `pattern` covers `host` the way the firewall reads it: `*.example.com`
 * matches every depth of sub-domain (Aviatrix web groups, like LibreChat's allow-lists), never the
 * apex; other globs (`api-*.example.com`) match label by label.
 */
export function permitCovers(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p === h) return true;
  if (p.startsWith('*.')) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
  return p.includes('*') && domainMatches(p, h);
}

function labelMatches(pattern: string, label: string): boolean {
  if (!pattern.includes('*')) return pattern === label;
  const re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('[a-z0-9_-]*')}$`);
  return re.test(label);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
