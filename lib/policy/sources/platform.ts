// What the LibreChat server itself reaches outside chat: sign-in providers, a remote config file,
// proxies, telemetry, e-mail, legacy tools turned on by env, and data stores outside the cluster.
import {
  ADMIN_PANEL_VARIABLE,
  DALLE_DEFAULT_URL,
  DALLE_IMAGE_HOST,
  ENV_TOOLS,
  FLUX_DEFAULT_URL,
  FLUX_DELIVERY_HOSTS,
  GEMINI_API_HOST,
  openIdProviderHosts,
  SOCIAL_LOGINS,
  USER_KEY_TOOLS,
} from '../../catalog/providers';
import { agentCapabilities } from './agents';
import { parseUrlTarget } from '../hosts';
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
  deriveRumProxy(d);
  deriveEnvTools(d);
  deriveImageTools(d);
  deriveUserKeyTools(d);
  deriveNonHttpServices(d);
  deriveEndpointReferences(d);
}

/**
 * The storage strategy of avatars: fileStrategies.avatar, else fileStrategy, else local
 * (api/server/services/Files/strategies.js).
 */
function avatarStrategy(d: Derivation): string {
  const avatar = asString(asRecord(d.get(['fileStrategies'])).avatar);
  return (avatar ?? asString(d.get(['fileStrategy'])) ?? 'local').trim().toLowerCase();
}

function deriveSocialLogins(d: Derivation): void {
  // Row 73 (api/strategies/process.js:23-41,106-116; socialLogin.js:96,138-140): with a non-local
  // strategy the server downloads the avatar and uploads it; a failure aborts the login.
  const avatars = avatarStrategy(d) !== 'local';
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
    } else {
      for (const host of login.hosts) d.addHost(spec, host, 443, 'OAuth token and user info', source);
    }
    if (avatars)
      for (const host of login.avatarHosts ?? [])
        d.addHost(spec, host, 443, `avatar download (file strategy ${avatarStrategy(d)})`, source);
    // Row 74: the admin panel refreshes its Google session through the server; without an admin
    // panel the route is never called.
    if (d.env.isSet(ADMIN_PANEL_VARIABLE))
      for (const { host, purpose } of login.adminRefreshHosts ?? [])
        d.addHost(spec, host, 443, `${purpose}, ${ADMIN_PANEL_VARIABLE} is set`, d.envSource(ADMIN_PANEL_VARIABLE));
  }
}

/**
 * OPENID_* variables LibreChat reads as an endpoint instead of the discovered one: only
 * OPENID_JWKS_URL (the JWT strategy and remote agent auth skip discovery for it). A name LibreChat
 * does not read never opens a host.
 */
const OPENID_ENDPOINT_OVERRIDES = ['OPENID_JWKS_URL'];

/**
 * Rows 67-70 (api/strategies/openidStrategy.js:933 discovery; :205-208,575 token and user info on
 * every login; openIdJwtStrategy.js:113 JWKS; GraphApiService.js:22,72-75): the issuer's host, the
 * hosts well-known providers' discovery documents name, and any OPENID_* endpoint override. An
 * issuer this tool does not know may put its endpoints elsewhere: a warning says so.
 */
