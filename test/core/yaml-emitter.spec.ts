// The fast YAML emitter (lib/render/yaml.ts fastYaml) writes exactly the bytes of the `yaml`
// library's Document (YAML 1.1, no folding) or gives the object back to the library; what it
// writes reads back as the same data with a YAML 1.1 reader (kubectl's) and a YAML 1.2 reader.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parse } from 'yaml';
import { fastYaml, toYaml, toYamlWithLibrary } from '../../lib/render/yaml';
import { escapeStrings } from '../../lib/config/display';

/** Characters that decide quoting: indicators, separators, digits and letters of implicit types, controls. */
const CHARS = [
  ...'aAbeEfFnNoOyYtTlrsux0123456789',
  ...' -_.:/#*&!|>%@`\'",[]{}?~+=<',
  '\t',
  '\n',
  '\u0007',
  '\u2028',
  'é',
  '\u{1F600}',
];
const tricky = fc.oneof(
  fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 8 }),
  fc.constantFrom('yes', 'No', 'on', 'OFF', 'y', 'n', '~', 'null', '0x1F', '0o17', '017', '1e3', '.inf', '.NaN'),
  fc.constantFrom('12:30', '2001-01-01', '<<', '---', '...', '- a', 'a: b', 'a #b', 'a:', ' a', 'a ', ''),
  fc.domain(),
  fc.ipV4().map((ip) => `${ip}/32`),
);
/** Mostly plain names, so that many objects take the fast path and the rest test its refusals. */
const text = fc.oneof({ arbitrary: fc.domain(), weight: 12 }, { arbitrary: tricky, weight: 1 });
const scalar = fc.oneof(text, text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const json = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.dictionary(text, tie('node'), { maxKeys: 5 }),
})).node;
const object = fc.dictionary(text, json, { minKeys: 1, maxKeys: 6 });
/** Data the emitter is meant for: names, hosts, CIDRs, integers, nested maps and lists. */
const plainish = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.domain(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    tie('list'),
    tie('map'),
  ),
  list: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.dictionary(fc.domain(), tie('node'), { maxKeys: 4 }),
})).node;

describe('fast YAML emitter', () => {
  it('writes the library bytes for every object, or leaves it to the library', () => {
    let fastRuns = 0;
    fc.assert(
      fc.property(object, (o) => {
        const fast = fastYaml(o);
        if (fast !== undefined) {
          fastRuns++;
          assert.equal(fast, toYamlWithLibrary(o));
        }
        assert.equal(toYaml(o), toYamlWithLibrary(o));
      }),
      { numRuns: 2000 },
    );
    // Not vacuous: a good share of the tricky objects take the fast path.
    assert.ok(fastRuns > 200, `fast path taken ${fastRuns} times`);
  });

  it('takes the fast path for the plain data the renderers write, and it reads back under YAML 1.1 and 1.2', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.domain(), plainish, { minKeys: 1, maxKeys: 6 }), (o) => {
        const fast = fastYaml(o);
        assert.notEqual(fast, undefined);
        assert.equal(fast, toYamlWithLibrary(o));
        const data = JSON.parse(JSON.stringify(o));
        assert.deepEqual(parse(fast!, { version: '1.1' }), data);
        assert.deepEqual(parse(fast!, { version: '1.2' }), data);
      }),
      { numRuns: 500 },
    );
  });

  it('reads back every fast output of tricky data as the same data under YAML 1.1 and 1.2', () => {
    fc.assert(
      fc.property(object, (o) => {
        const fast = fastYaml(o);
        if (fast === undefined) return;
        const data = JSON.parse(JSON.stringify(escapeStrings(o)));
        assert.deepEqual(parse(fast, { version: '1.1' }), data);
        assert.deepEqual(parse(fast, { version: '1.2' }), data);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves to the library what it does not print plain', () => {
    for (const v of ['yes', '0x1F', '0o17', '1e3', '12:30', '*.example.com', 'a: b', '', 'x\ny', 'tab\there', '\u2028'])
      assert.equal(fastYaml({ a: v }), undefined, JSON.stringify(v));
    assert.equal(fastYaml({ a: 1.5 }), undefined);
    assert.equal(fastYaml({ a: -0 }), undefined);
    assert.equal(fastYaml({ a: [undefined] }), undefined);
    assert.equal(fastYaml({ a: new Date(0) }), undefined);
    assert.equal(fastYaml({}), undefined);
    assert.equal(fastYaml(['a']), undefined);
    assert.equal(
      fastYaml({ a: 'api.openai.com', b: { c: [{ d: 1, e: [] }, [], {}], f: {} }, g: undefined }),
      toYamlWithLibrary({ a: 'api.openai.com', b: { c: [{ d: 1, e: [] }, [], {}], f: {} } }),
    );
  });
});
