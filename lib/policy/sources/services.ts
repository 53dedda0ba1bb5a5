// Services LibreChat calls besides the LLMs: web search (search, scrape, rerank), OCR, speech.
import {
  azureOpenAIHost,
  GOOGLE_OAUTH_HOST,
  REGION_PATTERN,
  VERTEX_GOOGLE_DEFAULT_REGION,
  vertexHost,
} from '../../catalog/providers';
import { resolve } from '../../config/env';
import type { PathSegment } from '../../config/document';
import type { Derivation, GroupSpec } from '../context';
import type { SourceRef } from '../model';
import { withFields } from '../../config/source';
import { agentCapabilities } from './agents';
import { asRecord, asString } from './values';

interface WebService {
  id: string;
  title: string;
  role: 'search' | 'scraper' | 'reranker';
  /** Config keys whose presence (or env variable) means the service is configured. */
  keyField: string;
  keyVariable: string;
  /** URL field, its env variable, and the default URL (undefined: the URL is required). */
  urlField?: string;
  urlVariable?: string;
  defaultUrl?: string;
  extraUrls?: { field: string; variable: string; defaultUrl: string }[];
}

const WEB_SERVICES: readonly WebService[] = [
  {
    id: 'serper',
    title: 'Serper search',
    role: 'search',
    keyField: 'serperApiKey',
    keyVariable: 'SERPER_API_KEY',
    defaultUrl: 'https://google.serper.dev',
  },
  {
    id: 'searxng',
    title: 'SearXNG search',
    role: 'search',
    keyField: 'searxngInstanceUrl',
    keyVariable: 'SEARXNG_INSTANCE_URL',
    urlField: 'searxngInstanceUrl',
    urlVariable: 'SEARXNG_INSTANCE_URL',
  },
  {
    id: 'tavily',
    title: 'Tavily search',
    role: 'search',
    keyField: 'tavilyApiKey',
    keyVariable: 'TAVILY_API_KEY',
    urlField: 'tavilySearchUrl',
    urlVariable: 'TAVILY_SEARCH_URL',
    defaultUrl: 'https://api.tavily.com/search',
  },
  {
    // Row 29: keyless (agents keenable-search.ts:9-10,48-49), default host api.keenable.ai.
    id: 'keenable',
    title: 'Keenable search',
    role: 'search',
    keyField: 'keenableApiKey',
    keyVariable: 'KEENABLE_API_KEY',
    urlField: 'keenableApiUrl',
    urlVariable: 'KEENABLE_API_URL',
    defaultUrl: 'https://api.keenable.ai',
  },
  {
    id: 'firecrawl',
    title: 'Firecrawl scraper',
    role: 'scraper',
    keyField: 'firecrawlApiKey',
    keyVariable: 'FIRECRAWL_API_KEY',
    urlField: 'firecrawlApiUrl',
    urlVariable: 'FIRECRAWL_API_URL',
    defaultUrl: 'https://api.firecrawl.dev',
  },
  {
    id: 'serper',
    title: 'Serper scraper',
    role: 'scraper',
    keyField: 'serperApiKey',
    keyVariable: 'SERPER_API_KEY',
    defaultUrl: 'https://scrape.serper.dev',
  },
  {
    id: 'tavily',
    title: 'Tavily extract',
    role: 'scraper',
    keyField: 'tavilyApiKey',
    keyVariable: 'TAVILY_API_KEY',
    urlField: 'tavilyExtractUrl',
    urlVariable: 'TAVILY_EXTRACT_URL',
    defaultUrl: 'https://api.tavily.com/extract',
  },
  {
    // Row 29: keenable-scraper.ts:9-10,27-30.
    id: 'keenable',
    title: 'Keenable scraper',
    role: 'scraper',
    keyField: 'keenableApiKey',
    keyVariable: 'KEENABLE_API_KEY',
    urlVariable: 'KEENABLE_FETCH_URL',
    defaultUrl: 'https://api.keenable.ai',
  },
  {
    id: 'jina',
    title: 'Jina reranker',
    role: 'reranker',
    keyField: 'jinaApiKey',
    keyVariable: 'JINA_API_KEY',
    urlField: 'jinaApiUrl',
    urlVariable: 'JINA_API_URL',
    defaultUrl: 'https://api.jina.ai/v1/rerank',
  },
  {
    id: 'cohere',
    title: 'Cohere reranker',
    role: 'reranker',
    keyField: 'cohereApiKey',
    keyVariable: 'COHERE_API_KEY',
    defaultUrl: 'https://api.cohere.com/v2/rerank',
  },
];

