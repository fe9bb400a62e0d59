/**
 * Pension-charges validation through the real GraphQL endpoint: GraphQL over HTTP → gateway → (only if valid)
 * HTTP → HMRC sandbox simulator. A refused request must carry HMRC's code, status and paths (docs/hmrc-rules.md
 * §2.2–§2.7, §3.2, §3.3) as one GraphQL error per HMRC error, and must never reach the simulator; an accepted
 * one must reach it as exactly one PUT whose JSON body is the input with nulls removed.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { GraphQLResponse, Stack } from '../helpers/stack';
import { startStack } from '../helpers/stack';
import {
  C,
  type Code,
  DEF1_MONEY,
  DEF2_MONEY,
  MESSAGES,
  O,
  S,
  T,
  U,
  def1Body,
  def2Body,
  withValue,
} from '../helpers/pension-charges-fixtures';
import { hmrcSpecDir } from '../helpers/hmrc-fixtures';

interface Expected {
  code: Code;
  paths?: string[];
}
const refusal = (code: Code, paths?: string[]): Expected => ({ code, ...(paths ? { paths } : {}) });
const BODY = 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED';

const NINO = 'AA123456A';
const DEF1_YEAR = '2023-24';
const DEF2_YEAR = '2024-25';

const WRITE = /* GraphQL */ `
  mutation Write($nino: Nino!, $taxYear: TaxYear!, $input: PensionChargesInput!) {
    createOrAmendPensionCharges(nino: $nino, taxYear: $taxYear, input: $input) {
      correlationId
      taxpayerYear {
        taxYear
      }
    }
  }
`;

/** A value written as a GraphQL literal (object keys unquoted; strings escaped as JSON, which GraphQL accepts). */
function literal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${k}: ${literal(v)}`)
      .join(', ')} }`;
  }
  return value === null ? 'null' : JSON.stringify(value);
}

function inlineWrite(nino: string, taxYear: string, input: unknown): string {
  return `mutation {
    createOrAmendPensionCharges(nino: ${JSON.stringify(nino)}, taxYear: ${JSON.stringify(taxYear)}, input: ${literal(input)}) {
      correlationId
    }
  }`;
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());
beforeEach(() => stack.simulator.reset());

function write(taxYear: string, input: unknown, nino = NINO): Promise<GraphQLResponse> {
  return stack.gql(WRITE, { nino, taxYear, input });
}

/** The mutation failed on its field with exactly these HMRC errors, in this order, and nothing was sent. */
function expectRefused(response: GraphQLResponse, ...expected: Expected[]): void {
  expect(response.status).toBe(200);
  expect(response.body.data).toStrictEqual({ createOrAmendPensionCharges: null });
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
  for (const error of response.body.errors ?? []) {
    expect(error.path).toStrictEqual(['createOrAmendPensionCharges']);
  }
  expect(stack.simulator.requests).toHaveLength(0);
}

