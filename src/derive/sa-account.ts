/**
 * What the gateway derives from HMRC's Self Assessment account: charge status, a tax year's slice of the account
 * with its totals and running balance, and the window of the account a field asked for. Pure functions of HMRC's
 * response and a date; the schema descriptions in schema/sa-account.graphql say the same in the caller's terms.
 */
import type {
  ChargeDetailDto,
  PaymentHistoryDetailDto,
  RefundDetailDto,
  SaAccountDto,
} from '../hmrc/sa-account';
import { addDays } from '../util/clock';
import { sumPounds } from './money';

export type ChargeStatus = 'CLEARED' | 'OVERDUE' | 'DUE' | 'PENDING';

/**
 * HMRC's own split of the balance: "payable" is due within the next 30 days, "pending" in 30 days or more
 * (`totalPayableBalance` / `totalPendingBalance`). The statuses follow it.
 */
export const PAYABLE_WITHIN_DAYS = 30;

/**
 * CLEARED: nothing outstanding. OVERDUE: outstanding and the due date has passed (due today is not overdue).
 * DUE: outstanding and due within the next 30 days (today included). PENDING: outstanding, due in 30 days or more.
 */
export function chargeStatus(
  charge: Pick<ChargeDetailDto, 'outstandingAmount' | 'dueDate'>,
  today: string,
): ChargeStatus {
  if (!(charge.outstandingAmount > 0)) return 'CLEARED';
  if (charge.dueDate < today) return 'OVERDUE';
  return charge.dueDate < addDays(today, PAYABLE_WITHIN_DAYS) ? 'DUE' : 'PENDING';
}

/** HMRC's `2024-2025` as the gateway's `TaxYear` (`2024-25`); anything unexpected is passed through unchanged. */
export function toMtdTaxYear(hmrcTaxYear: string): string {
  const match = /^(\d{4})-(\d{4})$/.exec(hmrcTaxYear);
  if (!match || Number(match[2]) !== Number(match[1]) + 1) return hmrcTaxYear;
  return `${match[1]}-${match[2]!.slice(2)}`;
}

export type TransactionKind = 'CHARGE' | 'ADJUSTMENT' | 'PAYMENT';

/** One movement on a tax year's account and the balance owed after it. */
export interface SaTransaction {
  readonly date: string;
  readonly kind: TransactionKind;
  readonly chargeId: string | null;
  readonly description: string;
  /** Positive adds to what is owed; negative reduces it. */
  readonly amount: number;
  readonly balance: number;
}

export interface SaYearSlice {
  readonly taxYear: string;
  readonly charges: readonly ChargeDetailDto[];
  readonly payments: readonly PaymentHistoryDetailDto[];
  readonly amountCharged: number;
  readonly amountPaid: number;
  readonly amountOutstanding: number;
  readonly amountOverdue: number;
  readonly interestOutstanding: number;
  readonly nextDueDate: string | null;
  readonly transactions: readonly SaTransaction[];
}

const KIND_ORDER: Record<TransactionKind, number> = { CHARGE: 0, ADJUSTMENT: 1, PAYMENT: 2 };

/**
 * One tax year's part of the account: the charges HMRC files under that year, and the payments HMRC allocated
 * to them (`allocationReference` = `chargeId`).
 *
 * - amountCharged: the sum of the charges' original `chargeAmount`;
 * - amountPaid: the sum of `paymentAmount` of the allocated payments;
 * - amountOutstanding: the sum of HMRC's `outstandingAmount` (HMRC's figure, not recomputed);
 * - amountOverdue: the part of amountOutstanding on charges whose due date has passed;
 * - interestOutstanding: the sum of `outstandingInterestDue`;
 * - nextDueDate: the earliest due date, today or later, of a charge with something outstanding;
 * - transactions: charges (on their creation date, +chargeAmount), HMRC's adjustments that are not payments
 *   (on their amendment date, +amendmentAmount as HMRC gives it) and allocated payments (on their payment date,
 *   −paymentAmount), oldest first, with the balance after each. Payment-related amendments are left out because
 *   the same money appears as a payment. When HMRC's records agree, the last balance equals amountOutstanding.
 */
