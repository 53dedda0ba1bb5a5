// Public API of librechat-containment. The pure core is exported here; importing this module loads
// no Pulumi and no cloud SDK. The Pulumi component lives in `librechat-containment/component`.
export { readConfigDocument, type ConfigDocument } from './config/document';
export {
  buildEnvironment,
  Environment,
  parseDotEnv,
  resolve as resolveEnvReferences,
  SENSITIVE_VARIABLES,
  type EnvSources,
} from './config/env';
export { ArgumentError, InputError } from './config/errors';
export { buildContainment, type Containment, type ContainmentInput } from './pipeline';
export {
  derivePolicy,
  librechatPodLabels,
  DEFAULT_NAMESPACE,
  DEFAULT_RELEASE,
  type DeriveOptions,
} from './policy/derive';
export { FINDING_KINDS } from './policy/findings';
export * from './policy/model';
export {
  renderAviatrix,
  firewallPolicyName,
  AVIATRIX_TARGETS,
  type AviatrixOptions,
  type AviatrixTarget,
  type EnforcementMode,
  type AviatrixForm,
} from './render/aviatrix';
export { explainHost, explainJson, explainText, allowedEntries } from './render/explain';
export type { KubeObject } from './render/objects';
export { validateAviatrixObject, assertValidAviatrix, readCrd, schemaDir } from './render/validate';
export { renderManifests, generatedHeader, toYaml } from './render/yaml';
export {
  validateCaPem,
  combinedBundle,
  renderCaConfigMap,
  renderDeploymentPatch,
  helmValuesFragment,
  stdioCaEnvFixes,
  trustNames,
  type CaInfo,
  type TrustOptions,
  type StdioCaFix,
} from './render/trust';
export {
  renderControllerRbac,
  renderAviatrixCrds,
  renderGcpServiceAccountBinding,
  type ControllerRbacOptions,
  type RbacSubject,
} from './render/cluster';
export {
  eksKubeconfig,
  aksKubeconfig,
  gkeKubeconfig,
  eksClusterId,
  aksClusterId,
  gkeClusterId,
  eksPreflight,
  aksPreflight,
  gkePreflight,
  PREFLIGHT_KINDS,
} from './cloud/kubeconfig';
