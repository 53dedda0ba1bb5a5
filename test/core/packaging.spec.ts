// What `npm pack` ships: the compiled library (dist/lib), the vendored CRD schemas, README and
// LICENSE, nothing else (no compiled tests or benchmarks, no root Pulumi program dist/index.js);
// and a build that prunes what has no source any more, so a deleted spec cannot keep running.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { ROOT } from '../support/paths';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

describe('packaging', () => {
  it('package.json files lists exactly dist/lib, schemas, README.md and LICENSE', () => {
    assert.deepEqual(pkg.files, ['dist/lib', 'schemas', 'README.md', 'LICENSE']);
  });

  it('npm pack --dry-run ships only dist/lib, schemas, README.md, LICENSE and package.json', function () {
    this.timeout(30000);
    // --ignore-scripts: pack what this test run has built, without prepack building again.
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const files: string[] = JSON.parse(out)[0].files.map((f: { path: string }) => f.path);
    const stray = files.filter(
      (f) => !/^(dist\/lib|schemas)\//.test(f) && !['README.md', 'LICENSE', 'package.json'].includes(f),
    );
    assert.deepEqual(stray, []);
    for (const f of [
      'LICENSE',
      'README.md',
      'package.json',
      'dist/lib/index.js',
      'dist/lib/index.d.ts',
      'dist/lib/cli/main.js',
      'dist/lib/cli/bundle.js',
      'dist/lib/component/index.js',
      'dist/lib/render/crd-validators.js',
    ])
      assert.ok(files.includes(f), `${f} is in the package`);
    assert.ok(
      files.some((f) => f.startsWith('schemas/')),
      'the vendored CRD schemas are in the package',
    );
  });

  it('LICENSE is the Apache License 2.0 that package.json names', () => {
    assert.equal(pkg.license, 'Apache-2.0');
    const text = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    assert.match(text, /^\s*Apache License\s+Version 2\.0, January 2004/);
    assert.match(text, /END OF TERMS AND CONDITIONS/);
  });

  it('build prunes compiled files whose source is gone (a deleted spec cannot keep running); prepack builds from an empty dist/', () => {
    const { mkdirSync, writeFileSync, existsSync } = require('node:fs') as typeof import('node:fs');
    const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
    const stale = join(ROOT, 'dist', 'test', 'deleted-suite', 'gone.spec.js');
    mkdirSync(join(stale, '..'), { recursive: true });
    writeFileSync(stale, "it('must not run', () => { throw new Error('stale'); });\n");
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'prune-dist.js')]);
    assert.equal(existsSync(stale), false, 'the stale spec is removed');
    assert.equal(existsSync(join(stale, '..')), false, 'and its empty folder');
    assert.ok(existsSync(join(ROOT, 'dist', 'test', 'core', 'packaging.spec.js')), 'compiled files with a source stay');
    assert.ok(existsSync(join(ROOT, 'dist', 'lib', 'render', 'crd-validators.js')), 'the generated validators stay');
    assert.match(pkg.scripts.build, /^node scripts\/prune-dist\.js && tsc /);
    assert.match(pkg.scripts.prepack, /rmSync\('dist',\{recursive:true,force:true\}\).*&& npm run --silent build$/);
  });

  it('npm test leaves out the corpus and cluster suites; test:corpus runs only the corpus', () => {
    const { selectSpecs } = require(join(ROOT, 'test', 'run.js'));
    const all: string[] = selectSpecs([]);
    assert.ok(all.includes(join(ROOT, 'dist', 'test', 'core', 'packaging.spec.js')));
    for (const dir of ['corpus', 'cluster'])
      assert.deepEqual(
        all.filter((f) => f.startsWith(join(ROOT, 'dist', 'test', dir))),
        [],
      );
    const corpus: string[] = selectSpecs(['dist/test/corpus']);
    assert.ok(corpus.includes(join(ROOT, 'dist', 'test', 'corpus', 'corpus.spec.js')));
    assert.deepEqual(
      corpus.filter((f) => !f.startsWith(join(ROOT, 'dist', 'test', 'corpus') + sep)),
      [],
      'only the corpus suites',
    );
    assert.equal(pkg.scripts.test, 'node test/run.js');
    assert.match(pkg.scripts['test:corpus'], /node test\/run\.js dist\/test\/corpus$/);
  });
});
