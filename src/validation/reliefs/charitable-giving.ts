/**
 * HMRC's validation of the charitable-giving endpoints (Individuals Reliefs API v3
 * `CreateAndAmendCharitableGivingReliefsValidatorFactory` with its `Def1_`/`Def2_` validators; v2 is identical),
 * reproduced so that a request HMRC would refuse is refused here, with HMRC's codes, messages, paths and order,
 * without being sent. The simulator runs the same functions.
 *
 * docs/hmrc-rules.md §2.2–§2.7, §4.1, §4.6, §4.7 and Appendix A.2 (`amend_charitable_giving/{def1,def2}`).
 */
import type { ErrorCode } from '../../errors/codes';
import type { HmrcError } from '../../errors/hmrc-error';
import { hmrcError } from '../../errors/hmrc-error';
import type { CharitableGivingDto, NonUkCharitiesDto } from '../../hmrc/reliefs';
import { RELIEFS_DEF2_FROM, charitableGiving } from '../../hmrc/reliefs';
import { combineErrors } from '../combine';
import { taxYearEnd } from '../identifiers';
import type { Spec } from '../json-body';
import { array, number, object, optional, readJsonBody, string } from '../json-body';
import { validateYearPath } from '../path-params';
import { checkNumber } from '../rules';
import type { Validated, ValidationSettings } from '../types';

const limits = { minTaxYear: charitableGiving.minTaxYear };

// --- Body shapes, as HMRC's request models declare them (declaration order = order of emptiness paths) -------

const nonUkCharities = object({ charityNames: optional(array(string)), totalAmount: number });

const giftAidAmounts = {
  totalAmount: optional(number),
  oneOffAmount: optional(number),
  amountTreatedAsPreviousTaxYear: optional(number),
  amountTreatedAsSpecifiedTaxYear: optional(number),
};
const giftsAmounts = {
  landAndBuildings: optional(number),
  sharesOrSecurities: optional(number),
};

/** Before 2025-26: both sections may carry `nonUkCharities`, declared first in HMRC's models. */
const def1Body: Spec<CharitableGivingDto> = object({
  giftAidPayments: optional(object({ nonUkCharities: optional(nonUkCharities), ...giftAidAmounts })),
  gifts: optional(object({ nonUkCharities: optional(nonUkCharities), ...giftsAmounts })),
});

/**
 * From 2025-26 HMRC's models have no `nonUkCharities`. Reliefs bodies are read non-strictly (§2.7), so a
 * `nonUkCharities` sent anyway is ignored, not refused: nothing in it is validated and it is not passed on. A
 * section that held nothing else is then empty and refused with its path (`/giftAidPayments`, `/gifts`).
 */
const def2Body: Spec<CharitableGivingDto> = object({
  giftAidPayments: optional(object(giftAidAmounts)),
  gifts: optional(object(giftsAmounts)),
});

export function isDef2TaxYear(taxYear: string): boolean {
  return taxYearEnd(taxYear) >= taxYearEnd(RELIEFS_DEF2_FROM);
}

// --- Business rules (HMRC's `RulesValidator`), in HMRC's order ------------------------------------------------

/**
 * HMRC's charity-name pattern (§4.6): letters, digits, space and `& ' ( ) * , - . / @ £`, 1 to 75 characters.
 * HMRC's def1 rules validator tests it with a plain regex match, not `ResolveStringPattern`, so a name of spaces
 * only passes (the pattern allows spaces), unlike the fields checked with `checkPattern`.
 */
