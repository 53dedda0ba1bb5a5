// The Public Suffix List (ICANN and private sections) as the pinned tldts ships it. tldts answers
// "what is the suffix of this name" but not "does any suffix lie under this domain", which a
// wildcard check needs (`*.amazonaws.com` covers the suffix `s3.amazonaws.com`, so anyone's
// buckets). Its packed trie is read here rather than a second copy of the list being vendored, so
// the answer is always that of the tldts version in package-lock.json; the test suite enumerates
// the trie and checks every rule against tldts' public API, so a change of layout fails loudly.
import { getPublicSuffix } from 'tldts';
import { lazy } from '../config/lazy';

type Trie = typeof import('tldts/dist/cjs/src/data/trie');

/** The trie and the offset of each edge's label in its text: read only when a wildcard needs it. */
const packed = lazy((): { trie: Trie; edgeOffset: number[] } => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const trie = require('tldts/dist/cjs/src/data/trie') as Trie;
  const edgeOffset: number[] = [];
  let offset = 0;
  for (let e = 0; e < trie.edgeLength.length; e++) {
    edgeOffset.push(offset);
    offset += trie.edgeLength[e];
  }
  return { trie, edgeOffset };
});

function label(edge: number): string {
  const { trie, edgeOffset } = packed();
  return trie.labelText.slice(edgeOffset[edge], edgeOffset[edge] + trie.edgeLength[edge]);
}

function child(node: number, text: string): number | undefined {
  const { trie } = packed();
  let wildcard: number | undefined;
  for (let e = trie.edgeStart[node]; e < trie.edgeStart[node + 1]; e++) {
    const l = label(e);
    if (l === text) return trie.edgeChild[e];
    if (l === '*') wildcard = trie.edgeChild[e];
  }
  return wildcard;
}

/** Whether `domain` is itself a public suffix (ICANN or private section). */
export function isPublicSuffix(domain: string): boolean {
  return getPublicSuffix(domain, { allowPrivateDomains: true }) === domain;
}

/**
 * Whether a public suffix lies strictly under `domain` (`amazonaws.com` → `s3.amazonaws.com`,
 * `ck` → every `*.ck`). Monotone: if it holds for a domain, it holds for every parent of it.
 */
export function hasSuffixBelow(domain: string): boolean {
  const { trie } = packed();
  let node = trie.rulesRoot;
  for (const l of domain.toLowerCase().split('.').reverse()) {
    const next = child(node, l);
    if (next === undefined) return false;
    node = next;
  }
  return trie.edgeStart[node + 1] > trie.edgeStart[node];
}

/** Every rule of the trie (`*.ck`, `s3.amazonaws.com`, ...): for the tests only. */
export function allSuffixRules(): string[] {
  const { trie } = packed();
  const out: string[] = [];
  const walk = (node: number, suffix: string) => {
    if (trie.nodeFlags[node] !== 0 && suffix) out.push(suffix);
    for (let e = trie.edgeStart[node]; e < trie.edgeStart[node + 1]; e++)
      walk(trie.edgeChild[e], suffix ? `${label(e)}.${suffix}` : label(e));
  };
  walk(trie.rulesRoot, '');
  return out;
}
