/**
 * Pension charges end to end: GraphQL over a real port → gateway → HTTP → HMRC sandbox simulator.
 */
import { DEMO_NINO } from '../../src/simulator/demo-data';
import type { Stack } from '../helpers/stack';
import { TOKEN, startStack, upstreamCalls } from '../helpers/stack';

const READ = /* GraphQL */ `
  query Read($nino: Nino!, $taxYear: TaxYear!) {
    taxpayer(nino: $nino) {
      taxYear(taxYear: $taxYear) {
        taxYear
        pensionCharges {
          submittedOn
          pensionSavingsTaxCharges {
            pensionSchemeTaxReference
            lumpSumBenefitTakenInExcessOfLifetimeAllowance {
              amount
              taxPaid
            }
            benefitInExcessOfLifetimeAllowance {
              amount
              taxPaid
            }
          }
          pensionSchemeOverseasTransfers {
            overseasSchemeProvider {
              providerName
              providerAddress
              providerCountryCode
              qualifyingRecognisedOverseasPensionScheme
              pensionSchemeTaxReference
            }
            transferCharge
            transferChargeTaxPaid
          }
          pensionSchemeUnauthorisedPayments {
            pensionSchemeTaxReference
            surcharge {
              amount
              foreignTaxPaid
            }
            noSurcharge {
              amount
              foreignTaxPaid
            }
          }
          pensionContributions {
            pensionSchemeTaxReference
            inExcessOfTheAnnualAllowance
            annualAllowanceTaxPaid
            isAnnualAllowanceReduced
            taperedAnnualAllowance
            moneyPurchasedAllowance
          }
          overseasPensionContributions {
            overseasSchemeProvider {
              providerName
              providerAddress
              providerCountryCode
              pensionSchemeTaxReference
            }
            shortServiceRefund
            shortServiceRefundTaxPaid
          }
        }
      }
    }
  }
`;

const WRITE = /* GraphQL */ `
  mutation Write($nino: Nino!, $taxYear: TaxYear!, $input: PensionChargesInput!) {
    createOrAmendPensionCharges(nino: $nino, taxYear: $taxYear, input: $input) {
      correlationId
      taxpayerYear {
        taxYear
        pensionCharges {
          submittedOn
          pensionContributions {
            annualAllowanceTaxPaid
          }
        }
      }
    }
  }
`;

const DELETE = /* GraphQL */ `
  mutation Delete($nino: Nino!, $taxYear: TaxYear!) {
    deletePensionCharges(nino: $nino, taxYear: $taxYear) {
      correlationId
      taxpayerYear {
        pensionCharges {
          submittedOn
        }
      }
    }
  }
`;

const def2Input = {
  pensionSchemeOverseasTransfers: {
    overseasSchemeProvider: [
      {
        providerName: 'Acme Pensions SA',
        providerAddress: '1 Rue de Paris',
        providerCountryCode: 'FRA',
        qualifyingRecognisedOverseasPensionScheme: ['Q654321'],
      },
    ],
    transferCharge: 1200.5,
    transferChargeTaxPaid: 300,
  },
  pensionSchemeUnauthorisedPayments: {
    pensionSchemeTaxReference: ['12345678RA'],
    surcharge: { amount: 10, foreignTaxPaid: 1.5 },
  },
  pensionContributions: {
    pensionSchemeTaxReference: ['12345678RB'],
    inExcessOfTheAnnualAllowance: 4000,
    annualAllowanceTaxPaid: 1600.25,
    isAnnualAllowanceReduced: true,
    moneyPurchasedAllowance: true,
  },
  overseasPensionContributions: {
    overseasSchemeProvider: [
      {
        providerName: 'Zurich Vorsorge',
        providerAddress: 'Bahnhofstrasse 1',
        providerCountryCode: 'CHE',
        pensionSchemeTaxReference: ['87654321RZ'],
      },
    ],
    shortServiceRefund: 50,
    shortServiceRefundTaxPaid: 12.34,
  },
};

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());
beforeEach(() => stack.simulator.reset());

