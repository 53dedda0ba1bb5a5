// `librechat-containment fn`: the containment as a KRM function (kubernetes-sigs/kustomize
// cmd/config/docs/api-conventions/functions-spec.md, apiVersion v1), for `kustomize build
// --enable-alpha-plugins --enable-exec`, `kpt fn` and any orchestrator of that specification.
// It reads one ResourceList on stdin, whose functionConfig (kind LibreChatContainment) carries the
// options of `render`, and writes the ResourceList with the containment objects appended and the
// findings as `results`.
//
// What it may read: only the files the functionConfig names (and the overlay beside the config,
// as `render` finds it), each by a relative path inside the working directory (the kustomization's
// folder for kustomize's exec functions), never through a symbolic link that leaves it. No
// process environment, no network, nothing is executed; nothing is written but stdout and stderr.
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, realpathSync } from 'node:fs';
import { isAbsolute, parse as parsePath, relative, resolve, sep, win32 } from 'node:path';
import { isMap, isSeq, LineCounter, visit, parseAllDocuments, parseDocument, type Document, type YAMLMap } from 'yaml';
import { InputError } from '../config/errors';
import { escapeControl, escapeControlLines, shownValue } from '../config/display';
import { conventionalOverlay, decodeText, displayName, MAX_INPUT_BYTES } from '../config/files';
import { assertNoSecrets } from '../config/secrets';
import type { LoadedInputs } from '../inputs/load';
import type { Containment, TextFile } from '../pipeline';
import { findingsSummary, formatFindings } from '../render/explain';
import { krmResults, withKrmPath } from '../render/gitops';
import { MANAGED_BY } from '../render/objects';
import { toYaml } from '../render/yaml';
import type { Io } from './commands';
import { manifestFileName } from './commands';
import { containmentFromArgs, UsageError, type ParsedOptions } from './options';

export const FUNCTION_API_VERSION = 'librechat-containment/v1alpha1';
export const FUNCTION_KIND = 'LibreChatContainment';
/** Both versions of the ResourceList the specification's schema names (x-kubernetes-group-version-kind). */
const RESOURCE_LIST_VERSIONS = ['config.kubernetes.io/v1', 'config.kubernetes.io/v1beta1'];
const STDIN = 'stdin';

type FieldType = 'string' | 'boolean' | 'strings' | 'map' | 'maps' | 'wave';

/** functionConfig.spec: each field, its type, and the `render` flag it stands for. */
const FIELDS: Record<string, { type: FieldType; flag?: keyof ParsedOptions }> = {
  config: { type: 'string' },
  configText: { type: 'string' },
  envFrom: { type: 'strings', flag: 'env-from' },
  env: { type: 'map', flag: 'env' },
  overlay: { type: 'string', flag: 'overlay' },
  overlayText: { type: 'string' },
  chartValues: { type: 'string', flag: 'chart-values' },
  chartValuesText: { type: 'string' },
  chartManifests: { type: 'string', flag: 'chart-manifests' },
  namespace: { type: 'string', flag: 'namespace' },
  release: { type: 'string', flag: 'release' },
  chartVersion: { type: 'string', flag: 'chart-version' },
  labels: { type: 'map', flag: 'label' },
  workloadLabels: { type: 'maps', flag: 'workload-label' },
  cloud: { type: 'string', flag: 'cloud' },
  region: { type: 'string', flag: 'region' },
  credentials: { type: 'map', flag: 'credentials' },
  nodeLocalDns: { type: 'strings', flag: 'node-local-dns' },
  backend: { type: 'string', flag: 'backend' },
  ciliumVersion: { type: 'string', flag: 'cilium-version' },
  aviatrixOnly: { type: 'boolean', flag: 'aviatrix-only' },
  target: { type: 'string', flag: 'target' },
  mode: { type: 'string', flag: 'mode' },
  logProfile: { type: 'string', flag: 'log-profile' },
  form: { type: 'string', flag: 'form' },
  decrypt: { type: 'boolean', flag: 'decrypt' },
  accept: { type: 'strings', flag: 'accept' },
  failOn: { type: 'string', flag: 'fail-on' },
  egressProxy: { type: 'string', flag: 'egress-proxy' },
  librechatSchema: { type: 'boolean', flag: 'librechat-schema' },
  syncWave: { type: 'wave', flag: 'sync-wave' },
};
const FIELD_OF_FLAG = new Map(Object.entries(FIELDS).flatMap(([k, f]) => (f.flag ? [[`--${f.flag}`, k]] : [])));
const FIX = 'See `librechat-containment fn --help` for the fields of functionConfig.spec.';

