// Values made on first use (lazy) or kept once made (memoized). lazy: modules that only some commands or options need are required inside
// the code that needs them, so a plain `render` does not pay for loading them (start-up is most of
// a small config's time). Typed with `typeof import(...)`, so the call sites keep their types.
export function lazy<T>(make: () => T): () => T {
  let made = false;
  let value: T;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value;
  };
}

/**
 * `make(key)`, kept for a key seen before: for a pure function on a hot path whose keys repeat.
 * At most `limit` keys are kept (beyond them `make` runs every time), so memory stays bounded.
 */
export function memoized<K, V>(make: (key: K) => V, limit: number): (key: K) => V {
  const kept = new Map<K, V>();
  return (key) => {
    const found = kept.get(key);
    if (found !== undefined || kept.has(key)) return found as V;
    const value = make(key);
    if (kept.size < limit) kept.set(key, value);
    return value;
  };
}
