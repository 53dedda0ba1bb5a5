// Pure builders for the cloud wiring: kubeconfigs the way each cloud recommends (exec credential
// plugins, never long-lived tokens), the cluster id in the form the Aviatrix controller expects,
// and preflight findings from the looked-up cluster's settings. No Pulumi and no cloud SDK here:
// lib/cloud/{eks,aks,gke}.ts feed these with what the cloud's provider returns.
import { createHash } from 'node:crypto';
import { parse } from 'yaml';
import type { Finding } from '../policy/model';

export const EXEC_API_VERSION = 'client.authentication.k8s.io/v1beta1';
/** The AKS AAD server application: the audience of Entra tokens for every AKS cluster. */
export const AKS_AAD_SERVER_ID = '6dae42f8-4368-4678-94ff-3960e28e3630';

interface ExecUser {
  apiVersion: string;
  command: string;
  args: string[];
  env?: { name: string; value: string }[] | null;
  interactiveMode?: string;
  provideClusterInfo?: boolean;
  installHint?: string;
}

/** One cluster, one user, one context, as JSON (a kubeconfig is YAML, and JSON is YAML). */
export function kubeconfigJson(cluster: string, server: string, caData: string, user: Record<string, unknown>): string {
  if (!/^https:\/\//.test(server)) throw new RangeError(`API server "${server}" must be an https:// URL`);
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster, cluster: { server, 'certificate-authority-data': caData } }],
    users: [{ name: cluster, user }],
    contexts: [{ name: cluster, context: { cluster, user: cluster } }],
    'current-context': cluster,
    preferences: {},
  };
  return JSON.stringify(config, null, 2);
}

function exec(e: ExecUser): Record<string, unknown> {
  return { exec: { interactiveMode: 'Never', ...e } };
}

/**
 * A static kubeconfig for the Aviatrix controller from the avx-controller ServiceAccount's token
 * (ServiceAccount-token onboarding): the controller uses kube_config as-is and runs no exec plugin.
 */
export function serviceAccountKubeconfig(i: {
  cluster: string;
  server: string;
  caData: string;
  token: string;
}): string {
  if (!i.token) throw new RangeError('the avx-controller token Secret holds no token yet');
  return kubeconfigJson(i.cluster, i.server, i.caData, { token: i.token });
}

export interface EksKubeconfigInput {
  name: string;
  region: string;
  endpoint: string;
  caData: string;
  /** Assume this role for the token (`aws eks get-token --role-arn`). */
  roleArn?: string;
  /** AWS CLI profile (`AWS_PROFILE`). */
  profile?: string;
}

/** EKS: `aws eks get-token` (AWS CLI v2), as `aws eks update-kubeconfig` writes it. */
export function eksKubeconfig(i: EksKubeconfigInput): string {
  const args = ['--region', i.region, 'eks', 'get-token', '--cluster-name', i.name, '--output', 'json'];
  if (i.roleArn) args.push('--role-arn', i.roleArn);
  return kubeconfigJson(
    i.name,
    i.endpoint,
    i.caData,
    exec({
      apiVersion: EXEC_API_VERSION,
      command: 'aws',
      args,
      env: i.profile ? [{ name: 'AWS_PROFILE', value: i.profile }] : null,
    }),
  );
}

export interface GkeKubeconfigInput {
  project: string;
  location: string;
  name: string;
  /** The cluster's endpoint: an IP or host, without scheme. */
  endpoint: string;
  caData: string;
}

/** GKE: `gke-gcloud-auth-plugin`, as `gcloud container clusters get-credentials` writes it. */
export function gkeKubeconfig(i: GkeKubeconfigInput): string {
  const context = `gke_${i.project}_${i.location}_${i.name}`;
  return kubeconfigJson(
    context,
    `https://${i.endpoint}`,
    i.caData,
    exec({
      apiVersion: EXEC_API_VERSION,
      command: 'gke-gcloud-auth-plugin',
      args: [],
      installHint:
        'Install gke-gcloud-auth-plugin for use with kubectl by following https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin',
      provideClusterInfo: true,
    }),
  );
}

