// Connection strings of data stores (mongodb://, mongodb+srv://, redis://, rediss://, http(s)://,
// plain host:port): their hosts, ports and whether they use TLS. Credentials are never kept.
import { normaliseHost } from '../policy/hosts';

export interface ConnectionTarget {
  scheme: string;
  hosts: { host: string; port?: number }[];
  tls: boolean;
  /** mongodb+srv: the hosts come from a DNS SRV lookup under this name. */
  srv: boolean;
}

export function parseConnectionString(value: string): ConnectionTarget | undefined {
  const text = value.trim();
  const m = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/]*@)?([^/?#]*)([^?#]*)(\?[^#]*)?/i.exec(text);
  if (!m) {
    const plain = /^(\[[^\]]+\]|[^:/\s]+)(?::(\d+))?$/.exec(text);
    return plain ? { scheme: '', hosts: [{ host: normaliseHost(plain[1]), port: plain[2] ? Number(plain[2]) : undefined }], tls: false, srv: false } : undefined;
  }
  const scheme = m[1].toLowerCase();
  const query = new URLSearchParams((m[4] ?? '').slice(1));
  const hosts = m[2].split(',').filter(Boolean).map((part) => {
    const hp = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(part);
    return hp ? { host: normaliseHost(hp[1]), port: hp[2] ? Number(hp[2]) : undefined } : { host: normaliseHost(part) };
  });
  const srv = scheme === 'mongodb+srv';
  const tlsParam = (query.get('tls') ?? query.get('ssl') ?? '').toLowerCase();
  const tls = scheme === 'https' || scheme === 'rediss' || scheme === 'wss' || (srv ? tlsParam !== 'false' : tlsParam === 'true');
  return { scheme, hosts, tls, srv };
}
