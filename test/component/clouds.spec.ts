// For each cloud: construct the component under mocks and assert on the inputs of every resource
// it creates.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  calls,
  find,
  forgetPendingRegistrations,
  findPatch,
  isSecretInput,
  mockCall,
  resetCalls,
  resourcesOf,
  settle,
  unmockedCalls,
  unwrapSecrets,
  urnOf,
  withoutPatchHash,
  valueOf,
  type Recorded,
} from '../support/pulumi-mocks';
import * as pulumi from '@pulumi/pulumi';
import { LibreChatContainment, type LibreChatContainmentArgs } from '../../lib/component';
import { checkControllerRole, gkeClusterCondition } from '../../lib/cloud/gke';
import { gkeControllerCustomRole } from '../../lib/cloud/kubeconfig';
import { buildEnvironment } from '../../lib/config/env';
import { buildContainment } from '../../lib/pipeline';
import { readCrd } from '../../lib/render/validate';
import { caConfigMapName, validateCaPem, validatePublicRoots } from '../../lib/render/trust';
import {
  AKS_ID,
  AKS_TENANT,
  aksCredential,
  CA2_PEM,
  CA_PEM,
  CLUSTER_CA,
  CONTROLLER_ROLE,
  EKS_ARN,
  EXAMPLE_CONFIG,
  EXAMPLE_ENV,
  EXAMPLE_OVERLAY,
  GKE_SELF_LINK,
  mockAks,
  mockEks,
  mockGke,
  mockInstalledCrds,
} from './helpers';

const PROVIDER = 'pulumi:providers:kubernetes';
const K8S = /^kubernetes:/;

/**
 * What the core derives for the example with the same inputs (the overlay beside it is picked up):
 * with decryption, on the workloads whose Deployments the component patches (LibreChat, RAG API).
 */
function example(decrypt: boolean, cloud?: 'eks' | 'aks' | 'gke', region?: string) {
  return buildContainment({
    configText: readFileSync(EXAMPLE_CONFIG, 'utf8'),
    configFile: EXAMPLE_CONFIG.replace(/\\/g, '/'),
    env: buildEnvironment({ envFiles: [{ file: EXAMPLE_ENV, text: readFileSync(EXAMPLE_ENV, 'utf8') }] }),
    overlay: { file: EXAMPLE_OVERLAY, text: readFileSync(EXAMPLE_OVERLAY, 'utf8') },
    derive: {
      namespace: 'librechat',
      release: 'librechat',
      decrypt,
      decryptWorkloads: ['librechat', 'rag-api'],
      cloud,
      region,
    },
  });
}

/** A pinned public root set for the bundle (a test CA stands in for a real root bundle). */
const ROOTS_PEM = CA2_PEM;

/** The child name the component gives a rendered object. */
function childName(prefix: string, o: { kind: string; metadata: { name: string; namespace?: string } }): string {
  return `${prefix}-${o.kind.toLowerCase()}-${o.metadata.namespace && o.metadata.namespace !== 'librechat' ? `${o.metadata.namespace}-` : ''}${o.metadata.name}`;
}

function base(cloud: string): LibreChatContainmentArgs {
  return {
    cloud,
    config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
    tls: { caPem: CA_PEM, decrypt: true, patchRagApi: true, publicRoots: 'pem', publicRootsPem: ROOTS_PEM },
  };
}

/** The Kubernetes provider of a component, with its kubeconfig parsed. */
function providerOf(prefix: string): { resource: Recorded; kubeconfig: any } {
  const resource = find(prefix, PROVIDER);
  assert.ok(isSecretInput(resource.inputs.kubeconfig), 'the kubeconfig reaches the provider as a secret');
  return { resource, kubeconfig: JSON.parse(unwrapSecrets(resource.inputs.kubeconfig)) };
}

