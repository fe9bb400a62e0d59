/**
 * Foreign reliefs, pension reliefs and charitable giving end to end: GraphQL over a real port → gateway → (only
 * if valid) HTTP → HMRC sandbox simulator. Reads, writes and deletes; refusals carrying HMRC's code, status and
 * paths (docs/hmrc-rules.md §2.2–§2.7, §4.4–§4.6) that never reach the simulator; accepted writes reaching it as
 * exactly one PUT whose body is the input without nulls; and HMRC-side sandbox scenarios (§4.8).
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_NINO } from '../../src/simulator/demo-data';
import type { GraphQLResponse, Stack } from '../helpers/stack';
import { TOKEN, startStack, upstreamCalls } from '../helpers/stack';
import { hmrcSpecDir } from '../helpers/hmrc-fixtures';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const MESSAGES: Record<string, string> = {
  RULE_TAX_YEAR_NOT_SUPPORTED: 'The tax year specified does not lie within the supported range',
  RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED: 'An empty or non-matching body was submitted',
  FORMAT_VALUE: 'The value must be between 0 and 99999999999.99',
  FORMAT_COUNTRY_CODE: 'The provided Country code is invalid',
  RULE_COUNTRY_CODE: 'The country code is not a valid ISO 3166-1 alpha-3 country code',
  FORMAT_STRING: 'The supplied string format is not valid',
  RULE_GIFT_AID_NON_UK_AMOUNT_WITHOUT_NAMES:
    'Non-UK charity Gift Aid amount supplied without the non-UK Gift Aid charity names',
  RULE_GIFTS_NON_UK_AMOUNT_WITHOUT_NAMES: 'Non-UK gifts amount supplied without non-UK gifts charity names',
  MATCHING_RESOURCE_NOT_FOUND: 'Matching resource not found',
  RULE_OUTSIDE_AMENDMENT_WINDOW: 'You are outside the amendment window',
};
const BODY = 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED';

const FOREIGN_FIELDS = `
  submittedOn
  foreignTaxCreditRelief { amount }
  foreignIncomeTaxCreditRelief { countryCode foreignTaxPaid taxableAmount employmentLumpSum }
  foreignTaxForFtcrNotClaimed { amount }
`;
const PENSIONS_FIELDS = `
  submittedOn
  pensionReliefs {
    regularPensionContributions
    oneOffPensionContributionsPaid
    retirementAnnuityPayments
    paymentToEmployersSchemeNoTaxRelief
    overseasPensionSchemeContributions
  }
`;
const CHARITABLE_FIELDS = `
  giftAidPayments {
    nonUkCharities { charityNames totalAmount }
    totalAmount
    oneOffAmount
    amountTreatedAsPreviousTaxYear
    amountTreatedAsSpecifiedTaxYear
  }
  gifts {
    nonUkCharities { charityNames totalAmount }
    landAndBuildings
    sharesOrSecurities
  }
`;

const READ = /* GraphQL */ `
  query Read($nino: Nino!, $taxYear: TaxYear!) {
    taxpayer(nino: $nino) {
      taxYear(taxYear: $taxYear) {
        reliefs {
          foreign { ${FOREIGN_FIELDS} }
          pensions { ${PENSIONS_FIELDS} }
          charitableGiving { ${CHARITABLE_FIELDS} }
        }
      }
    }
  }
`;

type Kind = 'foreign' | 'pensions' | 'charitableGiving';

