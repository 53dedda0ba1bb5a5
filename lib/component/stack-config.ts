// The root Pulumi program's logic: stack configuration (stacks/Pulumi.<stack>.yaml) → the
// component's arguments. One program for every cloud: a stack names its cloud and that cloud's
// cluster, and shares the same LibreChat config and policy settings with the others.
import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import type { AviatrixArgs, ConfigArgs, LibreChatContainmentArgs, OnboardingArgs, RbacArgs, TlsArgs } from './args';
import { LibreChatContainment } from './librechat-containment';

/** The configuration namespace (the root Pulumi.yaml's project name). */
export const STACK_CONFIG_NAMESPACE = 'librechat-containment';

/**
 * Stack configuration keys (all in the `librechat-containment` namespace):
 * - `cloud`: eks | aks | gke | kubeconfig
 * - `eks` {clusterName, region, controllerRoleArn?, roleArn?, profile?}
 * - `aks` {resourceGroupName, clusterName, subscriptionId?, loginMode?, controllerPrincipalId?}
 * - `gke` {project, location, clusterName, controllerServiceAccount?, controllerRole?}
 * - `kubeconfig` {clusterId, path}: a kubeconfig file for any other cluster
 * - `librechat` {path, envFile?, overlayPath?, chartValuesPath?, env?}: paths relative to the project;
 *   when the key holds a secret (`pulumi config set --secret --path librechat.env.NAME`), every env value is a secret
 * - `secretEnv` {NAME: value}: env values read as secrets (`pulumi config set --secret --path secretEnv.NAME`)
 * - `namespace`, `release`, `chartVersion`, `aviatrix` {target, mode, logProfile, form}
 * - `tls` {caFile, decrypt?, patchLibreChat?, patchRagApi?, publicRoots?, publicRootsFile?, configMapName?,
 *   deployment?, container?, ragDeployment?, ragContainer?, mountPath?} or the secret `tlsCaPem`
 * - `acceptFindings` [ids], `egressProxy`, `installCrds`, `installRbac`, `existingCrds`, `existingRbac`, `networkPolicies`, `rbac` {aiVisibility, manageNetworkPolicies},
 *   `onboarding` {mode, namespace}
 */
/** The stack's `tls`: the component's `tls` arguments, with the CA and the roots as files. */
type StackTls = Omit<TlsArgs, 'caPem' | 'publicRootsPem'> & { caFile?: string; publicRootsFile?: string };
/** Every key of StackTls (the compiler checks that none is missing or extra). */
const STACK_TLS_KEY_SET: Record<keyof StackTls, true> = {
  caFile: true,
  decrypt: true,
  patchLibreChat: true,
  patchRagApi: true,
  publicRoots: true,
  publicRootsFile: true,
  configMapName: true,
  deployment: true,
  container: true,
  ragDeployment: true,
  ragContainer: true,
  mountPath: true,
};
const STACK_TLS_KEYS = Object.keys(STACK_TLS_KEY_SET);

