/**
 * Pension charges (Individuals Charges API 3.0, `/individuals/charges/pensions/{nino}/{taxYear}`): everything
 * about the resource, in one place.
 *
 * HMRC's rules, from its `Def1`/`Def2` validators and their tests (hmrc/individuals-charges-api,
 * `app/v3/pensionCharges/**`, `test/v3/pensionCharges/**`; docs/hmrc-rules.md §3), reproduced so that a request
 * HMRC would refuse is refused here, with HMRC's codes, paths and order, without being sent. The simulator runs
 * the same functions, so it refuses what HMRC's sandbox refuses:
 * - GET and DELETE: NINO first and alone; then the tax year (format, span, 2021-22 minimum; no maximum);
 * - PUT: NINO alone; then the tax year's format and span alone (it chooses the body generation: def1 before
 *   2024-25, def2 from it); then the minimum together with the strict reading of the body (unknown fields are
 *   errors); and only if all that passed, the business rules, in HMRC's order. Errors are merged and sorted by
 *   code.
 */
import { z } from 'zod';
import type { HmrcError } from '../errors/hmrc-error';
import { hmrcError } from '../errors/hmrc-error';
import { yearResource } from '../hmrc/endpoint';
import { taxYearEnd } from '../validation/identifiers';
import type { Parsed, Spec } from '../validation/json-body';
import { array, boolean, number, object, optional, readJsonBody, string } from '../validation/json-body';
import { checkNinoThenTaxYearFormat, checkTaxYearLimits, validateYearPath } from '../validation/path-params';
import { checkNumber, checkPattern, javaAnyChars } from '../validation/rules';
import { inTwoStages } from '../validation/stages';
import type { Validated } from '../validation/types';
import { defineResource, demoFor, withSubmittedOn } from './types';

const LIMITS = { minTaxYear: '2021-22' } as const;

/** The first tax year of HMRC's second request/response generation (no lifetime-allowance section). */
export const PENSION_CHARGES_DEF2_FROM = '2024-25';

export function isDef2TaxYear(taxYear: string): boolean {
  return taxYearEnd(taxYear) >= taxYearEnd(PENSION_CHARGES_DEF2_FROM);
}

// --- The PUT body, as HMRC's request models declare it -------------------------------------------------------

const provider = object({
  providerName: string,
  providerAddress: string,
  providerCountryCode: string,
  qualifyingRecognisedOverseasPensionScheme: optional(array(string)),
  pensionSchemeTaxReference: optional(array(string)),
});
const lifetimeAllowance = object({ amount: number, taxPaid: number });
const charge = object({ amount: number, foreignTaxPaid: number });

const commonSections = {
  pensionSchemeOverseasTransfers: optional(
    object({
      overseasSchemeProvider: array(provider),
      transferCharge: number,
      transferChargeTaxPaid: number,
    }),
  ),
  pensionSchemeUnauthorisedPayments: optional(
    object({
      pensionSchemeTaxReference: array(string),
      surcharge: optional(charge),
      noSurcharge: optional(charge),
    }),
  ),
  pensionContributions: optional(
    object({
      pensionSchemeTaxReference: array(string),
      inExcessOfTheAnnualAllowance: number,
      annualAllowanceTaxPaid: number,
      // Required in HMRC's JSON schema but optional in its request model: HMRC accepts a body without it.
      isAnnualAllowanceReduced: optional(boolean),
      taperedAnnualAllowance: optional(boolean),
      moneyPurchasedAllowance: optional(boolean),
    }),
  ),
  overseasPensionContributions: optional(
    object({
      overseasSchemeProvider: array(provider),
      shortServiceRefund: number,
      shortServiceRefundTaxPaid: number,
    }),
  ),
};

/** Before 2024-25 (def1): the lifetime-allowance section is allowed. */
const def1Body = object({
  pensionSavingsTaxCharges: optional(
    object({
      pensionSchemeTaxReference: array(string),
      lumpSumBenefitTakenInExcessOfLifetimeAllowance: optional(lifetimeAllowance),
      benefitInExcessOfLifetimeAllowance: optional(lifetimeAllowance),
    }),
  ),
  ...commonSections,
});

/**
 * The PUT body, inferred from its spec: def1's, of which def2 is the same minus the optional
 * `pensionSavingsTaxCharges`.
 */
