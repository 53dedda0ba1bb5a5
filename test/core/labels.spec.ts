// Issue 7 §4: the overlay and label options cannot widen other workloads. A selector A "would
// select" B when A's labels are a subset of B's in the same namespace (an empty set selects all);
// either direction, and anything in kube-*, is an input error (exit 2), never an acceptable finding.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { buildEnvironment } from '../../lib/config/env';
import { ArgumentError, InputError } from '../../lib/config/errors';
import { labelKeyProblem, labelProblem, labelValueProblem, selects } from '../../lib/config/labels';
import { buildContainment, type Containment } from '../../lib/pipeline';
import type { DeriveOptions } from '../../lib/policy/derive';
import { run } from '../../lib/cli/main';

const QUIET =
  'version: 1.3.9\ninterface:\n  agents: false\n  mcpServers:\n    create: false\nendpoints:\n  agents:\n    capabilities: []\n';
const SERVER = `${QUIET}mcpServers:\n  docs:\n    url: http://docs-mcp:8000/mcp\n`;

function build(overlay?: string, derive: DeriveOptions = {}, yaml = SERVER, values = ''): Containment {
  return buildContainment({
    configText: yaml,
    configFile: 'librechat.yaml',
    env: buildEnvironment({ pairs: {} }),
    chartValues: { text: values, file: 'values.yaml' },
    overlay: overlay ? { text: overlay, file: 'librechat.overlay.yaml' } : undefined,
    derive,
  });
}

function overlayWith(labels: string, namespace?: string): string {
  return `mcpServers:\n  docs:\n${namespace ? `    namespace: ${namespace}\n` : ''}    matchLabels: ${labels}\n    egress: [api.github.com]\n`;
}

