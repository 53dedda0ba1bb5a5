// Lenient readers for untyped JSON and YAML data (parsed config, rendered objects, CRD schemas):
// a value of the wrong type reads as empty instead of throwing, because the shape is checked and
// reported elsewhere (schemas, shape.ts). One place, so no walk needs `any`.

/** A JSON object whose fields are not known yet. */
export type JsonObject = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function asRecord(value: unknown): JsonObject {
  return isRecord(value) ? value : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * Whether two JSON values are the same data (keys in any order, lists in order): what comparing
 * their canonical JSON texts decides, without writing the texts (a drifting check compares every
 * rule of every policy).
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const list = b as unknown[];
    if (a.length !== list.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], list[i])) return false;
    return true;
  }
  const left = a as JsonObject;
  const right = b as JsonObject;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(right, key) || !sameJson(left[key], right[key])) return false;
  }
  return true;
}
