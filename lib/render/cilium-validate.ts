// Validation of every rendered CiliumNetworkPolicy against the vendored Cilium CRD
// (schemas/cilium/ciliumnetworkpolicies.yaml, shipped with the package), closed like the Aviatrix
// ones (unknown fields are errors, as under strict field validation), plus the per-version rules
// the vendored schema does not state: `**.` only from 1.19, and the serverNames pattern of the
// released CRDs (v1.18.3 and v1.19.x: `^(\*?\*\.)?([-a-zA-Z0-9_]+\.?)+$`, stricter than the vendored
// 1.20 development state's; schemas/cilium/SOURCE.md). Compiled with Ajv on first use, only when the
// Cilium backend is chosen.
import { readFileSync } from 'node:fs';
import { isIP } from '../config/ip-text';
import { join } from 'node:path';
import { parse } from 'yaml';
import { asRecord, isRecord, type JsonObject } from '../config/json';
import {
  lazySchemaValidator,
  nameProblems,
  schemaDir,
  schemaProblems,
  type CustomResourceDefinition,
} from './crd-schema';
import type { KubeObject } from './objects';
import { CILIUM_API_VERSION, DEFAULT_CILIUM_VERSION, supportsMultiLevelWildcard, type CiliumVersion } from './cilium';

export const CILIUM_CRD_FILE = 'ciliumnetworkpolicies.yaml';

/**
 * The CRD's openAPIV3Schema as a JSON Schema for Ajv: objects with listed properties are closed
 * (not the `oneOf`/`anyOf` branches, which only name required fields), and Go's `\PC` (not a
 * control or unassigned character) becomes `\P{C}`, which JavaScript accepts under the `u` flag.
 */
export function ciliumJsonSchema(): JsonObject {
  const crd = parse(readFileSync(join(schemaDir('cilium'), CILIUM_CRD_FILE), 'utf8')) as CustomResourceDefinition;
  const version = crd.spec.versions.find((v) => v.name === 'v2');
  if (!version) throw new Error(`schemas/cilium/${CILIUM_CRD_FILE} has no v2 version`);
  return asRecord(prepare(version.schema.openAPIV3Schema));
}

function prepare(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(prepare);
  if (!isRecord(schema)) return schema;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'pattern' && typeof v === 'string') out[k] = v.replace(/\\PC/g, '\\P{C}');
    else if (k === 'properties')
      out[k] = Object.fromEntries(Object.entries(asRecord(v)).map(([p, s]) => [p, prepare(s)]));
    else out[k] = prepare(v);
  }
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined)
    out.additionalProperties = false;
  return out;
}

const validate = lazySchemaValidator(ciliumJsonSchema, {
  unicodeRegExp: true,
  formats: { cidr: (s: string) => isCidr(s), 'idn-hostname': /^[^\s/]+$/ },
});

function isCidr(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash < 0) return false;
  const ip = text.slice(0, slash);
  const bits = Number(text.slice(slash + 1));
  const family = isIP(ip);
  return family !== 0 && Number.isInteger(bits) && bits >= 0 && bits <= (family === 6 ? 128 : 32);
}

/** Problems with a CiliumNetworkPolicy, as `Kind/name: path: message` lines; empty when valid. */
export function validateCiliumObject(object: KubeObject, version: CiliumVersion = DEFAULT_CILIUM_VERSION): string[] {
  const where = `${object.kind}/${object.metadata?.name ?? '?'}`;
  const problems: string[] = [];
  if (object.apiVersion !== CILIUM_API_VERSION) problems.push(`apiVersion must be ${CILIUM_API_VERSION}`);
  if (object.kind !== 'CiliumNetworkPolicy') problems.push('kind must be CiliumNetworkPolicy');
  problems.push(...nameProblems(object, ' (the CRD is namespaced)'));
  const v = validate();
  problems.push(...schemaProblems(v, object));
  if (!supportsMultiLevelWildcard(version)) {
    // The 1.18 CRD documents `**.` for serverNames, but not for toFQDNs: the renderer narrows both alike.
    for (const p of patterns(object)) {
      if (p.includes('**')) problems.push(`pattern "${p}": "**." is not a wildcard of Cilium ${version}`);
    }
  }
  for (const name of serverNames(object)) {
    if (!RELEASED_SERVER_NAME.test(name))
      problems.push(`serverNames "${name}": not a server name of the released Cilium CRDs (${RELEASED_SERVER_NAME})`);
  }
  return problems.map((p) => `${where}: ${p}`);
}

/** The serverNames item pattern of the released CRDs (v1.18.3, v1.19.0-v1.19.4; schemas/cilium/SOURCE.md). */
const RELEASED_SERVER_NAME = /^(\*?\*\.)?([-a-zA-Z0-9_]+\.?)+$/;

/** Where a name or pattern is: `matchPattern` holds one string, `serverNames` a list of them. */
type NameField = 'matchPattern' | 'serverNames';

/** The strings of every field in `fields`, in document order. */
function stringsAt(value: unknown, fields: readonly NameField[]): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => stringsAt(v, fields));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) =>
    (k === 'matchPattern' && fields.includes(k) && typeof v === 'string') ||
    (k === 'serverNames' && fields.includes(k) && Array.isArray(v))
      ? [v].flat().filter((x): x is string => typeof x === 'string')
      : stringsAt(v, fields),
  );
}

/** Every matchPattern and serverName in an object. */
const patterns = (value: unknown) => stringsAt(value, ['matchPattern', 'serverNames']);
const serverNames = (value: unknown) => stringsAt(value, ['serverNames']);

/** Throws with every problem when any object is invalid: the CLI and the component never emit one. */
export function assertValidCilium(objects: KubeObject[], version: CiliumVersion = DEFAULT_CILIUM_VERSION): void {
  const problems = objects.flatMap((o) => validateCiliumObject(o, version));
  if (problems.length > 0)
    throw new Error(`rendered objects do not validate against the Cilium CRD:\n  ${problems.join('\n  ')}`);
}
