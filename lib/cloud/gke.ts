// GKE: look the cluster up with @pulumi/gcp, reach it through gke-gcloud-auth-plugin, and grant the
// Aviatrix controller's service account container.clusters.get/getCredentials (roles/container.clusterAdmin
// by default, on the project with an IAM condition that limits it to this cluster; clusterViewer
// onboards but does not reconcile) plus a
// binding of the avx-controller ClusterRole to its identity (docs/aviatrix.md §3).
import * as pulumi from '@pulumi/pulumi';
import type * as gcpContainer from '@pulumi/gcp/container';
import type * as gcpProjects from '@pulumi/gcp/projects';
import {
  checkControllerRole,
  GKE_CONTROLLER_ROLE,
  GKE_FORBIDDEN_ROLES,
  gkeClusterId,
  gkeKubeconfig,
  gkePreflight,
} from './kubeconfig';
import { loadCloudSdk } from './load';
import { gated, type ClusterConnection, type ConnectContext } from './types';

// The role check is pure (the component's argument check runs it before anything exists).
export { checkControllerRole, GKE_CONTROLLER_ROLE, GKE_FORBIDDEN_ROLES };

/**
 * The IAM condition that limits the controller's project-level grant to this one cluster (the GKE
 * resource name `projects/<project>/locations/<location>/clusters/<name>`, for zonal and regional
 * clusters alike). roles/container.clusterViewer would need no condition but does not let the
 * controller reconcile (docs/aviatrix.md §3), so the role stays clusterAdmin, scoped.
 */
export function gkeClusterCondition(
  project: string,
  location: string,
  clusterName: string,
): { title: string; description: string; expression: string } {
  for (const [k, v] of Object.entries({ project, location, clusterName })) {
    if (!/^[a-z0-9][a-z0-9:.-]*$/.test(v)) throw new RangeError(`gke.${k} "${v}" is not a GCP identifier`);
  }
  return {
    title: `aviatrix-controller-${clusterName}`.slice(0, 100),
    description: `Aviatrix controller: only the GKE cluster ${clusterName} in ${location} (librechat-containment)`,
    expression: `resource.name == "projects/${project}/locations/${location}/clusters/${clusterName}"`,
  };
}

export interface GkeCluster {
  /** Google Cloud project of the cluster. */
  project: pulumi.Input<string>;
  /** Region or zone. */
  location: pulumi.Input<string>;
  /** Name of the GKE cluster. */
  clusterName: pulumi.Input<string>;
  /** E-mail of the service account of the Aviatrix GCP access account. */
  controllerServiceAccount?: pulumi.Input<string>;
  /** IAM role for it (default roles/container.clusterAdmin; roles/owner and roles/editor are refused). Always scoped to this cluster by an IAM condition. */
  controllerRole?: pulumi.Input<string>;
}
/** The same type under its TypeScript name (`GkeCluster` is its name in the Pulumi schema and the other languages). */
export type GkeClusterArgs = GkeCluster;

export function connectGke(ctx: ConnectContext, args: GkeClusterArgs): ClusterConnection {
  const container = loadCloudSdk<typeof gcpContainer>('gke', 'container');
  const cluster = container.getClusterOutput(
    { project: args.project, location: args.location, name: args.clusterName },
    { parent: ctx.parent },
  );
  const kubeconfig = pulumi.secret(
    pulumi.all([cluster, args.project, args.location]).apply(([c, project, location]) =>
      gkeKubeconfig({
        project,
        location,
        name: c.name,
        endpoint: c.endpoint,
        caData: c.masterAuths[0]?.clusterCaCertificate ?? '',
      }),
    ),
  );
  const clusterId = cluster.selfLink.apply(gkeClusterId);
  const preflight = cluster.apply((c) =>
    gkePreflight({
      defaultSnatDisabled: c.defaultSnatStatuses?.[0]?.disabled,
      networkPolicyEnabled: c.networkPolicies?.[0]?.enabled,
      datapathProvider: c.datapathProvider,
      autopilot: c.enableAutopilot === true,
      enablePrivateEndpoint: c.privateClusterConfigs?.[0]?.enablePrivateEndpoint === true,
      masterAuthorizedCidrs: c.masterAuthorizedNetworksConfigs?.[0]?.cidrBlocks?.map((b) => b.cidrBlock),
    }),
  );
  const grants: pulumi.Resource[] = [];
  if (args.controllerServiceAccount !== undefined) {
    const projects = loadCloudSdk<typeof gcpProjects>('gke', 'projects');
    const ready = ctx.gate(preflight);
    grants.push(
      new projects.IAMMember(
        `${ctx.name}-controller-iam`,
        {
          project: gated(ready, args.project),
          role: pulumi.output(args.controllerRole ?? GKE_CONTROLLER_ROLE).apply(checkControllerRole),
          member: gated(ready, pulumi.interpolate`serviceAccount:${args.controllerServiceAccount}`),
          // The role is granted on the project but holds only for this cluster.
          condition: pulumi
            .all([args.project, args.location, args.clusterName])
            .apply(([project, location, clusterName]) => gkeClusterCondition(project, location, clusterName)),
        },
        { parent: ctx.parent },
      ),
    );
  }
  return { kubeconfig, clusterId, preflight, grants, kubeObjects: [] };
}
