// What must already exist before the component applies anything (the Deployments its CA patches
// target, CRDs and RBAC it adopts), the order of the NetworkPolicies, and the CA patches' lists
// (issue 10). The reads are mocked as the engine answers them (test/support/pulumi-mocks.ts: a
// read of a missing object fails as pulumi's ReadStep does).
import * as assert from 'node:assert/strict';
import { LibreChatContainment, type LibreChatContainmentArgs } from '../../lib/component';
import { PATCH_IGNORED, patchFieldManager, patchIdentity } from '../../lib/component/children';
import { renderDeploymentPatch, validateCaPem } from '../../lib/render/trust';
import {
  chartDeployment,
  deploymentUid,
  find,
  findPatch,
  captureRejections,
  mockCreatedState,
  mockRead,
  resetCalls,
  resourcesOf,
  settle,
  urnOf,
  type Recorded,
} from '../support/pulumi-mocks';
import { CA2_PEM, CA_PEM, EXAMPLE_CONFIG, EXAMPLE_ENV } from './helpers';

const DEPLOYMENT = 'kubernetes:apps/v1:Deployment';
const READS = new Set([
  DEPLOYMENT,
  'kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition',
  'kubernetes:rbac.authorization.k8s.io/v1:ClusterRole',
  'kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding',
]);

function args(extra: Partial<LibreChatContainmentArgs> = {}): LibreChatContainmentArgs {
  return {
    cloud: 'kubeconfig',
    kubeconfig: { kubeconfig: '{}', clusterId: 'c1' },
    config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
    tls: { caPem: CA_PEM, patchRagApi: true, publicRoots: 'pem', publicRootsPem: CA2_PEM },
    ...extra,
  };
}

const dependsOn = (r: Recorded, on: Recorded) => r.dependencies.some((d) => urnOf(on).test(d));

/** The Kubernetes objects registered besides the provider and the reads: what would be applied. */
function applied(prefix: string): string[] {
  return resourcesOf(prefix)
    .filter((r) => r.type.startsWith('kubernetes:') && !READS.has(r.type))
    .map((r) => `${r.type} ${r.name}`);
}

