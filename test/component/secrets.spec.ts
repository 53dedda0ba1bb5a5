// Secret env values: resolved at deployment, never leaked into plain state. The objects stay plain
// when no secret value reaches them, and become secret when one does (a secret used as a host).
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import {
  find,
  findPatch,
  forgetPendingRegistrations,
  isSecret,
  isSecretInput,
  resetCalls,
  resourcesOf,
  settle,
  unwrapSecrets,
  valueOf,
} from '../support/pulumi-mocks';
import { LibreChatContainment } from '../../lib/component';
import { buildEnvironment, parseDotEnv } from '../../lib/config/env';
import { buildContainment } from '../../lib/pipeline';
import { caConfigMapName } from '../../lib/render/trust';
import { CA2_PEM, CA_PEM, EXAMPLE_CONFIG, EXAMPLE_ENV, EXAMPLE_OVERLAY } from './helpers';

const FW = 'kubernetes:networking.aviatrix.com/v1alpha1:FirewallPolicy';
const envFile = Object.fromEntries(
  [...parseDotEnv(readFileSync(EXAMPLE_ENV, 'utf8'), 'env')].map(([k, v]) => [k, v.value]),
);

function expected(env: Record<string, string>) {
  return buildContainment({
    configText: readFileSync(EXAMPLE_CONFIG, 'utf8'),
    configFile: EXAMPLE_CONFIG,
    env: buildEnvironment({ pairs: env }),
    overlay: { file: EXAMPLE_OVERLAY, text: readFileSync(EXAMPLE_OVERLAY, 'utf8') },
  }).objects.find((o) => o.metadata.name === 'librechat-librechat-egress')!;
}

describe('component: secret env values', () => {
  beforeEach(resetCalls);

  it('an API key as a secret: the key enables its endpoint, the policy stays plain', async () => {
    const env = { ...envFile, MISTRAL_API_KEY: pulumi.secret('sk-mistral-0123456789') };
    const c = new LibreChatContainment('sec1', {
      cloud: 'kubeconfig',
      kubeconfig: { kubeconfig: '{}', clusterId: 'x' },
      config: { path: EXAMPLE_CONFIG, env },
    });
    await settle();
    const fw = find('sec1', FW, 'sec1-firewallpolicy-librechat-librechat-egress').inputs;
    assert.ok(!isSecretInput(fw.spec), 'the spec is not secret');
    assert.deepEqual(
      fw,
      JSON.parse(JSON.stringify(expected({ ...envFile, MISTRAL_API_KEY: 'sk-mistral-0123456789' }))),
    );
    assert.ok(!JSON.stringify(fw).includes('sk-mistral'));
    assert.equal(await isSecret(c.objects), false);
    assert.ok((await valueOf(c.allowedDomains)).librechat.includes('api.mistral.ai'));
  });

  it('a secret that decides a host keeps the object secret', async () => {
    const env = { ...envFile, AZURE_OPENAI_INSTANCE: pulumi.secret('contoso-secret-instance') };
    const c = new LibreChatContainment('sec2', {
      cloud: 'kubeconfig',
      kubeconfig: { kubeconfig: '{}', clusterId: 'x' },
      config: { path: EXAMPLE_CONFIG, env },
    });
    await settle();
    const fw = find('sec2', FW, 'sec2-firewallpolicy-librechat-librechat-egress').inputs;
    assert.ok(isSecretInput(fw.spec), 'the spec is secret');
    assert.deepEqual(
      unwrapSecrets(fw),
      JSON.parse(JSON.stringify(expected({ ...envFile, AZURE_OPENAI_INSTANCE: 'contoso-secret-instance' }))),
    );
    assert.ok(JSON.stringify(unwrapSecrets(fw)).includes('contoso-secret-instance.openai.azure.com'));
    assert.equal(await isSecret(c.objects), true);
  });
});

