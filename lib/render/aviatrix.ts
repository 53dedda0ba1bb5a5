// ContainmentPolicy → Aviatrix Distributed Cloud Firewall custom resources
// (networking.aviatrix.com/v1alpha1). Rule order is evaluation order: one logged permit per
// destination group (and port), then a logged deny of everything else.
import { isIP } from '../config/ip-text';
import type { ContainmentPolicy, DestinationGroup, Workload } from '../policy/model';
import { WEB_PORTS } from '../policy/hosts';
import { stableName, uniqueName } from '../policy/names';
import type { KubeObject } from './objects';
import { managedLabels, sortedLabels } from './objects';
import { ArgumentError } from '../config/errors';

export const AVIATRIX_API_VERSION = 'networking.aviatrix.com/v1alpha1';

/** CRD generations: chart 8.2 lacks the decryption, watch and log-profile rule fields of 10.1. */
export const AVIATRIX_TARGETS = ['chart-8.2', 'chart-10.1'] as const;
export type AviatrixTarget = (typeof AVIATRIX_TARGETS)[number];
export const ENFORCEMENT_MODES = ['enforce', 'watch'] as const;
export type EnforcementMode = (typeof ENFORCEMENT_MODES)[number];
export const LOG_PROFILES = ['start', 'end', 'start/end'] as const;
export type LogProfile = (typeof LOG_PROFILES)[number];
export const AVIATRIX_FORMS = ['firewall-policy', 'webgroup-policy'] as const;
export type AviatrixForm = (typeof AVIATRIX_FORMS)[number];

export interface AviatrixOptions {
  /** Default `chart-10.1`. */
  target?: AviatrixTarget;
  /** `watch` logs matches without enforcing them (chart 10.1), for a staged rollout. Default `enforce`. */
  mode?: EnforcementMode;
  /** Chart 10.1 session logging. Default `start`. */
  logProfile?: LogProfile;
  /** `webgroup-policy` renders permit-only WebgroupPolicy objects for controllers that use only them. */
  form?: AviatrixForm;
}

/** What the chart 8.2 CRDs cannot hold (checked again where the arguments are read). */
export const WATCH_NEEDS_10_1 = 'watch mode needs the chart-10.1 CRD (chart 8.2 has no watch field)';
export const DECRYPT_NEEDS_10_1 =
  'TLS decryption per rule needs the chart-10.1 CRD (chart 8.2 has no decryptPolicy field)';

/** The inline SmartGroup every rule points at: web groups narrow a permit to their domains. */
export const ANYWHERE = { name: 'anywhere', cidr: '0.0.0.0/0' };

export function renderAviatrix(policy: ContainmentPolicy, options: AviatrixOptions = {}): KubeObject[] {
  const target = options.target ?? 'chart-10.1';
  const mode = options.mode ?? 'enforce';
  if (!AVIATRIX_TARGETS.includes(target))
    throw new ArgumentError('aviatrix.target', `must be one of ${AVIATRIX_TARGETS.join(', ')} (got "${target}")`);
  if (target === 'chart-8.2' && mode === 'watch') throw new ArgumentError('aviatrix.mode', WATCH_NEEDS_10_1);
  if (target === 'chart-8.2' && policy.rules.some((r) => r.decrypt))
    throw new ArgumentError('tls.decrypt', DECRYPT_NEEDS_10_1);
  if (options.form === 'webgroup-policy') return renderWebgroupPolicies(policy);
  return policy.workloads.map((w) => renderFirewallPolicy(policy, w, target, mode, options.logProfile ?? 'start'));
}

export function firewallPolicyName(policy: Pick<ContainmentPolicy, 'release'>, workload: Workload): string {
  return stableName([policy.release, workload.id, 'egress']);
}

interface PortSlice {
  webGroup?: { name: string; domains: string[] };
  addresses?: { name: string; cidrs: string[] };
  port: number;
  ruleName: string;
}

/**
 * A group's destinations split by port (a rule has one port) and into domains and addresses.
 * Names are made unique within the policy (`taken`): a group "x" split by port must not collide
 * with another group named "x-443".
 */
export function sliceGroup(group: DestinationGroup, taken: { groups: Set<string>; rules: Set<string> }): PortSlice[] {
  const ports = [...new Set(group.destinations.map((d) => d.port))].sort((a, b) => a - b);
  return ports.flatMap((port) => {
    const suffix = ports.length > 1 ? [String(port)] : [];
    const at = group.destinations.filter((d) => d.port === port);
    const domains = [...new Set(at.filter((d) => !isIP(d.host)).map((d) => d.host))].sort();
    const ips = [
      ...new Set(at.filter((d) => isIP(d.host)).map((d) => (isIP(d.host) === 6 ? `${d.host}/128` : `${d.host}/32`))),
    ].sort();
    const slices: PortSlice[] = [];
    if (domains.length > 0) {
      slices.push({
        port,
        webGroup: { name: uniqueName(stableName([group.name, ...suffix]), taken.groups), domains },
        ruleName: uniqueName(stableName(['permit', group.name, ...suffix]), taken.rules),
      });
    }
    if (ips.length > 0) {
      slices.push({
        port,
        addresses: { name: uniqueName(stableName([group.name, ...suffix, 'addresses']), taken.groups), cidrs: ips },
        ruleName: uniqueName(stableName(['permit', group.name, ...suffix, 'addresses']), taken.rules),
      });
    }
    return slices;
  });
}

