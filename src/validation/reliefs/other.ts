/**
 * HMRC's validation of the other-reliefs endpoints (Individuals Reliefs API v3 `Def1_AmendOtherReliefsValidator`
 * and its rules validator; v2 is the same), reproduced so that a request HMRC would refuse is refused here, with
 * HMRC's codes, paths and order, without being sent (docs/hmrc-rules.md §2.2–§2.7, §4.1, §4.3, Appendix A.2). The
 * simulator runs the same functions.
 */
import type { HmrcError } from '../../errors/hmrc-error';
import type { OtherReliefsRequestDto } from '../../hmrc/reliefs';
import { otherReliefs } from '../../hmrc/reliefs';
import type { Spec } from '../json-body';
import { array, number, object, optional, readJsonBody, string } from '../json-body';
import { checkDate, checkNumber } from '../rules';
import type { Validated, ValidationSettings } from '../types';
import { checkNino, checkTaxYearInFull, validateYearPath } from '../path-params';
import { REFERENCE_PATTERN, checkLength, checkMatch } from './shared';
import { inTwoStages } from '../stages';

const limits = { minTaxYear: otherReliefs.minTaxYear };

// --- Body shape, in the order of HMRC's request model (which is the order of empty-array paths) ------------------

const reliefClaim = object({ customerReference: optional(string), reliefClaimed: number });

const body: Spec<OtherReliefsRequestDto> = object({
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
  return validateYearPath(nino, taxYear, limits);
}

export function validateDeleteOtherReliefs(
  nino: string,
  taxYear: string,
  _settings: ValidationSettings,
): HmrcError[] {
  return validateYearPath(nino, taxYear, limits);
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
  requestBody: unknown,
  _settings: ValidationSettings,
): Validated<OtherReliefsRequestDto> {
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
