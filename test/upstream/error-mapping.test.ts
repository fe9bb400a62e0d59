/**
 * How the gateway reports each answer HMRC can give, asserted through GraphQL over HTTP: a real gateway on a real
 * port, pointed at a scriptable stub upstream, so what crosses the wire in both directions is what is tested.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ERROR_CATALOGUE } from '../../src/errors/codes';
import type { RunningGateway } from '../helpers/stack';
import { TOKEN, startGateway } from '../helpers/stack';
import type { Stub, StubReply } from '../helpers/stub-server';
import { startStub } from '../helpers/stub-server';

const NINO = 'AA123456A';
const PATH = `/individuals/charges/pensions/${NINO}/2023-24`;

const READ = `{ taxpayer(nino:"${NINO}"){ taxYear(taxYear:"2023-24"){ pensionCharges { submittedOn } } } }`;
const READ_PATH = ['taxpayer', 'taxYear', 'pensionCharges'];

const INPUT = {
  pensionContributions: {
    pensionSchemeTaxReference: ['00123456RA'],
    inExcessOfTheAnnualAllowance: 1,
    annualAllowanceTaxPaid: 1,
  },
};
const WRITE = `mutation {
  createOrAmendPensionCharges(nino:"${NINO}", taxYear:"2023-24", input: {
    pensionContributions: { pensionSchemeTaxReference: ["00123456RA"], inExcessOfTheAnnualAllowance: 1, annualAllowanceTaxPaid: 1 }
  }) { correlationId }
}`;
const DELETE = `mutation { deletePensionCharges(nino:"${NINO}", taxYear:"2023-24") { correlationId } }`;

/** What every error HMRC answered carries besides its own code, status and paths. */
const FROM_HMRC = { origin: 'HMRC', correlationId: 'stub-correlation-id' };

let stub: Stub;
let gateway: RunningGateway;

beforeAll(async () => {
  stub = await startStub();
  gateway = await startGateway(stub.url);
});
afterAll(async () => {
  await gateway.stop();
  await stub.close();
});
beforeEach(() => {
  stub.requests.length = 0;
});

function answer(reply: StubReply): void {
  stub.reply(() => reply);
}

/** POSTs a query and returns the response exactly as it crossed the wire. */
async function rawPost(url: string, query: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, text: await response.text() };
}

/**
 * An upstream that answers only after `delayMs`. The stub helper's delay timer outlives its server and keeps Jest
 * waiting; this one clears its timers on close.
 */
