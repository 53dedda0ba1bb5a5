// Tests of open product bugs: they state the behaviour an issue asks for, so they FAIL until the
// fix lands; run.js runs this file only with `npm run test:cluster -- --known-bugs`. When a fix
// lands, move its test into the normal suites (the patch of a Deployment recreated by
// `helm upgrade --force` moved to patches.spec.ts).
import * as assert from 'node:assert/strict';
import { trustNames } from '../../lib/render/trust';
import { helmDeployments, TEST_CA_FILE } from './helm';
import { TestProject } from './project';
import { STACK_NAMESPACE, STACK_RELEASE, freshCluster, kubectl, requireEngine, serverSideApply } from './support';

const NAMESPACE = STACK_NAMESPACE;
const RELEASE = STACK_RELEASE;

describe('known bugs (issue 10)', function () {
  this.timeout(900000);

  before(requireEngine);

  // The provider relinquishes a patch's fields with a server-side apply of the bare object, which
  // for a Deployment that is gone is a create, refused as invalid (provider/pkg/ssa Relinquish):
  // the CA patches' `-fields` owners fail the destroy. The README says to `pulumi state delete` them.
  it('pulumi destroy after LibreChat was uninstalled succeeds and leaves an empty stack', () => {
    freshCluster();
    assert.equal(serverSideApply(helmDeployments(RELEASE, NAMESPACE), 'helm', ['--force-conflicts']).status, 0);
    const n = trustNames({ namespace: NAMESPACE, release: RELEASE });
    const project = new TestProject({ config: { tls: { caFile: TEST_CA_FILE } } });
    try {
      project.must(['up', '--yes', '--skip-preview']);
      kubectl(['delete', 'deployment', n.deployment, n.ragDeployment, '-n', NAMESPACE, '--wait=true']);
      project.must(['destroy', '--yes', '--skip-preview']);
      const state = JSON.parse(project.must(['stack', 'export']).stdout);
      assert.deepEqual(state.deployment.resources ?? [], []);
    } finally {
      project.pulumi(['destroy', '--yes', '--skip-preview', '--stack', project.stack]);
      project.dispose();
    }
  });
});