/** Asserts what every cloud creates in the cluster: CRDs, RBAC, CA, patches, the FirewallPolicy. */
async function assertClusterObjects(
  prefix: string,
  extraK8s: string[],
  cloud?: 'eks' | 'aks' | 'gke',
  region?: string,
): Promise<void> {
  const expected = example(true, cloud, region).objects;
  await settle();
  assert.deepEqual(unmockedCalls, []);
  const { resource: provider } = providerOf(prefix);
  const k8s = resourcesOf(prefix).filter((r) => K8S.test(r.type));
  // Every Kubernetes child uses the component's explicit provider.
  for (const r of k8s)
    assert.match(r.provider ?? '', new RegExp(`::${provider.name}::`), `${r.name} uses ${provider.name}`);
  assert.deepEqual(
    k8s.map((r) => withoutPatchHash(r.name)).sort(),
    [
      `${prefix}-avx-controller-binding`,
      `${prefix}-avx-controller-role`,
      `${prefix}-ca`,
      `${prefix}-crd-firewallpolicies`,
      `${prefix}-crd-webgrouppolicies`,
      `${prefix}-librechat-ca-patch`,
      `${prefix}-librechat-ca-patch-fields`,
      `${prefix}-librechat-ca-patch-target`,
      `${prefix}-rag-api-ca-patch`,
      `${prefix}-rag-api-ca-patch-fields`,
      `${prefix}-rag-api-ca-patch-target`,
      ...expected.map((o) => childName(prefix, o)),
      ...extraK8s,
    ].sort(),
  );

  // CRDs: the vendored chart 10.1 FirewallPolicy and the WebgroupPolicy, unchanged.
  const fwCrd = find(
    prefix,
    'kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition',
    `${prefix}-crd-firewallpolicies`,
  ).inputs;
  const fwFile = readCrd('networking.aviatrix.com_firewallpolicies.yaml');
  assert.equal(fwCrd.metadata.name, 'firewallpolicies.networking.aviatrix.com');
  assert.deepEqual(fwCrd.spec, fwFile.spec);
  assert.ok(
    fwCrd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.rules.items.properties.decryptPolicy,
    'chart 10.1 CRD has decryptPolicy',
  );
  const wgCrd = find(
    prefix,
    'kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition',
    `${prefix}-crd-webgrouppolicies`,
  ).inputs;
  assert.equal(wgCrd.spec.names.plural, 'webgrouppolicies');

  // RBAC as chart k8s-firewall 10.1.0 renders it with default values.
  const role = find(
    prefix,
    'kubernetes:rbac.authorization.k8s.io/v1:ClusterRole',
    `${prefix}-avx-controller-role`,
  ).inputs;
  assert.equal(role.metadata.name, 'avx-controller');
  assert.deepEqual(role.rules, [
    { apiGroups: [''], resources: ['nodes', 'pods', 'services', 'namespaces'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] },
    { apiGroups: ['networking.aviatrix.com'], resources: ['*'], verbs: ['update', 'patch', 'get', 'list', 'watch'] },
  ]);
  const binding = find(
    prefix,
    'kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding',
    `${prefix}-avx-controller-binding`,
  ).inputs;
  assert.deepEqual(binding.roleRef, {
    apiGroup: 'rbac.authorization.k8s.io',
    kind: 'ClusterRole',
    name: 'avx-controller',
  });
  assert.deepEqual(binding.subjects, [
    { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'avx-controller' },
  ]);

  // The CA ConfigMap: the CA, and the pinned roots plus the CA for Python; named from its content.
  const ca = validateCaPem(CA_PEM);
  const cm = find(prefix, 'kubernetes:core/v1:ConfigMap', `${prefix}-ca`).inputs;
  const cmName = caConfigMapName('librechat-containment-ca', cm.data);
  assert.match(cmName, /^librechat-containment-ca-[0-9a-f]{10}$/);
  assert.deepEqual(cm.metadata, {
    name: cmName,
    namespace: 'librechat',
    labels: { 'app.kubernetes.io/managed-by': 'librechat-containment', 'app.kubernetes.io/part-of': 'librechat' },
    annotations: { 'librechat-containment/ca-sha256': ca.sha256 },
  });
  assert.equal(cm.data['ca.crt'], ca.pem);
  const bundle: string = cm.data['ca-bundle.crt'];
  assert.equal(bundle, `${validatePublicRoots(ROOTS_PEM)[0]!.trim()}\n${ca.pem}`, 'the pinned roots, then the CA');

  // The patches: a read-only mount and the variables, on the chart's container names.
  const node = findPatch(prefix, 'librechat-ca-patch').inputs;
  assert.deepEqual(node.metadata, {
    name: 'librechat-librechat',
    namespace: 'librechat',
    annotations: { 'pulumi.com/patchFieldManager': `librechat-containment-${prefix}-librechat-ca-patch` },
  });
  assert.deepEqual(node.spec, {
    template: {
      metadata: { annotations: { 'librechat-containment/ca-sha256': ca.sha256 } },
      spec: {
        containers: [
          {
            name: 'librechat-librechat',
            env: [{ name: 'NODE_EXTRA_CA_CERTS', value: '/etc/librechat-containment/ca/ca.crt' }],
            volumeMounts: [
              { name: 'librechat-containment-ca', mountPath: '/etc/librechat-containment/ca', readOnly: true },
            ],
          },
        ],
        volumes: [{ name: 'librechat-containment-ca', configMap: { name: cmName } }],
      },
    },
  });
  const rag = findPatch(prefix, 'rag-api-ca-patch').inputs;
  assert.equal(rag.metadata.name, 'librechat-librechat-rag-api');
  assert.equal(rag.spec.template.spec.containers[0].name, 'librechat-librechat-rag-api-rag');
  assert.deepEqual(rag.spec.template.spec.containers[0].env, [
    { name: 'AWS_CA_BUNDLE', value: '/etc/librechat-containment/ca/ca-bundle.crt' },
    { name: 'GRPC_DEFAULT_SSL_ROOTS_FILE_PATH', value: '/etc/librechat-containment/ca/ca-bundle.crt' },
    { name: 'REQUESTS_CA_BUNDLE', value: '/etc/librechat-containment/ca/ca-bundle.crt' },
    { name: 'SSL_CERT_FILE', value: '/etc/librechat-containment/ca/ca-bundle.crt' },
  ]);

  // Every FirewallPolicy and NetworkPolicy: exactly the core's objects.
  assert.deepEqual([...new Set(expected.map((o) => o.kind))].sort(), ['FirewallPolicy', 'NetworkPolicy']);
  for (const o of expected)
    assert.deepEqual(
      find(prefix, `kubernetes:${o.apiVersion}:${o.kind}`, childName(prefix, o)).inputs,
      JSON.parse(JSON.stringify(o)),
    );
  // LibreChat's: decryption allowed on permits, never on the deny.
  const fw: any = find(
    prefix,
    'kubernetes:networking.aviatrix.com/v1alpha1:FirewallPolicy',
    `${prefix}-firewallpolicy-librechat-librechat-egress`,
  ).inputs;
  const rules = fw.spec.rules as any[];
  assert.ok(rules.length > 2);
  assert.deepEqual(
    rules
      .filter((r) => r.action === 'permit')
      .map((r) => r.decryptPolicy)
      .filter((d) => d !== 'decryptAllowed'),
    [],
  );
  assert.equal(rules[rules.length - 1].name, 'deny-all');
  assert.equal(rules[rules.length - 1].decryptPolicy, 'decryptNotAllowed');
}

