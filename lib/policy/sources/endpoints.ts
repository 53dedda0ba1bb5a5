// LLM providers: custom endpoints, Azure OpenAI groups and the built-in endpoints (OpenAI,
// Assistants, Anthropic and Anthropic on Vertex, Google Gemini and Vertex AI, Bedrock).
// One destination group per provider, named after it.
import { resolve } from '../../config/env';
import {
  azureOpenAIHost,
  BUILTIN_PROVIDERS,
  bedrockHost,
  GOOGLE_OAUTH_HOST,
  REGION_PATTERN,
  VERTEX_ANTHROPIC_DEFAULT_REGION,
  VERTEX_GOOGLE_DEFAULT_REGION,
  vertexHost,
} from '../../catalog/providers';
import type { Derivation, GroupSpec } from '../context';
import type { SourceRef } from '../model';
import { withFields } from '../../config/source';
import { asArray, asRecord, asString } from './values';

/** Which built-in endpoints LibreChat enables: all, or those listed in the ENDPOINTS variable. */
export function endpointEnabled(d: Derivation, endpoint: string): boolean {
  const list = d.env.value('ENDPOINTS');
  if (!list || !list.trim()) return true;
  return list
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .includes(endpoint.toLowerCase());
}

export function deriveEndpoints(d: Derivation): void {
  deriveCustomEndpoints(d);
  deriveAzureOpenAI(d);
  deriveBuiltins(d);
  deriveVertexAnthropic(d);
  deriveGoogleVertex(d);
  deriveBedrock(d);
}

function deriveCustomEndpoints(d: Derivation): void {
  if (!endpointEnabled(d, 'custom') && d.get(['endpoints', 'custom']) !== undefined) {
    d.finding('capability-not-configured', 'custom-not-listed', {}, 'endpoints.custom', d.envSource('ENDPOINTS'));
    return;
  }
  const seen = new Map<string, number>();
  asArray(d.get(['endpoints', 'custom'])).forEach((entry, i) => {
    const e = asRecord(entry);
    const name = asString(e.name) ?? `#${i}`;
    const label = `endpoints.custom[${name}]`;
    const normalised = name.trim().toLowerCase();
    if (seen.has(normalised)) {
      // LibreChat finds a custom endpoint's config with customEndpoints.find(name), so requests
      // use the first entry: the second one's baseURL is never called and is not allowed.
      d.finding(
        'duplicate-name',
        'custom-endpoint',
        { first: seen.get(normalised)!, index: i, name },
        label,
        d.at(['endpoints', 'custom', i, 'name'], `${label}.name`),
      );
      return;
    }
    seen.set(normalised, i);
    const spec: GroupSpec = {
      name: ['llm', name],
      kind: 'llm',
      title: `custom endpoint "${name}"`,
      source: d.at(['endpoints', 'custom', i], label),
    };
    const models = asRecord(e.models);
    const purposes = ['chat completions'];
    if (models.fetch === true) purposes.push('model list (models.fetch)');
    if (normalised.startsWith('ollama')) purposes.push('Ollama model tags');
    d.addUrl(spec, ['endpoints', 'custom', i, 'baseURL'], purposes.join(', '), { label: `${label}.baseURL` });
  });
}

function deriveAzureOpenAI(d: Derivation): void {
  const groups = asArray(asRecord(d.get(['endpoints', 'azureOpenAI'])).groups);
  if (groups.length === 0 || !endpointEnabled(d, 'azureOpenAI')) return;
  groups.forEach((entry, i) => {
    const g = asRecord(entry);
    const groupName = asString(g.group) ?? `#${i}`;
    const path = ['endpoints', 'azureOpenAI', 'groups', i];
    const label = `endpoints.azureOpenAI.groups[${groupName}]`;
    const spec: GroupSpec = {
      name: ['llm', 'azure', groupName],
      kind: 'llm',
      title: `Azure OpenAI group "${groupName}"`,
      source: d.at(path, label),
    };
    const purpose = g.assistants === true ? 'chat completions and assistants' : 'chat completions';
    const instance = typeof g.instanceName === 'string' ? resolve(g.instanceName, d.env) : undefined;
    const deployment = typeof g.deploymentName === 'string' ? resolve(g.deploymentName, d.env).value : '';
    if (g.serverless === true || typeof g.baseURL === 'string') {
      // A group baseURL may use ${INSTANCE_NAME} / ${DEPLOYMENT_NAME}: the group's own values.
      const fixed: Record<string, string> = { DEPLOYMENT_NAME: deployment };
      if (instance && instance.unresolved.length === 0) fixed.INSTANCE_NAME = instance.value;
      if (typeof g.baseURL !== 'string') {
        d.finding('invalid-url', 'serverless-no-baseurl', { label }, `${label}.baseURL`, spec.source);
        return;
      }
      d.addUrl(spec, [...path, 'baseURL'], purpose, { label: `${label}.baseURL`, fixed });
      return;
    }
    if (!instance) {
      d.finding('invalid-url', 'azure-no-instance', { label }, `${label}.instanceName`, spec.source);
      return;
    }
    const source = d.at([...path, 'instanceName'], `${label}.instanceName`);
    if (!d.usable(instance, source, spec.title)) return;
    d.addHost(
      spec,
      azureOpenAIHost(instance.value),
      443,
      purpose,
      instance.via ? withFields(source, { via: instance.via }) : source,
    );
  });
}

