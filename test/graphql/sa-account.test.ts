/**
 * The Self Assessment account, tax-year slices, `taxYears` and the yearly summary end to end: GraphQL over a real
 * port → gateway → HTTP → HMRC sandbox simulator, with the gateway and the simulator sharing a fixed clock.
 *
 * Every expected figure is worked out by hand (in the comments) from the fixture account below or, for the demo
 * taxpayer, from src/simulator/sa-demo.ts and the resources' examples (src/resources/) — never by calling the code
 * under test.
 */
import type { ChargeDetailDto, SaAccountDto } from '../../src/hmrc/sa-account';
import { fixedClock } from '../../src/util/clock';
import type { GraphQLResponse, RunningGateway, Stack } from '../helpers/stack';
import { TOKEN, startGateway, startStack, upstreamCalls } from '../helpers/stack';
import type { Stub } from '../helpers/stub-server';
import { startStub } from '../helpers/stub-server';

const NINO = 'AA123456A';
const UTR = '2222222222';
const DEMO_UTR = '1234567890';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BREAKDOWN = '/individuals/self-assessment/breakdown/';
/** 2026-11-21: HMRC's window is 2020-04-06 … 2026-11-21, its default fromDate 2025-04-06; UTC and UK agree. */
const TODAY = '2026-11-21T12:00:00Z';

const gatewayError = (code: string, status = 400) => ({ code, status, origin: 'GATEWAY' });

// --- The fixture account (HMRC's wire shape), fixed whatever day it is built for ---------------------------

const charge = (fields: ChargeDetailDto): ChargeDetailDto => fields;

const FIXTURE: SaAccountDto = {
  balanceDetails: {
    // Overdue: POA1-2425 600 + POA2-2425 1500 + LPI 0.10 + LPP1 0.20 + BAL-2425 3250 + LFP 100 = 5450.30.
    totalOverdueBalance: 5450.3,
    // Due 2026-11-21 … 2026-12-20: NIC2-2526 100 + LPP2-2526 60.
    totalPayableBalance: 160,
    earliestPayableDueDate: '2026-11-21',
    // Due from 2026-12-21: ADJ-2526 40.50 + POA1-2627 2500 + POA2-2627 2500.
    totalPendingBalance: 5040.5,
    earliestPendingDueDate: '2026-12-21',
    totalBalance: 10650.8,
    totalCreditAvailable: 250,
    codedOutDetail: [{ totalAmount: 1200, effectiveStartDate: '2025-04-06', effectiveEndDate: '2026-04-05' }],
  },
  chargeDetails: [
    // 2019-20: before the window.
    charge({
      chargeId: 'BAL-1920',
      chargeType: 'ITSA',
      creationDate: '2020-01-10',
      chargeAmount: 500,
      outstandingAmount: 0,
      taxYear: '2019-2020',
      dueDate: '2020-01-31',
    }),
    // 2022-23: paid in full.
    charge({
      chargeId: 'BAL-2223',
      chargeType: 'ITSA',
      creationDate: '2024-01-15',
      chargeAmount: 2400,
      outstandingAmount: 0,
      taxYear: '2022-2023',
      dueDate: '2024-01-31',
      amendments: [
        {
          amendmentDate: '2024-02-02',
          amendmentAmount: 2400,
          amendmentReason: 'Payment',
          isPaymentRelated: true,
          paymentMethod: 'BACS',
          paymentDate: '2024-01-30',
        },
      ],
    }),
    // 2023-24: paid, coded out, part-paid then reduced on appeal (with a refund).
    charge({
      chargeId: 'POA1-2324',
      chargeType: 'POA1',
      creationDate: '2023-07-20',
      chargeAmount: 1200,
      outstandingAmount: 0,
      taxYear: '2023-2024',
      dueDate: '2024-01-31',
      amendments: [
        {
          amendmentDate: '2024-01-31',
          amendmentAmount: 1200,
          amendmentReason: 'Payment',
          isPaymentRelated: true,
          paymentMethod: 'DIRECT DEBIT',
          paymentDate: '2024-01-29',
        },
      ],
    }),
    charge({
      chargeId: 'POA2-2324',
      chargeType: 'POA2',
      creationDate: '2023-07-20',
      chargeAmount: 1200,
      outstandingAmount: 0,
      taxYear: '2023-2024',
      dueDate: '2024-07-31',
      amendments: [
        {
          amendmentDate: '2024-05-10',
          amendmentAmount: -1200,
          amendmentReason: 'Coded out',
          isPaymentRelated: false,
        },
      ],
    }),
    charge({
      chargeId: 'BAL-2324',
      chargeType: 'ITSA',
      creationDate: '2025-01-12',
      chargeAmount: 950.55,
      outstandingAmount: 0,
      taxYear: '2023-2024',
      dueDate: '2025-01-31',
      accruingInterest: 0,
      accruingInterestPeriod: { interestStartDate: '2025-02-01' },
      amendments: [
        {
          amendmentDate: '2025-03-01',
          amendmentAmount: -150.55,
          amendmentReason: 'Appeal',
          isPaymentRelated: false,
        },
      ],
    }),
    // 2024-25: part-paid and overdue with interest, unpaid with interest, pennies of penalties and interest, and
    // a balancing payment increased by an amended return.
    charge({
      chargeId: 'POA1-2425',
      chargeType: 'POA1',
      creationDate: '2024-08-03',
      chargeAmount: 1500,
      outstandingAmount: 600,
      taxYear: '2024-2025',
      dueDate: '2025-01-31',
      outstandingInterestDue: 45.67,
      accruingInterest: 3.21,
      accruingInterestPeriod: { interestStartDate: '2025-02-01' },
      accruingInterestRate: 7.5,
    }),
    charge({
      chargeId: 'POA2-2425',
      chargeType: 'POA2',
      creationDate: '2024-08-03',
      chargeAmount: 1500,
      outstandingAmount: 1500,
      taxYear: '2024-2025',
      dueDate: '2025-07-31',
      outstandingInterestDue: 12.33,
      accruingInterestPeriod: { interestStartDate: '2025-08-01', interestEndDate: '2026-12-31' },
      accruingInterestRate: 7.75,
    }),
    charge({
      chargeId: 'LPI-2425',
      chargeType: 'LPI',
      creationDate: '2025-09-01',
      chargeAmount: 0.1,
      outstandingAmount: 0.1,
      taxYear: '2024-2025',
      dueDate: '2025-10-01',
    }),
    charge({
      chargeId: 'LPP1-2425',
      chargeType: 'LPP1',
      creationDate: '2025-09-01',
      chargeAmount: 0.2,
      outstandingAmount: 0.2,
      taxYear: '2024-2025',
      dueDate: '2025-10-01',
    }),
    charge({
      chargeId: 'BAL-2425',
      chargeType: 'ITSA',
      creationDate: '2026-01-08',
      chargeAmount: 3000,
      outstandingAmount: 3250,
      taxYear: '2024-2025',
      dueDate: '2026-01-31',
      // Ended yesterday.
      accruingInterestPeriod: { interestStartDate: '2026-02-01', interestEndDate: '2026-11-20' },
      amendments: [
        {
          amendmentDate: '2026-02-15',
          amendmentAmount: 250,
          amendmentReason: 'Amended return',
          isPaymentRelated: false,
        },
      ],
    }),
    // 2025-26: paid, reduced to nothing, a penalty due yesterday, Class 2 due today and part-paid, a penalty due
    // in 29 days and a charge due in 30. POA2's reduction is listed before the charges raised on the same day.
    charge({
      chargeId: 'POA1-2526',
      chargeType: 'POA1',
      creationDate: '2025-08-02',
      chargeAmount: 2000,
      outstandingAmount: 0,
      taxYear: '2025-2026',
      dueDate: '2026-01-31',
    }),
    charge({
      chargeId: 'POA2-2526',
      chargeType: 'POA2',
      creationDate: '2025-08-02',
      chargeAmount: 2000,
      outstandingAmount: 0,
      taxYear: '2025-2026',
      dueDate: '2026-07-31',
      amendments: [
        {
          amendmentDate: '2026-10-20',
          amendmentAmount: -2000,
          amendmentReason: 'Reduced payment on account',
          isPaymentRelated: false,
        },
      ],
    }),
    charge({
      chargeId: 'LFP-2526',
      chargeType: 'LFP',
      creationDate: '2026-10-20',
      chargeAmount: 100,
      outstandingAmount: 100,
      taxYear: '2025-2026',
      dueDate: '2026-11-20',
      // Ends today.
      accruingInterestPeriod: { interestStartDate: '2026-11-21', interestEndDate: '2026-11-21' },
    }),
    charge({
      chargeId: 'NIC2-2526',
      chargeType: 'NICS',
      creationDate: '2026-10-20',
      chargeAmount: 179.4,
      outstandingAmount: 100,
      taxYear: '2025-2026',
      dueDate: '2026-11-21',
      amendments: [
        {
          amendmentDate: '2026-10-22',
          amendmentAmount: 79.4,
          amendmentReason: 'Payment',
          isPaymentRelated: true,
          paymentMethod: 'CARD',
          paymentDate: '2026-10-20',
        },
      ],
    }),
    charge({
      chargeId: 'LPP2-2526',
      chargeType: 'LPP2',
      creationDate: '2026-11-01',
      chargeAmount: 60,
      outstandingAmount: 60,
      taxYear: '2025-2026',
      dueDate: '2026-12-20',
    }),
    charge({
      chargeId: 'ADJ-2526',
      chargeType: 'ITSA',
      creationDate: '2026-11-01',
      chargeAmount: 40.5,
      outstandingAmount: 40.5,
      taxYear: '2025-2026',
      dueDate: '2026-12-21',
    }),
    // 2026-27: payments on account not yet due.
    charge({
      chargeId: 'POA1-2627',
      chargeType: 'POA1',
      creationDate: '2026-08-05',
      chargeAmount: 2500,
      outstandingAmount: 2500,
      taxYear: '2026-2027',
      dueDate: '2027-01-31',
    }),
    charge({
      chargeId: 'POA2-2627',
      chargeType: 'POA2',
      creationDate: '2026-08-05',
      chargeAmount: 2500,
      outstandingAmount: 2500,
      taxYear: '2026-2027',
      dueDate: '2027-07-31',
    }),
  ],
  paymentHistoryDetails: [
    {
      paymentAmount: 2400,
      paymentDate: '2024-01-30',
      processedDate: '2024-02-01',
      paymentMethod: 'BACS',
      paymentReference: 'PAY-A',
      allocationReference: 'BAL-2223',
    },
    {
      paymentAmount: 1200,
      paymentDate: '2024-01-29',
      processedDate: '2024-01-31',
      paymentMethod: 'DIRECT DEBIT',
      paymentReference: 'PAY-B',
      allocationReference: 'POA1-2324',
    },
    {
      paymentAmount: 800,
      paymentDate: '2025-01-31',
      paymentMethod: 'BACS',
      paymentReference: 'PAY-D',
      allocationReference: 'BAL-2324',
    },
    {
      paymentAmount: 900,
      paymentDate: '2025-01-20',
      processedDate: '2025-01-22',
      paymentMethod: 'BACS',
      paymentReference: 'PAY-E',
      allocationReference: 'POA1-2425',
    },
    {
      paymentAmount: 2000,
      paymentDate: '2026-01-30',
      processedDate: '2026-02-01',
      paymentMethod: 'BACS',
      paymentReference: 'PAY-J',
      allocationReference: 'POA1-2526',
    },
    // Not allocated: the credit on the account.
    {
      paymentAmount: 250,
      paymentDate: '2026-03-01',
      processedDate: '2026-03-03',
      paymentMethod: 'CARD',
      paymentReference: 'PAY-X',
    },
    // No reference.
    {
      paymentAmount: 79.4,
      paymentDate: '2026-10-20',
      paymentMethod: 'CARD',
      allocationReference: 'NIC2-2526',
    },
  ],
  refundDetails: [
    {
      refundRequestDate: '2021-05-01',
      refundDate: '2021-05-10',
      refundRequestAmount: 10,
      totalRefundAmount: 10,
      refundMethod: 'BACS',
      refundStatus: 'Processed',
    },
    {
      refundRequestDate: '2025-03-10',
      refundDate: '2025-03-20',
      refundRequestAmount: 150.55,
      interestAddedToRefund: 1.2,
      totalRefundAmount: 151.75,
      refundMethod: 'BACS',
      refundDescription: 'Overpayment from appeal',
      refundStatus: 'Processed',
    },
    { refundDate: '2026-06-01', refundRequestAmount: 75, totalRefundAmount: 75, refundStatus: 'Issued' },
    {
      refundRequestDate: '2026-11-01',
      refundRequestAmount: 250,
      totalRefundAmount: 250,
      refundStatus: 'Pending',
    },
  ],
};