type Json = Record<string, unknown>;

/** The parsed ResourceList, with positions for messages. */
interface Input {
  doc: Document;
  lines: LineCounter;
  data: { apiVersion: string; kind: string; items: Json[]; functionConfig: Json };
  /**
   * Where functionConfig holds the options: `spec` (kind LibreChatContainment) or `data` (a
   * ConfigMap, as `kpt fn eval --exec librechat-containment -- config=librechat.yaml` writes one).
   */
  section: 'spec' | 'data';
}

function positionOf(input: Pick<Input, 'doc' | 'lines'>, path: (string | number)[], key = false): string {
  let node: unknown = input.doc.contents;
  let range: [number, number, number] | undefined = (node as { range?: [number, number, number] })?.range;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = (node as YAMLMap).items.find((p) => (p.key as { value?: unknown })?.value === seg);
      if (!pair) break;
      range = key
        ? (pair.key as { range?: [number, number, number] }).range
        : ((pair.value as { range?: [number, number, number] })?.range ?? range);
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number' && node.items[seg]) {
      node = node.items[seg];
      range = (node as { range?: [number, number, number] }).range ?? range;
    } else break;
  }
  const at = input.lines.linePos(range?.[0] ?? 0);
  return `${STDIN}:${at.line}:${at.col}`;
}

function malformed(
  at: string,
  what: string,
  fix = 'Give the function one ResourceList, as the KRM Functions Specification describes (apiVersion config.kubernetes.io/v1, kind ResourceList, items, functionConfig).',
): InputError {
  return new InputError(`${at}: ${what}`, fix);
}

