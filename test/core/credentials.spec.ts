// Keyless cloud credentials (issue 8 §1; fact sheet rows 65-66): a named mode per workload, from
// --credentials or the chart values' service account annotations, allows exactly that mode's
// endpoints for exactly that workload's pods, never through the admission gate of config values.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import fc from 'fast-check';
import { buildEnvironment } from '../../lib/config/env';
import { buildContainment, type Containment } from '../../lib/pipeline';
import type { DeriveOptions } from '../../lib/policy/derive';
import { CREDENTIAL_MODES, modeEndpoints } from '../../lib/policy/credentials';
import { explainText } from '../../lib/render/explain';
import { run } from '../../lib/cli/main';
import { EXAMPLES } from '../support/paths';
import { validateObject } from '../support/validate';
import { groupsOf, QUIET, renderedDomains } from '../support/core';

const RAG = 'librechat-rag-api:\n  enabled: true\n';

function stack(values: string, derive: DeriveOptions = {}, env: Record<string, string> = {}): Containment {
  return buildContainment({
    configText: QUIET,
    configFile: 'librechat.yaml',
    env: buildEnvironment({ pairs: env }),
    chartValues: { text: values, file: 'values.yaml' },
    derive,
  });
}
const np = (c: Containment, id: string): any =>
  c.objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.labels?.['librechat-containment/workload'] === id);
/** The non-DNS ipBlock rules of a workload's NetworkPolicy other than the internet rule. */
const ipRules = (c: Containment, id: string): string[] =>
  np(c, id)
    .spec.egress.filter((r: any) => r.to.length === 1 && r.to[0].ipBlock && !r.to[0].ipBlock.except)
    .map((r: any) => `${r.to[0].ipBlock.cidr}:${r.ports.map((p: any) => `${p.protocol}/${p.port}`).join('+')}`);