/**
 * Built-in endpoints are enabled by their key variable (LibreChat reads OPENAI_API_KEY,
 * ANTHROPIC_API_KEY, ...; `user_provided` counts). A YAML block alone configures but does not
 * enable them, so without the variable nothing is allowed and a warning says why.
 */
function deriveBuiltins(d: Derivation): void {
  for (const p of BUILTIN_PROVIDERS) {
    const path = ['endpoints', p.endpoint];
    const block = d.get(path);
    const enabledVar = p.enabledBy.find((v) => d.env.isSet(v));
    if (p.endpoint === 'anthropic' && vertexAnthropicEnabled(d)) continue;
    if (p.endpoint === 'google' && !enabledVar && d.env.isSet('GOOGLE_SERVICE_KEY_FILE')) continue;
    if (!enabledVar) {
      if (block !== undefined) notEnabled(d, `endpoints.${p.endpoint}`, p.enabledBy, d.at(path));
      continue;
    }
    const source: SourceRef = block !== undefined ? d.at(path) : d.envSource(enabledVar);
    if (!endpointEnabled(d, p.endpoint)) {
      d.finding(
        'capability-not-configured',
        'endpoint-not-listed',
        { endpoint: p.endpoint },
        `endpoints.${p.endpoint}`,
        source,
      );
      continue;
    }
    const spec: GroupSpec = {
      name: ['llm', p.endpoint],
      kind: 'llm',
      title: `built-in endpoint ${p.endpoint} (${p.title})`,
      source,
    };
    const override = p.overrides.find((v) => d.env.isSet(v));
    const yamlBaseUrl = asRecord(block).baseURL;
    // Row 4 (packages/api/src/endpoints/openai/initialize.ts:46-69 reads only the env; same for
    // anthropic and google): a YAML baseURL on a built-in is ignored, LibreChat calls the env
    // override or the default host. That host is allowed, the YAML one is not, and a warning says so.
    if (override) d.addUrlText(spec, d.env.value(override)!, d.envSource(override), p.purpose);
    else d.addUrlText(spec, p.defaultUrl, d.envSource(enabledVar), `${p.purpose} (default host)`);
    if (typeof yamlBaseUrl === 'string') {
      const used = override ? `${override}` : `the default host ${new URL(p.defaultUrl).host}`;
      d.finding(
        'builtin-baseurl-ignored',
        'baseurl',
        { defaultUrl: p.defaultUrl, endpoint: p.endpoint, overrides: p.overrides, used },
        `endpoints.${p.endpoint}.baseURL`,
        d.at([...path, 'baseURL']),
      );
    }
  }
  deriveAzureEnv(d);
}

/**
 * Row 8 (api/server/services/Config/EndpointService.js:9,36; packages/api/src/utils/azure.ts:87-92):
 * without YAML groups, AZURE_API_KEY enables Azure OpenAI at AZURE_OPENAI_BASEURL (its
 * ${INSTANCE_NAME}/${DEPLOYMENT_NAME} filled from the env) or {AZURE_OPENAI_API_INSTANCE_NAME}.openai.azure.com.
 * Row 6 (EndpointService.js:7,15,42-46; azureAssistants/initialize.js:52-80): AZURE_ASSISTANTS_API_KEY
 * with AZURE_ASSISTANTS_BASE_URL.
 */
