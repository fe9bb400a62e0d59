/**
 * HMRC's View Self Assessment Account window (docs/hmrc-rules.md §6.2): "6+1" tax years back from today in UTC,
 * the earliest `fromDate` moving on 6 April, HMRC's default `fromDate`, and the `taxYears` span limit.
 */
import type { GatewayContext } from '../../src/context';
import { todayInUk, windowNow } from '../../src/resolvers/sa-account/year-slice';
import { fixedClock, ukDate, utcDate } from '../../src/util/clock';
import {
  MAX_TAX_YEARS,
  saWindow,
  taxYearLastDay,
  taxYearOf,
  taxYearStart,
  validateFromDate,
  validateTaxYearRange,
} from '../../src/validation/sa-account';

const contextAt = (instant: string) => ({ clock: fixedClock(instant) }) as GatewayContext;

describe('taxYearOf', () => {
  it.each([
    ['2026-04-05', '2025-26'],
    ['2026-04-06', '2026-27'],
    ['2026-01-01', '2025-26'],
    ['2025-12-31', '2025-26'],
    ['2026-03-31', '2025-26'],
    ['2026-04-01', '2025-26'],
    ['2026-05-01', '2026-27'],
    ['2024-02-29', '2023-24'],
    ['2009-04-06', '2009-10'],
    ['1999-04-06', '1999-00'],
  ])('%s is in %s', (date, taxYear) => {
    expect(taxYearOf(date)).toBe(taxYear);
  });

  it('gives the first and last day of a tax year', () => {
    expect(taxYearStart('2023-24')).toBe('2023-04-06');
    expect(taxYearLastDay('2023-24')).toBe('2024-04-05');
    expect(taxYearOf(taxYearStart('2023-24'))).toBe('2023-24');
    expect(taxYearOf(taxYearLastDay('2023-24'))).toBe('2023-24');
  });
});

describe('saWindow: the current tax year and the six before it, from today in UTC', () => {
  it('on 5 April the current tax year is still the old one: earliest 6 April seven years back', () => {
    expect(saWindow('2026-04-05')).toEqual({
      earliest: '2019-04-06',
      defaultFrom: '2024-04-06',
      today: '2026-04-05',
    });
  });

  it('on 6 April the window moves on a year: earliest 6 April six years back', () => {
    expect(saWindow('2026-04-06')).toEqual({
      earliest: '2020-04-06',
      defaultFrom: '2025-04-06',
      today: '2026-04-06',
    });
  });

  it('matches HMRC’s worked example: today 2025-08-12 → earliest 2019-04-06 (2019-20 … 2025-26)', () => {
    expect(saWindow('2025-08-12').earliest).toBe('2019-04-06');
  });

  it.each([
    ['2026-01-01', '2019-04-06', '2024-04-06'],
    ['2026-11-21', '2020-04-06', '2025-04-06'],
    ['2026-12-31', '2020-04-06', '2025-04-06'],
    ['2024-02-29', '2017-04-06', '2022-04-06'],
  ])('today %s → earliest %s, default %s', (today, earliest, defaultFrom) => {
    expect(saWindow(today)).toEqual({ earliest, defaultFrom, today });
  });

  it('always spans exactly seven tax years', () => {
    for (const today of ['2026-04-05', '2026-04-06', '2026-11-21', '2027-01-31']) {
      const { earliest } = saWindow(today);
      const first = Number(taxYearOf(earliest).slice(0, 4));
      const current = Number(taxYearOf(today).slice(0, 4));
      expect(current - first + 1).toBe(7);
    }
  });
});

