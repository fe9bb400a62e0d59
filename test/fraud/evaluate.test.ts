/**
 * What the gateway sends HMRC for a request: the server-side headers completed from the connection (0, 1 and 2
 * proxies, trusted and untrusted, IPv4 and IPv6), the vendor headers, each method's required set, and modes.
 */
import type { Connection, FraudSettings } from '../../src/fraud';
import {
  REQUIRED_HEADERS,
  SUPPORTED_METHODS,
  evaluateFraudHeaders,
  maskFraudHeaders,
  parseCidr,
} from '../../src/fraud';
import { fixedClock } from '../../src/util/clock';
import { GOOD_CLIENT_HEADERS } from '../helpers/fraud-headers';

const clock = fixedClock('2026-11-21T12:00:00.000Z');
const settings = (over: Partial<FraudSettings> = {}): FraudSettings => ({
  mode: 'enforce',
  allowBatch: false,
  trustedProxies: [],
  clientPortHeader: 'x-client-port',
  vendorPublicIp: '203.0.113.6',
  productName: 'Tax App (Pro)',
  licenseIds: [{ key: 'tax-app', value: '8D7963490527D337' }],
  gatewayVersion: '1.2.3',
  ...over,
});
const trust = (...cidrs: string[]) => cidrs.map((c) => parseCidr(c)!);
const web = GOOD_CLIENT_HEADERS.WEB_APP_VIA_SERVER!;

function connection(
  remoteAddress: string,
  remotePort: number,
  headers: Record<string, string> = {},
): Connection {
  const lower: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...web, ...headers })) lower[k.toLowerCase()] = v;
  return { remoteAddress, remotePort, headers: lower };
}

