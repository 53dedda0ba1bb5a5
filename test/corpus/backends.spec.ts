// Issue 12, "Done when": every shared fixture renders for every backend, every object validates
// against its vendored schema, and `explain` is the same text for every backend except the
// enforcement lines (and the findings a backend adds). EKS, which narrows nothing, must allow
// exactly the (workload, host, port) set Aviatrix allows. Runs with the corpus (npm run test:corpus);
// corpus.spec.ts reports a missing folder.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { explainText } from '../../lib/render/explain';
import { aviatrixAllows, eksAnpAllows, key } from '../support/backends';
import { yamlFiles } from '../support/fixture-suite';
import { CORPUS } from '../support/paths';
import { validateObject } from '../support/validate';
import type { ContainmentInput } from '../../lib/pipeline';
import { containAcceptingAll } from '../support/core';

const build = (text: string, file: string, extra: Partial<ContainmentInput> = {}) =>
  containAcceptingAll(text, extra, file);

/** explain's text without the enforcement lines and without the findings section. */
function withoutEnforcement(text: string): string {
  return text
    .split('\nFindings')[0]!
    .split('\n')
    .filter((l) => !/^ {2}(Enforced by|Everything else|Internet egress: none|Plus DNS|Narrowed by)|^ {4,}\S/.test(l))
    .join('\n');
}

const BACKENDS = ['cilium', 'gke-fqdn', 'eks-anp'] as const;

if (existsSync(CORPUS)) {
  describe('the real-world corpus on every backend (issue 12)', () => {
    for (const file of yamlFiles(CORPUS)) {
      it(`${file}: renders and validates on ${BACKENDS.join(', ')}; explain differs only in the enforcement lines`, () => {
        const text = readFileSync(join(CORPUS, file), 'utf8');
        const aviatrix = build(text, file);
        const base = withoutEnforcement(explainText(aviatrix.policy));
        for (const backend of BACKENDS) {
          const c = build(text, file, { enforcement: { backend } });
          assert.deepEqual(c.blocking, [], `${backend}: blocking findings after accepting them all`);
          assert.equal(c.objects.filter((o) => o.kind === 'FirewallPolicy').length, 0, backend);
          for (const o of c.objects)
            assert.deepEqual(validateObject(o), [], `${backend}: ${o.kind} ${o.metadata.name}`);
          const t = explainText(c.policy, { ...c.enforcement, objects: c.objects });
          assert.equal(withoutEnforcement(t), base, `${backend}: explain differs outside the enforcement lines`);
          if (backend === 'eks-anp')
            assert.deepEqual(
              eksAnpAllows(c.objects).map(key).sort(),
              aviatrixAllows(aviatrix.objects).map(key).sort(),
              'eks-anp allows exactly what Aviatrix allows',
            );
        }
      });
    }
  });
}
