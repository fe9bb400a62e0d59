/**
 * What the gateway sends HMRC as fraud-prevention headers for one incoming request, and what is wrong with it.
 *
 * The gateway is a server between the user's device and HMRC. The device-side `Gov-Client-*` headers come from the
 * client and are forwarded unchanged when well-formed; the gateway completes the rest from the TCP connection
 * and its configuration (https://developer.service.hmrc.gov.uk/guides/fraud-prevention/connection-method/):
 *
 * - `Gov-Client-Public-IP` / `-Port` from the connection, or behind proxies from `X-Forwarded-For` (and the
 *   configured port header) — believed only hop by hop through `TRUSTED_PROXIES`; `-Timestamp` when the gateway
 *   saw the request. A client's own values are kept only when they came through a trusted proxy (a vendor server
 *   in front of the gateway that collected them); from anyone else they are exactly what a fraudster would forge.
 * - `Gov-Vendor-Public-IP` from configuration (or a trusted vendor server's), `Gov-Vendor-Forwarded` with one hop
 *   appended after any a trusted vendor server sent, `Gov-Vendor-Version` with the gateway's own entry appended,
 *   `Gov-Vendor-Product-Name` and `Gov-Vendor-License-IDs` from configuration.
 *
 * Only the headers of the request's connection method are sent (HMRC reports others as unexpected), and never a
 * value that failed its check: HMRC says never to send made-up or placeholder values.
 */
import { LRUCache } from 'lru-cache';
import type { Clock } from '../util/clock';
import type { KeyValue } from './encoding';
import { isPrintableAscii, joinPairs, percentEncode } from './encoding';
import type { Cidr, Ip } from './ip';
import { formatIp, inAny, isPublicIp, parseIp } from './ip';
import type { ConnectionMethod, FraudHeader } from './methods';
import {
  DIRECT_METHODS,
  FRAUD_HEADERS,
  REQUIRED_HEADERS,
  fraudHeaderName,
  isSupportedMethod,
} from './methods';
import type { Problem } from './validate';
import type { ValidationContext } from './validate';
import { crossCheck, validateHeader } from './validate';

export type FraudHeadersMode = 'enforce' | 'report' | 'off';

/** The gateway's name in `Gov-Vendor-Version`. */
export const GATEWAY_SOFTWARE_NAME = 'hmrc-graphql-gateway';

export interface FraudSettings {
  readonly mode: FraudHeadersMode;
  /** Whether `BATCH_PROCESS_DIRECT` (no user present) may be used at all. */
  readonly allowBatch: boolean;
  /** Proxies whose `X-Forwarded-For` (and port header, and fraud headers) are believed. */
  readonly trustedProxies: readonly Cidr[];
  /** Lower-case name of the header a trusted proxy puts the client's source port in. */
  readonly clientPortHeader?: string | undefined;
  /** `Gov-Vendor-Public-IP`: the public address clients connect to. */
  readonly vendorPublicIp?: string | undefined;
  /** `Gov-Vendor-Product-Name`, not yet encoded. */
  readonly productName?: string | undefined;
  /** `Gov-Vendor-License-IDs` entries, not yet encoded. */
  readonly licenseIds: readonly KeyValue[];
  /** The gateway's version for `Gov-Vendor-Version`. */
  readonly gatewayVersion: string;
}