describe('reading pension charges', () => {
  it('returns the demo taxpayer’s charges in HMRC’s pre-2024-25 shape, lifetime-allowance section included', async () => {
    const { status, body } = await stack.gql(READ, { nino: DEMO_NINO, taxYear: '2023-24' });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const charges = body.data.taxpayer.taxYear.pensionCharges;
    expect(charges.submittedOn).toBe('2023-07-27T17:00:19.000Z');
    expect(charges.pensionSavingsTaxCharges).toEqual({
      pensionSchemeTaxReference: ['00123456RA', '00123456RB'],
      lumpSumBenefitTakenInExcessOfLifetimeAllowance: { amount: 100, taxPaid: 100 },
      benefitInExcessOfLifetimeAllowance: { amount: 100, taxPaid: 100 },
    });
    expect(charges.pensionSchemeUnauthorisedPayments.surcharge).toEqual({
      amount: 100.99,
      foreignTaxPaid: 100.99,
    });
    expect(charges.pensionContributions).toMatchObject({
      isAnnualAllowanceReduced: true,
      taperedAnnualAllowance: true,
    });
  });

  it('returns the 2024-25 shape without pensionSavingsTaxCharges', async () => {
    const { body } = await stack.gql(READ, { nino: DEMO_NINO, taxYear: '2024-25' });
    expect(body.errors).toBeUndefined();
    const charges = body.data.taxpayer.taxYear.pensionCharges;
    expect(charges.submittedOn).toBe('2024-07-27T17:00:19.000Z');
    expect(charges.pensionSavingsTaxCharges).toBeNull();
    expect(charges.pensionSchemeOverseasTransfers.overseasSchemeProvider[0].providerCountryCode).toBe('CYM');
  });

  it('is null, not an error, when HMRC holds nothing (HMRC 404)', async () => {
    const { body } = await stack.gql(READ, { nino: 'AB123456C', taxYear: '2023-24' });
    expect(body.errors).toBeUndefined();
    expect(body.data.taxpayer.taxYear).toEqual({ taxYear: '2023-24', pensionCharges: null });
    expect(upstreamCalls(stack.simulator, '/individuals/charges/pensions/AB123456C/2023-24')).toHaveLength(1);
  });

  it('sends the client’s bearer token unchanged with the configured Accept version', async () => {
    await stack.gql(READ, { nino: DEMO_NINO, taxYear: '2023-24' });
    const [call] = upstreamCalls(stack.simulator, '/individuals/charges/pensions/');
    expect(call!.method).toBe('GET');
    expect(call!.authorization).toBe(stack.simulator.fingerprint(`Bearer ${TOKEN}`));
    expect(call!.headers.accept).toBe('application/vnd.hmrc.3.0+json');
  });

  it('calls HMRC once for the same year however many aliases ask for it', async () => {
    const query = `query { taxpayer(nino: "${DEMO_NINO}") {
      a: taxYear(taxYear: "2023-24") { pensionCharges { submittedOn } }
      b: taxYear(taxYear: "2023-24") { pensionCharges { pensionContributions { annualAllowanceTaxPaid } } }
      c: taxYear(taxYear: "2024-25") { pensionCharges { submittedOn } }
    } }`;
    const { body } = await stack.gql(query);
    expect(body.errors).toBeUndefined();
    expect(upstreamCalls(stack.simulator, '/2023-24')).toHaveLength(1);
    expect(upstreamCalls(stack.simulator, '/2024-25')).toHaveLength(1);
  });

  it('rejects a year before 2021-22 on that field only, without calling HMRC', async () => {
    const query = `query { taxpayer(nino: "${DEMO_NINO}") {
      early: taxYear(taxYear: "2020-21") { taxYear pensionCharges { submittedOn } }
      current: taxYear(taxYear: "2023-24") { pensionCharges { submittedOn } }
    } }`;
    const { status, body } = await stack.gql(query);
    expect(status).toBe(200);
    expect(body.data.taxpayer.early).toEqual({ taxYear: '2020-21', pensionCharges: null });
    expect(body.data.taxpayer.current.pensionCharges.submittedOn).toBe('2023-07-27T17:00:19.000Z');
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: ['taxpayer', 'early', 'pensionCharges'],
        extensions: { code: 'RULE_TAX_YEAR_NOT_SUPPORTED', status: 400, origin: 'GATEWAY' },
      }),
    ]);
    expect(upstreamCalls(stack.simulator, '/2020-21')).toHaveLength(0);
  });
});