/** Reads and checks the ResourceList: anything else is an InputError (exit 2, nothing on stdout). */
export function readResourceList(bytes: Uint8Array): Input {
  const text = decodeText(bytes, STDIN, 'ResourceList');
  if (text.trim() === '')
    throw malformed(`${STDIN}:1:1`, 'the standard input is empty; a KRM function reads one ResourceList there');
  const lines = new LineCounter();
  const all = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const docs = Array.isArray(all) ? all : [all];
  const broken = docs.find((d) => d.errors.length > 0);
  if (broken) {
    const at = lines.linePos(broken.errors[0].pos[0]);
    throw malformed(`${STDIN}:${at.line}:${at.col}`, `not valid YAML: ${broken.errors[0].message.split('\n')[0]}`);
  }
  if (docs.length !== 1) {
    const second = docs[1] as Document | undefined;
    const at = lines.linePos(second?.range?.[0] ?? 0);
    throw malformed(`${STDIN}:${at.line}:${at.col}`, `${docs.length} YAML documents; a ResourceList is exactly one`);
  }
  const doc = docs[0] as Document;
  const input = { doc, lines };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    throw malformed(`${STDIN}:1:1`, `the YAML cannot be expanded: ${(e as Error).message.split('\n')[0]}`);
  }
  const top = data as Json;
  if (!top || typeof top !== 'object' || Array.isArray(top))
    throw malformed(`${STDIN}:1:1`, 'the input is not a mapping; a ResourceList is an object');
  if (top.kind !== 'ResourceList')
    throw malformed(positionOf(input, ['kind']), `kind must be ResourceList (got ${shown(top.kind)})`);
  if (typeof top.apiVersion !== 'string' || !RESOURCE_LIST_VERSIONS.includes(top.apiVersion))
    throw malformed(
      positionOf(input, ['apiVersion']),
      `apiVersion must be ${RESOURCE_LIST_VERSIONS.join(' or ')} (got ${shown(top.apiVersion)})`,
    );
  if (!Array.isArray(top.items))
    throw malformed(
      positionOf(input, ['items']),
      `items ${top.items === undefined ? 'is missing' : 'must be a list'}: the specification requires it (an empty list when there is nothing)`,
    );
  top.items.forEach((item, i) => {
    const o = item as Json;
    if (
      !o ||
      typeof o !== 'object' ||
      Array.isArray(o) ||
      typeof o.apiVersion !== 'string' ||
      typeof o.kind !== 'string'
    )
      throw malformed(positionOf(input, ['items', i]), `items[${i}] is not a Kubernetes object (apiVersion and kind)`);
  });
  const fc = top.functionConfig as Json | undefined;
  if (!fc || typeof fc !== 'object' || Array.isArray(fc))
    throw malformed(
      positionOf(input, ['functionConfig']),
      `functionConfig ${fc === undefined ? 'is missing' : 'must be an object'}: it names the LibreChat config`,
      `Give a functionConfig of apiVersion ${FUNCTION_API_VERSION}, kind ${FUNCTION_KIND} with spec.config (a path) or spec.configText.`,
    );
  const isConfigMap = fc.apiVersion === 'v1' && fc.kind === 'ConfigMap';
  if (!isConfigMap && (fc.apiVersion !== FUNCTION_API_VERSION || fc.kind !== FUNCTION_KIND))
    throw malformed(
      positionOf(input, [
        'functionConfig',
        fc.kind !== FUNCTION_KIND && fc.kind !== 'ConfigMap' ? 'kind' : 'apiVersion',
      ]),
      `functionConfig must be apiVersion ${FUNCTION_API_VERSION}, kind ${FUNCTION_KIND}, or a v1 ConfigMap (got ${shown(fc.apiVersion)}, ${shown(fc.kind)})`,
      FIX,
    );
  return { doc, lines, data: top as Input['data'], section: isConfigMap ? 'data' : 'spec' };
}

function shown(v: unknown): string {
  return typeof v === 'string' ? `"${shownValue(v, 60)}"` : v === undefined ? 'nothing' : typeof v;
}

/** Kernel file systems: never a LibreChat config, and reading them can disclose the machine. */
const KERNEL_DIRS = ['/proc', '/sys'];
const under = (p: string, dir: string) => p === dir || p.startsWith(dir.endsWith(sep) ? dir : dir + sep);

/**
 * A relative path inside `base` (no `..`, not absolute, no symbolic link out of it, `base` not a
 * file system root, nothing under /proc or /sys): its absolute path, and its real path when it exists.
 */
export function insideWorkdir(base: string, p: string, at: string, field: string): { abs: string; real?: string } {
  const why = !p
    ? 'is empty'
    : p.includes('\0')
      ? 'holds a NUL character'
      : isAbsolute(p) || win32.isAbsolute(p) || p.startsWith('~')
        ? 'is an absolute path'
        : p.split(/[\\/]/).includes('..')
          ? 'climbs out with ".."'
          : undefined;
  if (why)
    throw new InputError(
      `${at}: functionConfig.spec.${field} ${shownValue(p, 80)} ${why}`,
      'A KRM function reads only files inside the folder it runs in (the kustomization folder): give a path relative to it.',
    );
  const root = realpathSync(base);
  // At a file system root "inside the working directory" is the whole machine (var/run/secrets,
  // root/.npmrc): the relative-path check protects nothing there.
  if (parsePath(root).root === root)
    throw new InputError(
      `${at}: functionConfig.spec.${field} ${shownValue(p, 80)}: the function runs in a file system root (${escapeControl(root)}), so it reads no file`,
      'Run the function in the folder of the kustomization (kustomize and kpt do), not in the root directory.',
    );
  const abs = resolve(base, p);
  let real: string;
  try {
    real = realpathSync(abs);
  } catch {
    return { abs }; // missing: the reader says so, with the path as written
  }
  if (!under(real, root))
    throw new InputError(
      `${at}: functionConfig.spec.${field} ${shownValue(p, 80)} leads out of the working directory (a symbolic link)`,
      'Copy the file into the folder the function runs in; it never follows a link out of it.',
    );
  if (KERNEL_DIRS.some((d) => under(real, d) || under(abs, d)))
    throw new InputError(
      `${at}: functionConfig.spec.${field} ${shownValue(p, 80)} is under ${KERNEL_DIRS.join(' or ')}, a kernel file system`,
      'Give the path of a file in the folder of the kustomization.',
    );
  return { abs, real };
}

