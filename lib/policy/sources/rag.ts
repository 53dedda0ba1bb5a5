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
    else
      d.finding(
        'unresolved-variable',
        variable,
        `EMBEDDINGS_PROVIDER ${provider} needs ${variable}, which the given environment does not define; nothing is allowed for the RAG API's embeddings.`,
        `Pass --env ${variable}=<url>.`,
        source,
      );
  };
  switch (provider) {
    case 'openai':
      if (d.env.isSet('RAG_OPENAI_PROXY')) {
        d.addUrlText(
          { ...spec, name: ['embeddings', 'proxy'], kind: 'proxy', title: 'RAG API proxy (RAG_OPENAI_PROXY)' },
          d.env.value('RAG_OPENAI_PROXY')!,
          d.envSource('RAG_OPENAI_PROXY'),
          'embeddings through a proxy',
        );
      }
      url('RAG_OPENAI_BASEURL', 'https://api.openai.com/v1', 'OpenAI embeddings');
      return;
    case 'azure':
      url(
        d.env.isSet('RAG_AZURE_OPENAI_ENDPOINT') ? 'RAG_AZURE_OPENAI_ENDPOINT' : 'AZURE_OPENAI_ENDPOINT',
        undefined,
        'Azure OpenAI embeddings',
      );
      return;
    case 'huggingface':
      d.addHost(spec, 'huggingface.co', 443, 'Hugging Face embeddings model', source);
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
      regional(d, spec, 'AWS_DEFAULT_REGION', undefined, source, (r) => [bedrockHost(r)], 'Bedrock embeddings');
      return;
    default:
      d.finding(
        'invalid-url',
        'EMBEDDINGS_PROVIDER',
        `EMBEDDINGS_PROVIDER (its value is not shown) is not one the RAG API knows; nothing is allowed for its embeddings.`,
        'Use openai, azure, huggingface, huggingfacetei, ollama, google_genai, vertexai or bedrock.',
        source,
      );
  }
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
    d.finding(
      'unresolved-variable',
      variable,
      `${spec.title} needs ${variable}, which the given environment does not define; nothing is allowed for it.`,
      `Pass --env ${variable}=<region>.`,
      source,
    );
    return;
  }
  if (!REGION_PATTERN.test(region)) {
    d.finding(
      'invalid-url',
      variable,
      `${variable} (its value is not shown) is not a region name; nothing is allowed for ${spec.title}.`,
      'Use a region such as us-east-1.',
      at,
    );
    return;
  }
  for (const host of hosts(region)) d.addHost(spec, host, 443, purpose, at);
}
