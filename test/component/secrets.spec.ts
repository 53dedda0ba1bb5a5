// Secret env values: resolved at deployment, never leaked into plain state. The objects stay plain
// when no secret value reaches them, and become secret when one does (a secret used as a host).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as pulumi from '@pulumi/pulumi';
import { find, isSecret, isSecretInput, resetCalls, settle, unwrapSecrets, valueOf } from '../support/pulumi-mocks';
import { LibreChatContainment } from '../../lib/component';
import { buildEnvironment, parseDotEnv } from '../../lib/config/env';
import { buildContainment } from '../../lib/containment';
import { CA_PEM, EXAMPLE_CONFIG, EXAMPLE_ENV, EXAMPLE_OVERLAY } from './helpers';

const FW = 'kubernetes:networking.aviatrix.com/v1alpha1:FirewallPolicy';
const envFile = Object.fromEntries([...parseDotEnv(readFileSync(EXAMPLE_ENV, 'utf8'), 'env')].map(([k, v]) => [k, v.value]));

function expected(env: Record<string, string>) {
  return buildContainment({
    configText: readFileSync(EXAMPLE_CONFIG, 'utf8'), configFile: EXAMPLE_CONFIG, env: buildEnvironment({ pairs: env }),
    overlay: { file: EXAMPLE_OVERLAY, text: readFileSync(EXAMPLE_OVERLAY, 'utf8') },
  }).objects.find((o) => o.metadata.name === 'librechat-librechat-egress')!;
}

describe('component: secret env values', () => {
  beforeEach(resetCalls);

  it('an API key as a secret: the key enables its endpoint, the policy stays plain', async () => {
    const env = { ...envFile, MISTRAL_API_KEY: pulumi.secret('sk-mistral-0123456789') };
    const c = new LibreChatContainment('sec1', { cloud: 'kubeconfig', kubeconfig: { kubeconfig: '{}', clusterId: 'x' }, config: { path: EXAMPLE_CONFIG, env } });
    await settle();
    const fw = find('sec1', FW, 'sec1-firewallpolicy-librechat-librechat-egress').inputs;
    assert.ok(!isSecretInput(fw.spec), 'the spec is not secret');
    assert.deepEqual(fw, JSON.parse(JSON.stringify(expected({ ...envFile, MISTRAL_API_KEY: 'sk-mistral-0123456789' }))));
    assert.ok(!JSON.stringify(fw).includes('sk-mistral'));
    assert.equal(await isSecret(c.objects), false);
    assert.ok((await valueOf(c.allowedDomains)).librechat.includes('api.mistral.ai'));
  });

  it('a secret that decides a host keeps the object secret', async () => {
    const env = { ...envFile, AZURE_OPENAI_INSTANCE: pulumi.secret('contoso-secret-instance') };
    const c = new LibreChatContainment('sec2', { cloud: 'kubeconfig', kubeconfig: { kubeconfig: '{}', clusterId: 'x' }, config: { path: EXAMPLE_CONFIG, env } });
    await settle();
    const fw = find('sec2', FW, 'sec2-firewallpolicy-librechat-librechat-egress').inputs;
    assert.ok(isSecretInput(fw.spec), 'the spec is secret');
    assert.deepEqual(unwrapSecrets(fw), JSON.parse(JSON.stringify(expected({ ...envFile, AZURE_OPENAI_INSTANCE: 'contoso-secret-instance' }))));
    assert.ok(JSON.stringify(unwrapSecrets(fw)).includes('contoso-secret-instance.openai.azure.com'));
    assert.equal(await isSecret(c.objects), true);
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
    const blocking = buildContainment({ configText: text, configFile: 'librechat.yaml', env: buildEnvironment({}), derive: { decrypt: true } }).blocking.map((f) => f.id);
    const c = new LibreChatContainment('stdio1', {
      cloud: 'kubeconfig', kubeconfig: { kubeconfig: '{}', clusterId: 'x' }, config: { text }, tls: { caPem: CA_PEM }, acceptFindings: blocking,
    });
    const findings = await valueOf(c.findings);
    assert.ok(findings.some((f) => f.id === 'stdio-ca-env:github'));
    const fixes = await valueOf(c.stdioCaEnvFixes);
    assert.deepEqual(fixes.map((f) => [f.findingId, f.server]), [['stdio-ca-env:github', 'github']]);
    assert.match(fixes[0].yaml, /NODE_EXTRA_CA_CERTS: "\/etc\/librechat-containment\/ca\/ca\.crt"/);
  });
});
