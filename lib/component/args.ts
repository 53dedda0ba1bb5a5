// The component's arguments: every field a `pulumi.Input`, sub-objects plain, no unions and no
// functions, so the component is packaged for the other Pulumi languages (PulumiPlugin.yaml; the
// schema is inferred from these declarations, test/golden/plugin/schema.json). The cloud is a
// string plus one sub-object per cloud rather than a union; an enumerated argument is a `string`
// whose values the doc comment lists and lib/inputs/choices.ts checks.
//
// Each sub-object's interface is named as the schema and the other languages name it, without
// `Args` (their SDKs add it to input types: Python `TlsArgs`, Go `TlsArgs`, C# `Inputs.TlsArgs`);
// the `...Args` aliases are the TypeScript names. A new argument is a documented field of these
// interfaces (a field of LibreChatContainmentArgs, or of a named interface for a sub-object, never
// an anonymous object type or a literal union), then `UPDATE_GOLDEN=1` for the reviewed schema.
import type * as pulumi from '@pulumi/pulumi';
import type { AksCluster, AksClusterArgs } from '../cloud/aks';
import type { EksCluster, EksClusterArgs } from '../cloud/eks';
import type { GkeCluster, GkeClusterArgs } from '../cloud/gke';

export type { AksCluster, AksClusterArgs, EksCluster, EksClusterArgs, GkeCluster, GkeClusterArgs };

/** The values of `cloud` (one list, in the core: lib/inputs/choices.ts). */
export { CLOUDS } from '../inputs/choices';

/** Any cluster: a kubeconfig (static or exec) and the id the Aviatrix controller knows it by. */
export interface KubeconfigCluster {
  /** The kubeconfig (YAML or JSON text) the Kubernetes provider uses; pass it as a secret. */
  kubeconfig: pulumi.Input<string>;
  /** The cluster's id on the Aviatrix controller (`cluster_id`; any unique id for non-CSP clusters). */
  clusterId: pulumi.Input<string>;
}
/** The same type under its TypeScript name (`KubeconfigCluster` is its name in the Pulumi schema and the other languages). */
export type KubeconfigClusterArgs = KubeconfigCluster;

/** Where LibreChat's config and the files beside it come from: each as a path or as its text. */
export interface LibreChatConfig {
  /** Path of librechat.yaml (relative to the Pulumi program's working directory). */
  path?: pulumi.Input<string>;
  /** Or its text. */
  text?: pulumi.Input<string>;
  /** Name shown in findings for `text` (default `librechat.yaml`). */
  name?: pulumi.Input<string>;
  /** Environment LibreChat runs with, as NAME → value. Values may be secrets (see the README, "The Pulumi component"). */
  env?: Record<string, pulumi.Input<string>>;
  /** A `.env` file with LibreChat's environment (`env` wins over it). */
  envFile?: pulumi.Input<string>;
  /**
   * The MCP overlay (in-cluster MCP servers: namespace, labels, downstream hosts). Default: the
   * file `<config>.overlay.yaml` beside `path` when it exists, as the CLI does.
   */
  overlayPath?: pulumi.Input<string>;
  /** Or the overlay's text. */
  overlayText?: pulumi.Input<string>;
  /** The LibreChat chart's values (which subcharts run, images, librechat.configEnv). */
  chartValuesPath?: pulumi.Input<string>;
  /** Or the chart values' text. */
  chartValuesText?: pulumi.Input<string>;
  /** The chart's rendered manifests (`helm template`): real names, labels, ports and images. */
  chartManifestsPath?: pulumi.Input<string>;
  /** Or the rendered manifests' text. */
  chartManifestsText?: pulumi.Input<string>;
}
/** The same type under its TypeScript name (`LibreChatConfig` is its name in the Pulumi schema and the other languages). */
export type ConfigArgs = LibreChatConfig;

/** Who enforces the egress allow-list by name (the CLI's `--backend`, `--cilium-version`). */
export interface Enforcement {
  /**
   * `aviatrix` (default), `cilium`, `gke-fqdn` or `eks-anp`: which objects enforce the derived
   * allow-list. No `auto`: the inputs do not say what the cluster runs (README, "Choosing a backend").
   */
  backend?: string;
  /** With `cilium`: the Cilium minor version (1.19 default; 1.18 narrows any-depth wildcards). */
  ciliumVersion?: string;
}
/** The same type under its TypeScript name (`Enforcement` is its name in the Pulumi schema and the other languages). */
export type EnforcementArgs = Enforcement;