async function assertOutputs(c: LibreChatContainment, clusterId: string): Promise<void> {
  assert.equal(await valueOf(c.clusterId), clusterId);
  const domains = await valueOf(c.allowedDomains);
  assert.deepEqual(Object.keys(domains).sort(), ['librechat', 'mcp-docs', 'meilisearch', 'mongodb']);
  assert.deepEqual(
    domains['mcp-docs'],
    ['api.github.com', 'docs.python.org'],
    'the in-cluster MCP server reaches exactly its overlay hosts',
  );
  assert.deepEqual(domains.mongodb, [], 'data stores get no internet egress');
  assert.ok(domains.librechat.includes('api.mistral.ai'), 'the example allows Mistral');
  assert.ok(domains.librechat.includes('contoso-eastus.openai.azure.com'), 'the Azure instance from the env file');
  assert.deepEqual(domains.librechat, [...domains.librechat].sort());
  const names = await valueOf(c.objectNames);
  assert.ok(names.includes('FirewallPolicy/librechat/librechat-librechat-egress'));
  assert.equal(names.filter((n) => /^ConfigMap\/librechat\/librechat-containment-ca-[0-9a-f]{10}$/.test(n)).length, 1);
  assert.ok(names.includes('Deployment/librechat/librechat-librechat'));
  const findings = await valueOf(c.findings);
  assert.deepEqual(
    findings.filter((f) => f.severity === 'error' && !f.accepted),
    [],
  );
  const kubeconfig = await valueOf(c.kubeconfig);
  assert.equal(JSON.parse(kubeconfig).kind, 'Config');
  const helm = (await valueOf(c.helmValues)) as any;
  assert.deepEqual(helm.librechat.configEnv, { NODE_EXTRA_CA_CERTS: '/etc/librechat-containment/ca/ca.crt' });
  assert.deepEqual(helm.volumeMounts, [
    { name: 'librechat-containment-ca', mountPath: '/etc/librechat-containment/ca', readOnly: true },
  ]);
}