export type PensionChargesRequestDto = Parsed<typeof def1Body>;
type Provider = Parsed<typeof provider>;

/** From 2024-25 (def2): `pensionSavingsTaxCharges` is an unknown field, which HMRC's strict reading rejects. */
const def2Body: Spec<PensionChargesRequestDto> = object(commonSections);

// --- The GET body ---------------------------------------------------------------------------------------------

/**
 * What a successful GET must look like: HMRC's response schemas (hmrc/individuals-charges-api,
 * resources/public/api/conf/3.0/schemas/pensionCharges/retrieve/def{1,2}/response.json), one schema for both
 * generations (def2 only drops a section, optional here), nothing coerced (see `src/hmrc/response-schemas.ts`).
 * Unlike the request, `pensionSchemeUnauthorisedPayments.pensionSchemeTaxReference` is optional: HMRC's 2024-25+
 * response may leave it out.
 */
const overseasSchemeProvider = z.object({
  providerName: z.string(),
  providerAddress: z.string(),
  providerCountryCode: z.string(),
  qualifyingRecognisedOverseasPensionScheme: z.array(z.string()).optional(),
  pensionSchemeTaxReference: z.array(z.string()).optional(),
});
const lifetimeAllowanceResponse = z.object({ amount: z.number(), taxPaid: z.number() });
const unauthorisedPaymentCharge = z.object({ amount: z.number(), foreignTaxPaid: z.number() });

const responseSchema = z.object({
  submittedOn: z.string(),
  pensionSavingsTaxCharges: z
    .object({
      pensionSchemeTaxReference: z.array(z.string()),
      lumpSumBenefitTakenInExcessOfLifetimeAllowance: lifetimeAllowanceResponse.optional(),
      benefitInExcessOfLifetimeAllowance: lifetimeAllowanceResponse.optional(),
    })
    .optional(),
  pensionSchemeOverseasTransfers: z
    .object({
      overseasSchemeProvider: z.array(overseasSchemeProvider),
      transferCharge: z.number(),
      transferChargeTaxPaid: z.number(),
    })
    .optional(),
  pensionSchemeUnauthorisedPayments: z
    .object({
      pensionSchemeTaxReference: z.array(z.string()).optional(),
      surcharge: unauthorisedPaymentCharge.optional(),
      noSurcharge: unauthorisedPaymentCharge.optional(),
    })
    .optional(),
  pensionContributions: z
    .object({
      pensionSchemeTaxReference: z.array(z.string()),
      inExcessOfTheAnnualAllowance: z.number(),
      annualAllowanceTaxPaid: z.number(),
      isAnnualAllowanceReduced: z.boolean().optional(),
      taperedAnnualAllowance: z.boolean().optional(),
      moneyPurchasedAllowance: z.boolean().optional(),
    })
    .optional(),
  overseasPensionContributions: z
    .object({
      overseasSchemeProvider: z.array(overseasSchemeProvider),
      shortServiceRefund: z.number(),
      shortServiceRefundTaxPaid: z.number(),
    })
    .optional(),
});

/** The GET body, inferred from its schema; its parts are named for the GraphQL mappers (`codegen.ts`). */
export type PensionChargesDto = z.infer<typeof responseSchema>;
export type PensionSavingsTaxChargesDto = NonNullable<PensionChargesDto['pensionSavingsTaxCharges']>;
export type LifetimeAllowanceDto = z.infer<typeof lifetimeAllowanceResponse>;
export type PensionSchemeOverseasTransfersDto = NonNullable<
  PensionChargesDto['pensionSchemeOverseasTransfers']
>;
export type OverseasSchemeProviderDto = z.infer<typeof overseasSchemeProvider>;
export type PensionSchemeUnauthorisedPaymentsDto = NonNullable<
  PensionChargesDto['pensionSchemeUnauthorisedPayments']
>;
export type UnauthorisedPaymentChargeDto = z.infer<typeof unauthorisedPaymentCharge>;
export type PensionContributionsDto = NonNullable<PensionChargesDto['pensionContributions']>;
export type OverseasPensionContributionsDto = NonNullable<PensionChargesDto['overseasPensionContributions']>;

// --- The endpoint -----------------------------------------------------------------------------------------------

