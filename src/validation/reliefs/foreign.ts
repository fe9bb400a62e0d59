/**
 * HMRC's validation of the foreign-reliefs endpoints (Individuals Reliefs API v3 `Def1_CreateAndAmendForeignReliefs*`
 * validators; v2 is identical), reproduced so that a request HMRC would refuse is refused here, with HMRC's codes,
 * messages, paths and order, without being sent. The simulator runs the same functions.
 *
 * docs/hmrc-rules.md §2.2–§2.7, §4.1, §4.4, §4.7 and Appendix A.2 (`amend_relief_foreign_request.json`).
 */
import type { HmrcError } from '../../errors/hmrc-error';
import { hmrcError } from '../../errors/hmrc-error';
import type { ForeignReliefsRequestDto } from '../../hmrc/reliefs';
import { foreignReliefs } from '../../hmrc/reliefs';
import type { Spec } from '../json-body';
import { array, boolean, number, object, optional, readJsonBody, string } from '../json-body';
import { checkNino, checkTaxYearInFull, validateYearPath } from '../path-params';
import { checkNumber } from '../rules';
import type { Validated, ValidationSettings } from '../types';
import { ISO_ALPHA3_CODES } from './country-codes';
import { inTwoStages } from '../stages';

const limits = { minTaxYear: foreignReliefs.minTaxYear };

// --- Body shape, as HMRC's request model declares it (declaration order = order of emptiness paths) ----------

const amount = object({ amount: number });

// Non-strict: HMRC's reliefs bodies ignore unknown fields, but an empty object or array is refused (§2.7).
const body: Spec<ForeignReliefsRequestDto> = object({
  foreignTaxCreditRelief: optional(amount),
  foreignIncomeTaxCreditRelief: optional(
    array(
      object({
        countryCode: string,
        foreignTaxPaid: optional(number),
        taxableAmount: number,
        employmentLumpSum: boolean,
      }),
    ),
  ),
  foreignTaxForFtcrNotClaimed: optional(amount),
});

// --- Business rules (HMRC's `RulesValidator`), in HMRC's order ------------------------------------------------

// The reliefs wording of RULE_COUNTRY_CODE; the catalogue carries the pension-charges one ("not a permitted …").
const RULE_COUNTRY_CODE_MESSAGE = 'The country code is not a valid ISO 3166-1 alpha-3 country code';

/**
 * The reliefs country-code rule (§4.4), which differs from pension charges': any length but 3 (UTF-16 units, as
 * Java counts them) is a format error; `ZZZ` is accepted; anything else must be an alpha-3 code of nv-i18n's
 * `CountryCode`, compared case for case (so `gbr` is refused while `GBR` is accepted).
 */
function checkCountryCode(code: string, path: string): HmrcError[] {
  if (code.length !== 3) return [hmrcError('FORMAT_COUNTRY_CODE', { paths: [path] })];
  if (code === 'ZZZ' || ISO_ALPHA3_CODES.has(code)) return [];
  return [hmrcError('RULE_COUNTRY_CODE', { paths: [path], message: RULE_COUNTRY_CODE_MESSAGE })];
}

function businessRules(value: ForeignReliefsRequestDto): HmrcError[] {
  const { foreignTaxCreditRelief, foreignIncomeTaxCreditRelief, foreignTaxForFtcrNotClaimed } = value;
  return [
    ...(foreignTaxCreditRelief
      ? checkNumber(foreignTaxCreditRelief.amount, '/foreignTaxCreditRelief/amount')
      : []),
    // Per entry, in HMRC's order: country code, foreign tax paid, taxable amount.
    ...(foreignIncomeTaxCreditRelief ?? []).flatMap((entry, i) => {
      const at = `/foreignIncomeTaxCreditRelief/${i}`;
      return [
        ...checkCountryCode(entry.countryCode, `${at}/countryCode`),
        ...(entry.foreignTaxPaid === undefined
          ? []
          : checkNumber(entry.foreignTaxPaid, `${at}/foreignTaxPaid`)),
        ...checkNumber(entry.taxableAmount, `${at}/taxableAmount`),
      ];
    }),
    ...(foreignTaxForFtcrNotClaimed
      ? checkNumber(foreignTaxForFtcrNotClaimed.amount, '/foreignTaxForFtcrNotClaimed/amount')
      : []),
  ];
}

// --- Entry points -------------------------------------------------------------------------------------------

export function validateRetrieveForeignReliefs(
  nino: string,
  taxYear: string,
  _settings: ValidationSettings,
): HmrcError[] {
  return validateYearPath(nino, taxYear, limits);
}

export function validateDeleteForeignReliefs(
  nino: string,
  taxYear: string,
  _settings: ValidationSettings,
): HmrcError[] {
  return validateYearPath(nino, taxYear, limits);
}

/**
 * The PUT. The NINO is checked first and alone (HMRC looks it up before validating, §2.3 step 5). HMRC's factory
 * for this endpoint does not pick a body generation by tax year, so its validator checks the tax year (format,
 * then span, then the 2020-21 minimum: one error at most, §2.5) together with the reading of the body and reports
 * both (§2.2 item 4: path parameters and JSON parsing accumulate). The business rules run only if all that passed.
 * Reliefs v2 validates this body exactly as v3 does, so the API version makes no difference here.
 */
export function validateCreateAmendForeignReliefs(
  nino: string,
  taxYear: string,
  requestBody: unknown,
  _settings: ValidationSettings,
): Validated<ForeignReliefsRequestDto> {
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
