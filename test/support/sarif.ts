// Validates SARIF logs against the official OASIS SARIF 2.1.0 JSON schema vendored in
// schemas/sarif/ (see its SOURCE.md). The schema is draft-04 (`"id"`, draft-04 `$schema`); Ajv 8
// speaks draft-07 and later, and this schema uses nothing whose meaning changed after draft-04
// (no boolean exclusiveMinimum/exclusiveMaximum, only `#/definitions/...` refs), so the only
// change is the name of the id keyword. Its three formats are checked here (Ajv ships none).
import Ajv, { type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths';

export const SARIF_SCHEMA_FILE = join(ROOT, 'schemas', 'sarif', 'sarif-schema-2.1.0.json');

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (compiled) return compiled;
  const { id, $schema, ...schema } = JSON.parse(readFileSync(SARIF_SCHEMA_FILE, 'utf8'));
  if ($schema !== 'http://json-schema.org/draft-04/schema#' || typeof id !== 'string')
    throw new Error(`unexpected SARIF schema header in ${SARIF_SCHEMA_FILE}`);
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'file:///base/') && !/[\s\\]/.test(s));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d\d-\d\dT/.test(s));
  compiled = ajv.compile({ $id: id, ...schema });
  return compiled;
}

/** The schema violations of a SARIF log ([] when it is valid). */
export function sarifProblems(log: unknown): string[] {
  const validate = validator();
  if (validate(log)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}
