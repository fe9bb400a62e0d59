/**
 * What the gateway derives from HMRC's Self Assessment account (charge status, HMRC's tax years, a year's slice
 * with its running balance, an account's window) and the yearly summary's totals, as pure functions over
 * hand-built HMRC responses. Every expected figure is worked out by hand in the comments beside it.
 */
import { pence, sumPounds } from '../../src/derive/money';
import {
  PAYABLE_WITHIN_DAYS,
  chargeStatus,
  fromWindow,
  toMtdTaxYear,
  yearSlice,
} from '../../src/derive/sa-account';
import {
  charitableGivingClaimed,
  foreignReliefsClaimed,
  investmentsClaimed,
  otherReliefsClaimed,
  pensionChargesTotals,
  pensionReliefsClaimed,
} from '../../src/derive/summary';
import type { CharitableGivingDto } from '../../src/resources/charitable-giving';
import {
  CHARITABLE_GIVING_DEF1_EXAMPLE,
  CHARITABLE_GIVING_DEF2_EXAMPLE,
} from '../../src/resources/charitable-giving';
import type { ForeignReliefsDto } from '../../src/resources/foreign-reliefs';
import { FOREIGN_RELIEFS_EXAMPLE } from '../../src/resources/foreign-reliefs';
import type { OtherReliefsDto } from '../../src/resources/other-reliefs';
import { OTHER_RELIEFS_EXAMPLE } from '../../src/resources/other-reliefs';
import type { PensionChargesDto } from '../../src/resources/pension-charges';
import {
  PENSION_CHARGES_DEF1_EXAMPLE,
  PENSION_CHARGES_DEF2_EXAMPLE,
} from '../../src/resources/pension-charges';
import type { PensionReliefsDto } from '../../src/resources/pension-reliefs';
import { PENSION_RELIEFS_EXAMPLE } from '../../src/resources/pension-reliefs';
import type { ReliefInvestmentsDto } from '../../src/resources/relief-investments';
import {
  RELIEF_INVESTMENTS_DEF1_EXAMPLE,
  RELIEF_INVESTMENTS_DEF2_EXAMPLE,
} from '../../src/resources/relief-investments';
import type { ChargeDetailDto, SaAccountDto } from '../../src/hmrc/sa-account';

const ZERO_BALANCE = {
  totalOverdueBalance: 0,
  totalPayableBalance: 0,
  totalPendingBalance: 0,
  totalBalance: 0,
  totalCreditAvailable: 0,
};

describe('chargeStatus (today 2026-01-20, UK date)', () => {
  const today = '2026-01-20';
  const owed = (dueDate: string, outstandingAmount = 100) =>
    chargeStatus({ dueDate, outstandingAmount }, today);

  it('uses HMRC’s 30-day split between payable and pending', () => {
    expect(PAYABLE_WITHIN_DAYS).toBe(30);
  });

  it.each([
    ['due today', '2026-01-20', 'DUE'],
    ['due yesterday', '2026-01-19', 'OVERDUE'],
    ['due a year ago', '2025-01-20', 'OVERDUE'],
    ['due tomorrow', '2026-01-21', 'DUE'],
    ['due in 29 days', '2026-02-18', 'DUE'],
    ['due in 30 days', '2026-02-19', 'PENDING'],
    ['due in 31 days', '2026-02-20', 'PENDING'],
    ['due next year', '2027-01-31', 'PENDING'],
  ])('%s (%s) with something outstanding → %s', (_name, dueDate, status) => {
    expect(owed(dueDate)).toBe(status);
  });

  it.each([
    ['past its due date', '2025-01-31'],
    ['due today', '2026-01-20'],
    ['due in a year', '2027-01-20'],
  ])('nothing outstanding → CLEARED, %s', (_name, dueDate) => {
    expect(owed(dueDate, 0)).toBe('CLEARED');
  });

  it('a credit (negative outstanding) is CLEARED, not owed', () => {
    expect(owed('2025-01-31', -25)).toBe('CLEARED');
  });

  it('a single penny outstanding still counts', () => {
    expect(owed('2026-01-19', 0.01)).toBe('OVERDUE');
    expect(owed('2026-01-20', 0.01)).toBe('DUE');
    expect(owed('2026-02-19', 0.01)).toBe('PENDING');
  });

  it('counts 30 calendar days across a month and a year end', () => {
    // 2025-12-31 + 29 days = 2026-01-29; + 30 days = 2026-01-30.
    expect(chargeStatus({ dueDate: '2026-01-29', outstandingAmount: 1 }, '2025-12-31')).toBe('DUE');
    expect(chargeStatus({ dueDate: '2026-01-30', outstandingAmount: 1 }, '2025-12-31')).toBe('PENDING');
  });

  it('counts 29 February in a leap year', () => {
    // 2028-02-10 + 29 days: 19 days to 29 February, 10 more to 10 March.
    expect(chargeStatus({ dueDate: '2028-03-10', outstandingAmount: 1 }, '2028-02-10')).toBe('DUE');
    expect(chargeStatus({ dueDate: '2028-03-11', outstandingAmount: 1 }, '2028-02-10')).toBe('PENDING');
    // Not a leap year: 2027-02-10 + 29 days = 2027-03-11.
    expect(chargeStatus({ dueDate: '2027-03-11', outstandingAmount: 1 }, '2027-02-10')).toBe('DUE');
    expect(chargeStatus({ dueDate: '2027-03-12', outstandingAmount: 1 }, '2027-02-10')).toBe('PENDING');
  });
});

describe('toMtdTaxYear', () => {
  it.each([
    ['2024-2025', '2024-25'],
    ['2019-2020', '2019-20'],
    ['2009-2010', '2009-10'],
    ['1999-2000', '1999-00'],
    ['2099-2100', '2099-00'],
  ])('%s → %s', (hmrc, ours) => {
    expect(toMtdTaxYear(hmrc)).toBe(ours);
  });

  it.each([
    ['already short', '2024-25'],
    ['two years apart', '2024-2026'],
    ['reversed', '2025-2024'],
    ['the same year twice', '2024-2024'],
    ['a single year', '2024'],
    ['an extra character', '2024-20255'],
    ['slashes', '2024/2025'],
    ['empty', ''],
  ])('passes %s through unchanged (%p)', (_name, value) => {
    expect(toMtdTaxYear(value)).toBe(value);
  });
});

