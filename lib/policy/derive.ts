// config → ContainmentPolicy. Pure: no I/O, no clock, no process environment.
import type { ConfigDocument } from '../config/document';
import type { Environment } from '../config/env';
import { Derivation, LIBRECHAT_WORKLOAD } from './context';
import { makeFinding, sortFindings } from './findings';
import type { ContainmentPolicy, EgressRule, Finding, Workload } from './model';
import { stableName } from './names';
import { deriveAgents } from './sources/agents';
import { deriveEndpoints } from './sources/endpoints';
import { deriveMcpServers } from './sources/mcp';
import { derivePlatform } from './sources/platform';
import { deriveServices } from './sources/services';
import { checkShape } from './sources/shape';
import { deriveStorage } from './sources/storage';

export interface DeriveOptions {
  /** Namespace LibreChat runs in (default `librechat`). */
  namespace?: string;
  /** Helm release name of the LibreChat chart (default `librechat`). */
  release?: string;
  /** Pod labels of the LibreChat API pods, replacing the chart's (for custom installs). */
  librechatLabels?: Record<string, string>;
  /** Finding ids the user accepts (exact ids, as printed). */
  accept?: readonly string[];
  /** TLS inspection may decrypt permitted flows (the CA is mounted into the pods). */
  decrypt?: boolean;
  /** Findings from checks outside the derivation (LibreChat's own schema), reported alongside. */
  extraFindings?: Finding[];
}

export const DEFAULT_NAMESPACE = 'librechat';
export const DEFAULT_RELEASE = 'librechat';

/** The labels the LibreChat Helm chart puts on its API pods (`app.kubernetes.io/name` is `<release>-librechat`). */
export function librechatPodLabels(release: string): Record<string, string> {
  return { 'app.kubernetes.io/instance': release, 'app.kubernetes.io/name': `${release}-librechat` };
}

const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function derivePolicy(doc: ConfigDocument, env: Environment, options: DeriveOptions = {}): ContainmentPolicy {
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const release = options.release ?? DEFAULT_RELEASE;
  if (!K8S_NAME.test(namespace) || namespace.length > 63) throw new RangeError(`namespace "${namespace}" is not a valid Kubernetes name ([a-z0-9-], at most 63 characters)`);
  if (!K8S_NAME.test(release) || release.length > 53) throw new RangeError(`release "${release}" is not a valid Helm release name ([a-z0-9-], at most 53 characters)`);

  const d = new Derivation(doc, env);
  checkShape(d);
  deriveEndpoints(d);
  deriveAgents(d);
  deriveMcpServers(d, { decrypt: options.decrypt === true });
  deriveServices(d);
  deriveStorage(d);
  derivePlatform(d);

  const workloads: Workload[] = [{
    id: LIBRECHAT_WORKLOAD,
    title: 'LibreChat API',
    matchLabels: options.librechatLabels ?? librechatPodLabels(release),
  }];
  const groups = d.finalGroups();
  const rules: EgressRule[] = groups.map((g) => ({ workload: LIBRECHAT_WORKLOAD, group: g.name, action: 'permit', decrypt: options.decrypt === true }));
  const internal = [...d.internal].sort((a, b) => a.host.localeCompare(b.host) || a.port - b.port || a.title.localeCompare(b.title));

  const findings = applyAcceptance([...d.findings, ...(options.extraFindings ?? [])], options.accept ?? []);
  return { namespace, release, configDigest: doc.digest, configFile: doc.file, workloads, groups, rules, internal, findings: sortFindings(findings) };
}

function applyAcceptance(findings: ReturnType<typeof makeFinding>[], accept: readonly string[]) {
  const wanted = new Set(accept);
  const out = findings.map((f) => (wanted.has(f.id) && f.severity === 'error' ? { ...f, accepted: true } : f));
  for (const id of [...wanted].sort()) {
    if (!findings.some((f) => f.id === id)) {
      out.push(makeFinding('accept-unused', stableName([id]), `--accept ${id} names no finding of this config; it has no effect.`,
        'Remove it from the accepted findings (ids are printed by `explain`).'));
    }
  }
  return out;
}
