// The pure halves of the component: CA handling, cluster objects, kubeconfig builders and
// preflight findings. Core Kubernetes kinds are validated against their OpenAPI models.
import * as assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { CustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { Container } from 'kubernetes-models/v1/Container';
import { Volume } from 'kubernetes-models/v1/Volume';
import { InputError } from '../../lib/config/errors';
import {
  acceptFindings,
  aksClusterId,
  aksKubeconfig,
  aksPreflight,
  eksClusterId,
  eksKubeconfig,
  eksPreflight,
  gkeClusterId,
  gkeKubeconfig,
  gkeControllerCustomRole,
  gkePreflight,
  isPreflightId,
  kubeloginArgs,
} from '../../lib/cloud/kubeconfig';
import {
  renderAviatrixCrds,
  renderControllerRbac,
  renderGcpServiceAccountBinding,
  renderControllerServiceAccount,
} from '../../lib/render/cluster';
import { gkeClusterCondition } from '../../lib/cloud/gke';
import type { KubeObject } from '../../lib/render/objects';
import {
  caConfigMapName,
  combinedBundle,
  decryptingWorkloads,
  helmValuesFragment,
  keyUsageBits,
  renderCaConfigMap,
  renderDeploymentPatch,
  stdioCaEnvFixes,
  policiesWaitForTrust,
  trustNames,
  trustNamesFor,
  validateCaPem,
  validatePublicRoots,
} from '../../lib/render/trust';
import type { Finding } from '../../lib/policy/model';
import { AKS_TENANT, aksCredential, CA2_PEM, CA_PEM, LEAF_PEM, NO_SIGN_CA_PEM } from './helpers';

const DNS_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** kubernetes-models accepts a missing metadata.name: check it here. */
function validate(o: KubeObject): void {
  assert.match(o.metadata.name, DNS_NAME, `${o.kind} name`);
  assert.ok(o.metadata.name.length <= 253);
  const models: Record<string, new (data: any) => { validate(): void }> = {
    ConfigMap,
    Secret,
    ServiceAccount,
    ClusterRole,
    ClusterRoleBinding,
    CustomResourceDefinition,
  };
  const Model = models[o.kind];
  assert.ok(Model, `a model for ${o.kind}`);
  new Model(o).validate();
}

const trust = { namespace: 'chat', release: 'lc' };

describe('trust: the inspection CA', () => {
  it('accepts a CA and reports its subject, fingerprint and validity', () => {
    const ca = validateCaPem(`  \n${CA_PEM}\n`);
    assert.match(ca.subject, /CN=Test DCF Inspection CA/);
    assert.match(ca.sha256, /^[0-9a-f]{64}$/);
    assert.ok(ca.validTo.getTime() > Date.now());
    assert.match(
      ca.pem,
      /^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END CERTIFICATE-----\n$/,
    );
  });

  it('refuses leaves, expired or not-yet-valid CAs, keys, bundles and non-PEM input with a fix', () => {
    const refuses = (text: string, message: RegExp, now?: Date) =>
      assert.throws(
        () => validateCaPem(text, now),
        (e: unknown) => {
          assert.ok(e instanceof InputError);
          assert.match(e.message, message);
          assert.ok(e.fix.length > 10);
          return true;
        },
      );
    refuses(LEAF_PEM, /tls\.caPem \(CN=api\.example\.test\) is not a CA certificate/);
    refuses(CA_PEM, /expired on 20\d\d-/, new Date('2100-01-01T00:00:00Z'));
    refuses(CA_PEM, /is not valid before/, new Date('2000-01-01T00:00:00Z'));
    refuses('', /is empty/);
    refuses('-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----', /private key/);
    refuses(CA_PEM + LEAF_PEM, /holds 2 certificates/);
    refuses(
      '-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----',
      /not a readable X\.509 certificate/,
    );
  });

  it('accepts a chain of CAs (a rotation), each checked; refuses a CA without keyCertSign and the same CA twice', () => {
    const one = validateCaPem(CA_PEM);
    const two = validateCaPem(CA_PEM + CA2_PEM);
    assert.equal(two.pem.match(/-----BEGIN CERTIFICATE-----/g)!.length, 2);
    assert.ok(two.pem.startsWith(one.pem), 'the blocks keep their order');
    assert.match(two.subject, /CN=Test DCF Inspection CA, .* \| CN=Test DCF Inspection CA 2,/);
    assert.notEqual(two.sha256, one.sha256, 'a rotation changes the fingerprint (the pods roll)');
    assert.match(two.sha256, /^[0-9a-f]{64}$/);
    const cm = renderCaConfigMap(trust, { ca: two, roots: [] });
    assert.equal((cm.data as Record<string, string>)['ca.crt'], two.pem);
    const refuses = (text: string, message: RegExp) =>
      assert.throws(
        () => validateCaPem(text),
        (e: unknown) => e instanceof InputError && message.test(e.message) && e.fix.length > 10,
      );
    refuses(
      NO_SIGN_CA_PEM,
      /tls\.caPem \(CN=Test CA without keyCertSign, .*\) may not sign certificates \(its keyUsage has no keyCertSign\)/,
    );
    refuses(
      CA_PEM + NO_SIGN_CA_PEM,
      /holds 2 certificates: certificate 2 \(CN=Test CA without keyCertSign.*keyCertSign/,
    );
    refuses(
      CA2_PEM + LEAF_PEM,
      /holds 2 certificates: certificate 2 \(CN=api\.example\.test\) is not a CA certificate/,
    );
    refuses(CA_PEM + CA_PEM, /holds 2 certificates, the same one more than once/);
    // keyUsage read from the DER: keyCertSign | cRLSign, digitalSignature only, and a leaf without the extension.
    assert.equal(keyUsageBits(new X509Certificate(CA_PEM).raw), 0x06);
    assert.equal(keyUsageBits(new X509Certificate(NO_SIGN_CA_PEM).raw), 0x80);
  });

  it("renders the ConfigMap with the CA and the combined bundle (the pinned roots + CA), never Node's own store", () => {
    const ca = validateCaPem(CA_PEM);
    const roots = validatePublicRoots(CA2_PEM);
    const cm = renderCaConfigMap(trust, { ca, roots });
    validate(cm);
    assert.match(cm.metadata.name, /^lc-containment-ca-[0-9a-f]{10}$/);
    assert.equal(cm.metadata.namespace, 'chat');
    const data = cm.data as Record<string, string>;
    assert.equal(data['ca.crt'], ca.pem);
    assert.equal(data['ca-bundle.crt'], `${roots[0]!.trim()}\n${ca.pem}`);
    assert.equal(combinedBundle(ca.pem, ['ROOT-A', 'ROOT-B']), `ROOT-A\nROOT-B\n${ca.pem}`);
    // ca-only: the bundle is the CA alone.
    const caOnly = renderCaConfigMap(trust, { ca, roots: [] });
    assert.equal((caOnly.data as Record<string, string>)['ca-bundle.crt'], ca.pem);
  });

  it('names the CA ConfigMap from its content: a new CA or root set is a new name, the same content the same name', () => {
    const ca = validateCaPem(CA_PEM);
    const ca2 = validateCaPem(CA2_PEM);
    const roots = validatePublicRoots(CA2_PEM);
    const name = (m: Parameters<typeof renderCaConfigMap>[1]) => renderCaConfigMap(trust, m).metadata.name;
    assert.equal(name({ ca, roots }), name({ ca: validateCaPem(CA_PEM), roots: validatePublicRoots(CA2_PEM) }));
    assert.notEqual(name({ ca, roots }), name({ ca: ca2, roots }), 'a new CA');
    assert.notEqual(name({ ca, roots }), name({ ca, roots: [] }), 'a new root set');
    // The patch and the Helm values mount the ConfigMap of that name.
    const patch = renderDeploymentPatch(trust, { ca, roots }, 'node') as any;
    assert.equal(patch.spec.template.spec.volumes[0].configMap.name, name({ ca, roots }));
    assert.equal(trustNamesFor(trust, { ca, roots }).configMap, name({ ca, roots }));
    // Within 63 characters for the longest release and an explicit base name.
    const long = { namespace: 'chat', release: 'r'.repeat(53) };
    assert.ok(renderCaConfigMap(long, { ca, roots }).metadata.name.length <= 63);
    assert.ok(renderCaConfigMap({ ...long, configMapName: 'c'.repeat(80) }, { ca, roots }).metadata.name.length <= 63);
    assert.equal(caConfigMapName('x', { b: '2', a: '1' }), caConfigMapName('x', { a: '1', b: '2' }));
  });

  it('reads a pinned public root bundle: CA certificates in their order, each once; refuses keys, leaves and junk', () => {
    const roots = validatePublicRoots(CA2_PEM + CA_PEM + CA2_PEM);
    assert.equal(roots.length, 2);
    assert.equal(roots[0], validateCaPem(CA2_PEM).pem);
    const refuses = (text: string, message: RegExp) =>
      assert.throws(
        () => validatePublicRoots(text),
        (e: unknown) => e instanceof InputError && message.test(e.message),
      );
    refuses('', /is empty/);
    refuses('not pem', /holds no PEM certificate/);
    refuses(CA_PEM + LEAF_PEM, /certificate 2 \(CN=api\.example\.test\) is not a CA certificate/);
    refuses('-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n' + CA_PEM, /contains a private key/);
  });

  it('decrypts only on the workloads whose trust the component patches, and then the policies wait for it', () => {
    assert.deepEqual(decryptingWorkloads({ patchLibreChat: true, patchRagApi: false }), ['librechat']);
    assert.deepEqual(decryptingWorkloads({ patchLibreChat: true, patchRagApi: true }), ['librechat', 'rag-api']);
    assert.deepEqual(decryptingWorkloads({ patchLibreChat: false, patchRagApi: true }), ['rag-api']);
    assert.deepEqual(decryptingWorkloads({ patchLibreChat: false, patchRagApi: false }), []);
    const rule = (decrypt: boolean) => ({ workload: 'librechat', group: 'g', action: 'permit' as const, decrypt });
    assert.equal(policiesWaitForTrust({ rules: [rule(false), rule(true)] }), true);
    assert.equal(policiesWaitForTrust({ rules: [rule(false)] }), false);
  });

  it("patches the chart's Deployments by name with a read-only mount, the variables and the fingerprint", () => {
    const ca = { ca: validateCaPem(CA_PEM), roots: [] };
    const node = renderDeploymentPatch(trust, ca, 'node') as any;
    assert.deepEqual(node.metadata, { name: 'lc-librechat', namespace: 'chat' });
    const container = node.spec.template.spec.containers[0];
    assert.equal(container.name, 'lc-librechat');
    new Container(container).validate();
    for (const v of node.spec.template.spec.volumes) new Volume(v).validate();
    assert.deepEqual(container.volumeMounts, [
      { name: 'librechat-containment-ca', mountPath: '/etc/librechat-containment/ca', readOnly: true },
    ]);
    assert.equal(node.spec.template.metadata.annotations['librechat-containment/ca-sha256'], ca.ca.sha256);

    const custom = {
      ...trust,
      deployment: 'chat-api',
      container: 'api',
      mountPath: '/opt/ca/',
      ragDeployment: 'rag',
      ragContainer: 'rag-api',
    };
    const py = renderDeploymentPatch(custom, ca, 'python') as any;
    assert.equal(py.metadata.name, 'rag');
    assert.deepEqual(py.spec.template.spec.containers[0].env, [
      { name: 'AWS_CA_BUNDLE', value: '/opt/ca/ca-bundle.crt' },
      { name: 'GRPC_DEFAULT_SSL_ROOTS_FILE_PATH', value: '/opt/ca/ca-bundle.crt' },
      { name: 'REQUESTS_CA_BUNDLE', value: '/opt/ca/ca-bundle.crt' },
      { name: 'SSL_CERT_FILE', value: '/opt/ca/ca-bundle.crt' },
    ]);
    assert.equal((renderDeploymentPatch(custom, ca, 'node') as any).spec.template.spec.containers[0].name, 'api');
    assert.throws(() => trustNames({ ...trust, mountPath: 'relative' }), /absolute path/);
  });

  it("gives the equivalent Helm values for programs that install LibreChat's chart", () => {
    const ca = validateCaPem(CA_PEM);
    const m = { ca, roots: [] };
    const cmName = renderCaConfigMap(trust, m).metadata.name;
    assert.deepEqual(helmValuesFragment(trust, m), {
      librechat: { configEnv: { NODE_EXTRA_CA_CERTS: '/etc/librechat-containment/ca/ca.crt' } },
      podAnnotations: { 'librechat-containment/ca-sha256': ca.sha256 },
      volumes: [{ name: 'librechat-containment-ca', configMap: { name: cmName } }],
      volumeMounts: [{ name: 'librechat-containment-ca', mountPath: '/etc/librechat-containment/ca', readOnly: true }],
      'librechat-rag-api': {
        env: [
          { name: 'AWS_CA_BUNDLE', value: '/etc/librechat-containment/ca/ca-bundle.crt' },
          { name: 'GRPC_DEFAULT_SSL_ROOTS_FILE_PATH', value: '/etc/librechat-containment/ca/ca-bundle.crt' },
          { name: 'REQUESTS_CA_BUNDLE', value: '/etc/librechat-containment/ca/ca-bundle.crt' },
          { name: 'SSL_CERT_FILE', value: '/etc/librechat-containment/ca/ca-bundle.crt' },
        ],
        volumes: [{ name: 'librechat-containment-ca', configMap: { name: cmName } }],
        volumeMounts: [
          { name: 'librechat-containment-ca', mountPath: '/etc/librechat-containment/ca', readOnly: true },
        ],
      },
    });
  });

  it('shows the env: lines that give each stdio MCP server the CA', () => {
    const finding = (id: string, kind: string): Finding => ({ id, kind, severity: 'warning', message: '', fix: '' });
    const fixes = stdioCaEnvFixes(
      {
        findings: [
          finding('stdio-ca-env:github', 'stdio-ca-env'),
          finding('stdio-ca-env:fs', 'stdio-ca-env'),
          finding('other', 'other'),
        ],
      },
      trust,
    );
    assert.deepEqual(
      fixes.map((f) => f.server),
      ['fs', 'github'],
    );
    assert.equal(fixes[1].findingId, 'stdio-ca-env:github');
    assert.equal(
      fixes[1].yaml,
      [
        '    env:',
        '      NODE_EXTRA_CA_CERTS: "/etc/librechat-containment/ca/ca.crt"',
        '      SSL_CERT_FILE: "/etc/librechat-containment/ca/ca-bundle.crt"',
        '      REQUESTS_CA_BUNDLE: "/etc/librechat-containment/ca/ca-bundle.crt"',
      ].join('\n'),
    );
  });
});

describe('GKE: the controller grant', () => {
  it('limits the grant to the cluster: regional by its locations/ name, zonal by both names GKE gives it', () => {
    assert.equal(
      gkeClusterCondition('acme-chat', 'europe-west1', 'chat').expression,
      'resource.name == "projects/acme-chat/locations/europe-west1/clusters/chat"',
    );
    assert.equal(
      gkeClusterCondition('acme-chat', 'us-central1-a', 'chat').expression,
      'resource.name == "projects/acme-chat/locations/us-central1-a/clusters/chat" || resource.name == "projects/acme-chat/zones/us-central1-a/clusters/chat"',
    );
    assert.throws(() => gkeClusterCondition('acme-chat', 'europe-west1', 'c" || true'), /not a GCP identifier/);
  });

  it('defines a custom role with exactly get and getCredentials, its id valid and per cluster', () => {
    const a = gkeControllerCustomRole('acme-chat', 'europe-west1', 'chat-prod');
    assert.deepEqual(a.permissions, ['container.clusters.get', 'container.clusters.getCredentials']);
    assert.match(a.roleId, /^[a-zA-Z0-9_.]{3,64}$/);
    assert.equal(a.roleId, gkeControllerCustomRole('acme-chat', 'europe-west1', 'chat-prod').roleId, 'stable');
    assert.notEqual(a.roleId, gkeControllerCustomRole('acme-chat', 'europe-west1', 'chat-dev').roleId);
    assert.notEqual(a.roleId, gkeControllerCustomRole('acme-chat', 'europe-west4', 'chat-prod').roleId);
    assert.ok(a.title.length <= 100);
  });
});

describe('cluster objects: CRDs and controller RBAC', () => {
  it('renders avx-controller as chart 10.1.0 does, with its optional rules', () => {
    const [role, binding] = renderControllerRbac();
    validate(role);
    validate(binding);
    assert.equal((role.rules as unknown[]).length, 4);
    const [full] = renderControllerRbac({ aiVisibility: true, manageNetworkPolicies: true });
    assert.deepEqual((full.rules as any[]).slice(4), [
      {
        apiGroups: ['apps'],
        resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'],
        verbs: ['get', 'list', 'watch'],
      },
      { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: ['get', 'list', 'watch'] },
      {
        apiGroups: ['networking.k8s.io'],
        resources: ['networkpolicies'],
        verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
      },
    ]);
    const [, sa] = renderControllerRbac({ subject: { kind: 'ServiceAccount', name: 'avx', namespace: 'kube-system' } });
    assert.deepEqual(sa.subjects, [{ kind: 'ServiceAccount', name: 'avx', namespace: 'kube-system' }]);
    assert.throws(
      () => renderControllerRbac({ subject: { kind: 'ServiceAccount', name: 'avx' } }),
      /needs a namespace/,
    );
  });

  it('renders the GCP service account binding and the ServiceAccount-token onboarding objects', () => {
    for (const o of [
      renderGcpServiceAccountBinding('sa@p.iam.gserviceaccount.com'),
      ...renderControllerServiceAccount(),
    ])
      validate(o);
    assert.deepEqual(renderGcpServiceAccountBinding('sa@p.iam.gserviceaccount.com').subjects, [
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'sa@p.iam.gserviceaccount.com' },
    ]);
  });

  it('ships the CRDs of each target generation', () => {
    const ten = renderAviatrixCrds('chart-10.1');
    const eight = renderAviatrixCrds('chart-8.2');
    for (const o of [...ten, ...eight]) validate(o);
    assert.deepEqual(
      ten.map((o) => o.metadata.name),
      ['firewallpolicies.networking.aviatrix.com', 'webgrouppolicies.networking.aviatrix.com'],
    );
    const ruleProps = (crds: KubeObject[]) =>
      Object.keys(
        (crds[0] as any).spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.rules.items.properties,
      );
    assert.ok(ruleProps(ten).includes('decryptPolicy'));
    assert.ok(!ruleProps(eight).includes('decryptPolicy'));
    assert.throws(() => renderAviatrixCrds('chart-9' as never), /unknown Aviatrix target/);
  });
});

describe('cloud wiring: kubeconfigs, cluster ids, preflight', () => {
  it('builds exec kubeconfigs: aws eks get-token, gke-gcloud-auth-plugin, kubelogin', () => {
    const eks = JSON.parse(
      eksKubeconfig({ name: 'c', region: 'us-east-1', endpoint: 'https://x.eks.amazonaws.com', caData: 'Q0E=' }),
    );
    assert.equal(eks['current-context'], 'c');
    assert.deepEqual(eks.users[0].user.exec.args, [
      '--region',
      'us-east-1',
      'eks',
      'get-token',
      '--cluster-name',
      'c',
      '--output',
      'json',
    ]);
    const gke = JSON.parse(
      gkeKubeconfig({ project: 'p', location: 'europe-west1-b', name: 'c', endpoint: '10.0.0.2', caData: 'Q0E=' }),
    );
    assert.equal(gke.users[0].user.exec.command, 'gke-gcloud-auth-plugin');
    assert.equal(gke.clusters[0].cluster.server, 'https://10.0.0.2');
    const entra = JSON.parse(
      aksKubeconfig({ userCredential: Buffer.from(aksCredential(true, 'exec'), 'base64').toString(), entra: true }),
    );
    assert.deepEqual(entra.users[0].user.exec.args, [
      'get-token',
      '--login',
      'azurecli',
      '--environment',
      'AzurePublicCloud',
      '--server-id',
      '6dae42f8-4368-4678-94ff-3960e28e3630',
      '--tenant-id',
      AKS_TENANT,
    ]);
    assert.throws(() => eksKubeconfig({ name: 'c', region: 'r', endpoint: 'http://insecure', caData: '' }), /https/);
    // The credential's own kubelogin arguments stay; only the login mode is replaced (and the
    // interactive login's --client-id dropped), as `kubelogin convert-kubeconfig -l <mode>`.
    const tenantCred = JSON.stringify({
      clusters: [
        {
          name: 'c',
          cluster: {
            server: 'https://c.hcp.usgovvirginia.cx.aks.containerservice.azure.us:443',
            'certificate-authority-data': 'Q0E=',
          },
        },
      ],
      users: [
        {
          name: 'u',
          user: {
            exec: {
              command: 'kubelogin',
              args: [
                'get-token',
                '--environment',
                'AzureUSGovernmentCloud',
                '--server-id',
                '6dae42f8-4368-4678-94ff-3960e28e3630',
                '--client-id',
                '80faf920-1908-4b52-b5ef-a8e7bedfc67a',
                '--tenant-id',
                '72f988bf-86f1-41af-91ab-2d7cd011db47',
                '--login',
                'devicecode',
              ],
            },
          },
        },
      ],
    });
    assert.deepEqual(
      JSON.parse(aksKubeconfig({ userCredential: tenantCred, entra: true, loginMode: 'msi' })).users[0].user.exec.args,
      [
        'get-token',
        '--login',
        'msi',
        '--environment',
        'AzureUSGovernmentCloud',
        '--server-id',
        '6dae42f8-4368-4678-94ff-3960e28e3630',
        '--tenant-id',
        '72f988bf-86f1-41af-91ab-2d7cd011db47',
      ],
    );
    assert.deepEqual(kubeloginArgs(['get-token', '-l=devicecode', '--tenant-id=t', '--server-id=s'], 'azurecli'), [
      'get-token',
      '--login',
      'azurecli',
      '--tenant-id=t',
      '--server-id=s',
    ]);
    assert.deepEqual(kubeloginArgs(undefined, 'spn'), [
      'get-token',
      '--login',
      'spn',
      '--server-id',
      '6dae42f8-4368-4678-94ff-3960e28e3630',
    ]);
  });

  it("gives the cluster id in the controller's form and rejects anything else", () => {
    assert.equal(
      eksClusterId('arn:aws:eks:us-east-1:123456789012:cluster/prod'),
      'arn:aws:eks:us-east-1:123456789012:cluster/prod',
    );
    assert.equal(
      aksClusterId('/subscriptions/S/resourceGroups/RG/providers/Microsoft.ContainerService/managedClusters/Prod'),
      '/subscriptions/s/resourcegroups/rg/providers/microsoft.containerservice/managedclusters/prod',
    );
    assert.equal(
      gkeClusterId('https://container.googleapis.com/v1/projects/p/zones/us-central1-a/clusters/c'),
      'https://container.googleapis.com/v1/projects/p/zones/us-central1-a/clusters/c',
    );
    assert.throws(() => eksClusterId('prod'), /not an EKS cluster ARN/);
    assert.throws(() => aksClusterId('/subscriptions/s/resourceGroups/rg'), /not an AKS resource id/);
    assert.throws(() => gkeClusterId('projects/p/locations/l/clusters/c'), /not a GKE cluster self link/);
    // Zonal and regional links as they are; a v1beta1 link in the v1 form the controller expects.
    assert.equal(
      gkeClusterId('https://container.googleapis.com/v1/projects/p/locations/europe-west1/clusters/c'),
      'https://container.googleapis.com/v1/projects/p/locations/europe-west1/clusters/c',
    );
    assert.equal(
      gkeClusterId('https://container.googleapis.com/v1beta1/projects/p/locations/europe-west1/clusters/c'),
      'https://container.googleapis.com/v1/projects/p/locations/europe-west1/clusters/c',
    );
    assert.equal(
      gkeClusterId('https://container.googleapis.com/v1beta1/projects/p/zones/us-central1-a/clusters/c'),
      'https://container.googleapis.com/v1/projects/p/zones/us-central1-a/clusters/c',
    );
    assert.throws(
      () => gkeClusterId('https://container.googleapis.com/v2/projects/p/locations/l/clusters/c'),
      /not a GKE cluster self link/,
    );
  });

  it('reports SNAT, private API servers and disabled local accounts from the cluster settings', () => {
    const ids = (f: Finding[]) => f.map((x) => `${x.id}:${x.severity}`);
    // Clusters that enforce NetworkPolicies (those findings are tested in cloud-preflight.spec.ts).
    const eksPolicyOn = { vpcCniConfiguration: '{"enableNetworkPolicy":"true"}' };
    const gkePolicyOn = { datapathProvider: 'ADVANCED_DATAPATH' };
    assert.deepEqual(
      ids(
        eksPreflight({
          ...eksPolicyOn,
          endpointPublicAccess: true,
          endpointPrivateAccess: true,
          publicAccessCidrs: ['0.0.0.0/0'],
        }),
      ),
      ['cluster-snat-unverified:warning'],
    );
    assert.deepEqual(
      ids(
        eksPreflight({
          ...eksPolicyOn,
          endpointPublicAccess: false,
          endpointPrivateAccess: true,
          publicAccessCidrs: [],
        }),
      ),
      ['cluster-snat-unverified:warning', 'private-api-server:warning'],
    );
    assert.match(
      eksPreflight({
        endpointPublicAccess: true,
        endpointPrivateAccess: false,
        publicAccessCidrs: ['203.0.113.0/24'],
      })[1].message,
      /203\.0\.113\.0\/24/,
    );
    const aksOk = {
      disableLocalAccounts: false,
      outboundType: 'userDefinedRouting',
      networkPlugin: 'azure',
      networkPolicy: 'azure',
      enablePrivateCluster: false,
      authorizedIPRanges: [],
    };
    assert.deepEqual(ids(aksPreflight(aksOk)), []);
    assert.deepEqual(ids(aksPreflight({ ...aksOk, disableLocalAccounts: true, outboundType: 'loadBalancer' })), [
      'aks-local-accounts-disabled:error',
      'cluster-snat:error',
    ]);
    assert.deepEqual(ids(aksPreflight({ ...aksOk, networkPluginMode: 'overlay' })), ['cluster-snat:error']);
    assert.deepEqual(ids(aksPreflight({ ...aksOk, enablePrivateCluster: true })), ['private-api-server:warning']);
    assert.deepEqual(
      ids(gkePreflight({ ...gkePolicyOn, defaultSnatDisabled: true, enablePrivateEndpoint: false })),
      [],
    );
    assert.deepEqual(ids(gkePreflight({ ...gkePolicyOn, enablePrivateEndpoint: true })), [
      'cluster-snat:error',
      'private-api-server:warning',
    ]);
    const accepted = acceptFindings(gkePreflight({ ...gkePolicyOn, enablePrivateEndpoint: false }), ['cluster-snat']);
    assert.equal(accepted[0].accepted, true);
    assert.ok(
      isPreflightId('cluster-snat') && isPreflightId('private-api-server') && !isPreflightId('unresolved-variable:x'),
    );
  });
});