async function startSlowUpstream(
  delayMs: number,
): Promise<{ url: string; received(): number; answered(): number; close(): Promise<void> }> {
  const timers = new Set<NodeJS.Timeout>();
  let received = 0;
  let answered = 0;
  const server = http.createServer((_req, res) => {
    received++;
    const timer = setTimeout(() => {
      timers.delete(timer);
      answered++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"submittedOn":"late"}');
    }, delayMs);
    timers.add(timer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received: () => received,
    answered: () => answered,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('HMRC 4xx answers', () => {
  it('maps a single 400 without paths to one error with HMRC’s code and the gateway’s own message', async () => {
    answer({
      status: 400,
      // Disclosures' wording: the gateway's message comes from its catalogue, never from HMRC's body.
      body: { code: 'FORMAT_TAX_YEAR', message: 'The provided tax year is invalid' },
    });
    const { status, body } = await gateway.gql(READ);
    expect(status).toBe(200);
    expect(body.data).toEqual({ taxpayer: { taxYear: { pensionCharges: null } } });
    expect(body.errors).toEqual([
      {
        message: 'The taxYear format is invalid',
        locations: [expect.any(Object)],
        path: READ_PATH,
        extensions: { code: 'FORMAT_TAX_YEAR', status: 400, ...FROM_HMRC },
      },
    ]);
    expect(stub.requests).toHaveLength(1);
  });

  it('keeps the paths of a single 400 that has them', async () => {
    answer({
      status: 400,
      body: {
        code: 'FORMAT_VALUE',
        message: 'The value must be between 0 and 99999999999.99',
        paths: ['/pensionContributions/annualAllowanceTaxPaid'],
      },
    });
    const { body } = await gateway.gql(WRITE);
    expect(body.data).toEqual({ createOrAmendPensionCharges: null });
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: ['createOrAmendPensionCharges'],
        extensions: {
          code: 'FORMAT_VALUE',
          status: 400,
          paths: ['/pensionContributions/annualAllowanceTaxPaid'],
          ...FROM_HMRC,
        },
      }),
    ]);
  });

  it('flattens HMRC’s INVALID_REQUEST wrapper into one error per inner error, in HMRC’s order', async () => {
    answer({
      status: 400,
      body: {
        code: 'INVALID_REQUEST',
        message: 'Invalid request',
        errors: [
          {
            code: 'FORMAT_PENSION_SCHEME_TAX_REFERENCE',
            message: 'The provided pension scheme tax reference is invalid',
            paths: ['/pensionContributions/pensionSchemeTaxReference/0'],
          },
          { code: 'RULE_IS_ANNUAL_ALLOWANCE_REDUCED', message: 'Tapered annual allowance…' },
          {
            code: 'FORMAT_VALUE',
            message: 'The value must be between 0 and 99999999999.99',
            paths: [
              '/pensionContributions/annualAllowanceTaxPaid',
              '/pensionContributions/inExcessOfTheAnnualAllowance',
            ],
          },
        ],
      },
    });
    const { status, body } = await gateway.gql(WRITE);
    expect(status).toBe(200);
    expect(body.data).toEqual({ createOrAmendPensionCharges: null });
    expect(body.errors!.map((e) => e.path)).toEqual([
      ['createOrAmendPensionCharges'],
      ['createOrAmendPensionCharges'],
      ['createOrAmendPensionCharges'],
    ]);
    expect(body.errors!.map((e) => e.message)).toEqual([
      'The provided pension scheme tax reference is invalid',
      'Tapered annual allowance or money purchased allowance has not been provided',
      'The value must be between 0 and 99999999999.99',
    ]);
    expect(body.errors!.map((e): unknown => e.extensions)).toEqual([
      {
        code: 'FORMAT_PENSION_SCHEME_TAX_REFERENCE',
        status: 400,
        paths: ['/pensionContributions/pensionSchemeTaxReference/0'],
        ...FROM_HMRC,
      },
      { code: 'RULE_IS_ANNUAL_ALLOWANCE_REDUCED', status: 400, ...FROM_HMRC },
      {
        code: 'FORMAT_VALUE',
        status: 400,
        paths: [
          '/pensionContributions/annualAllowanceTaxPaid',
          '/pensionContributions/inExcessOfTheAnnualAllowance',
        ],
        ...FROM_HMRC,
      },
    ]);
  });

  it('flattens the wrapper on a read too, and each aliased field carries the errors itself', async () => {
    answer({
      status: 400,
      body: {
        code: 'INVALID_REQUEST',
        message: 'Invalid request',
        errors: [
          { code: 'FORMAT_NINO', message: 'The NINO format is invalid' },
          { code: 'FORMAT_TAX_YEAR', message: 'The taxYear format is invalid' },
        ],
      },
    });
    const { body } = await gateway.gql(`{ taxpayer(nino:"${NINO}") {
      a: taxYear(taxYear:"2023-24") { pensionCharges { submittedOn } }
      b: taxYear(taxYear:"2023-24") { pensionCharges { submittedOn } }
    } }`);
    // One HMRC call (same key), two fields, two errors each.
    expect(stub.requests).toHaveLength(1);
    expect(body.errors!.map((e): unknown[] => [e.path!.join('.'), e.extensions.code])).toEqual([
      ['taxpayer.a.pensionCharges', 'FORMAT_NINO'],
      ['taxpayer.a.pensionCharges', 'FORMAT_TAX_YEAR'],
      ['taxpayer.b.pensionCharges', 'FORMAT_NINO'],
      ['taxpayer.b.pensionCharges', 'FORMAT_TAX_YEAR'],
    ]);
    expect(body.errors!.every((e) => !('paths' in e.extensions))).toBe(true);
  });

  it('maps 403 CLIENT_OR_AGENT_NOT_AUTHORISED', async () => {
    answer({
      status: 403,
      body: { code: 'CLIENT_OR_AGENT_NOT_AUTHORISED', message: 'The client and/or agent is not authorised' },
    });
    const { body } = await gateway.gql(READ);
    expect(body.data.taxpayer.taxYear.pensionCharges).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'The client or agent is not authorised',
        path: READ_PATH,
        extensions: { code: 'CLIENT_OR_AGENT_NOT_AUTHORISED', status: 403, ...FROM_HMRC },
      }),
    ]);
  });

  it('reads a GET 404 MATCHING_RESOURCE_NOT_FOUND as “no data”: null, without an error', async () => {
    answer({
      status: 404,
      body: { code: 'MATCHING_RESOURCE_NOT_FOUND', message: 'Matching resource not found' },
    });
    const { status, body } = await gateway.gql(READ);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ taxpayer: { taxYear: { pensionCharges: null } } });
    expect(stub.requests).toHaveLength(1);
  });

  it('reports a GET 404 NOT_FOUND (API version not available) as an error, not as null', async () => {
    answer({
      status: 404,
      body: { code: 'NOT_FOUND', message: 'The requested resource could not be found' },
    });
    const { body } = await gateway.gql(READ);
    expect(body.data.taxpayer.taxYear.pensionCharges).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: READ_PATH,
        extensions: { code: 'NOT_FOUND', status: 404, ...FROM_HMRC },
      }),
    ]);
  });

  it('reports a GET 404 whose body is not HMRC JSON (a wrong base URL, a proxy page) as an error, not as null', async () => {
    answer({ status: 404, body: '<html><body>404 Not Found</body></html>' });
    const { body } = await gateway.gql(READ);
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions).toEqual({ code: 'HMRC_ERROR', status: 404, ...FROM_HMRC });
  });

  it('reports a 404 on DELETE as an error: there was nothing to delete', async () => {
    answer({
      status: 404,
      body: { code: 'MATCHING_RESOURCE_NOT_FOUND', message: 'Matching resource not found' },
    });
    const { body } = await gateway.gql(DELETE);
    expect(body.data).toEqual({ deletePensionCharges: null });
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: ['deletePensionCharges'],
        extensions: { code: 'MATCHING_RESOURCE_NOT_FOUND', status: 404, ...FROM_HMRC },
      }),
    ]);
    expect(stub.requests.map((r) => r.method)).toEqual(['DELETE']);
  });

  it('maps 422 RULE_REQUEST_CANNOT_BE_FULFILLED', async () => {
    answer({
      status: 422,
      body: { code: 'RULE_REQUEST_CANNOT_BE_FULFILLED', message: 'Custom (will vary in production)' },
    });
    const { body } = await gateway.gql(WRITE);
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: ['createOrAmendPensionCharges'],
        extensions: { code: 'RULE_REQUEST_CANNOT_BE_FULFILLED', status: 422, ...FROM_HMRC },
      }),
    ]);
  });

  it('maps 429 MESSAGE_THROTTLED_OUT', async () => {
    answer({
      status: 429,
      body: {
        code: 'MESSAGE_THROTTLED_OUT',
        message: 'The request for the API is throttled as you have exceeded your quota.',
      },
    });
    const { body } = await gateway.gql(READ);
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: READ_PATH,
        extensions: { code: 'MESSAGE_THROTTLED_OUT', status: 429, ...FROM_HMRC },
      }),
    ]);
  });

  it('reports a code the gateway does not know as HMRC_ERROR with HMRC’s status', async () => {
    answer({ status: 400, body: { code: 'RULE_SOMETHING_NEW_FROM_HMRC', message: 'New rule' } });
    let { body } = await gateway.gql(WRITE);
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'HMRC rejected the request with an error the gateway does not recognise',
        extensions: { code: 'HMRC_ERROR', status: 400, ...FROM_HMRC },
      }),
    ]);
    expect(JSON.stringify(body)).not.toContain('RULE_SOMETHING_NEW_FROM_HMRC');

    answer({ status: 409, body: { code: 'CONFLICT_OF_SOME_KIND', message: 'Conflict' } });
    ({ body } = await gateway.gql(WRITE));
    expect(body.errors![0]!.extensions).toEqual({ code: 'HMRC_ERROR', status: 409, ...FROM_HMRC });
  });
});

