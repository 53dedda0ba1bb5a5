// The root Pulumi program (Pulumi.yaml; stack templates in stacks/): one program for EKS, AKS, GKE
// or any cluster with a kubeconfig. Each stack names its cloud and cluster; the LibreChat config and
// the policy settings are the same on all of them. Build first (`npm run build`): Pulumi runs
// dist/index.js; it works from the project directory (Pulumi.yaml's), where the stack's paths point.
import * as pulumi from '@pulumi/pulumi';
import { containmentFromStackConfig } from './lib/component/stack-config';

// Paths in the stack config are relative to the project (where Pulumi.yaml is), whatever the
// working directory the language host gives the program (it may be the folder of `main`, dist/):
// work from the project root, so files are read and named relative to it.
const projectRoot = pulumi.runtime.getRootDirectory();
if (projectRoot) process.chdir(projectRoot);
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
