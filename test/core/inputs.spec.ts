// lib/inputs without Pulumi: the component's argument check, the one input loader of the CLI and
// the component, the lists of option values, and the secret stand-in plan. Plain unit tests: the
// component suites (test/component) check the same behaviour through pulumi.runtime.setMocks.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../lib/cli/main';
import { HELP } from '../../lib/cli/help';
import { parseDotEnv } from '../../lib/config/env';
import { ArgumentError } from '../../lib/config/errors';
import { checkComponentArgs, readPolicyOptions } from '../../lib/inputs/arguments';
import { checkPreflight } from '../../lib/inputs/blocking';
import { CHOICES, CLOUDS, describeChoices, NODE_CLOUDS } from '../../lib/inputs/choices';
import { loadInputs } from '../../lib/inputs/load';
import { PENDING_SECRET, planContainment, resolveContainment, type BuildRequest } from '../../lib/inputs/secret-plan';
import type { Finding } from '../../lib/policy/model';
import { ROOT } from '../support/paths';

const EXAMPLES = join(ROOT, 'examples');
const CONFIG = join(EXAMPLES, 'librechat.yaml');
const ENV = join(EXAMPLES, 'librechat.env');

/** Stands in for a Pulumi Output: known only at deployment. */
class Later {
  constructor(readonly value?: string) {}
}
const deferred = (v: unknown): boolean => v instanceof Later;

const KC = { kubeconfig: '{}', clusterId: 'test' };
const args = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  cloud: 'kubeconfig',
  kubeconfig: KC,
  config: { path: CONFIG, envFile: ENV },
  ...extra,
});

function rejects(value: unknown, argument: string, problem: RegExp): void {
  assert.throws(
    () => checkComponentArgs(value, deferred),
    (e: unknown) => {
      assert.ok(e instanceof ArgumentError, `an ArgumentError, got ${e}`);
      assert.equal(e.argument, argument);
      assert.match(e.problem, problem);
      return true;
    },
  );
}

describe('inputs: the lists of option values', () => {
  it('one list per option, with its default first in help texts', () => {
    assert.equal(describeChoices('aviatrix.target'), 'chart-10.1 (default) or chart-8.2');
    assert.equal(describeChoices('aviatrix.logProfile'), 'start (default), end or start/end');
    assert.equal(describeChoices('aviatrix.mode'), 'enforce (default) or watch');
    assert.deepEqual([...CLOUDS], [...NODE_CLOUDS, 'kubeconfig']);
  });

  it("the CLI's help names every value of every option it has", () => {
    for (const name of [
      'aviatrix.target',
      'aviatrix.mode',
      'aviatrix.logProfile',
      'aviatrix.form',
      'chartVersion',
    ] as const)
      for (const v of CHOICES[name].values) assert.ok(HELP.render.includes(v), `${name}: ${v}`);
    assert.ok(HELP.render.includes(`--cloud ${NODE_CLOUDS.join('|')}`));
  });

  it('the CLI words an argument problem with its flag, and exits 2', () => {
    const io = { out: '', err: '' };
    const capture = { out: (t: string) => void (io.out += t), err: (t: string) => void (io.err += t) };
    assert.equal(run(['render', CONFIG, '--env-from', ENV, '--log-profile', 'all'], capture), 2);
    assert.match(io.err, /^error: --log-profile must be one of start, end, start\/end \(got "all"\)/);
    assert.equal(io.out, '');
    io.err = '';
    assert.equal(run(['render', CONFIG, '--env-from', join(EXAMPLES, 'nope.env')], capture), 2);
    assert.match(io.err, /^error: --env-from cannot read .*nope\.env \(ENOENT\)\nfix: Check the path of the env file/);
    io.err = '';
    assert.equal(run(['render', CONFIG, '--env-from', ENV, '--namespace', 'Bad_NS'], capture), 2);
    assert.match(io.err, /^error: --namespace "Bad_NS" is not a valid Kubernetes name/);
  });
});