const WRITES: Record<Kind, { field: string; inputType: string; delete: string; url: string }> = {
  foreign: {
    field: 'createOrAmendForeignReliefs',
    inputType: 'ForeignReliefsInput',
    delete: 'deleteForeignReliefs',
    url: '/individuals/reliefs/foreign',
  },
  pensions: {
    field: 'createOrAmendPensionReliefs',
    inputType: 'PensionReliefsInput',
    delete: 'deletePensionReliefs',
    url: '/individuals/reliefs/pensions',
  },
  charitableGiving: {
    field: 'createOrAmendCharitableGiving',
    inputType: 'CharitableGivingInput',
    delete: 'deleteCharitableGiving',
    url: '/individuals/reliefs/charitable-giving',
  },
};
const SELECTION: Record<Kind, string> = {
  foreign: FOREIGN_FIELDS,
  pensions: PENSIONS_FIELDS,
  charitableGiving: CHARITABLE_FIELDS,
};

function writeMutation(kind: Kind): string {
  const { field, inputType } = WRITES[kind];
  return `mutation Write($nino: Nino!, $taxYear: TaxYear!, $input: ${inputType}!) {
    ${field}(nino: $nino, taxYear: $taxYear, input: $input) {
      correlationId
      taxpayerYear { taxYear reliefs { ${kind} { ${SELECTION[kind]} } } }
    }
  }`;
}

function deleteMutation(kind: Kind): string {
  return `mutation Delete($nino: Nino!, $taxYear: TaxYear!) {
    ${WRITES[kind].delete}(nino: $nino, taxYear: $taxYear) {
      correlationId
      taxpayerYear { reliefs { ${kind} { __typename } } }
    }
  }`;
}

/** HMRC's copied example request bodies, beside the repository. */
function example(file: string): any {
  return JSON.parse(
    fs.readFileSync(path.join(hmrcSpecDir('individuals-reliefs-api', '3.0'), 'examples', file), 'utf8'),
  );
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());
beforeEach(() => stack.simulator.reset());

const OTHER = 'AB123456C';

function write(kind: Kind, taxYear: string, input: unknown, nino = OTHER, headers?: Record<string, string>) {
  return stack.gql(writeMutation(kind), { nino, taxYear, input }, headers);
}

function read(taxYear: string, nino = DEMO_NINO, headers?: Record<string, string>) {
  return stack.gql(READ, { nino, taxYear }, headers);
}

/** Reads one kind of relief only (so a year another kind refuses does not add errors). */
function readOne(kind: Kind, taxYear: string, nino = OTHER) {
  const query = `query ReadOne($nino: Nino!, $taxYear: TaxYear!) {
    taxpayer(nino: $nino) { taxYear(taxYear: $taxYear) { reliefs { ${kind} { ${SELECTION[kind]} } } } }
  }`;
  return stack.gql(query, { nino, taxYear });
}

interface Expected {
  code: string;
  paths?: string[];
}
const refusal = (code: string, paths?: string[]): Expected => ({ code, ...(paths ? { paths } : {}) });

