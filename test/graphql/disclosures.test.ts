/**
 * Individuals Disclosures end to end: GraphQL over a real port → gateway → (only if valid) HTTP → HMRC sandbox
 * simulator. Reads, writes and deletes of disclosures; the marriage-allowance claim; HMRC's rules
 * (docs/hmrc-rules.md §2.2–§2.8, §5) reported as one GraphQL error per HMRC error with HMRC's code, status and
 * paths and nothing sent upstream; and HMRC's own answers (sandbox `Gov-Test-Scenario`s) passed through.
 *
 * Disclosures does not sort its errors (§2.2 rule 3), so several errors are compared as a set.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_NINO } from '../../src/simulator/demo-data';
import type { GraphQLResponse, Stack } from '../helpers/stack';
import { TOKEN, startStack, upstreamCalls } from '../helpers/stack';
import { hmrcSpecDir } from '../helpers/hmrc-fixtures';

const MESSAGES = {
  FORMAT_NINO: 'The provided NINO is invalid',
  FORMAT_TAX_YEAR: 'The provided tax year is invalid',
  RULE_TAX_YEAR_RANGE_INVALID: 'Tax year range invalid. A tax year range of one year is required',
  RULE_TAX_YEAR_NOT_SUPPORTED:
    'The specified tax year is not supported. That is, the tax year specified is before the minimum tax year value',
  RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED: 'An empty or non-matching body was submitted',
  FORMAT_SRN_INVALID: 'The provided scheme reference number is invalid',
  RULE_VOLUNTARY_CLASS2_VALUE_INVALID: 'Voluntary Class 2 Contributions can only be set to true',
  FORMAT_SPOUSE_OR_CIVIL_PARTNERS_NINO:
    "The provided spouse or civil partner's National Insurance Number is invalid",
  FORMAT_SPOUSE_OR_CIVIL_PARTNERS_FIRST_NAME: "The provided spouse or civil partner's first name is invalid",
  FORMAT_SPOUSE_OR_CIVIL_PARTNERS_SURNAME: "The provided spouse or civil partner's surname is invalid",
  FORMAT_SPOUSE_OR_CIVIL_PARTNERS_DATE_OF_BIRTH:
    "The provided spouse or civil partner's date of birth date is invalid",
} as const;
type Code = keyof typeof MESSAGES;

/** HMRC's own answers in the sandbox, with the status HMRC gives each (§2.8, §5.2–§5.4). */
const HMRC_ANSWERS = {
  RULE_VOLUNTARY_CLASS2_CANNOT_BE_CHANGED: {
    status: 400,
    message: 'Voluntary Class 2 NICs cannot be changed after 31st Jan following the year of submission',
  },
  RULE_OUTSIDE_AMENDMENT_WINDOW: { status: 400, message: 'You are outside the amendment window' },
  MATCHING_RESOURCE_NOT_FOUND: { status: 404, message: 'Matching resource not found' },
  RULE_DECEASED_RECIPIENT: { status: 400, message: 'The provided spouse or civil partner is deceased' },
  RULE_ACTIVE_MARRIAGE_ALLOWANCE_CLAIM: {
    status: 400,
    message: 'Marriage Allowance has already been transferred to a spouse or civil partner',
  },
  RULE_INVALID_REQUEST: { status: 400, message: 'The NINO supplied is invalid' },
  RULE_INCORRECT_GOV_TEST_SCENARIO: { status: 400, message: 'The supplied Gov-Test-Scenario is not valid' },
} as const;
type HmrcCode = keyof typeof HMRC_ANSWERS;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BODY = 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED';
/** A taxpayer with no demo data, for writes. */
const NINO = 'AB123456C';
const YEAR = '2023-24';

const DISCLOSURES_FIELDS = /* GraphQL */ `
  submittedOn
  taxAvoidance {
    srn
    taxYear
  }
  class2Nics {
    class2VoluntaryContributions
  }
`;

const READ = /* GraphQL */ `
  query Read($nino: Nino!, $taxYear: TaxYear!) {
    taxpayer(nino: $nino) {
      taxYear(taxYear: $taxYear) {
        taxYear
        disclosures { ${DISCLOSURES_FIELDS} }
      }
    }
  }
`;

/** The write alone: selects nothing that would make the gateway read back from HMRC. */
const WRITE = /* GraphQL */ `
  mutation Write($nino: Nino!, $taxYear: TaxYear!, $input: DisclosuresInput!) {
    createOrAmendDisclosures(nino: $nino, taxYear: $taxYear, input: $input) {
      correlationId
      taxpayerYear {
        nino
        taxYear
      }
    }
  }
`;

const WRITE_AND_READ = /* GraphQL */ `
  mutation WriteAndRead($nino: Nino!, $taxYear: TaxYear!, $input: DisclosuresInput!) {
    createOrAmendDisclosures(nino: $nino, taxYear: $taxYear, input: $input) {
      correlationId
      taxpayerYear {
        disclosures { ${DISCLOSURES_FIELDS} }
      }
    }
  }
`;

const DELETE = /* GraphQL */ `
  mutation Delete($nino: Nino!, $taxYear: TaxYear!) {
    deleteDisclosures(nino: $nino, taxYear: $taxYear) {
      correlationId
      taxpayerYear {
        taxYear
        disclosures {
          submittedOn
        }
      }
    }
  }
`;