function deriveAzureEnv(d: Derivation): void {
  const key = ['AZURE_API_KEY', 'AZURE_OPENAI_API_KEY'].find((v) => d.env.isSet(v));
  const groups = asArray(asRecord(d.get(['endpoints', 'azureOpenAI'])).groups);
  if (key && groups.length === 0 && endpointEnabled(d, 'azureOpenAI')) {
    const spec: GroupSpec = {
      name: ['llm', 'azure', 'env'],
      kind: 'llm',
      title: `Azure OpenAI (legacy env, ${key})`,
      source: d.envSource(key),
    };
    const instance = d.env.value('AZURE_OPENAI_API_INSTANCE_NAME')?.trim();
    const fixed: Record<string, string> = { DEPLOYMENT_NAME: d.env.value('AZURE_OPENAI_API_DEPLOYMENT_NAME') ?? '' };
    if (instance) fixed.INSTANCE_NAME = instance;
    if (d.env.isSet('AZURE_OPENAI_BASEURL')) {
      d.addUrlText(
        spec,
        d.env.value('AZURE_OPENAI_BASEURL')!,
        d.envSource('AZURE_OPENAI_BASEURL'),
        'chat completions',
        fixed,
      );
    } else if (instance) {
      d.addHost(
        spec,
        azureOpenAIHost(instance),
        443,
        'chat completions',
        d.envSource('AZURE_OPENAI_API_INSTANCE_NAME'),
      );
    } else {
      d.finding('unresolved-variable', 'azure-instance', { key }, 'AZURE_OPENAI_API_INSTANCE_NAME', d.envSource(key));
    }
  }
  if (
    d.env.isSet('AZURE_ASSISTANTS_API_KEY') &&
    d.env.isSet('AZURE_ASSISTANTS_BASE_URL') &&
    endpointEnabled(d, 'azureAssistants')
  ) {
    const source = d.envSource('AZURE_ASSISTANTS_BASE_URL');
    d.addUrlText(
      {
        name: ['llm', 'azure', 'assistants'],
        kind: 'llm',
        title: 'Azure Assistants (AZURE_ASSISTANTS_BASE_URL)',
        source,
      },
      d.env.value('AZURE_ASSISTANTS_BASE_URL')!,
      source,
      'assistants API',
    );
  }
}

/** A configured built-in that its key variable does not enable: said once, allowed nothing. */
function notEnabled(d: Derivation, what: string, variables: string[], source: SourceRef): void {
  d.finding('builtin-not-enabled', 'key-missing', { variables, what }, what, source);
}

function vertexAnthropicEnabled(d: Derivation): boolean {
  const vertex = d.get(['endpoints', 'anthropic', 'vertex']);
  if (vertex !== undefined && asRecord(vertex).enabled !== false) return true;
  return d.env.isTrue('ANTHROPIC_USE_VERTEX');
}

function deriveVertexAnthropic(d: Derivation): void {
  if (!vertexAnthropicEnabled(d) || !endpointEnabled(d, 'anthropic')) return;
  const vertexPath = ['endpoints', 'anthropic', 'vertex'];
  const fromYaml = d.get(vertexPath) !== undefined;
  const source = fromYaml ? d.at(vertexPath) : d.envSource('ANTHROPIC_USE_VERTEX');
  const spec: GroupSpec = {
    name: ['llm', 'anthropic', 'vertex'],
    kind: 'llm',
    title: 'Anthropic on Google Vertex AI',
    source,
  };
  const regionRaw = asString(asRecord(d.get(vertexPath)).region);
  let region = VERTEX_ANTHROPIC_DEFAULT_REGION;
  let regionSource = source;
  if (regionRaw !== undefined) {
    regionSource = d.at([...vertexPath, 'region']);
    const r = resolve(regionRaw, d.env);
    if (!d.usable(r, regionSource, spec.title)) return;
    region = r.value;
  } else if (d.env.isSet('ANTHROPIC_VERTEX_REGION')) {
    region = d.env.value('ANTHROPIC_VERTEX_REGION')!;
    regionSource = d.envSource('ANTHROPIC_VERTEX_REGION');
  }
  if (!checkRegion(d, region, regionSource, spec.title)) return;
  d.addHost(spec, vertexHost(region), 443, `Vertex AI in ${region}`, regionSource);
  d.addHost(spec, GOOGLE_OAUTH_HOST, 443, 'service account token exchange', source);
}

