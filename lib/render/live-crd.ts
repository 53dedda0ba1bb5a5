// With installCrds false the Aviatrix CRDs are the k8s-firewall chart's, of whatever generation it
// installed. The API server prunes fields a structural CRD schema does not declare, silently: a
// FirewallPolicy with decryptPolicy or watch applied to a chart 8.2 CRD loses them (`watch: true`
// would enforce). So the component reads the live CRDs and this checks, purely, that every field the
// rendered objects use is declared by the served version of their CRD.
import type { KubeObject } from './objects';

/** The CRD an object needs: `<plural>.<group>` of its kind, from the CRDs the renderer ships. */
export function crdNameFor(
  o: Pick<KubeObject, 'apiVersion' | 'kind'>,
  crds: readonly KubeObject[],
): string | undefined {
  const group = o.apiVersion.split('/')[0];
  const crd = crds.find((c) => {
    const spec = c.spec as { group?: string; names?: { kind?: string } } | undefined;
    return spec?.group === group && spec?.names?.kind === o.kind;
  });
  return crd?.metadata.name;
}

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: boolean | Schema;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
}

/**
 * What the live CRD (as the API server returns it) lacks for these objects (all of its kind): the
 * version not served, or the paths of fields its schema does not declare (`spec.rules[].decryptPolicy`),
 * sorted, each once. Empty: the CRD keeps every field.
 */
export function missingCrdFields(liveCrd: unknown, objects: readonly KubeObject[]): string[] {
  const crd = (liveCrd ?? {}) as {
    metadata?: { name?: string };
    spec?: { versions?: { name?: string; served?: boolean; schema?: { openAPIV3Schema?: Schema } }[] };
  };
  const problems = new Set<string>();
  for (const o of objects) {
    const version = o.apiVersion.split('/')[1];
    const served = (crd.spec?.versions ?? []).find((v) => v.name === version && v.served !== false);
    if (!served) {
      problems.add(`version ${version} is not served`);
      continue;
    }
    const root = served.schema?.openAPIV3Schema;
    if (!root) continue; // no schema: nothing is pruned
    const { apiVersion: _a, kind: _k, metadata: _m, ...fields } = o as unknown as Record<string, unknown>;
    walk(fields, root, '', problems);
  }
  return [...problems].sort();
}

function walk(value: unknown, schema: Schema, path: string, out: Set<string>): void {
  if (schema['x-kubernetes-preserve-unknown-fields'] === true) return;
  if (Array.isArray(value)) {
    if (schema.items) for (const v of value) walk(v, schema.items, `${path}[]`, out);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const at = path ? `${path}.${k}` : k;
    const declared = schema.properties?.[k];
    if (declared) walk(v, declared, at, out);
    else if (typeof schema.additionalProperties === 'object') walk(v, schema.additionalProperties, at, out);
    else if (schema.additionalProperties !== true) out.add(at);
  }
}