const ROLE_SELECTORS: Record<WebService['role'], string[]> = {
  search: ['searchProvider'],
  scraper: ['scraperProvider', 'scraperType'],
  reranker: ['rerankerType'],
};

const ROLE_PURPOSE: Record<WebService['role'], string> = {
  search: 'web search queries',
  scraper: 'web page scraping',
  reranker: 'search result reranking',
};

export function deriveServices(d: Derivation): void {
  deriveWebSearch(d);
  deriveOcr(d);
  deriveSpeech(d);
}

/**
 * Web search (rows 24-31; packages/api/src/web/web.ts:130-250). Per role LibreChat uses ONE
 * service: the one the selector names, else the first whose key it finds (order of
 * WEB_SERVICES: search serper → searxng → tavily → keenable; scraper firecrawl → serper → tavily →
 * keenable; reranker jina → cohere). Keys come from the config, the env, or (loadAuthValues) the
 * user: a role with neither a selector nor a key is reached with users' own keys, and its hosts
 * are denied with a warning.
 */
function deriveWebSearch(d: Derivation): void {
  const block = d.get(['webSearch']);
  const ws = asRecord(block);
  const caps = agentCapabilities(d);
  const capable = caps.list.includes('web_search');
  if (!capable && block === undefined) return;
  const denied: string[] = [];
  for (const role of ['search', 'scraper', 'reranker'] as const) {
    const selectorKey = ROLE_SELECTORS[role].find((k) => typeof ws[k] === 'string');
    const selected = selectorKey ? String(ws[selectorKey]).toLowerCase() : undefined;
    const candidates = WEB_SERVICES.filter((s) => s.role === role);
    const service =
      selected !== undefined
        ? candidates.find((s) => s.id === selected)
        : candidates.find(
            (s) => s.keyField in ws || (s.urlField !== undefined && s.urlField in ws) || d.env.isSet(s.keyVariable),
          );
    if (!service) {
      if (selected === undefined)
        denied.push(`${role}: ${candidates.map((s) => `${s.id} (${defaultHost(s)})`).join(', ')}`);
      else
        d.finding(
          'unknown-endpoint-reference',
          'web-search',
          { known: candidates.map((s) => s.id), role, selected, selectorKey },
          `webSearch.${selectorKey}`,
          d.at(['webSearch', selectorKey!]),
        );
      continue;
    }
    const source = selectorKey
      ? d.at(['webSearch', selectorKey])
      : service.keyField in ws
        ? d.at(['webSearch', service.keyField])
        : service.urlField !== undefined && service.urlField in ws
          ? d.at(['webSearch', service.urlField])
          : d.envSource(service.keyVariable);
    const spec: GroupSpec = {
      name: ['search', service.id, role === 'search' ? '' : role],
      kind: 'search',
      title: `web search: ${service.title}`,
      source,
    };
    addServiceUrl(
      d,
      spec,
      ['webSearch'],
      service.urlField,
      service.urlVariable,
      service.defaultUrl,
      ROLE_PURPOSE[role],
      source,
    );
  }
  if (denied.length > 0 && capable) {
    d.finding(
      'per-user-credentials',
      'web-search',
      { configured: block !== undefined, denied, explicit: caps.explicit },
      'web_search',
      block === undefined
        ? caps.explicit
          ? d.at(['endpoints', 'agents', 'capabilities'])
          : d.builtin('endpoints.agents.capabilities (LibreChat default)')
        : d.at(['webSearch']),
    );
  }
}

function defaultHost(s: WebService): string {
  return s.defaultUrl ? new URL(s.defaultUrl).host : `its ${s.urlField ?? s.urlVariable}`;
}

/** A service URL: the config field if written, else its env variable, else the default. */
function addServiceUrl(
  d: Derivation,
  spec: GroupSpec,
  base: PathSegment[],
  field: string | undefined,
  variable: string | undefined,
  defaultUrl: string | undefined,
  purpose: string,
  source: SourceRef,
): void {
  const block = asRecord(d.get(base));
  if (field && block[field] !== undefined) {
    d.addUrl(spec, [...base, field], purpose);
    return;
  }
  if (variable && d.env.isSet(variable)) {
    d.addUrlText(spec, d.env.value(variable)!, d.envSource(variable), purpose);
    return;
  }
  if (defaultUrl) {
    d.addUrlText(spec, defaultUrl, source, `${purpose} (default host)`);
    return;
  }
  d.finding(
    'unresolved-variable',
    'url-missing',
    { base, field, title: spec.title, variable },
    `${base.join('.')}.${field ?? variable}`,
    source,
  );
}

