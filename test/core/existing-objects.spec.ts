// Pure helpers the component's ordering and ownership checks rest on: which rendered object is a
// namespace's default deny, and who else manages an object (its managedFields).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEnvironment } from '../../lib/config/env';
import { buildContainment } from '../../lib/pipeline';
import { foreignManagers } from '../../lib/render/cluster';
import { isDefaultDeny } from '../../lib/render/network-policies';
import { EXAMPLES } from '../support/paths';

describe('render: the default deny and foreign field managers', () => {
  it('isDefaultDeny: exactly the one rendered deny of the namespace, never an allow', () => {
    const file = (n: string) => ({ file: join(EXAMPLES, n), text: readFileSync(join(EXAMPLES, n), 'utf8') });
    const c = buildContainment({
      configText: file('librechat.yaml').text,
      configFile: 'librechat.yaml',
      env: buildEnvironment({ envFiles: [file('librechat.env')] }),
      overlay: file('librechat.overlay.yaml'),
      derive: { namespace: 'librechat', release: 'librechat' },
    });
    const nps = c.objects.filter((o) => o.kind === 'NetworkPolicy');
    assert.ok(nps.length > 2);
    assert.deepEqual(
      nps.filter(isDefaultDeny).map((o) => o.metadata.name),
      ['librechat-default-deny'],
    );
    const base = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'x' } };
    assert.equal(isDefaultDeny({ ...base, spec: { podSelector: {}, policyTypes: ['Egress'] } } as never), true);
    assert.equal(isDefaultDeny({ ...base, spec: { podSelector: {}, egress: [{}] } } as never), false);
    assert.equal(isDefaultDeny({ ...base, spec: { podSelector: { matchLabels: { a: 'b' } } } } as never), false);
    assert.equal(isDefaultDeny({ ...base, kind: 'CiliumNetworkPolicy', spec: { podSelector: {} } } as never), false);
  });

  it("foreignManagers: every manager but Pulumi's provider and status writers, sorted, once", () => {
    assert.deepEqual(foreignManagers(undefined), []);
    assert.deepEqual(
      foreignManagers([
        { manager: 'pulumi-kubernetes-1a2b3c4d', operation: 'Apply' },
        { manager: 'pulumi-kubernetes', operation: 'Update' },
        { manager: 'kube-apiserver', operation: 'Update', subresource: 'status' },
        { manager: 'kubectl-edit', operation: 'Update' },
        { manager: 'helm', operation: 'Update' },
        { manager: 'helm', operation: 'Update' },
      ]),
      ['helm', 'kubectl-edit'],
    );
  });
});
