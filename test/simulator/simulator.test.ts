/**
 * The HMRC sandbox simulator on its own, over real HTTP with fetch: every step of its pipeline and the order of
 * the steps (docs/hmrc-rules.md §2.3), HMRC's error JSON exactly, the pension-charges Gov-Test-Scenarios (§3.4) for
 * each method, and its per-caller state.
 */
import {
  PENSION_CHARGES_DEF1_EXAMPLE,
  PENSION_CHARGES_DEF2_EXAMPLE,
} from '../../src/resources/pension-charges';
import { DEMO_NINO } from '../../src/simulator/demo-data';
import type { Simulator } from '../../src/simulator/server';
import { createSimulator } from '../../src/simulator/server';

const NOW = '2025-01-02T03:04:05.678Z';
const TOKEN = 'simulator-test-token';
const V3 = 'application/vnd.hmrc.3.0+json';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const DEMO = 'AA123456A';
const OTHER = 'AB123456C';
const pensions = (nino: string, taxYear: string) => `/individuals/charges/pensions/${nino}/${taxYear}`;

const VALID_BODY = {
  pensionContributions: {
    pensionSchemeTaxReference: ['00123456RA'],
    inExcessOfTheAnnualAllowance: 1,
    annualAllowanceTaxPaid: 1,
  },
};

/** HMRC's error bodies, exactly as HMRC writes them (runtime messages). */
const ERR = {
  MISSING_CREDENTIALS: { code: 'MISSING_CREDENTIALS', message: 'Authentication information is not provided' },
  INVALID_CREDENTIALS: {
    code: 'INVALID_CREDENTIALS',
    message: 'Invalid Authentication information provided',
  },
  ACCEPT_HEADER_INVALID: {
    code: 'ACCEPT_HEADER_INVALID',
    message: 'The accept header is missing or invalid',
  },
  MATCHING_RESOURCE_NOT_FOUND: {
    code: 'MATCHING_RESOURCE_NOT_FOUND',
    message: 'Matching resource not found',
  },
  NOT_FOUND: { code: 'NOT_FOUND', message: 'The requested resource could not be found' },
  INVALID_BODY_TYPE: { code: 'INVALID_BODY_TYPE', message: 'Expecting text/json or application/json body' },
  INVALID_REQUEST: { code: 'INVALID_REQUEST', message: 'Invalid request' },
  FORMAT_NINO: { code: 'FORMAT_NINO', message: 'The NINO format is invalid' },
  FORMAT_TAX_YEAR: { code: 'FORMAT_TAX_YEAR', message: 'The taxYear format is invalid' },
  RULE_TAX_YEAR_RANGE_INVALID: {
    code: 'RULE_TAX_YEAR_RANGE_INVALID',
    message: 'A tax year range of one year is required',
  },
  RULE_TAX_YEAR_NOT_SUPPORTED: {
    code: 'RULE_TAX_YEAR_NOT_SUPPORTED',
    message: 'The tax year specified does not lie within the supported range',
  },
  RULE_REQUEST_CANNOT_BE_FULFILLED: {
    code: 'RULE_REQUEST_CANNOT_BE_FULFILLED',
    message: 'Custom (will vary in production depending on the actual error)',
  },
  RULE_INCORRECT_GOV_TEST_SCENARIO: {
    code: 'RULE_INCORRECT_GOV_TEST_SCENARIO',
    message: 'The supplied Gov-Test-Scenario is not valid',
  },
  RULE_OUTSIDE_AMENDMENT_WINDOW: {
    code: 'RULE_OUTSIDE_AMENDMENT_WINDOW',
    message: 'You are outside the amendment window',
  },
  RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED: {
    code: 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED',
    message: 'An empty or non-matching body was submitted',
  },
} as const;

