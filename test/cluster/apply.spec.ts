// The real API server judges what the project emits: `render --format json` of the CLI for the
// example and every shared fixture, the vendored Aviatrix CRDs of both generations (chart 8.2.0 and
// current), the controller RBAC, the CA ConfigMap and the Deployment patches, all by server-side
// apply with strict field validation, as the Kubernetes provider applies them. The server evaluates
// the structural schema and the CEL rules (x-kubernetes-validations), not the project's emulation.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEnvironment } from '../../lib/config/env';
import { displayName } from '../../lib/config/files';
import { buildContainment } from '../../lib/pipeline';
import { renderAviatrixCrds, renderControllerRbac } from '../../lib/render/cluster';
import type { KubeObject } from '../../lib/render/objects';
import { renderCaConfigMap, renderDeploymentPatch, trustNames, validateCaPem } from '../../lib/render/trust';
import {
  ensureNamespaces,
  FIXTURES,
  fixturesAvailable,
  kubectl,
  ROOT,
  run,
  serverSideApply,
  waitEstablished,
} from './support';
import { helmDeployments, testCaPem } from './helm';

const CLI = join(ROOT, 'dist', 'lib', 'cli', 'main.js');
const MANAGER = 'lcc-render';

interface Case {
  label: string;
  /** CLI arguments after the config path. */
  args: string[];
}

/** The README's example command, then every shared fixture (release `lc` in namespace `chat`). */
function cases(target: 'chart-8.2' | 'chart-10.1'): Case[] {
  const t = ['--target', target];
  const example: Case = {
    label: 'examples/librechat.yaml (the README command)',
    args: [
      'examples/librechat.yaml',
      '--env-from',
      'examples/librechat.env',
      '--chart-values',
      'examples/librechat.values.yaml',
      ...t,
    ],
  };
  const variants: { label: string; args: string[] }[] =
    target === 'chart-8.2'
      ? [{ label: 'chart-8.2', args: t }]
      : [
          { label: 'defaults', args: t },
          {
            label: 'watch, start/end logs, decrypt',
            args: [...t, '--mode', 'watch', '--log-profile', 'start/end', '--decrypt'],
          },
          { label: 'webgroup-policy form', args: [...t, '--form', 'webgroup-policy'] },
        ];
  const fixtures = fixturesAvailable()
    ? readdirSync(FIXTURES)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
    : [];
  const out = [example];
  for (const file of fixtures) {
    for (const v of variants) {
      const path = join(FIXTURES, file);
      const env = { OPENAI_API_KEY: 'sk-test', ANTHROPIC_API_KEY: 'sk-ant-test' };
      // Accept exactly the fixture's blocking findings by id, as a user would, so it renders.
      const blocking = buildContainment({
        configText: readFileSync(path, 'utf8'),
        configFile: displayName(path),
        env: buildEnvironment({ pairs: env }),
        derive: { namespace: 'chat', release: 'lc' },
      }).blocking.map((f) => f.id);
      out.push({
        label: `${file} (${v.label})`,
        args: [
          path,
          '--namespace',
          'chat',
          '--release',
          'lc',
          ...Object.entries(env).flatMap(([k, val]) => ['--env', `${k}=${val}`]),
          ...blocking.flatMap((id) => ['--accept', id]),
          ...v.args,
        ],
      });
    }
  }
  return out;
}

