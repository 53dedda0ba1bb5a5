// Facts about LibreChat's built-in providers and tools at v0.8.8-rc1 (LibreChat 16e4d14; "row N" is the
// row of the egress fact sheet, tested by name in test/core/fidelity-rows.spec.ts): which env
// variables enable them, their default hosts, and the env variables that override those.

export interface BuiltinProvider {
  /** Key under `endpoints` in librechat.yaml (also the name in the ENDPOINTS variable). */
  endpoint: string;
  title: string;
  /** Env variables any of which enables the provider. */
  enabledBy: string[];
  defaultUrl: string;
  /** Env variables (in order) that replace the default host. */
  overrides: string[];
  purpose: string;
}

export const BUILTIN_PROVIDERS: readonly BuiltinProvider[] = [
  {
    endpoint: 'openAI',
    title: 'OpenAI',
    enabledBy: ['OPENAI_API_KEY'],
    defaultUrl: 'https://api.openai.com/v1',
    overrides: ['OPENAI_REVERSE_PROXY'],
    purpose: 'chat completions and model list',
  },
  {
    endpoint: 'assistants',
    title: 'OpenAI Assistants',
    enabledBy: ['ASSISTANTS_API_KEY'],
    defaultUrl: 'https://api.openai.com/v1',
    overrides: ['ASSISTANTS_BASE_URL'],
    purpose: 'assistants API',
  },
  {
    endpoint: 'anthropic',
    title: 'Anthropic',
    enabledBy: ['ANTHROPIC_API_KEY'],
    defaultUrl: 'https://api.anthropic.com',
    overrides: ['ANTHROPIC_REVERSE_PROXY'],
    purpose: 'messages API',
  },
  {
    endpoint: 'google',
    title: 'Google Gemini API',
    enabledBy: ['GOOGLE_KEY'],
    defaultUrl: 'https://generativelanguage.googleapis.com',
    overrides: ['GOOGLE_REVERSE_PROXY'],
    purpose: 'Gemini API',
  },
];

export const GOOGLE_OAUTH_HOST = 'oauth2.googleapis.com';

/**
 * The host of an Azure OpenAI `instanceName`: a resource name (`contoso` →
 * `contoso.openai.azure.com`) or, when it holds `.azure.com`, the full host itself.
 */
export function azureOpenAIHost(instanceName: string): string {
  const value = instanceName
    .trim()
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '');
  return value.includes('.azure.com') ? value : `${value}.openai.azure.com`;
}

/** The Vertex AI host for a region (`global` and the multi-regions `us`/`eu` differ). */
export function vertexHost(region: string): string {
  const r = region.trim().toLowerCase();
  if (r === 'global') return 'aiplatform.googleapis.com';
  if (r === 'us' || r === 'eu') return `aiplatform.${r}.rep.googleapis.com`;
  return `${r}-aiplatform.googleapis.com`;
}

export const VERTEX_ANTHROPIC_DEFAULT_REGION = 'us-east5';
export const VERTEX_GOOGLE_DEFAULT_REGION = 'us-central1';

export function bedrockHost(region: string): string {
  return `bedrock-runtime.${region.trim().toLowerCase()}.amazonaws.com`;
}

/** A region name as the cloud writes it; anything else is refused rather than put into a host. */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$|^[a-z]+-[a-z]+\d{1,2}$|^(global|us|eu)$/;

export const CODE_INTERPRETER_DEFAULT_URL = 'https://api.librechat.ai/v1';

/** Legacy plugins and tools that a variable turns on (docs/librechat.md §2, "Tools enabled by a variable"). */
export interface EnvTool {
  title: string;
  enabledBy: string[];
  defaultUrl?: string;
  /** Env variable holding the URL, used instead of the default when set. */
  urlVariable?: string;
}

