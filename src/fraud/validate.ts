/**
 * The format of each fraud-prevention header, as HMRC's specification gives it (one entry per header on each
 * connection method's page, e.g.
 * https://developer.service.hmrc.gov.uk/guides/fraud-prevention/connection-method/web-app-via-server/), plus the
 * checks HMRC's reviewers are known to make beyond the format (vendor IP equal to client IP, server ports as the
 * client port, private addresses given as public ones). Pure functions: a value in, problems out.
 */
import type { Clock } from '../util/clock';
import { isPercentEncoded, isPrintableAscii, percentDecode, splitList, splitPairs } from './encoding';
import type { Ip } from './ip';
import { formatIp, isPublicIp, parseIp, rangeName } from './ip';
import type { ConnectionMethod, FraudHeader } from './methods';

export type Severity = 'error' | 'warning';

/**
 * HMRC's validator codes (Test Fraud Prevention Headers API): a header that is missing, empty, invalid, or
 * valid in form but doubtful.
 */
export type ProblemCode = 'MISSING_HEADER' | 'EMPTY_HEADER' | 'INVALID_HEADER' | 'POTENTIALLY_INVALID_HEADER';

export interface Problem {
  readonly header: FraudHeader;
  readonly severity: Severity;
  readonly code: ProblemCode;
  /** What is wrong, in words. Never repeats the value (so problems can be logged as they are). */
  readonly message: string;
}

type Found = { severity: Severity; message: string };
const error = (message: string): Found => ({ severity: 'error', message });
const warning = (message: string): Found => ({ severity: 'warning', message });

export interface ValidationContext {
  readonly method: ConnectionMethod | undefined;
  readonly clock: Clock;
}

/** `yyyy-MM-ddThh:mm:ss.sssZ`, UTC, milliseconds included, and a real instant. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function isHmrcTimestamp(value: string): boolean {
  if (!TIMESTAMP.test(value)) return false;
  const parsed = new Date(value);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString() === value;
}

// HMRC's own client libraries allow a few minutes of clock skew; a timestamp further ahead is not when the value
// was collected.
const FUTURE_SKEW_MS = 5 * 60_000;

function timestamp(value: string, ctx: ValidationContext): Found[] {
  if (!isHmrcTimestamp(value))
    return [
      error('must be a UTC timestamp in the form yyyy-MM-ddThh:mm:ss.sssZ, e.g. 2020-09-21T14:30:05.123Z'),
    ];
  if (new Date(value).getTime() > ctx.clock.now().getTime() + FUTURE_SKEW_MS)
    return [warning('lies in the future: it must be when the value was collected')];
  return [];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_UUID = /^0{8}-0{4}-0{4}-0{4}-0{12}$/;

/** Values HMRC names as placeholders that must never be sent. */
const PLACEHOLDERS = new Set(['null', 'undefined', 'nan', 'none', 'n/a', 'unknown', '[object object]']);

function isPlaceholder(decoded: string): boolean {
  return PLACEHOLDERS.has(decoded.trim().toLowerCase());
}

/**
 * A key-value structure (`k=v&k=v`): every key and value percent-encoded, no duplicate keys, no placeholder
 * values. Returns the decoded pairs, or the problems.
 */
function keyValues(value: string): { pairs: Map<string, string>; problems: Found[] } {
  const pairs = new Map<string, string>();
  const problems: Found[] = [];
  for (const { key, value: raw } of splitPairs(value)) {
    if (raw === undefined) {
      problems.push(error('must be key=value pairs separated by &'));
      continue;
    }
    if (!isPercentEncoded(key) || !isPercentEncoded(raw)) {
      problems.push(error('keys and values must be percent-encoded (RFC 3986); only = & , stay unencoded'));
      continue;
    }
    const k = percentDecode(key);
    const v = percentDecode(raw);
    if (k === undefined || v === undefined) {
      problems.push(error('contains a percent-encoding that is not valid UTF-8'));
      continue;
    }
    if (k === '') {
      problems.push(error('has a pair with an empty key'));
      continue;
    }
    if (pairs.has(k)) problems.push(error(`repeats the key "${k}"`));
    if (isPlaceholder(v)) problems.push(error(`has a placeholder value for "${k}": omit the key instead`));
    pairs.set(k, v);
  }
  return { pairs, problems };
}

