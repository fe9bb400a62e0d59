/**
 * The simulator's Test Fraud Prevention Headers API (HMRC's `GET /test/fraud-prevention-headers/validate`), its
 * record of what each API call carried, and — end to end — that the gateway's output validates clean for every
 * supported connection method when the client sends good data. The simulator's validator is written apart from
 * the gateway's checks, so this is not the gateway marking its own homework.
 */
import { SUPPORTED_METHODS, parseCidr } from '../../src/fraud';
import { createSimulator } from '../../src/simulator/server';
import type { Simulator } from '../../src/simulator/server';
import { GOOD_CLIENT_HEADERS } from '../helpers/fraud-headers';
import type { Stack } from '../helpers/stack';
import { TOKEN, startStack } from '../helpers/stack';

const ACCEPT = 'application/vnd.hmrc.1.0+json';

async function validate(base: string, headers: Record<string, string>, accept = ACCEPT) {
  const response = await fetch(`${base}/test/fraud-prevention-headers/validate`, {
    headers: { authorization: `Bearer ${TOKEN}`, accept, ...headers },
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** A complete, correct WEB_APP_VIA_SERVER set, as a server would send it (HMRC's examples). */
const WEB_COMPLETE: Record<string, string> = {
  ...GOOD_CLIENT_HEADERS.WEB_APP_VIA_SERVER!,
  'Gov-Client-Public-IP': '198.51.100.0',
  'Gov-Client-Public-IP-Timestamp': '2020-09-21T14:30:05.123Z',
  'Gov-Client-Public-Port': '12345',
  'Gov-Vendor-Public-IP': '203.0.113.6',
  'Gov-Vendor-Forwarded': 'by=203.0.113.6&for=198.51.100.0',
  'Gov-Vendor-License-IDs': 'my-licensed-software=8D7963490527D337',
  'Gov-Vendor-Product-Name': 'Product%20Name',
  'Gov-Vendor-Version': 'my-web-app=2.2.2',
};

describe('GET /test/fraud-prevention-headers/validate', () => {
  let simulator: Simulator;
  let base: string;
  beforeAll(async () => {
    simulator = createSimulator();
    base = await simulator.listen(0);
  });
  afterAll(() => simulator.close());

  it('answers VALID_HEADERS for a complete, correct set', async () => {
    expect(await validate(base, WEB_COMPLETE)).toEqual({
      status: 200,
      body: { specVersion: '3.3', code: 'VALID_HEADERS', message: 'All headers appear to be valid' },
    });
  });

  it('answers INVALID_HEADERS naming each header concerned, in HMRC’s shape', async () => {
    const { status, body } = await validate(base, {
      ...WEB_COMPLETE,
      'Gov-Client-Public-Port': '443',
      'Gov-Client-Public-IP': '10.0.0.1',
      'Gov-Vendor-Public-IP': '10.0.0.1',
      'Gov-Client-Timezone': 'GMT',
    });
    expect(status).toBe(200);
    expect(body.code).toBe('INVALID_HEADERS');
    expect(body.message).toBe('At least 1 header is invalid');
    const errors = body.errors as Array<{ headers: string[] }>;
    const named = errors.flatMap((e) => e.headers).sort();
    expect(named).toEqual(
      [
        'gov-client-public-ip',
        'gov-client-public-port',
        'gov-client-timezone',
        'gov-vendor-forwarded',
        'gov-vendor-public-ip',
      ].sort(),
    );
    for (const error of body.errors)
      expect(error).toEqual({
        code: expect.any(String),
        message: expect.any(String),
        headers: expect.any(Array),
      });
  });

  it('answers POTENTIALLY_INVALID_HEADERS with warnings for an empty multi-factor and absent licence ids', async () => {
    const headers: Record<string, string> = { ...WEB_COMPLETE, 'Gov-Client-Multi-Factor': '' };
    delete headers['Gov-Vendor-License-IDs'];
    const { body } = await validate(base, headers);
    expect(body).toEqual({
      specVersion: '3.3',
      code: 'POTENTIALLY_INVALID_HEADERS',
      message: 'At least 1 header is potentially invalid',
      warnings: [
        { code: 'EMPTY_HEADER', message: 'Value is empty', headers: ['gov-client-multi-factor'] },
        { code: 'MISSING_HEADER', message: 'Header required', headers: ['gov-vendor-license-ids'] },
      ],
    });
  });

  it('reports a missing connection method, and needs a token and version 1.0 like HMRC’s API', async () => {
    expect((await validate(base, {})).body).toMatchObject({
      code: 'INVALID_HEADERS',
      errors: [{ code: 'MISSING_HEADER', headers: ['gov-client-connection-method'] }],
    });
    expect((await validate(base, WEB_COMPLETE, 'application/vnd.hmrc.2.0+json')).status).toBe(404);
    const anonymous = await fetch(`${base}/test/fraud-prevention-headers/validate`, {
      headers: { accept: ACCEPT },
    });
    expect(anonymous.status).toBe(401);
  });
});

describe('end to end: the gateway’s output validates clean through the simulator', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      clientFraudHeaders: false,
      fraud: {
        mode: 'enforce',
        allowBatch: true,
        trustedProxies: [parseCidr('127.0.0.1')!, parseCidr('::1')!],
        clientPortHeader: 'x-client-port',
        vendorPublicIp: '203.0.113.6',
        productName: 'Tax App',
        licenseIds: [{ key: 'tax-app', value: '8D7963490527D337' }],
      },
    });
  });
  afterAll(() => stack.stop());

  const READ = `{ taxpayer(nino:"AA123456A"){ taxYear(taxYear:"2024-25"){ pensionCharges { submittedOn } } } }`;

  it.each(SUPPORTED_METHODS)('%s', async (method) => {
    stack.simulator.reset();
    const response = await stack.gql(READ, undefined, {
      ...GOOD_CLIENT_HEADERS[method]!,
      'x-forwarded-for': '198.51.100.7',
      'x-client-port': '50123',
    });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(stack.simulator.fraudHeaders).toHaveLength(1);
    const [call] = stack.simulator.fraudHeaders;
    expect(call!.validation).toEqual({
      specVersion: '3.3',
      code: 'VALID_HEADERS',
      message: 'All headers appear to be valid',
    });

    // The same headers, put to the validate endpoint directly, get the same answer.
    expect((await validate(stack.simulatorUrl, call!.headers)).body.code).toBe('VALID_HEADERS');

    // And developers can read back what their calls carried.
    const recorded = await fetch(`${stack.simulatorUrl}/simulator/fraud-prevention-headers`, {
      headers: { authorization: `Bearer ${TOKEN}`, accept: ACCEPT },
    });
    const { calls } = (await recorded.json()) as { calls: Array<{ path: string; headers: object }> };
    expect(calls).toHaveLength(1);
    expect(calls[0]!.path).toBe('/individuals/charges/pensions/AA******A/2024-25');
    expect(calls[0]!.headers).toEqual(call!.headers);
  });

  it('keeps each caller’s record to itself', async () => {
    const other = await fetch(`${stack.simulatorUrl}/simulator/fraud-prevention-headers`, {
      headers: { authorization: 'Bearer someone-else-entirely', accept: ACCEPT },
    });
    expect(((await other.json()) as { calls: unknown[] }).calls).toEqual([]);
  });
});