describe('yearSlice', () => {
  const charge = (fields: Partial<ChargeDetailDto> & Pick<ChargeDetailDto, 'chargeId'>): ChargeDetailDto => ({
    chargeType: 'ITSA',
    creationDate: '2024-08-01',
    chargeAmount: 0,
    outstandingAmount: 0,
    taxYear: '2024-2025',
    dueDate: '2025-01-31',
    ...fields,
  });

  // Tax year 2024-25, today 2026-01-20. The array order is deliberate: POA2's appeal (pushed with POA2) falls on
  // the day BAL and NIC2 are raised, so only the CHARGE < ADJUSTMENT < PAYMENT rule puts them in the right order.
  const account: SaAccountDto = {
    balanceDetails: ZERO_BALANCE,
    chargeDetails: [
      charge({
        chargeId: 'POA1-2425',
        chargeType: 'POA1',
        chargeAmount: 1000,
        outstandingAmount: 0,
        amendments: [
          {
            amendmentDate: '2025-01-30',
            amendmentAmount: 1000,
            amendmentReason: 'Payment',
            isPaymentRelated: true,
            paymentMethod: 'BACS',
            paymentDate: '2025-01-28',
          },
        ],
      }),
      charge({
        chargeId: 'POA2-2425',
        chargeType: 'POA2',
        dueDate: '2025-07-31',
        chargeAmount: 1000,
        outstandingAmount: 300,
        outstandingInterestDue: 12.5,
        amendments: [
          {
            amendmentDate: '2025-07-22',
            amendmentAmount: 600,
            amendmentReason: 'Payment',
            isPaymentRelated: true,
            paymentMethod: 'CARD',
            paymentDate: '2025-07-20',
          },
          {
            amendmentDate: '2026-01-10',
            amendmentAmount: -100,
            amendmentReason: 'Appeal',
            isPaymentRelated: false,
          },
        ],
      }),
      charge({
        chargeId: 'BAL-2425',
        creationDate: '2026-01-10',
        dueDate: '2026-01-31',
        chargeAmount: 800.1,
        outstandingAmount: 750.1,
      }),
      charge({
        chargeId: 'NIC2-2425',
        chargeType: 'NICS',
        creationDate: '2026-01-10',
        dueDate: '2026-02-19',
        chargeAmount: 179.4,
        outstandingAmount: 179.4,
      }),
      // Cleared and due after today: not the next due date, although its date is the earliest of those to come.
      charge({
        chargeId: 'LPP1-2425',
        chargeType: 'LPP1',
        creationDate: '2026-01-12',
        dueDate: '2026-01-25',
        chargeAmount: 20,
        outstandingAmount: 0,
      }),
      // Another tax year: not in the slice, nor are its payments.
      charge({
        chargeId: 'BAL-2324',
        taxYear: '2023-2024',
        creationDate: '2025-01-05',
        dueDate: '2025-01-31',
        chargeAmount: 300,
        outstandingAmount: 300,
        outstandingInterestDue: 99,
      }),
    ],
    paymentHistoryDetails: [
      {
        paymentAmount: 1000,
        paymentDate: '2025-01-28',
        allocationReference: 'POA1-2425',
        paymentReference: 'PAY-1',
      },
      {
        paymentAmount: 600,
        paymentDate: '2025-07-20',
        allocationReference: 'POA2-2425',
        paymentMethod: 'CARD',
      },
      { paymentAmount: 50, paymentDate: '2026-01-10', allocationReference: 'BAL-2425' },
      {
        paymentAmount: 20,
        paymentDate: '2026-01-12',
        allocationReference: 'LPP1-2425',
        paymentReference: 'PAY-6',
        paymentMethod: 'BACS',
      },
      {
        paymentAmount: 100,
        paymentDate: '2025-01-30',
        allocationReference: 'BAL-2324',
        paymentReference: 'PAY-X',
      },
      { paymentAmount: 25, paymentDate: '2025-03-01', paymentReference: 'UNALLOCATED' },
      { paymentAmount: 7, paymentDate: '2025-03-02', allocationReference: 'NO-SUCH-CHARGE' },
    ],
  };
  const slice = yearSlice(account, '2024-25', '2026-01-20');

  it('takes the charges HMRC files under the year, in HMRC’s order', () => {
    expect(slice.taxYear).toBe('2024-25');
    expect(slice.charges.map((c) => c.chargeId)).toEqual([
      'POA1-2425',
      'POA2-2425',
      'BAL-2425',
      'NIC2-2425',
      'LPP1-2425',
    ]);
    expect(slice.charges[0]).toBe(account.chargeDetails![0]);
  });

  it('takes the payments allocated to those charges (allocationReference = chargeId), nothing else', () => {
    expect(slice.payments.map((p) => p.paymentAmount)).toEqual([1000, 600, 50, 20]);
  });

  it('adds up the amounts', () => {
    // 1000 + 1000 + 800.10 + 179.40 + 20
    expect(slice.amountCharged).toBe(2999.5);
    // 1000 + 600 + 50 + 20
    expect(slice.amountPaid).toBe(1670);
    // 0 + 300 + 750.10 + 179.40 + 0
    expect(slice.amountOutstanding).toBe(1229.5);
    // Only POA2 (due 2025-07-31) is past due; BAL is due 2026-01-31.
    expect(slice.amountOverdue).toBe(300);
    // POA2's 12.50; BAL-2324's 99 is another year's.
    expect(slice.interestOutstanding).toBe(12.5);
  });

  it('gives the earliest due date to come of a charge still owed (not a past one, not a cleared one)', () => {
    // POA2 (2025-07-31) is past; LPP1 (2026-01-25) is cleared; BAL (2026-01-31) comes before NIC2 (2026-02-19).
    expect(slice.nextDueDate).toBe('2026-01-31');
  });

  it('counts a charge due today as the next due date', () => {
    expect(yearSlice(account, '2024-25', '2026-01-31').nextDueDate).toBe('2026-01-31');
    expect(yearSlice(account, '2024-25', '2026-02-01').nextDueDate).toBe('2026-02-19');
    expect(yearSlice(account, '2024-25', '2026-02-20').nextDueDate).toBeNull();
  });

  it('moves amountOverdue with today: due today is not overdue, due yesterday is', () => {
    expect(yearSlice(account, '2024-25', '2026-01-31').amountOverdue).toBe(300);
    // 300 + 750.10
    expect(yearSlice(account, '2024-25', '2026-02-01').amountOverdue).toBe(1050.1);
  });

  it('lists every movement oldest first with the balance after each, CHARGE < ADJUSTMENT < PAYMENT on one day', () => {
    expect(slice.transactions).toEqual([
      {
        date: '2024-08-01',
        kind: 'CHARGE',
        chargeId: 'POA1-2425',
        description: 'POA1',
        amount: 1000,
        balance: 1000,
      },
      {
        date: '2024-08-01',
        kind: 'CHARGE',
        chargeId: 'POA2-2425',
        description: 'POA2',
        amount: 1000,
        balance: 2000,
      },
      {
        date: '2025-01-28',
        kind: 'PAYMENT',
        chargeId: 'POA1-2425',
        description: 'PAY-1',
        amount: -1000,
        balance: 1000,
      },
      // No reference: the payment method describes it.
      {
        date: '2025-07-20',
        kind: 'PAYMENT',
        chargeId: 'POA2-2425',
        description: 'CARD',
        amount: -600,
        balance: 400,
      },
      {
        date: '2026-01-10',
        kind: 'CHARGE',
        chargeId: 'BAL-2425',
        description: 'ITSA',
        amount: 800.1,
        balance: 1200.1,
      },
      {
        date: '2026-01-10',
        kind: 'CHARGE',
        chargeId: 'NIC2-2425',
        description: 'NICS',
        amount: 179.4,
        balance: 1379.5,
      },
      {
        date: '2026-01-10',
        kind: 'ADJUSTMENT',
        chargeId: 'POA2-2425',
        description: 'Appeal',
        amount: -100,
        balance: 1279.5,
      },
      // Neither reference nor method.
      {
        date: '2026-01-10',
        kind: 'PAYMENT',
        chargeId: 'BAL-2425',
        description: 'Payment',
        amount: -50,
        balance: 1229.5,
      },
      {
        date: '2026-01-12',
        kind: 'CHARGE',
        chargeId: 'LPP1-2425',
        description: 'LPP1',
        amount: 20,
        balance: 1249.5,
      },
      {
        date: '2026-01-12',
        kind: 'PAYMENT',
        chargeId: 'LPP1-2425',
        description: 'PAY-6',
        amount: -20,
        balance: 1229.5,
      },
    ]);
  });

  it('leaves payment-related amendments out (the same money is the payment)', () => {
    expect(slice.transactions.filter((t) => t.description === 'Payment' && t.kind === 'ADJUSTMENT')).toEqual(
      [],
    );
    expect(slice.transactions.some((t) => t.date === '2025-01-30' || t.date === '2025-07-22')).toBe(false);
  });

  it('ends on amountOutstanding when HMRC’s records agree', () => {
    expect(slice.transactions.at(-1)!.balance).toBe(slice.amountOutstanding);
  });

  it('orders PAYMENT after CHARGE and ADJUSTMENT on one day even when HMRC lists the payment first', () => {
    const sameDay: SaAccountDto = {
      balanceDetails: ZERO_BALANCE,
      chargeDetails: [
        charge({
          chargeId: 'A',
          creationDate: '2025-03-01',
          chargeAmount: 10,
          outstandingAmount: 0,
          amendments: [
            {
              amendmentDate: '2025-03-01',
              amendmentAmount: -4,
              amendmentReason: 'Relief',
              isPaymentRelated: false,
            },
          ],
        }),
      ],
      paymentHistoryDetails: [{ paymentAmount: 6, paymentDate: '2025-03-01', allocationReference: 'A' }],
    };
    expect(yearSlice(sameDay, '2024-25', '2025-06-01').transactions.map((t) => [t.kind, t.balance])).toEqual([
      ['CHARGE', 10],
      ['ADJUSTMENT', 6],
      ['PAYMENT', 0],
    ]);
  });

  it('keeps HMRC’s order between movements of one kind on one day', () => {
    const twins: SaAccountDto = {
      balanceDetails: ZERO_BALANCE,
      chargeDetails: [
        charge({ chargeId: 'Z', creationDate: '2025-03-01', chargeAmount: 1 }),
        charge({ chargeId: 'A', creationDate: '2025-03-01', chargeAmount: 2 }),
      ],
    };
    expect(yearSlice(twins, '2024-25', '2025-06-01').transactions.map((t) => t.chargeId)).toEqual(['Z', 'A']);
  });

  it('adds in pence: 0.1 + 0.2 is 0.3, in the totals and in the running balance', () => {
    const pennies: SaAccountDto = {
      balanceDetails: ZERO_BALANCE,
      chargeDetails: [
        charge({ chargeId: 'A', chargeAmount: 0.1, outstandingAmount: 0.1, outstandingInterestDue: 0.1 }),
        charge({ chargeId: 'B', chargeAmount: 0.2, outstandingAmount: 0.2, outstandingInterestDue: 0.2 }),
        charge({ chargeId: 'C', chargeAmount: 0.07, outstandingAmount: 0, dueDate: '2030-01-01' }),
      ],
      paymentHistoryDetails: [
        { paymentAmount: 0.01, paymentDate: '2024-09-01', allocationReference: 'C' },
        { paymentAmount: 0.06, paymentDate: '2024-09-02', allocationReference: 'C' },
      ],
    };
    const year = yearSlice(pennies, '2024-25', '2026-01-20');
    expect(0.1 + 0.2).not.toBe(0.3); // what would happen without pence
    expect(year.amountCharged).toBe(0.37);
    expect(year.amountPaid).toBe(0.07);
    expect(year.amountOutstanding).toBe(0.3);
    expect(year.amountOverdue).toBe(0.3);
    expect(year.interestOutstanding).toBe(0.3);
    expect(year.transactions.map((t) => t.balance)).toEqual([0.1, 0.3, 0.37, 0.36, 0.3]);
  });

  it('follows HMRC’s sign for adjustments (an increase adds, a reduction takes off)', () => {
    const adjusted: SaAccountDto = {
      balanceDetails: ZERO_BALANCE,
      chargeDetails: [
        charge({
          chargeId: 'A',
          chargeAmount: 500,
          outstandingAmount: 549.99,
          amendments: [
            {
              amendmentDate: '2025-02-01',
              amendmentAmount: 75.5,
              amendmentReason: 'Amended return',
              isPaymentRelated: false,
            },
            {
              amendmentDate: '2025-03-01',
              amendmentAmount: -25.51,
              amendmentReason: 'Appeal',
              isPaymentRelated: false,
            },
          ],
        }),
      ],
    };
    const year = yearSlice(adjusted, '2024-25', '2026-01-20');
    expect(year.transactions.map((t) => [t.kind, t.amount, t.balance])).toEqual([
      ['CHARGE', 500, 500],
      ['ADJUSTMENT', 75.5, 575.5],
      ['ADJUSTMENT', -25.51, 549.99],
    ]);
    expect(year.transactions.at(-1)!.balance).toBe(year.amountOutstanding);
  });

  it('is empty, all zero, for a year HMRC files nothing under, and for an account without arrays', () => {
    const empty = {
      taxYear: '2022-23',
      charges: [],
      payments: [],
      amountCharged: 0,
      amountPaid: 0,
      amountOutstanding: 0,
      amountOverdue: 0,
      interestOutstanding: 0,
      nextDueDate: null,
      transactions: [],
    };
    expect(yearSlice(account, '2022-23', '2026-01-20')).toEqual(empty);
    expect(yearSlice({ balanceDetails: ZERO_BALANCE }, '2022-23', '2026-01-20')).toEqual(empty);
  });

  it('matches HMRC’s own example response (View Self Assessment Account OAS, successResponseExample)', () => {
    // hmrc/self-assessment-liability-api, resources/public/api/conf/1.0/application.yaml, `successResponseExample`.
    const example: SaAccountDto = {
      balanceDetails: {
        totalOverdueBalance: 500,
        totalPayableBalance: 500,
        earliestPayableDueDate: '2025-04-30',
        totalPendingBalance: 1500,
        earliestPendingDueDate: '2025-07-15',
        totalBalance: 2000,
        totalCreditAvailable: 0,
        codedOutDetail: [
          { totalAmount: 200, effectiveStartDate: '2023-04-06', effectiveEndDate: '2024-04-01' },
        ],
      },
      chargeDetails: [
        {
          chargeId: 'AB1234567',
          creationDate: '2025-01-15',
          chargeType: 'ITSA',
          chargeAmount: 1250,
          outstandingAmount: 500,
          taxYear: '2024-2025',
          dueDate: '2025-04-30',
          amendments: [
            {
              amendmentDate: '2025-04-15',
              amendmentAmount: 500,
              amendmentReason: 'Payment',
              isPaymentRelated: true,
              paymentMethod: 'bank_transfer',
              paymentDate: '2025-04-10',
            },
          ],
        },
        {
          chargeId: 'EF2345678',
          creationDate: '2024-02-10',
          chargeType: 'NICS',
          chargeAmount: 2200,
          outstandingAmount: 0,
          taxYear: '2023-2024',
          dueDate: '2024-04-01',
          outstandingInterestDue: 20,
          accruingInterestPeriod: { interestStartDate: '2024-05-01', interestEndDate: '2024-12-01' },
          accruingInterestRate: 0.05,
          amendments: [
            {
              amendmentDate: '2024-12-08',
              amendmentAmount: 2058.33,
              amendmentReason: 'Payment',
              isPaymentRelated: true,
              paymentMethod: 'bank_transfer',
              paymentDate: '2024-12-03',
            },
          ],
        },
        {
          chargeId: 'KL3456789',
          creationDate: '2025-05-22',
          chargeType: 'VATC',
          chargeAmount: 1500,
          outstandingAmount: 1500,
          taxYear: '2025-2026',
          dueDate: '2025-07-15',
        },
      ],
      paymentHistoryDetails: [
        {
          paymentAmount: 500,
          paymentReference: 'PAY123456',
          paymentMethod: 'bank_transfer',
          paymentDate: '2025-04-11',
          processedDate: '2025-04-15',
          allocationReference: 'AB1234567',
        },
        {
          paymentAmount: 2058.33,
          paymentReference: 'PAY112233',
          paymentMethod: 'bank_transfer',
          paymentDate: '2024-12-04',
          processedDate: '2024-12-08',
          allocationReference: 'EF2345678',
        },
        {
          paymentAmount: 200,
          paymentReference: 'PAY888233',
          paymentMethod: 'bank_transfer',
          paymentDate: '2023-12-04',
          processedDate: '2023-12-08',
          allocationReference: 'EF2345678',
        },
      ],
    };
    const today = '2025-05-01';
    expect(chargeStatus(example.chargeDetails![0]!, today)).toBe('OVERDUE');
    expect(chargeStatus(example.chargeDetails![1]!, today)).toBe('CLEARED');
    expect(chargeStatus(example.chargeDetails![2]!, today)).toBe('PENDING');

    const y2425 = yearSlice(example, '2024-25', today);
    expect(y2425).toMatchObject({
      amountCharged: 1250,
      amountPaid: 500,
      amountOutstanding: 500,
      amountOverdue: 500,
      interestOutstanding: 0,
      nextDueDate: null,
    });
    expect(y2425.transactions.map((t) => [t.date, t.kind, t.amount, t.balance])).toEqual([
      ['2025-01-15', 'CHARGE', 1250, 1250],
      ['2025-04-11', 'PAYMENT', -500, 750],
    ]);

    // 2023-24: HMRC's example pays 200 before the charge exists and 2058.33 after: 2258.33 against 2200. The
    // records disagree (the last balance is a 58.33 credit, HMRC says 0 outstanding), and the slice shows both.
    const y2324 = yearSlice(example, '2023-24', today);
    expect(y2324).toMatchObject({
      amountCharged: 2200,
      amountPaid: 2258.33,
      amountOutstanding: 0,
      amountOverdue: 0,
      interestOutstanding: 20,
      nextDueDate: null,
    });
    expect(y2324.transactions.map((t) => [t.date, t.kind, t.description, t.balance])).toEqual([
      ['2023-12-04', 'PAYMENT', 'PAY888233', -200],
      ['2024-02-10', 'CHARGE', 'NICS', 2000],
      ['2024-12-04', 'PAYMENT', 'PAY112233', -58.33],
    ]);

    const y2526 = yearSlice(example, '2025-26', today);
    expect(y2526).toMatchObject({ amountCharged: 1500, amountOutstanding: 1500, nextDueDate: '2025-07-15' });
  });
});