/** The mutation failed on its field with exactly these HMRC errors, in this order, and nothing was sent. */
function expectRefused(response: GraphQLResponse, kind: Kind, ...expected: Expected[]): void {
  const { field } = WRITES[kind];
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

/** The mutation succeeded and HMRC received exactly one request, a PUT with this body. */
function expectSent(
  response: GraphQLResponse,
  kind: Kind,
  taxYear: string,
  body: unknown,
  nino = OTHER,
): void {
  expect(response.body.errors).toBeUndefined();
  expect(response.status).toBe(200);
  expect(response.body.data[WRITES[kind].field].correlationId).toMatch(UUID);
  const sent = stack.simulator.requests.filter((r) => r.method !== 'GET');
  expect(sent).toHaveLength(1);
  expect(sent[0]!.method).toBe('PUT');
  expect(sent[0]!.url).toBe(`${WRITES[kind].url}/${nino}/${taxYear}`);
  expect(sent[0]!.headers['content-type']).toBe('application/json');
  expect(sent[0]!.body).toStrictEqual(body);
}

// --- Reading -------------------------------------------------------------------------------------------------------

describe('reading', () => {
  it.each(['2023-24', '2024-25'])(
    'returns the demo taxpayer’s foreign and pension reliefs for %s',
    async (taxYear) => {
      const { status, body } = await read(taxYear);
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      const { foreign, pensions } = body.data.taxpayer.taxYear.reliefs;
      expect(foreign).toStrictEqual({
        submittedOn: '2019-04-04T01:01:01.000Z',
        foreignTaxCreditRelief: { amount: 5000.99 },
        foreignIncomeTaxCreditRelief: [
          { countryCode: 'FRA', foreignTaxPaid: 4567.69, taxableAmount: 2853.13, employmentLumpSum: false },
        ],
        foreignTaxForFtcrNotClaimed: { amount: 3456.97 },
      });
      expect(pensions).toStrictEqual({
        submittedOn: '2020-07-14T10:30:18.000Z',
        pensionReliefs: {
          regularPensionContributions: 1999.99,
          oneOffPensionContributionsPaid: 1999.99,
          retirementAnnuityPayments: 1999.99,
          paymentToEmployersSchemeNoTaxRelief: 1999.99,
          overseasPensionSchemeContributions: 1999.99,
        },
      });
    },
  );

  const nonUk = { charityNames: ['non-UK charity 1', 'non-UK charity 2'], totalAmount: 1000.12 };
  const giftAidAmounts = {
    totalAmount: 1000.12,
    oneOffAmount: 1000.12,
    amountTreatedAsPreviousTaxYear: 1000.12,
    amountTreatedAsSpecifiedTaxYear: 1000.12,
  };

  it.each(['2023-24', '2024-25'])(
    'returns charitable giving with non-UK charities for %s',
    async (taxYear) => {
      const { body } = await read(taxYear);
      expect(body.errors).toBeUndefined();
      expect(body.data.taxpayer.taxYear.reliefs.charitableGiving).toStrictEqual({
        giftAidPayments: { nonUkCharities: nonUk, ...giftAidAmounts },
        gifts: { nonUkCharities: nonUk, landAndBuildings: 1000.12, sharesOrSecurities: 1000.12 },
      });
    },
  );

  it('returns 2025-26 charitable giving in HMRC’s second shape (no non-UK charities), the others null', async () => {
    const { body } = await read('2025-26');
    expect(body.errors).toBeUndefined();
    expect(body.data.taxpayer.taxYear.reliefs).toStrictEqual({
      foreign: null,
      pensions: null,
      charitableGiving: {
        giftAidPayments: { nonUkCharities: null, ...giftAidAmounts },
        gifts: { nonUkCharities: null, landAndBuildings: 1000.12, sharesOrSecurities: 1000.12 },
      },
    });
  });

  it('is null, not an error, when HMRC holds nothing (HMRC 404), after one call per resource', async () => {
    const { body } = await read('2023-24', OTHER);
    expect(body.errors).toBeUndefined();
    expect(body.data.taxpayer.taxYear.reliefs).toStrictEqual({
      foreign: null,
      pensions: null,
      charitableGiving: null,
    });
    for (const kind of Object.values(WRITES)) {
      expect(upstreamCalls(stack.simulator, `${kind.url}/${OTHER}/2023-24`)).toHaveLength(1);
    }
  });

  it('sends the bearer token unchanged with Accept version 3.0', async () => {
    await read('2023-24');
    const [call] = upstreamCalls(stack.simulator, '/individuals/reliefs/foreign/');
    expect(call!.method).toBe('GET');
    expect(call!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(call!.headers.accept).toBe('application/vnd.hmrc.3.0+json');
  });

  it('refuses 2019-20 on the foreign and pensions fields only; charitable giving (from 2017-18) is asked for', async () => {
    const { status, body } = await read('2019-20');
    expect(status).toBe(200);
    expect(body.data.taxpayer.taxYear.reliefs).toStrictEqual({
      foreign: null,
      pensions: null,
      charitableGiving: null,
    });
    const extensions = { code: 'RULE_TAX_YEAR_NOT_SUPPORTED', status: 400, origin: 'GATEWAY' };
    expect(body.errors).toHaveLength(2);
    expect(body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          message: MESSAGES.RULE_TAX_YEAR_NOT_SUPPORTED,
          path: ['taxpayer', 'taxYear', 'reliefs', 'foreign'],
          extensions,
        }),
        expect.objectContaining({
          message: MESSAGES.RULE_TAX_YEAR_NOT_SUPPORTED,
          path: ['taxpayer', 'taxYear', 'reliefs', 'pensions'],
          extensions,
        }),
      ]),
    );
    expect(upstreamCalls(stack.simulator, '/foreign/')).toHaveLength(0);
    expect(upstreamCalls(stack.simulator, '/pensions/')).toHaveLength(0);
    expect(upstreamCalls(stack.simulator, `/charitable-giving/${DEMO_NINO}/2019-20`)).toHaveLength(1);
  });

  it('refuses charitable giving before 2017-18 on that field only', async () => {
    const query = `query { taxpayer(nino: "${DEMO_NINO}") { taxYear(taxYear: "2016-17") { reliefs { charitableGiving { gifts { landAndBuildings } } } } } }`;
    const { body } = await stack.gql(query);
    expect(body.data.taxpayer.taxYear.reliefs.charitableGiving).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: ['taxpayer', 'taxYear', 'reliefs', 'charitableGiving'],
        extensions: { code: 'RULE_TAX_YEAR_NOT_SUPPORTED', status: 400, origin: 'GATEWAY' },
      }),
    ]);
    expect(stack.simulator.requests).toHaveLength(0);
  });

  it('turns HMRC’s NOT_FOUND scenario into null for all three', async () => {
    const { body } = await read('2023-24', DEMO_NINO, { 'gov-test-scenario': 'NOT_FOUND' });
    expect(body.errors).toBeUndefined();
    expect(body.data.taxpayer.taxYear.reliefs).toStrictEqual({
      foreign: null,
      pensions: null,
      charitableGiving: null,
    });
    expect(stack.simulator.requests).toHaveLength(3);
    for (const request of stack.simulator.requests)
      expect(request.headers['gov-test-scenario']).toBe('NOT_FOUND');
  });
});

