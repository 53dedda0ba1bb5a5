// The root Pulumi program (Pulumi.yaml; stack templates in stacks/): one program for EKS, AKS, GKE
// or any cluster with a kubeconfig. Each stack names its cloud and cluster; the LibreChat config and
// the policy settings are the same on all of them. Build first (`npm run build`): Pulumi runs
// dist/index.js, with the project directory as the working directory.
import { containmentFromStackConfig } from './lib/component/stack-config';

const containment = containmentFromStackConfig(process.cwd());

export const clusterId = containment.clusterId;
export const allowedDomains = containment.allowedDomains;
export const objectNames = containment.objectNames;
export const findings = containment.findings;
// The kubeconfig stays out of the stack outputs (it is the deployer's credential); the controller's
// own kubeconfig is exported with ServiceAccount-token onboarding.
export const controllerKubeconfig = containment.controllerKubeconfig;
export const imagePulls = containment.imagePulls;
export const helmValues = containment.helmValues;
export const stdioCaEnvFixes = containment.stdioCaEnvFixes;
