/**
 * Foreign reliefs (Individuals Reliefs API 3.0; 2.0 still selectable,
 * `/individuals/reliefs/foreign/{nino}/{taxYear}`): everything about the resource, in one place.
 *
 * HMRC's rules, from its v3 `Def1_CreateAndAmendForeignReliefs*` validators; v2 is identical
 * (hmrc/individuals-reliefs-api; docs/hmrc-rules.md §2.2–§2.7, §4.1, §4.4, §4.7, Appendix A.2:
 * resources/public/api/conf/3.0/schemas/amend_relief_foreign_request.json), reproduced so that a request HMRC
 * would refuse is refused here, with HMRC's codes, messages, paths and order, without being sent. The simulator
 * runs the same functions.
 */
import { z } from 'zod';
import type { HmrcError } from '../errors/hmrc-error';
import { hmrcError } from '../errors/hmrc-error';
import { yearResource } from '../hmrc/endpoint';
import type { Parsed } from '../validation/json-body';
import { array, boolean, number, object, optional, string } from '../validation/json-body';
import { validateYearPath } from '../validation/path-params';
import { ISO_ALPHA3_CODES } from '../validation/reliefs/country-codes';
import { checkNumber } from '../validation/rules';
import { validateReliefWrite } from '../validation/reliefs/shared';
import type { Validated, ValidationSettings } from '../validation/types';
import { defineResource, demoFor, withSubmittedOn } from './types';

/** HMRC's validators' minimum (earlier than its docs say); no maximum. */
const LIMITS = { minTaxYear: '2020-21' } as const;

// --- The PUT body, as HMRC's request model declares it (declaration order = order of emptiness paths) ----------

const amount = object({ amount: number });

// Non-strict: HMRC's reliefs bodies ignore unknown fields, but an empty object or array is refused (§2.7).
const requestBody = object({
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

/** The PUT body, inferred from its spec. */
export type ForeignReliefsRequestDto = Parsed<typeof requestBody>;

// --- The GET body ---------------------------------------------------------------------------------------------

const amountResponse = z.object({ amount: z.number() });
const foreignIncomeTaxCreditRelief = z.object({
  countryCode: z.string(),
  foreignTaxPaid: z.number().optional(),
  taxableAmount: z.number(),
  employmentLumpSum: z.boolean(),
});

/**
 * What a successful GET must look like: HMRC's response schema (hmrc/individuals-reliefs-api,
 * resources/public/api/conf/{2.0,3.0}/schemas/retrieve_relief_foreign_response.json), nothing coerced (see
 * `src/hmrc/response-schemas.ts`).
 */
const responseSchema = z.object({
  submittedOn: z.string(),
  foreignTaxCreditRelief: amountResponse.optional(),
  foreignIncomeTaxCreditRelief: z.array(foreignIncomeTaxCreditRelief).optional(),
  foreignTaxForFtcrNotClaimed: amountResponse.optional(),
});

/** The GET body, inferred from its schema; its parts are named for the GraphQL mappers (`codegen.ts`). */
export type ForeignReliefsDto = z.infer<typeof responseSchema>;
export type AmountDto = z.infer<typeof amountResponse>;
export type ForeignIncomeTaxCreditReliefDto = z.infer<typeof foreignIncomeTaxCreditRelief>;

// --- The endpoint -----------------------------------------------------------------------------------------------

export const foreignReliefsEndpoint = yearResource<ForeignReliefsDto, ForeignReliefsRequestDto>({
  api: 'reliefs',
  name: 'foreignReliefs',
  responseSchema,
  pathTemplate: '/individuals/reliefs/foreign/{nino}/{taxYear}',
  minTaxYear: LIMITS.minTaxYear,
  writeMethod: 'PUT',
  // HMRC's sandbox scenarios (docs/hmrc-rules.md §4.8).
  scenarios: {
    retrieve: ['NOT_FOUND', 'STATEFUL'],
    createAmend: ['OUTSIDE_AMENDMENT_WINDOW', 'STATEFUL'],
    delete: ['NOT_FOUND', 'OUTSIDE_AMENDMENT_WINDOW', 'STATEFUL'],
  },
  requestCannotBeFulfilled: false,
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
  return validateYearPath(nino, taxYear, LIMITS);
}

export function validateDeleteForeignReliefs(
  nino: string,
  taxYear: string,
  _settings: ValidationSettings,
): HmrcError[] {
  return validateYearPath(nino, taxYear, LIMITS);
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
  body: unknown,
  _settings: ValidationSettings,
): Validated<ForeignReliefsRequestDto> {
  return validateReliefWrite(nino, taxYear, body, requestBody, LIMITS, businessRules);
}

// --- Examples and demo data (HMRC's example response) -------------------------------------------------------

export const FOREIGN_RELIEFS_EXAMPLE: ForeignReliefsDto = {
  submittedOn: '2019-04-04T01:01:01.000Z',
  foreignTaxCreditRelief: { amount: 5000.99 },
  foreignIncomeTaxCreditRelief: [
    { countryCode: 'FRA', foreignTaxPaid: 4567.69, taxableAmount: 2853.13, employmentLumpSum: false },
  ],
  foreignTaxForFtcrNotClaimed: { amount: 3456.97 },
};

// --- The resource -------------------------------------------------------------------------------------------

export const foreignReliefs = defineResource({
  endpoint: foreignReliefsEndpoint,
  rules: {
    retrieve: validateRetrieveForeignReliefs,
    createAmend: validateCreateAmendForeignReliefs,
    delete: validateDeleteForeignReliefs,
  },
  graphql: {
    parent: 'Reliefs',
    field: 'foreign',
    createOrAmend: 'createOrAmendForeignReliefs',
    delete: 'deleteForeignReliefs',
  },
  simulation: {
    example: () => FOREIGN_RELIEFS_EXAMPLE,
    demo: demoFor({ '2023-24': FOREIGN_RELIEFS_EXAMPLE, '2024-25': FOREIGN_RELIEFS_EXAMPLE }),
    stored: withSubmittedOn,
  },
  summarySource: 'FOREIGN_RELIEFS',
});
