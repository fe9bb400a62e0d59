/**
 * Each fraud-prevention header's format, valid and invalid, as HMRC's specification gives it
 * (https://developer.service.hmrc.gov.uk/guides/fraud-prevention/connection-method/), and the reviewers' checks.
 */
import type { FraudHeader } from '../../src/fraud';
import { isHmrcTimestamp, validateHeader } from '../../src/fraud';
import { crossCheck } from '../../src/fraud/validate';
import { fixedClock } from '../../src/util/clock';

const ctx = { method: 'WEB_APP_VIA_SERVER' as const, clock: fixedClock('2026-11-21T12:00:00.000Z') };

function errorsOf(header: FraudHeader, value: string, context: Parameters<typeof validateHeader>[2] = ctx) {
  return validateHeader(header, value, context).filter((p) => p.severity === 'error');
}

const CASES: Array<[FraudHeader, string[], string[]]> = [
  [
    'Gov-Client-Device-ID',
    ['beec798b-b366-47fa-b1f8-92cede14a1ce', 'BEEC798B-B366-47FA-B1F8-92CEDE14A1CE'],
    [
      'null',
      'beec798b-b366-47fa-b1f8',
      '00000000-0000-0000-0000-000000000000',
      'beec798bb36647fab1f892cede14a1ce',
    ],
  ],
  [
    'Gov-Client-Public-IP',
    ['198.51.100.0', '203.0.113.6', '2001:db8::1', 'ABCD:EF01:2345:6789:ABCD:EF01:2345:6789', '8.8.8.8'],
    [
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '127.0.0.1',
      '169.254.1.1',
      '::1',
      'fe80::1',
      'fd00::1',
      '100.64.0.1',
      '0.0.0.0',
      '10',
      '1.2.3',
      'example.com',
      '2001:db8::1%eth0',
    ],
  ],
  [
    'Gov-Client-Public-IP-Timestamp',
    ['2020-09-21T14:30:05.123Z', '2020-09-21T14:30:05.000Z'],
    [
      '2020-09-21T14:30:05Z',
      '2020-09-21T14:30:05.12Z',
      '2020-09-21 14:30:05.123Z',
      '2020-09-21T14:30:05.123+00:00',
      '2020-02-30T14:30:05.123Z',
      '2020-09-21T24:30:05.123Z',
    ],
  ],
  ['Gov-Client-Public-Port', ['12345', '1', '65535', '8080'], ['80', '443', '0', '65536', '-1', '12a', '']],
  [
    'Gov-Client-Screens',
    [
      'width=1920&height=1080&scaling-factor=1&colour-depth=16,width=3000&height=2000&scaling-factor=1.25&colour-depth=16',
    ],
    [
      'width=1920&height=1080&scaling-factor=1',
      'width=0&height=1080&scaling-factor=1&colour-depth=16',
      'width=1920&height=1080&scaling-factor=1&colour-depth=16,',
      'width=1920.5&height=1080&scaling-factor=1&colour-depth=16',
    ],
  ],
  ['Gov-Client-Window-Size', ['width=1256&height=803'], ['width=1256', 'width=1256&height=-3', '1256x803']],
  [
    'Gov-Client-Timezone',
    ['UTC+00:00', 'UTC+01:00', 'UTC-01:15', 'UTC+05:45', 'UTC+14:00'],
    ['UTC', 'GMT+01:00', 'UTC+1:00', 'UTC+15:00', 'UTC+01:07', 'Europe/London'],
  ],
  [
    'Gov-Client-Multi-Factor',
    [
      'type=AUTH_CODE&timestamp=2021-11-21T13%3A23Z&unique-reference=fc4b5fd6,type=TOTP&timestamp=2021-11-21T13%3A20Z&unique-reference=0283da60',
      'type=OTHER&timestamp=2021-11-21T13%3A20%3A01.123Z&unique-reference=abc',
    ],
    [
      'type=SMS&timestamp=2021-11-21T13%3A23Z&unique-reference=x',
      'type=TOTP&timestamp=2021-11-21&unique-reference=x',
      'type=TOTP&timestamp=2021-11-21T13%3A23Z',
      'type=TOTP&timestamp=2021-11-21T13:23Z&unique-reference=x',
    ],
  ],
  [
    'Gov-Client-User-Agent',
    ['os-family=iOS&os-version=13.3.1&device-manufacturer=Apple&device-model=iPhone12%2C3'],
    [
      'os-family=iOS&os-version=13.3.1',
      'os-family=Windows&os-version=Server 2012&device-manufacturer=Dell&device-model=X',
      'os-family=iOS&os-version=null&device-manufacturer=Apple&device-model=x',
    ],
  ],
  [
    'Gov-Client-User-IDs',
    ['my-application=alice123', 'os=domain%5Calice&my-application=alice123'],
    ['alice123', 'my-application=', 'my-application=undefined', 'my-application=alice 123'],
  ],
  [
    'Gov-Client-Local-IPs',
    ['fc00%3A%3A,10.1.2.3', '10.1.2.3,10.3.4.2'],
    ['fc00::,10.1.2.3', '10.1.2.3,', 'not-an-ip'],
  ],
  ['Gov-Client-Local-IPs-Timestamp', ['2020-09-21T14:30:05.123Z'], ['2020-09-21T14:30:05Z']],
  [
    'Gov-Client-MAC-Addresses',
    ['ea%3A43%3A1a%3A5d%3A21%3A45,10%3A12%3Acc%3Afa%3Aaa%3A32'],
    ['ea:43:1a:5d:21:45', 'ea%3A43%3A1a', '00%3A00%3A00%3A00%3A00%3A00'],
  ],
  [
    'Gov-Client-Browser-JS-User-Agent',
    [
      'Mozilla/5.0 (iPad; U; CPU OS 3_2_1 like Mac OS X; en-us) AppleWebKit/531.21.10 (KHTML, like Gecko) Mobile/7B405',
    ],
    ['undefined', ' Mozilla/5.0', 'Mozilla/5.0 (Ünïcode)'],
  ],
  [
    'Gov-Vendor-Forwarded',
    [
      'by=203.0.113.6&for=198.51.100.0',
      'by=2001%3A0db8%3A85a3%3A0000%3A0000%3A8a2e%3A0370%3A7334&for=198.51.100.0,by=203.0.113.6&for=2001%3A0db8%3A85a3%3A0000%3A0000%3A8a2e%3A0370%3A7334,by=176.30.57.118&for=203.0.113.6',
    ],
    [
      'by=203.0.113.6',
      'by=203.0.113.6&for=10.0.0.1',
      'by=2001:db8::1&for=198.51.100.0',
      'by=203.0.113.6&for=198.51.100.0,',
    ],
  ],
  [
    'Gov-Vendor-License-IDs',
    ['my-licensed-software=8D7963490527D33716835EE7C195516D5E562E03B224E9B359836466EE40CDE1'],
    ['my-licensed-software=', 'just-a-value'],
  ],
  ['Gov-Vendor-Product-Name', ['Product%20Name', 'My-App'], ['Product Name', 'null', '%20']],
  ['Gov-Vendor-Public-IP', ['203.0.113.6', '2001:db8::6'], ['192.168.0.1', 'fd12::1']],
  [
    'Gov-Vendor-Version',
    ['my-web-app=2.2.2&hmrc-graphql-gateway=0.1.0'],
    ['my-web-app', 'my-web-app=&x=1', 'my web app=2.2.2&x=1'],
  ],
];