describe('inputs: the options the CLI and the component share', () => {
  it('reads them into derive and Aviatrix options, naming the argument of a wrong value', () => {
    const o = readPolicyOptions({
      namespace: 'chat',
      workloadLabels: { mongodb: { app: 'db' } },
      aviatrix: { target: 'chart-8.2', form: 'webgroup-policy' },
      cloud: 'eks',
    });
    assert.equal(o.derive.namespace, 'chat');
    assert.deepEqual(o.derive.workloadLabels, { mongodb: { app: 'db' } });
    assert.deepEqual(o.aviatrix, {
      target: 'chart-8.2',
      mode: undefined,
      logProfile: undefined,
      form: 'webgroup-policy',
    });
    const wrong = (values: Parameters<typeof readPolicyOptions>[0], argument: string, problem: RegExp) =>
      assert.throws(
        () => readPolicyOptions(values),
        (e: unknown) => e instanceof ArgumentError && e.argument === argument && problem.test(e.problem),
      );
    wrong({ aviatrix: { mode: 'audit' } }, 'aviatrix.mode', /must be one of enforce, watch \(got "audit"\)/);
    wrong({ aviatrix: { form: 'networkpolicy' } }, 'aviatrix.form', /firewall-policy, webgroup-policy/);
    wrong({ cloud: 'kubeconfig' }, 'cloud', /must be one of eks, aks, gke/);
    wrong({ chartVersion: '9.9.9' }, 'chartVersion', /2\.0\.2, 2\.0\.4/);
    wrong({ workloadLabels: { Mongo_DB: {} } }, 'workloadLabels.Mongo_DB', /not a workload id/);
    wrong({ librechatLabels: { app: 3 } }, 'librechatLabels.app', /must be a string/);
  });
});

