// The real-world corpus: librechat.yaml files copied verbatim from public repositories, kept
// outside this repository (the folder LIBRECHAT_CORPUS names; its SOURCES.md
// names each file's repository and commit). Run by `npm run test:corpus`, never by `npm test`, and
// it fails, never skips, when the folder is absent. Each file gets the checks of the own fixtures
// (test/support/fixture-suite.ts) against the destinations below, checked by hand against each
// file (the line numbers in the goldens, test/golden/corpus, point at the lines that cause them),
// LibreChat's strict parse, and CLI/component parity.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkWithLibreChatSchema } from '../../lib/config/librechat-schema';
import { CORPUS, GOLDEN } from '../support/paths';
import { fixtureSuite, yamlFiles, type Expected } from '../support/fixture-suite';
import { parityCases } from '../support/parity';

const ACTIONS_DEMO = ['google.com:443', 'librechat.ai:443', 'swapi.dev:443'];

const EXPECTED: Record<string, Expected> = {
  'agri-x-enterprise.yaml': {
    // Built-in openAI/google/anthropic blocks are not enabled without their key variables.
    groups: { 'llm-openrouter': ['openrouter.ai:443'], 'tools-actions': ACTIONS_DEMO },
    errors: ['unresolved-variable:AWS_REGION'],
  },
  'altoresmonaco-sovereignchat.yaml': {
    // Ollama only (in the cluster); the assistants block is not enabled without ASSISTANTS_API_KEY.
    groups: { 'tools-actions': ACTIONS_DEMO },
    errors: [],
  },
  'celo-ai.yaml': {
    groups: { 'llm-openrouter': ['openrouter.ai:443'] },
    errors: [],
  },
  'clickhouse-agentic-data-stack.yaml': {
    groups: { 'code-interpreter': ['api.librechat.ai:443'], 'mcp-clickhouse-cloud': ['mcp.clickhouse.cloud:443'] },
    // "Clickhouse Local" runs in the cluster (http://clickhouse-mcp:8000) and no overlay describes it.
    errors: ['actions-unrestricted', 'overlay-mismatch:Clickhouse-Local'],
  },
  'do-solutions.yaml': {
    groups: {
      'llm-anthropic-digitalocean': ['inference.do-ai.run:443'],
      'llm-deepseek-digitalocean': ['inference.do-ai.run:443'],
      'llm-meta-digitalocean': ['inference.do-ai.run:443'],
      'llm-mistral-digitalocean': ['inference.do-ai.run:443'],
      'llm-openai-digitalocean': ['inference.do-ai.run:443'],
      'llm-other-digitalocean': ['inference.do-ai.run:443'],
      'tools-actions': ACTIONS_DEMO,
    },
    errors: [],
  },
  'elmikun-zai.yaml': {
    groups: { 'llm-zai': ['api.z.ai:443'], 'mcp-web-search-prime': ['api.z.ai:443'] },
    errors: ['mcp-user-servers'],
  },
  'febryanvaldo-many-providers.yaml': {
    groups: {
      'llm-302-ai': ['api.302.ai:443'],
      'llm-apipie': ['apipie.ai:443'],
      'llm-baseten': ['inference.baseten.co:443'],
      'llm-cerebras': ['api.cerebras.ai:443'],
      'llm-cohere': ['api.cohere.ai:443'],
      'llm-deepinfra': ['api.deepinfra.com:443'],
      'llm-deepseek': ['api.deepseek.com:443'],
      'llm-fireworks-ai': ['api.fireworks.ai:443'],
      'llm-friendliai': ['api.friendli.ai:443'],
      'llm-groq': ['api.groq.com:443'],
      'llm-hugging-face': ['router.huggingface.co:443'],
      'llm-hyperbolic': ['api.hyperbolic.xyz:443'],
      'llm-mistral-ai': ['api.mistral.ai:443'],
      'llm-nanogpt': ['nano-gpt.com:443'],
      'llm-nebius': ['api.studio.nebius.ai:443'],
      'llm-novita-ai': ['api.novita.ai:443'],
      'llm-openrouter': ['openrouter.ai:443'],
      'llm-perplexity': ['api.perplexity.ai:443'],
      'llm-requesty': ['router.requesty.ai:443'],
      'llm-sambanova': ['api.sambanova.ai:443'],
      'llm-synthetic': ['api.synthetic.new:443'],
      'llm-together-ai': ['api.together.xyz:443'],
      'llm-unifyai': ['api.unify.ai:443'],
      'llm-xai': ['api.x.ai:443'],
      // searchProvider serper, scraperType firecrawl, rerankerType jina (the cohere key is unused).
      'search-firecrawl-scraper': ['api.firecrawl.dev:443'],
      'search-jina-reranker': ['api.jina.ai:443'],
      'search-serper': ['google.serper.dev:443'],
    },
    errors: [],
  },
  'finfir.yaml': {
    // Legacy top-level tts (elevenlabs) and stt (openai at host.docker.internal:8080, not internet).
    groups: { 'llm-platinum': ['platinum.onrender.com:443'], 'speech-tts-elevenlabs': ['api.elevenlabs.io:443'] },
    errors: [],
  },
  'friz-zy-docker.yaml': {
    groups: {
      'llm-groq': ['api.groq.com:443'],
      'llm-huggingface': ['api-inference.huggingface.co:443'],
      'llm-mistral': ['api.mistral.ai:443'],
      'llm-openrouter': ['openrouter.ai:443'],
      'llm-portkey': ['api.portkey.ai:443'],
    },
    errors: ['stdio-package-fetch:uvx', 'stdio-unbounded:fetch', 'stdio-unbounded:puppeteer'],
  },
  'gdch-de.yaml': {
    groups: {
      'llm-mistral': ['api.mistral.ai:443'],
      'llm-perplexity': ['api.perplexity.ai:443'],
      'speech-stt-openai': ['api.openai.com:443'],
      'speech-tts-elevenlabs': ['api.elevenlabs.io:443'],
    },
    errors: ['unknown-key:endpoints.agents.allowedDomains'],
  },
  'official-librechat.example.yaml': {
    groups: {
      'llm-groq': ['api.groq.com:443'],
      'llm-helicone': ['ai-gateway.helicone.ai:443'],
      'llm-mistral': ['api.mistral.ai:443'],
      'llm-openrouter': ['openrouter.ai:443'],
      'llm-portkey': ['api.portkey.ai:443'],
      'tools-actions': ACTIONS_DEMO,
    },
    errors: [],
  },
};

