/**
 * HMRC's validation of the Individuals Disclosures API: disclosures and the marriage-allowance claim.
 * PROVISIONAL INTERFACE: path checks and a non-empty JSON object only; the rules of hmrc-reference.md §5 are
 * being added.
 */
import type { HmrcError } from '../errors/hmrc-error';
import { hmrcError } from '../errors/hmrc-error';
import type { DisclosuresRequestDto, MarriageAllowanceRequestDto } from '../hmrc/disclosures';
import { isValidNino } from './identifiers';
import { isJsonObject } from './json-body';
import { checkNinoThenTaxYearFormat, checkTaxYearLimits, validateYearPath } from './path-params';
import type { Validated, ValidationSettings } from './types';

/** Disclosures words the shared codes differently from the other APIs (hmrc-reference.md §2.8). */
export const DISCLOSURES_MESSAGES = {
  FORMAT_NINO: 'The provided NINO is invalid',
  FORMAT_TAX_YEAR: 'The provided tax year is invalid',
  RULE_TAX_YEAR_RANGE_INVALID: 'Tax year range invalid. A tax year range of one year is required',
  RULE_TAX_YEAR_NOT_SUPPORTED:
    'The specified tax year is not supported. That is, the tax year specified is before the minimum tax year value',
} as const;

export function validateRetrieveDisclosures(
  nino: string,
  taxYear: string,
  settings: ValidationSettings,
): HmrcError[] {
  return validateYearPath(nino, taxYear, { minTaxYear: settings.disclosuresMinTaxYear });
}

export function validateDeleteDisclosures(
  nino: string,
  taxYear: string,
  settings: ValidationSettings,
): HmrcError[] {
  return validateYearPath(nino, taxYear, { minTaxYear: settings.disclosuresMinTaxYear });
}

export function validateCreateAmendDisclosures(
  nino: string,
  taxYear: string,
  body: unknown,
  settings: ValidationSettings,
): Validated<DisclosuresRequestDto> {
  const early = checkNinoThenTaxYearFormat(nino, taxYear);
  if (early.length > 0) return { ok: false, errors: early };
  const errors = [
    ...checkTaxYearLimits(taxYear, { minTaxYear: settings.disclosuresMinTaxYear }),
    ...(isJsonObject(body) && Object.keys(body).length > 0
      ? []
      : [hmrcError('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED')]),
  ];
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: body as DisclosuresRequestDto };
}

export function validateCreateMarriageAllowance(
  nino: string,
  body: unknown,
  _settings: ValidationSettings,
): Validated<MarriageAllowanceRequestDto> {
  if (!isValidNino(nino)) return { ok: false, errors: [hmrcError('FORMAT_NINO')] };
  return isJsonObject(body) && Object.keys(body).length > 0
    ? { ok: true, value: body as unknown as MarriageAllowanceRequestDto }
    : { ok: false, errors: [hmrcError('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED')] };
}
