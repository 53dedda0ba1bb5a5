// The CI reports of `check` and `explain`: SARIF 2.1.0 (code scanning) and a markdown job summary.
// Pure: they format findings and drift that the CLI has computed; every text in them was already
// made safe to show (findings are redacted in makeFinding, drift lines escaped in the CLI), and
// the CLI checks the result for secrets before anything is printed or written.
// SARIF: OASIS SARIF 2.1.0 (errata01), the schema vendored in schemas/sarif/ (see its SOURCE.md);
// GitHub code scanning reads `ruleId`, `level`, `locations[0].physicalLocation` and
// `partialFingerprints` of each result (docs: "SARIF support for code scanning").
import type { ContainmentPolicy, Finding, Severity, SourceRef } from '../policy/model';
import { FINDING_KINDS, type FindingKindName } from '../policy/findings';
import { FINDING_TEXTS } from '../policy/finding-texts';
import { allowedEntries, findingCounts, formatSource } from './explain';
import { escapeControl } from '../config/display';

/** A destination group that differs between the committed manifests and the config. */
export interface GroupDrift {
  name: string;
  change: 'added' | 'removed' | 'changed';
  /** `host:port` entries the config adds (all of them for an added group). */
  added: string[];
  /** `host:port` entries only the committed manifests have (all of them for a removed group). */
  removed: string[];
  /** The config line of the group (added and changed groups: the config produces them). */
  source?: SourceRef;
}

/** What `check` found, for the reports; `undefined` drift means the check did not get that far. */
export interface DriftReport {
  /** The --against path, as given (escaped). */
  against: string;
  /** Whether the committed manifests differ from the config's at all. */
  drifted: boolean;
  groups: GroupDrift[];
  /** The other lines of the drift summary (rules, objects, files), as printed on stderr. */
  changes: string[];
  /** Entries of the folder the config does not produce. */
  unexpected: { path: string; why: string }[];
  /** The command that regenerates the folder. */
  regenerate: string;
}

export interface ReportInput {
  command: 'check' | 'explain';
  policy: ContainmentPolicy;
  /** Findings that block (not accepted): the command exits 2 when there are any. */
  blocking: Finding[];
  drift?: DriftReport;
  toolVersion: string;
}

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

type SarifLevel = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };

const ACCEPT_HELP =
  "Each result names the fix for its own case. An error finding is accepted only by its exact id (--accept ID, or with a reason in the overlay file's accept: list); accepting never widens the policy.";

/**
 * The fixes of a kind that do not depend on the case (its rules' fixed fix texts, from the one
 * catalog of finding texts), for the rule's help; fixes that name the case's values are in each result.
 */
export function kindFixes(kind: string): string[] {
  const rules = (FINDING_TEXTS as Record<string, Record<string, { fix: (p: never) => string }>>)[kind] ?? {};
  const fixes = Object.keys(rules)
    .sort()
    .map((r) => rules[r].fix)
    .filter((fix) => fix.length === 0)
    .map((fix) => (fix as () => string)());
  return [...new Set(fixes)];
}

function kindHelp(kind: FindingKindName): string {
  const fixes = kindFixes(kind);
  const how = fixes.length ? `How to fix it:\n${fixes.map((f) => `- ${f}`).join('\n')}\n` : '';
  return `${how}${ACCEPT_HELP}`;
}

/** The rules of drift, beside the finding kinds. */
export const DRIFT_RULES: Record<string, { summary: string; fix: string }> = {
  drift: {
    summary: 'the committed manifests do not match what the config produces',
    fix: 'Regenerate the manifests with `librechat-containment render CONFIG --out DIR` (same options) and commit them with the config change.',
  },
  'drift-group-added': {
    summary: 'the config allows a destination group that the committed manifests do not have',
    fix: 'Review the new destinations, then regenerate and commit the manifests with the config change.',
  },
  'drift-group-removed': {
    summary: 'the committed manifests allow a destination group that the config no longer produces',
    fix: 'Regenerate and commit the manifests so that the group is removed from the cluster too.',
  },
  'drift-group-changed': {
    summary: 'the destinations of a group differ between the config and the committed manifests',
    fix: 'Review the added and removed destinations, then regenerate and commit the manifests.',
  },
  'drift-unexpected-file': {
    summary: 'a file in the committed manifest folder that the config does not produce',
    fix: 'Move files the config does not produce out of the folder (only README*, LICENSE* and .gitkeep may stay).',
  },
};

