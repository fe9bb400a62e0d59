/**
 * Winter Fuel Payment (Individuals Charges API 3.0, `/individuals/charges/winter-fuel-payment/{nino}/{taxYear}`):
 * everything about the resource, in one place. HMRC marks it test-only / not yet released in production.
 *
 * HMRC's rules, from its validators and their tests (hmrc/individuals-charges-api, `app/v3/winterFuelPayment/**`,
 * `test/v3/winterFuelPayment/**`; docs/hmrc-rules.md §3.5):
 * - every endpoint: NINO first and alone; the tax year's format, span and 2026-27 minimum (no maximum);
 * - GET: `source` exactly `hmrc-held`, `user` or `latest` (absent: HMRC's default, `latest`), else `FORMAT_SOURCE`,
 *   reported together with a tax-year error;
 * - PUT, stage one: the tax year — after the minimum, `RULE_TAX_YEAR_NOT_ENDED` for a year not strictly before
 *   the current one (judged from today's UTC date), unless a sandbox was sent `suspend-temporal-validations: true`
 *   — together with the reading of the body (unknown fields ignored); stage two, only if stage one passed: the
 *   amount (money). The amount's bounds for the year (`RULE_WFP_AMOUNT_ABOVE_MAXIMUM` / `_BELOW_MINIMUM`) are
 *   HMRC's backend's, so they are not checked before calling HMRC.
 */
import type { HmrcError } from '../errors/hmrc-error';
import { hmrcError } from '../errors/hmrc-error';
import { z } from 'zod';
import type { YearResource } from '../hmrc/endpoint';
import { yearResource } from '../hmrc/endpoint';
import { combineErrors } from '../validation/combine';
import { taxYearEnd } from '../validation/identifiers';
import type { Parsed } from '../validation/json-body';
import { number, object, readJsonBody } from '../validation/json-body';
import { checkNino, checkTaxYearInFull, validateYearPath } from '../validation/path-params';
import { checkNumber } from '../validation/rules';
import { inTwoStages } from '../validation/stages';
import type { RequestFacts } from '../validation/types';
import { defineResource, demoFor, withSubmittedOn } from './types';

const LIMITS = { minTaxYear: '2026-27' } as const;

/** HMRC's `source` values, exactly (case-sensitive). */
export const WFP_SOURCES = ['hmrc-held', 'user', 'latest'] as const;
export type WinterFuelPaymentSource = (typeof WFP_SOURCES)[number];

const requestBody = object({ winterFuelPayment: number });

/** The PUT body, inferred from its spec. */
export type WinterFuelPaymentRequestDto = Parsed<typeof requestBody>;
/** The GET body: the amount, when it was submitted, and whose figure it is. */
export type WinterFuelPaymentDto = WinterFuelPaymentRequestDto & {
  submittedOn: string;
  source: 'hmrc-held' | 'user';
};

/** The calendar year in which the tax year containing `today` (UTC, `YYYY-MM-DD`) ends. */
function currentTaxYearEnd(today: string): number {
  const year = Number(today.slice(0, 4));
  return today.slice(5) >= '04-06' ? year + 1 : year;
}

/** HMRC's `ResolveTaxYearMinimum(2026-27, allowIncompleteTaxYear = !temporalValidationEnabled)`. */
function writeTaxYear(taxYear: string, facts: RequestFacts): HmrcError[] {
  const errors = checkTaxYearInFull(taxYear, LIMITS);
  if (errors.length > 0 || facts.suspendTemporalValidations) return errors;
  return taxYearEnd(taxYear) < currentTaxYearEnd(facts.today) ? [] : [hmrcError('RULE_TAX_YEAR_NOT_ENDED')];
}

function checkSource(source: string | undefined): HmrcError[] {
  return source === undefined || (WFP_SOURCES as readonly string[]).includes(source)
    ? []
    : [hmrcError('FORMAT_SOURCE')];
}

/**
 * What a successful GET must look like: HMRC's retrieve response schema (hmrc/individuals-charges-api,
 * resources/public/api/conf/3.0/schemas/winterFuelPayment/retrieve/), nothing coerced.
 */
const responseSchema: z.ZodType<WinterFuelPaymentDto> = z.object({
  submittedOn: z.string(),
  source: z.enum(['hmrc-held', 'user']),
  winterFuelPayment: z.number(),
});

const ENDPOINT = {
  api: 'charges',
  responseSchema,
  pathTemplate: '/individuals/charges/winter-fuel-payment/{nino}/{taxYear}',
  minTaxYear: LIMITS.minTaxYear,
  writeMethod: 'PUT',
  // HMRC's sandbox scenarios (docs/hmrc-rules.md §3.4); REQUEST_CANNOT_BE_FULFILLED is the framework's (422).
  scenarios: {
    retrieve: ['NOT_FOUND', 'STATEFUL'],
    createAmend: [
      'WFP_AMOUNT_ABOVE_MAXIMUM',
      'WFP_AMOUNT_BELOW_MINIMUM',
      'OUTSIDE_AMENDMENT_WINDOW',
      'STATEFUL',
    ],
    delete: ['NOT_FOUND', 'OUTSIDE_AMENDMENT_WINDOW', 'STATEFUL'],
  },
  requestCannotBeFulfilled: true,
} as const;

