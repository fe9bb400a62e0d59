/**
 * Other reliefs (Individuals Reliefs API 3.0; 2.0 still selectable, `/individuals/reliefs/other/{nino}/{taxYear}`):
 * everything about the resource, in one place.
 *
 * HMRC's rules, from its v3 `Def1_AmendOtherReliefsValidator` and its rules validator; v2 is the same
 * (hmrc/individuals-reliefs-api; docs/hmrc-rules.md §2.2–§2.7, §4.1, §4.3, Appendix A.2:
 * resources/public/api/conf/3.0/schemas/amend_relief_other_request.json), reproduced so that a request HMRC would
 * refuse is refused here, with HMRC's codes, paths and order, without being sent. The simulator runs the same
 * functions.
 */
import { z } from 'zod';
import type { HmrcError } from '../errors/hmrc-error';
import { yearResource } from '../hmrc/endpoint';
import type { Parsed } from '../validation/json-body';
import { array, number, object, optional, string } from '../validation/json-body';
import { validateYearPath } from '../validation/path-params';
import {
  REFERENCE_PATTERN,
  checkLength,
  checkMatch,
  validateReliefWrite,
} from '../validation/reliefs/shared';
import { checkDate, checkNumber } from '../validation/rules';
import type { Validated, ValidationSettings } from '../validation/types';
import { defineResource, demoFor, withSubmittedOn } from './types';

/** HMRC's validators' minimum (earlier than its docs say); no maximum. */
const LIMITS = { minTaxYear: '2020-21' } as const;

// --- The PUT body, in the order of HMRC's request model (which is the order of empty-array paths) ---------------

const reliefClaim = object({ customerReference: optional(string), reliefClaimed: number });

const requestBody = object({
  nonDeductibleLoanInterest: optional(reliefClaim),
  payrollGiving: optional(reliefClaim),
  qualifyingDistributionRedemptionOfSharesAndSecurities: optional(
    object({ customerReference: optional(string), amount: number }),
  ),
  maintenancePayments: optional(
    array(
      object({
        customerReference: optional(string),
        exSpouseName: optional(string),
        exSpouseDateOfBirth: optional(string),
        amount: number,
      }),
    ),
  ),
  postCessationTradeReliefAndCertainOtherLosses: optional(
    array(
      object({
        customerReference: optional(string),
        businessName: optional(string),
        dateBusinessCeased: optional(string),
        natureOfTrade: optional(string),
        incomeSource: optional(string),
        amount: number,
      }),
    ),
  ),
  annualPaymentsMade: optional(reliefClaim),
  qualifyingLoanInterestPayments: optional(
    array(
      object({
        customerReference: optional(string),
        lenderName: optional(string),
        reliefClaimed: number,
      }),
    ),
  ),
});

/** The PUT body, inferred from its spec. */
export type OtherReliefsRequestDto = Parsed<typeof requestBody>;

// --- The GET body ---------------------------------------------------------------------------------------------

const reliefClaimResponse = z.object({ customerReference: z.string().optional(), reliefClaimed: z.number() });
const qualifyingDistribution = z.object({ customerReference: z.string().optional(), amount: z.number() });
const maintenancePayment = z.object({
  customerReference: z.string().optional(),
  exSpouseName: z.string().optional(),
  exSpouseDateOfBirth: z.string().optional(),
  amount: z.number(),
});
const postCessationTradeRelief = z.object({
  customerReference: z.string().optional(),
  businessName: z.string().optional(),
  dateBusinessCeased: z.string().optional(),
  natureOfTrade: z.string().optional(),
  incomeSource: z.string().optional(),
  amount: z.number(),
});
const qualifyingLoanInterestPayment = z.object({
  customerReference: z.string().optional(),
  lenderName: z.string().optional(),
  reliefClaimed: z.number(),
});

/**
 * What a successful GET must look like: HMRC's response schema (hmrc/individuals-reliefs-api,
 * resources/public/api/conf/{2.0,3.0}/schemas/retrieve_relief_others_response.json), nothing coerced (see
 * `src/hmrc/response-schemas.ts`).
 */
const responseSchema = z.object({
  submittedOn: z.string(),
  nonDeductibleLoanInterest: reliefClaimResponse.optional(),
  payrollGiving: reliefClaimResponse.optional(),
  qualifyingDistributionRedemptionOfSharesAndSecurities: qualifyingDistribution.optional(),
  maintenancePayments: z.array(maintenancePayment).optional(),
  postCessationTradeReliefAndCertainOtherLosses: z.array(postCessationTradeRelief).optional(),
  annualPaymentsMade: reliefClaimResponse.optional(),
  qualifyingLoanInterestPayments: z.array(qualifyingLoanInterestPayment).optional(),
});

