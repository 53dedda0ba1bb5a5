// Issue 13: `--format sarif|markdown` of check and explain, and check's --sarif-file/--summary-file.
// The SARIF logs are validated against the vendored OASIS schema; exit codes stay 0/1/2.
import { strict as assert } from 'node:assert';
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { run } from '../../lib/cli/main';
import { FINDING_KINDS } from '../../lib/policy/findings';
import { DRIFT_RULES, kindFixes, mdText, sarifText } from '../../lib/render/report';
import { escapeControl } from '../../lib/config/display';
import { EXAMPLES } from '../support/paths';
import { sarifProblems } from '../support/sarif';

function cli(...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = run(argv, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

// Relative, as a CI job passes them: SARIF locations are then repository-relative.
const CONFIG = relative(process.cwd(), join(EXAMPLES, 'librechat.yaml'));
const EXAMPLE = [
  '--env-from',
  join(EXAMPLES, 'librechat.env'),
  '--chart-values',
  join(EXAMPLES, 'librechat.values.yaml'),
];

describe('check and explain reports: SARIF 2.1.0 and markdown (issue 13)', () => {
  let root: string;
  let policy: string;
  /** The example with its Mistral endpoint (line 43) replaced by Groq. */
  let groq: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'lcc-report-'));
    policy = join(root, 'policy');
    assert.equal(cli('render', CONFIG, ...EXAMPLE, '--out', policy).code, 0);
    groq = relative(process.cwd(), join(root, 'librechat.yaml'));
    writeFileSync(
      groq,
      readFileSync(CONFIG, 'utf8')
        .replace("name: 'Mistral'", "name: 'Groq'")
        .replace('https://api.mistral.ai/v1', 'https://api.groq.com/openai/v1'),
    );
    copyFileSync(join(EXAMPLES, 'librechat.overlay.yaml'), join(root, 'librechat.overlay.yaml'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const sarif = (text: string) => {
    const log = JSON.parse(text);
    assert.deepEqual(sarifProblems(log), []);
    return log;
  };

  it('the schema check is not vacuous: a log with a wrong version or level is refused', () => {
    const log = sarif(cli('explain', CONFIG, ...EXAMPLE, '--format', 'sarif').out);
    assert.notDeepEqual(sarifProblems({ ...log, version: '2.0.0' }), []);
    const bad = structuredClone(log);
    bad.runs[0].results[0].level = 'fatal';
    assert.notDeepEqual(sarifProblems(bad), []);
    const noUri = structuredClone(log);
    noUri.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'a b\\c';
    assert.notDeepEqual(sarifProblems(noUri), []);
  });

  it('explain --format sarif: one rule per finding kind and per kind of drift, results at the config line', () => {
    const r = cli('explain', CONFIG, ...EXAMPLE, '--format', 'sarif');
    assert.equal(r.code, 0, r.err);
    const run0 = sarif(r.out).runs[0];
    const ids = run0.tool.driver.rules.map((x: any) => x.id);
    assert.deepEqual(ids, [...Object.keys(FINDING_KINDS).sort(), ...Object.keys(DRIFT_RULES).sort()]);
    const rule = run0.tool.driver.rules.find((x: any) => x.id === 'per-user-credentials');
    assert.match(rule.help.text, /^a LibreChat default lets users bring their own key/);
    assert.match(rule.help.text, /Each result names the fix for its own case/);
    // The help of a kind holds its fixes that do not depend on the case, from the catalog of finding texts.
    for (const r of run0.tool.driver.rules.filter((x: any) => x.id in FINDING_KINDS))
      for (const fix of kindFixes(r.id)) assert.ok(r.help.text.includes(`- ${sarifText(fix)}\n`), r.id);
    const actions = run0.tool.driver.rules.find((x: any) => x.id === 'actions-unrestricted');
    assert.match(actions.help.text, /How to fix it:\n- List the hosts Actions may call in actions\.allowedDomains/);
    // The example's findings: two warnings (the overlay's server, the tools capability) and an info.
    const results = run0.results.map((x: any) => [
      x.ruleId,
      x.level,
      x.locations[0].physicalLocation.artifactLocation.uri,
      x.locations[0].physicalLocation.region,
      run0.tool.driver.rules[x.ruleIndex].id,
    ]);
    assert.deepEqual(results, [
      [
        'namespace-not-owned',
        'warning',
        relative(process.cwd(), join(EXAMPLES, 'librechat.overlay.yaml')),
        { startLine: 7, startColumn: 5 },
        'namespace-not-owned',
      ],
      ['per-user-credentials', 'warning', CONFIG, { startLine: 25, startColumn: 19 }, 'per-user-credentials'],
      ['internal-destination', 'note', CONFIG, { startLine: 69, startColumn: 16 }, 'internal-destination'],
    ]);
    assert.match(run0.results[1].message.text, /\nFix: To allow a tool's hosts/);
    assert.equal(cli('explain', CONFIG, ...EXAMPLE, '--format', 'sarif').out, r.out, 'deterministic');
  });

  it('explain: a blocking finding is an error result and the exit stays 2; an accepted one is suppressed', () => {
    const config = join(root, 'c.yaml');
    writeFileSync(config, 'version: 1.3.9\nendpoints:\n  custom:\n    - name: A\n      baseURL: ${A_URL}\n');
    const blocked = cli('explain', config, '--format', 'sarif');
    assert.equal(blocked.code, 2);
    const [res] = sarif(blocked.out).runs[0].results;
    assert.equal(res.ruleId, 'unresolved-variable');
    assert.equal(res.level, 'error');
    assert.deepEqual(res.locations[0].physicalLocation.region, { startLine: 5, startColumn: 16 });
    assert.equal(
      res.partialFingerprints['librechatContainmentId/v1'],
      'unresolved-variable:endpoints.custom.A.baseURL',
    );
    assert.equal(res.suppressions, undefined);
    const ok = cli(
      'explain',
      config,
      '--format',
      'sarif',
      '--accept',
      'unresolved-variable:endpoints.custom.A.baseURL',
    );
    assert.equal(ok.code, 0);
    assert.deepEqual(sarif(ok.out).runs[0].results[0].suppressions, [
      { kind: 'external', status: 'accepted', justification: 'accepted by id on the command line (--accept)' },
    ]);
  });

  it('explain --format markdown lists the allowed destinations with their config lines, and the findings', () => {
    const r = cli('explain', CONFIG, ...EXAMPLE, '--format', 'markdown');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^## librechat-containment explain: /);
    assert.ok(r.out.includes(`| librechat | api\\.mistral\\.ai\\:443 | llm\\-mistral |`), r.out);
    assert.ok(r.out.includes(mdText(`${CONFIG}:45:16 endpoints.custom[Mistral].baseURL`)));
    assert.match(r.out, /### Findings \(3\)/);
    assert.equal(cli('explain', CONFIG, 'api.mistral.ai', '--format', 'sarif').code, 2);
  });

  it('check --format sarif: up to date gives findings only, exit 0', () => {
    const r = cli('check', CONFIG, ...EXAMPLE, '--against', policy, '--format', 'sarif');
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /^up to date/);
    const results = sarif(r.out).runs[0].results;
    assert.deepEqual(
      results.map((x: any) => x.ruleId),
      ['namespace-not-owned', 'per-user-credentials', 'internal-destination'],
    );
  });

  it('check --format sarif: drift is a result per group (added at its config line, removed) and exit 1', () => {
    const r = cli('check', groq, ...EXAMPLE, '--against', policy, '--format', 'sarif');
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /\+ destination group llm-groq: api\.groq\.com:443/);
    assert.doesNotMatch(r.out, /^@@/m, 'stdout holds the SARIF log, not the diff');
    const results = sarif(r.out).runs[0].results.filter((x: any) => x.ruleId.startsWith('drift'));
    const shown = results.map((x: any) => [
      x.ruleId,
      x.locations[0].physicalLocation.artifactLocation.uri,
      x.locations[0].physicalLocation.region,
    ]);
    assert.deepEqual(shown, [
      ['drift', groq, { startLine: 1 }],
      ['drift-group-added', groq, { startLine: 43, startColumn: 7 }],
      ['drift-group-removed', groq, { startLine: 1 }],
    ]);
    assert.match(results[1].message.text, /^destination group llm-groq is added: api\.groq\.com:443$/);
    assert.match(results[2].message.text, /llm-mistral is in the committed manifests.*api\.mistral\.ai:443/);
    assert.match(
      results[0].message.text,
      /\+ rule permit-llm-groq in FirewallPolicy librechat\/librechat-librechat-egress/,
    );
    assert.ok(results.every((x: any) => x.level === 'error'));
  });

  it('check --sarif-file and --summary-file write both reports beside the usual output (also with --format json)', () => {
    const sarifFile = join(root, 'out', 'check.sarif');
    const summary = join(root, 'out', 'summary.md');
    const r = cli('check', groq, ...EXAMPLE, '--against', policy, '--sarif-file', sarifFile, '--summary-file', summary);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /^@@ /m, 'stdout keeps the diff');
    sarif(readFileSync(sarifFile, 'utf8'));
    const md = readFileSync(summary, 'utf8');
    assert.match(md, /^## librechat-containment check: DRIFT\n/);
    assert.ok(md.includes('| change | group | destinations | config line |'), md);
    assert.ok(md.includes(`| added | llm\\-groq | api\\.groq\\.com\\:443 | ${mdText(`${groq}:43:7`)} `), md);
    assert.ok(
      md.includes(
        '| removed | llm\\-mistral | api\\.mistral\\.ai\\:443 | (committed only: the config does not produce it) |',
      ),
      md,
    );
    assert.match(md, /### Other changes\n\n- \\\+ rule permit\\-llm\\-groq/);
    // Overwrites its own report of an earlier run; JSON manifests can be checked with reports too.
    const json = join(root, 'json');
    assert.equal(cli('render', CONFIG, ...EXAMPLE, '--out', json, '--format', 'json').code, 0);
    const again = cli('check', CONFIG, ...EXAMPLE, '--against', json, '--format', 'json', '--summary-file', summary);
    assert.equal(again.code, 0, again.err);
    assert.match(readFileSync(summary, 'utf8'), /^## librechat-containment check: up to date\n/);
  });

  it('check with blocking findings: the reports hold the findings (BLOCKED), exit 2, nothing compared', () => {
    const config = join(root, 'c.yaml');
    writeFileSync(config, 'version: 1.3.9\nendpoints:\n  custom:\n    - name: A\n      baseURL: ${A_URL}\n');
    const summary = join(root, 'summary.md');
    const r = cli('check', config, '--against', policy, '--format', 'sarif', '--summary-file', summary);
    assert.equal(r.code, 2);
    assert.match(r.err, /blocking finding\(s\) are not accepted/);
    const results = sarif(r.out).runs[0].results;
    assert.deepEqual(
      results.filter((x: any) => x.level === 'error').map((x: any) => x.ruleId),
      ['unresolved-variable'],
    );
    assert.ok(results.every((x: any) => !x.ruleId.startsWith('drift')));
    assert.match(readFileSync(summary, 'utf8'), /^## librechat-containment check: BLOCKED/);
  });

  it('input errors write no report at all (exit 2, no output)', () => {
    const bad = join(root, 'bad.yaml');
    writeFileSync(bad, 'version: 1.3.9\nendpoints:\n  custom: [\n');
    const sarifFile = join(root, 'x.sarif');
    const r = cli('check', bad, '--against', policy, '--format', 'sarif', '--sarif-file', sarifFile);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.ok(!existsSync(sarifFile));
  });

  it('the refusal to print secrets covers SARIF and markdown, on stdout and in files (nothing written)', () => {
    const leak = ['--env', 'MISTRAL_API_KEY=api.mistral.ai'];
    for (const fmt of ['sarif', 'markdown']) {
      const e = cli('explain', CONFIG, ...EXAMPLE, ...leak, '--format', fmt);
      assert.equal(e.code, 2, fmt);
      assert.equal(e.out, '');
      assert.match(e.err, /refusing to print or write the output: it would contain the value of MISTRAL_API_KEY/);
    }
    const sarifFile = join(root, 'x.sarif');
    const summary = join(root, 'x.md');
    const r = cli(
      'check',
      CONFIG,
      ...EXAMPLE,
      ...leak,
      '--against',
      policy,
      '--sarif-file',
      sarifFile,
      '--summary-file',
      summary,
    );
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, /refusing to print or write the output/);
    assert.ok(!existsSync(sarifFile) && !existsSync(summary));
  });

  it('a secret in the diff of a committed file is refused before any report file is written', () => {
    const file = join(policy, 'firewallpolicy-librechat-librechat-egress.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}# sk-live-VERYSECRET123\n`);
    const sarifFile = join(root, 'x.sarif');
    const r = cli(
      'check',
      CONFIG,
      ...EXAMPLE,
      '--env',
      'MISTRAL_API_KEY=sk-live-VERYSECRET123',
      '--against',
      policy,
      '--sarif-file',
      sarifFile,
    );
    assert.equal(r.code, 2);
    assert.match(r.err, /refusing to print or write the output: it would contain the value of MISTRAL_API_KEY/);
    assert.equal(r.out, '');
    assert.ok(!existsSync(sarifFile));
  });

  it('a report file is never written through a symbolic link', () => {
    const target = join(root, 'target.txt');
    writeFileSync(target, 'keep\n');
    const link = join(root, 'link.sarif');
    symlinkSync(target, link);
    const r = cli('check', CONFIG, ...EXAMPLE, '--against', policy, '--sarif-file', link);
    assert.equal(r.code, 2);
    assert.match(r.err, /is a symbolic link: refusing to write through it/);
    assert.equal(readFileSync(target, 'utf8'), 'keep\n');
  });

  it('committed text in the markdown summary is escaped: no HTML, links or table breaks from a manifest', () => {
    const file = join(policy, 'firewallpolicy-librechat-librechat-egress.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('- name: llm-mistral', '- name: "<img src=x>|[a](http://e)"')
        .replace('- name: llm-mistral', '- name: "<img src=x>|[a](http://e)"'),
    );
    const summary = join(root, 's.md');
    const r = cli('check', CONFIG, ...EXAMPLE, '--against', policy, '--summary-file', summary);
    assert.equal(r.code, 1, r.err);
    const md = readFileSync(summary, 'utf8');
    assert.doesNotMatch(md, /(^|[^\\])(<img|\]\()/m, 'no raw HTML or link');
    assert.ok(md.includes('| removed | \\<img src\\=x\\>\\|\\[a\\]\\(http\\:\\/\\/e\\) |'), md);
  });

  // eslint-disable-next-line no-control-regex
  const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
  // U+202E RIGHT-TO-LEFT OVERRIDE, U+2066-U+2069 isolates, U+2028/U+2029 separators, ESC, NUL, DEL, C1.
  const TRICKY = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
  const SEPARATORS = ['\u2028', '\u2029', '\u001b', '\u0000', '\u007f', '\u0085', '\u009b'];

  it('escapeControl covers every bidi override/isolate and line/paragraph separator', () => {
    for (const c of [...TRICKY, ...SEPARATORS]) {
      const shown = escapeControl(`a${c}b`);
      assert.equal([...shown].length, shown.length, 'plain ASCII');
      assert.match(shown, /^a\\(x[0-9a-f]{2}|u[0-9a-f]{4})b$/, JSON.stringify(c));
    }
  });

  it('mdText shows control, bidi and separator characters as escapes, one line, nothing raw', () => {
    for (const c of [...TRICKY, ...SEPARATORS]) {
      const md = mdText(`llm-${c}evil\nnext`);
      assert.doesNotMatch(md, CONTROL_CHARS, JSON.stringify(c));
      assert.ok(md.startsWith('llm\\-\\\\'), md);
    }
    assert.equal(mdText('a\u202eb'), 'a\\\\u202eb');
  });

  it('sarifText escapes [ and ] (SARIF 2.1.0 §3.11.6 embedded links) and nothing else', () => {
    assert.equal(sarifText('see [x](0) and ]['), 'see \\[x\\](0) and \\]\\[');
    assert.equal(sarifText('a:b (c) \\ d'), 'a:b (c) \\ d');
  });

  it('drift messages in SARIF escape brackets from committed names: no embedded link', () => {
    writeFileSync(join(policy, '[x](0).yaml'), 'kind: ConfigMap\n');
    const file = join(policy, 'firewallpolicy-librechat-librechat-egress.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/- name: llm-mistral/g, '- name: "[a](1)"'));
    const r = cli('check', CONFIG, ...EXAMPLE, '--against', policy, '--format', 'sarif');
    assert.equal(r.code, 1, r.err);
    const results = sarif(r.out).runs[0].results.filter((x: any) => x.ruleId.startsWith('drift'));
    const texts = results.map((x: any) => x.message.text);
    assert.ok(
      texts.some((t: string) => t.includes('\\[x\\](0).yaml')),
      texts.join('\n---\n'),
    );
    assert.ok(
      texts.some((t: string) => t.includes('destination group \\[a\\](1)')),
      texts.join('\n---\n'),
    );
    for (const t of texts) assert.doesNotMatch(t, /(^|[^\\])[[\]]/, t);
  });

  it('every SARIF message escapes brackets: findings naming a config key, their locations, the rules', () => {
    const config = join(root, 'bracket.yaml');
    writeFileSync(
      config,
      readFileSync(CONFIG, 'utf8').replace(
        /^mcpServers:\n/m,
        'mcpServers:\n  "[x](0)":\n    url: "https://mcp.example.com/sse"\n',
      ),
    );
    const r = cli('explain', config, ...EXAMPLE, '--format', 'sarif');
    const run = sarif(r.out).runs[0];
    const texts: string[] = [
      ...run.results.flatMap((x: any) => [x.message.text, ...(x.locations ?? []).map((l: any) => l.message?.text)]),
      ...run.tool.driver.rules.flatMap((x: any) => [x.shortDescription.text, x.fullDescription.text, x.help.text]),
    ].filter((t): t is string => typeof t === 'string');
    assert.ok(
      texts.some((t) => t.includes('\\[x\\](0)')),
      texts.join('\n---\n'),
    );
    for (const t of texts) assert.doesNotMatch(t, /(^|[^\\])[[\]]/, t);
  });

  it('an overlay accept reason is escaped in the SARIF justification and the markdown summary', () => {
    const overlay = join(root, 'librechat.overlay.yaml');
    copyFileSync(join(EXAMPLES, 'librechat.overlay.yaml'), overlay);
    appendFileSync(
      overlay,
      '\naccept:\n  - id: per-user-credentials:tools\n    reason: "ok\\u202e[a](http://e)<b>\\u2028\\u001b[31m"\n',
    );
    const sarifFile = join(root, 'r.sarif');
    const summary = join(root, 'r.md');
    const args = ['--overlay', overlay, '--sarif-file', sarifFile, '--summary-file', summary];
    const r = cli('check', CONFIG, ...EXAMPLE, '--against', policy, ...args);
    assert.equal(r.code, 0, r.err);
    const res = sarif(readFileSync(sarifFile, 'utf8')).runs[0].results.find(
      (x: any) => x.properties.findingId === 'per-user-credentials:tools',
    );
    const justification: string = res.suppressions[0].justification;
    assert.ok(justification.startsWith('ok\\u202e[a](http://e)<b>\\u2028\\x1b[31m ('), justification);
    const md = readFileSync(summary, 'utf8');
    assert.doesNotMatch(md.replace(/\n/g, ''), CONTROL_CHARS);
    assert.ok(md.includes('accepted because\\: ok\\\\u202e\\[a\\]\\(http'), md);
  });

  describe('every report path is checked before any report is written (no half-written set on exit 2)', () => {
    const reports = (sarifFile: string, summary: string) =>
      cli('check', groq, ...EXAMPLE, '--against', policy, '--sarif-file', sarifFile, '--summary-file', summary);

    it('a summary file that is a symbolic link: exit 2, and the SARIF file is not written either', () => {
      const target = join(root, 'target.md');
      writeFileSync(target, 'keep\n');
      symlinkSync(target, join(root, 'link.md'));
      const r = reports(join(root, 'r.sarif'), join(root, 'link.md'));
      assert.equal(r.code, 2);
      assert.match(r.err, /link\.md is a symbolic link: refusing to write through it/);
      assert.ok(!existsSync(join(root, 'r.sarif')), 'no SARIF file');
      assert.equal(readFileSync(target, 'utf8'), 'keep\n');
    });

    it('a report whose folder is reached through a symbolic link: exit 2, nothing written anywhere', () => {
      const real = join(root, 'real');
      mkdirSync(real);
      symlinkSync(real, join(root, 'via'));
      for (const [sarifFile, summary] of [
        [join(root, 'r.sarif'), join(root, 'via', 'r.md')],
        [join(root, 'via', 'sub', 'r.sarif'), join(root, 'r.md')],
        [relative(process.cwd(), join(root, 'r.sarif')), relative(process.cwd(), join(root, 'via', 'r.md'))],
      ]) {
        const r = reports(sarifFile, summary);
        assert.equal(r.code, 2, r.err);
        assert.match(r.err, /is reached through a symbolic link .*: refusing to write there/);
        assert.ok(!existsSync(join(root, 'r.sarif')) && !existsSync(join(root, 'r.md')), 'nothing beside');
        assert.deepEqual(readdirSync(real), [], 'nothing through the link');
      }
    });

    it('the same path for both reports is refused (one would silently replace the other)', () => {
      const r = reports(join(root, 'r.out'), join(root, '.', 'r.out'));
      assert.equal(r.code, 2);
      assert.match(r.err, /is given for two reports/);
      assert.ok(!existsSync(join(root, 'r.out')));
    });

    it('reports in a new subfolder of a real folder are still written', () => {
      const r = reports(join(root, 'new', 'a', 'r.sarif'), join(root, 'new', 'b', 'r.md'));
      assert.equal(r.code, 1, r.err);
      assert.ok(existsSync(join(root, 'new', 'a', 'r.sarif')) && existsSync(join(root, 'new', 'b', 'r.md')));
    });
  });
});
