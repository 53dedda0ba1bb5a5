// GKE: look the cluster up with @pulumi/gcp, reach it through gke-gcloud-auth-plugin, and grant the
// Aviatrix controller's service account container.clusters.get/getCredentials (a custom role with
// just those two permissions by default, on the project with an IAM condition that limits it to
// this cluster) plus a binding of the avx-controller ClusterRole to its identity, which authorizes
// it inside the cluster (docs/aviatrix.md §3). A predefined role (gke.controllerRole, e.g.
// roles/container.clusterAdmin) replaces the custom role.
import * as pulumi from '@pulumi/pulumi';
import type * as gcpContainer from '@pulumi/gcp/container';
import type * as gcpProjects from '@pulumi/gcp/projects';
import {
  checkControllerRole,
  GKE_CONTROLLER_PERMISSIONS,
  GKE_CONTROLLER_ROLE,
  GKE_FORBIDDEN_ROLES,
  gkeClusterId,
  gkeControllerCustomRole,
  gkeKubeconfig,
  gkePreflight,
} from './kubeconfig';
import { loadCloudSdk } from './load';
import { gated, type ClusterConnection, type ConnectContext } from './types';

// The role check is pure (the component's argument check runs it before anything exists).
export { checkControllerRole, GKE_CONTROLLER_PERMISSIONS, GKE_CONTROLLER_ROLE, GKE_FORBIDDEN_ROLES };

/** A GKE zone (`europe-west1-b`), not a region (`europe-west1`). */
const ZONE = /^[a-z]+-[a-z]+[0-9]+-[a-z]$/;

/**
 * The IAM condition that limits the controller's project-level grant to this one cluster, on the
 * cluster's resource name. GKE names a cluster `projects/<project>/locations/<location>/clusters/<name>`
 * (the v1 API's projects.locations.clusters, regional and zonal alike), and a zonal cluster also
 * `projects/<project>/zones/<zone>/clusters/<name>` (the v1 zones API; Cloud Asset Inventory's
 * resource name formats list both for GKE resources, cloud.google.com/asset-inventory/docs/resource-name-format).
 * Which form IAM evaluates for a zonal cluster is not stated in Google's resource-attribute list
 * (cloud.google.com/iam/docs/conditions-resource-attributes names container.googleapis.com among the
 * services that recognise resource attributes, without a cluster name format), so a zonal
 * cluster's condition admits both forms: both name the same cluster and nothing else.
 */
export function gkeClusterCondition(
  project: string,
  location: string,
  clusterName: string,
): { title: string; description: string; expression: string } {
  for (const [k, v] of Object.entries({ project, location, clusterName })) {
    if (!/^[a-z0-9][a-z0-9:.-]*$/.test(v)) throw new RangeError(`gke.${k} "${v}" is not a GCP identifier`);
  }
  const names = [`projects/${project}/locations/${location}/clusters/${clusterName}`];
  if (ZONE.test(location)) names.push(`projects/${project}/zones/${location}/clusters/${clusterName}`);
  return {
    title: `aviatrix-controller-${clusterName}`.slice(0, 100),
    description: `Aviatrix controller: only the GKE cluster ${clusterName} in ${location} (librechat-containment)`,
    expression: names.map((n) => `resource.name == "${n}"`).join(' || '),
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
  /**
   * IAM role for it. Default: a custom role with only container.clusters.get and getCredentials
   * (the in-cluster binding avx-controller-gcp-sa authorizes the rest; needs installRbac). A
   * predefined role such as roles/container.clusterAdmin replaces it (roles/owner and roles/editor
   * are refused). Always scoped to this cluster by an IAM condition.
   */
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
    let role: pulumi.Input<string>;
    if (args.controllerRole !== undefined) {
      role = pulumi.output(args.controllerRole).apply(checkControllerRole);
    } else {
      const definition = pulumi
        .all([args.project, args.location, args.clusterName])
        .apply(([project, location, clusterName]) => gkeControllerCustomRole(project, location, clusterName));
      const custom = new projects.IAMCustomRole(
        `${ctx.name}-controller-role`,
        {
          project: gated(ready, args.project),
          roleId: definition.roleId,
          title: definition.title,
          description: definition.description,
          permissions: definition.permissions,
          stage: definition.stage,
        },
        { parent: ctx.parent },
      );
      grants.push(custom);
      role = custom.name;
    }
    grants.push(
      new projects.IAMMember(
        `${ctx.name}-controller-iam`,
        {
          project: gated(ready, args.project),
          role,
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
