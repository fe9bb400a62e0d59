/**
 * The simulator's stand-in for HMRC's Test Fraud Prevention Headers API
 * (`GET /test/fraud-prevention-headers/validate`, https://developer.service.hmrc.gov.uk/api-documentation/docs/api/service/txm-fph-validator-api/1.0):
 * it answers `code` VALID_HEADERS, POTENTIALLY_INVALID_HEADERS or INVALID_HEADERS, with `errors` and `warnings`
 * each naming the (lower-case) headers concerned, as HMRC's does.
 *
 * Written separately from the gateway's own checks (src/fraud/) on purpose, from HMRC's specification pages
 * (https://developer.service.hmrc.gov.uk/guides/fraud-prevention/connection-method/): the end-to-end tests prove
 * the gateway's output against this, so sharing the gateway's code would prove nothing. Only address parsing
 * and ranges come from the same library (ipaddr.js).
 */
import ipaddr from 'ipaddr.js';

/** HMRC's specification version these rules follow. */
export const SPEC_VERSION = '3.3';

const VIA_SERVER_COMMON = [
  'connection-method',
  'device-id',
  'multi-factor',
  'public-ip',
  'public-ip-timestamp',
  'public-port',
  'timezone',
  'user-ids',
];
const VENDOR_VIA_SERVER = ['forwarded', 'license-ids', 'product-name', 'public-ip', 'version'];

// HMRC's per-method lists, written as suffixes of gov-client-* and gov-vendor-*.
const METHODS: Record<string, { client: string[]; vendor: string[] }> = {
  WEB_APP_VIA_SERVER: {
    client: [...VIA_SERVER_COMMON, 'browser-js-user-agent', 'screens', 'window-size'],
    vendor: VENDOR_VIA_SERVER,
  },
  MOBILE_APP_VIA_SERVER: {
    client: [
      ...VIA_SERVER_COMMON,
      'local-ips',
      'local-ips-timestamp',
      'screens',
      'user-agent',
      'window-size',
    ],
    vendor: VENDOR_VIA_SERVER,
  },
  DESKTOP_APP_VIA_SERVER: {
    client: [
      ...VIA_SERVER_COMMON,
      'local-ips',
      'local-ips-timestamp',
      'mac-addresses',
      'screens',
      'user-agent',
      'window-size',
    ],
    vendor: VENDOR_VIA_SERVER,
  },
  OTHER_VIA_SERVER: {
    client: [...VIA_SERVER_COMMON, 'local-ips', 'local-ips-timestamp', 'mac-addresses', 'user-agent'],
    vendor: VENDOR_VIA_SERVER,
  },
  BATCH_PROCESS_DIRECT: {
    client: [
      'connection-method',
      'device-id',
      'local-ips',
      'local-ips-timestamp',
      'mac-addresses',
      'timezone',
      'user-agent',
      'user-ids',
    ],
    vendor: ['license-ids', 'product-name', 'version'],
  },
};

export interface FphIssue {
  readonly code: string;
  readonly message: string;
  readonly headers: string[];
}

