// The chart as it really is (issue 8 §2): names and selector labels derived the way each chart's
// _helpers.tpl derives them (helm/librechat/templates/_helpers.tpl `librechat.fullname`,
// `librechat.selectorLabels`, `rag.selectorLabels`, `librechat.langfuseFanout.*`; Bitnami
// common `common.names.fullname`/`common.names.name`; meilisearch `meilisearch.fullname`), chart
// 2.0.8 images and the Langfuse fan-out collector (fact sheet row 84).
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { buildEnvironment } from '../../lib/config/env';
import { buildContainment, type Containment } from '../../lib/pipeline';
import { chartNames, DEFAULT_CHART_VERSION, helmTrunc, standardFullname } from '../../lib/catalog/chart';
import { QUIET, groupsOf } from '../support/core';

function stack(values: string, derive: Record<string, unknown> = {}, env: Record<string, string> = {}): Containment {
  return buildContainment({
    configText: QUIET,
    configFile: 'librechat.yaml',
    env: buildEnvironment({ pairs: env }),
    chartValues: { text: values, file: 'values.yaml' },
    derive,
  });
}
const labelsOf = (c: Containment, id: string) => c.policy.workloads.find((w) => w.id === id)?.matchLabels;
const np = (c: Containment, id: string): any =>
  c.objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.labels?.['librechat-containment/workload'] === id);

// Like Aviatrix's LibreChat blueprint: the release is `librechat`, fullnameOverride names the app.
const BLUEPRINT = `fullnameOverride: librechat
librechat-rag-api:
  enabled: true
mongodb:
  enabled: true
meilisearch:
  enabled: true
`;

