// The catalog of finding texts: every kind has its words there, every rule there is reported by
// some code, and the README's table of findings lists exactly the kinds the catalog knows.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FINDING_KINDS, makeFinding, type FindingKindName } from '../../lib/policy/findings';
import { FINDING_TEXTS, findingText } from '../../lib/policy/finding-texts';
import { ROOT } from '../support/paths';

const KINDS = Object.keys(FINDING_KINDS).sort() as FindingKindName[];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The README's table of findings: each row's kinds (first column) and its severity column. */
function readmeTable(): { kinds: string[]; severity: string }[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n');
  const start = readme.findIndex((l) => l.trim() === '| kind | severity | meaning |');
  assert.ok(start >= 0, 'README has a table of findings');
  const rows: { kinds: string[]; severity: string }[] = [];
  for (const line of readme.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const [kinds, severity] = line.split('|').slice(1, 3);
    rows.push({ kinds: [...kinds.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]), severity: severity.trim() });
  }
  return rows;
}

describe('finding texts (lib/policy/finding-texts.ts)', () => {
  it('has at least one rule, each with a message and a fix template, for every kind, and no other kinds', () => {
    assert.deepEqual(Object.keys(FINDING_TEXTS).sort(), KINDS);
    for (const kind of KINDS) {
      const rules = Object.entries(FINDING_TEXTS[kind]);
      assert.ok(rules.length > 0, kind);
      for (const [rule, text] of rules) {
        assert.equal(typeof text.message, 'function', `${kind}/${rule} message`);
        assert.equal(typeof text.fix, 'function', `${kind}/${rule} fix`);
      }
    }
  });

  it('reports every rule somewhere in lib/ (no dead texts)', () => {
    const code = sources(join(ROOT, 'lib'))
      .filter((f) => !f.endsWith('finding-texts.ts'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const unused = KINDS.flatMap((kind) =>
      Object.keys(FINDING_TEXTS[kind])
        .filter((rule) => !new RegExp(`'${kind}',\\s*'${rule}'`).test(code))
        .map((rule) => `${kind}/${rule}`),
    );
    assert.deepEqual(unused, []);
  });

  it('fills the templates with the values named, and makeFinding keeps the kind, id and severity', () => {
    assert.deepEqual(findingText('invalid-url', 'bad-port', { port: 70000, title: 'custom endpoint "A": x' }), {
      message: 'custom endpoint "A": x names port 70000, which is not a TCP port.',
      fix: 'Give a port from 1 to 65535.',
    });
    const f = makeFinding('accept-unused', 'entry', { id: 'public-ip:x', listed: true }, 'public-ip-x');
    assert.equal(f.id, 'accept-unused:public-ip-x');
    assert.equal(f.severity, FINDING_KINDS['accept-unused'].severity);
    assert.equal(f.message, 'The accept list entry public-ip:x names no finding of this config; it has no effect.');
    assert.equal(
      makeFinding('accept-unused', 'entry', { id: 'a', listed: false }, 'a').message,
      '--accept a names no finding of this config; it has no effect.',
    );
  });

  it('types the values per rule: a missing, unknown or mistyped value, or an unknown rule, does not compile', () => {
    // These lines are checked by the build (tsc): each @ts-expect-error must meet an error.
    const never = (): void => {
      // @ts-expect-error port is missing
      findingText('invalid-url', 'bad-port', { title: 't' });
      // @ts-expect-error port is a number
      findingText('invalid-url', 'bad-port', { port: '1', title: 't' });
      // @ts-expect-error no such value
      findingText('invalid-url', 'bad-port', { port: 1, title: 't', host: 'h' });
      // @ts-expect-error no such rule for this kind
      findingText('invalid-url', 'entry', { id: 'a', listed: true });
    };
    assert.equal(typeof never, 'function');
  });

  it('matches the README table of findings: the same kinds, each with its severity', () => {
    const rows = readmeTable();
    const listed = rows.flatMap((r) => r.kinds).sort();
    assert.deepEqual(listed, KINDS, 'README table kinds = catalog kinds (each once)');
    for (const row of rows)
      for (const kind of row.kinds) {
        const severity = FINDING_KINDS[kind as FindingKindName].severity;
        assert.ok(
          row.severity.split(' / ').includes(severity),
          `${kind}: README says ${row.severity}, not ${severity}`,
        );
      }
  });
});