/**
 * Reads the checked file through one opened descriptor, and checks that the descriptor is the
 * file that was checked (a link swapped in between the check and the open is refused).
 */
function readChecked(
  checked: { abs: string; real?: string },
  at: string,
  field: string,
  what: string,
  name: string,
): string {
  const cannot = (code: string | undefined) =>
    new InputError(
      `${at}: cannot read ${name} (${code ?? 'unreadable'})`,
      `Check the path of the ${what}${code === 'ENOENT' ? ': there is no such file' : ''}.`,
    );
  if (checked.real === undefined) throw cannot('ENOENT');
  let fd: number;
  try {
    fd = openSync(checked.real, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw cannot((e as NodeJS.ErrnoException).code);
  }
  try {
    const st = fstatSync(fd);
    let same: boolean;
    try {
      same = readlinkSync(`/proc/self/fd/${fd}`) === checked.real;
    } catch {
      const now = lstatSync(checked.real);
      same = now.ino === st.ino && now.dev === st.dev;
    }
    if (!same)
      throw new InputError(
        `${at}: functionConfig.spec.${field} ${name} changed while it was read (another file took its place)`,
        'Run the function again on a folder that nothing else writes to.',
      );
    if (st.isDirectory())
      throw new InputError(
        `${at}: ${name}: the ${what} is a directory, not a file`,
        `Give the path of the ${what} file.`,
      );
    if (!st.isFile())
      throw new InputError(`${at}: ${name}: the ${what} is not a regular file`, `Give the path of the ${what} file.`);
    try {
      // Over the limit, decodeText says it is too large.
      return decodeText(readBounded(fd), name, what);
    } catch (e) {
      if (e instanceof InputError) throw new InputError(`${at}: ${e.message}`, e.fix);
      throw e;
    }
  } finally {
    closeSync(fd);
  }
}

function readInside(base: string, p: string, at: string, field: string, what: string): TextFile {
  const checked = insideWorkdir(base, p, at, field);
  // Messages name the file as written, never the machine path of the working directory.
  const name = displayName(relative(base, checked.abs));
  return { file: name, text: readChecked(checked, at, field, what, name) };
}

function checkType(input: Input, key: string, value: unknown): void {
  const type = FIELDS[key].type;
  const isStringMap = (v: unknown) =>
    !!v &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    Object.values(v).every((x) => ['string', 'number', 'boolean'].includes(typeof x));
  const ok =
    type === 'string'
      ? typeof value === 'string'
      : type === 'boolean'
        ? typeof value === 'boolean'
        : type === 'strings'
          ? Array.isArray(value) && value.every((x) => typeof x === 'string')
          : type === 'map'
            ? isStringMap(value)
            : type === 'maps'
              ? !!value && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every(isStringMap)
              : typeof value === 'number' || typeof value === 'string';
  if (!ok) {
    const want = {
      string: 'a string',
      boolean: 'true or false',
      strings: 'a list of strings',
      map: 'a mapping of names to values',
      maps: 'a mapping of workloads to mappings of labels',
      wave: 'an integer',
    }[type];
    throw new InputError(
      `${positionOf(input, ['functionConfig', input.section, key])}: functionConfig.${input.section}.${key} must be ${want}`,
      FIX,
    );
  }
  // Names become NAME=value pairs of the render options: a name holding "=" would split elsewhere.
  const names =
    type === 'map'
      ? Object.keys(value as Json)
      : type === 'maps'
        ? Object.values(value as Json).flatMap((m) => Object.keys(m as Json))
        : [];
  const bad = names.find((n) => n === '' || n.includes('='));
  if (bad !== undefined)
    throw new InputError(
      `${positionOf(input, ['functionConfig', input.section, key])}: functionConfig.${input.section}.${key} has the name ${shown(bad)}, which is empty or holds "="`,
      'Give each entry a plain name (an env variable, a label key, a workload).',
    );
}

/**
 * A ConfigMap functionConfig's data as the fields they name: every value is a string there, so a
 * boolean is `true` or `false`, a list is comma-separated, and the mappings (env, labels,
 * credentials, workloadLabels) are not offered (they need the LibreChatContainment kind).
 */
function specOfConfigMap(input: Input): Json {
  const data = input.data.functionConfig.data ?? {};
  if (!data || typeof data !== 'object' || Array.isArray(data))
    throw new InputError(
      `${positionOf(input, ['functionConfig', 'data'])}: functionConfig.data must be an object`,
      FIX,
    );
  const spec: Json = {};
  for (const [key, value] of Object.entries(data as Json)) {
    const field = FIELDS[key];
    if (!field) {
      spec[key] = value; // kept, so that optionsOf names it as an unknown field
      continue;
    }
    const at = positionOf(input, ['functionConfig', 'data', key]);
    if (typeof value !== 'string')
      throw new InputError(
        `${at}: functionConfig.data.${key} must be a string (a ConfigMap's data are strings)`,
        'Quote the value.',
      );
    if (field.type === 'map' || field.type === 'maps')
      throw new InputError(
        `${at}: functionConfig.data.${key} is a mapping, which a ConfigMap functionConfig cannot hold`,
        `Give the function a functionConfig of apiVersion ${FUNCTION_API_VERSION}, kind ${FUNCTION_KIND} with spec.${key}.`,
      );
    if (field.type === 'boolean') {
      if (value !== 'true' && value !== 'false')
        throw new InputError(`${at}: functionConfig.data.${key} must be "true" or "false"`, FIX);
      spec[key] = value === 'true';
    } else if (field.type === 'strings') {
      spec[key] = value
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== '');
    } else spec[key] = value;
  }
  return spec;
}

