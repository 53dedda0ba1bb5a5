// The root program (Pulumi.yaml, main: dist/index.js) as the engine really runs it: with the folder
// of `main` as its working directory. Moved here from known-bugs.spec.ts once index.ts worked from
// the project root.
import * as assert from 'node:assert/strict';
import { helmDeployments, TEST_CA_FILE } from './helm';
import { TestProject } from './project';
import { STACK_NAMESPACE, STACK_RELEASE, freshCluster, requireEngine, serverSideApply } from './support';

const NAMESPACE = STACK_NAMESPACE;
const RELEASE = STACK_RELEASE;

describe('the root program as the engine runs it', function () {
  this.timeout(900000);

  before(requireEngine);

  it('the root program as Pulumi runs it (main: dist/index.js, working directory dist/) finds the stack paths', () => {
    // Pulumi runs a `main` file with its own directory as the working directory (pkg/engine
    // getPwdMain; the language host passes --pwd): index.ts changes to the project root
    // (pulumi.runtime.getRootDirectory()), where the stack's paths point.
    freshCluster();
    assert.equal(serverSideApply(helmDeployments(RELEASE, NAMESPACE), 'helm', ['--force-conflicts']).status, 0);
    const project = new TestProject({ unmodifiedMain: true, config: { tls: { caFile: TEST_CA_FILE } } });
    try {
      const r = project.pulumi(['preview', '--stack', project.stack]);
      assert.equal(r.status, 0, `pulumi preview of the unmodified root program failed:\n${r.stdout}\n${r.stderr}`);
    } finally {
      project.pulumi(['destroy', '--yes', '--skip-preview', '--stack', project.stack]);
      project.dispose();
    }
  });
});