describe("inputs: the component's arguments", () => {
  it('names the argument of every problem, before anything is built', () => {
    rejects(undefined, 'args', /are required/);
    rejects({ ...args(), cloud: undefined }, 'cloud', /is required/);
    rejects({ ...args(), cloud: 'openshift' }, 'cloud', /must be one of eks, aks, gke, kubeconfig/);
    rejects({ ...args(), cloud: new Later('kubeconfig') }, 'cloud', /plain value known when the program starts/);
    rejects({ ...args(), cloud: 'eks' }, 'kubeconfig', /is set but cloud is "eks"/);
    rejects({ ...args(), cloud: 'eks', kubeconfig: undefined }, 'eks', /is required when cloud is "eks"/);
    rejects({ ...args(), kubeconfig: { kubeconfig: '{}' } }, 'kubeconfig.clusterId', /is required/);
    const eks = { clusterName: 'c', region: 'eu-west-1' };
    rejects(
      { ...args(), cloud: 'eks', kubeconfig: undefined, eks: { ...eks, controllerRoleArn: 'aviatrix-role-app' } },
      'eks.controllerRoleArn',
      /not an IAM role ARN/,
    );
    // A deferred identity is the cloud's to check.
    checkComponentArgs(
      { ...args(), cloud: 'eks', kubeconfig: undefined, eks: { ...eks, controllerRoleArn: new Later() } },
      deferred,
    );
    const aks = { resourceGroupName: 'rg', clusterName: 'c' };
    rejects(
      { ...args(), cloud: 'aks', kubeconfig: undefined, aks: { ...aks, loginMode: 'devicecode' } },
      'aks.loginMode',
      /azurecli, workloadidentity, msi, spn, azd/,
    );
    const gke = { project: 'p', location: 'l', clusterName: 'c' };
    rejects(
      { ...args(), cloud: 'gke', kubeconfig: undefined, gke: { ...gke, controllerRole: 'roles/owner' } },
      'gke.controllerRole',
      /far broader/,
    );
    rejects(args({ namespace: new Later('chat') }), 'namespace', /not an Output or a Promise/);
    rejects(args({ acceptFindings: 'cluster-snat' }), 'acceptFindings', /must be a list of finding ids/);
    rejects(args({ aviatrix: { logProfile: 'all' } }), 'aviatrix.logProfile', /start, end, start\/end/);
    rejects(args({ installCrds: 'yes' }), 'installCrds', /true or false/);
    rejects(args({ tls: { decrypt: true } }), 'tls.caPem', /is required when tls is set/);
    rejects(args({ tls: { caPem: 'hello' } }), 'tls.caPem', /no PEM certificate/);
    rejects(
      args({ tls: { caPem: new Later(), decrypt: true }, aviatrix: { target: 'chart-8.2' } }),
      'tls.decrypt',
      /chart-10\.1/,
    );
    rejects(args({ tls: { caPem: new Later(), mountPath: 'ca' } }), 'tls.mountPath', /absolute path/);
    rejects(args({ config: undefined }), 'config', /is required/);
    rejects(
      args({ config: { text: 'version: 1.3.9', env: { 'BAD NAME': 'x' } } }),
      'config.env.BAD NAME',
      /not an environment variable name/,
    );
    rejects(args({ config: { text: 'version: 1.3.9', env: { N: 1 } } }), 'config.env.N', /must be a string/);
  });

  it('gives the settings: defaults, accepted ids split between the core and the cluster gate, env known and deferred', () => {
    const secret = new Later('sk');
    const s = checkComponentArgs<Later>(
      args({
        acceptFindings: ['cluster-snat', 'mcp-user-servers'],
        config: { path: CONFIG, envFile: ENV, env: { A: 'a', B: secret } },
        tls: { caPem: new Later() },
      }),
      deferred,
    );
    assert.equal(s.cloud, 'kubeconfig');
    assert.equal(s.policy.derive.namespace, 'librechat');
    assert.equal(s.policy.derive.release, 'librechat');
    assert.equal(s.policy.derive.decrypt, false, 'decryption is opt-in');
    assert.deepEqual(s.accept, { config: ['mcp-user-servers'], cluster: ['cluster-snat'] });
    assert.deepEqual(s.policy.derive.accept, ['mcp-user-servers']);
    assert.deepEqual(s.env, { known: { A: 'a' }, pending: { B: secret } });
    assert.deepEqual(s.sources.envFiles, [ENV]);
    assert.equal(s.tls!.ca, undefined, 'a deferred CA is checked at deployment');
    assert.deepEqual([s.tls!.patchLibreChat, s.tls!.patchRagApi], [true, false]);
    assert.deepEqual([s.installCrds, s.installRbac, s.networkPolicies, s.librechatSchema], [true, true, true, false]);
    assert.deepEqual([s.existingCrds, s.existingRbac], ['fail', 'fail']);
  });

  it('existingCrds / existingRbac: fail (default), adopt, skip (= installX false); adopt needs installX', () => {
    const s = (extra: Record<string, unknown>) => checkComponentArgs(args(extra), deferred);
    assert.deepEqual(CHOICES.existingCrds, { values: ['fail', 'adopt', 'skip'], default: 'fail' });
    assert.deepEqual(CHOICES.existingRbac, CHOICES.existingCrds);
    const adopt = s({ existingCrds: 'adopt', existingRbac: 'adopt' });
    assert.deepEqual(
      [adopt.installCrds, adopt.existingCrds, adopt.installRbac, adopt.existingRbac],
      [true, 'adopt', true, 'adopt'],
    );
    const skip = s({ existingCrds: 'skip', existingRbac: 'skip' });
    assert.deepEqual([skip.installCrds, skip.installRbac], [false, false]);
    assert.deepEqual([s({ installCrds: false }).installCrds, s({ existingRbac: 'fail' }).installRbac], [false, true]);
    rejects(args({ existingRbac: 'take' }), 'existingRbac', /must be one of fail, adopt, skip \(got "take"\)/);
    rejects(args({ existingCrds: true }), 'existingCrds', /must be a string/);
    rejects(args({ installCrds: false, existingCrds: 'adopt' }), 'existingCrds', /adopt needs installCrds true/);
    rejects(args({ existingRbac: new Later('adopt') }), 'existingRbac', /not an Output or a Promise/);
  });
});

