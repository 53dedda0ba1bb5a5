// LibreChatContainment: a thin Pulumi shell over the pure core. It derives the same objects the
// CLI renders (buildContainment), connects to the cluster through the cloud's own provider, and
// applies, on an explicit Kubernetes provider: the Aviatrix CRDs and avx-controller RBAC, the
// controller's cloud grants, the CA ConfigMap and Deployment patches, then one CustomResource per
// rendered object, each depending on the CRDs, the RBAC and the grants (docs/aviatrix.md §2).
// What needs no Pulumi (argument checks, input loading, the secret stand-in plan) is in lib/inputs.
import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { checkComponentArgs } from '../inputs/arguments';
import { allowedDomainsByWorkload, objectId } from '../render/outputs';
import { policiesWaitForTrust, stdioCaEnvFixes, withChartDeployments, type StdioCaFix } from '../render/trust';
import type { LibreChatContainmentArgs } from './args';
import {
  appliedIds,
  checkLiveCrds,
  createFoundation,
  createOnboarding,
  createPolicyObjects,
  createTrust,
  lookupPrerequisites,
  type Children,
} from './children';
import { connectCluster } from './connection';
import {
  containmentObjects,
  createContainment,
  type ContainmentFinding,
  type ContainmentObject,
} from './containment-output';
import { checked, isPending } from './resource-error';

export const TYPE_TOKEN = 'librechat-containment:index:LibreChatContainment';

export { allowedDomainsByWorkload, objectId };

/**
 * A default-deny network containment for a self-hosted LibreChat, derived from its librechat.yaml:
 * the Aviatrix (or Cilium, or GKE FQDN) egress policies and the Kubernetes NetworkPolicies that
 * `librechat-containment render` writes, applied to the cluster.
 */
export class LibreChatContainment extends pulumi.ComponentResource {
  /** Allowed domains per workload (`librechat` → [...]). */
  declare readonly allowedDomains: pulumi.Output<Record<string, string[]>>;
  /** `Kind/namespace/name` of every Kubernetes object this component applies. */
  declare readonly objectNames: pulumi.Output<string[]>;
  /** The cluster id in the form the Aviatrix controller expects (EKS ARN, lower-cased AKS id, GKE self link). */
  declare readonly clusterId: pulumi.Output<string>;
  /** The kubeconfig of the Kubernetes provider (secret). */
  declare readonly kubeconfig: pulumi.Output<string>;
  /** Config findings and cluster preflight findings, accepted ones marked. */
  declare readonly findings: pulumi.Output<ContainmentFinding[]>;
  /** The Aviatrix custom resources as applied (the same objects `librechat-containment render` writes). */
  declare readonly objects: pulumi.Output<ContainmentObject[]>;
  /** Node image pulls as Aviatrix controller objects in Terraform JSON (apply them with the Aviatrix provider). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Terraform JSON; `any` is the schema's Any
  declare readonly imagePulls: pulumi.Output<Record<string, any>>;
  /** With `tls`: the equivalent values for LibreChat's Helm chart. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Helm values; `any` is the schema's Any
  declare readonly helmValues: pulumi.Output<Record<string, any> | undefined>;
  /** With `tls`: the `env:` lines that give each stdio MCP server the CA. */
  declare readonly stdioCaEnvFixes: pulumi.Output<StdioCaFix[]>;
  /**
   * With `onboarding.mode: service-account-token`: the static kubeconfig (avx-controller token) to
   * register the cluster in the Aviatrix controller (secret); undefined otherwise.
   */
  declare readonly controllerKubeconfig: pulumi.Output<string | undefined>;
  /** The explicit Kubernetes provider every Kubernetes child uses. */
  declare readonly provider: k8s.Provider;

