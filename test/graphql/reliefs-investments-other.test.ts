/**
 * Relief investments and other reliefs end to end: GraphQL over a real port → gateway → (only if valid) HTTP → HMRC
 * sandbox simulator (docs/hmrc-rules.md §2.2–§2.7, §4.1–§4.3, §4.7, §4.8). Reads, writes and deletes round-trip;
 * a request HMRC would refuse is refused by the gateway with HMRC's code, status and paths and never sent; HMRC's
 * own refusals (sandbox scenarios) come back with origin HMRC and HMRC's correlation id. v2 is exercised through a
 * second gateway that calls the same simulator with `Accept: application/vnd.hmrc.2.0+json`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_NINO } from '../../src/simulator/demo-data';
import type { GraphQLResponse, RunningGateway, Stack } from '../helpers/stack';
import { startGateway, startStack, upstreamCalls } from '../helpers/stack';
import { hmrcSpecDir } from '../helpers/hmrc-fixtures';

const MESSAGES = {
  FORMAT_NINO: 'The NINO format is invalid',
  FORMAT_TAX_YEAR: 'The taxYear format is invalid',
  RULE_TAX_YEAR_RANGE_INVALID: 'A tax year range of one year is required',
  RULE_TAX_YEAR_NOT_SUPPORTED: 'The tax year specified does not lie within the supported range',
  RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED:
    'This version of the API supports tax years up to, and including, 2024-25. For tax years from 2025-26 onwards, use version 3',
  RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED: 'An empty or non-matching body was submitted',
  FORMAT_VALUE: 'The value must be between 0 and 99999999999.99',
  FORMAT_UNIQUE_INVESTMENT_REFERENCE: 'The format of unique investment reference is invalid',
  FORMAT_NAME: 'The format of the name is invalid',
  FORMAT_DATE_OF_INVESTMENT: 'The format of the investment date is invalid',
  FORMAT_CUSTOMER_REF: 'The provided customer reference is not valid',
  FORMAT_NATURE_OF_TRADE: 'The provided nature of trade is not valid',
  FORMAT_NAME_EX_SPOUSE: 'The provided ex spouse name is not valid',
  FORMAT_NAME_BUSINESS: 'The provided business name is not valid',
  FORMAT_INCOME_SOURCE: 'The provided income source is not valid',
  FORMAT_LENDER_NAME: 'The provided lender name is not valid',
  FORMAT_DATE: 'The supplied date format is not valid',
  RULE_SUBMISSION_FAILED: 'The submission cannot be completed due to validation failures',
  RULE_OUTSIDE_AMENDMENT_WINDOW: 'You are outside the amendment window',
  RULE_INCORRECT_GOV_TEST_SCENARIO: 'The supplied Gov-Test-Scenario is not valid',
  MATCHING_RESOURCE_NOT_FOUND: 'Matching resource not found',
} as const;
type Code = keyof typeof MESSAGES;

interface Expected {
  code: Code;
  paths?: string[];
}
const refusal = (code: Code, paths?: string[]): Expected => ({ code, ...(paths ? { paths } : {}) });
const BODY = 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const INVESTMENTS_FIELDS = /* GraphQL */ `
  submittedOn
  vctSubscription { uniqueInvestmentRef name dateOfInvestment amountInvested reliefClaimed }
  eisSubscription { uniqueInvestmentRef name knowledgeIntensive dateOfInvestment amountInvested reliefClaimed }
  communityInvestment { uniqueInvestmentRef name dateOfInvestment amountInvested reliefClaimed }
  seedEnterpriseInvestment { uniqueInvestmentRef companyName dateOfInvestment amountInvested reliefClaimed }
  socialEnterpriseInvestment { uniqueInvestmentRef socialEnterpriseName dateOfInvestment amountInvested reliefClaimed }
`;

const OTHER_FIELDS = /* GraphQL */ `
  submittedOn
  nonDeductibleLoanInterest { customerReference reliefClaimed }
  payrollGiving { customerReference reliefClaimed }
  qualifyingDistributionRedemptionOfSharesAndSecurities { customerReference amount }
  maintenancePayments { customerReference exSpouseName exSpouseDateOfBirth amount }
  postCessationTradeReliefAndCertainOtherLosses {
    customerReference businessName dateBusinessCeased natureOfTrade incomeSource amount
  }
  annualPaymentsMade { customerReference reliefClaimed }
  qualifyingLoanInterestPayments { customerReference lenderName reliefClaimed }
`;

const READ = /* GraphQL */ `
  query Read($nino: Nino!, $taxYear: TaxYear!) {
    taxpayer(nino: $nino) {
      taxYear(taxYear: $taxYear) {
        taxYear
        reliefs {
          investments { ${INVESTMENTS_FIELDS} }
          other { ${OTHER_FIELDS} }
        }
      }
    }
  }
`;

const WRITE_INVESTMENTS = /* GraphQL */ `
  mutation Write($nino: Nino!, $taxYear: TaxYear!, $input: ReliefInvestmentsInput!) {
    createOrAmendReliefInvestments(nino: $nino, taxYear: $taxYear, input: $input) {
      correlationId
      taxpayerYear { taxYear reliefs { investments { ${INVESTMENTS_FIELDS} } } }
    }
  }
`;

const WRITE_OTHER = /* GraphQL */ `
  mutation Write($nino: Nino!, $taxYear: TaxYear!, $input: OtherReliefsInput!) {
    createOrAmendOtherReliefs(nino: $nino, taxYear: $taxYear, input: $input) {
      correlationId
      taxpayerYear { taxYear reliefs { other { ${OTHER_FIELDS} } } }
    }
  }
`;