/** The GET body, inferred from its schema; its parts are named for the GraphQL mappers (`codegen.ts`). */
export type OtherReliefsDto = z.infer<typeof responseSchema>;
export type ReliefClaimDto = z.infer<typeof reliefClaimResponse>;
export type QualifyingDistributionDto = z.infer<typeof qualifyingDistribution>;
export type MaintenancePaymentDto = z.infer<typeof maintenancePayment>;
export type PostCessationTradeReliefDto = z.infer<typeof postCessationTradeRelief>;
export type QualifyingLoanInterestPaymentDto = z.infer<typeof qualifyingLoanInterestPayment>;

// --- The endpoint -----------------------------------------------------------------------------------------------

export const otherReliefsEndpoint = yearResource<OtherReliefsDto, OtherReliefsRequestDto>({
  api: 'reliefs',
  name: 'otherReliefs',
  responseSchema,
  pathTemplate: '/individuals/reliefs/other/{nino}/{taxYear}',
  minTaxYear: LIMITS.minTaxYear,
  writeMethod: 'PUT',
  // HMRC's sandbox scenarios (docs/hmrc-rules.md §4.8): SUBMISSION_FAILED is this endpoint's own.
  scenarios: {
    retrieve: ['NOT_FOUND', 'STATEFUL'],
    createAmend: ['SUBMISSION_FAILED', 'OUTSIDE_AMENDMENT_WINDOW', 'STATEFUL'],
    delete: ['NOT_FOUND', 'OUTSIDE_AMENDMENT_WINDOW', 'STATEFUL'],
  },
  requestCannotBeFulfilled: false,
});

// --- Business rules (HMRC's `RulesValidator`), in HMRC's order --------------------------------------------------

function customerReference(value: string | undefined, at: string): HmrcError[] {
  return value === undefined
    ? []
    : checkMatch(value, REFERENCE_PATTERN, 'FORMAT_CUSTOMER_REF', `${at}/customerReference`);
}

// FORMAT_DATE: ISO date, 1900 ≤ year < 2100 (`checkDate`'s default range).
function date(value: string | undefined, path: string): HmrcError[] {
  return value === undefined ? [] : checkDate(value, 'FORMAT_DATE', path);
}

/**
 * HMRC validates the sections in this order, which is not the model's: post-cessation losses come before
 * maintenance payments (§4.3 "Path order in merged errors"). Within each section: customer reference, the section's
 * own fields in model order, then the amount.
 */
function businessRules(b: OtherReliefsRequestDto): HmrcError[] {
  const nonDeductible = b.nonDeductibleLoanInterest;
  const payroll = b.payrollGiving;
  const distribution = b.qualifyingDistributionRedemptionOfSharesAndSecurities;
  const annual = b.annualPaymentsMade;
  const D = '/qualifyingDistributionRedemptionOfSharesAndSecurities';
  return [
    ...(nonDeductible
      ? [
          ...customerReference(nonDeductible.customerReference, '/nonDeductibleLoanInterest'),
          ...checkNumber(nonDeductible.reliefClaimed, '/nonDeductibleLoanInterest/reliefClaimed'),
        ]
      : []),
    ...(payroll
      ? [
          ...customerReference(payroll.customerReference, '/payrollGiving'),
          ...checkNumber(payroll.reliefClaimed, '/payrollGiving/reliefClaimed'),
        ]
      : []),
    ...(distribution
      ? [
          ...customerReference(distribution.customerReference, D),
          ...checkNumber(distribution.amount, `${D}/amount`),
        ]
      : []),
    ...(b.postCessationTradeReliefAndCertainOtherLosses ?? []).flatMap((loss, i) => {
      const at = `/postCessationTradeReliefAndCertainOtherLosses/${i}`;
      return [
        ...customerReference(loss.customerReference, at),
        ...(loss.businessName === undefined
          ? []
          : checkLength(loss.businessName, 'FORMAT_NAME_BUSINESS', `${at}/businessName`)),
        ...date(loss.dateBusinessCeased, `${at}/dateBusinessCeased`),
        ...(loss.natureOfTrade === undefined
          ? []
          : checkMatch(
              loss.natureOfTrade,
              REFERENCE_PATTERN,
              'FORMAT_NATURE_OF_TRADE',
              `${at}/natureOfTrade`,
            )),
        ...(loss.incomeSource === undefined
          ? []
          : checkLength(loss.incomeSource, 'FORMAT_INCOME_SOURCE', `${at}/incomeSource`)),
        ...checkNumber(loss.amount, `${at}/amount`),
      ];
    }),
    ...(b.maintenancePayments ?? []).flatMap((payment, i) => {
      const at = `/maintenancePayments/${i}`;
      return [
        ...customerReference(payment.customerReference, at),
        ...(payment.exSpouseName === undefined
          ? []
          : checkLength(payment.exSpouseName, 'FORMAT_NAME_EX_SPOUSE', `${at}/exSpouseName`)),
        ...date(payment.exSpouseDateOfBirth, `${at}/exSpouseDateOfBirth`),
        ...checkNumber(payment.amount, `${at}/amount`),
      ];
    }),
    ...(annual
      ? [
          ...customerReference(annual.customerReference, '/annualPaymentsMade'),
          ...checkNumber(annual.reliefClaimed, '/annualPaymentsMade/reliefClaimed'),
        ]
      : []),
    ...(b.qualifyingLoanInterestPayments ?? []).flatMap((payment, i) => {
      const at = `/qualifyingLoanInterestPayments/${i}`;
      return [
        ...customerReference(payment.customerReference, at),
        ...(payment.lenderName === undefined
          ? []
          : checkLength(payment.lenderName, 'FORMAT_LENDER_NAME', `${at}/lenderName`)),
        ...checkNumber(payment.reliefClaimed, `${at}/reliefClaimed`),
      ];
    }),
  ];
}

