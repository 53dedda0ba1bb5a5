// What each entry point loads, in a fresh process: the core loads no Pulumi package, the component
// only @pulumi/pulumi and @pulumi/kubernetes, and a component for one cloud only that cloud's SDK.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const DIST = join(__dirname, '..', '..');

function loadedBy(script: string): string[] {
  const report = `const l=Object.keys(require.cache).map((p)=>(/node_modules[\\\\/](@pulumi[\\\\/][^\\\\/]+)/.exec(p)||[])[1]).filter(Boolean).map((s)=>s.replace('\\\\','/'));console.log(JSON.stringify([...new Set(l)].sort()));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', `${script};${report}`], { cwd: DIST, encoding: 'utf8' }).trim().split('\n').pop()!);
}

describe('loading: only what is used', function () {
  this.timeout(30000);

  it('the core (librechat-containment) loads no @pulumi package', () => {
    assert.deepEqual(loadedBy(`require(${JSON.stringify(join(DIST, 'lib', 'index.js'))})`), []);
  });

  it('the component loads @pulumi/pulumi and @pulumi/kubernetes, and no cloud SDK', () => {
    assert.deepEqual(loadedBy(`require(${JSON.stringify(join(DIST, 'lib', 'component', 'index.js'))})`), ['@pulumi/kubernetes', '@pulumi/pulumi']);
  });

  for (const [cloud, sdk, mock, args] of [
    ['eks', '@pulumi/aws', 'mockEks()', `{ clusterName: 'c', region: 'eu-west-1', controllerRoleArn: 'arn:aws:iam::123456789012:role/r' }`],
    ['aks', '@pulumi/azure-native', 'mockAks()', `{ resourceGroupName: 'rg', clusterName: 'c', controllerPrincipalId: '11111111-2222-3333-4444-555555555555' }`],
    ['gke', '@pulumi/gcp', 'mockGke()', `{ project: 'p', location: 'l', clusterName: 'c', controllerServiceAccount: 'sa@p.iam.gserviceaccount.com' }`],
  ]) {
    it(`a component for ${cloud} loads ${sdk} and no other cloud SDK`, () => {
      const script = [
        `const m=require(${JSON.stringify(join(DIST, 'test', 'support', 'pulumi-mocks.js'))})`,
        `const h=require(${JSON.stringify(join(DIST, 'test', 'component', 'helpers.js'))})`,
        `const {LibreChatContainment}=require(${JSON.stringify(join(DIST, 'lib', 'component', 'index.js'))})`,
        `h.${mock}`,
        `new LibreChatContainment('load', { cloud: '${cloud}', ${cloud}: ${args}, config: { path: h.EXAMPLE_CONFIG, envFile: h.EXAMPLE_ENV }, acceptFindings: ['cluster-snat-unverified'] })`,
      ].join(';');
      assert.deepEqual(loadedBy(script), ['@pulumi/kubernetes', '@pulumi/pulumi', sdk].sort());
    });
  }
});
