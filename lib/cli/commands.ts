// The three commands of the CI shim: render, check, explain.
import { lstatSync } from 'node:fs';
import type { Containment } from '../pipeline';
import { webgroupFormLimits } from '../render/aviatrix';
import { explainHost, explainJson, explainText, findingsSummary, formatFindings } from '../render/explain';
import type { KubeObject } from '../render/objects';
import { generatedHeader, renderManifests, toYaml } from '../render/yaml';
import { escapeControl, escapeControlLines, safeJson } from '../config/display';
import { lazy } from '../config/lazy';
import { containmentFromArgs, parseCommandArgs, UsageError } from './options';
import { assertNoSecrets, type Secret } from '../config/secrets';
import { InputError } from '../config/errors';
import type { SourceRef } from '../config/source';
import type { DriftReport, GroupDrift, ReportInput } from '../render/report';
import { asArray, asRecord, isRecord } from '../config/json';
import { filePatch } from './patch';

// Loaded where a command or an option needs them: a plain `render` to stdout writes no folder,
// compares nothing and writes no report, and start-up is most of a small config's time.
/* eslint-disable @typescript-eslint/no-require-imports */
const folder = lazy(() => require('./folder') as typeof import('./folder'));
const driftModule = lazy(() => require('./drift') as typeof import('./drift'));
const gitops = lazy(() => require('../render/gitops') as typeof import('../render/gitops'));
const reports = lazy(() => require('../render/report') as typeof import('../render/report'));
/* eslint-enable @typescript-eslint/no-require-imports */

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** The standard input (only `fn` reads it; the process's fd 0 when not given). */
  stdin?: () => Uint8Array;
}

const DERIVE_OPTIONS = [
  'env-from',
  'env',
  'process-env',
  'accept',
  'fail-on',
  'egress-proxy',
  'namespace',
  'release',
  'label',
  'target',
  'mode',
  'log-profile',
  'form',
  'decrypt',
  'librechat-schema',
  'overlay',
  'chart-values',
  'chart-version',
  'workload-label',
  'cloud',
  'region',
  'credentials',
  'node-local-dns',
  'chart-manifests',
  'aviatrix-only',
  'backend',
  'cilium-version',
] as const;
export const IMAGE_PULLS_FILE = 'image-pulls.tf.json';
const REGENERATE = 'librechat-containment render';

/** Exit 2 and say which error findings need a decision, when any does. */
function refuseBlocking(c: Containment, io: Io): boolean {
  if (c.blocking.length === 0) return false;
  io.err(`${formatFindings(c.blocking)}\n`);
  io.err(
    `error: ${c.blocking.length} blocking finding(s) are not accepted, so nothing was rendered. Fix the config, or accept each by its id (on the command line, or with a reason in the overlay file's accept: list): ${c.blocking.map((f) => `--accept ${shellQuote(f.id)}`).join(' ')}\n`,
  );
  return true;
}

/**
 * An Io that refuses to print a secret (see secrets.ts) and never prints a control character
 * raw (the texts escape values already; this is the last net for anything that slipped through).
 */
function guarded(io: Io, secrets: readonly Secret[]): Io {
  return {
    out: (text) => {
      assertNoSecrets(text, secrets);
      io.out(escapeControlLines(text));
    },
    err: (text) => {
      assertNoSecrets(text, secrets);
      io.err(escapeControlLines(text));
    },
  };
}

