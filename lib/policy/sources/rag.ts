// The RAG API's own egress (danny-avila/rag_api app/config.py): its embeddings provider. The RAG
// API pod reads the same kind of env file; its variables are distinct from LibreChat's.
import {
  bedrockHost,
  GOOGLE_OAUTH_HOST,
  REGION_PATTERN,
  VERTEX_GOOGLE_DEFAULT_REGION,
  vertexHost,
} from '../../catalog/providers';
import type { Derivation, GroupSpec } from '../context';
import type { SourceRef } from '../model';
import { proxyHop } from './proxy';

export const RAG_WORKLOAD = 'rag-api';

export function deriveRagEgress(d: Derivation): void {
  if (!d.workloads.has(RAG_WORKLOAD)) return;
  const provider = (d.env.value('EMBEDDINGS_PROVIDER') ?? 'openai').trim().toLowerCase();
  const source = d.env.get('EMBEDDINGS_PROVIDER')
    ? d.envSource('EMBEDDINGS_PROVIDER')
    : d.builtin('EMBEDDINGS_PROVIDER (RAG API default: openai)');
  const spec: GroupSpec = {
    name: ['embeddings', provider],
    kind: 'llm',
    title: `RAG API embeddings (${provider})`,
    source,
    workload: RAG_WORKLOAD,
  };
  const url = (variable: string, fallback: string | undefined, purpose: string): void => {
    if (d.env.isSet(variable)) d.addUrlText(spec, d.env.value(variable)!, d.envSource(variable), purpose);
    else if (fallback) d.addUrlText(spec, fallback, source, `${purpose} (default host)`);
    else d.finding('unresolved-variable', 'embeddings', { provider, variable }, variable, source);
  };
  // RAG_OPENAI_PROXY (rag_api app/config.py:202-205) and any other RAG_*_PROXY: hops of the RAG API pod.
  for (const [name, entry] of d.env.all()) {
    if (!/^RAG_[A-Z0-9_]*PROXY$/i.test(name) || !entry.value.trim()) continue;
    const at = d.envSource(name);
    proxyHop(
      d,
      { ...spec, name: ['embeddings', 'proxy'], kind: 'proxy', title: `RAG API proxy (${name})`, source: at },
      entry.value,
      at,
      name,
      name,
    );
  }
  switch (provider) {
    case 'openai':
      url('RAG_OPENAI_BASEURL', 'https://api.openai.com/v1', 'OpenAI embeddings');
      tiktoken(d, source);
      return;
    case 'azure':
      // Row 98: RAG_AZURE_OPENAI_ENDPOINT, else AZURE_OPENAI_ENDPOINT (rag_api app/config.py).
      url(
        d.env.isSet('RAG_AZURE_OPENAI_ENDPOINT') ? 'RAG_AZURE_OPENAI_ENDPOINT' : 'AZURE_OPENAI_ENDPOINT',
        undefined,
        'Azure OpenAI embeddings',
      );
      tiktoken(d, source);
      return;
    case 'huggingface':
      huggingFace(d, spec, source);
      return;
    case 'huggingfacetei':
      // The TEI server's URL is given as the model (default http://huggingfacetei:3000).
      url('EMBEDDINGS_MODEL', 'http://huggingfacetei:3000', 'text-embeddings-inference server');
      return;
    case 'ollama':
      url('OLLAMA_BASE_URL', 'http://ollama:11434', 'Ollama embeddings');
      return;
    case 'google_genai':
      d.addHost(spec, 'generativelanguage.googleapis.com', 443, 'Gemini embeddings', source);
      return;
    case 'vertexai':
      regional(
        d,
        spec,
        'GOOGLE_CLOUD_LOCATION',
        VERTEX_GOOGLE_DEFAULT_REGION,
        source,
        (r) => [vertexHost(r), GOOGLE_OAUTH_HOST],
        'Vertex AI embeddings',
      );
      return;
    case 'bedrock':
      // Row 102: rag_api app/config.py:364 reads AWS_DEFAULT_REGION with the default us-east-1.
      regional(
        d,
        spec,
        'AWS_DEFAULT_REGION',
        RAG_BEDROCK_DEFAULT_REGION,
        d.env.isSet('AWS_DEFAULT_REGION') ? source : d.builtin('AWS_DEFAULT_REGION (RAG API default: us-east-1)'),
        (r) => [bedrockHost(r)],
        'Bedrock embeddings',
      );
      return;
    default:
      d.finding('invalid-url', 'embeddings-provider', {}, 'EMBEDDINGS_PROVIDER', source);
  }
}

