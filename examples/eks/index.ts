// LibreChat on EKS, contained by Aviatrix DCF: the policy derived from ../librechat.yaml, the
// k8s-firewall CRDs and RBAC, the Aviatrix controller's access entry, and the inspection CA.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { LibreChatContainment } from 'librechat-containment/component';

const config = new pulumi.Config();
const caFile = config.get('caFile');

const containment = new LibreChatContainment('librechat', {
  cloud: 'eks',
  eks: {
    clusterName: config.require('clusterName'),
    region: config.require('region'),
    // aviatrix-role-app of this account: gets an access entry (groups avx-controller, view-nodes)
    // and the AmazonEKSViewPolicy association.
    controllerRoleArn: config.get('controllerRoleArn'),
  },
  config: {
    path: join(__dirname, '..', 'librechat.yaml'),
    envFile: join(__dirname, '..', 'librechat.env'),
    chartValuesPath: join(__dirname, '..', 'librechat.values.yaml'),
    // Secrets are fine here: they are resolved at deployment and never written to plain state.
    env: { MISTRAL_API_KEY: config.requireSecret('mistralApiKey') },
  },
  namespace: 'librechat',
  release: 'librechat',
  aviatrix: { target: 'chart-10.1', mode: config.get('mode') ?? 'enforce' },
  // Decryption is opt-in (as the CLI's --decrypt): `pulumi config set decrypt true` (chart 10.1).
  tls: caFile ? { caPem: readFileSync(caFile, 'utf8'), decrypt: config.getBoolean('decrypt') ?? false } : undefined,
  // EKS does not expose the VPC CNI's SNAT setting: the warning cluster-snat-unverified reminds
  // you to set AWS_VPC_K8S_CNI_EXTERNALSNAT=true on aws-node.
});

export const clusterId = containment.clusterId;
export const allowedDomains = containment.allowedDomains;
export const objectNames = containment.objectNames;
export const findings = containment.findings;
