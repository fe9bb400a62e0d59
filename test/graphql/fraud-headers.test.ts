/**
 * Fraud-prevention headers over real HTTP: a real gateway on a real port in front of a stub HMRC that records what
 * it received. The test client connects from 127.0.0.1, which (like the load balancer of a real deployment) is a
 * trusted proxy passing the client's address in X-Forwarded-For and its port in X-Client-Port.
 */
import pino from 'pino';
import type { FraudSettings } from '../../src/fraud';
import { parseCidr } from '../../src/fraud';
import { GATEWAY_VERSION } from '../../src/util/version';
import { GOOD_CLIENT_HEADERS } from '../helpers/fraud-headers';
import type { RunningGateway } from '../helpers/stack';
import { startGateway } from '../helpers/stack';
import type { Stub } from '../helpers/stub-server';
import { startStub } from '../helpers/stub-server';

const READ = `{ taxpayer(nino:"AA123456A"){ taxYear(taxYear:"2023-24"){ pensionCharges { submittedOn } } } }`;
const CHECK = `{ fraudPreventionHeadersCheck {
  connectionMethod mode valid wouldBeRefused headers { name value } problems { header severity code message }
} }`;
const VIA_PROXY = { 'x-forwarded-for': '198.51.100.7', 'x-client-port': '50123' };
const WEB = { ...GOOD_CLIENT_HEADERS.WEB_APP_VIA_SERVER!, ...VIA_PROXY };

const vendor = (over: Partial<FraudSettings> = {}): Partial<FraudSettings> => ({
  trustedProxies: [parseCidr('127.0.0.1')!, parseCidr('::1')!],
  clientPortHeader: 'x-client-port',
  vendorPublicIp: '203.0.113.6',
  productName: 'Tax App',
  licenseIds: [{ key: 'tax-app', value: '8D7963490527D337' }],
  ...over,
});

let stub: Stub;
const running: RunningGateway[] = [];
async function gatewayWith(fraud: Partial<FraudSettings>, logger?: pino.Logger): Promise<RunningGateway> {
  // Each test sends exactly the fraud headers it names (none by default).
  const gateway = await startGateway(stub.url, {
    fraud,
    clientFraudHeaders: false,
    ...(logger ? { logger } : {}),
  });
  running.push(gateway);
  return gateway;
}

beforeAll(async () => {
  stub = await startStub(() => ({
    status: 404,
    body: { code: 'MATCHING_RESOURCE_NOT_FOUND', message: 'Matching resource not found' },
  }));
});
afterAll(async () => {
  await Promise.all(running.map((g) => g.stop()));
  await stub.close();
});
beforeEach(() => {
  stub.requests.length = 0;
});

function fraudHeadersReceived(): Record<string, string> {
  expect(stub.requests).toHaveLength(1);
  return Object.fromEntries(
    Object.entries(stub.requests[0]!.headers).filter(([name]) => /^gov-(client|vendor)-/.test(name)),
  ) as Record<string, string>;
}

describe('what reaches HMRC', () => {
  it('forwards the client’s headers unchanged and completes the server’s', async () => {
    const gateway = await gatewayWith(vendor({ mode: 'enforce' }));
    const response = await gateway.gql(READ, undefined, WEB);
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.extensions).toBeUndefined();
    const received = fraudHeadersReceived();
    const client = GOOD_CLIENT_HEADERS.WEB_APP_VIA_SERVER!;
    expect(received).toEqual({
      'gov-client-connection-method': 'WEB_APP_VIA_SERVER',
      'gov-client-browser-js-user-agent': client['Gov-Client-Browser-JS-User-Agent'],
      'gov-client-device-id': client['Gov-Client-Device-ID'],
      'gov-client-multi-factor': client['Gov-Client-Multi-Factor'],
      'gov-client-screens': client['Gov-Client-Screens'],
      'gov-client-timezone': client['Gov-Client-Timezone'],
      'gov-client-user-ids': client['Gov-Client-User-IDs'],
      'gov-client-window-size': client['Gov-Client-Window-Size'],
      'gov-client-public-ip': '198.51.100.7',
      'gov-client-public-port': '50123',
      'gov-client-public-ip-timestamp': expect.stringMatching(
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
      ),
      'gov-vendor-public-ip': '203.0.113.6',
      'gov-vendor-forwarded': 'by=203.0.113.6&for=198.51.100.7',
      'gov-vendor-version': `my-web-app=2.2.2&hmrc-graphql-gateway=${GATEWAY_VERSION}`,
      'gov-vendor-product-name': 'Tax%20App',
      'gov-vendor-license-ids': 'tax-app=8D7963490527D337',
    });
    // The credential still goes, and is the client's.
    expect(stub.requests[0]!.headers.authorization).toMatch(/^Bearer /);
  });

  it('does not believe X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const gateway = await gatewayWith(vendor({ trustedProxies: [parseCidr('10.0.0.0/8')!] }));
    const response = await gateway.gql(READ, undefined, WEB);
    expect(response.status).toBe(200);
    const received = fraudHeadersReceived();
    // The peer (127.0.0.1) is the client, and loopback is no public IP: nothing is made up in its place.
    expect(received['gov-client-public-ip']).toBeUndefined();
    expect(response.body.extensions!.fraudPreventionHeaders.problems).toContainEqual(
      expect.objectContaining({ header: 'Gov-Client-Public-IP', severity: 'error', code: 'INVALID_HEADER' }),
    );
  });
});

