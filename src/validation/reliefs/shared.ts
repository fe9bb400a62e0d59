/**
 * Rules shared by the relief-investments and other-reliefs validators (Individuals Reliefs API): the reference and
 * name alphabets, the length-only text rule, the tax-year resolution each endpoint applies and the version switch.
 *
 * Reliefs check their strings with a plain full-string regex match (Scala `Regex.matches`), not with
 * `ResolveStringPattern`: hmrc-reference.md §4.2 gives the rule as "runtime = schema" and §4.3 says the name rules
 * have "no charset rule, no trim", while the not-blank-after-trim rule of §2.7 belongs to `ResolveStringPattern`
 * alone. So a value of spaces only, which the alphabet allows, is accepted here (`checkPattern` would refuse it).
 */
import type { ErrorCode } from '../../errors/codes';
import type { HmrcError } from '../../errors/hmrc-error';
import { hmrcError } from '../../errors/hmrc-error';
import { checkTaxYear, isValidNino, taxYearEnd } from '../identifiers';
import { checkTaxYearLimits } from '../path-params';
import type { ValidationSettings } from '../types';

/**
 * HMRC's reference alphabet (`uniqueInvestmentRef`, `customerReference`, `natureOfTrade`): ASCII letters and
 * digits, U+00C0–U+02FF, the right single quote U+2019, `{ } - _ & ( ) : . ' ^`, space and the backtick; 1 to 90
 * characters (§4.2, §4.3). The `u` flag makes the class match code points, as Java's does.
 */
export const REFERENCE_PATTERN = /^[0-9a-zA-Z{\u00C0-\u02FF\u2019}\- _&`():.'^]{1,90}$/u;

/** HMRC's name alphabet (investment names): as the reference one but without U+2019; 1 to 105 characters (§4.2). */
export const NAME_PATTERN = /^[0-9a-zA-Z{\u00C0-\u02FF'}\- _&`():.'^]{1,105}$/u;

/** A full-string regex match and nothing else (no trimming, no blank check): see the file comment. */
export function checkMatch(value: string, pattern: RegExp, code: ErrorCode, path: string): HmrcError[] {
  return pattern.test(value) ? [] : [hmrcError(code, { paths: [path] })];
}

/**
 * Other reliefs' free-text names (`exSpouseName`, `businessName`, `incomeSource`, `lenderName`): 1 to 105
 * characters and nothing else (§4.3: "no charset rule, no trim"). Java's `String.length` counts UTF-16 code units,
 * as JavaScript's does, so a character outside the Basic Multilingual Plane counts twice.
 */
export function checkLength(value: string, code: ErrorCode, path: string, max = 105): HmrcError[] {
  return value.length >= 1 && value.length <= max ? [] : [hmrcError(code, { paths: [path] })];
}

/** Reliefs v2.0 differs from v3.0 (relief investments: one schema, a last tax year); every other value is v3. */
export function isReliefsV2(settings: ValidationSettings): boolean {
  return settings.versions.reliefs === '2.0';
}

export interface ReliefsYearLimits {
  readonly minTaxYear: string;
  /** Reliefs v2 relief investments (GET and PUT): later years are `RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED`. */
  readonly maxTaxYear?: string;
}

/**
 * HMRC's `ResolveTaxYearMinimum` / `ResolveTaxYearMinMax` as reliefs configure them: format, then span, then the
 * minimum (`RULE_TAX_YEAR_NOT_SUPPORTED`), then the maximum (`RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED`, §2.5 step 3
 * and the §2.5 table); the first failure is the only error.
 */
export function checkReliefsTaxYear(taxYear: string, limits: ReliefsYearLimits): HmrcError[] {
  const problem = checkTaxYear(taxYear);
  if (problem) return [hmrcError(problem)];
  const belowMin = checkTaxYearLimits(taxYear, { minTaxYear: limits.minTaxYear });
  if (belowMin.length > 0) return belowMin;
  return limits.maxTaxYear !== undefined && taxYearEnd(taxYear) > taxYearEnd(limits.maxTaxYear)
    ? [hmrcError('RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED')]
    : [];
}

/** The NINO on its own, as HMRC looks it up before validating anything else (§2.3 step 5). */
export function checkNinoAlone(nino: string): HmrcError[] {
  return isValidNino(nino) ? [] : [hmrcError('FORMAT_NINO')];
}

/** The complete path check of a reliefs GET or DELETE: the NINO alone, then the tax year. */
export function validateReliefsYearPath(
  nino: string,
  taxYear: string,
  limits: ReliefsYearLimits,
): HmrcError[] {
  const ninoErrors = checkNinoAlone(nino);
  return ninoErrors.length > 0 ? ninoErrors : checkReliefsTaxYear(taxYear, limits);
}