const CLAIM = /* GraphQL */ `
  mutation Claim($nino: Nino!, $input: MarriageAllowanceInput!) {
    createMarriageAllowance(nino: $nino, input: $input) {
      correlationId
      nino
    }
  }
`;

/** HMRC's documented example (the simulator's demo data for AA123456A in 2023-24 and 2024-25). */
const EXAMPLE = {
  submittedOn: '2020-07-06T09:37:17.000Z',
  taxAvoidance: [{ srn: '14211123', taxYear: '2020-21' }],
  class2Nics: { class2VoluntaryContributions: true },
};

const fullInput = () => ({
  taxAvoidance: [
    { srn: '14211123', taxYear: '2020-21' },
    { srn: '34522678', taxYear: '2021-22' },
  ],
  class2Nics: { class2VoluntaryContributions: true },
});

const fullClaim = () => ({
  spouseOrCivilPartnerNino: 'AA123456B',
  spouseOrCivilPartnerFirstName: 'Marge',
  spouseOrCivilPartnerSurname: 'Simpson',
  spouseOrCivilPartnerDateOfBirth: '1970-01-01',
});

const SPEC_ROOT = hmrcSpecDir('individuals-disclosures-api', '2.0');
function specJson(file: string): any {
  return JSON.parse(fs.readFileSync(path.join(SPEC_ROOT, file), 'utf8'));
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());
beforeEach(() => stack.simulator.reset());

// --- Helpers ---------------------------------------------------------------------------------------------------

interface Expected {
  code: Code;
  paths?: string[];
}
const refusal = (code: Code, paths?: string[]): Expected => ({ code, ...(paths ? { paths } : {}) });

