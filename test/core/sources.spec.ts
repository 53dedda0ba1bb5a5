// One test (or more) per source of egress LibreChat has (docs/librechat.md names the facts the code
// relies on): each asserts the exact destinations that the config and env produce, and where they came from.
import { strict as assert } from 'node:assert';
import { allowedHosts, contain, findingIds, groupsOf, QUIET } from '../support/core';

describe('egress sources', () => {
  describe('custom endpoints', () => {
    it('allows the baseURL host, with the model list and Ollama tags on the same host', () => {
      const c = contain(`${QUIET}  custom:
    - name: Groq
      baseURL: https://api.groq.com/openai/v1/
      models: { default: [llama3], fetch: true }
    - name: ollama-remote
      baseURL: https://ollama.example.com:8443/v1
      models: { default: [llama3] }
`);
      assert.deepEqual(groupsOf(c), {
        'llm-groq': ['api.groq.com:443'],
        'llm-ollama-remote': ['ollama.example.com:8443'],
      });
      const groq = c.policy.groups.find((g) => g.name === 'llm-groq')!;
      assert.match(groq.destinations[0].purpose, /model list/);
      assert.deepEqual(groq.destinations[0].source, {
        file: 'librechat.yaml',
        path: 'endpoints.custom[Groq].baseURL',
        line: 10,
        column: 16,
      });
      assert.match(c.policy.groups[1].destinations[0].purpose, /Ollama model tags/);
    });

    it('resolves ${VAR} in baseURL from the env and records where the variable was set', () => {
      const c = contain(
        `${QUIET}  custom:
    - name: Portkey
      baseURL: \${PORTKEY_GATEWAY_URL}
`,
        { PORTKEY_GATEWAY_URL: 'https://gateway.portkey.example.com/v1' },
      );
      assert.deepEqual(groupsOf(c), { 'llm-portkey': ['gateway.portkey.example.com:443'] });
      assert.equal(c.policy.groups[0].destinations[0].source.via?.path, 'PORTKEY_GATEWAY_URL');
    });

    it('keeps an in-cluster baseURL out of the internet allow-list and reports it', () => {
      const c = contain(`${QUIET}  custom:
    - name: LiteLLM
      baseURL: http://litellm:8000/v1
    - name: vLLM
      baseURL: http://10.0.3.7:8023/v1
`);
      assert.deepEqual(groupsOf(c), {});
      assert.deepEqual(
        c.policy.internal.map((i) => `${i.host}:${i.port}:${i.classification}`),
        ['10.0.3.7:8023:private-ip', 'litellm:8000:cluster-service'],
      );
    });
  });

  describe('Azure OpenAI groups', () => {
    it('derives the host from instanceName, a full host, or a serverless baseURL', () => {
      const c = contain(
        `${QUIET}  azureOpenAI:
    groups:
      - group: east
        instanceName: contoso-east
        models: { gpt-4o: true }
      - group: foundry
        instanceName: contoso.cognitiveservices.azure.com
        models: { gpt-4o: true }
      - group: serverless
        serverless: true
        baseURL: https://mistral-large.eastus2.inference.ai.azure.com/v1
        models: { mistral: true }
      - group: templated
        instanceName: \${AZURE_INSTANCE}
        baseURL: https://\${INSTANCE_NAME}.openai.azure.com/openai/deployments/\${DEPLOYMENT_NAME}
        deploymentName: gpt-4o
        models: { gpt-4o: true }
`,
        { AZURE_INSTANCE: 'contoso-west' },
      );
      assert.deepEqual(groupsOf(c), {
        'llm-azure-east': ['contoso-east.openai.azure.com:443'],
        'llm-azure-foundry': ['contoso.cognitiveservices.azure.com:443'],
        'llm-azure-serverless': ['mistral-large.eastus2.inference.ai.azure.com:443'],
        'llm-azure-templated': ['contoso-west.openai.azure.com:443'],
      });
    });
  });

  describe('built-in endpoints', () => {
    it('allows the default hosts of the endpoints their key variables enable', () => {
      const c = contain(QUIET, {
        OPENAI_API_KEY: 'user_provided',
        ANTHROPIC_API_KEY: 'x',
        GOOGLE_KEY: 'x',
        ASSISTANTS_API_KEY: 'x',
      });
      assert.deepEqual(groupsOf(c), {
        'llm-anthropic': ['api.anthropic.com:443'],
        'llm-assistants': ['api.openai.com:443'],
        'llm-google': ['generativelanguage.googleapis.com:443'],
        'llm-openai': ['api.openai.com:443'],
      });
    });

    it('uses the reverse proxy variables instead of the defaults', () => {
      const c = contain(QUIET, {
        OPENAI_API_KEY: 'x',
        OPENAI_REVERSE_PROXY: 'https://llm-gw.corp.example.com/openai',
        ASSISTANTS_API_KEY: 'x',
        ASSISTANTS_BASE_URL: 'https://assist.corp.example.com/v1',
      });
      assert.deepEqual(groupsOf(c), {
        'llm-assistants': ['assist.corp.example.com:443'],
        'llm-openai': ['llm-gw.corp.example.com:443'],
      });
    });

    it('does not enable a configured block without its key variable, and says so', () => {
      const c = contain(`${QUIET}  openAI:
    titleModel: gpt-4o-mini
`);
      assert.deepEqual(groupsOf(c), {});
      assert.ok(findingIds(c, 'warning').includes('builtin-not-enabled:endpoints.openAI'));
    });

    it('row 4: a YAML baseURL on a built-in is ignored by LibreChat: the default host is allowed, with a warning', () => {
      // Changed in issue 8: LibreChat (google/initialize.ts:34,112) reads only GOOGLE_REVERSE_PROXY.
      const c = contain(
        `${QUIET}  google:
    baseURL: https://gemini-proxy.corp.example.com/v1
`,
        { GOOGLE_KEY: 'x' },
      );
      assert.deepEqual(groupsOf(c), { 'llm-google': ['generativelanguage.googleapis.com:443'] });
      assert.ok(findingIds(c).includes('builtin-baseurl-ignored:endpoints.google.baseURL'));
    });

    it('routes Anthropic through Vertex AI when endpoints.anthropic.vertex is present', () => {
      const c = contain(
        `${QUIET}  anthropic:
    vertex:
      region: europe-west1
`,
        { ANTHROPIC_API_KEY: 'x' },
      );
      assert.deepEqual(groupsOf(c), {
        'llm-anthropic-vertex': ['europe-west1-aiplatform.googleapis.com:443', 'oauth2.googleapis.com:443'],
      });
    });

    it('knows the global and multi-region Vertex hosts', () => {
      assert.deepEqual(
        allowedHosts(contain(QUIET, { ANTHROPIC_USE_VERTEX: 'true', ANTHROPIC_VERTEX_REGION: 'global' })),
        ['aiplatform.googleapis.com:443', 'oauth2.googleapis.com:443'],
      );
      assert.deepEqual(allowedHosts(contain(QUIET, { ANTHROPIC_USE_VERTEX: 'true', ANTHROPIC_VERTEX_REGION: 'eu' })), [
        'aiplatform.eu.rep.googleapis.com:443',
        'oauth2.googleapis.com:443',
      ]);
      assert.deepEqual(allowedHosts(contain(QUIET, { ANTHROPIC_USE_VERTEX: 'true' })), [
        'oauth2.googleapis.com:443',
        'us-east5-aiplatform.googleapis.com:443',
      ]);
    });

    it('uses Google Vertex AI for a service key file, in GOOGLE_LOC', () => {
      const c = contain(QUIET, { GOOGLE_SERVICE_KEY_FILE: '/app/api/data/auth.json', GOOGLE_LOC: 'europe-west4' });
      assert.deepEqual(groupsOf(c), {
        'llm-google-vertex': ['europe-west4-aiplatform.googleapis.com:443', 'oauth2.googleapis.com:443'],
      });
    });

    it('allows Bedrock in the default region and every availableRegions entry', () => {
      const c = contain(
        `${QUIET}  bedrock:
    availableRegions: [us-west-2, eu-central-1]
`,
        { BEDROCK_AWS_DEFAULT_REGION: 'us-east-1' },
      );
      assert.deepEqual(groupsOf(c), {
        'llm-bedrock': [
          'bedrock-runtime.eu-central-1.amazonaws.com:443',
          'bedrock-runtime.us-east-1.amazonaws.com:443',
          'bedrock-runtime.us-west-2.amazonaws.com:443',
        ],
      });
    });

    it('sends Bedrock to BEDROCK_REVERSE_PROXY when set', () => {
      assert.deepEqual(
        allowedHosts(
          contain(QUIET, {
            BEDROCK_AWS_DEFAULT_REGION: 'us-east-1',
            BEDROCK_REVERSE_PROXY: 'bedrock-gw.corp.example.com',
          }),
        ),
        ['bedrock-gw.corp.example.com:443'],
      );
    });

    it('refuses a region that is not a region rather than building a host from it', () => {
      const c = contain(QUIET, { BEDROCK_AWS_DEFAULT_REGION: 'evil.com/x' });
      assert.deepEqual(groupsOf(c), {});
      assert.ok(c.blocking.some((f) => f.kind === 'invalid-url'));
    });

    it('honours ENDPOINTS: endpoints it does not list are not enabled', () => {
      const c = contain(QUIET, { OPENAI_API_KEY: 'x', ANTHROPIC_API_KEY: 'x', ENDPOINTS: 'anthropic,agents' });
      assert.deepEqual(Object.keys(groupsOf(c)), ['llm-anthropic']);
    });
  });

  describe('agents', () => {
    it('allows the code API when execute_code is listed, or the self-hosted one from LIBRECHAT_CODE_BASEURL', () => {
      const yaml = `version: 1.3.9
interface: { mcpServers: { create: false } }
endpoints:
  agents:
    capabilities: [execute_code]
`;
      assert.deepEqual(groupsOf(contain(yaml)), { 'code-interpreter': ['api.librechat.ai:443'] });
      assert.deepEqual(groupsOf(contain(yaml, { LIBRECHAT_CODE_BASEURL: 'https://code.corp.example.com/v1' })), {
        'code-interpreter': ['code.corp.example.com:443'],
      });
    });

    it('allows exactly actions.allowedDomains for Actions, with ports', () => {
      const c = contain(`version: 1.3.9
interface: { mcpServers: { create: false } }
actions:
  allowedDomains: ['api.weather.gov', 'https://tools.example.com:8443', '*.svc.example.org']
endpoints:
  agents:
    capabilities: [actions]
`);
      assert.deepEqual(groupsOf(c), {
        'tools-actions': ['*.svc.example.org:443', 'api.weather.gov:443', 'tools.example.com:8443'],
      });
    });

    it('derives stateful code session and remote API OIDC hosts', () => {
      const c =
        contain(`${QUIET.replace("capabilities: ['file_search', 'tools']", 'capabilities: [tools]')}    statefulCodeSessions:
      environments:
        - id: sandbox
          baseURL: https://sandbox.corp.example.com/api
    remoteApi:
      auth:
        oidc:
          enabled: true
          issuer: https://idp.corp.example.com/realms/chat
`);
      assert.deepEqual(groupsOf(c), {
        'auth-agents-remoteapi': ['idp.corp.example.com:443'],
        'code-session-sandbox': ['sandbox.corp.example.com:443'],
      });
    });
  });

  describe('MCP servers', () => {
    it('gives each remote server its own group: sse by default, streamable-http, websocket, and OAuth hosts', () => {
      const c = contain(`${QUIET}mcpServers:
  everything:
    url: https://mcp.example.com/sse
  linear:
    type: streamable-http
    url: https://mcp.linear.app/mcp
    oauth:
      authorization_url: https://linear.app/oauth/authorize
      token_url: https://api.linear.app/oauth/token
  live:
    type: websocket
    url: wss://ws.example.net:9443/mcp
`);
      assert.deepEqual(groupsOf(c), {
        'mcp-everything': ['mcp.example.com:443'],
        'mcp-linear': ['api.linear.app:443', 'linear.app:443', 'mcp.linear.app:443'],
        'mcp-live': ['ws.example.net:9443'],
      });
    });

    // Deliberate change (issue 7 §3): an internet proxy is an unbounded hop, an error that opens
    // nothing, unless the deployment declares it as its egress proxy.
    it('refuses a per-server proxy on the internet unless it is the declared egress proxy', () => {
      const yaml = `${QUIET}mcpServers:
  search:
    url: https://mcp.search.example.com/mcp
    proxy: http://egress-proxy.corp.example.com:3128
`;
      const c = contain(yaml);
      assert.deepEqual(groupsOf(c), { 'mcp-search': ['mcp.search.example.com:443'] });
      assert.ok(c.blocking.some((f) => f.id === 'egress-proxy:mcpServers.search'));
      const declared = contain(yaml, {}, { egressProxy: 'http://egress-proxy.corp.example.com:3128' });
      assert.deepEqual(groupsOf(declared), {
        'mcp-search': ['mcp.search.example.com:443'],
        'mcp-search-proxy': ['egress-proxy.corp.example.com:3128'],
      });
      assert.ok(findingIds(declared, 'warning').includes('egress-proxy:mcpServers.search'));
    });

    it('reports npx as a supply-chain finding and allows the mirror named in the server env instead', () => {
      const bare = contain(`${QUIET}mcpServers:
  github:
    command: npx
    args: ['-y', '@modelcontextprotocol/server-github']
`);
      assert.ok(bare.blocking.some((f) => f.id === 'stdio-package-fetch:github'));
      assert.deepEqual(groupsOf(bare), { 'mcp-github': ['api.github.com:443'] });
      const mirrored = contain(`${QUIET}mcpServers:
  github:
    command: npx
    args: ['-y', '@modelcontextprotocol/server-github']
    env:
      npm_config_registry: https://npm-mirror.corp.example.com/
`);
      assert.deepEqual(mirrored.blocking, []);
      assert.deepEqual(groupsOf(mirrored), {
        'mcp-github': ['api.github.com:443'],
        'mirror-github': ['npm-mirror.corp.example.com:443'],
      });
    });

    it('treats uvx like npx (PyPI) and flags servers that fetch any URL', () => {
      const c = contain(`${QUIET}mcpServers:
  fetch:
    command: uvx
    args: [mcp-server-fetch]
`);
      assert.deepEqual(c.blocking.map((f) => f.id).sort(), ['stdio-package-fetch:fetch', 'stdio-unbounded:fetch']);
      assert.deepEqual(groupsOf(c), {});
    });

    it('says that stdio servers share the LibreChat pod identity, and which lack the CA variable when decrypting', () => {
      const c = contain(
        `${QUIET}mcpServers:
  memory:
    command: /usr/local/bin/mcp-server-memory
  notes:
    command: /usr/local/bin/notes-mcp
    env:
      NODE_EXTRA_CA_CERTS: /etc/ssl/inspection/ca.pem
`,
        {},
        { decrypt: true },
      );
      assert.ok(findingIds(c).includes('stdio-shared-identity'));
      assert.ok(findingIds(c).includes('stdio-ca-env:memory'));
      assert.ok(!findingIds(c).includes('stdio-ca-env:notes'));
    });
  });

  describe('web search', () => {
    it('allows the selected search, scraper and reranker services', () => {
      const c = contain(
        `${QUIET}webSearch:
  searchProvider: searxng
  searxngInstanceUrl: https://searx.corp.example.com
  scraperProvider: firecrawl
  firecrawlApiUrl: \${FIRECRAWL_API_URL}
  rerankerType: cohere
`,
        { FIRECRAWL_API_URL: 'https://firecrawl.corp.example.com' },
      );
      assert.deepEqual(groupsOf(c), {
        'search-cohere-reranker': ['api.cohere.com:443'],
        'search-firecrawl-scraper': ['firecrawl.corp.example.com:443'],
        'search-searxng': ['searx.corp.example.com:443'],
      });
    });

    it('uses the default hosts of services configured by their keys only', () => {
      const c = contain(`${QUIET}webSearch:
  serperApiKey: \${SERPER_API_KEY}
  jinaApiKey: \${JINA_API_KEY}
`);
      assert.deepEqual(groupsOf(c), {
        'search-jina-reranker': ['api.jina.ai:443'],
        'search-serper': ['google.serper.dev:443'],
        'search-serper-scraper': ['scrape.serper.dev:443'],
      });
    });

    it('fails closed on an unresolved search URL', () => {
      const c = contain(`${QUIET}webSearch:
  searchProvider: searxng
  searxngInstanceUrl: \${SEARXNG_INSTANCE_URL}
`);
      assert.deepEqual(
        c.blocking.map((f) => f.id),
        ['unresolved-variable:webSearch.searxngInstanceUrl'],
      );
      assert.deepEqual(groupsOf(c), {});
    });
  });

  describe('OCR', () => {
    it('allows Mistral by default, a custom baseURL, Vertex, and nothing for document_parser', () => {
      assert.deepEqual(allowedHosts(contain(`${QUIET}ocr:\n  apiKey: \${OCR_API_KEY}\n`)), ['api.mistral.ai:443']);
      assert.deepEqual(
        allowedHosts(contain(`${QUIET}ocr:\n  strategy: custom_ocr\n  baseURL: https://ocr.corp.example.com/v1\n`)),
        ['ocr.corp.example.com:443'],
      );
      assert.deepEqual(
        allowedHosts(contain(`${QUIET}ocr:\n  strategy: vertexai_mistral_ocr\n`, { GOOGLE_LOC: 'europe-west4' })),
        ['europe-west4-aiplatform.googleapis.com:443', 'oauth2.googleapis.com:443'],
      );
      assert.deepEqual(allowedHosts(contain(`${QUIET}ocr:\n  strategy: document_parser\n`)), []);
    });
  });

  describe('speech', () => {
    it('allows each configured provider: defaults, url, websocketUrl, Azure instance, LocalAI', () => {
      const c = contain(`${QUIET}speech:
  tts:
    elevenlabs:
      apiKey: \${TTS_API_KEY}
      websocketUrl: wss://api.elevenlabs.io/v1/text-to-speech/stream-input
    localai:
      url: https://tts.corp.example.com/tts
  stt:
    openai:
      url: https://whisper.corp.example.com/v1/audio/transcriptions
    azureOpenAI:
      instanceName: contoso-speech
`);
      assert.deepEqual(groupsOf(c), {
        'speech-stt-azureopenai': ['contoso-speech.openai.azure.com:443'],
        'speech-stt-openai': ['whisper.corp.example.com:443'],
        'speech-tts-elevenlabs': ['api.elevenlabs.io:443'],
        'speech-tts-localai': ['tts.corp.example.com:443'],
      });
    });
  });

  describe('file storage', () => {
    it('derives the S3 hosts from AWS_REGION and AWS_BUCKET_NAME, or uses AWS_ENDPOINT_URL', () => {
      assert.deepEqual(
        allowedHosts(
          contain(`${QUIET}fileStrategy: s3\n`, { AWS_REGION: 'eu-central-1', AWS_BUCKET_NAME: 'chat-files' }),
        ),
        // Rows 58-59 (issue 8): the bucket's virtual-hosted name only, not the regional path-style host.
        ['chat-files.s3.eu-central-1.amazonaws.com:443'],
      );
      assert.deepEqual(
        allowedHosts(
          contain(`${QUIET}fileStrategy: s3\n`, { AWS_ENDPOINT_URL: 'https://minio.corp.example.com:9000' }),
        ),
        ['minio.corp.example.com:9000'],
      );
    });

    it('reads fileStrategies per type: Azure Blob, Firebase and CloudFront', () => {
      const c = contain(
        `${QUIET}fileStrategies:
  avatar: firebase
  document: azure_blob
  image: cloudfront
`,
        { AZURE_STORAGE_ACCOUNT_NAME: 'chatfiles', AWS_REGION: 'us-east-1', AWS_BUCKET_NAME: 'chat-images' },
      );
      // Row 63 (issue 8): no CloudFront API without invalidateOnDelete + distributionId.
      assert.deepEqual(groupsOf(c), {
        'storage-azure-blob': ['chatfiles.blob.core.windows.net:443', 'login.microsoftonline.com:443'],
        'storage-firebase': ['firebasestorage.googleapis.com:443'],
        'storage-s3': ['chat-images.s3.us-east-1.amazonaws.com:443'],
      });
    });
  });

  describe('sign-in, telemetry, remote config, proxies, tools and data stores', () => {
    it('allows the providers of enabled social logins and the OpenID issuer (with Graph for Entra features)', () => {
      const c = contain(QUIET, {
        GOOGLE_CLIENT_ID: 'x',
        GITHUB_CLIENT_ID: 'x',
        GITHUB_ENTERPRISE_BASE_URL: 'https://github.corp.example.com',
        OPENID_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
        USE_ENTRA_ID_FOR_PEOPLE_SEARCH: 'true',
      });
      assert.deepEqual(groupsOf(c), {
        'auth-github': ['github.corp.example.com:443'],
        // Rows 71-72 (issue 8): passport-google-oauth20 calls only www.googleapis.com from the server.
        'auth-google': ['www.googleapis.com:443'],
        'auth-openid': ['graph.microsoft.com:443', 'login.microsoftonline.com:443'],
      });
    });

    it('allows Langfuse (YAML or keys), an OTLP exporter and a remote CONFIG_PATH', () => {
      // Rows 83 and 86 (issue 8): Langfuse needs credentials, OTLP needs OTEL_TRACING_ENABLED.
      const c = contain(`${QUIET}langfuse:\n  enabled: true\n  publicKey: pk\n  secretKey: sk\n`, {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.corp.example.com:4318',
        OTEL_TRACING_ENABLED: 'true',
        CONFIG_PATH: 'https://config.corp.example.com/librechat.yaml',
      });
      assert.deepEqual(groupsOf(c), {
        'config-remote': ['config.corp.example.com:443'],
        'telemetry-langfuse': ['cloud.langfuse.com:443'],
        'telemetry-otel': ['otel.corp.example.com:4318'],
      });
    });

    it('allows the GitHub API for skill sync sources', () => {
      const c = contain(
        `${QUIET}skillSync:\n  github:\n    enabled: true\n    sources:\n      - { id: team, owner: acme, repo: skills }\n`,
      );
      assert.deepEqual(groupsOf(c), { 'tools-skill-sync': ['api.github.com:443'] });
    });

    // Deliberate change (issue 7 §3): was a warning with the proxy allowed.
    it('refuses an internet proxy (an unbounded hop) unless it is the declared egress proxy', () => {
      const c = contain(QUIET, { PROXY: 'http://squid.corp.example.com:3128' });
      assert.deepEqual(groupsOf(c), {});
      assert.ok(c.blocking.some((f) => f.id === 'egress-proxy:PROXY'));
      const declared = contain(
        QUIET,
        { PROXY: 'http://squid.corp.example.com:3128' },
        {
          egressProxy: 'squid.corp.example.com:3128',
        },
      );
      assert.deepEqual(groupsOf(declared), { proxy: ['squid.corp.example.com:3128'] });
      assert.ok(findingIds(declared, 'warning').includes('egress-proxy:PROXY'));
    });

    it('allows tools turned on by env variables', () => {
      const c = contain(QUIET, {
        TAVILY_API_KEY: 'x',
        DALLE3_API_KEY: 'x',
        DALLE_REVERSE_PROXY: 'https://images.corp.example.com',
        OPENAI_MODERATION: 'true',
      });
      assert.deepEqual(groupsOf(c), {
        // Row 42 (issue 8): DALL-E 3 also downloads the returned image from OpenAI's blob host.
        'tools-dall-e-tool': ['images.corp.example.com:443', 'oaidalleapiprodscus.blob.core.windows.net:443'],
        'tools-openai-moderation': ['api.openai.com:443'],
        'tools-tavily-search-tool': ['api.tavily.com:443'],
      });
    });

    it('never opens non-HTTP services on the internet by name (SMTP, LDAP)', () => {
      const c = contain(QUIET, {
        EMAIL_HOST: 'smtp.mailprovider.example.com',
        EMAIL_PORT: '587',
        LDAP_URL: 'ldaps://ldap.corp.example.com',
      });
      assert.deepEqual(groupsOf(c), {});
      assert.deepEqual(
        findingIds(c).filter((id) => id.startsWith('non-http')),
        ['non-http-destination:EMAIL_HOST', 'non-http-destination:LDAP_URL'],
      );
    });
  });
});
