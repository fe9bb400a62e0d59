/**
 * The simulator's View Self Assessment Account endpoint on its own, over real HTTP with fetch: HMRC's runtime
 * checks and its message-only error bodies (docs/hmrc-rules.md §6.2, §6.4), the sandbox's failing UTR (§6.5), the
 * window a `fromDate` selects, and the demo account against HMRC's OpenAPI schema (Appendix A.4). The demo's
 * figures are worked out by hand from src/simulator/sa-demo.ts for "today" = 2026-11-21.
 */
import type { ChargeStatus } from '../../src/derive/sa-account';
import { chargeStatus } from '../../src/derive/sa-account';
import type { SaAccountDto } from '../../src/hmrc/sa-account';
import type { SaAccountFixtures } from '../../src/simulator/endpoints';
import type { Simulator } from '../../src/simulator/server';
import { demoSaAccount } from '../../src/simulator/sa-demo';
import { createSimulator } from '../../src/simulator/server';

const TOKEN = 'sa-endpoint-test-token';
const ACCEPT = 'application/vnd.hmrc.1.0+json';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const DEMO_UTR = '1234567890';
const NOW = '2026-11-21T12:00:00Z';

/** HMRC's runtime messages (`ErrorMessageConstansts`), the only thing in its error bodies. */
const MESSAGE = {
  400: { message: 'Invalid request format or parameters.' },
  404: { message: 'No data found for the UTR provided.' },
  500: { message: 'Unexpected internal error. Please contact service desk.' },
};

interface Answer {
  status: number;
  correlationId: string | null;
  contentType: string | null;
  body: any;
}

async function started(
  now: string,
  saAccounts?: SaAccountFixtures,
): Promise<{ sim: Simulator; url: string }> {
  const sim = createSimulator({ now: () => new Date(now), ...(saAccounts ? { saAccounts } : {}) });
  return { sim, url: await sim.listen(0) };
}

async function get(base: string, utr: string, fromDate?: string): Promise<Answer> {
  const query = fromDate === undefined ? '' : `?fromDate=${encodeURIComponent(fromDate)}`;
  const response = await fetch(`${base}/individuals/self-assessment/breakdown/${utr}${query}`, {
    headers: { authorization: `Bearer ${TOKEN}`, accept: ACCEPT },
  });
  return {
    status: response.status,
    correlationId: response.headers.get('x-correlationid'),
    contentType: response.headers.get('content-type'),
    body: await response.json(),
  };
}

const chargeIds = (account: SaAccountDto) => (account.chargeDetails ?? []).map((c) => c.chargeId);
const paymentReferences = (account: SaAccountDto) =>
  (account.paymentHistoryDetails ?? []).map((p) => p.paymentReference);

let sim: Simulator;
let url: string;
beforeAll(async () => {
  ({ sim, url } = await started(NOW));
});
afterAll(() => sim.close());

