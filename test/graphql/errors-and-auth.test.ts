/**
 * Errors and authentication end to end: GraphQL over a real port → gateway → HTTP → HMRC sandbox simulator.
 * Covers the credentials gate, scalar error codes (literals and variables), GraphQL request errors, the
 * Gov-Test-Scenario policy, HMRC rule errors, the HTTP surface besides /graphql, and masking.
 */
import { startGateway, startStack, TOKEN } from '../helpers/stack';
import type { Stack } from '../helpers/stack';
import { startStub } from '../helpers/stub-server';
import { Kind } from 'graphql';
import { ScalarInputError, scalarResolvers } from '../../src/resolvers/scalars';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DEMO = 'AA123456A';

const READ = `{ taxpayer(nino:"${DEMO}"){ taxYear(taxYear:"2023-24"){ pensionCharges { submittedOn } } } }`;
const READ_VARS = `query Read($nino: Nino!, $taxYear: TaxYear!) {
  taxpayer(nino: $nino) { taxYear(taxYear: $taxYear) { pensionCharges { submittedOn } } }
}`;
const WRITE = `mutation Write($nino: Nino!, $taxYear: TaxYear!) {
  createOrAmendPensionCharges(nino: $nino, taxYear: $taxYear, input: {
    pensionContributions: { pensionSchemeTaxReference: ["00123456RA"], inExcessOfTheAnnualAllowance: 1, annualAllowanceTaxPaid: 1 }
  }) { correlationId }
}`;
const DELETE = `mutation Delete($nino: Nino!, $taxYear: TaxYear!) {
  deletePensionCharges(nino: $nino, taxYear: $taxYear) { correlationId }
}`;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());
beforeEach(() => stack.simulator.reset());

/** The gateway's own errors: code and status, decided locally. */
const gatewayError = (code: string, status = 400) => ({ code, status, origin: 'GATEWAY' });

