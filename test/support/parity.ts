// CLI/component parity for a folder of librechat.yaml files: for each file and each Aviatrix
// variant, the custom resources the component creates are exactly the objects `render` writes for
// the same inputs (buildContainment(...).objects). Used for the own fixtures (test/component) and
// for the real-world corpus (test/corpus).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { find, resetCalls, resourcesOf, settle, valueOf } from './pulumi-mocks';
import { LibreChatContainment } from '../../lib/component';
import { buildEnvironment } from '../../lib/config/env';
import { displayName } from '../../lib/config/files';
import { renderCommand } from '../../lib/cli/commands';
import { buildContainment } from '../../lib/pipeline';
import type { AviatrixOptions } from '../../lib/render/aviatrix';

const VARIANTS: { label: string; aviatrix: AviatrixOptions }[] = [
  { label: 'defaults', aviatrix: {} },
  { label: 'chart-8.2', aviatrix: { target: 'chart-8.2' } },
  { label: 'watch, start/end logs', aviatrix: { target: 'chart-10.1', mode: 'watch', logProfile: 'start/end' } },
  { label: 'webgroup-policy form', aviatrix: { form: 'webgroup-policy' } },
];

let runs = 0;

/** One parity test per file of `dir` and variant, in a describe block of its own. */
export function parityCases(title: string, dir: string, files: string[]): void {
  describe(`component: parity with the CLI for ${title}`, () => {
    beforeEach(resetCalls);

    for (const file of files) {
      for (const variant of VARIANTS) {
        it(`${file} (${variant.label})`, async () => {
          const path = join(dir, file);
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

          const name = `parity${runs++}`;
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
  });
}