const DELETE_INVESTMENTS = /* GraphQL */ `
  mutation Delete($nino: Nino!, $taxYear: TaxYear!) {
    deleteReliefInvestments(nino: $nino, taxYear: $taxYear) {
      correlationId
      taxpayerYear {
        reliefs {
          investments {
            submittedOn
          }
        }
      }
    }
  }
`;

const DELETE_OTHER = /* GraphQL */ `
  mutation Delete($nino: Nino!, $taxYear: TaxYear!) {
    deleteOtherReliefs(nino: $nino, taxYear: $taxYear) {
      correlationId
      taxpayerYear {
        reliefs {
          other {
            submittedOn
          }
        }
      }
    }
  }
`;

const SPEC_ROOT = hmrcSpecDir('individuals-reliefs-api');
function readSpec(file: string): any {
  return JSON.parse(fs.readFileSync(path.join(SPEC_ROOT, file), 'utf8'));
}

function investmentsInput(): any {
  return {
    vctSubscription: [
      {
        uniqueInvestmentRef: 'VCT-2023 A',
        name: 'Fonds Étoile',
        dateOfInvestment: '2023-05-01',
        amountInvested: 10000.5,
        reliefClaimed: 3000.15,
      },
    ],
    eisSubscription: [
      {
        uniqueInvestmentRef: 'EIS’1',
        name: "O'Neill Ltd",
        knowledgeIntensive: false,
        dateOfInvestment: '2023-06-30',
        reliefClaimed: 500,
      },
    ],
    socialEnterpriseInvestment: [{ uniqueInvestmentRef: 'SITR1', reliefClaimed: 99999999999.99 }],
  };
}

function otherInput(): any {
  return {
    payrollGiving: { customerReference: 'PAYROLL-1', reliefClaimed: 154.5 },
    maintenancePayments: [
      {
        customerReference: 'MAINT',
        exSpouseName: 'Hilda / Smith',
        exSpouseDateOfBirth: '1934-02-28',
        amount: 222.22,
      },
    ],
    postCessationTradeReliefAndCertainOtherLosses: [
      {
        businessName: 'ACME, Inc.',
        dateBusinessCeased: '2023-08-10',
        natureOfTrade: 'Widgets Manufacturer',
        incomeSource: 'AB12412/A12',
        amount: 0,
      },
    ],
    qualifyingLoanInterestPayments: [{ lenderName: 'Maurice & Co', reliefClaimed: 763 }],
  };
}

let stack: Stack;
let v2: RunningGateway;
beforeAll(async () => {
  stack = await startStack();
  // v2: a second gateway (same simulator) configured for Individuals Reliefs 2.0.
  v2 = await startGateway(stack.simulatorUrl, { versions: { reliefs: '2.0' } });
});
afterAll(async () => {
  await v2.stop();
  await stack.stop();
});
beforeEach(() => stack.simulator.reset());

/** The mutation failed on its field with exactly these gateway errors, in this order, and nothing was sent. */
function expectRefused(response: GraphQLResponse, field: string, ...expected: Expected[]): void {
  expect(response.status).toBe(200);
  expect(response.body.data).toStrictEqual({ [field]: null });
  expect(response.body.errors?.map((e): unknown => e.extensions)).toStrictEqual(
    expected.map(({ code, paths }) => ({
      code,
      status: 400,
      ...(paths ? { paths } : {}),
      origin: 'GATEWAY',
    })),
  );
  expect(response.body.errors?.map((e) => e.message)).toStrictEqual(
    expected.map(({ code }) => MESSAGES[code]),
  );
  for (const error of response.body.errors ?? []) expect(error.path).toStrictEqual([field]);
  expect(stack.simulator.requests).toHaveLength(0);
}

/** The mutation failed on its field with HMRC's one error, after exactly one upstream call. */
function expectHmrcRefusal(response: GraphQLResponse, field: string, code: Code, status: number): void {
  expect(response.status).toBe(200);
  expect(response.body.data).toStrictEqual({ [field]: null });
  expect(response.body.errors).toHaveLength(1);
  const [error] = response.body.errors!;
  expect(error!.message).toBe(MESSAGES[code]);
  expect(error!.path).toStrictEqual([field]);
  expect(error!.extensions).toStrictEqual({
    code,
    status,
    origin: 'HMRC',
    correlationId: expect.stringMatching(UUID),
  });
  expect(stack.simulator.requests).toHaveLength(1);
}

/** The write succeeded and HMRC received exactly one PUT with this JSON body. */
function expectSent(
  response: GraphQLResponse,
  field: string,
  url: string,
  body: unknown,
  accept = '3.0',
): void {
  expect(response.body.errors).toBeUndefined();
  expect(response.status).toBe(200);
  expect(response.body.data[field].correlationId).toMatch(UUID);
  const puts = stack.simulator.requests.filter((r) => r.method === 'PUT');
  expect(puts).toHaveLength(1);
  expect(puts[0]!.url).toBe(url);
  expect(puts[0]!.headers.accept).toBe(`application/vnd.hmrc.${accept}+json`);
  expect(puts[0]!.headers['content-type']).toBe('application/json');
  expect(puts[0]!.body).toStrictEqual(body);
}

// --- Reading ---------------------------------------------------------------------------------------------

