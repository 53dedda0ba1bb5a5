// Shared inputs for the component suites: the bundled example config, the test CA, and the cloud
// lookups each cloud's component makes, with realistic answers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mockCall, mockRead } from '../support/pulumi-mocks';
import { CRD_FILES, readCrd } from '../../lib/render/crd-schema';
import { EXAMPLES, ROOT } from '../support/paths';

export const FIXTURE_DIR = join(ROOT, 'test', 'component', 'fixtures');
export const CA_PEM = readFileSync(join(FIXTURE_DIR, 'inspection-ca.pem'), 'utf8');
export const LEAF_PEM = readFileSync(join(FIXTURE_DIR, 'leaf.pem'), 'utf8');
/** A second inspection CA (a rotation: both trusted at once). */
export const CA2_PEM = readFileSync(join(FIXTURE_DIR, 'inspection-ca-2.pem'), 'utf8');
/** A CA certificate whose keyUsage has no keyCertSign. */
export const NO_SIGN_CA_PEM = readFileSync(join(FIXTURE_DIR, 'ca-no-keycertsign.pem'), 'utf8');
export const EXAMPLE_CONFIG = join(EXAMPLES, 'librechat.yaml');
export const EXAMPLE_ENV = join(EXAMPLES, 'librechat.env');
export const EXAMPLE_OVERLAY = join(EXAMPLES, 'librechat.overlay.yaml');
export const EXAMPLE_VALUES = join(EXAMPLES, 'librechat.values.yaml');

export const EKS_ARN = 'arn:aws:eks:eu-west-1:123456789012:cluster/chat-prod';
export const CONTROLLER_ROLE = 'arn:aws:iam::123456789012:role/aviatrix-role-app';
export const AKS_ID =
  '/subscriptions/0000aaaa-1111-2222-3333-444455556666/resourceGroups/Chat-RG/providers/Microsoft.ContainerService/managedClusters/Chat-Prod';
export const GKE_SELF_LINK =
  'https://container.googleapis.com/v1/projects/acme-chat/locations/europe-west1/clusters/chat-prod';
export const CLUSTER_CA = Buffer.from('cluster-ca-pem').toString('base64');

/**
 * The error text of a data source lookup that finds nothing: the AWS provider wraps the API's
 * ResourceNotFoundException in terraform-plugin-sdk's retry.NotFoundError, whose message is
 * "couldn't find resource" (terraform-provider-aws internal/service/eks findAccessEntryByTwoPartKey;
 * the data source reports `reading EKS Access Entry (<cluster>:<principal>): <err>`).
 */
export function awsNotFound(what: string, id: string): Error {
  return new Error(`invocation returned an error: reading ${what} (${id}): couldn't find resource`);
}

export interface EksLookups {
  vpc?: Partial<{ endpointPublicAccess: boolean; endpointPrivateAccess: boolean; publicAccessCidrs: string[] }>;
  /** accessConfig.authenticationMode (the API's values: CONFIG_MAP, API, API_AND_CONFIG_MAP). */
  authenticationMode?: string;
  /** configurationValues of the managed vpc-cni add-on; null: vpc-cni is not a managed add-on. */
  vpcCniConfiguration?: string | null;
  /** Whether an access entry for the principal already exists. */
  accessEntryExists?: boolean;
  autoMode?: boolean;
  /** kubernetesNetworkConfigs[0].serviceIpv4Cidr (default 172.20.0.0/16, as EKS picks in a 10.x VPC); '' for IPv6. */
  serviceIpv4Cidr?: string;
}

/**
 * The EKS lookups with the shapes @pulumi/aws 7 returns (types/output.d.ts GetClusterAccessConfig,
 * GetClusterComputeConfig, GetClusterKubernetesNetworkConfig; eks/getAddon.d.ts GetAddonResult;
 * eks/getAccessEntry.d.ts).
 */
