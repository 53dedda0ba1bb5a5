// Invalid arguments fail at construction with a ResourceError naming the argument; unaccepted
// error findings (from the config, or from the cluster preflight) fail with their ids.
import * as assert from 'node:assert/strict';
import * as pulumi from '@pulumi/pulumi';
import {
  find,
  captureRejections,
  forgetPendingRegistrations,
  resetCalls,
  resourcesOf,
  unmockedCalls,
  valueOf,
} from '../support/pulumi-mocks';
import { LibreChatContainment, type LibreChatContainmentArgs } from '../../lib/component';
import { loadCloudSdk } from '../../lib/cloud/load';
import {
  CA2_PEM,
  CA_PEM,
  EXAMPLE_CONFIG,
  EXAMPLE_ENV,
  LEAF_PEM,
  mockAks,
  mockEks,
  mockGke,
  NO_SIGN_CA_PEM,
} from './helpers';

const KC = { kubeconfig: '{}', clusterId: 'test' };
function args(extra: Partial<LibreChatContainmentArgs> = {}): LibreChatContainmentArgs {
  return { cloud: 'kubeconfig', kubeconfig: KC, config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV }, ...extra };
}

let n = 0;
function construct(a: LibreChatContainmentArgs): LibreChatContainment {
  return new LibreChatContainment(`err${n++}`, a);
}

function throwsArg(a: LibreChatContainmentArgs, arg: string, message: RegExp): void {
  assert.throws(
    () => construct(a),
    (e: unknown) => {
      assert.ok(e instanceof pulumi.ResourceError, `a ResourceError, got ${e}`);
      assert.match((e as Error).message, new RegExp(`: ${arg.replace(/[.[\]]/g, '\\$&')}: `));
      assert.match((e as Error).message, message);
      return true;
    },
  );
}

const BLOCKING_CONFIG = `version: 1.3.9
interface:
  mcpServers:
    create: false
endpoints:
  agents:
    capabilities: ['tools']
  custom:
    - name: 'Gateway'
      apiKey: 'x'
      baseURL: '\${GATEWAY_URL}'
      models:
        default: ['m']
`;