describe('reading', () => {
  it('returns the demo taxpayer’s 2023-24 investments (HMRC’s def1 example, with SITR) and other reliefs', async () => {
    const { status, body } = await stack.gql(READ, { nino: DEMO_NINO, taxYear: '2023-24' });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const { investments, other } = body.data.taxpayer.taxYear.reliefs;
    expect(investments.submittedOn).toBe('2019-04-04T01:01:01.000Z');
    expect(investments.vctSubscription).toStrictEqual([
      {
        uniqueInvestmentRef: 'VCTREF',
        name: 'VCT Fund X',
        dateOfInvestment: '2018-04-16',
        amountInvested: 23312,
        reliefClaimed: 1334,
      },
    ]);
    expect(investments.eisSubscription[0]).toMatchObject({ knowledgeIntensive: true, reliefClaimed: 43432 });
    expect(investments.seedEnterpriseInvestment[0].companyName).toBe('Company Inc');
    expect(investments.socialEnterpriseInvestment).toStrictEqual([
      {
        uniqueInvestmentRef: '1234121A',
        socialEnterpriseName: 'SE Inc',
        dateOfInvestment: '2020-12-12',
        amountInvested: 123123.22,
        reliefClaimed: 3432,
      },
    ]);
    expect(other.submittedOn).toBe('2019-04-04T01:01:01.000Z');
    expect(other.postCessationTradeReliefAndCertainOtherLosses).toStrictEqual([
      {
        customerReference: 'myref',
        businessName: 'ACME Inc',
        dateBusinessCeased: '2019-08-10',
        natureOfTrade: 'Widgets Manufacturer',
        incomeSource: 'AB12412/A12',
        amount: 222.22,
      },
    ]);
    expect(other.qualifyingLoanInterestPayments).toStrictEqual([
      { customerReference: 'myref', lenderName: 'Maurice', reliefClaimed: 763 },
    ]);
    const calls = stack.simulator.requests.map((r) => `${r.method} ${r.url}`).sort();
    expect(calls).toStrictEqual([
      `GET /individuals/reliefs/investment/${DEMO_NINO}/2023-24`,
      `GET /individuals/reliefs/other/${DEMO_NINO}/2023-24`,
    ]);
    expect(stack.simulator.requests[0]!.headers.accept).toBe('application/vnd.hmrc.3.0+json');
  });

  it('returns 2024-25 for both resources', async () => {
    const { body } = await stack.gql(READ, { nino: DEMO_NINO, taxYear: '2024-25' });
    expect(body.errors).toBeUndefined();
    expect(body.data.taxpayer.taxYear.reliefs.investments.socialEnterpriseInvestment).toHaveLength(1);
    expect(body.data.taxpayer.taxYear.reliefs.other.payrollGiving).toStrictEqual({
      customerReference: 'myref',
      reliefClaimed: 154,
    });
  });

  it('returns the 2025-26 investments in HMRC’s def2 shape; other reliefs are null there', async () => {
    const { body } = await stack.gql(READ, { nino: DEMO_NINO, taxYear: '2025-26' });
    expect(body.errors).toBeUndefined();
    const { investments, other } = body.data.taxpayer.taxYear.reliefs;
    expect(investments.socialEnterpriseInvestment).toBeNull();
    expect(investments.vctSubscription[0].name).toBe('VCT Fund X');
    expect(other).toBeNull();
  });

  it('is null, not an error, when HMRC holds nothing (HMRC 404)', async () => {
    const { body } = await stack.gql(READ, { nino: 'AB123456C', taxYear: '2023-24' });
    expect(body.errors).toBeUndefined();
    expect(body.data.taxpayer.taxYear).toStrictEqual({
      taxYear: '2023-24',
      reliefs: { investments: null, other: null },
    });
    expect(stack.simulator.requests).toHaveLength(2);
  });

  it('refuses a year before 2020-21 on those fields only, without calling HMRC; siblings still resolve', async () => {
    const query = `query { taxpayer(nino: "${DEMO_NINO}") {
      early: taxYear(taxYear: "2019-20") { taxYear reliefs { investments { submittedOn } other { submittedOn } } }
      current: taxYear(taxYear: "2023-24") { reliefs { investments { submittedOn } other { submittedOn } } }
    } }`;
    const { status, body } = await stack.gql(query);
    expect(status).toBe(200);
    expect(body.data.taxpayer.early).toStrictEqual({
      taxYear: '2019-20',
      reliefs: { investments: null, other: null },
    });
    expect(body.data.taxpayer.current.reliefs).toStrictEqual({
      investments: { submittedOn: '2019-04-04T01:01:01.000Z' },
      other: { submittedOn: '2019-04-04T01:01:01.000Z' },
    });
    const errors = [...body.errors!].sort((a, b) => String(a.path).localeCompare(String(b.path)));
    expect(errors.map((e): unknown => [e.path, e.message, e.extensions])).toStrictEqual([
      [
        ['taxpayer', 'early', 'reliefs', 'investments'],
        MESSAGES.RULE_TAX_YEAR_NOT_SUPPORTED,
        { code: 'RULE_TAX_YEAR_NOT_SUPPORTED', status: 400, origin: 'GATEWAY' },
      ],
      [
        ['taxpayer', 'early', 'reliefs', 'other'],
        MESSAGES.RULE_TAX_YEAR_NOT_SUPPORTED,
        { code: 'RULE_TAX_YEAR_NOT_SUPPORTED', status: 400, origin: 'GATEWAY' },
      ],
    ]);
    expect(upstreamCalls(stack.simulator, '/2019-20')).toHaveLength(0);
    expect(upstreamCalls(stack.simulator, '/2023-24')).toHaveLength(2);
  });

  it('reads 2020-21, the earliest year', async () => {
    const { body } = await stack.gql(READ, { nino: DEMO_NINO, taxYear: '2020-21' });
    expect(body.errors).toBeUndefined();
    expect(body.data.taxpayer.taxYear.reliefs).toStrictEqual({ investments: null, other: null });
    expect(stack.simulator.requests).toHaveLength(2);
  });

  it.each([
    ['2019-2020', 'FORMAT_TAX_YEAR'],
    ['2021-23', 'RULE_TAX_YEAR_RANGE_INVALID'],
  ] as const)(
    'fails the whole request at the TaxYear scalar for %s (%s), sending nothing',
    async (taxYear, code) => {
      const { status, body } = await stack.gql(READ, { nino: DEMO_NINO, taxYear });
      expect(status).toBe(400);
      expect(body).not.toHaveProperty('data');
      expect(body.errors!.map((e): unknown => e.extensions)).toStrictEqual([
        { code, status: 400, origin: 'GATEWAY' },
      ]);
      expect(stack.simulator.requests).toHaveLength(0);
    },
  );
});