describe('chart names and labels (issue 8 §2)', () => {
  it('defaults to chart 2.0.8', () => assert.equal(DEFAULT_CHART_VERSION, '2.0.8'));

  it('fullnameOverride (Aviatrix blueprint values): the LibreChat pods are selected by app.kubernetes.io/name=<override>, not <release>-librechat', () => {
    const c = stack(BLUEPRINT);
    assert.deepEqual(labelsOf(c, 'librechat'), {
      'app.kubernetes.io/instance': 'librechat',
      'app.kubernetes.io/name': 'librechat',
    });
    assert.equal(c.policy.workloads.find((w) => w.id === 'librechat')?.deployment, 'librechat');
    assert.deepEqual(np(c, 'librechat').spec.podSelector.matchLabels, {
      'app.kubernetes.io/instance': 'librechat',
      'app.kubernetes.io/name': 'librechat',
    });
    // The parent's fullnameOverride does not reach the subcharts: the RAG API keeps its own name.
    assert.equal(labelsOf(c, 'rag-api')?.['app.kubernetes.io/name'], 'librechat-librechat-rag-api-rag');
  });

  it('nameOverride: <release>-<nameOverride>, truncated at 63 with one trailing "-" trimmed', () => {
    assert.equal(chartNames({ nameOverride: 'chat' }, 'prod').librechat.name, 'prod-chat');
    const long = 'a'.repeat(62) + '-x';
    assert.equal(chartNames({ fullnameOverride: long }, 'r').librechat.name, 'a'.repeat(62));
    assert.equal(helmTrunc('ab--'), 'ab-');
  });

  it('librechat.fullname has no "contains" rule: release librechat gives librechat-librechat', () => {
    assert.equal(chartNames({}, 'librechat').librechat.name, 'librechat-librechat');
    assert.equal(chartNames({}, 'my-librechat').librechat.name, 'my-librechat-librechat');
  });

  it('the Bitnami and meilisearch fullname uses the release alone when it contains the chart name', () => {
    const n = chartNames({}, 'meilisearch-prod');
    assert.equal(n.meilisearch.serviceHost, 'meilisearch-prod');
    assert.equal(chartNames({}, 'mongodb-x').mongodb.serviceHost, 'mongodb-x');
    assert.equal(chartNames({}, 'chat').redis.serviceHost, 'chat-redis-master');
  });

  it("subchart overrides: mongodb/meilisearch/redis nameOverride change the pods' name label and the service", () => {
    const c = stack(`mongodb:
  nameOverride: mdb
meilisearch:
  fullnameOverride: search
  nameOverride: ms
redis:
  enabled: true
  fullnameOverride: cache
librechat-rag-api:
  enabled: true
  fullnameOverride: rag
`);
    assert.equal(labelsOf(c, 'mongodb')?.['app.kubernetes.io/name'], 'mdb');
    assert.equal(labelsOf(c, 'meilisearch')?.['app.kubernetes.io/name'], 'ms');
    assert.equal(labelsOf(c, 'redis')?.['app.kubernetes.io/name'], 'redis');
    assert.equal(labelsOf(c, 'rag-api')?.['app.kubernetes.io/name'], 'rag-rag');
    const n = chartNames(
      {
        mongodb: { nameOverride: 'mdb' },
        meilisearch: { fullnameOverride: 'search' },
        redis: { fullnameOverride: 'cache' },
      },
      'librechat',
    );
    assert.equal(n.mongodb.serviceHost, 'librechat-mdb');
    assert.equal(n.meilisearch.serviceHost, 'search');
    assert.equal(n.redis.serviceHost, 'cache-master');
  });

  it("LibreChat's env pointing at the overridden subchart services is recognised as the chart's own (an edge, no finding)", () => {
    const c = stack(
      'meilisearch:\n  fullnameOverride: search\n',
      {},
      {
        MEILI_HOST: 'http://search.librechat.svc.cluster.local:7700',
      },
    );
    assert.ok(c.policy.edges.some((e) => e.from === 'librechat' && e.to === 'meilisearch'));
    assert.ok(!c.policy.internal.some((i) => i.host.startsWith('search')));
  });

  it("postgresql name overrides break the RAG API chart's fixed DB_HOST (<release>-postgresql): a warning", () => {
    const c = stack('librechat-rag-api:\n  enabled: true\n  postgresql:\n    fullnameOverride: pg\n');
    assert.ok(c.policy.findings.some((f) => f.id === 'chart-name-mismatch:postgresql'));
  });

  it('property: a derived fullname is at most 63 characters, and the release alone when it contains the chart name', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,50}[a-z0-9])?$/),
        fc.option(fc.stringMatching(/^[a-z0-9][-a-z0-9]{0,80}$/), { nil: undefined }),
        (release, override) => {
          const name = standardFullname(override ? { nameOverride: override } : {}, release, 'mongodb');
          const chart = override ?? 'mongodb';
          return name.length <= 63 && (!release.includes(chart) || name === helmTrunc(release));
        },
      ),
    );
  });

  it("refuses names that make one workload's selector select another's pods (NetworkPolicies add up)", () => {
    // An input error, not an acceptable finding: accepting it would widen the policy (issue 7 §4).
    assert.throws(
      () => stack('fullnameOverride: mongodb\n'),
      /selects the pods of MongoDB|is selected by the selector/,
    );
    assert.doesNotThrow(() => stack(BLUEPRINT));
  });

  describe('chart 2.0.8 images', () => {
    it('MongoDB comes from docker.io/bitnamilegacy/mongodb since 2.0.4 (2.0.8 default)', () => {
      const c = stack('mongodb:\n  enabled: true\n');
      assert.ok(c.policy.imagePulls.registries.some((r) => r.purpose.includes('docker.io/bitnamilegacy/mongodb')));
      for (const v of ['2.0.6', '2.0.7', '2.0.8']) {
        const cv = stack('mongodb:\n  enabled: true\n', { chartVersion: v });
        assert.ok(
          cv.policy.imagePulls.registries.some((r) => r.purpose.includes('bitnamilegacy/mongodb')),
          v,
        );
      }
    });
  });

  describe('row 84: the Langfuse fan-out collector', () => {
    it('is not a workload unless langfuseFanout.enabled', () => {
      assert.ok(!stack('{}').policy.workloads.some((w) => w.id === 'langfuse-fanout'));
    });

    it('row 84: edge LibreChat → collector:4318; collector → cloud.langfuse.com and the tenant destinations only', () => {
      const c = stack(`langfuseFanout:
  enabled: true
  tenant:
    destinations:
      acme:
        baseUrl: https://langfuse.acme-corp.com
      hipaa: null
`);
      const w = c.policy.workloads.find((x) => x.id === 'langfuse-fanout')!;
      assert.deepEqual(w.matchLabels, {
        'app.kubernetes.io/instance': 'librechat',
        'app.kubernetes.io/name': 'librechat-librechat-langfuse-fanout',
      });
      assert.ok(c.policy.edges.some((e) => e.from === 'librechat' && e.to === 'langfuse-fanout' && e.port === 4318));
      const g = groupsOf(c);
      assert.deepEqual(g['telemetry-langfuse-fanout'], [
        'cloud.langfuse.com:443',
        'jp.cloud.langfuse.com:443',
        'langfuse.acme-corp.com:443',
        'us.cloud.langfuse.com:443',
      ]);
      assert.equal(c.policy.groups.find((x) => x.name === 'telemetry-langfuse-fanout')?.workload, 'langfuse-fanout');
      // Ingress to the collector only from LibreChat.
      const ingress = np(c, 'langfuse-fanout').spec.ingress;
      assert.equal(ingress.length, 1);
      assert.deepEqual(ingress[0].ports, [{ protocol: 'TCP', port: 4318 }]);
    });

    it('row 84: the gateway keeps its state in the bundled Redis (librechat.bundledRedisURI) unless langfuseFanout.redis.uri names another', () => {
      const bundled = stack('redis:\n  enabled: true\nlangfuseFanout:\n  enabled: true\n');
      assert.ok(bundled.policy.edges.some((e) => e.from === 'langfuse-fanout' && e.to === 'redis' && e.port === 6379));
      const unusedByLibreChat = stack(
        'redis:\n  enabled: true\nlangfuseFanout:\n  enabled: true\n',
        {},
        { USE_REDIS: 'false' },
      );
      assert.ok(!unusedByLibreChat.policy.findings.some((f) => f.id === 'unused-workload:redis'));
      const own = stack('langfuseFanout:\n  enabled: true\n  redis:\n    uri: rediss://cache.corp-example.com:6380\n');
      assert.deepEqual(groupsOf(own)['data-fanout-redis'], ['cache.corp-example.com:6380']);
      assert.ok(!own.policy.edges.some((e) => e.from === 'langfuse-fanout'));
    });

    it("row 84: the pod's two images (gateway and otelcol) are pulled; a registry in the repository value is honoured", () => {
      const c = stack(
        'langfuseFanout:\n  enabled: true\n  otelCollector:\n    image:\n      repository: mirror.corp-example.com/otel/opentelemetry-collector-contrib\n',
      );
      const purposes = c.policy.imagePulls.registries.map((r) => `${r.host} ${r.purpose}`);
      assert.ok(purposes.some((p) => p.includes('registry.librechat.ai/danny-avila/librechat-langfuse-fanout')));
      assert.ok(
        purposes.includes('mirror.corp-example.com mirror.corp-example.com/otel/opentelemetry-collector-contrib'),
        purposes.join('\n'),
      );
    });

    it('follows fullnameOverride: <fullname>-langfuse-fanout', () => {
      const c = stack('fullnameOverride: chat\nlangfuseFanout:\n  enabled: true\n');
      assert.equal(labelsOf(c, 'langfuse-fanout')?.['app.kubernetes.io/name'], 'chat-langfuse-fanout');
    });
  });
});
