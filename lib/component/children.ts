// The component's Kubernetes children, on its explicit provider: the cluster foundation (Aviatrix
// CRDs, the avx-controller RBAC, the cloud's extra objects), the CA ConfigMap and Deployment
// patches, and one resource per rendered object. Each function takes the parent and returns what
// it applied, as plain objects, for `objectNames`.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { ComponentSettings } from '../inputs/arguments';
import { checkCaPem } from '../inputs/arguments';
import type { Containment } from '../pipeline';
import {
  AVX_CONTROLLER,
  renderAviatrixCrds,
  renderControllerRbac,
  renderControllerServiceAccount,
  renderGcpServiceAccountBinding,
} from '../render/cluster';
import { parse as parseYaml } from 'yaml';
import { serviceAccountKubeconfig } from '../cloud/kubeconfig';
import { crdNameFor, missingCrdFields } from '../render/live-crd';
import type { KubeObject } from '../render/objects';
import { objectId } from '../render/outputs';
import {
  helmValuesFragment,
  renderCaConfigMap,
  renderDeploymentPatch,
  type CaInfo,
  type TrustMaterial,
} from '../render/trust';
import type { LibreChatContainmentArgs } from './args';
import { checked } from './resource-error';

/** Stands in for the CA when only names are needed (objectNames is known before the CA is). */
const PLACEHOLDER_CA: CaInfo = { pem: '', subject: '', sha256: '', validFrom: new Date(0), validTo: new Date(0) };

export interface Children {
  name: string;
  parent: pulumi.Resource;
  provider: k8s.Provider;
  /** Every object applied, in order (for `objectNames`). */
  applied: KubeObject[];
  /** Ids known only at deployment (the CA ConfigMap's content-hashed name when the CA is an Output). */
  laterIds?: Map<KubeObject, pulumi.Output<string>>;
}

/** `Kind/namespace/name` of every object applied, in order. */
export function appliedIds(c: Children): pulumi.Output<string[]> {
  return pulumi.all(c.applied.map((o) => c.laterIds?.get(o) ?? objectId(o)));
}

function options(c: Children, dependsOn: pulumi.Input<pulumi.Resource>[] = []): pulumi.CustomResourceOptions {
  return { parent: c.parent, provider: c.provider, dependsOn };
}

function apply(
  c: Children,
  o: KubeObject,
  suffix: string,
  dependsOn: pulumi.Resource[] = [],
  extra: pulumi.CustomResourceOptions = {},
): pulumi.CustomResource {
  c.applied.push(o);
  return createObject(`${c.name}-${suffix}`, o, { ...options(c, dependsOn), ...extra });
}

/**
 * The CRDs, the controller's RBAC and the cloud's extra objects: what the Aviatrix custom
 * resources wait for (with the cloud grants). Cluster-scoped objects are shared by every instance
 * on the cluster: one instance owns them (installCrds/installRbac true), the others set both false.
 * The CRDs are retained on delete: deleting a CRD deletes every FirewallPolicy and WebgroupPolicy
 * in the cluster, including other instances' and other teams'.
 */
export function createFoundation(
  c: Children,
  settings: ComponentSettings,
  args: LibreChatContainmentArgs,
  kubeObjects: KubeObject[],
): pulumi.Resource[] {
  const foundation: pulumi.Resource[] = [];
  if (settings.installCrds) {
    for (const crd of renderAviatrixCrds(settings.policy.aviatrix.target ?? 'chart-10.1'))
      foundation.push(apply(c, crd, `crd-${crd.metadata.name.split('.')[0]}`, [], { retainOnDelete: true }));
  }
  if (!settings.installRbac) return foundation;
  const { mode, namespace } = settings.onboarding;
  const extraSubjects =
    mode === 'service-account-token' ? [{ kind: 'ServiceAccount' as const, name: AVX_CONTROLLER, namespace }] : [];
  for (const o of renderControllerRbac({ ...settings.rbac, extraSubjects }))
    foundation.push(apply(c, o, o.kind === 'ClusterRole' ? 'avx-controller-role' : 'avx-controller-binding'));
  for (const o of kubeObjects)
    foundation.push(apply(c, o, `${o.metadata.name}-${o.kind === 'ClusterRole' ? 'role' : 'binding'}`));
  if (settings.cloud === 'gke' && args.gke!.controllerServiceAccount !== undefined) {
    const binding = renderGcpServiceAccountBinding('(service account)');
    c.applied.push(binding);
    foundation.push(
      new k8s.rbac.v1.ClusterRoleBinding(
        `${c.name}-avx-controller-gcp-sa-binding`,
        {
          metadata: binding.metadata,
          roleRef: binding.roleRef as k8s.types.input.rbac.v1.RoleRef,
          subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: args.gke!.controllerServiceAccount }],
        },
        options(c),
      ),
    );
  }
  return foundation;
}

