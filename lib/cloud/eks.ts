// EKS: look the cluster up with @pulumi/aws, reach it through `aws eks get-token`, and grant the
// Aviatrix controller's role (aviatrix-role-app) an access entry in the group avx-controller, whose
// ClusterRole (chart k8s-firewall 8.2.0 roles.yaml and 10.1.0 clusterrole.yaml.tpl) already reads
// nodes, pods, services, namespaces and endpointslices. The broad AmazonEKSViewPolicy association
// (every namespaced read but Secrets) is opt-in (`viewPolicy: true`; docs/aviatrix.md §3).
import * as pulumi from '@pulumi/pulumi';
import type * as awsEks from '@pulumi/aws/eks';
import { AVX_CONTROLLER } from '../render/cluster';
import { eksClusterId, eksKubeconfig, eksPreflight } from './kubeconfig';
import { eksClusterDnsIp } from '../policy/dns';
import { loadCloudSdk } from './load';
import { gated, type ClusterConnection, type ConnectContext } from './types';

export const EKS_VIEW_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy';

export interface EksCluster {
  /** Cluster name. */
  clusterName: pulumi.Input<string>;
  /** AWS region of the cluster. */
  region: pulumi.Input<string>;
  /** Role the deployment assumes for its kubeconfig token (`aws eks get-token --role-arn`). */
  roleArn?: pulumi.Input<string>;
  /** AWS CLI profile for the kubeconfig token. */
  profile?: pulumi.Input<string>;
  /** ARN of the Aviatrix controller's role in this account (`aviatrix-role-app`): grants it an access entry. */
  controllerRoleArn?: pulumi.Input<string>;
  /** Also associate AmazonEKSViewPolicy (cluster scope) with the controller's entry; not needed by the controller. */
  viewPolicy?: boolean;
}
/** The same type under its TypeScript name (`EksCluster` is its name in the Pulumi schema and the other languages). */
export type EksClusterArgs = EksCluster;

/**
 * A lookup whose absence is a fact, not a failure: the AWS provider's data sources fail with the
 * API's ResourceNotFoundException (HTTP 404) when the add-on or access entry does not exist
 * (terraform-provider-aws internal/service/eks, findAddonByTwoPartKey / findAccessEntryByTwoPartKey
 * turn it into a NotFoundError). Any other failure (permissions, throttling) is raised as it is.
 */
export async function optionalLookup<T, R>(lookup: Promise<T>, pick: (value: T) => R): Promise<R | undefined> {
  try {
    return pick(await lookup);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

export function isNotFound(e: unknown): boolean {
  const text = e instanceof Error ? e.message : String(e);
  return /ResourceNotFoundException|StatusCode: 404|couldn't find resource/.test(text);
}

export function connectEks(ctx: ConnectContext, args: EksClusterArgs): ClusterConnection {
  const eks = loadCloudSdk<typeof awsEks>('eks', 'eks');
  const cluster = eks.getClusterOutput({ name: args.clusterName, region: args.region }, { parent: ctx.parent });
  const kubeconfig = pulumi.secret(
    pulumi.all([cluster, args.region, args.roleArn, args.profile]).apply(([c, region, roleArn, profile]) =>
      eksKubeconfig({
        name: c.name,
        region,
        endpoint: c.endpoint,
        caData: c.certificateAuthorities[0]?.data ?? '',
        roleArn,
        profile,
      }),
    ),
  );
  const clusterId = cluster.arn.apply(eksClusterId);
  const grantsAccessEntry = args.controllerRoleArn !== undefined;
  const invokeOpts = { parent: ctx.parent };
  const preflight = pulumi
    .all([cluster, args.region, args.controllerRoleArn])
    .apply(async ([c, region, controllerRoleArn]) => {
      const [vpcCniConfiguration, accessEntryExists] = await Promise.all([
        optionalLookup(
          eks.getAddon({ addonName: 'vpc-cni', clusterName: c.name, region }, invokeOpts),
          (a) => a.configurationValues ?? '',
        ),
        grantsAccessEntry && controllerRoleArn
          ? optionalLookup(
              eks.getAccessEntry({ clusterName: c.name, principalArn: controllerRoleArn, region }, invokeOpts),
              () => true,
            )
          : Promise.resolve(undefined),
      ]);
      return eksPreflight({
        endpointPublicAccess: c.vpcConfig.endpointPublicAccess,
        endpointPrivateAccess: c.vpcConfig.endpointPrivateAccess,
        publicAccessCidrs: c.vpcConfig.publicAccessCidrs ?? [],
        authenticationMode: c.accessConfigs?.[0]?.authenticationMode,
        grantsAccessEntry,
        clusterName: c.name,
        controllerRoleArn,
        accessEntryExists: accessEntryExists === true,
        vpcCniConfiguration,
        autoMode: c.computeConfigs?.[0]?.enabled === true,
        autoModeDns: eksClusterDnsIp(c.kubernetesNetworkConfigs?.[0]?.serviceIpv4Cidr),
      });
    });
  const grants: pulumi.Resource[] = [];
  if (args.controllerRoleArn !== undefined) {
    const ready = ctx.gate(preflight);
    const entry = new eks.AccessEntry(
      `${ctx.name}-controller-access`,
      {
        clusterName: gated(ready, cluster.name),
        region: args.region,
        principalArn: gated(ready, args.controllerRoleArn),
        kubernetesGroups: [AVX_CONTROLLER],
        type: 'STANDARD',
      },
      { parent: ctx.parent },
    );
    grants.push(entry);
    if (args.viewPolicy === true) {
      grants.push(
        new eks.AccessPolicyAssociation(
          `${ctx.name}-controller-view`,
          {
            clusterName: gated(ready, cluster.name),
            region: args.region,
            principalArn: gated(ready, entry.principalArn),
            policyArn: EKS_VIEW_POLICY,
            accessScope: { type: 'cluster' },
          },
          { parent: ctx.parent, dependsOn: [entry] },
        ),
      );
    }
  }
  // EKS Auto Mode runs no CoreDNS pods: the nodes answer on the cluster DNS service address
  // (x.y.z.10 of kubernetesNetworkConfigs[0].serviceIpv4Cidr, GetClusterKubernetesNetworkConfig in
  // @pulumi/aws types/output.d.ts), which the policies must allow as an ipBlock (lib/policy/dns.ts).
  const dns = cluster.apply((c) => {
    const ip = eksClusterDnsIp(c.kubernetesNetworkConfigs?.[0]?.serviceIpv4Cidr);
    return c.computeConfigs?.[0]?.enabled === true && ip !== undefined ? { eksAutoModeDns: ip } : {};
  });
  return { kubeconfig, clusterId, preflight, grants, kubeObjects: [], dns };
}