describe('credentials', () => {
  it('refuses a request without Authorization with HTTP 401 MISSING_CREDENTIALS before HMRC is called', async () => {
    const { status, headers, body } = await stack.gql(READ, undefined, { authorization: undefined });
    expect(status).toBe(401);
    expect(headers.get('www-authenticate')).toBe('Bearer');
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([
      {
        message: 'Send the HMRC access token as `Authorization: Bearer <token>`',
        extensions: gatewayError('MISSING_CREDENTIALS', 401),
      },
    ]);
    expect(stack.simulator.requests).toHaveLength(0);
  });

  it('refuses a mutation without Authorization the same way', async () => {
    const { status, body } = await stack.gql(
      DELETE,
      { nino: DEMO, taxYear: '2023-24' },
      { authorization: undefined },
    );
    expect(status).toBe(401);
    expect(body.errors!.map((e): unknown => e.extensions)).toEqual([
      gatewayError('MISSING_CREDENTIALS', 401),
    ]);
    expect(stack.simulator.requests).toHaveLength(0);
  });

  it('treats another scheme (Basic) as missing credentials', async () => {
    const { status, headers, body } = await stack.gql(READ, undefined, {
      authorization: 'Basic dXNlcjpwYXNzd29yZA==',
    });
    expect(status).toBe(401);
    expect(headers.get('www-authenticate')).toBe('Bearer');
    expect(body.errors!.map((e): unknown => e.extensions)).toEqual([
      gatewayError('MISSING_CREDENTIALS', 401),
    ]);
    expect(stack.simulator.requests).toHaveLength(0);
  });

  it.each(['Bearer a b c', 'Bearer @@@', 'Bearer', 'Bearer abc==def'])(
    'refuses the malformed bearer header %p with INVALID_CREDENTIALS',
    async (authorization) => {
      const { status, headers, body } = await stack.gql(READ, undefined, { authorization });
      expect(status).toBe(401);
      expect(headers.get('www-authenticate')).toBe('Bearer');
      expect(body.errors).toEqual([
        {
          message: 'The `Authorization` header is not a well-formed bearer token',
          extensions: gatewayError('INVALID_CREDENTIALS', 401),
        },
      ]);
      expect(stack.simulator.requests).toHaveLength(0);
    },
  );

  it('forwards the Authorization header to HMRC exactly as the client sent it', async () => {
    const authorization = 'bearer   Exact.Token-As~Sent_123';
    const { body } = await stack.gql(READ, undefined, { authorization });
    expect(body.errors).toBeUndefined();
    expect(stack.simulator.requests).toHaveLength(1);
    expect(stack.simulator.requests[0]!.authorization).toBe(stack.simulator.fingerprint(authorization));
  });

  it('serves an introspection-only query without a token', async () => {
    const { status, body } = await stack.gql('{ __schema { queryType { name } } }', undefined, {
      authorization: undefined,
    });
    expect(status).toBe(200);
    expect(body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('serves introspection through named and inline fragments without a token', async () => {
    const query = `
      query Schema { ...Types ... on Query { __typename } }
      fragment Types on Query { __type(name: "Taxpayer") { name } ...Nested }
      fragment Nested on Query { __schema { mutationType { name } } }
    `;
    const { status, body } = await stack.gql(query, undefined, { authorization: undefined });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      __type: { name: 'Taxpayer' },
      __schema: { mutationType: { name: 'Mutation' } },
      __typename: 'Query',
    });
  });

  it('still refuses a query mixing introspection with HMRC data, even when the data hides in a fragment', async () => {
    const query = `
      query { __schema { queryType { name } } ...Data }
      fragment Data on Query { taxpayer(nino: "${DEMO}") { nino } }
    `;
    const { status, body } = await stack.gql(query, undefined, { authorization: undefined });
    expect(status).toBe(401);
    expect(body.errors!.map((e): unknown => e.extensions.code)).toEqual(['MISSING_CREDENTIALS']);
    expect(stack.simulator.requests).toHaveLength(0);
  });
});

describe('scalar errors keep HMRC’s codes', () => {
  const cases: Array<[string, string, string, Record<string, unknown>, string]> = [
    [
      'Nino',
      `taxpayer(nino: "AA12") { nino }`,
      'query($v: Nino!) { taxpayer(nino: $v) { nino } }',
      { v: 'AA12' },
      'FORMAT_NINO',
    ],
    [
      'Nino (never issued prefix)',
      `taxpayer(nino: "GB123456A") { nino }`,
      'query($v: Nino!) { taxpayer(nino: $v) { nino } }',
      { v: 'GB123456A' },
      'FORMAT_NINO',
    ],
    [
      'TaxYear (format)',
      `taxpayer(nino: "${DEMO}") { taxYear(taxYear: "2023") { taxYear } }`,
      `query($v: TaxYear!) { taxpayer(nino: "${DEMO}") { taxYear(taxYear: $v) { taxYear } } }`,
      { v: '2023' },
      'FORMAT_TAX_YEAR',
    ],
    [
      'TaxYear (range)',
      `taxpayer(nino: "${DEMO}") { taxYear(taxYear: "2023-25") { taxYear } }`,
      `query($v: TaxYear!) { taxpayer(nino: "${DEMO}") { taxYear(taxYear: $v) { taxYear } } }`,
      { v: '2023-25' },
      'RULE_TAX_YEAR_RANGE_INVALID',
    ],
    [
      'Utr',
      `taxpayer(nino: "${DEMO}", utr: "123") { utr }`,
      `query($v: Utr) { taxpayer(nino: "${DEMO}", utr: $v) { utr } }`,
      { v: '123' },
      'FORMAT_UTR',
    ],
  ];

  it.each(cases)('%s as a literal → HTTP 400 with its code', async (_name, selection, _q, _vars, code) => {
    const { status, body } = await stack.gql(`{ ${selection} }`);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions).toEqual(gatewayError(code));
    expect(stack.simulator.requests).toHaveLength(0);
  });

  it.each(cases)('%s as a variable → HTTP 400 with its code', async (_name, _s, query, variables, code) => {
    const { status, body } = await stack.gql(query, variables);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions).toEqual(gatewayError(code));
    expect(stack.simulator.requests).toHaveLength(0);
  });

  it('reports the wrong JSON type for a scalar variable with the scalar’s code', async () => {
    let { status, body } = await stack.gql('query($v: Nino!) { taxpayer(nino: $v) { nino } }', { v: 123456 });
    expect(status).toBe(400);
    expect(body.errors!.map((e): unknown => e.extensions)).toEqual([gatewayError('FORMAT_NINO')]);

    ({ status, body } = await stack.gql(READ_VARS, { nino: DEMO, taxYear: 2023 }));
    expect(status).toBe(400);
    expect(body.errors!.map((e): unknown => e.extensions)).toEqual([gatewayError('FORMAT_TAX_YEAR')]);
  });

  it('reports the wrong literal kind (an Int for a Nino) with the scalar’s code', async () => {
    const { status, body } = await stack.gql('{ taxpayer(nino: 123456) { nino } }');
    expect(status).toBe(400);
    expect(body.errors!.map((e): unknown => e.extensions)).toEqual([gatewayError('FORMAT_NINO')]);
  });

  it('reports every invalid variable, each with its own code, and calls HMRC for none', async () => {
    const { status, body } = await stack.gql(WRITE, { nino: 'nope', taxYear: '2023-25' });
    expect(status).toBe(400);
    expect(body.errors!.map((e): unknown => e.extensions.code).sort()).toEqual([
      'FORMAT_NINO',
      'RULE_TAX_YEAR_RANGE_INVALID',
    ]);
    expect(stack.simulator.requests).toHaveLength(0);
  });

  it('validates scalars before credentials: an invalid NINO without a token is a 400, not a 401', async () => {
    const { status, body } = await stack.gql('{ taxpayer(nino: "AA12") { nino } }', undefined, {
      authorization: undefined,
    });
    expect(status).toBe(400);
    expect(body.errors!.map((e): unknown => e.extensions)).toEqual([gatewayError('FORMAT_NINO')]);
  });
});

