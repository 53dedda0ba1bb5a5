// The words of every finding: per kind, one template per rule that reports it, with its fix.
// A derivation names the kind, the rule and the values (`d.finding('invalid-url', 'bad-port',
// { port, title }, subject, source)`); the sentences live here, so the rules read as rules and a
// wrong or missing value is a compile error. makeFinding still bounds, redacts and escapes the text.
import { CHART_WORKLOADS, type StackWorkloadId } from '../catalog/chart';
import { CODE_INTERPRETER_DEFAULT_URL } from '../catalog/providers';
import librechatKeys from '../catalog/librechat-keys.json';
import type { PathSegment } from '../config/document';
import type { SpecialTarget } from './addresses';
import { HOST_CLASS_TEXT, type HostClass } from './hosts';
import type { CredentialMode } from './model';
import type { FindingKindName } from './findings';

/** The message and the fix of one rule, from the values the rule names. */
export interface FindingText<P> {
  message: (p: P) => string;
  fix: (p: P) => string;
}

/** No values: the text is fixed. */
export type NoParams = Record<string, never>;

function text<P>(message: (p: P) => string, fix: string | ((p: P) => string)): FindingText<P> {
  return { message, fix: typeof fix === 'string' ? () => fix : fix };
}

/** A rule whose words take no values. */
function fixed(message: string, fix: string): FindingText<NoParams> {
  return { message: () => message, fix: () => fix };
}

const KNOWN_CONFIG_VERSION = librechatKeys.configVersion;

