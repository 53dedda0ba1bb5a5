// What changed between the committed manifests and the ones the config gives, in words a
// reviewer reads in the CI log: objects added or removed, rules added, removed, reordered or with
// another action, destination groups whose hosts changed, NetworkPolicy rules added or removed.
// Compares parsed objects (canonical JSON), so a reordering or a changed action is named even
// when the hosts are the same.
import { parseAllDocuments } from 'yaml';
import { canonicalJson } from '../config/document';
import { escapeControl, truncate } from '../config/display';
import { asArray, asRecord, isRecord, sameJson, type JsonObject as Obj } from '../config/json';
import { plainDocuments } from '../config/plain-yaml';

/** Every object in a manifest text (multi-document YAML, a JSON object or a JSON list); [] when it does not parse. */
export function parseObjects(text: string): Obj[] {
  try {
    const t = text.trim();
    if (t.startsWith('{') || t.startsWith('[')) {
      const v: unknown = JSON.parse(t);
      return (Array.isArray(v) ? v : [v]).filter((o): o is Obj => Boolean(o) && typeof o === 'object');
    }
    // js-yaml when the text reads alike in both (this tool's own output nearly always does).
    return (plainDocuments(text) ?? libraryDocuments(text)).filter(isRecord);
  } catch {
    return [];
  }
}

/** The documents as the `yaml` library reads them (YAML 1.2 core schema); a document with an error is left out. */
function libraryDocuments(text: string): unknown[] {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  return list.flatMap((d): unknown[] => (d.errors.length === 0 ? [d.toJS({ maxAliasCount: 100 })] : []));
}

function keyOf(o: Obj): string {
  const metadata = asRecord(o.metadata);
  const ns = metadata.namespace ? `${metadata.namespace}/` : '';
  return o.kind ? `${o.kind} ${ns}${metadata.name ?? '(no name)'}` : `object ${truncate(canonicalJson(o), 60)}`;
}

/** The entries of a list field, each read as an object. */
function records(value: unknown): Obj[] {
  return asArray(value).map(asRecord);
}

function show(text: unknown): string {
  return truncate(escapeControl(String(text)), 100);
}

/** The hosts of each web group and the selectors of each smart group of a FirewallPolicy. */
interface GroupHosts {
  web: Map<unknown, unknown[]>;
  smart: Map<unknown, unknown[]>;
}

// Once per policy, not once per rule: a policy of n rules and n groups was read n times over.
const groupHostsCache = new WeakMap<Obj, GroupHosts>();

function groupHosts(doc: Obj): GroupHosts {
  let hosts = groupHostsCache.get(doc);
  if (!hosts) {
    const spec = asRecord(doc.spec);
    hosts = {
      web: new Map(records(spec.webGroups).map((g) => [g.name, asArray(g.domains)])),
      smart: new Map(
        records(spec.smartGroups).map((g) => [
          g.name,
          asArray(g.selectors).map((s) => asRecord(s).cidr ?? JSON.stringify(s)),
        ]),
      ),
    };
    groupHostsCache.set(doc, hosts);
  }
  return hosts;
}

/** Whether two rules reach the same hosts: what their ruleTexts compare, without writing them. */
function sameTargets(a: Obj, aDoc: Obj, b: Obj, bDoc: Obj): boolean {
  const aHosts = groupHosts(aDoc);
  const bHosts = groupHosts(bDoc);
  const aWeb = records(a.webGroups);
  const bWeb = records(b.webGroups);
  if (aWeb.length > 0 || bWeb.length > 0)
    return (
      aWeb.length === bWeb.length &&
      aWeb.every((g, i) => g.name === bWeb[i].name && sameJson(aHosts.web.get(g.name), bHosts.web.get(g.name)))
    );
  const aSmart = records(a.destinationSmartGroups);
  const bSmart = records(b.destinationSmartGroups);
  return (
    aSmart.length === bSmart.length &&
    aSmart.every((g, i) => g.name === bSmart[i].name && sameJson(aHosts.smart.get(g.name), bHosts.smart.get(g.name)))
  );
}

function ruleText(rule: Obj, doc: Obj): string {
  const { web, smart } = groupHosts(doc);
  const webGroups = records(rule.webGroups);
  const to = webGroups.length
    ? webGroups.map((g) => `web group ${g.name} (${(web.get(g.name) ?? []).join(', ')})`)
    : records(rule.destinationSmartGroups).map((g) => `${g.name} (${(smart.get(g.name) ?? []).join(', ')})`);
  return show(`${rule.action ?? '?'} ${rule.protocol ?? ''}/${rule.port ?? 'any'} to ${to.join(', ') || '?'}`);
}