/** A list (`a,b`), no empty entries. */
function list(value: string): { entries: string[]; problems: Found[] } {
  const entries = splitList(value);
  return entries.some((e) => e === '')
    ? { entries, problems: [error('is a comma-separated list whose entries must not be empty')] }
    : { entries, problems: [] };
}

const POSITIVE_INT = /^[1-9]\d{0,5}$/;
const POSITIVE_NUMBER = /^(?:\d{1,3}(?:\.\d{1,6})?)$/;

function requireKeys(pairs: Map<string, string>, keys: readonly string[], what = ''): Found[] {
  const missing = keys.filter((k) => !pairs.get(k));
  return missing.length > 0 ? [error(`${what}must have ${missing.join(', ')}`)] : [];
}

function publicIp(text: string, what: string): { ip?: Ip; problems: Found[] } {
  const ip = parseIp(text);
  if (!ip) return { problems: [error(`${what}must be an IPv4 or IPv6 address`)] };
  if (!isPublicIp(ip)) return { ip, problems: [error(`${what}is ${rangeName(ip)}, not a public IP`)] };
  return { ip, problems: [] };
}

type Validator = (value: string, ctx: ValidationContext) => Found[];

const VALIDATORS: Record<FraudHeader, Validator> = {
  'Gov-Client-Connection-Method': () => [], // decided by `connectionMethodProblem`

  // navigator.userAgent as the browser reports it: not percent-encoded, so only printable US-ASCII is asked of it.
  'Gov-Client-Browser-JS-User-Agent': (value) =>
    /^[\x21-\x7E][\x20-\x7E]*$/.test(value) && value.includes('/')
      ? []
      : [error('must be the browser’s navigator.userAgent, e.g. Mozilla/5.0 (…) …')],

  'Gov-Client-Device-ID': (value) =>
    UUID.test(value) && !NIL_UUID.test(value)
      ? []
      : [
          error(
            'must be a UUID generated once and stored on the device, e.g. beec798b-b366-47fa-b1f8-92cede14a1ce',
          ),
        ],

  'Gov-Client-Local-IPs': (value) => {
    const { entries, problems } = list(value);
    for (const entry of entries.filter(Boolean)) {
      const decoded = percentDecode(entry);
      if (!isPercentEncoded(entry) || decoded === undefined) {
        problems.push(error('entries must be percent-encoded (an IPv6 address as fc00%3A%3A)'));
      } else if (!parseIp(decoded)) problems.push(error('entries must be IPv4 or IPv6 addresses'));
    }
    return problems;
  },

  'Gov-Client-Local-IPs-Timestamp': timestamp,

  'Gov-Client-MAC-Addresses': (value) => {
    const { entries, problems } = list(value);
    for (const entry of entries.filter(Boolean)) {
      const decoded = percentDecode(entry);
      if (!isPercentEncoded(entry) || decoded === undefined)
        problems.push(error('entries must be percent-encoded (ea%3A43%3A1a%3A5d%3A21%3A45)'));
      else if (!/^[0-9a-f]{2}(?:([:-])[0-9a-f]{2})(?:\1[0-9a-f]{2}){4}$/i.test(decoded))
        problems.push(error('entries must be MAC addresses (six hex pairs)'));
      else if (/^(?:00[:-]?){5}00$/.test(decoded)) problems.push(error('has the all-zero MAC address'));
    }
    return problems;
  },

  'Gov-Client-Multi-Factor': (value) => {
    const { entries, problems } = list(value);
    for (const entry of entries.filter(Boolean)) {
      const { pairs, problems: p } = keyValues(entry);
      problems.push(...p);
      if (p.length > 0) continue;
      problems.push(...requireKeys(pairs, ['type', 'timestamp', 'unique-reference'], 'each factor '));
      const type = pairs.get('type');
      if (type && !['TOTP', 'AUTH_CODE', 'OTHER'].includes(type))
        problems.push(error('type must be TOTP, AUTH_CODE or OTHER'));
      const at = pairs.get('timestamp');
      if (at && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?Z$/.test(at))
        problems.push(error('timestamp must be UTC, at least yyyy-MM-ddThh:mmZ'));
    }
    return problems;
  },

  'Gov-Client-Public-IP': (value) => publicIp(value, '').problems,

  'Gov-Client-Public-IP-Timestamp': timestamp,

  'Gov-Client-Public-Port': (value) => {
    if (!/^\d{1,5}$/.test(value) || Number(value) < 1 || Number(value) > 65535)
      return [error('must be the client’s TCP source port, 1 to 65535')];
    if (value === '80' || value === '443')
      return [error('is a server port (80 or 443), not the port the client connected from')];
    return [];
  },

  'Gov-Client-Screens': (value) => {
    const { entries, problems } = list(value);
    for (const entry of entries.filter(Boolean)) {
      const { pairs, problems: p } = keyValues(entry);
      problems.push(...p);
      if (p.length > 0) continue;
      problems.push(
        ...requireKeys(pairs, ['width', 'height', 'scaling-factor', 'colour-depth'], 'each screen '),
      );
      for (const key of ['width', 'height', 'colour-depth'])
        if (pairs.get(key) && !POSITIVE_INT.test(pairs.get(key)!))
          problems.push(error(`${key} must be a positive whole number`));
      const scaling = pairs.get('scaling-factor');
      if (scaling && (!POSITIVE_NUMBER.test(scaling) || Number(scaling) <= 0))
        problems.push(error('scaling-factor must be a positive number, e.g. 1 or 1.25'));
    }
    return problems;
  },

  'Gov-Client-Timezone': (value) => {
    const match = /^UTC([+-])(\d{2}):(\d{2})$/.exec(value);
    if (!match) return [error('must be UTC±hh:mm, e.g. UTC+01:00')];
    const minutes = Number(match[2]) * 60 + Number(match[3]);
    const offset = match[1] === '-' ? -minutes : minutes;
    if (Number(match[3]) % 15 !== 0 || offset < -12 * 60 || offset > 14 * 60)
      return [error('is not a recognised timezone offset (UTC-12:00 to UTC+14:00)')];
    return [];
  },

  'Gov-Client-User-Agent': (value) => {
    const { pairs, problems } = keyValues(value);
    if (problems.length > 0) return problems;
    return requireKeys(pairs, ['os-family', 'os-version', 'device-manufacturer', 'device-model']);
  },

  'Gov-Client-User-IDs': (value, ctx) => {
    const { pairs, problems } = keyValues(value);
    if (problems.length > 0) return problems;
    if (![...pairs.values()].some(Boolean))
      return [error('must identify the user, e.g. my-application=alice123')];
    // The `os` key (the user signed in on the device) is asked of every method but web and mobile apps.
    const wantsOs =
      ctx.method === 'DESKTOP_APP_VIA_SERVER' ||
      ctx.method === 'OTHER_VIA_SERVER' ||
      ctx.method === 'BATCH_PROCESS_DIRECT';
    if (wantsOs && !pairs.get('os'))
      return [warning('should include os=<the user signed in on the originating device>')];
    return [];
  },

  'Gov-Client-Window-Size': (value) => {
    const { pairs, problems } = keyValues(value);
    if (problems.length > 0) return problems;
    const found = requireKeys(pairs, ['width', 'height']);
    for (const key of ['width', 'height'])
      if (pairs.get(key) && !POSITIVE_INT.test(pairs.get(key)!))
        found.push(error(`${key} must be a positive whole number`));
    return found;
  },

  'Gov-Vendor-Forwarded': (value) => {
    const { entries, problems } = list(value);
    for (const entry of entries.filter(Boolean)) {
      const { pairs, problems: p } = keyValues(entry);
      problems.push(...p);
      if (p.length > 0) continue;
      const keys = requireKeys(pairs, ['by', 'for'], 'each hop ');
      problems.push(...keys);
      if (keys.length > 0) continue;
      problems.push(...publicIp(pairs.get('by')!, 'a hop’s by ').problems);
      problems.push(...publicIp(pairs.get('for')!, 'a hop’s for ').problems);
    }
    return problems;
  },

  'Gov-Vendor-License-IDs': (value) => {
    const { pairs, problems } = keyValues(value);
    if (problems.length > 0) return problems;
    return [...pairs.values()].some((v) => !v) ? [error('every software name needs its hashed licence')] : [];
  },

  'Gov-Vendor-Product-Name': (value) => {
    if (!isPercentEncoded(value) || percentDecode(value) === undefined)
      return [error('must be percent-encoded, e.g. Product%20Name')];
    const decoded = percentDecode(value)!;
    if (decoded.trim() === '' || isPlaceholder(decoded))
      return [error('must be the product’s marketed name')];
    return [];
  },

  'Gov-Vendor-Public-IP': (value) => publicIp(value, '').problems,

  'Gov-Vendor-Version': (value, ctx) => {
    const { pairs, problems } = keyValues(value);
    if (problems.length > 0) return problems;
    if ([...pairs.values()].some((v) => !v)) return [error('every software name needs its version')];
    // Via a server, HMRC asks for "a minimum of two key-value pairs … one for the server and another for the
    // client application" (desktop, mobile and other). The gateway supplies the server's, so one more must come
    // from the client. HMRC's web-app page asks for one only, so there a missing client entry is a warning.
    if (ctx.method && ctx.method !== 'BATCH_PROCESS_DIRECT' && pairs.size < 2) {
      const message = 'needs the client application’s own entry as well as the server’s, e.g. my-app=1.2.3';
      return [ctx.method === 'WEB_APP_VIA_SERVER' ? warning(message) : error(message)];
    }
    return [];
  },
};

