// Stable Kubernetes-safe names: `[a-z0-9-]`, at most 63 characters, a short hash suffix when a
// name had to be shortened, so a config change never renames an unrelated object.
import { createHash } from 'node:crypto';

export const MAX_NAME = 63;

export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 6);
}

/** Joins parts into a name; when too long, truncates and appends a hash of the full name. */
export function stableName(parts: readonly string[], max = MAX_NAME): string {
  const full = parts.map(slug).filter(Boolean).join('-') || 'unnamed';
  if (full.length <= max) return full;
  const hash = shortHash(full);
  return `${full.slice(0, max - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

/** Makes `name` unique among `taken`, deterministically (`-2`, `-3`, ...), and records it. */
export function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let i = 2; taken.has(candidate); i++) {
    const suffix = `-${i}`;
    candidate = `${name.slice(0, MAX_NAME - suffix.length).replace(/-+$/, '')}${suffix}`;
  }
  taken.add(candidate);
  return candidate;
}

/**
 * Compares by UTF-16 code units: the same order on every machine, whatever its locale
 * (`localeCompare` sorts "aa" after "z" in Danish, which would show as drift in CI).
 */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
