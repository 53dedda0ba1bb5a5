// The containment as the component's Output: built now when every env value is known, otherwise
// planned now with stand-ins and resolved at deployment (lib/inputs/secret-plan.ts decides what a
// secret value influences; here it only becomes Pulumi secrecy).
import * as pulumi from '@pulumi/pulumi';
import type { ComponentSettings } from '../inputs/arguments';
import { loadInputs } from '../inputs/load';
import { planContainment, resolveContainment, type BuildRequest } from '../inputs/secret-plan';
import type { Containment } from '../pipeline';
import type { ClusterDnsFacts } from '../policy/dns';
import { checked } from './resource-error';

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