describe('labels and selectors (issue 7 §4)', () => {
  describe('label syntax, with the Kubernetes rule named', () => {
    it('accepts valid keys and values, including the empty value and a DNS prefix', () => {
      for (const [k, v] of [
        ['app', 'x'],
        ['app.kubernetes.io/name', 'docs-mcp'],
        ['a/B_c.d-e', ''],
        ['x'.repeat(63), 'y'.repeat(63)],
        [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}/n`, 'v'],
      ])
        assert.equal(labelProblem(k, v), undefined, `${k}=${v}`);
    });
    it('names the rule each invalid key breaks', () => {
      const cases: [string, RegExp][] = [
        ['', /empty name/],
        ['/name', /empty prefix/],
        ['a/b/c', /more than one "\/"/],
        ['Example.com/name', /not a DNS-1123 subdomain/],
        ['-bad.io/name', /not a DNS-1123 subdomain/],
        [`${'a'.repeat(254)}/n`, /longer than 253 characters \(DNS-1123 subdomain\)/],
        ['x'.repeat(64), /name part .* longer than 63/],
        ['-app', /must match \[A-Za-z0-9\]/],
        ['app-', /must match/],
        ['app name', /must match/],
        ['app\u001b[31m', /must match/],
      ];
      for (const [key, rule] of cases) assert.match(labelKeyProblem(key) ?? '', rule, JSON.stringify(key));
    });
    it('names the rule each invalid value breaks, and never shows the value', () => {
      assert.match(labelValueProblem('app', 'v'.repeat(64)) ?? '', /longer than 63/);
      assert.match(labelValueProblem('app', '-v') ?? '', /empty or match/);
      assert.match(labelValueProblem('app', 'a b') ?? '', /empty or match/);
      assert.match(labelValueProblem('app', 5) ?? '', /must be a string/);
      assert.doesNotMatch(labelValueProblem('app', 'sk-secret value') ?? '', /sk-secret/);
    });
    it('escapes control characters of a key in the message', () => {
      assert.doesNotMatch(labelKeyProblem('a\nFAKE LOG LINE') ?? '', /\n/);
    });
    it('refuses invalid overlay labels with their position', () => {
      assert.throws(
        () => build(overlayWith('{ "Bad_Prefix.io/name": docs }')),
        (e: Error) => e instanceof InputError && /librechat\.overlay\.yaml:\d+:\d+: .*DNS-1123/.test(e.message),
      );
      assert.throws(() => build(overlayWith('{ app: 5 }')), /must be a string/);
    });
    it('refuses invalid --label and --workload-label values with the rule (exit 2)', () => {
      for (const args of [
        ['--label', 'app=-x'],
        ['--label', 'bad key=x'],
        ['--workload-label', `mongodb:app=${'x'.repeat(64)}`],
        ['--workload-label', 'mongodb:Example.com/a=b'],
      ]) {
        let err = '';
        const code = run(['render', 'examples/librechat.yaml', ...args], {
          out: () => {},
          err: (t) => void (err += t),
        });
        assert.equal(code, 2, err);
        assert.match(err, /(must match|must be empty or match|longer than 63|DNS-1123)/);
      }
    });
  });

  describe('selects(a, b): a ⊆ b', () => {
    it('holds for the empty selector and for every subset, never for a conflicting value', () => {
      assert.equal(selects({}, {}), true);
      assert.equal(selects({}, { a: '1' }), true);
      assert.equal(selects({ a: '1' }, { a: '1', b: '2' }), true);
      assert.equal(selects({ a: '1' }, { a: '2' }), false);
      assert.equal(selects({ a: '' }, {}), false);
      assert.equal(selects({ toString: 'x' } as Record<string, string>, {}), false);
    });
    it('property: a ⊆ a ∪ b for all label sets', () => {
      const labels = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.constantFrom('', '1', '2'));
      fc.assert(fc.property(labels, labels, (a, b) => selects(a, { ...b, ...a })));
    });
  });

  describe('an overlay selector that would select another workload is an error', () => {
    const cases: [string, string, RegExp][] = [
      [
        'the LibreChat pods (a subset of its labels)',
        '{ app.kubernetes.io/instance: librechat }',
        /selects the pods of LibreChat API/,
      ],
      [
        'the LibreChat pods (exactly its labels)',
        '{ app.kubernetes.io/instance: librechat, app.kubernetes.io/name: librechat-librechat }',
        /(selects the pods of|is selected by the selector of) LibreChat API/,
      ],
      [
        'LibreChat selecting the MCP pods (a superset of its labels)',
        '{ app.kubernetes.io/instance: librechat, app.kubernetes.io/name: librechat-librechat, extra: x }',
        /is selected by the selector of LibreChat API/,
      ],
      ['MongoDB', '{ app.kubernetes.io/name: mongodb }', /selects the pods of MongoDB/],
      ['Meilisearch', '{ app.kubernetes.io/name: meilisearch, app.kubernetes.io/instance: librechat }', /Meilisearch/],
    ];
    for (const [what, labels, pattern] of cases) {
      it(what, () => {
        assert.throws(
          () => build(overlayWith(labels, 'librechat')),
          (e: Error) =>
            e instanceof InputError &&
            /^librechat\.overlay\.yaml:\d+:\d+ mcpServers\.docs: /.test(e.message) &&
            pattern.test(e.message),
        );
      });
    }
    it('another MCP server with the same or a contained selector', () => {
      const yaml = `${QUIET}mcpServers:\n  docs:\n    url: http://docs-mcp:8000/mcp\n  wiki:\n    url: http://wiki-mcp:8000/mcp\n`;
      const overlay =
        'mcpServers:\n  docs:\n    matchLabels: { app: tools }\n    egress: [a.example.com]\n  wiki:\n    matchLabels: { app: tools, tier: wiki }\n    egress: [b.example.com]\n';
      assert.throws(
        () => build(overlay, {}, yaml),
        /MCP server "docs" \(mcp-docs.*selects the pods of MCP server "wiki"/,
      );
    });
    it('but the same labels in another namespace select nothing of the stack', () => {
      const c = build(overlayWith('{ app.kubernetes.io/name: mongodb }', 'tools'));
      assert.ok(c.policy.workloads.some((w) => w.id === 'mcp-docs' && w.namespace === 'tools'));
    });
    it('and disjoint labels in the stack namespace are fine', () => {
      const c = build(overlayWith('{ app.kubernetes.io/name: docs-mcp }', 'librechat'));
      assert.ok(c.objects.some((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'librechat-mcp-docs'));
    });
  });

  describe('--label / --workload-label that would select another workload is an error', () => {
    const expectOption = (derive: DeriveOptions, pattern: RegExp, values = '') =>
      assert.throws(
        () => build(undefined, derive, QUIET, values),
        (e: Error) => e instanceof ArgumentError && pattern.test(e.message),
      );
    it('--label selecting the data stores (only the shared instance label)', () => {
      expectOption(
        { librechatLabels: { 'app.kubernetes.io/instance': 'librechat' } },
        /^librechatLabels: the pod selector of LibreChat API \(librechat\) selects the pods of MongoDB/,
      );
    });
    it('--label equal to a data store’s labels', () => {
      expectOption(
        { librechatLabels: { 'app.kubernetes.io/instance': 'librechat', 'app.kubernetes.io/name': 'meilisearch' } },
        /Meilisearch/,
      );
    });
    it('--workload-label making MongoDB select LibreChat', () => {
      expectOption(
        { workloadLabels: { mongodb: { 'app.kubernetes.io/instance': 'librechat' } } },
        /^workloadLabels\.mongodb: the pod selector of MongoDB \(mongodb\) selects the pods of LibreChat API/,
      );
    });
    it('--workload-label selected by LibreChat (a superset of its labels)', () => {
      expectOption(
        {
          workloadLabels: {
            mongodb: {
              'app.kubernetes.io/instance': 'librechat',
              'app.kubernetes.io/name': 'librechat-librechat',
              db: 'x',
            },
          },
        },
        /MongoDB .* is selected by the selector of LibreChat API/,
      );
    });
    it('an empty label set selects every pod', () => {
      expectOption({ librechatLabels: {} }, /is empty: it selects every pod in librechat/);
    });
    it('through the CLI: exit 2 with the option named', () => {
      let err = '';
      const code = run(['render', 'examples/librechat.yaml', '--label', 'app.kubernetes.io/instance=librechat'], {
        out: () => {},
        err: (t) => void (err += t),
      });
      assert.equal(code, 2);
      assert.match(err, /--label the pod selector of LibreChat API \(librechat\) selects the pods of/);
    });
  });

  describe('kube-system (CoreDNS) and other kube-* namespaces', () => {
    it('refuses an overlay namespace kube-system, kube-public, kube-node-lease', () => {
      for (const ns of ['kube-system', 'kube-public', 'kube-node-lease'])
        assert.throws(() => build(overlayWith('{ app: docs }', ns)), /belongs to the cluster itself/);
    });
    it('refuses an MCP server placed in kube-system by its URL, not only by the overlay', () => {
      const yaml = `${QUIET}mcpServers:\n  docs:\n    url: http://kube-dns.kube-system.svc.cluster.local:8000/mcp\n`;
      assert.throws(
        () =>
          build(
            'mcpServers:\n  docs:\n    matchLabels: { k8s-app: kube-dns }\n    egress: [a.example.com]\n',
            {},
            yaml,
          ),
        /kube-system, which belongs to the cluster itself/,
      );
    });
    it('refuses --namespace kube-system for the stack', () => {
      assert.throws(() => build(undefined, { namespace: 'kube-system' }, QUIET), /belongs to the cluster itself/);
    });
  });

  describe('no NetworkPolicy for a namespace the stack does not own', () => {
    it('property: every rendered NetworkPolicy is in the stack namespace, wherever the overlay puts servers', () => {
      fc.assert(
        fc.property(
          fc.constantFrom('librechat', 'tools', 'mcp-servers', 'payments', 'default'),
          fc.constantFrom('librechat', 'team-a'),
          (ns, stackNs) => {
            const c = build(overlayWith('{ app.kubernetes.io/name: docs-mcp }', ns), { namespace: stackNs });
            const foreign = c.objects.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace !== stackNs);
            assert.deepEqual(
              foreign.map((o) => `${o.metadata.namespace}/${o.metadata.name}`),
              [],
            );
            assert.equal(
              c.policy.findings.some((f) => f.id === 'namespace-not-owned:mcp-docs'),
              ns !== stackNs,
            );
          },
        ),
        { numRuns: 20 },
      );
    });
  });
});
