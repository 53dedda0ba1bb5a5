// The package's `librechat-containment` bin is the bundled CLI (scripts/bundle-cli.js): one file
// instead of ~150, for start-up time. It must print what the unbundled CLI prints, byte for byte,
// find its schemas at run time, and hold no Pulumi code (the CLI never loads @pulumi/*).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE_INPUTS, GOLDEN, ROOT } from '../support/paths';

const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const BUNDLE = join(ROOT, 'dist', 'lib', 'cli', 'bundle.js');
const MAIN = join(ROOT, 'dist', 'lib', 'cli', 'main.js');
const EXAMPLE = [...EXAMPLE_INPUTS, '--cloud', 'eks', '--region', 'eu-central-1'];

function cli(file: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [file, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the bundled CLI (the package bin)', () => {
  it('is the bin package.json names', () => {
    assert.equal(join(ROOT, PACKAGE.bin['librechat-containment']), BUNDLE);
    assert.match(readFileSync(BUNDLE, 'utf8'), /^#!\/usr\/bin\/env node\n/);
  });

  it('renders the bundled example byte for byte as dist/lib/cli/main.js does, and as the golden file', () => {
    const bundled = cli(BUNDLE, 'render', ...EXAMPLE);
    const plain = cli(MAIN, 'render', ...EXAMPLE);
    assert.equal(bundled.code, 0, bundled.err);
    assert.equal(bundled.out, plain.out);
    assert.equal(bundled.err, plain.err);
    assert.equal(bundled.out, readFileSync(join(GOLDEN, 'example', 'manifests.yaml'), 'utf8'));
  });

  it('gives the same answers for explain, --version, help, a drifting check and a usage error', () => {
    const committed = join(GOLDEN, 'example', 'manifests.yaml');
    for (const args of [
      ['explain', ...EXAMPLE],
      ['explain', 'api.openai.com', ...EXAMPLE],
      ['--version'],
      ['render', '--help'],
      ['check', ...EXAMPLE, '--against', committed],
      ['check', ...EXAMPLE.slice(0, 5), '--against', committed],
      ['render', '--no-such-option'],
    ]) {
      const bundled = cli(BUNDLE, ...args);
      const plain = cli(MAIN, ...args);
      assert.deepEqual(bundled, plain, args.join(' '));
    }
    assert.equal(cli(BUNDLE, '--version').out, `${PACKAGE.version}\n`);
  });

  it('holds no Pulumi or cloud SDK code, and leaves them external (never required by a plain path)', () => {
    const text = readFileSync(BUNDLE, 'utf8');
    assert.doesNotMatch(text, /node_modules\/@pulumi\//, 'no module of a @pulumi package is bundled');
    assert.doesNotMatch(text, /require\(["']@pulumi\/(pulumi|kubernetes)["']\)/);
  });
});