// --- Writing and deleting --------------------------------------------------------------------------------

describe('writing and deleting relief investments', () => {
  const nino = 'AB123456C';
  const url = (taxYear: string) => `/individuals/reliefs/investment/${nino}/${taxYear}`;

  it('round-trips: PUT sends the body once, the result and a later read show it; DELETE then read is null', async () => {
    const written = await stack.gql(WRITE_INVESTMENTS, {
      nino,
      taxYear: '2023-24',
      input: investmentsInput(),
    });
    expectSent(written, 'createOrAmendReliefInvestments', url('2023-24'), investmentsInput());
    const after = written.body.data.createOrAmendReliefInvestments.taxpayerYear;
    expect(after.taxYear).toBe('2023-24');
    expect(after.reliefs.investments.vctSubscription).toStrictEqual(investmentsInput().vctSubscription);

    const read = await stack.gql(READ, { nino, taxYear: '2023-24' });
    const investments = read.body.data.taxpayer.taxYear.reliefs.investments;
    expect(investments.submittedOn).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(investments.eisSubscription).toStrictEqual([
      { ...investmentsInput().eisSubscription[0], amountInvested: null },
    ]);
    expect(investments.socialEnterpriseInvestment).toStrictEqual([
      {
        uniqueInvestmentRef: 'SITR1',
        socialEnterpriseName: null,
        dateOfInvestment: null,
        amountInvested: null,
        reliefClaimed: 99999999999.99,
      },
    ]);
    expect(investments.communityInvestment).toBeNull();

    const deleted = await stack.gql(DELETE_INVESTMENTS, { nino, taxYear: '2023-24' });
    expect(deleted.body.errors).toBeUndefined();
    expect(deleted.body.data.deleteReliefInvestments.correlationId).toMatch(UUID);
    expect(deleted.body.data.deleteReliefInvestments.taxpayerYear.reliefs.investments).toBeNull();
    expect(stack.simulator.requests.filter((r) => r.method === 'DELETE').map((r) => r.url)).toStrictEqual([
      url('2023-24'),
    ]);

    const gone = await stack.gql(READ, { nino, taxYear: '2023-24' });
    expect(gone.body.errors).toBeUndefined();
    expect(gone.body.data.taxpayer.taxYear.reliefs.investments).toBeNull();
  });

  it('deletes the demo taxpayer’s 2023-24 investments; a read afterwards is null and other reliefs remain', async () => {
    const deleted = await stack.gql(DELETE_INVESTMENTS, { nino: DEMO_NINO, taxYear: '2023-24' });
    expect(deleted.body.errors).toBeUndefined();
    const read = await stack.gql(READ, { nino: DEMO_NINO, taxYear: '2023-24' });
    expect(read.body.data.taxpayer.taxYear.reliefs.investments).toBeNull();
    expect(read.body.data.taxpayer.taxYear.reliefs.other.submittedOn).toBe('2019-04-04T01:01:01.000Z');
  });

  it('strips explicit nulls before sending', async () => {
    const input = investmentsInput();
    input.vctSubscription[0].amountInvested = null;
    input.eisSubscription[0].knowledgeIntensive = null;
    input.communityInvestment = null;
    const sent = investmentsInput();
    delete sent.vctSubscription[0].amountInvested;
    delete sent.eisSubscription[0].knowledgeIntensive;
    const response = await stack.gql(WRITE_INVESTMENTS, { nino, taxYear: '2024-25', input });
    expectSent(response, 'createOrAmendReliefInvestments', url('2024-25'), sent);
  });

  it('sends HMRC’s def2 example for 2025-26 and drops a social enterprise section there (unknown to HMRC)', async () => {
    const example = readSpec('3.0/examples/amend_relief_investments/def2/request.json');
    const input = { ...example, socialEnterpriseInvestment: investmentsInput().socialEnterpriseInvestment };
    const response = await stack.gql(WRITE_INVESTMENTS, { nino, taxYear: '2025-26', input });
    expectSent(response, 'createOrAmendReliefInvestments', url('2025-26'), example);
  });

  it('sends HMRC’s def1 example for 2020-21, the earliest year', async () => {
    const example = readSpec('3.0/examples/amend_relief_investments/def1/request.json');
    const response = await stack.gql(WRITE_INVESTMENTS, { nino, taxYear: '2020-21', input: example });
    expectSent(response, 'createOrAmendReliefInvestments', url('2020-21'), example);
  });

  it('accepts a 2025-26 VCT item without a reference', async () => {
    const input = { vctSubscription: [{ name: 'VCT', dateOfInvestment: '2025-04-06', reliefClaimed: 1 }] };
    const response = await stack.gql(WRITE_INVESTMENTS, { nino, taxYear: '2025-26', input });
    expectSent(response, 'createOrAmendReliefInvestments', url('2025-26'), input);
  });
});