describe('message-only bodies (View Self Assessment Account style)', () => {
  it('derives INVALID_REQUEST from a 400 {"message"} body', async () => {
    answer({ status: 400, body: { message: 'Invalid request format or parameters.' } });
    const { text } = await rawPost(gateway.url, READ);
    const body = JSON.parse(text);
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'Invalid request',
        path: READ_PATH,
        extensions: { code: 'INVALID_REQUEST', status: 400, ...FROM_HMRC },
      }),
    ]);
    expect(text).not.toContain('Invalid request format or parameters.');
  });

  it('derives INTERNAL_SERVER_ERROR from a 500 {"message"} body', async () => {
    answer({ status: 500, body: { message: 'Invalid request format or parameters.' } });
    const { text } = await rawPost(gateway.url, READ);
    const body = JSON.parse(text);
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'An internal server error occurred',
        extensions: { code: 'INTERNAL_SERVER_ERROR', status: 500, ...FROM_HMRC },
      }),
    ]);
    expect(text).not.toContain('Invalid request format or parameters.');
  });
});

describe('HMRC failures that must not leak', () => {
  it('turns a 500 full of secrets into a bare INTERNAL_SERVER_ERROR and repeats none of it', async () => {
    const secrets = [
      'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2Vu.sig-4f9a',
      'http://des-stub.internal.mdtp:9772/income-tax/charges',
      'at uk.gov.hmrc.charges.ConnectorImpl.retrieve(ConnectorImpl.scala:42)',
      'AB654321C',
      'DB_PASSWORD_hunter2',
    ];
    answer({
      status: 500,
      body: {
        code: `ERR_${secrets[4]}`,
        message: `Downstream ${secrets[1]} refused Bearer ${secrets[0]} for ${secrets[3]}\n\t${secrets[2]}`,
        paths: [`/${secrets[3]}`, secrets[1], secrets[2]],
        errors: [{ code: secrets[4], message: secrets[0], paths: [secrets[1]] }],
        stack: secrets[2],
      },
      headers: { 'x-internal-trace': secrets[1]! },
    });
    // A write answered 500 may have been applied, so it is reported as such (with the catalogue's text too).
    const expected = [
      [READ, 'An internal server error occurred', { code: 'INTERNAL_SERVER_ERROR', status: 500 }],
      [WRITE, ERROR_CATALOGUE.HMRC_OUTCOME_UNKNOWN.message, { code: 'HMRC_OUTCOME_UNKNOWN', status: 502 }],
      [DELETE, ERROR_CATALOGUE.HMRC_OUTCOME_UNKNOWN.message, { code: 'HMRC_OUTCOME_UNKNOWN', status: 502 }],
    ] as const;
    for (const [query, message, extensions] of expected) {
      const { status, text } = await rawPost(gateway.url, query);
      expect(status).toBe(200);
      for (const secret of secrets) expect(text).not.toContain(secret);
      const body = JSON.parse(text);
      expect(body.errors.length).toBeGreaterThanOrEqual(1);
      for (const error of body.errors) {
        expect(error.message).toBe(message);
        expect(error.extensions).toEqual({ ...extensions, ...FROM_HMRC });
      }
    }
  });

  it('passes on only paths shaped like HMRC’s JSON pointers from a 4xx body', async () => {
    answer({
      status: 400,
      body: {
        code: 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED',
        message: 'An empty or non-matching body was submitted',
        paths: [
          '/pensionContributions/pensionSchemeTaxReference/0',
          'http://internal.mdtp/x at Foo.scala:1',
          42,
        ],
      },
    });
    const { text } = await rawPost(gateway.url, WRITE);
    expect(text).not.toContain('internal.mdtp');
    expect(JSON.parse(text).errors[0].extensions).toEqual({
      code: 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED',
      status: 400,
      paths: ['/pensionContributions/pensionSchemeTaxReference/0'],
      ...FROM_HMRC,
    });
  });

  it('derives the code from the status when an error body is malformed JSON', async () => {
    answer({ status: 400, body: '{"code": "FORMAT_NINO", "message": "The NINO' });
    let { body } = await gateway.gql(READ);
    expect(body.errors).toEqual([
      expect.objectContaining({ extensions: { code: 'INVALID_REQUEST', status: 400, ...FROM_HMRC } }),
    ]);

    answer({ status: 503, body: '<html><h1>Service Unavailable</h1></html>' });
    ({ body } = await gateway.gql(READ));
    expect(body.errors).toEqual([
      expect.objectContaining({ extensions: { code: 'SERVER_ERROR', status: 503, ...FROM_HMRC } }),
    ]);
  });

  it('reports a 200 whose body is not JSON as HMRC_UNEXPECTED_RESPONSE, without echoing the body', async () => {
    answer({ status: 200, body: '{"submittedOn": "2023-07-27T17:00:19.000Z", oops-AB654321C' });
    const { status, text } = await rawPost(gateway.url, READ);
    expect(status).toBe(200);
    expect(text).not.toContain('oops');
    const body = JSON.parse(text);
    expect(body.data).toEqual({ taxpayer: { taxYear: { pensionCharges: null } } });
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'HMRC answered with data that does not have the shape its API documents',
        path: READ_PATH,
        extensions: { code: 'HMRC_UNEXPECTED_RESPONSE', status: 502, ...FROM_HMRC },
      }),
    ]);
  });

  it('reports an empty 502 on a read as INTERNAL_SERVER_ERROR with HMRC’s status', async () => {
    answer({ status: 502 });
    const { body } = await gateway.gql(READ);
    expect(body.data).toEqual({ taxpayer: { taxYear: { pensionCharges: null } } });
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: READ_PATH,
        extensions: { code: 'INTERNAL_SERVER_ERROR', status: 502, ...FROM_HMRC },
      }),
    ]);
  });

  it('reports an empty 502 on a write as HMRC_OUTCOME_UNKNOWN: HMRC may have applied it', async () => {
    answer({ status: 502 });
    const { body } = await gateway.gql(DELETE);
    expect(body.data).toEqual({ deletePensionCharges: null });
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: ['deletePensionCharges'],
        message:
          'HMRC may or may not have applied this write (no reliable answer came back): read it back before sending it again',
        extensions: { code: 'HMRC_OUTCOME_UNKNOWN', status: 502, ...FROM_HMRC },
      }),
    ]);
  });
});

