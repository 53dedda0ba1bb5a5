// The CI reports (lib/render/report.ts) for any input: the SARIF log validates against the vendored
// SARIF 2.1.0 schema and is deterministic, and markdown text never carries markup of its own.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { FINDING_KINDS } from '../../lib/policy/findings';
import type { ContainmentPolicy, Finding, SourceRef } from '../../lib/policy/model';
import {
  markdownReport,
  MAX_TABLE_ROWS,
  mdText,
  sarifReport,
  type DriftReport,
  type GroupDrift,
} from '../../lib/render/report';
import { sarifProblems } from '../support/sarif';
import { escapeControl } from '../../lib/config/display';

/** What escapeControl escapes: C0/C1 controls, DEL, U+2028/U+2029, bidi overrides and isolates. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const KINDS = Object.keys(FINDING_KINDS);

const source: fc.Arbitrary<SourceRef> = fc.record({
  file: fc.oneof(fc.constant('(default)'), fc.string({ minLength: 1 }), fc.constant('deploy/librechat.yaml')),
  path: fc.string(),
  line: fc.nat(5000),
  column: fc.nat(300),
});

const finding: fc.Arbitrary<Finding> = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    subject: fc.string(),
    message: fc.string(),
    fix: fc.string(),
    source: fc.option(fc.record({ ref: source, via: fc.option(source, { nil: undefined }) }), { nil: undefined }),
    accepted: fc.boolean(),
    reason: fc.option(fc.string(), { nil: undefined }),
  })
  .map((r) => {
    const kind = FINDING_KINDS[r.kind as keyof typeof FINDING_KINDS];
    return {
      id: `${r.kind}:${r.subject}`,
      kind: r.kind,
      severity: kind.severity,
      message: r.message,
      fix: r.fix,
      ...(r.source ? { source: { ...r.source.ref, ...(r.source.via ? { via: r.source.via } : {}) } } : {}),
      ...(r.accepted ? { accepted: true } : {}),
      ...(r.accepted && r.reason !== undefined
        ? { acceptance: { reason: r.reason, source: { file: 'o.yaml', path: 'accept[0]', line: 1, column: 3 } } }
        : {}),
    };
  });

const group: fc.Arbitrary<GroupDrift> = fc.record({
  name: fc.string({ minLength: 1 }),
  change: fc.constantFrom('added' as const, 'removed' as const, 'changed' as const),
  added: fc.array(fc.string()),
  removed: fc.array(fc.string()),
  source: fc.option(source, { nil: undefined }),
});

const drift: fc.Arbitrary<DriftReport> = fc.record({
  against: fc.string({ minLength: 1 }),
  drifted: fc.boolean(),
  groups: fc.array(group, { maxLength: 5 }),
  changes: fc.array(fc.string(), { maxLength: 3 }),
  unexpected: fc.array(fc.record({ path: fc.string({ minLength: 1 }), why: fc.string() }), { maxLength: 2 }),
  regenerate: fc.string(),
});

function policyWith(findings: Finding[], configFile = 'librechat.yaml'): ContainmentPolicy {
  return {
    namespace: 'librechat',
    release: 'librechat',
    configDigest: '0'.repeat(64),
    configFile,
    workloads: [],
    groups: [],
    rules: [],
    edges: [],
    internal: [],
    imagePulls: { registries: [] },
    findings,
  } as unknown as ContainmentPolicy;
}

describe('CI reports for any input (issue 13)', () => {
  it('the SARIF log of any findings and drift validates against the SARIF 2.1.0 schema, and is deterministic', () => {
    fc.assert(
      fc.property(
        fc.array(finding, { maxLength: 6 }),
        fc.option(drift, { nil: undefined }),
        fc.string({ minLength: 1 }),
        (findings, d, configFile) => {
          const input = {
            command: 'check' as const,
            policy: policyWith(findings, configFile),
            blocking: [],
            drift: d,
            toolVersion: '0.1.0',
          };
          const log = sarifReport(input) as any;
          assert.deepEqual(sarifProblems(JSON.parse(JSON.stringify(log))), []);
          assert.equal(JSON.stringify(sarifReport(input)), JSON.stringify(log));
          const results = log.runs[0].results;
          // One result per finding, in the findings' order, then the drift (only when there is drift).
          assert.deepEqual(
            results.slice(0, findings.length).map((r: any) => r.partialFingerprints['librechatContainmentId/v1']),
            findings.map((f) => f.id),
          );
          const driftCount = d?.drifted ? 1 + d.groups.length + d.unexpected.length : 0;
          assert.equal(results.length, findings.length + driftCount);
          for (const r of results) assert.equal(log.runs[0].tool.driver.rules[r.ruleIndex].id, r.ruleId);
          for (const [i, f] of findings.entries()) {
            assert.equal(results[i].suppressions !== undefined, f.accepted === true);
            assert.equal(results[i].level, { error: 'error', warning: 'warning', info: 'note' }[f.severity]);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('markdown text is literal: no line break, every ASCII punctuation character escaped, nothing lost', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const md = mdText(text);
        assert.doesNotMatch(md, /[\r\n]/);
        // Reading the escapes back gives the text (line breaks as spaces, control, bidi and separator
        // characters shown as escapeControl shows them): nothing was dropped.
        assert.equal(md.replace(/\\([!-/:-@[-`{-~])/g, '$1'), escapeControl(text.replace(/\r?\n|\r/g, ' ')));
        // None of them stands raw (U+202E could reorder the line, U+2028 break it).
        assert.doesNotMatch(md, CONTROL_CHARS);
        // No punctuation stands unescaped (a backslash itself comes out as `\\`).
        assert.doesNotMatch(md.replace(/\\[!-/:-@[-`{-~]/g, ''), /[!-/:-@[-`{-~]/);
      }),
      { numRuns: 300 },
    );
  });

  it(`a summary table shows at most ${MAX_TABLE_ROWS} rows and says how many more there are`, () => {
    const groups: GroupDrift[] = Array.from({ length: MAX_TABLE_ROWS + 50 }, (_, i) => ({
      name: `llm-${String(i).padStart(3, '0')}`,
      change: 'added',
      added: [`h${i}.example.com:443`],
      removed: [],
    }));
    const md = markdownReport({
      command: 'check',
      policy: policyWith([]),
      blocking: [],
      drift: { against: 'policy', drifted: true, groups, changes: [], unexpected: [], regenerate: 'r' },
      toolVersion: '0.1.0',
    });
    assert.equal(md.split('\n').filter((l) => l.startsWith('| added |')).length, MAX_TABLE_ROWS);
    assert.match(md, /\(50 more rows not shown: the SARIF log and the job log have all 250\)/);
  });
});
