// MCP servers. Remote servers (sse, streamable-http, websocket) on the internet are destinations
// of the LibreChat pod: their URL host and OAuth hosts, one group per server. Remote servers in the
// cluster are workloads of their own, placed and given their downstream hosts by the overlay.
// Stdio servers are child processes inside the LibreChat pod: the package launchers they use and
// what they reach are findings, and their downstream hosts (catalog or overlay) join LibreChat's.
import { KNOWN_STDIO_SERVERS, launchedPackage, packageKey, runPackages } from '../../catalog/mcp';
import { resolve } from '../../config/env';
import type { McpOverlay, OverlayServer } from '../../config/overlay';
import { allowlistAdmits, parseAllowlistEntry, type AllowlistEntry } from '../allowlists';
import { LIBRECHAT_WORKLOAD, type Derivation, type GroupSpec } from '../context';
import { classifyHost, isInternet, parseUrlTarget } from '../hosts';
import { stableName, uniqueName } from '../names';
import type { SourceRef } from '../model';
import { asRecord, asString, asStringList } from './values';
import { isProxyVariable, proxyHop } from './proxy';

const OAUTH_URL_KEYS = ['authorization_url', 'token_url', 'revocation_endpoint', 'redirect_uri'] as const;

export interface McpDerivationOptions {
  /** TLS inspection is on: stdio servers need NODE_EXTRA_CA_CERTS in their own env. */
  decrypt: boolean;
  /** LibreChat's namespace: the default for in-cluster servers named by a bare service name. */
  namespace: string;
  overlay?: McpOverlay;
}

export function deriveMcpServers(d: Derivation, opts: McpDerivationOptions): void {
  const servers = asRecord(d.get(['mcpServers']));
  const stdioNames: string[] = [];
  const fetches: PackageFetch[] = [];
  const oauthUnknown: string[] = [];
  const allowed = d.allowlist(['mcpSettings', 'allowedDomains']);
  for (const name of Object.keys(servers).sort()) {
    const server = asRecord(servers[name]);
    const path = ['mcpServers', name];
    const label = `mcpServers.${name}`;
    const spec: GroupSpec = {
      name: ['mcp', name],
      kind: 'mcp',
      title: `MCP server "${name}"`,
      source: d.at(path, label),
    };
    const overlay = opts.overlay?.servers.get(name);
    if (typeof server.command === 'string' || server.type === 'stdio') {
      stdioNames.push(name);
      deriveStdioServer(d, name, server, spec, opts, fetches);
      if (overlay) overlayEgress(d, spec, overlay, 'stdio');
      continue;
    }
    if (inClusterServer(d, server, path, opts, name, overlay)) continue;
    if (overlay) overlayEgress(d, spec, overlay, 'remote');
    if (server.url === undefined) {
      d.finding('invalid-url', 'mcp-no-url-or-command', { label }, `${label}.url`, spec.source);
      continue;
    }
    if (server.proxy !== undefined) {
      const proxySource = d.at([...path, 'proxy'], `${label}.proxy`);
      const proxy = asString(server.proxy);
      if (proxy)
        proxyHop(
          d,
          { ...spec, name: ['mcp', name, 'proxy'], kind: 'proxy', title: `proxy of MCP server "${name}"` },
          proxy,
          proxySource,
          `${label}.proxy`,
          label,
        );
      else d.finding('invalid-url', 'mcp-proxy-string', { label }, `${label}.proxy`, proxySource);
    }
    const r = d.addUrl(spec, [...path, 'url'], server.type === 'websocket' ? 'MCP over WebSocket' : 'MCP over HTTP', {
      label: `${label}.url`,
    });
    if (r && allowed) crossCheckServer(d, label, r.value, allowed);
    const oauth = asRecord(server.oauth);
    for (const key of OAUTH_URL_KEYS) {
      if (key === 'redirect_uri' || oauth[key] === undefined) continue;
      d.addUrl(spec, [...path, 'oauth', key], `OAuth ${key.replace(/_/g, ' ')}`, { label: `${label}.oauth.${key}` });
    }
    if (r) discoveredOAuth(d, name, server, r.value, Boolean(overlay?.egress.length), spec, oauthUnknown);
    if (server.obo !== undefined && d.env.isSet('OPENID_ISSUER')) {
      d.addUrlText(
        spec,
        d.env.value('OPENID_ISSUER')!,
        d.envSource('OPENID_ISSUER'),
        'OpenID on-behalf-of token exchange',
      );
    }
  }
  reportPackageFetches(d, fetches);
  if (oauthUnknown.length > 0) {
    d.finding('mcp-oauth-discovery', 'servers', { oauthUnknown }, undefined, d.at(['mcpServers']));
  }
  if (stdioNames.length > 0) {
    d.finding('stdio-shared-identity', 'servers', { stdioNames }, undefined, d.at(['mcpServers']));
  }
  deriveUserCreatedServers(d, allowed);
  for (const [name, overlay] of opts.overlay?.servers ?? []) {
    if (!(name in servers)) {
      d.finding('overlay-mismatch', 'not-configured', { file: opts.overlay!.file, name }, name, overlay.source);
    }
  }
}

