// `librechat-containment/component`: the Pulumi component. Importing it loads @pulumi/pulumi and
// @pulumi/kubernetes; the cloud SDKs load only when a component for that cloud is constructed.
export { LibreChatContainment, TYPE_TOKEN, allowedDomainsByWorkload, objectId } from './librechat-containment';
export * from './args';
export { EKS_VIEW_POLICY } from '../cloud/eks';
export { AKS_CLUSTER_USER_ROLE } from '../cloud/aks';
export { GKE_CONTROLLER_ROLE } from '../cloud/gke';
export { PREFLIGHT_KINDS, isPreflightId } from '../cloud/kubeconfig';
export type { StdioCaFix } from '../render/trust';
export type {
  ContainmentFinding,
  ContainmentObject,
  FindingAcceptance,
  ObjectMetadata,
  SourceRef,
} from './containment-output';
export { argsFromStackConfig, containmentFromStackConfig, STACK_CONFIG_NAMESPACE } from './stack-config';
