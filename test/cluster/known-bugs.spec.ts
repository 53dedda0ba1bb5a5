// Tests of open product bugs: they state the behaviour an issue asks for, so they FAIL until the
// fix lands; run.js runs this file only with `npm run test:cluster -- --known-bugs`. When a fix
// lands, move its test into the normal suites.
import * as assert from 'node:assert/strict';
import { trustNames } from '../../lib/render/trust';
import { helmDeployments, TEST_CA_FILE } from './helm';
import { TestProject } from './project';
import {
  STACK_NAMESPACE,
  STACK_RELEASE,
  freshCluster,
  getJson,
  kubectl,
  requireEngine,
  serverSideApply,
} from './support';

const NAMESPACE = STACK_NAMESPACE;
const RELEASE = STACK_RELEASE;

describe('known bugs (issue 10)', function () {
  this.timeout(900000);

  before(requireEngine);

  // Seen failing with the provider built here (provider/v4 f47bc2d6f199): `pulumi up --refresh`
  // succeeds but does not apply the patch again to the recreated Deployment (not investigated yet:
  // the refreshed state of a DeploymentPatch, and the patch's ignored lists, are the suspects).
  it('after helm upgrade --force replaced the Deployment: pulumi up alone keeps its stale state, pulumi up --refresh restores the patch', () => {
    freshCluster();
    assert.equal(serverSideApply(helmDeployments(RELEASE, NAMESPACE), 'helm', ['--force-conflicts']).status, 0);
    const n = trustNames({ namespace: NAMESPACE, release: RELEASE });
    const project = new TestProject({ config: { tls: { caFile: TEST_CA_FILE } } });
    const hasPatch = () => {
      const d = getJson(['get', 'deployment', n.deployment, '-n', NAMESPACE]);
      const c = d.spec.template.spec.containers.find((x: any) => x.name === n.container);
      return (c.env ?? []).some((e: any) => e.name === 'NODE_EXTRA_CA_CERTS');
    };
    try {
      project.must(['up', '--yes', '--skip-preview']);
      assert.ok(hasPatch());
      // `helm upgrade --force` deletes and recreates the object from the chart: the patch is gone.
      kubectl(['delete', 'deployment', n.deployment, '-n', NAMESPACE]);
      assert.equal(serverSideApply(helmDeployments(RELEASE, NAMESPACE).slice(0, 1), 'helm').status, 0);
      assert.ok(!hasPatch());
      // Without a refresh the engine diffs against its state, which still has the patch: no change.
      project.must(['preview', '--expect-no-changes']);
      // With a refresh it reads the live Deployment, sees the patch's fields gone and applies it again.
      project.must(['up', '--yes', '--skip-preview', '--refresh']);
      assert.ok(hasPatch(), 'pulumi up --refresh restores the patch');
      project.must(['preview', '--expect-no-changes']);
    } finally {
      project.pulumi(['destroy', '--yes', '--skip-preview', '--stack', project.stack]);
      project.dispose();
    }
  });
});