describe('errors: HMRC’s message-only bodies', () => {
  it.each([
    ['nine digits', '123456789'],
    ['eleven digits', '12345678901'],
    ['a trailing K', '123456789K'],
    ['ten digits and a K', '1234567890K'],
    ['letters', 'ABCDEFGHIJ'],
    ['a space', '12345%2067890'],
  ])('400 for a UTR of %s', async (_name, utr) => {
    const answer = await get(url, utr);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(MESSAGE[400]);
    expect(answer.correlationId).toMatch(UUID);
  });

  it.each([
    ['not a date', 'yesterday'],
    ['no dashes', '20261101'],
    ['one-digit month', '2026-1-01'],
    ['month 13', '2026-13-01'],
    ['30 February', '2024-02-30'],
    ['29 February in a common year', '2025-02-29'],
    ['a time as well', '2026-11-01T00:00:00'],
    ['empty', ''],
  ])('400 for a fromDate that is %s (%p)', async (_name, fromDate) => {
    const answer = await get(url, DEMO_UTR, fromDate);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(MESSAGE[400]);
  });

  it('400 for a fromDate after today (UTC), 200 for today', async () => {
    expect(await get(url, DEMO_UTR, '2026-11-22')).toMatchObject({ status: 400, body: MESSAGE[400] });
    expect(await get(url, DEMO_UTR, '2027-01-01')).toMatchObject({ status: 400, body: MESSAGE[400] });
    expect((await get(url, DEMO_UTR, '2026-11-21')).status).toBe(200);
  });

  it('400 for a fromDate before the 6+1-year window, 200 for its first day', async () => {
    expect(await get(url, DEMO_UTR, '2020-04-05')).toMatchObject({ status: 400, body: MESSAGE[400] });
    expect(await get(url, DEMO_UTR, '2015-01-01')).toMatchObject({ status: 400, body: MESSAGE[400] });
    expect((await get(url, DEMO_UTR, '2020-04-06')).status).toBe(200);
  });

  it('404 for a UTR HMRC holds nothing for', async () => {
    const answer = await get(url, '9999999999');
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual(MESSAGE[404]);
    expect(answer.correlationId).toMatch(UUID);
  });

  it('500 for the sandbox’s failing UTR 1100000500, with or without a fromDate', async () => {
    for (const fromDate of [undefined, '2024-04-06']) {
      const answer = await get(url, '1100000500', fromDate);
      expect(answer.status).toBe(500);
      expect(answer.body).toEqual(MESSAGE[500]);
      expect(answer.correlationId).toMatch(UUID);
    }
  });

  it('answers in JSON with a fresh correlation id every time', async () => {
    const [a, b] = [await get(url, DEMO_UTR), await get(url, '9999999999')];
    expect(a.contentType).toMatch(/^application\/json/);
    expect(b.contentType).toMatch(/^application\/json/);
    expect(a.correlationId).toMatch(UUID);
    expect(a.correlationId).not.toBe(b.correlationId);
  });

  it('records each request as it crossed the wire', async () => {
    sim.reset();
    await get(url, DEMO_UTR, '2024-04-06');
    expect(sim.requests.map((r) => [r.method, r.url])).toEqual([
      ['GET', `/individuals/self-assessment/breakdown/${DEMO_UTR}?fromDate=2024-04-06`],
    ]);
  });
});

/** The demo account at 2026-11-21, worked out by hand from sa-demo.ts: [id, type, created, due, amount, outstanding]. */
const DEMO_CHARGES: Array<[string, string, string, string, number, number]> = [
  ['POA1-2021', 'POA1', '2020-06-15', '2021-01-31', 1200, 0],
  ['POA2-2021', 'POA2', '2020-06-15', '2021-07-31', 1200, 0],
  ['BAL-2021', 'ITSA', '2022-01-10', '2022-01-31', 900, 0],
  ['NIC2-2021', 'NICS', '2022-01-10', '2022-01-31', 179.4, 0],
  ['POA1-2122', 'POA1', '2021-06-15', '2022-01-31', 1350.5, 0],
  ['POA2-2122', 'POA2', '2021-06-15', '2022-07-31', 1350.5, 0],
  ['BAL-2122', 'ITSA', '2023-01-10', '2023-01-31', 1125.25, 0],
  ['NIC2-2122', 'NICS', '2023-01-10', '2023-01-31', 179.4, 0],
  ['POA1-2223', 'POA1', '2022-06-15', '2023-01-31', 1501, 0],
  ['POA2-2223', 'POA2', '2022-06-15', '2023-07-31', 1501, 0],
  ['BAL-2223', 'ITSA', '2024-01-10', '2024-01-31', 1350.5, 0],
  ['NIC2-2223', 'NICS', '2024-01-10', '2024-01-31', 179.4, 0],
  ['POA1-2324', 'POA1', '2023-06-15', '2024-01-31', 1651.5, 0],
  ['POA2-2324', 'POA2', '2023-06-15', '2024-07-31', 1651.5, 0],
  ['BAL-2324', 'ITSA', '2025-01-10', '2025-01-31', 1575.75, 0],
  ['NIC2-2324', 'NICS', '2025-01-10', '2025-01-31', 179.4, 0],
  ['POA1-2425', 'POA1', '2024-06-15', '2025-01-31', 1802, 0],
  ['POA2-2425', 'POA2', '2024-06-15', '2025-07-31', 1802, 0],
  // The last balancing payment due: reduced by an amended return (10%: 180.10), unpaid since, accruing interest.
  ['BAL-2425', 'ITSA', '2026-01-10', '2026-01-31', 1801, 1620.9],
  ['NIC2-2425', 'NICS', '2026-01-10', '2026-01-31', 179.4, 0],
  ['POA1-2526', 'POA1', '2025-06-15', '2026-01-31', 1952.5, 0],
  // The last second payment on account due: 60% (1171.50) paid, 781 overdue.
  ['POA2-2526', 'POA2', '2025-06-15', '2026-07-31', 1952.5, 781],
  ['POA1-2627', 'POA1', '2026-06-15', '2027-01-31', 2103, 2103],
  ['POA2-2627', 'POA2', '2026-06-15', '2027-07-31', 2103, 2103],
  // Interest on BAL-2425, raised ten days ago and due in twenty.
  ['LPI-2425', 'LPI', '2026-11-11', '2026-12-11', 23.45, 23.45],
];