/** Finding ids are shell-safe (findingSlug); anything else is single-quoted for a POSIX shell (`Bob's`). */
function shellQuote(text: string): string {
  return /^[A-Za-z0-9._:/@+=-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function notes(c: Containment, form: string | undefined, wroteImagePulls: boolean): string {
  let text = '';
  if (form === 'webgroup-policy') for (const n of webgroupFormLimits(c.policy)) text += `note: ${n}\n`;
  if (!wroteImagePulls)
    text += `note: node image pulls (${c.policy.imagePulls.registries.length} registry host(s)) are controller-side objects: write them with --out DIR or --image-pulls FILE.\n`;
  return `${text}${findingsSummary(c.policy)}\n`;
}

/** File name of one object in an --out folder. */
export function manifestFileName(o: KubeObject, ext = 'yaml'): string {
  return `${o.kind.toLowerCase()}-${o.metadata.name}.${ext}`;
}

/**
 * The files `render --out` writes: name → content. `kustomize`: the YAML files and a
 * kustomization.yaml listing exactly them, so the folder is a kustomize base (`resources: [dir]`).
 */
export function manifestFiles(c: Containment, format: OutFormat): Map<string, string> {
  const header = generatedHeader(c.policy, REGENERATE);
  const ext = format === 'json' ? 'json' : 'yaml';
  const files = new Map<string, string>();
  for (const o of c.objects) {
    files.set(manifestFileName(o, ext), format === 'json' ? `${safeJson(o)}\n` : `${header}\n${toYaml(o)}`);
  }
  if (format === 'kustomize')
    files.set(gitops().KUSTOMIZATION_FILE, gitops().kustomizationText(header, [...files.keys()]));
  files.set(IMAGE_PULLS_FILE, imagePullsText(c));
  return files;
}

type OutFormat = 'yaml' | 'json' | 'kustomize';

function imagePullsText(c: Containment): string {
  return `${safeJson(c.imagePulls)}\n`;
}

function format(values: { format?: string }, allowed: string[]): string {
  const f = values.format ?? allowed[0];
  if (!allowed.includes(f)) throw new UsageError(`--format must be ${allowed.join(' or ')}`);
  return f;
}

export function renderCommand(args: string[], rawIo: Io): number {
  const { positionals, values } = parseCommandArgs(args, [
    ...DERIVE_OPTIONS,
    'out',
    'format',
    'image-pulls',
    'sync-wave',
  ]);
  const fmt = format(values, ['yaml', 'json', 'kustomize']) as OutFormat;
  if (fmt === 'kustomize' && !values.out)
    throw new UsageError('--format kustomize writes a folder: give it with --out DIR (kustomize reads no stream)');
  if (positionals.length > 1) throw new UsageError(`render takes one config path (got ${positionals.length})`);
  const c = containmentFromArgs(positionals[0], values);
  const io = guarded(rawIo, c.secrets);
  if (refuseBlocking(c, io)) return 2;
  // Everything that will be written or printed is known, and checked for secrets, before the
  // first byte is written: a refusal leaves the folder and the files as they were.
  const files = values.out ? manifestFiles(c, fmt) : undefined;
  const pulls = values['image-pulls'] ? imagePullsText(c) : undefined;
  const stdout = files
    ? ''
    : fmt === 'json'
      ? `${safeJson(c.objects)}\n`
      : renderManifests(c.objects, generatedHeader(c.policy, REGENERATE));
  const trailer = notes(c, values.form, Boolean(values.out || values['image-pulls']));
  for (const text of [stdout, trailer, pulls ?? '', ...(files?.values() ?? [])]) assertNoSecrets(text, c.secrets);
  if (pulls !== undefined) folder().replaceFile(values['image-pulls']!, pulls);
  if (files) {
    const kept = folder().replaceFolder(values.out!, files);
    io.err(`wrote ${files.size} file(s) to ${escapeControl(values.out!)}\n`);
    if (kept.length > 0)
      io.err(
        `note: ${escapeControl(values.out!)} also holds ${kept.length} file(s) this tool did not write, kept as they were: ${kept.map(escapeControl).join(', ')}. \`check --against\` fails while they are there (only README*, LICENSE* and .gitkeep may sit beside the manifests).\n`,
      );
  } else {
    // Checked for secrets just above: the guard's second scan of a large output would find the same.
    rawIo.out(escapeControlLines(stdout));
  }
  io.err(trailer);
  return 0;
}

/** What --format and the report-file options of check/explain ask for. */
interface ReportRequest {
  stdout?: 'sarif' | 'markdown';
  files: { format: 'sarif' | 'markdown'; path: string }[];
}

function reportRequest(fmt: string, values: { 'sarif-file'?: string; 'summary-file'?: string }): ReportRequest {
  const files: ReportRequest['files'] = [];
  if (values['sarif-file']) files.push({ format: 'sarif', path: values['sarif-file'] });
  if (values['summary-file']) files.push({ format: 'markdown', path: values['summary-file'] });
  return { stdout: fmt === 'sarif' || fmt === 'markdown' ? fmt : undefined, files };
}

function toolVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return String(require('../../../package.json').version);
}

/** Throws when any string inside a value holds a secret (before JSON or markdown escaping could hide one). */
function assertNoSecretsIn(value: unknown, secrets: readonly Secret[]): void {
  const strings: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') strings.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        strings.push(k);
        walk(x);
      }
  };
  walk(value);
  assertNoSecrets(strings.join('\n'), secrets);
}

