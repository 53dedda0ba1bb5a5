// Issue 8 §4: a librechat.yaml kept inside the chart values (librechat.configYamlContent) is read
// from there, with positions in the values file; a values file without it says what it is.
import { strict as assert } from 'node:assert';
import { buildEnvironment } from '../../lib/config/env';
import { InputError } from '../../lib/config/errors';
import { buildContainment } from '../../lib/pipeline';

const VALUES = `# LibreChat chart values
librechat:
  configEnv:
    MISTRAL_URL: https://api.mistral.ai/v1
  configYamlContent: |
    version: 1.3.9
    interface:
      mcpServers:
        create: false
    endpoints:
      agents:
        capabilities: []
      custom:
        - name: Mistral
          baseURL: \${MISTRAL_URL}
        - name: Broken
          baseURL: \${NOT_SET}
mongodb:
  enabled: true
`;

function fromValues(text: string) {
  return buildContainment({ configText: text, configFile: 'values.yaml', env: buildEnvironment({}) });
}

describe('librechat.yaml inside the chart values (librechat.configYamlContent)', () => {
  it('reads the config from the block scalar, with file:line:column in the values file', () => {
    const c = fromValues(VALUES);
    const mistral = c.policy.groups.find((g) => g.name === 'llm-mistral')!;
    assert.deepEqual(
      mistral.destinations.map((d) => d.host),
      ['api.mistral.ai'],
    );
    // The env of the chart values (configEnv) resolves ${MISTRAL_URL}; the values file is the chart values.
    const src = mistral.destinations[0].source;
    assert.deepEqual([src.file, src.line, src.column], ['values.yaml', 15, 20]);
    assert.equal(VALUES.split('\n')[src.line - 1].slice(src.column - 1), '${MISTRAL_URL}');
    const broken = c.blocking.find((f) => f.id === 'unresolved-variable:endpoints.custom.Broken.baseURL')!;
    assert.deepEqual([broken.source!.file, broken.source!.line, broken.source!.column], ['values.yaml', 17, 20]);
    assert.ok(c.policy.workloads.some((w) => w.id === 'mongodb'));
  });

  it('points a YAML error inside the block at its line in the values file', () => {
    const bad = VALUES.replace('        - name: Broken', '        - name: [Broken');
    assert.throws(
      () => fromValues(bad),
      (e: unknown) => e instanceof InputError && /^values\.yaml:1[6-9]:\d+: not valid YAML/.test(e.message),
    );
  });

  it('says what a values file without configYamlContent is, and what to pass instead', () => {
    assert.throws(
      () => fromValues('librechat:\n  configEnv:\n    A: b\nmongodb:\n  enabled: true\n'),
      (e: unknown) =>
        e instanceof InputError &&
        /values\.yaml:1:1: this is a values file of the LibreChat Helm chart \(top-level librechat, mongodb\), not librechat\.yaml/.test(
          e.message,
        ) &&
        /--chart-values values\.yaml/.test(e.fix),
    );
  });
});
