/**
 * HMRC's validation of the pension-reliefs endpoints (Individuals Reliefs API v3
 * `Def1_CreateAmendPensionsReliefsValidator`; v2 is identical), reproduced so that a request HMRC would refuse is
 * refused here, with HMRC's codes, messages, paths and order, without being sent. The simulator runs the same
 * functions.
 *
 * docs/hmrc-rules.md §2.2–§2.7, §4.1, §4.5, §4.7 and Appendix A.2 (`amend_relief_pensions_request.json`).
 */
import type { HmrcError } from '../../errors/hmrc-error';
import type { PensionReliefsDetailDto, PensionReliefsRequestDto } from '../../hmrc/reliefs';
import { pensionReliefs } from '../../hmrc/reliefs';
import type { Spec } from '../json-body';
import { number, object, optional, readJsonBody } from '../json-body';
import { checkNino, checkTaxYearInFull, validateYearPath } from '../path-params';
import { checkNumber } from '../rules';
import type { Validated, ValidationSettings } from '../types';
import { inTwoStages } from '../stages';

const limits = { minTaxYear: pensionReliefs.minTaxYear };

// --- Body shape, as HMRC's request model declares it ---------------------------------------------------------

/** HMRC's field order, which is also the order of its FORMAT_VALUE paths. */
const AMOUNTS = [
  'regularPensionContributions',
  'oneOffPensionContributionsPaid',
  'retirementAnnuityPayments',
  'paymentToEmployersSchemeNoTaxRelief',
  'overseasPensionSchemeContributions',
] as const satisfies ReadonlyArray<keyof PensionReliefsDetailDto>;

// `pensionReliefs` is mandatory; every amount in it is optional, but HMRC's emptiness check refuses
// `{"pensionReliefs":{}}` with the path `/pensionReliefs` (§4.5). Unknown fields are ignored (§2.7).
const body: Spec<PensionReliefsRequestDto> = object({
  pensionReliefs: object({
    regularPensionContributions: optional(number),
    oneOffPensionContributionsPaid: optional(number),
    retirementAnnuityPayments: optional(number),
    paymentToEmployersSchemeNoTaxRelief: optional(number),
    overseasPensionSchemeContributions: optional(number),
  }),
});

// --- Business rules (HMRC's `RulesValidator`) -------------------------------------------------------------------

function businessRules(value: PensionReliefsRequestDto): HmrcError[] {
  return AMOUNTS.flatMap((field) => {
    const amount = value.pensionReliefs[field];
    return amount === undefined ? [] : checkNumber(amount, `/pensionReliefs/${field}`);
  });
}

// --- Entry points -------------------------------------------------------------------------------------------

export function validateRetrievePensionReliefs(
  nino: string,
  taxYear: string,
  _settings: ValidationSettings,
): HmrcError[] {
  return validateYearPath(nino, taxYear, limits);
}

export function validateDeletePensionReliefs(
  nino: string,
  taxYear: string,
  _settings: ValidationSettings,
): HmrcError[] {
  return validateYearPath(nino, taxYear, limits);
}

/**
 * The PUT. The NINO is checked first and alone (§2.3 step 5). HMRC's factory has a single body generation, so its
 * validator checks the tax year (format, span, 2020-21 minimum: at most one error, §2.5) together with the reading
 * of the body and reports both (§2.2 item 4); the amounts are checked only if all that passed. Reliefs v2
 * validates this body exactly as v3 does.
 */
export function validateCreateAmendPensionReliefs(
  nino: string,
  taxYear: string,
  requestBody: unknown,
  _settings: ValidationSettings,
): Validated<PensionReliefsRequestDto> {
  const ninoErrors = checkNino(nino);
  if (ninoErrors.length > 0) return { ok: false, errors: ninoErrors };

  const read = readJsonBody(body, requestBody, { nonEmpty: true });
  return inTwoStages(
    [...checkTaxYearInFull(taxYear, limits)],
    read,
    (value) => businessRules(value),
    'byCode',
  );
}