if (!existsSync(CORPUS)) {
  const why =
    (CORPUS ? `The corpus folder ${CORPUS} does not exist. ` : 'LIBRECHAT_CORPUS is not set. ') +
    'npm run test:corpus needs the real-world librechat.yaml ' +
    'files: set LIBRECHAT_CORPUS to their folder (npm test needs none of them).';
  console.error(`\n${why}\n`);
  describe('corpus', () => {
    it('is present', () => assert.fail(why));
  });
} else {
  fixtureSuite({
    title: 'the real-world corpus',
    dir: CORPUS,
    expected: EXPECTED,
    goldenDir: join(GOLDEN, 'corpus'),
  });

  describe("corpus: LibreChat's own strict parse", () => {
    it('rejects exactly the files that SOURCES.md says fail the strict parse', () => {
      const failing: Record<string, string> = {};
      for (const file of yamlFiles(CORPUS)) {
        const check = checkWithLibreChatSchema(parse(readFileSync(join(CORPUS, file), 'utf8')));
        assert.ok(check.available);
        if (check.issues.length)
          failing[file] = check.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      }
      assert.deepEqual(failing, {
        'agri-x-enterprise.yaml': 'endpoints.anthropic.models: Expected array, received object',
        'finfir.yaml': ": Unrecognized key(s) in object: 'tts', 'stt'",
      });
    });
  });

  parityCases('the real-world corpus', CORPUS, yamlFiles(CORPUS));
}