describe('component: what a secret env value influences stays secret', () => {
  beforeEach(resetCalls);
  // A failed deployment (the guard) leaves registrations pending, by design.
  after(forgetPendingRegistrations);

  /** Every output derived from the config, and the inputs of every rendered object, are secret. */
  async function assertAllSecret(name: string, c: LibreChatContainment): Promise<void> {
    await settle();
    for (const [label, o] of Object.entries({
      objects: c.objects,
      findings: c.findings,
      allowedDomains: c.allowedDomains,
      imagePulls: c.imagePulls,
      helmValues: c.helmValues,
      stdioCaEnvFixes: c.stdioCaEnvFixes,
    })) {
      assert.equal(await isSecret(o as pulumi.Output<unknown>), true, `${label} is secret`);
    }
    const rendered = resourcesOf(name).filter((r) => /^kubernetes:networking\.(aviatrix\.com|k8s\.io)\//.test(r.type));
    assert.ok(rendered.length > 0);
    for (const r of rendered) {
      assert.ok(isSecretInput(r.inputs.spec), `${r.name}: spec is secret`);
      assert.ok(isSecretInput(r.inputs.metadata), `${r.name}: metadata is secret`);
    }
  }

  it('a mixed-case secret instance name reaches the objects lower-cased: everything stays secret', async () => {
    const env = { ...envFile, AZURE_OPENAI_INSTANCE: pulumi.secret('Contoso-Secret-Instance') };
    const c = new LibreChatContainment('inf1', {
      cloud: 'kubeconfig',
      kubeconfig: { kubeconfig: '{}', clusterId: 'x' },
      config: { path: EXAMPLE_CONFIG, env },
      tls: { caPem: CA_PEM },
    });
    await assertAllSecret('inf1', c);
    const objects = JSON.stringify(await valueOf(c.objects));
    assert.ok(objects.includes('contoso-secret-instance.openai.azure.com'));
    assert.ok(
      !objects.includes('Contoso-Secret-Instance'),
      'the value reaches the objects only lower-cased (a text search would miss it)',
    );
  });

  it('a secret URL whose host reaches only the objects: everything stays secret', async () => {
    const env = { ...envFile, PORTKEY_GATEWAY_URL: pulumi.secret('https://gw-secret-internal.example.net/v1') };
    const c = new LibreChatContainment('inf2', {
      cloud: 'kubeconfig',
      kubeconfig: { kubeconfig: '{}', clusterId: 'x' },
      config: { path: EXAMPLE_CONFIG, env },
    });
    await assertAllSecret('inf2', c);
    assert.ok(JSON.stringify(await valueOf(c.objects)).includes('gw-secret-internal.example.net'));
    assert.ok(!JSON.stringify(await valueOf(c.objects)).includes('https://gw-secret-internal.example.net/v1'));
    assert.ok((await valueOf(c.allowedDomains)).librechat.includes('gw-secret-internal.example.net'));
  });

  it('a secret URL that resolves to an in-cluster host (only a finding mentions it): the findings stay secret', async () => {
    const env = {
      ...envFile,
      PORTKEY_GATEWAY_URL: pulumi.secret('http://portkey-secret-gw.internal-corp.svc.cluster.local:8787/v1'),
    };
    const c = new LibreChatContainment('inf3', {
      cloud: 'kubeconfig',
      kubeconfig: { kubeconfig: '{}', clusterId: 'x' },
      config: { path: EXAMPLE_CONFIG, env },
    });
    await settle();
    assert.ok(
      !JSON.stringify(await valueOf(c.objects)).includes('portkey-secret-gw'),
      'the host is not in the objects',
    );
    assert.ok(
      (await valueOf(c.findings)).some((f) => JSON.stringify(f).includes('portkey-secret-gw')),
      'a finding names the host',
    );
    assert.equal(await isSecret(c.findings), true);
    assert.equal(await isSecret(c.objects), true);
    assert.equal(await isSecret(c.allowedDomains), true);
  });

  it('a secret that influences nothing keeps every output plain', async () => {
    const env = { ...envFile, MISTRAL_API_KEY: pulumi.secret('sk-mistral-0123456789') };
    const c = new LibreChatContainment('inf4', {
      cloud: 'kubeconfig',
      kubeconfig: { kubeconfig: '{}', clusterId: 'x' },
      config: { path: EXAMPLE_CONFIG, env },
      tls: { caPem: CA_PEM },
    });
    await settle();
    for (const o of [c.objects, c.findings, c.allowedDomains, c.imagePulls, c.helmValues] as pulumi.Output<unknown>[])
      assert.equal(await isSecret(o), false);
  });

  const HOST_FROM_TOKEN = `version: 1.3.9
interface:
  mcpServers:
    create: false
endpoints:
  agents:
    capabilities: ['tools']
  custom:
    - name: 'Gateway'
      apiKey: 'user_provided'
      baseURL: 'https://\${GATEWAY_TOKEN}/v1'
      models:
        default: ['m']
`;

  it('the secret guard: a plain secret (env pair, env file) that would reach a plain output fails, naming the variable and never the value', () => {
    const value = 'tok-0123456789.example.net';
    const check = (e: unknown): boolean => {
      assert.ok(e instanceof pulumi.ResourceError);
      const message = String((e as Error).message);
      assert.match(message, /LibreChatContainment guard1: config: .*the value of GATEWAY_TOKEN/);
      assert.ok(!message.includes(value), 'the value is never printed');
      return true;
    };
    assert.throws(
      () =>
        new LibreChatContainment('guard1', {
          cloud: 'kubeconfig',
          kubeconfig: { kubeconfig: '{}', clusterId: 'x' },
          config: { text: HOST_FROM_TOKEN, env: { GATEWAY_TOKEN: value } },
        }),
      check,
    );
    const dir = mkdtempSync(join(tmpdir(), 'lcc-guard-'));
    try {
      writeFileSync(join(dir, '.env'), `GATEWAY_TOKEN=${value}\n`);
      assert.throws(
        () =>
          new LibreChatContainment('guard1', {
            cloud: 'kubeconfig',
            kubeconfig: { kubeconfig: '{}', clusterId: 'x' },
            config: { text: HOST_FROM_TOKEN, envFile: join(dir, '.env') },
          }),
        check,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the secret guard runs at deployment too, over the plain outputs left when a secret influences nothing', async () => {
    const value = 'tok-0123456789.example.net';
    const c = new LibreChatContainment('guard2', {
      cloud: 'kubeconfig',
      kubeconfig: { kubeconfig: '{}', clusterId: 'x' },
      config: {
        text: HOST_FROM_TOKEN,
        env: { GATEWAY_TOKEN: value, OTHER_SETTING: pulumi.secret('not-used-anywhere') },
      },
    });
    await assert.rejects(valueOf(c.objects), (e: Error) => {
      assert.match(e.message, /the value of GATEWAY_TOKEN/);
      assert.ok(!e.message.includes(value));
      return true;
    });
  });
});

describe('component: the CA as an Output, and a CA chain', () => {
  beforeEach(resetCalls);

  it("the ConfigMap name, hashed from its content, and the patches wait for the CA; the patches' owners do not (a preview)", async () => {
    // An Output whose value is unknown, as a CA fetched from the controller is during a preview.
    const unknownCa = new (pulumi.Output as any)(
      new Set(),
      Promise.resolve(undefined),
      Promise.resolve(false),
      Promise.resolve(false),
      Promise.resolve(new Set()),
    ) as pulumi.Output<string>;
    new LibreChatContainment('caout', {
      cloud: 'kubeconfig',
      kubeconfig: { kubeconfig: '{}', clusterId: 'x' },
      config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
      tls: { caPem: unknownCa, patchRagApi: true, publicRoots: 'pem', publicRootsPem: CA2_PEM },
    });
    await settle();
    const cm = find('caout', 'kubernetes:core/v1:ConfigMap', 'caout-ca').inputs;
    assert.equal(cm.metadata.name, undefined, 'the content-hashed name waits for the CA');
    assert.equal(cm.metadata.namespace, 'librechat');
    assert.deepEqual(cm.metadata.labels, {
      'app.kubernetes.io/managed-by': 'librechat-containment',
      'app.kubernetes.io/part-of': 'librechat',
    });
    assert.equal(cm.data, undefined, 'the data waits for the CA');
    for (const [n, deployment] of [
      ['librechat-ca-patch', 'librechat-librechat'],
      ['rag-api-ca-patch', 'librechat-librechat-rag-api'],
    ] as const) {
      // A patch's name hashes its content: it is registered once the CA is known (at the update).
      assert.throws(() => findPatch('caout', n), /found 0/);
      assert.deepEqual(find('caout', 'kubernetes:apps/v1:DeploymentPatch', `caout-${n}-fields`).inputs.metadata, {
        name: deployment,
        namespace: 'librechat',
        annotations: { 'pulumi.com/patchFieldManager': `librechat-containment-caout-${n}` },
      });
    }
  });

  it('with a plain CA the content-hashed ConfigMap name is known at once, in objectNames too', async () => {
    const c = new LibreChatContainment('caplain', {
      cloud: 'kubeconfig',
      kubeconfig: { kubeconfig: '{}', clusterId: 'x' },
      config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
      tls: { caPem: CA_PEM },
    });
    await settle();
    const cm = find('caplain', 'kubernetes:core/v1:ConfigMap', 'caplain-ca').inputs;
    assert.equal(cm.metadata.name, caConfigMapName('librechat-containment-ca', cm.data));
    assert.ok((await valueOf(c.objectNames)).includes(`ConfigMap/librechat/${cm.metadata.name}`));
  });

  it('a secret CA chain (rotation: two CAs) is mounted whole, and stays secret', async () => {
    new LibreChatContainment('cachain', {
      cloud: 'kubeconfig',
      kubeconfig: { kubeconfig: '{}', clusterId: 'x' },
      config: { path: EXAMPLE_CONFIG, envFile: EXAMPLE_ENV },
      tls: { caPem: pulumi.secret(CA_PEM + CA2_PEM) },
    });
    await settle();
    const cm = find('cachain', 'kubernetes:core/v1:ConfigMap', 'cachain-ca').inputs;
    assert.ok(isSecretInput(cm.data));
    assert.equal(unwrapSecrets(cm.data)['ca.crt'].match(/BEGIN CERTIFICATE/g).length, 2, 'both CAs of the rotation');
    assert.equal(unwrapSecrets(cm.metadata).name, caConfigMapName('librechat-containment-ca', unwrapSecrets(cm.data)));
  });
});

describe('component: stdio MCP servers and the CA', () => {
  beforeEach(resetCalls);

  it('reports the env: lines that give each stdio server the CA', async () => {
    const text = `version: 1.3.9
interface:
  mcpServers:
    create: false
endpoints:
  agents:
    capabilities: ['tools']
mcpServers:
  github:
    command: npx
    args: ['-y', '@modelcontextprotocol/server-github']
`;
    const blocking = buildContainment({
      configText: text,
      configFile: 'librechat.yaml',
      env: buildEnvironment({}),
      derive: { decrypt: true },
    }).blocking.map((f) => f.id);
    const c = new LibreChatContainment('stdio1', {
      cloud: 'kubeconfig',
      kubeconfig: { kubeconfig: '{}', clusterId: 'x' },
      config: { text },
      tls: { caPem: CA_PEM, decrypt: true },
      acceptFindings: blocking,
    });
    const findings = await valueOf(c.findings);
    assert.ok(findings.some((f) => f.id === 'stdio-ca-env:github'));
    const fixes = await valueOf(c.stdioCaEnvFixes);
    assert.deepEqual(
      fixes.map((f) => [f.findingId, f.server]),
      [['stdio-ca-env:github', 'github']],
    );
    assert.match(fixes[0].yaml, /NODE_EXTRA_CA_CERTS: "\/etc\/librechat-containment\/ca\/ca\.crt"/);
  });
});
