// Proxies: every hop that bypasses the allow-list. A proxy on the internet reaches whatever it is
// asked to, so the firewall's per-provider groups bound nothing behind it: an error, unless the
// deployment declares that proxy as its egress path (DeriveOptions.egressProxy), in which case only
// that proxy is allowed and the finding says where the allow-list must then be enforced.
// Settings: PROXY (LibreChat, fact sheet row 95), HTTP(S)_PROXY / ALL_PROXY in any case (Node's
// and Python's HTTP clients), GLOBAL_AGENT_* (global-agent), the per-MCP-server `proxy` (row 52,
// packages/api/src/mcp/connection.ts), RAG_*_PROXY (row 96, rag_api app/config.py:202-205) and the
// same variables in a stdio MCP server's own env.
import { resolve } from '../../config/env';
import type { Derivation, GroupSpec } from '../context';
import { classifyHost, isInternet, parseUrlTarget } from '../hosts';
import type { SourceRef } from '../model';
import { withFields } from '../../config/source';

/** Env variable names (compared upper-case) that send HTTP traffic through a proxy. */
export const PROXY_VARIABLES: ReadonlySet<string> = new Set([
  'PROXY',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'ALL_PROXY',
  'GLOBAL_AGENT_HTTP_PROXY',
  'GLOBAL_AGENT_HTTPS_PROXY',
  'NPM_CONFIG_PROXY',
  'NPM_CONFIG_HTTPS_PROXY',
]);

export function isProxyVariable(name: string): boolean {
  return PROXY_VARIABLES.has(name.toUpperCase());
}

/** The declared egress proxy, as host and port (set from DeriveOptions.egressProxy). */
export interface EgressProxy {
  host: string;
  port: number;
  source: SourceRef;
}

/**
 * One proxy setting. `subject` is the finding id's subject (the variable or config path),
 * `label` names the setting for people. Internet proxies are allowed only when declared.
 */
export function proxyHop(
  d: Derivation,
  spec: GroupSpec,
  raw: string,
  source: SourceRef,
  label: string,
  subject: string,
): void {
  const r = resolve(raw, d.env);
  if (!d.usable(r, source, spec.title)) return;
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(r.value.trim()) ? r.value.trim() : `http://${r.value.trim()}`;
  const target = parseUrlTarget(text.replace(/^socks[45]?h?:/i, 'http:'));
  if ('error' in target) {
    d.finding('invalid-url', 'proxy-url', { error: target.error, label }, subject, source);
    return;
  }
  const via = r.via ? withFields(source, { via: r.via }) : source;
  const hostClass = classifyHost(target.host);
  if (!isInternet(hostClass)) {
    // Special-purpose targets are refused by addHost; an in-cluster proxy is its own workload.
    d.addHost(spec, target.host, target.port, 'HTTP(S) proxy', via);
    if (hostClass !== 'special')
      d.finding('egress-proxy', 'in-cluster', { host: target.host, label, port: target.port }, subject, via, 'warning');
    return;
  }
  const declared = d.egressProxy;
  if (declared && declared.host === target.host && declared.port === target.port) {
    d.addHost(spec, target.host, target.port, 'declared egress proxy', via);
    d.finding(
      'egress-proxy',
      'declared',
      { host: target.host, label, path: declared.source.path, port: target.port },
      subject,
      via,
      'warning',
    );
    return;
  }
  d.finding(
    'egress-proxy',
    'internet',
    {
      declared: declared ? `${declared.host}:${declared.port}` : undefined,
      host: target.host,
      label,
      port: target.port,
    },
    subject,
    via,
  );
}

/** The env proxies of LibreChat itself: every proxy variable, in any case. */
export function deriveEnvProxies(d: Derivation): void {
  for (const [name, entry] of d.env.all()) {
    if (!isProxyVariable(name) || !entry.value.trim()) continue;
    const source = d.envSource(name);
    proxyHop(
      d,
      { name: ['proxy'], kind: 'proxy', title: `outbound proxy (${name})`, source },
      entry.value,
      source,
      name,
      name,
    );
  }
}
