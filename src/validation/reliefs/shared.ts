/**
 * Rules shared by the Individuals Reliefs API's resources (each in its own file under `src/resources/`): the
 * reference and name alphabets and the length-only text rule (relief investments, other reliefs), the version
 * switch, and the tax year from which relief investments and charitable giving have their second body generation.
 *
 * Reliefs check their strings with a plain full-string regex match (Scala `Regex.matches`), not with
 * `ResolveStringPattern`: docs/hmrc-rules.md §4.2 gives the rule as "runtime = schema" and §4.3 says the name rules
 * have "no charset rule, no trim", while the not-blank-after-trim rule of §2.7 belongs to `ResolveStringPattern`
 * alone. So a value of spaces only, which the alphabet allows, is accepted here (`checkPattern` would refuse it).
 */
import type { ErrorCode } from '../../errors/codes';
import type { HmrcError } from '../../errors/hmrc-error';
import { hmrcError } from '../../errors/hmrc-error';
import type { Spec } from '../json-body';
import { readJsonBody } from '../json-body';
import type { TaxYearLimits } from '../path-params';
import { checkNino, checkTaxYearInFull } from '../path-params';
import { inTwoStages } from '../stages';
import type { Validated, ValidationSettings } from '../types';

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

/** The first tax year of the second generation of relief investments and charitable giving (v3). */
export const RELIEFS_DEF2_FROM = '2025-26';

/** Reliefs v2.0 differs from v3.0 (relief investments: one schema, a last tax year); every other value is v3. */
export function isReliefsV2(settings: ValidationSettings): boolean {
  return settings.versions.reliefs === '2.0';
}

/**
 * The PUT of a relief with one body generation (other, foreign and pension reliefs; v2 and v3 alike): the NINO
 * first and alone; then the tax year (format, span, minimum: one error at most) together with the reading of the
 * body (HMRC's `ResolveNonEmptyJsonObject`), their errors accumulating; the body's rules only if all that passed.
 * Errors are merged and sorted by code.
 */
export function validateReliefWrite<T>(
  nino: string,
  taxYear: string,
  body: unknown,
  spec: Spec<T>,
  limits: TaxYearLimits,
  rules: (body: T) => HmrcError[],
): Validated<T> {
  const ninoErrors = checkNino(nino);
  if (ninoErrors.length > 0) return { ok: false, errors: ninoErrors };
  return inTwoStages(
    checkTaxYearInFull(taxYear, limits),
    readJsonBody(spec, body, { nonEmpty: true }),
    rules,
    'byCode',
  );
}
