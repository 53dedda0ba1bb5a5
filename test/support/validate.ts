// Validates any object the core renders against its real schema: Aviatrix kinds against the
// vendored CRDs (with the CEL rules), core kinds against the Kubernetes OpenAPI models of
// kubernetes-models, plus what those models let through: unknown fields and missing names.
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { KubeObject } from '../../lib/render/objects';
import { validateAviatrixObject } from '../../lib/render/validate';
import type { AviatrixTarget } from '../../lib/render/aviatrix';
import { validateCiliumObject } from '../../lib/render/cilium-validate';
import { validateGkeFqdnObject } from '../../lib/render/gke-fqdn-validate';
import { validateEksAnpObject } from '../../lib/render/eks-anp-validate';
import type { CiliumVersion } from '../../lib/render/cilium';

const NP_KEYS: Record<string, string[]> = {
  '': ['apiVersion', 'kind', 'metadata', 'spec'],
  spec: ['podSelector', 'policyTypes', 'ingress', 'egress'],
  rule: ['from', 'to', 'ports'],
  peer: ['podSelector', 'namespaceSelector', 'ipBlock'],
  port: ['protocol', 'port', 'endPort'],
  selector: ['matchLabels', 'matchExpressions'],
};

function unknownKeys(value: unknown, allowed: string[], at: string): string[] {
  if (!value || typeof value !== 'object') return [];
  return Object.keys(value)
    .filter((k) => !allowed.includes(k))
    .map((k) => `${at}: unknown field ${k}`);
}

function networkPolicyProblems(o: any): string[] {
  const problems: string[] = [];
  try {
    new NetworkPolicy(o).validate();
  } catch (e) {
    problems.push((e as Error).message);
  }
  problems.push(...unknownKeys(o, NP_KEYS[''], '/'), ...unknownKeys(o.spec, NP_KEYS.spec, '/spec'));
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(o.metadata?.name ?? ''))
    problems.push(`metadata.name "${o.metadata?.name}"`);
  if (!o.metadata?.namespace) problems.push('metadata.namespace missing');
  for (const dir of ['ingress', 'egress'] as const) {
    (o.spec?.[dir] ?? []).forEach((rule: any, i: number) => {
      problems.push(...unknownKeys(rule, NP_KEYS.rule, `/spec/${dir}/${i}`));
      for (const p of [...(rule.from ?? []), ...(rule.to ?? [])]) {
        problems.push(...unknownKeys(p, NP_KEYS.peer, `/spec/${dir}/${i}/peer`));
        for (const sel of ['podSelector', 'namespaceSelector'])
          problems.push(...unknownKeys(p[sel], NP_KEYS.selector, `/spec/${dir}/${i}/${sel}`));
      }
      for (const p of rule.ports ?? []) {
        problems.push(...unknownKeys(p, NP_KEYS.port, `/spec/${dir}/${i}/ports`));
        if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535)
          problems.push(`/spec/${dir}/${i}/ports: port ${p.port} is not a port number`);
        if (!['TCP', 'UDP', 'SCTP'].includes(p.protocol))
          problems.push(`/spec/${dir}/${i}/ports: protocol ${p.protocol}`);
      }
    });
  }
  return problems.map((p) => `NetworkPolicy/${o.metadata?.name}: ${p}`);
}

export function validateObject(
  o: KubeObject,
  target: AviatrixTarget = 'chart-10.1',
  ciliumVersion: string = '1.19',
): string[] {
  if (o.apiVersion === 'networking.aviatrix.com/v1alpha1') return validateAviatrixObject(o, target);
  if (o.apiVersion === 'cilium.io/v2') return validateCiliumObject(o, ciliumVersion as CiliumVersion);
  if (o.apiVersion === 'networking.gke.io/v1alpha1') return validateGkeFqdnObject(o);
  if (o.apiVersion === 'networking.k8s.aws/v1alpha1') return validateEksAnpObject(o);
  if (o.kind === 'NetworkPolicy' && o.apiVersion === 'networking.k8s.io/v1') return networkPolicyProblems(o);
  return [`${o.kind}: no schema known to the tests`];
}