const asSet = <T>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => {
    const [x, y] = [JSON.stringify(a), JSON.stringify(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  });

/**
 * The field failed with exactly these gateway errors (in any order), each at the field, with disclosures'
 * messages, and nothing reached HMRC.
 */
function expectRefused(
  response: GraphQLResponse,
  fieldPath: Array<string | number>,
  ...expected: Expected[]
): void {
  expect(response.status).toBe(200);
  const errors = response.body.errors ?? [];
  expect(errors).toHaveLength(expected.length);
  expect(
    asSet(errors.map((e) => ({ message: e.message, extensions: e.extensions as unknown }))),
  ).toStrictEqual(
    asSet(
      expected.map(({ code, paths }) => ({
        message: MESSAGES[code],
        extensions: { code, status: 400, ...(paths ? { paths } : {}), origin: 'GATEWAY' },
      })),
    ),
  );
  for (const error of errors) expect(error.path).toStrictEqual(fieldPath);
  expect(stack.simulator.requests).toHaveLength(0);
}

/** The field failed with HMRC's own answer to a request it received once. */
function expectHmrcRefusal(response: GraphQLResponse, field: string, code: HmrcCode): void {
  expect(response.status).toBe(200);
  expect(response.body.data).toStrictEqual({ [field]: null });
  expect(response.body.errors).toHaveLength(1);
  const [error] = response.body.errors!;
  expect(error!.path).toStrictEqual([field]);
  expect(error!.message).toBe(HMRC_ANSWERS[code].message);
  expect(error!.extensions).toStrictEqual({
    code,
    status: HMRC_ANSWERS[code].status,
    origin: 'HMRC',
    correlationId: expect.stringMatching(UUID),
  });
  expect(stack.simulator.requests).toHaveLength(1);
}

function write(taxYear: string, input: unknown, nino = NINO, headers?: Record<string, string>) {
  return stack.gql(WRITE, { nino, taxYear, input }, headers);
}

function claim(input: unknown, nino = DEMO_NINO, headers?: Record<string, string>) {
  return stack.gql(CLAIM, { nino, input }, headers);
}

/** The write succeeded and HMRC received exactly one PUT with this JSON body. */
function expectSent(response: GraphQLResponse, taxYear: string, body: unknown, nino = NINO): void {
  expect(response.body.errors).toBeUndefined();
  expect(response.status).toBe(200);
  const result = response.body.data.createOrAmendDisclosures;
  expect(result.correlationId).toMatch(UUID);
  expect(result.taxpayerYear).toStrictEqual({ nino, taxYear });
  expect(stack.simulator.requests).toHaveLength(1);
  const [request] = stack.simulator.requests;
  expect(request!.method).toBe('PUT');
  expect(request!.url).toBe(`/individuals/disclosures/${nino}/${taxYear}`);
  expect(request!.headers.accept).toBe('application/vnd.hmrc.2.0+json');
  expect(request!.headers['content-type']).toBe('application/json');
  expect(request!.body).toStrictEqual(body);
}

/** The claim succeeded and HMRC received exactly one POST with this JSON body. */
function expectClaimed(response: GraphQLResponse, body: unknown, nino = DEMO_NINO): void {
  expect(response.body.errors).toBeUndefined();
  expect(response.status).toBe(200);
  expect(response.body.data.createMarriageAllowance).toStrictEqual({
    correlationId: expect.stringMatching(UUID),
    nino,
  });
  expect(stack.simulator.requests).toHaveLength(1);
  const [request] = stack.simulator.requests;
  expect(request!.method).toBe('POST');
  expect(request!.url).toBe(`/individuals/disclosures/marriage-allowance/${nino}`);
  expect(request!.headers.accept).toBe('application/vnd.hmrc.2.0+json');
  expect(request!.body).toStrictEqual(body);
}

// --- Reading ----------------------------------------------------------------------------------------------------

describe('reading disclosures', () => {
  it.each(['2023-24', '2024-25'])(
    'reads the demo taxpayer’s disclosures for %s with one GET',
    async (taxYear) => {
      const { status, body } = await stack.gql(READ, { nino: DEMO_NINO, taxYear });
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(body.data).toStrictEqual({ taxpayer: { taxYear: { taxYear, disclosures: EXAMPLE } } });
      expect(stack.simulator.requests).toHaveLength(1);
      const [request] = stack.simulator.requests;
      expect(request!.method).toBe('GET');
      expect(request!.url).toBe(`/individuals/disclosures/${DEMO_NINO}/${taxYear}`);
      expect(request!.headers.accept).toBe('application/vnd.hmrc.2.0+json');
      expect(request!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    },
  );

  it.each([
    ['a year the demo taxpayer has nothing for', DEMO_NINO, '2022-23'],
    ['a taxpayer without data', NINO, '2023-24'],
  ])('reads HMRC’s 404 for %s as null, without an error', async (_label, nino, taxYear) => {
    const { body } = await stack.gql(READ, { nino, taxYear });
    expect(body.errors).toBeUndefined();
    expect(body.data.taxpayer.taxYear.disclosures).toBeNull();
    expect(upstreamCalls(stack.simulator, `/individuals/disclosures/${nino}/${taxYear}`)).toHaveLength(1);
  });

  it('reads HMRC’s NOT_FOUND scenario as null', async () => {
    const { body } = await stack.gql(
      READ,
      { nino: DEMO_NINO, taxYear: YEAR },
      { 'gov-test-scenario': 'NOT_FOUND' },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.taxpayer.taxYear.disclosures).toBeNull();
    expect(stack.simulator.requests[0]!.headers['gov-test-scenario']).toBe('NOT_FOUND');
  });

  it('passes HMRC’s DYNAMIC scenario through: the tax year asked about and a fresh submittedOn', async () => {
    const before = Date.now();
    const { body } = await stack.gql(
      READ,
      { nino: NINO, taxYear: '2021-22' },
      { 'gov-test-scenario': 'DYNAMIC' },
    );
    const after = Date.now();
    expect(body.errors).toBeUndefined();
    const disclosures = body.data.taxpayer.taxYear.disclosures;
    expect(disclosures.taxAvoidance).toStrictEqual([{ srn: '14211123', taxYear: '2021-22' }]);
    expect(disclosures.class2Nics).toStrictEqual({ class2VoluntaryContributions: true });
    expect(disclosures.submittedOn).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const submitted = Date.parse(disclosures.submittedOn);
    expect(submitted).toBeGreaterThanOrEqual(before - 1000);
    expect(submitted).toBeLessThanOrEqual(after + 1000);
    expect(stack.simulator.requests).toHaveLength(1);
    expect(stack.simulator.requests[0]!.headers['gov-test-scenario']).toBe('DYNAMIC');
  });
});

describe('the minimum tax year (environment setting; sandbox 2019-20)', () => {
  it('refuses a year before 2019-20 on the disclosures field only, without calling HMRC', async () => {
    const query = `query { taxpayer(nino: "${DEMO_NINO}") {
      early: taxYear(taxYear: "2018-19") { taxYear disclosures { submittedOn } }
      current: taxYear(taxYear: "2023-24") { taxYear disclosures { submittedOn } }
    } }`;
    const { status, body } = await stack.gql(query);
    expect(status).toBe(200);
    expect(body.data).toStrictEqual({
      taxpayer: {
        early: { taxYear: '2018-19', disclosures: null },
        current: { taxYear: '2023-24', disclosures: { submittedOn: EXAMPLE.submittedOn } },
      },
    });
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toStrictEqual({
      message: MESSAGES.RULE_TAX_YEAR_NOT_SUPPORTED,
      locations: expect.any(Array),
      path: ['taxpayer', 'early', 'disclosures'],
      extensions: { code: 'RULE_TAX_YEAR_NOT_SUPPORTED', status: 400, origin: 'GATEWAY' },
    });
    expect(upstreamCalls(stack.simulator, '/2018-19')).toHaveLength(0);
    expect(upstreamCalls(stack.simulator, '/2023-24')).toHaveLength(1);
  });

  it('reads 2019-20, the sandbox’s earliest year (HMRC answers 404: null)', async () => {
    const { body } = await stack.gql(READ, { nino: DEMO_NINO, taxYear: '2019-20' });
    expect(body.errors).toBeUndefined();
    expect(body.data.taxpayer.taxYear.disclosures).toBeNull();
    expect(upstreamCalls(stack.simulator, '/2019-20')).toHaveLength(1);
  });

  it('writes and deletes 2019-20 and 2020-21 in the sandbox', async () => {
    const input = { class2Nics: { class2VoluntaryContributions: true } };
    expectSent(await write('2020-21', input), '2020-21', input);
    stack.simulator.reset();
    expectSent(await write('2019-20', input), '2019-20', input);
    const deleted = await stack.gql(DELETE, { nino: NINO, taxYear: '2019-20' });
    expect(deleted.body.errors).toBeUndefined();
  });

  it('refuses writes and deletes before 2019-20 without calling HMRC', async () => {
    expectRefused(
      await write('2018-19', fullInput()),
      ['createOrAmendDisclosures'],
      refusal('RULE_TAX_YEAR_NOT_SUPPORTED'),
    );
    expectRefused(
      await stack.gql(DELETE, { nino: NINO, taxYear: '2018-19' }),
      ['deleteDisclosures'],
      refusal('RULE_TAX_YEAR_NOT_SUPPORTED'),
    );
  });

  describe('with the production minimum, 2021-22', () => {
    let production: Stack;
    beforeAll(async () => {
      production = await startStack({ disclosuresMinTaxYear: '2021-22' });
    });
    afterAll(() => production.stop());
    beforeEach(() => production.simulator.reset());

    it('refuses 2020-21 on the disclosures field only, without calling HMRC', async () => {
      const query = `query { taxpayer(nino: "${DEMO_NINO}") {
        early: taxYear(taxYear: "2020-21") { taxYear disclosures { submittedOn } }
        first: taxYear(taxYear: "2021-22") { taxYear disclosures { submittedOn } }
        current: taxYear(taxYear: "2024-25") { disclosures { submittedOn } }
      } }`;
      const { body } = await production.gql(query);
      expect(body.data).toStrictEqual({
        taxpayer: {
          early: { taxYear: '2020-21', disclosures: null },
          first: { taxYear: '2021-22', disclosures: null },
          current: { disclosures: { submittedOn: EXAMPLE.submittedOn } },
        },
      });
      expect(body.errors).toHaveLength(1);
      expect(body.errors![0]!.path).toStrictEqual(['taxpayer', 'early', 'disclosures']);
      expect(body.errors![0]!.message).toBe(MESSAGES.RULE_TAX_YEAR_NOT_SUPPORTED);
      expect(body.errors![0]!.extensions).toStrictEqual({
        code: 'RULE_TAX_YEAR_NOT_SUPPORTED',
        status: 400,
        origin: 'GATEWAY',
      });
      expect(upstreamCalls(production.simulator, '/2020-21')).toHaveLength(0);
      // 2021-22 is allowed: HMRC is asked, and answers 404 (null, no error).
      expect(upstreamCalls(production.simulator, '/2021-22')).toHaveLength(1);
      expect(upstreamCalls(production.simulator, '/2024-25')).toHaveLength(1);
    });

    it('refuses writes and deletes of 2020-21 and sends those of 2021-22', async () => {
      const input = { class2Nics: { class2VoluntaryContributions: true } };
      const refused = await production.gql(WRITE, { nino: NINO, taxYear: '2020-21', input });
      expect(refused.body.data).toStrictEqual({ createOrAmendDisclosures: null });
      expect(refused.body.errors!.map((e): unknown => [e.message, e.extensions])).toStrictEqual([
        [
          MESSAGES.RULE_TAX_YEAR_NOT_SUPPORTED,
          { code: 'RULE_TAX_YEAR_NOT_SUPPORTED', status: 400, origin: 'GATEWAY' },
        ],
      ]);
      const refusedDelete = await production.gql(DELETE, { nino: NINO, taxYear: '2020-21' });
      expect(refusedDelete.body.errors!.map((e): unknown => e.extensions.code)).toStrictEqual([
        'RULE_TAX_YEAR_NOT_SUPPORTED',
      ]);
      expect(production.simulator.requests).toHaveLength(0);

      const sent = await production.gql(WRITE, { nino: NINO, taxYear: '2021-22', input });
      expect(sent.body.errors).toBeUndefined();
      expect(production.simulator.requests).toHaveLength(1);
      expect(production.simulator.requests[0]!.url).toBe(`/individuals/disclosures/${NINO}/2021-22`);
      expect(production.simulator.requests[0]!.body).toStrictEqual(input);
    });

    it('refuses an unsupported year together with an empty body, as a set', async () => {
      const refused = await production.gql(WRITE, { nino: NINO, taxYear: '2020-21', input: {} });
      expect(asSet(refused.body.errors!.map((e): unknown => e.extensions.code))).toStrictEqual([
        BODY,
        'RULE_TAX_YEAR_NOT_SUPPORTED',
      ]);
      expect(production.simulator.requests).toHaveLength(0);
    });
  });
});

// --- Writing and deleting ------------------------------------------------------------------------------------------

describe('writing and deleting disclosures', () => {
  it('round-trips: PUT then read shows the data; DELETE then read is null', async () => {
    const written = await stack.gql(WRITE_AND_READ, { nino: NINO, taxYear: YEAR, input: fullInput() });
    expect(written.body.errors).toBeUndefined();
    const result = written.body.data.createOrAmendDisclosures;
    expect(result.correlationId).toMatch(UUID);
    // The write result's year is read after the write, so it shows the new data.
    expect(result.taxpayerYear.disclosures).toStrictEqual({
      submittedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      ...fullInput(),
    });
    const put = upstreamCalls(stack.simulator).filter((r) => r.method === 'PUT');
    expect(put).toHaveLength(1);
    expect(put[0]!.body).toStrictEqual(fullInput());

    const read = await stack.gql(READ, { nino: NINO, taxYear: YEAR });
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data.taxpayer.taxYear.disclosures).toStrictEqual(result.taxpayerYear.disclosures);

    const deleted = await stack.gql(DELETE, { nino: NINO, taxYear: YEAR });
    expect(deleted.body.errors).toBeUndefined();
    expect(deleted.body.data.deleteDisclosures).toStrictEqual({
      correlationId: expect.stringMatching(UUID),
      taxpayerYear: { taxYear: YEAR, disclosures: null },
    });
    const deletes = upstreamCalls(stack.simulator).filter((r) => r.method === 'DELETE');
    expect(deletes).toHaveLength(1);
    expect(deletes[0]!.url).toBe(`/individuals/disclosures/${NINO}/${YEAR}`);

    const after = await stack.gql(READ, { nino: NINO, taxYear: YEAR });
    expect(after.body.errors).toBeUndefined();
    expect(after.body.data.taxpayer.taxYear.disclosures).toBeNull();
  });

  it('replaces the demo taxpayer’s disclosures and deletes them', async () => {
    const input = { taxAvoidance: [{ srn: '87654321', taxYear: '2010-11' }] };
    const written = await stack.gql(WRITE_AND_READ, { nino: DEMO_NINO, taxYear: '2024-25', input });
    expect(written.body.errors).toBeUndefined();
    expect(written.body.data.createOrAmendDisclosures.taxpayerYear.disclosures).toStrictEqual({
      submittedOn: expect.any(String),
      taxAvoidance: [{ srn: '87654321', taxYear: '2010-11' }],
      class2Nics: null,
    });
    const deleted = await stack.gql(DELETE, { nino: DEMO_NINO, taxYear: '2024-25' });
    expect(deleted.body.data.deleteDisclosures.taxpayerYear.disclosures).toBeNull();
    // The other year keeps its data.
    const other = await stack.gql(READ, { nino: DEMO_NINO, taxYear: '2023-24' });
    expect(other.body.data.taxpayer.taxYear.disclosures).toStrictEqual(EXAMPLE);
  });

  it('reports HMRC’s 404 when deleting disclosures that do not exist', async () => {
    expectHmrcRefusal(
      await stack.gql(DELETE, { nino: NINO, taxYear: YEAR }),
      'deleteDisclosures',
      'MATCHING_RESOURCE_NOT_FOUND',
    );
  });

  it('keeps one caller’s writes invisible to another token', async () => {
    await write(YEAR, fullInput());
    const other = await stack.gql(
      READ,
      { nino: NINO, taxYear: YEAR },
      { authorization: 'Bearer another-token-0123456789' },
    );
    expect(other.body.errors).toBeUndefined();
    expect(other.body.data.taxpayer.taxYear.disclosures).toBeNull();
  });
});

describe('accepted writes reach HMRC as one PUT with the expected body', () => {
  it('sends a full body', async () => {
    expectSent(await write(YEAR, fullInput()), YEAR, fullInput());
  });

  it('sends HMRC’s own example request body', async () => {
    const example = specJson('examples/disclosures/amend_request.json');
    expectSent(await write(YEAR, example), YEAR, example);
  });

  it('sends taxAvoidance alone, with a scheme year before any minimum (the body has none)', async () => {
    const input = { taxAvoidance: [{ srn: '00000001', taxYear: '2010-11' }] };
    expectSent(await write(YEAR, input), YEAR, input);
  });

  it('sends class2Nics alone', async () => {
    const input = { class2Nics: { class2VoluntaryContributions: true } };
    expectSent(await write(YEAR, input), YEAR, input);
  });

  it('strips explicit nulls before sending', async () => {
    const input = {
      taxAvoidance: [{ srn: '14211123', taxYear: '2020-21' }],
      class2Nics: null,
    };
    expectSent(await write(YEAR, input), YEAR, { taxAvoidance: [{ srn: '14211123', taxYear: '2020-21' }] });
  });

  it('drops an empty class2Nics, which HMRC reads as absent', async () => {
    const taxAvoidance = [{ srn: '14211123', taxYear: '2020-21' }];
    expectSent(await write(YEAR, { taxAvoidance, class2Nics: {} }), YEAR, { taxAvoidance });
    stack.simulator.reset();
    expectSent(
      await write(YEAR, { taxAvoidance, class2Nics: { class2VoluntaryContributions: null } }),
      YEAR,
      { taxAvoidance },
    );
  });

  it('accepts a NINO without a suffix', async () => {
    const input = { class2Nics: { class2VoluntaryContributions: true } };
    expectSent(await write(YEAR, input, 'AB123456'), YEAR, input, 'AB123456');
  });

  it('sends an input written inline in the query', async () => {
    const response = await stack.gql(`mutation {
      createOrAmendDisclosures(nino: "${NINO}", taxYear: "${YEAR}", input: {
        taxAvoidance: [{ srn: "14211123", taxYear: "2020-21" }], class2Nics: { class2VoluntaryContributions: true }
      }) { correlationId taxpayerYear { nino taxYear } }
    }`);
    expectSent(response, YEAR, {
      taxAvoidance: [{ srn: '14211123', taxYear: '2020-21' }],
      class2Nics: { class2VoluntaryContributions: true },
    });
  });
});

describe('refused writes: HMRC’s rules, reported by the gateway, nothing sent', () => {
  const FIELD = ['createOrAmendDisclosures'];

  it.each([
    ['an empty input', {}],
    ['null sections only', { taxAvoidance: null, class2Nics: null }],
    ['an empty class2Nics alone (read as absent)', { class2Nics: {} }],
    ['a class2Nics whose toggle is null', { class2Nics: { class2VoluntaryContributions: null } }],
  ])('refuses %s with RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED and no paths', async (_label, input) => {
    const response = await write(YEAR, input);
    expect(response.body.data).toStrictEqual({ createOrAmendDisclosures: null });
    expectRefused(response, FIELD, refusal(BODY));
  });

  it('refuses an empty taxAvoidance with its path, even beside a valid class2Nics', async () => {
    expectRefused(await write(YEAR, { taxAvoidance: [] }), FIELD, refusal(BODY, ['/taxAvoidance']));
    expectRefused(
      await write(YEAR, { taxAvoidance: [], class2Nics: { class2VoluntaryContributions: true } }),
      FIELD,
      refusal(BODY, ['/taxAvoidance']),
    );
  });

  it('refuses schemes with missing fields with their paths, sorted', async () => {
    expectRefused(
      await write(YEAR, { taxAvoidance: [{ srn: '14211123' }, {}] }),
      FIELD,
      refusal(BODY, ['/taxAvoidance/0/taxYear', '/taxAvoidance/1/srn', '/taxAvoidance/1/taxYear']),
    );
  });

  it.each(['1421112', '142111234', 'ABC142111235', '        ', ' 1421112', ''])(
    'refuses the SRN %j with FORMAT_SRN_INVALID at its path',
    async (srn) => {
      expectRefused(
        await write(YEAR, {
          taxAvoidance: [
            { srn: '14211123', taxYear: '2020-21' },
            { srn, taxYear: '2020-21' },
          ],
        }),
        FIELD,
        refusal('FORMAT_SRN_INVALID', ['/taxAvoidance/1/srn']),
      );
    },
  );

  it.each([
    ['2020', 'FORMAT_TAX_YEAR'],
    ['2020-222', 'FORMAT_TAX_YEAR'],
    ['2009-10', 'FORMAT_TAX_YEAR'],
    ['2020-22', 'RULE_TAX_YEAR_RANGE_INVALID'],
  ] as const)(
    'refuses the scheme tax year %j with %s at its path, in disclosures’ wording',
    async (taxYear, code) => {
      expectRefused(
        await write(YEAR, { taxAvoidance: [{ srn: '14211123', taxYear }] }),
        FIELD,
        refusal(code, ['/taxAvoidance/0/taxYear']),
      );
    },
  );

  it('refuses class2VoluntaryContributions false', async () => {
    expectRefused(
      await write(YEAR, { class2Nics: { class2VoluntaryContributions: false } }),
      FIELD,
      refusal('RULE_VOLUNTARY_CLASS2_VALUE_INVALID', ['/class2Nics/class2VoluntaryContributions']),
    );
  });

  it('reports every error of HMRC’s all-invalid body, as a set', async () => {
    const input = {
      taxAvoidance: [
        { srn: 'ABC142111235D', taxYear: '2020' },
        { srn: 'CDE345226789F', taxYear: '2020-22' },
      ],
      class2Nics: { class2VoluntaryContributions: false },
    };
    const response = await write(YEAR, input);
    expect(response.body.data).toStrictEqual({ createOrAmendDisclosures: null });
    expectRefused(
      response,
      FIELD,
      refusal('FORMAT_TAX_YEAR', ['/taxAvoidance/0/taxYear']),
      refusal('FORMAT_SRN_INVALID', ['/taxAvoidance/0/srn', '/taxAvoidance/1/srn']),
      refusal('RULE_TAX_YEAR_RANGE_INVALID', ['/taxAvoidance/1/taxYear']),
      refusal('RULE_VOLUNTARY_CLASS2_VALUE_INVALID', ['/class2Nics/class2VoluntaryContributions']),
    );
  });

  it('reports an unsupported year together with an empty taxAvoidance, as a set', async () => {
    expectRefused(
      await write('2018-19', { taxAvoidance: [] }),
      FIELD,
      refusal('RULE_TAX_YEAR_NOT_SUPPORTED'),
      refusal(BODY, ['/taxAvoidance']),
    );
  });

  it('does not run the field rules when the year is unsupported', async () => {
    expectRefused(
      await write('2018-19', { taxAvoidance: [{ srn: 'bad', taxYear: 'bad' }] }),
      FIELD,
      refusal('RULE_TAX_YEAR_NOT_SUPPORTED'),
    );
  });

  it.each([
    ['nino', 'AB123456E', 'FORMAT_NINO'],
    ['taxYear', '2023', 'FORMAT_TAX_YEAR'],
    ['taxYear', '2023-25', 'RULE_TAX_YEAR_RANGE_INVALID'],
  ])('refuses a malformed %s (%j) at the scalar, before any resolver, with %s', async (name, value, code) => {
    const variables = { nino: NINO, taxYear: YEAR, input: fullInput(), [name]: value };
    const response = await stack.gql(WRITE, variables);
    // The whole request fails (HTTP 400, no data). The shared scalars word these codes as charges and reliefs
    // do, so only the code, status and origin are disclosures-independent here.
    expect(response.status).toBe(400);
    expect(response.body).not.toHaveProperty('data');
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors![0]!.extensions).toStrictEqual({ code, status: 400, origin: 'GATEWAY' });
    expect(stack.simulator.requests).toHaveLength(0);
  });
});

