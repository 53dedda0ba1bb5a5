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

/**
 * `source` with another file, path or `via`, its position still unread: a config's position is
 * computed (and the library document built for it) only when something shows it, and a spread
 * (`{ ...source, via }`) would read it.
 */
export function withFields(source: SourceRef, fields: Partial<Pick<SourceRef, 'file' | 'path' | 'via'>>): SourceRef {
  const out: SourceRef = {
    file: fields.file ?? source.file,
    path: fields.path ?? source.path,
    get line() {
      return source.line;
    },
    get column() {
      return source.column;
    },
  };
  const via = 'via' in fields ? fields.via : source.via;
  if (via) out.via = via;
  return out;
}
