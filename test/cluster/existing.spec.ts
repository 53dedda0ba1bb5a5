// Objects that exist before the component, with the real engine and provider on a real API
// server: the CRDs and RBAC the k8s-firewall chart installed (another field manager), the choice
// existingCrds / existingRbac (issue 10), and the order of the NetworkPolicies when an allow fails.
import * as assert from 'node:assert/strict';
import { renderAviatrixCrds, renderControllerRbac } from '../../lib/render/cluster';
import { helmDeployments, TEST_CA_FILE } from './helm';
import { TestProject } from './project';
import {
  STACK_NAMESPACE,
  STACK_RELEASE,
  exists,
  freshCluster,
  getJson,
  kubectl,
  requireEngine,
  serverSideApply,
  waitEstablished,
} from './support';

const NAMESPACE = STACK_NAMESPACE;
const RELEASE = STACK_RELEASE;

/**
 * The objects as the k8s-firewall chart installs them: field manager `helm`, Helm's release
 * annotations, no labels of the component's.
 */
function asHelm(objects: Record<string, any>[]): Record<string, any>[] {
  return objects.map((o) => ({
    ...o,
    metadata: {
      name: o.metadata.name,
      annotations: { 'meta.helm.sh/release-name': 'k8s-firewall', 'meta.helm.sh/release-namespace': 'kube-system' },
    },
  }));
}

function managers(kind: string, name: string): string[] {
  const o = getJson(['get', kind, name, '--show-managed-fields']);
  return (o.metadata.managedFields ?? []).map((m: any) => m.manager);
}

function noAviatrixObjects(): void {
  assert.equal(
    kubectl(['get', 'firewallpolicies.networking.aviatrix.com', '-A', '-o', 'name']).stdout.trim(),
    '',
    'no FirewallPolicy was applied',
  );
}

