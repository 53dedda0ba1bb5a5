// The one Pulumi mocks module of the test process (the last `setMocks` wins, so every spec imports
// this one). `newResource` records every resource's type, name and inputs and echoes the inputs as
// its state; `call` answers only the lookups a test registered and fails loudly on any other.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
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
  /** The `ignoreChanges` resource option. */
  ignoreChanges: string[];
  /** The `deleteBeforeReplace` resource option. */
  deleteBeforeReplace: boolean;
  /** The `replaceWith` resource option: the URNs. */
  replaceWith: string[];
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
 * The mocked cluster's answers to reads (`Resource.get`) and extra state of created objects, by
 * `<type>::<id or name>`: undefined means the object does not exist. A read of an object that does
 * not exist fails as the engine's does: the provider's Read finds nothing and the ReadStep fails
 * with "resource '<id>' does not exist" (pulumi pkg/v3 resource/deploy/step.go, ReadStep.Apply).
 */
const reads = new Map<string, Record<string, any> | undefined>();
const createdState = new Map<string, Record<string, any>>();

/** What a read of `id` returns (the live object), or undefined: it does not exist. */
export function mockRead(type: string, id: string, state: Record<string, any> | undefined): void {
  reads.set(`${type}::${id}`, state);
}

/**
 * Registers the state every read of a resource type finds (the live object, as the provider's Read
 * returns it), whatever its id; a handler that throws is a failed read. A `mockRead` of the exact id wins.
 */
export function mockReadHandler(type: string, handler: (id: string) => Record<string, any>): void {
  readHandlers.set(type, handler);
}

/** Fields the API server adds to a created object (e.g. managedFields of an object that already existed). */
export function mockCreatedState(type: string, name: string, state: Record<string, any>): void {
  createdState.set(`${type}::${name}`, state);
}

/**
 * The uid the API server gives an object when it is created (ObjectMeta.uid, "populated by the
 * system", a UUID; the provider's Read returns it with the live object): here derived from the id,
 * so a test can recreate the Deployment by giving it another.
 */
export function deploymentUid(id: string, generation = 0): string {
  const h = createHash('sha256').update(`${id}#${generation}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * LibreChat's Deployment as its chart renders it (apps/v1 DeploymentSpec): the container is named
 * as the Deployment, the RAG API's `<deployment>-rag` (the names lib/render/trust.ts defaults to).
 */
export function chartDeployment(id: string, uid = deploymentUid(id)): Record<string, any> {
  const [namespace, name] = id.split('/') as [string, string];
  const container = name.endsWith('-rag-api') ? `${name}-rag` : name;
  const labels = { 'app.kubernetes.io/instance': name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, uid, managedFields: [{ manager: 'helm', operation: 'Update' }] },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: container, image: 'librechat:test' }] } },
    },
  };
}

export function resetCalls(): void {
  reads.clear();
  createdState.clear();
  callHandlers.clear();
  readHandlers.clear();
  unmockedCalls.length = 0;
  calls.length = 0;
}

// The mock API does not pass a registration's parent and dependencies to newResource: read them
// from the registration request first (test-only introspection of the engine protocol).
const requestMeta = new Map<
  string,
  {
    parent: string;
    dependencies: string[];
    retainOnDelete: boolean;
    ignoreChanges: string[];
    deleteBeforeReplace: boolean;
    replaceWith: string[];
  }
>();
const { MockMonitor } = require('@pulumi/pulumi/runtime/mocks') as {
  MockMonitor: {
    prototype: {
      registerResource: (req: any, cb: any) => Promise<void>;
      readResource: (req: any, cb: any) => Promise<void>;
    };
  };
};
const readResource = MockMonitor.prototype.readResource;
MockMonitor.prototype.readResource = function (req: any, cb: any) {
  requestMeta.set(`${req.getType()}::${req.getName()}`, {
    parent: req.getParent(),
    dependencies: [...req.getDependenciesList()].sort(),
    retainOnDelete: false,
    ignoreChanges: [],
    deleteBeforeReplace: false,
    replaceWith: [],
  });
  return readResource.call(this, req, cb);
};
const registerResource = MockMonitor.prototype.registerResource;
MockMonitor.prototype.registerResource = function (req: any, cb: any) {
  requestMeta.set(`${req.getType()}::${req.getName()}`, {
    parent: req.getParent(),
    dependencies: [...req.getDependenciesList()].sort(),
    retainOnDelete: req.getRetainondelete() === true,
    ignoreChanges: [...req.getIgnorechangesList()],
    deleteBeforeReplace: req.getDeletebeforereplace() === true,
    replaceWith: [...req.getReplaceWithList()],
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
        ignoreChanges: meta?.ignoreChanges ?? [],
        deleteBeforeReplace: meta?.deleteBeforeReplace ?? false,
        replaceWith: meta?.replaceWith ?? [],
      });
      const state: Record<string, any> = { ...args.inputs, ...createdState.get(`${args.type}::${args.name}`) };
      if (args.id && args.type !== 'kubernetes:core/v1:Secret') {
        // A read: the cluster's object, or the engine's failure. Deployments default to the chart's.
        const key = `${args.type}::${args.id}`;
        const handler = readHandlers.get(args.type);
        const live = reads.has(key)
          ? reads.get(key)
          : handler
            ? handler(args.id)
            : args.type === 'kubernetes:apps/v1:Deployment'
              ? chartDeployment(args.id)
              : undefined;
        if (live === undefined) throw new Error(`resource '${args.id}' does not exist`);
        return { id: args.id, state: live };
      }
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
 * A CA patch (`librechat-ca-patch`, `rag-api-ca-patch`): its name ends with the hash of its content
 * and its target's uid (lib/component/children.ts patchIdentity), so it is found by the rest of the name.
 */
export function findPatch(prefix: string, which: 'librechat-ca-patch' | 'rag-api-ca-patch'): Recorded {
  const found = resourcesOf(prefix).filter(
    (r) =>
      r.type === 'kubernetes:apps/v1:DeploymentPatch' && new RegExp(`^${prefix}-${which}-[0-9a-f]{8}$`).test(r.name),
  );
  if (found.length !== 1) throw new Error(`expected one ${which} under ${prefix}, found ${found.length}`);
  return found[0]!;
}

/** A child's name without the hash of a CA patch's version. */
export function withoutPatchHash(name: string): string {
  return name.replace(/-ca-patch-[0-9a-f]{8}$/, '-ca-patch');
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

/**
 * Runs `body` with unhandled rejections captured (the engine's report of a failed input or
 * registration, under mocks) until `until` matches one of them (polled, bounded), asserts that one
 * did, and returns their messages. The registrations a failure leaves pending are forgotten.
 */
export async function captureRejections(body: () => void, until: RegExp): Promise<string[]> {
  const saved = process.listeners('unhandledRejection');
  const captured: string[] = [];
  process.removeAllListeners('unhandledRejection');
  process.on('unhandledRejection', (e) => captured.push(String((e as Error)?.message ?? e)));
  try {
    body();
    for (let i = 0; i < 200 && !captured.some((m) => until.test(m)); i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));
  } finally {
    process.removeAllListeners('unhandledRejection');
    for (const l of saved) process.on('unhandledRejection', l);
    forgetPendingRegistrations();
  }
  assert.ok(
    captured.some((m) => until.test(m)),
    `expected a rejection matching ${until}, got ${captured.slice(0, 3).join(' | ')}`,
  );
  return captured;
}
