// The component takes the same backend and derivation options as the CLI (issue 12, issue 8):
// enforcement, keyless credentials per workload, node-local DNS; with another backend it installs
// nothing Aviatrix-specific (no CRDs, no controller RBAC, grants or onboarding).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resetCalls, resourcesOf, settle, valueOf } from '../support/pulumi-mocks';
import { LibreChatContainment } from '../../lib/component';
import { buildEnvironment } from '../../lib/config/env';
import { buildContainment } from '../../lib/pipeline';
import { EXAMPLE_CONFIG, EXAMPLE_ENV, EXAMPLE_OVERLAY } from './helpers';

const KUBECONFIG = { kubeconfig: '{}', clusterId: 'lab-cluster' };

describe('component: enforcement backends and derivation options', () => {
  beforeEach(resetCalls);

  it('cilium with credentials and node-local DNS applies exactly what the CLI renders, and no Aviatrix foundation', async () => {
    const c = new LibreChatContainment('cil1', {
      cloud: 'kubeconfig',
      kubeconfig: KUBECONFIG,
      config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
      enforcement: { backend: 'cilium', ciliumVersion: '1.19' },
      credentials: { librechat: 'gke-workload-identity' },
      nodeLocalDns: ['169.254.20.10'],
    });
    await settle();
    const expected = buildContainment({
      configText: readFileSync(EXAMPLE_CONFIG, 'utf8'),
      configFile: EXAMPLE_CONFIG.replace(/\\/g, '/'),
      env: buildEnvironment({ envFiles: [{ file: EXAMPLE_ENV, text: readFileSync(EXAMPLE_ENV, 'utf8') }] }),
      overlay: { file: EXAMPLE_OVERLAY, text: readFileSync(EXAMPLE_OVERLAY, 'utf8') },
      derive: { credentials: { librechat: 'gke-workload-identity' }, nodeLocalDns: ['169.254.20.10'] },
      enforcement: { backend: 'cilium', ciliumVersion: '1.19' },
    });
    assert.deepEqual(await valueOf(c.objects), expected.objects);
    assert.ok(expected.objects.some((o) => o.kind === 'CiliumNetworkPolicy'));
    assert.ok(!expected.objects.some((o) => o.apiVersion.startsWith('networking.aviatrix.com/')));
    const types = resourcesOf('cil1').map((r) => r.type);
    assert.ok(types.includes('kubernetes:cilium.io/v2:CiliumNetworkPolicy'), types.join(', '));
    assert.ok(!types.some((t) => /CustomResourceDefinition|ClusterRole/.test(t)), 'no Aviatrix CRDs or RBAC');
  });

  it('eks-anp applies exactly what the CLI renders (ApplicationNetworkPolicies), and no Aviatrix foundation', async () => {
    const c = new LibreChatContainment('anp1', {
      cloud: 'kubeconfig',
      kubeconfig: KUBECONFIG,
      config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
      enforcement: { backend: 'eks-anp' },
    });
    await settle();
    const expected = buildContainment({
      configText: readFileSync(EXAMPLE_CONFIG, 'utf8'),
      configFile: EXAMPLE_CONFIG.replace(/\\/g, '/'),
      env: buildEnvironment({ envFiles: [{ file: EXAMPLE_ENV, text: readFileSync(EXAMPLE_ENV, 'utf8') }] }),
      overlay: { file: EXAMPLE_OVERLAY, text: readFileSync(EXAMPLE_OVERLAY, 'utf8') },
      enforcement: { backend: 'eks-anp' },
    });
    assert.deepEqual(await valueOf(c.objects), expected.objects);
    assert.ok(expected.objects.some((o) => o.kind === 'ApplicationNetworkPolicy'));
    const types = resourcesOf('anp1').map((r) => r.type);
    assert.ok(types.includes('kubernetes:networking.k8s.aws/v1alpha1:ApplicationNetworkPolicy'), types.join(', '));
    assert.ok(!types.some((t) => /CustomResourceDefinition|ClusterRole/.test(t)), 'no Aviatrix CRDs or RBAC');
  });

  it('refuses "auto" (the inputs do not say what the cluster runs)', () => {
    assert.throws(
      () =>
        new LibreChatContainment('auto1', {
          cloud: 'kubeconfig',
          kubeconfig: KUBECONFIG,
          config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
          enforcement: { backend: 'auto' },
        }),
      /enforcement\.backend.*cannot be "auto"/,
    );
  });

  it('refuses Aviatrix controller grants and onboarding with another backend', () => {
    assert.throws(
      () =>
        new LibreChatContainment('cil2', {
          cloud: 'eks',
          eks: { clusterName: 'c', region: 'eu-west-1', controllerRoleArn: 'arn:aws:iam::123456789012:role/r' },
          config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
          enforcement: { backend: 'cilium' },
        }),
      /eks\.controllerRoleArn.*cilium backend does not use/,
    );
    assert.throws(
      () =>
        new LibreChatContainment('cil3', {
          cloud: 'kubeconfig',
          kubeconfig: KUBECONFIG,
          config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
          enforcement: { backend: 'gke-fqdn' },
          onboarding: { mode: 'service-account-token' },
        }),
      /onboarding\.mode/,
    );
    assert.throws(
      () =>
        new LibreChatContainment('cil4', {
          cloud: 'kubeconfig',
          kubeconfig: KUBECONFIG,
          config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
          enforcement: { backend: 'calico' },
        }),
      /enforcement\.backend/,
    );
  });
});