describe('inputs: the one loader of the CLI and the component', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lcc-inputs-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the overlay beside the config, reads env files in order, and names texts', () => {
    const cfg = join(dir, 'librechat.yaml');
    writeFileSync(cfg, 'version: 1.3.9\n');
    writeFileSync(join(dir, 'librechat.overlay.yaml'), 'mcpServers: {}\n');
    writeFileSync(join(dir, 'a.env'), 'A=1\n');
    const loaded = loadInputs({ config: { path: cfg }, envFiles: [join(dir, 'a.env')] });
    assert.equal(loaded.configText, 'version: 1.3.9\n');
    assert.ok(!loaded.configFile.startsWith('/'), 'never a machine path');
    assert.equal(loaded.overlay!.text, 'mcpServers: {}\n');
    assert.match(loaded.overlay!.file, /librechat\.overlay\.yaml$/);
    assert.deepEqual(
      loaded.envFiles.map((f) => f.text),
      ['A=1\n'],
    );
    // An explicit overlay text wins over the conventional file; texts get their conventional names.
    const texts = loadInputs({ config: { text: 'x: 1' }, overlay: { text: 'o' }, chartValues: { text: 'v' } });
    assert.deepEqual(
      [texts.configFile, texts.overlay!.file, texts.chartValues!.file],
      ['librechat.yaml', 'librechat.overlay.yaml', 'values.yaml'],
    );
    assert.equal(loadInputs({ config: { text: 'x: 1', name: 'prod.yaml' } }).configFile, 'prod.yaml');
    assert.equal(loadInputs({ config: { text: 'x: 1' } }).overlay, undefined);
  });

  it('names the argument of a file it cannot read, or of a file given twice', () => {
    const fails = (sources: Parameters<typeof loadInputs>[0], argument: string, problem: RegExp) =>
      assert.throws(
        () => loadInputs(sources),
        (e: unknown) => e instanceof ArgumentError && e.argument === argument && problem.test(e.problem) && !!e.fix,
      );
    fails({ config: { path: join(dir, 'nope.yaml') } }, 'config.path', /cannot read .*nope\.yaml \(ENOENT\)/);
    fails({ config: { text: 'x' }, envFiles: [join(dir, 'nope.env')] }, 'config.envFile', /ENOENT/);
    fails({ config: { text: 'x' }, chartValues: { path: join(dir, 'v.yaml') } }, 'config.chartValuesPath', /ENOENT/);
    assert.throws(
      () => loadInputs({ config: { text: 'x' }, overlay: { path: 'o.yaml', text: 'o' } }),
      (e: unknown) => e instanceof ArgumentError && e.argument === 'config.overlayPath' && /not both/.test(e.problem),
    );
    assert.throws(
      () => loadInputs({ config: { path: 'a.yaml', text: 'x' } }),
      (e: unknown) => e instanceof ArgumentError && e.argument === 'config' && /exactly one/.test(e.problem),
    );
    assert.throws(
      () => loadInputs({ config: {} }),
      (e: unknown) => e instanceof ArgumentError && /exactly one of config\.path and config\.text/.test(e.problem),
    );
  });
});