// --- Writing and deleting ------------------------------------------------------------------------------------------

const foreignInput = {
  foreignTaxCreditRelief: { amount: 120.5 },
  foreignIncomeTaxCreditRelief: [
    { countryCode: 'GBR', foreignTaxPaid: 10, taxableAmount: 100, employmentLumpSum: true },
    { countryCode: 'ZZZ', taxableAmount: 0, employmentLumpSum: false },
  ],
};
const pensionsInput = {
  pensionReliefs: { regularPensionContributions: 2500.25, overseasPensionSchemeContributions: 0 },
};
const charitableDef1Input = {
  giftAidPayments: {
    nonUkCharities: { charityNames: ['Aid & Relief (Intl.) £'], totalAmount: 50 },
    totalAmount: 150,
  },
  gifts: { nonUkCharities: { totalAmount: 0 }, sharesOrSecurities: 99999999999.99 },
};

describe('writing then reading, deleting then reading', () => {
  it.each([
    [
      'foreign' as const,
      '2024-25',
      foreignInput,
      {
        foreignTaxCreditRelief: { amount: 120.5 },
        foreignIncomeTaxCreditRelief: [
          { countryCode: 'GBR', foreignTaxPaid: 10, taxableAmount: 100, employmentLumpSum: true },
          { countryCode: 'ZZZ', foreignTaxPaid: null, taxableAmount: 0, employmentLumpSum: false },
        ],
        foreignTaxForFtcrNotClaimed: null,
      },
    ],
    [
      'pensions' as const,
      '2020-21',
      pensionsInput,
      {
        pensionReliefs: {
          regularPensionContributions: 2500.25,
          oneOffPensionContributionsPaid: null,
          retirementAnnuityPayments: null,
          paymentToEmployersSchemeNoTaxRelief: null,
          overseasPensionSchemeContributions: 0,
        },
      },
    ],
    [
      'charitableGiving' as const,
      '2017-18',
      charitableDef1Input,
      {
        giftAidPayments: {
          nonUkCharities: { charityNames: ['Aid & Relief (Intl.) £'], totalAmount: 50 },
          totalAmount: 150,
          oneOffAmount: null,
          amountTreatedAsPreviousTaxYear: null,
          amountTreatedAsSpecifiedTaxYear: null,
        },
        gifts: {
          nonUkCharities: { charityNames: null, totalAmount: 0 },
          landAndBuildings: null,
          sharesOrSecurities: 99999999999.99,
        },
      },
    ],
  ])('%s for %s', async (kind, taxYear, input, readBack) => {
    const written = await write(kind, taxYear, input);
    expectSent(written, kind, taxYear, input);
    const result = written.body.data[WRITES[kind].field];
    expect(result.taxpayerYear.taxYear).toBe(taxYear);
    // The write result's year is read after the write, so it shows the new data.
    const fromResult = result.taxpayerYear.reliefs[kind];
    if (kind !== 'charitableGiving') {
      expect(fromResult.submittedOn).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      delete fromResult.submittedOn;
    }
    expect(fromResult).toStrictEqual(readBack);

    const after = await readOne(kind, taxYear);
    expect(after.body.errors).toBeUndefined();
    const stored = after.body.data.taxpayer.taxYear.reliefs[kind];
    delete stored.submittedOn;
    expect(stored).toStrictEqual(readBack);

    stack.simulator.requests.length = 0;
    const deleted = await stack.gql(deleteMutation(kind), { nino: OTHER, taxYear });
    expect(deleted.body.errors).toBeUndefined();
    expect(deleted.body.data[WRITES[kind].delete].correlationId).toMatch(UUID);
    expect(deleted.body.data[WRITES[kind].delete].taxpayerYear.reliefs[kind]).toBeNull();
    const deletes = stack.simulator.requests.filter((r) => r.method === 'DELETE');
    expect(deletes.map((r) => r.url)).toStrictEqual([`${WRITES[kind].url}/${OTHER}/${taxYear}`]);

    const gone = await readOne(kind, taxYear);
    expect(gone.body.errors).toBeUndefined();
    expect(gone.body.data.taxpayer.taxYear.reliefs[kind]).toBeNull();
  });

  it('deletes the demo taxpayer’s data, after which reads are null', async () => {
    const deleted = await stack.gql(deleteMutation('charitableGiving'), {
      nino: DEMO_NINO,
      taxYear: '2025-26',
    });
    expect(deleted.body.errors).toBeUndefined();
    const { body } = await read('2025-26');
    expect(body.data.taxpayer.taxYear.reliefs.charitableGiving).toBeNull();
  });

  it('reports HMRC’s 404 when deleting what does not exist', async () => {
    const { body } = await stack.gql(deleteMutation('pensions'), { nino: OTHER, taxYear: '2023-24' });
    expect(body.data).toStrictEqual({ deletePensionReliefs: null });
    expect(body.errors!.map((e): unknown => e.extensions)).toStrictEqual([
      {
        code: 'MATCHING_RESOURCE_NOT_FOUND',
        status: 404,
        origin: 'HMRC',
        correlationId: expect.stringMatching(UUID),
      },
    ]);
  });
});

