// What the LibreChat server itself reaches outside chat: sign-in providers, a remote config file,
// proxies, telemetry, e-mail, legacy tools turned on by env, and data stores outside the cluster.
import { ENV_TOOLS, SOCIAL_LOGINS } from '../../catalog/providers';
import type { Derivation, GroupSpec } from '../context';
import { parseConnectionString } from '../../config/uri';
import { classifyHost, isInternet } from '../hosts';
import { asRecord, asString } from './values';
import { deriveEnvProxies } from './proxy';

export function derivePlatform(d: Derivation): void {
  deriveSocialLogins(d);
  deriveOpenId(d);
  deriveRemoteConfig(d);
  deriveSkillSync(d);
  deriveEnvProxies(d);
  deriveTelemetry(d);
  deriveEnvTools(d);
  deriveNonHttpServices(d);
  deriveEndpointReferences(d);
}

function deriveSocialLogins(d: Derivation): void {
  for (const login of SOCIAL_LOGINS) {
    if (!d.env.isSet(login.enabledBy)) continue;
    const source = d.envSource(login.enabledBy);
    const spec: GroupSpec = {
      name: ['auth', login.name],
      kind: 'auth',
      title: `${login.name} sign-in (${login.enabledBy})`,
      source,
    };
    if (login.urlVariable && d.env.isSet(login.urlVariable)) {
      d.addUrlText(spec, d.env.value(login.urlVariable)!, d.envSource(login.urlVariable), 'OAuth token and user info');
      continue;
    }
    for (const host of login.hosts) d.addHost(spec, host, 443, 'OAuth token and user info', source);
  }
}

function deriveOpenId(d: Derivation): void {
  if (!d.env.isSet('OPENID_ISSUER')) return;
  const source = d.envSource('OPENID_ISSUER');
  const spec: GroupSpec = {
    name: ['auth', 'openid'],
    kind: 'auth',
    title: 'OpenID Connect sign-in (OPENID_ISSUER)',
    source,
  };
  const r = d.addUrlText(spec, d.env.value('OPENID_ISSUER')!, source, 'OpenID discovery, JWKS, token and user info');
  if (
    r &&
    /login\.microsoftonline\.com/i.test(r.value) &&
    (d.env.isTrue('OPENID_ON_BEHALF_FLOW_FOR_USERINFO_REQUIRED') ||
      d.env.isTrue('USE_ENTRA_ID_FOR_PEOPLE_SEARCH') ||
      d.env.isSet('OPENID_GRAPH_SCOPES'))
  ) {
    d.addHost(spec, 'graph.microsoft.com', 443, 'Microsoft Graph (people search, on-behalf-of)', source);
  }
}

