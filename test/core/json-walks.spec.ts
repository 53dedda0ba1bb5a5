// Walks over untyped JSON read values as `unknown` (lib/config/json.ts): a field of the wrong type
// reads as empty and is reported by the schema, never a TypeError out of the middle of a walk.
import { strict as assert } from 'node:assert';
import { asArray, asRecord, isRecord } from '../../lib/config/json';
import { validateAviatrixObject } from '../../lib/render/validate';
import { summariseObjects } from '../../lib/cli/drift';
import { aksKubeconfig } from '../../lib/cloud/kubeconfig';
import type { KubeObject } from '../../lib/render/objects';

const policy = (spec: unknown): KubeObject => ({
  apiVersion: 'networking.aviatrix.com/v1alpha1',
  kind: 'FirewallPolicy',
  metadata: { name: 'p', namespace: 'librechat' },
  spec,
});

describe('untyped JSON walks', () => {
  it('reads only plain objects as records and only arrays as lists', () => {
    assert.equal(isRecord({}), true);
    for (const v of [null, undefined, [], 'x', 3, true]) {
      assert.equal(isRecord(v), false, String(v));
      assert.deepEqual(asRecord(v), {});
    }
    assert.deepEqual(asArray('abc'), []);
    assert.deepEqual(asArray({ length: 2 }), []);
    assert.deepEqual(asArray([1]), [1]);
  });

  it('validates a FirewallPolicy whose lists have the wrong type with schema problems, not a TypeError', () => {
    const problems = validateAviatrixObject(policy({ rules: 'all', smartGroups: { a: 1 }, webGroups: 7 }));
    assert.ok(problems.length > 0);
    assert.ok(problems.every((p) => p.startsWith('FirewallPolicy/p: ')));
    // Entries of the wrong type inside the lists: still the rules in code, no throw.
    const nested = validateAviatrixObject(policy({ rules: [null, 5], smartGroups: [null, { selectors: [null] }] }));
    assert.ok(nested.length > 0);
  });

  it('keeps the CEL rules on well-typed values (a reference with both name and uuid)', () => {
    const problems = validateAviatrixObject(
      policy({ smartGroups: [], webGroups: [], rules: [{ name: 'r', webGroups: [{ name: 'w', uuid: 'u' }] }] }),
    );
    assert.ok(problems.some((p) => p.includes('/spec/rules/0/webGroups/0: Either name or uuid must be set')));
    assert.ok(problems.some((p) => p.includes('no webGroup named "w" in this policy')));
  });

  it('summarises drift between committed objects of the wrong shape without throwing', () => {
    const before = [{ kind: 'FirewallPolicy', metadata: { name: 'p' }, spec: { rules: 'x' } }];
    const after = [
      {
        kind: 'FirewallPolicy',
        metadata: { name: 'p' },
        spec: { rules: [{ name: 'r', action: 'permit', webGroups: 3 }] },
      },
    ];
    assert.deepEqual(summariseObjects(before, after), [
      '+ rule r in FirewallPolicy p: permit /any to ? (the config adds it)',
    ]);
    const np = (egress: unknown) => ({ kind: 'NetworkPolicy', metadata: { name: 'n' }, spec: { egress } });
    assert.deepEqual(summariseObjects([np('x')], [np([{ to: [] }])]), [
      '+ egress rule in NetworkPolicy n: {"to":[]} (the config adds it)',
    ]);
  });

  it('refuses an AKS credential without a cluster name or with a CA that is not text', () => {
    const cred = (cluster: Record<string, unknown>) =>
      JSON.stringify({ clusters: [cluster], users: [{ name: 'u', user: { token: 't' } }] });
    const server = 'https://c.hcp.westeurope.azmk8s.io:443';
    assert.throws(
      () => aksKubeconfig({ userCredential: cred({ cluster: { server } }), entra: false }),
      /no cluster name/,
    );
    assert.throws(
      () =>
        aksKubeconfig({
          userCredential: cred({ name: 'c', cluster: { server, 'certificate-authority-data': 5 } }),
          entra: false,
        }),
      /certificate-authority-data/,
    );
    assert.throws(
      () => aksKubeconfig({ userCredential: cred({ name: 'c', cluster: {} }), entra: false }),
      /no cluster server/,
    );
    const ok = JSON.parse(aksKubeconfig({ userCredential: cred({ name: 'c', cluster: { server } }), entra: false }));
    assert.deepEqual(ok.users[0].user, { token: 't' });
    assert.equal(ok.clusters[0].cluster.server, server);
  });
});
