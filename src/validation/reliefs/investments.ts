/**
 * HMRC's validation of the relief-investments endpoints (Individuals Reliefs API v3 `Def1`/`Def2` validators, and
 * the single v2 schema), reproduced so that a request HMRC would refuse is refused here, with HMRC's codes, paths
 * and order, without being sent (docs/hmrc-rules.md §2.2–§2.7, §4.1, §4.2, Appendix A.2). The simulator runs the
 * same functions.
 */
import type { HmrcError } from '../../errors/hmrc-error';
import type { ReliefInvestmentsRequestDto } from '../../hmrc/reliefs';
import { RELIEFS_DEF2_FROM, reliefInvestments } from '../../hmrc/reliefs';
import { taxYearEnd } from '../identifiers';
import type { Spec } from '../json-body';
import { array, boolean, number, object, optional, readJsonBody, string } from '../json-body';
import { checkDate, checkNumber } from '../rules';
import type { Validated, ValidationSettings } from '../types';
import type { TaxYearLimits } from '../path-params';
import { checkNino, checkTaxYearInFull, validateYearPath } from '../path-params';
import { NAME_PATTERN, REFERENCE_PATTERN, checkMatch, isReliefsV2 } from './shared';
import { inTwoStages } from '../stages';

/** v2 serves tax years up to 2024-25 on GET and PUT (§2.5 table, §4.7); its DELETE has no maximum. */
const V2_MAX_TAX_YEAR = '2024-25';

function limitsFor(settings: ValidationSettings, withVersionMax: boolean): TaxYearLimits {
  return withVersionMax && isReliefsV2(settings)
    ? {
        minTaxYear: reliefInvestments.minTaxYear,
        maxTaxYear: V2_MAX_TAX_YEAR,
        aboveMaxCode: 'RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED',
      }
    : { minTaxYear: reliefInvestments.minTaxYear };
}

// --- Body shapes, in the order of HMRC's request models --------------------------------------------------------

/** An item with an optional `name`: VCT before 2025-26, community investment in both generations. */
const namedItem = object({
  uniqueInvestmentRef: string,
  name: optional(string),
  dateOfInvestment: optional(string),
  amountInvested: optional(number),
  reliefClaimed: number,
});

/** Before 2025-26 (and v2): only the reference and the relief claimed are required in every item. */
const def1Body: Spec<ReliefInvestmentsRequestDto> = object({
  vctSubscription: optional(array(namedItem)),
  eisSubscription: optional(
    array(
      object({
        uniqueInvestmentRef: string,
        name: optional(string),
        knowledgeIntensive: optional(boolean),
        dateOfInvestment: optional(string),
        amountInvested: optional(number),
        reliefClaimed: number,
      }),
    ),
  ),
  communityInvestment: optional(array(namedItem)),
  seedEnterpriseInvestment: optional(
    array(
      object({
        uniqueInvestmentRef: string,
        companyName: optional(string),
        dateOfInvestment: optional(string),
        amountInvested: optional(number),
        reliefClaimed: number,
      }),
    ),
  ),
  socialEnterpriseInvestment: optional(
    array(
      object({
        uniqueInvestmentRef: string,
        socialEnterpriseName: optional(string),
        dateOfInvestment: optional(string),
        amountInvested: optional(number),
        reliefClaimed: number,
      }),
    ),
  ),
});

/**
 * From 2025-26 (v3): no social enterprise investments (an unknown field, ignored like any other, §2.7); VCT needs a
 * name and a date but no reference; EIS a name, `knowledgeIntensive` and a date; SEIS a company name and a date;
 * community investment is unchanged (§4.2).
 */
const def2Body: Spec<ReliefInvestmentsRequestDto> = object({
  vctSubscription: optional(
    array(
      object({
        uniqueInvestmentRef: optional(string),
        name: string,
        dateOfInvestment: string,
        amountInvested: optional(number),
        reliefClaimed: number,
      }),
    ),
  ),
  eisSubscription: optional(
    array(
      object({
        uniqueInvestmentRef: string,
        name: string,
        knowledgeIntensive: boolean,
        dateOfInvestment: string,
        amountInvested: optional(number),
        reliefClaimed: number,
      }),
    ),
  ),
  communityInvestment: optional(array(namedItem)),
  seedEnterpriseInvestment: optional(
    array(
      object({
        uniqueInvestmentRef: string,
        companyName: string,
        dateOfInvestment: string,
        amountInvested: optional(number),
        reliefClaimed: number,
      }),
    ),
  ),
});