describe('the hop chain', () => {
  it('0 proxies: the TCP peer is the client, its port the public port, stamped when seen', () => {
    const result = evaluateFraudHeaders(connection('198.51.100.7', 50123), settings(), clock);
    expect(result.headers).toMatchObject({
      'Gov-Client-Public-IP': '198.51.100.7',
      'Gov-Client-Public-Port': '50123',
      'Gov-Client-Public-IP-Timestamp': '2026-11-21T12:00:00.000Z',
      'Gov-Vendor-Public-IP': '203.0.113.6',
      'Gov-Vendor-Forwarded': 'by=203.0.113.6&for=198.51.100.7',
    });
    expect(result.problems).toEqual([]);
    expect(result.refused).toBe(false);
  });

  it('0 proxies: an IPv4 peer on a dual-stack socket (::ffff:…) is written as IPv4', () => {
    const result = evaluateFraudHeaders(connection('::ffff:198.51.100.7', 50123), settings(), clock);
    expect(result.headers['Gov-Client-Public-IP']).toBe('198.51.100.7');
  });

  it('0 proxies, IPv6: the address as written, percent-encoded inside Gov-Vendor-Forwarded', () => {
    const result = evaluateFraudHeaders(connection('2001:db8:0:0::7', 50123), settings(), clock);
    expect(result.headers['Gov-Client-Public-IP']).toBe('2001:db8::7');
    expect(result.headers['Gov-Vendor-Forwarded']).toBe('by=203.0.113.6&for=2001%3Adb8%3A%3A7');
    expect(result.problems).toEqual([]);
  });

  it('an untrusted peer’s X-Forwarded-For and port header are ignored: the peer is the client', () => {
    const result = evaluateFraudHeaders(
      connection('198.51.100.7', 50123, { 'X-Forwarded-For': '192.0.2.1', 'X-Client-Port': '1111' }),
      settings({ trustedProxies: trust('10.0.0.0/8') }),
      clock,
    );
    expect(result.headers['Gov-Client-Public-IP']).toBe('198.51.100.7');
    expect(result.headers['Gov-Client-Public-Port']).toBe('50123');
  });

  it('1 trusted proxy (private): the client is its X-Forwarded-For entry, the port from the port header', () => {
    const result = evaluateFraudHeaders(
      connection('10.0.0.5', 40000, { 'X-Forwarded-For': '198.51.100.7', 'X-Client-Port': '50123' }),
      settings({ trustedProxies: trust('10.0.0.0/8') }),
      clock,
    );
    expect(result.headers).toMatchObject({
      'Gov-Client-Public-IP': '198.51.100.7',
      'Gov-Client-Public-Port': '50123',
      // The private hop (load balancer → gateway) is not an internet hop: HMRC says leave it out.
      'Gov-Vendor-Forwarded': 'by=203.0.113.6&for=198.51.100.7',
    });
    expect(result.problems).toEqual([]);
  });

  it('1 trusted proxy but no port header configured: the port is missing, and says what to set', () => {
    const result = evaluateFraudHeaders(
      connection('10.0.0.5', 40000, { 'X-Forwarded-For': '198.51.100.7' }),
      settings({ trustedProxies: trust('10.0.0.0/8'), clientPortHeader: undefined }),
      clock,
    );
    expect(result.headers['Gov-Client-Public-Port']).toBeUndefined();
    expect(result.problems).toEqual([
      expect.objectContaining({
        header: 'Gov-Client-Public-Port',
        severity: 'error',
        message: expect.stringContaining('FRAUD_CLIENT_PORT_HEADER'),
      }),
    ]);
    expect(result.refused).toBe(true);
  });

  it('2 trusted proxies: walks both; entries the client wrote further left are ignored', () => {
    const result = evaluateFraudHeaders(
      connection('10.0.0.5', 40000, {
        'X-Forwarded-For': '192.0.2.99, 198.51.100.7, 10.1.1.1',
        'X-Client-Port': '50123',
      }),
      settings({ trustedProxies: trust('10.0.0.0/8') }),
      clock,
    );
    expect(result.headers['Gov-Client-Public-IP']).toBe('198.51.100.7');
    expect(result.headers['Gov-Vendor-Forwarded']).toBe('by=203.0.113.6&for=198.51.100.7');
  });

  it('2 proxies, the outer one untrusted: the untrusted proxy counts as the client', () => {
    const result = evaluateFraudHeaders(
      connection('10.0.0.5', 40000, {
        'X-Forwarded-For': '198.51.100.7, 192.0.2.50',
        'X-Client-Port': '50123',
      }),
      settings({ trustedProxies: trust('10.0.0.0/8') }),
      clock,
    );
    expect(result.headers['Gov-Client-Public-IP']).toBe('192.0.2.50');
  });

  it('2 trusted proxies, the inner one public (a WAF): this server’s hop is for the WAF', () => {
    const result = evaluateFraudHeaders(
      connection('10.0.0.5', 40000, {
        'X-Forwarded-For': '198.51.100.7, 2001:db8::waf',
        'X-Client-Port': '50123',
      }),
      settings({ trustedProxies: trust('10.0.0.0/8', '2001:db8::/32') }),
      clock,
    );
    // '2001:db8::waf' is not an address: the chain cannot be read, so nothing is made up.
    expect(result.headers['Gov-Client-Public-IP']).toBeUndefined();
    expect(result.problems[0]).toMatchObject({ header: 'Gov-Client-Public-IP', severity: 'error' });

    const fixed = evaluateFraudHeaders(
      connection('10.0.0.5', 40000, {
        'X-Forwarded-For': '198.51.100.7, 2001:db8::a',
        'X-Client-Port': '50123',
      }),
      settings({ trustedProxies: trust('10.0.0.0/8', '2001:db8::/32') }),
      clock,
    );
    expect(fixed.headers['Gov-Client-Public-IP']).toBe('198.51.100.7');
    expect(fixed.headers['Gov-Vendor-Forwarded']).toBe('by=203.0.113.6&for=2001%3Adb8%3A%3Aa');
  });

  it('keeps a trusted vendor server’s client IP, port, timestamp and hops, and appends its own hop', () => {
    const result = evaluateFraudHeaders(
      connection('10.0.0.5', 40000, {
        'Gov-Client-Public-IP': '198.51.100.7',
        'Gov-Client-Public-Port': '50123',
        'Gov-Client-Public-IP-Timestamp': '2026-11-21T11:59:59.500Z',
        'Gov-Vendor-Public-IP': '192.0.2.10',
        'Gov-Vendor-Forwarded': 'by=192.0.2.10&for=198.51.100.7',
        'X-Forwarded-For': '192.0.2.20',
      }),
      settings({ trustedProxies: trust('10.0.0.0/8') }),
      clock,
    );
    expect(result.headers).toMatchObject({
      'Gov-Client-Public-IP': '198.51.100.7',
      'Gov-Client-Public-Port': '50123',
      'Gov-Client-Public-IP-Timestamp': '2026-11-21T11:59:59.500Z',
      'Gov-Vendor-Public-IP': '192.0.2.10',
      'Gov-Vendor-Forwarded': 'by=192.0.2.10&for=198.51.100.7,by=203.0.113.6&for=192.0.2.20',
    });
    expect(result.problems).toEqual([]);
  });

  it('replaces client-sent public IP, port and hops from an untrusted peer, and warns', () => {
    const result = evaluateFraudHeaders(
      connection('198.51.100.7', 50123, {
        'Gov-Client-Public-IP': '192.0.2.1',
        'Gov-Vendor-Forwarded': 'by=192.0.2.2&for=192.0.2.1',
      }),
      settings(),
      clock,
    );
    expect(result.headers['Gov-Client-Public-IP']).toBe('198.51.100.7');
    expect(result.headers['Gov-Vendor-Forwarded']).toBe('by=203.0.113.6&for=198.51.100.7');
    expect(result.problems.map((p) => [p.header, p.severity])).toEqual([
      ['Gov-Client-Public-IP', 'warning'],
      ['Gov-Vendor-Forwarded', 'warning'],
    ]);
    expect(result.refused).toBe(false);
  });

  it('refuses loopback and private peers as public IPs, and never sends them', () => {
    for (const peer of ['127.0.0.1', '::1', '10.1.2.3', 'fe80::1', 'fd00::1']) {
      const result = evaluateFraudHeaders(connection(peer, 50123), settings(), clock);
      expect(result.headers['Gov-Client-Public-IP']).toBeUndefined();
      expect(result.problems).toContainEqual(
        expect.objectContaining({
          header: 'Gov-Client-Public-IP',
          code: 'INVALID_HEADER',
          severity: 'error',
        }),
      );
    }
  });

  it('refuses a server port as the client port', () => {
    const result = evaluateFraudHeaders(connection('198.51.100.7', 443), settings(), clock);
    expect(result.headers['Gov-Client-Public-Port']).toBeUndefined();
    expect(result.problems).toContainEqual(expect.objectContaining({ header: 'Gov-Client-Public-Port' }));
  });

  it('refuses a vendor IP equal to the client IP', () => {
    const result = evaluateFraudHeaders(connection('203.0.113.6', 50123), settings(), clock);
    expect(result.problems).toContainEqual(
      expect.objectContaining({ header: 'Gov-Vendor-Public-IP', severity: 'error' }),
    );
  });
});

