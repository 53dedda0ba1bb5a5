// Issue 11: what each cloud must have before the first `pulumi up`, read from the looked-up cluster
// with the shapes the providers really return (test/component/helpers.ts cites them), and the
// controller grants checked against the clouds' own definitions.
import * as assert from 'node:assert/strict';
import { find, isSecret, resetCalls, resourcesOf, settle, unmockedCalls, valueOf } from '../support/pulumi-mocks';
import { LibreChatContainment } from '../../lib/component';
import { AKS_CLUSTER_USER_ROLE } from '../../lib/cloud/aks';
import { isNotFound, optionalLookup } from '../../lib/cloud/eks';
import { aksPreflight, eksPreflight, gkePreflight, serviceAccountKubeconfig } from '../../lib/cloud/kubeconfig';
import { renderControllerServiceAccount } from '../../lib/render/cluster';
import type { Finding } from '../../lib/policy/model';
import { awsNotFound, CA_PEM, CONTROLLER_ROLE, EXAMPLE_CONFIG, EXAMPLE_ENV, mockAks, mockEks } from './helpers';

const PRINCIPAL = '11111111-2222-3333-4444-555555555555';

const ids = (f: Finding[]) => f.map((x) => `${x.id}:${x.severity}`);
const EKS_OK = {
  endpointPublicAccess: true,
  endpointPrivateAccess: true,
  publicAccessCidrs: ['0.0.0.0/0'],
  vpcCniConfiguration: '{"enableNetworkPolicy":"true"}',
};
const AKS_OK = {
  disableLocalAccounts: false,
  outboundType: 'userDefinedRouting',
  networkPlugin: 'azure',
  networkPolicy: 'azure',
  enablePrivateCluster: false,
  authorizedIPRanges: [],
};

