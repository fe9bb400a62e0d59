/**
 * HMRC's checks on `{nino}` and `{taxYear}` in the order a client sees them: the NINO is checked first and alone
 * (HMRC looks it up before validating anything else); then the tax year's format and span; then the endpoint's
 * minimum (and maximum, where one exists).
 */
import type { HmrcError } from '../errors/hmrc-error';
import { hmrcError } from '../errors/hmrc-error';
import { checkTaxYear, isValidNino, taxYearEnd } from './identifiers';

export interface TaxYearLimits {
  readonly minTaxYear: string;
  readonly maxTaxYear?: string;
}

/** The wording one API uses for the shared codes (disclosures words them differently from the others). */
export interface PathMessages {
  readonly FORMAT_NINO?: string;
  readonly FORMAT_TAX_YEAR?: string;
  readonly RULE_TAX_YEAR_RANGE_INVALID?: string;
  readonly RULE_TAX_YEAR_NOT_SUPPORTED?: string;
}

/** Errors HMRC reports on their own, before looking at anything else. */
export function checkNinoThenTaxYearFormat(
  nino: string,
  taxYear: string,
  messages: PathMessages = {},
): HmrcError[] {
  if (!isValidNino(nino)) return [hmrcError('FORMAT_NINO', { message: messages.FORMAT_NINO })];
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
  const belowMin = end < taxYearEnd(limits.minTaxYear);
  const aboveMax = limits.maxTaxYear !== undefined && end > taxYearEnd(limits.maxTaxYear);
  return belowMin || aboveMax
    ? [hmrcError('RULE_TAX_YEAR_NOT_SUPPORTED', { message: messages.RULE_TAX_YEAR_NOT_SUPPORTED })]
    : [];
}

/** The complete path check of a GET or DELETE on a NINO + tax year resource. */
export function validateYearPath(
  nino: string,
  taxYear: string,
  limits: TaxYearLimits,
  messages: PathMessages = {},
): HmrcError[] {
  const first = checkNinoThenTaxYearFormat(nino, taxYear, messages);
  return first.length > 0 ? first : checkTaxYearLimits(taxYear, limits, messages);
}