/**
 * Writes the requested reports (files, then stdout) after checking all of them for secrets, so a
 * refusal writes nothing. Returns whether stdout got a report (then the command prints nothing else there).
 */
function emitReports(request: ReportRequest, input: ReportInput, secrets: readonly Secret[], io: Io): boolean {
  if (!request.stdout && request.files.length === 0) return false;
  // The raw texts the reports are made of: JSON and markdown escaping could hide a secret from the
  // check of the final text (a `.` becomes `\.` in markdown, a `"` becomes `\"` in JSON).
  assertNoSecretsIn([input.drift, input.policy.findings, input.policy.groups, input.policy.rules], secrets);
  const texts = new Map<'sarif' | 'markdown', string>();
  const text = (f: 'sarif' | 'markdown') => {
    if (!texts.has(f)) {
      if (f === 'sarif') {
        const log = reports().sarifReport(input);
        assertNoSecretsIn(log, secrets);
        texts.set(f, `${safeJson(log)}\n`);
      } else texts.set(f, reports().markdownReport(input));
      assertNoSecrets(texts.get(f)!, secrets);
    }
    return texts.get(f)!;
  };
  for (const f of [request.stdout, ...request.files.map((x) => x.format)]) if (f) text(f);
  // Every path is checked before the first is written: an exit 2 leaves no half-written set.
  folder().checkReportFiles(request.files.map((x) => x.path));
  for (const file of request.files) folder().writeReportFile(file.path, text(file.format));
  if (request.stdout) io.out(text(request.stdout));
  return request.stdout !== undefined;
}

/** The source of a destination group of the config, by name (the first workload's, in the policy's order). */
function withSources(groups: GroupDrift[], c: Containment): GroupDrift[] {
  const byName = new Map<string, SourceRef>();
  for (const g of c.policy.groups) if (!byName.has(g.name)) byName.set(g.name, g.source);
  return groups.map((g) => {
    const source = g.change === 'removed' ? undefined : byName.get(g.name);
    return source ? { ...g, source } : g;
  });
}

