/**
 * Pension-charges request bodies and HMRC's path lists shared by the validation suites (unit and GraphQL).
 * Every body here is valid; tests derive invalid ones with `withValue` / `without`.
 */

export const T = '/pensionSchemeOverseasTransfers';
export const O = '/overseasPensionContributions';
export const U = '/pensionSchemeUnauthorisedPayments';
export const C = '/pensionContributions';
export const S = '/pensionSavingsTaxCharges';

/** A body using every section and every optional object, valid for 2024-25 onwards (and before). */
export function def2Body(): any {
  return {
    pensionSchemeOverseasTransfers: {
      overseasSchemeProvider: [
        {
          providerName: 'Overseas Pensions Plc',
          providerAddress: '111 Main Street, George Town, Grand Cayman',
          providerCountryCode: 'CYM',
          qualifyingRecognisedOverseasPensionScheme: ['Q123456', 'Q654321'],
        },
        {
          providerName: 'Acme Pensions SA',
          providerAddress: '1 Rue de Paris',
          providerCountryCode: 'FRA',
          pensionSchemeTaxReference: ['00123456RA'],
        },
      ],
      transferCharge: 123.45,
      transferChargeTaxPaid: 0,
    },
    pensionSchemeUnauthorisedPayments: {
      pensionSchemeTaxReference: ['00123456RA', '00123456RB'],
      surcharge: { amount: 123.45, foreignTaxPaid: 123.45 },
      noSurcharge: { amount: 1, foreignTaxPaid: 0.5 },
    },
    pensionContributions: {
      pensionSchemeTaxReference: ['00123456RA', '12345678Rz'],
      inExcessOfTheAnnualAllowance: 123.45,
      annualAllowanceTaxPaid: 99999999999.99,
      isAnnualAllowanceReduced: true,
      taperedAnnualAllowance: true,
      moneyPurchasedAllowance: false,
    },
    overseasPensionContributions: {
      overseasSchemeProvider: [
        {
          providerName: 'Zurich Vorsorge',
          providerAddress: 'Bahnhofstrasse 1, Zürich',
          providerCountryCode: 'CHE',
          pensionSchemeTaxReference: ['87654321RZ'],
        },
        {
          providerName: 'Pension Trust of New York',
          providerAddress: '1 Wall Street, New York',
          providerCountryCode: 'USA',
          qualifyingRecognisedOverseasPensionScheme: ['Q000001'],
        },
      ],
      shortServiceRefund: 0,
      shortServiceRefundTaxPaid: 12.34,
    },
  };
}

/** The same with the lifetime-allowance section, valid only before 2024-25. */
export function def1Body(): any {
  return {
    pensionSavingsTaxCharges: {
      pensionSchemeTaxReference: ['00123456RA'],
      lumpSumBenefitTakenInExcessOfLifetimeAllowance: { amount: 100, taxPaid: 20.5 },
      benefitInExcessOfLifetimeAllowance: { amount: 200, taxPaid: 40 },
    },
    ...def2Body(),
  };
}

// HMRC's order of the money fields (§3.2): the FORMAT_VALUE paths come out in exactly this order.
export const DEF1_MONEY = [
  `${S}/benefitInExcessOfLifetimeAllowance/amount`,
  `${S}/benefitInExcessOfLifetimeAllowance/taxPaid`,
  `${S}/lumpSumBenefitTakenInExcessOfLifetimeAllowance/amount`,
  `${S}/lumpSumBenefitTakenInExcessOfLifetimeAllowance/taxPaid`,
  `${T}/transferChargeTaxPaid`,
  `${T}/transferCharge`,
  `${U}/surcharge/amount`,
  `${U}/surcharge/foreignTaxPaid`,
  `${U}/noSurcharge/amount`,
  `${U}/noSurcharge/foreignTaxPaid`,
  `${C}/annualAllowanceTaxPaid`,
  `${C}/inExcessOfTheAnnualAllowance`,
  `${O}/shortServiceRefund`,
  `${O}/shortServiceRefundTaxPaid`,
];
export const DEF2_MONEY = DEF1_MONEY.filter((p) => !p.startsWith(S));

function locate(body: any, pointer: string): { parent: any; key: string } {
  const parts = pointer.split('/').slice(1);
  let parent = body;
  for (const part of parts.slice(0, -1)) {
    parent = parent[part];
    if (parent === undefined) throw new Error(`test fixture has nothing at ${pointer}`);
  }
  return { parent, key: parts[parts.length - 1]! };
}

/** A copy of `body` with the value at a JSON pointer replaced (or added). */
export function withValue(body: any, pointer: string, value: unknown): any {
  const copy = structuredClone(body);
  const { parent, key } = locate(copy, pointer);
  parent[key] = value;
  return copy;
}

/** A copy of `body` with the field at a JSON pointer removed. */
export function without(body: any, pointer: string): any {
  const copy = structuredClone(body);
  const { parent, key } = locate(copy, pointer);
  if (!(key in parent)) throw new Error(`test fixture has nothing at ${pointer}`);
  delete parent[key];
  return copy;
}

/** HMRC's runtime messages for the pension-charges codes, typed out from the reference (not read from src). */
export const MESSAGES = {
  FORMAT_NINO: 'The NINO format is invalid',
  FORMAT_TAX_YEAR: 'The taxYear format is invalid',
  RULE_TAX_YEAR_RANGE_INVALID: 'A tax year range of one year is required',
  RULE_TAX_YEAR_NOT_SUPPORTED: 'The tax year specified does not lie within the supported range',
  RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED: 'An empty or non-matching body was submitted',
  FORMAT_VALUE: 'The value must be between 0 and 99999999999.99',
  FORMAT_COUNTRY_CODE: 'The provided Country code is invalid',
  RULE_COUNTRY_CODE: 'The country code is not a permitted ISO 3166-1 alpha-3 country code',
  FORMAT_PROVIDER_NAME: 'The provided name is invalid',
  FORMAT_PROVIDERS_ADDRESS: 'The provided address is invalid',
  FORMAT_QOPS_REF: 'The provided QOPS reference number is invalid',
  FORMAT_PENSION_SCHEME_TAX_REFERENCE: 'The provided pension scheme tax reference is invalid',
  RULE_IS_ANNUAL_ALLOWANCE_REDUCED:
    'Tapered annual allowance or money purchased allowance has not been provided',
  RULE_PENSION_REFERENCE:
    'You can only provide qualifying recognised Overseas Pension Scheme reference or pension scheme tax reference not both',
} as const;
export type Code = keyof typeof MESSAGES;