/** The options of `render`, and the input files read inside `base`. */
function optionsOf(input: Input, base: string): { values: ParsedOptions; loaded: LoadedInputs } {
  const spec = input.section === 'data' ? specOfConfigMap(input) : ((input.data.functionConfig.spec ?? {}) as Json);
  if (!spec || typeof spec !== 'object' || Array.isArray(spec))
    throw new InputError(
      `${positionOf(input, ['functionConfig', input.section])}: functionConfig.${input.section} must be an object`,
      FIX,
    );
  for (const key of Object.keys(spec)) {
    if (!(key in FIELDS))
      throw new InputError(
        `${positionOf(input, ['functionConfig', input.section, key], true)}: functionConfig.${input.section}.${shownValue(key, 60)} is not a field of ${FUNCTION_KIND}`,
        `Known fields: ${Object.keys(FIELDS).join(', ')}.`,
      );
    checkType(input, key, spec[key]);
  }
  const at = (key: string) => positionOf(input, ['functionConfig', input.section, key]);
  const both = (a: string, b: string) => {
    if (spec[a] !== undefined && spec[b] !== undefined)
      throw new InputError(
        `${at(b)}: functionConfig.${input.section} sets both ${a} and ${b}`,
        `Keep one of ${a} and ${b}.`,
      );
  };
  both('config', 'configText');
  both('overlay', 'overlayText');
  both('chartValues', 'chartValuesText');
  if (spec.config === undefined && spec.configText === undefined)
    throw new InputError(
      `${positionOf(input, ['functionConfig'])}: functionConfig.${input.section} needs config (a path of librechat.yaml, relative to the folder the function runs in) or configText`,
      FIX,
    );
  const str = (k: string) => spec[k] as string | undefined;
  const map = (k: string) => (spec[k] ?? {}) as Record<string, string | number | boolean>;
  let config: TextFile;
  let overlay: TextFile | undefined;
  if (spec.config !== undefined) {
    config = readInside(base, str('config')!, at('config'), 'config', 'LibreChat config');
    if (spec.overlay === undefined && spec.overlayText === undefined) {
      // As `render` does: <config>.overlay.yaml beside the config, when it exists (inside base too).
      const beside = conventionalOverlay(resolve(base, str('config')!));
      if (beside) overlay = readInside(base, relative(base, beside), at('config'), 'config', 'MCP overlay');
    }
  } else config = { file: 'librechat.yaml', text: str('configText')! };
  if (spec.overlay !== undefined) overlay = readInside(base, str('overlay')!, at('overlay'), 'overlay', 'MCP overlay');
  if (spec.overlayText !== undefined) overlay = { file: 'librechat.overlay.yaml', text: str('overlayText')! };
  const chartValues =
    spec.chartValues !== undefined
      ? readInside(base, str('chartValues')!, at('chartValues'), 'chartValues', 'chart values')
      : spec.chartValuesText !== undefined
        ? { file: 'values.yaml', text: str('chartValuesText')! }
        : undefined;
  const chartManifests =
    spec.chartManifests !== undefined
      ? readInside(base, str('chartManifests')!, at('chartManifests'), 'chartManifests', 'chart manifests')
      : undefined;
  const envFiles = ((spec.envFrom ?? []) as string[]).map((p) =>
    readInside(base, p, at('envFrom'), 'envFrom', 'env file'),
  );
  const pairs = (k: string, join: string) => Object.entries(map(k)).map(([a, b]) => `${a}${join}${String(b)}`);
  const values: ParsedOptions = {
    env: pairs('env', '='),
    label: pairs('labels', '='),
    credentials: pairs('credentials', '='),
    'workload-label': Object.entries((spec.workloadLabels ?? {}) as Record<string, Json>).flatMap(([w, labels]) =>
      Object.entries(labels).map(([k, v]) => `${w}:${k}=${String(v)}`),
    ),
    accept: spec.accept as string[] | undefined,
    'node-local-dns': spec.nodeLocalDns as string[] | undefined,
    'sync-wave': spec.syncWave === undefined ? undefined : String(spec.syncWave),
  };
  for (const [key, f] of Object.entries(FIELDS)) {
    if (!f.flag || spec[key] === undefined || values[f.flag] !== undefined) continue;
    if (['env-from', 'overlay', 'chart-values', 'chart-manifests'].includes(f.flag)) continue;
    (values as Record<string, unknown>)[f.flag] = spec[key];
  }
  if (!values.label?.length) delete values.label;
  return {
    values,
    loaded: {
      configText: config.text,
      configFile: config.file,
      envFiles,
      overlay,
      chartValues,
      chartManifests,
    },
  };
}