function deriveOpenId(d: Derivation): void {
  if (!d.env.isSet('OPENID_ISSUER')) return;
  const source = d.envSource('OPENID_ISSUER');
  const spec: GroupSpec = {
    name: ['auth', 'openid'],
    kind: 'auth',
    title: 'OpenID Connect sign-in (OPENID_ISSUER)',
    source,
  };
  const r = d.addUrlText(spec, d.env.value('OPENID_ISSUER')!, source, 'OpenID discovery');
  const overrides = OPENID_ENDPOINT_OVERRIDES.filter((n) => /^https?:\/\//i.test(d.env.value(n)?.trim() ?? ''));
  for (const n of overrides) d.addUrlText(spec, d.env.value(n)!.trim(), d.envSource(n), `OpenID endpoint (${n})`);
  if (!r) return;
  const target = parseUrlTarget(r.value);
  if ('error' in target) return;
  const known = openIdProviderHosts(target.host);
  const keycloak = /\/realms\/[^/]+\/?$/.test(r.value.trim());
  if (known) {
    for (const { host, purpose } of known.hosts) d.addHost(spec, host, 443, `${known.provider}: ${purpose}`, source);
    if (known.unknownHosts && overrides.length === 0) {
      d.finding(
        'openid-endpoints-unknown',
        'known-provider',
        { provider: known.provider, unknownHosts: known.unknownHosts },
        'OPENID_ISSUER',
        source,
      );
    }
    return;
  }
  if (keycloak || overrides.length > 0) return;
  d.finding('openid-endpoints-unknown', 'unknown-provider', { host: target.host }, 'OPENID_ISSUER', source);
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

/** Langfuse regions of `langfuse.destination` (packages/api/src/langfuse/tenantDestinations.ts:3-7). */
const LANGFUSE_REGIONS: Record<string, string> = {
  eu: 'cloud.langfuse.com',
  us: 'us.cloud.langfuse.com',
  jp: 'jp.cloud.langfuse.com',
  hipaa: 'hipaa.cloud.langfuse.com',
};

/**
 * Rows 80-83 (packages/api/src/langfuse/config.ts:40,68-78,204-219): on with both env keys, or a
 * YAML block with credentials or a destination; a block with neither is disabled. The host is
 * LANGFUSE_BASE_URL, its aliases LANGFUSE_HOST / LANGFUSE_BASEURL, the YAML destination, else
 * cloud.langfuse.com. Rows 85-86 (api/server/telemetry.js:7-8): OTLP only with OTEL_TRACING_ENABLED.
 */
function deriveTelemetry(d: Derivation): void {
  const yaml = d.get(['langfuse']);
  const block = asRecord(yaml);
  const enabledByEnv = d.env.isSet('LANGFUSE_PUBLIC_KEY') && d.env.isSet('LANGFUSE_SECRET_KEY');
  const yamlCredentials = typeof block.publicKey === 'string' && typeof block.secretKey === 'string';
  const destination = asString(block.destination);
  const yamlEnabled = yaml !== undefined && block.enabled !== false && (yamlCredentials || destination !== undefined);
  if (yaml !== undefined && block.enabled !== false && !yamlEnabled && !enabledByEnv) {
    d.finding('capability-not-configured', 'langfuse', {}, 'langfuse', d.at(['langfuse']));
  }
  if ((enabledByEnv || yamlEnabled) && block.enabled !== false) {
    const source = yamlEnabled ? d.at(['langfuse']) : d.envSource('LANGFUSE_PUBLIC_KEY');
    const spec: GroupSpec = { name: ['telemetry', 'langfuse'], kind: 'telemetry', title: 'Langfuse tracing', source };
    const baseVar = ['LANGFUSE_BASE_URL', 'LANGFUSE_BASEURL', 'LANGFUSE_HOST'].find((v) => d.env.isSet(v));
    if (destination !== undefined) {
      const host = LANGFUSE_REGIONS[destination.trim().toLowerCase()];
      if (host)
        d.addHost(spec, host, 443, `trace export (destination ${destination})`, d.at(['langfuse', 'destination']));
      else d.addUrl(spec, ['langfuse', 'destination'], 'trace export (destination)');
    } else if (baseVar) {
      d.addUrlText(spec, d.env.value(baseVar)!, d.envSource(baseVar), 'trace export');
    } else {
      d.addUrlText(spec, 'https://cloud.langfuse.com', source, 'trace export (default host)');
    }
  }
  const otel = ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_ENDPOINT'].find((v) => d.env.isSet(v));
  if (otel && d.env.isTrue('OTEL_TRACING_ENABLED')) {
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

/**
 * Row 87 (packages/api/src/rum/proxy.ts:34-61,153; api/server/services/Config/rum.js:88-94): with
 * RUM_ENABLED and RUM_AUTH_MODE=proxy the server forwards the browser's RUM data to the target.
 */
function deriveRumProxy(d: Derivation): void {
  if (!d.env.isTrue('RUM_ENABLED') || (d.env.value('RUM_AUTH_MODE') ?? '').trim().toLowerCase() !== 'proxy') return;
  const source = d.envSource('RUM_PROXY_TARGET_URL');
  const spec: GroupSpec = {
    name: ['telemetry', 'rum'],
    kind: 'telemetry',
    title: 'RUM proxy (RUM_PROXY_TARGET_URL)',
    source,
  };
  if (!d.env.isSet('RUM_PROXY_TARGET_URL')) {
    d.finding('unresolved-variable', 'rum-proxy', {}, 'RUM_PROXY_TARGET_URL', d.envSource('RUM_AUTH_MODE'));
    return;
  }
  d.addUrlText(spec, d.env.value('RUM_PROXY_TARGET_URL')!, source, 'RUM data forwarded by the server');
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
 * Rows 42-44: the image tools also download the image the API returns, from another host.
 * DALL·E 3 (structured/DALLE3.js:73-84, :181-195), Flux (FluxAPI.js:145,237-238, :303-314),
 * Gemini image generation (GeminiImageGen.js).
 */
function deriveImageTools(d: Derivation): void {
  const dalle = ['DALLE3_API_KEY', 'DALLE_API_KEY'].find((v) => d.env.isSet(v));
  if (dalle) {
    const source = d.envSource(dalle);
    const spec: GroupSpec = {
      name: ['tools', 'DALL-E tool'],
      kind: 'tools',
      title: `DALL-E 3 tool (${dalle})`,
      source,
    };
    if (d.env.isSet('DALLE3_AZURE_API_VERSION') && d.env.isSet('DALLE3_BASEURL')) {
      d.addUrlText(spec, d.env.value('DALLE3_BASEURL')!, d.envSource('DALLE3_BASEURL'), 'DALL-E 3 on Azure OpenAI');
      d.finding('image-host-unknown', 'dalle-azure', {}, 'DALLE3_BASEURL', d.envSource('DALLE3_BASEURL'));
    } else {
      if (d.env.isSet('DALLE_REVERSE_PROXY'))
        d.addUrlText(spec, d.env.value('DALLE_REVERSE_PROXY')!, d.envSource('DALLE_REVERSE_PROXY'), 'DALL-E 3 API');
      else d.addUrlText(spec, DALLE_DEFAULT_URL, source, 'DALL-E 3 API (default host)');
      d.addHost(spec, DALLE_IMAGE_HOST, 443, 'download of the generated image', source);
    }
  }
  if (d.env.isSet('FLUX_API_KEY')) {
    const source = d.envSource('FLUX_API_KEY');
    const spec: GroupSpec = {
      name: ['tools', 'Flux image tool'],
      kind: 'tools',
      title: 'Flux image tool (FLUX_API_KEY)',
      source,
    };
    if (d.env.isSet('FLUX_API_BASE_URL'))
      d.addUrlText(spec, d.env.value('FLUX_API_BASE_URL')!, d.envSource('FLUX_API_BASE_URL'), 'Flux API');
    else d.addUrlText(spec, FLUX_DEFAULT_URL, source, 'Flux API (default host)');
    for (const host of FLUX_DELIVERY_HOSTS) d.addHost(spec, host, 443, 'download of the generated image', source);
  }
  if (d.env.isSet('GEMINI_API_KEY')) {
    const source = d.envSource('GEMINI_API_KEY');
    d.addHost(
      {
        name: ['tools', 'gemini-image'],
        kind: 'tools',
        title: 'Gemini image generation tool (GEMINI_API_KEY)',
        source,
      },
      GEMINI_API_HOST,
      443,
      'Gemini image generation',
      source,
    );
  }
}

/**
 * Row 45: the `tools` capability (a LibreChat default) lets each user enable a built-in tool with a
 * key of their own (api/server/services/Tools/credentials.js:13-29). Those tools' fixed hosts are
 * not allowed unless the env enables the tool: a warning names what will be denied.
 */
function deriveUserKeyTools(d: Derivation): void {
  const caps = agentCapabilities(d);
  if (!caps.list.includes('tools')) return;
  const denied = USER_KEY_TOOLS.filter((t) => !d.env.isSet(t.variable));
  if (denied.length === 0) return;
  d.finding(
    'per-user-credentials',
    'tools',
    { explicit: caps.explicit, tools: denied.map(({ title, hosts }) => ({ title, hosts: [...hosts] })) },
    'tools',
    caps.explicit
      ? d.at(['endpoints', 'agents', 'capabilities'])
      : d.builtin('endpoints.agents.capabilities (LibreChat default)'),
  );
}

/** nodemailer's well-known services (lib/well-known/services.json), the ones LibreChat's docs name. */
const SMTP_SERVICES: Record<string, string> = {
  gmail: 'smtp.gmail.com:465',
  googlemail: 'smtp.gmail.com:465',
  outlook365: 'smtp.office365.com:587',
  hotmail: 'smtp-mail.outlook.com:587',
  outlook: 'smtp-mail.outlook.com:587',
  yahoo: 'smtp.mail.yahoo.com:465',
  sendgrid: 'smtp.sendgrid.net:587',
  mailgun: 'smtp.mailgun.org:465',
  ses: 'email-smtp.us-east-1.amazonaws.com:465',
  zoho: 'smtp.zoho.com:465',
  postmark: 'smtp.postmarkapp.com:2525',
  mailjet: 'in-v3.mailjet.com:587',
  sendinblue: 'smtp-relay.brevo.com:587',
  brevo: 'smtp-relay.brevo.com:587',
};

/**
 * Destinations reached over protocols a web group cannot match by name (SMTP, LDAP): in the
 * cluster they are internal; on the internet they are reported, not opened. Data stores are in
 * workloads.ts.
 */
function deriveNonHttpServices(d: Derivation): void {
  // Row 79 (api/server/utils/sendEmail.js:148-149): EMAIL_SERVICE, a nodemailer well-known service,
  // wins over EMAIL_HOST.
  const service = d.env.value('EMAIL_SERVICE')?.trim();
  if (service) {
    const known = SMTP_SERVICES[service.toLowerCase().replace(/[\s_-]/g, '')];
    const source = d.envSource('EMAIL_SERVICE');
    d.finding('non-http-destination', 'smtp', { known, service }, 'EMAIL_SERVICE', source);
  }
  const services: { variable: string; title: string; port: number }[] = [
    ...(service
      ? []
      : [
          {
            variable: 'EMAIL_HOST',
            title: 'SMTP e-mail (EMAIL_HOST)',
            port: Number(d.env.value('EMAIL_PORT') ?? 25) || 25,
          },
        ]),
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
      d.finding('invalid-url', 'service-host', { title: s.title, variable: s.variable }, s.variable, source);
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
    d.finding('non-http-destination', 'service', { host, port, title: s.title }, s.variable, source);
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
    d.finding('unknown-endpoint-reference', 'endpoint', { path, value }, path.join('.'), d.at(path));
  }
}