/** A relative or absolute file name as a SARIF uri-reference (forward slashes, each segment percent-encoded). */
function fileUri(file: string): string {
  const path = file.replace(/\\/g, '/');
  const encoded = path
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
  return path.startsWith('/') ? `file://${encoded}` : encoded;
}

function physical(file: string, line?: number, column?: number): Record<string, unknown> {
  return {
    physicalLocation: {
      artifactLocation: { uri: fileUri(file) },
      region: { startLine: line && line > 0 ? line : 1, ...(column && column > 0 ? { startColumn: column } : {}) },
    },
  };
}

/** Where a result points: its config line, else (a built-in default) the config file itself. */
function locations(source: SourceRef | undefined, configFile: string): Record<string, unknown>[] {
  if (!source || source.line <= 0 || source.file === '(default)') return [physical(configFile)];
  return [{ ...physical(source.file, source.line, source.column), message: { text: sarifText(source.path) } }];
}

function related(source: SourceRef | undefined): Record<string, unknown> {
  const via = source?.via;
  if (!via || via.line <= 0) return {};
  return {
    relatedLocations: [{ id: 1, ...physical(via.file, via.line, via.column), message: { text: sarifText(via.path) } }],
  };
}

function findingResult(f: Finding, ruleIndex: number, configFile: string): Record<string, unknown> {
  const accepted = f.accepted
    ? {
        suppressions: [
          {
            kind: 'external',
            status: 'accepted',
            justification: f.acceptance
              ? `${escapeControl(f.acceptance.reason)} (${formatSource(f.acceptance.source)})`
              : 'accepted by id on the command line (--accept)',
          },
        ],
      }
    : {};
  return {
    ruleId: f.kind,
    ruleIndex,
    level: LEVEL[f.severity],
    // Names from the config are in it (a server called `[x](0)`): brackets escaped, as in drift results.
    message: { text: sarifText(`${f.message}\nFix: ${f.fix}`) },
    locations: locations(f.source, configFile),
    ...related(f.source),
    partialFingerprints: { 'librechatContainmentId/v1': f.id },
    properties: { findingId: f.id, severity: f.severity },
    ...accepted,
  };
}

function rule(id: string, summary: string, fix: string, level: SarifLevel): Record<string, unknown> {
  return {
    id,
    shortDescription: { text: sarifText(summary) },
    fullDescription: { text: sarifText(summary) },
    help: { text: sarifText(`${summary}.\n${fix}`) },
    defaultConfiguration: { level },
    properties: { tags: ['security', 'network-policy'] },
  };
}

/** Drift groups' `host:port` lists, shortened for one line. */
function hosts(list: string[]): string {
  return list.length <= 20 ? list.join(', ') : `${list.slice(0, 20).join(', ')}, ... (${list.length} in all)`;
}

export function groupDriftText(g: GroupDrift): string {
  if (g.change === 'added') return `destination group ${g.name} is added: ${hosts(g.added)}`;
  if (g.change === 'removed')
    return `destination group ${g.name} is in the committed manifests, but the config no longer produces it: ${hosts(g.removed)}`;
  return `destination group ${g.name} changes: ${hosts([...g.added.map((h) => `+${h}`), ...g.removed.map((h) => `-${h}`)])}`;
}

