// --chart-manifests (issue 8 §2): the output of `helm template` says what really runs, better
// than any model of the chart's naming: names, selector labels, ports and images come from it,
// and a workload the config needs that it does not run is an error.
import { strict as assert } from 'node:assert';
import { buildEnvironment } from '../../lib/config/env';
import { buildContainment, type Containment } from '../../lib/pipeline';
import { QUIET } from '../support/core';

// What `helm template librechat helm/librechat --set fullnameOverride=librechat` renders
// (abridged): the chart's templates with Aviatrix's blueprint-like values.
const MANIFESTS = `---
apiVersion: v1
kind: Service
metadata:
  name: librechat
spec:
  selector:
    app.kubernetes.io/name: librechat
    app.kubernetes.io/instance: librechat
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: librechat
  labels:
    helm.sh/chart: librechat-2.0.8
    app.kubernetes.io/name: librechat
    app.kubernetes.io/instance: librechat
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: librechat
      app.kubernetes.io/instance: librechat
  template:
    metadata:
      labels:
        helm.sh/chart: librechat-2.0.8
        app.kubernetes.io/name: librechat
        app.kubernetes.io/instance: librechat
    spec:
      containers:
        - name: librechat
          image: registry.librechat.ai/danny-avila/librechat:v0.8.8-rc1
          ports:
            - name: http
              containerPort: 3080
---
apiVersion: v1
kind: Service
metadata:
  name: librechat-mongodb
spec:
  selector:
    app.kubernetes.io/name: mongodb
    app.kubernetes.io/instance: librechat
    app.kubernetes.io/component: mongodb
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: librechat-mongodb
  labels:
    helm.sh/chart: mongodb-16.5.45
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: mongodb
      app.kubernetes.io/instance: librechat
      app.kubernetes.io/component: mongodb
  template:
    metadata:
      labels:
        app.kubernetes.io/name: mongodb
        app.kubernetes.io/instance: librechat
        app.kubernetes.io/component: mongodb
    spec:
      containers:
        - name: mongodb
          image: docker.io/bitnamilegacy/mongodb:8.0.4-debian-12-r0
          ports:
            - containerPort: 27017
`;

function contain(manifests: string, values: string, env: Record<string, string> = {}): Containment {
  return buildContainment({
    configText: QUIET,
    configFile: 'librechat.yaml',
    env: buildEnvironment({ pairs: env }),
    chartValues: { text: values, file: 'values.yaml' },
    chartManifests: { text: manifests, file: 'manifests.yaml' },
  });
}

describe('--chart-manifests (issue 8 §2)', () => {
  it("takes the LibreChat pods' selector labels and Deployment name from the manifests (blueprint values: fullnameOverride)", () => {
    const c = contain(MANIFESTS, 'meilisearch:\n  enabled: false\n');
    const lc = c.policy.workloads.find((w) => w.id === 'librechat')!;
    assert.deepEqual(lc.matchLabels, {
      'app.kubernetes.io/instance': 'librechat',
      'app.kubernetes.io/name': 'librechat',
    });
    assert.equal(lc.deployment, 'librechat');
    assert.equal(lc.source.file, 'manifests.yaml');
    assert.ok(lc.source.line > 1);
  });

  it('runs exactly the chart workloads the manifests run (values enabling Meilisearch do not add it)', () => {
    const c = contain(MANIFESTS, 'meilisearch:\n  enabled: true\n');
    assert.deepEqual(
      c.policy.workloads.map((w) => w.id),
      ['librechat', 'mongodb'],
    );
    assert.ok(c.policy.edges.some((e) => e.from === 'librechat' && e.to === 'mongodb' && e.port === 27017));
  });

  it('a workload the config needs that the manifests do not run is the error chart-manifests-missing-workload', () => {
    const c = contain(MANIFESTS, '', {
      RAG_API_URL: 'http://librechat-librechat-rag-api.librechat.svc.cluster.local:8000',
    });
    assert.ok(
      c.blocking.some((f) => f.id === 'chart-manifests-missing-workload:rag-api'),
      c.blocking.map((f) => f.id).join(),
    );
    const noLibreChat = contain(MANIFESTS.split('---').slice(3).join('---'), '');
    assert.ok(noLibreChat.blocking.some((f) => f.id === 'chart-manifests-missing-workload:librechat'));
  });

  it('takes the image pulls from the images the manifests use', () => {
    const c = contain(MANIFESTS, '');
    const purposes = c.policy.imagePulls.registries.map((r) => `${r.host} ${r.purpose}`);
    assert.ok(purposes.includes('registry.librechat.ai registry.librechat.ai/danny-avila/librechat'));
    assert.ok(purposes.includes('registry-1.docker.io docker.io/bitnamilegacy/mongodb'));
    assert.ok(!purposes.some((p) => p.includes('meilisearch') || p.includes('busybox')));
  });

  it('a chart workload without selector labels is the error chart-manifests-unreadable', () => {
    const broken = MANIFESTS.replace(
      '  selector:\n    matchLabels:\n      app.kubernetes.io/name: librechat\n      app.kubernetes.io/instance: librechat\n  template',
      '  template',
    );
    assert.ok(contain(broken, '').blocking.some((f) => f.id === 'chart-manifests-unreadable:librechat'));
  });

  it('refuses manifests that are not YAML, with the position', () => {
    assert.throws(() => contain('kind: [', ''), /manifests\.yaml:1:\d+: not valid YAML/);
  });
});
