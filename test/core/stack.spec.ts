// The whole stack: which workloads run, their labels, every allowed and every forbidden edge,
// data stores in the cluster, on Atlas and managed, RAG API egress, in-cluster MCP servers, and
// the NetworkPolicies and image pulls rendered from them.
import { strict as assert } from 'node:assert';
import type { Containment } from '../../lib/pipeline';
import { buildEnvironment } from '../../lib/config/env';
import { buildContainment } from '../../lib/pipeline';
import { validateObject } from '../support/validate';
import { contain, firewallPolicy, groupsOf, QUIET } from '../support/core';

const ids = (c: Containment) => c.policy.workloads.map((w) => w.id);
const edges = (c: Containment) => c.policy.edges.map((e) => `${e.from}->${e.to}:${e.port}`);
const np = (c: Containment, name: string): any =>
  c.objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === name);

function stack(values: string, env: Record<string, string> = {}, overlay?: string, yaml = QUIET): Containment {
  return buildContainment({
    configText: yaml,
    configFile: 'librechat.yaml',
    env: buildEnvironment({ pairs: env }),
    chartValues: { text: values, file: 'values.yaml' },
    overlay: overlay ? { text: overlay, file: 'librechat.overlay.yaml' } : undefined,
  });
}

const FULL = 'librechat-rag-api:\n  enabled: true\nredis:\n  enabled: true\n';

