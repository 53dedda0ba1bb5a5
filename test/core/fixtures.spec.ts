// Every real librechat.yaml in ../shared/fixtures renders, validates against the CRD, and matches
// its golden manifest and golden explain output. The expected destinations below were checked by
// hand against each fixture (the line numbers in the goldens point at the lines that cause them).
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEnvironment } from '../../lib/config/env';
import { buildContainment } from '../../lib/pipeline';
import { explainJson, explainText } from '../../lib/render/explain';
import { validateObject } from '../support/validate';
import { generatedHeader, renderManifests } from '../../lib/render/yaml';
import { EXAMPLES, FIXTURES, GOLDEN, UPDATE_GOLDEN } from '../support/paths';

interface Expected {
  groups: Record<string, string[]>;
  /**
   * Error findings a person must accept for the fixture to render. Since issue 8 only what the
   * config itself declares blocks (`create: true`, a capabilities list with actions, s3 without
   * AWS_REGION); LibreChat defaults are warnings.
   */
  errors: string[];
}

const ACTIONS_DEMO = ['google.com:443', 'librechat.ai:443', 'swapi.dev:443'];

export const EXPECTED: Record<string, Expected> = {
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

export function renderFixture(file: string, accept = EXPECTED[file].errors) {
  const text = readFileSync(join(FIXTURES, file), 'utf8');
  return buildContainment({ configText: text, configFile: file, env: buildEnvironment({}), derive: { accept } });
}

function golden(path: string, actual: string): void {
  if (UPDATE_GOLDEN || !existsSync(path)) {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, actual);
    if (!UPDATE_GOLDEN) assert.fail(`golden file ${path} was missing and has been written; review it and run again`);
    return;
  }
  assert.equal(actual, readFileSync(path, 'utf8'), `${path} differs (UPDATE_GOLDEN=1 rewrites it on purpose)`);
}

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

describe('fixtures: real librechat.yaml files', () => {
  it('covers every fixture in the shared folder', () => {
    const { readdirSync } = require('node:fs') as typeof import('node:fs');
    assert.deepEqual(
      readdirSync(FIXTURES)
        .filter((f: string) => f.endsWith('.yaml'))
        .sort(),
      Object.keys(EXPECTED).sort(),
    );
  });

  for (const file of Object.keys(EXPECTED)) {
    describe(file, () => {
      it('refuses to render until its error findings are accepted, by exactly these ids', () => {
        const c = renderFixture(file, []);
        assert.deepEqual(c.blocking.map((f) => f.id).sort(), [...EXPECTED[file].errors].sort());
      });

      it('allows exactly the hand-checked destinations', () => {
        const c = renderFixture(file);
        assert.deepEqual(c.blocking, []);
        const groups = Object.fromEntries(
          c.policy.groups.map((g) => [g.name, g.destinations.map((d) => `${d.host}:${d.port}`)]),
        );
        assert.deepEqual(groups, EXPECTED[file].groups);
      });

      it('renders objects that validate against the CRD, ending in a logged deny-all', () => {
        const c = renderFixture(file);
        for (const o of c.objects) assert.deepEqual(validateObject(o), []);
        const policy = c.objects.find(
          (o) => o.kind === 'FirewallPolicy' && o.metadata.labels?.['librechat-containment/workload'] === 'librechat',
        ) as any;
        const rules = policy.spec.rules;
        assert.equal(rules[rules.length - 1].name, 'deny-all');
        assert.equal(rules[rules.length - 1].protocol, 'any');
        assert.ok(rules.every((r: any) => r.logging === true));
        for (const w of policy.spec.webGroups) for (const d of w.domains) assert.ok(d !== '*' && !d.startsWith('*'), d);
        const permitCidrs = rules.filter((r: any) => r.action === 'permit' && !r.webGroups).length;
        assert.equal(permitCidrs, 0, 'no permit without a web group');
      });

      it('matches its golden manifest and golden explain output', () => {
        const c = renderFixture(file);
        const base = file.replace(/\.yaml$/, '');
        golden(
          join(GOLDEN, 'fixtures', `${base}.manifests.yaml`),
          renderManifests(c.objects, generatedHeader(c.policy, 'librechat-containment render')),
        );
        golden(join(GOLDEN, 'fixtures', `${base}.explain.txt`), explainText(c.policy));
        golden(join(GOLDEN, 'fixtures', `${base}.explain.json`), `${JSON.stringify(explainJson(c.policy), null, 2)}\n`);
      });
    });
  }
});