/** How the Aviatrix custom resources are rendered (the CLI's `--target`, `--mode`, `--log-profile`, `--form`). */
export interface Aviatrix {
  /** CRD generation: `chart-10.1` (default) or `chart-8.2`. */
  target?: pulumi.Input<string>;
  /** `enforce` (default) or `watch` (chart 10.1: log matches without enforcing). */
  mode?: pulumi.Input<string>;
  /** `start` (default), `end` or `start/end` (chart 10.1). */
  logProfile?: pulumi.Input<string>;
  /** `firewall-policy` (default) or `webgroup-policy` (permit-only). */
  form?: pulumi.Input<string>;
}
/** The same type under its TypeScript name (`Aviatrix` is its name in the Pulumi schema and the other languages). */
export type AviatrixArgs = Aviatrix;

/** TLS inspection: the CA's ConfigMap and the patches that make LibreChat (and the RAG API) trust it. */
export interface Tls {
  /** The TLS inspection CA (PEM): must be a CA and not expired. */
  caPem: pulumi.Input<string>;
  /**
   * Allow decryption on the permitted rules (chart 10.1) of the workloads whose Deployments this
   * component patches (patchLibreChat, patchRagApi): never on a workload whose pods do not trust the
   * CA. Default false, as the CLI without `--decrypt`: decryption is opt-in.
   */
  decrypt?: pulumi.Input<boolean>;
  /** Patch the running LibreChat Deployment (server-side apply). Default true. */
  patchLibreChat?: pulumi.Input<boolean>;
  /** Patch the RAG API Deployment with the combined bundle. Default false. */
  patchRagApi?: pulumi.Input<boolean>;
  /**
   * Where the public roots of the combined bundle (`ca-bundle.crt`, the Python clients' whole trust
   * store) come from: `pem` (publicRootsPem, a bundle you pin in your repository) or `ca-only` (the
   * inspection CA alone: only when every connection of the RAG API is decrypted). Required with
   * patchRagApi; otherwise `ca-only`, or `pem` when publicRootsPem is given. Never Node's own store.
   */
  publicRoots?: string;
  /** The pinned public root bundle (PEM text), e.g. the certifi `cacert.pem` your RAG API image pins. */
  publicRootsPem?: string;
  /** Name of the CA's ConfigMap, when it differs from the default. */
  configMapName?: pulumi.Input<string>;
  /** The LibreChat Deployment to patch, when it differs from what LibreChat's chart renders. */
  deployment?: pulumi.Input<string>;
  /** Its container to patch, when it differs from the chart's. */
  container?: pulumi.Input<string>;
  /** The RAG API Deployment to patch, when it differs from what the chart renders. */
  ragDeployment?: pulumi.Input<string>;
  /** Its container to patch, when it differs from the chart's. */
  ragContainer?: pulumi.Input<string>;
  /** Where the CA is mounted (default /etc/librechat-containment/ca). */
  mountPath?: pulumi.Input<string>;
}
/** The same type under its TypeScript name (`Tls` is its name in the Pulumi schema and the other languages). */
export type TlsArgs = Tls;

/** The avx-controller ClusterRole's optional rules, as chart k8s-firewall's `rbac` values. */
export interface Rbac {
  /** Chart `rbac.aiVisibility`. */
  aiVisibility?: pulumi.Input<boolean>;
  /** Chart `rbac.manageNetworkPolicies`. */
  manageNetworkPolicies?: pulumi.Input<boolean>;
}
/** The same type under its TypeScript name (`Rbac` is its name in the Pulumi schema and the other languages). */
export type RbacArgs = Rbac;

/** How the Aviatrix controller is given access to the cluster. */
export interface Onboarding {
  /**
   * How the Aviatrix controller reaches the API server: `cloud-credentials` (default: the EKS access
   * entry, the AKS cluster-user credential, GKE IAM) or `service-account-token` (the avx-controller
   * ServiceAccount and its token Secret, as chart k8s-firewall renders them; needed for Entra-only
   * AKS and for clusters that are not EKS, AKS or GKE). With a token, `controllerKubeconfig` is the
   * static kubeconfig to register in the controller.
   */
  mode?: string;
  /** Namespace of the ServiceAccount and its token Secret (default kube-system). */
  namespace?: string;
}
/** The same type under its TypeScript name (`Onboarding` is its name in the Pulumi schema and the other languages). */
export type OnboardingArgs = Onboarding;

