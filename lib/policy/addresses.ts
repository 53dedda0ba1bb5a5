// IP addresses in every textual form, and what they are: the one classifier of addresses, built on
// ipaddr.js and the IANA registries in lib/catalog/special-addresses.ts (never hand-written prefix
// checks). A value is classified as the address a client would really connect to: Node's WHATWG
// URL parser and getaddrinfo (inet_aton) read `2852039166`, `0xa9fea9fe`, `0251.0376.0251.0376`
// and `169.254.43518` as 169.254.169.254, and an IPv4-mapped, -compatible, NAT64 or 6to4 IPv6
// address reaches the IPv4 address inside it, so each lands in the class of that address.
import ipaddr from 'ipaddr.js';
import { canonicalIp, endsInNumber } from '../config/ip-text';

export { canonicalIp, endsInNumber };
import {
  IPV4_SPECIAL,
  IPV6_GLOBAL_UNICAST,
  IPV6_SPECIAL,
  KUBELET_PORTS,
  KUBERNETES_API_NAMES,
  METADATA_ENDPOINTS,
  type MetadataEndpoint,
  type SpecialClass,
  type SpecialRange,
} from '../catalog/special-addresses';

export type AddressClass = Exclude<SpecialClass, 'translation'> | 'public';

export interface AddressInfo {
  /** Canonical text: dotted quad, or RFC 5952 IPv6. */
  address: string;
  class: AddressClass;
  /** The registry entry it falls in (the most specific one). */
  range?: SpecialRange;
  metadata?: MetadataEndpoint;
  /** For IPv6 forms that embed an IPv4 address: that address (whose class this is). */
  embedded?: string;
}

type Parsed = [ipaddr.IPv4 | ipaddr.IPv6, number];
interface Entry {
  range: SpecialRange;
  cidr: Parsed;
}

function entries(list: readonly SpecialRange[]): Entry[] {
  return list
    .map((range) => ({ range, cidr: ipaddr.parseCIDR(range.cidr) as Parsed }))
    .sort((a, b) => b.cidr[1] - a.cidr[1]);
}

const V4 = entries(IPV4_SPECIAL);
const V6 = entries(IPV6_SPECIAL);
const V6_GLOBAL = ipaddr.parseCIDR(IPV6_GLOBAL_UNICAST) as Parsed;

/** Metadata endpoints by canonical address (IPs) or lower-case name. */
const METADATA = new Map<string, MetadataEndpoint>(
  METADATA_ENDPOINTS.map((m) => [canonicalIp(m.address) ?? m.address.toLowerCase(), m]),
);

function best(list: Entry[], addr: ipaddr.IPv4 | ipaddr.IPv6): Entry | undefined {
  return list.find((e) => addr.kind() === e.cidr[0].kind() && addr.match(e.cidr));
}

/** The class of a canonical (or any) IP address text; undefined when it is not an IP address. */
export function classifyAddress(text: string): AddressInfo | undefined {
  const address = canonicalIp(text);
  if (!address) return undefined;
  const metadata = METADATA.get(address);
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') {
    const entry = best(V4, parsed);
    if (metadata) return { address, class: 'metadata', range: entry?.range, metadata };
    if (!entry) return { address, class: 'public' };
    return { address, class: entry.range.class as AddressClass, range: entry.range };
  }
  const v6 = parsed as ipaddr.IPv6;
  const entry = best(V6, v6);
  if (metadata) return { address, class: 'metadata', range: entry?.range, metadata };
  if (entry?.range.class === 'translation') {
    const v4 = embeddedIpv4(v6, entry.range.cidr);
    const inner = classifyAddress(v4)!;
    return { ...inner, address, embedded: v4 };
  }
  if (entry) return { address, class: entry.range.class as AddressClass, range: entry.range };
  if (!v6.match(V6_GLOBAL))
    return {
      address,
      class: 'reserved',
      range: { cidr: '::/0', name: 'outside global unicast 2000::/3', source: 'RFC 4291 §2.4', class: 'reserved' },
    };
  return { address, class: 'public' };
}