/** The mutation succeeded and HMRC received exactly one PUT with this body. */
function expectSent(response: GraphQLResponse, taxYear: string, body: unknown, nino = NINO): void {
  expect(response.body.errors).toBeUndefined();
  expect(response.status).toBe(200);
  expect(response.body.data.createOrAmendPensionCharges.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  expect(stack.simulator.requests).toHaveLength(1);
  const [request] = stack.simulator.requests;
  expect(request!.method).toBe('PUT');
  expect(request!.url).toBe(`/individuals/charges/pensions/${nino}/${taxYear}`);
  expect(request!.body).toStrictEqual(body);
}

/** The whole request failed at a scalar (HTTP 400, no data) and nothing was sent. */
function expectScalarRefusal(response: GraphQLResponse, code: Code): void {
  expect(response.status).toBe(400);
  expect(response.body).not.toHaveProperty('data');
  expect(response.body.errors).toHaveLength(1);
  const [error] = response.body.errors!;
  expect(error!.extensions).toStrictEqual({ code, status: 400, origin: 'GATEWAY' });
  expect(error!.message).toContain(MESSAGES[code]);
  expect(error).not.toHaveProperty('path');
  expect(stack.simulator.requests).toHaveLength(0);
}

// --- Accepted requests ---------------------------------------------------------------------------------------

describe('accepted requests reach HMRC as one PUT with the input as body', () => {
  it('sends a full pre-2024-25 body', async () => {
    expectSent(await write(DEF1_YEAR, def1Body()), DEF1_YEAR, def1Body());
  });

  it('sends a full 2024-25 body', async () => {
    expectSent(await write(DEF2_YEAR, def2Body()), DEF2_YEAR, def2Body());
  });

  it('answers with the tax year written', async () => {
    const response = await write(DEF2_YEAR, def2Body());
    expect(response.body.data.createOrAmendPensionCharges.taxpayerYear).toStrictEqual({ taxYear: DEF2_YEAR });
  });

  it('strips explicit nulls before sending', async () => {
    const input = def1Body();
    input.pensionSchemeUnauthorisedPayments.noSurcharge = null;
    input.pensionContributions.isAnnualAllowanceReduced = null;
    input.pensionContributions.taperedAnnualAllowance = null;
    input.overseasPensionContributions.overseasSchemeProvider[1].pensionSchemeTaxReference = null;
    input.pensionSavingsTaxCharges.benefitInExcessOfLifetimeAllowance = null;
    const sent = def1Body();
    delete sent.pensionSchemeUnauthorisedPayments.noSurcharge;
    delete sent.pensionContributions.isAnnualAllowanceReduced;
    delete sent.pensionContributions.taperedAnnualAllowance;
    delete sent.pensionSavingsTaxCharges.benefitInExcessOfLifetimeAllowance;
    expectSent(await write(DEF1_YEAR, input), DEF1_YEAR, sent);
  });

  it('accepts the earliest year, 2021-22, and a NINO without a suffix', async () => {
    const input = { pensionSavingsTaxCharges: def1Body().pensionSavingsTaxCharges };
    expectSent(await write('2021-22', input, 'AA123456'), '2021-22', input, 'AA123456');
  });

  it('accepts values on every boundary', async () => {
    let input = def2Body();
    input = withValue(input, `${T}/overseasSchemeProvider/0/providerName`, 'n'.repeat(105));
    input = withValue(input, `${T}/overseasSchemeProvider/1/providerName`, '😀'.repeat(105));
    input = withValue(input, `${O}/overseasSchemeProvider/0/providerAddress`, 'a'.repeat(250));
    input = withValue(input, `${U}/surcharge/amount`, 0);
    input = withValue(input, `${U}/surcharge/foreignTaxPaid`, 99999999999.99);
    input = withValue(input, `${C}/inExcessOfTheAnnualAllowance`, 100.1);
    input = withValue(input, `${O}/overseasSchemeProvider/1/providerCountryCode`, 'XKX');
    expectSent(await write(DEF2_YEAR, input), DEF2_YEAR, input);
  });

  it('accepts pensionContributions without isAnnualAllowanceReduced', async () => {
    const input = {
      pensionContributions: {
        pensionSchemeTaxReference: ['00123456RA'],
        inExcessOfTheAnnualAllowance: 1,
        annualAllowanceTaxPaid: 1,
        taperedAnnualAllowance: false,
      },
    };
    expectSent(await write(DEF2_YEAR, input), DEF2_YEAR, input);
  });

  it.each([
    ['def1', DEF1_YEAR],
    ['def2', DEF2_YEAR],
  ])('sends HMRC’s own %s example request body for %s', async (def, taxYear) => {
    const file = path.join(
      hmrcSpecDir('individuals-charges-api', '3.0'),
      'examples/pensionCharges/createAmend',
      def,
      'create_amend_request.json',
    );
    const example = JSON.parse(fs.readFileSync(file, 'utf8'));
    expectSent(await write(taxYear, example), taxYear, example);
  });

  it('sends an input written inline in the query', async () => {
    const input = {
      pensionContributions: {
        pensionSchemeTaxReference: ['00123456RA'],
        inExcessOfTheAnnualAllowance: 1500.5,
        annualAllowanceTaxPaid: 0,
        isAnnualAllowanceReduced: true,
        moneyPurchasedAllowance: true,
      },
      overseasPensionContributions: {
        overseasSchemeProvider: [
          { providerName: 'Société Générale', providerAddress: 'Paris', providerCountryCode: 'FRA' },
        ],
        shortServiceRefund: 99999999999.99,
        shortServiceRefundTaxPaid: 1,
      },
    };
    const response = await stack.gql(inlineWrite(NINO, DEF2_YEAR, input));
    expectSent(response, DEF2_YEAR, input);
  });
});

// --- Refused requests: body -----------------------------------------------------------------------------------

describe('refused bodies (RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED)', () => {
  it.each([
    ['an empty input', {}],
    ['an input of nulls only (nulls are not sent, so HMRC would get {})', { pensionContributions: null }],
  ])('refuses %s without paths', async (_label, input) => {
    expectRefused(await write(DEF1_YEAR, input), refusal(BODY));
  });

  it.each([
    [
      'an empty pensionContributions',
      { pensionContributions: {} },
      [`${C}/annualAllowanceTaxPaid`, `${C}/inExcessOfTheAnnualAllowance`, `${C}/pensionSchemeTaxReference`],
    ],
    [
      'an empty pensionSchemeOverseasTransfers',
      { pensionSchemeOverseasTransfers: {} },
      [`${T}/overseasSchemeProvider`, `${T}/transferCharge`, `${T}/transferChargeTaxPaid`],
    ],
    [
      'an empty pensionSchemeUnauthorisedPayments',
      { pensionSchemeUnauthorisedPayments: {} },
      [`${U}/pensionSchemeTaxReference`],
    ],
    [
      'an empty pensionSavingsTaxCharges',
      { pensionSavingsTaxCharges: {} },
      [`${S}/pensionSchemeTaxReference`],
    ],
    [
      'an empty overseas scheme provider',
      {
        overseasPensionContributions: {
          overseasSchemeProvider: [{}],
          shortServiceRefund: 1,
          shortServiceRefundTaxPaid: 1,
        },
      },
      [
        `${O}/overseasSchemeProvider/0/providerAddress`,
        `${O}/overseasSchemeProvider/0/providerCountryCode`,
        `${O}/overseasSchemeProvider/0/providerName`,
      ],
    ],
    [
      'a surcharge without foreignTaxPaid',
      {
        pensionSchemeUnauthorisedPayments: {
          pensionSchemeTaxReference: ['00123456RA'],
          surcharge: { amount: 1 },
        },
      },
      [`${U}/surcharge/foreignTaxPaid`],
    ],
    [
      'a lump sum without an amount',
      {
        pensionSavingsTaxCharges: {
          pensionSchemeTaxReference: [],
          lumpSumBenefitTakenInExcessOfLifetimeAllowance: { taxPaid: 1 },
        },
      },
      [`${S}/lumpSumBenefitTakenInExcessOfLifetimeAllowance/amount`],
    ],
    [
      'a required field given as null',
      {
        pensionContributions: {
          pensionSchemeTaxReference: null,
          inExcessOfTheAnnualAllowance: 1,
          annualAllowanceTaxPaid: 1,
        },
      },
      [`${C}/pensionSchemeTaxReference`],
    ],
  ])('refuses %s with the missing paths, sorted', async (_label, input, paths) => {
    expectRefused(await write(DEF1_YEAR, input), refusal(BODY, paths));
  });

  it.each(['2024-25', '2025-26'])(
    'refuses pensionSavingsTaxCharges in %s as an unknown field',
    async (taxYear) => {
      expectRefused(await write(taxYear, def1Body()), refusal(BODY, [S]));
    },
  );

  it('accepts pensionSavingsTaxCharges before 2024-25', async () => {
    const input = { pensionSavingsTaxCharges: def1Body().pensionSavingsTaxCharges };
    expectSent(await write('2022-23', input), '2022-23', input);
  });
});

// --- Refused requests: tax year -------------------------------------------------------------------------------

describe('refused tax years', () => {
  it.each(['2020-21', '2019-20'])('refuses %s with RULE_TAX_YEAR_NOT_SUPPORTED', async (taxYear) => {
    expectRefused(await write(taxYear, def1Body()), refusal('RULE_TAX_YEAR_NOT_SUPPORTED'));
  });

  it('reports an unsupported year together with a body error, sorted by code', async () => {
    expectRefused(await write('2020-21', {}), refusal(BODY), refusal('RULE_TAX_YEAR_NOT_SUPPORTED'));
    expectRefused(
      await write('2020-21', { pensionSchemeUnauthorisedPayments: {} }),
      refusal(BODY, [`${U}/pensionSchemeTaxReference`]),
      refusal('RULE_TAX_YEAR_NOT_SUPPORTED'),
    );
  });

  it('does not apply the business rules to an unsupported year', async () => {
    const input = withValue(def1Body(), `${C}/pensionSchemeTaxReference/0`, 'bad');
    expectRefused(await write('2020-21', input), refusal('RULE_TAX_YEAR_NOT_SUPPORTED'));
  });
});

// --- Refused requests: business rules -------------------------------------------------------------------------

describe('refused by HMRC’s business rules', () => {
  const cases: Array<[string, string, any, Expected[]]> = [
    [
      'RULE_PENSION_REFERENCE on one provider',
      DEF1_YEAR,
      withValue(def1Body(), `${T}/overseasSchemeProvider/0/pensionSchemeTaxReference`, ['00123456RA']),
      [refusal('RULE_PENSION_REFERENCE')],
    ],
    [
      'RULE_PENSION_REFERENCE on providers in both sections (one error, no paths)',
      DEF2_YEAR,
      withValue(
        withValue(def2Body(), `${T}/overseasSchemeProvider/1/qualifyingRecognisedOverseasPensionScheme`, [
          'Q111111',
        ]),
        `${O}/overseasSchemeProvider/0/qualifyingRecognisedOverseasPensionScheme`,
        ['Q222222'],
      ),
      [refusal('RULE_PENSION_REFERENCE')],
    ],
    ...(
      [
        ['an empty', ''],
        ['a 106-character', 'n'.repeat(106)],
        ['a whitespace-only', '   '],
        ['a two-line', 'Overseas\nPensions'],
      ] as const
    ).map(([label, name]): [string, string, any, Expected[]] => [
      `FORMAT_PROVIDER_NAME for ${label} name`,
      DEF1_YEAR,
      withValue(def1Body(), `${O}/overseasSchemeProvider/1/providerName`, name),
      [refusal('FORMAT_PROVIDER_NAME', [`${O}/overseasSchemeProvider/1/providerName`])],
    ]),
    [
      'FORMAT_PROVIDERS_ADDRESS for a 251-character address',
      DEF2_YEAR,
      withValue(def2Body(), `${T}/overseasSchemeProvider/0/providerAddress`, 'a'.repeat(251)),
      [refusal('FORMAT_PROVIDERS_ADDRESS', [`${T}/overseasSchemeProvider/0/providerAddress`])],
    ],
    [
      'FORMAT_PROVIDERS_ADDRESS for a blank address',
      DEF2_YEAR,
      withValue(def2Body(), `${O}/overseasSchemeProvider/1/providerAddress`, ' '),
      [refusal('FORMAT_PROVIDERS_ADDRESS', [`${O}/overseasSchemeProvider/1/providerAddress`])],
    ],
    [
      'FORMAT_QOPS_REF',
      DEF2_YEAR,
      withValue(
        def2Body(),
        `${T}/overseasSchemeProvider/0/qualifyingRecognisedOverseasPensionScheme/1`,
        'q654321',
      ),
      [
        refusal('FORMAT_QOPS_REF', [
          `${T}/overseasSchemeProvider/0/qualifyingRecognisedOverseasPensionScheme/1`,
        ]),
      ],
    ],
    [
      'FORMAT_PENSION_SCHEME_TAX_REFERENCE in every location, in HMRC’s order',
      DEF1_YEAR,
      [
        `${O}/overseasSchemeProvider/0/pensionSchemeTaxReference/0`,
        `${T}/overseasSchemeProvider/1/pensionSchemeTaxReference/0`,
        `${U}/pensionSchemeTaxReference/1`,
        `${S}/pensionSchemeTaxReference/0`,
        `${C}/pensionSchemeTaxReference/0`,
      ].reduce((input: unknown, pointer) => withValue(input, pointer, '00123456XA'), def1Body()),
      [
        refusal('FORMAT_PENSION_SCHEME_TAX_REFERENCE', [
          `${C}/pensionSchemeTaxReference/0`,
          `${S}/pensionSchemeTaxReference/0`,
          `${U}/pensionSchemeTaxReference/1`,
          `${T}/overseasSchemeProvider/1/pensionSchemeTaxReference/0`,
          `${O}/overseasSchemeProvider/0/pensionSchemeTaxReference/0`,
        ]),
      ],
    ],
    [
      'RULE_IS_ANNUAL_ALLOWANCE_REDUCED without a reason',
      DEF2_YEAR,
      withValue(def2Body(), `${C}/taperedAnnualAllowance`, false),
      [refusal('RULE_IS_ANNUAL_ALLOWANCE_REDUCED')],
    ],
    [
      'FORMAT_COUNTRY_CODE for a two-letter code',
      DEF1_YEAR,
      withValue(def1Body(), `${T}/overseasSchemeProvider/1/providerCountryCode`, 'FR'),
      [refusal('FORMAT_COUNTRY_CODE', [`${T}/overseasSchemeProvider/1/providerCountryCode`])],
    ],
    [
      'RULE_COUNTRY_CODE for GBR',
      DEF1_YEAR,
      withValue(def1Body(), `${O}/overseasSchemeProvider/0/providerCountryCode`, 'GBR'),
      [refusal('RULE_COUNTRY_CODE', [`${O}/overseasSchemeProvider/0/providerCountryCode`])],
    ],
    [
      'RULE_COUNTRY_CODE for a lower-case code',
      DEF2_YEAR,
      withValue(def2Body(), `${O}/overseasSchemeProvider/1/providerCountryCode`, 'fra'),
      [refusal('RULE_COUNTRY_CODE', [`${O}/overseasSchemeProvider/1/providerCountryCode`])],
    ],
  ];

  it.each(cases)('refuses %s (%s)', async (_label, taxYear, input, expected) => {
    expectRefused(await write(taxYear, input), ...expected);
  });

  describe.each([
    ['def1', DEF1_YEAR, def1Body, DEF1_MONEY],
    ['def2', DEF2_YEAR, def2Body, DEF2_MONEY],
  ] as const)('FORMAT_VALUE (%s)', (_def, taxYear, fixture, fields) => {
    const bad = [-0.01, 1.123, 99999999999.991, 1e-7];

    it.each(fields.map((pointer, i) => [pointer, bad[i % bad.length]!] as const))(
      'refuses %s = %d',
      async (pointer, value) => {
        expectRefused(
          await write(taxYear, withValue(fixture(), pointer, value)),
          refusal('FORMAT_VALUE', [pointer]),
        );
      },
    );

    it('reports every bad amount in one error, paths in HMRC’s order', async () => {
      const input = fields.reduce((acc: unknown, pointer) => withValue(acc, pointer, -1), fixture());
      expectRefused(await write(taxYear, input), refusal('FORMAT_VALUE', [...fields]));
    });
  });
});

describe('several errors for one field (HMRC’s INVALID_REQUEST flattened, in HMRC’s order)', () => {
  it('returns one GraphQL error per HMRC error, sorted by code, same-message errors merged', async () => {
    let input = def1Body();
    input = withValue(input, `${O}/overseasSchemeProvider/1/providerCountryCode`, 'GBR');
    input = withValue(input, `${O}/overseasSchemeProvider/0/providerCountryCode`, 'CH');
    input = withValue(input, `${U}/noSurcharge/foreignTaxPaid`, 1.001);
    input = withValue(input, `${S}/benefitInExcessOfLifetimeAllowance/amount`, -1);
    input = withValue(input, `${C}/taperedAnnualAllowance`, false);
    input = withValue(
      input,
      `${T}/overseasSchemeProvider/0/qualifyingRecognisedOverseasPensionScheme/1`,
      'Q1',
    );
    input = withValue(input, `${O}/overseasSchemeProvider/1/providerName`, '');
    input = withValue(input, `${T}/overseasSchemeProvider/1/providerName`, '\t');
    input = withValue(input, `${T}/overseasSchemeProvider/0/providerAddress`, ' ');
    input = withValue(input, `${U}/pensionSchemeTaxReference/0`, 'nope');
    input = withValue(input, `${O}/overseasSchemeProvider/0/qualifyingRecognisedOverseasPensionScheme`, [
      'Q123456',
    ]);

    expectRefused(
      await write(DEF1_YEAR, input),
      refusal('FORMAT_COUNTRY_CODE', [`${O}/overseasSchemeProvider/0/providerCountryCode`]),
      refusal('FORMAT_PENSION_SCHEME_TAX_REFERENCE', [`${U}/pensionSchemeTaxReference/0`]),
      refusal('FORMAT_PROVIDERS_ADDRESS', [`${T}/overseasSchemeProvider/0/providerAddress`]),
      refusal('FORMAT_PROVIDER_NAME', [
        `${T}/overseasSchemeProvider/1/providerName`,
        `${O}/overseasSchemeProvider/1/providerName`,
      ]),
      refusal('FORMAT_QOPS_REF', [
        `${T}/overseasSchemeProvider/0/qualifyingRecognisedOverseasPensionScheme/1`,
      ]),
      refusal('FORMAT_VALUE', [
        `${S}/benefitInExcessOfLifetimeAllowance/amount`,
        `${U}/noSurcharge/foreignTaxPaid`,
      ]),
      refusal('RULE_COUNTRY_CODE', [`${O}/overseasSchemeProvider/1/providerCountryCode`]),
      refusal('RULE_IS_ANNUAL_ALLOWANCE_REDUCED'),
      refusal('RULE_PENSION_REFERENCE'),
    );
  });

  it('keeps the errors of one field together when another field of the request succeeds', async () => {
    const query = /* GraphQL */ `
      mutation Two($bad: PensionChargesInput!, $good: PensionChargesInput!) {
        bad: createOrAmendPensionCharges(nino: "AA123456A", taxYear: "2024-25", input: $bad) {
          correlationId
        }
        good: createOrAmendPensionCharges(nino: "AA123456B", taxYear: "2024-25", input: $good) {
          correlationId
        }
      }
    `;
    const bad = withValue(
      withValue(def2Body(), `${C}/taperedAnnualAllowance`, false),
      `${T}/transferCharge`,
      -1,
    );
    const response = await stack.gql(query, { bad, good: def2Body() });
    expect(response.body.data.bad).toBeNull();
    expect(response.body.data.good.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body.errors!.map((e): unknown[] => [e.path, e.extensions])).toStrictEqual([
      [['bad'], { code: 'FORMAT_VALUE', status: 400, paths: [`${T}/transferCharge`], origin: 'GATEWAY' }],
      [['bad'], { code: 'RULE_IS_ANNUAL_ALLOWANCE_REDUCED', status: 400, origin: 'GATEWAY' }],
    ]);
    expect(stack.simulator.requests.map((r) => [r.method, r.url])).toStrictEqual([
      ['PUT', '/individuals/charges/pensions/AA123456B/2024-25'],
    ]);
  });
});

describe('inline literals', () => {
  it('refuses an inline input with several errors, in HMRC’s order', async () => {
    const input = {
      pensionContributions: {
        pensionSchemeTaxReference: ['00123456RA', 'bad'],
        inExcessOfTheAnnualAllowance: 1.123,
        annualAllowanceTaxPaid: 1,
        isAnnualAllowanceReduced: true,
      },
    };
    expectRefused(
      await stack.gql(inlineWrite(NINO, DEF2_YEAR, input)),
      refusal('FORMAT_PENSION_SCHEME_TAX_REFERENCE', [`${C}/pensionSchemeTaxReference/1`]),
      refusal('FORMAT_VALUE', [`${C}/inExcessOfTheAnnualAllowance`]),
      refusal('RULE_IS_ANNUAL_ALLOWANCE_REDUCED'),
    );
  });

  it('refuses an empty inline input', async () => {
    expectRefused(await stack.gql(inlineWrite(NINO, DEF1_YEAR, {})), refusal(BODY));
  });

  it('refuses inline pensionSavingsTaxCharges from 2024-25', async () => {
    const input = { pensionSavingsTaxCharges: { pensionSchemeTaxReference: ['00123456RA'] } };
    expectRefused(await stack.gql(inlineWrite(NINO, DEF2_YEAR, input)), refusal(BODY, [S]));
  });

  it('refuses an inline provider with a bad name and a bad country, sorted by code', async () => {
    const input = {
      overseasPensionContributions: {
        overseasSchemeProvider: [
          { providerName: '  ', providerAddress: 'Somewhere', providerCountryCode: 'GBR' },
        ],
        shortServiceRefund: 1,
        shortServiceRefundTaxPaid: 1,
      },
    };
    expectRefused(
      await stack.gql(inlineWrite(NINO, DEF1_YEAR, input)),
      refusal('FORMAT_PROVIDER_NAME', [`${O}/overseasSchemeProvider/0/providerName`]),
      refusal('RULE_COUNTRY_CODE', [`${O}/overseasSchemeProvider/0/providerCountryCode`]),
    );
  });

  it('refuses an inline unsupported year with an empty input (two errors)', async () => {
    expectRefused(
      await stack.gql(inlineWrite(NINO, '2020-21', {})),
      refusal(BODY),
      refusal('RULE_TAX_YEAR_NOT_SUPPORTED'),
    );
  });
});

// --- Refused requests: scalars --------------------------------------------------------------------------------

describe('invalid NINO and tax year fail the whole request at the scalar', () => {
  const valid = { pensionContributions: def2Body().pensionContributions };

  it.each([
    ['FORMAT_NINO', 'Badnino', DEF1_YEAR],
    ['FORMAT_NINO', 'ZZ123456A', DEF1_YEAR],
    ['FORMAT_NINO', 'aa123456a', DEF1_YEAR],
    ['FORMAT_NINO', 'AA123456E', DEF1_YEAR],
    ['FORMAT_TAX_YEAR', NINO, '2023'],
    ['FORMAT_TAX_YEAR', NINO, '2023-2024'],
    ['FORMAT_TAX_YEAR', NINO, '2009-10'],
    ['RULE_TAX_YEAR_RANGE_INVALID', NINO, '2023-25'],
    ['RULE_TAX_YEAR_RANGE_INVALID', NINO, '2018-20'],
  ] as const)('gives %s for nino %j / taxYear %j as variables', async (code, nino, taxYear) => {
    expectScalarRefusal(await write(taxYear, valid, nino), code);
  });

  it.each([
    ['FORMAT_NINO', 'Badnino', DEF1_YEAR],
    ['FORMAT_NINO', 'NT123456A', DEF1_YEAR],
    ['FORMAT_TAX_YEAR', NINO, 'beans'],
    ['RULE_TAX_YEAR_RANGE_INVALID', NINO, '2021-24'],
  ] as const)('gives %s for nino %j / taxYear %j as literals', async (code, nino, taxYear) => {
    expectScalarRefusal(await stack.gql(inlineWrite(nino, taxYear, valid)), code);
  });

  it('fails a well-formed but unsupported year on the field, not at the scalar', async () => {
    expectRefused(
      await stack.gql(inlineWrite(NINO, '2020-21', valid)),
      refusal('RULE_TAX_YEAR_NOT_SUPPORTED'),
    );
  });
});

// --- Read and delete minimum ----------------------------------------------------------------------------------

describe('read and delete minimum year (2021-22)', () => {
  const DELETE = /* GraphQL */ `
    mutation Delete($nino: Nino!, $taxYear: TaxYear!) {
      deletePensionCharges(nino: $nino, taxYear: $taxYear) {
        correlationId
      }
    }
  `;

  it('refuses to delete 2020-21 with RULE_TAX_YEAR_NOT_SUPPORTED, sending nothing', async () => {
    const { status, body } = await stack.gql(DELETE, { nino: NINO, taxYear: '2020-21' });
    expect(status).toBe(200);
    expect(body.data).toStrictEqual({ deletePensionCharges: null });
    expect(body.errors).toStrictEqual([
      expect.objectContaining({
        message: MESSAGES.RULE_TAX_YEAR_NOT_SUPPORTED,
        path: ['deletePensionCharges'],
        extensions: { code: 'RULE_TAX_YEAR_NOT_SUPPORTED', status: 400, origin: 'GATEWAY' },
      }),
    ]);
    expect(stack.simulator.requests).toHaveLength(0);
  });

  it('sends the delete for 2021-22', async () => {
    await stack.gql(DELETE, { nino: NINO, taxYear: '2021-22' });
    expect(stack.simulator.requests.map((r) => [r.method, r.url])).toStrictEqual([
      ['DELETE', '/individuals/charges/pensions/AA123456A/2021-22'],
    ]);
  });

  it('refuses to read 2020-21 with RULE_TAX_YEAR_NOT_SUPPORTED, sending nothing', async () => {
    const query = `query { taxpayer(nino: "${NINO}") { taxYear(taxYear: "2020-21") { pensionCharges { submittedOn } } } }`;
    const { body } = await stack.gql(query);
    expect(body.data.taxpayer.taxYear.pensionCharges).toBeNull();
    expect(body.errors!.map((e): unknown[] => [e.path, e.extensions])).toStrictEqual([
      [
        ['taxpayer', 'taxYear', 'pensionCharges'],
        { code: 'RULE_TAX_YEAR_NOT_SUPPORTED', status: 400, origin: 'GATEWAY' },
      ],
    ]);
    expect(stack.simulator.requests).toHaveLength(0);
  });
});