// --- Accepted writes ---------------------------------------------------------------------------------------------

describe('accepted writes reach HMRC as one PUT with the input as body, nulls removed', () => {
  it.each([
    ['foreign' as const, '2023-24', 'amend_relief_foreign_request.json'],
    ['pensions' as const, '2023-24', 'amend_relief_pensions_request.json'],
    ['charitableGiving' as const, '2024-25', 'amend_charitable_giving/def1/request.json'],
    ['charitableGiving' as const, '2025-26', 'amend_charitable_giving/def2/request.json'],
  ])('%s for %s: HMRC’s own example %s', async (kind, taxYear, file) => {
    expectSent(await write(kind, taxYear, example(file)), kind, taxYear, example(file));
  });

  it('strips explicit nulls before sending', async () => {
    const input = {
      foreignTaxCreditRelief: null,
      foreignIncomeTaxCreditRelief: [
        { countryCode: 'XKX', foreignTaxPaid: null, taxableAmount: 1, employmentLumpSum: true },
      ],
      foreignTaxForFtcrNotClaimed: { amount: 2 },
    };
    expectSent(await write('foreign', '2023-24', input), 'foreign', '2023-24', {
      foreignIncomeTaxCreditRelief: [{ countryCode: 'XKX', taxableAmount: 1, employmentLumpSum: true }],
      foreignTaxForFtcrNotClaimed: { amount: 2 },
    });
  });

  it('from 2025-26 leaves nonUkCharities out of what is sent (HMRC’s def2 model ignores them)', async () => {
    const input = {
      giftAidPayments: {
        nonUkCharities: { charityNames: ['#not checked'], totalAmount: 10 },
        oneOffAmount: 5,
      },
      gifts: { nonUkCharities: { totalAmount: 3 }, landAndBuildings: 7 },
    };
    expectSent(await write('charitableGiving', '2025-26', input), 'charitableGiving', '2025-26', {
      giftAidPayments: { oneOffAmount: 5 },
      gifts: { landAndBuildings: 7 },
    });
  });

  it('accepts a zero non-UK total without names', async () => {
    const input = { gifts: { nonUkCharities: { totalAmount: 0 } } };
    expectSent(await write('charitableGiving', '2023-24', input), 'charitableGiving', '2023-24', input);
  });

  it('accepts an input written inline in the query, with a NINO without a suffix', async () => {
    const query = `mutation {
      createOrAmendPensionReliefs(nino: "AB123456", taxYear: "2021-22", input: { pensionReliefs: { retirementAnnuityPayments: 12.5 } }) {
        correlationId
      }
    }`;
    expectSent(
      await stack.gql(query),
      'pensions',
      '2021-22',
      { pensionReliefs: { retirementAnnuityPayments: 12.5 } },
      'AB123456',
    );
  });
});

