// The CA patches of LibreChat's Deployments with the real engine and provider on a real API server
// (issue 10): a second `up` and a `refresh` change nothing whatever the chart sets on the patched
// containers, the component's field manager never takes Helm's entries, a Deployment recreated by
// `helm upgrade --force` is patched again by the next `up` (with or without --refresh), a new CA
// or mount path is applied without a conflict, and a patch target that does not exist is an error
// before anything is applied.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { patchFieldManager } from '../../lib/component/children';
import { trustNames } from '../../lib/render/trust';
import { helmDeployments, TEST_CA_FILE, TEST_ROOTS_FILE } from './helm';
import { TestProject } from './project';
import {
  STACK_NAMESPACE,
  STACK_RELEASE,
  exists,
  freshCluster,
  getJson,
  kubectl,
  LOCAL_SERVER,
  managersOf,
  requireEngine,
  serverSideApply,
} from './support';

const NAMESPACE = STACK_NAMESPACE;
const RELEASE = STACK_RELEASE;
const n = trustNames({ namespace: NAMESPACE, release: RELEASE });
/** The component's field manager of LibreChat's patch (the root program's component is `librechat`). */
const MANAGER = patchFieldManager('librechat', 'librechat-ca-patch');

function liveDeployment(name = n.deployment): any {
  return getJson(['get', 'deployment', name, '-n', NAMESPACE, '--show-managed-fields']);
}

function containerOf(d: any, name = n.container): any {
  return d.spec.template.spec.containers.find((x: any) => x.name === name);
}

function envNames(d: any): string[] {
  return (containerOf(d).env ?? []).map((e: any) => e.name).sort();
}

/** The fields the component's manager owns, as the server's managedFields say (JSON text). */
function ownedByComponent(d: any): string {
  return JSON.stringify(managersOf(d).filter((m) => m.manager === MANAGER));
}

/** Helm's own entries are not the component's: it owns only its env, mount, volume and annotations. */
function assertOwnsOnlyItsFields(d: any): void {
  const owned = ownedByComponent(d);
  assert.ok(owned.includes('NODE_EXTRA_CA_CERTS'), `the component owns its env: ${owned}`);
  for (const helms of ['HELM_OWNED', 'config-yaml', '/app/librechat.yaml', 'images', 'f:image'])
    assert.ok(!owned.includes(helms), `the component's field manager took Helm's ${helms}: ${owned}`);
  const others = managersOf(d)
    .filter((m) => m.manager !== 'helm' && m.manager !== MANAGER && m.operation === 'Apply')
    .map((m) => m.manager);
  assert.deepEqual(others, [], 'one field manager of the component per Deployment');
}

/** `helm upgrade --force`: the Deployment deleted and created again from the chart, without the patch. */
function recreateLibreChat(): void {
  kubectl(['delete', 'deployment', n.deployment, '-n', NAMESPACE, '--wait=true']);
  const chart = helmDeployments(RELEASE, NAMESPACE, { env: true, volumes: true }).slice(0, 1);
  assert.equal(serverSideApply(chart, 'helm').status, 0);
  assert.deepEqual(envNames(liveDeployment()), ['HELM_OWNED']);
}

/**
 * A stack of the root program on Helm's Deployments (with env, mounts and volumes of their own):
 * `body` runs with the project, which is destroyed afterwards whatever happens.
 */
function onHelmDeployments(config: Record<string, unknown>, body: (project: TestProject) => void): void {
  freshCluster();
  const chart = helmDeployments(RELEASE, NAMESPACE, { env: true, volumes: true });
  assert.equal(serverSideApply(chart, 'helm', ['--force-conflicts']).status, 0);
  const project = new TestProject({ config });
  try {
    body(project);
  } finally {
    project.pulumi(['destroy', '--yes', '--skip-preview', '--stack', project.stack]);
    project.dispose();
  }
}

