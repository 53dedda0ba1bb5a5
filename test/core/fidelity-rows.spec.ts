// Issue 8 §1: every row of the fact sheet "Where LibreChat really makes egress" (v0.8.8-rc1,
// LibreChat upstream 16e4d14; data-provider 0.8.524), one test per row, named after its row
// number, citing the LibreChat file:line, asserting the true host(s) and, for the over-broad rows,
// that the extra host is gone. Rows 65-66 (keyless cloud credentials), 84 (the Langfuse fan-out
// workload), 97-99 and 102 (RAG tokenizer and model downloads) are covered by their own suites.
import { strict as assert } from 'node:assert';
import { allowedHosts, contain, findingIds, groupsOf, QUIET } from '../support/core';

const NONE =
  'version: 1.3.9\ninterface: { mcpServers: { create: false } }\nendpoints:\n  agents:\n    capabilities: []\n';
const hosts = (yaml: string, env: Record<string, string> = {}) => allowedHosts(contain(yaml, env));
const only = (list: string[]) => list.map((h) => (h.includes(':') ? h : `${h}:443`)).sort();
const RAG = { chartValues: { 'librechat-rag-api': { enabled: true } } };
const ragHosts = (env: Record<string, string>) =>
  contain(NONE, env, RAG)
    .policy.groups.filter((g) => g.workload === 'rag-api')
    .flatMap((g) => g.destinations.map((d) => `${d.host}:${d.port}`))
    .sort();

