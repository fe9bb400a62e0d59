/**
 * HMRC's validation of relief investments (Individuals Reliefs). PROVISIONAL INTERFACE: path checks and a non-empty JSON
 * object only; the body rules of hmrc-reference.md §4 are being added.
 */
import type { HmrcError } from '../../errors/hmrc-error';
import { hmrcError } from '../../errors/hmrc-error';
import type { ReliefInvestmentsRequestDto } from '../../hmrc/reliefs';
import { reliefInvestments } from '../../hmrc/reliefs';
import { isJsonObject } from '../json-body';
import { checkNinoThenTaxYearFormat, checkTaxYearLimits, validateYearPath } from '../path-params';
import type { Validated, ValidationSettings } from '../types';

const limits = { minTaxYear: reliefInvestments.minTaxYear };

export function validateRetrieveReliefInvestments(
  nino: string,
  taxYear: string,
  _settings: ValidationSettings,
): HmrcError[] {
  return validateYearPath(nino, taxYear, limits);
}

export function validateDeleteReliefInvestments(
  nino: string,
  taxYear: string,
  _settings: ValidationSettings,
): HmrcError[] {
  return validateYearPath(nino, taxYear, limits);
}

export function validateCreateAmendReliefInvestments(
  nino: string,
  taxYear: string,
  body: unknown,
  _settings: ValidationSettings,
): Validated<ReliefInvestmentsRequestDto> {
  const early = checkNinoThenTaxYearFormat(nino, taxYear);
  if (early.length > 0) return { ok: false, errors: early };
  const errors = [
    ...checkTaxYearLimits(taxYear, limits),
    ...(isJsonObject(body) && Object.keys(body).length > 0
      ? []
      : [hmrcError('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED')]),
  ];
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: body as ReliefInvestmentsRequestDto };
}