describe('HMRC’s own answers to disclosures writes (sandbox scenarios)', () => {
  it.each([
    ['VOLUNTARY_CLASS2_CANNOT_BE_CHANGED', 'RULE_VOLUNTARY_CLASS2_CANNOT_BE_CHANGED'],
    ['OUTSIDE_AMENDMENT_WINDOW', 'RULE_OUTSIDE_AMENDMENT_WINDOW'],
    ['NOT_FOUND', 'MATCHING_RESOURCE_NOT_FOUND'],
  ] as const)('passes PUT %s through as HMRC’s %s', async (scenario, code) => {
    const response = await write(YEAR, fullInput(), NINO, { 'gov-test-scenario': scenario });
    expectHmrcRefusal(response, 'createOrAmendDisclosures', code);
    const [sent] = stack.simulator.requests;
    expect(sent!.method).toBe('PUT');
    expect(sent!.headers['gov-test-scenario']).toBe(scenario);
    expect(sent!.body).toStrictEqual(fullInput());
  });

  it.each([
    ['NOT_FOUND', 'MATCHING_RESOURCE_NOT_FOUND'],
    ['OUTSIDE_AMENDMENT_WINDOW', 'RULE_OUTSIDE_AMENDMENT_WINDOW'],
  ] as const)('passes DELETE %s through as HMRC’s %s', async (scenario, code) => {
    const response = await stack.gql(
      DELETE,
      { nino: DEMO_NINO, taxYear: YEAR },
      { 'gov-test-scenario': scenario },
    );
    expectHmrcRefusal(response, 'deleteDisclosures', code);
    expect(stack.simulator.requests[0]!.method).toBe('DELETE');
    expect(stack.simulator.requests[0]!.headers['gov-test-scenario']).toBe(scenario);
  });

  it('passes HMRC’s refusal of a scenario the endpoint does not know', async () => {
    const response = await write(YEAR, fullInput(), NINO, { 'gov-test-scenario': 'DYNAMIC' });
    expectHmrcRefusal(response, 'createOrAmendDisclosures', 'RULE_INCORRECT_GOV_TEST_SCENARIO');
  });

  it('does not send a refused write even with a scenario header', async () => {
    expectRefused(
      await write(YEAR, {}, NINO, { 'gov-test-scenario': 'OUTSIDE_AMENDMENT_WINDOW' }),
      ['createOrAmendDisclosures'],
      refusal(BODY),
    );
  });
});

