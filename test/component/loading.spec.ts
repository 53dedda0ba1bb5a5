// What each entry point loads, in a fresh process: the core loads no Pulumi package, the component
// only @pulumi/pulumi and @pulumi/kubernetes, and a component for one cloud only that cloud's SDK.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const DIST = join(__dirname, '..', '..');

function loadedBy(script: string): string[] {
  const report = `const l=Object.keys(require.cache).map((p)=>(/node_modules[\\\\/](@pulumi[\\\\/][^\\\\/]+)/.exec(p)||[])[1]).filter(Boolean).map((s)=>s.replace('\\\\','/'));console.log(JSON.stringify([...new Set(l)].sort()));`;
  return JSON.parse(
    execFileSync(process.execPath, ['-e', `${script};${report}`], { cwd: DIST, encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop()!,
  );
}

describe('loading: only what is used', function () {
  this.timeout(30000);

  it('the core (librechat-containment) loads no @pulumi package', () => {
    assert.deepEqual(loadedBy(`require(${JSON.stringify(join(DIST, 'lib', 'index.js'))})`), []);
  });

  it('the component loads @pulumi/pulumi and @pulumi/kubernetes, and no cloud SDK', () => {
    assert.deepEqual(loadedBy(`require(${JSON.stringify(join(DIST, 'lib', 'component', 'index.js'))})`), [
      '@pulumi/kubernetes',
      '@pulumi/pulumi',
    ]);
  });

  for (const [cloud, sdk, mock, args] of [
    [
      'eks',
      '@pulumi/aws',
      'mockEks()',
      `{ clusterName: 'c', region: 'eu-west-1', controllerRoleArn: 'arn:aws:iam::123456789012:role/r' }`,
    ],
    [
      'aks',
      '@pulumi/azure-native',
      'mockAks({}, false)',
      `{ resourceGroupName: 'rg', clusterName: 'c', controllerPrincipalId: '11111111-2222-3333-4444-555555555555' }`,
    ],
    [
      'gke',
      '@pulumi/gcp',
      'mockGke()',
      `{ project: 'p', location: 'l', clusterName: 'c', controllerServiceAccount: 'sa@p.iam.gserviceaccount.com' }`,
    ],
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

  it('pulumi preview registers the whole graph (lookups answered, no value missing)', () => {
    const script = [
      `const pulumi=require('@pulumi/pulumi')`,
      `const seen=[]`,
      `const h=require(${JSON.stringify(join(DIST, 'test', 'component', 'helpers.js'))})`,
      // A preview-mode mock of its own (this is a separate process): it answers the EKS lookups (cluster, vpc-cni add-on, no access entry yet).
      `pulumi.runtime.setMocks({newResource(a){seen.push(a.type);return {id:undefined,state:a.inputs}},call(a){if(a.token==='aws:eks/getAddon:getAddon')return {addonName:'vpc-cni',configurationValues:JSON.stringify({enableNetworkPolicy:'true'})};if(a.token==='aws:eks/getAccessEntry:getAccessEntry')throw Object.assign(new Error('x'),{details:'reading EKS Access Entry (c:r): ResourceNotFoundException: The specified access entry could not be found'});if(a.token!=='aws:eks/getCluster:getCluster')throw new Error('unmocked '+a.token);return {name:'c',arn:h.EKS_ARN,endpoint:'https://x.eks.amazonaws.com',certificateAuthorities:[{data:h.CLUSTER_CA}],accessConfigs:[{authenticationMode:'API_AND_CONFIG_MAP'}],vpcConfig:{endpointPublicAccess:true,publicAccessCidrs:['0.0.0.0/0']}}}},'p','s',true)`,
      `const {LibreChatContainment}=require(${JSON.stringify(join(DIST, 'lib', 'component', 'index.js'))})`,
      `new LibreChatContainment('prev',{cloud:'eks',eks:{clusterName:'c',region:'eu-west-1',controllerRoleArn:'arn:aws:iam::123456789012:role/r'},config:{path:h.EXAMPLE_CONFIG,envFile:h.EXAMPLE_ENV},tls:{caPem:h.CA_PEM},acceptFindings:['cluster-snat-unverified']})`,
      `setTimeout(()=>console.log(JSON.stringify(seen)),1000)`,
    ].join(';');
    const seen: string[] = JSON.parse(
      execFileSync(process.execPath, ['-e', script], { cwd: DIST, encoding: 'utf8' }).trim().split('\n').pop()!,
    );
    for (const type of [
      'pulumi:providers:kubernetes',
      'aws:eks/accessEntry:AccessEntry',
      'kubernetes:apps/v1:DeploymentPatch',
      'kubernetes:core/v1:ConfigMap',
      'kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition',
      'kubernetes:networking.aviatrix.com/v1alpha1:FirewallPolicy',
      'kubernetes:networking.k8s.io/v1:NetworkPolicy',
    ]) {
      assert.ok(seen.includes(type), `${type} registered in preview`);
    }
  });
});
