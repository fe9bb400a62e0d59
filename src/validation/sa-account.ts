/**
 * The View Self Assessment Account API's request rules, mirrored so that a request HMRC would refuse (with its
 * code-less "Invalid request format or parameters.") is refused here with a code that says why.
 *
 * HMRC serves "6+1" tax years: the current tax year and the six before it. Its runtime (`UkTaxYears`) takes
 * "today" in UTC: before 6 April the earliest `fromDate` is 6 April seven years back, from 6 April six years back.
 * Without a `fromDate` it returns the current and previous tax years.
 */
import { hmrcError } from '../errors/hmrc-error';
import type { HmrcError } from '../errors/hmrc-error';
import { taxYearEnd } from './identifiers';

/** The tax year a date falls in: 6 April starts a new one. */
export function taxYearOf(date: string): string {
  const year = Number(date.slice(0, 4));
  const start = date.slice(5) >= '04-06' ? year : year - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/** 6 April of the year a tax year starts in: `2023-24` → `2023-04-06`. */
export function taxYearStart(taxYear: string): string {
  return `${taxYear.slice(0, 4)}-04-06`;
}

/** 5 April of the year a tax year ends in: `2023-24` → `2024-04-05`. */
export function taxYearLastDay(taxYear: string): string {
  return `${taxYearEnd(taxYear)}-04-05`;
}

export interface SaWindow {
  /** The earliest `fromDate` HMRC accepts. */
  readonly earliest: string;
  /** HMRC's `fromDate` when none is given: the start of the previous tax year. */
  readonly defaultFrom: string;
  /** Today, the latest `fromDate` HMRC accepts. */
  readonly today: string;
}

export function saWindow(todayUtc: string): SaWindow {
  const current = Number(taxYearOf(todayUtc).slice(0, 4));
  return { earliest: `${current - 6}-04-06`, defaultFrom: `${current - 1}-04-06`, today: todayUtc };
}

/** HMRC's `fromDate` checks (the format is the `Date` scalar's): not in the future, not before the window. */
export function validateFromDate(fromDate: string, window: SaWindow): HmrcError[] {
  if (fromDate > window.today || fromDate < window.earliest) {
    return [
      hmrcError('RULE_FROM_DATE_OUT_OF_RANGE', {
        message: `fromDate must be between ${window.earliest} and ${window.today}: HMRC serves the current and the previous six tax years`,
      }),
    ];
  }
  return [];
}

/** The most tax years one `taxYears` query may span: as many as HMRC's account serves. */
export const MAX_TAX_YEARS = 7;

export function validateTaxYearRange(from: string, to: string): HmrcError[] {
  const span = taxYearEnd(to) - taxYearEnd(from) + 1;
  if (span < 1) return [hmrcError('RULE_TAX_YEARS_OUT_OF_ORDER')];
  if (span > MAX_TAX_YEARS) return [hmrcError('RULE_TAX_YEARS_RANGE_TOO_LONG')];
  return [];
}