describe('vendor headers', () => {
  it('appends the gateway to Gov-Vendor-Version, drops a client entry impersonating it, encodes the product name', () => {
    const result = evaluateFraudHeaders(
      connection('198.51.100.7', 50123, {
        'Gov-Vendor-Version': 'my-web-app=2.2.2&hmrc-graphql-gateway=9.9.9',
      }),
      settings(),
      clock,
    );
    expect(result.headers['Gov-Vendor-Version']).toBe('my-web-app=2.2.2&hmrc-graphql-gateway=1.2.3');
    expect(result.headers['Gov-Vendor-Product-Name']).toBe('Tax%20App%20%28Pro%29');
    expect(result.headers['Gov-Vendor-License-IDs']).toBe('tax-app=8D7963490527D337');
  });

  it('omits Gov-Vendor-License-IDs when there is none, with a warning only', () => {
    const result = evaluateFraudHeaders(
      connection('198.51.100.7', 50123),
      settings({ licenseIds: [] }),
      clock,
    );
    expect(result.headers).not.toHaveProperty('Gov-Vendor-License-IDs');
    expect(result.problems).toEqual([
      expect.objectContaining({
        header: 'Gov-Vendor-License-IDs',
        severity: 'warning',
        code: 'MISSING_HEADER',
      }),
    ]);
    expect(result.refused).toBe(false);
  });

  it('without GOV_VENDOR_PUBLIC_IP: no vendor IP, no hop, and says which setting', () => {
    const result = evaluateFraudHeaders(
      connection('198.51.100.7', 50123),
      settings({ vendorPublicIp: undefined }),
      clock,
    );
    expect(result.headers).not.toHaveProperty('Gov-Vendor-Public-IP');
    expect(result.headers).not.toHaveProperty('Gov-Vendor-Forwarded');
    expect(result.problems).toContainEqual(
      expect.objectContaining({
        header: 'Gov-Vendor-Public-IP',
        message: expect.stringContaining('GOV_VENDOR_PUBLIC_IP'),
      }),
    );
  });
});