export const FINDING_TEXTS = {
  'actions-unrestricted': {
    open: text<{ declared: boolean }>(
      ({ declared }) =>
        `Agents may use Actions (OpenAPI tools)${declared ? '' : ' (a LibreChat default: endpoints.agents.capabilities is not set)'}, and actions.allowedDomains is not set, so LibreChat lets them call any public host; this policy denies them all: users will see every Action call fail.`,
      'List the hosts Actions may call in actions.allowedDomains (they are then allowed as one group), or remove "actions" from endpoints.agents.capabilities.',
    ),
  },
  'allowlist-contradiction': {
    'server-not-allowed': text<{ host: string; label: string; port: number }>(
      ({ host, label, port }) =>
        `${label} connects to ${host}:${port}, which mcpSettings.allowedDomains does not list: LibreChat itself will refuse to connect, although this policy allows it.`,
      ({ host }) => `Add ${host} to mcpSettings.allowedDomains, or remove the server.`,
    ),
    'entry-unused': text<{ host: string }>(
      ({ host }) =>
        `mcpSettings.allowedDomains lists ${host}, but no configured MCP server uses it and users may not add servers; this policy does not allow it.`,
      'Remove the entry, or configure the server that needs it.',
    ),
  },
  'backend-watch': {
    cilium: fixed(
      'Watch mode with Cilium does not enforce the egress allow-list: the CiliumNetworkPolicies set enableDefaultDeny.egress false and allow every DNS name (Cilium has no per-policy audit mode), and the NetworkPolicies keep their egress to every public IP on the allowed ports. Hubble shows the DNS names and flows; the in-cluster NetworkPolicies are enforced.',
      'Render with --mode enforce once the Hubble flows show nothing the allow-list would deny.',
    ),
    'gke-fqdn': fixed(
      'Watch mode with GKE FQDNNetworkPolicy does not enforce the egress allow-list (it has no audit mode): the NetworkPolicies keep their egress to every public IP on the allowed ports, so the FQDNNetworkPolicies add nothing yet. Network policy logging shows the flows; the in-cluster NetworkPolicies are enforced.',
      'Render with --mode enforce once the network policy logs show nothing the allow-list would deny.',
    ),
  },
  'backend-wildcard-narrowed': {
    cilium: text<{ examples: string; id: string; title: string; version: string }>(
      ({ examples, id, title, version }) =>
        `Cilium ${version} matches one DNS label per "*": for ${id} (${title}) ${examples}. LibreChat and Aviatrix allow any depth; "**." exists only from Cilium 1.19. Deeper names will be denied.`,
      'Run Cilium 1.19 or later and render with --cilium-version 1.19, or list the deeper host names explicitly in the config.',
    ),
    'gke-fqdn': text<{ examples: string; id: string; title: string }>(
      ({ examples, id, title }) =>
        `GKE FQDNNetworkPolicy matches one DNS label per "*" and has no any-depth wildcard: for ${id} (${title}) ${examples}. LibreChat and Aviatrix allow any depth. Deeper names will be denied.`,
      'List the deeper host names explicitly in the config, or use a backend with any-depth wildcards (Cilium 1.19, Aviatrix).',
    ),
  },
  'bitnami-networkpolicy': {
    subchart: text<{ path: string[]; workload: string }>(
      ({ workload }) =>
        `The Bitnami ${workload} subchart may render its own NetworkPolicy with allowExternal and allowExternalEgress (egress: [{}]); NetworkPolicies add up, so it would re-open what these deny.`,
      ({ path }) => `Set ${path.join('.')}: false in the LibreChat chart values (and pass them with --chart-values).`,
    ),
  },
  'builtin-baseurl-ignored': {
    baseurl: text<{ defaultUrl: string; endpoint: string; overrides: string[]; used: string }>(
      ({ defaultUrl, endpoint, overrides, used }) =>
        `LibreChat takes the ${endpoint} host from ${overrides[0]} (else the default ${new URL(defaultUrl).host}), not from endpoints.${endpoint}.baseURL; this policy allows what LibreChat calls (${used}) and not the YAML baseURL.`,
      ({ endpoint, overrides }) =>
        `Set ${overrides[0]} to the URL you mean and remove endpoints.${endpoint}.baseURL, or configure that URL as a custom endpoint.`,
    ),
  },
  'builtin-not-enabled': {
    'key-missing': text<{ variables: string[]; what: string }>(
      ({ variables, what }) =>
        `${what} is configured, but ${variables.join(' or ')} is not set in the given environment, so LibreChat does not enable it and nothing is allowed for it.`,
      ({ variables }) =>
        `If production enables it, pass the variable to this tool (the value is never printed; any placeholder such as user_provided works): --env ${variables[0]}=user_provided.`,
    ),
  },
  'capability-not-configured': {
    'custom-not-listed': fixed(
      'ENDPOINTS does not list "custom", so LibreChat ignores every custom endpoint; none is allowed.',
      'Add "custom" to ENDPOINTS to use them.',
    ),
    'endpoint-not-listed': text<{ endpoint: string }>(
      ({ endpoint }) =>
        `ENDPOINTS does not list "${endpoint}", so LibreChat does not enable it; nothing is allowed for it.`,
      ({ endpoint }) => `Add "${endpoint}" to ENDPOINTS to use it.`,
    ),
    langfuse: fixed(
      'The langfuse block has neither publicKey/secretKey nor a destination, and LANGFUSE_PUBLIC_KEY/LANGFUSE_SECRET_KEY are not set, so LibreChat leaves Langfuse off (langfuse/config.ts:217-219); nothing is allowed for it.',
      'Give the credentials (or pass the variables to this tool) if production enables Langfuse.',
    ),
  },
  'chart-manifests-unreadable': {
    'no-selector': text<{ file: string; id: StackWorkloadId; path: string }>(
      ({ file, id, path }) =>
        `${path} in ${file} has no spec.selector.matchLabels, so its pods cannot be selected; ${CHART_WORKLOADS[id].title} keeps the chart's modelled labels.`,
      'Give the unmodified output of helm template, or set the labels with --workload-label.',
    ),
  },
  'credentials-conflict': {
    'annotation-mismatch': text<{ mode: CredentialMode; modeTitle: string; seenTitle: string; workload: string }>(
      ({ mode, modeTitle, seenTitle, workload }) =>
        `--credentials names ${modeTitle} for ${workload}, but its service account annotations say ${seenTitle}; only the endpoints of ${mode} are allowed.`,
      'Make the flag and the chart values agree.',
    ),
  },
  'credentials-region-missing': {
    irsa: text<{ workload: string }>(
      ({ workload }) =>
        `${workload} uses IRSA, which calls the regional STS host sts.<region>.amazonaws.com, but no region is known (AWS_REGION, --region); nothing is allowed for it, so its AWS credentials will fail.`,
      'Pass --region <aws-region> (the cluster region the pod identity webhook injects) or --env AWS_REGION=<region>.',
    ),
  },
  'docker-host': {
    alias: text<{ host: string; title: string }>(
      ({ host, title }) => `${title} points at ${host}, a Docker Desktop alias that does not resolve in Kubernetes.`,
      'Point it at the Kubernetes service that runs the server (for example http://<service>.<namespace>.svc.cluster.local:<port>).',
    ),
  },
  'egress-proxy': {
    internet: text<{ declared: string | undefined; host: string; label: string; port: number }>(
      ({ declared, host, label, port }) =>
        `${label} sends traffic through ${host}:${port}, a proxy on the internet: an unbounded hop that reaches whatever it is asked to, so nothing is allowed for it${declared ? ` (the declared egress proxy is ${declared})` : ''}.`,
      ({ declared, label }) =>
        declared
          ? `Point ${label} at the declared egress proxy ${declared}, or remove it.`
          : 'Remove the proxy so the firewall matches providers by name, or declare it as the egress path of the deployment (derive option egressProxy) and enforce the allow-list on it.',
    ),
    'in-cluster': text<{ host: string; label: string; port: number }>(
      ({ host, label, port }) =>
        `${label} sends traffic through ${host}:${port}, a proxy inside the cluster or private network: the firewall sees the proxy's connections, not LibreChat's, so the per-provider groups bound only traffic that bypasses it.`,
      'Contain the proxy itself (its own allow-list of the same hosts), or remove it and let the firewall match providers by name.',
    ),
    declared: text<{ host: string; label: string; path: string; port: number }>(
      ({ host, label, path, port }) =>
        `${label} sends traffic through ${host}:${port}, which the deployment declares as its egress proxy (${path}): only that proxy is allowed for this traffic, and the proxy, not this policy, decides which hosts behind it are reached.`,
      'Enforce the same allow-list on the proxy (the groups of this policy list the hosts).',
    ),
  },
  'ignored-key': {
    keys: text<{ count: number; keys: string[] }>(
      ({ count, keys }) =>
        `${count} key(s) are not in LibreChat's schema (${KNOWN_CONFIG_VERSION}) and hold no destination; LibreChat drops them, so they cause no egress: ${keys.join(', ')}.`,
      'Remove them, or move each to the section it belongs to (many are options of older LibreChat versions).',
    ),
  },
  'image-host-unknown': {
    'dalle-azure': fixed(
      'DALL-E 3 on Azure returns image URLs on an Azure blob host this tool cannot know in advance; the tool downloads each image, so that download will be denied.',
      'Find the blob host in a returned image URL and allow it (for example through a custom endpoint or the overlay), or use the OpenAI image tools.',
    ),
  },
  'in-cluster-unselected': {
    unselected: text<{ host: string; labels: string[]; ns: string; port: number; title: string }>(
      ({ host, ns, port, title }) =>
        `${title} connects to ${host}:${port}, a Kubernetes service in namespace ${ns} whose pods this tool cannot name; a NetworkPolicy selects pods, never a service or a whole namespace, so the connection is denied by the default deny.`,
      ({ labels, ns }) =>
        `Describe its pods in the overlay: services: { "${labels[0]}": { namespace: ${ns}, matchLabels: { <label>: <value> } } } (the labels of the pods behind the service).`,
    ),
  },
  'internal-destination': {
    'in-cluster': text<{ host: string; hostClass: HostClass; port: number; title: string }>(
      ({ host, hostClass, port, title }) =>
        `${title} connects to ${host}:${port}, a ${HOST_CLASS_TEXT[hostClass]}; it is not an internet destination and is not added to the egress allow-list.`,
      'Nothing to do for internet egress: the NetworkPolicies allow this in-cluster connection.',
    ),
    'private-network': text<{
      host: string;
      hostClass: HostClass;
      port: number;
      title: string;
    }>(
      ({ host, hostClass, port, title }) =>
        `${title} connects to ${host}:${port}, a ${HOST_CLASS_TEXT[hostClass]} outside the cluster; the firewall's deny-all (0.0.0.0/0, any protocol) also blocks private addresses when the traffic crosses the gateway.`,
      ({ host, port }) =>
        `If it leaves the node through the gateway, allow ${host}:${port} at the controller with a CIDR SmartGroup; a name on a private network cannot be matched by a web group.`,
    ),
  },
  'invalid-url': {
    's3-bucket': text<{ bucket: string }>(
      ({ bucket }) => `AWS_BUCKET_NAME "${bucket.slice(0, 63)}" is not an S3 bucket name; nothing is allowed for S3.`,
      'Pass --env AWS_BUCKET_NAME=<bucket>.',
    ),
    'no-host': text<{ title: string }>(
      ({ title }) => `${title} does not name a host (a DNS name or an IP address), so nothing is allowed for it.`,
      'Give a plain host name such as api.example.com.',
    ),
    'bad-port': text<{ port: number; title: string }>(
      ({ port, title }) => `${title} names port ${port}, which is not a TCP port.`,
      'Give a port from 1 to 65535.',
    ),
    'not-a-string': text<{ path: string }>(
      ({ path }) => `${path} must be a URL string.`,
      'Write the URL as a string, e.g. https://api.example.com/v1.',
    ),
    unparsable: text<{ error: string; path: string }>(
      ({ error, path }) => `${path} ${error}.`,
      'Give a full URL with scheme and host, e.g. https://api.example.com/v1.',
    ),
    'connection-string': text<{ title: string; variable: string }>(
      ({ title, variable }) =>
        `${variable} is not a connection string this tool can read (its text is not shown: it may hold a password); ${title} is not modelled.`,
      ({ variable }) => `Set ${variable} to <scheme>://host:port/...`,
    ),
    'langfuse-redis': fixed(
      "langfuseFanout.redis.uri is not a connection string this tool can read (its text is not shown: it may hold a password); the collector's Redis is not allowed.",
      'Set it to redis://host:port or rediss://host:port.',
    ),
    'serverless-no-baseurl': text<{ label: string }>(
      ({ label }) => `${label} is serverless but has no baseURL.`,
      'Serverless groups need baseURL: https://<name>.<region>.inference.ai.azure.com/v1.',
    ),
    'azure-no-instance': text<{ label: string }>(
      ({ label }) => `${label} has neither instanceName nor baseURL, so its host is unknown.`,
      'Set instanceName (the Azure OpenAI resource name) or baseURL.',
    ),
    region: text<{ path: string; title: string }>(
      ({ path, title }) =>
        `${path}: the value (not shown) is not a cloud region name, so no host is derived for ${title}.`,
      'Use a region such as us-east-1, europe-west4 or global.',
    ),
    'image-registry': text<{ file: string; workload: string }>(
      ({ file, workload }) =>
        `An image of ${workload} in ${file} does not name a registry host; no image-pull rule is derived for it.`,
      'Give images as <registry>/<repository>:<tag>.',
    ),
    'registry-value': text<{ valuesPath: string }>(
      ({ valuesPath }) =>
        `Chart value ${valuesPath} is not a registry host name; no image-pull rule is derived for it.`,
      'Give the registry as a host name, e.g. registry.example.com.',
    ),
    'region-flag': fixed(
      `--region (its value is not shown) is not a region name; the cloud's system registries are not allowed.`,
      'Use a region such as eu-central-1.',
    ),
    'proxy-url': text<{ error: string; label: string }>(
      ({ error, label }) => `${label} ${error}.`,
      'Give the proxy as http://host:port.',
    ),
    'mcp-no-url-or-command': text<{ label: string }>(
      ({ label }) => `${label} has neither url nor command, so LibreChat cannot start it.`,
      'Give a url (remote) or a command (stdio).',
    ),
    'mcp-proxy-string': text<{ label: string }>(
      ({ label }) => `${label}.proxy must be a URL string.`,
      'Write http://host:port.',
    ),
    'service-host': text<{ title: string; variable: string }>(
      ({ title, variable }) => `${variable} is not a host or URL this tool can read; ${title} is not allowed.`,
      ({ variable }) => `Set ${variable} to a host name.`,
    ),
    'embeddings-provider': fixed(
      `EMBEDDINGS_PROVIDER (its value is not shown) is not one the RAG API knows; nothing is allowed for its embeddings.`,
      'Use openai, azure, huggingface, huggingfacetei, ollama, google_genai, vertexai or bedrock.',
    ),
    'service-region': text<{ title: string; variable: string }>(
      ({ title, variable }) =>
        `${variable} (its value is not shown) is not a region name; nothing is allowed for ${title}.`,
      'Use a region such as us-east-1.',
    ),
    'google-loc': fixed(
      `GOOGLE_LOC (its value is not shown) is not a region; no Vertex host is derived for OCR.`,
      'Use a region such as us-central1.',
    ),
    'speech-url': text<{ path: string[] }>(
      ({ path }) => `${path.join('.')} has no url, so its host is unknown.`,
      'Set url to the service endpoint.',
    ),
    'speech-instance': text<{ path: PathSegment[] }>(
      ({ path }) => `${path.join('.')} has no instanceName, so its host is unknown.`,
      'Set instanceName to the Azure OpenAI resource name.',
    ),
    's3-region': fixed(
      `AWS_REGION (its value is not shown) is not a region name; nothing is allowed for S3.`,
      'Use a region such as eu-central-1.',
    ),
  },
  'legacy-key': {
    'older-name': text<{ where: string }>(
      ({ where }) => `${where} is an older name that the current schema drops; it is read here as its successor.`,
      'Rename it (scraperType → scraperProvider).',
    ),
    speech: text<{ direction: 'tts' | 'stt' }>(
      ({ direction }) =>
        `Top-level ${direction} is the pre-1.1.5 speech format; current LibreChat rejects it at start-up (unrecognized key) unless CONFIG_BYPASS_VALIDATION=true. It is read as speech.${direction}.`,
      ({ direction }) => `Move it under speech.${direction}.`,
    ),
  },
  'librechat-schema': {
    unavailable: text<{ reason: string }>(
      ({ reason }) => `LibreChat's own schema check was asked for but cannot run: ${reason}.`,
      'Install the package, or drop --librechat-schema.',
    ),
    rejected: text<{ message: string; version: string; where: string }>(
      ({ message, version, where }) =>
        `LibreChat's schema (config ${version}) rejects ${where}: ${message}; LibreChat exits at start-up with this config unless CONFIG_BYPASS_VALIDATION=true.`,
      'Fix the value so that LibreChat accepts it (see the LibreChat config reference for this key).',
    ),
  },
  'mcp-downstream-unknown': {
    server: text<{ name: string }>(
      ({ name }) =>
        `MCP server "${name}" runs in the cluster, and neither the overlay nor the built-in catalog says which hosts it reaches: it gets no internet egress at all (deny-all).`,
      ({ name }) =>
        `If it needs hosts, list them in the overlay under mcpServers.${name}.egress (or name its package in catalog).`,
    ),
  },
  'mcp-oauth-discovery': {
    servers: text<{ oauthUnknown: string[] }>(
      ({ oauthUnknown }) =>
        `${oauthUnknown.length} remote MCP server(s) (${oauthUnknown.join(', ')}) have no oauth URLs and no Authorization header: if a server answers 401, LibreChat discovers its OAuth authorization server (RFC 9728 /.well-known/oauth-protected-resource, mcp/oauth/handler.ts:277,444-461) and registers, signs in and refreshes tokens there; on another host that is denied, and the server cannot connect.`,
      'If a server uses OAuth, write its authorization server in mcpServers.<name>.oauth (authorization_url, token_url) or list the host under mcpServers.<name>.egress in the overlay; servers that need no OAuth can be ignored.',
    ),
  },
  'mcp-user-servers': {
    unbounded: text<{ defaulted: boolean }>(
      ({ defaulted }) =>
        `Users may add their own MCP servers (${defaulted ? 'interface.mcpServers.create is not set: LibreChat defaults it to true' : 'interface.mcpServers.create is true'}) and mcpSettings.allowedDomains does not bound them: they may name any host, and this policy denies every host it does not list, so users will see the servers they add fail to connect.`,
      'Set interface.mcpServers.create: false, or list the permitted hosts in mcpSettings.allowedDomains (they are then allowed as one group).',
    ),
    bounded: text<{ allowedText: string }>(
      ({ allowedText }) =>
        `Users may add their own MCP servers (interface.mcpServers.create); LibreChat bounds them to mcpSettings.allowedDomains, and ${allowedText}.`,
      'Set interface.mcpServers.create: false if users should not add servers.',
    ),
  },
  'namespace-not-owned': {
    stack: text<{ owned: string; namespace: string; ports: number[]; title: string }>(
      ({ namespace, owned, title }) =>
        `${title} runs in namespace ${namespace}, which this stack does not own (it owns ${owned}): no NetworkPolicy is rendered there, so its pods are contained only by the Aviatrix rules and by the policies of that namespace's owner.`,
      ({ namespace, owned, ports }) =>
        `Have the owner of ${namespace} allow ingress from LibreChat (${owned}) on port ${ports.join(', ')} and limit the server's egress, or run it in ${owned}.`,
    ),
  },
  'non-http-destination': {
    postgresql: text<{ host: string; port: number }>(
      ({ host, port }) =>
        `The RAG API's PostgreSQL is on the internet at ${host}:${port}; PostgreSQL negotiates TLS inside its own protocol, so the firewall cannot match it by name; this policy does not allow it.`,
      ({ host, port }) =>
        `Allow ${host}:${port} by CIDR at the controller, or run the database in the cluster or behind a private endpoint.`,
    ),
    smtp: text<{ known: string; service: string }>(
      ({ known, service }) =>
        known
          ? `SMTP e-mail (EMAIL_SERVICE=${service}) is sent to ${known} (nodemailer's well-known service) over SMTP; an Aviatrix web group matches only HTTP and TLS by name, so this policy does not allow it and the catch-all denies it.`
          : `SMTP e-mail (EMAIL_SERVICE) names a nodemailer service this tool does not know; its SMTP host is not allowed and the catch-all denies it.`,
      ({ known }) =>
        known
          ? `Allow ${known} with a controller-side FQDN or CIDR SmartGroup rule, or relay mail through a server inside the cluster.`
          : 'Use EMAIL_HOST and EMAIL_PORT instead, and allow that host with a controller-side FQDN SmartGroup rule.',
    ),
    service: text<{ host: string; port: number; title: string }>(
      ({ host, port, title }) =>
        `${title} is reached at ${host}:${port} over a non-HTTP protocol; an Aviatrix web group matches only HTTP and TLS by name, so this policy does not allow it and the catch-all denies it.`,
      ({ host, port }) =>
        `Allow ${host}:${port} with a controller-side FQDN or CIDR SmartGroup rule, or run the service inside the cluster.`,
    ),
  },
  'non-web-port': {
    port: text<{ normalised: string; port: number; title: string }>(
      ({ normalised, port, title }) =>
        `${title} connects to ${normalised} on port ${port}; Aviatrix documents web-group (SNI) matching for ports 80, 443, 8080 and 8443, so the permit on ${port} may not match.`,
      ({ normalised, port }) =>
        `Verify the rule on your controller, or allow ${normalised}:${port} with a controller-side FQDN or CIDR SmartGroup.`,
    ),
    'registry-port': text<{ registry: string; valuesPath: string }>(
      ({ registry, valuesPath }) =>
        `Chart value ${valuesPath} names a registry on port ${registry.split(':').pop()}; the image-pull rule permits TCP 443 only.`,
      'Serve the registry on 443, or add a controller rule for its port.',
    ),
  },
  'openid-endpoints-unknown': {
    'known-provider': text<{ provider: string; unknownHosts: string }>(
      ({ provider, unknownHosts }) =>
        `OPENID_ISSUER is ${provider}: its ${unknownHosts}; only the issuer is allowed, so sign-in will fail at the token request.`,
      'LibreChat follows the discovery document and has no setting for these hosts: allow the user pool domain ({domain}.auth.<region>.amazoncognito.com) with a controller-side FQDN rule, and accept this warning once it is allowed.',
    ),
    'unknown-provider': text<{ host: string }>(
      ({ host }) =>
        `OPENID_ISSUER (${host}) is not a provider this tool knows (Entra ID, Google, Cognito, Okta, Auth0, Keycloak); only the issuer's host is allowed, and if its discovery document puts the token, JWKS or user info endpoint on another host, sign-in will fail.`,
      ({ host }) =>
        `Check ${host}/.well-known/openid-configuration: a JWKS on another host can be named in OPENID_JWKS_URL (which LibreChat reads); other endpoints on other hosts need a controller-side FQDN rule.`,
    ),
  },
  'overlay-mismatch': {
    'catalog-package': text<{ known: boolean; name: string; pkg: string }>(
      ({ known, name, pkg }) =>
        `The overlay names the package ${pkg} for MCP server "${name}", which the built-in catalog ${known ? 'marks as unbounded' : 'does not know'}.`,
      ({ name }) => `List its hosts under mcpServers.${name}.egress instead.`,
    ),
    'in-cluster-no-labels': text<{ described: boolean; host: string; label: string; name: string }>(
      ({ described, host, label }) =>
        `${label} runs in the cluster (${host}), but the overlay ${described ? 'gives no matchLabels for it' : 'does not describe it'}: without its pod labels no policy can select it, so it is not contained.`,
      ({ name }) =>
        `Add mcpServers.${name} with matchLabels (and egress: the hosts it reaches) to the overlay file next to librechat.yaml.`,
    ),
    'not-configured': text<{ file: string; name: string }>(
      ({ file, name }) =>
        `The overlay ${file} describes MCP server "${name}", which librechat.yaml does not configure.`,
      ({ name }) => `Remove mcpServers.${name} from the overlay, or configure the server in librechat.yaml.`,
    ),
    'labels-unused': text<{ name: string; placement: 'stdio' | 'remote' }>(
      ({ name, placement }) =>
        `The overlay gives matchLabels for MCP server "${name}", but it does not run in the cluster (${placement === 'stdio' ? 'it is a stdio child of the LibreChat pod' : 'its URL is on the internet'}); the labels are not used.`,
      ({ name }) => `Remove matchLabels from mcpServers.${name} in the overlay.`,
    ),
  },
  'per-user-credentials': {
    'web-search': text<{ configured: boolean; denied: string[]; explicit: boolean }>(
      ({ configured, denied, explicit }) =>
        `web_search is an agent capability${explicit ? '' : ' (a LibreChat default)'}, and ${configured ? 'webSearch names no provider and no key' : 'webSearch is not configured'} for ${denied.map((x) => x.split(':')[0]).join(', ')}; LibreChat lets users enter their own keys, and this policy denies those services' hosts, so their searches will fail: ${denied.join('; ')}.`,
      'Pin the services in webSearch (searchProvider, scraperProvider, rerankerType) to allow their hosts, or remove web_search from endpoints.agents.capabilities.',
    ),
    tools: text<{ explicit: boolean; tools: { title: string; hosts: string[] }[] }>(
      ({ explicit, tools }) =>
        `The tools capability${explicit ? '' : ' (a LibreChat default)'} lets users enable built-in tools with keys of their own; these are not enabled by the env, so their hosts are not allowed and users who add their key will see the tool fail: ${tools.map((t) => `${t.title} (${t.hosts.join(', ')})`).join('; ')}.`,
      'To allow a tool\'s hosts, pass its key variable to this tool (for example --env GOOGLE_SEARCH_API_KEY=user_provided; the value is never printed); or remove "tools" from endpoints.agents.capabilities.',
    ),
    'execute-code': fixed(
      `execute_code is a default agent capability (endpoints.agents.capabilities is not set): users with their own code API key will reach ${new URL(CODE_INTERPRETER_DEFAULT_URL).host}, which this policy does not allow, so their code execution will fail.`,
      'List execute_code in endpoints.agents.capabilities (or set LIBRECHAT_CODE_BASEURL for a self-hosted code API) to allow it, or list the capabilities without execute_code.',
    ),
  },
  'per-user-host': {
    placeholder: text<{ path: string; placeholders: string[]; title: string }>(
      ({ path, placeholders, title }) =>
        `${path} builds the host of ${title} from {{${placeholders[0]}}}, which is filled per user or request; the destination is unbounded.`,
      'Use a fixed host; keep per-user placeholders in the path or headers only.',
    ),
  },
  'plaintext-internet': {
    plaintext: text<{ host: string; path: string; port: number; scheme: 'http' | 'ws'; title: string }>(
      ({ host, path, port, scheme, title }) =>
        `${title} (${path}) reaches ${host}:${port} on the internet over plain ${scheme.toUpperCase()}: its credentials and data would cross the internet unencrypted, so nothing is allowed for it.`,
      ({ host, scheme }) => `Use ${scheme === 'ws' ? 'wss' : 'https'}://${host}.`,
    ),
    'connection-string': text<{
      defaultPort: number;
      host: string;
      port: number | undefined;
      scheme: string;
      title: string;
      variable: string;
    }>(
      ({ defaultPort, host, port, scheme, title, variable }) =>
        `${variable} reaches ${title} at ${host}:${port ?? (scheme === 'http' ? 80 : defaultPort)} on the internet without TLS: the credentials and data cross the internet unencrypted, and the firewall can match the server neither by name nor by SNI, so nothing is allowed for it.`,
      ({ scheme }) =>
        `Enable TLS (${scheme === 'redis' ? 'rediss://' : scheme === 'http' ? 'https://' : 'tls=true'}), or allow it by CIDR at the controller over a private link.`,
    ),
  },
  'public-ip': {
    address: text<{ normalised: string; title: string }>(
      ({ normalised, title }) =>
        `${title} connects to the public IP address ${normalised}; it is allowed as a /32, which follows the address, not the service.`,
      "Use the service's DNS name in the config so the firewall can match it by name.",
    ),
  },
  'stdio-ca-env': {
    server: text<{ label: string }>(
      ({ label }) =>
        `${label} is a child process and does not inherit NODE_EXTRA_CA_CERTS (the MCP SDK passes only HOME, LOGNAME, PATH, SHELL, TERM and USER), so decrypted TLS fails inside it.`,
      ({ label }) =>
        `Add to ${label}: env: { NODE_EXTRA_CA_CERTS: "\${NODE_EXTRA_CA_CERTS}" } (and SSL_CERT_FILE for Python servers).`,
    ),
  },
  'stdio-package-fetch': {
    launcher: text<{
      command: string;
      mirror: string | undefined;
      registry: string;
      servers: { name: string; run: string }[];
    }>(
      ({ command, registry, servers }) =>
        `${servers.length} stdio MCP servers run ${command}, which downloads their package from ${registry} at every start (a supply-chain path, and a destination this policy does not open): ${servers.map((f) => `${f.name} ("${f.run}")`).join(', ')}.`,
      ({ mirror }) =>
        mirror
          ? `Preinstall the packages in the image (and run their binaries as the commands), or set env.${mirror} of each server to your company's package mirror, which is then allowed by name.`
          : 'Preinstall what they run in the LibreChat image and run those binaries as the commands, or run the servers as their own workloads with a remote transport.',
    ),
    server: text<{ mirror: string; name: string; pkg: string | undefined; registry: string; run: string }>(
      ({ name, pkg, registry, run }) =>
        `mcpServers.${name} runs "${run}", which downloads ${pkg ?? 'a package'} from ${registry} at every start: a supply-chain path, and a destination this policy does not open.`,
      ({ mirror, name }) =>
        mirror
          ? `Preinstall the package in the image (and run its binary as the command), or set mcpServers.${name}.env.${mirror} to your company's package mirror, which is then allowed by name.`
          : 'Preinstall what it runs in the LibreChat image and run that binary as the command, or run the server as its own workload with a remote transport.',
    ),
  },
  'stdio-shared-identity': {
    servers: text<{ stdioNames: string[] }>(
      ({ stdioNames }) =>
        `${stdioNames.length} stdio MCP server(s) (${stdioNames.join(', ')}) run as child processes inside the LibreChat pod: the firewall sees them as LibreChat, so each may reach every host LibreChat may reach, and nothing more.`,
      'Run servers that need their own allow-list as separate workloads with a remote transport (streamable-http), so they get their own pod identity.',
    ),
  },
  'stdio-unbounded': {
    package: text<{ label: string; unbounded: string; why: string }>(
      ({ label, unbounded, why }) =>
        `${label} (${unbounded}) ${why}; inside the LibreChat pod it can reach every host LibreChat may reach, and its own needs are unbounded.`,
      'Remove it, or run it as its own workload with a remote transport and an explicit allow-list.',
    ),
  },
  'unknown-endpoint-reference': {
    'web-search': text<{ known: string[]; role: string; selected: string; selectorKey: string | undefined }>(
      ({ known, role, selected, selectorKey }) =>
        `webSearch.${selectorKey} is "${selected.slice(0, 40)}", which is not a ${role} service LibreChat knows (${known.join(', ')}); nothing is allowed for the ${role} role.`,
      ({ known }) => `Use one of ${known.join(', ')}.`,
    ),
    endpoint: text<{ path: (string | number)[]; value: string }>(
      ({ path, value }) =>
        `${path.join('.')} names the endpoint "${value}", which is not configured; its requests go nowhere this policy allows.`,
      'Name a configured endpoint (a custom endpoint name or openAI, anthropic, google, azureOpenAI, bedrock).',
    ),
  },
  'unknown-key': {
    'strict-level': text<{ where: string }>(
      ({ where }) =>
        `${where} is not a key LibreChat knows here; LibreChat validates this level strictly and refuses to start with it (unless CONFIG_BYPASS_VALIDATION=true).`,
      ({ where }) =>
        `Remove or rename ${where}; this tool knows the keys of LibreChat config ${KNOWN_CONFIG_VERSION}. Accept the finding only if a newer LibreChat defines it and it opens no destination.`,
    ),
    'holds-url': text<{ where: string }>(
      ({ where }) =>
        `${where} is not a key LibreChat's schema (${KNOWN_CONFIG_VERSION}) knows, and it holds a destination-like value; if a newer LibreChat reads it, this policy does not cover it.`,
      ({ where }) =>
        `Remove it, or move the value to the key LibreChat reads; accept --accept unknown-key:${where} only if it opens no connection.`,
    ),
  },
  'unresolved-variable': {
    's3-bucket': text<{ region: string }>(
      ({ region }) =>
        `fileStrategy s3 stores files in the bucket AWS_BUCKET_NAME, which the given environment does not define; only the bucket's own host ({bucket}.s3.${region}.amazonaws.com) would be allowed, so nothing is.`,
      'Pass --env AWS_BUCKET_NAME=<bucket>.',
    ),
    url: text<{ names: string; path: string; sensitive: string[]; title: string; unresolved: string[] }>(
      ({ names, path, sensitive, title }) =>
        `${path} uses ${names}, which ${sensitive.length ? 'LibreChat never substitutes (a sensitive variable)' : 'the given environment does not define'}; the host of ${title} is unknown, so nothing is allowed for it.`,
      ({ sensitive, unresolved }) =>
        sensitive.length
          ? 'Write the URL in the config, or use a variable that is not sensitive.'
          : `Pass the variable: --env ${unresolved[0]}=<value> or --env-from <file>.`,
    ),
    'atlas-uri': fixed(
      "VECTOR_DB_TYPE is atlas-mongo, but ATLAS_MONGO_DB_URI is not given; the RAG API's vector database is unknown, so nothing is allowed for it.",
      'Pass --env ATLAS_MONGO_DB_URI=mongodb+srv://<cluster>.<id>.mongodb.net (credentials are never printed).',
    ),
    'azure-instance': text<{ key: string }>(
      ({ key }) =>
        `${key} enables Azure OpenAI, but neither AZURE_OPENAI_API_INSTANCE_NAME nor AZURE_OPENAI_BASEURL is in the given environment, so its host is unknown; nothing is allowed for it.`,
      'Pass --env AZURE_OPENAI_API_INSTANCE_NAME=<resource name>, or configure endpoints.azureOpenAI.groups.',
    ),
    'bedrock-region': text<{ enabler: string }>(
      ({ enabler }) =>
        `${enabler} enables Bedrock, but no region is known (BEDROCK_AWS_DEFAULT_REGION, AWS_REGION and endpoints.bedrock.availableRegions are not set), so the Bedrock runtime host is unknown; nothing is allowed for it.`,
      'Pass --env BEDROCK_AWS_DEFAULT_REGION=<region> (or the AWS_REGION the pod runs with).',
    ),
    'ecr-region': fixed(
      'The EKS nodes pull their system images from the regional ECR, whose host depends on the region, which is not given; those hosts are not allowed.',
      'Pass --region <aws-region> with --cloud eks.',
    ),
    'rum-proxy': fixed(
      'RUM_ENABLED with RUM_AUTH_MODE=proxy forwards browser telemetry to RUM_PROXY_TARGET_URL, which the given environment does not define; nothing is allowed for it.',
      'Pass --env RUM_PROXY_TARGET_URL=<url>.',
    ),
    embeddings: text<{ provider: string; variable: string }>(
      ({ provider, variable }) =>
        `EMBEDDINGS_PROVIDER ${provider} needs ${variable}, which the given environment does not define; nothing is allowed for the RAG API's embeddings.`,
      ({ variable }) => `Pass --env ${variable}=<url>.`,
    ),
    'service-url': text<{ title: string; variable: string }>(
      ({ title, variable }) =>
        `${title} needs ${variable}, which the given environment does not define; nothing is allowed for it.`,
      ({ variable }) => `Pass --env ${variable}=<region>.`,
    ),
    'url-missing': text<{
      base: PathSegment[];
      field: string | undefined;
      title: string;
      variable: string | undefined;
    }>(
      ({ field, title, variable }) =>
        `${title} needs a URL (${[field, variable].filter(Boolean).join(' or ')}), and none is given; LibreChat would ask each user for it, so nothing is allowed.`,
      ({ base, field, variable }) =>
        `Set ${field ? `${base.join('.')}.${field}` : variable} to the service URL, or --env ${variable}=<url>.`,
    ),
    's3-region': fixed(
      'fileStrategy s3 stores files in Amazon S3, whose host depends on AWS_REGION, which the given environment does not define; nothing is allowed for file storage.',
      'Pass --env AWS_REGION=<region> (and AWS_BUCKET_NAME), or AWS_ENDPOINT_URL for S3-compatible storage.',
    ),
    'azure-blob': fixed(
      'fileStrategy azure_blob needs AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT_NAME to know the storage host; nothing is allowed for file storage.',
      'Pass --env AZURE_STORAGE_ACCOUNT_NAME=<account>.',
    ),
  },
  'unused-workload': {
    unused: text<{ id: StackWorkloadId; title: string; why: string }>(
      ({ id, title, why }) =>
        `The chart runs ${title} (${id}), but ${why}, so LibreChat does not use it: its pods get deny-all and no client may reach them.`,
      ({ id }) => `Disable it in the chart values (${CHART_WORKLOADS[id].enabledBy?.path.join('.')}: false).`,
    ),
  },
  'user-provided-url': {
    'user-provided': text<{ path: string; title: string }>(
      ({ path, title }) =>
        `${path} is "user_provided": each user types the URL for ${title}, so no policy can bound it; those requests will be denied.`,
      'Set a fixed URL in the config, or accept this finding to keep the endpoint usable only for hosts that are otherwise allowed.',
    ),
  },
  'wildcard-too-broad': {
    'wildcard-host': text<{ title: string }>(
      ({ title }) => `${title} names a wildcard host; a URL must name one host, so nothing is allowed for it.`,
      'Give the exact host the service uses.',
    ),
    'public-suffix': text<{ normalised: string; problem: string; title: string }>(
      ({ normalised, problem, title }) => `${title}: "${normalised}" ${problem}; nothing is allowed for it.`,
      'Give the exact host (or a wildcard over your own domain).',
    ),
    'allowlist-entry': text<{ error: string; path: string }>(
      ({ error, path }) => `${path} ${error} (the value is not shown: it may hold a credential); it is not allowed.`,
      'Use host, *.example.com or https://host[:port].',
    ),
    'srv-tenant': text<{ name: string; parent: string; variable: string }>(
      ({ name, parent, variable }) =>
        `${variable} is a mongodb+srv:// name (${name}) whose SRV hosts could lie anywhere under ${parent}; a wildcard over ${parent} would cover every tenant of that domain, so nothing is allowed for it.`,
      'Use a mongodb+srv name with at least three labels under your own tenant (cluster.<id>.mongodb.net), or list the hosts with mongodb://host1,host2/?tls=true.',
    ),
    'egress-entry': text<{ error: string; path: string }>(
      ({ error, path }) => `${path} ${error} (the value is not shown: it may hold a credential); it is not allowed.`,
      'Use host, *.example.com or https://host[:port].',
    ),
  },
  'special-address': {
    'special-target': text<{
      normalised: string;
      port: number;
      targetClass: SpecialTarget['class'];
      title: string;
      what: string;
    }>(
      ({ normalised, port, title, what }) =>
        `${title} points at ${normalised}:${port}, ${what}; a config value never opens such an address, so nothing is allowed for it.`,
      ({ targetClass }) =>
        targetClass === 'metadata'
          ? 'Remove it: LibreChat must not reach instance metadata or credential endpoints. Keyless cloud credentials are an explicit option of the deployment, not a config value.'
          : targetClass === 'kubernetes-api' || targetClass === 'kubelet'
            ? 'Remove it: LibreChat has no business with the cluster control plane.'
            : 'Give the real host name (or address) of the service.',
    ),
    'not-an-address': text<{ normalised: string; title: string }>(
      ({ normalised, title }) =>
        `${title} names ${normalised}, which is neither a DNS name nor a valid IP address; nothing is allowed for it.`,
      'Give the real host name (or address) of the service.',
    ),
  },
  'credentials-mode-unverified': {
    'azure-label': text<{ annotation: string; label: string; podLabels: string; workload: string }>(
      ({ annotation, label, workload }) =>
        `${workload}'s service account has ${annotation}, but its pods lack the label ${label}: "true", so the webhook injects no federated token; no credential endpoint is allowed.`,
      ({ label, podLabels, workload }) =>
        `Add ${label}: "true" to the pod labels (${podLabels}), or name the mode with --credentials ${workload}=azure-workload-identity.`,
    ),
  },
  'accept-unused': {
    entry: text<{ id: string; listed: boolean }>(
      ({ id, listed }) =>
        `${listed ? `The accept list entry ${id}` : `--accept ${id}`} names no finding of this config; it has no effect.`,
      'Remove it from the accepted findings (ids are printed by `explain`).',
    ),
  },
  'duplicate-name': {
    'custom-endpoint': text<{ first: number; index: number; name: string }>(
      ({ first, index, name }) =>
        `Custom endpoint "${name}" is defined twice (entries ${first} and ${index}); LibreChat uses the first, so entry ${index} is ignored and its baseURL is not allowed.`,
      'Give each custom endpoint a unique name.',
    ),
  },
  'newer-config-version': {
    version: text<{ declared: string }>(
      ({ declared }) =>
        `The config declares version ${declared}, newer than ${KNOWN_CONFIG_VERSION}, the newest schema this tool knows; keys added since are reported as unknown.`,
      'Upgrade librechat-containment, or check the unknown-key findings by hand.',
    ),
  },
  'chart-name-mismatch': {
    'postgresql-service': text<{ chartHost: string; serviceHost: string }>(
      ({ chartHost, serviceHost }) =>
        `The RAG API chart sets DB_HOST to ${chartHost}, but the postgresql subchart's service is ${serviceHost} (its fullnameOverride/nameOverride); the RAG API cannot reach its vector database.`,
      `Remove librechat-rag-api.postgresql.fullnameOverride/nameOverride, or set DB_HOST in librechat-rag-api.rag.configEnv to the real service.`,
    ),
  },
  'chart-manifests-missing-workload': {
    missing: text<{
      enabledBy: string | undefined;
      file: string | undefined;
      id: string;
      labels: Record<string, string>;
      title: string;
    }>(
      ({ file, id, labels, title }) =>
        `The config needs ${title} (${id}), but ${file} runs no such Deployment or StatefulSet; what is allowed for it selects pods (${Object.entries(
          labels,
        )
          .map(([k, v]) => `${k}=${v}`)
          .join(',')}, from the chart's naming) that may not exist.`,
      ({ enabledBy }) =>
        enabledBy
          ? `Enable it in the chart values (${enabledBy}: true) and render the manifests again, or point the config elsewhere.`
          : 'Render the manifests from the chart release that runs LibreChat (helm template <release> <chart> -f values.yaml).',
    ),
  },
} as const satisfies { [K in FindingKindName]: Record<string, FindingText<never>> };

export type FindingTexts = typeof FINDING_TEXTS;
/** The rules (templates) of one kind. */
export type FindingRule<K extends FindingKindName> = keyof FindingTexts[K] & string;
/** The values a rule's message and fix take. */
export type FindingParams<K extends FindingKindName, R extends FindingRule<K>> =
  FindingTexts[K][R] extends FindingText<infer P> ? P : never;

/** The message and fix of one finding. */
export function findingText<K extends FindingKindName, R extends FindingRule<K>>(
  kind: K,
  rule: R,
  params: FindingParams<K, R>,
): { message: string; fix: string } {
  const t = FINDING_TEXTS[kind][rule] as FindingText<FindingParams<K, R>>;
  return { message: t.message(params), fix: t.fix(params) };
}
