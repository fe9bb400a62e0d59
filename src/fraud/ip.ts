/**
 * IP addresses for the fraud-prevention headers: parsing (with ipaddr.js), what counts as public, and matching
 * against the trusted-proxy CIDRs.
 */
import ipaddr from 'ipaddr.js';
import { LRUCache } from 'lru-cache';

export type Ip = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * Parses a textual IPv4 (dotted quad only: ipaddr.js would also read `10` or `0x0a.1`, which no header means) or
 * IPv6 address (an IPv6 zone id is refused: it is local by definition). An IPv4-mapped IPv6 address
 * (`::ffff:198.51.100.7`, as Node reports IPv4 peers on a dual-stack socket) becomes the IPv4 address it maps.
 */
export function parseIp(text: string): Ip | undefined {
  // Every request names the same few addresses (its peer, its proxies, the vendor's), and ipaddr.js builds and
  // validates new objects on each parse: the parsed address is remembered (frozen, as it is shared).
  if (text.length > MAX_ADDRESS_LENGTH) return undefined;
  const known = PARSED.get(text);
  if (known !== undefined) return known === NOT_AN_IP ? undefined : known;
  const ip = parse(text);
  PARSED.set(text, ip ? Object.freeze(ip) : NOT_AN_IP);
  return ip;
}

/** The longest textual IPv6 address (an IPv4-mapped one written in full) is 45 characters. */
const MAX_ADDRESS_LENGTH = 64;
const NOT_AN_IP = Symbol('not an IP address');
const PARSED = new LRUCache<string, Ip | typeof NOT_AN_IP>({ max: 10_000 });

function parse(text: string): Ip | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (!text.includes(':') || !ipaddr.IPv6.isValid(text)) return undefined;
  const v6 = ipaddr.IPv6.parse(text);
  if (v6.zoneId) return undefined;
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
}

/** The address as the gateway writes it: IPv4 dotted, IPv6 in RFC 5952's canonical form. */
export function formatIp(ip: Ip): string {
  return ip.kind() === 'ipv6' ? (ip as ipaddr.IPv6).toRFC5952String() : ip.toString();
}

/**
 * Ranges that are never a public address (HMRC's reviewers refuse them as `Gov-Client-Public-IP`,
 * `Gov-Vendor-Public-IP` or a `Gov-Vendor-Forwarded` hop): RFC 1918 private, loopback, link-local, IPv6
 * unique-local, unspecified, carrier-grade NAT (RFC 6598, never routed on the internet), multicast and
 * broadcast. Everything else counts as public — including the documentation ranges (192.0.2.0/24,
 * 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) that HMRC's own examples use, which ipaddr.js files under
 * `reserved`.
 */
const NOT_PUBLIC: ReadonlySet<string> = new Set([
  'private',
  'loopback',
  'linkLocal',
  'uniqueLocal',
  'unspecified',
  'carrierGradeNat',
  'multicast',
  'broadcast',
]);

/** Each address's range, worked out once (ipaddr.js matches it against every special range each time). */
const RANGES = new WeakMap<Ip, string>();

function rangeOf(ip: Ip): string {
  let range = RANGES.get(ip);
  if (range === undefined) {
    range = ip.range();
    RANGES.set(ip, range);
  }
  return range;
}

export function isPublicIp(ip: Ip): boolean {
  return !NOT_PUBLIC.has(rangeOf(ip));
}

/** Why an address is not public, in words (for problem reports). */
export function rangeName(ip: Ip): string {
  const names: Record<string, string> = {
    private: 'a private (RFC 1918) address',
    loopback: 'a loopback address',
    linkLocal: 'a link-local address',
    uniqueLocal: 'a unique-local (private IPv6) address',
    unspecified: 'the unspecified address',
    carrierGradeNat: 'a carrier-grade NAT (RFC 6598) address',
    multicast: 'a multicast address',
    broadcast: 'the broadcast address',
  };
  return names[rangeOf(ip)] ?? 'not a public address';
}

export type Cidr = [Ip, number];

/** `10.0.0.0/8`, `2001:db8::/32` or a single address (`/32` or `/128` implied). */
export function parseCidr(text: string): Cidr | undefined {
  const trimmed = text.trim();
  if (!trimmed.includes('/')) {
    const ip = parseIp(trimmed);
    return ip ? [ip, ip.kind() === 'ipv4' ? 32 : 128] : undefined;
  }
  if (!ipaddr.isValidCIDR(trimmed)) return undefined;
  const [base, bits] = ipaddr.parseCIDR(trimmed);
  // A mapped-IPv4 range (::ffff:10.0.0.0/104) is matched as the IPv4 range it maps.
  if (base.kind() === 'ipv6' && (base as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96)
    return [(base as ipaddr.IPv6).toIPv4Address(), bits - 96];
  if (base.kind() === 'ipv4' && !ipaddr.IPv4.isValidFourPartDecimal(trimmed.split('/')[0]!)) return undefined;
  return [base, bits];
}

export function inAny(ip: Ip, cidrs: readonly Cidr[]): boolean {
  return cidrs.some(([base, bits]) => base.kind() === ip.kind() && ip.match(base, bits));
}
