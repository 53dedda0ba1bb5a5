// The example programs and the stack templates run under the mocks: each example's index.ts is
// transpiled (no type check here: `npx tsc -p tsconfig.examples.json` does that) and run with
// `librechat-containment/component` resolved to this checkout; each stacks/Pulumi.<cloud>.yaml is
// fed to the root program's logic.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import * as ts from 'typescript';
import { parse } from 'yaml';
import {
  isSecretInput,
  resetCalls,
  resources,
  settle,
  unmockedCalls,
  valueOf,
  type Recorded,
} from '../support/pulumi-mocks';
import * as component from '../../lib/component';
import { argsFromStackConfig, containmentFromStackConfig } from '../../lib/component/stack-config';
import { EXAMPLES, ROOT } from '../support/paths';
import { AKS_ID, CA_PEM, EKS_ARN, FIXTURE_DIR, GKE_SELF_LINK, mockAks, mockEks, mockGke } from './helpers';

/** Sets the program's stack configuration (`<project>:<key>`; objects as JSON, as the CLI passes them). */
function setConfig(values: Record<string, unknown>, namespace = pulumi.getProject(), secretKeys: string[] = []): void {
  pulumi.runtime.setAllConfig(
    Object.fromEntries(
      Object.entries(values).map(([k, v]) => [`${namespace}:${k}`, typeof v === 'string' ? v : JSON.stringify(v)]),
    ),
    secretKeys.map((k) => `${namespace}:${k}`),
  );
}

/** Runs examples/<dir>/index.ts and returns its exports (the stack outputs) and the resources it created. */
async function runExample(dir: string): Promise<{ outputs: Record<string, pulumi.Output<any>>; created: Recorded[] }> {
  const file = join(EXAMPLES, dir, 'index.ts');
  const js = ts.transpileModule(readFileSync(file, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: file,
  }).outputText;
  const mod = { exports: {} as Record<string, pulumi.Output<any>> };
  const req = (id: string): unknown => (id === 'librechat-containment/component' ? component : require(id));
  const before = resources.length;
  new Function('exports', 'require', 'module', '__filename', '__dirname', js)(
    mod.exports,
    req,
    mod,
    file,
    join(EXAMPLES, dir),
  );
  await settle();
  return { outputs: mod.exports, created: resources.slice(before) };
}

const types = (created: Recorded[]) => [...new Set(created.map((r) => r.type))].sort();