describe('inputs: the secret stand-in plan', () => {
  const envFile = Object.fromEntries([...parseDotEnv(readFileSync(ENV, 'utf8'), 'env')].map(([k, v]) => [k, v.value]));
  // The bundled example with its overlay (found beside it), or a config text.
  const request = (configText?: string): BuildRequest => ({
    inputs: loadInputs({ config: configText === undefined ? { path: CONFIG } : { text: configText } }),
    policy: { derive: {}, aviatrix: {} },
    configArgument: 'config.text',
  });

  it('plans with a stand-in; a secret that changes nothing leaves the outputs plain', () => {
    const known = { ...envFile };
    delete (known as Record<string, string>).MISTRAL_API_KEY;
    const planned = planContainment(request(), known, ['MISTRAL_API_KEY']);
    assert.ok(JSON.stringify(planned.objects).includes('api.mistral.ai'), 'the stand-in enables the endpoint');
    assert.ok(!JSON.stringify(planned).includes(PENDING_SECRET.toUpperCase()));
    const r = resolveContainment(request(), known, planned, { MISTRAL_API_KEY: 'sk-mistral-0123456789' });
    assert.equal(r.leaks, false);
    assert.ok(!JSON.stringify(r.real.objects).includes('sk-mistral'));
  });

  it('a secret that decides a host influences the outputs (found lower-cased, where a text search would miss it)', () => {
    const known: Record<string, string> = { ...envFile };
    delete known.AZURE_OPENAI_INSTANCE;
    const planned = planContainment(request(), known, ['AZURE_OPENAI_INSTANCE']);
    const r = resolveContainment(request(), known, planned, { AZURE_OPENAI_INSTANCE: 'Contoso-Secret-Instance' });
    assert.equal(r.leaks, true);
    assert.ok(JSON.stringify(r.real.objects).includes('contoso-secret-instance.openai.azure.com'));
  });

  const BLOCKING = `version: 1.3.9
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

  it('blocking findings: now when every value is known, at resolution with the secret never quoted', () => {
    assert.throws(
      () => planContainment(request(BLOCKING), {}, []),
      (e: unknown) =>
        e instanceof ArgumentError &&
        e.argument === 'config' &&
        /1 error finding\(s\) in the LibreChat config are not accepted[\s\S]*unresolved-variable:endpoints\.custom\.Gateway\.baseURL/.test(
          e.problem,
        ),
    );
    const planned = planContainment(request(BLOCKING), {}, ['GATEWAY_URL']);
    assert.throws(
      () => resolveContainment(request(BLOCKING), {}, planned, { GATEWAY_URL: 'ftp://secret-host-zz.example/v1' }),
      (e: unknown) => {
        assert.ok(e instanceof ArgumentError && e.argument === 'config');
        assert.match(
          e.problem,
          /invalid-url:endpoints\.custom\.Gateway\.baseURL: \(not shown: it depends on the secret value of GATEWAY_URL\)/,
        );
        assert.ok(!e.message.includes('secret-host-zz'));
        return true;
      },
    );
  });

  it('the guard: a plain secret that would reach a plain output is named, never printed', () => {
    const text = BLOCKING.replace("apiKey: 'x'", "apiKey: 'user_provided'").replace(
      "'${GATEWAY_URL}'",
      "'https://${GATEWAY_TOKEN}/v1'",
    );
    const value = 'tok-0123456789.example.net';
    assert.throws(
      () => planContainment(request(text), { GATEWAY_TOKEN: value }, []),
      (e: unknown) =>
        e instanceof ArgumentError && /the value of GATEWAY_TOKEN/.test(e.problem) && !e.message.includes(value),
    );
  });

  it('the cluster preflight: accepted ids are marked, others block naming the cloud', () => {
    const snat: Finding = {
      id: 'cluster-snat',
      kind: 'cluster-snat',
      severity: 'error',
      message: 'SNAT is on',
      fix: '',
    };
    assert.equal(checkPreflight('gke', [snat], ['cluster-snat'])[0].accepted, true);
    assert.throws(
      () => checkPreflight('gke', [snat], []),
      (e: unknown) =>
        e instanceof ArgumentError &&
        e.argument === 'gke' &&
        /1 error finding\(s\) from the cluster preflight[\s\S]*cluster-snat: SNAT is on[\s\S]*acceptFindings: \["cluster-snat"\]/.test(
          e.problem,
        ),
    );
  });
});
