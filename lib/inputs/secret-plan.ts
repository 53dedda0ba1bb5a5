// Secret env values and what they may influence, without Pulumi. The component knows some env
// values only at deployment (secrets, as Pulumi Outputs). The plan (which objects exist) is made
// now with a stand-in for each of them; at deployment the real values give the specs, which must
// name the same objects. Whether a secret reaches the outputs is decided by influence, not by
// searching its text (it may arrive lower-cased, or as the host of a URL): when the real values
// change anything the stand-ins did not, every output derived from the config stays secret.
// With every value known, the whole derivation happens at once and findings fail it.
import { buildEnvironment } from '../config/env';
import { ArgumentError, InputError } from '../config/errors';
import { assertNoSecrets, type Secret } from '../config/secrets';
import { buildContainment, type Containment } from '../pipeline';
import { allowedDomainsByWorkload, objectId } from '../render/outputs';
import type { PolicyOptions } from './arguments';
import { blockingMessage } from './blocking';
import type { LoadedInputs } from './load';

/** Stands in for a secret env value when the plan is made (and to measure what the value influences). */
export const PENDING_SECRET = 'librechat-containment-pending-secret';

/** Everything a build needs but the env values given as pairs. */
export interface BuildRequest {
  inputs: LoadedInputs;
  policy: PolicyOptions;
  networkPolicies?: boolean;
  librechatSchema?: boolean;
  /** The argument a problem in the config (or the env files) is reported on: `config.path` or `config.text`. */
  configArgument: string;
}

export interface Build {
  c: Containment;
  /** The secrets of the environment and the config, for the guard. */
  secrets: Secret[];
}

/** One build with the env files and these pairs; problems as ArgumentErrors. */
export function buildWithEnv(request: BuildRequest, pairs: Record<string, string>): Build {
  try {
    const env = buildEnvironment({ envFiles: request.inputs.envFiles, pairs });
    const c = buildContainment({
      ...request.inputs,
      env,
      derive: request.policy.derive,
      aviatrix: request.policy.aviatrix,
      failOn: request.policy.failOn,
      enforcement: request.policy.enforcement,
      networkPolicies: request.networkPolicies,
      librechatSchema: request.librechatSchema,
    });
    // Every input's secrets (env with the chart's configEnv, config, overlay, chart values, URL userinfo).
    return { c, secrets: c.secrets };
  } catch (e) {
    if (e instanceof InputError) throw new ArgumentError(request.configArgument, `${e.message}. ${e.fix}`);
    if (e instanceof RangeError) throw new ArgumentError('aviatrix', e.message);
    throw e;
  }
}

/** What reaches the component's plain outputs (and may quote a secret). */
export function plainOutputs(c: Containment): string {
  return JSON.stringify([c.objects, c.policy.findings, allowedDomainsByWorkload(c), c.imagePulls]);
}

/**
 * The CLI's secret guard over what goes to plain state: a secret from the env file, plain env pairs
 * or the config itself (an API key, a password) must never reach a plain output.
 */
export function guardPlainOutputs(c: Containment, secrets: Secret[]): void {
  try {
    assertNoSecrets(plainOutputs(c), secrets);
  } catch (e) {
    if (e instanceof InputError)
      throw new ArgumentError(
        'config',
        `${e.message.replace(/^refusing to print or write the output: it/, 'the plain outputs (objects, findings, allowedDomains)')}. Pass that variable as a secret (pulumi.secret) or check that it is not used as a host`,
      );
    throw e;
  }
}

/** The env pairs with a stand-in for every pending name. */
function withStandIns(known: Record<string, string>, pending: readonly string[]): Record<string, string> {
  return { ...known, ...Object.fromEntries(pending.map((k) => [k, PENDING_SECRET])) };
}

/**
 * The plan: the containment built now, with stand-ins for the `pending` (secret) env values. With
 * none pending it is the real one, so unaccepted error findings and the guard fail it now.
 */
export function planContainment(request: BuildRequest, known: Record<string, string>, pending: string[]): Containment {
  const { c, secrets } = buildWithEnv(request, withStandIns(known, pending));
  if (pending.length === 0) {
    if (c.blocking.length > 0)
      throw new ArgumentError('config', blockingMessage(c.blocking, 'in the LibreChat config'));
    guardPlainOutputs(c, secrets);
  }
  return c;
}

export interface Resolution {
  real: Containment;
  /** The secret values changed something the stand-ins did not: every derived output stays secret. */
  leaks: boolean;
}

/**
 * The containment with the real values of the pending env variables, checked against the plan:
 * blocking findings (those that may quote a secret are named by id only, or counted), a different
 * set of objects, and the guard over what stays plain.
 */
export function resolveContainment(
  request: BuildRequest,
  known: Record<string, string>,
  planned: Containment,
  values: Record<string, string>,
): Resolution {
  const pending = Object.keys(values).sort();
  const { c: real, secrets } = buildWithEnv(request, { ...known, ...values });
  const leaks = plainOutputs(planned) !== plainOutputs(real);
  if (real.blocking.length > 0) {
    // A finding that differs from the stand-in build's may quote a secret: shown whole only when
    // identical, by id alone when the stand-in build has the same id, else counted.
    const same = new Set(planned.policy.findings.map((f) => JSON.stringify(f)));
    const ids = new Set(planned.policy.findings.map((f) => f.id));
    const hidden = `(not shown: it depends on the secret value of ${pending.join(', ')})`;
    const shown = !leaks
      ? real.blocking
      : real.blocking.flatMap((f) =>
          same.has(JSON.stringify(f)) ? [f] : ids.has(f.id) ? [{ ...f, message: hidden }] : [],
        );
    throw new ArgumentError(
      'config',
      blockingMessage(shown, 'in the LibreChat config', real.blocking.length - shown.length, pending),
    );
  }
  if (real.objects.map(objectId).join('\n') !== planned.objects.map(objectId).join('\n'))
    throw new ArgumentError(
      'config.env',
      `the secret value(s) of ${pending.join(', ')} change which objects are rendered; pass them as plain values`,
    );
  if (!leaks)
    guardPlainOutputs(
      real,
      secrets.filter((s) => !pending.includes(s.name) && !pending.some((n) => s.name === `the password in ${n}`)),
    );
  return { real, leaks };
}
