/**
 * View Self Assessment Account API (v1.0): one read-only, UTR-keyed endpoint returning the account's balances,
 * charges, payments and refunds from `fromDate` to today. Its error bodies are `{"message"}` only (see
 * `error-body.ts`). Wire types are HMRC's JSON field for field; HMRC's tax years here are `2024-2025`.
 */
import type { ApiId } from './apis';
import { saAccountResponse } from './response-schemas';

export interface CodedOutDetailDto {
  totalAmount: number;
  effectiveStartDate: string;
  effectiveEndDate: string;
}

export interface BalanceDetailsDto {
  totalOverdueBalance: number;
  totalPayableBalance: number;
  earliestPayableDueDate?: string;
  totalPendingBalance: number;
  earliestPendingDueDate?: string;
  totalBalance: number;
  totalCreditAvailable: number;
  codedOutDetail?: CodedOutDetailDto[];
}

export interface AmendmentDto {
  amendmentDate: string;
  amendmentAmount: number;
  amendmentReason: string;
  isPaymentRelated: boolean;
  paymentMethod?: string;
  paymentDate?: string;
}

export interface InterestPeriodDto {
  interestStartDate?: string;
  interestEndDate?: string;
}

export interface ChargeDetailDto {
  chargeId: string;
  creationDate: string;
  chargeType: string;
  chargeAmount: number;
  outstandingAmount: number;
  /** HMRC's four-digit form, e.g. `2024-2025`. */
  taxYear: string;
  dueDate: string;
  outstandingInterestDue?: number;
  accruingInterest?: number;
  accruingInterestPeriod?: InterestPeriodDto;
  accruingInterestRate?: number;
  amendments?: AmendmentDto[];
}

export interface RefundDetailDto {
  refundDate?: string;
  interestAddedToRefund?: number;
  totalRefundAmount: number;
  refundMethod?: string;
  refundDescription?: string;
  refundRequestAmount: number;
  refundRequestDate?: string;
  refundStatus?: string;
}

export interface PaymentHistoryDetailDto {
  allocationReference?: string;
  processedDate?: string;
  paymentAmount: number;
  paymentMethod?: string;
  paymentReference?: string;
  paymentDate: string;
}

export interface SaAccountDto {
  balanceDetails: BalanceDetailsDto;
  chargeDetails?: ChargeDetailDto[];
  refundDetails?: RefundDetailDto[];
  paymentHistoryDetails?: PaymentHistoryDetailDto[];
}

export const saAccountBreakdown = {
  api: 'saAccount' as ApiId,
  name: 'saAccount',
  pathTemplate: '/individuals/self-assessment/breakdown/{utr}',
  /** What a successful answer must look like (see `response-schemas.ts`). */
  responseSchema: saAccountResponse,
  path: (utr: string) => `/individuals/self-assessment/breakdown/${encodeURIComponent(utr)}`,
} as const;

/** The UTR HMRC's sandbox answers with a 500, for testing error handling. */
export const SA_SANDBOX_FAILING_UTR = '1100000500';