describe('cloud preflight: what the cluster needs before the first pulumi up', () => {
  it('AKS: the Cluster User Role is the built-in id 4abbcc35-e782-43d8-92c5-2d3f1bd2253f (Azure built-in roles list)', () => {
    // azure-docs articles/role-based-access-control/built-in-roles.md, "Containers":
    // "Azure Kubernetes Service Cluster User Role | List cluster user credential action. | 4abbcc35-…-2d3f1bd2253f".
    assert.equal(AKS_CLUSTER_USER_ROLE, '4abbcc35-e782-43d8-92c5-2d3f1bd2253f');
  });

  it('EKS: a CONFIG_MAP-only cluster cannot take the access entry: an error with the update-cluster-config fix', () => {
    const f = eksPreflight({
      ...EKS_OK,
      authenticationMode: 'CONFIG_MAP',
      grantsAccessEntry: true,
      clusterName: 'chat-prod',
    });
    const error = f.find((x) => x.id === 'eks-authentication-mode');
    assert.equal(error?.severity, 'error');
    assert.match(
      error!.fix,
      /aws eks update-cluster-config --name chat-prod --access-config authenticationMode=API_AND_CONFIG_MAP/,
    );
    // Without a controller grant, or with API modes, nothing to report.
    for (const mode of ['API', 'API_AND_CONFIG_MAP']) {
      assert.deepEqual(ids(eksPreflight({ ...EKS_OK, authenticationMode: mode, grantsAccessEntry: true })), [
        'cluster-snat-unverified:warning',
      ]);
    }
    assert.ok(!ids(eksPreflight({ ...EKS_OK, authenticationMode: 'CONFIG_MAP' })).some((i) => i.startsWith('eks-')));
  });

  it('EKS: an access entry that already exists is an error naming the import id <cluster>:<principal ARN>', () => {
    const f = eksPreflight({
      ...EKS_OK,
      grantsAccessEntry: true,
      accessEntryExists: true,
      clusterName: 'chat-prod',
      controllerRoleArn: CONTROLLER_ROLE,
    });
    const error = f.find((x) => x.id === 'eks-access-entry-exists');
    assert.equal(error?.severity, 'error');
    assert.ok(
      error!.fix.includes(
        `pulumi import aws:eks/accessEntry:AccessEntry <name>-controller-access chat-prod:${CONTROLLER_ROLE}`,
      ),
    );
  });

  it('EKS: NetworkPolicies are enforced only with vpc-cni enableNetworkPolicy "true"; otherwise a warning', () => {
    assert.deepEqual(ids(eksPreflight(EKS_OK)), ['cluster-snat-unverified:warning']);
    for (const configuration of ['', '{}', '{"enableNetworkPolicy":"false"}', 'not json']) {
      assert.ok(
        ids(eksPreflight({ ...EKS_OK, vpcCniConfiguration: configuration })).includes(
          'network-policy-not-enforced:warning',
        ),
        configuration,
      );
    }
    assert.ok(
      ids(eksPreflight({ ...EKS_OK, vpcCniConfiguration: undefined })).includes('network-policy-unverified:warning'),
    );
    const auto = eksPreflight({ ...EKS_OK, autoMode: true }).find((x) => x.id === 'network-policy-unverified');
    assert.match(auto!.fix, /enable-network-policy-controller/);
  });

  it('AKS: an Entra cluster is an error unless the controller onboards with a ServiceAccount token', () => {
    assert.deepEqual(ids(aksPreflight({ ...AKS_OK, entra: true })), ['aks-entra-user-credential:error']);
    assert.deepEqual(ids(aksPreflight({ ...AKS_OK, entra: true, onboarding: 'service-account-token' })), []);
    // Local accounts do not matter to a ServiceAccount token.
    assert.deepEqual(
      ids(aksPreflight({ ...AKS_OK, disableLocalAccounts: true, onboarding: 'service-account-token' })),
      [],
    );
  });

  it('AKS: no network policy engine (networkPolicy none or absent) is a warning', () => {
    for (const networkPolicy of [undefined, 'none']) {
      assert.deepEqual(ids(aksPreflight({ ...AKS_OK, networkPolicy })), ['network-policy-not-enforced:warning']);
    }
    for (const networkPolicy of ['azure', 'calico', 'cilium'])
      assert.deepEqual(ids(aksPreflight({ ...AKS_OK, networkPolicy })), []);
  });

  it('GKE: Dataplane V2, Autopilot or network policy enforcement; otherwise a warning', () => {
    const base = { defaultSnatDisabled: true, enablePrivateEndpoint: false };
    assert.deepEqual(ids(gkePreflight({ ...base, datapathProvider: 'LEGACY_DATAPATH', networkPolicyEnabled: false })), [
      'network-policy-not-enforced:warning',
    ]);
    assert.deepEqual(ids(gkePreflight({ ...base, datapathProvider: 'ADVANCED_DATAPATH' })), []);
    assert.deepEqual(ids(gkePreflight({ ...base, networkPolicyEnabled: true })), []);
    assert.deepEqual(ids(gkePreflight({ ...base, autopilot: true })), []);
  });

  it('ServiceAccount-token onboarding renders what chart k8s-firewall 10.1.0 renders (serviceaccount.yaml.tpl)', () => {
    assert.deepEqual(renderControllerServiceAccount('kube-system'), [
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: {
          name: 'avx-controller',
          namespace: 'kube-system',
          labels: { 'app.kubernetes.io/managed-by': 'librechat-containment' },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'kubernetes.io/service-account-token',
        metadata: {
          name: 'avx-controller-token',
          namespace: 'kube-system',
          labels: { 'app.kubernetes.io/managed-by': 'librechat-containment' },
          annotations: { 'kubernetes.io/service-account.name': 'avx-controller' },
        },
      },
    ]);
    const kubeconfig = JSON.parse(
      serviceAccountKubeconfig({ cluster: 'c', server: 'https://api.example:443', caData: 'Y2E=', token: 't0k' }),
    );
    assert.deepEqual(kubeconfig.users[0].user, { token: 't0k' });
    assert.throws(
      () => serviceAccountKubeconfig({ cluster: 'c', server: 'https://a', caData: '', token: '' }),
      /no token/,
    );
  });
});

describe('cloud preflight: the EKS lookups under mocks', () => {
  beforeEach(resetCalls);

  it('a missing add-on or access entry is a fact (provider "couldn\'t find resource"), any other failure is raised', async () => {
    assert.equal(await optionalLookup(Promise.reject(awsNotFound('EKS Add-On', 'c:vpc-cni')), () => 1), undefined);
    await assert.rejects(optionalLookup(Promise.reject(new Error('AccessDeniedException: not authorized')), () => 1));
    assert.ok(isNotFound(new Error('operation error EKS: DescribeAddon, https response error StatusCode: 404')));
  });

  async function eksFindings(lookups: Parameters<typeof mockEks>[0]): Promise<string[]> {
    mockEks(lookups);
    const c = new LibreChatContainment('pre', {
      cloud: 'eks',
      config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
      tls: { caPem: CA_PEM },
      eks: { clusterName: 'chat-prod', region: 'eu-west-1', controllerRoleArn: CONTROLLER_ROLE },
      acceptFindings: ['cluster-snat-unverified'],
    });
    await settle();
    assert.deepEqual(unmockedCalls, []);
    const findings = await valueOf(c.findings);
    return findings.filter((f) => f.source?.file === '(cluster)').map((f) => `${f.id}:${f.severity}`);
  }

  it('reads the authentication mode, the existing access entry and the vpc-cni configuration of the cluster', async () => {
    assert.deepEqual(await eksFindings({}), ['cluster-snat-unverified:warning']);
    resetCalls();
    assert.deepEqual((await eksFindings({ authenticationMode: 'CONFIG_MAP' })).sort(), [
      'cluster-snat-unverified:warning',
      'eks-authentication-mode:error',
    ]);
    resetCalls();
    assert.ok((await eksFindings({ accessEntryExists: true })).includes('eks-access-entry-exists:error'));
    resetCalls();
    assert.ok((await eksFindings({ vpcCniConfiguration: null })).includes('network-policy-unverified:warning'));
    resetCalls();
    assert.ok((await eksFindings({ vpcCniConfiguration: '{}' })).includes('network-policy-not-enforced:warning'));
  });

  it('an open preflight error creates no access entry (the grants wait for the gate)', async () => {
    mockEks({ authenticationMode: 'CONFIG_MAP' });
    new LibreChatContainment('gate', {
      cloud: 'eks',
      config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
      tls: { caPem: CA_PEM },
      eks: { clusterName: 'chat-prod', region: 'eu-west-1', controllerRoleArn: CONTROLLER_ROLE },
      acceptFindings: ['cluster-snat-unverified'],
    });
    await settle();
    const entry = resourcesOf('gate').filter((r) => r.type === 'aws:eks/accessEntry:AccessEntry');
    assert.equal(entry.length, 0, 'the access entry is never registered while the gate is closed');
  });
});