/** The IPv4 address inside an IPv4-mapped / -compatible / NAT64 (low 32 bits) or 6to4 (bits 16-47) address. */
function embeddedIpv4(v6: ipaddr.IPv6, cidr: string): string {
  const p = v6.parts;
  const [hi, lo] = cidr === '2002::/16' ? [p[1], p[2]] : [p[6], p[7]];
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** Why a target may never be opened by a config value. */
export interface SpecialTarget {
  class: AddressClass | 'kubernetes-api' | 'kubelet';
  /** For people: "AWS IMDS ... (169.254.169.254)", "Link Local (169.254.0.0/16, RFC 3927)". */
  what: string;
}

/** Classes that are neither the internet, a private network nor the pod itself: never allowed. */
const BLOCKED: ReadonlySet<AddressClass> = new Set([
  'metadata',
  'link-local',
  'unspecified',
  'multicast',
  'broadcast',
  'reserved',
  'benchmarking',
  'documentation',
]);

/**
 * The reason `host` (normalised: lower-case, no brackets) on `port` must never be allowed, or
 * undefined. Metadata and credential endpoints by address or name, link-local and the other
 * non-routable classes, the Kubernetes API service, and the kubelet port on a private address.
 */
export function specialTarget(host: string, port?: number): SpecialTarget | undefined {
  const name = host.toLowerCase().replace(/\.+$/, '');
  const info = classifyAddress(name);
  if (info) {
    if (BLOCKED.has(info.class)) return { class: info.class, what: describe(info) };
    if (port !== undefined && KUBELET_PORTS.includes(port) && info.class !== 'public')
      return { class: 'kubelet', what: `the kubelet API (port ${port}) on ${info.address}` };
    return undefined;
  }
  const metadata = METADATA.get(name);
  if (metadata) return { class: 'metadata', what: `${metadata.what} (${metadata.address})` };
  if (KUBERNETES_API_NAMES.includes(name) || KUBERNETES_API_NAMES.some((n) => name === `${n}.`))
    return { class: 'kubernetes-api', what: `the Kubernetes API server (service ${name})` };
  // A node or in-cluster name on the kubelet's ports (node-1:10250, x.ns.svc.cluster.local:10250,
  // ip-10-0-1-5.ec2.internal:10250); an internet host on 10250 is not the cluster's kubelet.
  if (
    port !== undefined &&
    KUBELET_PORTS.includes(port) &&
    (!name.includes('.') || /\.(svc|cluster\.local|internal|local|localdomain)$/.test(name))
  )
    return { class: 'kubelet', what: `the kubelet API (port ${port}) on ${name}` };
  return undefined;
}

function describe(info: AddressInfo): string {
  const via = info.embedded ? `, the IPv4 address inside ${info.address}` : '';
  const addr = info.embedded ?? info.address;
  if (info.metadata) return `${info.metadata.what} (${addr}${via})`;
  if (info.range) return `${info.range.name} (${addr} in ${info.range.cidr}, ${info.range.source}${via})`;
  return `${addr}${via}`;
}

/** IPv4 CIDRs that are not the public internet: every special range plus metadata addresses outside them. */
export function nonInternetIpv4Cidrs(): string[] {
  return nonInternet(V4, 'ipv4');
}

/** The IPv6 equivalent (for when IPv6 egress is rendered): the specials plus all space outside 2000::/3. */
export function nonInternetIpv6Cidrs(): string[] {
  return nonInternet(V6, 'ipv6', ['::/3', '4000::/2', '8000::/1']);
}

function nonInternet(list: Entry[], kind: 'ipv4' | 'ipv6', extra: string[] = []): string[] {
  const cidrs = [...list.map((e) => e.cidr), ...extra.map((c) => ipaddr.parseCIDR(c) as Parsed)];
  for (const m of METADATA_ENDPOINTS) {
    const ip = canonicalIp(m.address);
    if (!ip) continue;
    const parsed = ipaddr.parse(ip);
    if (parsed.kind() === kind) cidrs.push([parsed, kind === 'ipv4' ? 32 : 128]);
  }
  // Keep only the widest ranges: an except list needs no entry that another one contains.
  const kept = cidrs.filter(
    (c, i) =>
      !cidrs.some((o, j) => j !== i && o[1] < c[1] && c[0].match(o)) && cidrs.findIndex((o) => same(o, c)) === i,
  );
  return kept
    .sort((a, b) => compareBytes(a[0].toByteArray(), b[0].toByteArray()) || a[1] - b[1])
    .map(([a, len]) => `${a.kind() === 'ipv6' ? (a as ipaddr.IPv6).toRFC5952String() : a.toString()}/${len}`);
}

function same(a: Parsed, b: Parsed): boolean {
  return a[1] === b[1] && a[0].toString() === b[0].toString();
}

function compareBytes(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
