// `explain`: every allowed destination with the config line that caused it, the findings, and
// "may LibreChat reach this host, and why (not)?".
import { isIP } from '../config/ip-text';
import {
  HOST_CLASS_TEXT,
  classifyHost,
  isInternet,
  permitCovers,
  normaliseHost,
  parseUrlTarget,
} from '../policy/hosts';
import type { ContainmentPolicy, Finding, SourceRef } from '../policy/model';
import { blockingFindings } from '../policy/model';
import { escapeControl } from '../config/display';
import { enforcementLines, type EnforcementView } from './enforcement-text';

export type { EnforcementView } from './enforcement-text';

export interface AllowedEntry {
  workload: string;
  host: string;
  port: number;
  group: string;
  kind: string;
  purpose: string;
  source: SourceRef;
}

export function allowedEntries(policy: ContainmentPolicy): AllowedEntry[] {
  const groups = new Map(policy.groups.map((g) => [g.name, g]));
  return policy.rules.flatMap((rule) => {
    const group = groups.get(rule.group);
    return (group?.destinations ?? []).map((d) => ({
      workload: rule.workload,
      host: d.host,
      port: d.port,
      group: group!.name,
      kind: group!.kind,
      purpose: d.purpose,
      source: d.source,
    }));
  });
}

export function formatSource(source: SourceRef | undefined): string {
  if (!source) return '';
  const at = source.line > 0 ? `${source.file}:${source.line}:${source.column}` : source.file;
  const via = source.via
    ? ` (via ${source.via.path} from ${formatSource({ ...source.via, via: undefined }).split(' ')[0]})`
    : '';
  return escapeControl(`${at} ${source.path}${via}`);
}

export function explainJson(policy: ContainmentPolicy): Record<string, unknown> {
  const src = (s: SourceRef | undefined) =>
    s && {
      file: s.file,
      line: s.line,
      column: s.column,
      path: s.path,
      ...(s.via ? { via: { file: s.via.file, line: s.via.line, column: s.via.column, path: s.via.path } } : {}),
    };
  return {
    namespace: policy.namespace,
    release: policy.release,
    configDigest: `sha256:${policy.configDigest}`,
    workloads: policy.workloads.map((w) => ({
      id: w.id,
      title: w.title,
      role: w.role,
      namespace: w.namespace,
      matchLabels: w.matchLabels,
      ports: w.ports,
      source: src(w.source),
    })),
    edges: policy.edges.map((e) => ({
      from: e.from,
      to: e.to,
      port: e.port,
      purpose: e.purpose,
      source: src(e.source),
    })),
    imagePulls: policy.imagePulls.registries.map((r) => ({ host: r.host, purpose: r.purpose })),
    allowed: allowedEntries(policy).map((e) => ({
      workload: e.workload,
      host: e.host,
      port: e.port,
      group: e.group,
      kind: e.kind,
      purpose: e.purpose,
      source: src(e.source),
    })),
    internal: policy.internal.map((i) => ({
      workload: i.workload,
      host: i.host,
      port: i.port,
      classification: i.classification,
      title: i.title,
      source: src(i.source),
    })),
    ...(policy.credentialEndpoints?.length
      ? {
          credentials: policy.credentialEndpoints.map((c) => ({
            workload: c.workload,
            mode: c.mode,
            host: c.host,
            port: c.port,
            purpose: c.purpose,
            networkPolicyIpBlock: isIP(c.host) !== 0,
            source: src(c.source),
          })),
        }
      : {}),
    ...(policy.dns?.addresses.length ? { dns: { kubeDns: true, addresses: policy.dns.addresses } } : {}),
    findings: policy.findings.map((f) => ({
      id: f.id,
      severity: f.severity,
      accepted: f.accepted === true,
      ...(f.acceptance ? { acceptedBecause: { reason: f.acceptance.reason, source: src(f.acceptance.source) } } : {}),
      message: f.message,
      fix: f.fix,
      source: src(f.source) ?? null,
    })),
  };
}