describe('cloud onboarding: the avx-controller ServiceAccount token (Entra AKS, any cluster)', () => {
  beforeEach(resetCalls);

  it('an Entra AKS cluster with cloud credentials is a blocking preflight error; with a token it onboards', async () => {
    mockAks({}, true);
    const blocked = new LibreChatContainment('entra1', {
      cloud: 'aks',
      aks: { resourceGroupName: 'Chat-RG', clusterName: 'Chat-Prod', controllerPrincipalId: PRINCIPAL },
      config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
    });
    await settle();
    const findings = await valueOf(blocked.findings);
    assert.ok(findings.some((f) => f.id === 'aks-entra-user-credential' && f.severity === 'error'));
    assert.equal(
      resourcesOf('entra1').filter((r) => r.type === 'azure-native:authorization:RoleAssignment').length,
      0,
      'no grant while the preflight blocks',
    );

    resetCalls();
    mockAks({}, true);
    const c = new LibreChatContainment('entra2', {
      cloud: 'aks',
      aks: { resourceGroupName: 'Chat-RG', clusterName: 'Chat-Prod' },
      config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
      onboarding: { mode: 'service-account-token' },
    });
    await settle();
    assert.deepEqual(unmockedCalls, []);
    assert.deepEqual(
      (await valueOf(c.findings)).filter((f) => f.source?.file === '(cluster)' && f.severity === 'error'),
      [],
    );
    const sa = find('entra2', 'kubernetes:core/v1:ServiceAccount').inputs;
    assert.deepEqual(sa.metadata.name, 'avx-controller');
    assert.deepEqual(sa.metadata.namespace, 'kube-system');
    const secret = find('entra2', 'kubernetes:core/v1:Secret', 'entra2-avx-controller-token').inputs;
    assert.equal(secret.type, 'kubernetes.io/service-account-token');
    assert.deepEqual(secret.metadata.annotations, { 'kubernetes.io/service-account.name': 'avx-controller' });
    const binding = find('entra2', 'kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding').inputs;
    assert.deepEqual(binding.subjects, [
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'avx-controller' },
      { kind: 'ServiceAccount', name: 'avx-controller', namespace: 'kube-system' },
    ]);
    const kubeconfig = JSON.parse((await valueOf(c.controllerKubeconfig)) as string);
    assert.equal(kubeconfig.clusters[0].cluster.server, 'https://chat-prod-dns-1234.hcp.westeurope.azmk8s.io:443');
    assert.deepEqual(kubeconfig.users[0].user, { token: 'eyJhbGciOi.test-token' });
    assert.ok(await isSecret(c.controllerKubeconfig), 'the controller kubeconfig is a secret output');
  });

  it('refuses an unknown mode, a bad namespace, and a token without the RBAC that binds it', () => {
    const args = (onboarding: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
      cloud: 'kubeconfig',
      kubeconfig: { kubeconfig: '{}', clusterId: 'x' },
      config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
      onboarding,
      ...extra,
    });
    assert.throws(() => new LibreChatContainment('ob1', args({ mode: 'kubelogin' }) as never), /onboarding\.mode/);
    assert.throws(
      () => new LibreChatContainment('ob2', args({ mode: 'service-account-token', namespace: 'Kube_System' }) as never),
      /onboarding\.namespace/,
    );
    assert.throws(
      () => new LibreChatContainment('ob3', args({ mode: 'service-account-token' }, { installRbac: false }) as never),
      /installRbac/,
    );
  });
});
