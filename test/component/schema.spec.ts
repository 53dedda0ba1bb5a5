// The Pulumi package schema other languages get (`pulumi package add`): inferred in-process by the
// plugin's own provider (lib/component/provider.ts, the SDK's analyzer over this repository's
// TypeScript), compared with the reviewed golden test/golden/plugin/schema.json, and checked here
// against rules that must hold for every argument: typed, described, choices documented.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BACKENDS, buildContainment, type ContainmentInput } from '../../lib/pipeline';
import { buildEnvironment } from '../../lib/config/env';
import { CHOICES } from '../../lib/inputs/choices';
import { ONBOARDING_MODES } from '../../lib/cloud/kubeconfig';
import { CILIUM_VERSIONS } from '../../lib/render/cilium';
import { containmentObjects } from '../../lib/component/containment-output';
import { LibreChatContainmentProvider, PACKAGE_ROOT, fixProviderReferences } from '../../lib/component/provider';
import { TYPE_TOKEN } from '../../lib/component/librechat-containment';
import { golden } from '../support/fixture-suite';
import { GOLDEN, ROOT } from '../support/paths';
import { EXAMPLE_CONFIG, EXAMPLE_ENV, EXAMPLE_OVERLAY, EXAMPLE_VALUES } from './helpers';

interface Prop {
  type?: string;
  $ref?: string;
  description?: string;
  items?: Prop;
  additionalProperties?: Prop;
  plain?: boolean;
}
interface ObjectType {
  description?: string;
  properties: Record<string, Prop>;
  required?: string[];
}
interface Schema {
  name: string;
  version: string;
  dependencies: { name: string; version: string }[];
  resources: Record<string, ObjectType & { inputProperties: Record<string, Prop>; requiredInputs?: string[] }>;
  types: Record<string, ObjectType>;
}

const PREFIX = 'librechat-containment:index:';

/** Every property of the schema with its dotted argument path (`aviatrix.target`, `tls.caPem`). */
function argumentPaths(schema: Schema): Map<string, Prop> {
  const out = new Map<string, Prop>();
  const walk = (props: Record<string, Prop>, prefix: string, seen: Set<string>) => {
    for (const [name, p] of Object.entries(props)) {
      const path = `${prefix}${name}`;
      out.set(path, p);
      const ref = p.$ref?.startsWith(`#/types/${PREFIX}`) ? p.$ref.slice('#/types/'.length) : undefined;
      if (ref && !seen.has(ref)) walk(schema.types[ref].properties, `${path}.`, new Set([...seen, ref]));
    }
  };
  walk(schema.resources[TYPE_TOKEN].inputProperties, '', new Set());
  return out;
}

describe('the Pulumi package schema (other languages)', function () {
  // The SDK's analyzer builds a TypeScript program of the whole repository (tsconfig.json).
  this.timeout(180_000);
  let text: string;
  let schema: Schema;
  before(async () => {
    text = await new LibreChatContainmentProvider(ROOT).getSchema();
    schema = JSON.parse(text) as Schema;
  });

  it('matches the reviewed golden test/golden/plugin/schema.json', () => {
    golden(join(GOLDEN, 'plugin', 'schema.json'), `${JSON.stringify(schema, null, 2)}\n`);
  });

  it('is the package of the type token, at the version of package.json', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.equal(`${schema.name}:index:LibreChatContainment`, TYPE_TOKEN);
    assert.equal(schema.version, pkg.version);
    assert.equal(PACKAGE_ROOT, ROOT);
  });

  it('has every argument typed and described, and only cloud and config required', () => {
    const r = schema.resources[TYPE_TOKEN];
    assert.deepEqual(r.requiredInputs, ['cloud', 'config']);
    const undescribed = [...argumentPaths(schema)].filter(([, p]) => !p.description?.trim()).map(([k]) => k);
    assert.deepEqual(undescribed, [], 'arguments without a doc comment');
    for (const [path, p] of argumentPaths(schema)) {
      assert.ok(p.type !== undefined || p.$ref !== undefined, `${path} has a type`);
      assert.notEqual(p.$ref, 'pulumi.json#/Any', `${path} is typed (not Any)`);
    }
  });

  it('documents every allowed value of an enumerated argument (the lists of lib/inputs/choices.ts)', () => {
    const args = argumentPaths(schema);
    const lists: [string, readonly string[]][] = [
      ...Object.entries(CHOICES)
        .filter(([name]) => args.has(name))
        .map(([name, c]): [string, readonly string[]] => [name, c.values]),
      ['onboarding.mode', ONBOARDING_MODES],
      ['enforcement.backend', BACKENDS],
      ['enforcement.ciliumVersion', CILIUM_VERSIONS],
    ];
    // Every CHOICES entry that names an argument is covered (nodeCloud is the CLI's --cloud).
    assert.deepEqual(
      Object.keys(CHOICES).filter((n) => !args.has(n)),
      ['nodeCloud'],
    );
    for (const [name, values] of lists) {
      const p = args.get(name);
      assert.equal(p?.type, 'string', `${name} is a string (its values are checked by the core)`);
      for (const v of values) assert.ok(p!.description!.includes(v), `${name}: "${v}" is documented`);
    }
  });

  it("refers to every type it uses, and to the Kubernetes provider as the kubernetes package's provider", () => {
    const refs = [...text.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]);
    for (const ref of refs.filter((r) => r.startsWith('#/types/')))
      assert.ok(schema.types[ref.slice('#/types/'.length)], `${ref} is defined`);
    const k8sVersion = JSON.parse(
      readFileSync(join(ROOT, 'node_modules', '@pulumi', 'kubernetes', 'package.json'), 'utf8'),
    ).version;
    assert.deepEqual(schema.dependencies, [{ name: 'kubernetes', version: k8sVersion }]);
    assert.deepEqual(schema.resources[TYPE_TOKEN].properties.provider, {
      $ref: `/kubernetes/v${k8sVersion}/schema.json#/provider`,
      description: 'The explicit Kubernetes provider every Kubernetes child uses.',
    });
    assert.deepEqual(
      refs.filter((r) => r.startsWith('/')),
      [`/kubernetes/v${k8sVersion}/schema.json#/provider`],
    );
  });

  it('names no type `...Args` (the other languages add Args to input types: Python `TlsArgs`, not `TlsArgsArgs`)', () => {
    assert.deepEqual(
      Object.keys(schema.types).filter((t) => t.endsWith('Args')),
      [],
    );
    assert.ok(schema.types[`${PREFIX}Tls`] && schema.types[`${PREFIX}LibreChatConfig`]);
  });

  it('types every output (findings, objects with their spec)', () => {
    const outputs = schema.resources[TYPE_TOKEN].properties;
    assert.equal(outputs.findings.items?.$ref, `#/types/${PREFIX}ContainmentFinding`);
    assert.equal(outputs.objects.items?.$ref, `#/types/${PREFIX}ContainmentObject`);
    const object = schema.types[`${PREFIX}ContainmentObject`];
    assert.deepEqual(Object.keys(object.properties).sort(), ['apiVersion', 'kind', 'metadata', 'spec']);
    assert.deepEqual(object.required, ['apiVersion', 'kind', 'metadata', 'spec']);
    assert.equal(schema.types[`${PREFIX}ContainmentFinding`].properties.severity.type, 'string');
  });
});

