// The gate's inputs (lib/cli/gate.ts): what a pull request's CI inputs may not ask for, and how an
// input error reaches the job summary.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { EXAMPLES } from '../support/paths';
import { gate, gateArguments } from '../../lib/cli/gate';
import { run } from '../../lib/cli/main';

describe('the gate refuses inputs that would widen what it reads', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lcc-gate-inputs-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function runGate(env: Record<string, string>) {
    const summary = join(dir, 'step-summary.md');
    const output = join(dir, 'output');
    writeFileSync(summary, '');
    writeFileSync(output, '');
    let err = '';
    const code = gate(
      { RUNNER_TEMP: dir, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output, ...env },
      { out: () => undefined, err: (t) => (err += t) },
    );
    return { code, err, summary: readFileSync(summary, 'utf8'), output: readFileSync(output, 'utf8') };
  }

  for (const arg of ['--process-env', '--process-env=true', '--process-env=false', '  --process-env  '])
    it(`LCC_ARGS with ${JSON.stringify(arg)}: exit 2 with a clear error, check never runs`, () => {
      const r = runGate({ LCC_CONFIG: 'nope.yaml', LCC_AGAINST: 'nope', LCC_ARGS: `--chart-version=2.0.8\n${arg}` });
      assert.equal(r.code, 2);
      assert.match(r.err, /^error: LCC_ARGS \(the input args\) must not hold --process-env: the gate never reads/);
      assert.match(r.summary, /check: ERROR/);
      assert.match(r.output, /^exit-code=2\nsarif-file=\nsummary-file=\n$/);
    });

  it('other LCC_ARGS still pass through, and a value that merely contains the word is kept', () => {
    const argv = gateArguments(
      { LCC_CONFIG: 'c.yaml', LCC_AGAINST: 'out', LCC_ARGS: '--chart-version=2.0.8\n--namespace=process-env' },
      's.sarif',
      's.md',
    );
    assert.deepEqual(argv.slice(3, 5), ['--chart-version=2.0.8', '--namespace=process-env']);
  });

  it('the error in the job summary is markdown-escaped text (an input cannot inject markdown or HTML)', () => {
    const r = runGate({ LCC_CONFIG: '-[x](https://example.invalid)<img src=x>`', LCC_AGAINST: 'out' });
    assert.equal(r.code, 2);
    assert.doesNotMatch(r.summary, /(^|[^\\])[[<]/, 'no unescaped [ or <');
    assert.match(r.summary, /\\\[x\\\]\\\(https\\:\\\/\\\/example\\\.invalid\\\)\\<img src\\=x\\>\\`/);
  });

  it('a report path through a symbolic link: exit 2, and the gate announces no report file', () => {
    mkdirSync(join(dir, 'real'));
    symlinkSync(join(dir, 'real'), join(dir, 'via'));
    const example = [
      '--env-from',
      join(EXAMPLES, 'librechat.env'),
      '--chart-values',
      join(EXAMPLES, 'librechat.values.yaml'),
    ];
    const quiet = { out: () => undefined, err: () => undefined };
    const config = relative(process.cwd(), join(EXAMPLES, 'librechat.yaml'));
    assert.equal(run(['render', config, ...example, '--out', join(dir, 'policy')], quiet), 0);
    const r = runGate({
      LCC_CONFIG: config,
      LCC_AGAINST: join(dir, 'policy'),
      LCC_ENV_FROM: join(EXAMPLES, 'librechat.env'),
      LCC_CHART_VALUES: join(EXAMPLES, 'librechat.values.yaml'),
      LCC_SARIF_FILE: join(dir, 'r.sarif'),
      LCC_SUMMARY_FILE: join(dir, 'via', 'r.md'),
    });
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /is reached through a symbolic link/);
    assert.ok(!existsSync(join(dir, 'r.sarif')));
    assert.match(r.output, /^exit-code=2\nsarif-file=\nsummary-file=\n$/);
  });
});