export function argsFromStackConfig(config: pulumi.Config, baseDir: string): LibreChatContainmentArgs {
  // Paths relative to the working directory (the project, where `pulumi up` runs the program), so
  // findings name them as the user wrote them and never as a machine path in state.
  const rel = (p: string | undefined): string | undefined => {
    if (p === undefined) return p;
    const full = isAbsolute(p) ? p : join(baseDir, p);
    const r = relative(process.cwd(), full);
    return r === '' || isAbsolute(r) ? full : r;
  };
  const cloud = config.require('cloud');
  type Librechat = {
    path: string;
    envFile?: string;
    overlayPath?: string;
    chartValuesPath?: string;
    env?: Record<string, string>;
  };
  const librechat = config.requireObject<Librechat>('librechat');
  // `pulumi config set --secret` values stay secret: when `librechat` holds one (a secret set with
  // --path librechat.env.NAME makes the whole key secret), every env value is read as a secret;
  // `secretEnv` (NAME → value) is always read as secrets.
  const env: Record<string, pulumi.Input<string>> = {};
  // (isConfigSecret is exported by @pulumi/pulumi's runtime but not declared in its types.)
  const isConfigSecret = (pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean }).isConfigSecret;
  const librechatSecret = isConfigSecret?.(`${STACK_CONFIG_NAMESPACE}:librechat`) === true;
  const secretLibrechat = librechatSecret ? config.requireSecretObject<Librechat>('librechat') : undefined;
  for (const [k, v] of Object.entries(librechat.env ?? {}))
    env[k] = secretLibrechat ? secretLibrechat.apply((o) => String(o.env![k])) : v;
  const secretEnvNames = Object.keys(config.getObject<Record<string, string>>('secretEnv') ?? {});
  const secretEnv =
    secretEnvNames.length > 0 ? config.requireSecretObject<Record<string, string>>('secretEnv') : undefined;
  for (const k of secretEnvNames) env[k] = secretEnv!.apply((o) => String(o[k]));
  const cfg: ConfigArgs = {
    path: rel(librechat.path),
    envFile: rel(librechat.envFile),
    overlayPath: rel(librechat.overlayPath),
    chartValuesPath: rel(librechat.chartValuesPath),
    env: Object.keys(env).length > 0 ? env : undefined,
  };
  const kubeconfig = config.getObject<{ clusterId: string; path: string }>('kubeconfig');
  const tlsConfig = config.getObject<StackTls>('tls');
  const unknownTls = Object.keys(tlsConfig ?? {}).filter((k) => !STACK_TLS_KEYS.includes(k));
  if (unknownTls.length > 0)
    throw new Error(
      `${STACK_CONFIG_NAMESPACE}:tls has no key ${unknownTls.map((k) => JSON.stringify(k)).join(', ')}: ` +
        `its keys are ${STACK_TLS_KEYS.join(', ')}`,
    );
  const secretPem = config.getSecret('tlsCaPem');
  if (secretPem !== undefined && tlsConfig?.caFile !== undefined)
    throw new Error(
      `${STACK_CONFIG_NAMESPACE}:tls.caFile and the secret ${STACK_CONFIG_NAMESPACE}:tlsCaPem are both set: keep one`,
    );
  let tls: TlsArgs | undefined;
  if (tlsConfig || secretPem) {
    const caPem = secretPem ?? (tlsConfig?.caFile ? readFileSync(rel(tlsConfig.caFile)!, 'utf8') : undefined);
    if (caPem === undefined)
      throw new Error(
        `${STACK_CONFIG_NAMESPACE}:tls needs caFile, or set the secret ${STACK_CONFIG_NAMESPACE}:tlsCaPem`,
      );
    // The pinned public roots of the Python bundle: a file in the project, read here (never fetched).
    const publicRootsPem = tlsConfig?.publicRootsFile
      ? readFileSync(rel(tlsConfig.publicRootsFile)!, 'utf8')
      : undefined;
    const { caFile: _caFile, publicRootsFile: _rootsFile, ...rest } = tlsConfig ?? {};
    tls = { ...rest, caPem, publicRootsPem };
  }
  return {
    cloud,
    eks: config.getObject('eks'),
    aks: config.getObject('aks'),
    gke: config.getObject('gke'),
    kubeconfig: kubeconfig && {
      clusterId: kubeconfig.clusterId,
      kubeconfig: pulumi.secret(readFileSync(rel(kubeconfig.path)!, 'utf8')),
    },
    config: cfg,
    namespace: config.get('namespace'),
    release: config.get('release'),
    chartVersion: config.get('chartVersion'),
    aviatrix: config.getObject<AviatrixArgs>('aviatrix'),
    tls,
    acceptFindings: config.getObject<string[]>('acceptFindings'),
    egressProxy: config.get('egressProxy'),
    installCrds: config.getBoolean('installCrds'),
    installRbac: config.getBoolean('installRbac'),
    existingCrds: config.get('existingCrds'),
    existingRbac: config.get('existingRbac'),
    networkPolicies: config.getBoolean('networkPolicies'),
    rbac: config.getObject<RbacArgs>('rbac'),
    onboarding: config.getObject<OnboardingArgs>('onboarding'),
  };
}

/** Reads the stack configuration and creates the component (the root program's body). */
export function containmentFromStackConfig(baseDir: string, name = 'librechat'): LibreChatContainment {
  return new LibreChatContainment(name, argsFromStackConfig(new pulumi.Config(STACK_CONFIG_NAMESPACE), baseDir));
}