describe('HMRC success bodies the schema cannot represent', () => {
  it('refuses a submittedOn that is not a string as HMRC_UNEXPECTED_RESPONSE, before any field reads it', async () => {
    answer({ status: 200, body: { submittedOn: 1690477219000 } });
    const { status, text } = await rawPost(gateway.url, READ);
    expect(status).toBe(200);
    expect(text).not.toContain('1690477219000');
    expect(text).not.toContain('DateTime');
    const body = JSON.parse(text);
    expect(body.data).toEqual({ taxpayer: { taxYear: { pensionCharges: null } } });
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'HMRC answered with data that does not have the shape its API documents',
        path: READ_PATH,
        extensions: { code: 'HMRC_UNEXPECTED_RESPONSE', status: 502, ...FROM_HMRC },
      }),
    ]);
  });
});

describe('partial results', () => {
  it('fails only the field whose HMRC call failed', async () => {
    stub.reply((req) =>
      req.url.endsWith('/2023-24')
        ? { status: 403, body: { code: 'CLIENT_OR_AGENT_NOT_AUTHORISED', message: 'no' } }
        : { status: 200, body: { submittedOn: '2024-07-27T17:00:19.000Z' } },
    );
    const { body } = await gateway.gql(`{ taxpayer(nino:"${NINO}") {
      denied: taxYear(taxYear:"2023-24") { pensionCharges { submittedOn } }
      allowed: taxYear(taxYear:"2024-25") { pensionCharges { submittedOn } }
    } }`);
    expect(body.data).toEqual({
      taxpayer: {
        denied: { pensionCharges: null },
        allowed: { pensionCharges: { submittedOn: '2024-07-27T17:00:19.000Z' } },
      },
    });
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: ['taxpayer', 'denied', 'pensionCharges'],
        extensions: expect.objectContaining({ code: 'CLIENT_OR_AGENT_NOT_AUTHORISED' }),
      }),
    ]);
  });
});