function table(rawRows: string[][]): string {
  const rows = rawRows.map((r) => r.map(escapeControl));
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The text of `explain`; `enforcement` picks the backend's enforcement lines (default: Aviatrix's). */
export function explainText(policy: ContainmentPolicy, enforcement?: EnforcementView): string {
  const out: string[] = [];
  const byId = new Map(policy.workloads.map((w) => [w.id, w]));
  for (const w of policy.workloads) {
    const labels = Object.entries(w.matchLabels)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    out.push(`Workload ${w.id} (${w.title}) in namespace ${w.namespace}, pods ${labels}`);
    out.push(`  part of the stack because of: ${formatSource(w.source)}`);
    const entries = allowedEntries(policy).filter((e) => e.workload === w.id);
    const enforced = enforcementLines(enforcement, w.id);
    if (entries.length === 0) out.push(enforced.none);
    else {
      out.push(
        table([
          ['  INTERNET EGRESS', 'GROUP', 'WHY', 'SOURCE'],
          ...entries.map((e) => [`  ${e.host}:${e.port}`, e.group, e.purpose, formatSource(e.source)]),
        ]),
      );
      out.push(...enforced.after);
      // The backend's narrowing of this workload's rules (never produced for Aviatrix).
      const narrowed = policy.findings.filter(
        (f) => f.kind === 'backend-wildcard-narrowed' && f.message.includes(` for ${w.id} (`),
      );
      if (narrowed.length > 0)
        out.push(
          `  Narrowed by the backend (denied deeper than the config allows): ${narrowed.map((f) => f.id).join(', ')}.`,
        );
    }
    const ingress = policy.edges.filter((e) => e.to === w.id);
    const egress = policy.edges.filter((e) => e.from === w.id);
    const internal = policy.internal.filter((i) => i.workload === w.id);
    const inbound =
      w.id === 'librechat' ? [['  from users (any source)', `${w.ports.join(', ')}`, 'the web UI and API', '']] : [];
    if (inbound.length + ingress.length > 0) {
      out.push(
        table([
          ['  IN-CLUSTER INGRESS', 'PORT', 'WHY', 'SOURCE'],
          ...inbound,
          ...ingress.map((e) => [
            `  from ${e.from}${byId.get(e.from)?.namespace !== w.namespace ? ` (namespace ${byId.get(e.from)?.namespace})` : ''}`,
            String(e.port),
            e.purpose,
            formatSource(e.source),
          ]),
        ]),
      );
    } else {
      out.push('  In-cluster ingress: none.');
    }
    if (egress.length + internal.length > 0) {
      out.push(
        table([
          ['  IN-CLUSTER EGRESS', 'PORT', 'WHY', 'SOURCE'],
          ...egress.map((e) => [
            `  to ${e.to}${byId.get(e.to)?.namespace !== w.namespace ? ` (namespace ${byId.get(e.to)?.namespace})` : ''}`,
            String(e.port),
            e.purpose,
            formatSource(e.source),
          ]),
          ...internal.map((i) => [
            `  to ${i.host} (${HOST_CLASS_TEXT[i.classification]})`,
            String(i.port),
            i.title,
            formatSource(i.source),
          ]),
        ]),
      );
    }
    const creds = (policy.credentialEndpoints ?? []).filter((c) => c.workload === w.id);
    if (creds.length > 0) {
      out.push(
        table([
          ['  CLOUD CREDENTIALS', 'MODE', 'WHY', 'SOURCE'],
          ...creds.map((c) => [
            `  ${c.host}:${c.port}${isIP(c.host) ? ' (NetworkPolicy ipBlock)' : ''}`,
            c.mode,
            c.purpose,
            formatSource(c.source),
          ]),
        ]),
      );
    }
    const dns = policy.dns?.addresses ?? [];
    out.push(enforced.dns(dns.map((a) => `${a.ip} (${a.why})`).join(', ')), '');
  }
  if (policy.imagePulls.registries.length > 0) {
    out.push(
      `Node image pulls (controller-side, ${policy.imagePulls.cloud ? `${policy.imagePulls.cloud} nodes` : 'cluster nodes'}; image-pulls.tf.json):`,
    );
    out.push(
      table([['  REGISTRY HOST', 'FOR'], ...policy.imagePulls.registries.map((r) => [`  ${r.host}`, r.purpose])]),
      '',
    );
  }
  out.push(formatFindings(policy.findings));
  return `${out.join('\n').trimEnd()}\n`;
}

