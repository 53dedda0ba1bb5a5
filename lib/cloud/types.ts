// What each cloud module hands the component: how to reach the cluster, its id for the Aviatrix
// controller, preflight findings, and the grants it created for the controller.
import * as pulumi from '@pulumi/pulumi';
import type { ClusterDnsFacts } from '../policy/dns';
import type { Finding } from '../policy/model';
import type { KubeObject } from '../render/objects';
import type { OnboardingMode } from './kubeconfig';

export interface ClusterConnection {
  /** Kubeconfig for the explicit Kubernetes provider (a secret). */
  kubeconfig: pulumi.Output<string>;
  /** The id the Aviatrix controller expects (EKS ARN, lower-cased AKS resource id, GKE self link). */
  clusterId: pulumi.Output<string>;
  /** Findings from the cluster's own settings (SNAT, private API server, local accounts). */
  preflight: pulumi.Output<Finding[]>;
  /** Cloud-side resources granting the Aviatrix controller access (access entry, role assignment, IAM member). */
  grants: pulumi.Resource[];
  /** Extra in-cluster objects the grants need (EKS `view-nodes`, a GKE service account's binding). */
  kubeObjects: KubeObject[];
  /**
   * What the looked-up cluster says about its DNS (AKS LocalDNS off on every pool, EKS Auto Mode's
   * DNS address): the policies are rendered again with it. Absent: the cloud's defaults hold.
   */
  dns?: pulumi.Output<ClusterDnsFacts>;
}

export interface ConnectContext {
  /** The component's name: children are named `${name}-...`. */
  name: string;
  parent: pulumi.Resource;
  /**
   * The component's gate for these preflight findings: resolves once neither the config nor the
   * preflight has an unaccepted error finding, fails otherwise. Every grant's inputs wait for it.
   */
  gate: (preflight: pulumi.Output<Finding[]>) => pulumi.Output<boolean>;
  /** How the Aviatrix controller reaches the API server (default: the cloud's own credentials). */
  onboarding?: OnboardingMode;
}

/** `value` once the gate is open (the gate's failure otherwise). */
export function gated<T>(ready: pulumi.Output<boolean>, value: pulumi.Input<T>): pulumi.Output<T> {
  return pulumi.all([ready, value]).apply(([, v]) => v as T) as pulumi.Output<T>;
}