const CHARGE_FIELDS = `chargeId chargeType creationDate taxYear chargeAmount outstandingAmount dueDate status
  outstandingInterestDue accruingInterest accruingInterestPeriod { interestStartDate interestEndDate }
  accruingInterestRate interestAccruing
  amendments { amendmentDate amendmentAmount amendmentReason isPaymentRelated paymentMethod paymentDate }`;
const PAYMENT_FIELDS =
  'paymentAmount paymentDate processedDate paymentMethod paymentReference allocationReference';
const YEAR_FIELDS = `taxYear charges { chargeId } payments { paymentAmount paymentDate }
  amountCharged amountPaid amountOutstanding amountOverdue interestOutstanding nextDueDate
  transactions { date kind chargeId description amount balance }`;
const SUMMARY_FIELDS = `taxYear pensionCharges { chargeableAmount taxPaid }
  reliefs { investments other foreign pensions charitableGiving total } disclosuresPresent
  selfAssessment { charged paid outstanding overdue nextDueDate } noData`;

/** What HMRC's charge looks like through the graph: absent optional fields are `null`, the rest as HMRC sent it. */
function asGraphQL(dto: ChargeDetailDto, taxYear: string, status: string, interestAccruing: boolean) {
  return {
    chargeId: dto.chargeId,
    chargeType: dto.chargeType,
    creationDate: dto.creationDate,
    taxYear,
    chargeAmount: dto.chargeAmount,
    outstandingAmount: dto.outstandingAmount,
    dueDate: dto.dueDate,
    status,
    outstandingInterestDue: dto.outstandingInterestDue ?? null,
    accruingInterest: dto.accruingInterest ?? null,
    accruingInterestPeriod: dto.accruingInterestPeriod
      ? {
          interestStartDate: dto.accruingInterestPeriod.interestStartDate ?? null,
          interestEndDate: dto.accruingInterestPeriod.interestEndDate ?? null,
        }
      : null,
    accruingInterestRate: dto.accruingInterestRate ?? null,
    interestAccruing,
    amendments: (dto.amendments ?? []).map((a) => ({
      amendmentDate: a.amendmentDate,
      amendmentAmount: a.amendmentAmount,
      amendmentReason: a.amendmentReason,
      isPaymentRelated: a.isPaymentRelated,
      paymentMethod: a.paymentMethod ?? null,
      paymentDate: a.paymentDate ?? null,
    })),
  };
}

const fixtureCharge = (id: string) => FIXTURE.chargeDetails!.find((c) => c.chargeId === id)!;

/** Derived by hand for 2026-11-21: [our tax year, status, interest accruing]. */
const DERIVED: Record<string, [string, string, boolean]> = {
  'BAL-1920': ['2019-20', 'CLEARED', false],
  'BAL-2223': ['2022-23', 'CLEARED', false],
  'POA1-2324': ['2023-24', 'CLEARED', false],
  'POA2-2324': ['2023-24', 'CLEARED', false],
  // A period with no end, but nothing outstanding and accruingInterest 0.
  'BAL-2324': ['2023-24', 'CLEARED', false],
  // accruingInterest 3.21 > 0.
  'POA1-2425': ['2024-25', 'OVERDUE', true],
  // Outstanding, period ends 2026-12-31.
  'POA2-2425': ['2024-25', 'OVERDUE', true],
  'LPI-2425': ['2024-25', 'OVERDUE', false],
  'LPP1-2425': ['2024-25', 'OVERDUE', false],
  // Outstanding, but the period ended yesterday.
  'BAL-2425': ['2024-25', 'OVERDUE', false],
  'POA1-2526': ['2025-26', 'CLEARED', false],
  'POA2-2526': ['2025-26', 'CLEARED', false],
  // Due yesterday; the period ends today, so it has not ended.
  'LFP-2526': ['2025-26', 'OVERDUE', true],
  // Due today.
  'NIC2-2526': ['2025-26', 'DUE', false],
  // Due in 29 days.
  'LPP2-2526': ['2025-26', 'DUE', false],
  // Due in 30 days.
  'ADJ-2526': ['2025-26', 'PENDING', false],
  'POA1-2627': ['2026-27', 'PENDING', false],
  'POA2-2627': ['2026-27', 'PENDING', false],
};

const expectedCharge = (id: string) => asGraphQL(fixtureCharge(id), ...DERIVED[id]!);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ clock: fixedClock(TODAY), simulator: { saAccounts: { [UTR]: () => FIXTURE } } });
});
afterAll(() => stack.stop());
beforeEach(() => stack.simulator.reset());

const chargeIds = (charges: ReadonlyArray<{ chargeId: string }>) => charges.map((c) => c.chargeId);
const saCalls = () => upstreamCalls(stack.simulator, BREAKDOWN).map((r) => r.url);
const saCall = (utr: string, fromDate: string) => `${BREAKDOWN}${utr}?fromDate=${fromDate}`;