export function checkCommand(args: string[], rawIo: Io): number {
  const { positionals, values } = parseCommandArgs(args, [
    ...DERIVE_OPTIONS,
    'against',
    'format',
    'sync-wave',
    'sarif-file',
    'summary-file',
  ]);
  const chosen = format(values, ['yaml', 'json', 'kustomize', 'sarif', 'markdown']);
  // sarif and markdown are report formats: the committed manifests are then YAML (render's default).
  const fmt = (chosen === 'sarif' || chosen === 'markdown' ? 'yaml' : chosen) as OutFormat;
  const request = reportRequest(chosen, values);
  if (!values.against)
    throw new UsageError(
      'check needs --against PATH: the committed manifests (a folder written by render --out, or one file written by render)',
    );
  if (positionals.length > 1) throw new UsageError(`check takes one config path (got ${positionals.length})`);
  const c = containmentFromArgs(positionals[0], values);
  const io = guarded(rawIo, c.secrets);
  const reportInput = (drift?: DriftReport): ReportInput => ({
    command: 'check',
    policy: c.policy,
    blocking: c.blocking,
    drift,
    toolVersion: toolVersion(),
  });
  if (c.blocking.length > 0) {
    emitReports(request, reportInput(), c.secrets, io);
    refuseBlocking(c, io);
    return 2;
  }
  const against = values.against;
  const { isGenerated, NOT_MANIFESTS, readNoFollow, realFolder, scanFolder } = folder();
  const isDir = realFolder(against, 'committed manifest folder');
  const exists = isDir || pathExists(against);
  const folderMode = isDir || (!exists && !/\.(ya?ml|json)$/.test(against));
  if (fmt === 'kustomize' && !folderMode)
    throw new UsageError('--format kustomize compares a folder written by render --format kustomize --out DIR');
  const expected = folderMode
    ? manifestFiles(c, fmt)
    : new Map([[baseName(against), renderManifests(c.objects, generatedHeader(c.policy, REGENERATE))]]);
  const actual = new Map<string, string>();
  /** Entries of the folder that the config does not produce, with the reason. */
  const unexpected: { path: string; why: string }[] = [];
  if (isDir) {
    for (const e of scanFolder(against)) {
      const name = e.path.split('/').pop()!;
      if (e.kind === 'folder') continue;
      if (e.kind === 'file' && NOT_MANIFESTS.test(name)) continue;
      if (e.kind === 'file' && !e.path.includes('/') && expected.has(e.path) && e.text !== undefined) {
        actual.set(e.path, e.text);
        continue;
      }
      const why =
        e.kind === 'symlink'
          ? 'a symbolic link (kustomize and kubectl would follow it)'
          : e.kind !== 'file'
            ? 'not a regular file'
            : e.text === undefined
              ? 'a file larger than the input limit'
              : e.path.includes('/')
                ? 'a file in a subfolder (kustomize and kubectl -R would apply it)'
                : isGenerated(name, e.text)
                  ? 'a generated file the config no longer produces'
                  : 'a file without the generated header (hand-written, or edited)';
      unexpected.push({ path: e.path, why });
      if (e.text !== undefined) actual.set(e.path, e.text);
    }
  } else if (exists) {
    let st;
    try {
      st = lstatSync(against);
    } catch {
      st = undefined;
    }
    if (st?.isSymbolicLink())
      throw new InputError(
        `${escapeControl(against)} is a symbolic link`,
        'Give the real path of the committed manifests.',
      );
    const text = readNoFollow(against);
    if (text === undefined) throw new InputError(`${escapeControl(against)} is too large`, 'Check the path.');
    actual.set(baseName(against), text);
  }
  const names = [...new Set([...expected.keys(), ...actual.keys()])].sort();
  const changed = names.filter((n) => expected.get(n) !== actual.get(n));
  const again = `${REGENERATE} ${c.policy.configFile}${fmt === 'yaml' ? '' : ` --format ${fmt}`} --out ${escapeControl(against)}`;
  const regenerate = `Regenerate with \`${again}\` (same options) and commit the result with the config change${unexpected.length ? '; move files the config does not produce out of the folder (only README*, LICENSE* and .gitkeep may stay)' : ''}.`;
  if (changed.length === 0 && unexpected.length === 0) {
    const clean = {
      against: escapeControl(against),
      drifted: false,
      groups: [],
      changes: [],
      unexpected: [],
      regenerate,
    };
    emitReports(request, reportInput(clean), c.secrets, io);
    io.err(`up to date: ${expected.size} file(s) in ${escapeControl(against)} match ${c.policy.configFile}\n`);
    return 0;
  }
  // Loaded only here: a check that finds no drift never pays for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createTwoFilesPatch } = require('diff') as typeof import('diff');
  let patch = '';
  for (const name of changed) {
    const before = actual.get(name) ?? '';
    const after = expected.get(name) ?? '';
    patch += filePatch(
      createTwoFilesPatch,
      `a/${name}`,
      `b/${name}`,
      before,
      after,
      actual.has(name) ? 'committed' : '(missing)',
      expected.has(name) ? 'from config' : '(to delete)',
    );
  }
  const { parseObjects, summariseObjects } = driftModule();
  const before = [...actual.values()].flatMap(parseObjects);
  // The expected side is the objects just rendered: parsing their text again would double the cost.
  const after: Record<string, unknown>[] = folderMode ? [...c.objects, c.imagePulls] : [...c.objects];
  if (fmt === 'kustomize') after.push(...parseObjects(expected.get(gitops().KUSTOMIZATION_FILE)!));
  const groups = groupDrifts(before, after);
  const objectLines = summariseObjects(before, after);
  const summary = [...groups.map(groupDriftLine), ...objectLines];
  if (summary.length === 0 && unexpected.length === 0)
    summary.push('  (no object changed: the difference is in the generated header, comments or formatting)');
  let report = `DRIFT: the committed manifests in ${escapeControl(against)} do not match ${c.policy.configFile}.\n`;
  for (const line of summary) report += `${line}\n`;
  const odd = new Set(unexpected.map((u) => u.path));
  if (isDir) {
    for (const name of changed.filter((n) => !odd.has(n)))
      report += `${!actual.has(name) ? '+ new file' : !expected.has(name) ? '- stale file' : '~ changed file'} ${escapeControl(name)}\n`;
    for (const u of unexpected)
      report += `! unexpected ${escapeControl(u.path)}: ${u.why}; the config does not produce it\n`;
  }
  report += `${regenerate}\n`;
  const fileLines = isDir
    ? changed
        .filter((n) => !odd.has(n))
        .map(
          (name) =>
            `${!actual.has(name) ? '+ new file' : !expected.has(name) ? '- stale file' : '~ changed file'} ${escapeControl(name)}`,
        )
    : [];
  const drift: DriftReport = {
    against: escapeControl(against),
    drifted: true,
    groups: withSources(groups, c),
    changes: [...summary.slice(groups.length), ...fileLines],
    unexpected: unexpected.map((u) => ({ path: escapeControl(u.path), why: u.why })),
    regenerate,
  };
  // Committed text is shown escaped: a control character in a file must not forge lines of the CI log.
  const shownPatch = escapeControlLines(patch);
  // Both texts are checked before a report file is written: a refusal writes nothing.
  for (const text of [shownPatch, report]) assertNoSecrets(text, c.secrets);
  if (!emitReports(request, reportInput(drift), c.secrets, io)) io.out(shownPatch);
  io.err(report);
  return 1;
}

function pathExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop()!;
}

/** Destination groups (web group or address group) added, removed or changed, by name. */
export function groupDrifts(
  beforeObjects: Record<string, unknown>[],
  afterObjects: Record<string, unknown>[],
): GroupDrift[] {
  const before = destinationSets(beforeObjects);
  const after = destinationSets(afterObjects);
  const out: GroupDrift[] = [];
  for (const name of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const b = before.get(name);
    const a = after.get(name);
    const shown = escapeControl(name);
    if (!b && a) out.push({ name: shown, change: 'added', added: [...a].map(escapeControl), removed: [] });
    else if (b && !a) out.push({ name: shown, change: 'removed', added: [], removed: [...b].map(escapeControl) });
    else if (a && b) {
      const added = [...a].filter((x) => !b.has(x));
      const removed = [...b].filter((x) => !a.has(x));
      if (added.length || removed.length)
        out.push({
          name: shown,
          change: 'changed',
          added: added.map(escapeControl),
          removed: removed.map(escapeControl),
        });
    }
  }
  return out;
}

/** One line per destination group (web group or address group) added, removed or changed. */
export function summariseDrift(
  beforeObjects: Record<string, unknown>[],
  afterObjects: Record<string, unknown>[],
): string[] {
  return groupDrifts(beforeObjects, afterObjects).map(groupDriftLine);
}

