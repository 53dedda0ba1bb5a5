// Issue 13, the gate where users are: the GitHub Action (action.yml), the GitLab CI/CD component
// (templates/) and the pre-commit hook (.pre-commit-hooks.yaml). Each is parsed, and its own shell
// lines are run here against a temporary git repository laid out as a user's (no network: `npm` is
// a stand-in on PATH that lays the package out as `npm install --prefix P pkg@v` does, in
// P/node_modules/<name>, linking this checkout), with GitHub's GITHUB_STEP_SUMMARY and
// GITHUB_OUTPUT files pointed at temporary files.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { fitSummary, GATE_VARIABLES } from '../../lib/cli/gate';
import { EXAMPLES, FIXTURES, ROOT } from '../support/paths';
import { sarifProblems } from '../support/sarif';

const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const MAIN = join(ROOT, PACKAGE.bin['librechat-containment']);

/** A stand-in for npm: `npm install --prefix P ... NAME@VERSION` links P/node_modules/NAME to this checkout. */
function fakeNpm(bin: string, log: string): void {
  mkdirSync(bin, { recursive: true });
  const script = `#!/bin/sh
echo "cwd=$PWD $*" >> "${log}"
[ "$1" = install ] || exit 3
prefix=""; spec=""
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="$2"; shift ;;
    -*) ;;
    *) spec="$1" ;;
  esac
  shift
done
mkdir -p "$prefix/node_modules"
ln -sfn "${ROOT}" "$prefix/node_modules/\${spec%@*}"
`;
  writeFileSync(join(bin, 'npm'), script);
  chmodSync(join(bin, 'npm'), 0o755);
}

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', ...args], {
    cwd,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** A user's repository: the example under deploy/, its policy rendered and committed. */
function userRepo(root: string): string {
  const repo = join(root, 'repo');
  mkdirSync(join(repo, 'deploy'), { recursive: true });
  for (const f of ['librechat.yaml', 'librechat.overlay.yaml', 'librechat.values.yaml'])
    copyFileSync(join(EXAMPLES, f), join(repo, 'deploy', f));
  copyFileSync(join(EXAMPLES, 'librechat.env'), join(repo, 'deploy', 'librechat.env.keys'));
  const render = spawnSync(
    process.execPath,
    [
      MAIN,
      'render',
      'deploy/librechat.yaml',
      '--env-from',
      'deploy/librechat.env.keys',
      '--chart-values',
      'deploy/librechat.values.yaml',
      '--out',
      'deploy/containment',
    ],
    { cwd: repo, encoding: 'utf8' },
  );
  assert.equal(render.status, 0, render.stderr);
  git(repo, 'init', '-q');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'LibreChat and its containment');
  return repo;
}

/** A pull request that replaces the Mistral endpoint (line 43) by Groq and forgets the policy. */
function drift(repo: string): void {
  const file = join(repo, 'deploy', 'librechat.yaml');
  writeFileSync(
    file,
    readFileSync(file, 'utf8')
      .replace("name: 'Mistral'", "name: 'Groq'")
      .replace('https://api.mistral.ai/v1', 'https://api.groq.com/openai/v1'),
  );
  git(repo, 'commit', '-qam', 'Groq instead of Mistral');
}

/** GitHub's `${{ ... }}` in the few forms action.yml uses; anything else fails the test. */
function githubExpr(text: string, ctx: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expr: string) => {
    assert.ok(expr in ctx, `action.yml uses an expression the test does not know: ${expr}`);
    return ctx[expr];
  });
}

/** GitLab's `$[[ inputs.x ]]`. */
function gitlabExpr(text: string, inputs: Record<string, string>): string {
  return text.replace(/\$\[\[\s*inputs\.([A-Za-z0-9_-]+)\s*\]\]/g, (_, id: string) => {
    assert.ok(id in inputs, `unknown input ${id}`);
    return inputs[id];
  });
}

function sh(script: string, cwd: string, env: Record<string, string>) {
  return spawnSync('bash', ['-e', '-c', script], {
    cwd,
    encoding: 'utf8',
    env: { PATH: `${env.FAKE_BIN}:${process.env.PATH}`, HOME: env.HOME ?? tmpdir(), ...env },
  });
}

