// js-yaml stands in for the `yaml` library only where both read a text alike (lib/config/plain-yaml.ts),
// and a config read that way is the same document: the same data, digest, positions and errors.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { CORE_SCHEMA, load } from 'js-yaml';
import * as yaml from 'yaml';
import { isPlainTree, plainDocuments, plainMapping, readsAlike } from '../../lib/config/plain-yaml';
import { readConfigDocument } from '../../lib/config/document';
import { withFields } from '../../lib/config/source';
import { largeConfig } from '../../bench/generate';
import { EXAMPLES, FIXTURES } from '../support/paths';

/** The library's reading, as lib/config/document.ts asks for it; undefined on an error. */
function libraryData(text: string): unknown {
  const doc = yaml.parseDocument(text, { uniqueKeys: true, merge: true, prettyErrors: false, logLevel: 'error' });
  return doc.errors.length > 0 ? undefined : doc.toJS({ maxAliasCount: 1000 });
}

/** Each text reads apart in the two parsers without an error in either: readsAlike must send it to the library. */
const READ_APART: [string, string][] = [
  ['an anchor on an empty key', 'k: &a :\n'],
  ['a merge key', 'a: {b: 1}\nc:\n  <<: {b: 2}\n'],
  ['a non-specific tag', 'a: !foo x\n'],
  ['an empty key in a flow mapping', 'k: {: x}\n'],
  ['an empty flow entry', 'k: {:,}\n'],
  ['a binary number', 'a: 0b11\n'],
  ['a signed hexadecimal number', 'a: -0x1f\n'],
  ['a signed float without a leading digit', 'a: +.5\n'],
  ['negative zero', 'a: -0\n'],
  ['a null key', 'null: c\n'],
  ['a tilde key', '~: d\n'],
  ['a null key in a flow mapping', 'k: {null}\n'],
  ['a flow sequence as a key', '[a]: b\n'],
  ['an empty compact inner list entry', 'k:\n- -\n- y\n'],
  ['--- followed by text', '---0\n'],
  // From the adversarial review of this change:
  ['a tag right after a flow key’s colon', 'k: {"k":!!float 1}\n'],
  ['a quoted scalar ending its line in a backslash', 'a: "C:\\"\n"b": c\n'],
  ['an empty list entry alone on its line before a nested list', 'k:\n-\n  -\n- b\n'],
  ['a flow key without a space after its colon', 'k: {[a]:b}\n'],
  ['a flow sequence as a key without a colon', 'k: {[a]}\n'],
  ['a flow mapping as a key without a colon', 'k: {{a: 1}}\n'],
  ['a null key with an empty value in a flow mapping', 'k: {null:}\n'],
  ['a tilde key with an empty value in a flow mapping', 'k: {~:}\n'],
  ['a null key in a flow sequence', 'k: [null:]\n'],
  ['a null key before a comment in a flow mapping', 'k: {null #c\n}\n'],
  ['a float beyond a double', 'k: 1e400\n'],
  ['an integer beyond a double', `k: ${'9'.repeat(310)}\n`],
  ['a hexadecimal number beyond a double', `k: 0x${'f'.repeat(300)}\n`],
  ['--- followed by a no-break space', '---\u00a0a: 1\n'],
  ['a byte order mark after the start', '# c\n\uFEFFa: 1\n'],
  ['a lone carriage return', 'a: 1\rb: 2\n'],
];

/** Read alike here, but left to the library all the same: it has the guards, or they read apart elsewhere. */
const GUARDED: [string, string][] = [
  ['an alias (the library bounds its expansion and finds cycles)', 'a: &x 1\nb: *x\n'],
  ['a block scalar with an indentation indicator (apart at the root: `|1\\n    %0`)', 'k: |1\n   x\n'],
  ['an alias right after a flow key’s colon', 'a: {"v":&x {"0":1}}\nb: {"v":*x}\n'],
];