describe('whole stack', () => {
  describe('workloads and labels', () => {
    it("runs the chart defaults: LibreChat, MongoDB and Meilisearch, with the chart's selector labels", () => {
      const c = contain(QUIET);
      assert.deepEqual(ids(c), ['librechat', 'mongodb', 'meilisearch']);
      assert.deepEqual(c.policy.workloads[1].matchLabels, {
        'app.kubernetes.io/component': 'mongodb',
        'app.kubernetes.io/instance': 'librechat',
        'app.kubernetes.io/name': 'mongodb',
      });
    });

    it('adds the RAG API, its pgvector database and Redis when the values enable them, with labels that follow the release', () => {
      const c = buildContainment({
        configText: QUIET,
        configFile: 'l.yaml',
        env: buildEnvironment({}),
        chartValues: { text: FULL, file: 'v.yaml' },
        derive: { release: 'chat' },
      });
      assert.deepEqual(ids(c), ['librechat', 'rag-api', 'mongodb', 'meilisearch', 'redis', 'postgresql']);
      const rag = c.policy.workloads.find((w) => w.id === 'rag-api')!;
      assert.deepEqual(rag.matchLabels, {
        'app.kubernetes.io/instance': 'chat',
        'app.kubernetes.io/name': 'chat-librechat-rag-api-rag',
      });
      assert.deepEqual(
        c.policy.workloads.find((w) => w.id === 'redis')!.matchLabels['app.kubernetes.io/component'],
        'master',
      );
    });

    it('follows the values for which pods run, and the env for which are used', () => {
      assert.deepEqual(ids(stack('mongodb:\n  enabled: false\nmeilisearch:\n  enabled: false\n')), ['librechat']);
      // SEARCH=false: the chart still runs Meilisearch; it keeps its deny-all, and nothing may reach it.
      const c = contain(QUIET, { SEARCH: 'false' });
      assert.deepEqual(ids(c), ['librechat', 'mongodb', 'meilisearch']);
      assert.deepEqual(edges(c), ['librechat->mongodb:27017']);
      assert.ok(c.policy.findings.some((f) => f.id === 'unused-workload:meilisearch'));
    });

    it("lets each workload's labels be overridden for custom installs", () => {
      const c = contain(QUIET, {}, { workloadLabels: { mongodb: { app: 'mongo' } } });
      assert.deepEqual(c.policy.workloads.find((w) => w.id === 'mongodb')!.matchLabels, { app: 'mongo' });
    });
  });

  describe('edges', () => {
    it('allows exactly LibreChat → MongoDB, Meilisearch, Redis, RAG API and RAG API → PostgreSQL', () => {
      assert.deepEqual(edges(stack(FULL)), [
        'librechat->meilisearch:7700',
        'librechat->mongodb:27017',
        'librechat->rag-api:8000',
        'librechat->redis:6379',
        'rag-api->postgresql:5432',
      ]);
    });

    it('renders each allowed pair as ingress on the target and egress on the source, and nothing else', () => {
      const c = stack(FULL);
      const pg = np(c, 'librechat-postgresql');
      assert.deepEqual(pg.spec.ingress[0], {
        from: [{ podSelector: { matchLabels: c.policy.workloads.find((w) => w.id === 'rag-api')!.matchLabels } }],
        ports: [{ protocol: 'TCP', port: 5432 }],
      });
      // Forbidden pairs: LibreChat never reaches PostgreSQL; MongoDB is reached only by LibreChat.
      const lc = JSON.stringify(np(c, 'librechat-librechat').spec.egress);
      assert.ok(!lc.includes('"app.kubernetes.io/name":"postgresql"'));
      const mongoFrom = np(c, 'librechat-mongodb').spec.ingress.flatMap((r: any) =>
        r.from.map((f: any) => f.podSelector.matchLabels['app.kubernetes.io/name']),
      );
      assert.deepEqual(mongoFrom, ['librechat-librechat', 'mongodb']);
      const ragFrom = np(c, 'librechat-rag-api').spec.ingress.flatMap((r: any) =>
        r.from.map((f: any) => f.podSelector.matchLabels['app.kubernetes.io/name']),
      );
      assert.deepEqual(ragFrom, ['librechat-librechat']);
    });

    it('admits no other pair: for every two workloads without an edge, neither policy lets one reach the other', () => {
      const c = stack(
        FULL,
        {},
        'mcpServers:\n  docs:\n    matchLabels: { app: docs }\n    egress: [api.github.com]\n',
        `${QUIET}mcpServers:\n  docs:\n    url: http://docs:8000/mcp\n`,
      );
      const allowed = new Set(c.policy.edges.map((e) => `${e.from}->${e.to}`));
      const same = (a: Record<string, string>, b: Record<string, string>) => JSON.stringify(a) === JSON.stringify(b);
      let checked = 0;
      for (const from of c.policy.workloads) {
        for (const to of c.policy.workloads) {
          if (from.id === to.id || allowed.has(`${from.id}->${to.id}`)) continue;
          checked++;
          const ingress = np(c, `librechat-${to.id}`).spec.ingress as any[];
          const admits = ingress.some(
            (r) =>
              !r.from || r.from.some((f: any) => f.podSelector && same(f.podSelector.matchLabels, from.matchLabels)),
          );
          const egress = np(c, `librechat-${from.id}`).spec.egress as any[];
          const reaches = egress.some((r) =>
            r.to.some((t: any) => t.podSelector && same(t.podSelector.matchLabels ?? {}, to.matchLabels)),
          );
          // Only LibreChat admits traffic from anywhere (its users), and only on its own port.
          assert.ok(
            !admits || (to.id === 'librechat' && ingress.find((r) => !r.from).ports[0].port === 3080),
            `${to.id} admits ${from.id}`,
          );
          assert.ok(!reaches, `${from.id} may reach ${to.id}`);
        }
      }
      assert.equal(checked, 7 * 6 - c.policy.edges.length);
    });

    it('gives data stores no internet egress: a deny-all FirewallPolicy and only DNS and their peers in the NetworkPolicy', () => {
      const c = stack(FULL);
      for (const id of ['mongodb', 'meilisearch', 'redis', 'postgresql']) {
        assert.deepEqual(
          firewallPolicy(c, id).spec.rules.map((r: any) => r.name),
          ['deny-all'],
        );
        const egress = np(c, `librechat-${id}`).spec.egress;
        assert.ok(!JSON.stringify(egress).includes('0.0.0.0/0'), id);
        assert.equal(egress.length, 2, id);
      }
    });

    it('opens LibreChat and the RAG API to the internet only on the ports their firewall rules permit', () => {
      const c = stack(
        FULL,
        // Without the tiktoken download (fact sheet row 97), which would add port 443.
        { RAG_OPENAI_BASEURL: 'https://embeddings.corp.example.com:8443/v1', RAG_CHECK_EMBEDDING_CTX_LENGTH: 'false' },
        undefined,
        `${QUIET}  custom:\n    - name: M\n      baseURL: https://api.mistral.ai/v1\n`,
      );
      const internet = (name: string) =>
        np(c, name)
          .spec.egress.find((r: any) => r.to[0].ipBlock)
          .ports.map((p: any) => p.port);
      assert.deepEqual(internet('librechat-librechat'), [443]);
      assert.deepEqual(internet('librechat-rag-api'), [8443]);
    });

    it('starts from a default deny for the namespace, and every object validates', () => {
      const c = stack(FULL);
      assert.deepEqual(np(c, 'librechat-default-deny').spec, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
      for (const o of c.objects) assert.deepEqual(validateObject(o), []);
    });
  });

  describe('data stores outside the cluster', () => {
    it('turns MongoDB Atlas (mongodb+srv) into a group for the SRV hosts of its project', () => {
      const c = contain(QUIET, {
        MONGO_URI: 'mongodb+srv://user:hunter2@cluster0.abcde.mongodb.net/LibreChat?retryWrites=true',
      });
      assert.deepEqual(groupsOf(c)['data-mongodb'], ['*.abcde.mongodb.net:27017']);
      assert.ok(!edges(c).some((e) => e.includes('->mongodb')));
      assert.ok(c.policy.findings.some((f) => f.id === 'unused-workload:mongodb'));
      assert.ok(!JSON.stringify(c).includes('hunter2'));
    });

    it('allows a managed Redis over TLS and refuses a plain one', () => {
      assert.deepEqual(
        groupsOf(
          contain(QUIET, {
            USE_REDIS: 'true',
            REDIS_URI: 'rediss://default:pw@redis-12345.c1.eu-west-1.ec2.redns.redis-cloud.com:12345',
          }),
        )['data-redis'],
        ['redis-12345.c1.eu-west-1.ec2.redns.redis-cloud.com:12345'],
      );
      const plain = contain(QUIET, { USE_REDIS: 'true', REDIS_URI: 'redis://redis.example.com:6379' });
      assert.equal(groupsOf(plain)['data-redis'], undefined);
      // Deliberate change (issue 7 §3): a per-host error (was the warning non-http-destination:REDIS_URI).
      assert.ok(plain.blocking.some((f) => f.id === 'plaintext-internet:REDIS_URI:redis.example.com'));
    });

    it("allows a hosted Meilisearch by URL and Atlas as the RAG API's vector database", () => {
      assert.deepEqual(groupsOf(contain(QUIET, { MEILI_HOST: 'https://ms-1234.meilisearch.io' }))['data-meilisearch'], [
        'ms-1234.meilisearch.io:443',
      ]);
      const atlas = stack('librechat-rag-api:\n  enabled: true\n', {
        VECTOR_DB_TYPE: 'atlas-mongo',
        ATLAS_MONGO_DB_URI: 'mongodb+srv://u:p@vectors.xyz12.mongodb.net/rag',
      });
      assert.ok(!ids(atlas).includes('postgresql'));
      const g = atlas.policy.groups.find((x) => x.name === 'data-vector-db')!;
      assert.deepEqual([g.workload, g.destinations[0].host], ['rag-api', '*.xyz12.mongodb.net']);
    });

    // Deliberate change (issue 7 §1): a service name alone used to become a bare namespaceSelector
    // (every pod of the namespace); now only the pods the overlay names are selected.
    it("keeps an in-cluster data store that is not the chart's own as an in-cluster destination", () => {
      const env = { MONGO_URI: 'mongodb://mongo.databases.svc.cluster.local:27017/LibreChat' };
      const c = contain(QUIET, env);
      assert.ok(!edges(c).some((e) => e.includes('->mongodb')));
      assert.deepEqual(
        c.policy.internal.map((i) => `${i.host}:${i.port}`),
        ['mongo.databases.svc.cluster.local:27017'],
      );
      const egress = np(c, 'librechat-librechat').spec.egress;
      assert.ok(
        !egress.some((r: any) => r.to[0].namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] === 'databases'),
      );
      assert.ok(
        c.policy.findings.some(
          (f) => f.id === 'in-cluster-unselected:data-mongodb:mongo.databases.svc.cluster.local:27017',
        ),
      );
      const services = new Map([
        ['mongo', { name: 'mongo', source: c.policy.workloads[0].source, matchLabels: { app: 'mongo' } }],
      ]);
      const labelled = contain(QUIET, env, { overlay: { file: 'o.yaml', servers: new Map(), services } });
      assert.ok(
        np(labelled, 'librechat-librechat').spec.egress.some(
          (r: any) =>
            r.to[0].namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] === 'databases' &&
            r.to[0].podSelector?.matchLabels.app === 'mongo' &&
            r.ports[0].port === 27017,
        ),
      );
    });
  });

  describe('RAG API egress', () => {
    const rag = (env: Record<string, string>) => {
      const c = stack('librechat-rag-api:\n  enabled: true\n', env);
      return c.policy.groups
        .filter((g) => g.workload === 'rag-api')
        .flatMap((g) => g.destinations.map((d) => `${d.host}:${d.port}`))
        .sort();
    };
    it('follows EMBEDDINGS_PROVIDER and its variables', () => {
      // openai and azure also download the tiktoken encoding (fact sheet row 97), huggingface its
      // model files from the CDN (row 99): see rag-fidelity.spec.ts.
      const TIKTOKEN = 'openaipublic.blob.core.windows.net:443';
      assert.deepEqual(rag({}), ['api.openai.com:443', TIKTOKEN]);
      assert.deepEqual(rag({ RAG_OPENAI_BASEURL: 'https://oai-gw.corp.example.com/v1' }), [
        'oai-gw.corp.example.com:443',
        TIKTOKEN,
      ]);
      assert.deepEqual(
        rag({ EMBEDDINGS_PROVIDER: 'azure', RAG_AZURE_OPENAI_ENDPOINT: 'https://contoso.openai.azure.com' }),
        ['contoso.openai.azure.com:443', TIKTOKEN],
      );
      assert.deepEqual(rag({ EMBEDDINGS_PROVIDER: 'bedrock', AWS_DEFAULT_REGION: 'eu-west-1' }), [
        'bedrock-runtime.eu-west-1.amazonaws.com:443',
      ]);
      assert.deepEqual(rag({ EMBEDDINGS_PROVIDER: 'vertexai', GOOGLE_CLOUD_LOCATION: 'europe-west4' }), [
        'europe-west4-aiplatform.googleapis.com:443',
        'oauth2.googleapis.com:443',
      ]);
      assert.deepEqual(rag({ EMBEDDINGS_PROVIDER: 'huggingface' }), [
        'cas-bridge.xethub.hf.co:443',
        'cdn-lfs-eu-1.hf.co:443',
        'cdn-lfs-us-1.hf.co:443',
        'cdn-lfs.hf.co:443',
        'huggingface.co:443',
      ]);
      assert.deepEqual(rag({ EMBEDDINGS_PROVIDER: 'google_genai' }), ['generativelanguage.googleapis.com:443']);
      assert.deepEqual(rag({ EMBEDDINGS_PROVIDER: 'ollama' }), []);
    });
    it('fails closed on an Azure provider without its endpoint', () => {
      const c = stack('librechat-rag-api:\n  enabled: true\n', { EMBEDDINGS_PROVIDER: 'azure' });
      assert.ok(c.blocking.some((f) => f.id === 'unresolved-variable:AZURE_OPENAI_ENDPOINT'));
    });
  });

  describe('MCP server placement', () => {
    const SERVERS = `${QUIET}mcpServers:
  remote:
    type: streamable-http
    url: https://mcp.remote.example.com/mcp
  local:
    command: /usr/local/bin/notes-mcp
  docs:
    type: streamable-http
    url: http://docs-mcp.tools.svc.cluster.local:8000/mcp
`;
    const OVERLAY = `mcpServers:
  docs:
    matchLabels: { app.kubernetes.io/name: docs-mcp }
    egress: [api.github.com]
  local:
    egress: [notes.example.com]
  remote:
    egress: [auth.remote.example.com]
`;

    it('remote on the internet: a group of the LibreChat pod (plus overlay hosts such as its OAuth server)', () => {
      const c = stack('', {}, OVERLAY, SERVERS);
      assert.deepEqual(groupsOf(c)['mcp-remote'], ['auth.remote.example.com:443', 'mcp.remote.example.com:443']);
    });

    it("stdio: inside the LibreChat pod, so its overlay hosts join LibreChat's allow-list", () => {
      const c = stack('', {}, OVERLAY, SERVERS);
      const g = c.policy.groups.find((x) => x.name === 'mcp-local')!;
      assert.deepEqual([g.workload, g.destinations.map((d) => d.host)], ['librechat', ['notes.example.com']]);
    });

    it('in the cluster with an overlay: its own workload, namespace, edge and allow-list', () => {
      const c = stack('', {}, OVERLAY, SERVERS);
      const w = c.policy.workloads.find((x) => x.id === 'mcp-docs')!;
      assert.deepEqual(
        [w.namespace, w.matchLabels, w.ports],
        ['tools', { 'app.kubernetes.io/name': 'docs-mcp' }, [8000]],
      );
      assert.ok(edges(c).includes('librechat->mcp-docs:8000'));
      assert.deepEqual(firewallPolicy(c, 'mcp-docs').metadata.namespace, 'tools');
      assert.deepEqual(firewallPolicy(c, 'mcp-docs').spec.webGroups, [
        { name: 'downstream-docs', domains: ['api.github.com'] },
      ]);
      // Issue 7 §4: the stack owns only its namespace, so no NetworkPolicy is rendered into `tools`
      // (it would add to the policies of that namespace's owner); a warning says who must contain it.
      assert.equal(
        c.objects.some((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'tools'),
        false,
      );
      assert.ok(c.policy.findings.some((f) => f.id === 'namespace-not-owned:mcp-docs' && f.severity === 'warning'));
      const egress = np(c, 'librechat-librechat').spec.egress as any[];
      assert.ok(
        egress.some(
          (r) =>
            r.to[0].namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] === 'tools' &&
            r.to[0].podSelector?.matchLabels['app.kubernetes.io/name'] === 'docs-mcp',
        ),
      );
    });

    it('in the cluster without downstream hosts: deny-all and a finding, never allow-all', () => {
      const c = stack(
        '',
        {},
        'mcpServers:\n  docs:\n    matchLabels: { app: docs }\n',
        `${QUIET}mcpServers:\n  docs:\n    url: http://docs:8000/mcp\n`,
      );
      assert.deepEqual(
        firewallPolicy(c, 'mcp-docs').spec.rules.map((r: any) => r.name),
        ['deny-all'],
      );
      assert.ok(c.policy.findings.some((f) => f.id === 'mcp-downstream-unknown:docs'));
      assert.equal(firewallPolicy(c, 'mcp-docs').metadata.namespace, 'librechat');
    });

    it("in the cluster with a catalog package: the catalog's hosts", () => {
      const c = stack(
        '',
        {},
        'mcpServers:\n  gh:\n    matchLabels: { app: gh }\n    catalog: "@modelcontextprotocol/server-github"\n',
        `${QUIET}mcpServers:\n  gh:\n    url: http://github-mcp:3000/mcp\n`,
      );
      assert.deepEqual(firewallPolicy(c, 'mcp-gh').spec.webGroups[0].domains, ['api.github.com']);
    });

    it('fails check when the overlay and the config disagree', () => {
      const c = stack('', {}, 'mcpServers:\n  ghost:\n    egress: [x.example.com]\n', QUIET);
      assert.deepEqual(
        c.blocking.map((f) => f.id),
        ['overlay-mismatch:ghost'],
      );
    });

    it('rejects overlay mistakes with their position', () => {
      assert.throws(
        () => stack('', {}, 'mcpServers:\n  docs:\n    labels: { a: b }\n'),
        /librechat\.overlay\.yaml:3:5: unknown key "labels" in mcpServers\.docs/,
      );
    });
  });

  describe('image pulls', () => {
    it('lists the registries of the images the chart version and values use, with their download hosts', () => {
      const hosts = (values: string, derive = {}) =>
        buildContainment({
          configText: QUIET,
          configFile: 'l.yaml',
          env: buildEnvironment({}),
          chartValues: { text: values, file: 'v.yaml' },
          derive,
        }).policy.imagePulls.registries.map((r) => r.host);
      assert.deepEqual(
        hosts('mongodb:\n  enabled: false\nmeilisearch:\n  enabled: false\n'),
        ['registry-1.docker.io', 'auth.docker.io', 'production.cloudflare.docker.com', 'registry.librechat.ai'].sort(),
      );
      assert.ok(hosts(FULL).includes('pkg-containers.githubusercontent.com'));
      assert.ok(
        hosts(
          'image:\n  registry: registry.corp.example.com\nmongodb:\n  enabled: false\nmeilisearch:\n  enabled: false\n',
        ).includes('registry.corp.example.com'),
      );
      assert.ok(hosts('', { cloud: 'aks' }).includes('mcr.microsoft.com'));
      assert.ok(
        hosts('', { cloud: 'eks', region: 'eu-central-1' }).includes(
          'prod-eu-central-1-starport-layer-bucket.s3.eu-central-1.amazonaws.com',
        ),
      );
    });

    it('renders them as Terraform JSON: a k8s_node smart group, a web group, a logged permit and deny', () => {
      const tf: any = contain(QUIET).imagePulls;
      assert.deepEqual(tf.resource.aviatrix_smart_group.librechat_image_pulls_nodes.selector.match_expressions, [
        { type: 'k8s_node', k8s_cluster_id: '${var.k8s_cluster_id}' },
      ]);
      assert.ok(
        tf.resource.aviatrix_web_group.librechat_image_pulls_registries.selector.match_expressions.some(
          (m: any) => m.snifilter === 'registry.librechat.ai',
        ),
      );
      const rules = tf.resource.aviatrix_dcf_ruleset.librechat_image_pulls.rules;
      assert.deepEqual(
        rules.map((r: any) => `${r.action}:${r.protocol}:${r.logging}`),
        ['PERMIT:TCP:true', 'DENY:ANY:true'],
      );
      assert.deepEqual(rules[0].port_ranges, [{ lo: 443 }]);
    });

    it("warns about the Bitnami subcharts' own NetworkPolicies unless the values disable them", () => {
      assert.ok(contain(QUIET).policy.findings.some((f) => f.id === 'bitnami-networkpolicy:mongodb'));
      assert.ok(
        !stack('mongodb:\n  networkPolicy:\n    enabled: false\n').policy.findings.some(
          (f) => f.kind === 'bitnami-networkpolicy',
        ),
      );
    });
  });
});
