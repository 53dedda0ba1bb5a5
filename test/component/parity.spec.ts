// CLI/component parity: for every own fixture (test/fixtures; test/support/parity.ts), the custom
// resources the component creates are exactly the objects `render` writes for the same inputs; and
// the same for the bundled example with TLS inspection, chart values and image pulls.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { find, resetCalls, settle, valueOf } from '../support/pulumi-mocks';
import { LibreChatContainment } from '../../lib/component';
import { renderCommand } from '../../lib/cli/commands';
import { EXAMPLES, FIXTURES } from '../support/paths';
import { yamlFiles } from '../support/fixture-suite';
import { parityCases } from '../support/parity';
import { CA_PEM, mockEks } from './helpers';

parityCases('the own fixtures', FIXTURES, yamlFiles(FIXTURES));

describe('component: parity with the CLI', () => {
  beforeEach(resetCalls);

  it('has the own fixtures to compare', () => {
    assert.ok(yamlFiles(FIXTURES).length >= 10, `fixtures in ${FIXTURES}`);
  });

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
      // The CLI's --decrypt decrypts on every workload (the chart install mounts the CA); the
      // component only on those whose Deployments it patches (tls.patchLibreChat by default): the
      // same objects, with decryption off on every other workload's rules.
      const trusted = new Set(['librechat']);
      const onlyTrusted = (rendered: any[]) =>
        rendered.map((o) =>
          o.kind === 'FirewallPolicy' && !trusted.has(o.metadata.labels['librechat-containment/workload'])
            ? {
                ...o,
                spec: {
                  ...o.spec,
                  rules: o.spec.rules.map((r: any) => ({ ...r, decryptPolicy: 'decryptNotAllowed' })),
                },
              }
            : o,
        );
      assert.deepEqual(objects, decrypt ? onlyTrusted(cli(['--decrypt'])) : cli([]));
      assert.notDeepEqual(objects, cli(decrypt ? [] : ['--decrypt']), 'decryption changes the objects');
      if (decrypt) {
        // The example's in-cluster MCP server (mcp-docs) has permits, and its pods are not patched.
        assert.notDeepEqual(
          objects,
          cli(['--decrypt']),
          'no decryption on the MCP server the component does not patch',
        );
        const mcp = objects.find((o) => o.metadata.labels?.['librechat-containment/workload'] === 'mcp-docs') as any;
        assert.ok(mcp.spec.rules.some((r: any) => r.action === 'permit'));
        assert.ok(mcp.spec.rules.every((r: any) => r.decryptPolicy === 'decryptNotAllowed'));
      }
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