describe('fromWindow', () => {
  const account: SaAccountDto = {
    balanceDetails: { ...ZERO_BALANCE, totalBalance: 42, totalOverdueBalance: 42 },
    chargeDetails: [
      {
        chargeId: 'OLD',
        creationDate: '2024-04-05',
        chargeType: 'ITSA',
        chargeAmount: 1,
        outstandingAmount: 1,
        taxYear: '2023-2024',
        dueDate: '2024-04-30',
      },
      {
        chargeId: 'EDGE',
        creationDate: '2024-04-06',
        chargeType: 'ITSA',
        chargeAmount: 2,
        outstandingAmount: 2,
        taxYear: '2023-2024',
        dueDate: '2024-04-30',
      },
      {
        chargeId: 'NEW',
        creationDate: '2025-01-01',
        chargeType: 'POA1',
        chargeAmount: 3,
        outstandingAmount: 3,
        taxYear: '2024-2025',
        dueDate: '2025-01-31',
      },
    ],
    paymentHistoryDetails: [
      { paymentAmount: 1, paymentDate: '2024-04-05' },
      { paymentAmount: 2, paymentDate: '2024-04-06' },
    ],
    refundDetails: [
      {
        totalRefundAmount: 1,
        refundRequestAmount: 1,
        refundRequestDate: '2024-04-05',
        refundDate: '2024-04-20',
      },
      { totalRefundAmount: 2, refundRequestAmount: 2, refundRequestDate: '2024-04-06' },
      { totalRefundAmount: 3, refundRequestAmount: 3, refundDate: '2024-04-05' },
      { totalRefundAmount: 4, refundRequestAmount: 4, refundDate: '2024-04-06' },
      { totalRefundAmount: 5, refundRequestAmount: 5 },
    ],
  };

  it('keeps charges created, payments made and refunds requested on or after fromDate', () => {
    const window = fromWindow(account, '2024-04-06');
    expect(window.chargeDetails!.map((c) => c.chargeId)).toEqual(['EDGE', 'NEW']);
    expect(window.paymentHistoryDetails!.map((p) => p.paymentAmount)).toEqual([2]);
    // By request date (1 is out although paid after fromDate); by refund date only when there is no request
    // date (3 out, 4 in); a refund with neither date is kept.
    expect(window.refundDetails!.map((r) => r.totalRefundAmount)).toEqual([2, 4, 5]);
  });

  it('keeps HMRC’s balance whatever the window', () => {
    expect(fromWindow(account, '2030-01-01').balanceDetails).toBe(account.balanceDetails);
  });

  it('keeps everything from an early enough date, and does not touch the account it was given', () => {
    const before = structuredClone(account);
    expect(fromWindow(account, '2000-01-01')).toEqual(account);
    fromWindow(account, '2025-01-01');
    expect(account).toEqual(before);
  });

  it('gives empty lists for an account without any', () => {
    expect(fromWindow({ balanceDetails: ZERO_BALANCE }, '2024-04-06')).toEqual({
      balanceDetails: ZERO_BALANCE,
      chargeDetails: [],
      paymentHistoryDetails: [],
      refundDetails: [],
    });
  });
});