describe('scalars no argument uses yet (Date, DateTime)', () => {
  function codeOf(parse: () => unknown): string | undefined {
    try {
      parse();
      return undefined;
    } catch (error) {
      return error instanceof ScalarInputError ? error.hmrc.code : 'not a ScalarInputError';
    }
  }

  it.each(['2024-01-31', '2024-02-29', '2000-02-29'])('Date accepts %p', (value) => {
    expect(scalarResolvers.Date.__parseValue(value)).toBe(value);
    expect(scalarResolvers.Date.__parseLiteral({ kind: Kind.STRING, value })).toBe(value);
  });

  it.each(['2024-1-31', '2023-02-29', '2024-13-01', '2024-01-32', '31/01/2024', '2024-01-31T00:00:00Z', ''])(
    'Date refuses %p with FORMAT_DATE, as a variable and as a literal',
    (value) => {
      expect(codeOf(() => scalarResolvers.Date.__parseValue(value))).toBe('FORMAT_DATE');
      expect(codeOf(() => scalarResolvers.Date.__parseLiteral({ kind: Kind.STRING, value }))).toBe(
        'FORMAT_DATE',
      );
    },
  );

  it('Date refuses a non-string with FORMAT_DATE', () => {
    expect(codeOf(() => scalarResolvers.Date.__parseValue(20240131))).toBe('FORMAT_DATE');
    expect(codeOf(() => scalarResolvers.Date.__parseLiteral({ kind: Kind.INT, value: '20240131' }))).toBe(
      'FORMAT_DATE',
    );
  });

  it('DateTime accepts HMRC’s timestamps and refuses other text with FORMAT_DATE', () => {
    expect(scalarResolvers.DateTime.__parseValue('2023-07-27T17:00:19.000Z')).toBe(
      '2023-07-27T17:00:19.000Z',
    );
    expect(scalarResolvers.DateTime.__parseValue('2023-07-27T17:00+01:00')).toBe('2023-07-27T17:00+01:00');
    for (const value of ['2023-07-27', '2023-02-30T00:00:00Z', '2023-07-27T17:00:19', 'yesterday']) {
      expect(codeOf(() => scalarResolvers.DateTime.__parseValue(value))).toBe('FORMAT_DATE');
    }
  });
});