/**
 * installCrds false: the CRDs are someone else's (the k8s-firewall chart's), of whatever generation.
 * Each CRD the Aviatrix objects need is read from the cluster, and the objects wait for a check that
 * its served version declares every field they use (the API server would prune the others silently:
 * decryptPolicy or watch on a chart 8.2 CRD). Returns the objects' extra dependencies: each resolves
 * to the read once the check passes, and fails the deployment with the missing fields otherwise.
 */
export function checkLiveCrds(
  c: Children,
  settings: ComponentSettings,
  planned: Containment,
): pulumi.Output<pulumi.Resource>[] {
  if (settings.installCrds) return [];
  const target = settings.policy.aviatrix.target ?? 'chart-10.1';
  const shipped = renderAviatrixCrds(target);
  const byCrd = new Map<string, KubeObject[]>();
  for (const o of planned.objects.filter((x) => x.apiVersion.startsWith('networking.aviatrix.com/'))) {
    const crd = crdNameFor(o, shipped);
    if (crd) byCrd.set(crd, [...(byCrd.get(crd) ?? []), o]);
  }
  return [...byCrd].map(([crdName, objects]) => {
    const live = k8s.apiextensions.v1.CustomResourceDefinition.get(
      `${c.name}-live-crd-${crdName.split('.')[0]}`,
      crdName,
      { parent: c.parent, provider: c.provider },
    );
    return pulumi.all([live.metadata, live.spec]).apply(([metadata, spec]) => {
      const missing = missingCrdFields({ metadata, spec }, objects);
      if (missing.length > 0)
        throw new pulumi.ResourceError(
          `LibreChatContainment ${c.name}: installCrds: the installed CRD ${crdName} lacks ${missing.join(', ')}, which the ${objects[0]!.kind} objects for aviatrix.target ${target} use; the API server would drop them silently. Upgrade the k8s-firewall chart (its CRDs) to the generation of aviatrix.target, set aviatrix.target to the installed generation, or set installCrds true`,
          c.parent,
        );
      return live as pulumi.Resource;
    });
  });
}

/**
 * ServiceAccount-token onboarding: the avx-controller ServiceAccount and its token Secret (bound by
 * the avx-controller ClusterRoleBinding, see createFoundation), and the static kubeconfig the
 * controller is registered with, built from the token the cluster's token controller writes into
 * the Secret. That happens shortly after the Secret exists: until then the kubeconfig is undefined
 * and a warning says to run `pulumi up` again (the Secret is read on every update).
 */
export function createOnboarding(
  c: Children,
  settings: ComponentSettings,
  clusterKubeconfig: pulumi.Output<string>,
): { resources: pulumi.Resource[]; kubeconfig: pulumi.Output<string | undefined> } {
  const { mode, namespace } = settings.onboarding;
  if (mode !== 'service-account-token') return { resources: [], kubeconfig: pulumi.output(undefined) };
  const [account, tokenSecret] = renderControllerServiceAccount(namespace);
  const resources = [apply(c, account, 'avx-controller-sa'), apply(c, tokenSecret, 'avx-controller-token')];
  const read = k8s.core.v1.Secret.get(
    `${c.name}-avx-controller-token-read`,
    `${namespace}/${tokenSecret.metadata.name}`,
    { ...options(c, resources) },
  );
  const kubeconfig = pulumi.all([read.data, clusterKubeconfig]).apply(([data, text]) => {
    const token = data?.token ? Buffer.from(data.token, 'base64').toString('utf8') : '';
    if (!token) {
      pulumi.log.warn(
        `the token controller has not filled ${namespace}/${tokenSecret.metadata.name} yet: controllerKubeconfig is empty until the next pulumi up`,
        c.parent,
      );
      return undefined;
    }
    const cluster = (parseYaml(text) as { clusters?: { cluster?: Record<string, string> }[] })?.clusters?.[0]?.cluster;
    return serviceAccountKubeconfig({
      cluster: 'librechat-containment',
      server: cluster?.server ?? '',
      caData: cluster?.['certificate-authority-data'] ?? '',
      token,
    });
  });
  return { resources, kubeconfig: pulumi.secret(kubeconfig) };
}

export interface TrustChildren {
  /** The equivalent values for LibreChat's Helm chart. */
  helmValues: pulumi.Output<Record<string, unknown>>;
  /** The CA ConfigMap and the Deployment patches (each waits for its rollout). */
  resources: pulumi.Resource[];
}

/**
 * With `tls`: the CA ConfigMap and the Deployment patches. The ConfigMap's name is hashed from its
 * content (the CA and the pinned roots): a new CA is a new ConfigMap, created before the old one is
 * deleted, and the patches move the Deployments' volumes to it, which rolls their pods. Names are
 * known now when the CA is plain (a preview shows them); with a CA from an Output the ConfigMap's
 * name waits for it. Returns the equivalent Helm values.
 */
