// The part of js-yaml (LibreChat's own YAML parser) that lib/config/plain-yaml.ts uses; the package
// ships no types of its own.
declare module 'js-yaml' {
  export interface Schema {
    readonly __schema: unique symbol;
  }
  export const CORE_SCHEMA: Schema;
  export function load(text: string, options?: { schema?: Schema }): unknown;
  export function loadAll(text: string, iterator?: null, options?: { schema?: Schema }): unknown[];
}