export function formatFindings(findings: Finding[]): string {
  if (findings.length === 0) return 'Findings: none.';
  const lines = [`Findings (${findings.length}):`];
  for (const f of findings) {
    const state = f.accepted ? `${f.severity}, accepted` : f.severity === 'error' ? 'ERROR' : f.severity;
    lines.push(`  [${state}] ${f.id}${f.source ? `  (${formatSource(f.source)})` : ''}`);
    lines.push(`      ${f.message}`);
    lines.push(`      fix: ${f.fix}`);
    if (f.acceptance)
      lines.push(`      accepted because: ${f.acceptance.reason}  (${formatSource(f.acceptance.source)})`);
  }
  return lines.join('\n');
}

/** How many findings of each severity the policy has (the summaries of stderr and the job summary). */
export function findingCounts(policy: ContainmentPolicy): Record<Finding['severity'], number> {
  const count = (s: Finding['severity']) => policy.findings.filter((f) => f.severity === s).length;
  return { error: count('error'), warning: count('warning'), info: count('info') };
}

/** One line for stderr after render/check. */
export function findingsSummary(policy: ContainmentPolicy): string {
  const n = findingCounts(policy);
  const accepted = policy.findings.filter((f) => f.accepted && f.severity === 'error').length;
  const blocking = blockingFindings(policy).length;
  return `${policy.groups.length} destination group(s); findings: ${n.error} error(s) (${accepted} accepted${blocking ? `, ${blocking} NOT accepted` : ''}), ${n.warning} warning(s), ${n.info} info. Run \`librechat-containment explain\` for details.`;
}

export interface HostAnswer {
  allowed: boolean;
  host: string;
  port?: number;
  text: string;
  matches: AllowedEntry[];
}

/** Whether a host (`host`, `host:port` or a URL) may be reached, and why. */
export function explainHost(policy: ContainmentPolicy, query: string, enforcement?: EnforcementView): HostAnswer {
  const { host, port } = parseQuery(query);
  const entries = allowedEntries(policy);
  const matches = entries.filter((e) => permitCovers(e.host, host) && (port === undefined || e.port === port));
  const where = port === undefined ? host : `${host}:${port}`;
  if (matches.length > 0) {
    const lines = [`ALLOWED: ${where} may be reached by:`];
    for (const m of matches)
      lines.push(
        `  ${m.workload} → ${m.host}:${m.port}${m.host === host ? '' : ` (the wildcard entry ${m.host} covers ${host})`} in group ${m.group} (${m.purpose}), because of ${formatSource(m.source)}`,
      );
    return { allowed: true, host, port, text: lines.join('\n'), matches };
  }
  const lines = [`DENIED: ${where} is not allowed for any workload; ${enforcementLines(enforcement, '').denied}.`];
  const otherPorts = entries.filter((e) => e.host === host);
  if (otherPorts.length > 0)
    lines.push(
      `  It is allowed on other port(s): ${[...new Set(otherPorts.map((e) => e.port))].join(', ')} (group ${otherPorts[0].group}).`,
    );
  const hostClass = classifyHost(host);
  if (!isInternet(hostClass)) {
    lines.push(
      `  ${host} is a ${HOST_CLASS_TEXT[hostClass]}: it is never an internet destination; in-cluster traffic is governed by Kubernetes NetworkPolicy.`,
    );
  }
  const internal = policy.internal.filter((i) => i.host === host);
  for (const i of internal) lines.push(`  The config uses it for ${i.title} (${formatSource(i.source)}).`);
  const related = policy.findings.filter((f) => f.message.includes(host));
  for (const f of related) lines.push(`  See finding ${f.id}: ${f.message}`);
  if (otherPorts.length === 0 && internal.length === 0 && related.length === 0) {
    lines.push(
      '  No part of the config or its environment refers to it. To allow it, configure the provider, MCP server or service that needs it in librechat.yaml.',
    );
  }
  return { allowed: false, host, port, text: lines.join('\n'), matches: [] };
}

function parseQuery(query: string): { host: string; port?: number } {
  const q = query.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(q)) {
    const target = parseUrlTarget(q);
    return 'error' in target ? { host: normaliseHost(q) } : { host: target.host, port: target.port };
  }
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(q);
  if (!m) return { host: normaliseHost(q) };
  return { host: normaliseHost(m[1]), port: m[2] ? Number(m[2]) : undefined };
}
