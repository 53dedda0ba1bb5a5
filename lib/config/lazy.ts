// A value made on first use: modules that only some commands or options need are required inside
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