describe('component: what must exist first (patch targets, adopted objects)', () => {
  beforeEach(resetCalls);

  it('reads both patch targets, and every Kubernetes child waits for the reads', async () => {
    new LibreChatContainment('pre1', args());
    await settle();
    const targets = resourcesOf('pre1').filter((r) => r.type === DEPLOYMENT);
    assert.deepEqual(targets.map((r) => r.name).sort(), [
      'pre1-librechat-ca-patch-target',
      'pre1-rag-api-ca-patch-target',
    ]);
    const children = resourcesOf('pre1').filter((r) => r.type.startsWith('kubernetes:') && r.type !== DEPLOYMENT);
    assert.ok(children.length > 10);
    for (const r of children)
      for (const t of targets) assert.ok(dependsOn(r, t), `${r.type} ${r.name} waits for ${t.name}`);
    // The reads themselves wait for nothing but the (gated) provider.
    for (const t of targets) assert.deepEqual(t.dependencies, []);
  });

  it('no patch, no read: without tls, or with both patches off', async () => {
    new LibreChatContainment('pre2', args({ tls: undefined }));
    new LibreChatContainment('pre3', args({ tls: { caPem: CA_PEM, patchLibreChat: false } }));
    await settle();
    for (const p of ['pre2', 'pre3'])
      assert.deepEqual(
        resourcesOf(p).filter((r) => r.type === DEPLOYMENT),
        [],
      );
    assert.ok(applied('pre3').some((r) => r.includes('ConfigMap')));
  });

  it('a patch target that does not exist (patchRagApi, no RAG API) fails before anything is applied, naming the Deployment', async () => {
    mockRead(DEPLOYMENT, 'librechat/librechat-librechat-rag-api', undefined);
    const captured = await captureRejections(
      () => new LibreChatContainment('pre4', args()),
      /resource 'librechat\/librechat-librechat-rag-api' does not exist/,
    );
    assert.ok(captured.length > 0);
    // The read is named after the patch it is for; nothing else reached the cluster.
    find('pre4', DEPLOYMENT, 'pre4-rag-api-ca-patch-target');
    assert.deepEqual(applied('pre4'), []);
  });

  it('a target without the container to patch fails before anything is applied, naming the container and the fix', async () => {
    const live = chartDeployment('librechat/librechat-librechat');
    live.spec.template.spec.containers = [{ name: 'api', image: 'librechat:test' }];
    mockRead(DEPLOYMENT, 'librechat/librechat-librechat', live);
    await captureRejections(
      () => new LibreChatContainment('pre5', args({ tls: { caPem: CA_PEM } })),
      /LibreChatContainment pre5: tls\.patchLibreChat: Deployment librechat\/librechat-librechat has no container "librechat-librechat" \(its containers: api\): set tls\.container/,
    );
    assert.deepEqual(applied('pre5'), []);
  });

  it("existingCrds/existingRbac: 'adopt' reads the objects first and applies patches of them (destroy relinquishes, deletes nothing)", async () => {
    for (const n of ['firewallpolicies.networking.aviatrix.com', 'webgrouppolicies.networking.aviatrix.com'])
      mockRead('kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition', n, { metadata: { name: n } });
    mockRead('kubernetes:rbac.authorization.k8s.io/v1:ClusterRole', 'avx-controller', {
      metadata: { name: 'avx-controller' },
    });
    mockRead('kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding', 'avx-controller', {
      metadata: { name: 'avx-controller' },
    });
    new LibreChatContainment('pre6', args({ existingCrds: 'adopt', existingRbac: 'adopt' }));
    await settle();
    const types = resourcesOf('pre6').map((r) => r.type);
    for (const t of [
      'kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinitionPatch',
      'kubernetes:rbac.authorization.k8s.io/v1:ClusterRolePatch',
      'kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBindingPatch',
    ])
      assert.ok(types.includes(t), t);
    const reads = resourcesOf('pre6').filter((r) => READS.has(r.type) && r.type !== DEPLOYMENT);
    assert.equal(reads.length, 4);
    const policies = resourcesOf('pre6').filter((r) => r.type.startsWith('kubernetes:networking.aviatrix.com/'));
    assert.ok(policies.length > 0);
    for (const p of policies) for (const r of reads) assert.ok(dependsOn(p, r), `${p.name} waits for ${r.name}`);
    // Only what the objects do: their labels and annotations stay the owner's.
    const role = find('pre6', 'kubernetes:rbac.authorization.k8s.io/v1:ClusterRolePatch');
    assert.deepEqual(role.inputs.metadata, { name: 'avx-controller' });
    assert.ok(role.inputs.rules.length > 0);
    // An adoption is never retained: deleting it only gives its fields up. (A CA patch's versions
    // are, and their `-fields` owner gives the fields up: see below.)
    for (const r of resourcesOf('pre6').filter(
      (x) => x.type.endsWith('Patch') && !/-ca-patch-[0-9a-f]{8}$/.test(x.name),
    ))
      assert.equal(r.retainOnDelete, false, r.name);
  });

  it("'adopt' of objects that do not exist fails before anything is applied", async () => {
    await captureRejections(
      () => new LibreChatContainment('pre7', args({ tls: undefined, existingRbac: 'adopt' })),
      /resource 'avx-controller' does not exist/,
    );
    assert.deepEqual(applied('pre7'), []);
  });

  it('without a choice, a CRD or ClusterRole that another field manager owns stops the Aviatrix objects, naming the choice', async () => {
    // The provider's server-side apply of an existing object (before @pulumi/kubernetes 4.29, and a
    // preview's dry run) returns the live object, whose managedFields name its other managers.
    mockCreatedState('kubernetes:rbac.authorization.k8s.io/v1:ClusterRole', 'pre8-avx-controller-role', {
      metadata: {
        name: 'avx-controller',
        managedFields: [
          { manager: 'helm', operation: 'Update' },
          { manager: 'pulumi-kubernetes-1a2b3c4d', operation: 'Apply' },
        ],
      },
    });
    await captureRejections(
      () => new LibreChatContainment('pre8', args({ tls: undefined })),
      /LibreChatContainment pre8: existingRbac: ClusterRole avx-controller already exists, managed by helm: set existingRbac: 'adopt'[\s\S]*existingRbac: 'skip'/,
    );
    assert.deepEqual(
      resourcesOf('pre8').filter((r) => r.type.startsWith('kubernetes:networking.aviatrix.com/')),
      [],
      'no Aviatrix object is applied',
    );
  });
});

describe('component: the namespace default deny comes after the allows', () => {
  beforeEach(resetCalls);

  it('the default-deny NetworkPolicy depends on every allow of its namespace, and no allow on it', async () => {
    new LibreChatContainment('np1', args({ tls: undefined }));
    await settle();
    const nps = resourcesOf('np1').filter((r) => r.type === 'kubernetes:networking.k8s.io/v1:NetworkPolicy');
    const deny = nps.find((r) => r.name.endsWith('-default-deny'))!;
    assert.ok(deny);
    const allows = nps.filter((r) => r !== deny);
    assert.ok(allows.length >= 3);
    for (const a of allows) {
      assert.ok(dependsOn(deny, a), `the default deny waits for ${a.name}`);
      assert.ok(!dependsOn(a, deny), `${a.name} does not wait for the default deny`);
    }
  });
});