describe('validateFromDate', () => {
  const before = saWindow('2026-04-05');
  const after = saWindow('2026-04-06');
  const refused = (fromDate: string, window = after) => validateFromDate(fromDate, window).map((e) => e.code);

  it('accepts the earliest allowed date and refuses the day before it', () => {
    expect(refused('2020-04-06')).toEqual([]);
    expect(refused('2020-04-05')).toEqual(['RULE_FROM_DATE_OUT_OF_RANGE']);
    expect(refused('2019-04-06', before)).toEqual([]);
    expect(refused('2019-04-05', before)).toEqual(['RULE_FROM_DATE_OUT_OF_RANGE']);
  });

  it('on 6 April refuses the date that 5 April still allowed', () => {
    expect(refused('2019-04-06', before)).toEqual([]);
    expect(refused('2019-04-06', after)).toEqual(['RULE_FROM_DATE_OUT_OF_RANGE']);
  });

  it('accepts today and refuses tomorrow', () => {
    expect(refused('2026-04-06')).toEqual([]);
    expect(refused('2026-04-07')).toEqual(['RULE_FROM_DATE_OUT_OF_RANGE']);
    expect(refused('2026-04-05', before)).toEqual([]);
    expect(refused('2026-04-06', before)).toEqual(['RULE_FROM_DATE_OUT_OF_RANGE']);
    expect(refused('2099-01-01')).toEqual(['RULE_FROM_DATE_OUT_OF_RANGE']);
  });

  it('accepts HMRC’s default fromDate', () => {
    expect(refused(after.defaultFrom)).toEqual([]);
    expect(refused(before.defaultFrom, before)).toEqual([]);
  });

  it('refuses with status 400 and a message naming the window', () => {
    expect(validateFromDate('2020-04-05', after)).toEqual([
      {
        code: 'RULE_FROM_DATE_OUT_OF_RANGE',
        status: 400,
        message:
          'fromDate must be between 2020-04-06 and 2026-04-06: HMRC serves the current and the previous six tax years',
      },
    ]);
  });
});

describe('"today": UTC for HMRC’s window, the UK date for a taxpayer', () => {
  // 23:30 UTC on 5 April 2026 is 00:30 BST on 6 April in the UK.
  const lateOn5April = '2026-04-05T23:30:00Z';

  it('tells the two dates apart at 23:30 UTC on 5 April (British Summer Time)', () => {
    expect(utcDate(new Date(lateOn5April))).toBe('2026-04-05');
    expect(ukDate(new Date(lateOn5April))).toBe('2026-04-06');
  });

  it('agrees in winter (GMT) until midnight', () => {
    expect(ukDate(new Date('2026-01-31T23:59:59Z'))).toBe('2026-01-31');
    expect(ukDate(new Date('2026-02-01T00:00:00Z'))).toBe('2026-02-01');
  });

  it('the gateway’s window follows UTC: still 5 April, so the window has not moved yet', () => {
    expect(windowNow(contextAt(lateOn5April))).toEqual({
      earliest: '2019-04-06',
      defaultFrom: '2024-04-06',
      today: '2026-04-05',
    });
    expect(todayInUk(contextAt(lateOn5April))).toBe('2026-04-06');
  });

  it('moves the window at midnight UTC on 6 April, not at midnight in the UK', () => {
    expect(windowNow(contextAt('2026-04-05T22:59:59Z')).earliest).toBe('2019-04-06');
    expect(windowNow(contextAt('2026-04-05T23:59:59Z')).earliest).toBe('2019-04-06');
    expect(windowNow(contextAt('2026-04-06T00:00:00Z')).earliest).toBe('2020-04-06');
  });
});

describe('validateTaxYearRange', () => {
  const codes = (from: string, to: string) => validateTaxYearRange(from, to).map((e) => e.code);

  it('allows at most the seven years HMRC serves', () => {
    expect(MAX_TAX_YEARS).toBe(7);
  });

  it.each([
    ['a single year', '2023-24', '2023-24'],
    ['two years', '2023-24', '2024-25'],
    ['seven years', '2020-21', '2026-27'],
  ])('accepts %s', (_name, from, to) => {
    expect(codes(from, to)).toEqual([]);
  });

  it('refuses eight years', () => {
    expect(codes('2019-20', '2026-27')).toEqual(['RULE_TAX_YEARS_RANGE_TOO_LONG']);
    expect(codes('2010-11', '2026-27')).toEqual(['RULE_TAX_YEARS_RANGE_TOO_LONG']);
  });

  it('refuses a reversed range, even by one year', () => {
    expect(codes('2024-25', '2023-24')).toEqual(['RULE_TAX_YEARS_OUT_OF_ORDER']);
    expect(codes('2026-27', '2010-11')).toEqual(['RULE_TAX_YEARS_OUT_OF_ORDER']);
  });

  it('reports the gateway’s codes with status 400', () => {
    expect(validateTaxYearRange('2019-20', '2026-27')).toEqual([
      expect.objectContaining({ code: 'RULE_TAX_YEARS_RANGE_TOO_LONG', status: 400 }),
    ]);
    expect(validateTaxYearRange('2024-25', '2023-24')).toEqual([
      expect.objectContaining({ code: 'RULE_TAX_YEARS_OUT_OF_ORDER', status: 400 }),
    ]);
  });
});