/** [reference, amount, paid on, allocated to]; each is processed two days after it was paid. */
const DEMO_PAYMENTS: Array<[string, number, string, string]> = [
  ['PAY100001', 1200, '2021-01-27', 'POA1-2021'],
  ['PAY100002', 1200, '2021-07-27', 'POA2-2021'],
  ['PAY100003', 900, '2022-01-27', 'BAL-2021'],
  ['PAY100004', 179.4, '2022-01-27', 'NIC2-2021'],
  ['PAY100005', 1350.5, '2022-01-27', 'POA1-2122'],
  ['PAY100006', 1350.5, '2022-07-27', 'POA2-2122'],
  ['PAY100007', 1125.25, '2023-01-27', 'BAL-2122'],
  ['PAY100008', 179.4, '2023-01-27', 'NIC2-2122'],
  ['PAY100009', 1501, '2023-01-27', 'POA1-2223'],
  ['PAY100010', 1501, '2023-07-27', 'POA2-2223'],
  ['PAY100011', 1350.5, '2024-01-27', 'BAL-2223'],
  ['PAY100012', 179.4, '2024-01-27', 'NIC2-2223'],
  ['PAY100013', 1651.5, '2024-01-27', 'POA1-2324'],
  ['PAY100014', 1651.5, '2024-07-27', 'POA2-2324'],
  ['PAY100015', 1575.75, '2025-01-27', 'BAL-2324'],
  ['PAY100016', 179.4, '2025-01-27', 'NIC2-2324'],
  ['PAY100017', 1802, '2025-01-27', 'POA1-2425'],
  ['PAY100018', 1802, '2025-07-27', 'POA2-2425'],
  ['PAY100019', 179.4, '2026-01-27', 'NIC2-2425'],
  ['PAY100020', 1952.5, '2026-01-27', 'POA1-2526'],
  ['PAY100021', 1171.5, '2026-07-26', 'POA2-2526'],
];

