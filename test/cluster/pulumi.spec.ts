// `pulumi up` of the root program (Pulumi.yaml, stack stacks/Pulumi.kubeconfig.yaml) with the real
// engine, the real Kubernetes provider and a real API server, against LibreChat's Deployments as
// Helm created them (another field manager). Then a second `up` changes nothing, and `destroy`
// removes what the component created, keeps the CRDs (retainOnDelete) and leaves Helm's fields.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { renderAviatrixCrds } from '../../lib/render/cluster';
import type { KubeObject } from '../../lib/render/objects';
import { trustNames } from '../../lib/render/trust';
import { helmDeployments, TEST_CA_FILE, TEST_ROOTS_FILE } from './helm';
import { TestProject } from './project';
import {
  binariesMissing,
  ensureNamespaces,
  exists,
  freshCluster,
  getJson,
  kubectl,
  managersOf,
  ownersOfEnv,
  ownersOfImage,
  ROOT,
  run,
  serverSideApply,
} from './support';

const NAMESPACE = 'librechat';
const RELEASE = 'librechat';
const TOOLS = ['pulumi', 'pulumi-language-nodejs', 'pulumi-resource-kubernetes'];

/** What the component applies, as `render` writes it (the objects the stack must create). */
function rendered(): KubeObject[] {
  const r = run(
    process.execPath,
    [
      join(ROOT, 'dist', 'lib', 'cli', 'main.js'),
      'render',
      'examples/librechat.yaml',
      '--env-from',
      'examples/librechat.env',
      '--chart-values',
      'examples/librechat.values.yaml',
      '--format',
      'json',
    ],
    { cwd: ROOT },
  );
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const KIND_RESOURCE: Record<string, string> = {
  FirewallPolicy: 'firewallpolicies.networking.aviatrix.com',
  WebgroupPolicy: 'webgrouppolicies.networking.aviatrix.com',
  NetworkPolicy: 'networkpolicies.networking.k8s.io',
  ConfigMap: 'configmaps',
  ClusterRole: 'clusterroles.rbac.authorization.k8s.io',
  ClusterRoleBinding: 'clusterrolebindings.rbac.authorization.k8s.io',
  CustomResourceDefinition: 'customresourcedefinitions.apiextensions.k8s.io',
  Deployment: 'deployments.apps',
};

/** `objectNames` entries look like `<apiVersion>/<Kind>/<namespace>/<name>` or without namespace. */
function parseObjectId(id: string): { kind: string; namespace?: string; name: string } {
  const parts = id.split('/');
  const kindAt = parts.findIndex((p) => /^[A-Z]/.test(p));
  const rest = parts.slice(kindAt + 1);
  return rest.length === 2
    ? { kind: parts[kindAt]!, namespace: rest[0], name: rest[1]! }
    : { kind: parts[kindAt]!, name: rest[0]! };
}

/** `live` restricted to the keys `expected` has (recursively; arrays element by element). */
function withoutAbsent(live: any, expected: any): any {
  if (Array.isArray(expected) && Array.isArray(live)) return live.map((v, i) => withoutAbsent(v, expected[i]));
  if (expected && typeof expected === 'object' && live && typeof live === 'object' && !Array.isArray(live)) {
    return Object.fromEntries(
      Object.keys(live)
        .filter((k) => k in expected)
        .map((k) => [k, withoutAbsent(live[k], expected[k])]),
    );
  }
  return live;
}

describe('pulumi up of the root program on a real API server', function () {
  this.timeout(900000);
  const n = trustNames({ namespace: NAMESPACE, release: RELEASE });
  let project: TestProject | undefined;
  let objectNames: string[] = [];
  /** The CA ConfigMap's applied name: its base name and a hash of its content. */
  const caConfigMap = (): string => {
    const found = objectNames
      .map(parseObjectId)
      .filter((o) => o.kind === 'ConfigMap' && o.name.startsWith(`${n.configMap}-`));
    assert.equal(found.length, 1, JSON.stringify(objectNames));
    return found[0]!.name;
  };

  before(function () {
    const missing = binariesMissing(TOOLS);
    if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}: run test/cluster/build-tools.sh`);
    project = new TestProject({
      config: {
        tls: { caFile: TEST_CA_FILE, patchRagApi: true, publicRoots: 'pem', publicRootsFile: TEST_ROOTS_FILE },
      },
    });
  });

  after(() => {
    project?.dispose();
  });

  it("Helm's Deployments exist first, applied by the field manager `helm`", () => {
    freshCluster();
    ensureNamespaces([
      NAMESPACE,
      ...rendered()
        .map((o) => o.metadata.namespace!)
        .filter(Boolean),
    ]);
    const r = serverSideApply(helmDeployments(RELEASE, NAMESPACE), 'helm', ['--force-conflicts']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(exists('deployment', n.deployment, NAMESPACE));
    assert.ok(exists('deployment', n.ragDeployment, NAMESPACE));
  });

  it('pulumi up from an empty stack succeeds (timed)', () => {
    const t0 = Date.now();
    const r = project!.must(['up', '--yes', '--skip-preview', '--diff']);
    const seconds = ((Date.now() - t0) / 1000).toFixed(1);
    console.log(`      pulumi up of the example from an empty stack: ${seconds} s`);
    assert.doesNotMatch(r.stdout, /error:/);
    objectNames = project!.outputs().objectNames as string[];
    assert.ok(objectNames.length > 10, JSON.stringify(objectNames));
  });

  it('the server holds every object the component created (objectNames)', () => {
    const missing: string[] = [];
    for (const id of objectNames) {
      const o = parseObjectId(id);
      const resource = KIND_RESOURCE[o.kind];
      assert.ok(resource, `unknown kind in ${id}`);
      if (!exists(resource, o.name, o.namespace)) missing.push(id);
    }
    assert.deepEqual(missing, []);
    // Every policy `render` writes is there with the spec `render` writes (the server may add its
    // defaults, such as a NetworkPolicy port's protocol: TCP).
    for (const o of rendered()) {
      const live = getJson(['get', KIND_RESOURCE[o.kind]!, o.metadata.name, '-n', o.metadata.namespace!]);
      assert.deepEqual(
        withoutAbsent(live.spec, o.spec),
        o.spec,
        `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`,
      );
    }
    // The CRDs (current generation), the controller RBAC and the CA ConfigMap.
    for (const crd of renderAviatrixCrds('chart-10.1')) assert.ok(exists('crd', crd.metadata.name), crd.metadata.name);
    assert.ok(exists('configmap', caConfigMap(), NAMESPACE));
    assert.ok(
      objectNames.some((id) => id.startsWith('ClusterRole/')),
      'the controller ClusterRole',
    );
  });

  it("the Deployment patches: the mount and NODE_EXTRA_CA_CERTS owned by the component, Helm's fields untouched", () => {
    const d = getJson(['get', 'deployment', n.deployment, '-n', NAMESPACE, '--show-managed-fields']);
    const c = d.spec.template.spec.containers.find((x: any) => x.name === n.container);
    const extra = c.env.find((e: any) => e.name === 'NODE_EXTRA_CA_CERTS');
    assert.ok(extra, JSON.stringify(c.env));
    assert.ok(
      c.volumeMounts.some((m: any) => m.mountPath === n.mountPath),
      JSON.stringify(c.volumeMounts),
    );
    assert.ok(d.spec.template.spec.volumes.some((v: any) => v.configMap?.name === caConfigMap()));
    const owners = ownersOfEnv(d, n.container, 'NODE_EXTRA_CA_CERTS');
    assert.equal(owners.length, 1, JSON.stringify(managersOf(d).map((m) => m.manager)));
    assert.notEqual(owners[0], 'helm');
    assert.deepEqual(ownersOfImage(d, n.container), ['helm']);
    assert.equal(c.image, helmDeployments(RELEASE, NAMESPACE)[0]!.spec.template.spec.containers[0].image);
    const rag = getJson(['get', 'deployment', n.ragDeployment, '-n', NAMESPACE]);
    const rc = rag.spec.template.spec.containers.find((x: any) => x.name === n.ragContainer);
    assert.ok(
      rc.env.some((e: any) => e.name === 'SSL_CERT_FILE' || e.name === 'REQUESTS_CA_BUNDLE'),
      JSON.stringify(rc.env),
    );
  });

  it('a second pulumi up changes nothing (--expect-no-changes)', () => {
    project!.must(['up', '--yes', '--skip-preview', '--expect-no-changes', '--diff']);
  });

  it("pulumi destroy removes what the component created, keeps the CRDs, leaves Helm's Deployment fields", () => {
    project!.must(['destroy', '--yes', '--skip-preview']);
    const left: string[] = [];
    for (const id of objectNames) {
      const o = parseObjectId(id);
      if (o.kind === 'CustomResourceDefinition' || o.kind === 'Deployment') continue;
      if (exists(KIND_RESOURCE[o.kind]!, o.name, o.namespace)) left.push(id);
    }
    assert.deepEqual(left, []);
    for (const crd of renderAviatrixCrds('chart-10.1'))
      assert.ok(exists('crd', crd.metadata.name), `${crd.metadata.name} is retained`);
    const d = getJson(['get', 'deployment', n.deployment, '-n', NAMESPACE, '--show-managed-fields']);
    const c = d.spec.template.spec.containers.find((x: any) => x.name === n.container);
    assert.equal(c.image, helmDeployments(RELEASE, NAMESPACE)[0]!.spec.template.spec.containers[0].image);
    assert.deepEqual(ownersOfImage(d, n.container), ['helm']);
    assert.ok(!(c.env ?? []).some((e: any) => e.name === 'NODE_EXTRA_CA_CERTS'), 'the patch is gone');
    assert.ok(!(c.volumeMounts ?? []).some((m: any) => m.mountPath === n.mountPath), 'the mount is gone');
    assert.deepEqual(
      managersOf(d)
        .filter((m) => m.manager !== 'helm' && m.operation === 'Apply')
        .map((m) => m.manager),
      [],
    );
    kubectl(['get', 'deployment', n.ragDeployment, '-n', NAMESPACE]);
  });
});
