// The committed side of a drifting `check` is read with js-yaml (LibreChat's parser, several times
// faster on a large manifest) when the text holds nothing the two parsers could read apart, else
// with the `yaml` library as before. Either way the objects are those the library reads: the
// drift report does not depend on which parser ran.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseObjects } from '../../lib/cli/drift';
import { largeConfig } from '../../bench/generate';
import { buildContainment } from '../../lib/pipeline';
import { Environment } from '../../lib/config/env';
import { generatedHeader, renderManifests } from '../../lib/render/yaml';
import { GOLDEN } from '../support/paths';

/** The reference: the library's documents without errors, plain objects only. */
function libraryObjects(text: string): unknown[] {
  return parseAllDocuments(text)
    .filter((d) => d.errors.length === 0)
    .map((d) => d.toJS({ maxAliasCount: 100 }))
    .filter((o) => Boolean(o) && typeof o === 'object' && !Array.isArray(o));
}

function goldenManifests(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? goldenManifests(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : [],
  );
}

describe('drift: reading the committed manifests', () => {
  it('reads every golden manifest file as the yaml library does', () => {
    const files = goldenManifests(GOLDEN);
    assert.ok(files.length >= 10, `golden manifests under ${GOLDEN}`);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      assert.deepEqual(parseObjects(text), libraryObjects(text), file);
    }
  });

  it('reads a large rendered manifest (the benchmark config) as the yaml library does', () => {
    const c = buildContainment({
      configText: largeConfig(50, 50),
      configFile: 'large.yaml',
      env: new Environment(),
    });
    const text = renderManifests(c.objects, generatedHeader(c.policy, 'librechat-containment render'));
    const objects = parseObjects(text);
    assert.equal(objects.length, c.objects.length);
    assert.deepEqual(objects, libraryObjects(text));
  });

  it('leaves what the two parsers read apart to the library: numbers, directives, aliases', () => {
    const texts = [
      // Numbers for js-yaml, strings for YAML 1.2's core schema (and so for the library).
      'kind: A\nspec:\n  port: 1_000\n  mask: 0b101\n  hex: -0x1f\n  f: -.5\n',
      // A directive changes the schema of its document (YAML 1.1: yes is a boolean).
      '%YAML 1.1\n---\nkind: A\nspec:\n  on: yes\n',
      // Aliases: the library bounds their expansion.
      'kind: A\nbase: &b { x: 1 }\nspec: *b\n',
      // A document end marker.
      'kind: A\n...\n---\nkind: B\n',
    ];
    for (const text of texts) assert.deepEqual(parseObjects(text), libraryObjects(text), text);
    assert.deepEqual(parseObjects(texts[0]), [
      { kind: 'A', spec: { port: '1_000', mask: '0b101', hex: '-0x1f', f: -0.5 } },
    ]);
  });

  it('leaves out a document with an error and keeps the others, as the library does', () => {
    const text = 'kind: A\n---\nkind: B\nkind: C\n---\nkind: D\n';
    assert.deepEqual(parseObjects(text), libraryObjects(text));
    assert.deepEqual(parseObjects(text), [{ kind: 'A' }, { kind: 'D' }]);
  });

  it('reads nothing from an alias bomb (the library refuses it), rather than expanding it', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    assert.deepEqual(parseObjects(`${lines.join('\n')}\n`), []);
  });
});