describe('each method’s required set', () => {
  it.each(SUPPORTED_METHODS)('%s: good client data gives exactly its headers, no problems', (method) => {
    const client = GOOD_CLIENT_HEADERS[method]!;
    const lower = Object.fromEntries(Object.entries(client).map(([k, v]) => [k.toLowerCase(), v]));
    const result = evaluateFraudHeaders(
      { remoteAddress: '198.51.100.7', remotePort: 50123, headers: lower },
      settings({ allowBatch: true }),
      clock,
    );
    expect(result.problems).toEqual([]);
    expect(new Set(Object.keys(result.headers))).toEqual(REQUIRED_HEADERS[method]);
  });

  it.each(SUPPORTED_METHODS)('%s: each required client header, left out, is reported missing', (method) => {
    const client = GOOD_CLIENT_HEADERS[method]!;
    for (const header of Object.keys(client)) {
      if (header === 'Gov-Client-Connection-Method' || header === 'Gov-Vendor-Version') continue;
      const headers = Object.fromEntries(
        Object.entries(client)
          .filter(([k]) => k !== header)
          .map(([k, v]) => [k.toLowerCase(), v]),
      );
      const result = evaluateFraudHeaders(
        { remoteAddress: '198.51.100.7', remotePort: 50123, headers },
        settings({ allowBatch: true }),
        clock,
      );
      expect(result.problems).toEqual([
        expect.objectContaining({ header, code: 'MISSING_HEADER', severity: 'error' }),
      ]);
    }
  });

  it('does not send a header outside the method’s set (batch has no public IP)', () => {
    const batch = GOOD_CLIENT_HEADERS.BATCH_PROCESS_DIRECT!;
    const headers = Object.fromEntries(Object.entries(batch).map(([k, v]) => [k.toLowerCase(), v]));
    const result = evaluateFraudHeaders(
      {
        remoteAddress: '198.51.100.7',
        remotePort: 50123,
        headers: { ...headers, 'gov-client-screens': 'width=1&height=1&scaling-factor=1&colour-depth=1' },
      },
      settings({ allowBatch: true }),
      clock,
    );
    expect(result.headers).not.toHaveProperty('Gov-Client-Public-IP');
    expect(result.headers).not.toHaveProperty('Gov-Client-Screens');
    expect(result.problems).toEqual([
      expect.objectContaining({ header: 'Gov-Client-Screens', severity: 'warning' }),
    ]);
  });

  it('refuses BATCH_PROCESS_DIRECT unless allowed, in report mode too; never in off mode', () => {
    const batch = GOOD_CLIENT_HEADERS.BATCH_PROCESS_DIRECT!;
    const headers = Object.fromEntries(Object.entries(batch).map(([k, v]) => [k.toLowerCase(), v]));
    const conn = { remoteAddress: '198.51.100.7', remotePort: 50123, headers };
    for (const mode of ['enforce', 'report'] as const) {
      const result = evaluateFraudHeaders(conn, settings({ mode }), clock);
      expect(result.refused).toBe(true);
      expect(result.problems).toEqual([
        expect.objectContaining({ header: 'Gov-Client-Connection-Method', severity: 'error' }),
      ]);
    }
    expect(evaluateFraudHeaders(conn, settings({ mode: 'off' }), clock).refused).toBe(false);
  });

  it('refuses direct methods and unknown ones, naming the via-server one to use', () => {
    const result = evaluateFraudHeaders(
      connection('198.51.100.7', 50123, { 'Gov-Client-Connection-Method': 'DESKTOP_APP_DIRECT' }),
      settings(),
      clock,
    );
    expect(result.problems[0]).toMatchObject({
      header: 'Gov-Client-Connection-Method',
      message: expect.stringContaining('DESKTOP_APP_VIA_SERVER'),
    });
    expect(result.refused).toBe(true);
  });
});