/**
 * The predefined GKE role a user may name instead of the default custom role (gke.controllerRole):
 * IAM then grants the controller's API access in the cluster itself, without the in-cluster binding.
 */
export const GKE_CONTROLLER_ROLE = 'roles/container.clusterAdmin';

/**
 * What the Aviatrix controller's GCP access account needs to onboard a GKE cluster with
 * use_csp_credentials (docs/aviatrix.md §3): read the cluster and get its credentials. The API
 * access inside the cluster comes from the ClusterRoleBinding avx-controller-gcp-sa (installRbac),
 * which binds the chart's avx-controller ClusterRole (reads, and update/patch of the Aviatrix CRs)
 * to the service account.
 */
export const GKE_CONTROLLER_PERMISSIONS = ['container.clusters.get', 'container.clusters.getCredentials'] as const;

/**
 * The project-level custom role with exactly GKE_CONTROLLER_PERMISSIONS. Its id is per cluster (a
 * project with two clusters gets two roles, each deleted with its own stack): camel-case letters,
 * digits and `_` (no `-`), 3 to 64 characters, hashed from project, location and cluster name.
 */
export function gkeControllerCustomRole(
  project: string,
  location: string,
  clusterName: string,
): { roleId: string; title: string; description: string; permissions: string[]; stage: string } {
  const hash = createHash('sha256').update(`${project}/${location}/${clusterName}`).digest('hex').slice(0, 10);
  return {
    roleId: `librechatContainmentAviatrix_${hash}`,
    title: `Aviatrix controller: GKE ${clusterName}`.slice(0, 100),
    description: `Read and get credentials of the GKE cluster ${clusterName} in ${location} (librechat-containment)`,
    permissions: [...GKE_CONTROLLER_PERMISSIONS],
    stage: 'GA',
  };
}

/** Roles never granted to the controller: they reach far beyond one cluster. */
export const GKE_FORBIDDEN_ROLES = ['roles/owner', 'roles/editor'] as const;

export function checkControllerRole(role: string): string {
  if ((GKE_FORBIDDEN_ROLES as readonly string[]).includes(role)) {
    throw new RangeError(
      `gke.controllerRole "${role}" is far broader than the controller needs; leave it unset (a custom role with only ${GKE_CONTROLLER_PERMISSIONS.join(' and ')}), or use ${GKE_CONTROLLER_ROLE}, which this component scopes to the cluster`,
    );
  }
  return role;
}

export const KUBELOGIN_MODES = ['azurecli', 'workloadidentity', 'msi', 'spn', 'azd'] as const;
export type KubeloginMode = (typeof KUBELOGIN_MODES)[number];

export interface AksKubeconfigInput {
  /** The kubeconfig from listClusterUserCredential (decoded from base64). */
  userCredential: string;
  /** Entra ID integration is on (aadProfile set): the credential is an exec kubeconfig. */
  entra: boolean;
  /** kubelogin login mode for Entra clusters (default `azurecli`, as `kubelogin convert-kubeconfig -l azurecli`). */
  loginMode?: KubeloginMode;
}

/**
 * AKS: the cluster-user credential. For Entra clusters the user becomes a non-interactive
 * `kubelogin get-token` (what `kubelogin convert-kubeconfig -l <mode>` writes); for local-account
 * clusters the credential is used as Azure returns it.
 */
