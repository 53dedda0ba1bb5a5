// What the real-cluster suites share: the tools' bin folder, kubectl against KUBECONFIG, and
// server-side apply of plain objects. Run through test/cluster/run.js (`npm run test:cluster`).
import { foreignManagers, renderAviatrixCrds } from '../../lib/render/cluster';
import { trustNames } from '../../lib/render/trust';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../lib/render/objects';

export { ROOT, EXAMPLES, FIXTURES } from '../support/paths';
import { existsSync as fixturesExist } from 'node:fs';
import { FIXTURES as OWN_FIXTURES } from '../support/paths';
/** The repository's own fixtures (test/fixtures) are always there on a clone. */
export const fixturesAvailable = (): boolean => fixturesExist(OWN_FIXTURES);

/** Where test/cluster/build-tools.sh put pulumi, pulumi-language-nodejs and pulumi-resource-kubernetes. */
export const BIN =
  process.env.LCC_CLUSTER_BIN ??
  join(process.env.LCC_CLUSTER_CACHE ?? join(homedir(), '.cache', 'librechat-containment', 'cluster'), 'bin');

/** True when run.js started the throwaway API server (not a user's cluster from KUBECONFIG). */
export const LOCAL_SERVER = process.env.LCC_CLUSTER_LOCAL === '1';

export interface Result {
  status: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
}

export function run(cmd: string, args: string[], o: RunOptions = {}): Result {
  const r = spawnSync(cmd, args, {
    input: o.input,
    env: o.env ?? process.env,
    cwd: o.cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: o.timeoutMs ?? 120000,
  });
  if (r.error) throw r.error;
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** kubectl against KUBECONFIG; throws with its stderr unless it succeeds (or `allowFail`). */
export function kubectl(args: string[], o: RunOptions & { allowFail?: boolean } = {}): Result {
  const r = run('kubectl', args, o);
  if (r.status !== 0 && !o.allowFail) throw new Error(`kubectl ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return r;
}

export function getJson<T = any>(args: string[]): T {
  return JSON.parse(kubectl([...args, '-o', 'json']).stdout) as T;
}

export function exists(kind: string, name: string, namespace?: string): boolean {
  const r = kubectl(['get', kind, name, ...(namespace ? ['-n', namespace] : [])], { allowFail: true });
  if (r.status === 0) return true;
  if (/NotFound|not found/.test(r.stderr)) return false;
  throw new Error(`kubectl get ${kind} ${name} failed:\n${r.stderr}`);
}

/**
 * Server-side apply, as the Kubernetes provider does: the server evaluates the structural schema,
 * the CRDs' CEL rules and (strict field validation) unknown fields. Returns kubectl's result; the
 * caller decides whether a refusal is expected.
 */
export function serverSideApply(
  objects: readonly KubeObject[] | readonly Record<string, unknown>[],
  fieldManager: string,
  extra: string[] = [],
): Result {
  const list = { apiVersion: 'v1', kind: 'List', items: objects };
  // A patch (a partial Deployment) would fail kubectl's client-side check of required fields, which
  // a server-side apply patch need not have: callers pass --validate=false for those.
  const validate = extra.some((a) => a.startsWith('--validate')) ? [] : ['--validate=strict'];
  return kubectl(['apply', '--server-side', '--field-manager', fieldManager, ...validate, ...extra, '-f', '-'], {
    input: JSON.stringify(list),
    allowFail: true,
  });
}

/** Creates the namespaces (no controllers run on the local server: namespaces are never deleted). */
export function ensureNamespaces(names: Iterable<string>): void {
  const items = [...new Set(names)].sort().map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
  if (items.length === 0) return;
  const r = serverSideApply(items, 'lcc-test');
  if (r.status !== 0) throw new Error(`creating namespaces failed:\n${r.stderr}`);
}

/** Waits until the CRDs are Established (their kinds are served). */
export function waitEstablished(crdNames: string[]): void {
  kubectl(['wait', '--for=condition=Established', '--timeout=60s', ...crdNames.map((n) => `crd/${n}`)]);
}

export function binariesMissing(names: string[]): string[] {
  return names.filter((n) => !existsSync(join(BIN, n)));
}

export const STACK_NAMESPACE = 'librechat';
export const STACK_RELEASE = 'librechat';

/**
 * Leftovers of other suites: the component's objects go, the CRDs stay as a retained CRD would
 * (owned by the provider's field manager); CRDs another manager installed (apply.spec's kubectl,
 * a chart in existing.spec) go too, since the component refuses to take those over without a
 * choice (existingCrds).
 */
export function freshCluster(): void {
  for (const crd of renderAviatrixCrds('chart-10.1')) {
    const r = kubectl(['get', 'crd', crd.metadata.name, '-o', 'json', '--show-managed-fields'], { allowFail: true });
    if (r.status !== 0) continue;
    if (foreignManagers(JSON.parse(r.stdout).metadata.managedFields).length > 0)
      kubectl(['delete', 'crd', crd.metadata.name, '--wait=true', '--timeout=60s']);
  }
  for (const kind of ['firewallpolicies.networking.aviatrix.com', 'webgrouppolicies.networking.aviatrix.com']) {
    kubectl(['delete', kind, '--all', '--all-namespaces', '--ignore-not-found'], { allowFail: true });
  }
  const n = trustNames({ namespace: STACK_NAMESPACE, release: STACK_RELEASE });
  kubectl(['delete', 'deployment', n.deployment, n.ragDeployment, '-n', STACK_NAMESPACE, '--ignore-not-found'], {
    allowFail: true,
  });
}

/** The engine's binaries are built and the stack's namespaces exist. */
export function requireEngine(): void {
  const missing = binariesMissing(['pulumi', 'pulumi-language-nodejs', 'pulumi-resource-kubernetes']);
  if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}: run test/cluster/build-tools.sh`);
  ensureNamespaces([STACK_NAMESPACE, 'mcp-servers']);
}

// Who owns what in a live object (`kubectl get -o json --show-managed-fields`).
export interface ManagedField {
  manager: string;
  operation: string;
  fieldsV1?: Record<string, any>;
}

export function managersOf(deployment: any): ManagedField[] {
  return (deployment.metadata.managedFields ?? []) as ManagedField[];
}

/** The manager entries whose fields include the container's env var `name`. */
export function ownersOfEnv(deployment: any, container: string, name: string): string[] {
  return managersOf(deployment)
    .filter((m) => {
      const c = m.fieldsV1?.['f:spec']?.['f:template']?.['f:spec']?.['f:containers']?.[`k:{"name":"${container}"}`];
      return c?.['f:env']?.[`k:{"name":"${name}"}`] !== undefined;
    })
    .map((m) => m.manager);
}

export function ownersOfImage(deployment: any, container: string): string[] {
  return managersOf(deployment)
    .filter((m) => {
      const c = m.fieldsV1?.['f:spec']?.['f:template']?.['f:spec']?.['f:containers']?.[`k:{"name":"${container}"}`];
      return c?.['f:image'] !== undefined;
    })
    .map((m) => m.manager);
}
