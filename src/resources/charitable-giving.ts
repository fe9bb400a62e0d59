/**
 * Charitable giving (Individuals Reliefs API 3.0; 2.0 still selectable,
 * `/individuals/reliefs/charitable-giving/{nino}/{taxYear}`): everything about the resource, in one place.
 *
 * HMRC's rules, from its v3 `CreateAndAmendCharitableGivingReliefsValidatorFactory` with its `Def1_`/`Def2_`
 * validators; v2 is identical (hmrc/individuals-reliefs-api; docs/hmrc-rules.md §2.2–§2.7, §4.1, §4.6, §4.7,
 * Appendix A.2: resources/public/api/conf/3.0/schemas/amend_charitable_giving/def{1,2}/), reproduced so that a
 * request HMRC would refuse is refused here, with HMRC's codes, messages, paths and order, without being sent.
 * The simulator runs the same functions. Two body generations: before 2025-26 (def1, with `nonUkCharities`) and
 * from 2025-26 (def2, without). HMRC's response has no `submittedOn` for this resource.
 */
import { z } from 'zod';
import type { ErrorCode } from '../errors/codes';
import type { HmrcError } from '../errors/hmrc-error';
import { hmrcError } from '../errors/hmrc-error';
import { yearResource } from '../hmrc/endpoint';
import { combineErrors } from '../validation/combine';
import { taxYearEnd } from '../validation/identifiers';
import type { Parsed, Spec } from '../validation/json-body';
import { array, number, object, optional, readJsonBody, string } from '../validation/json-body';
import { validateYearPath } from '../validation/path-params';
import { RELIEFS_DEF2_FROM } from '../validation/reliefs/shared';
import { checkNumber } from '../validation/rules';
import type { Validated, ValidationSettings } from '../validation/types';
import { defineResource, demoFor } from './types';

/** HMRC's validators' minimum (earlier than its docs say); no maximum. */
const LIMITS = { minTaxYear: '2017-18' } as const;

export function isDef2TaxYear(taxYear: string): boolean {
  return taxYearEnd(taxYear) >= taxYearEnd(RELIEFS_DEF2_FROM);
}

// --- The PUT body, as HMRC's request models declare it (declaration order = order of emptiness paths) --------

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
const def1Body = object({
  giftAidPayments: optional(object({ nonUkCharities: optional(nonUkCharities), ...giftAidAmounts })),
  gifts: optional(object({ nonUkCharities: optional(nonUkCharities), ...giftsAmounts })),
});

/**
 * The PUT body, inferred from its spec: def1's, of which def2 is the same minus the optional `nonUkCharities`.
 */
export type CharitableGivingRequestDto = Parsed<typeof def1Body>;
type NonUkCharities = Parsed<typeof nonUkCharities>;

/**
 * From 2025-26 HMRC's models have no `nonUkCharities`. Reliefs bodies are read non-strictly (§2.7), so a
 * `nonUkCharities` sent anyway is ignored, not refused: nothing in it is validated and it is not passed on. A
 * section that held nothing else is then empty and refused with its path (`/giftAidPayments`, `/gifts`).
 */
const def2Body: Spec<CharitableGivingRequestDto> = object({
  giftAidPayments: optional(object(giftAidAmounts)),
  gifts: optional(object(giftsAmounts)),
});

// --- The GET body ---------------------------------------------------------------------------------------------

const nonUkCharitiesResponse = z.object({
  charityNames: z.array(z.string()).optional(),
  totalAmount: z.number(),
});
const giftAidPayments = z.object({
  nonUkCharities: nonUkCharitiesResponse.optional(),
  totalAmount: z.number().optional(),
  oneOffAmount: z.number().optional(),
  amountTreatedAsPreviousTaxYear: z.number().optional(),
  amountTreatedAsSpecifiedTaxYear: z.number().optional(),
});
const gifts = z.object({
  nonUkCharities: nonUkCharitiesResponse.optional(),
  landAndBuildings: z.number().optional(),
  sharesOrSecurities: z.number().optional(),
});

/**
 * What a successful GET must look like: HMRC's response schemas (hmrc/individuals-reliefs-api,
 * resources/public/api/conf/3.0/schemas/retrieve_charitable_giving/def{1,2}/), one schema for both generations
 * (`nonUkCharities` optional), nothing coerced (see `src/hmrc/response-schemas.ts`). No `submittedOn`.
 */
const responseSchema = z.object({ giftAidPayments: giftAidPayments.optional(), gifts: gifts.optional() });