export function aksKubeconfig(i: AksKubeconfigInput): string {
  const doc = parse(i.userCredential) as any;
  const cluster = doc?.clusters?.[0];
  const user = doc?.users?.[0];
  if (!cluster?.cluster?.server) throw new Error('the AKS user credential has no cluster server');
  const name: string = cluster.name;
  if (!i.entra)
    return kubeconfigJson(
      name,
      cluster.cluster.server,
      cluster.cluster['certificate-authority-data'],
      user?.user ?? {},
    );
  const mode = i.loginMode ?? 'azurecli';
  return kubeconfigJson(
    name,
    cluster.cluster.server,
    cluster.cluster['certificate-authority-data'],
    exec({
      apiVersion: EXEC_API_VERSION,
      command: 'kubelogin',
      args: kubeloginArgs(user?.user?.exec?.args, mode),
      env: null,
    }),
  );
}

/**
 * The credential's own `kubelogin get-token` arguments (`--tenant-id`, `--environment`,
 * `--server-id`, ...) with only the login mode replaced, as `kubelogin convert-kubeconfig -l
 * <mode>` does. `--client-id` goes too: in the credential it names the public client of the
 * interactive (devicecode) login, which the non-interactive modes would take for their own
 * identity (msi, spn, workloadidentity read theirs from the environment).
 */
export function kubeloginArgs(credentialArgs: unknown, mode: KubeloginMode): string[] {
  const given = Array.isArray(credentialArgs) ? credentialArgs.map(String) : [];
  const dropWithValue = new Set(['--login', '-l', '--client-id']);
  const out: string[] = [];
  for (let k = 0; k < given.length; k++) {
    const a = given[k]!;
    const flag = a.split('=')[0]!;
    if (dropWithValue.has(flag)) {
      if (!a.includes('=')) k++;
      continue;
    }
    out.push(a);
  }
  const rest = out[0] === 'get-token' ? out.slice(1) : out;
  const hasServerId = rest.some((a) => a === '--server-id' || a.startsWith('--server-id='));
  return ['get-token', '--login', mode, ...rest, ...(hasServerId ? [] : ['--server-id', AKS_AAD_SERVER_ID])];
}

/** The cluster id the Aviatrix controller expects (docs/aviatrix.md §3). */
export function eksClusterId(arn: string): string {
  if (!/^arn:aws[a-z-]*:eks:[a-z0-9-]+:\d{12}:cluster\/.+$/.test(arn))
    throw new RangeError(`"${arn}" is not an EKS cluster ARN`);
  return arn;
}
export function aksClusterId(resourceId: string): string {
  if (
    !/^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.containerservice\/managedclusters\/[^/]+$/i.test(
      resourceId,
    )
  ) {
    throw new RangeError(`"${resourceId}" is not an AKS resource id`);
  }
  return resourceId.toLowerCase();
}
/** The GKE self link in its `v1` form (a `v1beta1` link names the same cluster): zonal or regional. */
export function gkeClusterId(selfLink: string): string {
  const m =
    /^https:\/\/container\.googleapis\.com\/v1(?:beta1)?(\/projects\/[^/]+\/(?:zones|locations)\/[^/]+\/clusters\/[^/]+)$/.exec(
      selfLink,
    );
  if (!m) throw new RangeError(`"${selfLink}" is not a GKE cluster self link`);
  return `https://container.googleapis.com/v1${m[1]}`;
}

/** The subscription of an Azure resource id. */
export function subscriptionOf(resourceId: string): string {
  const m = /^\/subscriptions\/([^/]+)\//i.exec(resourceId);
  if (!m) throw new RangeError(`"${resourceId}" is not an Azure resource id`);
  return m[1];
}

// ---- preflight -----------------------------------------------------------------------------

/** Finding kinds the cluster preflight reports (accepted by id like the config's findings). */
export const PREFLIGHT_KINDS = {
  'cluster-snat': 'error',
  'cluster-snat-unverified': 'warning',
  'private-api-server': 'warning',
  'aks-local-accounts-disabled': 'error',
  'aks-entra-user-credential': 'error',
  'eks-authentication-mode': 'error',
  'eks-access-entry-exists': 'error',
  'network-policy-not-enforced': 'warning',
  'network-policy-unverified': 'warning',
  'eks-auto-mode-dns-unknown': 'warning',
} as const;

