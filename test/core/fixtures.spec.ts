// The repository's own librechat.yaml fixtures (test/fixtures) render, validate against the CRD,
// and match their golden manifest and explain output (test/golden/fixtures); the bundled example
// matches its goldens too. Each fixture was written for a shape the derivation must handle, and the
// destinations below were checked by hand against it and the rule that derives them. The real-world
// corpus gets the same checks in test/corpus (npm run test:corpus).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEnvironment } from '../../lib/config/env';
import { buildContainment } from '../../lib/pipeline';
import { explainText } from '../../lib/render/explain';
import { validateObject } from '../support/validate';
import { generatedHeader, renderManifests } from '../../lib/render/yaml';
import { EXAMPLES, FIXTURES, GOLDEN } from '../support/paths';
import { fixtureSuite, golden, type Expected } from '../support/fixture-suite';

const EXPECTED: Record<string, Expected> = {
  'azure-groups.yaml': {
    env: {
      OPENAI_API_KEY: 'user_provided',
      BEDROCK_AWS_DEFAULT_REGION: 'eu-central-1',
      AZURE_INSTANCE_SWC: 'contoso-swc',
    },
    groups: {
      // baseURL wins over instanceName; ${INSTANCE_NAME} is the group's own instanceName.
      'llm-azure-foundry': ['contoso-foundry.services.ai.azure.com:443'],
      // Serverless: the host of the group's baseURL.
      'llm-azure-mistral-serverless': ['mistral-large-contoso.eastus2.models.ai.azure.com:443'],
      // instanceName ${AZURE_INSTANCE_SWC} resolved from the env, plus .openai.azure.com.
      'llm-azure-swedencentral': ['contoso-swc.openai.azure.com:443'],
      'llm-azure-westeurope': ['contoso-weu.openai.azure.com:443'],
      // BEDROCK_AWS_DEFAULT_REGION first, then each of availableRegions.
      'llm-bedrock': ['bedrock-runtime.eu-central-1.amazonaws.com:443', 'bedrock-runtime.eu-west-1.amazonaws.com:443'],
      // OPENAI_API_KEY enables the built-in endpoint at its default host; no baseURL is written.
      'llm-openai': ['api.openai.com:443'],
      // Nothing for anthropic: ANTHROPIC_API_KEY is not set (a warning, builtin-not-enabled).
    },
    errors: [],
  },
  'invalid-schema.yaml': {
    // No key variable enables openAI, google or anthropic, so their baseURLs allow nothing.
    groups: { 'llm-openrouter': ['openrouter.ai:443'] },
    // fileStrategy s3 without AWS_REGION: the S3 host is unknown.
    errors: ['unresolved-variable:AWS_REGION'],
  },
  'legacy-speech.yaml': {
    groups: {
      'llm-render-proxy': ['llm-proxy-demo.onrender.com:443'],
      // Top-level tts is read as speech.tts: ElevenLabs at its default host. The top-level stt
      // server is host.docker.internal, not the internet (a docker-host warning, no destination).
      'speech-tts-elevenlabs': ['api.elevenlabs.io:443'],
    },
    errors: [],
  },
  'many-providers.yaml': {
    env: { LLM_GATEWAY_URL: 'https://llm-gateway.corp.example.com/v1' },
    groups: {
      'llm-deepseek': ['api.deepseek.com:443'],
      'llm-fireworks': ['api.fireworks.ai:443'],
      // baseURL ${LLM_GATEWAY_URL}, resolved from the env.
      'llm-gateway': ['llm-gateway.corp.example.com:443'],
      'llm-groq': ['api.groq.com:443'],
      'llm-mistral': ['api.mistral.ai:443'],
      // One group per endpoint, even on one host.
      'llm-router-fast': ['openrouter.ai:443'],
      'llm-router-smart': ['openrouter.ai:443'],
      'llm-together-ai': ['api.together.xyz:443'],
      // actions.allowedDomains, each on 443.
      'tools-actions': ['api.open-meteo.com:443', 'status.example.org:443'],
      // Nothing for Ollama (http://ollama:11434, a service in the cluster) and nothing for Lab.
    },
    // Lab's baseURL uses ${LAB_BASE_URL}, which the env does not define.
    // (The id names the path shell-safely: brackets and spaces become dots and dashes.)
    errors: ['unresolved-variable:endpoints.custom.Lab.baseURL'],
  },
  'mcp-remote.yaml': {
    groups: {
      'llm-hyperbolic': ['api.hyperbolic.xyz:443'],
      'mcp-linear': ['mcp.linear.app:443'],
      // The server URL and its OAuth authorization and token URLs (redirect_uri is LibreChat's own).
      'mcp-notion': ['api.notion.com:443', 'mcp.notion.com:443'],
      // Users may add servers within mcpSettings.allowedDomains: the entries no configured server
      // uses become one group (the in-cluster entry is not an internet host).
      'mcp-user-servers': ['tools.partner.example.com:443'],
    },
    // knowledge-base runs in the cluster (kb-mcp.tools.svc.cluster.local) and no overlay describes it.
    errors: ['overlay-mismatch:knowledge-base'],
  },
  'mcp-stdio.yaml': {
    groups: {
      'llm-xai': ['api.x.ai:443'],
      // The built-in catalog knows what @modelcontextprotocol/server-github reaches.
      'mcp-github': ['api.github.com:443'],
      // memory downloads its package through the mirror in npm_config_registry, allowed by name.
      'mirror-memory': ['mirror.corp.example.com:443'],
      // fetch is unbounded and gets nothing; clock (a local binary) needs nothing.
    },
    // interface.mcpServers.create is LibreChat's default here, so unbounded user servers are a
    // warning (issue 8 §4: only what the config declares blocks).
    errors: [
      // npx and uvx download github and fetch at every start.
      'stdio-package-fetch:fetch',
      'stdio-package-fetch:github',
      // mcp-server-fetch fetches any URL the model asks for.
      'stdio-unbounded:fetch',
    ],
  },
  'minimal.yaml': {
    groups: { 'llm-openrouter': ['openrouter.ai:443'] },
    // The default agent capabilities include actions, and no actions.allowedDomains bounds them;
    // users may add MCP servers (the default) without a bound: both are LibreChat defaults, so
    // warnings that name what will be denied, not blocking errors (issue 8 §4).
    errors: [],
  },
  's3-storage.yaml': {
    env: { AWS_REGION: 'eu-central-1', AWS_BUCKET_NAME: 'contoso-chat-files' },
    groups: {
      'llm-cerebras': ['api.cerebras.ai:443'],
      // The virtual-hosted bucket host (AWS_BUCKET_NAME) only: the SDK v3 client addresses the bucket
      // by its own name (fact sheet rows 58-59, packages/api/src/cdn/s3.ts:22-44); the regional
      // path-style host would let a compromised pod write to any bucket of the region.
      'storage-s3': ['contoso-chat-files.s3.eu-central-1.amazonaws.com:443'],
    },
    // actions.allowedDomains: [] means any public host to LibreChat.
    errors: ['actions-unrestricted'],
  },
  'speech.yaml': {
    groups: {
      // instanceName contoso-speech, plus .openai.azure.com.
      'speech-stt-azureopenai': ['contoso-speech.openai.azure.com:443'],
      // Default hosts of OpenAI speech-to-text and ElevenLabs text-to-speech.
      'speech-stt-openai': ['api.openai.com:443'],
      'speech-tts-elevenlabs': ['api.elevenlabs.io:443'],
      // The localai provider's own url.
      'speech-tts-localai': ['tts.voice.example.net:443'],
    },
    errors: [],
  },
  'web-search.yaml': {
    groups: {
      'llm-perplexity': ['api.perplexity.ai:443'],
      // ocr.strategy mistral_ocr without a baseURL: Mistral's default host.
      'ocr-mistral-ocr': ['api.mistral.ai:443'],
      // One group per selected role at its default host; cohere is not the selected reranker.
      'search-firecrawl-scraper': ['api.firecrawl.dev:443'],
      'search-jina-reranker': ['api.jina.ai:443'],
      'search-serper': ['google.serper.dev:443'],
    },
    errors: [],
  },
};