export interface FphValidation {
  readonly specVersion: string;
  readonly code: 'VALID_HEADERS' | 'POTENTIALLY_INVALID_HEADERS' | 'INVALID_HEADERS';
  readonly message: string;
  readonly errors?: FphIssue[];
  readonly warnings?: FphIssue[];
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;

const ISO_MS = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
const UNRESERVED_OR_ESCAPE = /^([A-Za-z0-9._~!'()*-]|%[0-9A-F]{2}|%[0-9a-f]{2})+$/;

function publicAddress(text: string | undefined): boolean {
  if (!text) return false;
  let decoded: string;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    return false;
  }
  if (!ipaddr.isValid(decoded)) return false;
  if (!decoded.includes(':') && !/^\d+\.\d+\.\d+\.\d+$/.test(decoded)) return false;
  const range = ipaddr.process(decoded).range();
  return ![
    'private',
    'loopback',
    'linkLocal',
    'uniqueLocal',
    'unspecified',
    'carrierGradeNat',
    'multicast',
    'broadcast',
  ].includes(range);
}

/** Parses `a=b&c=d`; `undefined` when a key or value is not percent-encoded or a pair has no `=`. */
function pairs(value: string): Map<string, string> | undefined {
  const found = new Map<string, string>();
  for (const pair of value.split('&')) {
    const [key, val, extra] = pair.split('=');
    if (key === undefined || val === undefined || extra !== undefined) return undefined;
    if (!UNRESERVED_OR_ESCAPE.test(key) || (val !== '' && !UNRESERVED_OR_ESCAPE.test(val))) return undefined;
    found.set(decodeURIComponent(key), decodeURIComponent(val));
  }
  return found;
}

const positiveInt = (v: string | undefined) => v !== undefined && /^[1-9]\d*$/.test(v);

/** One check per header: `true` valid, else why not. */
const CHECKS: Record<string, (value: string, all: Headers, method: string) => true | string> = {
  'gov-client-device-id': (v) =>
    /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(v) || 'Value is not a valid UUID',
  'gov-client-user-ids': (v) => {
    const kv = pairs(v);
    return (
      (kv !== undefined && [...kv.values()].some((x) => x !== '')) ||
      'Value must be percent-encoded key-value pairs'
    );
  },
  'gov-client-timezone': (v) => /^UTC[+-](0\d|1[0-4]):[0-5]\d$/.test(v) || 'Value must be UTC±hh:mm',
  'gov-client-screens': (v) =>
    v.split(',').every((screen) => {
      const kv = pairs(screen);
      return (
        kv !== undefined &&
        positiveInt(kv.get('width')) &&
        positiveInt(kv.get('height')) &&
        /^\d+(\.\d+)?$/.test(kv.get('scaling-factor') ?? '') &&
        positiveInt(kv.get('colour-depth'))
      );
    }) || 'Each screen needs width, height, scaling-factor and colour-depth',
  'gov-client-window-size': (v) => {
    const kv = pairs(v);
    return (
      (kv !== undefined && positiveInt(kv.get('width')) && positiveInt(kv.get('height'))) ||
      'Value needs width and height'
    );
  },
  'gov-client-browser-js-user-agent': (v) => /^[\x20-\x7E]+$/.test(v) || 'Value must be US-ASCII',
  'gov-client-user-agent': (v) => {
    const kv = pairs(v);
    return (
      (kv !== undefined &&
        ['os-family', 'os-version', 'device-manufacturer', 'device-model'].every((k) => kv.has(k))) ||
      'Value needs os-family, os-version, device-manufacturer and device-model'
    );
  },
  'gov-client-multi-factor': (v) =>
    v.split(',').every((factor) => {
      const kv = pairs(factor);
      return (
        kv !== undefined &&
        ['TOTP', 'AUTH_CODE', 'OTHER'].includes(kv.get('type') ?? '') &&
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{3})?)?Z$/.test(kv.get('timestamp') ?? '') &&
        (kv.get('unique-reference') ?? '') !== ''
      );
    }) || 'Each factor needs type, timestamp and unique-reference',
  'gov-client-local-ips': (v) =>
    v.split(',').every((ip) => UNRESERVED_OR_ESCAPE.test(ip) && ipaddr.isValid(decodeURIComponent(ip))) ||
    'Value must be a list of percent-encoded IP addresses',
  'gov-client-local-ips-timestamp': (v) => ISO_MS.test(v) || 'Value must be yyyy-MM-ddThh:mm:ss.sssZ',
  'gov-client-mac-addresses': (v) =>
    v.split(',').every((mac) => /^([0-9a-f]{2}%3A){5}[0-9a-f]{2}$/i.test(mac)) ||
    'Value must be a list of percent-encoded MAC addresses',
  'gov-client-public-ip': (v) => publicAddress(v) || 'Value must be a public IP address',
  'gov-client-public-ip-timestamp': (v) => ISO_MS.test(v) || 'Value must be yyyy-MM-ddThh:mm:ss.sssZ',
  'gov-client-public-port': (v) =>
    (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535 && v !== '80' && v !== '443') ||
    'Value must be the client port (1-65535, not 80 or 443)',
  'gov-vendor-public-ip': (v, all) => {
    if (!publicAddress(v)) return 'Value must be a public IP address';
    return v !== all['gov-client-public-ip'] || 'Value must not be the same as Gov-Client-Public-IP';
  },
  'gov-vendor-forwarded': (v, all) => {
    const hops = v.split(',').map(pairs);
    if (
      !hops.every(
        (hop) =>
          hop &&
          publicAddress(hop.get('by') && encodeURIComponent(hop.get('by')!)) &&
          publicAddress(hop.get('for') && encodeURIComponent(hop.get('for')!)),
      )
    )
      return 'Each hop needs public by and for addresses';
    const first = hops[0]!;
    const client = String(all['gov-client-public-ip'] ?? '');
    const vendor = String(all['gov-vendor-public-ip'] ?? '');
    if (first.get('for') !== client) return 'The first hop’s for must be Gov-Client-Public-IP';
    if (first.get('by') !== vendor) return 'The first hop’s by must be Gov-Vendor-Public-IP';
    return true;
  },
  'gov-vendor-license-ids': (v) => {
    const kv = pairs(v);
    return (
      (kv !== undefined && [...kv.values()].every((x) => x !== '')) ||
      'Value must be software=hashed-licence pairs'
    );
  },
  'gov-vendor-product-name': (v) => UNRESERVED_OR_ESCAPE.test(v) || 'Value must be percent-encoded',
  'gov-vendor-version': (v, _all, method) => {
    const kv = pairs(v);
    if (kv === undefined || [...kv.values()].some((x) => x === ''))
      return 'Value must be software=version pairs';
    if (
      ['DESKTOP_APP_VIA_SERVER', 'MOBILE_APP_VIA_SERVER', 'OTHER_VIA_SERVER'].includes(method) &&
      kv.size < 2
    )
      return 'Value needs an entry for the client and one for the server';
    return true;
  },
};

