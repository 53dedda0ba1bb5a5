// CLI/component parity: for every fixture, the custom resources the component creates are exactly
// the objects `render` writes for the same inputs (buildContainment(...).objects).
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { find, resetCalls, resourcesOf, settle, valueOf } from '../support/pulumi-mocks';
import { LibreChatContainment } from '../../lib/component';
import { buildEnvironment } from '../../lib/config/env';
import { displayName } from '../../lib/config/files';
import { renderCommand } from '../../lib/cli/commands';
import { buildContainment } from '../../lib/pipeline';
import type { AviatrixOptions } from '../../lib/render/aviatrix';
import { EXAMPLES, FIXTURES, fixturesAvailable } from '../support/paths';
import { CA_PEM, mockEks } from './helpers';

const VARIANTS: { label: string; aviatrix: AviatrixOptions }[] = [
  { label: 'defaults', aviatrix: {} },
  { label: 'chart-8.2', aviatrix: { target: 'chart-8.2' } },
  { label: 'watch, start/end logs', aviatrix: { target: 'chart-10.1', mode: 'watch', logProfile: 'start/end' } },
  { label: 'webgroup-policy form', aviatrix: { form: 'webgroup-policy' } },
];

const fixtures = fixturesAvailable()
  ? readdirSync(FIXTURES)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
  : [];

