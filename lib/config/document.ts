// Reads librechat.yaml into a document that remembers where every value stands (line, column), so
// that each derived destination and each finding can point at the line that caused it.
import { createHash } from 'node:crypto';
import { lazy, memoized } from './lazy';
import { isPlainTree, plainMapping } from './plain-yaml';
import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
import type { SourceRef } from './source';
import { InputError } from './errors';
import { MAX_INPUT_BYTES, normaliseLineBreaks } from './files';
import { escapeControl } from './display';

/** Deeper than any real config; bounds the recursion of everything that walks the data. */
export const MAX_DEPTH = 64;

export type PathSegment = string | number;

export interface ConfigDocument {
  /** The name shown in output (as given, never resolved to an absolute path). */
  file: string;
  text: string;
  /** The plain data (what LibreChat's js-yaml would give, before `${VAR}` resolution). */
  data: unknown;
  digest: string;
  /** Position of the value at `path` (falls back to the nearest existing parent). */
  at(path: readonly PathSegment[], label?: string): SourceRef;
  /** Position of the key of the last segment of `path` (for errors about the key itself). */
  atKey(path: readonly PathSegment[]): SourceRef;
}

/** Maps a position inside an embedded document to its position in the file that holds it. */
export type PositionShift = (line: number, column: number) => { line: number; column: number };