function deriveGoogleVertex(d: Derivation): void {
  if (!d.env.isSet('GOOGLE_SERVICE_KEY_FILE') || !endpointEnabled(d, 'google')) return;
  const source = d.envSource('GOOGLE_SERVICE_KEY_FILE');
  const spec: GroupSpec = {
    name: ['llm', 'google', 'vertex'],
    kind: 'llm',
    title: 'Google Vertex AI (GOOGLE_SERVICE_KEY_FILE)',
    source,
  };
  const region = d.env.isSet('GOOGLE_LOC') ? d.env.value('GOOGLE_LOC')! : VERTEX_GOOGLE_DEFAULT_REGION;
  const regionSource = d.env.isSet('GOOGLE_LOC') ? d.envSource('GOOGLE_LOC') : source;
  // Row 14 (packages/api/src/utils/key.ts:54-57): a key file given as an https URL is downloaded at start.
  const keyFile = d.env.value('GOOGLE_SERVICE_KEY_FILE')!.trim();
  if (/^https?:\/\//i.test(keyFile)) d.addUrlText(spec, keyFile, source, 'download of the service account key');
  if (!checkRegion(d, region, regionSource, spec.title)) return;
  d.addHost(spec, vertexHost(region), 443, `Vertex AI in ${region}`, regionSource);
  d.addHost(spec, GOOGLE_OAUTH_HOST, 443, 'service account token exchange', source);
}

/**
 * Bedrock (rows 15-18): enabled by any credential (EndpointService.js:21-26,47-55: the secret key
 * or BEDROCK_AWS_DEFAULT_REGION; also a bearer token or profile), in BEDROCK_AWS_DEFAULT_REGION, else
 * the SDK's AWS_REGION (bedrock/initialize.ts:283-292), plus every availableRegions entry.
 */
const BEDROCK_ENABLERS = [
  'BEDROCK_AWS_DEFAULT_REGION',
  'BEDROCK_AWS_SECRET_ACCESS_KEY',
  'BEDROCK_AWS_ACCESS_KEY_ID',
  'AWS_BEARER_TOKEN_BEDROCK',
  'BEDROCK_AWS_PROFILE',
];

function deriveBedrock(d: Derivation): void {
  const path = ['endpoints', 'bedrock'];
  const block = d.get(path);
  const enabler = BEDROCK_ENABLERS.find((v) => d.env.isSet(v));
  if (!enabler) {
    if (block !== undefined)
      notEnabled(d, 'endpoints.bedrock', ['BEDROCK_AWS_DEFAULT_REGION', 'BEDROCK_AWS_SECRET_ACCESS_KEY'], d.at(path));
    return;
  }
  if (!endpointEnabled(d, 'bedrock')) return;
  const source = block !== undefined ? d.at(path) : d.envSource(enabler);
  const spec: GroupSpec = { name: ['llm', 'bedrock'], kind: 'llm', title: 'AWS Bedrock', source };
  if (d.env.isSet('BEDROCK_REVERSE_PROXY')) {
    const proxy = d.env.value('BEDROCK_REVERSE_PROXY')!;
    const url = /^[a-z]+:\/\//i.test(proxy) ? proxy : `https://${proxy}`;
    d.addUrlText(spec, url, d.envSource('BEDROCK_REVERSE_PROXY'), 'Bedrock runtime (reverse proxy)');
    return;
  }
  const regions: { region: string; source: SourceRef }[] = [];
  const regionVar = ['BEDROCK_AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_DEFAULT_REGION'].find((v) => d.env.isSet(v));
  if (regionVar) regions.push({ region: d.env.value(regionVar)!.trim(), source: d.envSource(regionVar) });
  asArray(asRecord(block).availableRegions).forEach((r, i) => {
    const at = d.at([...path, 'availableRegions', i]);
    if (typeof r !== 'string') return;
    const res = resolve(r, d.env);
    if (d.usable(res, at, spec.title)) regions.push({ region: res.value, source: at });
  });
  if (!regionVar && regions.length === 0) {
    d.finding('unresolved-variable', 'bedrock-region', { enabler }, 'BEDROCK_AWS_DEFAULT_REGION', d.envSource(enabler));
    return;
  }
  for (const { region, source: at } of regions) {
    if (checkRegion(d, region, at, spec.title))
      d.addHost(spec, bedrockHost(region), 443, `Bedrock runtime in ${region}`, at);
  }
}

function checkRegion(d: Derivation, region: string, source: SourceRef, title: string): boolean {
  if (REGION_PATTERN.test(region.trim().toLowerCase())) return true;
  d.finding('invalid-url', 'region', { path: source.path, title }, `${source.path}:region`, source);
  return false;
}