describe('GraphQL request errors', () => {
  it('reports an unknown field as GRAPHQL_VALIDATION_FAILED, status 400', async () => {
    const { status, body } = await stack.gql(`{ taxpayer(nino: "${DEMO}") { nope } }`);
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'Cannot query field "nope" on type "Taxpayer".',
        extensions: gatewayError('GRAPHQL_VALIDATION_FAILED'),
      }),
    ]);
    expect(stack.simulator.requests).toHaveLength(0);
  });

  it('reports a syntax error as GRAPHQL_PARSE_FAILED, status 400', async () => {
    const { status, body } = await stack.gql(`{ taxpayer(nino: "${DEMO}" { nino }`);
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^Syntax Error/),
        extensions: gatewayError('GRAPHQL_PARSE_FAILED'),
      }),
    ]);
  });
});

describe('Gov-Test-Scenario', () => {
  it('is forwarded to a sandbox upstream: NOT_FOUND turns the demo taxpayer’s read into null', async () => {
    const { status, body } = await stack.gql(READ, undefined, { 'gov-test-scenario': 'NOT_FOUND' });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ taxpayer: { taxYear: { pensionCharges: null } } });
    expect(stack.simulator.requests).toHaveLength(1);
    expect(stack.simulator.requests[0]!.headers['gov-test-scenario']).toBe('NOT_FOUND');
  });

  it('is not forwarded to an upstream that is not a sandbox', async () => {
    const live = await startGateway(stack.simulatorUrl, { sandbox: false });
    try {
      const { body } = await live.gql(READ, undefined, { 'gov-test-scenario': 'NOT_FOUND' });
      expect(body.errors).toBeUndefined();
      expect(body.data.taxpayer.taxYear.pensionCharges).toEqual({ submittedOn: '2023-07-27T17:00:19.000Z' });
      expect(stack.simulator.requests).toHaveLength(1);
      expect(stack.simulator.requests[0]!.headers).not.toHaveProperty('gov-test-scenario');
    } finally {
      await live.stop();
    }
  });

  it('is not forwarded when it is not a plain scenario name', async () => {
    const { body } = await stack.gql(READ, undefined, { 'gov-test-scenario': 'NOT_FOUND, STATEFUL' });
    expect(body.errors).toBeUndefined();
    expect(stack.simulator.requests[0]!.headers).not.toHaveProperty('gov-test-scenario');
  });

  it.each([
    ['createOrAmendPensionCharges', WRITE],
    ['deletePensionCharges', DELETE],
  ])(
    'OUTSIDE_AMENDMENT_WINDOW on %s surfaces as HMRC’s RULE_OUTSIDE_AMENDMENT_WINDOW',
    async (field, mutation) => {
      const { status, body } = await stack.gql(
        mutation,
        { nino: DEMO, taxYear: '2023-24' },
        { 'gov-test-scenario': 'OUTSIDE_AMENDMENT_WINDOW' },
      );
      expect(status).toBe(200);
      expect(body.data).toEqual({ [field]: null });
      expect(body.errors).toEqual([
        expect.objectContaining({
          message: 'You are outside the amendment window',
          path: [field],
          extensions: {
            code: 'RULE_OUTSIDE_AMENDMENT_WINDOW',
            status: 400,
            origin: 'HMRC',
            correlationId: expect.stringMatching(UUID),
          },
        }),
      ]);
      const [sent] = stack.simulator.requests;
      expect(sent!.headers['gov-test-scenario']).toBe('OUTSIDE_AMENDMENT_WINDOW');
      expect(sent!.authorization).toBe(stack.simulator.fingerprint(`Bearer ${TOKEN}`));
    },
  );

  it('passes HMRC’s refusal of a scenario the endpoint does not know', async () => {
    const { body } = await stack.gql(READ, undefined, { 'gov-test-scenario': 'OUTSIDE_AMENDMENT_WINDOW' });
    expect(body.errors!.map((e): unknown => e.extensions)).toEqual([
      {
        code: 'RULE_INCORRECT_GOV_TEST_SCENARIO',
        status: 400,
        origin: 'HMRC',
        correlationId: expect.stringMatching(UUID),
      },
    ]);
  });
});