const PROCESSED: Record<string, string> = {};
for (const [reference, , paid] of DEMO_PAYMENTS) {
  const d = new Date(`${paid}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 2);
  PROCESSED[reference] = d.toISOString().slice(0, 10);
}

describe('the demo account (UTR 1234567890) at 2026-11-21', () => {
  let all: SaAccountDto;
  beforeAll(async () => {
    const answer = await get(url, DEMO_UTR, '2020-04-06');
    expect(answer.status).toBe(200);
    all = answer.body as SaAccountDto;
  });

  it('has HMRC’s balance split: overdue, payable within 30 days, pending, credit and coded-out', () => {
    // Overdue: BAL-2425 1620.90 + POA2-2526 781 = 2401.90. Payable (due 2026-11-21 … 2026-12-20): LPI 23.45.
    // Pending: 2103 × 2 = 4206. Total 2401.90 + 23.45 + 4206 = 6631.35.
    expect(all.balanceDetails).toEqual({
      totalOverdueBalance: 2401.9,
      totalPayableBalance: 23.45,
      earliestPayableDueDate: '2026-12-11',
      totalPendingBalance: 4206,
      earliestPendingDueDate: '2027-01-31',
      totalBalance: 6631.35,
      totalCreditAvailable: 0,
      codedOutDetail: [
        { totalAmount: 300, effectiveStartDate: '2024-04-06', effectiveEndDate: '2025-04-05' },
      ],
    });
  });

  it('has every charge of the current and previous six tax years raised by today', () => {
    expect(
      all.chargeDetails!.map((c) => [
        c.chargeId,
        c.chargeType,
        c.creationDate,
        c.dueDate,
        c.chargeAmount,
        c.outstandingAmount,
      ]),
    ).toEqual(DEMO_CHARGES);
    const taxYearOf = (id: string) => `20${id.slice(-4, -2)}-20${id.slice(-2)}`;
    for (const charge of all.chargeDetails!) expect(charge.taxYear).toBe(taxYearOf(charge.chargeId));
  });

  it('has the amended, overdue balancing payment with interest accruing', () => {
    const charge = all.chargeDetails!.find((c) => c.chargeId === 'BAL-2425')!;
    expect(charge.amendments).toEqual([
      {
        amendmentDate: '2026-01-30',
        amendmentAmount: -180.1,
        amendmentReason: 'Amended return',
        isPaymentRelated: false,
      },
    ]);
    expect(charge).toMatchObject({
      accruingInterestPeriod: { interestStartDate: '2026-02-01' },
      accruingInterestRate: 7.75,
      accruingInterest: 12.34,
    });
  });

  it('has the part-paid payment on account with its payment amendment and interest due', () => {
    const charge = all.chargeDetails!.find((c) => c.chargeId === 'POA2-2526')!;
    expect(charge.amendments).toEqual([
      {
        amendmentDate: '2026-07-28',
        amendmentAmount: 1171.5,
        amendmentReason: 'Payment',
        isPaymentRelated: true,
        paymentMethod: 'BACS',
        paymentDate: '2026-07-26',
      },
    ]);
    expect(charge.outstandingInterestDue).toBe(25.4);
  });

  it('has a payment for every charge due before today but the reduced balancing payment, in due-date order', () => {
    expect(all.paymentHistoryDetails).toEqual(
      DEMO_PAYMENTS.map(([paymentReference, paymentAmount, paymentDate, allocationReference]) => ({
        paymentAmount,
        paymentDate,
        processedDate: PROCESSED[paymentReference],
        paymentMethod: 'BACS',
        paymentReference,
        allocationReference,
      })),
    );
  });

  it('has a processed refund', () => {
    expect(all.refundDetails).toEqual([
      {
        refundRequestDate: '2022-09-10',
        refundDate: '2022-09-25',
        refundRequestAmount: 350,
        interestAddedToRefund: 5.25,
        totalRefundAmount: 355.25,
        refundMethod: 'BACS',
        refundDescription: 'Overpayment from return',
        refundStatus: 'Processed',
      },
    ]);
  });

  it('is the same whenever asked on the same day', async () => {
    expect((await get(url, DEMO_UTR, '2020-04-06')).body).toEqual(all);
  });

  it('conforms to HMRC’s OpenAPI schema', () => {
    expect(oasProblems(all)).toEqual([]);
  });

  it('conforms to the schema whatever the day (every day of a year, both sides of 6 April)', async () => {
    const problems: string[] = [];
    for (let day = 0; day < 366; day += 5) {
      const instant = new Date(Date.UTC(2026, 0, 1 + day, 12));
      const { sim: other, url: otherUrl } = await started(instant.toISOString());
      try {
        const answer = await get(otherUrl, DEMO_UTR);
        expect(answer.status).toBe(200);
        problems.push(...oasProblems(answer.body).map((p) => `${instant.toISOString().slice(0, 10)} ${p}`));
      } finally {
        await other.close();
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('the demo account’s promise', () => {
  it('shows a charge of every status (CLEARED, OVERDUE, DUE, PENDING) on every day of four years', () => {
    const missing: string[] = [];
    for (let day = new Date('2026-01-01T00:00:00Z'); day < new Date('2030-01-01T00:00:00Z');) {
      const today = day.toISOString().slice(0, 10);
      const statuses = new Set(demoSaAccount(today).chargeDetails!.map((c) => chargeStatus(c, today)));
      for (const status of ['CLEARED', 'OVERDUE', 'DUE', 'PENDING'])
        if (!statuses.has(status as ChargeStatus)) missing.push(`${today} ${status}`);
      day.setUTCDate(day.getUTCDate() + 1);
    }
    expect(missing).toEqual([]);
  });
});

describe('the window a fromDate selects', () => {
  it('without fromDate: HMRC’s default, the current and previous tax years (from 2025-04-06)', async () => {
    const answer = await get(url, DEMO_UTR);
    expect(answer.status).toBe(200);
    expect(chargeIds(answer.body)).toEqual([
      'BAL-2425',
      'NIC2-2425',
      'POA1-2526',
      'POA2-2526',
      'POA1-2627',
      'POA2-2627',
      'LPI-2425',
    ]);
    expect(paymentReferences(answer.body)).toEqual(['PAY100018', 'PAY100019', 'PAY100020', 'PAY100021']);
    expect(answer.body.refundDetails).toEqual([]);
    expect(answer.body).toEqual((await get(url, DEMO_UTR, '2025-04-06')).body);
  });

  it('charges created, payments made and refunds requested on or after fromDate; the balance whatever it is', async () => {
    const answer = await get(url, DEMO_UTR, '2024-01-27');
    // POA1-2324 and POA2-2324 (raised 2023-06-15) are out although paid after fromDate.
    expect(chargeIds(answer.body)).toEqual([
      'BAL-2324',
      'NIC2-2324',
      'POA1-2425',
      'POA2-2425',
      'BAL-2425',
      'NIC2-2425',
      'POA1-2526',
      'POA2-2526',
      'POA1-2627',
      'POA2-2627',
      'LPI-2425',
    ]);
    // Payments made on 2024-01-27 itself are in.
    expect(paymentReferences(answer.body)).toEqual([
      'PAY100011',
      'PAY100012',
      'PAY100013',
      'PAY100014',
      'PAY100015',
      'PAY100016',
      'PAY100017',
      'PAY100018',
      'PAY100019',
      'PAY100020',
      'PAY100021',
    ]);
    expect(answer.body.balanceDetails.totalBalance).toBe(6631.35);
    expect((await get(url, DEMO_UTR, '2024-01-28')).body.paymentHistoryDetails).toHaveLength(8);
  });

  it('the refund: in from its request date, out from the day after', async () => {
    expect((await get(url, DEMO_UTR, '2022-09-10')).body.refundDetails).toHaveLength(1);
    expect((await get(url, DEMO_UTR, '2022-09-11')).body.refundDetails).toEqual([]);
  });

  it('today: only what was raised today (nothing), the balance all the same', async () => {
    const answer = await get(url, DEMO_UTR, '2026-11-21');
    expect(answer.body.chargeDetails).toEqual([]);
    expect(answer.body.paymentHistoryDetails).toEqual([]);
    expect(answer.body.balanceDetails.totalOverdueBalance).toBe(2401.9);
  });
});

describe('"today" is the UTC date, on either side of 6 April', () => {
  // Charges raised on the days that decide HMRC's default window, in a fixture that records the day it is
  // built for.
  const built: string[] = [];
  const fixture = (today: string): SaAccountDto => {
    built.push(today);
    const raised = (chargeId: string, creationDate: string) => ({
      chargeId,
      creationDate,
      chargeType: 'ITSA',
      chargeAmount: 1,
      outstandingAmount: 1,
      taxYear: '2024-2025',
      dueDate: '2027-01-31',
    });
    return {
      balanceDetails: {
        totalOverdueBalance: 0,
        totalPayableBalance: 0,
        totalPendingBalance: 3,
        earliestPendingDueDate: '2027-01-31',
        totalBalance: 3,
        totalCreditAvailable: 0,
      },
      chargeDetails: [raised('A', '2024-04-05'), raised('B', '2024-04-06'), raised('C', '2025-04-06')],
    };
  };
  const ids = (answer: Answer) => chargeIds(answer.body);

  it('23:30 UTC on 5 April (00:30 on 6 April in the UK) is still 5 April', async () => {
    const { sim: late, url: lateUrl } = await started('2026-04-05T23:30:00Z', { '3333333333': fixture });
    try {
      built.length = 0;
      expect((await get(lateUrl, '3333333333', '2019-04-06')).status).toBe(200);
      expect(built).toEqual(['2026-04-05']);
      expect(await get(lateUrl, '3333333333', '2019-04-05')).toMatchObject({
        status: 400,
        body: MESSAGE[400],
      });
      // The UK's today is in the future in UTC.
      expect(await get(lateUrl, '3333333333', '2026-04-06')).toMatchObject({
        status: 400,
        body: MESSAGE[400],
      });
      expect((await get(lateUrl, '3333333333', '2026-04-05')).status).toBe(200);
      // Default window: from 2024-04-06.
      expect(ids(await get(lateUrl, '3333333333'))).toEqual(['B', 'C']);
    } finally {
      await late.close();
    }
  });

  it('from midnight UTC on 6 April the window moves on a year', async () => {
    const { sim: next, url: nextUrl } = await started('2026-04-06T00:00:00Z', { '3333333333': fixture });
    try {
      expect(await get(nextUrl, '3333333333', '2019-04-06')).toMatchObject({
        status: 400,
        body: MESSAGE[400],
      });
      expect(await get(nextUrl, '3333333333', '2020-04-05')).toMatchObject({
        status: 400,
        body: MESSAGE[400],
      });
      expect((await get(nextUrl, '3333333333', '2020-04-06')).status).toBe(200);
      expect((await get(nextUrl, '3333333333', '2026-04-06')).status).toBe(200);
      // Default window: from 2025-04-06.
      expect(ids(await get(nextUrl, '3333333333'))).toEqual(['C']);
    } finally {
      await next.close();
    }
  });

  it('serves a fixture instead of a 404, and the demo account alongside it', async () => {
    const { sim: withFixture, url: fixtureUrl } = await started(NOW, { '3333333333': fixture });
    try {
      expect((await get(fixtureUrl, '3333333333', '2024-04-05')).body.chargeDetails).toHaveLength(3);
      expect((await get(fixtureUrl, DEMO_UTR)).status).toBe(200);
      expect((await get(fixtureUrl, '4444444444')).status).toBe(404);
    } finally {
      await withFixture.close();
    }
  });
});

// --- HMRC's OpenAPI schema (view-self-assessment-account-api/…/1.0/application.yaml), as rules -------------

// The OAS `dateType`: a real date in 1900-2099 (leap years included).
const DATE =
  /^(((19|20)([2468][048]|[13579][26]|0[48])|2000)-02-29|((19|20)[0-9]{2}-(0[469]|11)-(0[1-9]|1[0-9]|2[0-9]|30)|(19|20)[0-9]{2}-(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(19|20)[0-9]{2}-02-(0[1-9]|1[0-9]|2[0-8])))$/;
const MAX = 9.999999999999e10;

type Rule =
  | { kind: 'amount'; min?: number }
  | { kind: 'date' }
  | { kind: 'string'; pattern?: RegExp; min?: number; max?: number }
  | { kind: 'boolean' };

interface ObjectRules {
  required: string[];
  fields: Record<string, Rule | ObjectRules | { array: ObjectRules }>;
}

const amount: Rule = { kind: 'amount', min: 0 };
const date: Rule = { kind: 'date' };

const SUCCESS: ObjectRules = {
  required: ['balanceDetails'],
  fields: {
    balanceDetails: {
      required: [
        'totalOverdueBalance',
        'totalPayableBalance',
        'totalPendingBalance',
        'totalBalance',
        'totalCreditAvailable',
      ],
      fields: {
        totalOverdueBalance: amount,
        totalPayableBalance: amount,
        earliestPayableDueDate: date,
        totalPendingBalance: amount,
        earliestPendingDueDate: date,
        totalBalance: amount,
        totalCreditAvailable: amount,
        codedOutDetail: {
          array: {
            required: ['totalAmount', 'effectiveStartDate', 'effectiveEndDate'],
            fields: { totalAmount: amount, effectiveStartDate: date, effectiveEndDate: date },
          },
        },
      },
    },
    chargeDetails: {
      array: {
        required: [
          'chargeAmount',
          'chargeId',
          'chargeType',
          'creationDate',
          'dueDate',
          'outstandingAmount',
          'taxYear',
        ],
        fields: {
          accruingInterest: amount,
          accruingInterestPeriod: {
            required: [],
            fields: { interestStartDate: date, interestEndDate: date },
          },
          accruingInterestRate: amount,
          amendments: {
            array: {
              required: ['amendmentAmount', 'amendmentDate', 'amendmentReason', 'isPaymentRelated'],
              fields: {
                amendmentDate: date,
                amendmentAmount: { kind: 'amount' },
                amendmentReason: { kind: 'string', min: 1, max: 100 },
                isPaymentRelated: { kind: 'boolean' },
                paymentMethod: { kind: 'string', min: 1, max: 30 },
                paymentDate: date,
              },
            },
          },
          chargeId: { kind: 'string', pattern: /^[A-Za-z0-9-]{1,18}$/ },
          chargeType: { kind: 'string', min: 1, max: 30 },
          chargeAmount: amount,
          creationDate: date,
          dueDate: date,
          outstandingInterestDue: amount,
          outstandingAmount: amount,
          taxYear: { kind: 'string', pattern: /^([0-9]{4})-([0-9]{4})$/ },
        },
      },
    },
    refundDetails: {
      array: {
        required: ['totalRefundAmount', 'refundRequestAmount'],
        fields: {
          refundDate: date,
          interestAddedToRefund: amount,
          totalRefundAmount: amount,
          refundMethod: { kind: 'string', pattern: /^[a-zA-Z ]{1,30}$/ },
          refundDescription: { kind: 'string', pattern: /^[a-zA-Z0-9 ]{1,100}$/ },
          refundRequestAmount: amount,
          refundRequestDate: date,
          refundStatus: { kind: 'string', pattern: /^[a-zA-Z ]{1,32}$/ },
        },
      },
    },
    paymentHistoryDetails: {
      array: {
        required: ['paymentAmount', 'paymentDate'],
        fields: {
          allocationReference: { kind: 'string', min: 1, max: 200 },
          processedDate: date,
          paymentAmount: amount,
          paymentMethod: { kind: 'string', min: 1, max: 30 },
          paymentReference: { kind: 'string', min: 1, max: 30 },
          paymentDate: date,
        },
      },
    },
  },
};

function isObjectRules(rule: unknown): rule is ObjectRules {
  return typeof rule === 'object' && rule !== null && 'required' in rule;
}

/** Every way `value` breaks the rules (`additionalProperties: false` everywhere), as `path: problem`. */
function check(value: unknown, rules: ObjectRules, path: string, problems: string[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${path}: not an object`);
    return;
  }
  const object = value as Record<string, unknown>;
  for (const name of rules.required) if (!(name in object)) problems.push(`${path}/${name}: missing`);
  for (const [name, field] of Object.entries(object)) {
    const at = `${path}/${name}`;
    const rule = rules.fields[name];
    if (!rule) {
      problems.push(`${at}: not in the schema`);
    } else if ('array' in rule) {
      if (!Array.isArray(field)) problems.push(`${at}: not an array`);
      else field.forEach((item, i) => check(item, rule.array, `${at}/${i}`, problems));
    } else if (isObjectRules(rule)) {
      check(field, rule, at, problems);
    } else {
      const problem = scalarProblem(field, rule);
      if (problem) problems.push(`${at}: ${problem}`);
    }
  }
}

