// The cluster: the cloud's connection (lookups, kubeconfig, preflight findings, the controller's
// grants) and the explicit Kubernetes provider every Kubernetes child uses, all behind one gate.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { connectAks } from '../cloud/aks';
import { connectEks } from '../cloud/eks';
import { connectGke } from '../cloud/gke';
import { acceptFindings } from '../cloud/kubeconfig';
import type { ClusterConnection } from '../cloud/types';
import type { ComponentSettings } from '../inputs/arguments';
import { checkPreflight } from '../inputs/blocking';
import type { Containment } from '../pipeline';
import type { Finding } from '../policy/model';
import type { LibreChatContainmentArgs } from './args';
import { checked } from './resource-error';

export interface Cluster {
  connection: ClusterConnection;
  /** The preflight findings, accepted ones marked. */
  preflight: pulumi.Output<Finding[]>;
  provider: k8s.Provider;
}

/**
 * The gate: true once the config (with the real env values) and the cluster preflight have no
 * unaccepted error finding; it fails otherwise. The provider's kubeconfig and the inputs of every
 * cloud grant wait for it, so a blocking finding known only at deployment (a secret env value, the
 * looked-up cluster) stops everything before it reaches the cloud or the cluster.
 */
export function connectCluster(
  name: string,
  parent: pulumi.Resource,
  args: LibreChatContainmentArgs,
  settings: ComponentSettings,
  containment: pulumi.Output<Containment>,
): Cluster {
  const { cloud } = settings;
  let ready: pulumi.Output<boolean> | undefined;
  const gate = (raw: pulumi.Output<Finding[]>): pulumi.Output<boolean> =>
    (ready ??= pulumi.unsecret(
      pulumi.all([raw, containment]).apply(([findings]) => {
        checked(name, parent, () => checkPreflight(cloud, findings, settings.accept.cluster));
        return true;
      }),
    ));
  const ctx = { name, parent, gate, onboarding: settings.onboarding.mode };
  let connection: ClusterConnection;
  try {
    if (cloud === 'eks') connection = connectEks(ctx, args.eks!);
    else if (cloud === 'aks') connection = connectAks(ctx, args.aks!);
    else if (cloud === 'gke') connection = connectGke(ctx, args.gke!);
    else {
      const kc = args.kubeconfig!;
      connection = {
        kubeconfig: pulumi.secret(kc.kubeconfig),
        clusterId: pulumi.output(kc.clusterId),
        preflight: pulumi.output([]),
        grants: [],
        kubeObjects: [],
      };
    }
  } catch (e) {
    if (e instanceof pulumi.ResourceError) throw e;
    throw new pulumi.ResourceError(`LibreChatContainment ${name}: ${cloud}: ${(e as Error).message}`, parent);
  }
  const preflight = connection.preflight.apply((f) => acceptFindings(f, settings.accept.cluster));
  // A blocking config or cluster finding stops every Kubernetes child (CRDs, RBAC, the CA ConfigMap
  // and patches, the policies) before anything reaches the cluster.
  const gatedKubeconfig = pulumi.all([connection.kubeconfig, gate(connection.preflight)]).apply(([kc]) => kc);
  // The provider's behaviour is pinned, not left to its defaults or to PULUMI_K8S_* variables on
  // the deployer's machine: server-side apply (the Deployment patches need it; the provider's
  // default since 4.0) and immutable ConfigMaps (a change replaces; the CA ConfigMap's name is
  // content-hashed, so the replacement is created before the old one is deleted).
  const provider = new k8s.Provider(`${name}-k8s`, providerArgs(pulumi.secret(gatedKubeconfig), connection.clusterId), {
    parent,
  });
  return { connection, preflight, provider };
}

/**
 * The explicit Kubernetes provider's arguments (lib/component: its behaviour pinned). The cluster's
 * id is its `clusterIdentifier`: without it the provider guesses from the kubeconfig and is
 * replaced when the kubeconfig's server or CA changes (an endpoint or CA rotation, a kubeconfig
 * unknown at preview), and replacing the provider replaces every child create-before-delete: each
 * create is an upsert of the same object, which the old child's delete then deletes (the CA
 * ConfigMap, every policy). With it the provider is replaced only when the cluster is another one.
 */
export function providerArgs(kubeconfig: pulumi.Input<string>, clusterId: pulumi.Input<string>): k8s.ProviderArgs {
  return { kubeconfig, clusterIdentifier: clusterId, enableServerSideApply: true, enableConfigMapMutable: false };
}