describe('fixProviderReferences', () => {
  it('turns a reference to a provider resource into #/provider and leaves other references alone', () => {
    const given = {
      a: { $ref: '/kubernetes/v4.34.2/schema.json#/resources/kubernetes' },
      b: [{ $ref: '/kubernetes/v4.34.2/schema.json#/resources/kubernetes:core%2Fv1:Namespace' }],
      c: { $ref: '#/types/librechat-containment:index:X', description: '$ref' },
    };
    assert.deepEqual(fixProviderReferences(given), {
      a: { $ref: '/kubernetes/v4.34.2/schema.json#/provider' },
      b: [{ $ref: '/kubernetes/v4.34.2/schema.json#/resources/kubernetes:core%2Fv1:Namespace' }],
      c: { $ref: '#/types/librechat-containment:index:X', description: '$ref' },
    });
  });
});

describe('the objects output loses nothing', () => {
  // Other languages' SDKs keep only the fields the schema declares: every rendered object must be
  // exactly apiVersion, kind, metadata and spec, for every backend.
  const cases: [string, Partial<ContainmentInput>][] = [
    ...BACKENDS.map((backend): [string, Partial<ContainmentInput>] => [backend, { enforcement: { backend } }]),
    ['aviatrix webgroup-policy', { aviatrix: { form: 'webgroup-policy' } }],
    ['aviatrix chart-8.2', { aviatrix: { target: 'chart-8.2' } }],
  ];
  for (const [title, options] of cases) {
    it(`${title}: the example's objects are apiVersion, kind, metadata and spec`, function () {
      this.timeout(60_000);
      const build = (accept: string[]) =>
        buildContainment({
          configText: readFileSync(EXAMPLE_CONFIG, 'utf8'),
          configFile: 'librechat.yaml',
          env: buildEnvironment({ envFiles: [{ text: readFileSync(EXAMPLE_ENV, 'utf8'), file: 'librechat.env' }] }),
          overlay: { text: readFileSync(EXAMPLE_OVERLAY, 'utf8'), file: 'librechat.overlay.yaml' },
          chartValues: { text: readFileSync(EXAMPLE_VALUES, 'utf8'), file: 'librechat.values.yaml' },
          ...options,
          derive: { accept },
        });
      const c = build(build([]).blocking.map((f) => f.id));
      assert.ok(c.objects.length > 0);
      assert.deepEqual(containmentObjects(c.objects), c.objects);
    });
  }

  it('refuses an object with another top-level field (it would be dropped in other languages)', () => {
    const o = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'b' } };
    assert.throws(() => containmentObjects([o]), /ConfigMap x is not apiVersion, kind, metadata and spec/);
  });
});