describe('writing and deleting other reliefs', () => {
  const nino = 'AB123456D';
  const url = (taxYear: string) => `/individuals/reliefs/other/${nino}/${taxYear}`;

  it('round-trips: PUT, read back, DELETE, read null', async () => {
    const written = await stack.gql(WRITE_OTHER, { nino, taxYear: '2024-25', input: otherInput() });
    expectSent(written, 'createOrAmendOtherReliefs', url('2024-25'), otherInput());
    const other = written.body.data.createOrAmendOtherReliefs.taxpayerYear.reliefs.other;
    expect(other.payrollGiving).toStrictEqual(otherInput().payrollGiving);
    expect(other.maintenancePayments).toStrictEqual(otherInput().maintenancePayments);
    expect(other.postCessationTradeReliefAndCertainOtherLosses).toStrictEqual([
      { customerReference: null, ...otherInput().postCessationTradeReliefAndCertainOtherLosses[0] },
    ]);
    expect(other.nonDeductibleLoanInterest).toBeNull();

    const read = await stack.gql(READ, { nino, taxYear: '2024-25' });
    expect(read.body.data.taxpayer.taxYear.reliefs.other.qualifyingLoanInterestPayments).toStrictEqual([
      { customerReference: null, lenderName: 'Maurice & Co', reliefClaimed: 763 },
    ]);

    const deleted = await stack.gql(DELETE_OTHER, { nino, taxYear: '2024-25' });
    expect(deleted.body.errors).toBeUndefined();
    expect(deleted.body.data.deleteOtherReliefs.taxpayerYear.reliefs.other).toBeNull();
    const gone = await stack.gql(READ, { nino, taxYear: '2024-25' });
    expect(gone.body.data.taxpayer.taxYear.reliefs.other).toBeNull();
  });

  it('sends HMRC’s own example body, for a year after 2025-26 too (no maximum)', async () => {
    const example = readSpec('3.0/examples/amend_relief_other_request.json');
    const response = await stack.gql(WRITE_OTHER, { nino, taxYear: '2026-27', input: example });
    expectSent(response, 'createOrAmendOtherReliefs', url('2026-27'), example);
  });

  it('strips nulls and sends names HMRC checks for length only', async () => {
    const input = {
      annualPaymentsMade: { customerReference: null, reliefClaimed: 1 },
      qualifyingLoanInterestPayments: [{ lenderName: '"Bank" #1 <plc>', reliefClaimed: 2 }],
    };
    const response = await stack.gql(WRITE_OTHER, { nino, taxYear: '2023-24', input });
    expectSent(response, 'createOrAmendOtherReliefs', url('2023-24'), {
      annualPaymentsMade: { reliefClaimed: 1 },
      qualifyingLoanInterestPayments: [{ lenderName: '"Bank" #1 <plc>', reliefClaimed: 2 }],
    });
  });
});

// --- Refusals by the gateway -------------------------------------------------------------------------------