describe('component: a CA patch is never updated in place', () => {
  beforeEach(resetCalls);

  const DEPLOYMENTS = {
    'librechat-ca-patch': 'librechat-librechat',
    'rag-api-ca-patch': 'librechat-librechat-rag-api',
  };

  it('nothing but its identity is diffed, it is forgotten rather than relinquished, and its -fields owner holds the field manager', async () => {
    new LibreChatContainment('pl1', args());
    await settle();
    for (const which of ['librechat-ca-patch', 'rag-api-ca-patch'] as const) {
      const r = findPatch('pl1', which);
      assert.deepEqual(r.ignoreChanges, [...PATCH_IGNORED]);
      assert.equal(r.retainOnDelete, true, "an old version must not relinquish the new version's fields");
      const manager = patchFieldManager('pl1', which);
      assert.equal(r.inputs.metadata.annotations['pulumi.com/patchFieldManager'], manager);
      const owner = find('pl1', 'kubernetes:apps/v1:DeploymentPatch', `pl1-${which}-fields`);
      assert.deepEqual(owner.inputs.metadata, {
        name: DEPLOYMENTS[which],
        namespace: 'librechat',
        annotations: { 'pulumi.com/patchFieldManager': manager },
      });
      assert.equal(owner.inputs.spec, undefined, 'the owner applies no field of its own');
      assert.equal(owner.retainOnDelete, false, 'the owner relinquishes the fields on destroy');
      assert.ok(dependsOn(r, owner), 'the patch is applied after its owner (whose apply is empty)');
      // A replaced owner relinquishes the manager's fields first, and the version is applied again after it.
      assert.equal(owner.deleteBeforeReplace, true);
      assert.equal(r.replaceWith.length, 1);
      assert.match(r.replaceWith[0]!, urnOf(owner));
    }
  });

  it("the name hashes the content and the target's uid: a new CA, mount path or a recreated Deployment is a new patch", async () => {
    const trust = { namespace: 'librechat', release: 'librechat' };
    const a = { ca: validateCaPem(CA_PEM), roots: [] };
    const b = { ca: validateCaPem(CA2_PEM), roots: [] };
    const uid = deploymentUid('librechat/librechat-librechat');
    const id = (t: typeof trust & { mountPath?: string }, m: typeof a, flavour: 'node' | 'python' = 'node', u = uid) =>
      patchIdentity(renderDeploymentPatch(t, m, flavour), u);
    assert.equal(id(trust, a), id(trust, { ...a }), 'the same content and target: the same patch');
    assert.notEqual(id(trust, a), id(trust, b), 'a new CA (a new ConfigMap, a new fingerprint)');
    assert.notEqual(id(trust, a), id({ ...trust, mountPath: '/etc/ca' }, a), 'a new mount path');
    assert.notEqual(id(trust, a), id(trust, a, 'python'), 'another container and env');
    assert.notEqual(
      id(trust, a),
      id(trust, a, 'node', deploymentUid('librechat/librechat-librechat', 1)),
      'the Deployment deleted and created again (helm upgrade --force)',
    );
    // The same through the component: the read's uid is in the registered name.
    const names = (prefix: string) =>
      resourcesOf(prefix)
        .filter((r) => r.type === 'kubernetes:apps/v1:DeploymentPatch' && !r.name.endsWith('-fields'))
        .map((r) => r.name)
        .sort();
    new LibreChatContainment('pl2', args());
    await settle();
    const before = names('pl2');
    resetCalls();
    mockRead(
      DEPLOYMENT,
      'librechat/librechat-librechat',
      chartDeployment('librechat/librechat-librechat', deploymentUid('librechat/librechat-librechat', 1)),
    );
    new LibreChatContainment('pl2', args());
    await settle();
    // Both runs' registrations are recorded: the second adds only the recreated Deployment's patch.
    const added = names('pl2').filter((n) => !before.includes(n));
    assert.equal(before.length, 2);
    assert.deepEqual(
      added.map((n) => n.replace(/-[0-9a-f]{8}$/, '')),
      ['pl2-librechat-ca-patch'],
      'the recreated Deployment gets a new patch; the RAG API, not recreated, keeps its own',
    );
  });
});