/**
 * How the Aviatrix controller reaches the cluster's API: with the cloud access account's own
 * credentials (EKS access entry, AKS cluster-user credential, GKE IAM), or with a ServiceAccount
 * token bound to `avx-controller`, as chart k8s-firewall 10.1.0 renders it with
 * `serviceAccount.create: true` (templates/serviceaccount.yaml.tpl), which also serves any
 * cluster that is not EKS, AKS or GKE and Entra-only AKS clusters.
 */
export const ONBOARDING_MODES = ['cloud-credentials', 'service-account-token'] as const;
export type OnboardingMode = (typeof ONBOARDING_MODES)[number];
export type PreflightKind = keyof typeof PREFLIGHT_KINDS;

export function isPreflightId(id: string): boolean {
  return Object.prototype.hasOwnProperty.call(PREFLIGHT_KINDS, id.split(':')[0]);
}

function preflight(kind: PreflightKind, message: string, fix: string): Finding {
  return {
    id: kind,
    kind,
    severity: PREFLIGHT_KINDS[kind],
    message,
    fix,
    source: { file: '(cluster)', path: kind, line: 0, column: 0 },
  };
}

/** Marks accepted error findings, as the core does for the config's findings. */
export function acceptFindings(findings: Finding[], accept: readonly string[]): Finding[] {
  const wanted = new Set(accept);
  return findings.map((f) => (wanted.has(f.id) && f.severity === 'error' ? { ...f, accepted: true } : f));
}

export interface EksFacts {
  endpointPublicAccess: boolean;
  endpointPrivateAccess: boolean;
  publicAccessCidrs: string[];
  /** `accessConfig.authenticationMode` of the cluster: CONFIG_MAP, API or API_AND_CONFIG_MAP. */
  authenticationMode?: string;
  /** The component creates an access entry for the controller (controllerRoleArn given). */
  grantsAccessEntry?: boolean;
  clusterName?: string;
  controllerRoleArn?: string;
  /** An access entry for the controller's role already exists (DescribeAccessEntry found it). */
  accessEntryExists?: boolean;
  /** The managed vpc-cni add-on's configurationValues (JSON); undefined when it is not a managed add-on. */
  vpcCniConfiguration?: string;
  /** EKS Auto Mode (`computeConfig.enabled`): network policy is switched on by a ConfigMap, not the add-on. */
  autoMode?: boolean;
  /** Auto Mode's cluster DNS address (x.y.z.10 of the IPv4 service CIDR); undefined when there is none. */
  autoModeDns?: string;
}

