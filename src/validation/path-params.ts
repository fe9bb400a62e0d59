/**
 * HMRC's checks on `{nino}` and `{taxYear}` in the order a client sees them: the NINO is checked first and alone
 * (HMRC looks it up before validating anything else, docs/hmrc-rules.md §2.3 step 5); then the tax year's format and
 * span; then the endpoint's minimum (and maximum, where one exists). The first failure is the only error (§2.5).
 */
import type { HmrcError } from '../errors/hmrc-error';
import { hmrcError } from '../errors/hmrc-error';
import { checkTaxYear, isValidNino, taxYearEnd } from './identifiers';

export interface TaxYearLimits {
  readonly minTaxYear: string;
  readonly maxTaxYear?: string;
  /**
   * The code for a year above `maxTaxYear`. HMRC's `ResolveTaxYearMinMax` reports RULE_TAX_YEAR_NOT_SUPPORTED
   * (the default); reliefs v2 relief investments report RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED (§2.5 step 3).
   */
  readonly aboveMaxCode?: 'RULE_TAX_YEAR_NOT_SUPPORTED' | 'RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED';
}

/** The wording one API uses for the shared codes (disclosures words them differently from the others). */
export interface PathMessages {
  readonly FORMAT_NINO?: string;
  readonly FORMAT_TAX_YEAR?: string;
  readonly RULE_TAX_YEAR_RANGE_INVALID?: string;
  readonly RULE_TAX_YEAR_NOT_SUPPORTED?: string;
  readonly RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED?: string;
}

/** The NINO on its own. */
export function checkNino(nino: string, messages: PathMessages = {}): HmrcError[] {
  return isValidNino(nino) ? [] : [hmrcError('FORMAT_NINO', { message: messages.FORMAT_NINO })];
}

/** Errors HMRC reports on their own, before looking at anything else. */
export function checkNinoThenTaxYearFormat(
  nino: string,
  taxYear: string,
  messages: PathMessages = {},
): HmrcError[] {
  const ninoErrors = checkNino(nino, messages);
  if (ninoErrors.length > 0) return ninoErrors;
  const problem = checkTaxYear(taxYear);
  return problem ? [hmrcError(problem, { message: messages[problem] })] : [];
}

/** HMRC's `ResolveTaxYearMinimum` / `ResolveTaxYearMinMax`, for an already well-formed tax year. */
export function checkTaxYearLimits(
  taxYear: string,
  limits: TaxYearLimits,
  messages: PathMessages = {},
): HmrcError[] {
  const end = taxYearEnd(taxYear);
  if (end < taxYearEnd(limits.minTaxYear)) {
    return [hmrcError('RULE_TAX_YEAR_NOT_SUPPORTED', { message: messages.RULE_TAX_YEAR_NOT_SUPPORTED })];
  }
  if (limits.maxTaxYear === undefined || end <= taxYearEnd(limits.maxTaxYear)) return [];
  const code = limits.aboveMaxCode ?? 'RULE_TAX_YEAR_NOT_SUPPORTED';
  return [hmrcError(code, { message: messages[code] })];
}

/** The tax year in full, for a validator that has already checked the NINO: format, span, then the limits. */
export function checkTaxYearInFull(
  taxYear: string,
  limits: TaxYearLimits,
  messages: PathMessages = {},
): HmrcError[] {
  const problem = checkTaxYear(taxYear);
  return problem
    ? [hmrcError(problem, { message: messages[problem] })]
    : checkTaxYearLimits(taxYear, limits, messages);
}

/** The complete path check of a GET or DELETE on a NINO + tax year resource. */
export function validateYearPath(
  nino: string,
  taxYear: string,
  limits: TaxYearLimits,
  messages: PathMessages = {},
): HmrcError[] {
  const ninoErrors = checkNino(nino, messages);
  return ninoErrors.length > 0 ? ninoErrors : checkTaxYearInFull(taxYear, limits, messages);
}