export function createTrust(
  c: Children,
  tls: NonNullable<ComponentSettings<pulumi.Input<string>>['tls']>,
): TrustChildren {
  const { trust, roots } = tls;
  const caInfo = tls.ca
    ? pulumi.output(tls.ca)
    : pulumi.output(tls.caPem).apply((pem) => checked(c.name, c.parent, () => checkCaPem(pem)));
  const material = caInfo.apply((ca): TrustMaterial => ({ ca, roots }));
  const cm = material.apply((m) => renderCaConfigMap(trust, m));
  const planCm = renderCaConfigMap(trust, { ca: tls.ca ?? PLACEHOLDER_CA, roots });
  c.applied.push(planCm);
  if (!tls.ca) (c.laterIds ??= new Map()).set(planCm, cm.apply(objectId));
  const configMap = new k8s.core.v1.ConfigMap(
    `${c.name}-ca`,
    {
      metadata: {
        ...planCm.metadata,
        name: tls.ca ? planCm.metadata.name : cm.apply((o) => o.metadata.name),
        annotations: cm.apply((o) => o.metadata.annotations!),
      },
      data: cm.apply((o) => o.data as Record<string, string>),
    },
    options(c),
  );
  const resources: pulumi.Resource[] = [configMap];
  const patches: [boolean, 'node' | 'python', string][] = [
    [tls.patchLibreChat, 'node', 'librechat-ca-patch'],
    [tls.patchRagApi, 'python', 'rag-api-ca-patch'],
  ];
  for (const [enabled, flavour, suffix] of patches) {
    if (!enabled) continue;
    const patch = material.apply((m) => renderDeploymentPatch(trust, m, flavour));
    const planPatch = renderDeploymentPatch(trust, { ca: PLACEHOLDER_CA, roots }, flavour);
    c.applied.push(planPatch);
    resources.push(
      new k8s.apps.v1.DeploymentPatch(
        `${c.name}-${suffix}`,
        {
          metadata: planPatch.metadata,
          spec: patch.apply((o) => o.spec as k8s.types.input.apps.v1.DeploymentSpecPatch),
        },
        options(c, [configMap]),
      ),
    );
  }
  return { helmValues: material.apply((m) => helmValuesFragment(trust, m)), resources };
}

/**
 * Exactly buildContainment(...).objects, named by the plan; with secret env values the specs come
 * from the real containment. Aviatrix custom resources wait for the foundation (the CRDs, the RBAC
 * and the controller grants); NetworkPolicies are enforced by the CNI and wait for nothing.
 */
export function createPolicyObjects(
  c: Children,
  namespace: string,
  planned: Containment,
  real: pulumi.Output<Containment> | undefined,
  foundation: pulumi.Input<pulumi.Resource>[],
): void {
  for (const o of planned.objects) {
    const id = objectId(o);
    const spec = real?.apply((r) => {
      const found = r.objects.find((x) => objectId(x) === id);
      if (!found)
        throw new pulumi.ResourceError(`LibreChatContainment ${c.name}: config: ${id} is no longer rendered`, c.parent);
      return found;
    });
    c.applied.push(o);
    const inputs: Record<string, unknown> = { apiVersion: o.apiVersion, kind: o.kind };
    for (const k of Object.keys(o).filter((f) => f !== 'apiVersion' && f !== 'kind'))
      inputs[k] = spec ? spec.apply((r) => (r as Record<string, unknown>)[k]) : o[k as keyof KubeObject];
    const ns = o.metadata.namespace && o.metadata.namespace !== namespace ? `${o.metadata.namespace}-` : '';
    createObject(
      `${c.name}-${o.kind.toLowerCase()}-${ns}${o.metadata.name}`,
      inputs as unknown as KubeObject,
      options(c, o.apiVersion.startsWith('networking.aviatrix.com/') ? foundation : []),
    );
  }
}

/** One plain Kubernetes object as the matching typed @pulumi/kubernetes resource. */
function createObject(name: string, o: KubeObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  const { apiVersion: _a, kind: _k, ...rest } = o;
  const fields = rest as any;
  switch (`${o.apiVersion}/${o.kind}`) {
    case 'apiextensions.k8s.io/v1/CustomResourceDefinition':
      return new k8s.apiextensions.v1.CustomResourceDefinition(name, fields, opts);
    case 'rbac.authorization.k8s.io/v1/ClusterRole':
      return new k8s.rbac.v1.ClusterRole(name, fields, opts);
    case 'rbac.authorization.k8s.io/v1/ClusterRoleBinding':
      return new k8s.rbac.v1.ClusterRoleBinding(name, fields, opts);
    case 'v1/ConfigMap':
      return new k8s.core.v1.ConfigMap(name, fields, opts);
    case 'v1/ServiceAccount':
      return new k8s.core.v1.ServiceAccount(name, fields, opts);
    case 'v1/Secret':
      return new k8s.core.v1.Secret(name, fields, opts);
    case 'networking.k8s.io/v1/NetworkPolicy':
      return new k8s.networking.v1.NetworkPolicy(name, fields, opts);
    default:
      return new k8s.apiextensions.CustomResource(name, { apiVersion: o.apiVersion, kind: o.kind, ...fields }, opts);
  }
}