function outputs(file: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

const USER_INPUTS = {
  config: 'deploy/librechat.yaml',
  against: 'deploy/containment',
  'env-from': 'deploy/librechat.env.keys',
  'chart-values': 'deploy/librechat.values.yaml',
  namespace: 'librechat',
  release: 'librechat',
};

describe('the gate where users are: GitHub Action, GitLab component, pre-commit (issue 13)', function () {
  // Each test starts several node processes (render, the gate, the hook): slow on a loaded machine.
  this.timeout(90000);
  let root: string;
  let repo: string;
  let fakeBin: string;
  let npmLog: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'lcc-action-'));
    repo = userRepo(root);
    fakeBin = join(root, 'bin');
    npmLog = join(root, 'npm.log');
    fakeNpm(fakeBin, npmLog);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  describe('action.yml (composite)', () => {
    const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));
    const steps: any[] = action.runs.steps;

    it('is a composite action whose inputs are all described and used, with a pinned upload-sarif', () => {
      assert.equal(action.runs.using, 'composite');
      for (const [id, input] of Object.entries<any>(action.inputs)) assert.ok(input.description, id);
      for (const id of ['config', 'against']) assert.equal(action.inputs[id].required, true);
      for (const id of [
        'env-from',
        'chart-values',
        'overlay',
        'namespace',
        'release',
        'backend',
        'fail-on',
        'upload-sarif',
      ])
        assert.ok(id in action.inputs, id);
      const text = readFileSync(join(ROOT, 'action.yml'), 'utf8');
      const used = new Set([...text.matchAll(/inputs\.([a-z-]+)/g)].map((m) => m[1]));
      assert.deepEqual([...used].sort(), Object.keys(action.inputs).sort());
      for (const s of steps) if (s.run) assert.equal(s.shell, 'bash', s.name);
      const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
      assert.match(upload.uses, /@v\d+(\.\d+){0,2}$/, 'pinned by tag');
      assert.equal(upload.with.sarif_file, '${{ steps.gate.outputs.sarif-file }}');
      assert.match(upload.if, /!cancelled\(\) && inputs\.upload-sarif == 'true'/);
      // No input is ever spliced into a shell line: they reach the script through env.
      for (const s of steps) if (s.run) assert.doesNotMatch(s.run, /\$\{\{/, s.name);
      // The gate step maps the inputs onto exactly the script's variables (the files it chooses itself).
      const gate = steps.find((s) => s.id === 'gate');
      assert.deepEqual(
        Object.keys(gate.env)
          .filter((k) => k !== 'LCC_GATE')
          .sort(),
        GATE_VARIABLES.filter((v) => v !== 'LCC_SARIF_FILE' && v !== 'LCC_SUMMARY_FILE').sort(),
      );
    });

    /** Runs the install and gate steps of action.yml as the runner would. */
    function runAction(inputs: Record<string, string>) {
      const temp = join(root, 'runner-temp');
      mkdirSync(temp, { recursive: true });
      const files = { GITHUB_STEP_SUMMARY: join(temp, 'summary.md'), GITHUB_OUTPUT: join(temp, 'output') };
      const withDefaults = Object.fromEntries(
        Object.entries<any>(action.inputs).map(([id, i]) => [id, inputs[id] ?? i.default ?? '']),
      );
      const ctx: Record<string, string> = { 'github.action_path': ROOT };
      for (const [id, v] of Object.entries(withDefaults)) ctx[`inputs.${id}`] = String(v);
      const results: Record<string, { status: number | null; stdout: string; stderr: string; out: any }> = {};
      for (const step of steps.filter((s) => s.run)) {
        writeFileSync(files.GITHUB_OUTPUT, '');
        const env = Object.fromEntries(
          Object.entries<string>(step.env ?? {}).map(([k, v]) => [k, githubExpr(String(v), ctx)]),
        );
        const r = sh(step.run, repo, { ...env, ...files, RUNNER_TEMP: temp, FAKE_BIN: fakeBin });
        const out = outputs(files.GITHUB_OUTPUT);
        for (const [k, v] of Object.entries(out)) ctx[`steps.${step.id}.outputs.${k}`] = v;
        results[step.id] = { status: r.status, stdout: r.stdout, stderr: r.stderr, out };
        if (r.status !== 0) break;
      }
      const summary = existsSync(files.GITHUB_STEP_SUMMARY) ? readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8') : '';
      return { results, summary };
    }

    it('clean: exit 0, "up to date" in the job summary, a valid SARIF file, the checkout untouched', () => {
      const { results, summary } = runAction(USER_INPUTS);
      assert.equal(results.install.status, 0, results.install.stderr);
      const npm = readFileSync(npmLog, 'utf8');
      assert.match(npm, new RegExp(`--ignore-scripts librechat-containment@${PACKAGE.version}\\n`));
      assert.ok(npm.startsWith(`cwd=${join(root, 'runner-temp', 'librechat-containment')} `), npm);
      const gate = results.gate;
      assert.equal(gate.status, 0, gate.stderr);
      assert.match(gate.stderr, /^up to date: /);
      assert.equal(gate.out['exit-code'], '0');
      assert.match(summary, /^## librechat-containment check: up to date\n/);
      assert.match(summary, /### Findings \(3\)/);
      const log = JSON.parse(readFileSync(gate.out['sarif-file'], 'utf8'));
      assert.deepEqual(sarifProblems(log), []);
      assert.ok(gate.out['sarif-file'].startsWith(join(root, 'runner-temp')));
      assert.ok(log.runs[0].results.every((r: any) => !r.ruleId.startsWith('drift')));
      assert.equal(git(repo, 'status', '--porcelain'), '', 'the gate writes nothing into the checkout');
    });

    it('drifted: exit 1, the summary table names the groups with their config lines, SARIF has the drift', () => {
      drift(repo);
      const { results, summary } = runAction(USER_INPUTS);
      const gate = results.gate;
      assert.equal(gate.status, 1, gate.stderr);
      assert.equal(gate.out['exit-code'], '1');
      assert.match(gate.stderr, /\+ destination group llm-groq: api\.groq\.com:443/);
      assert.match(gate.stdout, /^\+ {8}- name: llm-groq$/m, 'the diff is in the log');
      assert.match(summary, /^## librechat-containment check: DRIFT\n/);
      assert.ok(
        summary.includes(
          '| added | llm\\-groq | api\\.groq\\.com\\:443 | deploy\\/librechat\\.yaml\\:43\\:7 endpoints\\.custom\\[Groq\\] |',
        ),
        summary,
      );
      assert.ok(summary.includes('| removed | llm\\-mistral | api\\.mistral\\.ai\\:443 |'), summary);
      const log = JSON.parse(readFileSync(gate.out['sarif-file'], 'utf8'));
      assert.deepEqual(sarifProblems(log), []);
      const added = log.runs[0].results.find((r: any) => r.ruleId === 'drift-group-added');
      assert.deepEqual(added.locations[0].physicalLocation, {
        artifactLocation: { uri: 'deploy/librechat.yaml' },
        region: { startLine: 43, startColumn: 7 },
      });
    });

    it('bad input: exit 2, no SARIF to upload, the summary says where to look', () => {
      const { results, summary } = runAction({ ...USER_INPUTS, 'chart-values': 'deploy/missing.yaml' });
      assert.equal(results.gate.status, 2);
      assert.equal(results.gate.out['sarif-file'], '');
      assert.match(summary, /^## librechat-containment check: ERROR \(exit 2\)/);
      const missing = runAction({ ...USER_INPUTS, config: '--process-env' });
      assert.equal(missing.results.gate.status, 2);
      assert.match(missing.results.gate.stderr, /LCC_CONFIG must be a path, not an option/);
    });

    it("a job summary over GitHub's 1 MiB is cut at a line with a note (GitHub would drop all of it)", () => {
      const long = `## head\n${Array.from({ length: 5000 }, (_, i) => `| row ${i} | ${'x'.repeat(300)} |`).join('\n')}\n`;
      const cut = fitSummary(long);
      assert.ok(Buffer.byteLength(cut) <= 1024 * 1024 - 4096);
      assert.ok(cut.startsWith('## head\n| row 0 |'));
      assert.match(cut, /\| row \d+ \| x+ \|\n\n\(The summary is cut here: GitHub shows at most 1 MiB/);
      assert.equal(fitSummary('## short\n'), '## short\n');
    });

    it('the example workflow uses the action with the inputs it declares', () => {
      const workflow = parse(readFileSync(join(EXAMPLES, 'ci', 'librechat-policy.yml'), 'utf8'));
      const step = workflow.jobs.check.steps.find((s: any) => /\/librechat-containment@v\d/.test(s.uses ?? ''));
      assert.ok(step, 'a step uses the action');
      for (const id of Object.keys(step.with)) assert.ok(id in action.inputs, id);
      assert.equal(step.with.config, 'deploy/librechat.yaml');
      assert.equal(workflow.permissions['security-events'], 'write');
    });
  });

  describe('templates/librechat-containment.yml (GitLab CI/CD component)', () => {
    const text = readFileSync(join(ROOT, 'templates', 'librechat-containment.yml'), 'utf8');
    const [header, body] = parseAllDocuments(text).map((d) => d.toJS());
    const inputs = header.spec.inputs;
    const jobName = Object.keys(body)[0];
    const job = body[jobName];

    it('has the component layout: a spec:inputs header, then one job; inputs map onto the gate variables', () => {
      assert.equal(parseAllDocuments(text).length, 2);
      assert.equal(jobName, '$[[ inputs.job-name ]]');
      for (const id of ['config', 'against']) assert.ok(!('default' in inputs[id]), `${id} is mandatory`);
      for (const [id, input] of Object.entries<any>(inputs)) assert.ok(input.description, id);
      assert.equal(inputs.version.default, PACKAGE.version, 'the component runs the version it ships with');
      const mapped = Object.keys(job.variables).filter((k) => /\$\[\[ inputs\./.test(job.variables[k]));
      assert.deepEqual(
        mapped.filter((k) => k !== 'LCC_VERSION').sort(),
        GATE_VARIABLES.filter((v) => v !== 'LCC_SARIF_FILE' && v !== 'LCC_SUMMARY_FILE').sort(),
      );
      const used = new Set([...text.matchAll(/\$\[\[ inputs\.([a-z-]+) \]\]/g)].map((m) => m[1]));
      assert.deepEqual([...used].sort(), Object.keys(inputs).sort());
      for (const line of job.script) assert.doesNotMatch(line, /\$\[\[/, 'no input inside a script line');
      assert.match(job.script[job.script.length - 1], /dist\/lib\/cli\/gate\.js"$/);
      assert.equal(`dist/lib/cli/gate.js`, PACKAGE.bin['librechat-containment-gate']);
      assert.equal(job.artifacts.when, 'always');
      assert.deepEqual(
        job.artifacts.paths.sort(),
        [job.variables.LCC_SARIF_FILE, job.variables.LCC_SUMMARY_FILE].sort(),
      );
    });

    function runJob(values: Record<string, string>, more: Record<string, string> = {}) {
      const given = Object.fromEntries(
        Object.entries<any>(inputs).map(([id, i]) => [id, values[id] ?? i.default ?? '']),
      ) as Record<string, string>;
      const variables = Object.fromEntries(
        Object.entries<string>(job.variables).map(([k, v]) => [k, gitlabExpr(String(v), given)]),
      );
      // The prefix is made by the script (mktemp -d under $TMPDIR); here $TMPDIR is the test's own.
      assert.ok(!('LCC_PREFIX' in variables), 'no predictable prefix folder in the variables');
      mkdirSync(join(root, 'tmp'), { recursive: true });
      const env = { ...variables, TMPDIR: join(root, 'tmp'), CI_PROJECT_DIR: repo, FAKE_BIN: fakeBin, ...more };
      // GitLab runs the script lines one after the other in one shell, and stops at the first failure.
      return sh(job.script.join('\n'), repo, env);
    }

    it('installs into a fresh mktemp -d folder (mode 0700, a new name per job), not a guessable one', () => {
      assert.ok(!/CI_JOB_ID/.test(text), 'the folder name is not derived from the job id');
      assert.equal(runJob(USER_INPUTS).status, 0);
      assert.equal(runJob(USER_INPUTS).status, 0);
      const made = readdirSync(join(root, 'tmp')).sort();
      assert.equal(made.length, 2, 'each job its own folder');
      for (const name of made) {
        assert.match(name, /^librechat-containment\.[A-Za-z0-9]{10}$/);
        assert.equal(statSync(join(root, 'tmp', name)).mode & 0o777, 0o700);
      }
      const cwds = readFileSync(npmLog, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.slice(4, l.indexOf(' ')));
      assert.deepEqual(
        [...cwds].sort(),
        made.map((n) => join(root, 'tmp', n)),
      );
    });

    it('refuses a prefix folder that is not empty (a planted etc/npmrc), before npm runs', () => {
      // A mktemp that hands back a folder someone filled first (what a guessable name allowed).
      const planted = join(root, 'planted');
      mkdirSync(join(planted, 'etc'), { recursive: true });
      writeFileSync(join(planted, 'etc', 'npmrc'), 'ignore-scripts=false\n');
      writeFileSync(join(fakeBin, 'mktemp'), `#!/bin/sh\necho "${planted}"\n`);
      chmodSync(join(fakeBin, 'mktemp'), 0o755);
      const r = runJob(USER_INPUTS);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /is not empty/);
      assert.ok(!existsSync(npmLog), 'npm never ran');
      assert.ok(!existsSync(join(repo, 'librechat-containment.sarif')));
    });

    it('runs the same gate: clean exit 0, drifted exit 1, with the SARIF and summary artifacts in the project', () => {
      const clean = runJob(USER_INPUTS);
      assert.equal(clean.status, 0, clean.stderr);
      const npm = readFileSync(npmLog, 'utf8');
      assert.match(npm, new RegExp(`--ignore-scripts librechat-containment@${PACKAGE.version}\\n`));
      assert.ok(npm.startsWith(`cwd=${join(root, 'tmp', 'librechat-containment.')}`), npm);
      assert.match(readFileSync(join(repo, 'librechat-containment.md'), 'utf8'), /check: up to date/);
      drift(repo);
      const drifted = runJob(USER_INPUTS);
      assert.equal(drifted.status, 1, drifted.stderr);
      assert.match(readFileSync(join(repo, 'librechat-containment.md'), 'utf8'), /\| added \| llm\\-groq \|/);
      const log = JSON.parse(readFileSync(join(repo, 'librechat-containment.sarif'), 'utf8'));
      assert.deepEqual(sarifProblems(log), []);
      assert.ok(log.runs[0].results.some((r: any) => r.ruleId === 'drift-group-removed'));
    });
  });

  describe('.pre-commit-hooks.yaml', () => {
    const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8'));

    it('declares the librechat-containment-check hook (language node) whose entry is the package bin', () => {
      assert.ok(Array.isArray(hooks));
      const hook = hooks.find((h: any) => h.id === 'librechat-containment-check');
      assert.ok(hook);
      assert.equal(hook.language, 'node');
      assert.equal(hook.pass_filenames, false);
      assert.ok(hook.name && hook.entry);
      const [bin, ...rest] = hook.entry.split(' ');
      assert.ok(bin in PACKAGE.bin, `${bin} is a bin of the package`);
      assert.deepEqual(rest, ['check']);
    });

    it('its entry runs on a fixture: 0 when the committed policy matches, 1 on drift, 2 on bad input', () => {
      const hook = hooks.find((h: any) => h.id === 'librechat-containment-check');
      const [bin, ...rest] = hook.entry.split(' ');
      // pre-commit runs `entry` + the user's `args` (pass_filenames: false adds no file names).
      const entry = (...args: string[]) =>
        spawnSync(process.execPath, [join(ROOT, PACKAGE.bin[bin]), ...rest, ...args], { cwd: root, encoding: 'utf8' });
      const fixture = join(FIXTURES, 'minimal.yaml');
      const policy = join(root, 'minimal-policy');
      assert.equal(spawnSync(process.execPath, [MAIN, 'render', fixture, '--out', policy]).status, 0);
      assert.equal(entry(fixture, '--against', policy).status, 0);
      writeFileSync(join(policy, 'extra.yaml'), 'kind: ConfigMap\n');
      const drifted = entry(fixture, '--against', policy);
      assert.equal(drifted.status, 1);
      assert.match(drifted.stderr, /! unexpected extra\.yaml/);
      assert.equal(entry(join(root, 'nope.yaml'), '--against', policy).status, 2);
    });
  });
});