describe('enforce', () => {
  it('refuses before HMRC is called, naming each header and what is wrong', async () => {
    const gateway = await gatewayWith(vendor({ mode: 'enforce' }));
    const response = await gateway.gql(READ, undefined, {
      ...WEB,
      'gov-client-device-id': 'undefined',
      'gov-client-timezone': 'Europe/London',
      'x-client-port': '443',
    });
    expect(response.status).toBe(400);
    expect(stub.requests).toHaveLength(0);
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors).toEqual([
      {
        message: 'The fraud-prevention headers HMRC requires are missing or malformed',
        extensions: {
          code: 'FRAUD_PREVENTION_HEADERS_INVALID',
          status: 400,
          origin: 'GATEWAY',
          headers: [
            {
              header: 'Gov-Client-Device-ID',
              code: 'INVALID_HEADER',
              message: expect.stringContaining('UUID'),
            },
            {
              header: 'Gov-Client-Timezone',
              code: 'INVALID_HEADER',
              message: expect.stringContaining('UTC±hh:mm'),
            },
            {
              header: 'Gov-Client-Public-Port',
              code: 'INVALID_HEADER',
              message: expect.stringContaining('443'),
            },
          ],
        },
      },
    ]);
  });

  it('refuses a request with no fraud headers at all, listing every missing one', async () => {
    const gateway = await gatewayWith(vendor({ mode: 'enforce' }));
    const response = await gateway.gql(READ);
    expect(response.status).toBe(400);
    expect(stub.requests).toHaveLength(0);
    expect(response.body.errors![0]!.extensions.headers[0]).toMatchObject({
      header: 'Gov-Client-Connection-Method',
      code: 'MISSING_HEADER',
    });
  });

  it('still answers introspection and the headers check', async () => {
    const gateway = await gatewayWith(vendor({ mode: 'enforce' }));
    expect((await gateway.gql('{ __schema { queryType { name } } }')).status).toBe(200);
    const check = await gateway.gql(CHECK);
    expect(check.status).toBe(200);
    expect(check.body.data.fraudPreventionHeadersCheck).toMatchObject({
      mode: 'ENFORCE',
      wouldBeRefused: true,
    });
    expect(stub.requests).toHaveLength(0);
  });

  it('lets the credentials check speak first: no token is 401, not a headers error', async () => {
    const gateway = await gatewayWith(vendor({ mode: 'enforce' }));
    const response = await gateway.gql(READ, undefined, { authorization: undefined });
    expect(response.status).toBe(401);
    expect(response.body.errors![0]!.extensions.code).toBe('MISSING_CREDENTIALS');
  });
});