// Headers whose absence or emptiness HMRC reports as a warning: no licences, or single-factor sign-in.
const WARN_WHEN_EMPTY = new Set(['gov-client-multi-factor', 'gov-vendor-license-ids']);

export function validateFraudHeaders(raw: Headers): FphValidation {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw))
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  const errors: FphIssue[] = [];
  const warnings: FphIssue[] = [];
  const method = headers['gov-client-connection-method'];
  const spec = method ? METHODS[method] : undefined;
  if (!spec) {
    errors.push({
      code: method === undefined ? 'MISSING_HEADER' : 'INVALID_HEADER',
      message: 'Header required: a supported connection method',
      headers: ['gov-client-connection-method'],
    });
  } else {
    const required = [
      ...spec.client.map((h) => `gov-client-${h}`),
      ...spec.vendor.map((h) => `gov-vendor-${h}`),
    ];
    for (const header of required) {
      if (header === 'gov-client-connection-method') continue;
      const value = headers[header];
      if (value === undefined) {
        (WARN_WHEN_EMPTY.has(header) ? warnings : errors).push({
          code: 'MISSING_HEADER',
          message: 'Header required',
          headers: [header],
        });
      } else if (value === '') {
        (WARN_WHEN_EMPTY.has(header) ? warnings : errors).push({
          code: 'EMPTY_HEADER',
          message: 'Value is empty',
          headers: [header],
        });
      } else {
        const verdict = CHECKS[header]!(value, headers, method!);
        if (verdict !== true) errors.push({ code: 'INVALID_HEADER', message: verdict, headers: [header] });
      }
    }
    const allowed = new Set(required);
    for (const name of Object.keys(headers))
      if (/^gov-(client|vendor)-/.test(name) && !allowed.has(name))
        warnings.push({
          code: 'UNEXPECTED_HEADER',
          message: 'Header not expected for the connection method',
          headers: [name],
        });
  }
  if (errors.length > 0)
    return {
      specVersion: SPEC_VERSION,
      code: 'INVALID_HEADERS',
      message: 'At least 1 header is invalid',
      errors,
      ...(warnings.length ? { warnings } : {}),
    };
  if (warnings.length > 0)
    return {
      specVersion: SPEC_VERSION,
      code: 'POTENTIALLY_INVALID_HEADERS',
      message: 'At least 1 header is potentially invalid',
      warnings,
    };
  return { specVersion: SPEC_VERSION, code: 'VALID_HEADERS', message: 'All headers appear to be valid' };
}