describe('relief investments refused by the gateway (nothing sent)', () => {
  const F = 'createOrAmendReliefInvestments';
  const write = (taxYear: string, input: unknown) =>
    stack.gql(WRITE_INVESTMENTS, { nino: DEMO_NINO, taxYear, input });

  it.each([
    ['an empty input', '2023-24', {}, [refusal(BODY)]],
    ['an input of nulls only', '2023-24', { vctSubscription: null }, [refusal(BODY)]],
    [
      'empty lists, in HMRC’s declaration order',
      '2023-24',
      { socialEnterpriseInvestment: [], vctSubscription: [], seedEnterpriseInvestment: [] },
      [refusal(BODY, ['/vctSubscription', '/seedEnterpriseInvestment', '/socialEnterpriseInvestment'])],
    ],
    [
      'an empty def1 VCT item',
      '2024-25',
      { vctSubscription: [{}] },
      [refusal(BODY, ['/vctSubscription/0/reliefClaimed', '/vctSubscription/0/uniqueInvestmentRef'])],
    ],
    [
      'an empty def2 EIS item',
      '2025-26',
      { eisSubscription: [{}] },
      [
        refusal(BODY, [
          '/eisSubscription/0/dateOfInvestment',
          '/eisSubscription/0/knowledgeIntensive',
          '/eisSubscription/0/name',
          '/eisSubscription/0/reliefClaimed',
          '/eisSubscription/0/uniqueInvestmentRef',
        ]),
      ],
    ],
    [
      'a def2 SEIS item without company name and date',
      '2025-26',
      { seedEnterpriseInvestment: [{ uniqueInvestmentRef: 'S', reliefClaimed: 1 }] },
      [
        refusal(BODY, [
          '/seedEnterpriseInvestment/0/companyName',
          '/seedEnterpriseInvestment/0/dateOfInvestment',
        ]),
      ],
    ],
    [
      'social enterprise investments alone in 2025-26 (an unknown field there)',
      '2025-26',
      { socialEnterpriseInvestment: [{ uniqueInvestmentRef: 'S', reliefClaimed: 1 }] },
      [refusal(BODY)],
    ],
    [
      'a 91-character reference',
      '2023-24',
      { communityInvestment: [{ uniqueInvestmentRef: 'R'.repeat(91), reliefClaimed: 1 }] },
      [refusal('FORMAT_UNIQUE_INVESTMENT_REFERENCE', ['/communityInvestment/0/uniqueInvestmentRef'])],
    ],
    [
      'a name with U+2019 (allowed in references, not in names)',
      '2023-24',
      { seedEnterpriseInvestment: [{ uniqueInvestmentRef: 'S’1', companyName: 'Acme’s', reliefClaimed: 1 }] },
      [refusal('FORMAT_NAME', ['/seedEnterpriseInvestment/0/companyName'])],
    ],
    [
      'a date in 2100',
      '2023-24',
      { vctSubscription: [{ uniqueInvestmentRef: 'V', dateOfInvestment: '2100-01-01', reliefClaimed: 1 }] },
      [refusal('FORMAT_DATE_OF_INVESTMENT', ['/vctSubscription/0/dateOfInvestment'])],
    ],
    [
      'an amount with three decimal places',
      '2023-24',
      { vctSubscription: [{ uniqueInvestmentRef: 'V', amountInvested: 1.005, reliefClaimed: 1 }] },
      [refusal('FORMAT_VALUE', ['/vctSubscription/0/amountInvested'])],
    ],
    [
      'several problems: merged by message, sorted by code',
      '2023-24',
      {
        vctSubscription: [
          { uniqueInvestmentRef: 'A/B', name: 'N/M', dateOfInvestment: '2023-02-29', reliefClaimed: -1 },
        ],
        socialEnterpriseInvestment: [
          {
            uniqueInvestmentRef: '',
            socialEnterpriseName: '',
            dateOfInvestment: '1899-12-31',
            reliefClaimed: 1e12,
          },
        ],
      },
      [
        refusal('FORMAT_DATE_OF_INVESTMENT', [
          '/vctSubscription/0/dateOfInvestment',
          '/socialEnterpriseInvestment/0/dateOfInvestment',
        ]),
        refusal('FORMAT_NAME', [
          '/vctSubscription/0/name',
          '/socialEnterpriseInvestment/0/socialEnterpriseName',
        ]),
        refusal('FORMAT_UNIQUE_INVESTMENT_REFERENCE', [
          '/vctSubscription/0/uniqueInvestmentRef',
          '/socialEnterpriseInvestment/0/uniqueInvestmentRef',
        ]),
        refusal('FORMAT_VALUE', [
          '/vctSubscription/0/reliefClaimed',
          '/socialEnterpriseInvestment/0/reliefClaimed',
        ]),
      ],
    ],
    // v3 resolves the tax year in its validator factory, before the body is read (§2.2 item 5).
    [
      'a year before 2020-21, even with an empty input',
      '2019-20',
      {},
      [refusal('RULE_TAX_YEAR_NOT_SUPPORTED')],
    ],
  ] as const)('refuses %s', async (_label, taxYear, input, expected) => {
    expectRefused(await write(taxYear, input), F, ...(expected as readonly Expected[]));
  });

  it('refuses a bad NINO at the scalar, sending nothing', async () => {
    const { status, body } = await stack.gql(WRITE_INVESTMENTS, {
      nino: 'GB123456A',
      taxYear: '2023-24',
      input: investmentsInput(),
    });
    expect(status).toBe(400);
    expect(body.errors!.map((e): unknown => e.extensions)).toStrictEqual([
      { code: 'FORMAT_NINO', status: 400, origin: 'GATEWAY' },
    ]);
    expect(stack.simulator.requests).toHaveLength(0);
  });

  it('refuses to delete 2019-20, sending nothing', async () => {
    const { body } = await stack.gql(DELETE_INVESTMENTS, { nino: DEMO_NINO, taxYear: '2019-20' });
    expect(body.data).toStrictEqual({ deleteReliefInvestments: null });
    expect(body.errors!.map((e): unknown => e.extensions)).toStrictEqual([
      { code: 'RULE_TAX_YEAR_NOT_SUPPORTED', status: 400, origin: 'GATEWAY' },
    ]);
    expect(stack.simulator.requests).toHaveLength(0);
  });

  it('refuses a bad body before the Gov-Test-Scenario could matter', async () => {
    const response = await stack.gql(
      WRITE_INVESTMENTS,
      { nino: DEMO_NINO, taxYear: '2023-24', input: {} },
      { 'gov-test-scenario': 'OUTSIDE_AMENDMENT_WINDOW' },
    );
    expectRefused(response, F, refusal(BODY));
  });
});