// --- Marriage allowance ------------------------------------------------------------------------------------------

describe('claiming the marriage allowance', () => {
  it('POSTs the claim once; HMRC answers 201 and the result carries its correlation id', async () => {
    expectClaimed(await claim(fullClaim()), fullClaim());
  });

  it('sends HMRC’s own example request body', async () => {
    const example = specJson('examples/marriageAllowance/create_marriageAllowance_request.json');
    expectClaimed(await claim(example), example);
  });

  it('sends a claim without the optional fields, nulls stripped', async () => {
    const input = {
      spouseOrCivilPartnerNino: 'AA123456B',
      spouseOrCivilPartnerFirstName: null,
      spouseOrCivilPartnerSurname: 'Simpson',
      spouseOrCivilPartnerDateOfBirth: null,
    };
    expectClaimed(
      await claim(input, NINO),
      {
        spouseOrCivilPartnerNino: 'AA123456B',
        spouseOrCivilPartnerSurname: 'Simpson',
      },
      NINO,
    );
  });

  it('accepts a spouse NINO without a suffix (HMRC’s runtime rule) and boundary values', async () => {
    const input = {
      spouseOrCivilPartnerNino: 'AA123456',
      spouseOrCivilPartnerFirstName: 'x'.repeat(35),
      spouseOrCivilPartnerSurname: "O'Brien-Smith (Jnr), 1/2 & Co.",
      spouseOrCivilPartnerDateOfBirth: '2100-12-31',
    };
    expectClaimed(await claim(input), input);
    stack.simulator.reset();
    const earliest = { ...fullClaim(), spouseOrCivilPartnerDateOfBirth: '1900-01-01' };
    expectClaimed(await claim(earliest), earliest);
  });

  it.each([
    ['DECEASED_RECIPIENT', 'RULE_DECEASED_RECIPIENT'],
    ['CLAIM_ALREADY_EXISTS', 'RULE_ACTIVE_MARRIAGE_ALLOWANCE_CLAIM'],
    ['INVALID_REQUEST', 'RULE_INVALID_REQUEST'],
    ['NOT_FOUND', 'RULE_INCORRECT_GOV_TEST_SCENARIO'],
  ] as const)('passes the scenario %s through as HMRC’s %s', async (scenario, code) => {
    const response = await claim(fullClaim(), DEMO_NINO, { 'gov-test-scenario': scenario });
    expectHmrcRefusal(response, 'createMarriageAllowance', code);
    const [sent] = stack.simulator.requests;
    expect(sent!.method).toBe('POST');
    expect(sent!.url).toBe(`/individuals/disclosures/marriage-allowance/${DEMO_NINO}`);
    expect(sent!.headers['gov-test-scenario']).toBe(scenario);
    expect(sent!.body).toStrictEqual(fullClaim());
  });
});