/** A UsageError of the options, worded with the functionConfig field and its position. */
function asSpecError(input: Input, e: UsageError): InputError {
  const m = /^(--[a-z-]+)\b ?(.*)$/s.exec(e.message);
  const field = m ? FIELD_OF_FLAG.get(m[1]) : undefined;
  if (!m || !field) return new InputError(`${STDIN}: functionConfig.${input.section}: ${e.message}`, FIX);
  return new InputError(
    `${positionOf(input, ['functionConfig', input.section, field])}: functionConfig.${input.section}.${field} ${m[2]}`,
    FIX,
  );
}

/**
 * An item (or anything kept) that aliases an anchor defined inside functionConfig: the
 * functionConfig is not printed, so the alias would be left without its anchor.
 */
function refuseAliasesIntoFunctionConfig(input: Input): void {
  const fc = input.doc.get('functionConfig', true);
  const anchors = new Set<string>();
  visit(fc as never, {
    Node(_, node) {
      const a = (node as { anchor?: string }).anchor;
      if (a) anchors.add(a);
    },
  });
  if (anchors.size === 0) return;
  visit(input.doc, {
    Pair(_, pair) {
      if (pair.key === fc || pair.value === fc) return visit.SKIP;
      return undefined;
    },
    Alias(_, node) {
      if (!anchors.has(node.source)) return;
      const at = input.lines.linePos(node.range?.[0] ?? 0);
      throw new InputError(
        `${STDIN}:${at.line}:${at.col}: the alias *${shownValue(node.source, 60)} refers to an anchor inside functionConfig, which the function does not print`,
        'Write the value out where the alias is (or move the anchor out of functionConfig).',
      );
    },
  });
}