export function mockEks(o: EksLookups = {}): void {
  mockCall('aws:eks/getCluster:getCluster', (inputs) => ({
    name: inputs.name,
    arn: EKS_ARN,
    id: inputs.name,
    endpoint: 'https://ABCDEF0123456789.gr7.eu-west-1.eks.amazonaws.com',
    certificateAuthorities: [{ data: CLUSTER_CA }],
    accessConfigs: [
      {
        authenticationMode: o.authenticationMode ?? 'API_AND_CONFIG_MAP',
        bootstrapClusterCreatorAdminPermissions: true,
      },
    ],
    kubernetesNetworkConfigs: [
      {
        elasticLoadBalancings: o.autoMode ? [{ enabled: true }] : [],
        ipFamily: o.serviceIpv4Cidr === '' ? 'ipv6' : 'ipv4',
        serviceIpv4Cidr: o.serviceIpv4Cidr ?? '172.20.0.0/16',
        serviceIpv6Cidr: o.serviceIpv4Cidr === '' ? 'fd30:1c53:5f8a::/108' : '',
      },
    ],
    computeConfigs: o.autoMode ? [{ enabled: true, nodePools: ['general-purpose', 'system'], nodeRoleArn: '' }] : [],
    vpcConfig: {
      endpointPublicAccess: true,
      endpointPrivateAccess: true,
      publicAccessCidrs: ['0.0.0.0/0'],
      ...o.vpc,
    },
  }));
  mockCall('aws:eks/getAddon:getAddon', (inputs) => {
    const configuration =
      o.vpcCniConfiguration === undefined ? '{"enableNetworkPolicy":"true"}' : o.vpcCniConfiguration;
    if (configuration === null) throw awsNotFound('EKS Add-On', `${inputs.clusterName}:${inputs.addonName}`);
    return {
      addonName: inputs.addonName,
      addonVersion: 'v1.20.4-eksbuild.2',
      arn: `arn:aws:eks:eu-west-1:123456789012:addon/${inputs.clusterName}/${inputs.addonName}/0000`,
      clusterName: inputs.clusterName,
      configurationValues: configuration,
      id: `${inputs.clusterName}:${inputs.addonName}`,
      podIdentityAssociations: [],
      serviceAccountRoleArn: '',
      tags: {},
    };
  });
  mockCall('aws:eks/getAccessEntry:getAccessEntry', (inputs) => {
    if (!o.accessEntryExists) throw awsNotFound('EKS Access Entry', `${inputs.clusterName}:${inputs.principalArn}`);
    return {
      accessEntryArn: `arn:aws:eks:eu-west-1:123456789012:access-entry/${inputs.clusterName}/role/0000`,
      clusterName: inputs.clusterName,
      principalArn: inputs.principalArn,
      kubernetesGroups: ['avx-controller'],
      type: 'STANDARD',
      id: `${inputs.clusterName}:${inputs.principalArn}`,
    };
  });
}

export const AKS_TENANT = 'aaaabbbb-0000-1111-2222-333344445555';

/**
 * The cluster-user credential as listClusterUserCredential returns it (base64 kubeconfig). For an
 * Entra cluster, `format` decides the user entry (the API's `format` parameter, "Only apply to AAD
 * clusters": @pulumi/azure-native containerservice/listManagedClusterUserCredentials.d.ts):
 * `exec` is the kubelogin exec entry `az aks get-credentials --format exec` writes (get-token with
 * the cluster's environment, server id, the Azure CLI's public client id, tenant, devicecode
 * login); `azure` (the legacy default) the deprecated `auth-provider: azure` entry.
 */
export function aksCredential(entra: boolean, format?: string): string {
  const user = !entra
    ? { 'client-certificate-data': 'Y2VydA==', 'client-key-data': 'a2V5', token: 'local-token' }
    : format === 'exec'
      ? {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1beta1',
            command: 'kubelogin',
            args: [
              'get-token',
              '--environment',
              'AzurePublicCloud',
              '--server-id',
              '6dae42f8-4368-4678-94ff-3960e28e3630',
              '--client-id',
              '80faf920-1908-4b52-b5ef-a8e7bedfc67a',
              '--tenant-id',
              AKS_TENANT,
              '--login',
              'devicecode',
            ],
            env: null,
            provideClusterInfo: false,
          },
        }
      : {
          'auth-provider': {
            name: 'azure',
            config: {
              'apiserver-id': '6dae42f8-4368-4678-94ff-3960e28e3630',
              'client-id': '80faf920-1908-4b52-b5ef-a8e7bedfc67a',
              'config-mode': '1',
              environment: 'AzurePublicCloud',
              'tenant-id': AKS_TENANT,
            },
          },
        };
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'Chat-Prod',
    clusters: [
      {
        name: 'Chat-Prod',
        cluster: {
          server: 'https://chat-prod-dns-1234.hcp.westeurope.azmk8s.io:443',
          'certificate-authority-data': CLUSTER_CA,
        },
      },
    ],
    users: [{ name: 'clusterUser_Chat-RG_Chat-Prod', user }],
    contexts: [{ name: 'Chat-Prod', context: { cluster: 'Chat-Prod', user: 'clusterUser_Chat-RG_Chat-Prod' } }],
  };
  return Buffer.from(JSON.stringify(doc)).toString('base64');
}

