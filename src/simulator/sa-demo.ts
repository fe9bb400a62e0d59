/**
 * The demo taxpayer's Self Assessment account, built relative to "today" so that it always shows every kind of
 * charge status: paid charges, a part-paid overdue payment on account with interest, an overdue balancing payment
 * reduced by an amended return, late-payment interest due soon, payments on account due later, Class 2 NICs, a
 * refund and a coded-out amount, over the current and the previous six tax years (HMRC's "6+1").
 */
import type {
  BalanceDetailsDto,
  ChargeDetailDto,
  PaymentHistoryDetailDto,
  SaAccountDto,
} from '../hmrc/sa-account';
import { addDays } from '../util/clock';
import { taxYearOf } from '../validation/sa-account';

/** The demo taxpayer's UTR. */
export const DEMO_UTR = '1234567890';

const hmrcYear = (start: number) => `${start}-${start + 1}`;
const pounds = (pence: number) => Math.round(pence) / 100;

/** Charges for the tax year starting in `start` (before payments). */
function chargesFor(start: number, index: number): ChargeDetailDto[] {
  const poa = 120_000 + index * 15_050; // pence: each year a little different
  const balancing = 90_000 + index * 22_525;
  const charge = (
    id: string,
    type: string,
    created: string,
    due: string,
    amountPence: number,
  ): ChargeDetailDto => ({
    chargeId: `${id}-${String(start).slice(2)}${String(start + 1).slice(2)}`,
    chargeType: type,
    creationDate: created,
    chargeAmount: pounds(amountPence),
    outstandingAmount: pounds(amountPence),
    taxYear: hmrcYear(start),
    dueDate: due,
  });
  // The payments on account are raised when the previous year's return is filed; mid-June keeps one of them
  // pending (due in 30 days or more) in July, when the previous year's second payment becomes due.
  return [
    charge('POA1', 'POA1', `${start}-06-15`, `${start + 1}-01-31`, poa),
    charge('POA2', 'POA2', `${start}-06-15`, `${start + 1}-07-31`, poa),
    charge('BAL', 'ITSA', `${start + 2}-01-10`, `${start + 2}-01-31`, balancing),
    charge('NIC2', 'NICS', `${start + 2}-01-10`, `${start + 2}-01-31`, 17_940),
  ];
}