describe('report', () => {
  it('calls HMRC, and reports the findings in extensions.fraudPreventionHeaders', async () => {
    const gateway = await gatewayWith(vendor({ mode: 'report' }));
    const response = await gateway.gql(READ, undefined, { ...WEB, 'gov-client-device-id': 'null' });
    expect(response.status).toBe(200);
    expect(response.body.data.taxpayer.taxYear.pensionCharges).toBeNull();
    expect(stub.requests).toHaveLength(1);
    // The malformed value is not sent: HMRC says never to send placeholders.
    expect(fraudHeadersReceived()['gov-client-device-id']).toBeUndefined();
    expect(response.body.extensions).toEqual({
      fraudPreventionHeaders: {
        mode: 'report',
        connectionMethod: 'WEB_APP_VIA_SERVER',
        problems: [
          {
            header: 'Gov-Client-Device-ID',
            severity: 'error',
            code: 'INVALID_HEADER',
            message: expect.stringContaining('UUID'),
          },
        ],
      },
    });
  });

  it('logs the findings with person-identifying values masked', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const gateway = await gatewayWith(vendor({ mode: 'report' }), logger);
    await gateway.gql(READ, undefined, { ...WEB, 'gov-client-timezone': 'nowhere' });
    const logged = lines
      .map((line) => JSON.parse(line) as Record<string, any>)
      .find((l) => l.fraudPreventionHeaders);
    expect(logged).toBeDefined();
    expect(logged!.fraudPreventionHeaders.problems).toEqual([
      expect.objectContaining({ header: 'Gov-Client-Timezone', severity: 'error' }),
    ]);
    expect(logged!.fraudPreventionHeaders.sent['Gov-Client-Public-IP']).toBe('198.51.x.x');
    const text = lines.join('\n');
    for (const identifying of ['198.51.100.7', 'beec798b-b366-47fa', 'alice123', 'fc4b5fd6816f75a7'])
      expect(text).not.toContain(identifying);
  });

  it('refuses BATCH_PROCESS_DIRECT unless FRAUD_ALLOW_BATCH, even in report mode', async () => {
    const gateway = await gatewayWith(vendor({ mode: 'report' }));
    const response = await gateway.gql(READ, undefined, GOOD_CLIENT_HEADERS.BATCH_PROCESS_DIRECT);
    expect(response.status).toBe(400);
    expect(stub.requests).toHaveLength(0);
    expect(response.body.errors![0]!.extensions).toMatchObject({
      code: 'FRAUD_PREVENTION_HEADERS_INVALID',
      headers: [expect.objectContaining({ header: 'Gov-Client-Connection-Method' })],
    });

    const allowed = await gatewayWith(vendor({ mode: 'report', allowBatch: true }));
    const ok = await allowed.gql(READ, undefined, GOOD_CLIENT_HEADERS.BATCH_PROCESS_DIRECT);
    expect(ok.status).toBe(200);
    expect(fraudHeadersReceived()).toMatchObject({
      'gov-client-connection-method': 'BATCH_PROCESS_DIRECT',
      'gov-vendor-version': `hmrc-graphql-gateway=${GATEWAY_VERSION}`,
    });
    expect(fraudHeadersReceived()['gov-client-public-ip']).toBeUndefined();
  });
});

describe('off', () => {
  it('checks nothing, forwards what the client sent, and still completes the server’s headers', async () => {
    const gateway = await gatewayWith(vendor({ mode: 'off' }));
    const response = await gateway.gql(READ, undefined, { ...VIA_PROXY, 'gov-client-device-id': 'whatever' });
    expect(response.status).toBe(200);
    expect(response.body.extensions).toBeUndefined();
    expect(fraudHeadersReceived()).toMatchObject({
      'gov-client-device-id': 'whatever',
      'gov-client-public-ip': '198.51.100.7',
      'gov-client-public-port': '50123',
      'gov-vendor-public-ip': '203.0.113.6',
      'gov-vendor-version': `hmrc-graphql-gateway=${GATEWAY_VERSION}`,
    });
  });
});

describe('fraudPreventionHeadersCheck', () => {
  it('needs no bearer token and no NINO, calls nothing, and shows the headers as they would be sent', async () => {
    const gateway = await gatewayWith(vendor({ mode: 'report' }));
    const response = await gateway.gql(CHECK, undefined, {
      ...WEB,
      authorization: undefined,
      'x-client-port': '80',
    });
    expect(response.status).toBe(200);
    expect(stub.requests).toHaveLength(0);
    const check = (
      response.body.data as {
        fraudPreventionHeadersCheck: { headers: Array<{ name: string; value: string }> };
      }
    ).fraudPreventionHeadersCheck;
    expect(check).toMatchObject({
      connectionMethod: 'WEB_APP_VIA_SERVER',
      mode: 'REPORT',
      valid: false,
      wouldBeRefused: false,
      problems: [
        {
          header: 'Gov-Client-Public-Port',
          severity: 'ERROR',
          code: 'INVALID_HEADER',
          message: 'is a server port (80 or 443), not the port the client connected from',
        },
      ],
    });
    const headers = Object.fromEntries(check.headers.map((h) => [h.name, h.value]));
    expect(headers).toMatchObject({
      'Gov-Client-Public-IP': '198.51.100.7',
      'Gov-Vendor-Forwarded': 'by=203.0.113.6&for=198.51.100.7',
      'Gov-Vendor-Version': `my-web-app=2.2.2&hmrc-graphql-gateway=${GATEWAY_VERSION}`,
    });
    expect(headers).not.toHaveProperty('Gov-Client-Public-Port');
  });

  it('reports valid once the client sends good data', async () => {
    const gateway = await gatewayWith(vendor({ mode: 'enforce' }));
    const response = await gateway.gql(CHECK, undefined, WEB);
    expect(response.body.data.fraudPreventionHeadersCheck).toMatchObject({
      valid: true,
      wouldBeRefused: false,
      problems: [],
    });
  });
});