export function eksPreflight(f: EksFacts): Finding[] {
  const out = [
    preflight(
      'cluster-snat-unverified',
      'EKS does not expose the VPC CNI setting AWS_VPC_K8S_CNI_EXTERNALSNAT: with the default (false) nodes SNAT pod traffic to their own address and the firewall cannot see which pod sent it.',
      'Set AWS_VPC_K8S_CNI_EXTERNALSNAT=true on the aws-node DaemonSet (or the vpc-cni add-on configuration) and route 0.0.0.0/0 to the spoke gateway.',
    ),
  ];
  if (!f.endpointPublicAccess) {
    out.push(
      preflight(
        'private-api-server',
        'The EKS API server has no public endpoint: the Aviatrix controller needs a private path to it (peering, or the spoke gateway tunnel).',
        'Give the controller a private route to the endpoint, or enable the public endpoint with publicAccessCidrs limited to the controller address.',
      ),
    );
  } else if (f.publicAccessCidrs.length > 0 && !f.publicAccessCidrs.includes('0.0.0.0/0')) {
    out.push(
      preflight(
        'private-api-server',
        `The EKS public endpoint admits only ${f.publicAccessCidrs.join(', ')}: the Aviatrix controller's egress address must be one of them.`,
        'Add the controller egress address to publicAccessCidrs.',
      ),
    );
  }
  if (f.grantsAccessEntry && f.authenticationMode === 'CONFIG_MAP') {
    // EKS rejects CreateAccessEntry unless the authentication mode includes API
    // (docs.aws.amazon.com/eks/latest/userguide/setting-up-access-entries.html).
    out.push(
      preflight(
        'eks-authentication-mode',
        'The EKS cluster authenticates only through the aws-auth ConfigMap (authenticationMode CONFIG_MAP): EKS rejects the access entry the controller needs.',
        `Switch the cluster to access entries: aws eks update-cluster-config --name ${f.clusterName ?? '<cluster>'} --access-config authenticationMode=API_AND_CONFIG_MAP (it cannot be switched back), or map the controller role in aws-auth yourself and drop eks.controllerRoleArn.`,
      ),
    );
  }
  if (f.grantsAccessEntry && f.accessEntryExists) {
    // The import id of aws:eks/accessEntry is `<cluster>:<principal ARN>` (terraform-provider-aws
    // internal/service/eks/access_entry.go, accessEntryResourceIDSeparator).
    out.push(
      preflight(
        'eks-access-entry-exists',
        `An access entry for the controller role ${f.controllerRoleArn ?? '(eks.controllerRoleArn)'} already exists on the cluster: creating it again fails with ResourceInUseException.`,
        `Import it into this stack (pulumi import aws:eks/accessEntry:AccessEntry <name>-controller-access ${f.clusterName ?? '<cluster>'}:${f.controllerRoleArn ?? '<role ARN>'}), or drop eks.controllerRoleArn and keep the entry you have (it must carry the group avx-controller).`,
      ),
    );
  }
  out.push(...eksNetworkPolicyFindings(f));
  if (f.autoMode && f.autoModeDns === undefined)
    out.push(
      preflight(
        'eks-auto-mode-dns-unknown',
        'EKS Auto Mode answers DNS on the nodes at the cluster DNS service address, not in kube-dns pods; this cluster has no IPv4 service CIDR to derive it from, so the NetworkPolicies allow DNS to kube-dns pods only and every lookup may fail.',
        "Pass nodeLocalDns: [<the address in a pod's /etc/resolv.conf>] (kubectl -n kube-system get service kube-dns -o jsonpath={.spec.clusterIP}).",
      ),
    );
  return out;
}

/**
 * The VPC CNI enforces NetworkPolicies only when its add-on configuration says
 * `enableNetworkPolicy: "true"` (docs.aws.amazon.com/eks/latest/userguide/cni-network-policy.html);
 * the default is off, and then every NetworkPolicy here is accepted and ignored.
 */
function eksNetworkPolicyFindings(f: EksFacts): Finding[] {
  if (f.autoMode) {
    return [
      preflight(
        'network-policy-unverified',
        'EKS Auto Mode enforces NetworkPolicies only when the ConfigMap amazon-vpc-cni in kube-system sets enable-network-policy-controller: "true"; this component cannot read it before deploying.',
        'Check it (kubectl -n kube-system get configmap amazon-vpc-cni -o yaml) and set enable-network-policy-controller: "true" (docs.aws.amazon.com/eks/latest/userguide/auto-net-pol.html).',
      ),
    ];
  }
  if (f.vpcCniConfiguration === undefined) {
    return [
      preflight(
        'network-policy-unverified',
        'The VPC CNI is not a managed EKS add-on on this cluster, so its network-policy setting cannot be read: unless the aws-node DaemonSet runs the network policy agent, every NetworkPolicy is ignored and the pods are not contained east-west.',
        'Install vpc-cni as a managed add-on with configuration values {"enableNetworkPolicy": "true"}, or run another network policy engine (Calico, Cilium).',
      ),
    ];
  }
  let enabled: boolean;
  try {
    const values = JSON.parse(f.vpcCniConfiguration || '{}') as Record<string, unknown>;
    enabled = String(values.enableNetworkPolicy).toLowerCase() === 'true';
  } catch {
    enabled = false;
  }
  if (enabled) return [];
  return [
    preflight(
      'network-policy-not-enforced',
      'The vpc-cni add-on does not enable network policy (enableNetworkPolicy is not "true"): every NetworkPolicy this component applies is accepted and ignored, so the data stores and MCP servers are not contained inside the cluster.',
      'Set the vpc-cni add-on configuration values to {"enableNetworkPolicy": "true"} (aws eks update-addon --addon-name vpc-cni --configuration-values \'{"enableNetworkPolicy":"true"}\'), or run another network policy engine.',
    ),
  ];
}

