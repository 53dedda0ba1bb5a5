// Changes after the first `pulumi up`, with the real engine and provider on a real API server:
// adding a provider to librechat.yaml is exactly one new web group and permit (in
// `pulumi preview`, then applied), removing it takes them away again (issue 10). What `pulumi up
// --refresh` does after `helm upgrade --force`, and a new CA, are in patches.spec.ts.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { helmDeployments } from './helm';
import { TestProject } from './project';
import {
  EXAMPLES,
  STACK_NAMESPACE,
  STACK_RELEASE,
  freshCluster,
  getJson,
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
});
