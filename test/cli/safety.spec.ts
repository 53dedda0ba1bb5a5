// Issue 7 §7: the CLI is safe to run in CI on attacker-controlled input files. Node 20 reads
// `--env-file` anywhere on its command line (nodejs/node#54232), so the tool's flag is
// `--env-from`; an env file's NODE_OPTIONS line must never run code through any entry point.
// Every bad input is a clear message with the file (and line/column), exit 2, nothing on stdout.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../lib/cli/main';
import { MAX_INPUT_BYTES } from '../../lib/config/files';
import { ROOT } from '../support/paths';

function cli(...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = run(argv, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

const MAIN = join(ROOT, 'dist', 'lib', 'cli', 'main.js');
/** The package bin (the bundled CLI), as package.json names it. */
const BIN: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).bin['librechat-containment'];
const CONFIG =
  'version: 1.3.9\ninterface:\n  agents: false\n  mcpServers:\n    create: false\nendpoints:\n  agents:\n    capabilities: []\n';

describe('CLI safety (issue 7 §7)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lcc-safety-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string | Buffer) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  describe('an env file never runs code (NODE_OPTIONS=--require=./pwn.js)', () => {
    let marker: string;
    let envFile: string;
    let config: string;
    beforeEach(() => {
      marker = join(dir, 'MARKER');
      write('pwn.js', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'pwned');\n`);
      envFile = write(
        'evil.env',
        `NODE_OPTIONS=--require=${join(dir, 'pwn.js')}\nNODE_OPTIONS_2=--require=./pwn.js\nOPENAI_API_KEY=user_provided\n`,
      );
      config = write('librechat.yaml', CONFIG);
    });

    const entryPoints = (): [string, string, string[]][] => {
      // The package bin as npm links it: node_modules/.bin/<name> → the file package.json's bin
      // names (the bundled CLI), run by its `#!/usr/bin/env node` line (npm sets the executable bit
      // at install; so does this test).
      const project = join(dir, 'project');
      mkdirSync(join(project, 'node_modules', '.bin'), { recursive: true });
      symlinkSync(ROOT, join(project, 'node_modules', 'librechat-containment'));
      const bin = join(project, 'node_modules', '.bin', 'librechat-containment');
      symlinkSync(join('..', 'librechat-containment', BIN), bin);
      chmodSync(MAIN, 0o755);
      chmodSync(join(ROOT, BIN), 0o755);
      return [
        ['node dist/lib/cli/main.js', process.execPath, [MAIN]],
        [`node ${BIN}`, process.execPath, [join(ROOT, BIN)]],
        ['the bin through its #! line', bin, []],
        ['npx librechat-containment', 'npx', ['--no-install', 'librechat-containment']],
      ];
    };

    for (const form of ['--env-from FILE', '--env-from=FILE']) {
      it(`${form}: no entry point executes the file's NODE_OPTIONS, and the policy renders`, function () {
        this.timeout(60000);
        for (const [name, cmd, pre] of entryPoints()) {
          const args = form.includes('=') ? [`--env-from=${envFile}`] : ['--env-from', envFile];
          const child = spawnSync(cmd, [...pre, 'render', config, ...args], {
            encoding: 'utf8',
            cwd: join(dir, 'project'),
            env: { ...process.env, NODE_OPTIONS: '' },
          });
          assert.equal(existsSync(marker), false, `${name}: the env file's NODE_OPTIONS ran code`);
          assert.equal(child.status, 0, `${name}: ${child.stderr}`);
          assert.match(child.stdout, /kind: FirewallPolicy/, name);
        }
      });
    }

    it('control: node itself applies NODE_OPTIONS from `--env-file` after the script name (why the flag was renamed)', function () {
      const child = spawnSync(process.execPath, [MAIN, 'render', config, '--env-file', envFile], { encoding: 'utf8' });
      // On Node 20.20.2 the marker is written before main.js runs; then the tool refuses the flag.
      if (!existsSync(marker)) this.skip();
      assert.equal(child.status, 2);
      assert.match(child.stderr, /use --env-from FILE/);
    });

    it('the old name --env-file is refused (exit 2) with the reason, never read by the tool', () => {
      for (const args of [['--env-file', envFile], [`--env-file=${envFile}`], ['--env-file-if-exists', envFile]]) {
        const r = cli('render', config, ...args);
        assert.equal(r.code, 2);
        assert.equal(r.out, '');
        assert.match(r.err, /use --env-from FILE\. Node itself reads --env-file anywhere on its command line/);
      }
    });

    it('a missing --env-from file is the tool’s own error: exit 2, no output (node would exit 9)', () => {
      const child = spawnSync(process.execPath, [MAIN, 'render', config, '--env-from', join(dir, 'nope.env')], {
        encoding: 'utf8',
      });
      assert.equal(child.status, 2, child.stderr);
      assert.equal(child.stdout, '');
      assert.match(
        child.stderr,
        /^error: --env-from cannot read .*nope\.env \(ENOENT\)\nfix: Check the path of the env file: there is no such file/,
      );
    });
  });

  describe('bad inputs: a clear message with the file, exit 2, nothing on stdout', () => {
    const expectInputError = (args: string[], pattern: RegExp) => {
      const r = cli(...args);
      assert.equal(r.code, 2, r.err);
      assert.equal(r.out, '');
      assert.match(r.err, pattern);
      assert.doesNotMatch(r.err, /internal error/);
    };

    it('cyclic YAML aliases, also through a sequence and a merge key', () => {
      for (const text of [
        'a: &x\n  b: *x\n',
        'endpoints:\n  custom:\n    - &e\n      name: x\n      models: [*e]\n',
        'x: &m\n  <<: *m\n',
      ]) {
        expectInputError(['render', write('c.yaml', text)], /c\.yaml:\d+:\d+: .*(alias|cycle|YAML)/);
      }
    });

    it('exponential aliases (billion laughs) and deep nesting', () => {
      const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < 10; i++) {
        const prev = String.fromCharCode(96 + i);
        const cur = String.fromCharCode(97 + i);
        laughs.push(`${cur}: &${cur} [${Array(10).fill(`*${prev}`).join(', ')}]`);
      }
      expectInputError(['render', write('laughs.yaml', `${laughs.join('\n')}\n`)], /laughs\.yaml:1:1: .*alias/i);
      expectInputError(
        ['render', write('deep.yaml', `a: ${'['.repeat(200)}${']'.repeat(200)}\n`)],
        /deep\.yaml:\d+:\d+: the YAML is nested more than 64 levels deep/,
      );
      expectInputError(
        ['render', write('deep2.yaml', Array.from({ length: 100 }, (_, i) => `${' '.repeat(i * 2)}k${i}:`).join('\n'))],
        /deep2\.yaml:\d+:\d+: the YAML is nested more than 64 levels deep/,
      );
    });

    it('a file over the size limit', () => {
      const big = write('big.yaml', `# ${'x'.repeat(MAX_INPUT_BYTES)}\n`);
      expectInputError(['render', big], /big\.yaml: the LibreChat config is \d+ bytes, over the limit/);
      const config = write('c.yaml', CONFIG);
      expectInputError(['render', config, '--env-from', big], /big\.yaml: the env file is \d+ bytes/);
    });

    it('wrong section types name the path and the expected type', () => {
      const cases: [string, RegExp][] = [
        ['endpoints: 5\n', /c\.yaml:1:12: endpoints must be a mapping, found a number/],
        ['mcpServers: []\n', /c\.yaml:1:13: mcpServers must be a mapping, found a list/],
        ['endpoints:\n  custom: {a: 1}\n', /c\.yaml:2:11: endpoints\.custom must be a list, found a mapping/],
        ['endpoints:\n  custom:\n    - just a string\n', /c\.yaml:3:7: endpoints\.custom\[0\] must be a mapping/],
        ['mcpServers:\n  x: "npx foo"\n', /c\.yaml:2:6: mcpServers\.x must be a mapping, found a string/],
        ['actions: [a]\n', /actions must be a mapping, found a list/],
        ['modelSpecs:\n  list: 3\n', /modelSpecs\.list must be a list/],
        ['- a\n- b\n', /c\.yaml:1:1: librechat\.yaml must be a mapping/],
      ];
      for (const [text, pattern] of cases) expectInputError(['render', write('c.yaml', text)], pattern);
    });

    it('CR-only and CRLF line endings: line and column are still right', () => {
      const text = 'version: 1.3.9\nendpoints:\n  custom: 5\n';
      for (const eol of ['\r', '\r\n']) {
        expectInputError(
          ['render', write('c.yaml', text.replace(/\n/g, eol))],
          /c\.yaml:3:11: endpoints\.custom must be a list/,
        );
        expectInputError(
          ['render', write('bad.yaml', 'version: 1\nendpoints:\n  custom: [\n'.replace(/\n/g, eol))],
          /bad\.yaml:4:1: not valid YAML/,
        );
      }
      // A CR-only env file is read line by line too.
      const env = write('cr.env', 'A=1\rB=2\rnot a line\r');
      expectInputError(['render', write('c.yaml', CONFIG), '--env-from', env], /cr\.env:3:1: not a KEY=VALUE line/);
    });

    it('UTF-16 and UTF-32 files (byte order mark), NUL bytes and invalid UTF-8', () => {
      const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CONFIG, 'utf16le')]);
      const utf16be = Buffer.from(utf16le.map((_, i) => utf16le[i ^ 1]));
      expectInputError(['render', write('le.yaml', utf16le)], /le\.yaml:1:1: the LibreChat config is UTF-16 LE/);
      expectInputError(['render', write('be.yaml', utf16be)], /be\.yaml:1:1: the LibreChat config is UTF-16 BE/);
      expectInputError(['render', write('nobom.yaml', Buffer.from(CONFIG, 'utf16le'))], /nobom\.yaml:1:1: .*NUL bytes/);
      expectInputError(
        ['render', write('c.yaml', CONFIG), '--env-from', write('e.env', utf16le)],
        /e\.env:1:1: the env file is UTF-16 LE/,
      );
      expectInputError(
        ['render', write('latin1.yaml', Buffer.from('version: 1.3.9\nname: caf\xe9\n', 'latin1'))],
        /latin1\.yaml:2:10: the LibreChat config is not valid UTF-8/,
      );
    });

    it('a path that is a directory, for every input', () => {
      const sub = join(dir, 'sub.yaml');
      mkdirSync(sub);
      const config = write('c.yaml', CONFIG);
      expectInputError(['render', sub], /sub\.yaml: the LibreChat config is a directory/);
      expectInputError(['render', config, '--env-from', sub], /sub\.yaml: the env file is a directory/);
      expectInputError(['render', config, '--overlay', sub], /sub\.yaml: the MCP overlay is a directory/);
      expectInputError(['render', config, '--chart-values', sub], /sub\.yaml: the chart values is a directory/);
    });

    it('control characters in names never reach any output raw (no log spoofing)', () => {
      const config = write(
        'c.yaml',
        `${CONFIG}  custom:\n    - name: "Evil\\e[2K\\nALLOWED: all\\L\\u202e\\x85"\n      apiKey: user_provided\n      baseURL: "https://api.evil.example.com/v1"\n      models: { default: [m] }\n`,
      );
      // eslint-disable-next-line no-control-regex
      const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
      const runs = [
        cli('render', config, '--accept', 'user-provided-url'),
        cli('render', config, '--format', 'json'),
        cli('explain', config),
        cli('explain', config, '--format', 'json'),
        cli('explain', config, 'api.evil.example.com'),
        cli('render', config, '--overlay', write('o.yaml', 'mcpServers:\n  "x\\e[1m":\n    egress: [a.example.com]\n')),
      ];
      for (const [i, r] of runs.entries()) {
        assert.equal(raw.test(r.out), false, `run ${i} stdout`);
        assert.equal(raw.test(r.err), false, `run ${i} stderr`);
        assert.equal(/^ALLOWED: all/m.test(r.out + r.err), false, `run ${i}: a forged line`);
      }
      assert.match(runs[2].out, /Evil\\x1b\[2K\\nALLOWED: all\\u2028\\u202e\\x85/);
    });

    it('a UTF-8 byte order mark is fine', () => {
      const r = cli('render', write('c.yaml', `\ufeff${CONFIG}`));
      assert.equal(r.code, 0, r.err);
    });
  });
});