export function readConfigDocument(
  rawText: string,
  file: string,
  inner = false,
  shift?: PositionShift,
): ConfigDocument {
  if (Buffer.byteLength(rawText, 'utf8') > MAX_INPUT_BYTES)
    throw new InputError(
      `${file}: the file is larger than ${MAX_INPUT_BYTES} bytes`,
      'A librechat.yaml, overlay or values file is far smaller than this; check the path.',
    );
  // CR-only and CRLF line breaks are line breaks for js-yaml (LibreChat's parser): the same here,
  // so that line and column numbers are right.
  const text = normaliseLineBreaks(rawText.replace(/^\uFEFF/, ''));
  // js-yaml reads plain block YAML several times faster than the library builds its document; the
  // document (for positions only) is then built on the first position asked for, which a plain
  // render never asks for. Anything the two may read apart takes the library's path.
  const plain = plainMapping(text);
  if (plain && isPlainTree(plain, MAX_DEPTH)) {
    return describedDocument(
      file,
      text,
      plain,
      lazy(() => libraryDocument(text).positions),
      shift,
    );
  }
  const { positions, errors } = libraryDocument(text);
  const { doc, lines } = positions;
  if (errors.length > 0) {
    const err = errors[0];
    const raw = lines.linePos(err.pos[0]);
    const pos = shift ? { ...shift(raw.line, raw.col), col: shift(raw.line, raw.col).column } : raw;
    throw new InputError(
      `${file}:${pos.line}:${pos.col}: not valid YAML: ${firstLine(err.message)}`,
      'Fix the YAML syntax at that position (indentation, quotes, a missing colon).',
    );
  }
  const deep = tooDeep(doc.contents as Node | null);
  if (deep) {
    const pos = lines.linePos(deep.range?.[0] ?? 0);
    throw new InputError(
      `${file}:${pos.line}:${pos.col}: the YAML is nested more than ${MAX_DEPTH} levels deep`,
      'A LibreChat config is only a few levels deep; flatten or remove this value.',
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    throw new InputError(
      `${file}:1:1: the YAML cannot be expanded: ${firstLine((e as Error).message)}`,
      'Remove the excessive or recursive aliases.',
    );
  }
  const cycle = aliasProblem(data);
  if (cycle) {
    const at = locate(positions, cycle.path);
    throw new InputError(
      `${file}:${at.line}:${at.column}: ${formatPath(cycle.path) || 'the document'} ${cycle.what}`,
      cycle.what.startsWith('refers')
        ? 'Remove the alias (*name) that points at the value containing it.'
        : 'Aliases (*name) nest too deeply here; write the value out.',
    );
  }
  // The chart's `configYamlContent` is rendered with toYaml, so a whole config can arrive as one
  // string; LibreChat parses such a string a second time, and so do we (once).
  if (typeof data === 'string' && !inner && /\n/.test(data)) {
    return readConfigDocument(data, `${file} (inner document)`, true);
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError(
      `${file}:1:1: librechat.yaml must be a mapping of keys (version, endpoints, ...), found ${Array.isArray(data) ? 'a list' : typeof data}`,
      'Start the file with `version: 1.3.9` and the sections you use.',
    );
  }
  return describedDocument(file, text, data as object, () => positions, shift);
}

/** The library's document of `text` and its line counter, read as js-yaml (LibreChat's parser) reads. */
function libraryDocument(text: string): { positions: Positions; errors: Document['errors'] } {
  const lines = new LineCounter();
  // merge: `<<` keys as js-yaml (LibreChat's parser) reads them.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: true });
  return { positions: { doc, lines, index: new WeakMap() }, errors: doc.errors };
}

function describedDocument(
  file: string,
  text: string,
  data: object,
  positions: () => Positions,
  shift: PositionShift | undefined,
): ConfigDocument {
  const digest = createHash('sha256').update(canonicalJson(data)).digest('hex');
  const ref = (path: readonly PathSegment[], label: string | undefined, key: boolean): SourceRef => {
    let pos: { line: number; column: number } | undefined;
    const position = () => {
      if (!pos) {
        const found = locate(positions(), path, key);
        pos = shift ? shift(found.line, found.column) : found;
      }
      return pos;
    };
    // Own enumerable getters: a spread or JSON of the reference reads the position (and builds the
    // document then); a render that prints no position never builds it.
    return {
      file,
      path: label ?? formatPath(path),
      get line() {
        return position().line;
      },
      get column() {
        return position().column;
      },
    };
  };
  return {
    file,
    text,
    data,
    digest,
    at: (path, label) => ref(path, label, false),
    atKey: (path) => ref(path, undefined, true),
  };
}

/** Top-level keys of librechat.yaml (LibreChat's configSchema); a values file has `librechat:` instead. */
const VALUES_ONLY_KEYS = ['librechat', 'librechat-rag-api', 'mongodb', 'meilisearch', 'image', 'ingress'];

/**
 * Reads the config given to the tool. A LibreChat chart values file is recognised by its top-level
 * `librechat:` mapping: its `librechat.configYamlContent` (the chart's inline librechat.yaml) is
 * read as the config, with every position pointing into the values file; a values file without
 * it is refused with what it is and what to pass instead. Returns the values document too, so it
 * can serve as the chart values when none are given.
 */
export function readLibreChatConfig(text: string, file: string): { doc: ConfigDocument; values?: ConfigDocument } {
  const outer = readConfigDocument(text, file);
  const data = outer.data as Record<string, unknown>;
  const librechat = data.librechat;
  const looksLikeValues =
    librechat !== null &&
    typeof librechat === 'object' &&
    !Array.isArray(librechat) &&
    !('version' in data) &&
    !('endpoints' in data);
  if (!looksLikeValues) return { doc: outer };
  const content = (librechat as Record<string, unknown>).configYamlContent;
  if (typeof content !== 'string') {
    const at = outer.atKey(['librechat']);
    const others = VALUES_ONLY_KEYS.filter((k) => k in data).join(', ');
    throw new InputError(
      `${file}:${at.line}:${at.column}: this is a values file of the LibreChat Helm chart (top-level ${others}), not librechat.yaml, and it has no librechat.configYamlContent to read the config from`,
      `Pass it with --chart-values ${file} and give librechat.yaml as the config, or put the config under librechat.configYamlContent.`,
    );
  }
  return { doc: embeddedDocument(text, file, outer, content), values: outer };
}

/** The document inside `librechat.configYamlContent`, with positions in the values file. */
function embeddedDocument(text: string, file: string, outer: ConfigDocument, content: string): ConfigDocument {
  const header = outer.at(['librechat', 'configYamlContent']);
  const lines = text.split(/\r?\n/);
  const headerLine = lines[header.line - 1] ?? '';
  const isLiteral = /^\|[0-9+-]*\s*(#.*)?$/.test(headerLine.slice(header.column - 1).trim());
  let shift: PositionShift;
  if (isLiteral) {
    // A literal block keeps every line: inner line n is line header+n, indented by the block's
    // indentation (that of its first non-empty line).
    const first = lines.slice(header.line).find((l) => l.trim() !== '') ?? '';
    const indent = first.length - first.trimStart().length;
    shift = (line, column) => ({ line: header.line + line, column: column + indent });
  } else {
    // Folded or quoted: lines do not map one to one; point at the value itself.
    shift = () => ({ line: header.line, column: header.column });
  }
  return readConfigDocument(content, file, true, shift);
}

/** The first node nested deeper than MAX_DEPTH (aliases not followed), iteratively. */
function tooDeep(root: Node | null): Node | undefined {
  const stack: [Node, number][] = root ? [[root, 0]] : [];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_DEPTH) return node;
    if (isMap(node)) {
      for (const p of node.items) {
        if (p.value) stack.push([p.value as Node, depth + 1]);
        if (p.key && typeof p.key === 'object') stack.push([p.key as Node, depth + 1]);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) if (item) stack.push([item as Node, depth + 1]);
    }
  }
  return undefined;
}

