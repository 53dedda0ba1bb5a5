// The CA patches of LibreChat's Deployments with the real engine and provider on a real API server
// (issue 10; moved here from known-bugs.spec.ts once fixed): a patch target that does not exist is
// an error before anything is applied, and a second `up` is a no-op when Helm also sets env on the
// patched containers.
import * as assert from 'node:assert/strict';
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
  requireEngine,
  serverSideApply,
} from './support';

const NAMESPACE = STACK_NAMESPACE;
const RELEASE = STACK_RELEASE;

describe('the CA patches on a real API server', function () {
  this.timeout(900000);

  before(requireEngine);

  it('a second up changes nothing when Helm also sets env on the patched container', () => {
    // The provider diffs a patch against the live object index by index, and the live env list
    // starts with Helm's own entry (~ name: "HELM_OWNED" => "NODE_EXTRA_CA_CERTS" before the fix).
    freshCluster();
    assert.equal(
      serverSideApply(helmDeployments(RELEASE, NAMESPACE, { env: true }), 'helm', ['--force-conflicts']).status,
      0,
    );
    const project = new TestProject({
      config: {
        tls: { caFile: TEST_CA_FILE, patchRagApi: true, publicRoots: 'pem', publicRootsFile: TEST_ROOTS_FILE },
      },
    });
    const n = trustNames({ namespace: NAMESPACE, release: RELEASE });
    try {
      project.must(['up', '--yes', '--skip-preview']);
      const r = project.pulumi(['preview', '--expect-no-changes', '--diff', '--stack', project.stack]);
      assert.equal(r.status, 0, `changes proposed:\n${r.stdout}`);
      project.must(['up', '--yes', '--skip-preview', '--expect-no-changes']);
      // Both entries are there, each owned by its own manager.
      const d = getJson(['get', 'deployment', n.deployment, '-n', NAMESPACE]);
      const env = d.spec.template.spec.containers.find((x: any) => x.name === n.container).env;
      assert.deepEqual(env.map((e: any) => e.name).sort(), ['HELM_OWNED', 'NODE_EXTRA_CA_CERTS']);
    } finally {
      project.pulumi(['destroy', '--yes', '--skip-preview', '--stack', project.stack]);
      project.dispose();
    }
    const after = getJson(['get', 'deployment', n.deployment, '-n', NAMESPACE]);
    const c = after.spec.template.spec.containers.find((x: any) => x.name === n.container);
    assert.deepEqual(
      c.env.map((e: any) => e.name),
      ['HELM_OWNED'],
      "destroy leaves Helm's env",
    );
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
    const n = trustNames({ namespace: NAMESPACE, release: RELEASE });
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
