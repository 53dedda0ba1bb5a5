// Connection strings of data stores and services (mongodb://, mongodb+srv://, redis://,
// rediss://, ldap(s)://, http(s)://, plain host:port): their hosts, ports and whether they use TLS.
// The one place such strings are taken apart. Credentials are never kept, and a password may hold
// "/", ":" or "@": the host part starts after the last "@" of the authority.
import { canonicalIp, isIP } from './ip-text';
import { domainToASCII } from 'node:url';

export interface ConnectionTarget {
  scheme: string;
  hosts: { host: string; port?: number }[];
  tls: boolean;
  /** mongodb+srv: the hosts come from a DNS SRV lookup under this name. */
  srv: boolean;
}

const HOST = /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/;

/** The connection string's targets, or undefined when it is not one (never echo the input: it may hold a password). */
export function parseConnectionString(value: string): ConnectionTarget | undefined {
  const text = value.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  let rest = scheme ? text.slice(scheme[0].length) : text;
  // The query and fragment never hold the host; the userinfo ends at the last "@" before them.
  const queryAt = rest.search(/[?#]/);
  const query = queryAt >= 0 ? rest.slice(queryAt + 1) : '';
  if (queryAt >= 0) rest = rest.slice(0, queryAt);
  const at = rest.lastIndexOf('@');
  if (at >= 0) rest = rest.slice(at + 1);
  const authority = rest.split('/')[0];
  if (!authority) return undefined;
  const hosts: ConnectionTarget['hosts'] = [];
  for (const part of authority.split(',')) {
    const hp = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(part);
    if (!hp) return undefined;
    const host = normaliseHost(hp[1]);
    if (!isIP(host) && !HOST.test(host)) return undefined;
    const port = hp[2] ? Number(hp[2]) : undefined;
    if (port !== undefined && (port < 1 || port > 65535)) return undefined;
    hosts.push({ host, port });
  }
  const name = scheme ? scheme[1].toLowerCase() : '';
  const params = new URLSearchParams(query);
  const srv = name === 'mongodb+srv';
  const tlsParam = (params.get('tls') ?? params.get('ssl') ?? '').toLowerCase();
  const tls = ['https', 'rediss', 'wss', 'ldaps'].includes(name) || (srv ? tlsParam !== 'false' : tlsParam === 'true');
  return { scheme: name, hosts, tls, srv };
}

/** A host name as LibreChat's clients reach it: no brackets or trailing dot, lower-case, punycode. */
export function normaliseHost(hostname: string): string {
  const bare = hostname
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/\.+$/, '')
    .toLowerCase();
  const ip = canonicalIp(bare);
  if (ip) return ip;
  if (isIP(bare)) return bare;
  return domainToASCII(bare) || bare;
}
