// The three commands of the CI shim: render, check, explain.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Containment } from '../pipeline';
import { webgroupFormLimits } from '../render/aviatrix';
import { explainHost, explainJson, explainText, findingsSummary, formatFindings } from '../render/explain';
import type { KubeObject } from '../render/objects';
import { GENERATED_MARKER, generatedHeader, renderManifests, toYaml } from '../render/yaml';
import { readText } from '../config/files';
import { containmentFromArgs, parseCommandArgs, UsageError } from './options';
import { assertNoSecrets, type Secret } from '../config/secrets';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const DERIVE_OPTIONS = [
  'env-file',
  'env',
  'process-env',
  'accept',
  'fail-on',
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

/** An Io that refuses to print a secret (see secrets.ts). */
function guarded(io: Io, secrets: readonly Secret[]): Io {
  return {
    out: (text) => {
      assertNoSecrets(text, secrets);
      io.out(text);
    },
    err: (text) => {
      assertNoSecrets(text, secrets);
      io.err(text);
    },
  };
}

function writeChecked(path: string, text: string, secrets: readonly Secret[]): void {
  assertNoSecrets(text, secrets);
  writeFileSync(path, text);
}

/** Finding ids are shell-safe (findingSlug); anything else is single-quoted for a POSIX shell. */
function shellQuote(text: string): string {
  return /^[A-Za-z0-9._:/@+=-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function notes(c: Containment, form: string | undefined, io: Io, wroteImagePulls: boolean): void {
  if (form === 'webgroup-policy') for (const n of webgroupFormLimits(c.policy)) io.err(`note: ${n}\n`);
  if (!wroteImagePulls)
    io.err(
      `note: node image pulls (${c.policy.imagePulls.registries.length} registry host(s)) are controller-side objects: write them with --out DIR or --image-pulls FILE.\n`,
    );
  io.err(`${findingsSummary(c.policy)}\n`);
}

/** File name of one object in an --out folder. */
export function manifestFileName(o: KubeObject, ext = 'yaml'): string {
  return `${o.kind.toLowerCase()}-${o.metadata.name}.${ext}`;
}

/** The files `render --out` writes: name → content. */
export function manifestFiles(c: Containment, format: 'yaml' | 'json'): Map<string, string> {
  const header = generatedHeader(c.policy, REGENERATE);
  const files = new Map<string, string>();
  for (const o of c.objects) {
    files.set(
      manifestFileName(o, format),
      format === 'json' ? `${JSON.stringify(o, null, 2)}\n` : `${header}\n${toYaml(o)}`,
    );
  }
  files.set(IMAGE_PULLS_FILE, imagePullsText(c));
  return files;
}

function imagePullsText(c: Containment): string {
  return `${JSON.stringify(c.imagePulls, null, 2)}\n`;
}

function format(values: { format?: string }, allowed: string[]): string {
  const f = values.format ?? allowed[0];
  if (!allowed.includes(f)) throw new UsageError(`--format must be ${allowed.join(' or ')}`);
  return f;
}

export function renderCommand(args: string[], rawIo: Io): number {
  const { positionals, values } = parseCommandArgs(args, [...DERIVE_OPTIONS, 'out', 'format', 'image-pulls']);
  const fmt = format(values, ['yaml', 'json']) as 'yaml' | 'json';
  if (positionals.length > 1) throw new UsageError(`render takes one config path (got ${positionals.length})`);
  const c = containmentFromArgs(positionals[0], values);
  const io = guarded(rawIo, c.secrets);
  if (refuseBlocking(c, io)) return 2;
  if (values['image-pulls']) writeChecked(values['image-pulls'], imagePullsText(c), c.secrets);
  if (values.out) {
    const files = manifestFiles(c, fmt);
    mkdirSync(values.out, { recursive: true });
    for (const stale of generatedFilesIn(values.out).filter((f) => !files.has(f))) unlinkSync(join(values.out, stale));
    for (const [name, text] of files) writeChecked(join(values.out, name), text, c.secrets);
    io.err(`wrote ${files.size} file(s) to ${values.out}\n`);
  } else if (fmt === 'json') {
    io.out(`${JSON.stringify(c.objects, null, 2)}\n`);
  } else {
    io.out(renderManifests(c.objects, generatedHeader(c.policy, REGENERATE)));
  }
  notes(c, values.form, io, Boolean(values.out || values['image-pulls']));
  return 0;
}

/** Files in a folder that this tool generated (they start with its header). */
function generatedFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .filter((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      return (
        text.startsWith(GENERATED_MARKER) ||
        (f.endsWith('.json') &&
          /"app\.kubernetes\.io\/managed-by": "librechat-containment"|^\{\s*"\/\/": "Generated by librechat-containment/.test(
            text,
          ))
      );
    })
    .sort();
}

export function checkCommand(args: string[], rawIo: Io): number {
  const { positionals, values } = parseCommandArgs(args, [...DERIVE_OPTIONS, 'against', 'format']);
  const fmt = format(values, ['yaml', 'json']) as 'yaml' | 'json';
  if (!values.against)
    throw new UsageError(
      'check needs --against PATH: the committed manifests (a folder written by render --out, or one file written by render)',
    );
  if (positionals.length > 1) throw new UsageError(`check takes one config path (got ${positionals.length})`);
  const c = containmentFromArgs(positionals[0], values);
  const io = guarded(rawIo, c.secrets);
  if (refuseBlocking(c, io)) return 2;
  const against = values.against;
  const isDir = existsSync(against) && statSync(against).isDirectory();
  const expected =
    isDir || (!existsSync(against) && !/\.(ya?ml|json)$/.test(against))
      ? manifestFiles(c, fmt)
      : new Map([[against.split(/[\\/]/).pop()!, renderManifests(c.objects, generatedHeader(c.policy, REGENERATE))]]);
  const actual = new Map<string, string>();
  if (isDir) for (const f of generatedFilesIn(against)) actual.set(f, readFileSync(join(against, f), 'utf8'));
  else if (existsSync(against)) actual.set(against.split(/[\\/]/).pop()!, readText(against, 'committed manifests'));
  const names = [...new Set([...expected.keys(), ...actual.keys()])].sort();
  const changed = names.filter((n) => expected.get(n) !== actual.get(n));
  if (changed.length === 0) {
    io.err(`up to date: ${expected.size} file(s) in ${against} match ${c.policy.configFile}\n`);
    return 0;
  }
  // Loaded only here: a check that finds no drift never pays for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createTwoFilesPatch } = require('diff') as typeof import('diff');
  for (const name of changed) {
    const before = actual.get(name) ?? '';
    const after = expected.get(name) ?? '';
    io.out(
      createTwoFilesPatch(
        `a/${name}`,
        `b/${name}`,
        before,
        after,
        actual.has(name) ? 'committed' : '(missing)',
        expected.has(name) ? 'from config' : '(to delete)',
      ),
    );
  }
  // The expected side is the objects just rendered: parsing their text again would double the cost.
  const summary = summariseDrift([...actual.values()].join('\n---\n'), c.objects);
  io.err(`DRIFT: the committed manifests in ${against} do not match ${c.policy.configFile}.\n`);
  for (const line of summary) io.err(`${line}\n`);
  if (isDir) {
    for (const name of changed)
      io.err(`${!actual.has(name) ? '+ new file' : !expected.has(name) ? '- stale file' : '~ changed file'} ${name}\n`);
  }
  io.err(
    `Regenerate with \`${REGENERATE} ${c.policy.configFile} --out ${against}\` (same options) and commit the result with the config change.\n`,
  );
  return 1;
}

/** One line per destination group (web group or address group) added, removed or changed. */
export function summariseDrift(beforeText: string, after: string | readonly KubeObject[]): string[] {
  const before = destinationSets(beforeText);
  const afterSets = destinationSets(after);
  const lines: string[] = [];
  for (const name of [...new Set([...before.keys(), ...afterSets.keys()])].sort()) {
    const b = before.get(name);
    const a = afterSets.get(name);
    if (!b && a) lines.push(`+ destination group ${name}: ${[...a].join(', ')}`);
    else if (b && !a) lines.push(`- destination group ${name}: ${[...b].join(', ')}`);
    else if (a && b) {
      const added = [...a].filter((x) => !b.has(x));
      const removed = [...b].filter((x) => !a.has(x));
      if (added.length || removed.length)
        lines.push(
          `~ destination group ${name}: ${[...added.map((x) => `+${x}`), ...removed.map((x) => `-${x}`)].join(', ')}`,
        );
    }
  }
  if (lines.length === 0)
    lines.push('  (no destination group changed: the difference is in selectors, options or the generated header)');
  return lines;
}

/** Destination sets (`host:port`) by web group or address group name, from rendered manifests. */
function destinationSets(input: string | readonly KubeObject[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  let docs: unknown[];
  try {
    const text = typeof input === 'string' ? input : '';
    docs =
      typeof input !== 'string'
        ? [...input]
        : text.trim().startsWith('{') || text.trim().startsWith('[')
          ? text.split('\n---\n').flatMap((t) => {
              const v = JSON.parse(t);
              return Array.isArray(v) ? v : [v];
            })
          : parseAllDocuments(text).flatMap((d) => ('toJS' in d ? [d.toJS()] : []));
  } catch {
    return out;
  }
  for (const doc of docs as Record<string, any>[]) {
    if (!doc || typeof doc !== 'object') continue;
    if (doc.kind === 'WebgroupPolicy') {
      out.set(doc.metadata?.name, new Set((doc.spec?.allowedDomains ?? []).map(String)));
      continue;
    }
    if (doc.kind !== 'FirewallPolicy') continue;
    const web = new Map<string, string[]>((doc.spec?.webGroups ?? []).map((g: any) => [g.name, g.domains ?? []]));
    const smart = new Map<string, string[]>(
      (doc.spec?.smartGroups ?? []).map((g: any) => [
        g.name,
        (g.selectors ?? []).map((s: any) => s.cidr).filter(Boolean),
      ]),
    );
    for (const rule of doc.spec?.rules ?? []) {
      if (rule.action !== 'permit') continue;
      const refs: [string, string[]][] =
        (rule.webGroups ?? []).length > 0
          ? rule.webGroups.map((r: any) => [r.name, web.get(r.name) ?? []])
          : (rule.destinationSmartGroups ?? []).map((r: any) => [r.name, smart.get(r.name) ?? []]);
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
  const fmt = format(values, ['text', 'json']);
  if (positionals.length > 2) throw new UsageError('explain takes a config path and at most one host');
  const c = containmentFromArgs(positionals[0], values);
  const io = guarded(rawIo, c.secrets);
  const host = positionals[1];
  if (host !== undefined) {
    const answer = explainHost(c.policy, host);
    if (fmt === 'json')
      io.out(
        `${JSON.stringify({ host: answer.host, port: answer.port ?? null, allowed: answer.allowed, matches: answer.matches.map((m) => ({ workload: m.workload, host: m.host, port: m.port, group: m.group })), explanation: answer.text }, null, 2)}\n`,
      );
    else io.out(`${answer.text}\n`);
    return answer.allowed ? 0 : 1;
  }
  if (fmt === 'json') io.out(`${JSON.stringify(explainJson(c.policy), null, 2)}\n`);
  else io.out(explainText(c.policy));
  return c.blocking.length > 0 ? 2 : 0;
}
