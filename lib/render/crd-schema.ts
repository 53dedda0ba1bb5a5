// The vendored Aviatrix CRDs (schemas/aviatrix/, shipped with the package) as JSON Schemas for
// Ajv. Shared by the build step that precompiles them (scripts/compile-validators.js) and by the
// run-time fallback in validate.ts.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import type { AviatrixTarget } from './aviatrix';
import { asRecord, isRecord, type JsonObject } from '../config/json';
import type { KubeObject } from './objects';

export type CrdKey = AviatrixTarget | 'webgroup';

export const CRD_FILES: Record<CrdKey, string> = {
  'chart-10.1': 'networking.aviatrix.com_firewallpolicies.yaml',
  'chart-8.2': 'networking.aviatrix.com_firewallpolicies.chart-8.2.0.yaml',
  webgroup: 'networking.aviatrix.com_webgrouppolicies.yaml',
};

/**
 * A folder of vendored schemas (`schemas/aviatrix`, `schemas/cilium`, `schemas/gke`, `schemas/eks`), found from
 * this module whether run from source or dist.
 */
export function schemaDir(family: 'aviatrix' | 'cilium' | 'gke' | 'eks' = 'aviatrix'): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'schemas', family);
    if (existsSync(candidate)) return candidate;
    dir = resolve(dir, '..');
  }
  throw new Error(`schemas/${family} not found beside the package`);
}

/** A vendored CustomResourceDefinition, as far as this tool reads it (the rest is kept as data). */
export interface CustomResourceDefinition extends KubeObject {
  spec: {
    versions: { name: string; schema: { openAPIV3Schema: JsonObject }; [field: string]: unknown }[];
    [field: string]: unknown;
  };
}

export function readCrd(file: string): CustomResourceDefinition {
  return parse(readFileSync(join(schemaDir(), file), 'utf8')) as CustomResourceDefinition;
}

/** The openAPIV3Schema of a CRD, closed: unknown fields are errors, as under strict field validation. */
export function crdJsonSchema(key: CrdKey): JsonObject {
  return closeObjects(readCrd(CRD_FILES[key]).spec.versions[0].schema.openAPIV3Schema);
}

/** Adds `additionalProperties: false` wherever the schema lists properties (metadata stays open). */
export function closeObjects<T>(schema: T): T;
export function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map((s) => closeObjects(s));
  if (!isRecord(schema)) return schema;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(schema)) {
    out[k] =
      k === 'properties'
        ? Object.fromEntries(Object.entries(asRecord(v)).map(([p, s]) => [p, closeObjects(s)]))
        : closeObjects(v);
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

/** The CEL rules are checked in code (validate.ts); Ajv only needs to accept the keyword and formats. */
export function addKubernetesKeywords(ajv: Ajv): void {
  ajv.addKeyword('x-kubernetes-validations');
  ajv.addFormat('int64', /^-?\d+$/);
  ajv.addFormat('int32', /^-?\d+$/);
}

export type FormatCheck = RegExp | ((text: string) => boolean);

/**
 * A validator of a vendored schema, compiled on first use (ajv is loaded only then): Kubernetes'
 * integer and date-time formats, plus the formats a schema adds (Cilium's cidr, idn-hostname).
 */
export function lazySchemaValidator(
  schema: () => Record<string, unknown>,
  options: { unicodeRegExp?: boolean; formats?: Record<string, FormatCheck> } = {},
): () => ValidateFunction {
  let validator: ValidateFunction | undefined;
  return () => {
    if (!validator) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const AjvClass = (require('ajv') as typeof import('ajv')).default;
      const ajv = new AjvClass({ strict: false, allErrors: true, unicodeRegExp: options.unicodeRegExp ?? false });
      ajv.addFormat('int64', /^-?\d+$/);
      ajv.addFormat('int32', /^-?\d+$/);
      ajv.addFormat('date-time', (t: string) => !Number.isNaN(Date.parse(t)));
      for (const [name, check] of Object.entries(options.formats ?? {})) ajv.addFormat(name, check);
      validator = ajv.compile(schema());
    }
    return validator;
  };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** metadata.name and metadata.namespace of a namespaced custom resource: DNS labels. */
export function nameProblems(
  object: { metadata?: { name?: unknown; namespace?: unknown } },
  namespaced: string,
): string[] {
  const problems: string[] = [];
  const name = object.metadata?.name;
  if (typeof name !== 'string' || name.length > 63 || !DNS_LABEL.test(name))
    problems.push(`metadata.name "${name}" must be [a-z0-9-], at most 63 characters`);
  const ns = object.metadata?.namespace;
  if (typeof ns !== 'string' || ns.length > 63 || !DNS_LABEL.test(ns))
    problems.push(`metadata.namespace "${ns}" must be a namespace name${namespaced}`);
  return problems;
}

/** Ajv's errors for an object, as `path: message` lines (the unknown field named). */
export function schemaProblems(validate: ValidateFunction, object: unknown): string[] {
  if (validate(object)) return [];
  return (validate.errors ?? []).map((e) => {
    const extra =
      e.keyword === 'additionalProperties'
        ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"`
        : '';
    return `${e.instancePath || '/'}: ${e.message}${extra}`;
  });
}
