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