describe('transport failures', () => {
  it('reports an upstream slower than the timeout as GATEWAY_TIMEOUT, decided by the gateway', async () => {
    // The upstream would answer after 15 s: the gateway's answer (after its 200 ms timeout) comes while the
    // upstream has still not answered, an ordering rather than an elapsed-time threshold (which a loaded machine
    // can overrun).
    const slow = await startSlowUpstream(15_000);
    const impatient = await startGateway(slow.url, { timeoutMs: 200 });
    try {
      const { status, body } = await impatient.gql(READ);
      expect(slow.received()).toBe(1);
      expect(slow.answered()).toBe(0);
      expect(status).toBe(200);
      expect(body.data).toEqual({ taxpayer: { taxYear: { pensionCharges: null } } });
      expect(body.errors).toEqual([
        {
          message: 'The request has timed out',
          locations: [expect.any(Object)],
          path: READ_PATH,
          extensions: { code: 'GATEWAY_TIMEOUT', status: 504, origin: 'GATEWAY' },
        },
      ]);
      expect(slow.received()).toBe(1);
    } finally {
      await impatient.stop();
      await slow.close();
    }
  });

  it('reports an upstream that refuses connections as HMRC_UNAVAILABLE', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = http.createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const stranded = await startGateway(`http://127.0.0.1:${closedPort}`);
    try {
      const { status, body } = await stranded.gql(WRITE);
      expect(status).toBe(200);
      expect(body.data).toEqual({ createOrAmendPensionCharges: null });
      expect(body.errors).toEqual([
        expect.objectContaining({
          message: 'HMRC could not be reached',
          path: ['createOrAmendPensionCharges'],
          extensions: { code: 'HMRC_UNAVAILABLE', status: 503, origin: 'GATEWAY' },
        }),
      ]);
    } finally {
      await stranded.stop();
    }
  });
});