describe.each(CASES)('%s', (header, valid, invalid) => {
  it.each(valid)('accepts %s', (value) => expect(errorsOf(header, value)).toEqual([]));
  it.each(invalid)('refuses %s', (value) => {
    const errors = errorsOf(header, value);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.header === header && e.message.length > 0)).toBe(true);
  });
});

describe('beyond the format', () => {
  it('allows an empty Gov-Client-Multi-Factor only as a warning (single-factor sign-in, agreed with HMRC)', () => {
    expect(validateHeader('Gov-Client-Multi-Factor', '', ctx)).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'EMPTY_HEADER' }),
    ]);
    expect(validateHeader('Gov-Client-Device-ID', '', ctx)).toEqual([
      expect.objectContaining({ severity: 'error', code: 'EMPTY_HEADER' }),
    ]);
  });

  it('warns about a collection timestamp in the future', () => {
    expect(validateHeader('Gov-Client-Local-IPs-Timestamp', '2026-11-21T12:10:00.000Z', ctx)).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'POTENTIALLY_INVALID_HEADER' }),
    ]);
    expect(validateHeader('Gov-Client-Local-IPs-Timestamp', '2026-11-21T12:04:00.000Z', ctx)).toEqual([]);
  });

  it('wants the os user id for desktop, other and batch methods, not for web apps', () => {
    const desktop = { ...ctx, method: 'DESKTOP_APP_VIA_SERVER' as const };
    expect(validateHeader('Gov-Client-User-IDs', 'my-application=alice123', desktop)).toEqual([
      expect.objectContaining({ severity: 'warning' }),
    ]);
    expect(validateHeader('Gov-Client-User-IDs', 'my-application=alice123', ctx)).toEqual([]);
  });

  it('needs a client entry in Gov-Vendor-Version besides the server’s: an error for desktop, a warning for web', () => {
    const desktop = { ...ctx, method: 'DESKTOP_APP_VIA_SERVER' as const };
    expect(errorsOf('Gov-Vendor-Version', 'hmrc-graphql-gateway=0.1.0', desktop)).toHaveLength(1);
    expect(validateHeader('Gov-Vendor-Version', 'hmrc-graphql-gateway=0.1.0', ctx)).toEqual([
      expect.objectContaining({ severity: 'warning' }),
    ]);
  });

  it('refuses a vendor IP equal to the client IP, however written', () => {
    expect(
      crossCheck({ 'Gov-Client-Public-IP': '2001:db8::1', 'Gov-Vendor-Public-IP': '2001:0DB8:0::1' }),
    ).toEqual([expect.objectContaining({ header: 'Gov-Vendor-Public-IP', severity: 'error' })]);
    expect(
      crossCheck({ 'Gov-Client-Public-IP': '198.51.100.1', 'Gov-Vendor-Public-IP': '203.0.113.6' }),
    ).toEqual([]);
  });

  it('expects the first forwarded hop to run from the client to the vendor IP', () => {
    const headers = {
      'Gov-Client-Public-IP': '198.51.100.1',
      'Gov-Vendor-Public-IP': '203.0.113.6',
    };
    expect(crossCheck({ ...headers, 'Gov-Vendor-Forwarded': 'by=203.0.113.6&for=198.51.100.1' })).toEqual([]);
    expect(
      crossCheck({ ...headers, 'Gov-Vendor-Forwarded': 'by=203.0.113.7&for=198.51.100.2' }),
    ).toHaveLength(2);
  });

  it('reads timestamps strictly as yyyy-MM-ddThh:mm:ss.sssZ', () => {
    expect(isHmrcTimestamp(new Date(0).toISOString())).toBe(true);
    expect(isHmrcTimestamp('2020-09-21T14:30:05.123')).toBe(false);
  });

  it('never repeats a value in a problem message (problems go to logs as they are)', () => {
    const value = '192.168.77.88';
    for (const p of validateHeader('Gov-Client-Public-IP', value, ctx))
      expect(p.message).not.toContain(value);
  });
});