export function mockAks(cluster: Record<string, any> = {}, entra = true): void {
  mockCall('azure-native:containerservice:getManagedCluster', (inputs) => ({
    id: AKS_ID,
    name: inputs.resourceName,
    fqdn: 'chat-prod-dns-1234.hcp.westeurope.azmk8s.io',
    disableLocalAccounts: false,
    aadProfile: entra ? { managed: true, enableAzureRBAC: true } : undefined,
    // networkProfile as the AKS API returns it (ContainerServiceNetworkProfileResponse in
    // @pulumi/azure-native types/output.d.ts): networkPolicy azure|calico|cilium|none.
    networkProfile: { networkPlugin: 'azure', networkPolicy: 'azure', outboundType: 'userDefinedRouting' },
    apiServerAccessProfile: { enablePrivateCluster: false, authorizedIPRanges: [] },
    // agentPoolProfiles (ManagedClusterAgentPoolProfileResponse): one Linux system pool; without
    // localDNSProfile, as the API answers for a pool that never configured LocalDNS.
    agentPoolProfiles: [{ name: 'system', mode: 'System', count: 3, vmSize: 'Standard_D4s_v5', osType: 'Linux' }],
    ...cluster,
  }));
  mockCall('azure-native:containerservice:listManagedClusterUserCredentials', (inputs) => ({
    kubeconfigs: [{ name: 'clusterUser', value: aksCredential(entra, inputs.format) }],
  }));
}

export function mockGke(cluster: Record<string, any> = {}): void {
  mockCall('gcp:container/getCluster:getCluster', (inputs) => ({
    name: inputs.name,
    project: inputs.project,
    location: inputs.location,
    endpoint: '34.76.10.20',
    selfLink: GKE_SELF_LINK,
    masterAuths: [{ clusterCaCertificate: CLUSTER_CA }],
    defaultSnatStatuses: [{ disabled: true }],
    privateClusterConfigs: [{ enablePrivateEndpoint: false, enablePrivateNodes: true }],
    masterAuthorizedNetworksConfigs: [],
    // GetClusterNetworkPolicy {enabled, provider} and datapathProvider (@pulumi/gcp types/output.d.ts).
    networkPolicies: [{ enabled: false, provider: 'PROVIDER_UNSPECIFIED' }],
    datapathProvider: 'ADVANCED_DATAPATH',
    enableAutopilot: false,
    ...cluster,
  }));
}

/**
 * The Aviatrix CRDs the k8s-firewall chart installed, as a read of them returns them: the live
 * object (the provider's Read of apiextensions.k8s.io/v1 CustomResourceDefinition returns the
 * object the API server serves), i.e. the chart's CRD (schemas/aviatrix, vendored from the chart)
 * with the server's metadata and status. `target` is the chart generation installed.
 */
export function mockInstalledCrds(target: 'chart-10.1' | 'chart-8.2' = 'chart-10.1'): void {
  const files = [readCrd(CRD_FILES[target]), readCrd(CRD_FILES.webgroup)];
  mockRead('kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition', (id) => {
    const crd = files.find((f) => f.metadata.name === id);
    if (!crd) throw new Error(`customresourcedefinitions.apiextensions.k8s.io "${id}" not found`);
    return {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: {
        ...crd.metadata,
        uid: '6f1c1d2e-0000-4000-8000-000000000001',
        resourceVersion: '4242',
        generation: 1,
        creationTimestamp: '2026-01-01T00:00:00Z',
        labels: { ...crd.metadata.labels, 'app.kubernetes.io/managed-by': 'Helm' },
      },
      spec: crd.spec,
      status: {
        acceptedNames: crd.spec.names,
        storedVersions: crd.spec.versions.map((v: { name: string }) => v.name),
        conditions: [{ type: 'Established', status: 'True', reason: 'InitialNamesAccepted' }],
      },
    };
  });
}