describe('money', () => {
  it.each([
    [0, 0],
    [0.01, 1],
    [0.1, 10],
    [0.29, 29], // 0.29 * 100 is 28.999999999999996
    [1.1, 110],
    [1000.12, 100012],
    [99999999999.99, 9999999999999],
    [-25.51, -2551],
  ])('pence(%p) = %p', (pounds, expected) => {
    expect(pence(pounds)).toBe(expected);
  });

  it('adds exactly to the penny', () => {
    expect(sumPounds([0.1, 0.2])).toBe(0.3);
    // Scaling to pence without rounding is not enough: 1.1 × 100 is 110.00000000000001.
    expect(sumPounds([1.1, 2.2])).toBe(3.3);
    expect(sumPounds([0.29, 0.57])).toBe(0.86);
    expect(sumPounds([0.07, 0.07, 0.07])).toBe(0.21);
    expect(sumPounds([1.15, 2.3])).toBe(3.45);
    expect(sumPounds([1999.99, 1999.99, 1999.99, 1999.99, 1999.99])).toBe(9999.95);
    expect(sumPounds([99999999999.99, 0.01])).toBe(100000000000);
    expect(sumPounds([100.99, -0.99])).toBe(100);
    expect(sumPounds(Array<number>(10).fill(0.1))).toBe(1);
  });

  it('counts missing and non-finite values as nothing', () => {
    expect(sumPounds([])).toBe(0);
    expect(sumPounds([undefined, null])).toBe(0);
    expect(sumPounds([1.5, undefined, 2.25, null, Number.NaN, Number.POSITIVE_INFINITY])).toBe(3.75);
  });

  it('takes any iterable', () => {
    function* amounts() {
      yield 0.7;
      yield 0.1;
    }
    expect(sumPounds(amounts())).toBe(0.8);
  });
});

