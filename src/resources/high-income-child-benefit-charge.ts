/**
 * High Income Child Benefit Charge (Individuals Charges API 3.0,
 * `/individuals/charges/high-income-child-benefit/{nino}/{taxYear}`): everything about the resource, in one place.
 *
 * HMRC's rules, from its validators and their tests (hmrc/individuals-charges-api,
 * `app/v3/highIncomeChildBenefitCharge/**`, `test/v3/highIncomeChildBenefitCharge/**`; docs/hmrc-rules.md §3.5):
 * - every endpoint: NINO first and alone; then the tax year (format, span, 2025-26 minimum; no maximum);
 * - PUT, stage one: the tax year together with the reading of the body (`ResolveNonEmptyJsonObject`: unknown
 *   fields ignored although the published schema forbids them; a fractional `numberOfChildren` is a JSON type
 *   failure). Stage two, only if stage one passed, in HMRC's order: `numberOfChildren` a whole number 1–99
 *   (`FORMAT_VALUE` with its own message), the amount (money), then `dateCeased`: not a strict ISO date →
 *   `FORMAT_DATE_CEASED`; outside 6 April–5 April of the path's tax year → `RULE_DATE_CEASED` (neither has a path).
 *   Errors are merged by message and sorted by code.
 */
import { hmrcError } from '../errors/hmrc-error';
import type { HmrcError } from '../errors/hmrc-error';
import { z } from 'zod';
import { yearResource } from '../hmrc/endpoint';
import { parseIsoDate } from '../validation/identifiers';
import type { Parsed } from '../validation/json-body';
import { integer, number, object, optional, readJsonBody, string } from '../validation/json-body';
import { checkNino, checkTaxYearInFull, validateYearPath } from '../validation/path-params';
import { checkNumber } from '../validation/rules';
import { inTwoStages } from '../validation/stages';
import { defineResource, demoFor, withSubmittedOn } from './types';

const LIMITS = { minTaxYear: '2025-26' } as const;

/** HMRC's request body (`CreateAmendHighIncomeChildBenefitChargeRequestBody`), field for field. */
const requestBody = object({
  amountOfChildBenefitReceived: number,
  numberOfChildren: integer,
  dateCeased: optional(string),
});

/** The PUT body, inferred from its spec. */
export type HighIncomeChildBenefitChargeRequestDto = Parsed<typeof requestBody>;
/** The GET body: the request's fields plus when they were submitted. */
export type HighIncomeChildBenefitChargeDto = HighIncomeChildBenefitChargeRequestDto & {
  submittedOn: string;
};

const CHILDREN = { min: 1, max: 99 };

/** 6 April of the tax year's first calendar year to 5 April of its second, as ISO dates. */
function taxYearBounds(taxYear: string): { start: string; end: string } {
  const startYear = Number(taxYear.slice(0, 4));
  return { start: `${startYear}-04-06`, end: `${startYear + 1}-04-05` };
}

function businessRules(body: HighIncomeChildBenefitChargeRequestDto, taxYear: string): HmrcError[] {
  const errors: HmrcError[] = [];
  if (body.numberOfChildren < CHILDREN.min || body.numberOfChildren > CHILDREN.max) {
    errors.push(
      hmrcError('FORMAT_VALUE', {
        paths: ['/numberOfChildren'],
        message: `The value must be an integer between ${CHILDREN.min} and ${CHILDREN.max}`,
      }),
    );
  }
  errors.push(...checkNumber(body.amountOfChildBenefitReceived, '/amountOfChildBenefitReceived'));
  if (body.dateCeased !== undefined) {
    // HMRC's `ResolveIsoDate`: a strict LocalDate.parse, with no 1900–2100 window (unlike the reliefs dates).
    if (!parseIsoDate(body.dateCeased)) errors.push(hmrcError('FORMAT_DATE_CEASED'));
    else {
      const { start, end } = taxYearBounds(taxYear);
      if (body.dateCeased < start || body.dateCeased > end) errors.push(hmrcError('RULE_DATE_CEASED'));
    }
  }
  return errors;
}

/**
 * What a successful GET must look like: HMRC's `retrieve_response_schema.json` (hmrc/individuals-charges-api,
 * resources/public/api/conf/3.0/schemas/highIncomeChildBenefitCharge/retrieve/), nothing coerced.
 */
const responseSchema: z.ZodType<HighIncomeChildBenefitChargeDto> = z.object({
  submittedOn: z.string(),
  amountOfChildBenefitReceived: z.number(),
  numberOfChildren: z.number().int(),
  dateCeased: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

const endpoint = yearResource<HighIncomeChildBenefitChargeDto, HighIncomeChildBenefitChargeRequestDto>({
  api: 'charges',
  responseSchema,
  name: 'highIncomeChildBenefitCharge',
  pathTemplate: '/individuals/charges/high-income-child-benefit/{nino}/{taxYear}',
  minTaxYear: LIMITS.minTaxYear,
  writeMethod: 'PUT',
  // HMRC's sandbox scenarios (docs/hmrc-rules.md §3.4); REQUEST_CANNOT_BE_FULFILLED is the framework's (422).
  scenarios: {
    retrieve: ['NOT_FOUND', 'TAX_YEAR_NOT_SUPPORTED', 'STATEFUL'],
    createAmend: ['TAX_YEAR_NOT_SUPPORTED', 'OUTSIDE_AMENDMENT_WINDOW', 'STATEFUL'],
    delete: ['NOT_FOUND', 'OUTSIDE_AMENDMENT_WINDOW', 'TAX_YEAR_NOT_SUPPORTED', 'STATEFUL'],
  },
  requestCannotBeFulfilled: true,
});

/** HMRC's example response (`examples/highIncomeChildBenefitCharge/retrieve/retrieve_response.json`). */
export const HICBC_EXAMPLE: HighIncomeChildBenefitChargeDto = {
  submittedOn: '2025-05-09T12:20:19.978Z',
  amountOfChildBenefitReceived: 1111.22,
  numberOfChildren: 2,
  dateCeased: '2025-05-08',
};

export const highIncomeChildBenefitCharge = defineResource({
  endpoint,
  rules: {
    retrieve: (nino, taxYear) => validateYearPath(nino, taxYear, LIMITS),
    delete: (nino, taxYear) => validateYearPath(nino, taxYear, LIMITS),
    createAmend: (nino, taxYear, body) => {
      const ninoErrors = checkNino(nino);
      if (ninoErrors.length > 0) return { ok: false, errors: ninoErrors };
      return inTwoStages(
        checkTaxYearInFull(taxYear, LIMITS),
        readJsonBody(requestBody, body, { nonEmpty: true }),
        (value) => businessRules(value, taxYear),
        'byCode',
      );
    },
  },
  graphql: {
    parent: 'TaxpayerYear',
    field: 'highIncomeChildBenefitCharge',
    createOrAmend: 'createOrAmendHighIncomeChildBenefitCharge',
    delete: 'deleteHighIncomeChildBenefitCharge',
  },
  simulation: {
    example: () => HICBC_EXAMPLE,
    demo: demoFor({ '2025-26': HICBC_EXAMPLE }),
    stored: withSubmittedOn,
    scenarioErrors: { TAX_YEAR_NOT_SUPPORTED: hmrcError('RULE_TAX_YEAR_NOT_SUPPORTED') },
  },
});
