// Small helpers for the core suites: build a policy from YAML text and an env map.
import { buildEnvironment } from '../../lib/config/env';
import { buildContainment, type Containment, type ContainmentInput } from '../../lib/pipeline';
import type { DeriveOptions } from '../../lib/policy/derive';
import type { AviatrixOptions } from '../../lib/render/aviatrix';

export function contain(
  yaml: string,
  env: Record<string, string> = {},
  derive: DeriveOptions = {},
  aviatrix: AviatrixOptions = {},
): Containment {
  return buildContainment({
    configText: yaml,
    configFile: 'librechat.yaml',
    env: buildEnvironment({ pairs: env }),
    derive,
    aviatrix,
  });
}

/**
 * The containment of `text` with every blocking finding accepted (accepting never changes the
 * policy), empty env: for suites that compare renderings, not the gate.
 */
export function containAcceptingAll(
  text: string,
  extra: Partial<ContainmentInput> = {},
  configFile = 'librechat.yaml',
): Containment {
  const input = (accept: string[]) =>
    buildContainment({
      configText: text,
      configFile,
      env: buildEnvironment({ pairs: {} }),
      ...extra,
      derive: { ...extra.derive, accept },
    });
  return input(input([]).blocking.map((f) => f.id));
}

/** `group name → ['host:port', ...]` of a containment, for compact assertions. */
export function groupsOf(c: Containment): Record<string, string[]> {
  return Object.fromEntries(c.policy.groups.map((g) => [g.name, g.destinations.map((d) => `${d.host}:${d.port}`)]));
}

/** Every `host:port` the policy allows, sorted. */
export function allowedHosts(c: Containment): string[] {
  return [...new Set(c.policy.groups.flatMap((g) => g.destinations.map((d) => `${d.host}:${d.port}`)))].sort();
}

export function findingIds(c: Containment, severity?: string): string[] {
  return c.policy.findings
    .filter((f) => !severity || f.severity === severity)
    .map((f) => f.id)
    .sort();
}

/** The FirewallPolicy of one workload (default: the LibreChat API). */
export function firewallPolicy(c: Containment, workload = 'librechat'): any {
  const o = c.objects.find(
    (x) => x.kind === 'FirewallPolicy' && x.metadata.labels?.['librechat-containment/workload'] === workload,
  );
  if (!o) throw new Error(`no FirewallPolicy for ${workload}`);
  return o;
}

/** Every web group domain across the rendered FirewallPolicies. */
export function renderedDomains(c: Containment): string[] {
  return c.objects.flatMap((o: any) => (o.spec?.webGroups ?? []).flatMap((w: any) => w.domains)).sort();
}

/** The minimal config header most tests start from: no user MCP servers, no Actions. */
export const QUIET = `version: 1.3.9
interface:
  mcpServers:
    create: false
endpoints:
  agents:
    capabilities: ['file_search', 'tools']
`;
