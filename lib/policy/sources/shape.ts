// Keys this tool does not know. The key catalog is generated from the configSchema of the pinned
// librechat-data-provider (lib/catalog/librechat-keys.json). An unknown key where LibreChat itself
// is strict (the top level, `endpoints`) stops LibreChat from starting; elsewhere LibreChat drops
// it. Dropped keys that hold a URL or a host might be a newer LibreChat's destination: those fail
// closed as errors; the rest are warnings.
import { parse as parseDomain } from 'tldts';
import catalog from '../../catalog/librechat-keys.json';
import { formatPath, type PathSegment } from '../../config/document';
import type { Derivation } from '../context';
import { byText } from '../names';
import { withFields } from '../../config/source';

interface ObjectShape {
  keys: string[];
  strict: boolean;
}

const OBJECTS = catalog.objects as Record<string, ObjectShape>;
/** Keys that older configs use and that the derivation reads anyway (see sources/services.ts). */
const LEGACY_TOP_LEVEL = new Set(['tts', 'stt']);
/** Keys whose values only the browser loads (icons, links): never a destination of the server. */
const BROWSER_ONLY_KEYS = new Set(['iconURL', 'iconPath', 'externalUrl', 'groupIcon']);
/** Keys some configs use that older LibreChat versions knew; read here as their successors. */
const LEGACY_KEYS: Record<string, Set<string>> = { webSearch: new Set(['scraperType']) };

export const KNOWN_CONFIG_VERSION = catalog.configVersion;

export function checkShape(d: Derivation): void {
  checkVersion(d);
  const ignored: PathSegment[][] = [];
  walk(d, d.config, [], '', ignored);
  reportIgnored(d, ignored);
}

function walk(d: Derivation, value: unknown, path: PathSegment[], pattern: string, ignored: PathSegment[][]): void {
  if (Array.isArray(value)) {
    const itemPattern = `${pattern}[]`;
    value.forEach((item, i) => walk(d, item, [...path, i], itemPattern, ignored));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const shape = OBJECTS[pattern];
  const record = OBJECTS[`${pattern ? `${pattern}.` : ''}*`] !== undefined;
  if (!shape && record) {
    for (const [key, child] of Object.entries(value)) walk(d, child, [...path, key], `${pattern}.*`, ignored);
    return;
  }
  if (!shape) return;
  for (const [key, child] of Object.entries(value)) {
    const childPattern = pattern ? `${pattern}.${key}` : key;
    if (shape.keys.includes(key)) {
      walk(d, child, [...path, key], childPattern, ignored);
      continue;
    }
    if (pattern === '' && LEGACY_TOP_LEVEL.has(key)) continue;
    if (LEGACY_KEYS[pattern]?.has(key)) {
      const where = displayPath(d, [...path, key]);
      d.finding('legacy-key', 'older-name', { where }, where, d.at([...path, key]));
      continue;
    }
    const destination = BROWSER_ONLY_KEYS.has(key) ? undefined : findDestinationLike(child);
    // LibreChat validates the top level with configSchema.strict(): an unknown key stops it.
    const strict = shape.strict || pattern === '';
    if (!strict && destination === undefined) ignored.push([...path, key]);
    else reportUnknown(d, [...path, key], strict);
  }
}

function reportUnknown(d: Derivation, path: PathSegment[], strict: boolean): void {
  const where = displayPath(d, path);
  const source = withFields(d.doc.atKey(path), { path: where });
  if (strict) {
    d.finding('unknown-key', 'strict-level', { where }, where, source);
  } else {
    d.finding('unknown-key', 'holds-url', { where }, where, source);
  }
}

/** Keys LibreChat drops that hold no destination: one warning that lists them, not one each. */
function reportIgnored(d: Derivation, ignored: PathSegment[][]): void {
  if (ignored.length === 0) return;
  const counts = new Map<string, number>();
  for (const path of ignored) {
    const key = genericPath(path);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const list = [...counts].sort(([a], [b]) => byText(a, b)).map(([k, n]) => (n > 1 ? `${k} (${n}x)` : k));
  d.finding(
    'ignored-key',
    'keys',
    { count: ignored.length, keys: list },
    undefined,
    d.at(ignored[0], displayPath(d, ignored[0])),
  );
}

/** `endpoints.custom[3].summarize` → `endpoints.custom[].summarize`, to count alike keys together. */
function genericPath(path: PathSegment[]): string {
  return formatPath(path.map((p) => (typeof p === 'number' ? -1 : p))).replace(/\[-1\]/g, '[]');
}

/** A path for people and for finding ids: list entries by their name where they have one. */
function displayPath(d: Derivation, path: PathSegment[]): string {
  let out = '';
  path.forEach((segment, i) => {
    if (typeof segment === 'number') {
      const entry = d.get(path.slice(0, i + 1));
      const name =
        entry && typeof entry === 'object'
          ? ((entry as Record<string, unknown>).name ?? (entry as Record<string, unknown>).group)
          : undefined;
      out += `[${typeof name === 'string' ? name : segment}]`;
    } else {
      out += out ? `.${segment}` : segment;
    }
  });
  return out;
}

/** The first string in a value that looks like a URL or an internet host name. */
function findDestinationLike(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const s = value.trim();
    if (/^[a-z][a-z0-9+.-]*:\/\/\S+/i.test(s)) return s;
    if (
      /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?$/i.test(s) &&
      parseDomain(s.replace(/^\*\./, '').replace(/:\d+$/, '')).isIcann
    )
      return s;
    return undefined;
  }
  if (Array.isArray(value)) {
    for (const v of value) {
      const found = findDestinationLike(v);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') return findDestinationLike(Object.values(value));
  return undefined;
}

function checkVersion(d: Derivation): void {
  const raw = d.get(['version']);
  if (raw === undefined) return;
  const declared = parseVersion(String(raw));
  const known = parseVersion(KNOWN_CONFIG_VERSION);
  if (!declared || !known) return;
  for (let i = 0; i < 3; i++) {
    if (declared[i] > known[i]) {
      d.finding('newer-config-version', 'version', { declared: String(raw) }, undefined, d.at(['version']));
      return;
    }
    if (declared[i] < known[i]) return;
  }
}

function parseVersion(text: string): number[] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}