describe('js-yaml in place of the yaml library (plain-yaml)', () => {
  for (const [what, text] of [...READ_APART, ...GUARDED]) {
    it(`leaves ${what} to the library: ${JSON.stringify(text)}`, () => {
      assert.equal(readsAlike(text), false);
      assert.equal(plainMapping(text), undefined);
    });
  }

  it('each of those does read apart (the list names no construct that needs no guard)', () => {
    const apart = READ_APART.filter(([, text]) => {
      let js: unknown;
      try {
        js = load(text, { schema: CORE_SCHEMA });
      } catch {
        return true; // js-yaml refuses it; the library reads it (the alias, the tag, the merge key)
      }
      return !isDeepStrictEqual(js, libraryData(text));
    });
    assert.deepEqual(
      READ_APART.filter((c) => !apart.includes(c)).map(([what]) => what),
      [],
    );
  });

  it('reads every text it takes exactly as the library does (token soup, mapping at the root)', () => {
    const token = fc.constantFrom(
      ...['a', 'b', 'x', 'y', 'null', '~', 'true', '.inf', '0', '1', '-0', '0x', '0o', '+', '_', '.', 'e'],
      ...['-', ':', ' ', '  ', "'", '"', '#', '[', ']', '{', '}', ',', '|', '>', '\t', '\\', '\\n', '\\x4'],
      ...['\n', '\n  ', '\n- ', '&a', '*a', '!', '?', '%', '@', '`', 'é'],
    );
    fc.assert(
      fc.property(fc.constantFrom('k: ', 'k:\n  ', ''), fc.array(token, { maxLength: 30 }), (prefix, tokens) => {
        const text = `${prefix}${tokens.join('')}\n`;
        const plain = plainMapping(text);
        if (plain === undefined) return;
        const library = libraryData(text);
        // js-yaml may take a text the library refuses (LibreChat reads it so); where both read it, alike.
        if (library !== undefined) assert.ok(isDeepStrictEqual(plain, library), JSON.stringify(text));
      }),
      { numRuns: 20_000, seed: 9 },
    );
  });

  it('reads every bundled config and fixture as the library does, and takes the fast path for them', () => {
    const files = [
      ...readdirSync(FIXTURES).map((f) => join(FIXTURES, f)),
      join(EXAMPLES, 'librechat.yaml'),
      join(EXAMPLES, 'librechat.values.yaml'),
    ].filter((f) => f.endsWith('.yaml'));
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const plain = plainMapping(text);
      assert.ok(plain, `${file} takes the fast path`);
      assert.deepStrictEqual(plain, libraryData(text), file);
    }
  });

  it('reads multi-document manifests as the library does', () => {
    const text = 'a: 1\n---\nb: [x, y]\n---\nc: {d: e}\n';
    assert.deepStrictEqual(
      plainDocuments(text),
      yaml.parseAllDocuments(text).map((d) => d.toJS()),
    );
    assert.equal(plainDocuments('a: *x\n'), undefined);
  });
});