/**
 * A remote server whose URL is a service in the cluster runs as its own workload: the overlay
 * must say which pods it is (labels) and what they reach; the LibreChat pod gets an edge to it.
 * Returns false when the server is not in the cluster (or its URL is unusable).
 */
function inClusterServer(
  d: Derivation,
  server: Record<string, unknown>,
  path: string[],
  opts: McpDerivationOptions,
  name: string,
  overlay: OverlayServer | undefined,
): boolean {
  if (typeof server.url !== 'string') return false;
  const r = resolve(server.url, d.env);
  if (r.unresolved.length || r.userProvided || r.placeholders.length) return false;
  const target = parseUrlTarget(r.value);
  if ('error' in target || classifyHost(target.host) !== 'cluster-service') return false;
  const label = `mcpServers.${name}`;
  const source = d.at([...path, 'url'], `${label}.url`);
  if (!overlay?.matchLabels) {
    d.finding(
      'overlay-mismatch',
      'in-cluster-no-labels',
      { described: overlay !== undefined, host: target.host, label, name },
      name,
      overlay?.source ?? source,
    );
    d.addHost(
      { name: ['mcp', name], kind: 'mcp', title: `MCP server "${name}"`, source },
      target.host,
      target.port,
      'MCP over HTTP',
      source,
    );
    return true;
  }
  // Two servers whose names slug alike ("docs one", "docs-one") must not share one identity.
  const id = uniqueName(stableName(['mcp', name]), new Set(d.workloads.keys()));
  const labels = target.host.split('.');
  const namespace = overlay.namespace ?? (labels.length >= 2 && labels[1] !== 'svc' ? labels[1] : opts.namespace);
  const port = overlay.port ?? target.port;
  d.addWorkload({
    id,
    title: `MCP server "${name}"`,
    role: 'mcp-server',
    namespace,
    matchLabels: overlay.matchLabels,
    ports: [port],
    source: overlay.source,
  });
  d.addEdge({ from: LIBRECHAT_WORKLOAD, to: id, port, purpose: `MCP server "${name}"`, source });
  const spec: GroupSpec = {
    name: ['downstream', name],
    kind: 'mcp',
    title: `hosts MCP server "${name}" reaches`,
    source: overlay.source,
    workload: id,
  };
  const declared = overlayEgress(d, spec, overlay, 'cluster');
  if (!declared) {
    d.finding('mcp-downstream-unknown', 'server', { name }, name, overlay.source);
  }
  return true;
}

/** The overlay's downstream hosts (and catalog hosts) of one server; whether any were declared. */
function overlayEgress(
  d: Derivation,
  spec: GroupSpec,
  overlay: OverlayServer,
  placement: 'stdio' | 'remote' | 'cluster',
): boolean {
  if (overlay.matchLabels && placement !== 'cluster') {
    d.finding(
      'overlay-mismatch',
      'labels-unused',
      { name: overlay.name, placement },
      `${overlay.name}:matchLabels`,
      overlay.source,
    );
  }
  let declared = false;
  for (const { value, source } of overlay.egress) {
    const parsed = parseAllowlistEntry(value);
    if ('error' in parsed) {
      d.finding('wildcard-too-broad', 'egress-entry', { error: parsed.error, path: source.path }, source.path, source);
      continue;
    }
    d.addHost(spec, parsed.host, parsed.port ?? 443, 'declared in the overlay', source, { wildcard: true });
    declared = true;
  }
  if (overlay.catalog) {
    const reach = KNOWN_STDIO_SERVERS[packageKey(overlay.catalog)];
    if (reach?.kind === 'hosts') {
      for (const host of reach.hosts)
        d.addHost(spec, host, 443, `${packageKey(overlay.catalog)} API (built-in catalog)`, overlay.source);
      declared = true;
    } else if (reach?.kind === 'none') {
      declared = true;
    } else {
      d.finding(
        'overlay-mismatch',
        'catalog-package',
        { known: reach !== undefined, name: overlay.name, pkg: overlay.catalog },
        `${overlay.name}:catalog`,
        overlay.source,
      );
    }
  }
  return declared;
}

