// The enforcement lines of `explain` for each backend: what enforces a workload's internet egress,
// and every rule as the backend spells it, read from the rendered objects themselves (so the text
// cannot drift from what is applied). Aviatrix keeps its historical lines word for word.
// The objects are read in their four backend shapes without typing each CRD.
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Backend } from '../pipeline';
import type { KubeObject } from './objects';

export interface EnforcementView {
  backend: Backend;
  /** The rendered objects (the backend's and the NetworkPolicies). */
  objects: KubeObject[];
  /** `enforce` or `watch`. */
  mode?: string;
  /** Cilium: the minor version rendered for. */
  ciliumVersion?: string;
}

export interface EnforcementLines {
  /** When the workload has no internet egress. */
  none: string;
  /** After the allowed table: who enforces and the rules, then what happens to everything else. */
  after: string[];
  /** The DNS line. */
  dns: (resolvers: string) => string;
  /** The catch-all wording of `explain HOST` when a host is denied. */
  denied: string;
}

const WORKLOAD = 'librechat-containment/workload';

const AVIATRIX: EnforcementLines = {
  none: '  Internet egress: none allowed; every connection is denied (rule deny-all, logged).',
  after: ['  Everything else: denied (rule deny-all, logged).'],
  dns: (r) =>
    r === ''
      ? '  Plus DNS to kube-dns; all other pod traffic denied (NetworkPolicy).'
      : `  Plus DNS (port 53) to kube-dns and ${r}; all other pod traffic denied (NetworkPolicy).`,
  denied: 'the catch-all rule deny-all denies it (and logs it)',
};

const KIND: Record<Exclude<Backend, 'aviatrix'>, string> = {
  cilium: 'CiliumNetworkPolicy',
  'gke-fqdn': 'FQDNNetworkPolicy',
  'eks-anp': 'ApplicationNetworkPolicy',
};

const ENFORCER: Record<Exclude<Backend, 'aviatrix'>, (v: EnforcementView) => string> = {
  cilium: (v) =>
    `Cilium ${v.ciliumVersion ?? ''}`.trim() + ' (per pod: its DNS proxy and the addresses its lookups return)',
  'gke-fqdn': () => "GKE Dataplane V2 (the addresses of the names' lookups)",
  'eks-anp': () => "the EKS Auto Mode network policy agent (the addresses of the names' lookups)",
};

const ports = (ps: any[] | undefined) =>
  (ps ?? []).map((p) => `${p.port}/${p.protocol ?? 'TCP'}`).join(', ') || 'any port';

/** One line per egress rule of a backend object, as the backend spells it. */
function ruleLines(o: any): string[] {
  const spec = o.spec ?? {};
  if (o.kind === 'CiliumNetworkPolicy')
    return (spec.egress ?? []).flatMap((r: any) => {
      const dns = (r.toPorts ?? []).flatMap((p: any) => p.rules?.dns ?? []);
      if (dns.length > 0) {
        const peer = r.toEndpoints ? 'kube-dns' : (r.toCIDR ?? []).join(', ');
        const any = dns.some((d: any) => d.matchPattern === '*');
        return [
          `DNS to ${peer}: ${any ? 'every name may be resolved (watch mode)' : `only ${dns.length} name form(s) may be resolved (rules.dns)`}`,
        ];
      }
      const to = r.toFQDNs
        ? `toFQDNs ${r.toFQDNs.map((s: any) => (s.matchName ? `matchName ${s.matchName}` : `matchPattern ${s.matchPattern}`)).join(', ')}`
        : `toCIDR ${(r.toCIDR ?? []).join(', ')}`;
      const sni = (r.toPorts ?? []).flatMap((p: any) => p.serverNames ?? []);
      const ps = (r.toPorts ?? []).flatMap((p: any) => p.ports ?? []);
      return [`${to}; toPorts ${ports(ps)}${sni.length ? `; serverNames ${sni.join(', ')}` : ''}`];
    });
  if (o.kind === 'FQDNNetworkPolicy')
    return (spec.egress ?? []).map(
      (r: any) =>
        `matches ${r.matches.map((m: any) => (m.name ? `name ${m.name}` : `pattern ${m.pattern}`)).join(', ')}; ports ${ports(r.ports)}`,
    );
  if (o.kind === 'ApplicationNetworkPolicy')
    return (spec.egress ?? []).map((r: any) => {
      const to = (r.to ?? [])
        .map((t: any) => (t.domainNames ? `domainNames ${t.domainNames.join(', ')}` : `ipBlock ${t.ipBlock?.cidr}`))
        .join('; ');
      return `${to}; ports ${ports(r.ports)}`;
    });
  if (o.kind === 'NetworkPolicy')
    return (spec.egress ?? []).map(
      (r: any) => `ipBlock ${(r.to ?? []).map((t: any) => t.ipBlock?.cidr).join(', ')}; ports ${ports(r.ports)}`,
    );
  return [];
}

/** The enforcement lines of one workload for the chosen backend (Aviatrix: the historical text). */
export function enforcementLines(view: EnforcementView | undefined, workload: string): EnforcementLines {
  if (!view || view.backend === 'aviatrix') return AVIATRIX;
  const backend = view.backend;
  const kind = KIND[backend];
  const mine = view.objects.filter((o) => o.metadata.labels?.[WORKLOAD] === workload);
  // GKE's IP literals live in the workload's own `-ips` NetworkPolicy.
  const own = mine.filter(
    (o) =>
      o.kind === kind || (backend === 'gke-fqdn' && o.kind === 'NetworkPolicy' && o.metadata.name.endsWith('-ips')),
  );
  const watch = view.mode === 'watch';
  const rest = watch
    ? '  Everything else: NOT denied yet (watch mode: the NetworkPolicies still allow every public IP on these ports; finding backend-watch).'
    : backend === 'cilium'
      ? '  Everything else: denied (enableDefaultDeny egress; hubble observe --verdict DROPPED shows it).'
      : `  Everything else: denied (the NetworkPolicies deny egress by default and no ${kind} allows it).`;
  const after = [
    `  Enforced by ${ENFORCER[backend](view)}:`,
    ...own.flatMap((o) => [`    ${o.kind} ${o.metadata.name}:`, ...ruleLines(o).map((l) => `      ${l}`)]),
    rest,
  ];
  const none =
    backend === 'cilium'
      ? `  Internet egress: none allowed; ${own.map((o) => `CiliumNetworkPolicy ${o.metadata.name}`).join(', ') || 'the NetworkPolicy'} denies every connection.`
      : `  Internet egress: none allowed; the NetworkPolicy denies every connection (no ${kind} is needed).`;
  const dns = (r: string) => {
    if (backend === 'cilium' && !watch)
      return `  Plus DNS to kube-dns${r ? ` and ${r}` : ''}, only for this workload's names (Cilium DNS rule); all other pod traffic denied (NetworkPolicy).`;
    return AVIATRIX.dns(r);
  };
  return {
    none,
    after: own.length > 0 ? after : [rest],
    dns,
    denied: `no ${kind} allows it, so the default deny of the ${backend} backend denies it`,
  };
}