/** The SARIF log of one run of `check` or `explain`: one rule per finding kind and per kind of drift. */
export function sarifReport(input: ReportInput): Record<string, unknown> {
  const { policy } = input;
  const kinds = Object.keys(FINDING_KINDS).sort();
  const driftIds = Object.keys(DRIFT_RULES).sort();
  const rules = [
    ...kinds.map((k) => {
      const kind = FINDING_KINDS[k as keyof typeof FINDING_KINDS];
      return rule(k, kind.summary, kindHelp(k as FindingKindName), LEVEL[kind.severity]);
    }),
    ...driftIds.map((d) => rule(d, DRIFT_RULES[d].summary, DRIFT_RULES[d].fix, 'error')),
  ];
  const index = new Map(rules.map((r, i) => [r.id as string, i]));
  const results: Record<string, unknown>[] = [];
  // policy.findings are sorted (severity, then id) by the derivation.
  for (const f of policy.findings) {
    // A kind the catalog does not list cannot happen (makeFinding takes a catalog key); keep it visible anyway.
    if (!index.has(f.kind)) {
      index.set(f.kind, rules.length);
      rules.push(rule(f.kind, f.kind, ACCEPT_HELP, LEVEL[f.severity]));
    }
    results.push(findingResult(f, index.get(f.kind)!, policy.configFile));
  }
  const drift = input.drift;
  if (drift?.drifted) {
    const driftResult = (id: string, text: string, where: Record<string, unknown>[], key: string) => ({
      ruleId: id,
      ruleIndex: index.get(id)!,
      level: 'error',
      // The names in it come from the committed manifests and the config.
      message: { text: sarifText(text) },
      locations: where,
      partialFingerprints: { 'librechatContainmentId/v1': `${id}:${key}` },
    });
    const changes = drift.changes.length ? `\n${drift.changes.join('\n')}` : '';
    results.push(
      driftResult(
        'drift',
        `The committed manifests in ${drift.against} do not match ${policy.configFile}.${changes}\n${drift.regenerate}`,
        [physical(policy.configFile)],
        drift.against,
      ),
    );
    for (const g of drift.groups)
      results.push(
        driftResult(
          `drift-group-${g.change}`,
          groupDriftText(g),
          g.source ? locations(g.source, policy.configFile) : [physical(policy.configFile)],
          g.name,
        ),
      );
    for (const u of drift.unexpected)
      results.push(
        driftResult(
          'drift-unexpected-file',
          `${drift.against}/${u.path}: ${u.why}; the config does not produce it`,
          [physical(`${drift.against.replace(/\/+$/, '')}/${u.path}`)],
          u.path,
        ),
      );
  }
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'librechat-containment',
            version: input.toolVersion,
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
        properties: {
          command: input.command,
          configDigest: `sha256:${policy.configDigest}`,
          destinationGroups: policy.groups.length,
          blockingFindings: input.blocking.length,
        },
      },
    ],
  };
}

/** Text as literal markdown: every ASCII punctuation character backslash-escaped (CommonMark §2.4), one line. */
export function mdText(text: string): string {
  // Control, bidi-override and line/paragraph-separator characters are shown as escapes (\u202e),
  // so a name cannot reorder or break the line it is shown in.
  return escapeControl(text.replace(/\r?\n|\r/g, ' ')).replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

/**
 * Text for a SARIF plain-text message: `[` and `]` escaped (SARIF 2.1.0 §3.11.6: a plain text
 * message may embed links `[text](n)`, so a literal bracket is written `\[` / `\]`).
 */
export function sarifText(text: string): string {
  return text.replace(/[[\]]/g, (c) => `\\${c}`);
}

/**
 * Rows a table shows at most: GitHub refuses a step summary over 1 MiB, and a config with thousands
 * of endpoints must still give a summary (the SARIF log and the job log have every line).
 */
export const MAX_TABLE_ROWS = 200;

function mdTable(head: string[], rows: string[][]): string[] {
  const shown = rows.slice(0, MAX_TABLE_ROWS);
  const more =
    rows.length > shown.length
      ? [
          '',
          `(${rows.length - shown.length} more rows not shown: the SARIF log and the job log have all ${rows.length})`,
        ]
      : [];
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...shown.map((r) => `| ${r.join(' | ')} |`),
    ...more,
  ];
}