export interface AksFacts {
  disableLocalAccounts: boolean;
  /** The cluster has an aadProfile (Entra integration): its cluster-user credential is an exec kubeconfig. */
  entra?: boolean;
  onboarding?: OnboardingMode;
  /** `networkProfile.networkPolicy`: none (or absent), azure, calico, cilium. */
  networkPolicy?: string;
  outboundType?: string;
  networkPlugin?: string;
  networkPluginMode?: string;
  enablePrivateCluster: boolean;
  authorizedIPRanges: string[];
}

export function aksPreflight(f: AksFacts): Finding[] {
  const out: Finding[] = [];
  const tokenOnboarding = f.onboarding === 'service-account-token';
  if (f.entra && !tokenOnboarding) {
    // The controller onboards AKS by listClusterUserCredential; on an Entra-integrated cluster that
    // returns a kubelogin exec kubeconfig, and the controller uses kube_config as-is, without exec
    // plugins (Aviatrix provider docs, aviatrix_kubernetes_cluster; docs/aviatrix.md, onboarding).
    out.push(
      preflight(
        'aks-entra-user-credential',
        'This AKS cluster is Entra-integrated (aadProfile): its cluster-user credential is an exec (kubelogin) kubeconfig, which the Aviatrix controller cannot use, so onboarding fails without an error on this side.',
        "Onboard with a ServiceAccount token instead: set onboarding: { mode: 'service-account-token' } (the component creates the avx-controller ServiceAccount and token Secret and outputs controllerKubeconfig to register in the controller).",
      ),
    );
  }
  if (f.disableLocalAccounts && !tokenOnboarding && !f.entra) {
    out.push(
      preflight(
        'aks-local-accounts-disabled',
        'Local accounts are disabled on this AKS cluster: it returns only exec (Entra) kubeconfigs, which the Aviatrix controller cannot use, so onboarding fails.',
        'Enable local accounts (disableLocalAccounts: false), or onboard the cluster with a static kubeconfig.',
      ),
    );
  }
  const overlay = f.networkPlugin === 'kubenet' || f.networkPluginMode === 'overlay';
  if (overlay) {
    out.push(
      preflight(
        'cluster-snat',
        `The AKS network (${f.networkPlugin}${f.networkPluginMode ? `/${f.networkPluginMode}` : ''}) SNATs pod traffic to the node address: the firewall cannot see which pod sent it.`,
        'Use Azure CNI with pods on VNet subnets (no overlay), and outboundType userDefinedRouting towards the spoke gateway.',
      ),
    );
  } else if (f.outboundType !== 'userDefinedRouting') {
    out.push(
      preflight(
        'cluster-snat',
        `The AKS outbound type is ${f.outboundType ?? 'loadBalancer'}: egress leaves through Azure's SNAT, not through the spoke gateway, so the firewall neither sees nor filters it.`,
        'Set outboundType userDefinedRouting with 0.0.0.0/0 routed to the Aviatrix spoke gateway.',
      ),
    );
  }
  if (f.enablePrivateCluster) {
    out.push(
      preflight(
        'private-api-server',
        'This is a private AKS cluster: the Aviatrix controller needs a private path to its API server.',
        'Give the controller a private route (peering or the spoke gateway tunnel) to the API server.',
      ),
    );
  } else if (f.authorizedIPRanges.length > 0) {
    out.push(
      preflight(
        'private-api-server',
        `The AKS API server admits only ${f.authorizedIPRanges.join(', ')}: the Aviatrix controller's egress address must be one of them.`,
        'Add the controller egress address to apiServerAccessProfile.authorizedIPRanges.',
      ),
    );
  }
  const policy = (f.networkPolicy ?? 'none').toLowerCase();
  if (policy === 'none' || policy === '') {
    // AKS enforces NetworkPolicies only with a network policy engine: networkProfile.networkPolicy
    // azure, calico or cilium (learn.microsoft.com/azure/aks/use-network-policies); none is the default.
    out.push(
      preflight(
        'network-policy-not-enforced',
        'The AKS cluster has no network policy engine (networkProfile.networkPolicy is none): every NetworkPolicy this component applies is accepted and ignored, so the data stores and MCP servers are not contained inside the cluster.',
        'Enable one: az aks update --network-policy azure|calico|cilium (Cilium needs Azure CNI powered by Cilium).',
      ),
    );
  }
  return out;
}

