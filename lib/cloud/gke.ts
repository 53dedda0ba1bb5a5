// GKE: look the cluster up with @pulumi/gcp, reach it through gke-gcloud-auth-plugin, and grant the
// Aviatrix controller's service account container.clusters.get/getCredentials on the project
// (roles/container.clusterAdmin by default; clusterViewer onboards but does not reconcile) plus a
// binding of the avx-controller ClusterRole to its identity (aviatrix.md §8).
import * as pulumi from '@pulumi/pulumi';
import type * as gcpContainer from '@pulumi/gcp/container';
import type * as gcpProjects from '@pulumi/gcp/projects';
import { gkeClusterId, gkeKubeconfig, gkePreflight } from './kubeconfig';
import { loadCloudSdk } from './load';
import { gated, type ClusterConnection, type ConnectContext } from './types';

export const GKE_CONTROLLER_ROLE = 'roles/container.clusterAdmin';

export interface GkeClusterArgs {
  project: pulumi.Input<string>;
  /** Region or zone. */
  location: pulumi.Input<string>;
  clusterName: pulumi.Input<string>;
  /** E-mail of the service account of the Aviatrix GCP access account. */
  controllerServiceAccount?: pulumi.Input<string>;
  /** IAM role for it (default roles/container.clusterAdmin). */
  controllerRole?: pulumi.Input<string>;
}

export function connectGke(ctx: ConnectContext, args: GkeClusterArgs): ClusterConnection {
  const container = loadCloudSdk<typeof gcpContainer>('gke', 'container');
  const cluster = container.getClusterOutput({ project: args.project, location: args.location, name: args.clusterName }, { parent: ctx.parent });
  const kubeconfig = pulumi.secret(pulumi.all([cluster, args.project, args.location]).apply(([c, project, location]) => gkeKubeconfig({
    project, location, name: c.name, endpoint: c.endpoint, caData: c.masterAuths[0]?.clusterCaCertificate ?? '',
  })));
  const clusterId = cluster.selfLink.apply(gkeClusterId);
  const preflight = cluster.apply((c) => gkePreflight({
    defaultSnatDisabled: c.defaultSnatStatuses?.[0]?.disabled,
    enablePrivateEndpoint: c.privateClusterConfigs?.[0]?.enablePrivateEndpoint === true,
    masterAuthorizedCidrs: c.masterAuthorizedNetworksConfigs?.[0]?.cidrBlocks?.map((b) => b.cidrBlock),
  }));
  const grants: pulumi.Resource[] = [];
  if (args.controllerServiceAccount !== undefined) {
    const projects = loadCloudSdk<typeof gcpProjects>('gke', 'projects');
    const ready = ctx.gate(preflight);
    grants.push(new projects.IAMMember(`${ctx.name}-controller-iam`, {
      project: gated(ready, args.project),
      role: args.controllerRole ?? GKE_CONTROLLER_ROLE,
      member: gated(ready, pulumi.interpolate`serviceAccount:${args.controllerServiceAccount}`),
    }, { parent: ctx.parent }));
  }
  return { kubeconfig, clusterId, preflight, grants, kubeObjects: [] };
}
