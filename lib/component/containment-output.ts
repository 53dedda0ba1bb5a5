// The containment as the component's Output: built now when every env value is known, otherwise
// planned now with stand-ins and resolved at deployment (lib/inputs/secret-plan.ts decides what a
// secret value influences; here it only becomes Pulumi secrecy).
import * as pulumi from '@pulumi/pulumi';
import type { ComponentSettings } from '../inputs/arguments';
import { loadInputs } from '../inputs/load';
import { planContainment, resolveContainment, type BuildRequest } from '../inputs/secret-plan';
import type { SourceRef } from '../config/source';
import type { Containment } from '../pipeline';
import type { ClusterDnsFacts } from '../policy/dns';
import type { KubeObject } from '../render/objects';
import { checked } from './resource-error';

// The component's public output types. The core's own types (Finding, KubeObject) use a literal
// union for the severity, an anonymous metadata object and an index signature for the body, which
// the Pulumi schema inference of @pulumi/pulumi (provider/experimental/analyzer) cannot express:
// these named interfaces describe the same values, so other Pulumi languages get typed outputs.
// The values are the core's objects as they are; only their declared types differ.

export type { SourceRef };

/** Why a finding was accepted in a committed accept list (the overlay file's `accept:`). */
export interface FindingAcceptance {
  reason: string;
  source: SourceRef;
}

/** A config finding or a cluster preflight finding (the core's `Finding`). */
export interface ContainmentFinding {
  /** Stable id, `<kind>` or `<kind>:<subject>`; `acceptFindings` takes exactly this. */
  id: string;
  kind: string;
  /** `error`, `warning` or `info`. */
  severity: string;
  message: string;
  /** How to resolve it. */
  fix: string;
  /** Where in the config (or env, chart values, overlay) it comes from. */
  source?: SourceRef;
  /** Set when the user accepted the finding by its id. */
  accepted?: boolean;
  /** Why, when it was accepted in a committed accept list. */
  acceptance?: FindingAcceptance;
}

/** The metadata of a rendered Kubernetes object. */
export interface ObjectMetadata {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/**
 * A rendered Kubernetes object (the core's `KubeObject`): an Aviatrix `FirewallPolicy` or
 * `WebgroupPolicy`, a `CiliumNetworkPolicy`, an `FQDNNetworkPolicy` or a `NetworkPolicy`.
 */
export interface ContainmentObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMetadata;
  /** The object's spec, as `librechat-containment render` writes it (its shape depends on `kind`). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of the kind's schema; `any` is the schema's Any
  spec: Record<string, any>;
}

export interface ContainmentOutput {
  /** Built now (with stand-ins for secret env values): decides which objects exist. */
  planned: Containment;
  /** The real containment (secret when a secret env value influences it). */
  containment: pulumi.Output<Containment>;
  /** Whether a secret env value influences the outputs derived from the config. */
  influenced: pulumi.Output<boolean>;
  /** Some env values are known only at deployment: the specs come from `containment`. */
  deferred: boolean;
  /**
   * The containment rendered again with what the looked-up cluster says about its DNS (AKS
   * LocalDNS off on every pool, EKS Auto Mode's DNS address); `containment` itself without facts.
   * The same objects exist either way: only their DNS rules differ.
   */
  withClusterDns(dns: pulumi.Output<ClusterDnsFacts> | undefined): pulumi.Output<Containment>;
}

/**
 * The rendered objects as the component's output type. Every renderer writes apiVersion, kind,
 * metadata and spec and nothing else at the top level (test/component/schema.spec.ts): a field the
 * schema does not declare would be dropped by the generated SDKs of other languages, so one is an error.
 */
export function containmentObjects(objects: KubeObject[]): ContainmentObject[] {
  return objects.map((o) => {
    const extra = Object.keys(o).filter((k) => !['apiVersion', 'kind', 'metadata', 'spec'].includes(k));
    if (typeof o.spec !== 'object' || o.spec === null || extra.length > 0) {
      throw new Error(`internal: ${o.kind} ${o.metadata.name} is not apiVersion, kind, metadata and spec`);
    }
    return o as KubeObject & ContainmentObject;
  });
}

export function createContainment(
  name: string,
  parent: pulumi.Resource,
  settings: ComponentSettings<pulumi.Input<string>>,
): ContainmentOutput {
  const { known, pending } = settings.env;
  const request: BuildRequest = checked(name, parent, () => ({
    inputs: loadInputs(settings.sources),
    policy: settings.policy,
    networkPolicies: settings.networkPolicies,
    librechatSchema: settings.librechatSchema,
    configArgument: settings.sources.config.path !== undefined ? 'config.path' : 'config.text',
  }));
  const pendingNames = Object.keys(pending).sort();
  const planned = checked(name, parent, () => planContainment(request, known, pendingNames));
  const withFacts = (facts: ClusterDnsFacts): BuildRequest => ({
    ...request,
    policy: { ...request.policy, derive: { ...request.policy.derive, clusterDns: facts } },
  });
  const renderWithDns =
    (containment: pulumi.Output<Containment>) => (dns: pulumi.Output<ClusterDnsFacts> | undefined) => {
      if (dns === undefined) return containment;
      const rebuilt = pulumi.unsecret(
        pulumi.all([pulumi.all(pending), dns]).apply(([values, facts]) =>
          // Only what differs from the cloud's defaults is rendered again.
          facts.aksLocalDns !== false && facts.eksAutoModeDns === undefined
            ? undefined
            : checked(name, parent, () => {
                const r = withFacts(facts);
                if (pendingNames.length === 0) return { real: planContainment(r, known, []), leaks: false };
                return resolveContainment(r, known, planContainment(r, known, pendingNames), values);
              }),
        ),
      );
      return pulumi
        .all([rebuilt, containment])
        .apply(([r, c]) =>
          r === undefined ? c : r.leaks ? pulumi.secret(r.real) : r.real,
        ) as unknown as pulumi.Output<Containment>;
    };
  if (pendingNames.length === 0) {
    const containment = pulumi.output(planned) as unknown as pulumi.Output<Containment>;
    return {
      planned,
      containment,
      influenced: pulumi.output(false),
      deferred: false,
      withClusterDns: renderWithDns(containment),
    };
  }
  const resolved = pulumi.unsecret(
    pulumi
      .all(pending)
      .apply((values) => checked(name, parent, () => resolveContainment(request, known, planned, values))),
  );
  const containment = resolved.apply(({ real, leaks }) =>
    leaks ? pulumi.secret(real) : real,
  ) as unknown as pulumi.Output<Containment>;
  return {
    planned,
    containment,
    influenced: resolved.apply((r) => r.leaks),
    deferred: true,
    withClusterDns: renderWithDns(containment),
  };
}