export function yearSlice(account: SaAccountDto, taxYear: string, today: string): SaYearSlice {
  const charges = (account.chargeDetails ?? []).filter((charge) => toMtdTaxYear(charge.taxYear) === taxYear);
  const chargeIds = new Set(charges.map((charge) => charge.chargeId));
  const payments = (account.paymentHistoryDetails ?? []).filter(
    (payment) => payment.allocationReference !== undefined && chargeIds.has(payment.allocationReference),
  );

  const movements: Array<Omit<SaTransaction, 'balance'> & { order: number }> = [];
  for (const charge of charges) {
    movements.push({
      date: charge.creationDate,
      kind: 'CHARGE',
      chargeId: charge.chargeId,
      description: charge.chargeType,
      amount: charge.chargeAmount,
      order: movements.length,
    });
    for (const amendment of charge.amendments ?? []) {
      if (amendment.isPaymentRelated) continue;
      movements.push({
        date: amendment.amendmentDate,
        kind: 'ADJUSTMENT',
        chargeId: charge.chargeId,
        description: amendment.amendmentReason,
        amount: amendment.amendmentAmount,
        order: movements.length,
      });
    }
  }
  for (const payment of payments) {
    movements.push({
      date: payment.paymentDate,
      kind: 'PAYMENT',
      chargeId: payment.allocationReference ?? null,
      description: payment.paymentReference ?? payment.paymentMethod ?? 'Payment',
      amount: -payment.paymentAmount,
      order: movements.length,
    });
  }
  movements.sort((a, b) =>
    a.date !== b.date
      ? a.date < b.date
        ? -1
        : 1
      : KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.order - b.order,
  );
  let runningPence = 0;
  const transactions = movements.map(({ order: _order, ...movement }) => {
    runningPence += Math.round(movement.amount * 100);
    return { ...movement, balance: runningPence / 100 };
  });

  const open = charges.filter((charge) => charge.outstandingAmount > 0);
  const upcoming = open
    .map((charge) => charge.dueDate)
    .filter((due) => due >= today)
    .sort();
  return {
    taxYear,
    charges,
    payments,
    amountCharged: sumPounds(charges.map((charge) => charge.chargeAmount)),
    amountPaid: sumPounds(payments.map((payment) => payment.paymentAmount)),
    amountOutstanding: sumPounds(charges.map((charge) => charge.outstandingAmount)),
    amountOverdue: sumPounds(
      open.filter((charge) => charge.dueDate < today).map((charge) => charge.outstandingAmount),
    ),
    interestOutstanding: sumPounds(charges.map((charge) => charge.outstandingInterestDue)),
    nextDueDate: upcoming[0] ?? null,
    transactions,
  };
}

/**
 * The part of an account fetched from an earlier date that a field asking from `fromDate` would have received:
 * charges created, payments made and refunds requested (or, lacking that, made) on or after `fromDate`. The
 * balance is HMRC's current balance whatever the window. One HMRC call can then serve every field of a request.
 */
export function fromWindow(account: SaAccountDto, fromDate: string): SaAccountDto {
  const refundDate = (refund: RefundDetailDto) => refund.refundRequestDate ?? refund.refundDate;
  return {
    ...account,
    chargeDetails: (account.chargeDetails ?? []).filter((charge) => charge.creationDate >= fromDate),
    paymentHistoryDetails: (account.paymentHistoryDetails ?? []).filter(
      (payment) => payment.paymentDate >= fromDate,
    ),
    refundDetails: (account.refundDetails ?? []).filter((refund) => {
      const date = refundDate(refund);
      return date === undefined || date >= fromDate;
    }),
  };
}
