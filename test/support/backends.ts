// What each enforcement backend's rendered objects allow, read back from the objects themselves
// (not from the policy model), so the suites can compare backends: (workload, host pattern, port).
import type { KubeObject } from '../../lib/render/objects';

export interface Allow {
  workload: string;
  /** A host, an IP address, or a wildcard in the backend's own syntax. */
  host: string;
  port: number;
}

const WORKLOAD = 'librechat-containment/workload';

export function key(a: Allow): string {
  return `${a.workload} ${a.host}:${a.port}`;
}

/** Every permit of the Aviatrix FirewallPolicies: web group domains and address CIDRs (without /32). */
export function aviatrixAllows(objects: KubeObject[]): Allow[] {
  const out: Allow[] = [];
  for (const o of objects as any[]) {
    if (o.kind !== 'FirewallPolicy') continue;
    const workload = o.metadata.labels[WORKLOAD];
    const webGroups = new Map<string, string[]>(o.spec.webGroups.map((w: any) => [w.name, w.domains]));
    const smartGroups = new Map<string, string[]>(
      o.spec.smartGroups.map((g: any) => [g.name, g.selectors.map((s: any) => s.cidr)]),
    );
    for (const r of o.spec.rules) {
      if (r.action !== 'permit') continue;
      if (r.webGroups) {
        for (const ref of r.webGroups)
          for (const host of webGroups.get(ref.name) ?? []) out.push({ workload, host, port: r.port });
      } else {
        for (const ref of r.destinationSmartGroups)
          for (const cidr of smartGroups.get(ref.name) ?? [])
            out.push({ workload, host: cidr.replace(/\/(32|128)$/, ''), port: r.port });
      }
    }
  }
  return out;
}

/** Every non-DNS egress allow of the CiliumNetworkPolicies: toFQDNs names/patterns and toCIDR addresses. */
export function ciliumAllows(objects: KubeObject[]): Allow[] {
  const out: Allow[] = [];
  for (const o of objects as any[]) {
    if (o.kind !== 'CiliumNetworkPolicy') continue;
    const workload = o.metadata.labels[WORKLOAD];
    for (const rule of o.spec.egress ?? []) {
      if (rule.toEndpoints || rule.toPorts.some((p: any) => p.rules?.dns)) continue;
      const ports: number[] = rule.toPorts.flatMap((p: any) => p.ports.map((x: any) => Number(x.port)));
      const hosts: string[] = [
        ...(rule.toFQDNs ?? []).map((s: any) => s.matchName ?? s.matchPattern),
        ...(rule.toCIDR ?? []).map((c: string) => c.replace(/\/(32|128)$/, '')),
      ];
      for (const host of hosts) for (const port of ports) out.push({ workload, host, port });
    }
  }
  return out;
}

/**
 * Every egress allow of the GKE rendering: FQDNNetworkPolicy matches × ports, and the addresses of
 * its own `-ips` NetworkPolicies (the plain NetworkPolicies' in-cluster rules are not internet allows).
 */
export function gkeFqdnAllows(objects: KubeObject[]): Allow[] {
  const out: Allow[] = [];
  for (const o of objects as any[]) {
    const workload = o.metadata.labels?.[WORKLOAD];
    if (o.kind === 'FQDNNetworkPolicy') {
      for (const r of o.spec.egress)
        for (const m of r.matches)
          for (const p of r.ports) out.push({ workload, host: m.name ?? m.pattern, port: p.port });
    } else if (o.kind === 'NetworkPolicy' && o.metadata.name.endsWith('-ips')) {
      for (const r of o.spec.egress)
        for (const t of r.to)
          for (const p of r.ports)
            out.push({ workload, host: t.ipBlock.cidr.replace(/\/(32|128)$/, ''), port: p.port });
    }
  }
  return out;
}

/** Every egress allow of the EKS ApplicationNetworkPolicies: domainNames and ipBlock addresses × ports. */
export function eksAnpAllows(objects: KubeObject[]): Allow[] {
  const out: Allow[] = [];
  for (const o of objects as any[]) {
    if (o.kind !== 'ApplicationNetworkPolicy') continue;
    const workload = o.metadata.labels[WORKLOAD];
    for (const r of o.spec.egress)
      for (const t of r.to) {
        const hosts: string[] = t.domainNames ?? [t.ipBlock.cidr.replace(/\/(32|128)$/, '')];
        for (const host of hosts) for (const p of r.ports) out.push({ workload, host, port: p.port });
      }
  }
  return out;
}

/** The DNS names (matchName/matchPattern) a CiliumNetworkPolicy lets its workload resolve. */
export function ciliumDnsNames(o: KubeObject): string[] {
  const dns = (o as any).spec.egress.find((r: any) => r.toEndpoints);
  return dns.toPorts.flatMap((p: any) => p.rules.dns.map((s: any) => s.matchName ?? s.matchPattern));
}

function labelMatches(pattern: string, label: string): boolean {
  if (!pattern.includes('*')) return pattern === label;
  const re = new RegExp(`^${pattern.split('*').map(escape).join('[a-z0-9_-]*')}$`);
  return re.test(label);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function labelsMatch(pattern: string[], host: string[]): boolean {
  return pattern.length === host.length && pattern.every((p, i) => labelMatches(p, host[i]));
}

/**
 * Cilium's matching as its CRD documents it (1.19 line): `*` is a glob inside one label, and
 * a leading `**.` matches one or more labels (never the apex).
 */
export function ciliumMatches(pattern: string, host: string): boolean {
  const h = host.toLowerCase().split('.');
  if (pattern.startsWith('**.')) {
    const rest = pattern.slice(3).split('.');
    return h.length > rest.length && labelsMatch(rest, h.slice(h.length - rest.length));
  }
  return labelsMatch(pattern.toLowerCase().split('.'), h);
}

/** Aviatrix's and LibreChat's: a leading `*.` matches any depth of sub-domain, never the apex. */
export function aviatrixMatches(pattern: string, host: string): boolean {
  if (pattern.startsWith('*.')) return ciliumMatches(`*${pattern}`, host);
  return ciliumMatches(pattern, host);
}

/** Host names that tell wildcard semantics apart: the pattern's apex, one label and two labels deeper. */
export function probes(pattern: string): string[] {
  const concrete = pattern.replace(/^(\*\*?\.)+/, '').replace(/\*/g, 'x');
  return [concrete, `a.${concrete}`, `a.b.${concrete}`, `a.b.c.${concrete}`, pattern.replace(/\*+/g, 'q')];
}