// --- Entry points -------------------------------------------------------------------------------------------

export function validateRetrieveOtherReliefs(
  nino: string,
  taxYear: string,
  _settings: ValidationSettings,
): HmrcError[] {
  return validateYearPath(nino, taxYear, LIMITS);
}

export function validateDeleteOtherReliefs(
  nino: string,
  taxYear: string,
  _settings: ValidationSettings,
): HmrcError[] {
  return validateYearPath(nino, taxYear, LIMITS);
}

/**
 * The PUT (v2 and v3 alike). The NINO is checked first and alone (§2.3 step 5). HMRC's factory has one schema and
 * ignores a bad tax year when choosing it, so the tax year (format, span, minimum: one error at most) is resolved
 * inside the validator together with the reading of the body, and their errors accumulate (§2.2 item 4). The body
 * rules run only when all of that passed; errors are merged and sorted by code.
 */
export function validateCreateAmendOtherReliefs(
  nino: string,
  taxYear: string,
  body: unknown,
  _settings: ValidationSettings,
): Validated<OtherReliefsRequestDto> {
  return validateReliefWrite(nino, taxYear, body, requestBody, LIMITS, businessRules);
}

// --- Examples and demo data (HMRC's example response) -------------------------------------------------------

export const OTHER_RELIEFS_EXAMPLE: OtherReliefsDto = {
  submittedOn: '2019-04-04T01:01:01.000Z',
  nonDeductibleLoanInterest: { customerReference: 'myref', reliefClaimed: 763 },
  payrollGiving: { customerReference: 'myref', reliefClaimed: 154 },
  qualifyingDistributionRedemptionOfSharesAndSecurities: { customerReference: 'myref', amount: 222.22 },
  maintenancePayments: [
    { customerReference: 'myref', exSpouseName: 'Hilda', exSpouseDateOfBirth: '2000-01-01', amount: 222.22 },
  ],
  postCessationTradeReliefAndCertainOtherLosses: [
    {
      customerReference: 'myref',
      businessName: 'ACME Inc',
      dateBusinessCeased: '2019-08-10',
      natureOfTrade: 'Widgets Manufacturer',
      incomeSource: 'AB12412/A12',
      amount: 222.22,
    },
  ],
  annualPaymentsMade: { customerReference: 'myref', reliefClaimed: 763 },
  qualifyingLoanInterestPayments: [{ customerReference: 'myref', lenderName: 'Maurice', reliefClaimed: 763 }],
};

// --- The resource -------------------------------------------------------------------------------------------

export const otherReliefs = defineResource({
  endpoint: otherReliefsEndpoint,
  rules: {
    retrieve: validateRetrieveOtherReliefs,
    createAmend: validateCreateAmendOtherReliefs,
    delete: validateDeleteOtherReliefs,
  },
  graphql: {
    parent: 'Reliefs',
    field: 'other',
    createOrAmend: 'createOrAmendOtherReliefs',
    delete: 'deleteOtherReliefs',
  },
  simulation: {
    example: () => OTHER_RELIEFS_EXAMPLE,
    demo: demoFor({ '2023-24': OTHER_RELIEFS_EXAMPLE, '2024-25': OTHER_RELIEFS_EXAMPLE }),
    stored: withSubmittedOn,
  },
  summarySource: 'OTHER_RELIEFS',
});