export interface Connection {
  /** The TCP peer, as Node reports it (`::ffff:` mapped IPv4 included). */
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface FraudEvaluation {
  readonly mode: FraudHeadersMode;
  /** `Gov-Client-Connection-Method` as the client sent it. */
  readonly connectionMethod: string | undefined;
  /** Every fraud-prevention header the gateway sends HMRC, canonical names, values as sent. */
  readonly headers: Readonly<Partial<Record<FraudHeader, string>>>;
  /** Every problem found (none in `off` mode). */
  readonly problems: readonly Problem[];
  /** Whether an operation that calls HMRC is refused before HMRC is called. */
  readonly refused: boolean;
}

function headerValue(headers: Connection['headers'], name: string): string | undefined {
  const value = headers[name];
  // Node joins repeated custom headers with ", "; for these headers that is never a valid value, and says so.
  return Array.isArray(value) ? value.join(', ') : value;
}

interface Chain {
  /** The client's address, as far as the trusted proxies let us see. */
  readonly client: Ip | undefined;
  /** The first public address walking from the gateway outwards: who sent the request over the internet. */
  readonly sender: Ip | undefined;
  /** Whether the TCP peer is a trusted proxy. */
  readonly peerTrusted: boolean;
  /** Whether the client is behind at least one trusted proxy (so the TCP port is not the client's). */
  readonly proxied: boolean;
  readonly problems: Problem[];
}

/**
 * Walks `X-Forwarded-For` from the right (the entry the nearest proxy added) for as long as each hop is trusted;
 * the first untrusted address is the client. Anything left of it was written by the client itself and is ignored.
 */
function walkChain(connection: Connection, trusted: readonly Cidr[]): Chain {
  const problems: Problem[] = [];
  const peer = parseIp(connection.remoteAddress ?? '');
  if (!peer) return { client: undefined, sender: undefined, peerTrusted: false, proxied: false, problems };
  const peerTrusted = inAny(peer, trusted);
  const forwarded = (headerValue(connection.headers, 'x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const chain: Ip[] = [peer];
  let current = peer;
  for (let i = forwarded.length - 1; i >= 0 && inAny(current, trusted); i--) {
    const next = parseIp(forwarded[i]!);
    if (!next) {
      problems.push({
        header: 'Gov-Client-Public-IP',
        severity: 'error',
        code: 'INVALID_HEADER',
        message:
          'could not be derived: a trusted proxy’s X-Forwarded-For has an entry that is not an IP address',
      });
      return { client: undefined, sender: undefined, peerTrusted, proxied: true, problems };
    }
    chain.push(next);
    current = next;
  }
  return {
    client: current,
    sender: chain.find(isPublicIp),
    peerTrusted,
    proxied: chain.length > 1,
    problems,
  };
}

/** Headers completed by the gateway: what a client sends for them is not forwarded as a device-side value. */
const SERVER_SIDE: ReadonlySet<FraudHeader> = new Set<FraudHeader>([
  'Gov-Client-Connection-Method',
  'Gov-Client-Public-IP',
  'Gov-Client-Public-IP-Timestamp',
  'Gov-Client-Public-Port',
  'Gov-Vendor-Public-IP',
  'Gov-Vendor-Forwarded',
  'Gov-Vendor-Version',
  'Gov-Vendor-Product-Name',
  'Gov-Vendor-License-IDs',
]);

/** Headers only a trusted proxy (a vendor server in front of the gateway) may supply. */
const TRUSTED_ONLY: readonly FraudHeader[] = [
  'Gov-Client-Public-IP',
  'Gov-Client-Public-IP-Timestamp',
  'Gov-Client-Public-Port',
  'Gov-Vendor-Public-IP',
  'Gov-Vendor-Forwarded',
];

/** The checks that read the clock (a timestamp may not lie in the future): never remembered. */
const CLOCK_DEPENDENT: ReadonlySet<FraudHeader> = new Set<FraudHeader>([
  'Gov-Client-Local-IPs-Timestamp',
  'Gov-Client-Public-IP-Timestamp',
]);
/** Longer values are checked every time rather than remembered (a header may be kilobytes long). */
const MAX_REMEMBERED_VALUE = 1_024;

/**
 * The outcome of each header's check, remembered. A client sends the same device-side values (device id,
 * screens, user agent…) with every request, and every check but the timestamps' is a pure function of the
 * header, its value and the connection method; checking them afresh was the largest part of the gateway's own
 * work on a request. Bounded by total length, so that no stream of distinct values can grow it without limit.
 */
const CHECKED = new LRUCache<string, readonly Problem[]>({
  maxSize: 4_000_000,
  sizeCalculation: (_problems, key) => key.length + 64,
});

function checkHeader(header: FraudHeader, value: string, ctx: ValidationContext): readonly Problem[] {
  if (CLOCK_DEPENDENT.has(header) || value.length > MAX_REMEMBERED_VALUE)
    return validateHeader(header, value, ctx);
  const key = `${ctx.method ?? ''}\0${header}\0${value}`;
  let found = CHECKED.get(key);
  if (found === undefined) {
    found = Object.freeze(validateHeader(header, value, ctx).map((problem) => Object.freeze(problem)));
    CHECKED.set(key, found);
  }
  return found;
}

/** What the gateway adds from its configuration, encoded once per configuration rather than per request. */
interface Encoded {
  readonly vendorIp: string | undefined;
  readonly ownVersion: string;
  readonly productName: string | undefined;
  readonly licenseIds: string | undefined;
}
const ENCODED = new WeakMap<FraudSettings, Encoded>();

function encodedSettings(settings: FraudSettings): Encoded {
  let encoded = ENCODED.get(settings);
  if (!encoded) {
    encoded = {
      vendorIp: settings.vendorPublicIp === undefined ? undefined : percentEncode(settings.vendorPublicIp),
      ownVersion: joinPairs([{ key: GATEWAY_SOFTWARE_NAME, value: settings.gatewayVersion }]),
      productName: settings.productName === undefined ? undefined : percentEncode(settings.productName),
      licenseIds: settings.licenseIds.length > 0 ? joinPairs(settings.licenseIds) : undefined,
    };
    ENCODED.set(settings, encoded);
  }
  return encoded;
}

export function evaluateFraudHeaders(
  connection: Connection,
  settings: FraudSettings,
  clock: Clock,
): FraudEvaluation {
  const checking = settings.mode !== 'off';
  const encoded = encodedSettings(settings);
  const received: Partial<Record<FraudHeader, string>> = {};
  for (const [name, value] of Object.entries(connection.headers)) {
    const canonical = fraudHeaderName(name);
    if (canonical && value !== undefined) received[canonical] = headerValue(connection.headers, name);
  }
  const method = received['Gov-Client-Connection-Method'];
  const supported: ConnectionMethod | undefined = method && isSupportedMethod(method) ? method : undefined;
  const ctx = { method: supported, clock };
  const problems: Problem[] = [];
  const sent: Partial<Record<FraudHeader, string>> = {};
  let batchRefused = false;

  /** Checks a value; `true` when it may be sent. Off mode checks nothing but what HTTP itself forbids. */
  const accept = (header: FraudHeader, value: string, context = ctx): boolean => {
    if (!checking) return isPrintableAscii(value);
    const found = checkHeader(header, value, context);
    problems.push(...found);
    return !found.some((p) => p.severity === 'error');
  };
  const problem = (p: Problem) => {
    if (checking) problems.push(p);
  };

  // The method decides the header set. Unknown or missing, the gateway still sends everything it has, so
  // report mode shows HMRC (and the developer) as much as possible.
  if (method === undefined) {
    problem({
      header: 'Gov-Client-Connection-Method',
      severity: 'error',
      code: 'MISSING_HEADER',
      message:
        'is required: WEB_APP_VIA_SERVER, MOBILE_APP_VIA_SERVER, DESKTOP_APP_VIA_SERVER or OTHER_VIA_SERVER',
    });
  } else if ((DIRECT_METHODS as readonly string[]).includes(method)) {
    problem({
      header: 'Gov-Client-Connection-Method',
      severity: 'error',
      code: 'INVALID_HEADER',
      message: `is a direct method, but requests reach HMRC through this gateway (a server): use ${method.replace('_DIRECT', '_VIA_SERVER')}`,
    });
  } else if (!supported) {
    problem({
      header: 'Gov-Client-Connection-Method',
      severity: 'error',
      code: 'INVALID_HEADER',
      message: 'is not one of HMRC’s connection methods',
    });
  } else if (supported === 'BATCH_PROCESS_DIRECT' && !settings.allowBatch) {
    batchRefused = checking;
    problem({
      header: 'Gov-Client-Connection-Method',
      severity: 'error',
      code: 'INVALID_HEADER',
      message:
        'BATCH_PROCESS_DIRECT is for jobs no user started and is not allowed by this gateway (FRAUD_ALLOW_BATCH)',
    });
    sent['Gov-Client-Connection-Method'] = supported;
  } else {
    sent['Gov-Client-Connection-Method'] = supported;
  }
  if (method !== undefined && !supported && !checking && isPrintableAscii(method))
    sent['Gov-Client-Connection-Method'] = method;

  const wanted: ReadonlySet<FraudHeader> = supported
    ? REQUIRED_HEADERS[supported]
    : new Set(FRAUD_HEADERS.filter((h) => h !== 'Gov-Client-Connection-Method'));
  const viaServer = wanted.has('Gov-Client-Public-IP');

  // --- Device-side headers: the client's, forwarded unchanged when well-formed. ---
  for (const header of FRAUD_HEADERS) {
    const value = received[header];
    if (value === undefined || SERVER_SIDE.has(header)) continue;
    if (!wanted.has(header)) {
      problem({
        header,
        severity: 'warning',
        code: 'POTENTIALLY_INVALID_HEADER',
        message: `is not one of ${supported ?? 'this connection method'}’s headers, so it is not sent to HMRC`,
      });
      continue;
    }
    if (accept(header, value)) sent[header] = value;
  }

  // --- Server-side headers, completed from the connection and configuration. ---
  if (viaServer) {
    const chain = walkChain(connection, settings.trustedProxies);
    chain.problems.forEach(problem);
    const fromVendorServer = (header: FraudHeader): string | undefined =>
      chain.peerTrusted ? received[header] : undefined;
    for (const header of TRUSTED_ONLY)
      if (received[header] !== undefined && !chain.peerTrusted)
        problem({
          header,
          severity: 'warning',
          code: 'POTENTIALLY_INVALID_HEADER',
          message:
            'was sent by a client that is not a trusted proxy (TRUSTED_PROXIES): replaced by the gateway’s own',
        });

    // Public IP and its timestamp: a trusted vendor server's pair, else what the gateway saw, stamped now.
    const keptIp = fromVendorServer('Gov-Client-Public-IP');
    if (keptIp !== undefined) {
      if (accept('Gov-Client-Public-IP', keptIp)) sent['Gov-Client-Public-IP'] = keptIp;
      const keptAt = fromVendorServer('Gov-Client-Public-IP-Timestamp');
      if (keptAt !== undefined && accept('Gov-Client-Public-IP-Timestamp', keptAt))
        sent['Gov-Client-Public-IP-Timestamp'] = keptAt;
    } else if (chain.client) {
      const ip = formatIp(chain.client);
      if (accept('Gov-Client-Public-IP', ip)) {
        sent['Gov-Client-Public-IP'] = ip;
        sent['Gov-Client-Public-IP-Timestamp'] = clock.now().toISOString();
      }
    }

    // Public port: a trusted vendor server's, else the TCP peer's when nothing stands between, else the port
    // header the trusted proxies set.
    const keptPort = fromVendorServer('Gov-Client-Public-Port');
    let port: string | undefined = keptPort;
    if (port === undefined && !chain.proxied && connection.remotePort !== undefined)
      port = String(connection.remotePort);
    if (port === undefined && chain.proxied) {
      const raw = settings.clientPortHeader
        ? headerValue(connection.headers, settings.clientPortHeader)
        : undefined;
      if (raw !== undefined && /^\s*\d+\s*$/.test(raw)) port = raw.trim();
      else
        problem({
          header: 'Gov-Client-Public-Port',
          severity: 'error',
          code: 'MISSING_HEADER',
          message: settings.clientPortHeader
            ? `could not be derived: the trusted proxy sent no single port in ${settings.clientPortHeader}`
            : 'could not be derived behind a proxy: set FRAUD_CLIENT_PORT_HEADER to the header your proxy puts the client’s source port in',
        });
    }
    if (port !== undefined && accept('Gov-Client-Public-Port', port)) sent['Gov-Client-Public-Port'] = port;

    const vendorIp = fromVendorServer('Gov-Vendor-Public-IP') ?? settings.vendorPublicIp;
    if (vendorIp !== undefined) {
      if (accept('Gov-Vendor-Public-IP', vendorIp)) sent['Gov-Vendor-Public-IP'] = vendorIp;
    } else {
      problem({
        header: 'Gov-Vendor-Public-IP',
        severity: 'error',
        code: 'MISSING_HEADER',
        message: 'is not configured: set GOV_VENDOR_PUBLIC_IP to the public address clients connect to',
      });
    }

    // Forwarded: the hops a trusted vendor server sent, first and unchanged, then this server's hop.
    const hops: string[] = [];
    const earlier = fromVendorServer('Gov-Vendor-Forwarded');
    if (earlier !== undefined && earlier !== '' && accept('Gov-Vendor-Forwarded', earlier))
      hops.push(earlier);
    if (settings.vendorPublicIp !== undefined && chain.sender) {
      const own = `by=${encoded.vendorIp!}&for=${percentEncode(formatIp(chain.sender))}`;
      if (accept('Gov-Vendor-Forwarded', own)) hops.push(own);
    } else if (settings.vendorPublicIp !== undefined && chain.client) {
      problem({
        header: 'Gov-Vendor-Forwarded',
        severity: 'error',
        code: 'INVALID_HEADER',
        message: 'has no hop for this server: the request came from no public address',
      });
    }
    if (hops.length > 0) sent['Gov-Vendor-Forwarded'] = hops.join(',');
  }

  // Version: the client's entries (without any claiming to be the gateway), then the gateway's.
  if (wanted.has('Gov-Vendor-Version')) {
    const own = encoded.ownVersion;
    const theirs = received['Gov-Vendor-Version'];
    const kept =
      theirs !== undefined &&
      theirs !== '' &&
      accept('Gov-Vendor-Version', theirs, { method: undefined, clock })
        ? theirs.split('&').filter((pair) => !pair.startsWith(`${GATEWAY_SOFTWARE_NAME}=`))
        : [];
    const version = [...kept, own].join('&');
    if (checking) problems.push(...checkHeader('Gov-Vendor-Version', version, ctx));
    sent['Gov-Vendor-Version'] = version;
  }

  // Product name: the configured one is the vendor's word; a client's only when none is configured.
  if (wanted.has('Gov-Vendor-Product-Name')) {
    const name =
      settings.productName !== undefined ? encoded.productName : received['Gov-Vendor-Product-Name'];
    if (name !== undefined && accept('Gov-Vendor-Product-Name', name)) sent['Gov-Vendor-Product-Name'] = name;
  }

  // Licence ids: the client's (licences on the originating device) and the configured ones; omitted when none.
  if (wanted.has('Gov-Vendor-License-IDs')) {
    const parts: string[] = [];
    const theirs = received['Gov-Vendor-License-IDs'];
    if (theirs !== undefined && theirs !== '' && accept('Gov-Vendor-License-IDs', theirs)) parts.push(theirs);
    if (encoded.licenseIds !== undefined) parts.push(encoded.licenseIds);
    if (parts.length > 0) sent['Gov-Vendor-License-IDs'] = parts.join('&');
  }

  if (checking && supported) {
    for (const header of REQUIRED_HEADERS[supported]) {
      if (sent[header] !== undefined || problems.some((p) => p.header === header)) continue;
      const optional = header === 'Gov-Vendor-License-IDs';
      problems.push({
        header,
        severity: optional ? 'warning' : 'error',
        code: 'MISSING_HEADER',
        message: optional
          ? 'is absent: correct only when no licensed software is involved (set GOV_VENDOR_LICENSE_IDS otherwise)'
          : `is required for ${supported}`,
      });
    }
    problems.push(...crossCheck(sent));
  }

  const errors = problems.some((p) => p.severity === 'error');
  return {
    mode: settings.mode,
    connectionMethod: method,
    headers: sent,
    problems,
    refused: batchRefused || (settings.mode === 'enforce' && errors),
  };
}
