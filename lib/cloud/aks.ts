// AKS: look the cluster up with @pulumi/azure-native, reach it with its cluster-user credential
// (kubelogin for Entra clusters), verify local accounts are on (the Aviatrix controller cannot use
// exec kubeconfigs) and, when the controller's principal id is given, assign it the
// "Azure Kubernetes Service Cluster User Role" on the cluster (docs/aviatrix.md §3).
import * as pulumi from '@pulumi/pulumi';
import type * as azureCs from '@pulumi/azure-native/containerservice';
import type * as azureAuth from '@pulumi/azure-native/authorization';
import {
  aksClusterId,
  aksKubeconfig,
  aksPreflight,
  KUBELOGIN_MODES,
  subscriptionOf,
  type KubeloginMode,
} from './kubeconfig';
import { aksLocalDnsOn } from '../policy/dns';
import { loadCloudSdk } from './load';
import { gated, type ClusterConnection, type ConnectContext } from './types';

/**
 * Built-in role "Azure Kubernetes Service Cluster User Role" (listClusterUserCredential/action).
 * Source: Microsoft's list of Azure built-in roles (azure-docs, articles/role-based-access-control/
 * built-in-roles.md, "Containers" table): 4abbcc35-e782-43d8-92c5-2d3f1bd2253f.
 */
export const AKS_CLUSTER_USER_ROLE = '4abbcc35-e782-43d8-92c5-2d3f1bd2253f';

export interface AksCluster {
  /** Resource group of the AKS cluster. */
  resourceGroupName: pulumi.Input<string>;
  /** Name of the AKS cluster. */
  clusterName: pulumi.Input<string>;
  /**
   * Subscription of the cluster, when not the default provider's. With an azure-native provider
   * given to the component (`providers` or `provider`), that provider is used and this is only
   * checked against the cluster found; without one, a provider for this subscription is created.
   */
  subscriptionId?: pulumi.Input<string>;
  /** kubelogin login mode for Entra clusters: azurecli (default), workloadidentity, msi, spn, azd. */
  loginMode?: pulumi.Input<string>;
  /** Object id of the Aviatrix access account's service principal: assigned the cluster-user role. */
  controllerPrincipalId?: pulumi.Input<string>;
}
/** The same type under its TypeScript name (`AksCluster` is its name in the Pulumi schema and the other languages). */
export type AksClusterArgs = AksCluster;