function mdSource(source: SourceRef | undefined): string {
  return source ? mdText(formatSource(source)) : '';
}

const SEVERITY_WORD: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info' };

function findingsSection(findings: Finding[]): string[] {
  if (findings.length === 0) return ['### Findings', '', 'None.'];
  return [
    `### Findings (${findings.length})`,
    '',
    ...mdTable(
      ['severity', 'id', 'config line', 'what', 'fix'],
      findings.map((f) => [
        f.accepted ? `${SEVERITY_WORD[f.severity]}, accepted` : f.severity === 'error' ? '**ERROR**' : f.severity,
        mdText(f.id),
        mdSource(f.source),
        mdText(f.message),
        mdText(f.acceptance ? `${f.fix} (accepted because: ${f.acceptance.reason})` : f.fix),
      ]),
    ),
  ];
}

function countLine(policy: ContainmentPolicy, blocking: Finding[]): string {
  const n = findingCounts(policy);
  return `${policy.groups.length} destination group(s); findings: ${n.error} error(s)${blocking.length ? ` (**${blocking.length} not accepted**)` : ''}, ${n.warning} warning(s), ${n.info} info.`;
}

/** The markdown job summary of `check` (drift, then findings) or `explain` (destinations, then findings). */
export function markdownReport(input: ReportInput): string {
  const { policy, drift, blocking } = input;
  const config = mdText(policy.configFile);
  const out: string[] = [];
  if (input.command === 'check') {
    const status = blocking.length
      ? 'BLOCKED: error findings are not accepted, nothing was compared'
      : drift?.drifted
        ? 'DRIFT'
        : 'up to date';
    out.push(`## librechat-containment check: ${status}`, '');
    if (drift)
      out.push(
        drift.drifted
          ? `The committed manifests in ${mdText(drift.against)} do not match ${config}.`
          : `The committed manifests in ${mdText(drift.against)} match ${config}.`,
        '',
      );
    out.push(countLine(policy, blocking), '');
    if (drift?.drifted) {
      out.push('### Destination groups', '');
      if (drift.groups.length === 0) out.push('No destination group changed.');
      else
        out.push(
          ...mdTable(
            ['change', 'group', 'destinations', 'config line'],
            drift.groups.map((g) => [
              g.change,
              mdText(g.name),
              mdText(
                g.change === 'changed'
                  ? hosts([...g.added.map((h) => `+${h}`), ...g.removed.map((h) => `-${h}`)])
                  : hosts(g.change === 'added' ? g.added : g.removed),
              ),
              g.source ? mdSource(g.source) : '(committed only: the config does not produce it)',
            ]),
          ),
        );
      const other = [...drift.changes, ...drift.unexpected.map((u) => `! unexpected ${u.path}: ${u.why}`)];
      if (other.length) {
        out.push('', '### Other changes', '', ...other.slice(0, MAX_TABLE_ROWS).map((l) => `- ${mdText(l)}`));
        if (other.length > MAX_TABLE_ROWS)
          out.push('', `(${other.length - MAX_TABLE_ROWS} more not shown: see the job log)`);
      }
      out.push('', mdText(drift.regenerate));
    }
    out.push('');
  } else {
    out.push(`## librechat-containment explain: ${config}`, '', countLine(policy, blocking), '');
    const entries = allowedEntries(policy);
    out.push('### Allowed internet destinations', '');
    if (entries.length === 0) out.push('None: every workload is deny-all.');
    else
      out.push(
        ...mdTable(
          ['workload', 'destination', 'group', 'why', 'config line'],
          entries.map((e) => [
            mdText(e.workload),
            mdText(`${e.host}:${e.port}`),
            mdText(e.group),
            mdText(e.purpose),
            mdSource(e.source),
          ]),
        ),
      );
    out.push('');
  }
  out.push(...findingsSection(policy.findings), '');
  return out.join('\n');
}
