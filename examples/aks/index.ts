// LibreChat on AKS, contained by Aviatrix DCF: the policy derived from ../librechat.yaml, the
// k8s-firewall CRDs and RBAC, the cluster-user role for the Aviatrix access account, and the CA.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { LibreChatContainment } from 'librechat-containment/component';

const config = new pulumi.Config();
const caFile = config.get('caFile');
// The public roots of the RAG API's bundle (its Python clients trust only that file): a bundle you
// pin in your repository, e.g. the cacert.pem of the certifi release the RAG API image pins.
const publicRootsFile = config.get('publicRootsFile');

const containment = new LibreChatContainment('librechat', {
  cloud: 'aks',
  aks: {
    resourceGroupName: config.require('resourceGroupName'),
    clusterName: config.require('clusterName'),
    // kubelogin login mode for Entra clusters (azurecli on a workstation, workloadidentity in CI).
    loginMode: config.get('loginMode') ?? 'azurecli',
    // Object id of the Aviatrix access account's service principal: "Azure Kubernetes Service
    // Cluster User Role" on the cluster, so the controller can fetch its (local-account) kubeconfig.
    controllerPrincipalId: config.get('controllerPrincipalId'),
  },
  config: {
    path: join(__dirname, '..', 'librechat.yaml'),
    envFile: join(__dirname, '..', 'librechat.env'),
    chartValuesPath: join(__dirname, '..', 'librechat.values.yaml'),
  },
  // An Entra-integrated cluster returns only an exec (kubelogin) credential, which the controller
  // cannot use: onboard it with the avx-controller ServiceAccount token (register controllerKubeconfig).
  onboarding: { mode: config.get('onboarding') ?? 'service-account-token' },
  namespace: 'librechat',
  release: 'librechat',
  aviatrix: { target: 'chart-10.1', mode: config.get('mode') ?? 'enforce' },
  // Decryption is opt-in (as the CLI's --decrypt): `pulumi config set decrypt true` (chart 10.1).
  tls: caFile
    ? {
        caPem: readFileSync(caFile, 'utf8'),
        decrypt: config.getBoolean('decrypt') ?? false,
        patchRagApi: true,
        publicRoots: 'pem',
        publicRootsPem: publicRootsFile ? readFileSync(publicRootsFile, 'utf8') : undefined,
      }
    : undefined,
});

export const clusterId = containment.clusterId;
export const controllerKubeconfig = containment.controllerKubeconfig;
export const allowedDomains = containment.allowedDomains;
export const objectNames = containment.objectNames;
export const helmValues = containment.helmValues;