describe('keyless cloud credentials (fact sheet rows 65-66)', () => {
  it('row 65: IRSA (--credentials librechat=irsa, --region) allows sts.<region>.amazonaws.com:443 for LibreChat only', () => {
    const c = stack(RAG, { credentials: { librechat: 'irsa' }, region: 'eu-central-1', cloud: 'eks' });
    assert.deepEqual(groupsOf(c)['credentials-irsa'], ['sts.eu-central-1.amazonaws.com:443']);
    assert.equal(c.policy.groups.find((g) => g.name === 'credentials-irsa')?.workload, 'librechat');
    assert.ok(!c.policy.groups.some((g) => g.workload === 'rag-api' && g.name.startsWith('credentials')));
    assert.deepEqual(c.policy.credentialEndpoints, [
      {
        workload: 'librechat',
        mode: 'irsa',
        host: 'sts.eu-central-1.amazonaws.com',
        port: 443,
        purpose: 'AssumeRoleWithWebIdentity (regional STS)',
        source: { file: '(option)', path: '--credentials librechat=irsa', line: 0, column: 0 },
      },
    ]);
    assert.deepEqual(ipRules(c, 'librechat'), []);
  });

  it("row 65: IRSA from the chart values' eks.amazonaws.com/role-arn annotation, region from AWS_REGION", () => {
    const c = stack(
      'serviceAccount:\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/librechat\n',
      {},
      { AWS_REGION: 'us-west-2' },
    );
    assert.deepEqual(groupsOf(c)['credentials-irsa'], ['sts.us-west-2.amazonaws.com:443']);
    const e = c.policy.credentialEndpoints![0];
    assert.equal(e.source.file, 'values.yaml');
    assert.equal(e.source.path, 'serviceAccount.annotations.eks.amazonaws.com/role-arn');
    assert.ok(e.source.line > 0);
  });

  it('row 65: IRSA without a region is a blocking error that allows nothing, and accepting it opens nothing', () => {
    const c = stack('', { credentials: { librechat: 'irsa' } });
    assert.ok(c.blocking.some((f) => f.id === 'credentials-region-missing:librechat'));
    assert.ok(!renderedDomains(c).some((d) => d.startsWith('sts.')));
    const accepted = stack('', {
      credentials: { librechat: 'irsa' },
      accept: ['credentials-region-missing:librechat'],
    });
    assert.deepEqual(accepted.blocking, []);
    assert.deepEqual(groupsOf(accepted), groupsOf(c));
  });

  it('row 66: EKS Pod Identity is an ipBlock 169.254.170.23/32 on TCP 80 in the NetworkPolicy of that workload only', () => {
    const c = stack(RAG, { credentials: { 'rag-api': 'eks-pod-identity' } });
    assert.deepEqual(ipRules(c, 'rag-api'), ['169.254.170.23/32:TCP/80']);
    for (const id of ['librechat', 'mongodb', 'meilisearch', 'postgresql']) assert.deepEqual(ipRules(c, id), [], id);
    // Link-local traffic never reaches the gateway: no firewall domain for it.
    assert.ok(!renderedDomains(c).some((d) => d.startsWith('169.254')));
    for (const o of c.objects) assert.deepEqual(validateObject(o), []);
  });

  it("row 66: GKE Workload Identity from librechat-rag-api.serviceAccount's iam.gke.io/gcp-service-account: the metadata server (and its Dataplane V1 DNAT target)", () => {
    const c = stack(
      `${RAG}  serviceAccount:\n    annotations:\n      iam.gke.io/gcp-service-account: rag@proj.iam.gserviceaccount.com\n`,
      { cloud: 'gke' },
    );
    assert.deepEqual(ipRules(c, 'rag-api'), ['169.254.169.252/32:TCP/988', '169.254.169.254/32:TCP/80']);
    assert.deepEqual(ipRules(c, 'librechat'), []);
  });

  it('Azure workload identity needs both the client-id annotation and the pod label; it allows login.microsoftonline.com, no IMDS', () => {
    const both = stack(
      'serviceAccount:\n  annotations:\n    azure.workload.identity/client-id: 0000\npodLabels:\n  azure.workload.identity/use: "true"\n',
    );
    assert.deepEqual(groupsOf(both)['credentials-azure-workload-identity'], ['login.microsoftonline.com:443']);
    assert.deepEqual(ipRules(both, 'librechat'), []);
    const annotationOnly = stack('serviceAccount:\n  annotations:\n    azure.workload.identity/client-id: 0000\n');
    assert.ok(annotationOnly.policy.findings.some((f) => f.id === 'credentials-mode-unverified:librechat'));
    assert.deepEqual(annotationOnly.policy.credentialEndpoints, []);
  });

  it('Azure managed identity (IMDS) is 169.254.169.254/32 on TCP 80 for that workload', () => {
    const c = stack('', { credentials: { librechat: 'azure-managed-identity' }, cloud: 'aks' });
    assert.deepEqual(ipRules(c, 'librechat'), ['169.254.169.254/32:TCP/80']);
  });

  it('the explicit mode wins over the annotations, with a warning', () => {
    const c = stack('serviceAccount:\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::1:role/x\n', {
      credentials: { librechat: 'eks-pod-identity' },
    });
    assert.ok(c.policy.findings.some((f) => f.id === 'credentials-conflict:librechat' && f.severity === 'warning'));
    assert.deepEqual(ipRules(c, 'librechat'), ['169.254.170.23/32:TCP/80']);
    assert.ok(!groupsOf(c)['credentials-irsa']);
  });

  it('refuses an unknown workload, an unknown mode, and a mode of another cloud', () => {
    assert.throws(() => stack('', { credentials: { nope: 'irsa' } }), /no workload "nope"/);
    assert.throws(() => stack('', { credentials: { librechat: 'magic' as never } }), /must be one of/);
    assert.throws(
      () => stack('', { credentials: { librechat: 'irsa' }, cloud: 'gke' }),
      /eks mode, but --cloud is gke/,
    );
  });

  // The config-value path for special-purpose addresses (an error finding) is hosts.ts/context.ts's;
  // here: such a value never produces a credential endpoint or group.
  it('a config value pointing at the metadata address never becomes a credential endpoint', () => {
    const yaml = `${QUIET}  custom:\n    - name: Meta\n      baseURL: http://169.254.169.254/v1\n`;
    const c = buildContainment({
      configText: yaml,
      configFile: 'librechat.yaml',
      env: buildEnvironment({}),
      derive: { accept: ['internal-destination:llm-meta:169.254.169.254'] },
    });
    assert.deepEqual(c.policy.credentialEndpoints, []);
    assert.ok(!c.policy.groups.some((g) => g.name.startsWith('credentials')));
  });

  it('property: every mode opens exactly its endpoints, for exactly the named workload', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CREDENTIAL_MODES), fc.constantFrom('librechat', 'rag-api'), (mode, workload) => {
        const c = stack(RAG, { credentials: { [workload]: mode }, region: 'eu-west-1' });
        const expected = modeEndpoints(mode, 'eu-west-1');
        const got = c.policy.credentialEndpoints!;
        assert.deepEqual(
          got.map((e) => `${e.workload} ${e.host}:${e.port}`).sort(),
          expected.map((e) => `${workload} ${e.host}:${e.port}`).sort(),
        );
        for (const w of c.policy.workloads) {
          const mine = expected.filter((e) => /^\d/.test(e.host)).map((e) => `${e.host}/32:TCP/${e.port}`);
          assert.deepEqual(ipRules(c, w.id).sort(), w.id === workload ? mine.sort() : []);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('explain shows the mode and why each endpoint is allowed', () => {
    const text = explainText(stack(RAG, { credentials: { 'rag-api': 'gke-workload-identity' } }).policy);
    assert.match(text, /CLOUD CREDENTIALS\s+MODE\s+WHY\s+SOURCE/);
    assert.match(
      text,
      /169\.254\.169\.254:80 \(NetworkPolicy ipBlock\)\s+gke-workload-identity\s+GKE metadata server \(Workload Identity tokens\)\s+\(option\) --credentials rag-api=gke-workload-identity/,
    );
  });

  it('the CLI takes --credentials W=MODE[,W=MODE] and refuses a malformed one (exit 2)', () => {
    const io = { out: '', err: '' };
    const sink = { out: (t: string) => void (io.out += t), err: (t: string) => void (io.err += t) };
    const args = [
      'explain',
      join(EXAMPLES, 'librechat.yaml'),
      '--env-from',
      join(EXAMPLES, 'librechat.env'),
      '--chart-values',
      join(EXAMPLES, 'librechat.values.yaml'),
    ];
    assert.equal(
      run([...args, '--credentials', 'librechat=irsa,rag-api=eks-pod-identity', '--region', 'eu-central-1'], sink),
      0,
    );
    assert.match(io.out, /sts\.eu-central-1\.amazonaws\.com:443\s+irsa/);
    assert.match(io.out, /169\.254\.170\.23:80 \(NetworkPolicy ipBlock\)\s+eks-pod-identity/);
    assert.equal(run([...args, '--credentials', 'librechat'], sink), 2);
    assert.equal(run([...args, '--credentials', 'librechat=keys'], sink), 2);
  });
});
