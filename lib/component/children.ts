// The component's Kubernetes children, on its explicit provider: the cluster foundation (Aviatrix
// CRDs, the avx-controller RBAC, the cloud's extra objects), the CA ConfigMap and Deployment
// patches, and one resource per rendered object. Each function takes the parent and returns what
// it applied, as plain objects, for `objectNames`.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { ComponentSettings } from '../inputs/arguments';
import { checkCaPem } from '../inputs/arguments';
import type { Containment } from '../pipeline';
import { createHash } from 'node:crypto';
import {
  AVX_CONTROLLER,
  foreignManagers,
  type ManagedFieldsEntry,
  renderAviatrixCrds,
  renderControllerRbac,
  renderControllerServiceAccount,
  renderGcpServiceAccountBinding,
} from '../render/cluster';
import { parse as parseYaml } from 'yaml';
import { serviceAccountKubeconfig } from '../cloud/kubeconfig';
import type { KubeObject } from '../render/objects';
import { objectId } from '../render/outputs';
import { isDefaultDeny } from '../render/network-policies';
import { crdNameFor, missingCrdFields } from '../render/live-crd';
import {
  helmValuesFragment,
  renderCaConfigMap,
  renderDeploymentPatch,
  trustNames,
  type CaInfo,
  type TrustFlavour,
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
  /** With `existing*: fail`: the checks that no created CRD or RBAC object was someone else's. */
  foundationChecks?: pulumi.Output<boolean>[];
  /**
   * The lookups of what must already exist (the Deployments to patch, adopted CRDs and RBAC) and
   * their checks: every Kubernetes child depends on it, so when one fails nothing is applied.
   */
  ready?: pulumi.Output<pulumi.Resource[]>;
  /** Ids known only at deployment (the CA ConfigMap's content-hashed name when the CA is an Output). */
  laterIds?: Map<KubeObject, pulumi.Output<string>>;
  /** The `metadata.uid` of each Deployment a CA patch targets, by patch (`librechat-ca-patch`, ...), as read. */
  patchTargetUids?: Map<string, pulumi.Output<string | undefined>>;
  /**
   * Children registered inside an apply (the CA patches' versions), as their URNs: `objectNames`
   * waits for them, so a multi-language `construct` does not return before they are registered.
   */
  registrations?: pulumi.Output<string>[];
}

/** `Kind/namespace/name` of every object applied, in order. */
export function appliedIds(c: Children): pulumi.Output<string[]> {
  return pulumi
    .all([pulumi.all(c.applied.map((o) => c.laterIds?.get(o) ?? objectId(o))), pulumi.all(c.registrations ?? [])])
    .apply(([ids]) => ids);
}

function options(
  c: Children,
  dependsOn: pulumi.Input<pulumi.Resource>[] = [],
  gates: pulumi.Output<unknown>[] = [],
): pulumi.CustomResourceOptions {
  // An Output as dependsOn: its value, and every resource it derives from (the lookups, the
  // checked objects), are waited for; when it fails, the child is never registered.
  const all = [...(c.ready ? [c.ready] : []), ...gates];
  return {
    parent: c.parent,
    provider: c.provider,
    dependsOn: all.length > 0 ? pulumi.all(all).apply(() => dependsOn) : dependsOn,
  };
}

