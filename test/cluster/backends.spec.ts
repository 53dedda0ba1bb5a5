// The real API server judges the other backends' objects too (issue 12): the vendored Cilium CRD as
// it is, and CRDs built around the vendored GKE and EKS JSON schemas (datree's extractions of the
// CRDs' openAPIV3Schema: datree's `additionalProperties: false` is dropped, since a structural
// schema may not use it; the EKS CEL rules stay and the server evaluates them). Every shared
// fixture is rendered by the CLI for each backend and server-side applied with strict field
// validation; one object per backend that breaks its schema is refused.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildEnvironment } from '../../lib/config/env';
import { displayName } from '../../lib/config/files';
import { buildContainment, type Backend } from '../../lib/pipeline';
import type { KubeObject } from '../../lib/render/objects';
import { ensureNamespaces, FIXTURES, fixturesAvailable, ROOT, run, serverSideApply, waitEstablished } from './support';

const CLI = join(ROOT, 'dist', 'lib', 'cli', 'main.js');
const MANAGER = 'lcc-backends';

function openSchema(schema: any): any {
  if (Array.isArray(schema)) return schema.map(openSchema);
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([k, v]) => !(k === 'additionalProperties' && v === false))
      .map(([k, v]) => [k, openSchema(v)]),
  );
}

function crdAround(file: string, group: string, kind: string, plural: string): KubeObject {
  const schema = openSchema(JSON.parse(readFileSync(join(ROOT, 'schemas', file), 'utf8')));
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() },
      scope: 'Namespaced',
      versions: [{ name: 'v1alpha1', served: true, storage: true, schema: { openAPIV3Schema: schema } }],
    },
  };
}

function crds(): KubeObject[] {
  return [
    parse(readFileSync(join(ROOT, 'schemas', 'cilium', 'ciliumnetworkpolicies.yaml'), 'utf8')) as KubeObject,
    crdAround('gke/fqdnnetworkpolicy_v1alpha1.json', 'networking.gke.io', 'FQDNNetworkPolicy', 'fqdnnetworkpolicies'),
    crdAround(
      'eks/applicationnetworkpolicy_v1alpha1.json',
      'networking.k8s.aws',
      'ApplicationNetworkPolicy',
      'applicationnetworkpolicies',
    ),
  ];
}

function render(args: string[]): KubeObject[] {
  const r = run(process.execPath, [CLI, 'render', ...args, '--format', 'json'], { cwd: ROOT });
  assert.equal(r.status, 0, `render ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return JSON.parse(r.stdout) as KubeObject[];
}

function fixtureArgs(file: string, backend: Backend, extra: string[] = []): string[] {
  const path = join(FIXTURES, file);
  const env = { OPENAI_API_KEY: 'sk-test', ANTHROPIC_API_KEY: 'sk-ant-test' };
  const blocking = buildContainment({
    configText: readFileSync(path, 'utf8'),
    configFile: displayName(path),
    env: buildEnvironment({ pairs: env }),
    derive: { namespace: 'chat', release: 'lc' },
    enforcement: { backend },
  }).blocking.map((f) => f.id);
  return [
    path,
    '--namespace',
    'chat',
    '--release',
    'lc',
    '--backend',
    backend,
    ...Object.entries(env).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
    ...blocking.flatMap((id) => ['--accept', id]),
    ...extra,
  ];
}

function applyAccepted(objects: readonly KubeObject[]): void {
  ensureNamespaces(objects.map((o) => o.metadata.namespace).filter((n): n is string => !!n));
  const r = serverSideApply(objects, MANAGER, ['--force-conflicts']);
  assert.equal(r.status, 0, `the API server refused:\n${r.stderr}`);
  assert.equal(
    r.stdout
      .trim()
      .split('\n')
      .filter((l) => /serverside-applied/.test(l)).length,
    objects.length,
    r.stdout,
  );
}

const KIND: Record<Exclude<Backend, 'aviatrix'>, string> = {
  cilium: 'CiliumNetworkPolicy',
  'gke-fqdn': 'FQDNNetworkPolicy',
  'eks-anp': 'ApplicationNetworkPolicy',
};

describe('real API server: the Cilium, GKE and EKS objects are accepted', function () {
  this.timeout(120000);
  const files = fixturesAvailable()
    ? readdirSync(FIXTURES)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
    : [];

  it('the vendored Cilium CRD and CRDs around the GKE and EKS schemas are accepted and established', () => {
    const all = crds();
    const r = serverSideApply(all, MANAGER, ['--force-conflicts']);
    assert.equal(r.status, 0, r.stderr);
    // Fresh CRDs may have no status.conditions yet, which `kubectl wait` reports as an error: retry.
    for (let attempt = 1; ; attempt++) {
      try {
        waitEstablished(all.map((c) => c.metadata.name));
        break;
      } catch (e) {
        if (attempt >= 5 || !/status\.conditions accessor error/.test(String(e))) throw e;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
      }
    }
  });

  for (const backend of ['cilium', 'gke-fqdn', 'eks-anp'] as const) {
    for (const file of files) {
      it(`${backend}: render --format json of ${file} is accepted (server-side apply, strict)`, () => {
        const objects = render(fixtureArgs(file, backend));
        // Cilium renders a policy for every workload; GKE and EKS only for workloads with internet names.
        if (backend === 'cilium') assert.ok(objects.some((o) => o.kind === KIND[backend]));
        applyAccepted(objects);
      });
    }
    it(`${backend}: an unknown field in a ${KIND[backend]} is refused`, () => {
      const file = files.find((f) => f === 'web-search.yaml') ?? files[0];
      const [policy] = render(fixtureArgs(file, backend)).filter((o) => o.kind === KIND[backend]);
      assert.ok(policy, `no ${KIND[backend]} for ${file}`);
      const bad = JSON.parse(JSON.stringify(policy)) as any;
      bad.metadata.name = 'lcc-unknown-field';
      bad.spec.notAField = true;
      const r = serverSideApply([bad], MANAGER);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /notAField/);
    });
  }

  it('eks-anp: a domainNames peer with an ipBlock breaks the CRD rule, and the server refuses it', () => {
    const file = files.find((f) => f === 'web-search.yaml') ?? files[0];
    const [policy] = render(fixtureArgs(file, 'eks-anp')).filter((o) => o.kind === 'ApplicationNetworkPolicy');
    const bad = JSON.parse(JSON.stringify(policy)) as any;
    bad.metadata.name = 'lcc-cel-negative';
    bad.spec.egress[0].to[0].ipBlock = { cidr: '192.0.2.1/32' };
    const r = serverSideApply([bad], MANAGER);
    assert.notEqual(r.status, 0, 'the server accepted an object its CEL rule forbids');
    assert.match(r.stderr, /ipBlock and domainNames are mutually exclusive/);
  });
});