describe('fact sheet rows (issue 8 §1)', () => {
  describe('3.1 LLM providers', () => {
    it('row 1: OPENAI_API_KEY (also user_provided) enables api.openai.com (openai/initialize.ts:35-69)', () => {
      assert.deepEqual(hosts(NONE, { OPENAI_API_KEY: 'user_provided' }), only(['api.openai.com']));
    });

    it('row 2: OPENAI_REVERSE_PROXY replaces the host (openai/initialize.ts:47)', () => {
      assert.deepEqual(
        hosts(NONE, { OPENAI_API_KEY: 'x', OPENAI_REVERSE_PROXY: 'https://oai.corp.example.com/v1' }),
        only(['oai.corp.example.com']),
      );
    });

    it('row 3: OPENAI_REVERSE_PROXY=user_provided is per user: an error, nothing allowed (openai/initialize.ts:52-65)', () => {
      const c = contain(NONE, { OPENAI_API_KEY: 'x', OPENAI_REVERSE_PROXY: 'user_provided' });
      assert.deepEqual(allowedHosts(c), []);
      assert.ok(c.blocking.some((f) => f.kind === 'user-provided-url'));
    });

    it('row 4: a YAML baseURL on openAI is ignored: api.openai.com is allowed, the YAML host is not (openai/initialize.ts:46-69)', () => {
      const c = contain(`${NONE}  openAI:\n    baseURL: https://yaml-proxy.example.com/v1\n`, { OPENAI_API_KEY: 'x' });
      assert.deepEqual(allowedHosts(c), only(['api.openai.com']));
      assert.ok(findingIds(c, 'warning').includes('builtin-baseurl-ignored:endpoints.openAI.baseURL'));
    });

    it('row 5: ASSISTANTS_API_KEY → api.openai.com, or ASSISTANTS_BASE_URL (EndpointService.js:8,14,38)', () => {
      assert.deepEqual(hosts(NONE, { ASSISTANTS_API_KEY: 'x' }), only(['api.openai.com']));
      assert.deepEqual(
        hosts(NONE, { ASSISTANTS_API_KEY: 'x', ASSISTANTS_BASE_URL: 'https://asst.example.com/v1' }),
        only(['asst.example.com']),
      );
    });

    it('row 6: Azure Assistants by env: AZURE_ASSISTANTS_API_KEY + AZURE_ASSISTANTS_BASE_URL (EndpointService.js:7,15,42-46)', () => {
      const c = contain(NONE, {
        AZURE_ASSISTANTS_API_KEY: 'x',
        AZURE_ASSISTANTS_BASE_URL: 'https://contoso.openai.azure.com/openai',
      });
      assert.deepEqual(groupsOf(c), { 'llm-azure-assistants': ['contoso.openai.azure.com:443'] });
    });

    it('row 7: Azure OpenAI YAML groups: instanceName, full host, serverless baseURL (utils/azure.ts:28-34,114-121)', () => {
      const c = contain(
        `${NONE}  azureOpenAI:\n    groups:\n      - group: a\n        apiKey: k\n        instanceName: contoso\n        models: { gpt-4o: true }\n` +
          `      - group: b\n        apiKey: k\n        instanceName: fabrikam.cognitiveservices.azure.com\n        models: { gpt-4o: true }\n` +
          `      - group: c\n        apiKey: k\n        serverless: true\n        baseURL: https://llama.eastus.models.ai.azure.com/v1\n        models: { llama: true }\n`,
      );
      assert.deepEqual(
        allowedHosts(c),
        only(['contoso.openai.azure.com', 'fabrikam.cognitiveservices.azure.com', 'llama.eastus.models.ai.azure.com']),
      );
    });

    it('row 8: legacy Azure env: AZURE_API_KEY + AZURE_OPENAI_API_INSTANCE_NAME, or AZURE_OPENAI_BASEURL (EndpointService.js:9,36; utils/azure.ts:87-92)', () => {
      assert.deepEqual(
        hosts(NONE, { AZURE_API_KEY: 'x', AZURE_OPENAI_API_INSTANCE_NAME: 'contoso' }),
        only(['contoso.openai.azure.com']),
      );
      assert.deepEqual(
        hosts(NONE, {
          AZURE_API_KEY: 'x',
          AZURE_OPENAI_API_INSTANCE_NAME: 'contoso',
          AZURE_OPENAI_BASEURL: 'https://${INSTANCE_NAME}.openai.azure.com/openai/deployments/${DEPLOYMENT_NAME}',
        }),
        only(['contoso.openai.azure.com']),
      );
      assert.ok(
        contain(NONE, { AZURE_API_KEY: 'x' }).blocking.some(
          (f) => f.id === 'unresolved-variable:AZURE_OPENAI_API_INSTANCE_NAME',
        ),
      );
    });

    it('row 9: ANTHROPIC_API_KEY → api.anthropic.com (anthropic/initialize.ts:23,74)', () => {
      assert.deepEqual(hosts(NONE, { ANTHROPIC_API_KEY: 'x' }), only(['api.anthropic.com']));
    });

    it('row 10: ANTHROPIC_REVERSE_PROXY replaces it (anthropic/initialize.ts:74)', () => {
      assert.deepEqual(
        hosts(NONE, { ANTHROPIC_API_KEY: 'x', ANTHROPIC_REVERSE_PROXY: 'https://claude.corp.example.com' }),
        only(['claude.corp.example.com']),
      );
    });

    it('row 11: Anthropic on Vertex: {region}-aiplatform, default us-east5, + oauth2 (anthropic/vertex.ts:195-217)', () => {
      assert.deepEqual(
        hosts(NONE, { ANTHROPIC_USE_VERTEX: 'true' }),
        only(['oauth2.googleapis.com', 'us-east5-aiplatform.googleapis.com']),
      );
      assert.deepEqual(
        hosts(NONE, { ANTHROPIC_USE_VERTEX: 'true', ANTHROPIC_VERTEX_REGION: 'global' }),
        only(['aiplatform.googleapis.com', 'oauth2.googleapis.com']),
      );
    });

    it('row 12: GOOGLE_KEY → generativelanguage.googleapis.com, or GOOGLE_REVERSE_PROXY (google/initialize.ts:34,112)', () => {
      assert.deepEqual(hosts(NONE, { GOOGLE_KEY: 'x' }), only(['generativelanguage.googleapis.com']));
      assert.deepEqual(
        hosts(NONE, { GOOGLE_KEY: 'x', GOOGLE_REVERSE_PROXY: 'https://gem.example.com' }),
        only(['gem.example.com']),
      );
    });

    it('row 13: Vertex by GOOGLE_SERVICE_KEY_FILE + GOOGLE_LOC (google/llm.ts:70-72,352-358)', () => {
      assert.deepEqual(
        hosts(NONE, { GOOGLE_SERVICE_KEY_FILE: '/keys/sa.json', GOOGLE_LOC: 'europe-west4' }),
        only(['europe-west4-aiplatform.googleapis.com', 'oauth2.googleapis.com']),
      );
    });

    it('row 14: GOOGLE_SERVICE_KEY_FILE enables Vertex in the default region us-central1, and a URL key file is downloaded (loadAsyncEndpoints.js:7-24; utils/key.ts:54-57)', () => {
      assert.deepEqual(
        hosts(NONE, { GOOGLE_SERVICE_KEY_FILE: '/keys/sa.json' }),
        only(['oauth2.googleapis.com', 'us-central1-aiplatform.googleapis.com']),
      );
      assert.deepEqual(
        hosts(NONE, { GOOGLE_SERVICE_KEY_FILE: 'https://keys.corp.example.com/sa.json' }),
        only(['keys.corp.example.com', 'oauth2.googleapis.com', 'us-central1-aiplatform.googleapis.com']),
      );
    });

    it('row 15: Bedrock BEDROCK_AWS_DEFAULT_REGION + availableRegions (bedrock/initialize.ts:31-38,267-283)', () => {
      assert.deepEqual(
        hosts(`${NONE}  bedrock:\n    availableRegions: [eu-west-1]\n`, { BEDROCK_AWS_DEFAULT_REGION: 'us-east-1' }),
        only(['bedrock-runtime.eu-west-1.amazonaws.com', 'bedrock-runtime.us-east-1.amazonaws.com']),
      );
    });

    it('row 16: inference profiles and guardrails add no host (bedrock/initialize.ts:243-256)', () => {
      assert.deepEqual(
        hosts(`${NONE}  bedrock:\n    guardrailConfig: { guardrailIdentifier: g, guardrailVersion: '1' }\n`, {
          BEDROCK_AWS_DEFAULT_REGION: 'us-east-1',
        }),
        only(['bedrock-runtime.us-east-1.amazonaws.com']),
      );
    });

    it('row 17: BEDROCK_REVERSE_PROXY is https://{value} (bedrock/initialize.ts:305-324)', () => {
      assert.deepEqual(
        hosts(NONE, { BEDROCK_AWS_DEFAULT_REGION: 'us-east-1', BEDROCK_REVERSE_PROXY: 'bedrock.corp.example.com' }),
        only(['bedrock.corp.example.com']),
      );
    });

    it('row 18: Bedrock enabled by any credential, region from AWS_REGION (EndpointService.js:21-26,47-55; bedrock/initialize.ts:283-292)', () => {
      assert.deepEqual(
        hosts(NONE, { BEDROCK_AWS_SECRET_ACCESS_KEY: 'x', BEDROCK_AWS_ACCESS_KEY_ID: 'y', AWS_REGION: 'eu-central-1' }),
        only(['bedrock-runtime.eu-central-1.amazonaws.com']),
      );
      assert.deepEqual(
        hosts(NONE, { BEDROCK_AWS_PROFILE: 'prod', AWS_REGION: 'ap-northeast-1' }),
        only(['bedrock-runtime.ap-northeast-1.amazonaws.com']),
      );
      const noRegion = contain(NONE, { BEDROCK_AWS_SECRET_ACCESS_KEY: 'x' });
      assert.ok(noRegion.blocking.some((f) => f.id === 'unresolved-variable:BEDROCK_AWS_DEFAULT_REGION'));
    });

    it('row 19: bedrock-mantle is an open PR (#14638), not in LibreChat: no host', () => {
      assert.ok(!hosts(NONE, { BEDROCK_AWS_DEFAULT_REGION: 'us-east-1' }).some((h) => h.includes('mantle')));
    });

    it('row 20: custom endpoint baseURL with ${VAR}, models.fetch, ollama (custom/initialize.ts:54; endpoints/models.ts:113)', () => {
      assert.deepEqual(
        hosts(`${NONE}  custom:\n    - name: Groq\n      baseURL: \${GROQ_URL}\n      models: { fetch: true }\n`, {
          GROQ_URL: 'https://api.groq.com/openai/v1',
        }),
        only(['api.groq.com']),
      );
    });

    it('row 21: custom baseURL user_provided or a {{LIBRECHAT_USER_*}} host is per user: errors (custom/initialize.ts:54)', () => {
      const c = contain(
        `${NONE}  custom:\n    - name: A\n      baseURL: user_provided\n    - name: B\n      baseURL: https://{{LIBRECHAT_USER_ID}}.example.com\n`,
      );
      assert.deepEqual(allowedHosts(c), []);
      assert.deepEqual(c.blocking.map((f) => f.kind).sort(), ['per-user-host', 'user-provided-url']);
    });

    it('row 22: titleEndpoint, summarization.provider and memory.agent.provider add no host', () => {
      const yaml = `${NONE}  custom:\n    - name: A\n      baseURL: https://a.example.com/v1\n      titleEndpoint: A\nsummarization:\n  provider: A\n`;
      assert.deepEqual(hosts(yaml), only(['a.example.com']));
    });

    it('row 23: OPENAI_MODERATION=true → api.openai.com, or OPENAI_MODERATION_REVERSE_PROXY (moderateText.js:89)', () => {
      assert.deepEqual(hosts(NONE, { OPENAI_MODERATION: 'true' }), only(['api.openai.com']));
      assert.deepEqual(
        hosts(NONE, { OPENAI_MODERATION: 'true', OPENAI_MODERATION_REVERSE_PROXY: 'https://mod.example.com' }),
        only(['mod.example.com']),
      );
    });

    it('the second of two custom endpoints with the same name is ignored: LibreChat finds the first', () => {
      const c = contain(
        `${NONE}  custom:\n    - name: A\n      baseURL: https://first.example.com/v1\n    - name: A\n      baseURL: https://second.example.com/v1\n`,
      );
      assert.deepEqual(allowedHosts(c), only(['first.example.com']));
      assert.ok(findingIds(c, 'warning').includes('duplicate-name:endpoints.custom.A'));
    });
  });

  describe('3.2 web search, OCR, speech', () => {
    const WEB =
      'version: 1.3.9\ninterface: { mcpServers: { create: false } }\nendpoints: { agents: { capabilities: [web_search] } }\n';

    it('row 24: Serper search + scraper: google.serper.dev, scrape.serper.dev (agents search.ts:245-293, serper-scraper.ts:45)', () => {
      assert.deepEqual(
        hosts(`${WEB}webSearch:\n  searchProvider: serper\n  scraperProvider: serper\n  rerankerType: jina\n`),
        only(['api.jina.ai', 'google.serper.dev', 'scrape.serper.dev']),
      );
    });

    it('row 25: SearXNG searxngInstanceUrl (data-schemas app/web.ts:75)', () => {
      assert.ok(
        hosts(
          `${WEB}webSearch:\n  searchProvider: searxng\n  searxngInstanceUrl: https://searx.corp.example.com\n`,
        ).includes('searx.corp.example.com:443'),
      );
    });

    it('row 26: Tavily search and extract: api.tavily.com (tavily-search.ts:269, tavily-scraper.ts:56)', () => {
      assert.deepEqual(
        hosts(`${WEB}webSearch:\n  searchProvider: tavily\n  scraperProvider: tavily\n  rerankerType: jina\n`),
        only(['api.jina.ai', 'api.tavily.com']),
      );
    });

    it('row 27: Firecrawl: api.firecrawl.dev or firecrawlApiUrl (firecrawl.ts:43)', () => {
      assert.ok(
        hosts(
          `${WEB}webSearch:\n  scraperProvider: firecrawl\n  firecrawlApiUrl: https://fc.corp.example.com\n`,
        ).includes('fc.corp.example.com:443'),
      );
    });

    it('row 28: Jina and Cohere rerankers: api.jina.ai, api.cohere.com (rerankers.ts:6-7)', () => {
      assert.ok(hosts(`${WEB}webSearch:\n  rerankerType: cohere\n`).includes('api.cohere.com:443'));
    });

    it('row 29: Keenable search and scraper, keyless, default api.keenable.ai (keenable-search.ts:9-10, keenable-scraper.ts:9-10)', () => {
      assert.deepEqual(
        hosts(`${WEB}webSearch:\n  searchProvider: keenable\n  scraperProvider: keenable\n  rerankerType: jina\n`),
        only(['api.jina.ai', 'api.keenable.ai']),
      );
      assert.deepEqual(
        hosts(`${WEB}webSearch:\n  searchProvider: keenable\n  scraperProvider: keenable\n  rerankerType: jina\n`, {
          KEENABLE_API_URL: 'https://search.keenable.example.com',
          KEENABLE_FETCH_URL: 'https://fetch.keenable.example.com',
        }),
        only(['api.jina.ai', 'fetch.keenable.example.com', 'search.keenable.example.com']),
      );
    });

    it('row 30: several keys and no selector: ONE provider per role, the first authenticated (web/web.ts:130-250)', () => {
      const c = contain(`${WEB}webSearch: {}\n`, {
        SERPER_API_KEY: 'x',
        TAVILY_API_KEY: 'x',
        FIRECRAWL_API_KEY: 'x',
        JINA_API_KEY: 'x',
        COHERE_API_KEY: 'x',
      });
      const web = allowedHosts(c);
      assert.deepEqual(
        c.policy.groups.filter((g) => g.kind === 'search').map((g) => g.name),
        ['search-firecrawl-scraper', 'search-jina-reranker', 'search-serper'],
      );
      assert.ok(!web.includes('api.cohere.com:443'), 'cohere is not picked while jina authenticates');
      // api.tavily.com stays allowed for the env-enabled Tavily tool (row 41), not for web search.
      const unknown = contain(`${WEB}webSearch:\n  searchProvider: brave\n`);
      assert.ok(findingIds(unknown, 'warning').includes('unknown-endpoint-reference:webSearch.searchProvider'));
    });

    it('row 31: webSearch with user-provided keys: a warning names the denied hosts; a pinned provider is allowed (web/web.ts:186-236)', () => {
      const c = contain(`${WEB}webSearch: {}\n`);
      assert.deepEqual(allowedHosts(c), []);
      const w = c.policy.findings.find((f) => f.id === 'per-user-credentials:web_search')!;
      assert.equal(w.severity, 'warning');
      assert.match(w.message, /google\.serper\.dev/);
      assert.match(w.message, /api\.jina\.ai/);
      assert.deepEqual(c.blocking, []);
      assert.ok(hosts(`${WEB}webSearch:\n  searchProvider: serper\n`).includes('google.serper.dev:443'));
    });

    it('row 32: OCR mistral_ocr: api.mistral.ai or baseURL (mistral/crud.ts:31,93-172)', () => {
      assert.deepEqual(hosts(`${NONE}ocr:\n  strategy: mistral_ocr\n`), only(['api.mistral.ai']));
    });

    it('row 33: OCR_API_KEY without an ocr block: OCR is off, nothing allowed (files/ocr.ts:4-5)', () => {
      assert.deepEqual(hosts(NONE, { OCR_API_KEY: 'x', OCR_BASEURL: 'https://ocr.example.com' }), []);
    });

    it('row 34: OCR azure_mistral_ocr / custom_ocr: their baseURL host (mistral/crud.ts:279-312)', () => {
      assert.deepEqual(
        hosts(`${NONE}ocr:\n  strategy: custom_ocr\n  baseURL: https://ocr.corp.example.com/v1\n`),
        only(['ocr.corp.example.com']),
      );
    });

    it('row 35: OCR vertexai_mistral_ocr: {GOOGLE_LOC}-aiplatform + oauth2 (mistral/crud.ts:530-641)', () => {
      assert.deepEqual(
        hosts(`${NONE}ocr:\n  strategy: vertexai_mistral_ocr\n`, { GOOGLE_LOC: 'europe-west4' }),
        only(['europe-west4-aiplatform.googleapis.com', 'oauth2.googleapis.com']),
      );
    });

    it('row 36: TTS/STT defaults and url hosts (TTSService.js:111,147-150; STTService.js:203)', () => {
      assert.deepEqual(
        hosts(
          `${NONE}speech:\n  tts:\n    elevenlabs: { apiKey: k, voices: [v] }\n  stt:\n    openai: { apiKey: k, model: whisper-1 }\n`,
        ),
        only(['api.elevenlabs.io', 'api.openai.com']),
      );
    });

    it('row 37: ElevenLabs websocketUrl is browser-only: not allowed (no server reference)', () => {
      assert.deepEqual(
        hosts(
          `${NONE}speech:\n  tts:\n    elevenlabs:\n      apiKey: k\n      voices: [v]\n      websocketUrl: wss://api.elevenlabs.io/v1/text-to-speech/stream-input\n`,
        ),
        only(['api.elevenlabs.io']),
      );
      assert.deepEqual(
        hosts(
          `${NONE}speech:\n  tts:\n    elevenlabs:\n      apiKey: k\n      voices: [v]\n      url: https://api.elevenlabs.io/v1\n      websocketUrl: wss://ws.elevenlabs.example.com/x\n`,
        ),
        only(['api.elevenlabs.io']),
      );
    });
  });

  describe('3.3 agents, tools, code', () => {
    it('row 38: execute_code listed → api.librechat.ai or LIBRECHAT_CODE_BASEURL; the default capability is a warning (CodeExecutor.ts:29-30; handleTools.js:359)', () => {
      const explicit =
        'version: 1.3.9\ninterface: { mcpServers: { create: false } }\nendpoints: { agents: { capabilities: [execute_code] } }\n';
      assert.deepEqual(hosts(explicit), only(['api.librechat.ai']));
      assert.deepEqual(
        hosts(explicit, { LIBRECHAT_CODE_BASEURL: 'https://code.corp.example.com/v1' }),
        only(['code.corp.example.com']),
      );
      const byDefault = contain('version: 1.3.9\ninterface: { mcpServers: { create: false } }\n');
      assert.ok(!allowedHosts(byDefault).includes('api.librechat.ai:443'));
      const w = byDefault.policy.findings.find((f) => f.id === 'per-user-credentials:execute_code')!;
      assert.equal(w.severity, 'warning');
      assert.match(w.message, /api\.librechat\.ai/);
    });

    it('row 39: LIBRECHAT_CODE_BASEURL_STATEFUL adds its host (agents/execution.ts:33-39)', () => {
      const c = contain(
        'version: 1.3.9\ninterface: { mcpServers: { create: false } }\nendpoints: { agents: { capabilities: [execute_code] } }\n',
        { LIBRECHAT_CODE_BASEURL_STATEFUL: 'https://sessions.corp.example.com' },
      );
      assert.deepEqual(groupsOf(c)['code-stateful'], ['sessions.corp.example.com:443']);
    });

    it('row 40: statefulCodeSessions.environments[].baseURL adds its host (data-provider 0.8.524 schema)', () => {
      const c = contain(
        `${NONE}    statefulCodeSessions:\n      environments:\n        - id: py\n          baseURL: https://py-sessions.corp.example.com\n`,
      );
      assert.deepEqual(allowedHosts(c), only(['py-sessions.corp.example.com']));
    });

    it('row 41: env-enabled tools and their hosts (GoogleSearch.js:59, Wolfram.js:82, OpenWeather.js:135, TraversaalSearch.js:55, AzureAISearch.js:28, StableDiffusion.js:99, OpenAIImageTools.js:87-106)', () => {
      assert.deepEqual(
        hosts(NONE, {
          GOOGLE_SEARCH_API_KEY: 'x',
          WOLFRAM_APP_ID: 'x',
          OPENWEATHER_API_KEY: 'x',
          TRAVERSAAL_API_KEY: 'x',
          AZURE_AI_SEARCH_SERVICE_ENDPOINT: 'https://search1.search.windows.net',
          SD_WEBUI_URL: 'https://sd.corp.example.com',
          IMAGE_GEN_OAI_API_KEY: 'x',
        }),
        only([
          'api-ares.traversaal.ai',
          'api.openai.com',
          'api.openweathermap.org',
          'sd.corp.example.com',
          'search1.search.windows.net',
          'www.googleapis.com',
          'www.wolframalpha.com',
        ]),
      );
    });

    it('row 42: DALL·E 3 allows api.openai.com and the returned image host; Azure DALL·E warns (DALLE3.js:73-84,181-195)', () => {
      assert.deepEqual(
        hosts(NONE, { DALLE3_API_KEY: 'x' }),
        only(['api.openai.com', 'oaidalleapiprodscus.blob.core.windows.net']),
      );
      const azure = contain(NONE, {
        DALLE3_API_KEY: 'x',
        DALLE3_AZURE_API_VERSION: '2024-02-01',
        DALLE3_BASEURL: 'https://contoso.openai.azure.com/openai/deployments/dall-e-3',
      });
      assert.deepEqual(allowedHosts(azure), only(['contoso.openai.azure.com']));
      assert.ok(findingIds(azure, 'warning').includes('image-host-unknown:DALLE3_BASEURL'));
    });

    it('row 43: Flux allows its API and the delivery hosts of result.sample (FluxAPI.js:145,237-238,303-314)', () => {
      assert.deepEqual(
        hosts(NONE, { FLUX_API_KEY: 'x' }),
        only(['api.us1.bfl.ai', 'bfldeliveryprod.blob.core.windows.net', 'delivery-eu1.bfl.ai', 'delivery-us1.bfl.ai']),
      );
    });

    it('row 44: the Gemini image tool (GEMINI_API_KEY) calls generativelanguage.googleapis.com (GeminiImageGen.js)', () => {
      assert.deepEqual(hosts(NONE, { GEMINI_API_KEY: 'x' }), only(['generativelanguage.googleapis.com']));
    });

    it('row 45: built-in tools with user-provided keys (default tools capability): a warning names the denied hosts (Tools/credentials.js:13-29)', () => {
      const c = contain('version: 1.3.9\ninterface: { mcpServers: { create: false } }\n', { WOLFRAM_APP_ID: 'x' });
      const w = c.policy.findings.find((f) => f.id === 'per-user-credentials:tools')!;
      assert.equal(w.severity, 'warning');
      assert.match(w.message, /Google Search \(www\.googleapis\.com\)/);
      assert.match(w.message, /Flux \(api\.us1\.bfl\.ai/);
      assert.doesNotMatch(w.message, /Wolfram/);
      assert.deepEqual(c.blocking, []);
    });

    it('row 46: SERPAPI_API_KEY and DALLE2_API_KEY open nothing: no such tool in manifest.json', () => {
      assert.deepEqual(hosts(NONE, { SERPAPI_API_KEY: 'x', DALLE2_API_KEY: 'x' }), []);
    });

    it('row 47: actions.allowedDomains are the Actions group (ToolService.js:972-993)', () => {
      assert.deepEqual(
        groupsOf(
          contain(
            'version: 1.3.9\ninterface: { mcpServers: { create: false } }\nendpoints: { agents: { capabilities: [actions] } }\nactions:\n  allowedDomains: [api.weather.gov]\n',
          ),
        ),
        { 'tools-actions': ['api.weather.gov:443'] },
      );
    });

    it('row 48: an Action OAuth token host lives in the database, not the config: nothing derived from the config', () => {
      assert.deepEqual(hosts(NONE), []);
    });

    it('row 49: skillSync.github → api.github.com (skills/sync/github.ts:30,643)', () => {
      assert.deepEqual(
        hosts(`${NONE}skillSync:\n  github:\n    enabled: true\n    sources:\n      - { id: t, owner: a, repo: b }\n`),
        only(['api.github.com']),
      );
    });

    it('row 50: agents remoteApi OIDC issuer/jwksUri hosts (data-provider config.ts:820-829)', () => {
      assert.deepEqual(
        hosts(
          `${NONE}    remoteApi:\n      auth:\n        oidc:\n          issuer: https://idp.corp.example.com\n          jwksUri: https://keys.corp.example.com/jwks\n`,
        ),
        only(['idp.corp.example.com', 'keys.corp.example.com']),
      );
    });

    it('row 51: AGENT_TRIGGERS_SELF_URL is LibreChat itself: no internet host', () => {
      assert.deepEqual(
        hosts(NONE, { AGENT_TRIGGERS_SELF_URL: 'http://librechat.librechat.svc.cluster.local:3080' }),
        [],
      );
    });
  });

  describe('3.4 MCP', () => {
    it('row 52: a remote MCP url host, with ${VAR} (mcp/connection.ts:1493,1548,1619)', () => {
      assert.deepEqual(
        hosts(
          `${NONE}mcpServers:\n  a:\n    type: streamable-http\n    url: \${MCP_URL}\n    headers: { Authorization: 'Bearer x' }\n`,
          {
            MCP_URL: 'https://mcp.example.com/mcp',
          },
        ),
        only(['mcp.example.com']),
      );
    });

    it('row 53: explicit oauth authorization/token/revocation hosts (mcp/oauth/handler.ts)', () => {
      assert.deepEqual(
        hosts(
          `${NONE}mcpServers:\n  a:\n    url: https://mcp.example.com/mcp\n    oauth:\n      authorization_url: https://auth.example.com/authorize\n      token_url: https://token.example.com/token\n`,
        ),
        only(['auth.example.com', 'mcp.example.com', 'token.example.com']),
      );
    });

    it('row 54: a discovered OAuth authorization server: known servers get it (GitHub → github.com), others one warning (oauth/handler.ts:277,444-461)', () => {
      assert.deepEqual(
        hosts(`${NONE}mcpServers:\n  gh:\n    type: streamable-http\n    url: https://api.githubcopilot.com/mcp/\n`),
        only(['api.githubcopilot.com', 'github.com']),
      );
      const c = contain(
        `${NONE}mcpServers:\n  a:\n    url: https://mcp.a.example.com/mcp\n  b:\n    url: https://mcp.b.example.com/mcp\n  c:\n    url: https://mcp.c.example.com/mcp\n    headers: { Authorization: 'Bearer \${T}' }\n`,
        { T: 'x' },
      );
      const w = c.policy.findings.filter((f) => f.kind === 'mcp-oauth-discovery');
      assert.equal(w.length, 1);
      assert.match(w[0].message, /\(a, b\)/);
      assert.equal(w[0].severity, 'warning');
    });

    it('row 55: MCP obo uses the OpenID issuer for the token exchange (mcp/oauth/obo.ts)', () => {
      const c = contain(`${NONE}mcpServers:\n  a:\n    url: https://mcp.example.com/mcp\n    obo: { scopes: [x] }\n`, {
        OPENID_ISSUER: 'https://login.microsoftonline.com/t/v2.0',
      });
      assert.ok(groupsOf(c)['mcp-a'].includes('login.microsoftonline.com:443'));
    });

    it('row 56: stdio npx/uvx fetch from a registry: an error, the registry is not opened (connection.ts:1458)', () => {
      const c = contain(
        `${NONE}mcpServers:\n  e:\n    command: npx\n    args: ['-y', '@modelcontextprotocol/server-everything']\n`,
      );
      assert.ok(c.blocking.some((f) => f.id === 'stdio-package-fetch:e'));
      assert.deepEqual(allowedHosts(c), []);
    });

    it('row 57: user-created servers bounded by mcpSettings.allowedDomains (MCPConnectionFactory.ts:315,689)', () => {
      assert.deepEqual(
        groupsOf(
          contain(
            'version: 1.3.9\nendpoints: { agents: { capabilities: [] } }\nmcpSettings:\n  allowedDomains: [mcp.partner.example.org]\n',
          ),
        ),
        { 'mcp-user-servers': ['mcp.partner.example.org:443'] },
      );
    });
  });

  describe('3.5 files', () => {
    const S3 = { AWS_REGION: 'eu-central-1', AWS_BUCKET_NAME: 'chat-files' };

    it('row 58: S3 is the bucket virtual-hosted name (cdn/s3.ts:22-44)', () => {
      assert.deepEqual(hosts(`${NONE}fileStrategy: s3\n`, S3), only(['chat-files.s3.eu-central-1.amazonaws.com']));
    });

    it('row 59: the path-style regional host is gone unless AWS_FORCE_PATH_STYLE or a dotted bucket (cdn/s3.ts:22-44)', () => {
      assert.ok(!hosts(`${NONE}fileStrategy: s3\n`, S3).includes('s3.eu-central-1.amazonaws.com:443'));
      assert.deepEqual(
        hosts(`${NONE}fileStrategy: s3\n`, { ...S3, AWS_FORCE_PATH_STYLE: 'true' }),
        only(['s3.eu-central-1.amazonaws.com']),
      );
      assert.deepEqual(
        hosts(`${NONE}fileStrategy: s3\n`, { ...S3, AWS_BUCKET_NAME: 'files.chat.example.com' }),
        only(['s3.eu-central-1.amazonaws.com']),
      );
      assert.ok(
        contain(`${NONE}fileStrategy: s3\n`, { AWS_REGION: 'eu-central-1' }).blocking.some(
          (f) => f.id === 'unresolved-variable:AWS_BUCKET_NAME',
        ),
      );
    });

    it('row 60: AWS_ENDPOINT_URL replaces S3 (cdn/s3.ts:36,43)', () => {
      assert.deepEqual(
        hosts(`${NONE}fileStrategy: s3\n`, { AWS_ENDPOINT_URL: 'https://minio.corp.example.com' }),
        only(['minio.corp.example.com']),
      );
    });

    it('row 61: Azure Blob: {account}.blob.core.windows.net + login.microsoftonline.com (cdn/azure.ts:19-36)', () => {
      assert.deepEqual(
        hosts(`${NONE}fileStrategy: azure_blob\n`, { AZURE_STORAGE_ACCOUNT_NAME: 'chatfiles' }),
        only(['chatfiles.blob.core.windows.net', 'login.microsoftonline.com']),
      );
    });

    it('row 62: Firebase: firebasestorage.googleapis.com (cdn/firebase.ts:16-21)', () => {
      assert.deepEqual(hosts(`${NONE}fileStrategy: firebase\n`), only(['firebasestorage.googleapis.com']));
    });

    it('row 63: CloudFront: the S3 bucket; cloudfront.amazonaws.com only with invalidateOnDelete + distributionId (storage/cloudfront/crud.ts:229-265)', () => {
      assert.deepEqual(
        hosts(`${NONE}fileStrategy: cloudfront\n`, S3),
        only(['chat-files.s3.eu-central-1.amazonaws.com']),
      );
      assert.deepEqual(
        hosts(
          `${NONE}fileStrategy: cloudfront\ncloudfront:\n  domain: https://d1.cloudfront.net\n  distributionId: E123\n  invalidateOnDelete: true\n`,
          S3,
        ),
        only(['chat-files.s3.eu-central-1.amazonaws.com', 'cloudfront.amazonaws.com']),
      );
    });

    it('row 64: fileStrategies per type each add their strategy (Files/strategies.js)', () => {
      assert.deepEqual(
        hosts(`${NONE}fileStrategies:\n  avatar: firebase\n  document: s3\n`, S3),
        only(['chat-files.s3.eu-central-1.amazonaws.com', 'firebasestorage.googleapis.com']),
      );
    });
  });

  describe('3.6 authentication, e-mail, telemetry', () => {
    it('row 67: OpenID discovery at the issuer host (openidStrategy.js:933)', () => {
      assert.ok(
        hosts(NONE, { OPENID_ISSUER: 'https://auth.corp.example.com/realms/chat' }).includes(
          'auth.corp.example.com:443',
        ),
      );
    });

    it('row 68: the discovery document of well-known IdPs: Entra (graph.microsoft.com), Google, Cognito, Okta, Auth0, Keycloak (openidStrategy.js:205-208,575)', () => {
      assert.deepEqual(
        hosts(NONE, { OPENID_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0' }),
        only(['graph.microsoft.com', 'login.microsoftonline.com']),
      );
      assert.deepEqual(
        hosts(NONE, { OPENID_ISSUER: 'https://accounts.google.com' }),
        only(['accounts.google.com', 'oauth2.googleapis.com', 'openidconnect.googleapis.com', 'www.googleapis.com']),
      );
      for (const issuer of [
        'https://acme.okta.com/oauth2/default',
        'https://acme.eu.auth0.com/',
        'https://sso.corp.example.com/realms/chat',
      ]) {
        const c = contain(NONE, { OPENID_ISSUER: issuer });
        assert.deepEqual(allowedHosts(c), only([new URL(issuer).host]), issuer);
        assert.ok(!findingIds(c).some((id) => id.startsWith('openid-endpoints-unknown')), issuer);
      }
      const cognito = contain(NONE, { OPENID_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc' });
      assert.match(
        cognito.policy.findings.find((f) => f.id === 'openid-endpoints-unknown:OPENID_ISSUER')!.message,
        /amazoncognito\.com/,
      );
      // A variable LibreChat does not read opens nothing (only OPENID_JWKS_URL is an override).
      const notRead = contain(NONE, {
        OPENID_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc',
        OPENID_TOKEN_URL: 'https://chat.auth.eu-west-1.amazoncognito.com/oauth2/token',
      });
      assert.deepEqual(allowedHosts(notRead), only(['cognito-idp.eu-west-1.amazonaws.com']));
      const unknown = contain(NONE, { OPENID_ISSUER: 'https://idp.unknown.example.com' });
      assert.equal(
        unknown.policy.findings.find((f) => f.id === 'openid-endpoints-unknown:OPENID_ISSUER')!.severity,
        'warning',
      );
      assert.deepEqual(
        hosts(NONE, {
          OPENID_ISSUER: 'https://idp.unknown.example.com',
          OPENID_JWKS_URL: 'https://keys.example.net/jwks',
        }),
        only(['idp.unknown.example.com', 'keys.example.net']),
      );
    });

    it('row 69: the OpenID avatar for Entra comes from Microsoft Graph (openidStrategy.js:258-272)', () => {
      assert.ok(
        hosts(NONE, { OPENID_ISSUER: 'https://login.microsoftonline.com/t/v2.0' }).includes('graph.microsoft.com:443'),
      );
    });

    it('row 70: Entra people search / OBO / Graph scopes use graph.microsoft.com (GraphApiService.js:22,72-75)', () => {
      assert.deepEqual(
        hosts(NONE, {
          OPENID_ISSUER: 'https://login.microsoftonline.com/t/v2.0',
          USE_ENTRA_ID_FOR_PEOPLE_SEARCH: 'true',
        }),
        only(['graph.microsoft.com', 'login.microsoftonline.com']),
      );
    });

    it('row 71: social logins, server-side calls only (google/github/discord/facebook/apple Strategy.js)', () => {
      const c = contain(NONE, {
        GOOGLE_CLIENT_ID: 'x',
        GITHUB_CLIENT_ID: 'x',
        DISCORD_CLIENT_ID: 'x',
        FACEBOOK_CLIENT_ID: 'x',
        APPLE_CLIENT_ID: 'x',
      });
      assert.deepEqual(groupsOf(c), {
        'auth-apple': ['appleid.apple.com:443'],
        'auth-discord': ['discord.com:443'],
        'auth-facebook': ['graph.facebook.com:443'],
        'auth-github': ['api.github.com:443', 'github.com:443'],
        'auth-google': ['www.googleapis.com:443'],
      });
    });

    it('row 72: browser-only hosts are gone: accounts.google.com, www.facebook.com, oauth2.googleapis.com (passport authorize URLs)', () => {
      const h = hosts(NONE, { GOOGLE_CLIENT_ID: 'x', FACEBOOK_CLIENT_ID: 'x' });
      for (const gone of ['accounts.google.com:443', 'www.facebook.com:443', 'oauth2.googleapis.com:443'])
        assert.ok(!h.includes(gone), gone);
    });

    it('row 73: social avatars are downloaded when fileStrategy is not local (process.js:23-41,106-116)', () => {
      const env = { GOOGLE_CLIENT_ID: 'x', GITHUB_CLIENT_ID: 'x', DISCORD_CLIENT_ID: 'x' };
      const local = hosts(NONE, env);
      assert.ok(!local.includes('lh3.googleusercontent.com:443'));
      const remote = contain(`${NONE}fileStrategy: firebase\n`, env);
      assert.ok(groupsOf(remote)['auth-google'].includes('lh3.googleusercontent.com:443'));
      assert.ok(groupsOf(remote)['auth-github'].includes('avatars.githubusercontent.com:443'));
      assert.ok(groupsOf(remote)['auth-discord'].includes('cdn.discordapp.com:443'));
      const avatarOnly = contain(`${NONE}fileStrategies:\n  avatar: firebase\n`, env);
      assert.ok(groupsOf(avatarOnly)['auth-google'].includes('lh3.googleusercontent.com:443'));
    });

    it('row 74: Google admin-panel session refresh: oauth2 + openidconnect.googleapis.com, only with ADMIN_PANEL_URL (googleRefresh.ts:11-12,70,101)', () => {
      const google = { GOOGLE_CLIENT_ID: 'x' };
      assert.deepEqual(groupsOf(contain(NONE, google))['auth-google'], ['www.googleapis.com:443']);
      const panel = contain(NONE, { ...google, ADMIN_PANEL_URL: 'https://admin.chat.example.com' });
      assert.deepEqual(groupsOf(panel)['auth-google'], [
        'oauth2.googleapis.com:443',
        'openidconnect.googleapis.com:443',
        'www.googleapis.com:443',
      ]);
      // The admin panel alone (no Google sign-in) opens nothing: the refresh needs the Google client.
      assert.deepEqual(hosts(NONE, { ADMIN_PANEL_URL: 'https://admin.chat.example.com' }), []);
      // Other social logins have no server-side admin refresh of their own (admin/auth.js).
      assert.deepEqual(groupsOf(contain(NONE, { GITHUB_CLIENT_ID: 'x', ADMIN_PANEL_URL: 'https://a.example.com' })), {
        'auth-github': ['api.github.com:443', 'github.com:443'],
      });
    });

    it('row 75: SAML adds no server-side host (samlStrategy.js)', () => {
      assert.deepEqual(hosts(NONE, { SAML_ENTRY_POINT: 'https://idp.example.com/sso', SAML_ISSUER: 'chat' }), []);
    });

    it('row 76: LDAP_URL is non-HTTP: reported, not opened (ldapStrategy.js)', () => {
      const c = contain(NONE, { LDAP_URL: 'ldaps://ldap.corp.example.com' });
      assert.deepEqual(allowedHosts(c), []);
      assert.ok(findingIds(c).includes('non-http-destination:LDAP_URL'));
    });

    it('row 77: Mailgun: api.mailgun.net or MAILGUN_HOST (sendEmail.js:22-24)', () => {
      assert.deepEqual(hosts(NONE, { MAILGUN_API_KEY: 'x' }), only(['api.mailgun.net']));
    });

    it('row 78: SMTP EMAIL_HOST is reported with its host and port (sendEmail.js:151)', () => {
      const c = contain(NONE, { EMAIL_HOST: 'smtp.corp.example.com', EMAIL_PORT: '587' });
      assert.match(
        c.policy.findings.find((f) => f.id === 'non-http-destination:EMAIL_HOST')!.message,
        /smtp\.corp\.example\.com:587/,
      );
    });

    it('row 79: EMAIL_SERVICE (nodemailer well-known) wins over EMAIL_HOST (sendEmail.js:148-149)', () => {
      const c = contain(NONE, { EMAIL_SERVICE: 'gmail', EMAIL_HOST: 'smtp.corp.example.com' });
      const f = c.policy.findings.find((x) => x.id === 'non-http-destination:EMAIL_SERVICE')!;
      assert.match(f.message, /smtp\.gmail\.com:465/);
      assert.ok(!findingIds(c).includes('non-http-destination:EMAIL_HOST'));
    });

    it('row 80: Langfuse env keys → cloud.langfuse.com, or LANGFUSE_BASE_URL (langfuse/config.ts:40,68-78)', () => {
      const keys = { LANGFUSE_PUBLIC_KEY: 'pk', LANGFUSE_SECRET_KEY: 'sk' };
      assert.deepEqual(hosts(NONE, keys), only(['cloud.langfuse.com']));
      assert.deepEqual(
        hosts(NONE, { ...keys, LANGFUSE_BASE_URL: 'https://langfuse.corp.example.com' }),
        only(['langfuse.corp.example.com']),
      );
    });

    it('row 81: LANGFUSE_HOST and LANGFUSE_BASEURL aliases (langfuse/config.ts:75-77)', () => {
      const keys = { LANGFUSE_PUBLIC_KEY: 'pk', LANGFUSE_SECRET_KEY: 'sk' };
      assert.deepEqual(hosts(NONE, { ...keys, LANGFUSE_HOST: 'https://lf1.example.com' }), only(['lf1.example.com']));
      assert.deepEqual(
        hosts(NONE, { ...keys, LANGFUSE_BASEURL: 'https://lf2.example.com' }),
        only(['lf2.example.com']),
      );
    });

    it('row 82: YAML langfuse.destination us/jp/eu (langfuse/config.ts:204-216; tenantDestinations.ts:3-7)', () => {
      assert.deepEqual(
        hosts(`${NONE}langfuse:\n  destination: us\n  publicKey: pk\n  secretKey: sk\n`),
        only(['us.cloud.langfuse.com']),
      );
      assert.deepEqual(hosts(`${NONE}langfuse:\n  destination: jp\n`), only(['jp.cloud.langfuse.com']));
    });

    it('row 83: a YAML langfuse block without credentials or destination is off (langfuse/config.ts:217-219)', () => {
      assert.deepEqual(hosts(`${NONE}langfuse:\n  enabled: true\n`), []);
    });

    it('row 85: OTLP endpoint with OTEL_TRACING_ENABLED=true (api/server/telemetry.js:7-8)', () => {
      assert.deepEqual(
        hosts(NONE, { OTEL_TRACING_ENABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otlp.corp.example.com' }),
        only(['otlp.corp.example.com']),
      );
    });

    it('row 86: an OTLP endpoint without OTEL_TRACING_ENABLED opens nothing (telemetry/config.ts:31-32)', () => {
      assert.deepEqual(hosts(NONE, { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otlp.corp.example.com' }), []);
    });

    it('row 87: the RUM proxy forwards to RUM_PROXY_TARGET_URL (rum/proxy.ts:34-61,153; Config/rum.js:88-94)', () => {
      assert.deepEqual(
        hosts(NONE, {
          RUM_ENABLED: 'true',
          RUM_AUTH_MODE: 'proxy',
          RUM_PROXY_TARGET_URL: 'https://in-otel.hyperdx.io',
        }),
        only(['in-otel.hyperdx.io']),
      );
      assert.deepEqual(hosts(NONE, { RUM_ENABLED: 'true', RUM_PROXY_TARGET_URL: 'https://in-otel.hyperdx.io' }), []);
    });

    it('row 88: browser-only settings (HELP_AND_FAQ_URL, modelSpecs icons) add no host', () => {
      assert.deepEqual(
        hosts(
          `${NONE}modelSpecs:\n  list:\n    - name: a\n      label: A\n      iconURL: https://cdn.example.com/a.png\n      preset: { endpoint: openAI }\n`,
          {
            HELP_AND_FAQ_URL: 'https://help.example.com',
          },
        ),
        [],
      );
    });

    it('row 89: no update checks or registry pings: an empty config allows nothing', () => {
      assert.deepEqual(hosts(NONE), []);
    });
  });

  describe('3.7 data stores, platform, RAG API', () => {
    it('row 90: MONGO_URI Atlas SRV hosts on 27017 are reported, not opened by name (api/db/connect.js:6)', () => {
      const c = contain(NONE, { MONGO_URI: 'mongodb+srv://u:p@cluster0.abcde.mongodb.net/chat' });
      assert.ok(!allowedHosts(c).some((h) => h.includes(':443')));
    });

    it('row 91: Redis REDIS_URI in the cluster is internal (cache/cacheConfig.ts:15-17)', () => {
      const c = contain(NONE, {
        USE_REDIS: 'true',
        REDIS_URI: 'redis://redis-master.librechat.svc.cluster.local:6379',
      });
      assert.deepEqual(allowedHosts(c), []);
    });

    it('row 92: Meilisearch MEILI_HOST in the cluster is internal (routes/search.js:17)', () => {
      assert.deepEqual(hosts(NONE, { MEILI_HOST: 'http://librechat-meilisearch:7700' }), []);
    });

    it('row 93: RAG_API_URL in the cluster is internal (files/text.ts:86,109)', () => {
      assert.deepEqual(hosts(NONE, { RAG_API_URL: 'http://librechat-rag-api:8000' }), []);
    });

    it('row 94: CONFIG_PATH=https://... is downloaded at start (loadCustomConfig.js:71-77)', () => {
      assert.deepEqual(
        hosts(NONE, { CONFIG_PATH: 'https://cfg.example.com/librechat.yaml' }),
        only(['cfg.example.com']),
      );
    });

    it('row 95: PROXY (provider clients) is an unbounded hop: a blocking error unless it is the declared egress proxy (issue 7 §3)', () => {
      const c = contain(NONE, { PROXY: 'http://squid.corp.example.com:3128' });
      assert.deepEqual(allowedHosts(c), only([]));
      assert.ok(c.blocking.some((f) => f.id === 'egress-proxy:PROXY'));
      const declared = contain(
        NONE,
        { PROXY: 'http://squid.corp.example.com:3128' },
        { egressProxy: 'http://squid.corp.example.com:3128' },
      );
      assert.deepEqual(allowedHosts(declared), only(['squid.corp.example.com:3128']));
      assert.ok(!declared.blocking.some((f) => f.id === 'egress-proxy:PROXY'));
    });

    it('row 96: RAG openai embeddings: api.openai.com or RAG_OPENAI_BASEURL (rag app/config.py:202-205,241-254)', () => {
      assert.ok(ragHosts({ RAG_OPENAI_API_KEY: 'x' }).includes('api.openai.com:443'));
      assert.ok(
        ragHosts({ RAG_OPENAI_BASEURL: 'https://emb.corp.example.com/v1' }).includes('emb.corp.example.com:443'),
      );
    });

    it('row 100: RAG huggingfacetei / ollama URL hosts (config.py:216,275-282)', () => {
      assert.ok(
        ragHosts({
          EMBEDDINGS_PROVIDER: 'huggingfacetei',
          HF_TOKEN: 'x',
          EMBEDDINGS_MODEL: 'http://tei.ai.svc.cluster.local:8080',
        }).every((h) => !h.startsWith('tei.')),
      );
    });

    it('row 101: RAG vertexai default us-central1 + oauth2 (config.py:283-299)', () => {
      const h = ragHosts({ EMBEDDINGS_PROVIDER: 'vertexai' });
      assert.ok(h.includes('us-central1-aiplatform.googleapis.com:443'), h.join(', '));
    });

    it('row 103: RAG pgvector in the chart is internal (config.py:52-80)', () => {
      const c = contain(NONE, {}, RAG);
      assert.ok(c.policy.workloads.some((w) => w.id === 'postgresql'));
    });
  });
});

// Keep QUIET referenced: the shared helper stays the starting point of the older suites.
void QUIET;