/**
 * Checks one header's value against its format. Empty values are reported here too: HMRC accepts an empty
 * value only where the data cannot be collected and only after agreeing it with HMRC.
 */
export function validateHeader(header: FraudHeader, value: string, ctx: ValidationContext): Problem[] {
  if (!isPrintableAscii(value))
    return [
      {
        header,
        severity: 'error',
        code: 'INVALID_HEADER',
        message: 'must be printable US-ASCII; percent-encode other characters',
      },
    ];
  if (value.trim() === '')
    return [
      {
        header,
        severity:
          header === 'Gov-Client-Multi-Factor' || header === 'Gov-Vendor-License-IDs' ? 'warning' : 'error',
        code: 'EMPTY_HEADER',
        message:
          'is empty: HMRC accepts that only when the value cannot be collected, after you have agreed it with HMRC',
      },
    ];
  return VALIDATORS[header](value, ctx).map((found) => ({
    header,
    severity: found.severity,
    code: found.severity === 'error' ? 'INVALID_HEADER' : 'POTENTIALLY_INVALID_HEADER',
    message: found.message,
  }));
}

/** Checks across headers that HMRC's reviewers make. */
export function crossCheck(headers: Readonly<Partial<Record<FraudHeader, string>>>): Problem[] {
  const problems: Problem[] = [];
  const client = parseIp(headers['Gov-Client-Public-IP'] ?? '');
  const vendor = parseIp(headers['Gov-Vendor-Public-IP'] ?? '');
  if (client && vendor && formatIp(client) === formatIp(vendor))
    problems.push({
      header: 'Gov-Vendor-Public-IP',
      severity: 'error',
      code: 'INVALID_HEADER',
      message:
        'equals Gov-Client-Public-IP: the client’s address was taken from the wrong place (a proxy that does not pass it on?)',
    });
  const forwarded = headers['Gov-Vendor-Forwarded'];
  if (forwarded) {
    // "For the first hop, [by] is the public IP address of the server and value of Gov-Vendor-Public-IP", and
    // [for] "is the public IP address of the client and value of Gov-Client-Public-IP".
    const first = splitPairs(splitList(forwarded)[0] ?? '');
    const hop = (key: string) => parseIp(percentDecode(first.find((p) => p.key === key)?.value ?? '') ?? '');
    const [by, from] = [hop('by'), hop('for')];
    if (client && from && formatIp(from) !== formatIp(client))
      problems.push({
        header: 'Gov-Vendor-Forwarded',
        severity: 'warning',
        code: 'POTENTIALLY_INVALID_HEADER',
        message: 'the first hop’s for should be Gov-Client-Public-IP',
      });
    if (vendor && by && formatIp(by) !== formatIp(vendor))
      problems.push({
        header: 'Gov-Vendor-Forwarded',
        severity: 'warning',
        code: 'POTENTIALLY_INVALID_HEADER',
        message: 'the first hop’s by should be Gov-Vendor-Public-IP',
      });
  }
  return problems;
}
