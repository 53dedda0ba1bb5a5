// Facts about LibreChat's built-in providers at v0.8.5 (see docs/librechat.md §2):
// which env variables enable them, their default hosts, and the env variables that override those.

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
  { title: 'Google Search tool', enabledBy: ['GOOGLE_SEARCH_API_KEY'], defaultUrl: 'https://www.googleapis.com' },
  { title: 'Tavily search tool', enabledBy: ['TAVILY_API_KEY'], defaultUrl: 'https://api.tavily.com' },
  { title: 'Traversaal search tool', enabledBy: ['TRAVERSAAL_API_KEY'], defaultUrl: 'https://api-ares.traversaal.ai' },
  { title: 'Wolfram|Alpha tool', enabledBy: ['WOLFRAM_APP_ID'], defaultUrl: 'https://www.wolframalpha.com' },
  { title: 'OpenWeather tool', enabledBy: ['OPENWEATHER_API_KEY'], defaultUrl: 'https://api.openweathermap.org' },
  { title: 'SerpAPI tool', enabledBy: ['SERPAPI_API_KEY'], defaultUrl: 'https://serpapi.com' },
  {
    title: 'Flux image tool',
    enabledBy: ['FLUX_API_KEY'],
    defaultUrl: 'https://api.us1.bfl.ai',
    urlVariable: 'FLUX_API_BASE_URL',
  },
  { title: 'Stable Diffusion WebUI tool', enabledBy: ['SD_WEBUI_URL'], urlVariable: 'SD_WEBUI_URL' },
  {
    title: 'DALL-E tool',
    enabledBy: ['DALLE_API_KEY', 'DALLE3_API_KEY', 'DALLE2_API_KEY'],
    defaultUrl: 'https://api.openai.com/v1',
    urlVariable: 'DALLE_REVERSE_PROXY',
  },
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
    title: 'OpenAI moderation',
    enabledBy: ['OPENAI_MODERATION'],
    defaultUrl: 'https://api.openai.com/v1',
    urlVariable: 'OPENAI_MODERATION_REVERSE_PROXY',
  },
  {
    title: 'Mailgun e-mail',
    enabledBy: ['MAILGUN_API_KEY'],
    defaultUrl: 'https://api.mailgun.net',
    urlVariable: 'MAILGUN_HOST',
  },
];

/** Social logins: the client id variable and the hosts the server calls (token, user info). */
export interface SocialLogin {
  name: string;
  enabledBy: string;
  hosts: string[];
  /** Env variable whose URL replaces the hosts (GitHub Enterprise). */
  urlVariable?: string;
}

export const SOCIAL_LOGINS: readonly SocialLogin[] = [
  {
    name: 'google',
    enabledBy: 'GOOGLE_CLIENT_ID',
    hosts: ['accounts.google.com', 'oauth2.googleapis.com', 'www.googleapis.com'],
  },
  {
    name: 'github',
    enabledBy: 'GITHUB_CLIENT_ID',
    hosts: ['github.com', 'api.github.com'],
    urlVariable: 'GITHUB_ENTERPRISE_BASE_URL',
  },
  { name: 'discord', enabledBy: 'DISCORD_CLIENT_ID', hosts: ['discord.com'] },
  { name: 'facebook', enabledBy: 'FACEBOOK_CLIENT_ID', hosts: ['www.facebook.com', 'graph.facebook.com'] },
  { name: 'apple', enabledBy: 'APPLE_CLIENT_ID', hosts: ['appleid.apple.com'] },
];