describe('other reliefs refused by the gateway (nothing sent)', () => {
  const F = 'createOrAmendOtherReliefs';
  const write = (taxYear: string, input: unknown) =>
    stack.gql(WRITE_OTHER, { nino: DEMO_NINO, taxYear, input });
  const badRef = '1234567890'.repeat(9) + '1';

  it.each([
    ['an empty input', '2023-24', {}, [refusal(BODY)]],
    [
      'empty lists, in HMRC’s declaration order',
      '2023-24',
      {
        qualifyingLoanInterestPayments: [],
        postCessationTradeReliefAndCertainOtherLosses: [],
        maintenancePayments: [],
      },
      [
        refusal(BODY, [
          '/maintenancePayments',
          '/postCessationTradeReliefAndCertainOtherLosses',
          '/qualifyingLoanInterestPayments',
        ]),
      ],
    ],
    [
      'sections without their amounts',
      '2023-24',
      { payrollGiving: { customerReference: 'x' }, maintenancePayments: [{}] },
      [refusal(BODY, ['/maintenancePayments/0/amount', '/payrollGiving/reliefClaimed'])],
    ],
    [
      'every customer reference too long (FORMAT_CUSTOMER_REF), post-cessation before maintenance',
      '2023-24',
      {
        nonDeductibleLoanInterest: { customerReference: badRef, reliefClaimed: 1 },
        maintenancePayments: [{ customerReference: badRef, amount: 1 }],
        postCessationTradeReliefAndCertainOtherLosses: [{ customerReference: badRef, amount: 1 }],
        qualifyingLoanInterestPayments: [{ customerReference: badRef, reliefClaimed: 1 }],
      },
      [
        refusal('FORMAT_CUSTOMER_REF', [
          '/nonDeductibleLoanInterest/customerReference',
          '/postCessationTradeReliefAndCertainOtherLosses/0/customerReference',
          '/maintenancePayments/0/customerReference',
          '/qualifyingLoanInterestPayments/0/customerReference',
        ]),
      ],
    ],
    [
      'every named field wrong, sorted by code',
      '2023-24',
      {
        maintenancePayments: [{ exSpouseName: '', exSpouseDateOfBirth: '1891-01-23', amount: -1 }],
        postCessationTradeReliefAndCertainOtherLosses: [
          {
            businessName: 'b'.repeat(106),
            dateBusinessCeased: '01-01-230',
            natureOfTrade: 'Widgets/Gadgets',
            incomeSource: '',
            amount: 1,
          },
        ],
        qualifyingLoanInterestPayments: [{ lenderName: '', reliefClaimed: 1.001 }],
      },
      [
        refusal('FORMAT_DATE', [
          '/postCessationTradeReliefAndCertainOtherLosses/0/dateBusinessCeased',
          '/maintenancePayments/0/exSpouseDateOfBirth',
        ]),
        refusal('FORMAT_INCOME_SOURCE', ['/postCessationTradeReliefAndCertainOtherLosses/0/incomeSource']),
        refusal('FORMAT_LENDER_NAME', ['/qualifyingLoanInterestPayments/0/lenderName']),
        refusal('FORMAT_NAME_BUSINESS', ['/postCessationTradeReliefAndCertainOtherLosses/0/businessName']),
        refusal('FORMAT_NAME_EX_SPOUSE', ['/maintenancePayments/0/exSpouseName']),
        refusal('FORMAT_NATURE_OF_TRADE', ['/postCessationTradeReliefAndCertainOtherLosses/0/natureOfTrade']),
        refusal('FORMAT_VALUE', [
          '/maintenancePayments/0/amount',
          '/qualifyingLoanInterestPayments/0/reliefClaimed',
        ]),
      ],
    ],
    // Other reliefs resolve the tax year together with the body reading, so both errors come back (§2.2 item 4).
    [
      'a year before 2020-21 with an empty input',
      '2019-20',
      {},
      [refusal(BODY), refusal('RULE_TAX_YEAR_NOT_SUPPORTED')],
    ],
    [
      'a year before 2020-21 with a valid input',
      '2019-20',
      { payrollGiving: { reliefClaimed: 1 } },
      [refusal('RULE_TAX_YEAR_NOT_SUPPORTED')],
    ],
  ] as const)('refuses %s', async (_label, taxYear, input, expected) => {
    expectRefused(await write(taxYear, input), F, ...(expected as readonly Expected[]));
  });

  it('refuses to delete 2019-20, sending nothing', async () => {
    const { body } = await stack.gql(DELETE_OTHER, { nino: DEMO_NINO, taxYear: '2019-20' });
    expect(body.data).toStrictEqual({ deleteOtherReliefs: null });
    expect(body.errors!.map((e): unknown => e.extensions)).toStrictEqual([
      { code: 'RULE_TAX_YEAR_NOT_SUPPORTED', status: 400, origin: 'GATEWAY' },
    ]);
    expect(stack.simulator.requests).toHaveLength(0);
  });
});

// --- HMRC's own answers (sandbox scenarios, §4.8) -----------------------------------------------------------

describe('HMRC-side scenarios through the simulator', () => {
  it('other reliefs PUT with SUBMISSION_FAILED surfaces as HMRC’s RULE_SUBMISSION_FAILED', async () => {
    const response = await stack.gql(
      WRITE_OTHER,
      { nino: DEMO_NINO, taxYear: '2023-24', input: otherInput() },
      { 'gov-test-scenario': 'SUBMISSION_FAILED' },
    );
    expectHmrcRefusal(response, 'createOrAmendOtherReliefs', 'RULE_SUBMISSION_FAILED', 400);
    const [sent] = stack.simulator.requests;
    expect(sent!.method).toBe('PUT');
    expect(sent!.headers['gov-test-scenario']).toBe('SUBMISSION_FAILED');
    expect(sent!.body).toStrictEqual(otherInput());
  });

  it('SUBMISSION_FAILED is not a relief-investments scenario: HMRC refuses the scenario itself', async () => {
    const response = await stack.gql(
      WRITE_INVESTMENTS,
      { nino: DEMO_NINO, taxYear: '2023-24', input: investmentsInput() },
      { 'gov-test-scenario': 'SUBMISSION_FAILED' },
    );
    expectHmrcRefusal(response, 'createOrAmendReliefInvestments', 'RULE_INCORRECT_GOV_TEST_SCENARIO', 400);
  });

  it.each([
    ['createOrAmendReliefInvestments', WRITE_INVESTMENTS, investmentsInput()],
    ['deleteReliefInvestments', DELETE_INVESTMENTS, undefined],
    ['createOrAmendOtherReliefs', WRITE_OTHER, otherInput()],
    ['deleteOtherReliefs', DELETE_OTHER, undefined],
  ])(
    'OUTSIDE_AMENDMENT_WINDOW on %s surfaces as HMRC’s RULE_OUTSIDE_AMENDMENT_WINDOW',
    async (field, mutation, input) => {
      const response = await stack.gql(
        mutation,
        { nino: DEMO_NINO, taxYear: '2024-25', ...(input ? { input } : {}) },
        { 'gov-test-scenario': 'OUTSIDE_AMENDMENT_WINDOW' },
      );
      expectHmrcRefusal(response, field, 'RULE_OUTSIDE_AMENDMENT_WINDOW', 400);
      expect(stack.simulator.requests[0]!.headers['gov-test-scenario']).toBe('OUTSIDE_AMENDMENT_WINDOW');
    },
  );

  it('NOT_FOUND on GET turns both reads into null', async () => {
    const { body } = await stack.gql(
      READ,
      { nino: DEMO_NINO, taxYear: '2023-24' },
      { 'gov-test-scenario': 'NOT_FOUND' },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.taxpayer.taxYear.reliefs).toStrictEqual({ investments: null, other: null });
    expect(stack.simulator.requests).toHaveLength(2);
    for (const request of stack.simulator.requests)
      expect(request.headers['gov-test-scenario']).toBe('NOT_FOUND');
  });

  it.each([
    ['deleteReliefInvestments', DELETE_INVESTMENTS],
    ['deleteOtherReliefs', DELETE_OTHER],
  ])('NOT_FOUND on %s surfaces as HMRC’s 404 MATCHING_RESOURCE_NOT_FOUND', async (field, mutation) => {
    const response = await stack.gql(
      mutation,
      { nino: DEMO_NINO, taxYear: '2023-24' },
      { 'gov-test-scenario': 'NOT_FOUND' },
    );
    expectHmrcRefusal(response, field, 'MATCHING_RESOURCE_NOT_FOUND', 404);
    expect(stack.simulator.requests[0]!.method).toBe('DELETE');
  });

  it('deleting what is not there (STATEFUL) is HMRC’s 404', async () => {
    const response = await stack.gql(DELETE_OTHER, { nino: 'AB123456C', taxYear: '2023-24' });
    expectHmrcRefusal(response, 'deleteOtherReliefs', 'MATCHING_RESOURCE_NOT_FOUND', 404);
  });
});

