// GitOps: `render --format kustomize`, `--sync-wave`, and `fn`, the KRM function. The function's
// contract is the KRM Functions Specification (kubernetes-sigs/kustomize
// cmd/config/docs/api-conventions/functions-spec.md, apiVersion v1): a ResourceList on stdin, a
// ResourceList on stdout, results, the internal path/index annotations, non-zero exit on failure.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { run } from '../../lib/cli/main';
import { manifestFileName } from '../../lib/cli/commands';
import {
  KRM_INDEX_ANNOTATIONS,
  KRM_PATH_ANNOTATIONS,
  SYNC_WAVE_ANNOTATION,
  withoutKrmPath,
} from '../../lib/render/gitops';
import type { KubeObject } from '../../lib/render/objects';
import { toYaml } from '../../lib/render/yaml';
import { EXAMPLES, FIXTURES, GOLDEN, ROOT } from '../support/paths';

interface Result {
  code: number;
  out: string;
  err: string;
}

function cli(argv: string[], stdin?: string): Result {
  let out = '';
  let err = '';
  const code = run(argv, {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    stdin: stdin === undefined ? undefined : () => Buffer.from(stdin),
  });
  return { code, out, err };
}

/** `fn` over `text`, run in `base` (it reads files relative to its working directory). */
function fn(text: string, base: string): Result {
  return inDir(base, () => cli(['fn'], text));
}

const FUNCTION_CONFIG = (spec: Record<string, unknown>) => ({
  apiVersion: 'librechat-containment/v1alpha1',
  kind: 'LibreChatContainment',
  metadata: { name: 'containment', annotations: { 'config.kubernetes.io/local-config': 'true' } },
  spec,
});

function resourceList(spec: Record<string, unknown>, items: unknown[] = []): string {
  return toYaml({
    apiVersion: 'config.kubernetes.io/v1',
    kind: 'ResourceList',
    items,
    functionConfig: FUNCTION_CONFIG(spec),
  });
}

/** The example as `npm start` renders it (env file, chart values, the overlay beside the config). */
const EXAMPLE_SPEC = {
  config: 'librechat.yaml',
  envFrom: ['librechat.env'],
  chartValues: 'librechat.values.yaml',
};
const EXAMPLE_ARGS = ['--env-from', 'librechat.env', '--chart-values', 'librechat.values.yaml'];

/** The containment objects of an output ResourceList, as `render` prints them (annotations of the function removed). */
function emitted(out: string): KubeObject[] {
  const list = parse(out) as { items: KubeObject[] };
  return list.items.filter((o) => o.metadata?.labels?.['app.kubernetes.io/managed-by'] === 'librechat-containment');
}

/** The YAML documents of a golden manifest file, without its generated header. */
function goldenDocs(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return text
    .slice(text.indexOf('---\n'))
    .split(/^---\n/m)
    .filter((d) => d !== '');
}

/** Runs `fn` with the process's working directory at `dir` (render reads paths from there too). */
function inDir<T>(dir: string, f: () => T): T {
  const before = process.cwd();
  process.chdir(dir);
  try {
    return f();
  } finally {
    process.chdir(before);
  }
}