describe('modes', () => {
  it('report: the same problems as enforce, but nothing is refused', () => {
    const conn = connection('127.0.0.1', 50123, { 'Gov-Client-Device-ID': 'null' });
    const enforce = evaluateFraudHeaders(conn, settings(), clock);
    const report = evaluateFraudHeaders(conn, settings({ mode: 'report' }), clock);
    expect(report.problems).toEqual(enforce.problems);
    expect(enforce.refused).toBe(true);
    expect(report.refused).toBe(false);
    // A malformed value is never sent (HMRC: no placeholders), in report mode either.
    expect(report.headers).not.toHaveProperty('Gov-Client-Device-ID');
  });

  it('off: no checks, client values forwarded as received, server headers still completed', () => {
    const result = evaluateFraudHeaders(
      connection('198.51.100.7', 50123, { 'Gov-Client-Device-ID': 'not-a-uuid' }),
      settings({ mode: 'off' }),
      clock,
    );
    expect(result.problems).toEqual([]);
    expect(result.refused).toBe(false);
    expect(result.headers['Gov-Client-Device-ID']).toBe('not-a-uuid');
    expect(result.headers['Gov-Client-Public-IP']).toBe('198.51.100.7');
    expect(result.headers['Gov-Vendor-Version']).toBe('my-web-app=2.2.2&hmrc-graphql-gateway=1.2.3');
  });
});

describe('masking for logs', () => {
  it('masks device id, IPs, MAC addresses, user ids and multi-factor references', () => {
    const masked = maskFraudHeaders({
      'Gov-Client-Device-ID': 'beec798b-b366-47fa-b1f8-92cede14a1ce',
      'Gov-Client-Public-IP': '198.51.100.7',
      'Gov-Client-Local-IPs': 'fc00%3A%3A1,10.1.2.3',
      'Gov-Client-MAC-Addresses': 'ea%3A43%3A1a%3A5d%3A21%3A45',
      'Gov-Client-User-IDs': 'my-application=alice123',
      'Gov-Client-Multi-Factor': 'type=TOTP&timestamp=2021-11-21T13%3A20Z&unique-reference=0283da60',
      'Gov-Vendor-Forwarded': 'by=203.0.113.6&for=198.51.100.7',
      'Gov-Client-Timezone': 'UTC+00:00',
    });
    const text = JSON.stringify(masked);
    for (const secret of ['beec798b-b366', '198.51.100.7', '10.1.2.3', 'ea%3A43', 'alice123', '0283da60'])
      expect(text).not.toContain(secret);
    expect(masked).toMatchObject({
      'Gov-Client-Public-IP': '198.51.x.x',
      'Gov-Client-User-IDs': 'my-application=***',
      'Gov-Vendor-Forwarded': 'by=203.0.113.6&for=198.51.x.x',
      'Gov-Client-Timezone': 'UTC+00:00',
    });
  });
});

describe('hostile input', () => {
  const NASTY = [
    '%',
    '%zz',
    '%E0%A4%A',
    '=',
    '&&',
    ',,,',
    '=&=,=',
    'ü',
    '\u0000',
    'a'.repeat(8000),
    '%25%25',
    ' , ',
    'by=&for=',
    'by=%&for=%',
  ];

  it('never throws, whatever any header carries, and never sends a non-ASCII value', () => {
    for (const value of NASTY) {
      const headers: Record<string, string> = {};
      for (const name of [
        'gov-client-connection-method',
        'gov-client-device-id',
        'gov-client-screens',
        'gov-client-multi-factor',
        'gov-client-local-ips',
        'gov-client-mac-addresses',
        'gov-client-user-ids',
        'gov-vendor-forwarded',
        'gov-vendor-version',
        'gov-vendor-license-ids',
        'gov-client-public-ip',
        'x-forwarded-for',
        'x-client-port',
      ])
        headers[name] = value;
      for (const method of [undefined, 'WEB_APP_VIA_SERVER', 'DESKTOP_APP_VIA_SERVER']) {
        if (method) headers['gov-client-connection-method'] = method;
        for (const mode of ['enforce', 'report', 'off'] as const) {
          const result = evaluateFraudHeaders(
            { remoteAddress: '10.0.0.1', remotePort: 1234, headers },
            settings({ mode, trustedProxies: trust('10.0.0.0/8') }),
            clock,
          );
          for (const sent of Object.values(result.headers)) expect(sent).toMatch(/^[\x20-\x7E]*$/);
        }
      }
    }
  });
});
