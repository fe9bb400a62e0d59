/**
 * Pension reliefs (Individuals Reliefs API 3.0; 2.0 still selectable,
 * `/individuals/reliefs/pensions/{nino}/{taxYear}`): everything about the resource, in one place.
 *
 * HMRC's rules, from its v3 `Def1_CreateAmendPensionsReliefsValidator`; v2 is identical
 * (hmrc/individuals-reliefs-api; docs/hmrc-rules.md §2.2–§2.7, §4.1, §4.5, §4.7, Appendix A.2:
 * resources/public/api/conf/3.0/schemas/amend_relief_pensions_request.json), reproduced so that a request HMRC
 * would refuse is refused here, with HMRC's codes, messages, paths and order, without being sent. The simulator
 * runs the same functions.
 */
import { z } from 'zod';
import type { HmrcError } from '../errors/hmrc-error';
import { yearResource } from '../hmrc/endpoint';
import type { Parsed } from '../validation/json-body';
import { number, object, optional } from '../validation/json-body';
import { validateYearPath } from '../validation/path-params';
import { checkNumber } from '../validation/rules';
import { validateReliefWrite } from '../validation/reliefs/shared';
import type { Validated, ValidationSettings } from '../validation/types';
import { defineResource, demoFor, withSubmittedOn } from './types';

/** HMRC's validators' minimum (earlier than its docs say); no maximum. */
const LIMITS = { minTaxYear: '2020-21' } as const;

// --- The PUT body, as HMRC's request model declares it ---------------------------------------------------------

// `pensionReliefs` is mandatory; every amount in it is optional, but HMRC's emptiness check refuses
// `{"pensionReliefs":{}}` with the path `/pensionReliefs` (§4.5). Unknown fields are ignored (§2.7).
const requestBody = object({
  pensionReliefs: object({
    regularPensionContributions: optional(number),
    oneOffPensionContributionsPaid: optional(number),
    retirementAnnuityPayments: optional(number),
    paymentToEmployersSchemeNoTaxRelief: optional(number),
    overseasPensionSchemeContributions: optional(number),
  }),
});

/** The PUT body, inferred from its spec. */
export type PensionReliefsRequestDto = Parsed<typeof requestBody>;

/** HMRC's field order, which is also the order of its FORMAT_VALUE paths. */
const AMOUNTS = [
  'regularPensionContributions',
  'oneOffPensionContributionsPaid',
  'retirementAnnuityPayments',
  'paymentToEmployersSchemeNoTaxRelief',
  'overseasPensionSchemeContributions',
] as const satisfies ReadonlyArray<keyof PensionReliefsRequestDto['pensionReliefs']>;

// --- The GET body ---------------------------------------------------------------------------------------------

const pensionReliefsDetail = z.object({
  regularPensionContributions: z.number().optional(),
  oneOffPensionContributionsPaid: z.number().optional(),
  retirementAnnuityPayments: z.number().optional(),
  paymentToEmployersSchemeNoTaxRelief: z.number().optional(),
  overseasPensionSchemeContributions: z.number().optional(),
});

/**
 * What a successful GET must look like: HMRC's response schema (hmrc/individuals-reliefs-api,
 * resources/public/api/conf/{2.0,3.0}/schemas/retrieve_relief_pensions_response.json), nothing coerced (see
 * `src/hmrc/response-schemas.ts`).
 */
const responseSchema = z.object({ submittedOn: z.string(), pensionReliefs: pensionReliefsDetail });

/** The GET body, inferred from its schema; its parts are named for the GraphQL mappers (`codegen.ts`). */
export type PensionReliefsDto = z.infer<typeof responseSchema>;
export type PensionReliefsDetailDto = z.infer<typeof pensionReliefsDetail>;

// --- The endpoint -----------------------------------------------------------------------------------------------

export const pensionReliefsEndpoint = yearResource<PensionReliefsDto, PensionReliefsRequestDto>({
  api: 'reliefs',
  name: 'pensionReliefs',
  responseSchema,
  pathTemplate: '/individuals/reliefs/pensions/{nino}/{taxYear}',
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
  return validateYearPath(nino, taxYear, LIMITS);
}

export function validateDeletePensionReliefs(
  nino: string,
  taxYear: string,
  _settings: ValidationSettings,
): HmrcError[] {
  return validateYearPath(nino, taxYear, LIMITS);
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
  body: unknown,
  _settings: ValidationSettings,
): Validated<PensionReliefsRequestDto> {
  return validateReliefWrite(nino, taxYear, body, requestBody, LIMITS, businessRules);
}

// --- Examples and demo data (HMRC's example response) -------------------------------------------------------

export const PENSION_RELIEFS_EXAMPLE: PensionReliefsDto = {
  submittedOn: '2020-07-14T10:30:18.000Z',
  pensionReliefs: {
    regularPensionContributions: 1999.99,
    oneOffPensionContributionsPaid: 1999.99,
    retirementAnnuityPayments: 1999.99,
    paymentToEmployersSchemeNoTaxRelief: 1999.99,
    overseasPensionSchemeContributions: 1999.99,
  },
};

// --- The resource -------------------------------------------------------------------------------------------

export const pensionReliefs = defineResource({
  endpoint: pensionReliefsEndpoint,
  rules: {
    retrieve: validateRetrievePensionReliefs,
    createAmend: validateCreateAmendPensionReliefs,
    delete: validateDeletePensionReliefs,
  },
  graphql: {
    parent: 'Reliefs',
    field: 'pensions',
    createOrAmend: 'createOrAmendPensionReliefs',
    delete: 'deletePensionReliefs',
  },
  simulation: {
    example: () => PENSION_RELIEFS_EXAMPLE,
    demo: demoFor({ '2023-24': PENSION_RELIEFS_EXAMPLE, '2024-25': PENSION_RELIEFS_EXAMPLE }),
    stored: withSubmittedOn,
  },
  summarySource: 'PENSION_RELIEFS',
});