describe('component: per cloud', () => {
  beforeEach(resetCalls);

  it('eks: aws eks get-token kubeconfig, an access entry in the group avx-controller only (least privilege)', async () => {
    mockEks();
    const c = new LibreChatContainment('eks1', {
      ...base('eks'),
      eks: { clusterName: 'chat-prod', region: 'eu-west-1', controllerRoleArn: CONTROLLER_ROLE, profile: 'platform' },
      acceptFindings: ['cluster-snat-unverified'],
    });
    await assertOutputs(c, EKS_ARN);
    await assertClusterObjects('eks1', [], 'eks', 'eu-west-1');
    assert.deepEqual(
      calls.filter((x) => x.token === 'aws:eks/getCluster:getCluster').map((x) => x.inputs),
      [{ name: 'chat-prod', region: 'eu-west-1' }],
    );

    const { kubeconfig } = providerOf('eks1');
    assert.equal(kubeconfig.clusters[0].cluster.server, 'https://ABCDEF0123456789.gr7.eu-west-1.eks.amazonaws.com');
    assert.equal(kubeconfig.clusters[0].cluster['certificate-authority-data'], CLUSTER_CA);
    assert.deepEqual(kubeconfig.users[0].user.exec, {
      interactiveMode: 'Never',
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: 'aws',
      args: ['--region', 'eu-west-1', 'eks', 'get-token', '--cluster-name', 'chat-prod', '--output', 'json'],
      env: [{ name: 'AWS_PROFILE', value: 'platform' }],
    });

    assert.deepEqual(find('eks1', 'aws:eks/accessEntry:AccessEntry').inputs, {
      clusterName: 'chat-prod',
      region: 'eu-west-1',
      principalArn: CONTROLLER_ROLE,
      kubernetesGroups: ['avx-controller'],
      type: 'STANDARD',
    });
    // The chart's avx-controller ClusterRole already reads nodes (k8s-firewall 8.2.0 roles.yaml,
    // 10.1.0 clusterrole.yaml.tpl): no view-nodes role, and no AmazonEKSViewPolicy unless asked for.
    assert.deepEqual(
      resourcesOf('eks1').filter(
        (r) => r.name.includes('view-nodes') || r.type === 'aws:eks/accessPolicyAssociation:AccessPolicyAssociation',
      ),
      [],
    );
    // No other cloud's resources or lookups.
    assert.deepEqual(
      resourcesOf('eks1')
        .map((r) => r.type.split(':')[0])
        .filter((p) => !['aws', 'kubernetes', 'pulumi', 'librechat-containment'].includes(p)),
      [],
    );
    const findings = await valueOf(c.findings);
    assert.ok(findings.some((f) => f.id === 'cluster-snat-unverified' && f.severity === 'warning'));
  });

  it('eks: viewPolicy true adds the AmazonEKSViewPolicy association (cluster scope), after the entry', async () => {
    mockEks();
    new LibreChatContainment('eksview', {
      ...base('eks'),
      eks: { clusterName: 'chat-prod', region: 'eu-west-1', controllerRoleArn: CONTROLLER_ROLE, viewPolicy: true },
      acceptFindings: ['cluster-snat-unverified'],
    });
    await settle();
    assert.deepEqual(find('eksview', 'aws:eks/accessPolicyAssociation:AccessPolicyAssociation').inputs, {
      clusterName: 'chat-prod',
      region: 'eu-west-1',
      principalArn: CONTROLLER_ROLE,
      policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy',
      accessScope: { type: 'cluster' },
    });
    const association = find('eksview', 'aws:eks/accessPolicyAssociation:AccessPolicyAssociation');
    const entry = find('eksview', 'aws:eks/accessEntry:AccessEntry');
    assert.ok(
      association.dependencies.some((d) => urnOf(entry).test(d)),
      'the association waits for the entry',
    );
  });

  it('eks: without a controller role no grants', async () => {
    mockEks();
    new LibreChatContainment('eks2', {
      ...base('eks'),
      eks: { clusterName: 'chat-prod', region: 'eu-west-1', roleArn: 'arn:aws:iam::123456789012:role/deployer' },
    });
    await assertClusterObjects('eks2', [], 'eks', 'eu-west-1');
    assert.equal(resourcesOf('eks2').filter((r) => r.type.startsWith('aws:')).length, 0);
    const { kubeconfig } = providerOf('eks2');
    assert.deepEqual(kubeconfig.users[0].user.exec.args.slice(-2), [
      '--role-arn',
      'arn:aws:iam::123456789012:role/deployer',
    ]);
    assert.equal(kubeconfig.users[0].user.exec.env, null);
  });

  it('aks: kubelogin kubeconfig for Entra clusters, cluster-user role assignment, lower-cased id', async () => {
    mockAks();
    const c = new LibreChatContainment('aks1', {
      ...base('aks'),
      aks: {
        resourceGroupName: 'Chat-RG',
        clusterName: 'Chat-Prod',
        controllerPrincipalId: '11111111-2222-3333-4444-555555555555',
        loginMode: 'workloadidentity',
      },
      // An Entra cluster's user credential is an exec kubeconfig the controller cannot use: a
      // blocking preflight error, accepted here by a user who registers the cluster by hand
      // (the ServiceAccount-token onboarding is tested in cloud-preflight.spec.ts).
      acceptFindings: ['aks-entra-user-credential'],
    });
    await assertOutputs(c, AKS_ID.toLowerCase());
    await assertClusterObjects('aks1', [], 'aks');
    assert.deepEqual(calls.map((x) => x.token).sort(), [
      'azure-native:containerservice:getManagedCluster',
      'azure-native:containerservice:listManagedClusterUserCredentials',
    ]);
    const input = (token: string) => calls.find((x) => x.token === `azure-native:containerservice:${token}`)!.inputs;
    assert.deepEqual(input('getManagedCluster'), { resourceGroupName: 'Chat-RG', resourceName: 'Chat-Prod' });
    // format 'exec': the Entra credential as a kubelogin exec entry (not the legacy auth-provider).
    assert.deepEqual(input('listManagedClusterUserCredentials'), {
      resourceGroupName: 'Chat-RG',
      resourceName: 'Chat-Prod',
      format: 'exec',
    });
    const { kubeconfig } = providerOf('aks1');
    assert.equal(kubeconfig.clusters[0].cluster.server, 'https://chat-prod-dns-1234.hcp.westeurope.azmk8s.io:443');
    // The cluster's own tenant and environment stay; only the login mode is replaced.
    assert.deepEqual(kubeconfig.users[0].user.exec, {
      interactiveMode: 'Never',
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: 'kubelogin',
      args: [
        'get-token',
        '--login',
        'workloadidentity',
        '--environment',
        'AzurePublicCloud',
        '--server-id',
        '6dae42f8-4368-4678-94ff-3960e28e3630',
        '--tenant-id',
        AKS_TENANT,
      ],
      env: null,
    });
    assert.deepEqual(find('aks1', 'azure-native:authorization:RoleAssignment').inputs, {
      principalId: '11111111-2222-3333-4444-555555555555',
      principalType: 'ServicePrincipal',
      roleDefinitionId:
        '/subscriptions/0000aaaa-1111-2222-3333-444455556666/providers/Microsoft.Authorization/roleDefinitions/4abbcc35-e782-43d8-92c5-2d3f1bd2253f',
      scope: AKS_ID,
      description:
        'Aviatrix controller: list the cluster-user credential to onboard this cluster (librechat-containment)',
    });
    // The only cluster finding is the accepted Entra one.
    assert.deepEqual(
      await valueOf(c.findings).then((f) =>
        f.filter((x) => x.source?.file === '(cluster)').map((x) => `${x.id}:${x.accepted === true}`),
      ),
      ['aks-entra-user-credential:true'],
    );
  });

  it('aks: a local-account cluster keeps its credential; another subscription gets its own provider', async () => {
    mockAks({}, false);
    new LibreChatContainment('aks2', {
      ...base('aks'),
      aks: {
        resourceGroupName: 'Chat-RG',
        clusterName: 'Chat-Prod',
        subscriptionId: '0000aaaa-1111-2222-3333-444455556666',
      },
    });
    await assertClusterObjects('aks2', [], 'aks');
    const { kubeconfig } = providerOf('aks2');
    assert.deepEqual(kubeconfig.users[0].user, {
      'client-certificate-data': 'Y2VydA==',
      'client-key-data': 'a2V5',
      token: 'local-token',
    });
    assert.deepEqual(
      find('aks2', 'pulumi:providers:azure-native').inputs.subscriptionId,
      '0000aaaa-1111-2222-3333-444455556666',
    );
    assert.equal(resourcesOf('aks2').filter((r) => r.type === 'azure-native:authorization:RoleAssignment').length, 0);
  });

  it('aks: an Azure provider given to the component is used; subscriptionId then creates none and is checked against the cluster', async () => {
    mockAks({}, false);
    const azure = require('@pulumi/azure-native') as {
      Provider: new (n: string, a: Record<string, unknown>) => pulumi.ProviderResource;
    };
    const mine = new azure.Provider('my-azure', { subscriptionId: '0000aaaa-1111-2222-3333-444455556666' });
    const aks = {
      resourceGroupName: 'Chat-RG',
      clusterName: 'Chat-Prod',
      subscriptionId: '0000aaaa-1111-2222-3333-444455556666',
      controllerPrincipalId: '11111111-2222-3333-4444-555555555555',
    };
    const viaMap = new LibreChatContainment(
      'aksp1',
      { cloud: 'aks', aks, config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV } },
      { providers: { 'azure-native': mine } },
    );
    const viaProvider = new LibreChatContainment(
      'aksp2',
      { cloud: 'aks', aks, config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV } },
      { provider: mine },
    );
    assert.equal(await valueOf(viaMap.clusterId), AKS_ID.toLowerCase());
    assert.equal(await valueOf(viaProvider.clusterId), AKS_ID.toLowerCase());
    await settle();
    for (const p of ['aksp1', 'aksp2']) {
      assert.deepEqual(
        resourcesOf(p)
          .filter((r) => r.type === 'pulumi:providers:azure-native')
          .map((r) => r.name),
        [],
        `${p} creates no Azure provider`,
      );
      assert.match(
        find(p, 'azure-native:authorization:RoleAssignment').provider ?? '',
        /::my-azure::/,
        `${p}'s role assignment uses the given provider`,
      );
    }
    // A subscriptionId that is not the given provider's cluster's fails, naming both.
    const wrong = new LibreChatContainment(
      'aksp3',
      {
        cloud: 'aks',
        aks: { ...aks, subscriptionId: '9999aaaa-1111-2222-3333-444455556666', controllerPrincipalId: undefined },
        config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
      },
      { providers: { 'azure-native': mine } },
    );
    await assert.rejects(
      valueOf(wrong.clusterId),
      /aks\.subscriptionId is 9999aaaa-1111-2222-3333-444455556666, but the Azure provider given to the component found the cluster in subscription 0000aaaa-1111-2222-3333-444455556666/,
    );
  });

  it('aks: an Entra credential with tenant and environment arguments keeps them; only the login mode changes', async () => {
    mockAks();
    const doc = JSON.parse(Buffer.from(aksCredential(true, 'exec'), 'base64').toString('utf8'));
    doc.users[0].user.exec.args = [
      'get-token',
      '--environment',
      'AzureChinaCloud',
      '--server-id',
      '6dae42f8-4368-4678-94ff-3960e28e3630',
      '--client-id',
      '80faf920-1908-4b52-b5ef-a8e7bedfc67a',
      '--tenant-id',
      'aaaabbbb-0000-1111-2222-333344445555',
      '--login',
      'devicecode',
    ];
    mockCall('azure-native:containerservice:listManagedClusterUserCredentials', () => ({
      kubeconfigs: [{ name: 'clusterUser', value: Buffer.from(JSON.stringify(doc)).toString('base64') }],
    }));
    new LibreChatContainment('aks3', {
      cloud: 'aks',
      config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
      aks: { resourceGroupName: 'Chat-RG', clusterName: 'Chat-Prod' },
      onboarding: { mode: 'service-account-token' },
    });
    for (let i = 0; i < 100 && resourcesOf('aks3').every((r) => r.type !== PROVIDER); i++)
      await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(providerOf('aks3').kubeconfig.users[0].user.exec.args, [
      'get-token',
      '--login',
      'azurecli',
      '--environment',
      'AzureChinaCloud',
      '--server-id',
      '6dae42f8-4368-4678-94ff-3960e28e3630',
      '--tenant-id',
      'aaaabbbb-0000-1111-2222-333344445555',
    ]);
  });

  it('gke: gke-gcloud-auth-plugin kubeconfig, IAM member, RBAC for the service account, self link', async () => {
    mockGke();
    const sa = 'aviatrix-controller@acme-chat.iam.gserviceaccount.com';
    const c = new LibreChatContainment('gke1', {
      ...base('gke'),
      gke: { project: 'acme-chat', location: 'europe-west1', clusterName: 'chat-prod', controllerServiceAccount: sa },
    });
    await assertOutputs(c, GKE_SELF_LINK);
    await assertClusterObjects('gke1', ['gke1-avx-controller-gcp-sa-binding'], 'gke');
    assert.deepEqual(
      calls.map((x) => x.inputs),
      [{ project: 'acme-chat', location: 'europe-west1', name: 'chat-prod' }],
    );
    const { kubeconfig } = providerOf('gke1');
    assert.equal(kubeconfig['current-context'], 'gke_acme-chat_europe-west1_chat-prod');
    assert.equal(kubeconfig.clusters[0].cluster.server, 'https://34.76.10.20');
    assert.equal(kubeconfig.users[0].user.exec.command, 'gke-gcloud-auth-plugin');
    assert.equal(kubeconfig.users[0].user.exec.provideClusterInfo, true);
    // A custom role with only get and getCredentials (the in-cluster binding below authorizes the
    // rest), granted on the project but only for this cluster: an IAM condition.
    const role = find('gke1', 'gcp:projects/iAMCustomRole:IAMCustomRole');
    assert.deepEqual(role.inputs, {
      project: 'acme-chat',
      roleId: gkeControllerCustomRole('acme-chat', 'europe-west1', 'chat-prod').roleId,
      title: 'Aviatrix controller: GKE chat-prod',
      description: 'Read and get credentials of the GKE cluster chat-prod in europe-west1 (librechat-containment)',
      permissions: ['container.clusters.get', 'container.clusters.getCredentials'],
      stage: 'GA',
    });
    assert.match(role.inputs.roleId, /^[a-zA-Z0-9_.]{3,64}$/, 'a valid custom role id (no "-")');
    const member = find('gke1', 'gcp:projects/iAMMember:IAMMember');
    assert.ok(
      member.dependencies.some((d) => urnOf(role).test(d)),
      'the member waits for the role',
    );
    assert.deepEqual(member.inputs, {
      project: 'acme-chat',
      role: `projects/acme-chat/roles/${role.inputs.roleId}`,
      member: `serviceAccount:${sa}`,
      condition: {
        title: 'aviatrix-controller-chat-prod',
        description: 'Aviatrix controller: only the GKE cluster chat-prod in europe-west1 (librechat-containment)',
        expression: 'resource.name == "projects/acme-chat/locations/europe-west1/clusters/chat-prod"',
      },
    });
    const saBinding = find(
      'gke1',
      'kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding',
      'gke1-avx-controller-gcp-sa-binding',
    ).inputs;
    assert.deepEqual(saBinding.roleRef, {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'avx-controller',
    });
    assert.deepEqual(saBinding.subjects, [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: sa }]);
  });

  it('gke: a zonal cluster gets the same condition with its zone; roles/owner and roles/editor are refused', async () => {
    mockGke();
    const sa = 'aviatrix-controller@acme-chat.iam.gserviceaccount.com';
    new LibreChatContainment('gke2', {
      cloud: 'gke',
      config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
      gke: {
        project: 'acme-chat',
        location: 'europe-west1-b',
        clusterName: 'chat-zonal',
        controllerServiceAccount: sa,
        controllerRole: 'roles/container.clusterAdmin',
      },
    });
    for (let i = 0; i < 100 && resourcesOf('gke2').every((r) => r.type !== 'gcp:projects/iAMMember:IAMMember'); i++)
      await new Promise((r) => setTimeout(r, 10));
    // A zonal cluster's name in both forms GKE uses (locations/ and zones/); an explicit
    // predefined role replaces the custom role.
    const zonal = find('gke2', 'gcp:projects/iAMMember:IAMMember').inputs;
    assert.equal(
      zonal.condition.expression,
      'resource.name == "projects/acme-chat/locations/europe-west1-b/clusters/chat-zonal" || resource.name == "projects/acme-chat/zones/europe-west1-b/clusters/chat-zonal"',
    );
    assert.equal(zonal.role, 'roles/container.clusterAdmin');
    assert.deepEqual(
      resourcesOf('gke2').filter((r) => r.type === 'gcp:projects/iAMCustomRole:IAMCustomRole'),
      [],
    );
    for (const role of ['roles/owner', 'roles/editor']) {
      assert.throws(
        () =>
          new LibreChatContainment(`gke-${role.slice(6)}`, {
            cloud: 'gke',
            config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
            gke: {
              project: 'acme-chat',
              location: 'europe-west1',
              clusterName: 'chat-prod',
              controllerServiceAccount: sa,
              controllerRole: role,
            },
          }),
        (e: Error) =>
          e instanceof pulumi.ResourceError &&
          new RegExp(`gke\\.controllerRole: "${role}" is far broader`).test(e.message),
      );
    }
    assert.throws(() => checkControllerRole('roles/owner'), /far broader/);
    assert.equal(checkControllerRole('roles/container.clusterAdmin'), 'roles/container.clusterAdmin');
    assert.throws(() => gkeClusterCondition('acme-chat', 'europe-west1', 'x" || true || "'), /not a GCP identifier/);
  });

  it('gke: a v1beta1 self link becomes the v1 cluster id', async () => {
    mockGke({ selfLink: GKE_SELF_LINK.replace('/v1/', '/v1beta1/') });
    const c = new LibreChatContainment('gke3', {
      cloud: 'gke',
      config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
      gke: { project: 'acme-chat', location: 'europe-west1', clusterName: 'chat-prod' },
    });
    assert.equal(await valueOf(c.clusterId), GKE_SELF_LINK);
  });

  it('kubeconfig: any cluster, the given id, no cloud lookups', async () => {
    const kc = JSON.stringify({ apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [] });
    const c = new LibreChatContainment('kc1', {
      ...base('kubeconfig'),
      kubeconfig: { kubeconfig: kc, clusterId: 'onprem-chat-1' },
    });
    await assertOutputs(c, 'onprem-chat-1');
    await assertClusterObjects('kc1', []);
    assert.equal(calls.length, 0);
    assert.equal(unwrapSecrets(find('kc1', PROVIDER).inputs.kubeconfig), kc);
  });

  it('installCrds and installRbac false leave them to the k8s-firewall chart (whose CRDs are read and checked)', async () => {
    mockInstalledCrds('chart-10.1');
    const c = new LibreChatContainment('kc2', {
      cloud: 'kubeconfig',
      kubeconfig: { kubeconfig: '{}', clusterId: 'x' },
      config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
      installCrds: false,
      installRbac: false,
    });
    await settle();
    const expected = example(false).objects;
    assert.deepEqual(
      resourcesOf('kc2')
        .filter((r) => K8S.test(r.type) && r.id === undefined)
        .map((r) => r.name)
        .sort(),
      expected.map((o) => childName('kc2', o)).sort(),
    );
    // Only reads of the installed CRD (the example renders FirewallPolicies only), and every
    // Aviatrix object waits for it.
    const reads = resourcesOf('kc2').filter((r) => r.id !== undefined);
    assert.deepEqual(
      reads.map((r) => `${r.type} ${r.id}`),
      ['kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition firewallpolicies.networking.aviatrix.com'],
    );
    for (const cr of resourcesOf('kc2').filter((r) => r.type.startsWith('kubernetes:networking.aviatrix.com/')))
      assert.ok(
        cr.dependencies.some((d) => urnOf(reads[0]!).test(d)),
        `${cr.name} waits for the CRD check`,
      );
    for (const o of expected)
      assert.deepEqual(
        find('kc2', `kubernetes:${o.apiVersion}:${o.kind}`, childName('kc2', o)).inputs,
        JSON.parse(JSON.stringify(o)),
      );
    assert.equal(await valueOf(c.helmValues), undefined);
  });

  it('installCrds false against an older chart: fails naming the fields its CRD lacks, applies no Aviatrix object', async () => {
    mockInstalledCrds('chart-8.2');
    // A failed registration reaches the program as a rejection (pulumi up reports it and fails).
    const failures: string[] = [];
    const onRejection = (e: unknown) => failures.push(String(e));
    process.on('unhandledRejection', onRejection);
    try {
      new LibreChatContainment('oldcrd', {
        cloud: 'kubeconfig',
        kubeconfig: { kubeconfig: '{}', clusterId: 'x' },
        config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
        tls: { caPem: CA_PEM, decrypt: true },
        aviatrix: { mode: 'watch' },
        installCrds: false,
      });
      await settle();
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      process.off('unhandledRejection', onRejection);
      forgetPendingRegistrations();
    }
    assert.ok(
      resourcesOf('oldcrd').some((r) => r.id === 'firewallpolicies.networking.aviatrix.com'),
      'the installed CRD is read',
    );
    assert.deepEqual(
      resourcesOf('oldcrd').filter((r) => r.type.startsWith('kubernetes:networking.aviatrix.com/')),
      [],
      'no FirewallPolicy reaches the cluster to be pruned',
    );
    assert.ok(failures.length > 0);
    assert.match(
      failures[0]!,
      /LibreChatContainment oldcrd: installCrds: the installed CRD firewallpolicies\.networking\.aviatrix\.com lacks spec\.rules\[\]\.decryptPolicy, spec\.rules\[\]\.logProfile, spec\.rules\[\]\.watch, .*Upgrade the k8s-firewall chart/,
    );
    // The NetworkPolicies do not depend on the Aviatrix CRDs and still apply.
    assert.ok(resourcesOf('oldcrd').some((r) => r.type === 'kubernetes:networking.k8s.io/v1:NetworkPolicy'));
  });

  it('installCrds false with aviatrix.target matching the installed chart 8.2 CRD: applies', async () => {
    mockInstalledCrds('chart-8.2');
    new LibreChatContainment('oldok', {
      cloud: 'kubeconfig',
      kubeconfig: { kubeconfig: '{}', clusterId: 'x' },
      config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
      aviatrix: { target: 'chart-8.2' },
      installCrds: false,
    });
    await settle();
    assert.ok(
      resourcesOf('oldok').some((r) => r.type === 'kubernetes:networking.aviatrix.com/v1alpha1:FirewallPolicy'),
    );
  });
});