// --- Version 2.0 ----------------------------------------------------------------------------------------

describe('Individuals Reliefs v2.0', () => {
  const F = 'createOrAmendReliefInvestments';

  it('reads 2024-25 investments with Accept 2.0', async () => {
    const { body } = await v2.gql(READ, { nino: DEMO_NINO, taxYear: '2024-25' });
    expect(body.errors).toBeUndefined();
    expect(body.data.taxpayer.taxYear.reliefs.investments.socialEnterpriseInvestment).toHaveLength(1);
    expect(stack.simulator.requests.map((r) => r.headers.accept)).toStrictEqual([
      'application/vnd.hmrc.2.0+json',
      'application/vnd.hmrc.2.0+json',
    ]);
  });

  it('refuses to read 2025-26 investments (RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED); other reliefs still read', async () => {
    const { status, body } = await v2.gql(READ, { nino: DEMO_NINO, taxYear: '2025-26' });
    expect(status).toBe(200);
    expect(body.data.taxpayer.taxYear.reliefs).toStrictEqual({ investments: null, other: null });
    expect(body.errors!.map((e): unknown => [e.path, e.message, e.extensions])).toStrictEqual([
      [
        ['taxpayer', 'taxYear', 'reliefs', 'investments'],
        MESSAGES.RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED,
        { code: 'RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED', status: 400, origin: 'GATEWAY' },
      ],
    ]);
    expect(stack.simulator.requests.map((r) => `${r.method} ${r.url}`)).toStrictEqual([
      `GET /individuals/reliefs/other/${DEMO_NINO}/2025-26`,
    ]);
  });

  it('refuses a 2025-26 write, reporting the year together with an empty input', async () => {
    const response = await v2.gql(WRITE_INVESTMENTS, { nino: DEMO_NINO, taxYear: '2025-26', input: {} });
    expectRefused(response, F, refusal(BODY), refusal('RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED'));
  });

  it('refuses a 2025-26 write of a valid body', async () => {
    const response = await v2.gql(WRITE_INVESTMENTS, {
      nino: DEMO_NINO,
      taxYear: '2025-26',
      input: investmentsInput(),
    });
    expectRefused(response, F, refusal('RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED'));
  });

  it('uses the single def1-style schema: a VCT item needs its reference', async () => {
    const input = { vctSubscription: [{ name: 'VCT', dateOfInvestment: '2024-05-01', reliefClaimed: 1 }] };
    const response = await v2.gql(WRITE_INVESTMENTS, { nino: DEMO_NINO, taxYear: '2024-25', input });
    expectRefused(response, F, refusal(BODY, ['/vctSubscription/0/uniqueInvestmentRef']));
  });

  it('sends a valid 2024-25 write (HMRC’s v2 example) with Accept 2.0', async () => {
    const example = readSpec('2.0/examples/amend_relief_investments_request.json');
    const response = await v2.gql(WRITE_INVESTMENTS, {
      nino: 'AB123456C',
      taxYear: '2024-25',
      input: example,
    });
    expectSent(response, F, '/individuals/reliefs/investment/AB123456C/2024-25', example, '2.0');
  });

  it('deletes 2025-26 investments (v2 has no maximum on DELETE), but refuses the read-back, which is a GET', async () => {
    const { body } = await v2.gql(DELETE_INVESTMENTS, { nino: DEMO_NINO, taxYear: '2025-26' });
    expect(body.data.deleteReliefInvestments.correlationId).toMatch(UUID);
    expect(body.data.deleteReliefInvestments.taxpayerYear.reliefs.investments).toBeNull();
    expect(body.errors!.map((e): unknown => [e.path, e.extensions])).toStrictEqual([
      [
        ['deleteReliefInvestments', 'taxpayerYear', 'reliefs', 'investments'],
        { code: 'RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED', status: 400, origin: 'GATEWAY' },
      ],
    ]);
    expect(stack.simulator.requests.map((r) => [r.method, r.url, r.headers.accept])).toStrictEqual([
      ['DELETE', `/individuals/reliefs/investment/${DEMO_NINO}/2025-26`, 'application/vnd.hmrc.2.0+json'],
    ]);
  });

  it('writes other reliefs for 2025-26: the v2 maximum concerns relief investments only', async () => {
    const response = await v2.gql(WRITE_OTHER, {
      nino: 'AB123456D',
      taxYear: '2025-26',
      input: otherInput(),
    });
    expectSent(
      response,
      'createOrAmendOtherReliefs',
      '/individuals/reliefs/other/AB123456D/2025-26',
      otherInput(),
      '2.0',
    );
  });
});