describe('component: parity with the CLI for every fixture', () => {
  beforeEach(resetCalls);

  it('finds the fixtures', () => {
    assert.ok(fixtures.length >= 10, `fixtures in ${FIXTURES}`);
  });

  let n = 0;
  for (const file of fixtures) {
    for (const variant of VARIANTS) {
      it(`${file} (${variant.label})`, async () => {
        const path = join(FIXTURES, file);
        const configText = readFileSync(path, 'utf8');
        const env = { OPENAI_API_KEY: 'sk-test', ANTHROPIC_API_KEY: 'sk-ant-test' };
        const core = (accept: string[]) =>
          buildContainment({
            // The file as the CLI names it: relative to the working directory, never a machine path.
            configText,
            configFile: displayName(path),
            env: buildEnvironment({ pairs: env }),
            derive: { namespace: 'chat', release: 'lc', accept },
            aviatrix: variant.aviatrix,
          });
        const accept = core([]).blocking.map((f) => f.id);
        const expected = core(accept);
        assert.deepEqual(expected.blocking, []);

        // What `librechat-containment render --format json` writes for the same inputs.
        let out = '';
        const cliArgs = [
          path,
          '--format',
          'json',
          '--namespace',
          'chat',
          '--release',
          'lc',
          ...Object.entries(env).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
          ...accept.flatMap((id) => ['--accept', id]),
          ...(variant.aviatrix.target ? ['--target', variant.aviatrix.target] : []),
          ...(variant.aviatrix.mode ? ['--mode', variant.aviatrix.mode] : []),
          ...(variant.aviatrix.logProfile ? ['--log-profile', variant.aviatrix.logProfile] : []),
          ...(variant.aviatrix.form ? ['--form', variant.aviatrix.form] : []),
        ];
        assert.equal(
          renderCommand(cliArgs, {
            out: (t) => {
              out += t;
            },
            err: () => undefined,
          }),
          0,
        );
        const rendered = JSON.parse(out);
        assert.deepEqual(rendered, JSON.parse(JSON.stringify(expected.objects)));

        const name = `parity${n++}`;
        const c = new LibreChatContainment(name, {
          cloud: 'kubeconfig',
          kubeconfig: { kubeconfig: '{}', clusterId: 'parity' },
          config: { path, env },
          namespace: 'chat',
          release: 'lc',
          aviatrix: variant.aviatrix as Record<string, string>,
          acceptFindings: accept,
        });
        await settle();
        const crs = resourcesOf(name).filter((r) => /^kubernetes:networking\.(aviatrix\.com|k8s\.io)\//.test(r.type));
        assert.equal(crs.length, rendered.length);
        for (const o of rendered) {
          const ns = o.metadata.namespace !== 'chat' ? `${o.metadata.namespace}-` : '';
          const r = find(
            name,
            `kubernetes:${o.apiVersion}:${o.kind}`,
            `${name}-${o.kind.toLowerCase()}-${ns}${o.metadata.name}`,
          );
          assert.deepEqual(r.inputs, o);
        }
        assert.deepEqual(await valueOf(c.objects), expected.objects);
        assert.deepEqual(await valueOf(c.findings), expected.policy.findings);
      });
    }
  }

  for (const decrypt of [false, true]) {
    it(`with tls${decrypt ? ' and tls.decrypt: true' : ''}: the objects equal the CLI's ${decrypt ? 'with' : 'without'} --decrypt`, async () => {
      const cfg = join(EXAMPLES, 'librechat.yaml');
      const env = join(EXAMPLES, 'librechat.env');
      const cli = (flags: string[]) => {
        let out = '';
        assert.equal(
          renderCommand([cfg, '--format', 'json', '--env-from', env, ...flags], {
            out: (t) => {
              out += t;
            },
            err: () => undefined,
          }),
          0,
        );
        return JSON.parse(out);
      };
      const name = `parity-tls-${decrypt}`;
      const c = new LibreChatContainment(name, {
        cloud: 'kubeconfig',
        kubeconfig: { kubeconfig: '{}', clusterId: 'parity' },
        config: { path: cfg, envFile: env },
        tls: decrypt ? { caPem: CA_PEM, decrypt: true } : { caPem: CA_PEM },
      });
      const objects = await valueOf(c.objects);
      assert.deepEqual(objects, cli(decrypt ? ['--decrypt'] : []));
      assert.notDeepEqual(objects, cli(decrypt ? [] : ['--decrypt']), 'decryption changes the objects');
      await settle();
      for (const o of objects) {
        const ns = o.metadata.namespace !== 'librechat' ? `${o.metadata.namespace}-` : '';
        assert.deepEqual(
          find(name, `kubernetes:${o.apiVersion}:${o.kind}`, `${name}-${o.kind.toLowerCase()}-${ns}${o.metadata.name}`)
            .inputs,
          JSON.parse(JSON.stringify(o)),
        );
      }
    });
  }

  it("the bundled example with its overlay, chart values and EKS image pulls: objects and image pulls equal the CLI's", async () => {
    mockEks();
    const dir = mkdtempSync(join(tmpdir(), 'lcc-parity-'));
    try {
      let out = '';
      const cfg = join(EXAMPLES, 'librechat.yaml');
      const code = renderCommand(
        [
          cfg,
          '--format',
          'json',
          '--env-from',
          join(EXAMPLES, 'librechat.env'),
          '--chart-values',
          join(EXAMPLES, 'librechat.values.yaml'),
          '--cloud',
          'eks',
          '--region',
          'eu-west-1',
          '--image-pulls',
          join(dir, 'pulls.json'),
        ],
        {
          out: (t) => {
            out += t;
          },
          err: () => undefined,
        },
      );
      assert.equal(code, 0);
      const rendered = JSON.parse(out);
      const c = new LibreChatContainment('parity-example', {
        cloud: 'eks',
        eks: { clusterName: 'chat-prod', region: 'eu-west-1' },
        config: {
          path: cfg,
          envFile: join(EXAMPLES, 'librechat.env'),
          chartValuesPath: join(EXAMPLES, 'librechat.values.yaml'),
        },
        acceptFindings: ['cluster-snat-unverified'],
      });
      assert.deepEqual(await valueOf(c.objects), rendered);
      assert.deepEqual(await valueOf(c.imagePulls), JSON.parse(readFileSync(join(dir, 'pulls.json'), 'utf8')));
      await settle();
      for (const o of rendered) {
        const ns = o.metadata.namespace !== 'librechat' ? `${o.metadata.namespace}-` : '';
        assert.deepEqual(
          find(
            'parity-example',
            `kubernetes:${o.apiVersion}:${o.kind}`,
            `parity-example-${o.kind.toLowerCase()}-${ns}${o.metadata.name}`,
          ).inputs,
          o,
        );
      }
      assert.ok(
        rendered.some((o: any) => o.metadata.name === 'librechat-rag-api-egress'),
        'the chart values enable the RAG API',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
