// The drift patch cuts the unchanged head and tail off before jsdiff reads the texts
// (lib/cli/patch.ts): the patch must be the one jsdiff writes for the whole texts.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { applyPatch, createTwoFilesPatch } from 'diff';
import { filePatch } from '../../lib/cli/patch';

const patchOf = (before: string, after: string) =>
  filePatch(createTwoFilesPatch, 'a/x.yaml', 'b/x.yaml', before, after, 'committed', 'from config');
const libraryPatch = (before: string, after: string) =>
  createTwoFilesPatch('a/x.yaml', 'b/x.yaml', before, after, 'committed', 'from config');

/** A text of `n` lines from a small alphabet (repeated lines make alignments ambiguous), with or without a final line break. */
const lines = (max: number) =>
  fc.array(fc.constantFrom('a', 'b', 'c', '  - x', '', 'name: y'), { maxLength: max }).map((ls) => ls);
const edited = fc
  .tuple(lines(400), lines(6), lines(6), fc.nat(), fc.nat(), fc.boolean(), fc.boolean())
  .map(([base, removed, inserted, at, width, endA, endB]) => {
    const i = base.length === 0 ? 0 : at % base.length;
    const w = Math.min(width % 5, base.length - i);
    const before = [...base.slice(0, i), ...removed, ...base.slice(i + w)];
    const after = [...base.slice(0, i), ...inserted, ...base.slice(i + w)];
    return [before.join('\n') + (endA ? '\n' : ''), after.join('\n') + (endB ? '\n' : '')];
  });

describe('the drift patch (unchanged ends cut off)', () => {
  it('is the patch jsdiff writes for the whole texts, for one changed region among repeated lines', () => {
    fc.assert(
      fc.property(edited, ([before, after]) => {
        assert.equal(patchOf(before, after), libraryPatch(before, after));
      }),
      { numRuns: 1500, seed: 3 },
    );
  });

  it('applies, and gives the library patch, for changes far apart and at both ends', () => {
    const base = Array.from({ length: 3000 }, (_, i) => `line ${i}`);
    const after = [...base];
    after[0] = 'first changed';
    after[1500] = 'middle changed';
    after.splice(2999, 1);
    const [b, a] = [`${base.join('\n')}\n`, `${after.join('\n')}\n`];
    const patch = patchOf(b, a);
    assert.equal(patch, libraryPatch(b, a));
    assert.equal(applyPatch(b, patch), a);
    const one = [...base];
    one[2000] = 'changed';
    const single = patchOf(`${base.join('\n')}\n`, `${one.join('\n')}\n`);
    assert.match(single, /^@@ -1997,9 \+1997,9 @@$/m);
    assert.equal(single, libraryPatch(`${base.join('\n')}\n`, `${one.join('\n')}\n`));
  });

  it('handles a missing side and identical texts as the library does', () => {
    for (const [b, a] of [
      ['', 'a\nb\n'],
      ['a\nb\n', ''],
      ['a\n', 'a\n'],
      ['a', 'a\n'],
    ])
      assert.equal(patchOf(b, a), libraryPatch(b, a));
  });
});