/** The GET body, inferred from its schema; its parts are named for the GraphQL mappers (`codegen.ts`). */
export type CharitableGivingDto = z.infer<typeof responseSchema>;
export type GiftAidPaymentsDto = z.infer<typeof giftAidPayments>;
export type GiftsDto = z.infer<typeof gifts>;
export type NonUkCharitiesDto = z.infer<typeof nonUkCharitiesResponse>;

// --- The endpoint -----------------------------------------------------------------------------------------------

export const charitableGivingEndpoint = yearResource<CharitableGivingDto, CharitableGivingRequestDto>({
  api: 'reliefs',
  name: 'charitableGiving',
  responseSchema,
  pathTemplate: '/individuals/reliefs/charitable-giving/{nino}/{taxYear}',
  minTaxYear: LIMITS.minTaxYear,
  writeMethod: 'PUT',
  // HMRC's sandbox scenarios (docs/hmrc-rules.md §4.8): NOT_FOUND on a PUT simulates a taxpayer without an
  // income source.
  scenarios: {
    retrieve: ['NOT_FOUND', 'STATEFUL'],
    createAmend: ['NOT_FOUND', 'OUTSIDE_AMENDMENT_WINDOW', 'STATEFUL'],
    delete: ['NOT_FOUND', 'OUTSIDE_AMENDMENT_WINDOW', 'STATEFUL'],
  },
  requestCannotBeFulfilled: false,
});

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
  charities: NonUkCharities,
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
function businessRules(value: CharitableGivingRequestDto): HmrcError[] {
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
  return validateYearPath(nino, taxYear, LIMITS);
}

export function validateDeleteCharitableGiving(
  nino: string,
  taxYear: string,
  _settings: ValidationSettings,
): HmrcError[] {
  return validateYearPath(nino, taxYear, LIMITS);
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
  body: unknown,
  _settings: ValidationSettings,
): Validated<CharitableGivingRequestDto> {
  const path = validateYearPath(nino, taxYear, LIMITS);
  if (path.length > 0) return { ok: false, errors: path };

  const read = readJsonBody(isDef2TaxYear(taxYear) ? def2Body : def1Body, body, { nonEmpty: true });
  if (!read.ok) return { ok: false, errors: [read.error] };

  const rules = businessRules(read.value);
  return rules.length > 0
    ? { ok: false, errors: combineErrors(rules, 'byCode') }
    : { ok: true, value: read.value };
}

// --- Examples and demo data (HMRC's example responses) ------------------------------------------------------

const nonUk = { charityNames: ['non-UK charity 1', 'non-UK charity 2'], totalAmount: 1000.12 };
const giftAid = {
  totalAmount: 1000.12,
  oneOffAmount: 1000.12,
  amountTreatedAsPreviousTaxYear: 1000.12,
  amountTreatedAsSpecifiedTaxYear: 1000.12,
};
/** HMRC's charitable-giving examples: before 2025-26 (with non-UK charities) and from 2025-26. */
export const CHARITABLE_GIVING_DEF1_EXAMPLE: CharitableGivingDto = {
  giftAidPayments: { nonUkCharities: nonUk, ...giftAid },
  gifts: { nonUkCharities: nonUk, landAndBuildings: 1000.12, sharesOrSecurities: 1000.12 },
};
export const CHARITABLE_GIVING_DEF2_EXAMPLE: CharitableGivingDto = {
  giftAidPayments: giftAid,
  gifts: { landAndBuildings: 1000.12, sharesOrSecurities: 1000.12 },
};

// --- The resource -------------------------------------------------------------------------------------------

export const charitableGiving = defineResource({
  endpoint: charitableGivingEndpoint,
  rules: {
    retrieve: validateRetrieveCharitableGiving,
    createAmend: validateCreateAmendCharitableGiving,
    delete: validateDeleteCharitableGiving,
  },
  graphql: {
    parent: 'Reliefs',
    field: 'charitableGiving',
    createOrAmend: 'createOrAmendCharitableGiving',
    delete: 'deleteCharitableGiving',
  },
  simulation: {
    example: (taxYear) =>
      isDef2TaxYear(taxYear) ? CHARITABLE_GIVING_DEF2_EXAMPLE : CHARITABLE_GIVING_DEF1_EXAMPLE,
    demo: demoFor({
      '2023-24': CHARITABLE_GIVING_DEF1_EXAMPLE,
      '2024-25': CHARITABLE_GIVING_DEF1_EXAMPLE,
      '2025-26': CHARITABLE_GIVING_DEF2_EXAMPLE,
    }),
    // HMRC's charitable-giving response has no submittedOn: what was written is what is read back.
    stored: (body) => body,
  },
  summarySource: 'CHARITABLE_GIVING',
});
