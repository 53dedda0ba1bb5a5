// LibreChat's own allow-lists (`mcpSettings.allowedDomains`, `actions.allowedDomains`): entries
// are `host`, `*.host` or `scheme://host[:port]`. They are parsed here for two uses: as the bound
// of what users may reach (Actions, user-created MCP servers) and to cross-check the policy.
import { isIP } from '../config/ip-text';
import { classifyHost, defaultPort, domainMatches, domainProblem, normaliseHost, type HostClass } from './hosts';

export interface AllowlistEntry {
  host: string;
  /** Undefined when the entry names no scheme or port (LibreChat then allows any). */
  port?: number;
  hostClass: HostClass;
}

export function parseAllowlistEntry(raw: string): AllowlistEntry | { error: string } {
  const text = raw.trim();
  let host: string;
  let port: number | undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (scheme) {
    const authority = text.slice(scheme[0].length).split(/[/?#]/)[0];
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(authority);
    if (!m) return { error: 'is not scheme://host[:port]' };
    host = m[1];
    port = m[2] ? Number(m[2]) : defaultPort(scheme[1].toLowerCase());
    if (port === undefined) return { error: `uses the scheme ${scheme[1]}, not http(s) or ws(s)` };
  } else {
    const m = /^(\[[^\]]+\]|[^:/]+)(?::(\d+))?$/.exec(text);
    if (!m) return { error: 'is not a host, *.domain or scheme://host[:port]' };
    host = m[1];
    port = m[2] ? Number(m[2]) : undefined;
  }
  const wildcard = host.startsWith('*.');
  const bare = normaliseHost(wildcard ? host.slice(2) : host);
  const normalised = wildcard ? `*.${bare}` : bare;
  const hostClass = classifyHost(bare);
  // Names that never leave the cluster are not matched by the firewall; only internet domains
  // (and wildcards over them) must be narrow.
  if (!isIP(bare) && (normalised.includes('*') || hostClass === 'public')) {
    const problem = domainProblem(normalised);
    if (problem) return { error: problem };
  }
  return { host: normalised, port, hostClass };
}

/** Whether an allow-list entry admits host:port. */
export function allowlistAdmits(entry: AllowlistEntry, host: string, port: number): boolean {
  if (entry.port !== undefined && entry.port !== port) return false;
  if (entry.host.startsWith('*.')) {
    // LibreChat's `*.example.com` matches any depth of sub-domain, never the apex.
    return host.endsWith(entry.host.slice(1));
  }
  return entry.host === host || domainMatches(entry.host, host);
}