describe('refused claims: HMRC’s rules, reported by the gateway, nothing sent', () => {
  const FIELD = ['createMarriageAllowance'];

  it('refuses an empty input without paths', async () => {
    const response = await claim({});
    expect(response.body.data).toStrictEqual({ createMarriageAllowance: null });
    expectRefused(response, FIELD, refusal(BODY));
  });

  it('refuses a claim without surname and spouse NINO with both paths, sorted', async () => {
    expectRefused(
      await claim({ spouseOrCivilPartnerFirstName: 'Marge' }),
      FIELD,
      refusal(BODY, ['/spouseOrCivilPartnerNino', '/spouseOrCivilPartnerSurname']),
    );
  });

  it.each(['spouseOrCivilPartnerSurname', 'spouseOrCivilPartnerNino'])(
    'refuses a claim without %s with its path',
    async (field) => {
      expectRefused(await claim({ ...fullClaim(), [field]: null }), FIELD, refusal(BODY, [`/${field}`]));
    },
  );

  it.each([
    ['spouseOrCivilPartnerNino', 'XXX', 'FORMAT_SPOUSE_OR_CIVIL_PARTNERS_NINO'],
    ['spouseOrCivilPartnerNino', 'aa123456b', 'FORMAT_SPOUSE_OR_CIVIL_PARTNERS_NINO'],
    ['spouseOrCivilPartnerNino', 'AA123456E', 'FORMAT_SPOUSE_OR_CIVIL_PARTNERS_NINO'],
    ['spouseOrCivilPartnerSurname', 'x'.repeat(36), 'FORMAT_SPOUSE_OR_CIVIL_PARTNERS_SURNAME'],
    ['spouseOrCivilPartnerSurname', '   ', 'FORMAT_SPOUSE_OR_CIVIL_PARTNERS_SURNAME'],
    ['spouseOrCivilPartnerSurname', 'Zoë', 'FORMAT_SPOUSE_OR_CIVIL_PARTNERS_SURNAME'],
    ['spouseOrCivilPartnerFirstName', '', 'FORMAT_SPOUSE_OR_CIVIL_PARTNERS_FIRST_NAME'],
    ['spouseOrCivilPartnerFirstName', 'Marge!', 'FORMAT_SPOUSE_OR_CIVIL_PARTNERS_FIRST_NAME'],
    ['spouseOrCivilPartnerDateOfBirth', '1899-12-31', 'FORMAT_SPOUSE_OR_CIVIL_PARTNERS_DATE_OF_BIRTH'],
    ['spouseOrCivilPartnerDateOfBirth', '2101-01-01', 'FORMAT_SPOUSE_OR_CIVIL_PARTNERS_DATE_OF_BIRTH'],
    ['spouseOrCivilPartnerDateOfBirth', '1970-02-30', 'FORMAT_SPOUSE_OR_CIVIL_PARTNERS_DATE_OF_BIRTH'],
    ['spouseOrCivilPartnerDateOfBirth', 'XXXX', 'FORMAT_SPOUSE_OR_CIVIL_PARTNERS_DATE_OF_BIRTH'],
  ] as const)('refuses %s %j with %s and no paths', async (field, value, code) => {
    expectRefused(await claim({ ...fullClaim(), [field]: value }), FIELD, refusal(code));
  });

  it('reports every error of HMRC’s all-invalid claim, as a set', async () => {
    const input = {
      spouseOrCivilPartnerNino: 'XXX',
      spouseOrCivilPartnerFirstName: '1'.repeat(36),
      spouseOrCivilPartnerSurname: '1'.repeat(36),
      spouseOrCivilPartnerDateOfBirth: 'XXXX',
    };
    expectRefused(
      await claim(input),
      FIELD,
      refusal('FORMAT_SPOUSE_OR_CIVIL_PARTNERS_DATE_OF_BIRTH'),
      refusal('FORMAT_SPOUSE_OR_CIVIL_PARTNERS_NINO'),
      refusal('FORMAT_SPOUSE_OR_CIVIL_PARTNERS_FIRST_NAME'),
      refusal('FORMAT_SPOUSE_OR_CIVIL_PARTNERS_SURNAME'),
    );
  });

  it('does not send a refused claim even with a scenario header', async () => {
    expectRefused(
      await claim({ ...fullClaim(), spouseOrCivilPartnerNino: 'XXX' }, DEMO_NINO, {
        'gov-test-scenario': 'DECEASED_RECIPIENT',
      }),
      FIELD,
      refusal('FORMAT_SPOUSE_OR_CIVIL_PARTNERS_NINO'),
    );
  });

  it('refuses a malformed claimant NINO at the scalar, before any resolver', async () => {
    const response = await claim(fullClaim(), 'AA123456E');
    expect(response.status).toBe(400);
    expect(response.body).not.toHaveProperty('data');
    expect(response.body.errors!.map((e): unknown => e.extensions)).toStrictEqual([
      { code: 'FORMAT_NINO', status: 400, origin: 'GATEWAY' },
    ]);
    expect(stack.simulator.requests).toHaveLength(0);
  });
});