function renderFirewallPolicy(
  policy: ContainmentPolicy,
  workload: Workload,
  target: AviatrixTarget,
  mode: EnforcementMode,
  logProfile: LogProfile,
): KubeObject {
  const selector = { matchLabels: sortedLabels(workload.matchLabels) };
  const extended = target === 'chart-10.1';
  const ruleExtras = (decrypt: boolean): Record<string, unknown> =>
    extended
      ? { logProfile, decryptPolicy: decrypt ? 'decryptAllowed' : 'decryptNotAllowed', watch: mode === 'watch' }
      : {};
  const smartGroups: Record<string, unknown>[] = [{ name: ANYWHERE.name, selectors: [{ cidr: ANYWHERE.cidr }] }];
  const webGroups: Record<string, unknown>[] = [];
  const rules: Record<string, unknown>[] = [];
  const byName = new Map(policy.groups.map((g) => [g.name, g]));
  const taken = { groups: new Set([ANYWHERE.name]), rules: new Set(['deny-all']) };
  for (const rule of policy.rules.filter((r) => r.workload === workload.id)) {
    const group = byName.get(rule.group);
    if (!group) continue;
    for (const slice of sliceGroup(group, taken)) {
      const base = { name: slice.ruleName, action: 'permit', protocol: 'tcp', port: slice.port, selector };
      if (slice.webGroup) {
        webGroups.push({ name: slice.webGroup.name, domains: slice.webGroup.domains });
        rules.push({
          ...base,
          destinationSmartGroups: [{ name: ANYWHERE.name }],
          webGroups: [{ name: slice.webGroup.name }],
          logging: true,
          ...ruleExtras(rule.decrypt),
        });
      } else if (slice.addresses) {
        smartGroups.push({ name: slice.addresses.name, selectors: slice.addresses.cidrs.map((cidr) => ({ cidr })) });
        rules.push({
          ...base,
          destinationSmartGroups: [{ name: slice.addresses.name }],
          logging: true,
          ...ruleExtras(rule.decrypt),
        });
      }
    }
  }
  rules.push({
    name: 'deny-all',
    action: 'deny',
    protocol: 'any',
    selector,
    destinationSmartGroups: [{ name: ANYWHERE.name }],
    logging: true,
    ...ruleExtras(false),
  });
  return {
    apiVersion: AVIATRIX_API_VERSION,
    kind: 'FirewallPolicy',
    metadata: {
      name: firewallPolicyName(policy, workload),
      namespace: workload.namespace,
      labels: managedLabels(policy, workload.id),
    },
    spec: { smartGroups, webGroups, rules },
  };
}

function renderWebgroupPolicies(policy: ContainmentPolicy): KubeObject[] {
  const out: KubeObject[] = [];
  const workloads = new Map(policy.workloads.map((w) => [w.id, w]));
  const groups = new Map(policy.groups.map((g) => [g.name, g]));
  for (const rule of policy.rules) {
    const workload = workloads.get(rule.workload);
    const group = groups.get(rule.group);
    if (!workload || !group) continue;
    const domains = [...new Set(group.destinations.filter((d) => !isIP(d.host)).map((d) => d.host))].sort();
    if (domains.length === 0) continue;
    out.push({
      apiVersion: AVIATRIX_API_VERSION,
      kind: 'WebgroupPolicy',
      metadata: {
        name: stableName([policy.release, workload.id, group.name]),
        namespace: workload.namespace,
        labels: managedLabels(policy, workload.id),
      },
      spec: { allowedDomains: domains, selector: { matchLabels: sortedLabels(workload.matchLabels) } },
    });
  }
  return out;
}

/** Things the WebgroupPolicy form cannot say, for the CLI to print beside it. */
export function webgroupFormLimits(policy: ContainmentPolicy): string[] {
  const notes = [
    "WebgroupPolicy is permit-only: it cannot deny. Keep a default-deny rule on the Aviatrix controller, or the firewall's default action (PERMIT once DCF is on) lets everything else through.",
  ];
  const denyOnly = policy.workloads.filter((w) => !policy.rules.some((r) => r.workload === w.id));
  if (denyOnly.length > 0)
    notes.push(
      `${denyOnly.map((w) => w.id).join(', ')}: no internet destination; their deny-all cannot be expressed as a WebgroupPolicy.`,
    );
  for (const group of policy.groups) {
    const ips = group.destinations.filter((d) => isIP(d.host));
    if (ips.length > 0)
      notes.push(
        `${group.name}: ${ips.length} IP destination(s) cannot be expressed in a WebgroupPolicy and are left out.`,
      );
    const ports = group.destinations.filter((d) => !WEB_PORTS.has(d.port));
    if (ports.length > 0)
      notes.push(
        `${group.name}: WebgroupPolicy has no port field; port(s) ${[...new Set(ports.map((d) => d.port))].join(', ')} are not restricted by it.`,
      );
  }
  return notes;
}