// --- Refusals ----------------------------------------------------------------------------------------------------

describe('refused writes carry HMRC’s errors and are never sent', () => {
  it('refuses foreign reliefs and pension reliefs before 2020-21', async () => {
    expectRefused(
      await write('foreign', '2019-20', foreignInput),
      'foreign',
      refusal('RULE_TAX_YEAR_NOT_SUPPORTED'),
    );
    stack.simulator.reset();
    expectRefused(
      await write('pensions', '2019-20', pensionsInput),
      'pensions',
      refusal('RULE_TAX_YEAR_NOT_SUPPORTED'),
    );
  });

  it('reports the minimum year together with an empty body for foreign reliefs (HMRC validates both at once)', async () => {
    expectRefused(
      await write('foreign', '2019-20', {}),
      'foreign',
      refusal(BODY),
      refusal('RULE_TAX_YEAR_NOT_SUPPORTED'),
    );
  });

  it('refuses charitable giving before 2017-18, alone even with an empty body', async () => {
    expectRefused(
      await write('charitableGiving', '2016-17', {}),
      'charitableGiving',
      refusal('RULE_TAX_YEAR_NOT_SUPPORTED'),
    );
  });

  it('refuses foreign country codes with the reliefs rule', async () => {
    const input = {
      foreignIncomeTaxCreditRelief: ['GB', 'gbr', 'FRA', 'GER'].map((countryCode) => ({
        countryCode,
        taxableAmount: 1,
        employmentLumpSum: true,
      })),
    };
    expectRefused(
      await write('foreign', '2023-24', input),
      'foreign',
      refusal('FORMAT_COUNTRY_CODE', ['/foreignIncomeTaxCreditRelief/0/countryCode']),
      refusal('RULE_COUNTRY_CODE', [
        '/foreignIncomeTaxCreditRelief/1/countryCode',
        '/foreignIncomeTaxCreditRelief/3/countryCode',
      ]),
    );
  });

  it('refuses missing mandatory fields by path', async () => {
    expectRefused(
      await write('foreign', '2023-24', { foreignIncomeTaxCreditRelief: [{ foreignTaxPaid: 1 }] }),
      'foreign',
      refusal(BODY, [
        '/foreignIncomeTaxCreditRelief/0/countryCode',
        '/foreignIncomeTaxCreditRelief/0/employmentLumpSum',
        '/foreignIncomeTaxCreditRelief/0/taxableAmount',
      ]),
    );
  });

  it('refuses an empty list with its path', async () => {
    expectRefused(
      await write('foreign', '2023-24', { foreignIncomeTaxCreditRelief: [] }),
      'foreign',
      refusal(BODY, ['/foreignIncomeTaxCreditRelief']),
    );
  });

  it('refuses {"pensionReliefs":{}} with the path /pensionReliefs, and {} without a path', async () => {
    expectRefused(
      await write('pensions', '2023-24', { pensionReliefs: {} }),
      'pensions',
      refusal(BODY, ['/pensionReliefs']),
    );
    stack.simulator.reset();
    expectRefused(await write('pensions', '2023-24', {}), 'pensions', refusal(BODY));
  });

  it('refuses bad amounts with one merged FORMAT_VALUE', async () => {
    const input = {
      pensionReliefs: { overseasPensionSchemeContributions: 1.234, regularPensionContributions: -5 },
    };
    expectRefused(
      await write('pensions', '2023-24', input),
      'pensions',
      refusal('FORMAT_VALUE', [
        '/pensionReliefs/regularPensionContributions',
        '/pensionReliefs/overseasPensionSchemeContributions',
      ]),
    );
  });

  it('refuses an explicitly empty charityNames list as an empty-body error with its path', async () => {
    expectRefused(
      await write('charitableGiving', '2024-25', {
        giftAidPayments: { nonUkCharities: { charityNames: [], totalAmount: 5 } },
      }),
      'charitableGiving',
      refusal(BODY, ['/giftAidPayments/nonUkCharities/charityNames']),
    );
  });

  it('refuses an empty section from 2025-26 once nonUkCharities is ignored', async () => {
    expectRefused(
      await write('charitableGiving', '2025-26', {
        gifts: { nonUkCharities: { charityNames: ['A'], totalAmount: 5 } },
      }),
      'charitableGiving',
      refusal(BODY, ['/gifts']),
    );
  });

  it('refuses non-UK amounts without names, bad names and bad amounts, sorted by code', async () => {
    const input = {
      giftAidPayments: { nonUkCharities: { totalAmount: 5 }, amountTreatedAsPreviousTaxYear: -1 },
      gifts: { nonUkCharities: { charityNames: ['Fine', 'x'.repeat(76), 'Café'], totalAmount: 5 } },
    };
    expectRefused(
      await write('charitableGiving', '2023-24', input),
      'charitableGiving',
      refusal('FORMAT_STRING', [
        '/gifts/nonUkCharities/charityNames/1',
        '/gifts/nonUkCharities/charityNames/2',
      ]),
      refusal('FORMAT_VALUE', ['/giftAidPayments/amountTreatedAsPreviousTaxYear']),
      refusal('RULE_GIFT_AID_NON_UK_AMOUNT_WITHOUT_NAMES'),
    );
  });

  it('reports both names rules, gifts first', async () => {
    const input = {
      giftAidPayments: { nonUkCharities: { totalAmount: 0.01 } },
      gifts: { nonUkCharities: { totalAmount: 1 } },
    };
    expectRefused(
      await write('charitableGiving', '2023-24', input),
      'charitableGiving',
      refusal('RULE_GIFTS_NON_UK_AMOUNT_WITHOUT_NAMES'),
      refusal('RULE_GIFT_AID_NON_UK_AMOUNT_WITHOUT_NAMES'),
    );
  });
});