/** The read with an explicit `?source=`: one loader and cache entry per source. */
const bySource = Object.fromEntries(
  WFP_SOURCES.map((source) => [
    source,
    yearResource<WinterFuelPaymentDto, never>({
      ...ENDPOINT,
      name: `winterFuelPayment:${source}`,
      query: { source },
    }),
  ]),
) as Record<WinterFuelPaymentSource, YearResource<WinterFuelPaymentDto, never>>;

/** Without `source` (HMRC's default); a write makes every source's copy stale. */
const endpoint = yearResource<WinterFuelPaymentDto, WinterFuelPaymentRequestDto>({
  ...ENDPOINT,
  name: 'winterFuelPayment',
  variants: Object.values(bySource),
});

/** HMRC's example responses (`examples/winterFuelPayment/retrieve/retrieve_response_{hmrc_held,user}.json`). */
export const WFP_HMRC_HELD_EXAMPLE: WinterFuelPaymentDto = {
  submittedOn: '2026-07-24T14:15:22.544Z',
  source: 'hmrc-held',
  winterFuelPayment: 210.99,
};
export const WFP_USER_EXAMPLE: WinterFuelPaymentDto = {
  submittedOn: '2026-08-24T14:15:22.544Z',
  source: 'user',
  winterFuelPayment: 220.99,
};

/** The sandbox's STATEFUL bounds for an amount (HMRC's OpenAPI: "stateful uses min 100 / max 300"). */
const SANDBOX_BOUNDS = { min: 100, max: 300 };

export const winterFuelPayment = defineResource({
  endpoint,
  rules: {
    retrieve: (nino, taxYear, _settings, query) => {
      const ninoErrors = checkNino(nino);
      if (ninoErrors.length > 0) return ninoErrors;
      return combineErrors([...checkTaxYearInFull(taxYear, LIMITS), ...checkSource(query.source)], 'byCode');
    },
    delete: (nino, taxYear) => validateYearPath(nino, taxYear, LIMITS),
    createAmend: (nino, taxYear, body, _settings, facts) => {
      const ninoErrors = checkNino(nino);
      if (ninoErrors.length > 0) return { ok: false, errors: ninoErrors };
      return inTwoStages(
        writeTaxYear(taxYear, facts),
        readJsonBody(requestBody, body, { nonEmpty: true }),
        (value) => checkNumber(value.winterFuelPayment, '/winterFuelPayment'),
        'byCode',
      );
    },
  },
  graphql: {
    parent: 'TaxpayerYear',
    field: 'winterFuelPayment',
    createOrAmend: 'createOrAmendWinterFuelPayment',
    delete: 'deleteWinterFuelPayment',
  },
  // The GraphQL enum's internal values are HMRC's (`HMRC_HELD` is `hmrc-held`); no argument: HMRC's default.
  readVariant: (args) => {
    const source = args.source as WinterFuelPaymentSource | null | undefined;
    return source ? { endpoint: bySource[source], query: { source } } : { endpoint, query: {} };
  },
  simulation: {
    example: (_taxYear, query) =>
      query.get('source') === 'hmrc-held' ? WFP_HMRC_HELD_EXAMPLE : WFP_USER_EXAMPLE,
    // The demo taxpayer's HMRC-held figure for 2026-27, the first year HMRC serves.
    demo: demoFor({ '2026-27': WFP_HMRC_HELD_EXAMPLE }),
    stored: (body, now) => ({ ...withSubmittedOn(body, now), source: 'user' as const }),
    // `user`: only what the caller wrote; `hmrc-held`: HMRC's own figure; `latest` (the default): the newer.
    view: (held, query, demo) => {
      const source = query.get('source') ?? 'latest';
      if (source === 'user') return held?.source === 'user' ? held : undefined;
      if (source === 'hmrc-held') return demo;
      return held;
    },
    scenarioErrors: {
      WFP_AMOUNT_ABOVE_MAXIMUM: hmrcError('RULE_WFP_AMOUNT_ABOVE_MAXIMUM'),
      WFP_AMOUNT_BELOW_MINIMUM: hmrcError('RULE_WFP_AMOUNT_BELOW_MINIMUM'),
    },
    // Zero is allowed (HMRC's schema: "either zero or a valid amount for the tax year").
    storedWriteRules: ({ winterFuelPayment: amount }) =>
      amount > SANDBOX_BOUNDS.max
        ? [hmrcError('RULE_WFP_AMOUNT_ABOVE_MAXIMUM')]
        : amount !== 0 && amount < SANDBOX_BOUNDS.min
          ? [hmrcError('RULE_WFP_AMOUNT_BELOW_MINIMUM')]
          : [],
  },
});
