// The component's side of the core's one error type for argument problems: an ArgumentError
// becomes a pulumi.ResourceError naming the component and the argument's path.
import * as pulumi from '@pulumi/pulumi';
import { ArgumentError } from '../config/errors';

/** `LibreChatContainment <name>: <argument>: <problem>` on `parent`. */
export function resourceError(name: string, parent: pulumi.Resource, e: ArgumentError): pulumi.ResourceError {
  const problem = e.fix ? `${e.problem}. ${e.fix}` : e.problem;
  return new pulumi.ResourceError(`LibreChatContainment ${name}: ${e.argument}: ${problem}`, parent);
}

/** Runs `check`, turning an ArgumentError into the component's ResourceError. */
export function checked<T>(name: string, parent: pulumi.Resource, check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (e instanceof ArgumentError) throw resourceError(name, parent, e);
    throw e;
  }
}

/** An Output or a Promise: known only at deployment. */
export function isPending(value: unknown): boolean {
  return (
    pulumi.Output.isInstance(value) ||
    (typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function')
  );
}
