/**
 * HMRC's validation of the Individuals Charges API's pension-charges endpoints (v3 `Def1`/`Def2` validators),
 * reproduced so that a request HMRC would refuse is refused here, with HMRC's codes, paths and order, without
 * being sent. The simulator runs the same functions, so it refuses what HMRC's sandbox refuses.
 */
import type { HmrcError } from '../errors/hmrc-error';
import { hmrcError } from '../errors/hmrc-error';
import type { OverseasSchemeProviderDto, PensionChargesRequestDto } from '../hmrc/charges';
import { PENSION_CHARGES_DEF2_FROM, pensionCharges } from '../hmrc/charges';
import { taxYearEnd } from './identifiers';
import type { Spec } from './json-body';
import { array, boolean, number, object, optional, readJsonBody, string } from './json-body';
import { checkNinoThenTaxYearFormat, checkTaxYearLimits, validateYearPath } from './path-params';
import { checkNumber, checkPattern, javaAnyChars } from './rules';
import type { Validated } from './types';
import { inTwoStages } from './stages';

export type { Validated } from './types';

const limits = { minTaxYear: pensionCharges.minTaxYear };

// --- Body shapes, as HMRC's request models declare them ------------------------------------------------------

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

/** Before 2024-25: the lifetime-allowance section is allowed. */
const def1Body: Spec<PensionChargesRequestDto> = object({
  pensionSavingsTaxCharges: optional(
    object({
      pensionSchemeTaxReference: array(string),
      lumpSumBenefitTakenInExcessOfLifetimeAllowance: optional(lifetimeAllowance),
      benefitInExcessOfLifetimeAllowance: optional(lifetimeAllowance),
    }),
  ),
  ...commonSections,
});

/** From 2024-25: `pensionSavingsTaxCharges` is an unknown field, which HMRC's strict reading rejects. */
const def2Body: Spec<PensionChargesRequestDto> = object(commonSections);

export function isDef2TaxYear(taxYear: string): boolean {
  return taxYearEnd(taxYear) >= taxYearEnd(PENSION_CHARGES_DEF2_FROM);
}

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
  check: (provider: OverseasSchemeProviderDto, path: string) => HmrcError[],
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
  return validateYearPath(nino, taxYear, limits);
}

export function validateDeletePensionCharges(nino: string, taxYear: string): HmrcError[] {
  return validateYearPath(nino, taxYear, limits);
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
    [...checkTaxYearLimits(taxYear, limits)],
    read,
    (value) => businessRules(value),
    'byCode',
  );
}