/** Every kind of policy object a backend renders (an input one with our labels is replaced or refused). */
const POLICY_KINDS = ['FirewallPolicy', 'WebgroupPolicy', 'CiliumNetworkPolicy', 'FQDNNetworkPolicy', 'NetworkPolicy'];

/**
 * Carries this function's labels for this release on a policy kind: a previous run's object. Only
 * those this run emits again (same identity) are replaced; any other is refused, never dropped
 * and never kept (see krmFunction). Another release's objects (a second instance in the same
 * pipeline) and the component's other objects (the CA ConfigMap, Deployment patches) pass through.
 */
const isLabelledOurs = (o: Json, release: string) => {
  const labels = ((o.metadata as Json | undefined)?.labels ?? {}) as Json;
  return (
    labels['app.kubernetes.io/managed-by'] === MANAGED_BY &&
    labels['app.kubernetes.io/part-of'] === release &&
    POLICY_KINDS.includes(String(o.kind))
  );
};
const idOf = (o: Json, namespace?: unknown) => {
  const m = (o.metadata ?? {}) as Json;
  return `${String(o.apiVersion).split('/')[0]}|${o.kind}|${m.namespace ?? namespace ?? ''}|${m.name ?? ''}`;
};
/** The namespace an emitted object of this group, kind and name has (none: cluster-scoped or not emitted). */
const idNoNs = (o: Json) => {
  const m = (o.metadata ?? {}) as Json;
  return `${String(o.apiVersion).split('/')[0]}|${o.kind}|${m.name ?? ''}`;
};

/**
 * Runs the function over one ResourceList read from `bytes`, with files read inside `base`.
 * Input problems throw (exit 2, nothing on stdout). A blocking finding: the items unchanged, the
 * findings as results (the blocking ones severity error), exit 2.
 */