describe('writing pension charges', () => {
  const nino = 'AB123456C';

  it('round-trips: PUT then GET shows the data; DELETE then GET is null', async () => {
    const written = await stack.gql(WRITE, { nino, taxYear: '2024-25', input: def2Input });
    expect(written.body.errors).toBeUndefined();
    const result = written.body.data.createOrAmendPensionCharges;
    expect(result.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    // The write result's year is read after the write, so it shows the new data.
    expect(result.taxpayerYear.pensionCharges.pensionContributions.annualAllowanceTaxPaid).toBe(1600.25);

    const put = upstreamCalls(stack.simulator).find((r) => r.method === 'PUT')!;
    expect(put.url).toBe(`/individuals/charges/pensions/${nino}/2024-25`);
    expect(put.headers['content-type']).toBe('application/json');
    expect(put.body).toEqual(def2Input);

    const read = await stack.gql(READ, { nino, taxYear: '2024-25' });
    const charges = read.body.data.taxpayer.taxYear.pensionCharges;
    expect(charges.submittedOn).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(charges.pensionSchemeOverseasTransfers).toEqual({
      overseasSchemeProvider: [
        {
          providerName: 'Acme Pensions SA',
          providerAddress: '1 Rue de Paris',
          providerCountryCode: 'FRA',
          qualifyingRecognisedOverseasPensionScheme: ['Q654321'],
          pensionSchemeTaxReference: null,
        },
      ],
      transferCharge: 1200.5,
      transferChargeTaxPaid: 300,
    });
    expect(charges.pensionSchemeUnauthorisedPayments).toEqual({
      pensionSchemeTaxReference: ['12345678RA'],
      surcharge: { amount: 10, foreignTaxPaid: 1.5 },
      noSurcharge: null,
    });
    expect(charges.overseasPensionContributions.shortServiceRefundTaxPaid).toBe(12.34);

    const deleted = await stack.gql(DELETE, { nino, taxYear: '2024-25' });
    expect(deleted.body.errors).toBeUndefined();
    expect(deleted.body.data.deletePensionCharges.taxpayerYear.pensionCharges).toBeNull();
    expect(upstreamCalls(stack.simulator).filter((r) => r.method === 'DELETE')).toHaveLength(1);

    const after = await stack.gql(READ, { nino, taxYear: '2024-25' });
    expect(after.body.errors).toBeUndefined();
    expect(after.body.data.taxpayer.taxYear.pensionCharges).toBeNull();
  });

  it('accepts the lifetime-allowance section before 2024-25 and reads it back', async () => {
    const input = {
      pensionSavingsTaxCharges: {
        pensionSchemeTaxReference: ['00123456RA'],
        benefitInExcessOfLifetimeAllowance: { amount: 1000, taxPaid: 250 },
      },
    };
    const written = await stack.gql(WRITE, { nino, taxYear: '2022-23', input });
    expect(written.body.errors).toBeUndefined();
    const read = await stack.gql(READ, { nino, taxYear: '2022-23' });
    expect(read.body.data.taxpayer.taxYear.pensionCharges.pensionSavingsTaxCharges).toEqual({
      pensionSchemeTaxReference: ['00123456RA'],
      lumpSumBenefitTakenInExcessOfLifetimeAllowance: null,
      benefitInExcessOfLifetimeAllowance: { amount: 1000, taxPaid: 250 },
    });
  });

  it('keeps one caller’s writes invisible to another token', async () => {
    await stack.gql(WRITE, {
      nino,
      taxYear: '2023-24',
      input: { pensionContributions: def2Input.pensionContributions },
    });
    const other = await stack.gql(
      READ,
      { nino, taxYear: '2023-24' },
      { authorization: 'Bearer another-token' },
    );
    expect(other.body.data.taxpayer.taxYear.pensionCharges).toBeNull();
  });

  it('reports HMRC’s 404 when deleting charges that do not exist', async () => {
    const { body } = await stack.gql(DELETE, { nino: 'AB123456D', taxYear: '2023-24' });
    expect(body.data.deletePensionCharges).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: ['deletePensionCharges'],
        extensions: expect.objectContaining({
          code: 'MATCHING_RESOURCE_NOT_FOUND',
          status: 404,
          origin: 'HMRC',
        }),
      }),
    ]);
    expect(body.errors![0]!.extensions.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