export const pensionChargesEndpoint = yearResource<PensionChargesDto, PensionChargesRequestDto>({
  api: 'charges',
  name: 'pensionCharges',
  responseSchema,
  pathTemplate: '/individuals/charges/pensions/{nino}/{taxYear}',
  minTaxYear: LIMITS.minTaxYear,
  writeMethod: 'PUT',
  // HMRC's sandbox scenarios (docs/hmrc-rules.md §3.4); REQUEST_CANNOT_BE_FULFILLED is the framework's (422).
  scenarios: {
    retrieve: ['NOT_FOUND', 'STATEFUL'],
    createAmend: ['STATEFUL', 'OUTSIDE_AMENDMENT_WINDOW'],
    delete: ['NOT_FOUND', 'STATEFUL', 'OUTSIDE_AMENDMENT_WINDOW'],
  },
  requestCannotBeFulfilled: true,
});

// --- Business rules (HMRC's `RulesValidator`), in HMRC's order ------------------------------------------------

// HMRC's pension-charges country list: the double-taxation-agreement countries. GBR is deliberately absent.
const PERMITTED_COUNTRY_CODES = new Set(
  (
    'ALB DZA ATG ARG ARM AUS AUT AZE BHR BGD BRB BLR BEL BLZ BOL BIH BWA VGB BRN BGR MMR CAN CYM CHL CHN CXR CCK CIV ' +
    'HRV CYP CZE DNK EGY EST ETH FLK FRO FJI FIN FRA GUF GMB GEO DEU GHA GRC GRD GLP GGY GUY HKG HUN ISL IND IDN IRL ' +
    'IMN ISR ITA JAM JPN JEY JOR KAZ KEN KIR XKX KWT LVA LSO LBY LIE LTU LUX MKD MWI MYS MLT MTQ MUS MEX MDA MNG MNE ' +
    'MSR MAR NAM NLD NZL NGA NFK NOR OMN PAK PAN PNG PHL POL PRT QAT REU ROU RUS KNA SAU SEN SRB SLE SGP SVK SVN SLB ' +
    'ZAF KOR ESP LKA SDN SWZ SWE CHE TWN TJK THA TTO TUN TUR TKM TUV UGA UKR ARE USA URY UZB VEN VNM ZMB ZWE'
  ).split(' '),
);

// Provider name and address follow the v3 schema and HMRC's documented rule: 1-105 (1-250) characters on one
// line, not blank once trimmed (HMRC's `ResolveStringPattern`).
const PROVIDER_NAME = javaAnyChars(1, 105);
const PROVIDER_ADDRESS = javaAnyChars(1, 250);
const QOPS_REF = /^[Q]{1}[0-9]{6}$/;
const PSTR = /^\d{8}[R]{1}[a-zA-Z]{1}$/;

type ProviderSection = 'pensionSchemeOverseasTransfers' | 'overseasPensionContributions';
const PROVIDER_SECTIONS: readonly ProviderSection[] = [
  'pensionSchemeOverseasTransfers',
  'overseasPensionContributions',
];

function eachProvider(
  body: PensionChargesRequestDto,
  check: (provider: Provider, path: string) => HmrcError[],
): HmrcError[] {
  return PROVIDER_SECTIONS.flatMap((section) =>
    (body[section]?.overseasSchemeProvider ?? []).flatMap((p, i) =>
      check(p, `/${section}/overseasSchemeProvider/${i}`),
    ),
  );
}

function pstrs(references: readonly string[] | undefined, base: string): HmrcError[] {
  return (references ?? []).flatMap((ref, j) =>
    checkPattern(ref, PSTR, 'FORMAT_PENSION_SCHEME_TAX_REFERENCE', `${base}/pensionSchemeTaxReference/${j}`),
  );
}

