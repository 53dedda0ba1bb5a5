// The backend-neutral containment model: what may talk to what, and why.
// Every renderer (Aviatrix custom resources, explain output, the Pulumi component) reads only this.
import type { SourceRef } from '../config/source';
import type { HostClass } from './hosts';

// SourceRef lives with the readers that produce it (lib/config must not import lib/policy).
export type { SourceRef } from '../config/source';

export type DestinationKind =
  | 'llm'
  | 'mcp'
  | 'tools'
  | 'search'
  | 'ocr'
  | 'speech'
  | 'storage'
  | 'auth'
  | 'telemetry'
  | 'code'
  | 'config'
  | 'proxy'
  | 'package-mirror'
  | 'registry'
  | 'data-store';

/** One host (a domain, or a wildcard domain) on one TCP port. */
export interface Destination {
  host: string;
  port: number;
  /** Why LibreChat connects there, in a few words (`chat completions`, `model list`). */
  purpose: string;
  source: SourceRef;
}

/** A named set of destinations for one provider, MCP server or service. Names are stable. */
export interface DestinationGroup {
  /** Stable `[a-z0-9-]` name, at most 63 characters: also the web group's name. */
  name: string;
  /** The workload whose pods connect there. */
  workload: string;
  kind: DestinationKind;
  /** What the group is, for people: `custom endpoint "OpenRouter"`. */
  title: string;
  destinations: Destination[];
  source: SourceRef;
}

export type WorkloadRole = 'app' | 'data-store' | 'mcp-server';

/** A pod identity in the stack, selected by labels in its namespace. */
export interface Workload {
  /** Stable id, e.g. `librechat`, `mongodb`, `mcp-github`. */
  id: string;
  title: string;
  role: WorkloadRole;
  namespace: string;
  matchLabels: Record<string, string>;
  /** Ports its pods serve to the other workloads. */
  ports: number[];
  /** Why it is part of the stack (a config line, an env variable, a chart default). */
  source: SourceRef;
  /** The name of its Deployment or StatefulSet, where the chart (or its manifests) says it. */
  deployment?: string;
  /** Every label its pods carry, where rendered manifests say them (a superset of matchLabels). */
  podLabels?: Record<string, string>;
}

/** How a workload gets cloud credentials without a key (issue 8 §1, fact sheet rows 65-66). */
export type CredentialMode =
  'irsa' | 'eks-pod-identity' | 'gke-workload-identity' | 'azure-workload-identity' | 'azure-managed-identity';

/**
 * An endpoint a keyless credential mode needs, for one workload. Never derived from a config
 * value (a config value pointing at a metadata address is an error): only from the named mode.
 */
export interface CredentialEndpoint {
  workload: string;
  mode: CredentialMode;
  /** A DNS name (rendered as a web group) or an IP address (rendered as a NetworkPolicy ipBlock). */
  host: string;
  port: number;
  /** Why the mode needs it. */
  purpose: string;
  /** Where the mode was named: a --credentials flag, a component arg, a service account annotation. */
  source: SourceRef;
}

/** The DNS endpoints every workload's NetworkPolicy allows (port 53, UDP and TCP). */
export interface DnsEndpoints {
  /** The kube-dns / CoreDNS pods in kube-system (always). */
  kubeDns: true;
  /** Node-local or metadata DNS addresses of the cloud (GKE NodeLocal DNSCache, Cloud DNS, ...). */
  addresses: { ip: string; why: string }[];
}

/** Pod-to-pod traffic inside the cluster that is allowed: everything else between pods is denied. */
export interface WorkloadEdge {
  from: string;
  to: string;
  port: number;
  purpose: string;
  source: SourceRef;
}

/** Image pulls are done by the nodes: the registries the chart's images come from. */
export interface ImagePulls {
  cloud?: 'eks' | 'aks' | 'gke';
  registries: { host: string; purpose: string; source: SourceRef }[];
}

export interface EgressRule {
  workload: string;
  group: string;
  action: 'permit';
  /** TLS inspection may decrypt this flow (only ever on permits). */
  decrypt: boolean;
}

/** A destination that stays inside the cluster or the private network: reported, never a domain. */
export interface InternalDestination {
  workload: string;
  host: string;
  port: number;
  classification: HostClass;
  title: string;
  source: SourceRef;
  /** For a Kubernetes service: the pods behind it, from the overlay (`services:`). */
  selector?: { namespace: string; matchLabels: Record<string, string> };
}

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** Stable id, `<kind>` or `<kind>:<subject>`; `--accept` takes exactly this. */
  id: string;
  kind: string;
  severity: Severity;
  message: string;
  /** How to resolve it. */
  fix: string;
  source?: SourceRef;
  /** Set when the user accepted the finding by its id. */
  accepted?: boolean;
  /** Why, when it was accepted in a committed accept list (the overlay file's `accept:`). */
  acceptance?: { reason: string; source: SourceRef };
}

export interface ContainmentPolicy {
  namespace: string;
  release: string;
  /** sha256 of the canonical (comment- and format-independent) config document. */
  configDigest: string;
  configFile: string;
  workloads: Workload[];
  groups: DestinationGroup[];
  rules: EgressRule[];
  edges: WorkloadEdge[];
  internal: InternalDestination[];
  imagePulls: ImagePulls;
  findings: Finding[];
  /** Endpoints of keyless credential modes, per workload (empty when none is named). */
  credentialEndpoints?: CredentialEndpoint[];
  /** The DNS endpoints of the cluster (default: kube-dns only). */
  dns?: DnsEndpoints;
}

/**
 * Findings that were not accepted and block: errors, and with `failOn: 'warning'` warnings too.
 * The policy must not be applied while any remain.
 */
export function blockingFindings(
  policy: Pick<ContainmentPolicy, 'findings'>,
  failOn: 'error' | 'warning' = 'error',
): Finding[] {
  return policy.findings.filter(
    (f) => !f.accepted && (f.severity === 'error' || (failOn === 'warning' && f.severity === 'warning')),
  );
}