export function krmFunction(bytes: Uint8Array, io: Io, base: string): number {
  const input = readResourceList(bytes);
  const { values, loaded } = optionsOf(input, base);
  let c: Containment;
  try {
    c = containmentFromArgs(undefined, values, loaded);
  } catch (e) {
    if (e instanceof UsageError) throw asSpecError(input, e);
    throw e;
  }
  const err = (text: string) => {
    assertNoSecrets(text, c.secrets);
    io.err(escapeControlLines(text));
  };
  const doc = input.doc;
  const results = krmResults(c.policy.findings, c.blocking);
  results.push({
    message: findingsSummary(c.policy),
    severity: 'info',
    tags: { id: 'summary' },
  });
  const blocked = c.blocking.length > 0;
  const items = doc.get('items', true) as unknown as { items: unknown[]; flow?: boolean };
  let emittedCount = 0;
  if (!blocked) {
    const emitted = c.objects.map((o) => withKrmPath(o, manifestFileName(o)));
    const ours = new Set(emitted.map((o) => idOf(o as Json)));
    // An item without metadata.namespace of a kind we emit in a namespace gets the function's
    // namespace from a namespace transformer (kustomize, kpt set-namespace) after this run: it is
    // the same object, so it is compared as if it had that namespace.
    const nsOf = new Map(
      emitted.flatMap((o) => (o.metadata.namespace ? [[idNoNs(o as Json), o.metadata.namespace] as const] : [])),
    );
    const kept: unknown[] = [];
    input.data.items.forEach((item, i) => {
      const id = idOf(item, nsOf.get(idNoNs(item)));
      const labelled = isLabelledOurs(item, c.policy.release);
      if (labelled && ours.has(id)) return; // the previous run's copy: replaced by this run's
      if (labelled)
        // Neither dropped (an input item silently lost) nor kept (an object with our labels that we
        // no longer emit, e.g. an allow-all, would be applied beside ours and widen the policy).
        throw new InputError(
          `${positionOf(input, ['items', i])}: items[${i}] is ${item.kind} ${id.split('|').slice(2).join('/')}, labelled as this function's for release ${c.policy.release}, but this run does not generate it`,
          'Remove that object from the input (a previous run with other options made it, or it is not ours): only the objects this run generates are replaced.',
        );
      if (ours.has(id))
        throw new InputError(
          `${positionOf(input, ['items', i])}: items[${i}] is ${item.kind} ${id.split('|').slice(2).join('/')}, which this function generates`,
          'Remove that object from the input (or give it another name): two objects with one name would be applied as one.',
        );
      kept.push(items.items[i]);
    });
    items.items = kept;
    for (const o of emitted) {
      items.items.push(parseDocument(toYaml(o), { version: '1.1' }).contents);
      emittedCount++;
    }
  }
  // Block style once it holds objects (an input `items: []` is a flow sequence).
  if (items.items.length > 0) items.flow = false;
  doc.set('results', doc.createNode(results));
  // An input only (the specification's schema): not echoed, it may hold env values.
  refuseAliasesIntoFunctionConfig(input);
  doc.delete('functionConfig');
  const printOptions = { lineWidth: 0, minContentWidth: 0 };
  const out = doc.toString(printOptions);
  // The text printed, not another serialisation of it: the results are printed through
  // doc.createNode (not toYaml), so this checks the same document, stringified the same way, with
  // only what this function adds (the input items, the user's own, may hold their values).
  const added = doc.clone();
  const addedItems = added.get('items', true) as unknown as { items: unknown[] };
  addedItems.items = addedItems.items.slice(items.items.length - emittedCount);
  assertNoSecrets(added.toString(printOptions), c.secrets);
  if (blocked) {
    err(`${formatFindings(c.blocking)}\n`);
    err(
      `error: ${c.blocking.length} blocking finding(s) are not accepted, so no containment object was added. Fix the config, or accept each by its id in functionConfig.spec.accept (or the overlay's accept: list): ${c.blocking.map((f) => f.id).join(', ')}\n`,
    );
  } else err(`${findingsSummary(c.policy)}\n`);
  io.out(out);
  return blocked ? 2 : 0;
}

/**
 * Everything a descriptor gives, up to one chunk past the input limit (the caller reports a larger
 * input); a non-blocking descriptor that has nothing yet is waited for.
 */
function readBounded(fd: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const buf = Buffer.alloc(1 << 16);
  while (total <= MAX_INPUT_BYTES) {
    let n: number;
    try {
      n = readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if (code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
    total += n;
  }
  return Buffer.concat(chunks);
}

/** The standard input, bounded (a ResourceList is held in memory; the input limit applies). */
export function readStdin(fd = 0): Uint8Array {
  const bytes = readBounded(fd);
  if (bytes.length > MAX_INPUT_BYTES)
    throw new InputError(
      `${STDIN}: the ResourceList is larger than ${MAX_INPUT_BYTES} bytes`,
      'Run the function over a smaller set of resources (a generator needs none: give it only its functionConfig).',
    );
  return bytes;
}

export function fnCommand(args: string[], io: Io): number {
  if (args.length > 0)
    throw new UsageError(
      `fn takes no arguments (got ${escapeControl(args[0])}): its options are the functionConfig's spec, read with the ResourceList on stdin`,
    );
  return krmFunction((io.stdin ?? readStdin)(), io, process.cwd());
}