describe('examples and stack templates under mocks', () => {
  beforeEach(resetCalls);

  it('examples/eks: secret API key, controller access entry, CA patch', async () => {
    mockEks();
    setConfig(
      {
        clusterName: 'chat-prod',
        region: 'eu-west-1',
        controllerRoleArn: 'arn:aws:iam::123456789012:role/aviatrix-role-app',
        caFile: join(FIXTURE_DIR, 'inspection-ca.pem'),
        mistralApiKey: 'sk-mistral-example',
      },
      pulumi.getProject(),
      ['mistralApiKey'],
    );
    const { outputs, created } = await runExample('eks');
    assert.equal(await valueOf(outputs.clusterId), EKS_ARN);
    assert.ok((await valueOf(outputs.allowedDomains)).librechat.includes('api.mistral.ai'));
    assert.ok((await valueOf(outputs.objectNames)).includes('Deployment/librechat/librechat-librechat'));
    assert.ok(types(created).includes('aws:eks/accessEntry:AccessEntry'));
    assert.ok(types(created).includes('kubernetes:apps/v1:DeploymentPatch'));
    assert.ok(!JSON.stringify(created).includes('sk-mistral-example'), 'the secret key is in no resource input');
    assert.deepEqual(unmockedCalls, []);
  });

  it('examples/aks: kubelogin, cluster-user role assignment, RAG API patch', async () => {
    mockAks();
    setConfig({
      resourceGroupName: 'Chat-RG',
      clusterName: 'Chat-Prod',
      controllerPrincipalId: '11111111-2222-3333-4444-555555555555',
      caFile: join(FIXTURE_DIR, 'inspection-ca.pem'),
      // A test CA stands in for the pinned public root bundle.
      publicRootsFile: join(FIXTURE_DIR, 'inspection-ca-2.pem'),
    });
    const { outputs, created } = await runExample('aks');
    assert.equal(await valueOf(outputs.clusterId), AKS_ID.toLowerCase());
    assert.ok(types(created).includes('azure-native:authorization:RoleAssignment'));
    // Two patched Deployments, each with its patch and its `-fields` owner.
    assert.equal(created.filter((r) => r.type === 'kubernetes:apps/v1:DeploymentPatch').length, 4);
    assert.ok(((await valueOf(outputs.helmValues)) as any)['librechat-rag-api']);
    // chart values enable the RAG API: it is a workload with its own policy.
    assert.ok(
      created.some(
        (r) =>
          r.type === 'kubernetes:networking.aviatrix.com/v1alpha1:FirewallPolicy' &&
          r.inputs.metadata.name === 'librechat-rag-api-egress',
      ),
    );
    assert.deepEqual(unmockedCalls, []);
  });

  it('examples/gke: IAM member and service-account binding, no CA', async () => {
    mockGke();
    setConfig({
      project: 'acme-chat',
      location: 'europe-west1',
      clusterName: 'chat-prod',
      controllerServiceAccount: 'avx@acme-chat.iam.gserviceaccount.com',
      caFile: '',
    });
    const { outputs, created } = await runExample('gke');
    assert.equal(await valueOf(outputs.clusterId), GKE_SELF_LINK);
    assert.ok(types(created).includes('gcp:projects/iAMMember:IAMMember'));
    assert.ok(!types(created).includes('kubernetes:apps/v1:DeploymentPatch'));
    assert.deepEqual(unmockedCalls, []);
  });

  for (const [cloud, mock, id] of [
    ['eks', () => mockEks(), EKS_ARN],
    ['aks', () => mockAks(), AKS_ID.toLowerCase()],
    ['gke', () => mockGke(), GKE_SELF_LINK],
  ] as const) {
    it(`stacks/Pulumi.${cloud}.yaml: the root program deploys the same policy`, async () => {
      mock();
      const stack = parse(readFileSync(join(ROOT, 'stacks', `Pulumi.${cloud}.yaml`), 'utf8')).config as Record<
        string,
        unknown
      >;
      const own = Object.fromEntries(
        Object.entries(stack)
          .filter(([k]) => k.startsWith('librechat-containment:'))
          .map(([k, v]) => [k.slice('librechat-containment:'.length), v]),
      );
      setConfig({ ...own, tls: { caFile: join(FIXTURE_DIR, 'inspection-ca.pem') } }, 'librechat-containment');
      const args = argsFromStackConfig(new pulumi.Config('librechat-containment'), ROOT);
      assert.equal(args.cloud, cloud);
      assert.equal(args.tls!.caPem, CA_PEM);
      const before = resources.length;
      const c = containmentFromStackConfig(ROOT, `stack-${cloud}`);
      assert.equal(await valueOf(c.clusterId), id);
      await settle();
      const created = resources.slice(before);
      const policies = created
        .filter((r) => r.type === 'kubernetes:networking.aviatrix.com/v1alpha1:FirewallPolicy')
        .map((r) => [r.inputs.metadata.name, r.inputs.spec]);
      sameEverywhere.push(JSON.stringify(policies));
      assert.ok(policies.length >= 4);
      assert.ok(isSecretInput(created.find((r) => r.type === 'pulumi:providers:kubernetes')!.inputs.kubeconfig));
      assert.deepEqual(
        (await valueOf(c.findings)).filter((f) => f.severity === 'error' && !f.accepted),
        [],
      );
      assert.deepEqual(unmockedCalls, []);
    });
  }

  it('the root program reads env secrets as secrets (a secret librechat key, or secretEnv) and names files relative to the project', async () => {
    const stack = parse(readFileSync(join(ROOT, 'stacks', 'Pulumi.eks.yaml'), 'utf8')).config as Record<string, any>;
    const own = Object.fromEntries(
      Object.entries(stack)
        .filter(([k]) => k.startsWith('librechat-containment:'))
        .map(([k, v]) => [k.slice('librechat-containment:'.length), v]),
    );
    own.librechat = { ...own.librechat, env: { AZURE_OPENAI_INSTANCE: 'Contoso-Stack-Secret' } };
    own.secretEnv = { MISTRAL_API_KEY: 'sk-mistral-stack-secret' };
    setConfig(own, 'librechat-containment', ['librechat', 'secretEnv']);
    const args = argsFromStackConfig(new pulumi.Config('librechat-containment'), ROOT);
    const env = args.config.env as Record<string, pulumi.Output<string>>;
    assert.deepEqual(Object.keys(env).sort(), ['AZURE_OPENAI_INSTANCE', 'MISTRAL_API_KEY']);
    for (const k of Object.keys(env)) {
      assert.ok(pulumi.Output.isInstance(env[k]), `${k} is an Output`);
      assert.equal(await (env[k] as any).isSecret, true, `${k} is secret`);
    }
    assert.equal(await valueOf(env.MISTRAL_API_KEY), 'sk-mistral-stack-secret');
    // Paths relative to the working directory; the findings name no machine path.
    for (const p of [args.config.path, args.config.envFile, args.config.overlayPath, args.config.chartValuesPath]) {
      if (p !== undefined) assert.ok(!String(p).startsWith('/') && !String(p).includes(ROOT), String(p));
    }
    mockEks();
    const c = containmentFromStackConfig(ROOT, 'stack-secret');
    assert.equal(
      await (c.objects as any).isSecret,
      true,
      'the secret instance name reaches the objects: they stay secret',
    );
    const findings = await valueOf(c.findings);
    assert.ok(findings.length > 0);
    assert.ok(!JSON.stringify(findings).includes(ROOT), 'no machine path in the findings');
    assert.ok(
      findings.some((f) => f.source?.file === 'examples/librechat.yaml'),
      JSON.stringify([...new Set(findings.map((f) => f.source?.file))]),
    );
    // Without secrets, env stays plain.
    setConfig(
      {
        ...own,
        librechat: { ...own.librechat, env: { OPENAI_API_KEY: 'user_provided' } },
        secretEnv: undefined,
      } as any,
      'librechat-containment',
    );
    const plainArgs = argsFromStackConfig(new pulumi.Config('librechat-containment'), ROOT);
    assert.deepEqual(plainArgs.config.env, { OPENAI_API_KEY: 'user_provided' });
  });

  it("the stack's tls takes the component's tls arguments (the CA and roots as files) and refuses a key it does not know", () => {
    const stack = parse(readFileSync(join(ROOT, 'stacks', 'Pulumi.eks.yaml'), 'utf8')).config as Record<string, any>;
    const own = Object.fromEntries(
      Object.entries(stack)
        .filter(([k]) => k.startsWith('librechat-containment:'))
        .map(([k, v]) => [k.slice('librechat-containment:'.length), v]),
    );
    const caFile = join(FIXTURE_DIR, 'inspection-ca.pem');
    setConfig(
      { ...own, tls: { caFile, mountPath: '/etc/company-ca', deployment: 'chat', patchLibreChat: true } },
      'librechat-containment',
    );
    const tls = argsFromStackConfig(new pulumi.Config('librechat-containment'), ROOT).tls!;
    assert.deepEqual(tls, {
      caPem: CA_PEM,
      publicRootsPem: undefined,
      mountPath: '/etc/company-ca',
      deployment: 'chat',
      patchLibreChat: true,
    });
    // A misspelt key would otherwise be dropped silently (the CA mounted where the user did not ask).
    setConfig({ ...own, tls: { caFile, mountpath: '/etc/company-ca' } }, 'librechat-containment');
    assert.throws(
      () => argsFromStackConfig(new pulumi.Config('librechat-containment'), ROOT),
      /librechat-containment:tls has no key "mountpath": its keys are caFile, .*mountPath/,
    );
    // Two CAs: neither silently wins.
    setConfig({ ...own, tls: { caFile }, tlsCaPem: CA_PEM }, 'librechat-containment', ['tlsCaPem']);
    assert.throws(
      () => argsFromStackConfig(new pulumi.Config('librechat-containment'), ROOT),
      /tls\.caFile and the secret librechat-containment:tlsCaPem are both set: keep one/,
    );
  });

  it('the component names an absolute config path relative to the working directory in its findings', async () => {
    const c = new component.LibreChatContainment('abs-paths', {
      cloud: 'kubeconfig',
      kubeconfig: { kubeconfig: '{}', clusterId: 'x' },
      config: { path: join(EXAMPLES, 'librechat.yaml'), envFile: join(EXAMPLES, 'librechat.env') },
    });
    const findings = await valueOf(c.findings);
    assert.ok(!JSON.stringify(findings).includes(ROOT));
    assert.ok(
      findings.some(
        (f) => f.source?.file === relative(process.cwd(), join(EXAMPLES, 'librechat.yaml')).replace(/\\/g, '/'),
      ),
    );
  });

  const sameEverywhere: string[] = [];
  it('the three stacks apply the same FirewallPolicies', () => {
    assert.equal(sameEverywhere.length, 3);
    assert.equal(new Set(sameEverywhere).size, 1);
  });
});
