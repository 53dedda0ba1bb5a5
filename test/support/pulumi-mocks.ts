// The one Pulumi mocks module of the test process (the last `setMocks` wins, so every spec imports
// this one). `newResource` records every resource's type, name and inputs and echoes the inputs as
// its state; `call` answers only the lookups a test registered and fails loudly on any other.
import * as pulumi from '@pulumi/pulumi';

export interface Recorded {
  type: string;
  name: string;
  inputs: any;
  provider?: string;
  /** URN of the parent resource. */
  parent?: string;
  /** URNs of the resources it depends on (dependsOn and input dependencies). */
  dependencies: string[];
  /** The `retainOnDelete` resource option. */
  retainOnDelete: boolean;
  /** The id of a read (`Resource.get`): the resource is looked up, not created. */
  id?: string;
}

export interface RecordedCall {
  token: string;
  inputs: any;
}

export const resources: Recorded[] = [];
export const calls: RecordedCall[] = [];
export const unmockedCalls: string[] = [];
const callHandlers = new Map<string, (inputs: any) => Record<string, any>>();
const readHandlers = new Map<string, (id: string) => Record<string, any>>();

/** Registers the answer to an invoke token (e.g. `aws:eks/getCluster:getCluster`). */
export function mockCall(token: string, handler: (inputs: any) => Record<string, any>): void {
  callHandlers.set(token, handler);
}

/**
 * Registers the state a read (`Resource.get(name, id)`) of a resource type finds, as the provider's
 * Read returns it (the live object). A handler that throws is a failed read (e.g. not found).
 */
export function mockRead(type: string, handler: (id: string) => Record<string, any>): void {
  readHandlers.set(type, handler);
}

export function resetCalls(): void {
  callHandlers.clear();
  readHandlers.clear();
  unmockedCalls.length = 0;
  calls.length = 0;
}

// The mock API does not pass a registration's parent and dependencies to newResource: read them
// from the registration request first (test-only introspection of the engine protocol).
const requestMeta = new Map<string, { parent: string; dependencies: string[]; retainOnDelete: boolean }>();
const { MockMonitor } = require('@pulumi/pulumi/runtime/mocks') as {
  MockMonitor: { prototype: { registerResource: (req: any, cb: any) => Promise<void> } };
};
const registerResource = MockMonitor.prototype.registerResource;
MockMonitor.prototype.registerResource = function (req: any, cb: any) {
  requestMeta.set(`${req.getType()}::${req.getName()}`, {
    parent: req.getParent(),
    dependencies: [...req.getDependenciesList()].sort(),
    retainOnDelete: req.getRetainondelete() === true,
  });
  return registerResource.call(this, req, cb);
};

pulumi.runtime.setMocks(
  {
    newResource(args: pulumi.runtime.MockResourceArgs) {
      const meta = requestMeta.get(`${args.type}::${args.name}`);
      resources.push({
        type: args.type,
        name: args.name,
        inputs: args.inputs,
        provider: args.provider,
        parent: meta?.parent,
        dependencies: meta?.dependencies ?? [],
        retainOnDelete: meta?.retainOnDelete ?? false,
        ...(args.id ? { id: args.id } : {}),
      });
      const read = args.id ? readHandlers.get(args.type) : undefined;
      if (read) return { id: args.id!, state: read(args.id!) };
      const state: Record<string, any> = { ...args.inputs };
      // A read (Secret.get) of the avx-controller token Secret, as the API server returns it once the
      // token controller has filled it: data.token, data['ca.crt'] and data.namespace, base64.
      if (args.type === 'kubernetes:core/v1:Secret' && args.id && /avx-controller-token$/.test(args.id)) {
        const b64 = (v: string) => Buffer.from(v).toString('base64');
        state.type = 'kubernetes.io/service-account-token';
        state.data = {
          token: b64('eyJhbGciOi.test-token'),
          'ca.crt': b64('cluster-ca'),
          namespace: b64(args.id.split('/')[0]),
        };
      }
      // A project custom role: `name` is `projects/{{project}}/roles/{{role_id}}`, as is its id
      // (@pulumi/gcp projects/iamcustomRole.d.ts, `name`), and a live role is not deleted.
      if (args.type === 'gcp:projects/iAMCustomRole:IAMCustomRole') {
        const name = `projects/${args.inputs.project}/roles/${args.inputs.roleId}`;
        return { id: name, state: { ...state, name, deleted: false } };
      }
      if (args.type === 'aws:eks/accessEntry:AccessEntry')
        state.accessEntryArn = `arn:aws:eks:eu-west-1:123456789012:access-entry/${args.name}`;
      return { id: `${args.name}-id`, state };
    },
    call(args: pulumi.runtime.MockCallArgs) {
      const handler = callHandlers.get(args.token);
      if (!handler) {
        unmockedCalls.push(args.token);
        throw new Error(`unmocked call ${args.token}: register it with mockCall()`);
      }
      let result: Record<string, any>;
      try {
        result = handler(args.inputs);
      } catch (e) {
        // The engine reports a failed invoke as a gRPC error whose `details` carry the provider's
        // message, and the SDK rethrows `new Error(err.details)` (@pulumi/pulumi runtime/invoke.js).
        const message = e instanceof Error ? e.message : String(e);
        throw Object.assign(new Error(message), { details: message, code: 2 });
      }
      calls.push({ token: args.token, inputs: args.inputs });
      return result;
    },
  },
  'librechat-containment-test',
  'test',
  false,
);