interface CallOptions {
  /** `null`: no Authorization header. */
  token?: string | null;
  /** A whole Authorization header, instead of `Bearer <token>`. */
  authorization?: string;
  /** `null`: no Accept header. */
  accept?: string | null;
  contentType?: string;
  /** An object is sent as JSON; a string verbatim. */
  body?: unknown;
  scenario?: string;
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

let simulator: Simulator;
let base: string;

beforeAll(async () => {
  simulator = createSimulator({ now: () => new Date(NOW) });
  base = await simulator.listen(0);
});
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

async function call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? TOKEN : options.token;
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  else if (token !== null) headers.authorization = `Bearer ${token}`;
  const accept = options.accept === undefined ? V3 : options.accept;
  if (accept !== null) headers.accept = accept;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] = options.contentType ?? 'application/json';
  } else if (options.contentType) {
    headers['content-type'] = options.contentType;
  }
  if (options.scenario !== undefined) headers['gov-test-scenario'] = options.scenario;
  const response = await fetch(`${base}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

const get = (path: string, options?: CallOptions) => call('GET', path, options);
const put = (path: string, body: unknown, options?: CallOptions) => call('PUT', path, { body, ...options });
const del = (path: string, options?: CallOptions) => call('DELETE', path, options);

function expectError(answer: Answer, status: number, body: object): void {
  expect({ status: answer.status, body: answer.body }).toEqual({ status, body });
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
}

describe('credentials (first)', () => {
  it('answers 401 MISSING_CREDENTIALS without an Authorization header', async () => {
    expectError(await get(pensions(DEMO, '2023-24'), { token: null }), 401, ERR.MISSING_CREDENTIALS);
  });

  it.each(['Bearer a b c', 'Bearer @@@', 'Bearer'])(
    'answers 401 INVALID_CREDENTIALS for a malformed bearer token %p',
    async (authorization) => {
      expectError(await get(pensions(DEMO, '2023-24'), { authorization }), 401, ERR.INVALID_CREDENTIALS);
    },
  );

  it('answers 401 MISSING_CREDENTIALS for another scheme (no bearer token supplied)', async () => {
    expectError(
      await get(pensions(DEMO, '2023-24'), { authorization: 'Basic dXNlcjpwYXNz' }),
      401,
      ERR.MISSING_CREDENTIALS,
    );
  });

  it('accepts the bearer scheme in any case (RFC 9110)', async () => {
    const res = await get(pensions(DEMO, '2023-24'), { authorization: 'bearer lower-case-scheme' });
    expect(res.status).toBe(200);
  });

  it('checks credentials before Accept, route, body and NINO', async () => {
    const everythingWrong = await call('PUT', '/no/such/route/BAD', {
      authorization: 'Bearer @@@',
      accept: 'text/html',
      contentType: 'text/plain',
      body: 'not json',
    });
    expectError(everythingWrong, 401, ERR.INVALID_CREDENTIALS);
    expectError(
      await get(pensions('BAD', 'bad'), { token: null, accept: null }),
      401,
      ERR.MISSING_CREDENTIALS,
    );
  });
});

describe('Accept (second)', () => {
  it.each([null, 'application/json', '*/*', 'application/vnd.hmrc.3+json', 'application/vnd.hmrc.3.0+xml'])(
    'answers 406 ACCEPT_HEADER_INVALID for Accept %p',
    async (accept) => {
      expectError(await get(pensions(DEMO, '2023-24'), { accept }), 406, ERR.ACCEPT_HEADER_INVALID);
    },
  );

  it('checks Accept before the route and the NINO', async () => {
    expectError(
      await get(pensions('BAD', '2023-24'), { accept: 'application/json' }),
      406,
      ERR.ACCEPT_HEADER_INVALID,
    );
    expectError(await get('/nope', { accept: null }), 406, ERR.ACCEPT_HEADER_INVALID);
  });

  it('answers 404 NOT_FOUND for a well-formed version the API does not serve, before the NINO', async () => {
    expectError(
      await get(pensions(DEMO, '2023-24'), { accept: 'application/vnd.hmrc.2.0+json' }),
      404,
      ERR.NOT_FOUND,
    );
    expectError(
      await get(pensions('BAD', 'bad'), { accept: 'application/vnd.hmrc.9.9+json' }),
      404,
      ERR.NOT_FOUND,
    );
    expectError(
      await put(pensions(DEMO, '2023-24'), VALID_BODY, { accept: 'application/vnd.hmrc.2.0+json' }),
      404,
      ERR.NOT_FOUND,
    );
  });
});

describe('route (third)', () => {
  it('answers 404 MATCHING_RESOURCE_NOT_FOUND for an unknown path', async () => {
    expectError(await get('/nope'), 404, ERR.MATCHING_RESOURCE_NOT_FOUND);
    expectError(await get('/individuals/charges/pensions/AA123456A'), 404, ERR.MATCHING_RESOURCE_NOT_FOUND);
    expectError(await get(`${pensions(DEMO, '2023-24')}/extra`), 404, ERR.MATCHING_RESOURCE_NOT_FOUND);
  });

  it('answers 404 MATCHING_RESOURCE_NOT_FOUND for a method the path does not have', async () => {
    expectError(
      await call('POST', pensions(DEMO, '2023-24'), { body: VALID_BODY }),
      404,
      ERR.MATCHING_RESOURCE_NOT_FOUND,
    );
    expectError(
      await call('PATCH', pensions(DEMO, '2023-24'), { body: VALID_BODY }),
      404,
      ERR.MATCHING_RESOURCE_NOT_FOUND,
    );
  });

  it('checks the route before the body', async () => {
    expectError(
      await call('PUT', '/nope', { body: 'not json', contentType: 'text/plain' }),
      404,
      ERR.MATCHING_RESOURCE_NOT_FOUND,
    );
  });

  it('ignores a query string when matching', async () => {
    const answer = await get(`${pensions(DEMO, '2023-24')}?anything=1`);
    expect(answer.status).toBe(200);
  });
});

describe('body (fourth, PUT only)', () => {
  it('answers 415 INVALID_BODY_TYPE for a text/plain PUT, even with a bad NINO', async () => {
    expectError(
      await put(pensions(DEMO, '2023-24'), JSON.stringify(VALID_BODY), { contentType: 'text/plain' }),
      415,
      ERR.INVALID_BODY_TYPE,
    );
    expectError(
      await put(pensions('BAD', '2023-24'), '{}', { contentType: 'text/plain' }),
      415,
      ERR.INVALID_BODY_TYPE,
    );
    expectError(await call('PUT', pensions(DEMO, '2023-24')), 415, ERR.INVALID_BODY_TYPE);
  });

  it('accepts text/json and a charset parameter', async () => {
    expect((await put(pensions(OTHER, '2023-24'), VALID_BODY, { contentType: 'text/json' })).status).toBe(
      204,
    );
    expect(
      (await put(pensions(OTHER, '2023-24'), VALID_BODY, { contentType: 'application/json; charset=utf-8' }))
        .status,
    ).toBe(204);
  });

  it('answers 400 INVALID_REQUEST (no errors array) for malformed or empty JSON, before the NINO', async () => {
    expectError(await put(pensions(DEMO, '2023-24'), '{"pensionContributions":'), 400, ERR.INVALID_REQUEST);
    expectError(await put(pensions('BAD', 'bad'), '{oops'), 400, ERR.INVALID_REQUEST);
    expectError(await put(pensions(DEMO, '2023-24'), ''), 400, ERR.INVALID_REQUEST);
  });

  it('refuses a body over 1 MB in HMRC’s JSON shape, with a correlation id', async () => {
    const answer = await put(pensions(DEMO, '2023-24'), `"${'x'.repeat(1024 * 1024 + 10)}"`);
    expectError(answer, 413, ERR.INVALID_REQUEST);
    expect(answer.headers.get('x-correlationid')).toMatch(UUID);
    expect(answer.text).not.toContain('at ');
  });
});

describe('failures inside the simulator', () => {
  it('answers an endpoint that throws with HMRC’s 500 JSON and a correlation id, not an HTML stack trace', async () => {
    const broken = createSimulator({
      endpoints: [
        {
          method: 'GET',
          api: 'charges',
          pathTemplate: '/broken/{nino}',
          scenarios: [],
          requestCannotBeFulfilled: false,
          handle: () => {
            throw new Error('boom at /srv/simulator/secret.ts:1:1');
          },
        },
      ],
    });
    const url = await broken.listen(0);
    try {
      const response = await fetch(`${url}/broken/${DEMO}`, {
        headers: { authorization: `Bearer ${TOKEN}`, accept: V3 },
      });
      expect(response.status).toBe(500);
      expect(response.headers.get('x-correlationid')).toMatch(UUID);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const text = await response.text();
      expect(text).not.toContain('secret.ts');
      expect(JSON.parse(text)).toEqual({
        code: 'INTERNAL_SERVER_ERROR',
        message: 'An internal server error occurred',
      });
    } finally {
      await broken.close();
    }
  });
});

describe('NINO (fifth, alone)', () => {
  it('reports FORMAT_NINO alone when the NINO, the tax year and the body are all invalid', async () => {
    expectError(await put(pensions('BAD', 'bad'), {}), 400, ERR.FORMAT_NINO);
    expectError(await put(pensions('AA12345', '2023-25'), { unknown: 1 }), 400, ERR.FORMAT_NINO);
    expectError(await get(pensions('BAD', '2019')), 400, ERR.FORMAT_NINO);
    expectError(await del(pensions('ZZ123456A', '2010-11')), 400, ERR.FORMAT_NINO);
  });

  it('checks the NINO before the REQUEST_CANNOT_BE_FULFILLED scenario', async () => {
    expectError(
      await get(pensions('BAD', '2023-24'), { scenario: 'REQUEST_CANNOT_BE_FULFILLED' }),
      400,
      ERR.FORMAT_NINO,
    );
  });

  it('accepts a NINO without its suffix letter, as HMRC does', async () => {
    expect((await get(pensions('AA123456', '2023-24'))).status).toBe(404);
  });
});

describe('REQUEST_CANNOT_BE_FULFILLED (sixth)', () => {
  it.each(['GET', 'PUT', 'DELETE'])('answers 422 on %s, before validation', async (method) => {
    const body = method === 'PUT' ? {} : undefined;
    expectError(
      await call(method, pensions(DEMO, 'bad'), { body, scenario: 'REQUEST_CANNOT_BE_FULFILLED' }),
      422,
      ERR.RULE_REQUEST_CANNOT_BE_FULFILLED,
    );
    expectError(
      await call(method, pensions(DEMO, '2023-24'), {
        body: method === 'PUT' ? VALID_BODY : undefined,
        scenario: 'REQUEST_CANNOT_BE_FULFILLED',
      }),
      422,
      ERR.RULE_REQUEST_CANNOT_BE_FULFILLED,
    );
  });
});

describe('validation (seventh)', () => {
  it.each([
    ['2023', ERR.FORMAT_TAX_YEAR],
    ['2009-10', ERR.FORMAT_TAX_YEAR],
    ['2023-25', ERR.RULE_TAX_YEAR_RANGE_INVALID],
    ['2020-21', ERR.RULE_TAX_YEAR_NOT_SUPPORTED],
  ])('GET, PUT and DELETE refuse tax year %p', async (taxYear, error) => {
    expectError(await get(pensions(DEMO, taxYear)), 400, error);
    expectError(await put(pensions(DEMO, taxYear), VALID_BODY), 400, error);
    expectError(await del(pensions(DEMO, taxYear)), 400, error);
  });

  it('answers a single error alone, with its paths', async () => {
    expectError(await put(pensions(DEMO, '2023-24'), { ...VALID_BODY, extra: true }), 400, {
      ...ERR.RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED,
      paths: ['/extra'],
    });
    expectError(await put(pensions(DEMO, '2023-24'), {}), 400, ERR.RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED);
  });

  it('wraps several errors in INVALID_REQUEST, sorted by code, each in HMRC’s shape', async () => {
    const answer = await put(pensions(DEMO, '2023-24'), {
      pensionContributions: {
        pensionSchemeTaxReference: ['bad'],
        inExcessOfTheAnnualAllowance: -1,
        annualAllowanceTaxPaid: 1.123,
      },
    });
    expectError(answer, 400, {
      code: 'INVALID_REQUEST',
      message: 'Invalid request',
      errors: [
        {
          code: 'FORMAT_PENSION_SCHEME_TAX_REFERENCE',
          message: 'The provided pension scheme tax reference is invalid',
          paths: ['/pensionContributions/pensionSchemeTaxReference/0'],
        },
        {
          code: 'FORMAT_VALUE',
          message: 'The value must be between 0 and 99999999999.99',
          paths: [
            '/pensionContributions/annualAllowanceTaxPaid',
            '/pensionContributions/inExcessOfTheAnnualAllowance',
          ],
        },
      ],
    });
    // Key order and nothing else: the exact text HMRC sends.
    expect(
      answer.text.startsWith('{"code":"INVALID_REQUEST","message":"Invalid request","errors":[{"code":'),
    ).toBe(true);
  });

  it('validates before looking at the scenario', async () => {
    expectError(await get(pensions(DEMO, '2023'), { scenario: 'NOPE' }), 400, ERR.FORMAT_TAX_YEAR);
    expectError(
      await put(pensions(DEMO, '2023-24'), {}, { scenario: 'NOPE' }),
      400,
      ERR.RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED,
    );
  });
});

describe('X-CorrelationId', () => {
  it('is a fresh UUID on every response, errors included', async () => {
    const answers = await Promise.all([
      get(pensions(DEMO, '2023-24')),
      get(pensions(OTHER, '2023-24')),
      put(pensions(OTHER, '2024-25'), VALID_BODY),
      del(pensions(OTHER, '2022-23')),
      get(pensions(DEMO, '2023-24'), { token: null }),
      get(pensions(DEMO, '2023-24'), { accept: null }),
      get('/nope'),
      get(pensions(DEMO, '2023-24'), { accept: 'application/vnd.hmrc.2.0+json' }),
      put(pensions(DEMO, '2023-24'), 'x', { contentType: 'text/plain' }),
      put(pensions(DEMO, '2023-24'), '{x'),
      get(pensions('BAD', '2023-24')),
      get(pensions(DEMO, '2023-24'), { scenario: 'REQUEST_CANNOT_BE_FULFILLED' }),
      get(pensions(DEMO, '2023-24'), { scenario: 'NOPE' }),
      call('HEAD', pensions(DEMO, '2023-24')),
    ]);
    expect(answers.map((a) => a.status)).toEqual([
      200, 404, 204, 404, 401, 406, 404, 404, 415, 400, 400, 422, 400, 404,
    ]);
    const ids = answers.map((a) => a.headers.get('x-correlationid'));
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('Gov-Test-Scenario (pension charges, v3.0)', () => {
  describe('GET: DEFAULT, NOT_FOUND, STATEFUL', () => {
    it('DEFAULT returns HMRC’s static example for the tax year’s generation, for anyone', async () => {
      for (const taxYear of ['2021-22', '2023-24']) {
        const answer = await get(pensions(OTHER, taxYear), { scenario: 'DEFAULT' });
        expect({ status: answer.status, body: answer.body }).toEqual({
          status: 200,
          body: PENSION_CHARGES_DEF1_EXAMPLE,
        });
        expect(answer.body.pensionSavingsTaxCharges).toBeDefined();
      }
      for (const taxYear of ['2024-25', '2026-27']) {
        const answer = await get(pensions(OTHER, taxYear), { scenario: 'DEFAULT' });
        expect({ status: answer.status, body: answer.body }).toEqual({
          status: 200,
          body: PENSION_CHARGES_DEF2_EXAMPLE,
        });
        expect(answer.body).not.toHaveProperty('pensionSavingsTaxCharges');
      }
    });

    it('DEFAULT ignores what the caller stored', async () => {
      await put(pensions(OTHER, '2023-24'), VALID_BODY);
      const answer = await get(pensions(OTHER, '2023-24'), { scenario: 'DEFAULT' });
      expect(answer.body).toEqual(PENSION_CHARGES_DEF1_EXAMPLE);
    });

    it('NOT_FOUND answers 404 even for the demo taxpayer', async () => {
      expectError(
        await get(pensions(DEMO, '2023-24'), { scenario: 'NOT_FOUND' }),
        404,
        ERR.MATCHING_RESOURCE_NOT_FOUND,
      );
    });

    it('STATEFUL (and no header) returns what is stored', async () => {
      expectError(
        await get(pensions(OTHER, '2023-24'), { scenario: 'STATEFUL' }),
        404,
        ERR.MATCHING_RESOURCE_NOT_FOUND,
      );
      await put(pensions(OTHER, '2023-24'), VALID_BODY, { scenario: 'STATEFUL' });
      const stored = { submittedOn: NOW, ...VALID_BODY };
      expect((await get(pensions(OTHER, '2023-24'), { scenario: 'STATEFUL' })).body).toEqual(stored);
      expect((await get(pensions(OTHER, '2023-24'))).body).toEqual(stored);
    });

    it.each(['OUTSIDE_AMENDMENT_WINDOW', 'NOPE', 'not_found', 'Stateful'])(
      'refuses %p as RULE_INCORRECT_GOV_TEST_SCENARIO',
      async (scenario) => {
        expectError(
          await get(pensions(DEMO, '2023-24'), { scenario }),
          400,
          ERR.RULE_INCORRECT_GOV_TEST_SCENARIO,
        );
      },
    );
  });

  describe('PUT: DEFAULT, STATEFUL, OUTSIDE_AMENDMENT_WINDOW', () => {
    it('DEFAULT answers 204 and stores nothing', async () => {
      const answer = await put(pensions(OTHER, '2023-24'), VALID_BODY, { scenario: 'DEFAULT' });
      expect(answer.status).toBe(204);
      expect(answer.text).toBe('');
      expect((await get(pensions(OTHER, '2023-24'))).status).toBe(404);
    });

    it('STATEFUL answers 204 and stores the body', async () => {
      expect((await put(pensions(OTHER, '2023-24'), VALID_BODY, { scenario: 'STATEFUL' })).status).toBe(204);
      expect((await get(pensions(OTHER, '2023-24'))).body).toEqual({ submittedOn: NOW, ...VALID_BODY });
    });

    it('OUTSIDE_AMENDMENT_WINDOW answers 400 RULE_OUTSIDE_AMENDMENT_WINDOW and stores nothing', async () => {
      expectError(
        await put(pensions(OTHER, '2023-24'), VALID_BODY, { scenario: 'OUTSIDE_AMENDMENT_WINDOW' }),
        400,
        ERR.RULE_OUTSIDE_AMENDMENT_WINDOW,
      );
      expect((await get(pensions(OTHER, '2023-24'))).status).toBe(404);
    });

    it.each(['NOT_FOUND', 'NOPE'])('refuses %p as RULE_INCORRECT_GOV_TEST_SCENARIO', async (scenario) => {
      expectError(
        await put(pensions(OTHER, '2023-24'), VALID_BODY, { scenario }),
        400,
        ERR.RULE_INCORRECT_GOV_TEST_SCENARIO,
      );
      expect((await get(pensions(OTHER, '2023-24'))).status).toBe(404);
    });
  });

  describe('DELETE: DEFAULT, NOT_FOUND, STATEFUL, OUTSIDE_AMENDMENT_WINDOW', () => {
    it('DEFAULT answers 204 and deletes nothing', async () => {
      expect((await del(pensions(DEMO, '2023-24'), { scenario: 'DEFAULT' })).status).toBe(204);
      expect((await del(pensions(OTHER, '2023-24'), { scenario: 'DEFAULT' })).status).toBe(204);
      expect((await get(pensions(DEMO, '2023-24'))).body).toEqual(PENSION_CHARGES_DEF1_EXAMPLE);
    });

    it('NOT_FOUND answers 404 and deletes nothing', async () => {
      expectError(
        await del(pensions(DEMO, '2023-24'), { scenario: 'NOT_FOUND' }),
        404,
        ERR.MATCHING_RESOURCE_NOT_FOUND,
      );
      expect((await get(pensions(DEMO, '2023-24'))).status).toBe(200);
    });

    it('STATEFUL deletes what is there, and answers 404 when nothing is', async () => {
      expect((await del(pensions(DEMO, '2023-24'), { scenario: 'STATEFUL' })).status).toBe(204);
      expectError(
        await del(pensions(DEMO, '2023-24'), { scenario: 'STATEFUL' }),
        404,
        ERR.MATCHING_RESOURCE_NOT_FOUND,
      );
      expectError(await get(pensions(DEMO, '2023-24')), 404, ERR.MATCHING_RESOURCE_NOT_FOUND);
    });

    it('OUTSIDE_AMENDMENT_WINDOW answers 400 RULE_OUTSIDE_AMENDMENT_WINDOW and deletes nothing', async () => {
      expectError(
        await del(pensions(DEMO, '2023-24'), { scenario: 'OUTSIDE_AMENDMENT_WINDOW' }),
        400,
        ERR.RULE_OUTSIDE_AMENDMENT_WINDOW,
      );
      expect((await get(pensions(DEMO, '2023-24'))).status).toBe(200);
    });

    it('refuses an unknown scenario as RULE_INCORRECT_GOV_TEST_SCENARIO', async () => {
      expectError(
        await del(pensions(DEMO, '2023-24'), { scenario: 'NOPE' }),
        400,
        ERR.RULE_INCORRECT_GOV_TEST_SCENARIO,
      );
      expect((await get(pensions(DEMO, '2023-24'))).status).toBe(200);
    });
  });
});

describe('state', () => {
  it('gives the demo taxpayer data for 2023-24 (def1) and 2024-25 (def2) only', async () => {
    expect(await get(pensions(DEMO, '2023-24'))).toMatchObject({
      status: 200,
      body: PENSION_CHARGES_DEF1_EXAMPLE,
    });
    expect(await get(pensions(DEMO, '2024-25'))).toMatchObject({
      status: 200,
      body: PENSION_CHARGES_DEF2_EXAMPLE,
    });
    expectError(await get(pensions(DEMO, '2022-23')), 404, ERR.MATCHING_RESOURCE_NOT_FOUND);
    expectError(await get(pensions(DEMO, '2025-26')), 404, ERR.MATCHING_RESOURCE_NOT_FOUND);
    expectError(await get(pensions(OTHER, '2023-24')), 404, ERR.MATCHING_RESOURCE_NOT_FOUND);
  });

  it('PUT stores the body with submittedOn; a second PUT replaces it; DELETE then GET is 404', async () => {
    const first = await put(pensions(OTHER, '2024-25'), VALID_BODY);
    expect(first.status).toBe(204);
    expect(first.text).toBe('');
    expect((await get(pensions(OTHER, '2024-25'))).body).toEqual({ submittedOn: NOW, ...VALID_BODY });

    const replacement = {
      pensionSchemeUnauthorisedPayments: {
        pensionSchemeTaxReference: ['12345678RB'],
        surcharge: { amount: 10, foreignTaxPaid: 1.5 },
      },
    };
    expect((await put(pensions(OTHER, '2024-25'), replacement)).status).toBe(204);
    expect((await get(pensions(OTHER, '2024-25'))).body).toEqual({ submittedOn: NOW, ...replacement });

    expect((await del(pensions(OTHER, '2024-25'))).status).toBe(204);
    expectError(await get(pensions(OTHER, '2024-25')), 404, ERR.MATCHING_RESOURCE_NOT_FOUND);
    expectError(await del(pensions(OTHER, '2024-25')), 404, ERR.MATCHING_RESOURCE_NOT_FOUND);
  });

  it('keeps state per NINO and tax year', async () => {
    await put(pensions(OTHER, '2023-24'), VALID_BODY);
    expectError(await get(pensions(OTHER, '2022-23')), 404, ERR.MATCHING_RESOURCE_NOT_FOUND);
    expectError(await get(pensions('AB123456D', '2023-24')), 404, ERR.MATCHING_RESOURCE_NOT_FOUND);
  });

  it('keeps each token’s writes and deletes apart', async () => {
    await put(pensions(OTHER, '2023-24'), VALID_BODY, { token: 'alice' });
    expect((await get(pensions(OTHER, '2023-24'), { token: 'alice' })).status).toBe(200);
    expectError(
      await get(pensions(OTHER, '2023-24'), { token: 'bob' }),
      404,
      ERR.MATCHING_RESOURCE_NOT_FOUND,
    );

    // Bob deleting the demo data leaves Alice's view of it alone.
    expect((await del(pensions(DEMO, '2023-24'), { token: 'bob' })).status).toBe(204);
    expectError(await get(pensions(DEMO, '2023-24'), { token: 'bob' }), 404, ERR.MATCHING_RESOURCE_NOT_FOUND);
    expect((await get(pensions(DEMO, '2023-24'), { token: 'alice' })).body).toEqual(
      PENSION_CHARGES_DEF1_EXAMPLE,
    );

    // Bob overwriting Alice's NINO does not touch Alice's copy.
    await put(
      pensions(OTHER, '2023-24'),
      {
        ...VALID_BODY,
        pensionContributions: { ...VALID_BODY.pensionContributions, annualAllowanceTaxPaid: 2 },
      },
      { token: 'bob' },
    );
    expect(
      (await get(pensions(OTHER, '2023-24'), { token: 'alice' })).body.pensionContributions
        .annualAllowanceTaxPaid,
    ).toBe(1);
  });

  it('forgets state and recorded requests on reset', async () => {
    await put(pensions(OTHER, '2023-24'), VALID_BODY);
    expect(simulator.requests).toHaveLength(1);
    expect(simulator.requests[0]).toMatchObject({
      method: 'PUT',
      url: pensions(OTHER, '2023-24'),
      body: VALID_BODY,
      headers: expect.objectContaining({ accept: V3 }),
      authorization: simulator.fingerprint(`Bearer ${TOKEN}`),
    });
    simulator.reset();
    expect(simulator.requests).toHaveLength(0);
    expectError(await get(pensions(OTHER, '2023-24')), 404, ERR.MATCHING_RESOURCE_NOT_FOUND);
  });
});

describe('request history: bounded and free of credentials', () => {
  it('keeps no token, cookie or API key, only a keyed fingerprint of Authorization', async () => {
    const secret = 'Bearer secret-token-0123456789';
    const response = await fetch(`${base}${pensions(OTHER, '2023-24')}`, {
      headers: {
        authorization: secret,
        accept: V3,
        cookie: 'session=cookie-secret',
        'proxy-authorization': 'Basic cHJveHk6c2VjcmV0',
        'x-api-key': 'api-key-secret',
        'gov-test-scenario': 'NOT_FOUND',
      },
    });
    expect(response.status).toBe(404);
    const [recorded] = simulator.requests;
    const text = JSON.stringify(recorded);
    for (const leaked of ['secret-token', 'cookie-secret', 'cHJveHk6c2VjcmV0', 'api-key-secret'])
      expect(text).not.toContain(leaked);
    expect(recorded!.headers).not.toHaveProperty('authorization');
    expect(recorded!.headers).not.toHaveProperty('cookie');
    expect(recorded!.headers['gov-test-scenario']).toBe('NOT_FOUND');
    // The fingerprint tells tokens apart exactly, and differs between simulators (keyed per instance).
    expect(recorded!.authorization).toBe(simulator.fingerprint(secret));
    expect(recorded!.authorization).not.toBe(simulator.fingerprint(`${secret}x`));
    expect(createSimulator().fingerprint(secret)).not.toBe(simulator.fingerprint(secret));
  });

  it('keeps OAuth token requests (client secrets, codes, refresh tokens) out of the history altogether', async () => {
    await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: V3 },
      body: 'grant_type=authorization_code&code=abc123&client_id=app&client_secret=s3cr3t&refresh_token=r1',
    });
    expect(simulator.requests.filter((r) => r.url.includes('/oauth/'))).toEqual([]);
    expect(JSON.stringify(simulator.requests)).not.toMatch(/abc123|s3cr3t/);
  });

  it('redacts credentials in any other form body', async () => {
    await fetch(`${base}/individuals/charges/pensions/${DEMO_NINO}/2024-25`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: V3,
        authorization: 'Bearer t0k3n',
      },
      body: 'grant_type=authorization_code&code=abc123&client_id=app&client_secret=s3cr3t&refresh_token=r1',
    });
    const recorded = simulator.requests.find((r) => r.url.includes('/pensions/'));
    const body = String(recorded!.body);
    expect(new URLSearchParams(body).get('grant_type')).toBe('authorization_code');
    expect(new URLSearchParams(body).get('client_id')).toBe('app');
    for (const leaked of ['abc123', 's3cr3t', 'r1']) expect(body).not.toContain(leaked);
  });

  it('keeps only the most recent requests', async () => {
    const small = createSimulator({ maxRecordedRequests: 20 });
    const url = await small.listen(0);
    try {
      for (let i = 0; i < 65; i++)
        await fetch(`${url}/individuals/charges/pensions/${OTHER}/2023-24?n=${i}`, {
          headers: { authorization: `Bearer ${TOKEN}`, accept: V3 },
        });
      expect(small.requests.length).toBeLessThanOrEqual(20);
      expect(small.requests.length).toBeGreaterThanOrEqual(18);
      // The newest, in order.
      const numbers = small.requests.map((r) => Number(new URL(r.url, url).searchParams.get('n')));
      expect(numbers.at(-1)).toBe(64);
      expect(numbers).toEqual(numbers.map((_, i) => 65 - numbers.length + i));
    } finally {
      await small.close();
    }
  });

  it('keeps 1,000 by default', async () => {
    const fresh = createSimulator();
    const url = await fresh.listen(0);
    try {
      // In small concurrent batches: a 2-core machine shared with other work answers these slowly.
      for (let sent = 0; sent < 1_100; sent += 25)
        await Promise.all(
          Array.from({ length: 25 }, () =>
            fetch(`${url}/nowhere`, { headers: { authorization: `Bearer ${TOKEN}`, accept: V3 } }).then((r) =>
              r.arrayBuffer(),
            ),
          ),
        );
      expect(fresh.requests.length).toBeLessThanOrEqual(1_000);
      expect(fresh.requests.length).toBeGreaterThan(800);
    } finally {
      await fresh.close();
    }
  }, 120_000);
});
