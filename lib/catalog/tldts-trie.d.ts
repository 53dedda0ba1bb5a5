// The packed public-suffix trie inside the pinned tldts (dist/cjs/src/data/trie.js). tldts exports
// no list of suffixes, and a wildcard check must know whether any suffix lies *under* a domain;
// lib/catalog/public-suffixes.ts walks this structure, and test/core/wildcards.spec.ts checks that
// it still reads the same rules as tldts' public API.
declare module 'tldts/dist/cjs/src/data/trie' {
  export const nodeFlags: Uint8Array;
  export const edgeStart: Uint16Array | Uint32Array;
  export const edgeLength: Uint8Array;
  export const edgeChild: Uint16Array | Uint32Array;
  export const labelText: string;
  export const rulesRoot: number;
  export const exceptionsRoot: number;
}
