// What the cluster needs before any Aviatrix custom resource: the k8s-firewall CRDs (the vendored
// copies in schemas/aviatrix/) and the `avx-controller` RBAC the external Aviatrix controller uses,
// as chart k8s-firewall 10.1.0 renders them (templates/clusterrole.yaml.tpl and
// clusterrolebinding.yaml.tpl with their values), plus the node read access EKS needs.
// Pure: plain Kubernetes objects, no Pulumi.
import type { AviatrixTarget } from './aviatrix';
import type { KubeObject } from './objects';
import { MANAGED_BY } from './objects';
import { CRD_FILES, readCrd } from './validate';

export const AVX_CONTROLLER = 'avx-controller';

/**
 * What the component does with cluster-scoped objects it would install (the CRDs, the controller
 * RBAC) that may already be there, installed by the k8s-firewall chart or another instance:
 * `fail` (default: create them; one that already exists, managed by another field manager, is an
 * error naming this choice), `adopt` (they must exist: apply the component's fields to them with
 * server-side apply, sharing them with their owner, and leave them in place on destroy) or `skip`
 * (leave them to their owner, as installCrds/installRbac false).
 */
export const EXISTING_OBJECT_CHOICES = ['fail', 'adopt', 'skip'] as const;
export type ExistingObjectChoice = (typeof EXISTING_OBJECT_CHOICES)[number];

/** One `metadata.managedFields` entry, as the API server returns it (meta/v1 ManagedFieldsEntry). */
export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  subresource?: string;
}

/**
 * The field managers of an object other than Pulumi's Kubernetes provider (whose managers are
 * `pulumi-kubernetes` and `pulumi-kubernetes-<suffix>`, provider/pkg/provider fieldManagerName) and
 * other than status writers (a CRD's status is the API server's, subresource `status`): who else
 * owns the object. Sorted, each once.
 */
export function foreignManagers(entries: readonly ManagedFieldsEntry[] | undefined): string[] {
  const names = (entries ?? [])
    .filter((e) => !e.subresource)
    .map((e) => e.manager ?? '')
    .filter((m) => m !== '' && m !== 'pulumi-kubernetes' && !m.startsWith('pulumi-kubernetes-'));
  return [...new Set(names)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export interface RbacSubject {
  kind: 'Group' | 'User' | 'ServiceAccount';
  name: string;
  namespace?: string;
}

export interface ControllerRbacOptions {
  /** `role.name` (default `avx-controller`): the ClusterRole and the binding. */
  roleName?: string;
  /** `role.subject` (default the group `avx-controller`). */
  subject?: RbacSubject;
  /** Extra subjects (e.g. a GKE controller service account as a User). */
  extraSubjects?: RbacSubject[];
  /** `rbac.aiVisibility`: read apps and batch workloads. */
  aiVisibility?: boolean;
  /** `rbac.manageNetworkPolicies`: manage networking.k8s.io NetworkPolicies. */
  manageNetworkPolicies?: boolean;
}

const READ = ['get', 'list', 'watch'];
const RBAC_API = 'rbac.authorization.k8s.io/v1';

function labels(): Record<string, string> {
  return { 'app.kubernetes.io/managed-by': MANAGED_BY };
}

/** ClusterRole and ClusterRoleBinding `avx-controller`, as the chart's templates render them. */
export function renderControllerRbac(o: ControllerRbacOptions = {}): KubeObject[] {
  const name = o.roleName ?? AVX_CONTROLLER;
  const rules: Record<string, unknown>[] = [
    { apiGroups: [''], resources: ['nodes', 'pods', 'services', 'namespaces'], verbs: READ },
    { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
    { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] },
    { apiGroups: ['networking.aviatrix.com'], resources: ['*'], verbs: ['update', 'patch', 'get', 'list', 'watch'] },
  ];
  if (o.aiVisibility) {
    rules.push({
      apiGroups: ['apps'],
      resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'],
      verbs: READ,
    });
    rules.push({ apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: READ });
  }
  if (o.manageNetworkPolicies) {
    rules.push({
      apiGroups: ['networking.k8s.io'],
      resources: ['networkpolicies'],
      verbs: [...READ, 'create', 'update', 'patch', 'delete'],
    });
  }
  const subjects = [o.subject ?? { kind: 'Group', name: AVX_CONTROLLER }, ...(o.extraSubjects ?? [])].map(
    subjectObject,
  );
  return [
    { apiVersion: RBAC_API, kind: 'ClusterRole', metadata: { name, labels: labels() }, rules },
    {
      apiVersion: RBAC_API,
      kind: 'ClusterRoleBinding',
      metadata: { name, labels: labels() },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects,
    },
  ];
}

function subjectObject(s: RbacSubject): Record<string, unknown> {
  if (s.kind === 'ServiceAccount') {
    if (!s.namespace) throw new RangeError(`RBAC subject ServiceAccount "${s.name}" needs a namespace`);
    return { kind: s.kind, name: s.name, namespace: s.namespace };
  }
  return { apiGroup: 'rbac.authorization.k8s.io', kind: s.kind, name: s.name };
}

/** Where the ServiceAccount-token onboarding keeps the controller's identity by default. */
export const CONTROLLER_SA_NAMESPACE = 'kube-system';

/**
 * ServiceAccount-token onboarding, as chart k8s-firewall 10.1.0 renders it with
 * `serviceAccount.create: true` (templates/serviceaccount.yaml.tpl): a ServiceAccount and a
 * `kubernetes.io/service-account-token` Secret `<name>-token` for it, which the token controller
 * fills with a non-expiring token; the avx-controller ClusterRoleBinding names the ServiceAccount
 * (templates/clusterrolebinding.yaml.tpl). The controller is then registered with a static
 * kubeconfig built from that token (`controllerKubeconfig`), which needs no exec plugin.
 */
export function renderControllerServiceAccount(
  namespace: string = CONTROLLER_SA_NAMESPACE,
  name: string = AVX_CONTROLLER,
): KubeObject[] {
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace, labels: labels() } },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/service-account-token',
      metadata: {
        name: `${name}-token`,
        namespace,
        labels: labels(),
        annotations: { 'kubernetes.io/service-account.name': name },
      },
    },
  ];
}

/** The two CRDs for a target generation: FirewallPolicy of that chart, WebgroupPolicy (unchanged since 8.2). */
export function renderAviatrixCrds(target: AviatrixTarget = 'chart-10.1'): KubeObject[] {
  if (!(target in CRD_FILES) || target === ('webgroup' as string))
    throw new RangeError(`unknown Aviatrix target "${target}"`);
  return [readCrd(CRD_FILES[target]), readCrd(CRD_FILES.webgroup)] as KubeObject[];
}

export const GCP_SA_BINDING = 'avx-controller-gcp-sa';

/**
 * GKE: a Google service account is the Kubernetes user named by its e-mail, and IAM alone does not
 * give it read access to the objects the controller watches: bind `avx-controller` to it.
 */
export function renderGcpServiceAccountBinding(email: string, roleName = AVX_CONTROLLER): KubeObject {
  return {
    apiVersion: RBAC_API,
    kind: 'ClusterRoleBinding',
    metadata: { name: GCP_SA_BINDING, labels: labels() },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
    subjects: [subjectObject({ kind: 'User', name: email })],
  };
}
