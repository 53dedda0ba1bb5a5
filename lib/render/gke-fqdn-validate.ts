// Validation of every rendered FQDNNetworkPolicy against the vendored GKE schema
// (schemas/gke/fqdnnetworkpolicy_v1alpha1.json: the CRD's openAPIV3Schema as JSON Schema, objects
// already closed), plus what the schema states only in words: exactly one of name and pattern.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lazySchemaValidator, nameProblems, schemaDir, schemaProblems } from './crd-schema';
import type { KubeObject } from './objects';
import { GKE_FQDN_API_VERSION } from './gke-fqdn';

export const GKE_FQDN_SCHEMA_FILE = 'fqdnnetworkpolicy_v1alpha1.json';

export function gkeFqdnJsonSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(schemaDir('gke'), GKE_FQDN_SCHEMA_FILE), 'utf8'));
}

const validate = lazySchemaValidator(gkeFqdnJsonSchema);

/** Problems with an FQDNNetworkPolicy, as `Kind/name: path: message` lines; empty when valid. */
export function validateGkeFqdnObject(object: KubeObject): string[] {
  const where = `${object.kind}/${object.metadata?.name ?? '?'}`;
  const problems: string[] = [];
  if (object.apiVersion !== GKE_FQDN_API_VERSION) problems.push(`apiVersion must be ${GKE_FQDN_API_VERSION}`);
  if (object.kind !== 'FQDNNetworkPolicy') problems.push('kind must be FQDNNetworkPolicy');
  problems.push(...nameProblems(object, ''));
  const v = validate();
  problems.push(...schemaProblems(v, object));
  const spec = (object as { spec?: { egress?: { matches?: Record<string, unknown>[] }[] } }).spec;
  (spec?.egress ?? []).forEach((r, i) =>
    (r.matches ?? []).forEach((m, j) => {
      if (('name' in m ? 1 : 0) + ('pattern' in m ? 1 : 0) !== 1)
        problems.push(`/spec/egress/${i}/matches/${j}: exactly one of name and pattern`);
    }),
  );
  return problems.map((p) => `${where}: ${p}`);
}

export function assertValidGkeFqdn(objects: KubeObject[]): void {
  const problems = objects.filter((o) => o.kind === 'FQDNNetworkPolicy').flatMap(validateGkeFqdnObject);
  if (problems.length > 0)
    throw new Error(
      `rendered objects do not validate against the GKE FQDNNetworkPolicy schema:\n  ${problems.join('\n  ')}`,
    );
}