export const ENV_TOOLS: readonly EnvTool[] = [
  // api/app/clients/tools/structured/GoogleSearch.js:59, Wolfram.js:82, OpenWeather.js:135,277,
  // TavilySearchResults.js:130, TraversaalSearch.js:55, AzureAISearch.js:28, StableDiffusion.js:99,
  // OpenAIImageTools.js:87-106 (fact sheet row 41). No SerpAPI and no DALL-E 2 tool exists in
  // manifest.json (row 46), so SERPAPI_API_KEY and DALLE2_API_KEY open nothing.
  { title: 'Google Search tool', enabledBy: ['GOOGLE_SEARCH_API_KEY'], defaultUrl: 'https://www.googleapis.com' },
  { title: 'Tavily search tool', enabledBy: ['TAVILY_API_KEY'], defaultUrl: 'https://api.tavily.com' },
  { title: 'Traversaal search tool', enabledBy: ['TRAVERSAAL_API_KEY'], defaultUrl: 'https://api-ares.traversaal.ai' },
  { title: 'Wolfram|Alpha tool', enabledBy: ['WOLFRAM_APP_ID'], defaultUrl: 'https://www.wolframalpha.com' },
  { title: 'OpenWeather tool', enabledBy: ['OPENWEATHER_API_KEY'], defaultUrl: 'https://api.openweathermap.org' },
  { title: 'Stable Diffusion WebUI tool', enabledBy: ['SD_WEBUI_URL'], urlVariable: 'SD_WEBUI_URL' },
  {
    title: 'OpenAI image tool',
    enabledBy: ['IMAGE_GEN_OAI_API_KEY'],
    defaultUrl: 'https://api.openai.com/v1',
    urlVariable: 'IMAGE_GEN_OAI_BASEURL',
  },
  {
    title: 'Azure AI Search tool',
    enabledBy: ['AZURE_AI_SEARCH_SERVICE_ENDPOINT'],
    urlVariable: 'AZURE_AI_SEARCH_SERVICE_ENDPOINT',
  },
  {
    // api/server/middleware/moderateText.js:89 (row 23)
    title: 'OpenAI moderation',
    enabledBy: ['OPENAI_MODERATION'],
    defaultUrl: 'https://api.openai.com/v1',
    urlVariable: 'OPENAI_MODERATION_REVERSE_PROXY',
  },
  {
    // api/server/utils/sendEmail.js:22-24 (row 77)
    title: 'Mailgun e-mail',
    enabledBy: ['MAILGUN_API_KEY'],
    defaultUrl: 'https://api.mailgun.net',
    urlVariable: 'MAILGUN_HOST',
  },
];

/** DALL·E 3 (structured/DALLE3.js:73-84): the API, and the host of the image URL it downloads (:181-195). */
export const DALLE_DEFAULT_URL = 'https://api.openai.com/v1';
export const DALLE_IMAGE_HOST = 'oaidalleapiprodscus.blob.core.windows.net';

/** Flux (structured/FluxAPI.js:145,237-238 API; :303-314 fetches result.sample from the delivery host). */
export const FLUX_DEFAULT_URL = 'https://api.us1.bfl.ai';
export const FLUX_DELIVERY_HOSTS = [
  'bfldeliveryprod.blob.core.windows.net',
  'delivery-eu1.bfl.ai',
  'delivery-us1.bfl.ai',
];

/** Gemini image generation (structured/GeminiImageGen.js): the Gemini API, or Vertex with a service key. */
export const GEMINI_API_HOST = 'generativelanguage.googleapis.com';

/**
 * The fixed hosts of built-in tools a user can enable with a key of their own
 * (manifest.json authConfig; api/server/services/Tools/credentials.js:13-29: env, else the user's
 * stored key). Row 45: with the default `tools` capability they are reached without any env.
 */
export const USER_KEY_TOOLS: readonly { title: string; variable: string; hosts: string[] }[] = [
  { title: 'Google Search', variable: 'GOOGLE_SEARCH_API_KEY', hosts: ['www.googleapis.com'] },
  { title: 'Tavily', variable: 'TAVILY_API_KEY', hosts: ['api.tavily.com'] },
  { title: 'Traversaal', variable: 'TRAVERSAAL_API_KEY', hosts: ['api-ares.traversaal.ai'] },
  { title: 'Wolfram|Alpha', variable: 'WOLFRAM_APP_ID', hosts: ['www.wolframalpha.com'] },
  { title: 'OpenWeather', variable: 'OPENWEATHER_API_KEY', hosts: ['api.openweathermap.org'] },
  { title: 'DALL-E 3', variable: 'DALLE3_API_KEY', hosts: ['api.openai.com', DALLE_IMAGE_HOST] },
  { title: 'OpenAI image tools', variable: 'IMAGE_GEN_OAI_API_KEY', hosts: ['api.openai.com'] },
  { title: 'Flux', variable: 'FLUX_API_KEY', hosts: ['api.us1.bfl.ai', ...FLUX_DELIVERY_HOSTS] },
  { title: 'Gemini image generation', variable: 'GEMINI_API_KEY', hosts: [GEMINI_API_HOST] },
];

