// The containment as the component's Output: built now when every env value is known, otherwise
// planned now with stand-ins and resolved at deployment (lib/inputs/secret-plan.ts decides what a
// secret value influences; here it only becomes Pulumi secrecy).
import * as pulumi from '@pulumi/pulumi';
import type { ComponentSettings } from '../inputs/arguments';
import { loadInputs } from '../inputs/load';
import { planContainment, resolveContainment, type BuildRequest } from '../inputs/secret-plan';
import type { Containment } from '../pipeline';
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
  if (pendingNames.length === 0) {
    return {
      planned,
      containment: pulumi.output(planned) as unknown as pulumi.Output<Containment>,
      influenced: pulumi.output(false),
      deferred: false,
    };
  }
  const resolved = pulumi.unsecret(
    pulumi
      .all(pending)
      .apply((values) => checked(name, parent, () => resolveContainment(request, known, planned, values))),
  );
  return {
    planned,
    containment: resolved.apply(({ real, leaks }) =>
      leaks ? pulumi.secret(real) : real,
    ) as unknown as pulumi.Output<Containment>,
    influenced: resolved.apply((r) => r.leaks),
    deferred: true,
  };
}