function firewallLines(name: string, before: Obj, after: Obj): string[] {
  const lines: string[] = [];
  const b = records(asRecord(before.spec).rules);
  const a = records(asRecord(after.spec).rules);
  const bByName = new Map(b.map((r) => [String(r.name), r]));
  const aByName = new Map(a.map((r) => [String(r.name), r]));
  for (const r of a)
    if (!bByName.has(String(r.name))) lines.push(`+ rule ${show(r.name)} in ${name}: ${ruleText(r, after)}${ADDS}`);
  for (const r of b)
    if (!aByName.has(String(r.name))) lines.push(`- rule ${show(r.name)} in ${name}: ${ruleText(r, before)}${DROPS}`);
  for (const r of a) {
    const old = bByName.get(String(r.name));
    if (!old) continue;
    if (old.action !== r.action)
      lines.push(`~ rule ${show(r.name)} in ${name}: action ${show(old.action)} → ${show(r.action)}`);
    else if (!sameJson(old, r) || !sameTargets(old, before, r, after))
      lines.push(`~ rule ${show(r.name)} in ${name}: ${ruleText(old, before)} → ${ruleText(r, after)}`);
  }
  const common = (list: Obj[], other: Map<string, Obj>) => list.map((r) => String(r.name)).filter((n) => other.has(n));
  const bOrder = common(b, aByName);
  const aOrder = common(a, bByName);
  if (bOrder.join('\n') !== aOrder.join('\n'))
    lines.push(
      `~ rule order in ${name}: ${show(bOrder.join(', '))} → ${show(aOrder.join(', '))} (the first matching rule wins)`,
    );
  return lines;
}

function peerText(rule: unknown): string {
  return show(canonicalJson(rule));
}

const ADDS = ' (the config adds it)';
const DROPS = ' (committed, but the config does not produce it)';

function networkPolicyLines(name: string, before: Obj, after: Obj): string[] {
  const lines: string[] = [];
  const bSpec = asRecord(before.spec);
  const aSpec = asRecord(after.spec);
  if (!sameJson(bSpec.podSelector, aSpec.podSelector))
    lines.push(
      `~ podSelector of ${name}: ${show(canonicalJson(bSpec.podSelector))} → ${show(canonicalJson(aSpec.podSelector))}`,
    );
  for (const dir of ['egress', 'ingress'] as const) {
    const b = asArray(bSpec[dir]);
    const a = asArray(aSpec[dir]);
    const bKeys = b.map(canonicalJson);
    const aKeys = a.map(canonicalJson);
    a.forEach((r, i) => {
      if (!bKeys.includes(aKeys[i])) lines.push(`+ ${dir} rule in ${name}: ${peerText(r)}${ADDS}`);
    });
    b.forEach((r, i) => {
      if (!aKeys.includes(bKeys[i])) lines.push(`- ${dir} rule in ${name}: ${peerText(r)}${DROPS}`);
    });
  }
  if (!sameJson(bSpec.policyTypes, aSpec.policyTypes))
    lines.push(`~ policyTypes of ${name}: ${show(bSpec.policyTypes)} → ${show(aSpec.policyTypes)}`);
  return lines;
}

/** One line per object, rule and destination group that differs. */
export function summariseObjects(before: Obj[], after: Obj[]): string[] {
  const lines: string[] = [];
  const index = (list: Obj[]) => {
    const m = new Map<string, Obj[]>();
    for (const o of list) m.set(keyOf(o), [...(m.get(keyOf(o)) ?? []), o]);
    return m;
  };
  const b = index(before);
  const a = index(after);
  for (const key of [...new Set([...b.keys(), ...a.keys()])].sort()) {
    const bs = b.get(key) ?? [];
    const as = a.get(key) ?? [];
    const shown = show(key);
    if (bs.length === 0) lines.push(`+ object ${shown}${ADDS}`);
    else if (as.length === 0) lines.push(`- object ${shown}${DROPS}`);
    else if (bs.length !== as.length)
      lines.push(`~ object ${shown} appears ${bs.length} time(s), the config gives ${as.length}`);
    else if (!sameJson(bs[0], as[0])) {
      const specific =
        as[0].kind === 'FirewallPolicy'
          ? firewallLines(shown, bs[0], as[0])
          : as[0].kind === 'NetworkPolicy'
            ? networkPolicyLines(shown, bs[0], as[0])
            : [];
      lines.push(...(specific.length ? specific : [`~ object ${shown} changed`]));
    }
  }
  return lines;
}
