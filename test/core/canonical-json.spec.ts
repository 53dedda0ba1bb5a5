// canonicalJson writes one string (it digests the whole config and compares whole manifests in a
// drift): the text is that of the plain recursive definition, kept here as the reference.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { canonicalJson } from '../../lib/config/document';
import { sameJson } from '../../lib/config/json';

function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${reference((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

describe('canonicalJson', () => {
  it('writes the reference text for edge cases (holes, undefined, functions, numeric keys, -0)', () => {
    const f = () => 1;
    // eslint-disable-next-line no-sparse-arrays
    const holes = [, 1, , 2];
    const cases: unknown[] = [
      1,
      'a',
      null,
      true,
      [],
      {},
      holes,
      { a: undefined, b: [undefined, null] },
      { a: f },
      [f],
      { 10: 1, 2: 2, a: 3, B: 4, é: 5 },
      { n: -0, i: Infinity, x: NaN },
      new Date(0),
    ];
    for (const c of cases) assert.equal(canonicalJson(c), reference(c));
  });

  it('writes the reference text for any JSON-like value', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withSparseArray: true }), (v) => {
        assert.equal(canonicalJson(v), reference(v));
      }),
      { numRuns: 500 },
    );
  });
});

describe('sameJson (the drift comparison without the texts)', () => {
  const json = fc.jsonValue({ maxDepth: 4 });
  // Shuffled key order and near-misses (one leaf changed) so that both answers are tested often.
  const reordered = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(reordered)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .reverse()
              .map(([k, x]) => [k, reordered(x)]),
          )
        : v;

  it('decides what comparing canonical JSON texts decides, for any JSON data', () => {
    fc.assert(
      fc.property(json, json, fc.boolean(), (a, b, same) => {
        const other = same ? reordered(a) : b;
        assert.equal(sameJson(a, other), canonicalJson(a) === canonicalJson(other));
      }),
      { numRuns: 2000 },
    );
  });

  it('tells a list from a map, a missing key from a null one, and 1 from "1"', () => {
    assert.equal(sameJson([], {}), false);
    assert.equal(sameJson({ a: null }, {}), false);
    assert.equal(sameJson({ a: null }, { b: null }), false);
    assert.equal(sameJson([1], ['1']), false);
    assert.equal(sameJson({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), true);
  });
});