describe('what crosses the wire', () => {
  it('sends GET with the default Accept version, the caller’s token and no body', async () => {
    answer({ status: 200, body: { submittedOn: '2023-07-27T17:00:19.000Z' } });
    const { body } = await gateway.gql(READ);
    expect(body.errors).toBeUndefined();
    expect(stub.requests).toHaveLength(1);
    const [get] = stub.requests;
    expect(get!.method).toBe('GET');
    expect(get!.url).toBe(PATH);
    expect(get!.headers.accept).toBe('application/vnd.hmrc.3.0+json');
    expect(get!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(get!.body).toBe('');
    expect(get!.headers['content-type']).toBeUndefined();
    expect(get!.headers['transfer-encoding']).toBeUndefined();
    expect(get!.headers['content-length'] ?? '0').toBe('0');
    // No scenario was asked for, so none is sent.
    expect(get!.headers['gov-test-scenario']).toBeUndefined();
  });

  it('sends PUT with a JSON body equal to the input and content-type application/json', async () => {
    answer({ status: 204 });
    const { body } = await gateway.gql(WRITE);
    expect(body.errors).toBeUndefined();
    expect(body.data.createOrAmendPensionCharges.correlationId).toBe('stub-correlation-id');
    const put = stub.requests.find((r) => r.method === 'PUT')!;
    expect(put.url).toBe(PATH);
    expect(put.headers['content-type']).toBe('application/json');
    expect(put.headers.accept).toBe('application/vnd.hmrc.3.0+json');
    expect(put.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.parse(put.body)).toEqual(INPUT);
  });

  it('sends DELETE without a body', async () => {
    answer({ status: 204 });
    const { body } = await gateway.gql(DELETE);
    expect(body.errors).toBeUndefined();
    const del = stub.requests.find((r) => r.method === 'DELETE')!;
    expect(del.url).toBe(PATH);
    expect(del.body).toBe('');
    expect(del.headers['content-type']).toBeUndefined();
    expect(del.headers['transfer-encoding']).toBeUndefined();
    expect(del.headers['content-length'] ?? '0').toBe('0');
    expect(del.headers.accept).toBe('application/vnd.hmrc.3.0+json');
  });

  it('forwards the Authorization header byte for byte, whatever b64token characters the token uses', async () => {
    answer({ status: 404, body: { code: 'MATCHING_RESOURCE_NOT_FOUND', message: 'x' } });
    const header = 'Bearer aZ09-._~+/Tok3n.With-Every~Char==';
    const { body } = await gateway.gql(READ, undefined, { authorization: header });
    expect(body.errors).toBeUndefined();
    expect(stub.requests[0]!.headers.authorization).toBe(header);
  });

  it('uses a configured Accept version per API', async () => {
    const older = await startGateway(stub.url, { versions: { charges: '2.0' } });
    try {
      answer({ status: 204 });
      await older.gql(READ);
      await older.gql(WRITE);
      await older.gql(DELETE);
      expect(stub.requests.map((r) => [r.method, r.headers.accept])).toEqual([
        ['GET', 'application/vnd.hmrc.2.0+json'],
        ['PUT', 'application/vnd.hmrc.2.0+json'],
        ['DELETE', 'application/vnd.hmrc.2.0+json'],
      ]);
    } finally {
      await older.stop();
    }
  });
});