/**
 * Waits until registrations stop arriving (no new resource for a few turns of the event loop).
 * Not Pulumi's RPC queue: a test that blocks a deployment on purpose leaves it pending forever.
 */
export async function settle(): Promise<void> {
  let quiet = 0;
  let seen = -1;
  while (quiet < 3) {
    await new Promise((r) => setTimeout(r, 5));
    quiet = resources.length === seen ? quiet + 1 : 0;
    seen = resources.length;
  }
}

/** The value of an Output (for tests: not for programs); rejects when the Output failed. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return (output as unknown as { promise: () => Promise<T> }).promise();
}

/** Whether an Output is secret. */
export function isSecret(output: pulumi.Output<unknown>): Promise<boolean> {
  return (output as unknown as { isSecret: Promise<boolean> }).isSecret;
}

const SECRET_SIG = '4dabf18193072939515e22adb298388d';
const SECRET_VALUE = '1b47061264138c4ac30d75fd1eb44270';

/** Whether a mock input is a secret wrapper. */
export function isSecretInput(value: any): boolean {
  return !!value && typeof value === 'object' && value[SECRET_SIG] === SECRET_VALUE;
}

/** Secret inputs reach the mock as wrapper objects: replace each by its value. */
export function unwrapSecrets(value: any): any {
  if (isSecretInput(value)) return unwrapSecrets(value.value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
  return value;
}

/** The URN the mocks give a resource (`urn:pulumi:<stack>::<project>::<type chain>::<name>`): matched by type and name. */
export function urnOf(r: Pick<Recorded, 'type' | 'name'>): RegExp {
  return new RegExp(`(::|\\$)${r.type.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}::${r.name}$`);
}

/** Resources of one component instance (children are named `${name}-...`). */
export function resourcesOf(prefix: string): Recorded[] {
  return resources.filter((r) => r.name === prefix || r.name.startsWith(`${prefix}-`));
}

export function find(prefix: string, type: string, name?: string): Recorded {
  const found = resourcesOf(prefix).filter((r) => r.type === type && (name === undefined || r.name === name));
  if (found.length !== 1) {
    throw new Error(
      `expected one ${type}${name ? ` named ${name}` : ''} under ${prefix}, found ${found.length}: ${resourcesOf(prefix)
        .map((r) => `${r.type} ${r.name}`)
        .join(', ')}`,
    );
  }
  return found[0];
}

/**
 * Forgets the registrations still in flight. A test that makes a deployment fail on purpose (a
 * blocked provider) leaves them pending forever, and Pulumi's exit hook would report them as
 * leaked promises and set exit code 1.
 */
export function forgetPendingRegistrations(): void {
  const debuggable = require('@pulumi/pulumi/runtime/debuggable') as { leakedPromises?: () => unknown };
  debuggable.leakedPromises?.();
}