/** Social logins: the client id variable and the hosts the server calls (token, user info). */
export interface SocialLogin {
  name: string;
  enabledBy: string;
  hosts: string[];
  /** Env variable whose URL replaces the hosts (GitHub Enterprise). */
  urlVariable?: string;
  /** Where the login's avatar is downloaded from when file storage is not local (row 73). */
  avatarHosts?: string[];
  /** What the server calls when the admin panel (ADMIN_PANEL_URL) refreshes its session (row 74). */
  adminRefreshHosts?: { host: string; purpose: string }[];
}

/**
 * The admin panel's address (packages/api/src/auth/exchange.ts getAdminPanelUrl, default
 * http://localhost:3000): its OAuth callbacks redirect there, so a deployed admin panel sets it.
 */
export const ADMIN_PANEL_VARIABLE = 'ADMIN_PANEL_URL';

/**
 * Server-side calls only (row 71): passport-google-oauth20 2.0.0 uses www.googleapis.com for token
 * (oauth2/v4) and user info; accounts.google.com and www.facebook.com are the browser's authorize
 * pages and oauth2.googleapis.com is unused by the sign-in itself (row 72); the admin panel's Google
 * session refresh calls it (row 74), only when an admin panel is deployed (ADMIN_PANEL_URL).
 */
export const SOCIAL_LOGINS: readonly SocialLogin[] = [
  {
    name: 'google',
    enabledBy: 'GOOGLE_CLIENT_ID',
    hosts: ['www.googleapis.com'],
    avatarHosts: ['lh3.googleusercontent.com'],
    // packages/api/src/auth/googleRefresh.ts:11-12 (endpoints), :70 (user info fallback when the
    // refreshed tokenset has no id_token), :101 (refresh-token grant); api/server/routes/admin/auth.js:658.
    adminRefreshHosts: [
      { host: 'oauth2.googleapis.com', purpose: 'admin panel session refresh (token grant)' },
      { host: 'openidconnect.googleapis.com', purpose: 'admin panel session refresh (user info)' },
    ],
  },
  {
    name: 'github',
    enabledBy: 'GITHUB_CLIENT_ID',
    hosts: ['github.com', 'api.github.com'],
    urlVariable: 'GITHUB_ENTERPRISE_BASE_URL',
    avatarHosts: ['avatars.githubusercontent.com'],
  },
  { name: 'discord', enabledBy: 'DISCORD_CLIENT_ID', hosts: ['discord.com'], avatarHosts: ['cdn.discordapp.com'] },
  { name: 'facebook', enabledBy: 'FACEBOOK_CLIENT_ID', hosts: ['graph.facebook.com'] },
  { name: 'apple', enabledBy: 'APPLE_CLIENT_ID', hosts: ['appleid.apple.com'] },
];

/**
 * Where well-known OpenID providers put the endpoints of their discovery document (row 68):
 * LibreChat fetches discovery at the issuer, then token, JWKS and user info (on every login) from
 * the hosts the document names. `undefined`: the issuer is not one this tool knows.
 */
export function openIdProviderHosts(
  issuerHost: string,
): { provider: string; hosts: { host: string; purpose: string }[]; unknownHosts?: string } | undefined {
  const h = issuerHost.toLowerCase();
  if (h === 'login.microsoftonline.com' || h === 'sts.windows.net' || h.endsWith('.ciamlogin.com'))
    return {
      provider: 'Microsoft Entra ID',
      hosts: [
        { host: 'login.microsoftonline.com', purpose: 'token and JWKS' },
        // userinfo_endpoint is https://graph.microsoft.com/oidc/userinfo; also group overage, avatar (row 70)
        { host: 'graph.microsoft.com', purpose: 'user info and avatar (Graph)' },
      ],
    };
  if (h === 'accounts.google.com')
    return {
      provider: 'Google',
      hosts: [
        { host: 'oauth2.googleapis.com', purpose: 'token' },
        { host: 'www.googleapis.com', purpose: 'JWKS' },
        { host: 'openidconnect.googleapis.com', purpose: 'user info' },
      ],
    };
  const cognito = /^cognito-idp\.([a-z0-9-]+)\.amazonaws\.com$/.exec(h);
  if (cognito)
    return {
      provider: 'Amazon Cognito',
      hosts: [],
      unknownHosts: `token and user info live on the user pool's domain ({domain}.auth.${cognito[1]}.amazoncognito.com), which the issuer does not name`,
    };
  // Okta, Auth0 and Keycloak serve every endpoint from the issuer's own host.
  if (/\.(okta|oktapreview|okta-emea)\.com$/.test(h)) return { provider: 'Okta', hosts: [] };
  if (/\.auth0\.com$/.test(h)) return { provider: 'Auth0', hosts: [] };
  return undefined;
}