export function demoSaAccount(today: string): SaAccountDto {
  const current = Number(taxYearOf(today).slice(0, 4));
  const charges: ChargeDetailDto[] = [];
  const payments: PaymentHistoryDetailDto[] = [];
  for (let start = current - 6, index = 0; start <= current; start++, index++) {
    charges.push(...chargesFor(start, index).filter((c) => c.creationDate <= today));
  }

  // Oldest due date first; charges due on the same day keep their order (a comparator that never answers 0 is
  // inconsistent, and the order it leaves equal dates in, and so the payment references, is up to the engine).
  const past = charges
    .filter((c) => c.dueDate < today)
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));
  const lastPoa2 = past.filter((c) => c.chargeType === 'POA2').at(-1);
  const lastBalancing = past.filter((c) => c.chargeType === 'ITSA').at(-1);
  let reference = 0;
  const pay = (charge: ChargeDetailDto, amount: number, date: string) => {
    reference += 1;
    payments.push({
      paymentAmount: amount,
      paymentDate: date,
      processedDate: addDays(date, 2),
      paymentMethod: 'BACS',
      paymentReference: `PAY${String(100000 + reference)}`,
      allocationReference: charge.chargeId,
    });
  };

  for (const charge of past) {
    if (charge === lastBalancing) {
      // An amended return reduced it; nothing has been paid since, so it is overdue and accruing interest.
      const reduction = pounds(Math.round(charge.chargeAmount * 10));
      charge.amendments = [
        {
          amendmentDate: addDays(charge.creationDate, 20),
          amendmentAmount: -reduction,
          amendmentReason: 'Amended return',
          isPaymentRelated: false,
        },
      ];
      charge.outstandingAmount = pounds(Math.round((charge.chargeAmount - reduction) * 100));
      charge.accruingInterestPeriod = { interestStartDate: addDays(charge.dueDate, 1) };
      charge.accruingInterestRate = 7.75;
      charge.accruingInterest = 12.34;
    } else if (charge === lastPoa2) {
      // Part-paid: 60% on time, the rest overdue with interest charged on it.
      const paid = pounds(Math.round(charge.chargeAmount * 60));
      pay(charge, paid, addDays(charge.dueDate, -5));
      charge.amendments = [
        {
          amendmentDate: addDays(charge.dueDate, -3),
          amendmentAmount: paid,
          amendmentReason: 'Payment',
          isPaymentRelated: true,
          paymentMethod: 'BACS',
          paymentDate: addDays(charge.dueDate, -5),
        },
      ];
      charge.outstandingAmount = pounds(Math.round((charge.chargeAmount - paid) * 100));
      charge.outstandingInterestDue = 25.4;
    } else {
      pay(charge, charge.chargeAmount, addDays(charge.dueDate, -4));
      charge.outstandingAmount = 0;
    }
  }

  // Late-payment interest on the overdue balancing payment, raised ten days ago and due in twenty: whatever the
  // date, some charge is due within the next 30 days (DUE) besides the cleared, overdue and pending ones.
  if (lastBalancing) {
    charges.push({
      chargeId: `LPI-${lastBalancing.chargeId.slice(-4)}`,
      chargeType: 'LPI',
      creationDate: addDays(today, -10),
      chargeAmount: 23.45,
      outstandingAmount: 23.45,
      taxYear: lastBalancing.taxYear,
      dueDate: addDays(today, 20),
    });
  }

  const first = current - 6;
  return {
    balanceDetails: balanceOf(charges, today, [
      { totalAmount: 300, effectiveStartDate: `${first + 4}-04-06`, effectiveEndDate: `${first + 5}-04-05` },
    ]),
    chargeDetails: charges,
    paymentHistoryDetails: payments,
    refundDetails: [
      {
        refundRequestDate: `${first + 2}-09-10`,
        refundDate: `${first + 2}-09-25`,
        refundRequestAmount: 350,
        interestAddedToRefund: 5.25,
        totalRefundAmount: 355.25,
        refundMethod: 'BACS',
        refundDescription: 'Overpayment from return',
        refundStatus: 'Processed',
      },
    ],
  };
}

/** HMRC's balance split: overdue (due date passed), payable (due within 30 days), pending (30 days or more). */
export function balanceOf(
  charges: readonly ChargeDetailDto[],
  today: string,
  codedOutDetail: BalanceDetailsDto['codedOutDetail'] = [],
): BalanceDetailsDto {
  const horizon = addDays(today, 30);
  const open = charges.filter((c) => c.outstandingAmount > 0);
  const sum = (list: ChargeDetailDto[]) =>
    pounds(list.reduce((total, c) => total + Math.round(c.outstandingAmount * 100), 0));
  const overdue = open.filter((c) => c.dueDate < today);
  const payable = open.filter((c) => c.dueDate >= today && c.dueDate < horizon);
  const pending = open.filter((c) => c.dueDate >= horizon);
  const earliest = (list: ChargeDetailDto[]) => list.map((c) => c.dueDate).sort()[0];
  const payableDue = earliest(payable);
  const pendingDue = earliest(pending);
  return {
    totalOverdueBalance: sum(overdue),
    totalPayableBalance: sum(payable),
    ...(payableDue ? { earliestPayableDueDate: payableDue } : {}),
    totalPendingBalance: sum(pending),
    ...(pendingDue ? { earliestPendingDueDate: pendingDue } : {}),
    totalBalance: sum(open),
    totalCreditAvailable: 0,
    codedOutDetail,
  };
}