// --- HMRC-side scenarios -------------------------------------------------------------------------------------------

describe('HMRC sandbox scenarios', () => {
  function expectHmrcError(response: GraphQLResponse, field: string, code: string, status: number): void {
    expect(response.status).toBe(200);
    expect(response.body.data).toStrictEqual({ [field]: null });
    expect(response.body.errors).toHaveLength(1);
    const [error] = response.body.errors!;
    expect(error!.path).toStrictEqual([field]);
    expect(error!.message).toBe(MESSAGES[code]);
    expect(error!.extensions).toStrictEqual({
      code,
      status,
      origin: 'HMRC',
      correlationId: expect.stringMatching(UUID),
    });
  }

  it('charitable giving PUT with NOT_FOUND (no income source) is MATCHING_RESOURCE_NOT_FOUND, 404', async () => {
    const response = await write('charitableGiving', '2023-24', charitableDef1Input, DEMO_NINO, {
      'gov-test-scenario': 'NOT_FOUND',
    });
    expectHmrcError(response, 'createOrAmendCharitableGiving', 'MATCHING_RESOURCE_NOT_FOUND', 404);
    const [sent] = stack.simulator.requests;
    expect(sent!.method).toBe('PUT');
    expect(sent!.headers['gov-test-scenario']).toBe('NOT_FOUND');
  });

  it.each([
    ['foreign' as const, foreignInput],
    ['pensions' as const, pensionsInput],
    ['charitableGiving' as const, charitableDef1Input],
  ])('%s PUT with OUTSIDE_AMENDMENT_WINDOW is RULE_OUTSIDE_AMENDMENT_WINDOW', async (kind, input) => {
    const response = await write(kind, '2023-24', input, DEMO_NINO, {
      'gov-test-scenario': 'OUTSIDE_AMENDMENT_WINDOW',
    });
    expectHmrcError(response, WRITES[kind].field, 'RULE_OUTSIDE_AMENDMENT_WINDOW', 400);
    expect(stack.simulator.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
  });

  it.each(['foreign', 'pensions', 'charitableGiving'] as const)(
    '%s DELETE with OUTSIDE_AMENDMENT_WINDOW is RULE_OUTSIDE_AMENDMENT_WINDOW',
    async (kind) => {
      const response = await stack.gql(
        deleteMutation(kind),
        { nino: DEMO_NINO, taxYear: '2023-24' },
        { 'gov-test-scenario': 'OUTSIDE_AMENDMENT_WINDOW' },
      );
      expectHmrcError(response, WRITES[kind].delete, 'RULE_OUTSIDE_AMENDMENT_WINDOW', 400);
    },
  );

  it('the refused scenario write leaves the demo data as it was', async () => {
    await write('pensions', '2023-24', pensionsInput, DEMO_NINO, {
      'gov-test-scenario': 'OUTSIDE_AMENDMENT_WINDOW',
    });
    const { body } = await read('2023-24');
    expect(body.data.taxpayer.taxYear.reliefs.pensions.pensionReliefs.regularPensionContributions).toBe(
      1999.99,
    );
  });

  it('a scenario does not bypass the gateway’s own validation', async () => {
    const response = await write('foreign', '2023-24', { foreignIncomeTaxCreditRelief: [] }, DEMO_NINO, {
      'gov-test-scenario': 'OUTSIDE_AMENDMENT_WINDOW',
    });
    expectRefused(response, 'foreign', refusal(BODY, ['/foreignIncomeTaxCreditRelief']));
  });
});