function scalarProblem(value: unknown, rule: Rule): string | undefined {
  switch (rule.kind) {
    case 'amount':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'not a number';
      if (value < (rule.min ?? -MAX) || value > MAX) return `${value} out of range`;
      if (Math.abs(Math.round(value * 100) - value * 100) > 1e-6) return `${value} not a multiple of 0.01`;
      return undefined;
    case 'date':
      return typeof value === 'string' && DATE.test(value) ? undefined : `${String(value)} not a date`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'not a boolean';
    case 'string':
      if (typeof value !== 'string') return 'not a string';
      if (rule.pattern && !rule.pattern.test(value)) return `${value} does not match ${String(rule.pattern)}`;
      if (rule.min !== undefined && value.length < rule.min) return 'too short';
      if (rule.max !== undefined && value.length > rule.max) return 'too long';
      return undefined;
  }
}

function oasProblems(body: unknown): string[] {
  const problems: string[] = [];
  check(body, SUCCESS, '', problems);
  // The runtime also wants the earliest due dates whenever the balances they belong to are above zero (§6.3).
  const balance = (body as SaAccountDto).balanceDetails;
  if (balance?.totalPayableBalance > 0 && !balance.earliestPayableDueDate)
    problems.push('/balanceDetails/earliestPayableDueDate: missing although something is payable');
  if (balance?.totalPendingBalance > 0 && !balance.earliestPendingDueDate)
    problems.push('/balanceDetails/earliestPendingDueDate: missing although something is pending');
  return problems;
}