/** A value that contains itself through an alias (`a: &x { b: *x }`), or aliases nested too deep. */
function aliasProblem(data: unknown): { path: PathSegment[]; what: string } | undefined {
  const ancestors = new Set<object>();
  // One path for the whole walk, copied only into a problem found (a copy per value was most of the cost).
  const path: PathSegment[] = [];
  const visit = (value: unknown): { path: PathSegment[]; what: string } | undefined => {
    if (!value || typeof value !== 'object') return undefined;
    if (ancestors.has(value)) return { path: [...path], what: 'refers to itself through an alias (a cycle)' };
    if (path.length > MAX_DEPTH)
      return { path: [...path], what: `is nested more than ${MAX_DEPTH} levels deep through aliases` };
    ancestors.add(value);
    const entries: [PathSegment, unknown][] = Array.isArray(value)
      ? value.map((v, i) => [i, v])
      : Object.entries(value as Record<string, unknown>);
    for (const [k, v] of entries) {
      path.push(k);
      const found = visit(v);
      path.pop();
      if (found) return found;
    }
    ancestors.delete(value);
    return undefined;
  };
  return visit(data);
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

/**
 * The pairs of each mapping by key text, built once per mapping on its first lookup: without it each
 * lookup scans the mapping, and pointing at each of N MCP servers costs N² (issue 9 §5).
 */
type KeyIndex = WeakMap<YAMLMap, Map<string, Pair<unknown, unknown>>>;

function pairOf(index: KeyIndex, map: YAMLMap, segment: PathSegment): Pair<unknown, unknown> | undefined {
  let keys = index.get(map);
  if (!keys) {
    keys = new Map();
    for (const p of map.items as Pair<unknown, unknown>[]) {
      // The first pair of a key wins, as the linear search did (uniqueKeys rejects repeats anyway).
      if (isScalar(p.key) && !keys.has(String(p.key.value))) keys.set(String(p.key.value), p);
    }
    index.set(map, keys);
  }
  return keys.get(String(segment));
}

/** The library's document of a config, for positions: its line counter and the key index of its mappings. */
interface Positions {
  doc: Document;
  lines: LineCounter;
  index: KeyIndex;
}

function locate(
  { doc, lines, index }: Positions,
  path: readonly PathSegment[],
  key = false,
): { line: number; column: number } {
  let node: Node | null | undefined = doc.contents as Node | null;
  let found: Node | null | undefined = node;
  for (const [i, segment] of path.entries()) {
    if (isMap(node)) {
      const pair = pairOf(index, node, segment);
      if (!pair) break;
      // Point at the value when it exists; a key with an empty value points at its key.
      node = key && i === path.length - 1 ? (pair.key as Node) : ((pair.value as Node | null) ?? (pair.key as Node));
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment] as Node | undefined;
    } else {
      break;
    }
    if (node) found = node;
    else break;
  }
  const pos = lines.linePos(found?.range?.[0] ?? 0);
  return { line: pos.line, column: pos.col };
}

export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${escapeControl(segment)}` : escapeControl(segment);
  }
  return out;
}

/** `"key":` of each key seen (keys repeat in every object of a list). */
const keyText = memoized((key: string) => `${JSON.stringify(key)}:`, 10_000);

/** JSON with sorted keys: the same data always gives the same text, whatever the formatting. */
export function canonicalJson(value: unknown): string {
  // Written into one string (the config's digest reads all of it; arrays of parts per level cost more).
  if (!value || typeof value !== 'object') return JSON.stringify(value ?? null);
  let out = '';
  const write = (v: unknown, inArray: boolean): void => {
    if (Array.isArray(v)) {
      out += '[';
      for (let i = 0; i < v.length; i++) {
        if (i > 0) out += ',';
        // A hole prints as nothing, as Array.prototype.join prints it.
        if (i in v) write(v[i], true);
      }
      out += ']';
    } else if (v && typeof v === 'object') {
      const keys = Object.keys(v);
      if (keys.length > 1) keys.sort();
      out += '{';
      for (let i = 0; i < keys.length; i++) {
        if (i > 0) out += ',';
        out += keyText(keys[i]);
        write((v as Record<string, unknown>)[keys[i]], false);
      }
      out += '}';
    } else {
      // JSON.stringify gives undefined for a function or a symbol: nothing in a list (as join
      // printed it), `undefined` after a key (as the template printed it).
      out += JSON.stringify(v ?? null) ?? (inArray ? '' : 'undefined');
    }
  };
  write(value, false);
  return out;
}