describe('HTTP surface', () => {
  const origin = () => stack.url.replace(/\/graphql$/, '');

  it('answers a malformed JSON body with a JSON 400 BAD_REQUEST', async () => {
    const response = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: '{"query": "{ __typename }"',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      errors: [{ message: 'The request body is not valid JSON', extensions: gatewayError('BAD_REQUEST') }],
    });
  });

  it('answers an unknown route with a JSON 404', async () => {
    const response = await fetch(`${origin()}/nope`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: any }> };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]!.message).toBe('Not found: the GraphQL endpoint is /graphql');
    expect(body.errors[0]!.extensions).toEqual({
      code: 'MATCHING_RESOURCE_NOT_FOUND',
      status: 404,
      origin: 'GATEWAY',
    });
  });

  it('answers GET /healthz with 200 and calls nothing upstream', async () => {
    const response = await fetch(`${origin()}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(stack.simulator.requests).toHaveLength(0);
  });

  it('answers an unsupported method on /graphql with 405, and says 405 in extensions.status', async () => {
    const response = await fetch(stack.url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
    });
    expect(response.status).toBe(405);
    const body = (await response.json()) as { errors: Array<{ extensions: any }> };
    expect(body.errors.map((e): unknown => e.extensions)).toEqual([gatewayError('BAD_REQUEST', 405)]);
  });

  it('serves the HTML landing page on GET /graphql to a browser outside production', async () => {
    const response = await fetch(stack.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toMatch(/^\s*<!DOCTYPE html>/i);
  });

  it('refuses introspection in production, with or without a token', async () => {
    const production = await startGateway(stack.simulatorUrl, { production: true });
    try {
      for (const authorization of [`Bearer ${TOKEN}`, undefined]) {
        const { status, body } = await production.gql('{ __schema { queryType { name } } }', undefined, {
          authorization,
        });
        expect(status).toBe(400);
        expect(body.data).toBeUndefined();
        expect(body.errors!.map((e): unknown => e.extensions)).toEqual([
          gatewayError('GRAPHQL_VALIDATION_FAILED'),
        ]);
      }
      // Ordinary queries still work there.
      const { body } = await production.gql(READ);
      expect(body.errors).toBeUndefined();
      expect(body.data.taxpayer.taxYear.pensionCharges.submittedOn).toBe('2023-07-27T17:00:19.000Z');
    } finally {
      await production.stop();
    }
  });
});

describe('masking', () => {
  it('refuses an answer missing a field HMRC always sends as HMRC_UNEXPECTED_RESPONSE and keeps the siblings', async () => {
    const stub = await startStub(() => ({
      status: 200,
      body: {
        pensionContributions: {
          pensionSchemeTaxReference: ['00123456RA'],
          inExcessOfTheAnnualAllowance: 1,
          annualAllowanceTaxPaid: 1,
        },
      },
    }));
    const gateway = await startGateway(stub.url);
    try {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({
          query: `{ taxpayer(nino:"${DEMO}") { nino taxYear(taxYear:"2023-24") { taxYear pensionCharges { submittedOn } } } }`,
        }),
      });
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).not.toMatch(/non-nullable|submittedOn\.|PensionCharges/);
      const body = JSON.parse(text);
      expect(body.data).toEqual({
        taxpayer: { nino: DEMO, taxYear: { taxYear: '2023-24', pensionCharges: null } },
      });
      // Checked against HMRC's schema before any field reads it, so the whole answer is refused at the field
      // that asked HMRC, rather than a GraphQL non-null failure deeper down.
      expect(body.errors).toEqual([
        {
          message: 'HMRC answered with data that does not have the shape its API documents',
          locations: [expect.any(Object)],
          path: ['taxpayer', 'taxYear', 'pensionCharges'],
          extensions: {
            code: 'HMRC_UNEXPECTED_RESPONSE',
            status: 502,
            origin: 'HMRC',
            correlationId: 'stub-correlation-id',
          },
        },
      ]);
    } finally {
      await gateway.stop();
      await stub.close();
    }
  });
});
