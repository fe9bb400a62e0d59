/**
 * GraphQL over HTTP: graphql-http's own audit suite against the running gateway, and both response media types
 * as the spec has them — `application/graphql-response+json` says with its status code that a request failed,
 * legacy `application/json` answers 200 with the errors (HMRC's code included) in the body.
 */
import type { AuditResult } from 'graphql-http';
import { auditServer } from 'graphql-http';
import { DEMO_NINO } from '../../src/simulator/demo-data';
import type { Stack } from '../helpers/stack';
import { TOKEN, startStack } from '../helpers/stack';

/**
 * The MAY audits CSRF prevention makes fail: Apollo refuses a GET (and a form-encoded one) without a preflight-
 * forcing header, so a browser form or <img> on another site cannot make a logged-in user's browser run a query.
 */
const CSRF_MAY = ['5A70', 'D6D5', '6A70'];

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());

async function audit(token: string | undefined): Promise<AuditResult[]> {
  return auditServer({
    url: stack.url,
    fetchFn: (input: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    },
  });
}

describe('graphql-http auditServer', () => {
  it.each([
    ['with a bearer token', TOKEN],
    ['without credentials', undefined],
  ])('passes every MUST and SHOULD audit %s; only the CSRF-blocked GET MAYs fail', async (_name, token) => {
    const results = await audit(token);
    expect(results.length).toBeGreaterThan(50);
    const failed = results.filter((result) => result.status !== 'ok');
    const required = failed.filter((result) => /^(MUST|SHOULD)\b/.test(result.name));
    expect(required.map((r) => `${r.id} ${r.name}: ${'reason' in r ? r.reason : ''}`)).toEqual([]);
    expect(failed.map((r) => r.id).sort()).toEqual([...CSRF_MAY].sort());
  });
});

async function post(
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; type: string | null; auth: string | null; json: any }> {
  const response = await fetch(stack.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    auth: response.headers.get('www-authenticate'),
    json: await response.json(),
  };
}

const BEARER = { authorization: `Bearer ${TOKEN}` };
const REQUEST_ERRORS: Array<[string, string, Record<string, string>, string, number]> = [
  ['a parse failure', JSON.stringify({ query: '{ taxpayer(' }), BEARER, 'GRAPHQL_PARSE_FAILED', 400],
  ['a validation failure', JSON.stringify({ query: '{ nope }' }), BEARER, 'GRAPHQL_VALIDATION_FAILED', 400],
  [
    'an invalid NINO variable',
    JSON.stringify({ query: 'query Q($n: Nino!) { taxpayer(nino: $n) { nino } }', variables: { n: 'bad' } }),
    BEARER,
    'FORMAT_NINO',
    400,
  ],
  [
    'missing credentials',
    JSON.stringify({
      query: `{ taxpayer(nino: "${DEMO_NINO}") { taxYear(taxYear: "2024-25") { disclosures { submittedOn } } } }`,
    }),
    {},
    'MISSING_CREDENTIALS',
    401,
  ],
];

describe.each([
  ['Accept: application/json', { accept: 'application/json' }],
  ['no Accept header (treated as application/json)', {}],
])('%s', (_name, accept: Record<string, string>) => {
  it.each(REQUEST_ERRORS)(
    '%s is HTTP 200 with the code in the body',
    async (_case, body, headers, code, status) => {
      const answer = await post(body, { ...accept, ...headers });
      expect(answer.status).toBe(200);
      expect(answer.type).toMatch(/^application\/json/);
      expect(answer.json.errors[0].extensions).toEqual(expect.objectContaining({ code, status }));
      expect(answer.json.data).toBeUndefined();
      if (code === 'MISSING_CREDENTIALS') expect(answer.auth).toBe('Bearer');
    },
  );
});

describe('Accept: application/graphql-response+json', () => {
  const accept = { accept: 'application/graphql-response+json' };
  it.each(REQUEST_ERRORS)(
    '%s keeps its 4xx, with no data entry',
    async (_case, body, headers, code, status) => {
      const answer = await post(body, { ...accept, ...headers });
      expect(answer.status).toBe(status);
      expect(answer.type).toMatch(/^application\/graphql-response\+json/);
      expect(answer.json.errors[0].extensions).toEqual(expect.objectContaining({ code, status }));
      expect('data' in answer.json).toBe(false);
    },
  );

  it('a field error is 200 with data, under either media type', async () => {
    for (const headers of [accept, { accept: 'application/json' }]) {
      const answer = await post(
        JSON.stringify({
          query: `{ taxpayer(nino: "${DEMO_NINO}") { nino taxYears(from: "2024-25", to: "2023-24") { taxYear } } }`,
        }),
        { ...headers, ...BEARER },
      );
      expect(answer.status).toBe(200);
      expect(answer.json.data.taxpayer).toEqual({ nino: DEMO_NINO, taxYears: null });
      expect(answer.json.errors[0].extensions.code).toBe('RULE_TAX_YEARS_OUT_OF_ORDER');
    }
  });
});

describe('requests that are not well-formed GraphQL over HTTP keep their 400 under both media types', () => {
  it.each([['application/json'], ['application/graphql-response+json']])('%s', async (accept) => {
    for (const body of ['{"query": 1}', '{"query": "{ __typename }"', '{}']) {
      const answer = await post(body, { accept, ...BEARER });
      expect([body, answer.status]).toEqual([body, 400]);
      expect(answer.json.errors[0].extensions.code).toBe('BAD_REQUEST');
    }
  });
});
