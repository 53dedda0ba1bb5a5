// LibreChat on GKE, contained by Aviatrix DCF: the policy derived from ../librechat.yaml, the
// k8s-firewall CRDs and RBAC, IAM for the Aviatrix controller's service account, and the CA.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { LibreChatContainment } from 'librechat-containment/component';

const config = new pulumi.Config();
const caFile = config.get('caFile');

const containment = new LibreChatContainment('librechat', {
  cloud: 'gke',
  gke: {
    project: config.require('project'),
    location: config.require('location'),
    clusterName: config.require('clusterName'),
    // The Aviatrix GCP access account's service account: a custom role with only
    // container.clusters.get and getCredentials on the project (limited to this cluster), and
    // avx-controller bound to it in the cluster.
    controllerServiceAccount: config.get('controllerServiceAccount'),
  },
  config: {
    path: join(__dirname, '..', 'librechat.yaml'),
    envFile: join(__dirname, '..', 'librechat.env'),
    chartValuesPath: join(__dirname, '..', 'librechat.values.yaml'),
  },
  namespace: 'librechat',
  release: 'librechat',
  aviatrix: { target: 'chart-10.1', mode: config.get('mode') ?? 'enforce' },
  // Decryption is opt-in (as the CLI's --decrypt): `pulumi config set decrypt true` (chart 10.1).
  tls: caFile ? { caPem: readFileSync(caFile, 'utf8'), decrypt: config.getBoolean('decrypt') ?? false } : undefined,
});

export const clusterId = containment.clusterId;
export const allowedDomains = containment.allowedDomains;
export const objectNames = containment.objectNames;
export const findings = containment.findings;