interface PackageFetch {
  name: string;
  run: string;
  pkg?: string;
  launcher: { command: string; registry: string; mirrorVariables: string[] };
  source: SourceRef;
}

/**
 * stdio servers that download their package at every start: one finding per server when one
 * launcher has one, else one finding per launcher listing every server (ten `npx` servers are one
 * decision, not ten).
 */
function reportPackageFetches(d: Derivation, fetches: PackageFetch[]): void {
  const byLauncher = new Map<string, PackageFetch[]>();
  for (const f of fetches) byLauncher.set(f.launcher.command, [...(byLauncher.get(f.launcher.command) ?? []), f]);
  for (const [command, list] of [...byLauncher].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const first = list[0];
    const mirror = first.launcher.mirrorVariables[0];
    if (list.length === 1) {
      d.finding(
        'stdio-package-fetch',
        'server',
        { mirror, name: first.name, pkg: first.pkg, registry: first.launcher.registry, run: first.run },
        first.name,
        first.source,
      );
      continue;
    }
    d.finding(
      'stdio-package-fetch',
      'launcher',
      { command, mirror, registry: first.launcher.registry, servers: list.map(({ name, run }) => ({ name, run })) },
      command,
      first.source,
    );
  }
}

function deriveStdioServer(
  d: Derivation,
  name: string,
  server: Record<string, unknown>,
  spec: GroupSpec,
  opts: McpDerivationOptions,
  fetches: PackageFetch[],
): void {
  const label = `mcpServers.${name}`;
  const command = asString(server.command) ?? '';
  const args = asStringList(server.args);
  const env = asRecord(server.env);
  for (const [key, value] of Object.entries(env)) {
    if (!isProxyVariable(key) || typeof value !== 'string' || !value.trim()) continue;
    proxyHop(
      d,
      { ...spec, name: ['mcp', name, 'proxy'], kind: 'proxy', title: `proxy of MCP server "${name}"` },
      value,
      d.at(['mcpServers', name, 'env', key], `${label}.env.${key}`),
      `${label}.env.${key}`,
      `${label}.env.${key}`,
    );
  }
  // The launcher may hide behind env, a shell (`sh -c "..."`), npm exec, python -m, ...
  const launched = launchedPackage(command, args);
  const pkgs = [...new Set(runPackages(command, args).map(packageKey))];
  const commandSource = d.at(['mcpServers', name, 'command'], `${label}.command`);
  if (launched) {
    const mirrorVar = launched.launcher.mirrorVariables.find((v) => typeof env[v] === 'string');
    if (mirrorVar) {
      d.addUrl(
        {
          name: ['mirror', name],
          kind: 'package-mirror',
          title: `package mirror of MCP server "${name}"`,
          source: spec.source,
        },
        ['mcpServers', name, 'env', mirrorVar],
        `${launched.launcher.command} package download`,
        { label: `${label}.env.${mirrorVar}` },
      );
    } else {
      fetches.push({
        name,
        run: [launched.launcher.command, launched.pkg].filter(Boolean).join(' '),
        pkg: launched.pkg,
        launcher: launched.launcher,
        source: commandSource,
      });
    }
  }
  const unbounded = pkgs.find((p) => KNOWN_STDIO_SERVERS[p]?.kind === 'unbounded');
  if (unbounded) {
    const reach = KNOWN_STDIO_SERVERS[unbounded] as { kind: 'unbounded'; why: string };
    d.finding('stdio-unbounded', 'package', { label, unbounded, why: reach.why }, name, commandSource);
  }
  for (const pkg of pkgs) {
    const reach = KNOWN_STDIO_SERVERS[pkg];
    if (reach?.kind !== 'hosts') continue;
    const urlVar = reach.urlVariable && typeof env[reach.urlVariable] === 'string' ? reach.urlVariable : undefined;
    if (urlVar) {
      d.addUrl(spec, ['mcpServers', name, 'env', urlVar], `${pkg} API`, {
        label: `${label}.env.${urlVar}`,
      });
    } else {
      for (const host of reach.hosts) d.addHost(spec, host, 443, `${pkg} API (built-in catalog)`, commandSource);
    }
  }
  if (opts.decrypt && typeof env.NODE_EXTRA_CA_CERTS !== 'string') {
    d.finding('stdio-ca-env', 'server', { label }, name, d.at(['mcpServers', name], label));
  }
}