const CHARITY_NAME = /^[A-Za-z0-9 &'()*,\-./@£]{1,75}$/;

/**
 * One `nonUkCharities`: each name's format, then the names-required rule. A total above zero needs names; HMRC
 * also treats an empty list as missing here, but an empty list has already been refused by the emptiness check
 * (path `…/nonUkCharities/charityNames`), so in practice only an absent list reaches this rule. The rule error has
 * no path.
 */
function checkNonUkCharities(
  charities: NonUkCharitiesDto,
  section: 'giftAidPayments' | 'gifts',
  missingNames: ErrorCode,
): HmrcError[] {
  const names = charities.charityNames;
  return [
    ...(names ?? []).flatMap((name, j) =>
      CHARITY_NAME.test(name)
        ? []
        : [hmrcError('FORMAT_STRING', { paths: [`/${section}/nonUkCharities/charityNames/${j}`] })],
    ),
    ...(charities.totalAmount > 0 && (names === undefined || names.length === 0)
      ? [hmrcError(missingNames)]
      : []),
  ];
}

function money(entries: ReadonlyArray<[number | undefined, string]>): HmrcError[] {
  return entries.flatMap(([value, path]) => (value === undefined ? [] : checkNumber(value, path)));
}

/** Def1 and def2 share these rules; in a def2 body `nonUkCharities` is never present. */
function businessRules(value: CharitableGivingDto): HmrcError[] {
  const { giftAidPayments: giftAid, gifts } = value;
  return [
    ...(giftAid
      ? [
          ...money([
            [giftAid.nonUkCharities?.totalAmount, '/giftAidPayments/nonUkCharities/totalAmount'],
            [giftAid.totalAmount, '/giftAidPayments/totalAmount'],
            [giftAid.oneOffAmount, '/giftAidPayments/oneOffAmount'],
            [giftAid.amountTreatedAsPreviousTaxYear, '/giftAidPayments/amountTreatedAsPreviousTaxYear'],
            [giftAid.amountTreatedAsSpecifiedTaxYear, '/giftAidPayments/amountTreatedAsSpecifiedTaxYear'],
          ]),
          ...(giftAid.nonUkCharities
            ? checkNonUkCharities(
                giftAid.nonUkCharities,
                'giftAidPayments',
                'RULE_GIFT_AID_NON_UK_AMOUNT_WITHOUT_NAMES',
              )
            : []),
        ]
      : []),
    ...(gifts
      ? [
          ...money([
            [gifts.nonUkCharities?.totalAmount, '/gifts/nonUkCharities/totalAmount'],
            [gifts.landAndBuildings, '/gifts/landAndBuildings'],
            [gifts.sharesOrSecurities, '/gifts/sharesOrSecurities'],
          ]),
          ...(gifts.nonUkCharities
            ? checkNonUkCharities(gifts.nonUkCharities, 'gifts', 'RULE_GIFTS_NON_UK_AMOUNT_WITHOUT_NAMES')
            : []),
        ]
      : []),
  ];
}

// --- Entry points -------------------------------------------------------------------------------------------

export function validateRetrieveCharitableGiving(
  nino: string,
  taxYear: string,
  _settings: ValidationSettings,
): HmrcError[] {
  return validateYearPath(nino, taxYear, limits);
}

export function validateDeleteCharitableGiving(
  nino: string,
  taxYear: string,
  _settings: ValidationSettings,
): HmrcError[] {
  return validateYearPath(nino, taxYear, limits);
}

/**
 * The PUT. The NINO is checked first and alone (§2.3 step 5). HMRC's validator factory then resolves the tax year
 * with its 2017-18 minimum to choose the body generation, and returns that error alone when it fails (§2.2 item 5)
 * — so here, unlike foreign and pension reliefs, even RULE_TAX_YEAR_NOT_SUPPORTED is never reported together with
 * a body error. Then the body is read against the generation's shape (before 2025-26 with `nonUkCharities`, from
 * 2025-26 without), and the business rules run only if it was readable and non-empty. Reliefs v2 splits and
 * validates exactly as v3 does.
 */
export function validateCreateAmendCharitableGiving(
  nino: string,
  taxYear: string,
  requestBody: unknown,
  _settings: ValidationSettings,
): Validated<CharitableGivingDto> {
  const path = validateYearPath(nino, taxYear, limits);
  if (path.length > 0) return { ok: false, errors: path };

  const read = readJsonBody(isDef2TaxYear(taxYear) ? def2Body : def1Body, requestBody, { nonEmpty: true });
  if (!read.ok) return { ok: false, errors: [read.error] };

  const rules = businessRules(read.value);
  return rules.length > 0
    ? { ok: false, errors: combineErrors(rules, 'byCode') }
    : { ok: true, value: read.value };
}