function businessRules(body: PensionChargesRequestDto): HmrcError[] {
  const { pensionSavingsTaxCharges: savings, pensionSchemeOverseasTransfers: transfers } = body;
  const { pensionSchemeUnauthorisedPayments: unauthorised, pensionContributions: contributions } = body;
  const overseas = body.overseasPensionContributions;

  const money: Array<[number | undefined, string]> = [
    [
      savings?.benefitInExcessOfLifetimeAllowance?.amount,
      '/pensionSavingsTaxCharges/benefitInExcessOfLifetimeAllowance/amount',
    ],
    [
      savings?.benefitInExcessOfLifetimeAllowance?.taxPaid,
      '/pensionSavingsTaxCharges/benefitInExcessOfLifetimeAllowance/taxPaid',
    ],
    [
      savings?.lumpSumBenefitTakenInExcessOfLifetimeAllowance?.amount,
      '/pensionSavingsTaxCharges/lumpSumBenefitTakenInExcessOfLifetimeAllowance/amount',
    ],
    [
      savings?.lumpSumBenefitTakenInExcessOfLifetimeAllowance?.taxPaid,
      '/pensionSavingsTaxCharges/lumpSumBenefitTakenInExcessOfLifetimeAllowance/taxPaid',
    ],
    [transfers?.transferChargeTaxPaid, '/pensionSchemeOverseasTransfers/transferChargeTaxPaid'],
    [transfers?.transferCharge, '/pensionSchemeOverseasTransfers/transferCharge'],
    [unauthorised?.surcharge?.amount, '/pensionSchemeUnauthorisedPayments/surcharge/amount'],
    [unauthorised?.surcharge?.foreignTaxPaid, '/pensionSchemeUnauthorisedPayments/surcharge/foreignTaxPaid'],
    [unauthorised?.noSurcharge?.amount, '/pensionSchemeUnauthorisedPayments/noSurcharge/amount'],
    [
      unauthorised?.noSurcharge?.foreignTaxPaid,
      '/pensionSchemeUnauthorisedPayments/noSurcharge/foreignTaxPaid',
    ],
    [contributions?.annualAllowanceTaxPaid, '/pensionContributions/annualAllowanceTaxPaid'],
    [contributions?.inExcessOfTheAnnualAllowance, '/pensionContributions/inExcessOfTheAnnualAllowance'],
    [overseas?.shortServiceRefund, '/overseasPensionContributions/shortServiceRefund'],
    [overseas?.shortServiceRefundTaxPaid, '/overseasPensionContributions/shortServiceRefundTaxPaid'],
  ];

  return [
    // RULE_PENSION_REFERENCE carries no path (HMRC's validator adds none, and its OpenAPI does not list the code).
    ...eachProvider(body, (p) =>
      p.qualifyingRecognisedOverseasPensionScheme !== undefined && p.pensionSchemeTaxReference !== undefined
        ? [hmrcError('RULE_PENSION_REFERENCE')]
        : [],
    ),
    ...eachProvider(body, (p, path) =>
      checkPattern(p.providerName, PROVIDER_NAME, 'FORMAT_PROVIDER_NAME', `${path}/providerName`),
    ),
    ...eachProvider(body, (p, path) =>
      checkPattern(
        p.providerAddress,
        PROVIDER_ADDRESS,
        'FORMAT_PROVIDERS_ADDRESS',
        `${path}/providerAddress`,
      ),
    ),
    ...eachProvider(body, (p, path) =>
      (p.qualifyingRecognisedOverseasPensionScheme ?? []).flatMap((ref, j) =>
        checkPattern(
          ref,
          QOPS_REF,
          'FORMAT_QOPS_REF',
          `${path}/qualifyingRecognisedOverseasPensionScheme/${j}`,
        ),
      ),
    ),
    ...pstrs(contributions?.pensionSchemeTaxReference, '/pensionContributions'),
    ...pstrs(savings?.pensionSchemeTaxReference, '/pensionSavingsTaxCharges'),
    ...pstrs(unauthorised?.pensionSchemeTaxReference, '/pensionSchemeUnauthorisedPayments'),
    ...eachProvider(body, (p, path) => pstrs(p.pensionSchemeTaxReference, path)),
    ...(contributions?.isAnnualAllowanceReduced === true &&
    contributions.taperedAnnualAllowance !== true &&
    contributions.moneyPurchasedAllowance !== true
      ? [hmrcError('RULE_IS_ANNUAL_ALLOWANCE_REDUCED')]
      : []),
    ...money.flatMap(([value, path]) => (value === undefined ? [] : checkNumber(value, path))),
    ...eachProvider(body, (p, path) => {
      const code = p.providerCountryCode;
      const countryPath = { paths: [`${path}/providerCountryCode`] };
      if (code.length !== 3) return [hmrcError('FORMAT_COUNTRY_CODE', countryPath)];
      return PERMITTED_COUNTRY_CODES.has(code) ? [] : [hmrcError('RULE_COUNTRY_CODE', countryPath)];
    }),
  ];
}

// --- Entry points -------------------------------------------------------------------------------------------