export function connectAks(ctx: ConnectContext, args: AksClusterArgs): ClusterConnection {
  const cs = loadCloudSdk<typeof azureCs>('aks', 'containerservice');
  // An Azure provider the component was given (`providers: { 'azure-native': p }` or `provider: p`)
  // is used as it is: its credentials, environment and subscription are the user's choice. Only
  // without one does `subscriptionId` create a provider (with the default credentials).
  const given = ctx.parent.getProvider('azure-native:containerservice:getManagedCluster');
  let provider: pulumi.ProviderResource | undefined = given;
  if (given === undefined && args.subscriptionId !== undefined) {
    const root = loadCloudSdk<{
      Provider: new (
        n: string,
        a: { subscriptionId: pulumi.Input<string> },
        o: pulumi.ResourceOptions,
      ) => pulumi.ProviderResource;
    }>('aks', 'provider');
    provider = new root.Provider(`${ctx.name}-azure`, { subscriptionId: args.subscriptionId }, { parent: ctx.parent });
  }
  const invokeOpts = { parent: ctx.parent, ...(provider ? { provider } : {}) };
  const key = { resourceGroupName: args.resourceGroupName, resourceName: args.clusterName };
  const cluster = cs.getManagedClusterOutput(key, invokeOpts);
  // format 'exec': an Entra cluster's credential as a kubelogin exec entry with the cluster's own
  // tenant, environment and server id (kubeloginArgs keeps them); without it the API may answer
  // with the deprecated `auth-provider: azure` entry. Ignored for local-account clusters ("Only
  // apply to AAD clusters": @pulumi/azure-native listManagedClusterUserCredentials, `format`).
  const credentials = cs.listManagedClusterUserCredentialsOutput({ ...key, format: 'exec' }, invokeOpts);
  // With a given provider, subscriptionId is a check: the cluster found must be in it.
  const clusterId = pulumi
    .all([cluster.id, given !== undefined ? args.subscriptionId : undefined])
    .apply(([id, subscription]) => {
      if (subscription !== undefined && subscriptionOf(id).toLowerCase() !== String(subscription).toLowerCase()) {
        throw new Error(
          `aks.subscriptionId is ${subscription}, but the Azure provider given to the component found the cluster in subscription ${subscriptionOf(id)}: set the provider's subscriptionId, or drop aks.subscriptionId`,
        );
      }
      return aksClusterId(id);
    });
  const kubeconfig = pulumi.secret(
    pulumi.all([cluster, credentials, args.loginMode, clusterId]).apply(([c, creds, mode]) => {
      if (mode !== undefined && !KUBELOGIN_MODES.includes(mode as KubeloginMode))
        throw new Error(`aks.loginMode must be one of ${KUBELOGIN_MODES.join(', ')} (got "${mode}")`);
      const first = creds.kubeconfigs[0];
      if (!first) throw new Error(`AKS cluster ${c.name} returned no user credential`);
      return aksKubeconfig({
        userCredential: Buffer.from(first.value, 'base64').toString('utf8'),
        entra: c.aadProfile !== undefined && c.aadProfile !== null,
        loginMode: mode as KubeloginMode | undefined,
      });
    }),
  );
  const preflight = cluster.apply((c) =>
    aksPreflight({
      disableLocalAccounts: c.disableLocalAccounts === true,
      entra: c.aadProfile !== undefined && c.aadProfile !== null,
      onboarding: ctx.onboarding,
      networkPolicy: c.networkProfile?.networkPolicy,
      outboundType: c.networkProfile?.outboundType,
      networkPlugin: c.networkProfile?.networkPlugin,
      networkPluginMode: c.networkProfile?.networkPluginMode,
      enablePrivateCluster: c.apiServerAccessProfile?.enablePrivateCluster === true,
      authorizedIPRanges: c.apiServerAccessProfile?.authorizedIPRanges ?? [],
    }),
  );
  const grants: pulumi.Resource[] = [];
  if (args.controllerPrincipalId !== undefined) {
    const auth = loadCloudSdk<typeof azureAuth>('aks', 'authorization');
    const ready = ctx.gate(preflight);
    grants.push(
      new auth.RoleAssignment(
        `${ctx.name}-controller-cluster-user`,
        {
          principalId: gated(ready, args.controllerPrincipalId),
          principalType: 'ServicePrincipal',
          roleDefinitionId: cluster.id.apply(
            (id) =>
              `/subscriptions/${subscriptionOf(id)}/providers/Microsoft.Authorization/roleDefinitions/${AKS_CLUSTER_USER_ROLE}`,
          ),
          scope: gated(ready, cluster.id),
          description:
            'Aviatrix controller: list the cluster-user credential to onboard this cluster (librechat-containment)',
        },
        { parent: ctx.parent, ...(provider ? { provider } : {}) },
      ),
    );
  }
  // LocalDNS per agent pool: agentPoolProfiles[].localDNSProfile {mode, state}
  // (ManagedClusterAgentPoolProfileResponse / LocalDNSProfileResponse in @pulumi/azure-native
  // types/output.d.ts, API 2025-09-01). Its two link-local addresses stay allowed unless every pool
  // says Disabled.
  const dns = cluster.apply((c) => ({ aksLocalDns: aksLocalDnsOn(c.agentPoolProfiles) }));
  return { kubeconfig, clusterId, preflight, grants, kubeObjects: [], dns };
}