/** Remote MCP servers whose OAuth authorization server is known to be on another host (row 54). */
const KNOWN_MCP_AUTH_SERVERS: Record<string, string[]> = {
  // GitHub's remote MCP server announces github.com/login/oauth as its authorization server.
  'api.githubcopilot.com': ['github.com'],
};

/**
 * Row 54: an MCP server without explicit OAuth URLs or an Authorization header may announce an
 * authorization server on another host. Known servers get that host; others are listed in one
 * warning (a server the overlay gives egress for is taken as declared).
 */
function discoveredOAuth(
  d: Derivation,
  name: string,
  server: Record<string, unknown>,
  url: string,
  overlayEgress: boolean,
  spec: GroupSpec,
  unknown: string[],
): void {
  const oauth = asRecord(server.oauth);
  if (OAUTH_URL_KEYS.some((k) => k !== 'redirect_uri' && oauth[k] !== undefined)) return;
  const headers = asRecord(server.headers);
  if (Object.keys(headers).some((h) => h.toLowerCase() === 'authorization')) return;
  const target = parseUrlTarget(url);
  if ('error' in target || !isInternet(classifyHost(target.host))) return;
  const known = KNOWN_MCP_AUTH_SERVERS[target.host];
  if (known) {
    for (const host of known)
      d.addHost(
        spec,
        host,
        443,
        'OAuth authorization server (discovered, RFC 9728)',
        d.at(['mcpServers', name, 'url']),
      );
    return;
  }
  if (!overlayEgress) unknown.push(name);
}

type AllowedDomains = NonNullable<ReturnType<Derivation['allowlist']>>;

function crossCheckServer(d: Derivation, label: string, url: string, allowed: AllowedDomains): void {
  const target = parseUrlTarget(url);
  if ('error' in target) return;
  if (!allowed.some(({ entry }) => allowlistAdmits(entry, target.host, target.port))) {
    d.finding(
      'allowlist-contradiction',
      'server-not-allowed',
      { host: target.host, label, port: target.port },
      `${label}.url`,
      d.at(['mcpSettings', 'allowedDomains']),
    );
  }
}

/**
 * `interface.mcpServers.create` (default true) lets users add remote MCP servers. Bounded by
 * `mcpSettings.allowedDomains` they become one group of those domains; unbounded, an error.
 */
function deriveUserCreatedServers(d: Derivation, allowed: AllowedDomains | undefined): void {
  const create = asRecord(asRecord(d.get(['interface'])).mcpServers).create;
  const createPath = ['interface', 'mcpServers', 'create'];
  const createSource =
    create === undefined ? d.builtin('interface.mcpServers.create (LibreChat default: true)') : d.at(createPath);
  if (create === false) {
    if (allowed) {
      for (const { entry, index } of allowed) {
        if (isInternet(entry.hostClass) && !anyGroupServes(d, entry)) {
          d.finding(
            'allowlist-contradiction',
            'entry-unused',
            { host: entry.host },
            `mcpSettings.allowedDomains[${index}]`,
            d.at(['mcpSettings', 'allowedDomains', index]),
          );
        }
      }
    }
    return;
  }
  if (!allowed) {
    // `create: true` written in the config is a declared, unbounded destination: an error. The
    // LibreChat default (create unset) is a warning: users will see their own servers denied.
    d.finding(
      'mcp-user-servers',
      'unbounded',
      { defaulted: create === undefined },
      undefined,
      createSource,
      create === undefined ? 'warning' : 'error',
    );
    return;
  }
  const spec: GroupSpec = {
    name: ['mcp', 'user-servers'],
    kind: 'mcp',
    title: 'user-created MCP servers (mcpSettings.allowedDomains)',
    source: d.at(['mcpSettings', 'allowedDomains']),
  };
  let added = 0;
  for (const { entry, source } of allowed) {
    if (anyGroupServes(d, entry)) continue;
    d.addHost(spec, entry.host, entry.port ?? 443, 'user-created MCP servers', source, { wildcard: true });
    if (isInternet(entry.hostClass)) added++;
  }
  const allowedText =
    added > 0
      ? `its other internet hosts are allowed as the group ${stableName(spec.name)}`
      : 'its internet hosts are those of the configured servers, so no host is added for them';
  d.finding('mcp-user-servers', 'bounded', { allowedText }, 'bounded', createSource, 'warning');
}

function anyGroupServes(d: Derivation, entry: AllowlistEntry): boolean {
  for (const group of d.groups.values()) {
    if (group.kind !== 'mcp') continue;
    if (
      group.destinations.some(
        (dest) => dest.host === entry.host && (entry.port === undefined || entry.port === dest.port),
      )
    )
      return true;
  }
  return false;
}