describe('GitOps', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lcc-gitops-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('fn: the KRM function', () => {
    it('round trip: keeps the input items (and their comments), appends the render objects with their file, adds results', () => {
      const input = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
  # LibreChat's own object, passed through
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: librechat-config
      annotations:
        internal.config.kubernetes.io/path: librechat/configmap.yaml
    data:
      flag: "on"
functionConfig:
${toYaml(FUNCTION_CONFIG(EXAMPLE_SPEC))
  .split('\n')
  .map((l) => (l ? `  ${l}` : l))
  .join('\n')}`;
      const r = fn(input, EXAMPLES);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /# LibreChat's own object, passed through\n {2}- apiVersion: v1\n {4}kind: ConfigMap/);
      const list = parse(r.out);
      assert.equal(list.apiVersion, 'config.kubernetes.io/v1');
      assert.equal(list.kind, 'ResourceList');
      assert.deepEqual(list.items[0], parse(input).items[0]);
      const objects = JSON.parse(
        inDir(EXAMPLES, () => cli(['render', 'librechat.yaml', ...EXAMPLE_ARGS, '--format', 'json'])).out,
      ) as KubeObject[];
      const out = list.items.slice(1) as KubeObject[];
      assert.equal(out.length, objects.length);
      out.forEach((o, i) => {
        // Each object names the file `render --out` writes it to, index 0 (one object per file).
        for (const k of KRM_PATH_ANNOTATIONS) assert.equal(o.metadata.annotations?.[k], manifestFileName(objects[i]));
        for (const k of KRM_INDEX_ANNOTATIONS) assert.equal(o.metadata.annotations?.[k], '0');
        assert.deepEqual(withoutKrmPath(o), objects[i]);
      });
      const ids = (list.results as { tags: { id: string }; severity: string }[]).map((x) => x.tags.id);
      assert.ok(ids.includes('per-user-credentials:tools'), ids.join());
      assert.equal(ids[ids.length - 1], 'summary');
      assert.ok((list.results as { severity: string }[]).every((x) => x.severity !== 'error'));
      assert.match(r.err, /destination group\(s\)/);
    });

    it('a ConfigMap functionConfig (kpt fn eval -- key=value writes one): the same objects, lists comma-separated, booleans as text', () => {
      const configMap = (data: Record<string, unknown>) =>
        toYaml({
          apiVersion: 'config.kubernetes.io/v1',
          kind: 'ResourceList',
          items: [],
          functionConfig: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data },
        });
      const data = { config: 'librechat.yaml', envFrom: 'librechat.env', chartValues: 'librechat.values.yaml' };
      const viaConfigMap = fn(configMap({ ...data, decrypt: 'false', accept: ' a:b , c:d ' }), EXAMPLES);
      const viaKind = fn(resourceList({ ...EXAMPLE_SPEC, decrypt: false, accept: ['a:b', 'c:d'] }), EXAMPLES);
      assert.equal(viaConfigMap.code, 0, viaConfigMap.err);
      assert.equal(viaConfigMap.out, viaKind.out);
      // Positions point into data; a mapping field needs the LibreChatContainment kind.
      const mapping = fn(configMap({ ...data, env: 'A=1' }), EXAMPLES);
      assert.equal(mapping.code, 2);
      assert.equal(mapping.out, '');
      assert.match(
        mapping.err,
        /^error: stdin:\d+:\d+: functionConfig\.data\.env is a mapping, which a ConfigMap functionConfig cannot hold/,
      );
      assert.match(mapping.err, /kind LibreChatContainment with spec\.env/);
      const bool = fn(configMap({ ...data, decrypt: 'yes' }), EXAMPLES);
      assert.equal(bool.code, 2);
      assert.match(bool.err, /functionConfig\.data\.decrypt must be "true" or "false"/);
      const unknown = fn(configMap({ ...data, decript: 'true' }), EXAMPLES);
      assert.equal(unknown.code, 2);
      assert.match(unknown.err, /functionConfig\.data\.decript is not a field of LibreChatContainment/);
      const number = fn(configMap({ ...data, syncWave: -1 }), EXAMPLES);
      assert.equal(number.code, 2);
      assert.match(number.err, /functionConfig\.data\.syncWave must be a string \(a ConfigMap's data are strings\)/);
      // Another kind is still refused, naming both forms.
      const other = fn(
        toYaml({
          apiVersion: 'config.kubernetes.io/v1',
          kind: 'ResourceList',
          items: [],
          functionConfig: { apiVersion: 'v1', kind: 'Secret', data },
        }),
        EXAMPLES,
      );
      assert.equal(other.code, 2);
      assert.match(
        other.err,
        /functionConfig must be apiVersion librechat-containment\/v1alpha1, kind LibreChatContainment, or a v1 ConfigMap \(got "v1", "Secret"\)/,
      );
    });

    it('is idempotent: its own output as input gives the same output (the previous objects are replaced)', () => {
      const once = fn(resourceList(EXAMPLE_SPEC), EXAMPLES);
      assert.equal(once.code, 0, once.err);
      // The functionConfig is an input only: not echoed (it may hold env values); an orchestrator
      // sends it again with the next run.
      assert.equal(parse(once.out).functionConfig, undefined);
      const again = `${once.out}${toYaml({ functionConfig: FUNCTION_CONFIG(EXAMPLE_SPEC) })}`;
      const twice = fn(again, EXAMPLES);
      assert.equal(twice.code, 0, twice.err);
      assert.equal(twice.out, once.out);
    });

    it("replaces only this release's policy objects: another instance's and the CA ConfigMap pass through", () => {
      const other = fn(resourceList({ ...EXAMPLE_SPEC, release: 'other' }), EXAMPLES);
      assert.equal(other.code, 0, other.err);
      const ca = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        // As lib/render/trust.ts labels it.
        metadata: {
          name: 'librechat-containment-ca',
          namespace: 'librechat',
          labels: { 'app.kubernetes.io/managed-by': 'librechat-containment', 'app.kubernetes.io/part-of': 'librechat' },
        },
        data: { 'ca.crt': 'x' },
      };
      const items = [...parse(other.out).items, ca];
      const both = fn(resourceList(EXAMPLE_SPEC, items), EXAMPLES);
      assert.equal(both.code, 0, both.err);
      const out = parse(both.out).items as KubeObject[];
      assert.deepEqual(out.slice(0, items.length), items);
      const mine = out.slice(items.length);
      assert.ok(mine.length > 0 && mine.every((o) => o.metadata.labels?.['app.kubernetes.io/part-of'] === 'librechat'));
    });

    it('as a kustomize generator: its functionConfig, also among the items, passes through; JSON input works too', () => {
      // kustomize's fnplugin.go gives a generator its own config as the only item, marked local-config.
      const config = FUNCTION_CONFIG(EXAMPLE_SPEC);
      const r = fn(resourceList(EXAMPLE_SPEC, [config]), EXAMPLES);
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(parse(r.out).items[0], config);
      const json = JSON.stringify({
        apiVersion: 'config.kubernetes.io/v1beta1',
        kind: 'ResourceList',
        items: [],
        functionConfig: config,
      });
      const j = fn(json, EXAMPLES);
      assert.equal(j.code, 0, j.err);
      assert.equal(parse(j.out).apiVersion, 'config.kubernetes.io/v1beta1');
      assert.deepEqual(parse(j.out).items, parse(r.out).items.slice(1));
    });

    it('emits exactly the objects of the golden manifests (the bundled example, and every fixture)', () => {
      // The example's golden is rendered with --cloud eks --region eu-central-1 (test/core/fixtures.spec.ts).
      const example = fn(resourceList({ ...EXAMPLE_SPEC, cloud: 'eks', region: 'eu-central-1' }), EXAMPLES);
      assert.equal(example.code, 0, example.err);
      assert.deepEqual(
        emitted(example.out).map((o) => toYaml(withoutKrmPath(o))),
        goldenDocs(join(GOLDEN, 'example', 'manifests.yaml')),
      );
      const env: Record<string, Record<string, string>> = {
        // As test/core/fixtures.spec.ts renders them.
        'azure-groups.yaml': {
          OPENAI_API_KEY: 'user_provided',
          BEDROCK_AWS_DEFAULT_REGION: 'eu-central-1',
          AZURE_INSTANCE_SWC: 'contoso-swc',
        },
        'many-providers.yaml': { LLM_GATEWAY_URL: 'https://llm-gateway.corp.example.com/v1' },
        's3-storage.yaml': { AWS_REGION: 'eu-central-1', AWS_BUCKET_NAME: 'contoso-chat-files' },
      };
      const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml'));
      assert.ok(files.length >= 10);
      for (const file of files) {
        const spec = { config: file, env: env[file] ?? {} };
        // A fixture with error findings fails first; its results name the ids to accept.
        const first = fn(resourceList(spec), FIXTURES);
        const errors = (parse(first.out)?.results ?? [])
          .filter((x: { severity: string }) => x.severity === 'error')
          .map((x: { tags: { id: string } }) => x.tags.id);
        assert.equal(first.code, errors.length > 0 ? 2 : 0, `${file}: ${first.err}`);
        const r = errors.length > 0 ? fn(resourceList({ ...spec, accept: errors }), FIXTURES) : first;
        assert.equal(r.code, 0, `${file}: ${r.err}`);
        assert.deepEqual(
          emitted(r.out).map((o) => toYaml(withoutKrmPath(o))),
          goldenDocs(join(GOLDEN, 'fixtures', file.replace(/\.yaml$/, '.manifests.yaml'))),
          file,
        );
      }
    });

    it('property: for any options, the emitted objects equal render with the same options', () => {
      const option = fc.record(
        {
          namespace: fc.constantFrom('librechat', 'chat', 'ai-prod'),
          release: fc.constantFrom('librechat', 'lc', 'chat-prod'),
          backend: fc.constantFrom('aviatrix', 'cilium', 'gke-fqdn'),
          mode: fc.constantFrom('enforce', 'watch'),
          syncWave: fc.integer({ min: -5, max: 5 }),
          cloud: fc.constantFrom('eks', 'aks', 'gke'),
        },
        { requiredKeys: [] },
      );
      fc.assert(
        fc.property(option, (o) => {
          const r = fn(resourceList({ ...EXAMPLE_SPEC, ...o }), EXAMPLES);
          const args = [...EXAMPLE_ARGS];
          if (o.namespace) args.push('--namespace', o.namespace);
          if (o.release) args.push('--release', o.release);
          if (o.backend) args.push('--backend', o.backend);
          if (o.mode) args.push('--mode', o.mode);
          if (o.syncWave !== undefined) args.push(`--sync-wave=${o.syncWave}`);
          if (o.cloud) args.push('--cloud', o.cloud);
          const rendered = inDir(EXAMPLES, () => cli(['render', 'librechat.yaml', ...args, '--format', 'json']));
          assert.equal(r.code, rendered.code, `${r.err}\n${rendered.err}`);
          if (r.code !== 0) return;
          assert.deepEqual(emitted(r.out).map(withoutKrmPath), JSON.parse(rendered.out));
        }),
        { numRuns: 12 },
      );
    });

    it('a blocking finding: exit 2, the items unchanged, the finding as a result of severity error', () => {
      const spec = {
        configText:
          'version: 1.3.9\nendpoints:\n  custom:\n    - name: Mine\n      apiKey: user_provided\n      baseURL: user_provided\n      models: { default: [a] }\n',
      };
      const item = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } };
      const r = fn(resourceList(spec, [item]), dir);
      assert.equal(r.code, 2);
      const list = parse(r.out);
      assert.deepEqual(list.items, [item]);
      const blocking = list.results.filter((x: { severity: string }) => x.severity === 'error');
      assert.deepEqual(
        blocking.map((x: { tags: { id: string } }) => x.tags.id),
        ['user-provided-url:endpoints.custom.Mine.baseURL'],
      );
      assert.match(blocking[0].message, /^librechat\.yaml:6:16 endpoints\.custom\[Mine\]\.baseURL: /);
      assert.deepEqual(blocking[0].file, { path: 'librechat.yaml' });
      assert.match(r.err, /user-provided-url:endpoints\.custom\.Mine\.baseURL/);
      // Accepted by id: the function succeeds, and the result stays visible as an accepted warning.
      const ok = fn(resourceList({ ...spec, accept: ['user-provided-url:endpoints.custom.Mine.baseURL'] }), dir);
      assert.equal(ok.code, 0, ok.err);
      const accepted = parse(ok.out).results.find(
        (x: { tags: { id: string } }) => x.tags.id === 'user-provided-url:endpoints.custom.Mine.baseURL',
      );
      assert.equal(accepted.severity, 'warning');
      assert.equal(accepted.tags.accepted, 'yes');
    });

    describe('refuses a malformed input: exit 2, a message with its position, nothing on stdout', () => {
      const good = (spec: Record<string, unknown> = EXAMPLE_SPEC) => resourceList(spec);
      const cases: [string, () => string, RegExp][] = [
        ['empty input', () => '', /stdin:1:1: the standard input is empty/],
        ['not YAML', () => 'kind: [ResourceList\n', /stdin:\d+:\d+: not valid YAML/],
        [
          'two documents',
          () => `${good()}---\n${good()}`,
          /stdin:\d+:1: 2 YAML documents; a ResourceList is exactly one/,
        ],
        ['a list', () => '- a\n', /stdin:1:1: the input is not a mapping/],
        [
          'another kind',
          () => good().replace('kind: ResourceList', 'kind: List'),
          /stdin:2:7: kind must be ResourceList \(got "List"\)/,
        ],
        [
          'another apiVersion',
          () => good().replace('config.kubernetes.io/v1', 'v1'),
          /stdin:1:13: apiVersion must be config\.kubernetes\.io\/v1 or config\.kubernetes\.io\/v1beta1/,
        ],
        ['items missing', () => good().replace('items: []\n', ''), /items is missing/],
        ['items not a list', () => good().replace('items: []', 'items: {}'), /stdin:3:8: items must be a list/],
        [
          'an item without kind',
          () => good().replace('items: []', 'items: [{apiVersion: v1}]'),
          /items\[0\] is not a Kubernetes object/,
        ],
        [
          'functionConfig missing',
          () => toYaml({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [] }),
          /functionConfig is missing/,
        ],
        [
          'functionConfig of another kind',
          () => good().replace('kind: LibreChatContainment', 'kind: ConfigMap'),
          /functionConfig must be apiVersion librechat-containment\/v1alpha1, kind LibreChatContainment/,
        ],
        [
          'an unknown field',
          () => good({ ...EXAMPLE_SPEC, namspace: 'x' }),
          /stdin:\d+:5: functionConfig\.spec\.namspace is not a field/,
        ],
        [
          'a field of the wrong type',
          () => good({ ...EXAMPLE_SPEC, decrypt: 'yes' }),
          /functionConfig\.spec\.decrypt must be true or false/,
        ],
        ['no config', () => good({ envFrom: ['librechat.env'] }), /functionConfig\.spec needs config/],
        [
          'an env name with "="',
          () => good({ ...EXAMPLE_SPEC, env: { 'A=B': 'c' } }),
          /functionConfig\.spec\.env has the name "A=B"/,
        ],
        [
          'config and configText',
          () => good({ config: 'a.yaml', configText: 'version: 1.3.9' }),
          /sets both config and configText/,
        ],
        [
          'an absolute path',
          () => good({ config: '/etc/passwd' }),
          /functionConfig\.spec\.config \/etc\/passwd is an absolute path/,
        ],
        ['a path climbing out', () => good({ config: '../README.md' }), /climbs out with "\.\."/],
        [
          'an env file outside',
          () => good({ ...EXAMPLE_SPEC, envFrom: ['../package.json'] }),
          /functionConfig\.spec\.envFrom/,
        ],
        ['a missing file', () => good({ config: 'nope.yaml' }), /stdin:\d+:\d+: cannot read nope\.yaml \(ENOENT\)/],
        [
          'an invalid option value',
          () => good({ ...EXAMPLE_SPEC, namespace: 'Not_A_Namespace' }),
          /stdin:\d+:\d+: functionConfig\.spec\.namespace /,
        ],
        [
          'an invalid sync wave',
          () => good({ ...EXAMPLE_SPEC, syncWave: '1.5' }),
          /functionConfig\.spec\.syncWave must be an integer/,
        ],
      ];
      for (const [title, text, message] of cases) {
        it(title, () => {
          const r = inDir(EXAMPLES, () => cli(['fn'], text()));
          assert.equal(r.code, 2, r.err);
          assert.equal(r.out, '');
          assert.match(r.err, message);
          assert.match(r.err, /fix: /);
          assert.ok(!r.err.includes(ROOT), 'no machine path in the message');
        });
      }

      it('a symbolic link out of the working directory', () => {
        writeFileSync(join(dir, 'secret.yaml'), 'version: 1.3.9\n');
        mkdirSync(join(dir, 'work'));
        symlinkSync(join(dir, 'secret.yaml'), join(dir, 'work', 'librechat.yaml'));
        const r = inDir(join(dir, 'work'), () => cli(['fn'], resourceList({ config: 'librechat.yaml' })));
        assert.equal(r.code, 2);
        assert.equal(r.out, '');
        assert.match(r.err, /leads out of the working directory \(a symbolic link\)/);
      });

      it('a secret in the text it would print (checked on the printed document, results included)', () => {
        const spec = {
          configText:
            'version: 1.3.9\nendpoints:\n  custom:\n    - name: Mine\n      apiKey: ${MINE_API_KEY}\n      baseURL: https://leakyhost.example.com/v1\n      models: { default: [a] }\n',
          env: { MINE_API_KEY: 'leakyhost.example.com' },
        };
        const r = fn(resourceList(spec), dir);
        assert.equal(r.code, 2, r.out);
        assert.equal(r.out, '');
        assert.match(r.err, /refusing to print or write the output: it would contain the value of MINE_API_KEY/);
        // An input item holding that value is the user's own: passed through, not a leak of ours.
        const own = {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'own' },
          data: { k: 'leakyhost.example.com' },
        };
        const spec2 = { ...spec, configText: spec.configText.replace('leakyhost.example.com', 'api.example.com') };
        const ok = fn(resourceList(spec2, [own]), dir);
        assert.equal(ok.code, 0, ok.err);
        assert.deepEqual(parse(ok.out).items[0], own);
      });

      it('an item aliasing an anchor inside functionConfig (not printed): its position, not an internal error', () => {
        const text = [
          'apiVersion: config.kubernetes.io/v1',
          'kind: ResourceList',
          'functionConfig:',
          '  apiVersion: librechat-containment/v1alpha1',
          '  kind: LibreChatContainment',
          '  metadata: &meta { name: containment }',
          "  spec: { configText: 'version: 1.3.9' }",
          'items:',
          '  - apiVersion: v1',
          '    kind: ConfigMap',
          '    metadata: *meta',
          '',
        ].join('\n');
        const r = fn(text, dir);
        assert.equal(r.code, 2, r.err);
        assert.equal(r.out, '');
        assert.match(r.err, /stdin:11:15: the alias \*meta refers to an anchor inside functionConfig/);
        assert.match(r.err, /Write the value out where the alias is/);
      });

      it('any file when it runs in the file system root (the relative-path check protects nothing there)', () => {
        const r = inDir('/', () => cli(['fn'], resourceList({ config: 'etc/hostname' })));
        assert.equal(r.code, 2);
        assert.equal(r.out, '');
        assert.match(r.err, /the function runs in a file system root \(\/\), so it reads no file/);
      });

      it('a file under /proc or /sys, even inside the working directory', function () {
        if (process.platform !== 'linux') this.skip();
        for (const [cwd, file] of [
          ['/proc', 'self/environ'],
          ['/sys', 'devices'],
        ]) {
          const r = inDir(cwd, () => cli(['fn'], resourceList({ config: file })));
          assert.equal(r.code, 2, r.err);
          assert.equal(r.out, '');
          assert.match(r.err, /is under \/proc or \/sys, a kernel file system/);
        }
      });

      it('a FIFO or a directory in place of a file (read through one descriptor, never blocking)', () => {
        mkdirSync(join(dir, 'cfg'));
        const r = fn(resourceList({ config: 'cfg' }), dir);
        assert.equal(r.code, 2);
        assert.equal(r.out, '');
        assert.match(r.err, /cfg: the LibreChat config is a directory, not a file/);
        if (process.platform === 'win32') return;
        assert.equal(spawnSync('mkfifo', [join(dir, 'pipe')]).status, 0);
        const p = fn(resourceList({ config: 'pipe' }), dir);
        assert.equal(p.code, 2);
        assert.match(p.err, /pipe: the LibreChat config is not a regular file/);
      });

      it('an input item with the name of an object it generates', () => {
        const clash = {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: 'librechat-default-deny', namespace: 'librechat' },
        };
        const r = inDir(EXAMPLES, () => cli(['fn'], resourceList(EXAMPLE_SPEC, [clash])));
        assert.equal(r.code, 2);
        assert.equal(r.out, '');
        assert.match(
          r.err,
          /items\[0\] is NetworkPolicy librechat\/librechat-default-deny, which this function generates/,
        );
      });

      it('an input item with the name of an object it generates but no namespace (a namespace transformer sets it later)', () => {
        const clash = {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: 'librechat-default-deny' },
          spec: { podSelector: {}, ingress: [{}], egress: [{}] },
        };
        const r = inDir(EXAMPLES, () => cli(['fn'], resourceList(EXAMPLE_SPEC, [clash])));
        assert.equal(r.code, 2);
        assert.equal(r.out, '');
        assert.match(
          r.err,
          /items\[0\] is NetworkPolicy librechat\/librechat-default-deny, which this function generates/,
        );
      });

      it("an item with this function's labels for this release that this run does not generate (never dropped, never kept)", () => {
        const foreign = {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: {
            name: 'allow-everything',
            namespace: 'librechat',
            labels: {
              'app.kubernetes.io/managed-by': 'librechat-containment',
              'app.kubernetes.io/part-of': 'librechat',
            },
          },
          spec: { podSelector: {}, egress: [{}] },
        };
        const r = inDir(EXAMPLES, () => cli(['fn'], resourceList(EXAMPLE_SPEC, [foreign])));
        assert.equal(r.code, 2);
        assert.equal(r.out, '');
        assert.match(
          r.err,
          /items\[0\] is NetworkPolicy librechat\/allow-everything, labelled as this function's for release librechat, but this run does not generate it/,
        );
      });

      it('arguments (its options are the functionConfig)', () => {
        const r = cli(['fn', '--namespace', 'x'], good());
        assert.equal(r.code, 2);
        assert.match(r.err, /fn takes no arguments/);
      });
    });

    it('runs as a process: reads the ResourceList from a pipe, files relative to its working directory', () => {
      const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'lib', 'cli', 'main.js'), 'fn'], {
        cwd: EXAMPLES,
        input: resourceList(EXAMPLE_SPEC),
        encoding: 'utf8',
      });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, fn(resourceList(EXAMPLE_SPEC), EXAMPLES).out);
    });
  });

  describe('with kpt, when it is on PATH (skipped otherwise: npm test needs nothing outside the repository)', () => {
    const kpt = spawnSync('kpt', ['version'], { encoding: 'utf8' });
    before(function () {
      if (kpt.status !== 0) this.skip();
    });

    it('kpt fn eval --exec writes the files of render --format kustomize (parsed equal), and a second run changes nothing', function () {
      this.timeout(60_000);
      const work = join(dir, 'work');
      mkdirSync(join(work, 'out'), { recursive: true });
      for (const f of ['librechat.yaml', 'librechat.env', 'librechat.values.yaml', 'librechat.overlay.yaml'])
        writeFileSync(join(work, f), readFileSync(join(EXAMPLES, f)));
      const script = join(work, 'lcc.sh');
      writeFileSync(
        script,
        `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'dist', 'lib', 'cli', 'main.js')}" fn\n`,
        {
          mode: 0o755,
        },
      );
      writeFileSync(join(work, 'fn.yaml'), toYaml(FUNCTION_CONFIG(EXAMPLE_SPEC)));
      const evalOnce = () =>
        spawnSync('kpt', ['fn', 'eval', 'out', '--exec', script, '--fn-config', 'fn.yaml'], {
          cwd: work,
          encoding: 'utf8',
        });
      const first = evalOnce();
      assert.equal(first.status, 0, first.stderr);
      const rendered = join(dir, 'rendered');
      inDir(work, () => cli(['render', 'librechat.yaml', ...EXAMPLE_ARGS, '--format', 'kustomize', '--out', rendered]));
      const written = readdirSync(join(work, 'out')).sort();
      const manifests = parse(readFileSync(join(rendered, 'kustomization.yaml'), 'utf8')).resources as string[];
      assert.deepEqual(written, manifests);
      for (const f of written)
        assert.deepEqual(
          parse(readFileSync(join(work, 'out', f), 'utf8')),
          parse(readFileSync(join(rendered, f), 'utf8')),
        );
      const before = written.map((f) => readFileSync(join(work, 'out', f), 'utf8'));
      const second = evalOnce();
      assert.equal(second.status, 0, second.stderr);
      assert.deepEqual(
        readdirSync(join(work, 'out'))
          .sort()
          .map((f) => readFileSync(join(work, 'out', f), 'utf8')),
        before,
      );
    });
  });

  describe('render --format kustomize', () => {
    const example = ['librechat.yaml', ...EXAMPLE_ARGS];

    it('writes the manifests and a kustomization.yaml listing exactly them, sorted', () => {
      const out = join(dir, 'containment');
      const r = inDir(EXAMPLES, () => cli(['render', ...example, '--format', 'kustomize', '--out', out]));
      assert.equal(r.code, 0, r.err);
      const files = readdirSync(out).sort();
      const manifests = files.filter((f) => f !== 'kustomization.yaml' && f !== 'image-pulls.tf.json');
      assert.deepEqual(files, [...manifests, 'image-pulls.tf.json', 'kustomization.yaml'].sort());
      const text = readFileSync(join(out, 'kustomization.yaml'), 'utf8');
      assert.match(text, /^# Generated by librechat-containment from librechat\.yaml/);
      const k = parse(text);
      assert.equal(k.apiVersion, 'kustomize.config.k8s.io/v1beta1');
      assert.equal(k.kind, 'Kustomization');
      assert.deepEqual(k.resources, manifests);
      assert.deepEqual(k.resources, [...k.resources].sort());
      // The files are those of `render --out` (YAML): the same names and text.
      const plain = join(dir, 'plain');
      inDir(EXAMPLES, () => cli(['render', ...example, '--out', plain]));
      for (const f of manifests) assert.equal(readFileSync(join(out, f), 'utf8'), readFileSync(join(plain, f), 'utf8'));
      // `check --format kustomize` accepts the folder; without it, the kustomization is unexpected.
      const same = inDir(EXAMPLES, () => cli(['check', ...example, '--format', 'kustomize', '--against', out]));
      assert.equal(same.code, 0, same.err);
      const other = inDir(EXAMPLES, () => cli(['check', ...example, '--against', out]));
      assert.equal(other.code, 1);
      assert.match(other.err, /kustomization\.yaml/);
      // Drift: the regenerate hint keeps the format (a plain --out would delete the kustomization).
      const drift = inDir(EXAMPLES, () =>
        cli(['check', ...example, '--release', 'other', '--format', 'kustomize', '--against', out]),
      );
      assert.equal(drift.code, 1);
      assert.match(drift.err, /~ changed file kustomization\.yaml/);
      assert.match(
        drift.err,
        /Regenerate with `librechat-containment render librechat\.yaml --format kustomize --out /,
      );
      // A second render leaves it as it was.
      inDir(EXAMPLES, () => cli(['render', ...example, '--format', 'kustomize', '--out', out]));
      assert.equal(readFileSync(join(out, 'kustomization.yaml'), 'utf8'), text);
    });

    it('never overwrites a hand-written kustomization.yaml, and needs --out', () => {
      const out = join(dir, 'containment');
      mkdirSync(out);
      writeFileSync(join(out, 'kustomization.yaml'), 'resources: [mine.yaml]\n');
      const r = inDir(EXAMPLES, () => cli(['render', ...example, '--format', 'kustomize', '--out', out]));
      assert.equal(r.code, 2);
      assert.match(r.err, /kustomization\.yaml/);
      assert.equal(readFileSync(join(out, 'kustomization.yaml'), 'utf8'), 'resources: [mine.yaml]\n');
      const single = inDir(EXAMPLES, () =>
        cli(['check', ...example, '--format', 'kustomize', '--against', join(dir, 'policy.yaml')]),
      );
      assert.equal(single.code, 2);
      assert.match(single.err, /--format kustomize compares a folder/);
      const noOut = inDir(EXAMPLES, () => cli(['render', ...example, '--format', 'kustomize']));
      assert.equal(noOut.code, 2);
      assert.equal(noOut.out, '');
      assert.match(noOut.err, /--format kustomize writes a folder: give it with --out DIR/);
    });
  });

  describe('--sync-wave', () => {
    it('annotates every object (and only adds that annotation); check compares it', () => {
      const example = ['librechat.yaml', ...EXAMPLE_ARGS, '--format', 'json'];
      const plain = JSON.parse(inDir(EXAMPLES, () => cli(['render', ...example])).out) as KubeObject[];
      const waved = JSON.parse(
        inDir(EXAMPLES, () => cli(['render', ...example, '--sync-wave=-1'])).out,
      ) as KubeObject[];
      assert.equal(waved.length, plain.length);
      waved.forEach((o, i) => {
        assert.equal(o.metadata.annotations?.[SYNC_WAVE_ANNOTATION], '-1');
        const { [SYNC_WAVE_ANNOTATION]: _wave, ...rest } = o.metadata.annotations!;
        void _wave;
        assert.deepEqual(
          { ...o, metadata: { ...o.metadata, annotations: rest } },
          {
            ...plain[i],
            metadata: { ...plain[i].metadata, annotations: { ...plain[i].metadata.annotations } },
          },
        );
      });
      const out = join(dir, 'c');
      inDir(EXAMPLES, () => cli(['render', 'librechat.yaml', ...EXAMPLE_ARGS, '--sync-wave', '3', '--out', out]));
      const same = inDir(EXAMPLES, () =>
        cli(['check', 'librechat.yaml', ...EXAMPLE_ARGS, '--sync-wave', '3', '--against', out]),
      );
      assert.equal(same.code, 0, same.err);
      const other = inDir(EXAMPLES, () => cli(['check', 'librechat.yaml', ...EXAMPLE_ARGS, '--against', out]));
      assert.equal(other.code, 1);
    });

    it('refuses a wave that is not an integer', () => {
      for (const bad of ['x', '1.5', '99999999999', '']) {
        const r = inDir(EXAMPLES, () => cli(['render', 'librechat.yaml', `--sync-wave=${bad}`]));
        assert.equal(r.code, 2, bad);
        assert.equal(r.out, '');
        assert.match(r.err, /--sync-wave must be an integer/);
      }
    });
  });
});