/** The arguments of LibreChatContainment. */
export interface LibreChatContainmentArgs {
  /** `eks`, `aks`, `gke` or `kubeconfig`; the sub-object of the same name describes the cluster. */
  cloud: pulumi.Input<string>;
  /** With `cloud: eks`: the EKS cluster. */
  eks?: EksCluster;
  /** With `cloud: aks`: the AKS cluster. */
  aks?: AksCluster;
  /** With `cloud: gke`: the GKE cluster. */
  gke?: GkeCluster;
  /** With `cloud: kubeconfig`: any other cluster. */
  kubeconfig?: KubeconfigCluster;
  /** LibreChat's config (librechat.yaml), its environment, the chart values and the MCP overlay. */
  config: LibreChatConfig;
  /** Namespace LibreChat runs in (default `librechat`). */
  namespace?: pulumi.Input<string>;
  /** Helm release name of LibreChat (default `librechat`). */
  release?: pulumi.Input<string>;
  /** LibreChat's pod labels, when not installed with its chart. */
  librechatLabels?: Record<string, pulumi.Input<string>>;
  /** Pod labels per workload id (`rag-api`, `mongodb`, ...), replacing the chart's. */
  workloadLabels?: Record<string, Record<string, pulumi.Input<string>>>;
  /** LibreChat chart version (decides the default images): `2.0.8` (default), `2.0.7`, `2.0.6`, `2.0.4`, `2.0.2`. */
  chartVersion?: pulumi.Input<string>;
  /** Also apply the in-cluster Kubernetes NetworkPolicies (default true). */
  networkPolicies?: pulumi.Input<boolean>;
  /** Also check the config with LibreChat's own schema (needs librechat-data-provider). */
  librechatSchema?: pulumi.Input<boolean>;
  /** How the Aviatrix custom resources are rendered. */
  aviatrix?: Aviatrix;
  /** TLS inspection: trust the inspection CA in LibreChat (and the RAG API). */
  tls?: Tls;
  /** Error findings accepted by id (config findings and cluster preflight findings). */
  acceptFindings?: pulumi.Input<string>[];
  /** Which config findings block when not accepted: `error` (default) or `warning` (as the CLI's --fail-on). */
  failOn?: pulumi.Input<string>;
  /**
   * The deployment's declared egress proxy (`http://proxy.corp.example:3128`): the only proxy a
   * `PROXY`/`HTTPS_PROXY`/per-MCP-server `proxy` may name; any other internet proxy is an error.
   */
  egressProxy?: pulumi.Input<string>;
  /** Install the Aviatrix CRDs (default true; false when the k8s-firewall chart already did). */
  installCrds?: pulumi.Input<boolean>;
  /** Install the avx-controller ClusterRole/Binding (default true). */
  installRbac?: pulumi.Input<boolean>;
  /**
   * When the Aviatrix CRDs already exist (the k8s-firewall chart, another instance, a stack that was
   * destroyed: the CRDs are retained): `fail` (default: an existing CRD managed by another field
   * manager is an error naming this argument), `adopt` (they must exist: the component applies its
   * fields to them with server-side apply and leaves them on destroy) or `skip` (as installCrds false).
   */
  existingCrds?: string;
  /** The same choice for the avx-controller ClusterRole and ClusterRoleBinding: `fail` (default), `adopt` or `skip`. */
  existingRbac?: string;
  /** Optional rules of the avx-controller ClusterRole. */
  rbac?: Rbac;
  /** How the Aviatrix controller is given access to the cluster (default: its cloud credentials). */
  onboarding?: Onboarding;
  /** Keyless cloud credentials per workload: `{ librechat: 'irsa', 'rag-api': 'gke-workload-identity' }`. */
  credentials?: Record<string, string>;
  /** Node-local DNS cache addresses the pods use (GKE's are known from the cloud). */
  nodeLocalDns?: string[];
  /** Who enforces the egress allow-list (default: the Aviatrix custom resources). */
  enforcement?: Enforcement;
}