/** v3 from 2025-26 uses the second generation; v2 has only the first. */
export function isDef2TaxYear(taxYear: string, settings: ValidationSettings): boolean {
  return !isReliefsV2(settings) && taxYearEnd(taxYear) >= taxYearEnd(RELIEFS_DEF2_FROM);
}

// --- Business rules (HMRC's `RulesValidator`), in HMRC's order --------------------------------------------------

interface AnyInvestment {
  uniqueInvestmentRef?: string;
  name?: string;
  companyName?: string;
  socialEnterpriseName?: string;
  dateOfInvestment?: string;
  amountInvested?: number;
  reliefClaimed: number;
}

/** The arrays in HMRC's validation order, each with the field that holds its name. */
const SCHEMES = [
  ['vctSubscription', 'name'],
  ['eisSubscription', 'name'],
  ['communityInvestment', 'name'],
  ['seedEnterpriseInvestment', 'companyName'],
  ['socialEnterpriseInvestment', 'socialEnterpriseName'],
] as const;

/**
 * Per item: reference, name, date, amount invested, relief claimed. Whether a field must be present was settled by
 * the reading, so every rule here applies to a field that is there (def1 and def2 share the rules themselves).
 */
function itemRules(item: AnyInvestment, nameField: (typeof SCHEMES)[number][1], at: string): HmrcError[] {
  const name = item[nameField];
  return [
    ...(item.uniqueInvestmentRef === undefined
      ? []
      : checkMatch(
          item.uniqueInvestmentRef,
          REFERENCE_PATTERN,
          'FORMAT_UNIQUE_INVESTMENT_REFERENCE',
          `${at}/uniqueInvestmentRef`,
        )),
    ...(name === undefined ? [] : checkMatch(name, NAME_PATTERN, 'FORMAT_NAME', `${at}/${nameField}`)),
    // ISO date, 1900 ≤ year < 2100 (`checkDate`'s default range).
    ...(item.dateOfInvestment === undefined
      ? []
      : checkDate(item.dateOfInvestment, 'FORMAT_DATE_OF_INVESTMENT', `${at}/dateOfInvestment`)),
    ...(item.amountInvested === undefined ? [] : checkNumber(item.amountInvested, `${at}/amountInvested`)),
    ...checkNumber(item.reliefClaimed, `${at}/reliefClaimed`),
  ];
}

function businessRules(body: ReliefInvestmentsRequestDto): HmrcError[] {
  return SCHEMES.flatMap(([scheme, nameField]) =>
    ((body[scheme] ?? []) as AnyInvestment[]).flatMap((item, i) =>
      itemRules(item, nameField, `/${scheme}/${i}`),
    ),
  );
}

// --- Entry points -------------------------------------------------------------------------------------------

export function validateRetrieveReliefInvestments(
  nino: string,
  taxYear: string,
  settings: ValidationSettings,
): HmrcError[] {
  return validateYearPath(nino, taxYear, limitsFor(settings, true));
}

export function validateDeleteReliefInvestments(
  nino: string,
  taxYear: string,
  settings: ValidationSettings,
): HmrcError[] {
  return validateYearPath(nino, taxYear, limitsFor(settings, false));
}

/**
 * The PUT. The NINO is checked first and alone (§2.3 step 5). Then the two versions differ, as HMRC's do:
 *
 * - v3 chooses def1/def2 in its validator factory, which resolves the tax year with `ResolveTaxYearMinimum`; when
 *   that fails the factory returns the tax-year error alone (§2.2 item 5), so format, span and minimum are all
 *   reported without the body being read;
 * - v2 has one schema and resolves the tax year (minimum and maximum) inside the validator, together with the
 *   reading of the body, so those errors accumulate (§2.2 item 4).
 *
 * In both, the body rules run only when everything before them passed; errors are merged and sorted by code.
 */
export function validateCreateAmendReliefInvestments(
  nino: string,
  taxYear: string,
  body: unknown,
  settings: ValidationSettings,
): Validated<ReliefInvestmentsRequestDto> {
  const ninoErrors = checkNino(nino);
  if (ninoErrors.length > 0) return { ok: false, errors: ninoErrors };

  const yearErrors = checkTaxYearInFull(taxYear, limitsFor(settings, true));
  if (yearErrors.length > 0 && !isReliefsV2(settings)) return { ok: false, errors: yearErrors };

  const spec = yearErrors.length === 0 && isDef2TaxYear(taxYear, settings) ? def2Body : def1Body;
  const read = readJsonBody(spec, body, { nonEmpty: true });
  return inTwoStages([...yearErrors], read, (value) => businessRules(value), 'byCode');
}