describe('objects that exist before the component (real engine and API server)', function () {
  this.timeout(900000);

  before(requireEngine);

  afterEach(() => {
    // Leave no chart-installed RBAC behind for the other suites (the CRDs stay, as retained ones).
    kubectl(['delete', 'clusterrolebinding,clusterrole', 'avx-controller', '--ignore-not-found'], { allowFail: true });
  });

  it('RBAC installed by the chart, no choice: the update fails naming existingRbac, before any policy is applied', () => {
    freshCluster();
    assert.equal(serverSideApply(helmDeployments(RELEASE, NAMESPACE), 'helm', ['--force-conflicts']).status, 0);
    assert.equal(serverSideApply(asHelm(renderControllerRbac()), 'helm', ['--force-conflicts']).status, 0);
    const project = new TestProject({ config: { tls: { caFile: TEST_CA_FILE } } });
    try {
      // `pulumi up` with its preview: the provider's dry run shows the object's other manager.
      const r = project.pulumi(['up', '--yes', '--stack', project.stack]);
      const out = `${r.stdout}\n${r.stderr}`;
      assert.notEqual(r.status, 0, `pulumi up succeeded over the chart's RBAC:\n${out}`);
      // Both RBAC objects are the chart's; whichever check fails first names its object.
      assert.match(out, /existingRbac: ClusterRole(Binding)? avx-controller already exists, managed by helm/);
      assert.match(out, /existingRbac: 'adopt'/);
      noAviatrixObjects();
    } finally {
      project.pulumi(['destroy', '--yes', '--skip-preview', '--stack', project.stack]);
      project.dispose();
    }
    // The chart's RBAC is still the chart's.
    assert.ok(exists('clusterrole', 'avx-controller'));
    assert.ok(managers('clusterrole', 'avx-controller').includes('helm'));
  });

  it("CRDs and RBAC installed by the chart, existingCrds/existingRbac 'adopt': up succeeds, destroy leaves them as the chart made them", () => {
    freshCluster();
    assert.equal(serverSideApply(helmDeployments(RELEASE, NAMESPACE), 'helm', ['--force-conflicts']).status, 0);
    const crds = asHelm(renderAviatrixCrds('chart-10.1'));
    assert.equal(serverSideApply(crds, 'helm', ['--force-conflicts']).status, 0);
    waitEstablished(crds.map((c) => c.metadata.name));
    assert.equal(serverSideApply(asHelm(renderControllerRbac()), 'helm', ['--force-conflicts']).status, 0);
    const project = new TestProject({
      config: { tls: { caFile: TEST_CA_FILE }, existingCrds: 'adopt', existingRbac: 'adopt' },
    });
    try {
      const r = project.pulumi(['up', '--yes', '--stack', project.stack]);
      assert.equal(r.status, 0, `pulumi up with adopt failed:\n${r.stdout}\n${r.stderr}`);
      assert.ok(managers('clusterrole', 'avx-controller').includes('helm'));
      project.must(['preview', '--expect-no-changes']);
      project.must(['destroy', '--yes', '--skip-preview']);
      // Adopted objects are never deleted: their owner's fields stay.
      for (const kind of ['clusterrole', 'clusterrolebinding']) {
        assert.ok(exists(kind, 'avx-controller'), `${kind} avx-controller is left`);
        assert.deepEqual(
          managers(kind, 'avx-controller').filter((m) => m.startsWith('pulumi-kubernetes')),
          [],
          `the component gave up its fields of ${kind} avx-controller`,
        );
      }
      const role = getJson(['get', 'clusterrole', 'avx-controller']);
      assert.deepEqual(role.rules, renderControllerRbac()[0]!.rules);
      for (const c of crds) assert.ok(exists('crd', c.metadata.name));
    } finally {
      project.pulumi(['destroy', '--yes', '--skip-preview', '--stack', project.stack]);
      project.dispose();
    }
  });

  it('destroy, then up again with the retained CRDs, succeeds', () => {
    freshCluster();
    assert.equal(serverSideApply(helmDeployments(RELEASE, NAMESPACE), 'helm', ['--force-conflicts']).status, 0);
    const project = new TestProject({ config: { tls: { caFile: TEST_CA_FILE } } });
    try {
      project.must(['up', '--yes', '--skip-preview']);
      project.must(['destroy', '--yes', '--skip-preview']);
      for (const crd of renderAviatrixCrds('chart-10.1')) assert.ok(exists('crd', crd.metadata.name));
      const r = project.pulumi(['up', '--yes', '--skip-preview', '--stack', project.stack]);
      assert.equal(r.status, 0, `the second up failed:\n${r.stdout}\n${r.stderr}`);
    } finally {
      project.pulumi(['destroy', '--yes', '--skip-preview', '--stack', project.stack]);
      project.dispose();
    }
  });

  it('an allow NetworkPolicy that fails to apply: the default deny is never applied (the namespace is not isolated)', () => {
    freshCluster();
    assert.equal(serverSideApply(helmDeployments(RELEASE, NAMESPACE), 'helm', ['--force-conflicts']).status, 0);
    // Someone else's object with the allow's name and another pod selector: the component's
    // server-side apply of the allow conflicts (fails) on it.
    const blocker = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'librechat-mongodb', namespace: NAMESPACE },
      spec: { podSelector: { matchLabels: { app: 'someone-else' } }, policyTypes: ['Ingress'] },
    };
    assert.equal(serverSideApply([blocker], 'someone-else').status, 0);
    const project = new TestProject();
    try {
      const r = project.pulumi(['up', '--yes', '--skip-preview', '--stack', project.stack]);
      assert.notEqual(r.status, 0, 'the conflicting allow was applied');
      assert.ok(!exists('networkpolicy', 'librechat-default-deny', NAMESPACE), 'the default deny was applied');
      // The engine's graph: the deny depends on every allow of its namespace.
      kubectl(['delete', 'networkpolicy', 'librechat-mongodb', '-n', NAMESPACE]);
      project.must(['up', '--yes', '--skip-preview']);
      const state = JSON.parse(project.must(['stack', 'export']).stdout) as {
        deployment: { resources: { urn: string; type: string; dependencies?: string[] }[] };
      };
      const nps = state.deployment.resources.filter((x) => x.type === 'kubernetes:networking.k8s.io/v1:NetworkPolicy');
      const deny = nps.find((x) => x.urn.endsWith('-default-deny'))!;
      assert.ok(deny, 'the default deny is in the state');
      const allows = nps.filter((x) => x !== deny);
      assert.ok(allows.length >= 3);
      for (const a of allows) assert.ok((deny.dependencies ?? []).includes(a.urn), `the deny depends on ${a.urn}`);
    } finally {
      project.pulumi(['destroy', '--yes', '--skip-preview', '--stack', project.stack]);
      project.dispose();
      kubectl(['delete', 'networkpolicy', 'librechat-mongodb', '-n', NAMESPACE, '--ignore-not-found'], {
        allowFail: true,
      });
    }
  });
});