function deriveRemoteConfig(d: Derivation): void {
  const path = d.env.value('CONFIG_PATH');
  if (!path || !/^https?:\/\//i.test(path.trim())) return;
  d.addUrlText(
    {
      name: ['config', 'remote'],
      kind: 'config',
      title: 'remote librechat.yaml (CONFIG_PATH)',
      source: d.envSource('CONFIG_PATH'),
    },
    path,
    d.envSource('CONFIG_PATH'),
    'download of librechat.yaml at start-up',
  );
}

/** skillSync.github pulls agent skills from GitHub repositories through the GitHub API. */
function deriveSkillSync(d: Derivation): void {
  const github = asRecord(asRecord(d.get(['skillSync'])).github);
  if (github.enabled === false || !Array.isArray(github.sources) || github.sources.length === 0) return;
  const source = d.at(['skillSync', 'github']);
  d.addHost(
    { name: ['tools', 'skill-sync'], kind: 'tools', title: 'skill sync from GitHub (skillSync.github)', source },
    'api.github.com',
    443,
    'GitHub API (skill sources)',
    source,
  );
}

function deriveTelemetry(d: Derivation): void {
  const yaml = d.get(['langfuse']);
  const enabledByEnv = d.env.isSet('LANGFUSE_PUBLIC_KEY') && d.env.isSet('LANGFUSE_SECRET_KEY');
  const yamlEnabled = yaml !== undefined && asRecord(yaml).enabled !== false;
  if (enabledByEnv || yamlEnabled) {
    const source = yamlEnabled ? d.at(['langfuse']) : d.envSource('LANGFUSE_PUBLIC_KEY');
    const spec: GroupSpec = { name: ['telemetry', 'langfuse'], kind: 'telemetry', title: 'Langfuse tracing', source };
    if (d.env.isSet('LANGFUSE_BASE_URL'))
      d.addUrlText(spec, d.env.value('LANGFUSE_BASE_URL')!, d.envSource('LANGFUSE_BASE_URL'), 'trace export');
    else d.addUrlText(spec, 'https://cloud.langfuse.com', source, 'trace export (default host)');
  }
  const otel = ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_ENDPOINT'].find((v) => d.env.isSet(v));
  if (otel) {
    d.addUrlText(
      {
        name: ['telemetry', 'otel'],
        kind: 'telemetry',
        title: `OpenTelemetry exporter (${otel})`,
        source: d.envSource(otel),
      },
      d.env.value(otel)!,
      d.envSource(otel),
      'trace export',
    );
  }
}

function deriveEnvTools(d: Derivation): void {
  for (const tool of ENV_TOOLS) {
    const enabledBy = tool.enabledBy.find((v) => (v === 'OPENAI_MODERATION' ? d.env.isTrue(v) : d.env.isSet(v)));
    if (!enabledBy) continue;
    const source = d.envSource(enabledBy);
    const spec: GroupSpec = {
      name: ['tools', tool.title],
      kind: 'tools',
      title: `${tool.title} (${enabledBy})`,
      source,
    };
    if (tool.urlVariable && d.env.isSet(tool.urlVariable))
      d.addUrlText(spec, d.env.value(tool.urlVariable)!, d.envSource(tool.urlVariable), tool.title);
    else if (tool.defaultUrl) d.addUrlText(spec, tool.defaultUrl, source, `${tool.title} (default host)`);
  }
}

/**
 * Destinations reached over protocols a web group cannot match by name (SMTP, LDAP): in the
 * cluster they are internal; on the internet they are reported, not opened. Data stores are in
 * workloads.ts.
 */
function deriveNonHttpServices(d: Derivation): void {
  const services: { variable: string; title: string; port: number }[] = [
    { variable: 'EMAIL_HOST', title: 'SMTP e-mail (EMAIL_HOST)', port: Number(d.env.value('EMAIL_PORT') ?? 25) || 25 },
    {
      variable: 'LDAP_URL',
      title: 'LDAP sign-in (LDAP_URL)',
      port: /^ldaps:/i.test(d.env.value('LDAP_URL') ?? '') ? 636 : 389,
    },
  ];
  for (const s of services) {
    const value = d.env.value(s.variable);
    if (!value || !value.trim()) continue;
    const source = d.envSource(s.variable);
    const target = parseConnectionString(value);
    if (!target) {
      d.finding(
        'invalid-url',
        s.variable,
        `${s.variable} is not a host or URL this tool can read; ${s.title} is not allowed.`,
        `Set ${s.variable} to a host name.`,
        source,
      );
      continue;
    }
    const { host } = target.hosts[0];
    const port = target.hosts[0].port ?? s.port;
    if (!isInternet(classifyHost(host))) {
      d.addHost(
        { name: ['data', s.variable], kind: 'data-store', title: s.title, source },
        host,
        port,
        s.title,
        source,
      );
      continue;
    }
    d.finding(
      'non-http-destination',
      s.variable,
      `${s.title} is reached at ${host}:${port} over a non-HTTP protocol; an Aviatrix web group matches only HTTP and TLS by name, so this policy does not allow it and the catch-all denies it.`,
      `Allow ${host}:${port} with a controller-side FQDN or CIDR SmartGroup rule, or run the service inside the cluster.`,
      source,
    );
  }
}

/** memory.agent.provider, summarization.provider and *.titleEndpoint name endpoints: check them. */
function deriveEndpointReferences(d: Derivation): void {
  const known = new Set<string>([
    'openai',
    'azureopenai',
    'anthropic',
    'google',
    'bedrock',
    'assistants',
    'agents',
    'custom',
  ]);
  for (const e of Array.isArray(d.get(['endpoints', 'custom'])) ? (d.get(['endpoints', 'custom']) as unknown[]) : []) {
    const name = asString(asRecord(e).name);
    if (name) known.add(name.trim().toLowerCase());
  }
  const refs: { path: (string | number)[]; value: unknown }[] = [
    { path: ['memory', 'agent', 'provider'], value: d.get(['memory', 'agent', 'provider']) },
    { path: ['summarization', 'provider'], value: d.get(['summarization', 'provider']) },
  ];
  for (const { path, value } of refs) {
    if (typeof value !== 'string' || known.has(value.trim().toLowerCase())) continue;
    d.finding(
      'unknown-endpoint-reference',
      path.join('.'),
      `${path.join('.')} names the endpoint "${value}", which is not configured; its requests go nowhere this policy allows.`,
      'Name a configured endpoint (a custom endpoint name or openAI, anthropic, google, azureOpenAI, bedrock).',
      d.at(path),
    );
  }
}