describe('the schema check itself', () => {
  it('finds what HMRC’s schema refuses', () => {
    const broken = {
      balanceDetails: {
        totalOverdueBalance: -1,
        totalPayableBalance: 5,
        totalPendingBalance: 0.001,
        totalBalance: 0,
        extra: true,
      },
      chargeDetails: [
        {
          chargeId: 'TOO-LONG-CHARGE-ID-19',
          chargeType: 'ITSA',
          creationDate: '2026-02-29',
          chargeAmount: 1,
          outstandingAmount: 1,
          taxYear: '2024-25',
          dueDate: '2026-01-31',
          amendments: [
            { amendmentDate: '2026-01-01', amendmentAmount: -5, amendmentReason: '', isPaymentRelated: 'no' },
          ],
        },
      ],
    };
    expect(oasProblems(broken)).toEqual([
      '/balanceDetails/totalCreditAvailable: missing',
      '/balanceDetails/totalOverdueBalance: -1 out of range',
      '/balanceDetails/totalPendingBalance: 0.001 not a multiple of 0.01',
      '/balanceDetails/extra: not in the schema',
      '/chargeDetails/0/chargeId: TOO-LONG-CHARGE-ID-19 does not match /^[A-Za-z0-9-]{1,18}$/',
      '/chargeDetails/0/creationDate: 2026-02-29 not a date',
      '/chargeDetails/0/taxYear: 2024-25 does not match /^([0-9]{4})-([0-9]{4})$/',
      '/chargeDetails/0/amendments/0/amendmentReason: too short',
      '/chargeDetails/0/amendments/0/isPaymentRelated: not a boolean',
      '/balanceDetails/earliestPayableDueDate: missing although something is payable',
      '/balanceDetails/earliestPendingDueDate: missing although something is pending',
    ]);
  });
});
