// Domains where anyone gets names, that the Public Suffix List does not (or not fully) list: a
// wildcard over one of them, or over a parent of one, allows every tenant. Wildcard-DNS and
// out-of-band-testing services are refused outright, exact names included: their names resolve to
// any address the asker encodes (including 169.254.169.254) or exist to receive exfiltrated data.
// Entries on the PSL (ngrok.io, ngrok-free.app, trycloudflare.com, azurewebsites.net, ...) are
// already refused by the suffix rule; a few are repeated here so the reason is explicit.

export type SharedKind = 'wildcard-dns' | 'oob-testing' | 'tunnel' | 'shared-hosting';

export interface SharedDomain {
  domain: string;
  kind: SharedKind;
  what: string;
  source: string;
}

export const SHARED_DOMAINS: readonly SharedDomain[] = [
  // Wildcard DNS: <anything>.<ip>.nip.io resolves to <ip>.
  { domain: 'nip.io', kind: 'wildcard-dns', what: 'wildcard DNS for any IP', source: 'https://nip.io/' },
  { domain: 'sslip.io', kind: 'wildcard-dns', what: 'wildcard DNS for any IP', source: 'https://sslip.io/' },
  {
    domain: 'xip.io',
    kind: 'wildcard-dns',
    what: 'wildcard DNS for any IP (defunct; re-registrable)',
    source: 'https://github.com/basecamp/xip-pdns',
  },
  { domain: 'traefik.me', kind: 'wildcard-dns', what: 'wildcard DNS for any IP', source: 'https://traefik.me/' },
  {
    domain: 'localtest.me',
    kind: 'wildcard-dns',
    what: 'every name resolves to 127.0.0.1',
    source: 'https://readme.localtest.me/',
  },
  { domain: 'lvh.me', kind: 'wildcard-dns', what: 'every name resolves to 127.0.0.1', source: 'https://lvh.me/' },
  {
    domain: 'vcap.me',
    kind: 'wildcard-dns',
    what: 'every name resolves to 127.0.0.1',
    source: 'https://github.com/cloudfoundry/cf-deployment (historical local domain)',
  },
  {
    domain: 'localho.st',
    kind: 'wildcard-dns',
    what: 'every name resolves to 127.0.0.1',
    source: 'https://localho.st/',
  },
  // Out-of-band (OAST) testing: DNS/HTTP interaction collectors.
  {
    domain: 'interact.sh',
    kind: 'oob-testing',
    what: 'ProjectDiscovery interactsh collector',
    source: 'https://github.com/projectdiscovery/interactsh',
  },
  {
    domain: 'oast.pro',
    kind: 'oob-testing',
    what: 'interactsh public server',
    source: 'https://github.com/projectdiscovery/interactsh',
  },
  {
    domain: 'oast.live',
    kind: 'oob-testing',
    what: 'interactsh public server',
    source: 'https://github.com/projectdiscovery/interactsh',
  },
  {
    domain: 'oast.site',
    kind: 'oob-testing',
    what: 'interactsh public server',
    source: 'https://github.com/projectdiscovery/interactsh',
  },
  {
    domain: 'oast.online',
    kind: 'oob-testing',
    what: 'interactsh public server',
    source: 'https://github.com/projectdiscovery/interactsh',
  },
  {
    domain: 'oast.fun',
    kind: 'oob-testing',
    what: 'interactsh public server',
    source: 'https://github.com/projectdiscovery/interactsh',
  },
  {
    domain: 'oast.me',
    kind: 'oob-testing',
    what: 'interactsh public server',
    source: 'https://github.com/projectdiscovery/interactsh',
  },
  {
    domain: 'burpcollaborator.net',
    kind: 'oob-testing',
    what: 'Burp Collaborator',
    source: 'https://portswigger.net/burp/documentation/collaborator',
  },
  {
    domain: 'oastify.com',
    kind: 'oob-testing',
    what: 'Burp Collaborator',
    source: 'https://portswigger.net/burp/documentation/collaborator',
  },
  {
    domain: 'canarytokens.com',
    kind: 'oob-testing',
    what: 'Canarytokens DNS/HTTP tokens',
    source: 'https://docs.canarytokens.org/',
  },
  { domain: 'dnslog.cn', kind: 'oob-testing', what: 'DNS interaction log', source: 'http://dnslog.cn/' },
  { domain: 'ceye.io', kind: 'oob-testing', what: 'DNS/HTTP interaction log', source: 'http://ceye.io/' },
  {
    domain: 'webhook.site',
    kind: 'oob-testing',
    what: 'request inspector: any token URL receives data',
    source: 'https://docs.webhook.site/',
  },
  { domain: 'requestbin.net', kind: 'oob-testing', what: 'request inspector', source: 'https://requestbin.net/' },
  {
    domain: 'requestcatcher.com',
    kind: 'oob-testing',
    what: 'request inspector',
    source: 'https://requestcatcher.com/',
  },
  {
    domain: 'beeceptor.com',
    kind: 'oob-testing',
    what: 'request inspector / mock endpoints',
    source: 'https://beeceptor.com/docs/',
  },
  {
    domain: 'pipedream.net',
    kind: 'oob-testing',
    what: 'Pipedream (RequestBin) HTTP sources, m.pipedream.net',
    source: 'https://pipedream.com/docs/workflows/building-workflows/triggers/',
  },
  // Tunnels: a name per user session, reaching the user's own machine.
  {
    domain: 'ngrok.io',
    kind: 'tunnel',
    what: 'ngrok tunnels',
    source: 'https://ngrok.com/docs/universal-gateway/domains/',
  },
  {
    domain: 'ngrok.app',
    kind: 'tunnel',
    what: 'ngrok tunnels',
    source: 'https://ngrok.com/docs/universal-gateway/domains/',
  },
  {
    domain: 'ngrok-free.app',
    kind: 'tunnel',
    what: 'ngrok tunnels',
    source: 'https://ngrok.com/docs/universal-gateway/domains/',
  },
  {
    domain: 'ngrok.dev',
    kind: 'tunnel',
    what: 'ngrok tunnels',
    source: 'https://ngrok.com/docs/universal-gateway/domains/',
  },
  {
    domain: 'ngrok-free.dev',
    kind: 'tunnel',
    what: 'ngrok tunnels',
    source: 'https://ngrok.com/docs/universal-gateway/domains/',
  },
  {
    domain: 'trycloudflare.com',
    kind: 'tunnel',
    what: 'Cloudflare quick tunnels',
    source:
      'https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/do-more-with-tunnels/trycloudflare/',
  },
  { domain: 'loca.lt', kind: 'tunnel', what: 'localtunnel', source: 'https://theboroer.github.io/localtunnel-www/' },
  { domain: 'localhost.run', kind: 'tunnel', what: 'localhost.run SSH tunnels', source: 'https://localhost.run/docs/' },
  { domain: 'lhr.life', kind: 'tunnel', what: 'localhost.run SSH tunnels', source: 'https://localhost.run/docs/' },
  { domain: 'serveo.net', kind: 'tunnel', what: 'Serveo SSH tunnels', source: 'https://serveo.net/' },
  // Shared hosting not on the PSL: one name per customer under a common domain.
  {
    domain: 'mongodb.net',
    kind: 'shared-hosting',
    what: 'MongoDB Atlas clusters of every customer (<cluster>.<project-id>.mongodb.net)',
    source: 'https://www.mongodb.com/docs/atlas/connect-to-database-deployment/',
  },
  {
    domain: 'railway.app',
    kind: 'shared-hosting',
    what: 'Railway apps',
    source: 'https://docs.railway.com/guides/public-networking',
  },
  { domain: 'glitch.me', kind: 'shared-hosting', what: 'Glitch projects', source: 'https://help.glitch.com/' },
  {
    domain: 'amazonaws.com',
    kind: 'shared-hosting',
    what: 'AWS service endpoints of every account',
    source: 'https://docs.aws.amazon.com/general/latest/gr/rande.html',
  },
  {
    domain: 'windows.net',
    kind: 'shared-hosting',
    what: 'Azure storage and service endpoints of every tenant',
    source: 'https://learn.microsoft.com/azure/storage/common/storage-account-overview#standard-endpoints',
  },
  {
    domain: 'azure.com',
    kind: 'shared-hosting',
    what: 'Azure service endpoints of every tenant (openai.azure.com, ...)',
    source: 'https://learn.microsoft.com/azure/ai-services/openai/reference',
  },
  {
    domain: 'openai.azure.com',
    kind: 'shared-hosting',
    what: 'Azure OpenAI resources of every tenant',
    source: 'https://learn.microsoft.com/azure/ai-services/openai/reference',
  },
  {
    domain: 'cognitiveservices.azure.com',
    kind: 'shared-hosting',
    what: 'Azure AI services resources of every tenant',
    source: 'https://learn.microsoft.com/azure/ai-services/cognitive-services-custom-subdomains',
  },
  {
    domain: 'services.ai.azure.com',
    kind: 'shared-hosting',
    what: 'Azure AI Foundry resources of every tenant',
    source: 'https://learn.microsoft.com/azure/ai-foundry/',
  },
  {
    domain: 'googleapis.com',
    kind: 'shared-hosting',
    what: 'Google APIs (storage.googleapis.com serves every bucket)',
    source: 'https://cloud.google.com/storage/docs/request-endpoints',
  },
];