describe('a config read by js-yaml is the same document', () => {
  /** The same text read through the library's path: an alias-free comment forces it (`&` starts an anchor token). */
  const throughLibrary = (text: string) => readConfigDocument(`# &library\n${text}`, 'c.yaml');

  it('has the same data and digest as the library path, and positions one line lower there', () => {
    const text = largeConfig(20, 20);
    const fast = readConfigDocument(text, 'c.yaml');
    const slow = throughLibrary(text);
    assert.deepStrictEqual(fast.data, slow.data);
    assert.equal(fast.digest, slow.digest);
    for (const path of [['mcpServers', 'tool-3', 'url'], ['endpoints', 'custom', 7, 'baseURL'], ['version']]) {
      const a = fast.at(path);
      const b = slow.at(path);
      assert.deepEqual({ ...a, line: a.line + 1 }, { ...b });
    }
  });

  it('builds the library document only when a position is read (once per file), and a render never', () => {
    // yaml's exports are getters (not replaceable here), and this process loaded lib/config/document
    // long ago: a child counts the reads of yaml.parseDocument (one per call) through a proxy.
    const child = spawnSync(process.execPath, ['-e', COUNT_BUILDS, join(__dirname, '..', '..')], { encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    assert.deepEqual(JSON.parse(child.stdout), {
      afterRead: 0,
      afterPosition: 1,
      afterSecondPosition: 1,
      render: 0,
      exampleWithFindings: 0,
      findingsShown: 1,
    });
  });

  it('refuses an alias bomb written with flow keys (no space before the alias) as the library path does', () => {
    // 7 levels of 10 references each: 10^7 copies expanded; 763 bytes (the adversarial review's).
    const levels = ['l0: {"v":&a0 {' + Array.from({ length: 10 }, (_, i) => `"${i}":1`).join(',') + '}}'];
    for (let n = 1; n < 7; n++)
      levels.push(`l${n}: {"v":&a${n} {${Array.from({ length: 10 }, (_, i) => `"${i}":*a${n - 1}`).join(',')}}}`);
    const bomb = `${levels.join('\n')}\n`;
    assert.equal(plainMapping(bomb), undefined);
    assert.throws(() => readConfigDocument(bomb, 'bomb.yaml'), /bomb\.yaml:1:1: the YAML cannot be expanded/);
  });

  it('leaves shared or cyclic data to the library path even where no pattern sent it there', () => {
    const shared = { a: 1 };
    assert.equal(isPlainTree({ x: shared, y: shared }, 64), false);
    const cycle: Record<string, unknown> = {};
    cycle.self = { cycle };
    assert.equal(isPlainTree(cycle, 64), false);
    assert.equal(isPlainTree({ x: { a: 1 }, y: { a: 1 }, z: ['s', 's'] }, 64), true);
  });

  it('refuses a config nested deeper than the limit that js-yaml reads, with its position', () => {
    const deep = Array.from({ length: 70 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' x\n';
    assert.ok(plainMapping(deep), 'js-yaml reads 70 levels (its own limit is 100)');
    assert.throws(
      () => readConfigDocument(deep, 'deep.yaml'),
      /deep\.yaml:65:\d+: the YAML is nested more than 64 levels deep/,
    );
  });

  it('reports a YAML error in the library’s words when js-yaml refuses the text', () => {
    assert.throws(() => readConfigDocument('a: b: c\n', 'bad.yaml'), /bad\.yaml:1:4: not valid YAML: Nested mappings/);
  });
});

/** Run in a child: `argv[1]` is dist/; prints the number of library documents built at each step. */
const COUNT_BUILDS = `
const Module = require('node:module');
const path = require('node:path');
let built = 0;
const load = Module._load;
Module._load = function (request, ...rest) {
  const loaded = load.call(this, request, ...rest);
  if (request !== 'yaml') return loaded;
  return new Proxy(loaded, { get: (t, k) => { if (k === 'parseDocument') built += 1; return t[k]; } });
};
const dist = process.argv[1];
const { readConfigDocument } = require(path.join(dist, 'lib/config/document'));
const { buildContainment } = require(path.join(dist, 'lib/pipeline'));
const { Environment } = require(path.join(dist, 'lib/config/env'));
const { largeConfig } = require(path.join(dist, 'bench/generate'));
const counts = {};
const doc = readConfigDocument(largeConfig(5, 5), 'c.yaml');
const ref = doc.at(['mcpServers', 'tool-1', 'url']);
counts.afterRead = built;
if (!(ref.line > 1 && ref.column > 1)) throw new Error('no position');
counts.afterPosition = built;
doc.atKey(['endpoints']).line;
counts.afterSecondPosition = built;
built = 0;
buildContainment({ configText: largeConfig(30, 30), configFile: 'c.yaml', env: new Environment() });
counts.render = built;
built = 0;
const examples = path.join(dist, '..', 'examples');
const read = (f) => ({ file: f, text: require('node:fs').readFileSync(path.join(examples, f), 'utf8') });
const example = buildContainment({
  configText: read('librechat.yaml').text,
  configFile: 'librechat.yaml',
  env: new Environment(),
  chartValues: read('librechat.values.yaml'),
});
if (example.policy.findings.length === 0) throw new Error('the example gives findings without its env');
counts.exampleWithFindings = built;
JSON.stringify(example.policy.findings);
counts.findingsShown = built;
process.stdout.write(JSON.stringify(counts));
`;

function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

describe('withFields (a source with another path or via, its position unread)', () => {
  it('reads the position only when shown, and gives the fields a spread gives, in its order', () => {
    let reads = 0;
    const source = {
      file: 'c.yaml',
      path: 'a.b',
      get line() {
        reads += 1;
        return 3;
      },
      get column() {
        reads += 1;
        return 5;
      },
    };
    const via = { file: '.env', path: 'X', line: 2, column: 1 };
    const moved = withFields(source, { path: 'a.b (set)', via });
    assert.equal(reads, 0);
    assert.equal(JSON.stringify(moved), JSON.stringify({ ...source, path: 'a.b (set)', via }));
    assert.equal(
      JSON.stringify(withFields(moved, { via: undefined })),
      JSON.stringify({ ...source, path: 'a.b (set)' }),
    );
    assert.equal(withFields({ ...via, via }, {}).via, via);
  });
});