describe('component: two instances on one cluster', () => {
  beforeEach(resetCalls);

  /** Kubernetes objects (by namespace and name) and cloud grants, by what they are in the cluster or cloud. */
  function clusterScoped(prefixes: string[]): Map<string, string[]> {
    const seen = new Map<string, string[]>();
    for (const p of prefixes) {
      for (const r of resourcesOf(p).filter((x) => x.id === undefined)) {
        const i = unwrapSecrets(r.inputs);
        let key: string | undefined;
        if (r.type.startsWith('kubernetes:')) key = `${r.type} ${i.metadata?.namespace ?? ''}/${i.metadata?.name}`;
        else if (/^(aws|azure-native|gcp):/.test(r.type)) key = `${r.type} ${JSON.stringify(i)}`;
        if (key) seen.set(key, [...(seen.get(key) ?? []), r.name]);
      }
    }
    return seen;
  }

  for (const cloud of ['eks', 'gke'] as const) {
    it(`${cloud}: one instance owns the cluster-scoped objects, the other sets installCrds/installRbac false: nothing twice`, async () => {
      if (cloud === 'eks') mockEks();
      else mockGke();
      mockInstalledCrds();
      const cluster =
        cloud === 'eks'
          ? { eks: { clusterName: 'chat-prod', region: 'eu-west-1', controllerRoleArn: CONTROLLER_ROLE } }
          : {
              gke: {
                project: 'acme-chat',
                location: 'europe-west1',
                clusterName: 'chat-prod',
                controllerServiceAccount: 'avx@acme-chat.iam.gserviceaccount.com',
              },
            };
      const owner = `${cloud}-two-a`;
      const other = `${cloud}-two-b`;
      // Distinct releases: the in-cluster MCP servers of the overlay share a namespace, and their objects are named after the release.
      new LibreChatContainment(owner, {
        cloud,
        ...cluster,
        config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
        namespace: 'team-a',
        release: 'chat-a',
        acceptFindings: ['cluster-snat-unverified'],
      });
      // The grants belong to the cluster too: the second instance leaves out the controller's identity.
      const { controllerRoleArn: _r, controllerServiceAccount: _s, ...bare } = (cluster as any)[cloud];
      new LibreChatContainment(other, {
        cloud,
        [cloud]: bare,
        config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
        namespace: 'team-b',
        release: 'chat-b',
        installCrds: false,
        installRbac: false,
      });
      await settle();
      const dupes = [...clusterScoped([owner, other])].filter(([, names]) => names.length > 1);
      assert.deepEqual(dupes, []);
      // The owner has them all; the other has none.
      const ownerScoped = [...clusterScoped([owner])].map(([, [n]]) => n).sort();
      assert.ok(
        ownerScoped.includes(`${owner}-crd-firewallpolicies`) && ownerScoped.includes(`${owner}-avx-controller-role`),
      );
      if (cloud === 'gke')
        assert.ok(ownerScoped.includes(`${owner}-avx-controller-gcp-sa-binding`), ownerScoped.join(', '));
      assert.deepEqual(
        [...clusterScoped([other])].filter(([k]) => / \//.test(k)),
        [],
        'no cluster-scoped object in the other instance',
      );
      // Both still apply their own namespaced policies.
      assert.ok(
        resourcesOf(other).some(
          (r) =>
            r.type === 'kubernetes:networking.aviatrix.com/v1alpha1:FirewallPolicy' &&
            r.inputs.metadata.namespace === 'team-b',
        ),
      );
    });
  }

  it('installRbac false leaves out every RBAC object, also the service account binding (GKE), even with a controller identity', async () => {
    mockEks();
    mockGke();
    new LibreChatContainment('norbac-eks', {
      cloud: 'eks',
      eks: { clusterName: 'chat-prod', region: 'eu-west-1', controllerRoleArn: CONTROLLER_ROLE },
      config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
      installRbac: false,
    });
    new LibreChatContainment('norbac-gke', {
      cloud: 'gke',
      gke: {
        project: 'acme-chat',
        location: 'europe-west1',
        clusterName: 'chat-prod',
        controllerServiceAccount: 'avx@acme-chat.iam.gserviceaccount.com',
        // Without the in-cluster binding the custom role cannot reconcile: a predefined role it is.
        controllerRole: 'roles/container.clusterAdmin',
      },
      config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
      installRbac: false,
    });
    await settle();
    for (const p of ['norbac-eks', 'norbac-gke']) {
      assert.deepEqual(
        resourcesOf(p)
          .filter((r) => /^kubernetes:rbac/.test(r.type))
          .map((r) => r.name),
        [],
      );
    }
    // The cloud grants do not depend on installRbac.
    find('norbac-eks', 'aws:eks/accessEntry:AccessEntry');
    find('norbac-gke', 'gcp:projects/iAMMember:IAMMember');
  });

  it('the CRDs are retained on delete (deleting one instance must not delete every FirewallPolicy in the cluster); nothing else is', async () => {
    new LibreChatContainment('retain1', {
      cloud: 'kubeconfig',
      kubeconfig: { kubeconfig: '{}', clusterId: 'x' },
      config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
    });
    await settle();
    const crds = resourcesOf('retain1').filter(
      (r) => r.type === 'kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition',
    );
    assert.equal(crds.length, 2);
    for (const r of crds) assert.equal(r.retainOnDelete, true, r.name);
    assert.deepEqual(
      resourcesOf('retain1')
        .filter((r) => r.retainOnDelete && !crds.includes(r))
        .map((r) => r.name),
      [],
    );
  });
});

describe('component: parents and ordering', () => {
  beforeEach(resetCalls);

  it('every child is parented to the component; Aviatrix objects wait for CRDs, RBAC and grants; patches wait for the CA', async () => {
    mockEks();
    new LibreChatContainment('ord1', {
      ...base('eks'),
      eks: { clusterName: 'chat-prod', region: 'eu-west-1', controllerRoleArn: CONTROLLER_ROLE },
      acceptFindings: ['cluster-snat-unverified'],
    });
    await settle();
    const all = resourcesOf('ord1');
    const self = find('ord1', 'librechat-containment:index:LibreChatContainment');
    const children = all.filter((r) => r !== self);
    assert.ok(children.length > 15);
    for (const r of children)
      assert.match(r.parent ?? '', urnOf(self), `${r.type} ${r.name} is a child of the component`);
    const dependsOn = (r: Recorded, on: Recorded) => r.dependencies.some((d) => urnOf(on).test(d));
    const foundation = all.filter((r) => /CustomResourceDefinition|ClusterRole|eks\/access/.test(r.type));
    // 2 CRDs, avx-controller ClusterRole + binding, the EKS access entry (no view policy by default).
    assert.equal(foundation.length, 2 + 2 + 1);
    const aviatrix = all.filter((r) => r.type.startsWith('kubernetes:networking.aviatrix.com/'));
    assert.ok(aviatrix.length >= 4);
    for (const cr of aviatrix)
      for (const f of foundation) assert.ok(dependsOn(cr, f), `${cr.name} depends on ${f.name}`);
    for (const np of all.filter((r) => r.type === 'kubernetes:networking.k8s.io/v1:NetworkPolicy')) {
      assert.ok(!foundation.some((f) => dependsOn(np, f)), `${np.name} does not wait for the Aviatrix foundation`);
    }
    const cm = find('ord1', 'kubernetes:core/v1:ConfigMap');
    // Each patched Deployment: the patch and its `-fields` owner.
    const patches = all.filter((r) => r.type === 'kubernetes:apps/v1:DeploymentPatch');
    assert.equal(patches.length, 4);
    for (const patch of patches) assert.ok(dependsOn(patch, cm), `${patch.name} waits for the CA`);
    // With decryption, every Aviatrix object waits for the CA ConfigMap and the patches (a
    // DeploymentPatch completes once its rollout is done: @pulumi/kubernetes apps/v1/deploymentPatch.d.ts),
    // so the gateways never decrypt for pods that do not trust the CA yet.
    for (const cr of aviatrix)
      for (const t of [cm, ...patches]) assert.ok(dependsOn(cr, t), `${cr.name} waits for ${t.name}`);
  });

  it('without decryption the Aviatrix objects do not wait for the CA rollout', async () => {
    mockEks();
    new LibreChatContainment('ord2', {
      ...base('eks'),
      tls: { caPem: CA_PEM, patchRagApi: true, publicRoots: 'pem', publicRootsPem: ROOTS_PEM },
      eks: { clusterName: 'chat-prod', region: 'eu-west-1' },
      acceptFindings: ['cluster-snat-unverified'],
    });
    await settle();
    const all = resourcesOf('ord2');
    const trust = all.filter((r) => /core\/v1:ConfigMap|DeploymentPatch/.test(r.type));
    assert.equal(trust.length, 5);
    const aviatrix = all.filter((r) => r.type.startsWith('kubernetes:networking.aviatrix.com/'));
    assert.ok(aviatrix.length >= 4);
    for (const cr of aviatrix)
      for (const t of trust)
        assert.ok(!cr.dependencies.some((d) => urnOf(t).test(d)), `${cr.name} does not wait for ${t.name}`);
  });

  it('decrypts only on the workloads whose Deployments it patches: the RAG API without patchRagApi gets no decrypting rule', async () => {
    mockEks();
    const ragValues = 'librechat-rag-api:\n  enabled: true\n';
    const build = (name: string, patchRagApi: boolean) =>
      new LibreChatContainment(name, {
        cloud: 'eks',
        eks: { clusterName: 'chat-prod', region: 'eu-west-1' },
        config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV, chartValuesText: ragValues },
        tls: {
          caPem: CA_PEM,
          decrypt: true,
          patchRagApi,
          ...(patchRagApi ? { publicRoots: 'pem', publicRootsPem: ROOTS_PEM } : {}),
        },
        acceptFindings: ['cluster-snat-unverified'],
      });
    const decrypting = async (c: LibreChatContainment) =>
      Object.fromEntries(
        (await valueOf(c.objects))
          .filter((o) => o.kind === 'FirewallPolicy')
          .map((o: any) => [
            o.metadata.labels['librechat-containment/workload'],
            o.spec.rules.some((r: any) => r.decryptPolicy === 'decryptAllowed'),
          ]),
      );
    const without = await decrypting(build('dec1', false));
    assert.equal(without['rag-api'], false, 'no decrypting rule for the RAG API, whose pods do not trust the CA');
    assert.equal(without.librechat, true);
    assert.equal(without['mcp-docs'], false, 'nor for the in-cluster MCP server, which is not patched');
    const withRag = await decrypting(build('dec2', true));
    assert.equal(withRag['rag-api'], true);
    assert.equal(withRag.librechat, true);
    await settle();
  });

  it("pins the Kubernetes provider's behaviour: server-side apply on, ConfigMaps immutable", async () => {
    mockEks();
    new LibreChatContainment('prov1', {
      ...base('eks'),
      eks: { clusterName: 'chat-prod', region: 'eu-west-1' },
      acceptFindings: ['cluster-snat-unverified'],
    });
    await settle();
    const { resource } = providerOf('prov1');
    // Provider inputs reach the engine as strings (the provider's config is a map of strings).
    assert.equal(String(resource.inputs.enableServerSideApply), 'true');
    assert.equal(String(resource.inputs.enableConfigMapMutable), 'false');
    // Replaced only when the cluster is another one (not when its endpoint or CA rotates).
    assert.equal(resource.inputs.clusterIdentifier, EKS_ARN);
  });
});