fixtureSuite({
  title: "the repository's own librechat.yaml files",
  dir: FIXTURES,
  expected: EXPECTED,
  goldenDir: join(GOLDEN, 'fixtures'),
});

describe('the bundled example (whole stack: env, chart values, overlay)', () => {
  it('matches its golden manifests, image pulls and explain output', () => {
    const read = (f: string) => readFileSync(join(EXAMPLES, f), 'utf8');
    const c = buildContainment({
      configText: read('librechat.yaml'),
      configFile: 'librechat.yaml',
      env: buildEnvironment({ envFiles: [{ file: 'librechat.env', text: read('librechat.env') }] }),
      chartValues: { file: 'librechat.values.yaml', text: read('librechat.values.yaml') },
      overlay: { file: 'librechat.overlay.yaml', text: read('librechat.overlay.yaml') },
      derive: { cloud: 'eks', region: 'eu-central-1' },
    });
    assert.deepEqual(c.blocking, []);
    for (const o of c.objects) assert.deepEqual(validateObject(o), []);
    golden(
      join(GOLDEN, 'example', 'manifests.yaml'),
      renderManifests(c.objects, generatedHeader(c.policy, 'librechat-containment render')),
    );
    golden(join(GOLDEN, 'example', 'image-pulls.tf.json'), `${JSON.stringify(c.imagePulls, null, 2)}\n`);
    golden(join(GOLDEN, 'example', 'explain.txt'), explainText(c.policy));
  });
});
