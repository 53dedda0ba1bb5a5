// installCrds false: the fields the rendered Aviatrix objects use, checked against the CRD the
// cluster serves (lib/render/live-crd.ts). A field a structural schema lacks is pruned silently.
import { strict as assert } from 'node:assert';
import { renderAviatrixCrds } from '../../lib/render/cluster';
import { CRD_FILES, readCrd } from '../../lib/render/crd-schema';
import { crdNameFor, missingCrdFields } from '../../lib/render/live-crd';
import type { AviatrixOptions } from '../../lib/render/aviatrix';
import { contain, QUIET } from '../support/core';

const YAML = `${QUIET}  custom:
    - name: Mistral
      baseURL: https://api.mistral.ai/v1
mcpServers:
  ip:
    url: https://9.9.9.9/mcp
`;

const objectsFor = (aviatrix: AviatrixOptions, decrypt = false) =>
  contain(YAML, {}, { decrypt }, aviatrix).objects.filter((o) => o.apiVersion.startsWith('networking.aviatrix.com/'));

describe('installed CRD check', () => {
  it('finds no gap when the installed CRD is the generation of the target, for every option the renderer takes', () => {
    const variants: [AviatrixOptions, boolean][] = [
      [{}, false],
      [{}, true],
      [{ mode: 'watch', logProfile: 'start/end' }, true],
      [{ target: 'chart-8.2' }, false],
      [{ form: 'webgroup-policy' }, false],
    ];
    for (const [aviatrix, decrypt] of variants) {
      const objects = objectsFor(aviatrix, decrypt);
      assert.ok(objects.length > 0);
      const crds = renderAviatrixCrds(aviatrix.target ?? 'chart-10.1');
      for (const o of objects) {
        const crd = crds.find((c) => c.metadata.name === crdNameFor(o, crds));
        assert.ok(crd, `a CRD for ${o.kind}`);
        assert.deepEqual(missingCrdFields(crd, [o]), [], `${o.kind} with ${JSON.stringify(aviatrix)}`);
      }
    }
  });

  it('names the fields a chart 8.2 CRD lacks for chart 10.1 objects (decryption, watch, log profile)', () => {
    const objects = objectsFor({ mode: 'watch' }, true).filter((o) => o.kind === 'FirewallPolicy');
    assert.deepEqual(missingCrdFields(readCrd(CRD_FILES['chart-8.2']), objects), [
      'spec.rules[].decryptPolicy',
      'spec.rules[].logProfile',
      'spec.rules[].watch',
    ]);
  });

  it('reports a version the CRD does not serve, and an absent CRD, and keeps preserved or open fields', () => {
    const [o] = objectsFor({});
    const crd = readCrd(CRD_FILES['chart-10.1']);
    const unserved = { ...crd, spec: { ...crd.spec, versions: [{ ...crd.spec.versions[0], served: false }] } };
    assert.deepEqual(missingCrdFields(unserved, [o!]), ['version v1alpha1 is not served']);
    assert.deepEqual(missingCrdFields(undefined, [o!]), ['version v1alpha1 is not served']);
    const open = {
      spec: {
        versions: [
          {
            name: 'v1alpha1',
            served: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
              },
            },
          },
        ],
      },
    };
    assert.deepEqual(missingCrdFields(open, [o!]), []);
    assert.equal(
      crdNameFor({ apiVersion: 'networking.aviatrix.com/v1alpha1', kind: 'Other' }, renderAviatrixCrds()),
      undefined,
    );
  });
});