/**
 * The summary's totals. HMRC's example responses are copied verbatim from HMRC's repositories (hmrc/<api>, the
 * paths under resources/public/api/conf are in each comment); each expected figure is added up by hand from the fields the schema descriptions name.
 */
describe('summary totals: HMRC’s example responses', () => {
  // individuals-charges-api/…/3.0/examples/pensionCharges/retrieve/def1/response.json
  const pensionChargesDef1: PensionChargesDto = {
    submittedOn: '2020-07-27T17:00:19Z',
    pensionSavingsTaxCharges: {
      pensionSchemeTaxReference: ['00123456RA', '00123456RB'],
      lumpSumBenefitTakenInExcessOfLifetimeAllowance: { amount: 100, taxPaid: 100 },
      benefitInExcessOfLifetimeAllowance: { amount: 100, taxPaid: 100 },
    },
    pensionSchemeOverseasTransfers: {
      overseasSchemeProvider: [
        {
          providerName: 'Overseas Pensions Plc.',
          providerAddress: '111 Main Street, Any Town, Any City',
          providerCountryCode: 'CYM',
          qualifyingRecognisedOverseasPensionScheme: ['Q123456'],
        },
      ],
      transferCharge: 100,
      transferChargeTaxPaid: 100,
    },
    pensionSchemeUnauthorisedPayments: {
      pensionSchemeTaxReference: ['00123456RA', '00123456RB'],
      surcharge: { amount: 100.99, foreignTaxPaid: 100.99 },
      noSurcharge: { amount: 100.99, foreignTaxPaid: 100.99 },
    },
    pensionContributions: {
      pensionSchemeTaxReference: ['00123456RA', '00123456RB'],
      inExcessOfTheAnnualAllowance: 100,
      annualAllowanceTaxPaid: 100,
      isAnnualAllowanceReduced: true,
      taperedAnnualAllowance: true,
      moneyPurchasedAllowance: false,
    },
    overseasPensionContributions: {
      overseasSchemeProvider: [
        {
          providerName: 'Overseas Pensions Plc',
          providerAddress: '111 Main Street, Any Town, Any City',
          providerCountryCode: 'CYM',
          qualifyingRecognisedOverseasPensionScheme: ['Q123456'],
        },
      ],
      shortServiceRefund: 123.0,
      shortServiceRefundTaxPaid: 123.0,
    },
  };
  // …/def2/response.json: the same without pensionSavingsTaxCharges.
  const { pensionSavingsTaxCharges: _lifetimeAllowance, ...pensionChargesDef2 } = pensionChargesDef1;

  it('pension charges, before 2024-25: 100 + 100 + 100 + 100.99 + 100.99 + 100 + 123 = 724.98 each way', () => {
    expect(pensionChargesTotals(pensionChargesDef1)).toEqual({ chargeableAmount: 724.98, taxPaid: 724.98 });
  });

  it('pension charges, from 2024-25 (no lifetime allowance): 724.98 − 200 = 524.98 each way', () => {
    expect(pensionChargesTotals({ ...pensionChargesDef2, submittedOn: '2024-07-27T17:00:19Z' })).toEqual({
      chargeableAmount: 524.98,
      taxPaid: 524.98,
    });
  });

  // individuals-reliefs-api/…/3.0/examples/relief_investments_retrieve/def1/response.json
  const investmentsDef1: ReliefInvestmentsDto = {
    submittedOn: '2019-04-04T01:01:01.000Z',
    vctSubscription: [
      {
        uniqueInvestmentRef: 'VCTREF',
        name: 'VCT Fund X',
        dateOfInvestment: '2018-04-16',
        amountInvested: 23312.0,
        reliefClaimed: 1334.0,
      },
    ],
    eisSubscription: [
      {
        uniqueInvestmentRef: 'XTAL',
        name: 'EIS Fund X',
        knowledgeIntensive: true,
        dateOfInvestment: '2020-12-12',
        amountInvested: 23312.0,
        reliefClaimed: 43432.0,
      },
    ],
    communityInvestment: [
      {
        uniqueInvestmentRef: 'CIREF',
        name: 'CI X',
        dateOfInvestment: '2020-12-12',
        amountInvested: 6442.0,
        reliefClaimed: 2344.0,
      },
    ],
    seedEnterpriseInvestment: [
      {
        uniqueInvestmentRef: '1234121A',
        companyName: 'Company Inc',
        dateOfInvestment: '2020-12-12',
        amountInvested: 123123.22,
        reliefClaimed: 3432.0,
      },
    ],
    socialEnterpriseInvestment: [
      {
        uniqueInvestmentRef: '1234121A',
        socialEnterpriseName: 'SE Inc',
        dateOfInvestment: '2020-12-12',
        amountInvested: 123123.22,
        reliefClaimed: 3432.0,
      },
    ],
  };
  // …/def2/response.json: the same without socialEnterpriseInvestment.
  const { socialEnterpriseInvestment: _sitr, ...investmentsDef2 } = investmentsDef1;

  it('relief investments: 1334 + 43432 + 2344 + 3432 + 3432 = 53974 (def1), 50542 without SITR (def2)', () => {
    expect(investmentsClaimed(investmentsDef1)).toBe(53974);
    expect(investmentsClaimed(investmentsDef2)).toBe(50542);
  });

  // individuals-reliefs-api/…/3.0/examples/retrieve_reliefs_other_response.json
  const other: OtherReliefsDto = {
    submittedOn: '2019-04-04T01:01:01.000Z',
    nonDeductibleLoanInterest: { customerReference: 'myref', reliefClaimed: 763.0 },
    payrollGiving: { customerReference: 'myref', reliefClaimed: 154.0 },
    qualifyingDistributionRedemptionOfSharesAndSecurities: { customerReference: 'myref', amount: 222.22 },
    maintenancePayments: [
      {
        customerReference: 'myref',
        exSpouseName: 'Hilda',
        exSpouseDateOfBirth: '2000-01-01',
        amount: 222.22,
      },
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
    annualPaymentsMade: { customerReference: 'myref', reliefClaimed: 763.0 },
    qualifyingLoanInterestPayments: [
      { customerReference: 'myref', lenderName: 'Maurice', reliefClaimed: 763.0 },
    ],
  };

  it('other reliefs: 763 + 154 + 763 + 763 + 222.22 × 3 = 3109.66', () => {
    expect(otherReliefsClaimed(other)).toBe(3109.66);
  });

  // individuals-reliefs-api/…/3.0/examples/retrieve_reliefs_foreign_response.json
  const foreign: ForeignReliefsDto = {
    submittedOn: '2019-04-04T01:01:01.000Z',
    foreignTaxCreditRelief: { amount: 5000.99 },
    foreignIncomeTaxCreditRelief: [
      { countryCode: 'FRA', foreignTaxPaid: 4567.69, taxableAmount: 2853.13, employmentLumpSum: false },
    ],
    foreignTaxForFtcrNotClaimed: { amount: 3456.97 },
  };

  it('foreign reliefs: 5000.99 + 4567.69 = 9568.68 (the 3456.97 not claimed is not counted)', () => {
    expect(foreignReliefsClaimed(foreign)).toBe(9568.68);
  });

  // individuals-reliefs-api/…/3.0/examples/retrieve_relief_pensions_response.json
  const pensions: PensionReliefsDto = {
    submittedOn: '2020-07-14T10:30:18.000Z',
    pensionReliefs: {
      regularPensionContributions: 1999.99,
      oneOffPensionContributionsPaid: 1999.99,
      retirementAnnuityPayments: 1999.99,
      paymentToEmployersSchemeNoTaxRelief: 1999.99,
      overseasPensionSchemeContributions: 1999.99,
    },
  };

  it('pension reliefs: 1999.99 × 5 = 9999.95', () => {
    expect(pensionReliefsClaimed(pensions)).toBe(9999.95);
  });

  // individuals-reliefs-api/…/3.0/examples/retrieve_charitable_giving/def1/retrieve_charitable_giving_response.json
  const givingDef1: CharitableGivingDto = {
    giftAidPayments: {
      nonUkCharities: { charityNames: ['non-UK charity 1', 'non-UK charity 2'], totalAmount: 1000.12 },
      totalAmount: 1000.12,
      oneOffAmount: 1000.12,
      amountTreatedAsPreviousTaxYear: 1000.12,
      amountTreatedAsSpecifiedTaxYear: 1000.12,
    },
    gifts: {
      nonUkCharities: { charityNames: ['non-UK charity 1', 'non-UK charity 2'], totalAmount: 1000.12 },
      landAndBuildings: 1000.12,
      sharesOrSecurities: 1000.12,
    },
  };
  // …/def2/…: no non-UK charities.
  const givingDef2: CharitableGivingDto = {
    giftAidPayments: {
      totalAmount: 1000.12,
      oneOffAmount: 1000.12,
      amountTreatedAsPreviousTaxYear: 1000.12,
      amountTreatedAsSpecifiedTaxYear: 1000.12,
    },
    gifts: { landAndBuildings: 1000.12, sharesOrSecurities: 1000.12 },
  };

  it('charitable giving: 1000.12 × 3 = 3000.36, the non-UK and one-off parts not added again', () => {
    expect(charitableGivingClaimed(givingDef1)).toBe(3000.36);
    expect(charitableGivingClaimed(givingDef2)).toBe(3000.36);
  });

  it('the overall relief total of HMRC’s examples: 53974 + 3109.66 + 9568.68 + 9999.95 + 3000.36 = 79652.65', () => {
    const perKind = [
      investmentsClaimed(investmentsDef1),
      otherReliefsClaimed(other),
      foreignReliefsClaimed(foreign),
      pensionReliefsClaimed(pensions),
      charitableGivingClaimed(givingDef1),
    ];
    expect(sumPounds(perKind)).toBe(79652.65);
  });

  it('the simulator’s demo data is HMRC’s examples (so the GraphQL figures above hold for it too)', () => {
    expect(pensionChargesTotals(PENSION_CHARGES_DEF1_EXAMPLE)).toEqual({
      chargeableAmount: 724.98,
      taxPaid: 724.98,
    });
    expect(pensionChargesTotals(PENSION_CHARGES_DEF2_EXAMPLE)).toEqual({
      chargeableAmount: 524.98,
      taxPaid: 524.98,
    });
    expect(investmentsClaimed(RELIEF_INVESTMENTS_DEF1_EXAMPLE)).toBe(53974);
    expect(investmentsClaimed(RELIEF_INVESTMENTS_DEF2_EXAMPLE)).toBe(50542);
    expect(otherReliefsClaimed(OTHER_RELIEFS_EXAMPLE)).toBe(3109.66);
    expect(foreignReliefsClaimed(FOREIGN_RELIEFS_EXAMPLE)).toBe(9568.68);
    expect(pensionReliefsClaimed(PENSION_RELIEFS_EXAMPLE)).toBe(9999.95);
    expect(charitableGivingClaimed(CHARITABLE_GIVING_DEF1_EXAMPLE)).toBe(3000.36);
    expect(charitableGivingClaimed(CHARITABLE_GIVING_DEF2_EXAMPLE)).toBe(3000.36);
  });
});

/**
 * Each field the descriptions name gets its own power of two, so a field left out, counted twice or swapped
 * for another shows in the total as a different number.
 */
describe('summary totals: every named field counted once, nothing else', () => {
  it('pension charges', () => {
    const charges: PensionChargesDto = {
      submittedOn: '2024-01-01T00:00:00Z',
      pensionSavingsTaxCharges: {
        pensionSchemeTaxReference: ['00123456RA'],
        lumpSumBenefitTakenInExcessOfLifetimeAllowance: { amount: 1, taxPaid: 0.01 },
        benefitInExcessOfLifetimeAllowance: { amount: 2, taxPaid: 0.02 },
      },
      pensionSchemeOverseasTransfers: {
        overseasSchemeProvider: [],
        transferCharge: 4,
        transferChargeTaxPaid: 0.04,
      },
      pensionSchemeUnauthorisedPayments: {
        pensionSchemeTaxReference: ['00123456RA'],
        surcharge: { amount: 8, foreignTaxPaid: 0.08 },
        noSurcharge: { amount: 16, foreignTaxPaid: 0.16 },
      },
      pensionContributions: {
        pensionSchemeTaxReference: ['00123456RA'],
        inExcessOfTheAnnualAllowance: 32,
        annualAllowanceTaxPaid: 0.32,
      },
      overseasPensionContributions: {
        overseasSchemeProvider: [],
        shortServiceRefund: 64,
        shortServiceRefundTaxPaid: 0.64,
      },
    };
    expect(pensionChargesTotals(charges)).toEqual({ chargeableAmount: 127, taxPaid: 1.27 });
  });

  it('relief investments: every reliefClaimed of every scheme, not the amounts invested', () => {
    const investments: ReliefInvestmentsDto = {
      submittedOn: '2024-01-01T00:00:00Z',
      vctSubscription: [
        { reliefClaimed: 1, amountInvested: 1000 },
        { reliefClaimed: 2, amountInvested: 1000 },
      ],
      eisSubscription: [{ reliefClaimed: 4, amountInvested: 1000 }],
      communityInvestment: [{ reliefClaimed: 8 }],
      seedEnterpriseInvestment: [{ reliefClaimed: 16 }],
      socialEnterpriseInvestment: [{ reliefClaimed: 32 }, { reliefClaimed: 64 }],
    };
    expect(investmentsClaimed(investments)).toBe(127);
  });

  it('other reliefs', () => {
    const other: OtherReliefsDto = {
      submittedOn: '2024-01-01T00:00:00Z',
      nonDeductibleLoanInterest: { reliefClaimed: 1 },
      payrollGiving: { reliefClaimed: 2 },
      qualifyingDistributionRedemptionOfSharesAndSecurities: { amount: 4 },
      maintenancePayments: [{ amount: 8 }, { amount: 16 }],
      postCessationTradeReliefAndCertainOtherLosses: [{ amount: 32 }, { amount: 64 }],
      annualPaymentsMade: { reliefClaimed: 128 },
      qualifyingLoanInterestPayments: [{ reliefClaimed: 256 }, { reliefClaimed: 512 }],
    };
    expect(otherReliefsClaimed(other)).toBe(1023);
  });

  it('foreign reliefs: foreignTaxPaid counted, taxableAmount and the unclaimed amount not', () => {
    const foreign: ForeignReliefsDto = {
      submittedOn: '2024-01-01T00:00:00Z',
      foreignTaxCreditRelief: { amount: 1 },
      foreignIncomeTaxCreditRelief: [
        { countryCode: 'FRA', foreignTaxPaid: 2, taxableAmount: 1000, employmentLumpSum: false },
        { countryCode: 'DEU', taxableAmount: 1000, employmentLumpSum: true },
        { countryCode: 'ESP', foreignTaxPaid: 4, taxableAmount: 1000, employmentLumpSum: false },
      ],
      foreignTaxForFtcrNotClaimed: { amount: 1000 },
    };
    expect(foreignReliefsClaimed(foreign)).toBe(7);
  });

  it('pension reliefs: the five amounts, any of them absent', () => {
    expect(
      pensionReliefsClaimed({
        submittedOn: '2024-01-01T00:00:00Z',
        pensionReliefs: {
          regularPensionContributions: 1,
          oneOffPensionContributionsPaid: 2,
          retirementAnnuityPayments: 4,
          paymentToEmployersSchemeNoTaxRelief: 8,
          overseasPensionSchemeContributions: 16,
        },
      }),
    ).toBe(31);
    expect(
      pensionReliefsClaimed({
        submittedOn: '2024-01-01T00:00:00Z',
        pensionReliefs: { retirementAnnuityPayments: 4 },
      }),
    ).toBe(4);
  });

  it('charitable giving: totalAmount + land and buildings + shares; the parts of those not again', () => {
    const giving: CharitableGivingDto = {
      giftAidPayments: {
        nonUkCharities: { totalAmount: 1000 },
        totalAmount: 1,
        oneOffAmount: 1000,
        amountTreatedAsPreviousTaxYear: 1000,
        amountTreatedAsSpecifiedTaxYear: 1000,
      },
      gifts: { nonUkCharities: { totalAmount: 1000 }, landAndBuildings: 2, sharesOrSecurities: 4 },
    };
    expect(charitableGivingClaimed(giving)).toBe(7);
    expect(charitableGivingClaimed({ gifts: { sharesOrSecurities: 4 } })).toBe(4);
  });

  it('HMRC holding nothing (null) counts as zero everywhere', () => {
    expect(pensionChargesTotals(null)).toEqual({ chargeableAmount: 0, taxPaid: 0 });
    expect(pensionChargesTotals({ submittedOn: '2024-01-01T00:00:00Z' })).toEqual({
      chargeableAmount: 0,
      taxPaid: 0,
    });
    expect(investmentsClaimed(null)).toBe(0);
    expect(otherReliefsClaimed(null)).toBe(0);
    expect(foreignReliefsClaimed(null)).toBe(0);
    expect(pensionReliefsClaimed(null)).toBe(0);
    expect(charitableGivingClaimed(null)).toBe(0);
  });
});
