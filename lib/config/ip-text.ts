// IP addresses as text: the canonical form of an address written in any form a client accepts.
// Here in config (not policy) because reading a URL or a connection string needs it, and the
// config readers must not depend on the policy layer.
import { isIP as netIsIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Digits and dots: the only characters of an address node:net reads as IPv4. */
const IPV4_CHARS = /^[0-9.]+$/;

/**
 * node:net's isIP (0, 4 or 6), without running its patterns on text that cannot be an address: an
 * IPv4 address is digits and dots, an IPv6 address holds a colon. Its IPv6 pattern costs
 * milliseconds on its first runs, and nearly every host a config names is a DNS name.
 */
export function isIP(text: string): number {
  if (!text.includes(':') && !IPV4_CHARS.test(text)) return 0;
  return netIsIP(text);
}

/** Text that the WHATWG URL host parser would read as an IPv4 address (it "ends in a number"). */
const IPV4_LIKE = /^[0-9a-fx.]+$/i;

/**
 * The canonical form of an IP address written in any form a client accepts, or undefined when
 * the text is not an IP address. Brackets, a zone id (`%eth0`) and trailing dots are dropped.
 */
export function canonicalIp(text: string): string | undefined {
  let t = text.trim().toLowerCase();
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1);
  if (t.includes(':')) {
    const zone = t.indexOf('%');
    if (zone >= 0) t = t.slice(0, zone);
    if (!ipaddr.IPv6.isValid(t)) return undefined;
    return ipaddr.IPv6.parse(t).toRFC5952String();
  }
  t = t.replace(/\.+$/, '');
  if (!t || !IPV4_LIKE.test(t) || !endsInNumber(t)) return undefined;
  // WHATWG's IPv4 parser is the same as inet_aton's reading (decimal, 0x hex, 0 octal, 1-4 parts).
  try {
    const host = new URL(`http://${t}/`).hostname;
    return ipaddr.IPv4.isValidFourPartDecimal(host) ? host : undefined;
  } catch {
    return undefined;
  }
}

/**
 * WHATWG "ends in a number": the last label is decimal digits or 0x-hex. Such a host is an IPv4
 * address or invalid; it is never a DNS name.
 */
export function endsInNumber(host: string): boolean {
  const last = host.replace(/\.$/, '').split('.').pop() ?? '';
  return /^[0-9]+$/.test(last) || /^0x[0-9a-f]*$/i.test(last);
}