/** rag_api app/config.py:364: `AWS_DEFAULT_REGION` defaults to us-east-1 (fact sheet row 102). */
export const RAG_BEDROCK_DEFAULT_REGION = 'us-east-1';

/** Where tiktoken downloads its BPE files (`tiktoken_ext/openai_public.py`; fact sheet row 97). */
export const TIKTOKEN_HOST = 'openaipublic.blob.core.windows.net';

/**
 * Row 97: the openai and azure embeddings check each text's token length first
 * (`RAG_CHECK_EMBEDDING_CTX_LENGTH`, default True, app/config.py:224-229; langchain-openai
 * `_tokenize` → `tiktoken.encoding_for_model`), and the chart's `-dev-lite` image has no tiktoken
 * cache, so the first embedding in every fresh pod downloads the encoding.
 */
function tiktoken(d: Derivation, providerSource: SourceRef): void {
  const variable = 'RAG_CHECK_EMBEDDING_CTX_LENGTH';
  if (d.env.isSet(variable) && /^(false|0|no|off)$/i.test(d.env.value(variable)!.trim())) return;
  const source = d.env.isSet(variable) ? d.envSource(variable) : providerSource;
  d.addHost(
    {
      name: ['embeddings', 'tiktoken'],
      kind: 'llm',
      title: 'RAG API tokenizer files (tiktoken)',
      source,
      workload: RAG_WORKLOAD,
    },
    TIKTOKEN_HOST,
    443,
    `tiktoken encoding download (${variable} ${d.env.isSet(variable) ? 'is on' : 'defaults to True'})`,
    source,
  );
}

/**
 * Hugging Face's file CDN behind `huggingface.co` (fact sheet row 99): model files redirect to
 * the LFS CDN (`cdn-lfs*.hf.co`) or, for Xet-stored repositories, to `cas-bridge.xethub.hf.co`.
 */
export const HUGGING_FACE_CDN_HOSTS = [
  'cas-bridge.xethub.hf.co',
  'cdn-lfs-eu-1.hf.co',
  'cdn-lfs-us-1.hf.co',
  'cdn-lfs.hf.co',
];

/**
 * Row 99: `huggingface` embeddings (app/config.py:269-274) download the sentence-transformers model
 * at the first use: the hub API and its file CDN. `HF_ENDPOINT` (huggingface_hub) replaces the hub
 * with a mirror, which then serves the files itself.
 */
function huggingFace(d: Derivation, spec: GroupSpec, source: SourceRef): void {
  if (d.env.isSet('HF_ENDPOINT')) {
    d.addUrlText(spec, d.env.value('HF_ENDPOINT')!, d.envSource('HF_ENDPOINT'), 'Hugging Face mirror (HF_ENDPOINT)');
    return;
  }
  d.addHost(spec, 'huggingface.co', 443, 'Hugging Face embeddings model', source);
  for (const host of HUGGING_FACE_CDN_HOSTS) d.addHost(spec, host, 443, 'Hugging Face model files (CDN)', source);
}

function regional(
  d: Derivation,
  spec: GroupSpec,
  variable: string,
  fallback: string | undefined,
  source: SourceRef,
  hosts: (region: string) => string[],
  purpose: string,
): void {
  const region = d.env.value(variable)?.trim() || fallback;
  const at = d.env.isSet(variable) ? d.envSource(variable) : source;
  if (!region) {
    d.finding('unresolved-variable', 'service-url', { title: spec.title, variable }, variable, source);
    return;
  }
  if (!REGION_PATTERN.test(region)) {
    d.finding('invalid-url', 'service-region', { title: spec.title, variable }, variable, at);
    return;
  }
  for (const host of hosts(region)) d.addHost(spec, host, 443, purpose, at);
}