/** The lookups' options: on the same provider, waiting for nothing but the gate in its kubeconfig. */
function lookupOptions(c: Children): pulumi.CustomResourceOptions {
  return { parent: c.parent, provider: c.provider };
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
  const own = (o: KubeObject, suffix: string, existing: 'fail' | 'adopt', extra: pulumi.CustomResourceOptions = {}) =>
    existing === 'adopt' ? adopt(c, o, suffix) : owned(c, o, suffix, existing === 'fail' ? argOf(o) : undefined, extra);
  if (settings.installCrds) {
    for (const crd of renderAviatrixCrds(settings.policy.aviatrix.target ?? 'chart-10.1'))
      foundation.push(
        own(crd, `crd-${crd.metadata.name.split('.')[0]}`, settings.existingCrds, { retainOnDelete: true }),
      );
  }
  if (!settings.installRbac) return foundation;
  const { mode, namespace } = settings.onboarding;
  const extraSubjects =
    mode === 'service-account-token' ? [{ kind: 'ServiceAccount' as const, name: AVX_CONTROLLER, namespace }] : [];
  for (const o of renderControllerRbac({ ...settings.rbac, extraSubjects }))
    foundation.push(
      own(o, o.kind === 'ClusterRole' ? 'avx-controller-role' : 'avx-controller-binding', settings.existingRbac),
    );
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
      lookupOptions(c),
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

/** The argument that decides what happens to an existing cluster-scoped object. */
function argOf(o: KubeObject): string {
  return o.kind === 'CustomResourceDefinition' ? 'existingCrds' : 'existingRbac';
}

/**
 * A cluster-scoped object the component creates and owns. With `existing: fail` it must not be
 * someone else's: when the object already existed (the provider's server-side apply shares it, in
 * a preview's dry run too), another field manager owns fields of it, and the component fails,
 * naming the choice, instead of taking it over (and deleting it on destroy). Providers from
 * @pulumi/kubernetes 4.29 refuse the create themselves (AlreadyExists; `upsertExistingObjects`).
 * The Aviatrix custom resources wait for this check (they depend on the foundation's outputs).
 */
function owned(
  c: Children,
  o: KubeObject,
  suffix: string,
  arg: string | undefined,
  extra: pulumi.CustomResourceOptions,
): pulumi.CustomResource {
  const r = apply(c, o, suffix, [], extra);
  if (!arg) return r;
  const metadata = (r as unknown as { metadata: pulumi.Output<{ managedFields?: ManagedFieldsEntry[] } | undefined> })
    .metadata;
  c.foundationChecks ??= [];
  c.foundationChecks.push(
    metadata.apply((m) => {
      const others = foreignManagers(m?.managedFields);
      if (others.length > 0)
        throw new pulumi.ResourceError(
          `LibreChatContainment ${c.name}: ${arg}: ${o.kind} ${o.metadata.name} already exists, managed by ${others.join(', ')}: ` +
            `set ${arg}: 'adopt' to share it with its owner (the component applies its fields and leaves it on destroy), ` +
            `or ${arg}: 'skip' to leave it to its owner`,
          c.parent,
        );
      return true;
    }),
  );
  return r;
}

/**
 * `adopt`: the object must exist (read first, as every lookup, before anything is applied); the
 * component applies its own fields to it as a server-side-apply patch, so its owner's fields stay
 * theirs, and `destroy` only relinquishes the component's fields (provider: ssa.Relinquish).
 */
function adopt(c: Children, o: KubeObject, suffix: string): pulumi.CustomResource {
  c.applied.push(o);
  // Only what the object does (rules, subjects, the CRD's spec): its labels and annotations are
  // the owner's (a different app.kubernetes.io/managed-by would conflict).
  const { apiVersion: _a, kind: _k, metadata, ...rest } = o as KubeObject & Record<string, unknown>;
  const fields = { ...rest, metadata: { name: metadata.name } };
  const name = `${c.name}-${suffix}`;
  const opts = options(c);
  switch (`${o.apiVersion}/${o.kind}`) {
    case 'apiextensions.k8s.io/v1/CustomResourceDefinition':
      return new k8s.apiextensions.v1.CustomResourceDefinitionPatch(name, fields as never, opts);
    case 'rbac.authorization.k8s.io/v1/ClusterRole':
      return new k8s.rbac.v1.ClusterRolePatch(name, fields as never, opts);
    case 'rbac.authorization.k8s.io/v1/ClusterRoleBinding':
      return new k8s.rbac.v1.ClusterRoleBindingPatch(name, fields as never, opts);
    default:
      throw new Error(`cannot adopt ${o.kind}`);
  }
}

/**
 * The reads of what must exist before anything is applied: the Deployments the CA patches target
 * (with the container each patch names) and, with `existingCrds`/`existingRbac: adopt`, the
 * objects to adopt. A read of an object that does not exist fails the preview and the update
 * (pulumi pkg/resource/deploy/step.go ReadStep: "resource '<id>' does not exist"); the read's name
 * says which argument wants it. With a provider whose kubeconfig is not known yet (a preview of a
 * new cluster), a read returns nothing (sdk plugin provider_plugin.go Read: an empty bag) and the
 * check waits for the update. Sets `c.ready`, which every later Kubernetes child depends on.
 */
export function lookupPrerequisites(
  c: Children,
  settings: ComponentSettings,
  tls: NonNullable<ComponentSettings<pulumi.Input<string>>['tls']> | undefined,
): void {
  const checks: pulumi.Output<unknown>[] = [];
  if (tls) {
    const n = trustNames(tls.trust);
    const targets: [boolean, TrustFlavour, string, string, string, string][] = [
      [tls.patchLibreChat, 'node', 'librechat-ca-patch', n.deployment, n.container, 'tls.patchLibreChat'],
      [tls.patchRagApi, 'python', 'rag-api-ca-patch', n.ragDeployment, n.ragContainer, 'tls.patchRagApi'],
    ];
    for (const [enabled, flavour, suffix, deployment, container, arg] of targets) {
      if (!enabled) continue;
      const id = `${tls.trust.namespace}/${deployment}`;
      const read = k8s.apps.v1.Deployment.get(`${c.name}-${suffix}-target`, id, lookupOptions(c));
      (c.patchTargetUids ??= new Map()).set(
        suffix,
        read.metadata.apply((m) => m?.uid),
      );
      checks.push(
        read.spec.apply((spec) => {
          if (spec === undefined) return true; // not read yet (preview of an unknown cluster)
          const names = (spec.template?.spec?.containers ?? []).map((x) => x.name);
          if (!names.includes(container)) {
            const which = flavour === 'node' ? 'tls.container' : 'tls.ragContainer';
            throw new pulumi.ResourceError(
              `LibreChatContainment ${c.name}: ${arg}: Deployment ${id} has no container "${container}" ` +
                `(its containers: ${names.join(', ') || 'none'}): set ${which} to the container to patch`,
              c.parent,
            );
          }
          return true;
        }),
      );
    }
  }
  const adopted: KubeObject[] = [
    ...(settings.installCrds && settings.existingCrds === 'adopt'
      ? renderAviatrixCrds(settings.policy.aviatrix.target ?? 'chart-10.1')
      : []),
    ...(settings.installRbac && settings.existingRbac === 'adopt' ? renderControllerRbac(settings.rbac) : []),
  ];
  for (const o of adopted) {
    const name = `${c.name}-${argOf(o)}-${o.kind.toLowerCase()}-${o.metadata.name}`;
    const read =
      o.kind === 'CustomResourceDefinition'
        ? k8s.apiextensions.v1.CustomResourceDefinition.get(name, o.metadata.name, lookupOptions(c))
        : o.kind === 'ClusterRole'
          ? k8s.rbac.v1.ClusterRole.get(name, o.metadata.name, lookupOptions(c))
          : k8s.rbac.v1.ClusterRoleBinding.get(name, o.metadata.name, lookupOptions(c));
    checks.push(read.metadata.apply(() => true));
  }
  if (checks.length > 0) c.ready = pulumi.all(checks).apply(() => [] as pulumi.Resource[]);
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
  /**
   * The CA ConfigMap, and per patched Deployment its `-fields` owner and the patch (registered
   * once the Deployment's uid is read; each waits for its rollout).
   */
  resources: pulumi.Input<pulumi.Resource>[];
}

/**
 * With `tls`: the CA ConfigMap and the Deployment patches. The ConfigMap's name is hashed from its
 * content (the CA and the pinned roots): a new CA is a new ConfigMap, created before the old one is
 * deleted, and a new version of each patch moves the Deployment's volume to it, which rolls its
 * pods (see patchIdentity). The ConfigMap's name is known now when the CA is plain (a preview shows
 * it); with a CA from an Output it waits for it, as the patches do. Returns the equivalent Helm values.
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
  const resources: pulumi.Input<pulumi.Resource>[] = [configMap];
  const patches: [boolean, TrustFlavour, string][] = [
    [tls.patchLibreChat, 'node', 'librechat-ca-patch'],
    [tls.patchRagApi, 'python', 'rag-api-ca-patch'],
  ];
  for (const [enabled, flavour, suffix] of patches) {
    if (!enabled) continue;
    const planPatch = renderDeploymentPatch(trust, { ca: PLACEHOLDER_CA, roots }, flavour);
    c.applied.push(planPatch);
    const manager = patchFieldManager(c.name, suffix);
    // The owner relinquishes the manager's fields when it is deleted: replaced (a renamed target, a
    // `--replace`), it goes first, and the current version, replaced with it, applies them again.
    const owner = new k8s.apps.v1.DeploymentPatch(
      `${c.name}-${suffix}-fields`,
      { metadata: withFieldManager(planPatch, manager).metadata },
      {
        ...options(c, [configMap]),
        ignoreChanges: ['metadata.annotations', 'metadata.labels'],
        deleteBeforeReplace: true,
      },
    );
    const uid = c.patchTargetUids?.get(suffix) ?? pulumi.output(undefined);
    // Registered once the target's uid and the CA are known (at preview for a plain CA on a
    // reachable cluster): the uid and the content are in the name.
    const patch = pulumi.all([uid, material]).apply(([targetUid, m]) => {
      // A read always returns the live object's uid; without one the name would not be the patch's.
      if (!targetUid)
        throw new pulumi.ResourceError(
          `LibreChatContainment ${c.name}: the read of Deployment ${planPatch.metadata.namespace}/${planPatch.metadata.name} returned no metadata.uid`,
          c.parent,
        );
      const content = withFieldManager(renderDeploymentPatch(trust, m, flavour), manager);
      return new k8s.apps.v1.DeploymentPatch(
        `${c.name}-${suffix}-${patchIdentity(content, targetUid)}`,
        content as unknown as k8s.apps.v1.DeploymentPatchArgs,
        {
          ...options(c, [configMap, owner]),
          retainOnDelete: true,
          ignoreChanges: [...PATCH_IGNORED],
          replaceWith: [owner],
        },
      );
    });
    (c.registrations ??= []).push(patch.apply((r) => r.urn));
    resources.push(owner, patch);
  }
  return { helmValues: material.apply((m) => helmValuesFragment(trust, m)), resources };
}

/** The provider's annotation naming a patch's server-side-apply field manager (pkg/metadata/annotations.go). */
const FIELD_MANAGER_ANNOTATION = 'pulumi.com/patchFieldManager';

/** What a CA patch never diffs: everything but its identity, which is in its name (see patchIdentity). */
export const PATCH_IGNORED = ['spec', 'metadata.annotations', 'metadata.labels'] as const;

/**
 * The field manager of one CA patch target, the same for every version of the patch (and for its
 * `-fields` owner): a new version applied by the same manager replaces the old one's fields (a new
 * ConfigMap name, a new mount path) without a conflict, and without force over Helm's fields.
 */
export function patchFieldManager(component: string, suffix: string): string {
  const readable = `librechat-containment-${component}-${suffix}`;
  // Kubernetes refuses a field manager longer than 128 characters.
  return readable.length <= 128
    ? readable
    : `librechat-containment-${createHash('sha256').update(component).digest('hex').slice(0, 16)}-${suffix}`;
}

function withFieldManager(patch: KubeObject, manager: string): KubeObject {
  return {
    ...patch,
    metadata: {
      ...patch.metadata,
      annotations: { ...patch.metadata.annotations, [FIELD_MANAGER_ANNOTATION]: manager },
    },
  };
}

/**
 * The name suffix of one version of a CA patch: a hash of its whole content and of the uid of the
 * Deployment it targets. The provider diffs a patch against the live Deployment index by index
 * (provider/pkg/provider util.go pruneSlice), and server-side apply keeps the chart's own env,
 * mounts and volumes before the component's entries, so a diffed patch would propose an update on
 * every preview; and a refresh replaces a patch's inputs with the live object pruned the same way
 * (provider.go Read), that is with the chart's entries, which an in-place update would then apply
 * under the component's field manager. So a CA patch is never diffed (PATCH_IGNORED) and never
 * updated in place: any change of content (a new CA, a new ConfigMap name, mount path or env) and a
 * Deployment recreated without the patch (`helm upgrade --force`, a new uid) is a new patch, created
 * by the same field manager. The old version is forgotten, not relinquished (retainOnDelete), since
 * relinquishing its manager would remove the new version's fields; the `-fields` owner relinquishes
 * them all when the patch goes away (`tls` off, `pulumi destroy`), and when it is replaced it goes
 * first (deleteBeforeReplace) and the current version is replaced with it (replaceWith).
 */
export function patchIdentity(content: KubeObject, targetUid: string): string {
  return createHash('sha256').update(JSON.stringify({ content, targetUid })).digest('hex').slice(0, 8);
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
  // The default deny of a namespace waits for that namespace's allows (and is deleted before
  // them): applied first, a failure of any allow would leave the namespace isolated; the other
  // way round a failure leaves it as open as before, for the next `pulumi up` to finish.
  const allows = new Map<string, pulumi.Resource[]>();
  const ordered = [...planned.objects.filter((o) => !isDefaultDeny(o)), ...planned.objects.filter(isDefaultDeny)];
  const checks = c.foundationChecks ?? [];
  c.applied.push(...planned.objects);
  for (const o of ordered) {
    const id = objectId(o);
    const spec = real?.apply((r) => {
      const found = r.objects.find((x) => objectId(x) === id);
      if (!found)
        throw new pulumi.ResourceError(`LibreChatContainment ${c.name}: config: ${id} is no longer rendered`, c.parent);
      return found;
    });
    const inputs: Record<string, unknown> = { apiVersion: o.apiVersion, kind: o.kind };
    for (const k of Object.keys(o).filter((f) => f !== 'apiVersion' && f !== 'kind'))
      inputs[k] = spec ? spec.apply((r) => (r as Record<string, unknown>)[k]) : o[k as keyof KubeObject];
    const ns = o.metadata.namespace && o.metadata.namespace !== namespace ? `${o.metadata.namespace}-` : '';
    const aviatrix = o.apiVersion.startsWith('networking.aviatrix.com/');
    const deny = isDefaultDeny(o);
    const after = aviatrix ? foundation : deny ? (allows.get(o.metadata.namespace ?? '') ?? []) : [];
    // The Aviatrix objects also wait for the foundation's ownership checks (existing*: fail).
    const opts = options(c, after, aviatrix ? checks : []);
    const r = createObject(
      `${c.name}-${o.kind.toLowerCase()}-${ns}${o.metadata.name}`,
      inputs as unknown as KubeObject,
      opts,
    );
    if (o.kind === 'NetworkPolicy' && !deny) {
      const key = o.metadata.namespace ?? '';
      allows.set(key, [...(allows.get(key) ?? []), r]);
    }
  }
}

/** One plain Kubernetes object as the matching typed @pulumi/kubernetes resource. */
function createObject(name: string, o: KubeObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  const { apiVersion: _a, kind: _k, ...rest } = o;
  // Each renderer writes the Kubernetes shape of its kind, so the plain fields are that kind's args.
  const fields: unknown = rest;
  switch (`${o.apiVersion}/${o.kind}`) {
    case 'apiextensions.k8s.io/v1/CustomResourceDefinition':
      return new k8s.apiextensions.v1.CustomResourceDefinition(
        name,
        fields as k8s.apiextensions.v1.CustomResourceDefinitionArgs,
        opts,
      );
    case 'rbac.authorization.k8s.io/v1/ClusterRole':
      return new k8s.rbac.v1.ClusterRole(name, fields as k8s.rbac.v1.ClusterRoleArgs, opts);
    case 'rbac.authorization.k8s.io/v1/ClusterRoleBinding':
      return new k8s.rbac.v1.ClusterRoleBinding(name, fields as k8s.rbac.v1.ClusterRoleBindingArgs, opts);
    case 'v1/ConfigMap':
      return new k8s.core.v1.ConfigMap(name, fields as k8s.core.v1.ConfigMapArgs, opts);
    case 'v1/ServiceAccount':
      return new k8s.core.v1.ServiceAccount(name, fields as k8s.core.v1.ServiceAccountArgs, opts);
    case 'v1/Secret':
      return new k8s.core.v1.Secret(name, fields as k8s.core.v1.SecretArgs, opts);
    case 'networking.k8s.io/v1/NetworkPolicy':
      return new k8s.networking.v1.NetworkPolicy(name, fields as k8s.networking.v1.NetworkPolicyArgs, opts);
    default:
      return new k8s.apiextensions.CustomResource(name, { apiVersion: o.apiVersion, kind: o.kind, ...rest }, opts);
  }
}
