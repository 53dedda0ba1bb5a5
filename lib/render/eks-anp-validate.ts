// Validation of every rendered ApplicationNetworkPolicy against the vendored EKS schema
// (schemas/eks/applicationnetworkpolicy_v1alpha1.json: the CRD's openAPIV3Schema as JSON Schema,
// objects already closed), plus its CEL rules, which Ajv does not evaluate: a domainNames peer
// has no podSelector, namespaceSelector or ipBlock.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lazySchemaValidator, nameProblems, schemaDir, schemaProblems } from './crd-schema';
import type { KubeObject } from './objects';
import { EKS_ANP_API_VERSION } from './eks-anp';

export const EKS_ANP_SCHEMA_FILE = 'applicationnetworkpolicy_v1alpha1.json';

export function eksAnpJsonSchema(): Record<string, unknown> {
  const schema = JSON.parse(readFileSync(join(schemaDir('eks'), EKS_ANP_SCHEMA_FILE), 'utf8'));
  // Closed at the root too, as under strict field validation (datree leaves the root open).
  return { ...schema, additionalProperties: false };
}

const validate = lazySchemaValidator(eksAnpJsonSchema);

const EXCLUSIVE = ['ipBlock', 'podSelector', 'namespaceSelector'];

/** Problems with an ApplicationNetworkPolicy, as `Kind/name: path: message` lines; empty when valid. */
export function validateEksAnpObject(object: KubeObject): string[] {
  const where = `${object.kind}/${object.metadata?.name ?? '?'}`;
  const problems: string[] = [];
  if (object.apiVersion !== EKS_ANP_API_VERSION) problems.push(`apiVersion must be ${EKS_ANP_API_VERSION}`);
  if (object.kind !== 'ApplicationNetworkPolicy') problems.push('kind must be ApplicationNetworkPolicy');
  problems.push(...nameProblems(object, ' (the CRD is namespaced)'));
  problems.push(...schemaProblems(validate(), object));
  const spec = (object as { spec?: { egress?: { to?: Record<string, unknown>[] }[] } }).spec;
  (spec?.egress ?? []).forEach((r, i) =>
    (r.to ?? []).forEach((peer, j) => {
      if (!peer || typeof peer !== 'object' || !('domainNames' in peer)) return;
      for (const k of EXCLUSIVE)
        if (k in peer) problems.push(`/spec/egress/${i}/to/${j}: ${k} and domainNames are mutually exclusive`);
    }),
  );
  return problems.map((p) => `${where}: ${p}`);
}

export function assertValidEksAnp(objects: KubeObject[]): void {
  const problems = objects.filter((o) => o.kind === 'ApplicationNetworkPolicy').flatMap(validateEksAnpObject);
  if (problems.length > 0)
    throw new Error(
      `rendered objects do not validate against the EKS ApplicationNetworkPolicy schema:\n  ${problems.join('\n  ')}`,
    );
}