describe('selfAssessmentAccount', () => {
  const ACCOUNT = `query($utr: Utr, $from: Date) { taxpayer(nino: "${NINO}", utr: $utr) {
    selfAssessmentAccount(fromDate: $from) {
      fromDate
      balanceDetails {
        totalOverdueBalance totalPayableBalance earliestPayableDueDate totalPendingBalance earliestPendingDueDate
        totalBalance totalCreditAvailable codedOutDetail { totalAmount effectiveStartDate effectiveEndDate }
      }
      chargeDetails { ${CHARGE_FIELDS} }
      paymentHistoryDetails { ${PAYMENT_FIELDS} }
      refundDetails {
        totalRefundAmount refundRequestAmount interestAddedToRefund refundDate refundRequestDate refundMethod
        refundDescription refundStatus
      }
    } } }`;

  it('answers every field from HMRC’s account from fromDate, with status and interest derived for today', async () => {
    const { status, body } = await stack.gql(ACCOUNT, { utr: UTR, from: '2024-04-06' });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const account = body.data.taxpayer.selfAssessmentAccount;
    expect(account.fromDate).toBe('2024-04-06');
    expect(account.balanceDetails).toEqual({
      totalOverdueBalance: 5450.3,
      totalPayableBalance: 160,
      earliestPayableDueDate: '2026-11-21',
      totalPendingBalance: 5040.5,
      earliestPendingDueDate: '2026-12-21',
      totalBalance: 10650.8,
      totalCreditAvailable: 250,
      codedOutDetail: [
        { totalAmount: 1200, effectiveStartDate: '2025-04-06', effectiveEndDate: '2026-04-05' },
      ],
    });
    // Raised on or after 2024-04-06: not BAL-1920, BAL-2223, POA1-2324, POA2-2324.
    expect(account.chargeDetails).toEqual(
      [
        'BAL-2324',
        'POA1-2425',
        'POA2-2425',
        'LPI-2425',
        'LPP1-2425',
        'BAL-2425',
        'POA1-2526',
        'POA2-2526',
        'LFP-2526',
        'NIC2-2526',
        'LPP2-2526',
        'ADJ-2526',
        'POA1-2627',
        'POA2-2627',
      ].map(expectedCharge),
    );
    // Spot-check the mapping by hand as well, for one charge with everything.
    expect(account.chargeDetails[1]).toEqual({
      chargeId: 'POA1-2425',
      chargeType: 'POA1',
      creationDate: '2024-08-03',
      taxYear: '2024-25',
      chargeAmount: 1500,
      outstandingAmount: 600,
      dueDate: '2025-01-31',
      status: 'OVERDUE',
      outstandingInterestDue: 45.67,
      accruingInterest: 3.21,
      accruingInterestPeriod: { interestStartDate: '2025-02-01', interestEndDate: null },
      accruingInterestRate: 7.5,
      interestAccruing: true,
      amendments: [],
    });
    // Paid on or after 2024-04-06: not PAY-A, PAY-B.
    expect(account.paymentHistoryDetails).toEqual([
      {
        paymentAmount: 800,
        paymentDate: '2025-01-31',
        processedDate: null,
        paymentMethod: 'BACS',
        paymentReference: 'PAY-D',
        allocationReference: 'BAL-2324',
      },
      {
        paymentAmount: 900,
        paymentDate: '2025-01-20',
        processedDate: '2025-01-22',
        paymentMethod: 'BACS',
        paymentReference: 'PAY-E',
        allocationReference: 'POA1-2425',
      },
      {
        paymentAmount: 2000,
        paymentDate: '2026-01-30',
        processedDate: '2026-02-01',
        paymentMethod: 'BACS',
        paymentReference: 'PAY-J',
        allocationReference: 'POA1-2526',
      },
      {
        paymentAmount: 250,
        paymentDate: '2026-03-01',
        processedDate: '2026-03-03',
        paymentMethod: 'CARD',
        paymentReference: 'PAY-X',
        allocationReference: null,
      },
      {
        paymentAmount: 79.4,
        paymentDate: '2026-10-20',
        processedDate: null,
        paymentMethod: 'CARD',
        paymentReference: null,
        allocationReference: 'NIC2-2526',
      },
    ]);
    // Requested (or, without a request date, made) on or after 2024-04-06: not the 2021 refund.
    expect(account.refundDetails).toEqual([
      {
        totalRefundAmount: 151.75,
        refundRequestAmount: 150.55,
        interestAddedToRefund: 1.2,
        refundDate: '2025-03-20',
        refundRequestDate: '2025-03-10',
        refundMethod: 'BACS',
        refundDescription: 'Overpayment from appeal',
        refundStatus: 'Processed',
      },
      {
        totalRefundAmount: 75,
        refundRequestAmount: 75,
        interestAddedToRefund: null,
        refundDate: '2026-06-01',
        refundRequestDate: null,
        refundMethod: null,
        refundDescription: null,
        refundStatus: 'Issued',
      },
      {
        totalRefundAmount: 250,
        refundRequestAmount: 250,
        interestAddedToRefund: null,
        refundDate: null,
        refundRequestDate: '2026-11-01',
        refundMethod: null,
        refundDescription: null,
        refundStatus: 'Pending',
      },
    ]);
    expect(saCalls()).toEqual([saCall(UTR, '2024-04-06')]);
  });

  it('from the earliest date HMRC serves: every charge since 2020-04-06, statuses as derived', async () => {
    const { body } = await stack.gql(ACCOUNT, { utr: UTR, from: '2020-04-06' });
    expect(body.errors).toBeUndefined();
    const charges = body.data.taxpayer.selfAssessmentAccount.chargeDetails;
    expect(charges).toEqual(
      Object.keys(DERIVED)
        .filter((id) => id !== 'BAL-1920')
        .map(expectedCharge),
    );
    expect(body.data.taxpayer.selfAssessmentAccount.refundDetails).toHaveLength(4);
    expect(saCalls()).toEqual([saCall(UTR, '2020-04-06')]);
  });

  it('without fromDate: HMRC’s default, the start of the previous tax year (2025-04-06)', async () => {
    const { body } = await stack.gql(ACCOUNT, { utr: UTR });
    expect(body.errors).toBeUndefined();
    const account = body.data.taxpayer.selfAssessmentAccount;
    expect(account.fromDate).toBe('2025-04-06');
    expect(chargeIds(account.chargeDetails)).toEqual([
      'LPI-2425',
      'LPP1-2425',
      'BAL-2425',
      'POA1-2526',
      'POA2-2526',
      'LFP-2526',
      'NIC2-2526',
      'LPP2-2526',
      'ADJ-2526',
      'POA1-2627',
      'POA2-2627',
    ]);
    expect(account.balanceDetails.totalBalance).toBe(10650.8);
    expect(saCalls()).toEqual([saCall(UTR, '2025-04-06')]);
  });

  it.each([
    ['the day before the window', '2020-04-05', '2020-04-06 and 2026-11-21'],
    ['years before the window', '2015-04-06', '2020-04-06 and 2026-11-21'],
    ['tomorrow', '2026-11-22', '2020-04-06 and 2026-11-21'],
  ])('refuses %s (%s) with RULE_FROM_DATE_OUT_OF_RANGE, sending nothing', async (_name, from, between) => {
    const { status, body } = await stack.gql(
      `query($from: Date) { taxpayer(nino: "${NINO}", utr: "${UTR}") { nino selfAssessmentAccount(fromDate: $from) { fromDate } } }`,
      { from },
    );
    expect(status).toBe(200);
    expect(body.data.taxpayer).toEqual({ nino: NINO, selfAssessmentAccount: null });
    expect(body.errors).toEqual([
      {
        message: `fromDate must be between ${between}: HMRC serves the current and the previous six tax years`,
        locations: [expect.any(Object)],
        path: ['taxpayer', 'selfAssessmentAccount'],
        extensions: gatewayError('RULE_FROM_DATE_OUT_OF_RANGE'),
      },
    ]);
    expect(stack.simulator.requests).toHaveLength(0);
  });

  it('accepts the first day of the window and today', async () => {
    for (const from of ['2020-04-06', '2026-11-21']) {
      const { body } = await stack.gql(
        `{ taxpayer(nino: "${NINO}", utr: "${UTR}") { selfAssessmentAccount(fromDate: "${from}") { fromDate } } }`,
      );
      expect(body).toEqual({ data: { taxpayer: { selfAssessmentAccount: { fromDate: from } } } });
    }
    expect(saCalls()).toEqual([saCall(UTR, '2020-04-06'), saCall(UTR, '2026-11-21')]);
  });

  it.each([
    [
      'a literal',
      `{ taxpayer(nino: "${NINO}", utr: "${UTR}") { selfAssessmentAccount(fromDate: "2026-02-30") { fromDate } } }`,
      undefined,
    ],
    [
      'a variable',
      `query($from: Date) { taxpayer(nino: "${NINO}", utr: "${UTR}") { selfAssessmentAccount(fromDate: $from) { fromDate } } }`,
      { from: '21/11/2026' },
    ],
    [
      'a variable of the wrong type',
      `query($from: Date) { taxpayer(nino: "${NINO}", utr: "${UTR}") { selfAssessmentAccount(fromDate: $from) { fromDate } } }`,
      { from: 20261121 },
    ],
  ])(
    'an invalid Date as %s fails the request with FORMAT_DATE (HTTP 400)',
    async (_name, query, variables) => {
      const { status, body } = await stack.gql(query, variables);
      expect(status).toBe(400);
      expect(body.data).toBeUndefined();
      expect(body.errors!.map((e): unknown => e.extensions)).toEqual([gatewayError('FORMAT_DATE')]);
      expect(stack.simulator.requests).toHaveLength(0);
    },
  );

  it.each([
    ['a literal', `{ taxpayer(nino: "${NINO}", utr: "123456789K") { utr } }`, undefined],
    ['a variable', `query($utr: Utr) { taxpayer(nino: "${NINO}", utr: $utr) { utr } }`, { utr: '12345' }],
  ])('an invalid UTR as %s fails the request with FORMAT_UTR (HTTP 400)', async (_name, query, variables) => {
    const { status, body } = await stack.gql(query, variables);
    expect(status).toBe(400);
    expect(body.errors!.map((e): unknown => e.extensions)).toEqual([gatewayError('FORMAT_UTR')]);
    expect(stack.simulator.requests).toHaveLength(0);
  });

  it('is null, not an error, for a UTR HMRC holds nothing for (HMRC 404); so is every year of it', async () => {
    const { body } = await stack.gql(`{ taxpayer(nino: "${NINO}", utr: "9999999999") {
      utr
      selfAssessmentAccount { fromDate }
      taxYear(taxYear: "2024-25") { selfAssessment { amountCharged } summary { selfAssessment { charged paid outstanding overdue nextDueDate } } }
    } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.taxpayer).toEqual({
      utr: '9999999999',
      selfAssessmentAccount: null,
      taxYear: {
        selfAssessment: null,
        summary: { selfAssessment: { charged: 0, paid: 0, outstanding: 0, overdue: 0, nextDueDate: null } },
      },
    });
    expect(saCalls()).toEqual([saCall('9999999999', '2023-04-06')]);
  });

  it('reports HMRC’s 500 for the sandbox UTR 1100000500 as INTERNAL_SERVER_ERROR with HMRC’s correlation id, nothing of HMRC’s text', async () => {
    const response = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({
        query: `{ taxpayer(nino: "${NINO}", utr: "1100000500") {
          nino
          selfAssessmentAccount { fromDate }
          taxYear(taxYear: "2024-25") { taxYear selfAssessment { amountCharged } }
        } }`,
      }),
    });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).not.toMatch(/Unexpected internal error|service desk|Please contact/i);
    const body = JSON.parse(text) as GraphQLResponse['body'];
    expect(body.data).toEqual({
      taxpayer: {
        nino: NINO,
        selfAssessmentAccount: null,
        taxYear: { taxYear: '2024-25', selfAssessment: null },
      },
    });
    expect(body.errors).toHaveLength(2);
    for (const error of body.errors!) {
      expect(error.message).toBe('An internal server error occurred');
      expect(error.extensions).toEqual({
        code: 'INTERNAL_SERVER_ERROR',
        status: 500,
        origin: 'HMRC',
        correlationId: expect.stringMatching(UUID),
      });
    }
    expect(body.errors!.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        ['taxpayer', 'selfAssessmentAccount'],
        ['taxpayer', 'taxYear', 'selfAssessment'],
      ]),
    );
    // One call for both fields; the correlation id is the one HMRC (the simulator) answered with.
    const [call] = upstreamCalls(stack.simulator, BREAKDOWN);
    expect(saCalls()).toEqual([saCall('1100000500', '2023-04-06')]);
    expect(call!.authorization).toBe(stack.simulator.fingerprint(`Bearer ${TOKEN}`));
    expect(call!.headers.accept).toBe('application/vnd.hmrc.1.0+json');
  });
});

describe('MISSING_UTR', () => {
  it('fails each Self Assessment field without a UTR, while the fields beside it resolve', async () => {
    const { status, body } = await stack.gql(`{ taxpayer(nino: "${NINO}") {
      nino
      utr
      selfAssessmentAccount { fromDate }
      taxYear(taxYear: "2023-24") {
        taxYear
        pensionCharges { submittedOn }
        selfAssessment { amountCharged }
        summary { taxYear pensionCharges { chargeableAmount } selfAssessment { charged } noData }
      }
    } }`);
    expect(status).toBe(200);
    expect(body.data.taxpayer).toEqual({
      nino: NINO,
      utr: null,
      selfAssessmentAccount: null,
      taxYear: {
        taxYear: '2023-24',
        pensionCharges: { submittedOn: '2023-07-27T17:00:19.000Z' },
        selfAssessment: null,
        // The demo's 2023-24 pension charges (HMRC's def1 example): 724.98. Every other source holds data, and
        // without a UTR Self Assessment is not listed.
        summary: {
          taxYear: '2023-24',
          pensionCharges: { chargeableAmount: 724.98 },
          selfAssessment: null,
          noData: [],
        },
      },
    });
    expect(body.errors).toHaveLength(3);
    expect(body.errors!.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        ['taxpayer', 'selfAssessmentAccount'],
        ['taxpayer', 'taxYear', 'selfAssessment'],
        ['taxpayer', 'taxYear', 'summary', 'selfAssessment'],
      ]),
    );
    for (const error of body.errors!) {
      expect(error.message).toBe(
        'Self Assessment account data needs the taxpayer’s UTR: pass utr to taxpayer',
      );
      expect(error.extensions).toEqual(gatewayError('MISSING_UTR'));
    }
    expect(saCalls()).toEqual([]);
  });

  it('fails before anything else: a year outside the window without a UTR is MISSING_UTR too', async () => {
    const { body } = await stack.gql(
      `{ taxpayer(nino: "${NINO}") { taxYear(taxYear: "2015-16") { selfAssessment { amountCharged } } } }`,
    );
    expect(body.errors!.map((e): unknown => e.extensions)).toEqual([gatewayError('MISSING_UTR')]);
  });
});

describe('TaxpayerYear.selfAssessment', () => {
  const YEAR = `query($year: TaxYear!) { taxpayer(nino: "${NINO}", utr: "${UTR}") {
    taxYear(taxYear: $year) { selfAssessment { ${YEAR_FIELDS} } } } }`;
  const slice = async (year: string): Promise<unknown> => {
    const { body } = await stack.gql(YEAR, { year });
    expect(body.errors).toBeUndefined();
    return body.data.taxpayer.taxYear.selfAssessment;
  };

  it('2024-25: part-paid, overdue, pennies added exactly, increased by an amended return', async () => {
    expect(await slice('2024-25')).toEqual({
      taxYear: '2024-25',
      charges: [
        { chargeId: 'POA1-2425' },
        { chargeId: 'POA2-2425' },
        { chargeId: 'LPI-2425' },
        { chargeId: 'LPP1-2425' },
        { chargeId: 'BAL-2425' },
      ],
      payments: [{ paymentAmount: 900, paymentDate: '2025-01-20' }],
      // 1500 + 1500 + 0.10 + 0.20 + 3000
      amountCharged: 6000.3,
      amountPaid: 900,
      // 600 + 1500 + 0.10 + 0.20 + 3250, all of it past due
      amountOutstanding: 5350.3,
      amountOverdue: 5350.3,
      // 45.67 + 12.33
      interestOutstanding: 58,
      nextDueDate: null,
      transactions: [
        {
          date: '2024-08-03',
          kind: 'CHARGE',
          chargeId: 'POA1-2425',
          description: 'POA1',
          amount: 1500,
          balance: 1500,
        },
        {
          date: '2024-08-03',
          kind: 'CHARGE',
          chargeId: 'POA2-2425',
          description: 'POA2',
          amount: 1500,
          balance: 3000,
        },
        {
          date: '2025-01-20',
          kind: 'PAYMENT',
          chargeId: 'POA1-2425',
          description: 'PAY-E',
          amount: -900,
          balance: 2100,
        },
        {
          date: '2025-09-01',
          kind: 'CHARGE',
          chargeId: 'LPI-2425',
          description: 'LPI',
          amount: 0.1,
          balance: 2100.1,
        },
        {
          date: '2025-09-01',
          kind: 'CHARGE',
          chargeId: 'LPP1-2425',
          description: 'LPP1',
          amount: 0.2,
          balance: 2100.3,
        },
        {
          date: '2026-01-08',
          kind: 'CHARGE',
          chargeId: 'BAL-2425',
          description: 'ITSA',
          amount: 3000,
          balance: 5100.3,
        },
        {
          date: '2026-02-15',
          kind: 'ADJUSTMENT',
          chargeId: 'BAL-2425',
          description: 'Amended return',
          amount: 250,
          balance: 5350.3,
        },
      ],
    });
  });

  it('2025-26: same-day CHARGE < ADJUSTMENT < PAYMENT, a payment without reference, due today is next', async () => {
    expect(await slice('2025-26')).toEqual({
      taxYear: '2025-26',
      charges: ['POA1-2526', 'POA2-2526', 'LFP-2526', 'NIC2-2526', 'LPP2-2526', 'ADJ-2526'].map(
        (chargeId) => ({
          chargeId,
        }),
      ),
      payments: [
        { paymentAmount: 2000, paymentDate: '2026-01-30' },
        { paymentAmount: 79.4, paymentDate: '2026-10-20' },
      ],
      // 2000 + 2000 + 100 + 179.40 + 60 + 40.50
      amountCharged: 4379.9,
      // 2000 + 79.40
      amountPaid: 2079.4,
      // 100 + 100 + 60 + 40.50
      amountOutstanding: 300.5,
      // Only LFP (due yesterday); NIC2 is due today.
      amountOverdue: 100,
      interestOutstanding: 0,
      nextDueDate: '2026-11-21',
      transactions: [
        {
          date: '2025-08-02',
          kind: 'CHARGE',
          chargeId: 'POA1-2526',
          description: 'POA1',
          amount: 2000,
          balance: 2000,
        },
        {
          date: '2025-08-02',
          kind: 'CHARGE',
          chargeId: 'POA2-2526',
          description: 'POA2',
          amount: 2000,
          balance: 4000,
        },
        {
          date: '2026-01-30',
          kind: 'PAYMENT',
          chargeId: 'POA1-2526',
          description: 'PAY-J',
          amount: -2000,
          balance: 2000,
        },
        {
          date: '2026-10-20',
          kind: 'CHARGE',
          chargeId: 'LFP-2526',
          description: 'LFP',
          amount: 100,
          balance: 2100,
        },
        {
          date: '2026-10-20',
          kind: 'CHARGE',
          chargeId: 'NIC2-2526',
          description: 'NICS',
          amount: 179.4,
          balance: 2279.4,
        },
        {
          date: '2026-10-20',
          kind: 'ADJUSTMENT',
          chargeId: 'POA2-2526',
          description: 'Reduced payment on account',
          amount: -2000,
          balance: 279.4,
        },
        // NIC2's payment-related amendment (2026-10-22) is this payment: left out.
        {
          date: '2026-10-20',
          kind: 'PAYMENT',
          chargeId: 'NIC2-2526',
          description: 'CARD',
          amount: -79.4,
          balance: 200,
        },
        {
          date: '2026-11-01',
          kind: 'CHARGE',
          chargeId: 'LPP2-2526',
          description: 'LPP2',
          amount: 60,
          balance: 260,
        },
        {
          date: '2026-11-01',
          kind: 'CHARGE',
          chargeId: 'ADJ-2526',
          description: 'ITSA',
          amount: 40.5,
          balance: 300.5,
        },
      ],
    });
  });

  it('2023-24: paid, coded out and reduced on appeal down to nothing', async () => {
    expect(await slice('2023-24')).toEqual({
      taxYear: '2023-24',
      charges: [{ chargeId: 'POA1-2324' }, { chargeId: 'POA2-2324' }, { chargeId: 'BAL-2324' }],
      payments: [
        { paymentAmount: 1200, paymentDate: '2024-01-29' },
        { paymentAmount: 800, paymentDate: '2025-01-31' },
      ],
      // 1200 + 1200 + 950.55
      amountCharged: 3350.55,
      amountPaid: 2000,
      amountOutstanding: 0,
      amountOverdue: 0,
      interestOutstanding: 0,
      nextDueDate: null,
      transactions: [
        {
          date: '2023-07-20',
          kind: 'CHARGE',
          chargeId: 'POA1-2324',
          description: 'POA1',
          amount: 1200,
          balance: 1200,
        },
        {
          date: '2023-07-20',
          kind: 'CHARGE',
          chargeId: 'POA2-2324',
          description: 'POA2',
          amount: 1200,
          balance: 2400,
        },
        {
          date: '2024-01-29',
          kind: 'PAYMENT',
          chargeId: 'POA1-2324',
          description: 'PAY-B',
          amount: -1200,
          balance: 1200,
        },
        {
          date: '2024-05-10',
          kind: 'ADJUSTMENT',
          chargeId: 'POA2-2324',
          description: 'Coded out',
          amount: -1200,
          balance: 0,
        },
        {
          date: '2025-01-12',
          kind: 'CHARGE',
          chargeId: 'BAL-2324',
          description: 'ITSA',
          amount: 950.55,
          balance: 950.55,
        },
        {
          date: '2025-01-31',
          kind: 'PAYMENT',
          chargeId: 'BAL-2324',
          description: 'PAY-D',
          amount: -800,
          balance: 150.55,
        },
        {
          date: '2025-03-01',
          kind: 'ADJUSTMENT',
          chargeId: 'BAL-2324',
          description: 'Appeal',
          amount: -150.55,
          balance: 0,
        },
      ],
    });
  });

  it('2026-27: not yet due; 2021-22: nothing filed under it', async () => {
    expect(await slice('2026-27')).toEqual({
      taxYear: '2026-27',
      charges: [{ chargeId: 'POA1-2627' }, { chargeId: 'POA2-2627' }],
      payments: [],
      amountCharged: 5000,
      amountPaid: 0,
      amountOutstanding: 5000,
      amountOverdue: 0,
      interestOutstanding: 0,
      nextDueDate: '2027-01-31',
      transactions: [
        {
          date: '2026-08-05',
          kind: 'CHARGE',
          chargeId: 'POA1-2627',
          description: 'POA1',
          amount: 2500,
          balance: 2500,
        },
        {
          date: '2026-08-05',
          kind: 'CHARGE',
          chargeId: 'POA2-2627',
          description: 'POA2',
          amount: 2500,
          balance: 5000,
        },
      ],
    });
    expect(await slice('2021-22')).toEqual({
      taxYear: '2021-22',
      charges: [],
      payments: [],
      amountCharged: 0,
      amountPaid: 0,
      amountOutstanding: 0,
      amountOverdue: 0,
      interestOutstanding: 0,
      nextDueDate: null,
      transactions: [],
    });
  });

  it('asks HMRC from a year before the year’s first day, so that payments made ahead count (clamped to the window and to today)', async () => {
    await slice('2022-23');
    await slice('2026-27');
    await slice('2027-28');
    expect(saCalls()).toEqual([
      saCall(UTR, '2021-04-06'),
      saCall(UTR, '2025-04-06'),
      saCall(UTR, '2026-04-06'),
    ]);
  });

  it('refuses a year older than HMRC’s window with RULE_TAX_YEAR_NOT_SUPPORTED, without calling HMRC', async () => {
    const { body } = await stack.gql(YEAR, { year: '2019-20' });
    expect(body.data.taxpayer.taxYear.selfAssessment).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: ['taxpayer', 'taxYear', 'selfAssessment'],
        extensions: gatewayError('RULE_TAX_YEAR_NOT_SUPPORTED'),
      }),
    ]);
    expect(body.errors![0]!.message).toContain('2020-04-06');
    expect(stack.simulator.requests).toHaveLength(0);
  });

  it('the first year of the window is served', async () => {
    expect(await slice('2020-21')).toMatchObject({ taxYear: '2020-21', amountCharged: 0, transactions: [] });
    expect(saCalls()).toEqual([saCall(UTR, '2020-04-06')]);
  });
});

describe('taxYears', () => {
  const YEARS = (from: string, to: string) =>
    `{ taxpayer(nino: "${NINO}", utr: "${UTR}") { taxYears(from: "${from}", to: "${to}") { taxYear nino } } }`;

  it('lists seven years oldest first', async () => {
    const { body } = await stack.gql(YEARS('2020-21', '2026-27'));
    expect(body.errors).toBeUndefined();
    expect(body.data.taxpayer.taxYears).toEqual(
      ['2020-21', '2021-22', '2022-23', '2023-24', '2024-25', '2025-26', '2026-27'].map((taxYear) => ({
        taxYear,
        nino: NINO,
      })),
    );
  });

  it('lists a single year', async () => {
    const { body } = await stack.gql(YEARS('2023-24', '2023-24'));
    expect(body.data.taxpayer.taxYears).toEqual([{ taxYear: '2023-24', nino: NINO }]);
  });

  it.each([
    ['eight years', '2019-20', '2026-27', 'RULE_TAX_YEARS_RANGE_TOO_LONG'],
    ['a reversed range', '2024-25', '2023-24', 'RULE_TAX_YEARS_OUT_OF_ORDER'],
  ])('refuses %s with its code, calling nothing', async (_name, from, to, code) => {
    const { status, body } = await stack.gql(YEARS(from, to));
    expect(status).toBe(200);
    expect(body.errors).toEqual([
      expect.objectContaining({ path: ['taxpayer', 'taxYears'], extensions: gatewayError(code) }),
    ]);
    expect(stack.simulator.requests).toHaveLength(0);
  });

  it('a range reaching before the window: those years are RULE_TAX_YEAR_NOT_SUPPORTED, the rest answered', async () => {
    const { body } = await stack.gql(`{ taxpayer(nino: "${NINO}", utr: "${UTR}") {
      taxYears(from: "2019-20", to: "2025-26") { taxYear selfAssessment { amountCharged } } } }`);
    expect(body.data.taxpayer.taxYears).toEqual([
      { taxYear: '2019-20', selfAssessment: null },
      { taxYear: '2020-21', selfAssessment: { amountCharged: 0 } },
      { taxYear: '2021-22', selfAssessment: { amountCharged: 0 } },
      { taxYear: '2022-23', selfAssessment: { amountCharged: 2400 } },
      { taxYear: '2023-24', selfAssessment: { amountCharged: 3350.55 } },
      { taxYear: '2024-25', selfAssessment: { amountCharged: 6000.3 } },
      { taxYear: '2025-26', selfAssessment: { amountCharged: 4379.9 } },
    ]);
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: ['taxpayer', 'taxYears', 0, 'selfAssessment'],
        extensions: gatewayError('RULE_TAX_YEAR_NOT_SUPPORTED'),
      }),
    ]);
    expect(saCalls()).toEqual([saCall(UTR, '2020-04-06')]);
  });
});

interface YearRow {
  taxYear: string;
  selfAssessment: {
    amountCharged: number;
    amountOutstanding: number;
    transactions: Array<{ balance: number }>;
  };
  summary: { selfAssessment: unknown; noData: string[] };
}

describe('one Self Assessment call per request', () => {
  it('a query mixing the account, several year slices and summaries costs one call from the earliest date', async () => {
    const { body } = await stack.gql(`{ taxpayer(nino: "${NINO}", utr: "${UTR}") {
      recent: selfAssessmentAccount { fromDate chargeDetails { chargeId } }
      since2024: selfAssessmentAccount(fromDate: "2024-04-06") { fromDate chargeDetails { chargeId status } }
      taxYears(from: "2021-22", to: "2026-27") {
        taxYear
        selfAssessment { amountCharged amountOutstanding transactions { balance } }
        summary { selfAssessment { charged paid outstanding overdue nextDueDate } noData }
      }
      again: taxYear(taxYear: "2023-24") { selfAssessment { amountPaid } }
    } }`);
    expect(body.errors).toBeUndefined();
    expect(saCalls()).toEqual([saCall(UTR, '2020-04-06')]);

    // Each field got its own window of that one answer.
    const taxpayer = body.data.taxpayer;
    expect(taxpayer.recent.fromDate).toBe('2025-04-06');
    expect(taxpayer.recent.chargeDetails).toHaveLength(11);
    expect(taxpayer.since2024.fromDate).toBe('2024-04-06');
    expect(taxpayer.since2024.chargeDetails).toHaveLength(14);
    expect(
      (taxpayer.since2024.chargeDetails as Array<{ chargeId: string; status: string }>).find(
        (c) => c.chargeId === 'NIC2-2526',
      )!.status,
    ).toBe('DUE');
    expect(taxpayer.again.selfAssessment.amountPaid).toBe(2000);
    expect(
      (taxpayer.taxYears as YearRow[]).map((y) => [
        y.taxYear,
        y.selfAssessment.amountCharged,
        y.selfAssessment.amountOutstanding,
        y.selfAssessment.transactions.at(-1)?.balance ?? 0,
        y.summary.selfAssessment,
        y.summary.noData.includes('SELF_ASSESSMENT'),
      ]),
    ).toEqual([
      ['2021-22', 0, 0, 0, { charged: 0, paid: 0, outstanding: 0, overdue: 0, nextDueDate: null }, true],
      [
        '2022-23',
        2400,
        0,
        0,
        { charged: 2400, paid: 2400, outstanding: 0, overdue: 0, nextDueDate: null },
        false,
      ],
      [
        '2023-24',
        3350.55,
        0,
        0,
        { charged: 3350.55, paid: 2000, outstanding: 0, overdue: 0, nextDueDate: null },
        false,
      ],
      [
        '2024-25',
        6000.3,
        5350.3,
        5350.3,
        { charged: 6000.3, paid: 900, outstanding: 5350.3, overdue: 5350.3, nextDueDate: null },
        false,
      ],
      [
        '2025-26',
        4379.9,
        300.5,
        300.5,
        { charged: 4379.9, paid: 2079.4, outstanding: 300.5, overdue: 100, nextDueDate: '2026-11-21' },
        false,
      ],
      [
        '2026-27',
        5000,
        5000,
        5000,
        { charged: 5000, paid: 0, outstanding: 5000, overdue: 0, nextDueDate: '2027-01-31' },
        false,
      ],
    ]);
  });

  it('the account from the first day of the window and a later year: one call from that first day', async () => {
    const { body } = await stack.gql(`{ taxpayer(nino: "${NINO}", utr: "${UTR}") {
      selfAssessmentAccount(fromDate: "2020-04-06") { fromDate }
      taxYear(taxYear: "2025-26") { selfAssessment { amountCharged } }
    } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.taxpayer.taxYear.selfAssessment.amountCharged).toBe(4379.9);
    expect(saCalls()).toEqual([saCall(UTR, '2020-04-06')]);
  });

  it('noData asks in the same batch as the other fields: no second call for an earlier year', async () => {
    const { body } = await stack.gql(`{ taxpayer(nino: "${NINO}", utr: "${UTR}") {
      selfAssessmentAccount(fromDate: "2025-04-06") { fromDate }
      taxYear(taxYear: "2021-22") { summary { noData } }
    } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.taxpayer.taxYear.summary.noData).toContain('SELF_ASSESSMENT');
    expect(saCalls()).toEqual([saCall(UTR, '2020-04-06')]);
  });

  it('the same UTR given to two taxpayer fields is still one call', async () => {
    const { body } = await stack.gql(`{
      a: taxpayer(nino: "${NINO}", utr: "${UTR}") { taxYear(taxYear: "2024-25") { selfAssessment { amountPaid } } }
      b: taxpayer(nino: "AB123456C", utr: "${UTR}") { taxYear(taxYear: "2023-24") { selfAssessment { amountPaid } } }
    }`);
    expect(body.errors).toBeUndefined();
    expect(saCalls()).toEqual([saCall(UTR, '2022-04-06')]);
  });
});

// --- The demo taxpayer: AA123456A / UTR 1234567890 on 2026-11-21 ---------------------------------------------

/**
 * Worked out by hand from sa-demo.ts (each year's POA1 and POA2 are 1200.00 + 150.50 × n, the balancing payment
 * 900.00 + 225.25 × n, Class 2 179.40, for n = 0 … 6 from 2020-21) and from the resources' examples (HMRC's:
 * pension charges 724.98 before 2024-25 and 524.98 from it; investments 53974 with SITR, 50542 without; other
 * 3109.66; foreign 9568.68; pensions 9999.95; charitable giving 3000.36).
 */
const NOTHING = { chargeableAmount: 0, taxPaid: 0 };
const NO_RELIEFS = { investments: 0, other: 0, foreign: 0, pensions: 0, charitableGiving: 0, total: 0 };
const ALL_SOURCES = [
  'PENSION_CHARGES',
  'RELIEF_INVESTMENTS',
  'OTHER_RELIEFS',
  'FOREIGN_RELIEFS',
  'PENSION_RELIEFS',
  'CHARITABLE_GIVING',
  'DISCLOSURES',
];
const FULL_RELIEFS = {
  investments: 53974,
  other: 3109.66,
  foreign: 9568.68,
  pensions: 9999.95,
  charitableGiving: 3000.36,
  // 53974 + 3109.66 + 9568.68 + 9999.95 + 3000.36
  total: 79652.65,
};
const paidInFull = (charged: number) => ({
  charged,
  paid: charged,
  outstanding: 0,
  overdue: 0,
  nextDueDate: null,
});

const DEMO_SUMMARIES = [
  {
    taxYear: '2020-21',
    pensionCharges: NOTHING,
    reliefs: NO_RELIEFS,
    disclosuresPresent: false,
    // 1200 + 1200 + 900 + 179.40
    selfAssessment: paidInFull(3479.4),
    noData: ALL_SOURCES,
  },
  {
    taxYear: '2021-22',
    pensionCharges: NOTHING,
    reliefs: NO_RELIEFS,
    disclosuresPresent: false,
    // 1350.50 + 1350.50 + 1125.25 + 179.40
    selfAssessment: paidInFull(4005.65),
    noData: ALL_SOURCES,
  },
  {
    taxYear: '2022-23',
    pensionCharges: NOTHING,
    reliefs: NO_RELIEFS,
    disclosuresPresent: false,
    // 1501 + 1501 + 1350.50 + 179.40
    selfAssessment: paidInFull(4531.9),
    noData: ALL_SOURCES,
  },
  {
    taxYear: '2023-24',
    pensionCharges: { chargeableAmount: 724.98, taxPaid: 724.98 },
    reliefs: FULL_RELIEFS,
    disclosuresPresent: true,
    // 1651.50 + 1651.50 + 1575.75 + 179.40
    selfAssessment: paidInFull(5058.15),
    noData: [],
  },
  {
    taxYear: '2024-25',
    pensionCharges: { chargeableAmount: 524.98, taxPaid: 524.98 },
    reliefs: FULL_RELIEFS,
    disclosuresPresent: true,
    selfAssessment: {
      // 1802 + 1802 + 1801 + 179.40 + 23.45 (the interest charge raised 2026-11-11)
      charged: 5607.85,
      // 1802 + 1802 + 179.40: the balancing payment (1801 − 10% = 1620.90) is unpaid
      paid: 3783.4,
      // 1620.90 + 23.45
      outstanding: 1644.35,
      overdue: 1620.9,
      // The interest charge: today + 20 days.
      nextDueDate: '2026-12-11',
    },
    noData: [],
  },
  {
    taxYear: '2025-26',
    pensionCharges: NOTHING,
    // HMRC's examples from 2025-26: no SITR; charitable giving as before; nothing else held.
    reliefs: {
      investments: 50542,
      other: 0,
      foreign: 0,
      pensions: 0,
      charitableGiving: 3000.36,
      total: 53542.36,
    },
    disclosuresPresent: false,
    selfAssessment: {
      // POA1 and POA2 of 1952.50; the balancing payment and Class 2 are raised only in January 2027.
      charged: 3905,
      // POA1 in full, 60% of POA2 (1171.50)
      paid: 3124,
      outstanding: 781,
      overdue: 781,
      nextDueDate: null,
    },
    noData: ['PENSION_CHARGES', 'OTHER_RELIEFS', 'FOREIGN_RELIEFS', 'PENSION_RELIEFS', 'DISCLOSURES'],
  },
  {
    taxYear: '2026-27',
    pensionCharges: NOTHING,
    reliefs: NO_RELIEFS,
    disclosuresPresent: false,
    // POA1 and POA2 of 2103, due 2027-01-31 and 2027-07-31.
    selfAssessment: { charged: 4206, paid: 0, outstanding: 4206, overdue: 0, nextDueDate: '2027-01-31' },
    noData: ALL_SOURCES,
  },
];

describe('the yearly summary of the demo taxpayer (2026-11-21)', () => {
  const SEVEN_YEARS = `{ taxpayer(nino: "${NINO}", utr: "${DEMO_UTR}") {
    taxYears(from: "2020-21", to: "2026-27") { taxYear summary { ${SUMMARY_FIELDS} } } } }`;

  it('adds up every year as worked out by hand', async () => {
    const { body } = await stack.gql(SEVEN_YEARS);
    expect(body.errors).toBeUndefined();
    expect((body.data.taxpayer.taxYears as Array<{ summary: unknown }>).map((y) => y.summary)).toEqual(
      DEMO_SUMMARIES,
    );
  });

  it('costs at most one call per (resource, year) and exactly one Self Assessment call', async () => {
    await stack.gql(SEVEN_YEARS);
    const paths = stack.simulator.requests.map((r) => r.url);
    const counts = new Map<string, number>();
    for (const path of paths) counts.set(path, (counts.get(path) ?? 0) + 1);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);

    const years = ['2020-21', '2021-22', '2022-23', '2023-24', '2024-25', '2025-26', '2026-27'];
    const expected = [
      // Pension charges start at 2021-22: 2020-21 is not asked for.
      ...years.slice(1).map((y) => `/individuals/charges/pensions/${NINO}/${y}`),
      ...['investment', 'other', 'foreign', 'pensions', 'charitable-giving'].flatMap((r) =>
        years.map((y) => `/individuals/reliefs/${r}/${NINO}/${y}`),
      ),
      ...years.map((y) => `/individuals/disclosures/${NINO}/${y}`),
      saCall(DEMO_UTR, '2020-04-06'),
    ];
    expect([...paths].sort()).toEqual([...expected].sort());
    expect(paths).toHaveLength(6 + 5 * 7 + 7 + 1);
    expect(saCalls()).toEqual([saCall(DEMO_UTR, '2020-04-06')]);
  });

  it('lists years below a resource’s minimum in noData without calling HMRC for them', async () => {
    const { body } = await stack.gql(`{ taxpayer(nino: "${NINO}", utr: "${DEMO_UTR}") {
      y1920: taxYear(taxYear: "2019-20") { summary { ${SUMMARY_FIELDS} } }
      y1617: taxYear(taxYear: "2016-17") { summary { ${SUMMARY_FIELDS} } }
    } }`);
    expect(body.errors).toBeUndefined();
    const nothing = { charged: 0, paid: 0, outstanding: 0, overdue: 0, nextDueDate: null };
    expect(body.data.taxpayer.y1920.summary).toEqual({
      taxYear: '2019-20',
      pensionCharges: NOTHING,
      reliefs: NO_RELIEFS,
      disclosuresPresent: false,
      // Before HMRC's Self Assessment window too: zero, named, not an error.
      selfAssessment: nothing,
      noData: [...ALL_SOURCES, 'SELF_ASSESSMENT'],
    });
    expect(body.data.taxpayer.y1617.summary).toEqual({
      taxYear: '2016-17',
      pensionCharges: NOTHING,
      reliefs: NO_RELIEFS,
      disclosuresPresent: false,
      selfAssessment: nothing,
      noData: [...ALL_SOURCES, 'SELF_ASSESSMENT'],
    });
    // 2019-20: only charitable giving (from 2017-18) and disclosures (the sandbox's 2019-20) are asked; the others
    // start at 2020-21 (reliefs) and 2021-22 (pension charges). 2016-17: nothing. The SA account: never.
    expect(stack.simulator.requests.map((r) => r.url).sort()).toEqual([
      `/individuals/disclosures/${NINO}/2019-20`,
      `/individuals/reliefs/charitable-giving/${NINO}/2019-20`,
    ]);
  });

  it('without a UTR: selfAssessment is MISSING_UTR, every other total is answered', async () => {
    const { status, body } = await stack.gql(`{ taxpayer(nino: "${NINO}") {
      taxYear(taxYear: "2024-25") { summary { ${SUMMARY_FIELDS} } } } }`);
    expect(status).toBe(200);
    const { selfAssessment: _sa, ...others } = DEMO_SUMMARIES[4]!;
    expect(body.data.taxpayer.taxYear.summary).toEqual({ ...others, selfAssessment: null });
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: ['taxpayer', 'taxYear', 'summary', 'selfAssessment'],
        extensions: gatewayError('MISSING_UTR'),
      }),
    ]);
    expect(saCalls()).toEqual([]);
  });

  it('another taxpayer with no data anywhere: all zero, every source named', async () => {
    const { body } = await stack.gql(`{ taxpayer(nino: "AB123456C", utr: "9999999999") {
      taxYear(taxYear: "2024-25") { summary { ${SUMMARY_FIELDS} } } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.taxpayer.taxYear.summary).toEqual({
      taxYear: '2024-25',
      pensionCharges: NOTHING,
      reliefs: NO_RELIEFS,
      disclosuresPresent: false,
      selfAssessment: { charged: 0, paid: 0, outstanding: 0, overdue: 0, nextDueDate: null },
      noData: [...ALL_SOURCES, 'SELF_ASSESSMENT'],
    });
  });

  it('the demo account’s statuses: cleared, overdue, due (the interest charge) and pending', async () => {
    const { body } = await stack.gql(`{ taxpayer(nino: "${NINO}", utr: "${DEMO_UTR}") {
      selfAssessmentAccount { balanceDetails { totalOverdueBalance totalPayableBalance totalPendingBalance totalBalance }
        chargeDetails { chargeId status interestAccruing } } } }`);
    expect(body.errors).toBeUndefined();
    const account = body.data.taxpayer.selfAssessmentAccount;
    expect(account.balanceDetails).toEqual({
      totalOverdueBalance: 2401.9,
      totalPayableBalance: 23.45,
      totalPendingBalance: 4206,
      totalBalance: 6631.35,
    });
    // From 2025-04-06 (HMRC's default).
    expect(account.chargeDetails).toEqual([
      { chargeId: 'BAL-2425', status: 'OVERDUE', interestAccruing: true },
      { chargeId: 'NIC2-2425', status: 'CLEARED', interestAccruing: false },
      { chargeId: 'POA1-2526', status: 'CLEARED', interestAccruing: false },
      { chargeId: 'POA2-2526', status: 'OVERDUE', interestAccruing: false },
      { chargeId: 'POA1-2627', status: 'PENDING', interestAccruing: false },
      { chargeId: 'POA2-2627', status: 'PENDING', interestAccruing: false },
      { chargeId: 'LPI-2425', status: 'DUE', interestAccruing: false },
    ]);
  });
});

describe('"today" on 6 April: HMRC’s window in UTC, charge status in the UK', () => {
  // Charges whose status differs between the UTC date (5 April) and the UK date (6 April).
  const BOUNDARY: SaAccountDto = {
    balanceDetails: {
      totalOverdueBalance: 0,
      totalPayableBalance: 30,
      earliestPayableDueDate: '2026-04-05',
      totalPendingBalance: 0,
      totalBalance: 30,
      totalCreditAvailable: 0,
    },
    chargeDetails: ['2026-04-05', '2026-05-05', '2026-05-06'].map((dueDate) => ({
      chargeId: `DUE-${dueDate.slice(5).replace('-', '')}`,
      chargeType: 'ITSA',
      creationDate: '2026-03-01',
      chargeAmount: 10,
      outstandingAmount: 10,
      taxYear: '2025-2026',
      dueDate,
    })),
  };
  const QUERY = `query($from: Date) { taxpayer(nino: "${NINO}", utr: "3333333333") {
    selfAssessmentAccount(fromDate: $from) { fromDate chargeDetails { chargeId status } } } }`;
  let at: Stack;
  afterEach(() => at?.stop());

  const startAt = async (instant: string) => {
    at = await startStack({
      clock: fixedClock(instant),
      simulator: { saAccounts: { '3333333333': () => BOUNDARY } },
    });
  };
  const calls = () => upstreamCalls(at.simulator, BREAKDOWN).map((r) => r.url);

  it('23:30 UTC on 5 April (00:30 on 6 April in the UK): the window has not moved yet', async () => {
    await startAt('2026-04-05T23:30:00Z');
    // The earliest date is still 2019-04-06.
    let { body } = await at.gql(QUERY, { from: '2019-04-06' });
    expect(body.errors).toBeUndefined();
    // Statuses by the UK date, 6 April: due 5 April is overdue; due 5 May (+29 days) is DUE; 6 May pending.
    expect(body.data.taxpayer.selfAssessmentAccount.chargeDetails).toEqual([
      { chargeId: 'DUE-0405', status: 'OVERDUE' },
      { chargeId: 'DUE-0505', status: 'DUE' },
      { chargeId: 'DUE-0506', status: 'PENDING' },
    ]);
    expect(calls()).toEqual([saCall('3333333333', '2019-04-06')]);

    ({ body } = await at.gql(QUERY, { from: '2019-04-05' }));
    expect(body.errors!.map((e): unknown => e.extensions)).toEqual([
      gatewayError('RULE_FROM_DATE_OUT_OF_RANGE'),
    ]);
    // The UK's today is tomorrow in UTC.
    ({ body } = await at.gql(QUERY, { from: '2026-04-06' }));
    expect(body.errors!.map((e): unknown => e.extensions)).toEqual([
      gatewayError('RULE_FROM_DATE_OUT_OF_RANGE'),
    ]);
    expect(calls()).toHaveLength(1);

    // HMRC's default window, from UTC's 5 April: the previous tax year began 2024-04-06.
    ({ body } = await at.gql(QUERY, {}));
    expect(body.data.taxpayer.selfAssessmentAccount.fromDate).toBe('2024-04-06');

    // 2019-20 is still inside the window.
    ({ body } = await at.gql(
      `{ taxpayer(nino: "${NINO}", utr: "3333333333") { taxYear(taxYear: "2019-20") { selfAssessment { amountCharged } } } }`,
    ));
    expect(body.errors).toBeUndefined();
    expect(body.data.taxpayer.taxYear.selfAssessment.amountCharged).toBe(0);
  });

  it('midnight UTC on 6 April: the window moves on a year', async () => {
    await startAt('2026-04-06T00:00:00Z');
    let { body } = await at.gql(QUERY, { from: '2019-04-06' });
    expect(body.errors!.map((e): unknown => e.extensions)).toEqual([
      gatewayError('RULE_FROM_DATE_OUT_OF_RANGE'),
    ]);
    expect(calls()).toEqual([]);

    ({ body } = await at.gql(QUERY, { from: '2020-04-06' }));
    expect(body.errors).toBeUndefined();
    ({ body } = await at.gql(QUERY, { from: '2026-04-06' }));
    expect(body.errors).toBeUndefined();
    ({ body } = await at.gql(QUERY, {}));
    expect(body.data.taxpayer.selfAssessmentAccount.fromDate).toBe('2025-04-06');

    ({ body } = await at.gql(
      `{ taxpayer(nino: "${NINO}", utr: "3333333333") { taxYear(taxYear: "2019-20") { selfAssessment { amountCharged } } } }`,
    ));
    expect(body.errors!.map((e): unknown => e.extensions)).toEqual([
      gatewayError('RULE_TAX_YEAR_NOT_SUPPORTED'),
    ]);
    expect(calls()).toEqual([
      saCall('3333333333', '2020-04-06'),
      saCall('3333333333', '2026-04-06'),
      saCall('3333333333', '2025-04-06'),
    ]);
  });
});

describe('the summary when HMRC fails one resource', () => {
  let stub: Stub;
  let gateway: RunningGateway;
  beforeAll(async () => {
    stub = await startStub();
    gateway = await startGateway(stub.url, { clock: fixedClock(TODAY) });
  });
  afterAll(async () => {
    await gateway.stop();
    await stub.close();
  });

  it('reports the failure on the fields that need it; every other field and the taxpayer are still answered', async () => {
    stub.reply((req) => {
      if (req.url.startsWith('/individuals/charges/pensions/'))
        return {
          status: 500,
          body: { code: 'INTERNAL_SERVER_ERROR', message: 'An internal server error occurred' },
        };
      if (req.url.startsWith('/individuals/reliefs/pensions/'))
        return {
          status: 200,
          body: {
            submittedOn: '2024-01-01T00:00:00Z',
            pensionReliefs: { regularPensionContributions: 12.34 },
          },
        };
      if (req.url.startsWith(BREAKDOWN)) return { status: 200, body: FIXTURE };
      return {
        status: 404,
        body: { code: 'MATCHING_RESOURCE_NOT_FOUND', message: 'Matching resource not found' },
      };
    });
    const { status, body } = await gateway.gql(`{ taxpayer(nino: "${NINO}", utr: "${UTR}") {
      nino
      taxYear(taxYear: "2024-25") { summary { ${SUMMARY_FIELDS} } }
    } }`);
    expect(status).toBe(200);
    expect(body.data).toEqual({
      taxpayer: {
        nino: NINO,
        taxYear: {
          summary: {
            taxYear: '2024-25',
            pensionCharges: null,
            reliefs: { ...NO_RELIEFS, pensions: 12.34, total: 12.34 },
            disclosuresPresent: false,
            selfAssessment: {
              charged: 6000.3,
              paid: 900,
              outstanding: 5350.3,
              overdue: 5350.3,
              nextDueDate: null,
            },
            // Whether pension charges hold data is unknown: no list rather than a wrong one.
            noData: null,
          },
        },
      },
    });
    const hmrc500 = {
      code: 'INTERNAL_SERVER_ERROR',
      status: 500,
      origin: 'HMRC',
      correlationId: 'stub-correlation-id',
    };
    expect(body.errors!.map((e): unknown => [e.path, e.extensions])).toEqual(
      expect.arrayContaining([
        [['taxpayer', 'taxYear', 'summary', 'pensionCharges'], hmrc500],
        [['taxpayer', 'taxYear', 'summary', 'noData'], hmrc500],
      ]),
    );
    expect(body.errors).toHaveLength(2);
    // Still one call per resource.
    expect(stub.requests.filter((r) => r.url.startsWith('/individuals/charges/pensions/'))).toHaveLength(1);
    expect(stub.requests.filter((r) => r.url.startsWith(BREAKDOWN))).toHaveLength(1);
  });

  it('a failing Self Assessment account fails only the fields that need it', async () => {
    stub.reply((req) =>
      req.url.startsWith(BREAKDOWN)
        ? { status: 500, body: { message: 'Unexpected internal error. Please contact service desk.' } }
        : {
            status: 404,
            body: { code: 'MATCHING_RESOURCE_NOT_FOUND', message: 'Matching resource not found' },
          },
    );
    const { body } = await gateway.gql(`{ taxpayer(nino: "${NINO}", utr: "${UTR}") {
      taxYear(taxYear: "2024-25") { summary { ${SUMMARY_FIELDS} } }
    } }`);
    expect(body.data.taxpayer.taxYear.summary).toEqual({
      taxYear: '2024-25',
      pensionCharges: NOTHING,
      reliefs: NO_RELIEFS,
      disclosuresPresent: false,
      selfAssessment: null,
      noData: null,
    });
    expect(
      body.errors!.map((e): unknown[] => [e.path!.at(-1), e.extensions.code, e.extensions.origin]).sort(),
    ).toEqual([
      ['noData', 'INTERNAL_SERVER_ERROR', 'HMRC'],
      ['selfAssessment', 'INTERNAL_SERVER_ERROR', 'HMRC'],
    ]);
    expect(JSON.stringify(body)).not.toMatch(/service desk/);
  });
});

describe('a payment made before its tax year began', () => {
  // A taxpayer paid the first payment on account for 2025-26 early, on 20 March 2025 (still 2024-25).
  const AHEAD: SaAccountDto = {
    balanceDetails: {
      totalOverdueBalance: 0,
      totalPayableBalance: 0,
      totalPendingBalance: 0,
      totalBalance: 0,
      totalCreditAvailable: 0,
    },
    chargeDetails: [
      {
        chargeId: 'POA1-2526',
        creationDate: '2025-06-15',
        chargeType: 'POA1',
        chargeAmount: 900,
        outstandingAmount: 0,
        taxYear: '2025-2026',
        dueDate: '2026-01-31',
      },
    ],
    paymentHistoryDetails: [
      {
        paymentAmount: 900,
        paymentDate: '2025-03-20',
        allocationReference: 'POA1-2526',
        paymentReference: 'EARLY1',
      },
    ],
  };
  let ahead: Stack;
  beforeAll(async () => {
    ahead = await startStack({
      clock: fixedClock('2026-11-21T12:00:00Z'),
      simulator: { saAccounts: { '4444444444': () => AHEAD } },
    });
  });
  afterAll(() => ahead.stop());

  it('still counts in that year’s slice: the account is read from a year before the year starts', async () => {
    const { body } =
      await ahead.gql(`{ taxpayer(nino: "${NINO}", utr: "4444444444") { taxYear(taxYear: "2025-26") {
      selfAssessment { amountPaid payments { paymentReference } transactions { date kind amount balance } } } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.taxpayer.taxYear.selfAssessment).toEqual({
      amountPaid: 900,
      payments: [{ paymentReference: 'EARLY1' }],
      transactions: [
        { date: '2025-03-20', kind: 'PAYMENT', amount: -900, balance: -900 },
        { date: '2025-06-15', kind: 'CHARGE', amount: 900, balance: 0 },
      ],
    });
    expect(upstreamCalls(ahead.simulator, BREAKDOWN).map((r) => r.url)).toEqual([
      saCall('4444444444', '2024-04-06'),
    ]);
  });
});