function render(args: string[]): KubeObject[] {
  const r = run(process.execPath, [CLI, 'render', ...args, '--format', 'json'], { cwd: ROOT });
  assert.equal(r.status, 0, `render ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return JSON.parse(r.stdout) as KubeObject[];
}

function applyAccepted(objects: readonly KubeObject[], manager = MANAGER, extra: string[] = []): void {
  ensureNamespaces(objects.map((o) => o.metadata.namespace).filter((n): n is string => !!n));
  const r = serverSideApply(objects, manager, ['--force-conflicts', ...extra]);
  assert.equal(r.status, 0, `the API server refused:\n${r.stderr}`);
  // One "serverside-applied" line per object: nothing was skipped.
  assert.equal(
    r.stdout
      .trim()
      .split('\n')
      .filter((l) => /serverside-applied/.test(l)).length,
    objects.length,
    r.stdout,
  );
}

function deleteAviatrixObjects(): void {
  for (const kind of ['firewallpolicies.networking.aviatrix.com', 'webgrouppolicies.networking.aviatrix.com']) {
    kubectl(['delete', kind, '--all', '--all-namespaces', '--ignore-not-found', '--wait=false'], { allowFail: true });
  }
}

describe('real API server: the emitted objects are accepted', function () {
  this.timeout(120000);

  for (const target of ['chart-8.2', 'chart-10.1'] as const) {
    describe(`Aviatrix CRDs of ${target === 'chart-8.2' ? 'chart 8.2.0' : 'the current chart (10.1)'}`, () => {
      const crds = renderAviatrixCrds(target);

      before(() => {
        // A clean slate per generation: the policies of the other generation go, the CRDs are replaced.
        deleteAviatrixObjects();
      });

      it('the vendored CRDs are accepted and established', () => {
        const r = serverSideApply(crds, MANAGER, ['--force-conflicts']);
        assert.equal(r.status, 0, r.stderr);
        waitEstablished(crds.map((c) => c.metadata.name));
        const fp = JSON.parse(kubectl(['get', 'crd', 'firewallpolicies.networking.aviatrix.com', '-o', 'json']).stdout);
        // The server stores the generation we applied: 8.2.0 has no decryptPolicy field.
        const ruleProps = fp.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.rules.items.properties;
        assert.equal('decryptPolicy' in ruleProps, target === 'chart-10.1');
      });

      for (const c of cases(target)) {
        it(`render --format json: ${c.label}`, () => {
          const objects = render(c.args);
          assert.ok(objects.length > 0);
          applyAccepted(objects);
        });
      }

      it('an object that breaks a CEL rule is refused by the server (name and uuid on one smart-group ref)', () => {
        const [policy] = render(cases(target)[0]!.args).filter((o) => o.kind === 'FirewallPolicy');
        const bad = JSON.parse(JSON.stringify(policy)) as any;
        bad.metadata.name = 'lcc-cel-negative';
        const ref = bad.spec.rules[0].destinationSmartGroups[0];
        ref.uuid = '00000000-0000-4000-8000-000000000000';
        assert.ok(ref.name, 'the first rule refers to its destination by name');
        const r = serverSideApply([bad], MANAGER);
        assert.notEqual(r.status, 0, 'the server accepted an object its CEL rule forbids');
        assert.match(r.stderr, /Either name or uuid must be set, but not both/);
        assert.match(r.stderr, /Invalid value/);
      });

      it('an unknown field is refused (strict field validation, structural schema)', () => {
        const [policy] = render(cases(target)[0]!.args).filter((o) => o.kind === 'FirewallPolicy');
        const bad = JSON.parse(JSON.stringify(policy)) as any;
        bad.metadata.name = 'lcc-unknown-field';
        bad.spec.rules[0].notAField = true;
        const r = serverSideApply([bad], MANAGER);
        assert.notEqual(r.status, 0);
        assert.match(r.stderr, /notAField/);
      });
    });
  }

  describe('what the component applies besides the policies', () => {
    const trust = { namespace: 'librechat', release: 'librechat' };

    it('the controller RBAC (ClusterRole and ClusterRoleBinding, with and without the options)', () => {
      applyAccepted(renderControllerRbac());
      const wider = renderControllerRbac({ aiVisibility: true, manageNetworkPolicies: true });
      applyAccepted(wider);
      // Gone again: the Pulumi suite creates them with its own field manager (an object left here
      // with other rules would be a server-side apply conflict: see existing.spec.ts).
      for (const o of wider) kubectl(['delete', o.kind.toLowerCase(), o.metadata.name, '--ignore-not-found']);
    });

    it('the CA ConfigMap and the Deployment patches on Helm-created Deployments', () => {
      ensureNamespaces([trust.namespace]);
      const helm = helmDeployments(trust.release, trust.namespace);
      const r = serverSideApply(helm, 'helm');
      assert.equal(r.status, 0, r.stderr);
      const ca = { ca: validateCaPem(testCaPem()), roots: [] };
      applyAccepted([renderCaConfigMap(trust, ca)], 'lcc-patch');
      // Patches are partial Deployments: kubectl's client-side required-field check does not apply.
      applyAccepted(
        [renderDeploymentPatch(trust, ca, 'node'), renderDeploymentPatch(trust, ca, 'python')],
        'lcc-patch',
        ['--validate=false'],
      );
      const n = trustNames(trust);
      const d = JSON.parse(kubectl(['get', 'deployment', n.deployment, '-n', trust.namespace, '-o', 'json']).stdout);
      const container = d.spec.template.spec.containers.find((x: any) => x.name === n.container);
      assert.ok(
        container.env.some((e: any) => e.name === 'NODE_EXTRA_CA_CERTS'),
        JSON.stringify(container.env),
      );
      assert.ok(container.image, "Helm's image is still there");
      // Clean up for the Pulumi suite, which creates them again from scratch.
      kubectl(['delete', 'deployment', n.deployment, n.ragDeployment, '-n', trust.namespace, '--ignore-not-found']);
      kubectl(['delete', 'configmap', n.configMap, '-n', trust.namespace, '--ignore-not-found']);
    });
  });

  after(() => {
    deleteAviatrixObjects();
  });
});
