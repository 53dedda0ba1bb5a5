// Changes after the first `pulumi up`, with the real engine and provider on a real API server:
// adding a provider to librechat.yaml is exactly one new web group and permit (in
// `pulumi preview`, then applied), removing it takes them away again; and what `pulumi refresh`
// does when `helm upgrade --force` replaced a patched Deployment (issue 10).
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { trustNames } from '../../lib/render/trust';
import { helmDeployments, TEST_CA_FILE } from './helm';
import { TestProject } from './project';
import {
  EXAMPLES,
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
const POLICY = 'librechat-librechat-egress';

/** One more custom endpoint (a provider the example does not have). */
const GROQ = `    - name: 'Groq'
      apiKey: 'gsk-test'
      baseURL: 'https://api.groq.com/openai/v1'
      models:
        default: ['llama-3.3-70b-versatile']

`;

/** The example's librechat.yaml (and its overlay) in the project, with or without the extra provider. */
function writeConfig(project: TestProject, withGroq: boolean): void {
  const dir = join(project.projectDir, 'lc');
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(EXAMPLES, 'librechat.overlay.yaml'), join(dir, 'librechat.overlay.yaml'));
  const text = readFileSync(join(EXAMPLES, 'librechat.yaml'), 'utf8');
  const at = text.indexOf("    - name: 'Ollama'");
  assert.ok(at > 0, "the example has the custom endpoint 'Ollama'");
  writeFileSync(join(dir, 'librechat.yaml'), withGroq ? text.slice(0, at) + GROQ + text.slice(at) : text);
}

interface PreviewStep {
  op: string;
  urn: string;
  oldState?: { inputs?: any };
  newState?: { inputs?: any };
}

/** `pulumi preview --json`: the steps that change something. */
function changes(project: TestProject): PreviewStep[] {
  const r = project.must(['preview', '--json']);
  const doc = JSON.parse(r.stdout) as { steps?: PreviewStep[] };
  // As the engine's HasChanges (pkg/engine/update.go): reads are not changes.
  return (doc.steps ?? []).filter((s) => !['same', 'read', 'read-discard', 'read-replacement'].includes(s.op));
}

const byJson = (list: unknown[]) => list.map((x) => JSON.stringify(x));
function added(before: unknown[], after: unknown[]): unknown[] {
  const old = new Set(byJson(before));
  return after.filter((x) => !old.has(JSON.stringify(x)));
}

describe('changes after the first pulumi up (real engine and API server)', function () {
  this.timeout(900000);

  before(requireEngine);

  it('adding a provider is one new web group and one permit in pulumi preview, then applied; removing it takes them away', () => {
    freshCluster();
    assert.equal(serverSideApply(helmDeployments(RELEASE, NAMESPACE), 'helm', ['--force-conflicts']).status, 0);
    const project = new TestProject({
      config: {
        librechat: {
          path: 'lc/librechat.yaml',
          envFile: 'examples/librechat.env',
          chartValuesPath: 'examples/librechat.values.yaml',
        },
      },
    });
    try {
      writeConfig(project, false);
      project.must(['up', '--yes', '--skip-preview']);
      writeConfig(project, true);
      const steps = changes(project);
      assert.deepEqual(
        steps.map((s) => `${s.op} ${s.urn.split('::').pop()}`),
        [`update librechat-firewallpolicy-${POLICY}`],
      );
      const before = steps[0]!.oldState!.inputs.spec;
      const after = steps[0]!.newState!.inputs.spec;
      assert.deepEqual(added(before.webGroups, after.webGroups), [{ name: 'llm-groq', domains: ['api.groq.com'] }]);
      const rules = added(before.rules, after.rules) as any[];
      assert.equal(rules.length, 1);
      assert.equal(rules[0].name, 'permit-llm-groq');
      assert.deepEqual(rules[0].webGroups, [{ name: 'llm-groq' }]);
      // Nothing else changes: every old group and rule is still there.
      assert.deepEqual(added(after.webGroups, before.webGroups), []);
      assert.deepEqual(added(after.rules, before.rules), []);
      project.must(['up', '--yes', '--skip-preview']);
      const live = getJson(['get', 'firewallpolicies.networking.aviatrix.com', POLICY, '-n', NAMESPACE]);
      assert.ok(live.spec.webGroups.some((g: any) => g.name === 'llm-groq'));
      // Removing it again: one update, and the server no longer has the group.
      writeConfig(project, false);
      const back = changes(project);
      assert.deepEqual(
        back.map((s) => s.op),
        ['update'],
      );
      project.must(['up', '--yes', '--skip-preview']);
      const gone = getJson(['get', 'firewallpolicies.networking.aviatrix.com', POLICY, '-n', NAMESPACE]);
      assert.ok(!gone.spec.webGroups.some((g: any) => g.name === 'llm-groq'));
      assert.ok(!gone.spec.rules.some((g: any) => g.name === 'permit-llm-groq'));
    } finally {
      project.pulumi(['destroy', '--yes', '--skip-preview', '--stack', project.stack]);
      project.dispose();
    }
  });

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