function groupDriftLine(g: GroupDrift): string {
  if (g.change === 'added') return `+ destination group ${g.name}: ${g.added.join(', ')}`;
  if (g.change === 'removed') return `- destination group ${g.name}: ${g.removed.join(', ')}`;
  return `~ destination group ${g.name}: ${[...g.added.map((x) => `+${x}`), ...g.removed.map((x) => `-${x}`)].join(', ')}`;
}

/** Destination sets (`host:port`) by web group or address group name, of the permit rules. */
function destinationSets(docs: readonly unknown[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const raw of docs) {
    if (!isRecord(raw)) continue;
    const spec = asRecord(raw.spec);
    if (raw.kind === 'WebgroupPolicy') {
      out.set(String(asRecord(raw.metadata).name), new Set(asArray(spec.allowedDomains).map(String)));
      continue;
    }
    if (raw.kind !== 'FirewallPolicy') continue;
    const web = new Map(
      asArray(spec.webGroups)
        .map(asRecord)
        .map((g) => [String(g.name), asArray(g.domains).map(String)]),
    );
    const smart = new Map(
      asArray(spec.smartGroups)
        .map(asRecord)
        .map((g) => [
          String(g.name),
          asArray(g.selectors)
            .map((s) => asRecord(s).cidr)
            .filter(Boolean)
            .map(String),
        ]),
    );
    for (const rule of asArray(spec.rules).map(asRecord)) {
      if (rule.action !== 'permit') continue;
      const webRefs = asArray(rule.webGroups).map(asRecord);
      const refs: [string, string[]][] =
        webRefs.length > 0
          ? webRefs.map((r) => [String(r.name), web.get(String(r.name)) ?? []])
          : asArray(rule.destinationSmartGroups)
              .map(asRecord)
              .map((r) => [String(r.name), smart.get(String(r.name)) ?? []]);
      for (const [name, hosts] of refs) {
        const set = out.get(name) ?? new Set<string>();
        for (const h of hosts) set.add(`${h}:${rule.port ?? 'any'}`);
        out.set(name, set);
      }
    }
  }
  return out;
}

export function explainCommand(args: string[], rawIo: Io): number {
  const { positionals, values } = parseCommandArgs(args, [...DERIVE_OPTIONS, 'format']);
  const fmt = format(values, ['text', 'json', 'sarif', 'markdown']);
  if (positionals.length > 2) throw new UsageError('explain takes a config path and at most one host');
  const host = positionals[1];
  if (host !== undefined && (fmt === 'sarif' || fmt === 'markdown'))
    throw new UsageError(`--format ${fmt} reports the whole policy: give no HOST (or use --format text or json)`);
  const c = containmentFromArgs(positionals[0], values);
  const io = guarded(rawIo, c.secrets);
  if (host !== undefined) {
    const view = { ...c.enforcement, objects: c.objects };
    const answer = explainHost(c.policy, host, view);
    if (fmt === 'json')
      io.out(
        `${safeJson({ host: answer.host, port: answer.port ?? null, allowed: answer.allowed, matches: answer.matches.map((m) => ({ workload: m.workload, host: m.host, port: m.port, group: m.group })), explanation: answer.text })}\n`,
      );
    else io.out(`${answer.text}\n`);
    return answer.allowed ? 0 : 1;
  }
  if (fmt === 'sarif' || fmt === 'markdown')
    emitReports(
      { stdout: fmt, files: [] },
      { command: 'explain', policy: c.policy, blocking: c.blocking, toolVersion: toolVersion() },
      c.secrets,
      io,
    );
  else if (fmt === 'json') io.out(`${safeJson(explainJson(c.policy))}\n`);
  else io.out(explainText(c.policy, { ...c.enforcement, objects: c.objects }));
  return c.blocking.length > 0 ? 2 : 0;
}