export interface GkeFacts {
  /** default_snat_status.disabled; undefined when the API did not report it. */
  defaultSnatDisabled?: boolean;
  /** `networkPolicy.enabled` (Calico network policy on GKE Standard). */
  networkPolicyEnabled?: boolean;
  /** `datapathProvider`: ADVANCED_DATAPATH is Dataplane V2, which always enforces NetworkPolicies. */
  datapathProvider?: string;
  /** Autopilot clusters always run Dataplane V2. */
  autopilot?: boolean;
  enablePrivateEndpoint: boolean;
  masterAuthorizedCidrs?: string[];
}

export function gkePreflight(f: GkeFacts): Finding[] {
  const out: Finding[] = [];
  if (f.defaultSnatDisabled !== true) {
    out.push(
      preflight(
        'cluster-snat',
        'GKE default SNAT is on: nodes SNAT pod traffic to their own address and the firewall cannot see which pod sent it.',
        'Disable default SNAT (default_snat_status { disabled = true }) and route 0.0.0.0/0 to the spoke gateway.',
      ),
    );
  }
  if (f.enablePrivateEndpoint) {
    out.push(
      preflight(
        'private-api-server',
        'The GKE control plane has only a private endpoint: the Aviatrix controller needs a private path to it.',
        'Give the controller a private route to the endpoint, or enable the public endpoint with master authorized networks.',
      ),
    );
  } else if (f.masterAuthorizedCidrs && f.masterAuthorizedCidrs.length > 0) {
    out.push(
      preflight(
        'private-api-server',
        `Master authorized networks admit only ${f.masterAuthorizedCidrs.join(', ')}: the Aviatrix controller's egress address must be one of them.`,
        'Add the controller egress address to master_authorized_networks.',
      ),
    );
  }
  // GKE enforces NetworkPolicies with Dataplane V2 (always on in Autopilot) or with network policy
  // enforcement (Calico) on Standard (cloud.google.com/kubernetes-engine/docs/how-to/network-policy).
  const enforced =
    f.autopilot === true || f.datapathProvider === 'ADVANCED_DATAPATH' || f.networkPolicyEnabled === true;
  if (!enforced) {
    out.push(
      preflight(
        'network-policy-not-enforced',
        `The GKE cluster neither runs Dataplane V2 (datapathProvider ${f.datapathProvider || 'LEGACY_DATAPATH'}) nor has network policy enforcement on: every NetworkPolicy this component applies is ignored, so the data stores and MCP servers are not contained inside the cluster.`,
        'Enable network policy enforcement (gcloud container clusters update <name> --enable-network-policy, after the addon), or create the cluster with Dataplane V2 (--enable-dataplane-v2).',
      ),
    );
  }
  return out;
}