describe('component: invalid arguments and findings', () => {
  beforeEach(resetCalls);
  // The blocked deployment and the unmocked lookup never finish, by design.
  after(forgetPendingRegistrations);

  it("names the argument when the cloud is missing, unknown, or its sub-object is absent or another cloud's", () => {
    throwsArg({ ...args(), cloud: undefined as unknown as string }, 'cloud', /is required/);
    throwsArg(
      { ...args(), cloud: 'openshift' },
      'cloud',
      /must be one of eks, aks, gke, kubeconfig \(got "openshift"\)/,
    );
    throwsArg({ ...args(), cloud: 'eks', kubeconfig: undefined }, 'eks', /is required when cloud is "eks"/);
    throwsArg(
      { ...args(), gke: { project: 'p', location: 'l', clusterName: 'c' } },
      'gke',
      /is set but cloud is "kubeconfig"/,
    );
    throwsArg(
      { ...args(), cloud: 'eks', kubeconfig: undefined, eks: { clusterName: 'c', region: '' } },
      'eks.region',
      /is required/,
    );
    throwsArg(
      { ...args(), cloud: 'aks', kubeconfig: undefined, aks: { resourceGroupName: 'rg' } as any },
      'aks.clusterName',
      /is required/,
    );
    throwsArg({ ...args(), kubeconfig: { kubeconfig: '{}' } as any }, 'kubeconfig.clusterId', /is required/);
  });

  it('checks the controller identities when they are plain', () => {
    const eks = { clusterName: 'c', region: 'eu-west-1' };
    throwsArg(
      { ...args(), cloud: 'eks', kubeconfig: undefined, eks: { ...eks, controllerRoleArn: 'aviatrix-role-app' } },
      'eks.controllerRoleArn',
      /not an IAM role ARN/,
    );
    const aks = { resourceGroupName: 'rg', clusterName: 'c' };
    throwsArg(
      { ...args(), cloud: 'aks', kubeconfig: undefined, aks: { ...aks, controllerPrincipalId: 'aviatrix' } },
      'aks.controllerPrincipalId',
      /not an Entra object id/,
    );
    throwsArg(
      { ...args(), cloud: 'aks', kubeconfig: undefined, aks: { ...aks, loginMode: 'devicecode' } },
      'aks.loginMode',
      /azurecli, workloadidentity, msi, spn, azd/,
    );
    const gke = { project: 'p', location: 'l', clusterName: 'c' };
    throwsArg(
      { ...args(), cloud: 'gke', kubeconfig: undefined, gke: { ...gke, controllerServiceAccount: 'aviatrix' } },
      'gke.controllerServiceAccount',
      /not a service account e-mail/,
    );
  });

  it('checks every argument before it creates anything', async () => {
    mockEks();
    assert.throws(
      () =>
        new LibreChatContainment('noside', {
          cloud: 'eks',
          eks: { clusterName: 'c', region: 'eu-west-1', controllerRoleArn: 'arn:aws:iam::123456789012:role/r' },
          config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
          tls: { caPem: CA_PEM, patchRagApi: 'yes' as any },
        }),
      /tls\.patchRagApi: must be true or false/,
    );
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(
      resourcesOf('noside').map((r) => r.type),
      ['librechat-containment:index:LibreChatContainment'],
    );
  });

  it('names structural arguments given as Outputs: they decide which resources exist', () => {
    throwsArg(args({ cloud: pulumi.output('kubeconfig') }), 'cloud', /plain value known when the program starts/);
    throwsArg(args({ namespace: pulumi.output('chat') }), 'namespace', /not an Output or a Promise/);
    throwsArg(args({ acceptFindings: Promise.resolve(['x']) as any }), 'acceptFindings', /not an Output or a Promise/);
  });

  it('checks names, Aviatrix options and the config', () => {
    throwsArg(args({ namespace: 'Chat_NS' }), 'namespace', /not a valid Kubernetes name/);
    throwsArg(args({ release: 'x'.repeat(54) }), 'release', /at most 53/);
    throwsArg(args({ aviatrix: { target: 'chart-9' } }), 'aviatrix.target', /chart-8\.2, chart-10\.1/);
    throwsArg(args({ aviatrix: { mode: 'audit' } }), 'aviatrix.mode', /enforce, watch/);
    throwsArg(args({ aviatrix: { logProfile: 'all' } }), 'aviatrix.logProfile', /start, end, start\/end/);
    throwsArg(args({ aviatrix: { form: 'networkpolicy' } }), 'aviatrix.form', /firewall-policy, webgroup-policy/);
    throwsArg(args({ aviatrix: { target: 'chart-8.2', mode: 'watch' } }), 'aviatrix.mode', /chart-10\.1/);
    throwsArg(args({ config: {} }), 'config', /exactly one of config\.path and config\.text/);
    throwsArg(args({ config: { path: EXAMPLE_CONFIG, text: 'version: 1.3.9' } }), 'config', /exactly one/);
    throwsArg(
      args({ config: { path: '/nonexistent/librechat.yaml' } }),
      'config.path',
      /cannot read \/nonexistent\/librechat\.yaml \(ENOENT\)/,
    );
    throwsArg(args({ config: { path: EXAMPLE_CONFIG, envFile: '/nonexistent/.env' } }), 'config.envFile', /ENOENT/);
    throwsArg(args({ config: { text: 'endpoints: [unclosed' } }), 'config.text', /librechat\.yaml/);
    throwsArg(
      args({ config: { text: 'version: 1.3.9', env: { 'BAD NAME': 'x' } } }),
      'config.env.BAD NAME',
      /not an environment variable name/,
    );
    throwsArg(args({ installCrds: 'yes' as any }), 'installCrds', /true or false/);
  });

  it('checks the CA: a CA certificate, not a leaf, not a key, and decryption needs chart 10.1', () => {
    throwsArg(args({ tls: { caPem: LEAF_PEM } }), 'tls.caPem', /is not a CA certificate/);
    throwsArg(args({ tls: { caPem: 'hello' } }), 'tls.caPem', /no PEM certificate/);
    throwsArg(
      args({ tls: { caPem: `${CA_PEM}-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n` } }),
      'tls.caPem',
      /private key/,
    );
    throwsArg(args({ tls: { caPem: CA_PEM + CA_PEM } }), 'tls.caPem', /holds 2 certificates/);
    throwsArg(
      args({ tls: { caPem: NO_SIGN_CA_PEM } }),
      'tls.caPem',
      /may not sign certificates \(its keyUsage has no keyCertSign\)/,
    );
    throwsArg(
      args({ tls: { caPem: CA_PEM + LEAF_PEM } }),
      'tls.caPem',
      /holds 2 certificates: certificate 2 \(CN=api\.example\.test\) is not a CA/,
    );
    // Two CAs (a rotation) are accepted.
    construct(args({ tls: { caPem: CA_PEM + CA2_PEM } }));
    throwsArg(
      args({ tls: { caPem: CA_PEM, decrypt: true }, aviatrix: { target: 'chart-8.2' } }),
      'tls.decrypt',
      /chart-10\.1/,
    );
    // Decryption is opt-in: tls alone only mounts the CA, which works on chart 8.2.
    construct(args({ tls: { caPem: CA_PEM }, aviatrix: { target: 'chart-8.2' } }));
    // Mounting the CA without decryption works on chart 8.2.
    construct(args({ tls: { caPem: CA_PEM, decrypt: false }, aviatrix: { target: 'chart-8.2' } }));
  });

  it('gke: the default custom role needs the in-cluster binding (installRbac), or a predefined role', () => {
    const gke = {
      project: 'acme-chat',
      location: 'europe-west1',
      clusterName: 'chat-prod',
      controllerServiceAccount: 'avx@acme-chat.iam.gserviceaccount.com',
    };
    const config = { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV };
    throwsArg(
      { cloud: 'gke', gke, config, installRbac: false },
      'installRbac',
      /avx-controller-gcp-sa binding .* is not created.*gke\.controllerRole roles\/container\.clusterAdmin/,
    );
  });

  it('refuses decryption for pods that would not trust the CA, and asks for a pinned root set for the RAG API', () => {
    throwsArg(
      args({ tls: { caPem: CA_PEM, decrypt: true, patchLibreChat: false } }),
      'tls.decrypt',
      /no Deployment gets the CA.*tls\.patchLibreChat \(or tls\.patchRagApi\) true, or tls\.decrypt false/,
    );
    throwsArg(
      args({ tls: { caPem: CA_PEM, patchRagApi: true } }),
      'tls.publicRoots',
      /is required with tls\.patchRagApi/,
    );
    throwsArg(
      args({ tls: { caPem: CA_PEM, patchRagApi: true, publicRoots: 'ca-only' } }),
      'tls.publicRoots',
      /'ca-only' with tls\.patchRagApi and without tls\.decrypt/,
    );
    throwsArg(
      args({ tls: { caPem: CA_PEM, publicRoots: 'mozilla' } }),
      'tls.publicRoots',
      /must be one of ca-only, pem/,
    );
    throwsArg(args({ tls: { caPem: CA_PEM, publicRoots: 'pem' } }), 'tls.publicRootsPem', /is required/);
    throwsArg(
      args({ tls: { caPem: CA_PEM, publicRoots: 'ca-only', publicRootsPem: CA2_PEM } }),
      'tls.publicRootsPem',
      /drop one of them/,
    );
    throwsArg(
      args({ tls: { caPem: CA_PEM, publicRootsPem: LEAF_PEM } }),
      'tls.publicRootsPem',
      /is not a CA certificate/,
    );
    throwsArg(
      args({ tls: { caPem: CA_PEM, publicRootsPem: pulumi.output(CA2_PEM) as any } }),
      'tls.publicRootsPem',
      /plain value/,
    );
    // Accepted: ca-only when the RAG API's every connection is decrypted; a pinned set; neither without the RAG API.
    construct(args({ tls: { caPem: CA_PEM, decrypt: true, patchRagApi: true, publicRoots: 'ca-only' } }));
    construct(args({ tls: { caPem: CA_PEM, patchRagApi: true, publicRootsPem: CA2_PEM } }));
    construct(
      args({
        tls: { caPem: CA_PEM, decrypt: true, patchLibreChat: false, patchRagApi: true, publicRootsPem: CA2_PEM },
      }),
    );
  });

  it('fails on unaccepted error findings, listing their ids, and applies once they are accepted', async () => {
    throwsArg(
      args({ config: { text: BLOCKING_CONFIG } }),
      'config',
      /1 error finding\(s\) in the LibreChat config are not accepted.*\n {2}unresolved-variable:endpoints\.custom\.Gateway\.baseURL: .*GATEWAY_URL/s,
    );
    assert.throws(
      () => construct(args({ config: { text: BLOCKING_CONFIG } })),
      /acceptFindings: \["unresolved-variable:endpoints\.custom\.Gateway\.baseURL"\]/,
    );
    const id = (() => {
      try {
        construct(args({ config: { text: BLOCKING_CONFIG } }));
      } catch (e) {
        return /acceptFindings: \["([^"]+)"\]/.exec((e as Error).message)![1];
      }
      throw new Error('expected a failure');
    })();
    const c = construct(args({ config: { text: BLOCKING_CONFIG }, acceptFindings: [id] }));
    const findings = await valueOf(c.findings);
    assert.ok(findings.some((f) => f.id === id && f.accepted === true));
  });

  it('a blocking cluster preflight finding (GKE default SNAT on) stops the Kubernetes provider; accepting it by id lets it through', async () => {
    mockGke({ defaultSnatStatuses: [{ disabled: false }] });
    const gke = { project: 'acme-chat', location: 'europe-west1', clusterName: 'chat-prod' };
    // The engine reports the failed provider input and stops the update; under mocks it surfaces as
    // unhandled rejections, captured here instead of mocha's handler.
    const saved = process.listeners('unhandledRejection');
    const captured: unknown[] = [];
    process.removeAllListeners('unhandledRejection');
    process.on('unhandledRejection', (e) => captured.push(e));
    let blocked: LibreChatContainment;
    try {
      blocked = new LibreChatContainment('snat1', {
        cloud: 'gke',
        gke,
        config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
      });
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      process.removeAllListeners('unhandledRejection');
      for (const l of saved) process.on('unhandledRejection', l);
    }
    const findings = await valueOf(blocked.findings);
    const snat = findings.find((f) => f.id === 'cluster-snat')!;
    assert.equal(snat.severity, 'error');
    assert.notEqual(snat.accepted, true);
    assert.ok(captured.length > 0);
    for (const e of captured) {
      assert.match(
        String((e as Error).message),
        /LibreChatContainment snat1: gke: 1 error finding\(s\) from the cluster preflight are not accepted[\s\S]*cluster-snat: GKE default SNAT is on[\s\S]*acceptFindings: \["cluster-snat"\]/,
      );
    }
    // Neither the provider nor any Kubernetes child is ever registered.
    assert.deepEqual(
      resourcesOf('snat1')
        .map((r) => r.type)
        .filter((t) => t.startsWith('pulumi:providers:kubernetes') || t.startsWith('kubernetes:')),
      [],
    );

    const accepted = new LibreChatContainment('snat2', {
      cloud: 'gke',
      gke,
      config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
      acceptFindings: ['cluster-snat'],
    });
    assert.equal((await valueOf(accepted.findings)).find((f) => f.id === 'cluster-snat')!.accepted, true);
    // (settle() would wait for snat1's failed registration forever: poll instead.)
    for (let i = 0; i < 50 && resourcesOf('snat2').every((r) => r.type !== 'pulumi:providers:kubernetes'); i++)
      await new Promise((r) => setTimeout(r, 20));
    find('snat2', 'pulumi:providers:kubernetes');
    // Cluster finding ids are not passed to the core, so they do not show up as unused there.
    assert.equal((await valueOf(accepted.findings)).filter((f) => f.id.startsWith('accept-unused')).length, 0);
    assert.deepEqual(unmockedCalls, []);
  });

  const GATE_KINDS =
    /^(pulumi:providers:kubernetes|kubernetes:|aws:eks\/access|azure-native:authorization|gcp:projects\/iAMMember)/;

  it('a blocking config finding known only at deployment (secret env) applies nothing: no provider, no Kubernetes child, no cloud grant', async () => {
    mockEks();
    const captured = await captureRejections(() => {
      new LibreChatContainment('gate1', {
        cloud: 'eks',
        eks: {
          clusterName: 'chat-prod',
          region: 'eu-west-1',
          controllerRoleArn: 'arn:aws:iam::123456789012:role/aviatrix-role-app',
        },
        config: { text: BLOCKING_CONFIG, env: { GW_KEY: pulumi.secret('k-123456') } },
        tls: { caPem: CA_PEM },
      });
    }, /error serializing property "(clusterName|principalArn)"/);
    // The provider's kubeconfig and the access entry's inputs are rejected with the config's finding.
    assert.ok(
      captured.some((m) => /error serializing property "kubeconfig"/.test(m)),
      'the provider kubeconfig is gated',
    );
    assert.ok(
      captured.some((m) => /error serializing property "(clusterName|principalArn)"/.test(m)),
      'the access entry inputs are gated',
    );
    for (const m of captured)
      assert.match(
        m,
        /LibreChatContainment gate1: config: 1 error finding\(s\) in the LibreChat config are not accepted, so nothing is applied[\s\S]*unresolved-variable/,
      );
    assert.deepEqual(
      resourcesOf('gate1')
        .map((r) => r.type)
        .filter((t) => GATE_KINDS.test(t)),
      [],
    );
  });

  it('a blocking config finding that depends on a secret env value is named by id, never with a message that may quote the secret', async () => {
    let c: LibreChatContainment | undefined;
    const captured = await captureRejections(() => {
      c = new LibreChatContainment('gate5', {
        cloud: 'kubeconfig',
        kubeconfig: KC,
        config: { text: BLOCKING_CONFIG, env: { GATEWAY_URL: pulumi.secret('ftp://secret-host-zz.example/v1') } },
      });
    }, /error serializing property "kubeconfig"/);
    const message = await valueOf(c!.objects).then(
      () => '',
      (e: Error) => e.message,
    );
    assert.match(
      message,
      /1 error finding\(s\) in the LibreChat config are not accepted[\s\S]*invalid-url:endpoints\.custom\.Gateway\.baseURL: \(not shown: it depends on the secret value of GATEWAY_URL\)[\s\S]*acceptFindings: \["invalid-url:endpoints\.custom\.Gateway\.baseURL"\]/,
    );
    for (const m of [message, ...captured]) assert.ok(!m.includes('secret-host-zz'), 'the secret is in no error');
  });

  it('a blocking preflight finding gates the AKS role assignment; accepting it lets it through', async () => {
    // A local-account (not Entra) cluster whose local accounts are off.
    mockAks({ disableLocalAccounts: true }, false);
    const aks = {
      resourceGroupName: 'Chat-RG',
      clusterName: 'Chat-Prod',
      controllerPrincipalId: '11111111-2222-3333-4444-555555555555',
    };
    const captured = await captureRejections(() => {
      new LibreChatContainment('gate2', { cloud: 'aks', aks, config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV } });
    }, /error serializing property "(principalId|scope)"/);
    for (const m of captured)
      assert.match(
        m,
        /LibreChatContainment gate2: aks: 1 error finding\(s\) from the cluster preflight are not accepted[\s\S]*aks-local-accounts-disabled/,
      );
    assert.deepEqual(
      resourcesOf('gate2')
        .map((r) => r.type)
        .filter((t) => GATE_KINDS.test(t)),
      [],
    );

    new LibreChatContainment('gate3', {
      cloud: 'aks',
      aks,
      config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
      acceptFindings: ['aks-local-accounts-disabled'],
    });
    for (
      let i = 0;
      i < 100 && resourcesOf('gate3').every((r) => r.type !== 'azure-native:authorization:RoleAssignment');
      i++
    )
      await new Promise((r) => setTimeout(r, 10));
    assert.equal(
      find('gate3', 'azure-native:authorization:RoleAssignment').inputs.principalId,
      aks.controllerPrincipalId,
    );
  });

  it('a blocking preflight finding gates the GKE IAM member', async () => {
    mockGke({ defaultSnatStatuses: [{ disabled: false }] });
    const captured = await captureRejections(() => {
      new LibreChatContainment('gate4', {
        cloud: 'gke',
        gke: {
          project: 'acme-chat',
          location: 'europe-west1',
          clusterName: 'chat-prod',
          controllerServiceAccount: 'aviatrix@acme-chat.iam.gserviceaccount.com',
        },
        config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
      });
    }, /error serializing property "(project|member)"/);
    for (const m of captured)
      assert.match(
        m,
        /LibreChatContainment gate4: gke: 1 error finding\(s\) from the cluster preflight are not accepted[\s\S]*cluster-snat/,
      );
    assert.deepEqual(
      resourcesOf('gate4')
        .map((r) => r.type)
        .filter((t) => GATE_KINDS.test(t)),
      [],
    );
  });

  it('an unmocked cloud lookup fails loudly', async () => {
    const c = new LibreChatContainment('unmocked', {
      cloud: 'gke',
      gke: { project: 'p', location: 'l', clusterName: 'c' },
      config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
    });
    await assert.rejects(valueOf(c.clusterId));
    assert.deepEqual(unmockedCalls, ['gcp:container/getCluster:getCluster']);
  });

  it('a missing cloud SDK is named with the package to install', () => {
    const missing = (id: string) => {
      const e = new Error(`Cannot find module '${id}'`) as NodeJS.ErrnoException;
      e.code = 'MODULE_NOT_FOUND';
      throw e;
    };
    assert.throws(
      () => loadCloudSdk('aks', 'containerservice', missing),
      /cloud "aks" needs the package @pulumi\/azure-native, which is not installed\. Install it beside librechat-containment: npm install @pulumi\/azure-native/,
    );
    assert.throws(() => loadCloudSdk('eks', 'eks', missing), /npm install @pulumi\/aws/);
    assert.throws(() => loadCloudSdk('gke', 'container', missing), /npm install @pulumi\/gcp/);
    // Other load errors pass through unchanged.
    assert.throws(
      () =>
        loadCloudSdk('eks', 'eks', () => {
          throw new SyntaxError('broken');
        }),
      SyntaxError,
    );
  });
});
