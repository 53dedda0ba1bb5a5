// Provenance: where a fact came from. Defined here, beside the readers that produce it, so that
// lib/config depends on nothing in lib/policy (the policy model re-exports it).

/** Where a fact came from: a place in librechat.yaml, an env file, or a built-in default. */
export interface SourceRef {
  /** File name as the user gave it (never an absolute machine path in output), or `(default)`. */
  file: string;
  /** YAML path such as `endpoints.custom[OpenRouter].baseURL`, or the env variable name. */
  path: string;
  line: number;
  column: number;
  /** When the value came through a `${VAR}` reference: where that variable was defined. */
  via?: SourceRef;
}