function deriveOcr(d: Derivation): void {
  const block = d.get(['ocr']);
  // Row 33 (packages/api/src/files/ocr.ts:4-5, `if (!config) return`): without an ocr block OCR is
  // off, whatever OCR_API_KEY says.
  if (block === undefined) return;
  const ocr = asRecord(block);
  const strategy = asString(ocr.strategy) ?? 'mistral_ocr';
  const source = d.at(['ocr']);
  const spec: GroupSpec = { name: ['ocr', strategy], kind: 'ocr', title: `OCR (${strategy})`, source };
  switch (strategy) {
    case 'document_parser':
      return;
    case 'vertexai_mistral_ocr': {
      const region = d.env.isSet('GOOGLE_LOC') ? d.env.value('GOOGLE_LOC')! : VERTEX_GOOGLE_DEFAULT_REGION;
      if (!REGION_PATTERN.test(region)) {
        d.finding('invalid-url', 'google-loc', {}, 'GOOGLE_LOC', d.envSource('GOOGLE_LOC'));
        return;
      }
      d.addHost(
        spec,
        vertexHost(region),
        443,
        'Mistral OCR on Vertex AI',
        d.env.isSet('GOOGLE_LOC') ? d.envSource('GOOGLE_LOC') : source,
      );
      d.addHost(spec, GOOGLE_OAUTH_HOST, 443, 'service account token exchange', source);
      return;
    }
    case 'mistral_ocr':
      addServiceUrl(d, spec, ['ocr'], 'baseURL', 'OCR_BASEURL', 'https://api.mistral.ai/v1', 'OCR', source);
      return;
    default:
      addServiceUrl(d, spec, ['ocr'], 'baseURL', 'OCR_BASEURL', undefined, 'OCR', source);
  }
}

const SPEECH_DEFAULTS: Record<string, Record<string, string>> = {
  tts: { openai: 'https://api.openai.com/v1/audio/speech', elevenlabs: 'https://api.elevenlabs.io/v1/text-to-speech' },
  stt: { openai: 'https://api.openai.com/v1/audio/transcriptions' },
};

function deriveSpeech(d: Derivation): void {
  for (const direction of ['tts', 'stt'] as const) {
    for (const base of [['speech', direction], [direction]]) {
      const block = asRecord(d.get(base));
      if (base.length === 1 && d.get(base) !== undefined) {
        d.finding('legacy-key', 'speech', { direction }, direction, d.at(base));
      }
      for (const provider of Object.keys(block).sort()) {
        if (provider === 'allowedAddresses') continue;
        const path = [...base, provider];
        const cfg = asRecord(block[provider]);
        const spec: GroupSpec = {
          name: ['speech', direction, provider],
          kind: 'speech',
          title: `${direction === 'tts' ? 'text-to-speech' : 'speech-to-text'} (${provider})`,
          source: d.at(path),
        };
        const purpose = direction === 'tts' ? 'text-to-speech' : 'speech-to-text';
        if (provider === 'azureOpenAI') {
          addAzureInstance(d, spec, path, cfg, purpose);
          continue;
        }
        const url = asString(cfg.url);
        if (url !== undefined && url.trim() !== '') d.addUrl(spec, [...path, 'url'], purpose);
        else if (SPEECH_DEFAULTS[direction][provider])
          d.addUrlText(spec, SPEECH_DEFAULTS[direction][provider], spec.source, `${purpose} (default host)`);
        else d.finding('invalid-url', 'speech-url', { path }, `${path.join('.')}.url`, spec.source);
        // Row 37: websocketUrl (ElevenLabs) is used by the browser only; the server never connects to it.
      }
    }
  }
}

function addAzureInstance(
  d: Derivation,
  spec: GroupSpec,
  path: PathSegment[],
  cfg: Record<string, unknown>,
  purpose: string,
): void {
  const raw = asString(cfg.instanceName);
  const source = d.at([...path, 'instanceName']);
  if (raw === undefined) {
    d.finding('invalid-url', 'speech-instance', { path }, `${path.join('.')}.instanceName`, spec.source);
    return;
  }
  const r = resolve(raw, d.env);
  if (!d.usable(r, source, spec.title)) return;
  d.addHost(spec, azureOpenAIHost(r.value), 443, purpose, r.via ? withFields(source, { via: r.via }) : source);
}