describe('the CA patches on a real API server', function () {
  this.timeout(900000);

  before(requireEngine);

  it("a second up and a refresh change nothing when Helm sets env, mounts and volumes of its own, and the component's manager never owns them", () => {
    onHelmDeployments(
      {
        tls: { caFile: TEST_CA_FILE, patchRagApi: true, publicRoots: 'pem', publicRootsFile: TEST_ROOTS_FILE },
      },
      (project) => {
        project.must(['up', '--yes', '--skip-preview']);
        const r = project.pulumi(['preview', '--expect-no-changes', '--diff', '--stack', project.stack]);
        assert.equal(r.status, 0, `changes proposed:\n${r.stdout}`);
        project.must(['up', '--yes', '--skip-preview', '--expect-no-changes']);
        // A refresh replaces the patches' inputs with the live Deployments pruned to their shape, that
        // is with Helm's first entries: nothing must be applied from them.
        project.must(['refresh', '--yes', '--skip-preview']);
        project.must(['up', '--yes', '--skip-preview', '--expect-no-changes']);
        project.must(['up', '--yes', '--skip-preview', '--expect-no-changes', '--refresh']);
        const d = liveDeployment();
        assert.deepEqual(envNames(d), ['HELM_OWNED', 'NODE_EXTRA_CA_CERTS']);
        assertOwnsOnlyItsFields(d);
      },
    );
    const after = liveDeployment();
    assert.deepEqual(envNames(after), ['HELM_OWNED'], "destroy leaves Helm's env");
    assert.deepEqual(
      containerOf(after)
        .volumeMounts.map((m: any) => m.name)
        .sort(),
      ['config-yaml', 'images'],
      "destroy leaves Helm's mounts",
    );
    assert.deepEqual(
      after.spec.template.spec.volumes.map((v: any) => v.name).sort(),
      ['config-yaml', 'images'],
      "destroy leaves Helm's volumes",
    );
    assert.equal(ownedByComponent(after), '[]', 'destroy relinquishes every field of the component');
  });

  it('a Deployment recreated by helm upgrade --force is patched again by the next up, with or without --refresh', () => {
    onHelmDeployments({ tls: { caFile: TEST_CA_FILE } }, (project) => {
      project.must(['up', '--yes', '--skip-preview']);
      assert.deepEqual(envNames(liveDeployment()), ['HELM_OWNED', 'NODE_EXTRA_CA_CERTS']);
      // The component reads the Deployment on every run: a new uid is a new version of the patch.
      recreateLibreChat();
      project.must(['up', '--yes', '--skip-preview']);
      assert.deepEqual(envNames(liveDeployment()), ['HELM_OWNED', 'NODE_EXTRA_CA_CERTS'], 'up restores the patch');
      assertOwnsOnlyItsFields(liveDeployment());
      project.must(['preview', '--expect-no-changes']);
      recreateLibreChat();
      project.must(['up', '--yes', '--skip-preview', '--refresh']);
      const d = liveDeployment();
      assert.deepEqual(envNames(d), ['HELM_OWNED', 'NODE_EXTRA_CA_CERTS'], 'up --refresh restores the patch');
      assertOwnsOnlyItsFields(d);
      project.must(['preview', '--expect-no-changes']);
    });
    assert.deepEqual(envNames(liveDeployment()), ['HELM_OWNED']);
  });

  it('a new CA and a new mount path on a running stack: applied without a conflict, the old ConfigMap and mount gone', () => {
    const caVolume = (d: any) =>
      d.spec.template.spec.volumes.find((v: any) => v.configMap?.name?.startsWith(n.configMap));
    const caFingerprint = (d: any) => d.spec.template.metadata.annotations?.['librechat-containment/ca-sha256'];
    onHelmDeployments({ tls: { caFile: TEST_CA_FILE } }, (project) => {
      project.must(['up', '--yes', '--skip-preview']);
      const first = liveDeployment();
      const firstConfigMap: string = caVolume(first).configMap.name;
      // TEST_ROOTS_FILE is a second test CA: a rotation.
      project.setConfig({ tls: { caFile: TEST_ROOTS_FILE } });
      project.must(['up', '--yes', '--skip-preview']);
      const rotated = liveDeployment();
      const rotatedConfigMap: string = caVolume(rotated).configMap.name;
      assert.notEqual(rotatedConfigMap, firstConfigMap, 'the volume points at the new ConfigMap');
      assert.notEqual(caFingerprint(rotated), caFingerprint(first), "the pods' template changes: they roll");
      assert.ok(exists('configmap', rotatedConfigMap, NAMESPACE));
      assert.ok(!exists('configmap', firstConfigMap, NAMESPACE), 'the old ConfigMap is deleted');
      assertOwnsOnlyItsFields(rotated);
      project.must(['preview', '--expect-no-changes']);
      // A new mount path: the old mount (keyed by its path) goes, the variable follows.
      project.setConfig({ tls: { caFile: TEST_ROOTS_FILE, mountPath: '/etc/company-ca' } });
      project.must(['up', '--yes', '--skip-preview']);
      const moved = liveDeployment();
      const mounts = containerOf(moved).volumeMounts.map((m: any) => m.mountPath);
      assert.ok(mounts.includes('/etc/company-ca'), JSON.stringify(mounts));
      assert.ok(!mounts.includes(n.mountPath), `the old mount is gone: ${JSON.stringify(mounts)}`);
      const extra = containerOf(moved).env.find((e: any) => e.name === 'NODE_EXTRA_CA_CERTS');
      assert.match(extra.value, /^\/etc\/company-ca\//);
      assertOwnsOnlyItsFields(moved);
      project.must(['preview', '--expect-no-changes']);
    });
    assert.deepEqual(envNames(liveDeployment()), ['HELM_OWNED']);
  });

  it('the -fields owner replaced (up --replace) and the cluster endpoint renamed: the patch, the CA ConfigMap and the policies stay', function () {
    const policies = () =>
      kubectl(['get', 'firewallpolicies.networking.aviatrix.com', '-A', '-o', 'name']).stdout.trim().split('\n').sort();
    onHelmDeployments({ tls: { caFile: TEST_CA_FILE } }, (project) => {
      project.must(['up', '--yes', '--skip-preview']);
      const before = policies();
      assert.ok(before.length >= 4, before.join());
      // The owner relinquishes the shared field manager's fields when it is deleted: replaced, it
      // must go first and the current version be applied again after it.
      const state = JSON.parse(project.must(['stack', 'export']).stdout);
      const owner = state.deployment.resources.find((r: any) =>
        r.urn.endsWith('::librechat-librechat-ca-patch-fields'),
      );
      assert.ok(owner, 'the -fields owner is in the state');
      project.must(['up', '--yes', '--skip-preview', '--replace', owner.urn]);
      assert.deepEqual(
        envNames(liveDeployment()),
        ['HELM_OWNED', 'NODE_EXTRA_CA_CERTS'],
        'a replaced owner keeps the patch',
      );
      assertOwnsOnlyItsFields(liveDeployment());
      project.must(['preview', '--expect-no-changes']);
      if (LOCAL_SERVER) {
        // The same server by another name (its certificate names both): with the cluster's id as the
        // provider's clusterIdentifier the provider is updated, not replaced, and no child is.
        const kubeconfig = readFileSync(project.kubeconfigPath, 'utf8');
        assert.match(kubeconfig, /127\.0\.0\.1/);
        writeFileSync(project.kubeconfigPath, kubeconfig.replace(/127\.0\.0\.1/g, 'localhost'));
        const r = project.must(['up', '--yes', '--skip-preview']);
        assert.doesNotMatch(r.stdout, /replaced|deleted/, r.stdout);
        assert.deepEqual(envNames(liveDeployment()), ['HELM_OWNED', 'NODE_EXTRA_CA_CERTS']);
        const volume = liveDeployment().spec.template.spec.volumes.find(
          (v: any) => v.name === 'librechat-containment-ca',
        );
        assert.ok(exists('configmap', volume.configMap.name, NAMESPACE), 'the CA ConfigMap the volume names is there');
        assert.deepEqual(policies(), before, 'every FirewallPolicy is still there');
        project.must(['preview', '--expect-no-changes']);
      }
    });
    assert.deepEqual(envNames(liveDeployment()), ['HELM_OWNED']);
  });

  it("patchLibreChat turned off on a running stack: the component's env, mount and volume go, Helm's stay; on again, they are back", () => {
    onHelmDeployments({ tls: { caFile: TEST_CA_FILE } }, (project) => {
      project.must(['up', '--yes', '--skip-preview']);
      assert.deepEqual(envNames(liveDeployment()), ['HELM_OWNED', 'NODE_EXTRA_CA_CERTS']);
      project.setConfig({ tls: { caFile: TEST_CA_FILE, patchLibreChat: false } });
      project.must(['up', '--yes', '--skip-preview']);
      const d = liveDeployment();
      assert.deepEqual(envNames(d), ['HELM_OWNED']);
      assert.deepEqual(
        containerOf(d)
          .volumeMounts.map((m: any) => m.name)
          .sort(),
        ['config-yaml', 'images'],
      );
      assert.deepEqual(d.spec.template.spec.volumes.map((v: any) => v.name).sort(), ['config-yaml', 'images']);
      assert.equal(ownedByComponent(d), '[]', "the component's field manager owns nothing any more");
      project.must(['preview', '--expect-no-changes']);
      // On again (the README's way to apply a patch whose fields were removed by hand).
      project.setConfig({ tls: { caFile: TEST_CA_FILE } });
      project.must(['up', '--yes', '--skip-preview']);
      assert.deepEqual(envNames(liveDeployment()), ['HELM_OWNED', 'NODE_EXTRA_CA_CERTS']);
      assertOwnsOnlyItsFields(liveDeployment());
    });
  });

  it('a patch target that does not exist is an error before anything is applied (patchRagApi, no RAG API Deployment)', () => {
    freshCluster();
    // Only LibreChat's Deployment: the RAG API is not installed, but tls.patchRagApi is on.
    assert.equal(
      serverSideApply(helmDeployments(RELEASE, NAMESPACE).slice(0, 1), 'helm', ['--force-conflicts']).status,
      0,
    );
    const project = new TestProject({
      config: {
        tls: { caFile: TEST_CA_FILE, patchRagApi: true, publicRoots: 'pem', publicRootsFile: TEST_ROOTS_FILE },
      },
    });
    try {
      for (const command of [['preview'], ['up', '--yes', '--skip-preview']]) {
        const r = project.pulumi([...command, '--stack', project.stack]);
        const out = `${r.stdout}\n${r.stderr}`;
        assert.notEqual(r.status, 0, `pulumi ${command[0]} succeeded with a patch of a missing Deployment`);
        assert.match(out, new RegExp(`resource '${NAMESPACE}/${n.ragDeployment}' does not exist`));
        assert.match(out, /rag-api-ca-patch-target/, 'the failing read names the patch it is for');
      }
      assert.ok(!exists('deployment', n.ragDeployment, NAMESPACE), 'a partial RAG API Deployment was created');
      assert.ok(!exists('configmap', n.configMap, NAMESPACE), 'the CA ConfigMap was applied before the error');
      assert.equal(
        kubectl(['get', 'firewallpolicies.networking.aviatrix.com', '-A', '-o', 'name']).stdout.trim(),
        '',
        'policies were applied before the error',
      );
    } finally {
      project.pulumi(['destroy', '--yes', '--skip-preview', '--stack', project.stack]);
      project.dispose();
    }
  });
});