  constructor(name: string, args: LibreChatContainmentArgs, opts?: pulumi.ComponentResourceOptions) {
    if (opts?.urn) {
      // Rehydration (`opts.urn`, as pulumi-eks): a reference to an existing component, no children.
      super(TYPE_TOKEN, name, {}, opts);
      return;
    }
    // Empty inputs, as awsx does: the arguments (config text, CA, secrets) are not copied into the component's state.
    super(TYPE_TOKEN, name, {}, opts);
    // Every argument is checked, and the plan made, before any child exists.
    const settings = checked(name, this, () => checkComponentArgs<pulumi.Input<string>>(args, isPending));
    const built = createContainment(name, this, settings);
    const { containment } = built;
    const cluster = connectCluster(name, this, args, settings, containment);
    // The policies as the looked-up cluster's DNS needs them (AKS LocalDNS, EKS Auto Mode); the gate
    // above checks the config's findings, which the DNS facts never change.
    const rendered = built.withClusterDns(cluster.connection.dns);
    const children: Children = { name, parent: this, provider: cluster.provider, applied: [] };
    // The Deployments to patch as the chart names them for these values (fullnameOverride).
    const tls = settings.tls && {
      ...settings.tls,
      trust: withChartDeployments(settings.tls.trust, built.planned.policy),
    };
    // What must exist is read first: every Kubernetes child below waits for the reads.
    lookupPrerequisites(children, settings, tls);
    const onboarding = createOnboarding(children, settings, cluster.connection.kubeconfig);
    const foundation = [
      ...cluster.connection.grants,
      ...createFoundation(children, settings, args, cluster.connection.kubeObjects),
      ...onboarding.resources,
    ];
    const trustChildren = tls ? createTrust(children, tls) : undefined;
    const helmValues = trustChildren ? trustChildren.helmValues : pulumi.output(undefined);
    const real = built.deferred || cluster.connection.dns !== undefined ? rendered : undefined;
    // A decrypting rule waits for the CA ConfigMap and the rolled-out patches: the gateways never
    // decrypt for pods that do not trust the CA yet.
    const aviatrixDeps: pulumi.Input<pulumi.Resource>[] = [
      ...foundation,
      // installCrds false: the installed CRDs are read, and must declare every field the objects use.
      ...checkLiveCrds(children, settings, built.planned),
      ...(trustChildren && policiesWaitForTrust(built.planned.policy) ? trustChildren.resources : []),
    ];
    createPolicyObjects(children, settings.policy.derive.namespace!, built.planned, real, aviatrixDeps);

    /** An output derived from the config: secret when a secret env value influences it. */
    const derived = <T>(value: pulumi.Input<T>): pulumi.Output<T> =>
      pulumi.all([built.influenced, value]).apply(([s, v]) => (s ? pulumi.secret(v) : v)) as pulumi.Output<T>;
    const trust = settings.tls?.trust;
    this.provider = cluster.provider;
    this.allowedDomains = rendered.apply(allowedDomainsByWorkload);
    this.objectNames = appliedIds(children);
    this.clusterId = cluster.connection.clusterId;
    this.kubeconfig = pulumi.secret(cluster.connection.kubeconfig);
    this.controllerKubeconfig = onboarding.kubeconfig;
    this.findings = pulumi.all([rendered, cluster.preflight]).apply(([c, p]) => [...c.policy.findings, ...p]);
    this.objects = rendered.apply((c) => containmentObjects(c.objects));
    this.helmValues = derived(helmValues);
    this.imagePulls = rendered.apply((c) => c.imagePulls);
    this.stdioCaEnvFixes = derived(trust ? rendered.apply((c) => stdioCaEnvFixes(c.policy, trust)) : pulumi.output([]));
    this.registerOutputs({
      allowedDomains: this.allowedDomains,
      objectNames: this.objectNames,
      clusterId: this.clusterId,
      kubeconfig: this.kubeconfig,
      controllerKubeconfig: this.controllerKubeconfig,
      findings: this.findings,
      objects: this.objects,
      helmValues: this.helmValues,
      imagePulls: this.imagePulls,
      stdioCaEnvFixes: this.stdioCaEnvFixes,
    });
  }
}