export function validateRetrievePensionCharges(nino: string, taxYear: string): HmrcError[] {
  return validateYearPath(nino, taxYear, LIMITS);
}

export function validateDeletePensionCharges(nino: string, taxYear: string): HmrcError[] {
  return validateYearPath(nino, taxYear, LIMITS);
}

/**
 * The PUT: NINO alone; then the tax year's format and span alone (it chooses the body generation); then the tax
 * year's minimum together with the reading of the body; and only if all that passed, the business rules.
 */
export function validateCreateAmendPensionCharges(
  nino: string,
  taxYear: string,
  body: unknown,
): Validated<PensionChargesRequestDto> {
  const early = checkNinoThenTaxYearFormat(nino, taxYear);
  if (early.length > 0) return { ok: false, errors: early };

  const read = readJsonBody(isDef2TaxYear(taxYear) ? def2Body : def1Body, body, { strict: true });
  return inTwoStages(
    [...checkTaxYearLimits(taxYear, LIMITS)],
    read,
    (value) => businessRules(value),
    'byCode',
  );
}

// --- Examples and demo data (HMRC's example responses) ------------------------------------------------------

const overseasProvider = {
  providerName: 'Overseas Pensions Plc',
  providerAddress: '111 Main Street, Any Town, Any City',
  providerCountryCode: 'CYM',
  qualifyingRecognisedOverseasPensionScheme: ['Q123456'],
};

const sharedSections = {
  pensionSchemeOverseasTransfers: {
    overseasSchemeProvider: [overseasProvider],
    transferCharge: 100,
    transferChargeTaxPaid: 100,
  },
  pensionSchemeUnauthorisedPayments: {
    pensionSchemeTaxReference: ['00123456RA', '00123456RB'],
    surcharge: { amount: 100.99, foreignTaxPaid: 100.99 },
    noSurcharge: { amount: 100.99, foreignTaxPaid: 100.99 },
  },
  pensionContributions: {
    pensionSchemeTaxReference: ['00123456RA', '00123456RB'],
    inExcessOfTheAnnualAllowance: 100,
    annualAllowanceTaxPaid: 100,
    isAnnualAllowanceReduced: true,
    taperedAnnualAllowance: true,
    moneyPurchasedAllowance: false,
  },
  overseasPensionContributions: {
    overseasSchemeProvider: [overseasProvider],
    shortServiceRefund: 123,
    shortServiceRefundTaxPaid: 123,
  },
};

/** HMRC's example response for a tax year before 2024-25 (with lifetime-allowance charges). */
export const PENSION_CHARGES_DEF1_EXAMPLE: PensionChargesDto = {
  submittedOn: '2023-07-27T17:00:19.000Z',
  pensionSavingsTaxCharges: {
    pensionSchemeTaxReference: ['00123456RA', '00123456RB'],
    lumpSumBenefitTakenInExcessOfLifetimeAllowance: { amount: 100, taxPaid: 100 },
    benefitInExcessOfLifetimeAllowance: { amount: 100, taxPaid: 100 },
  },
  ...sharedSections,
};

/** HMRC's example response for 2024-25 onwards (no lifetime-allowance section). */
export const PENSION_CHARGES_DEF2_EXAMPLE: PensionChargesDto = {
  submittedOn: '2024-07-27T17:00:19.000Z',
  ...sharedSections,
};

// --- The resource -------------------------------------------------------------------------------------------

export const pensionCharges = defineResource({
  endpoint: pensionChargesEndpoint,
  rules: {
    retrieve: validateRetrievePensionCharges,
    createAmend: validateCreateAmendPensionCharges,
    delete: validateDeletePensionCharges,
  },
  graphql: {
    parent: 'TaxpayerYear',
    field: 'pensionCharges',
    createOrAmend: 'createOrAmendPensionCharges',
    delete: 'deletePensionCharges',
  },
  simulation: {
    example: (taxYear) =>
      isDef2TaxYear(taxYear) ? PENSION_CHARGES_DEF2_EXAMPLE : PENSION_CHARGES_DEF1_EXAMPLE,
    demo: demoFor({
      '2023-24': PENSION_CHARGES_DEF1_EXAMPLE,
      '2024-25': PENSION_CHARGES_DEF2_EXAMPLE,
    }),
    stored: withSubmittedOn,
  },
  summarySource: 'PENSION_CHARGES',
});
