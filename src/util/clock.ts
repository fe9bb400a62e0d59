/**
 * Time, injectable so that date-dependent answers (charge status, HMRC's `fromDate` window) can be tested at the
 * boundaries. Dates are calendar dates, `YYYY-MM-DD`, compared as strings.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at one instant (tests, benchmarks). */
export function fixedClock(instant: string | Date): Clock {
  const at = new Date(instant);
  return { now: () => new Date(at) };
}

/** The calendar date in UTC, which is how HMRC's View Self Assessment Account API decides "today". */
export function utcDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

// Built on first use: the first Intl.DateTimeFormat of a process loads ICU's data, ~15 ms that would otherwise
// be spent at import, before the gateway is ready.
let london: Intl.DateTimeFormat | undefined;

/** The calendar date in the UK, which is what a taxpayer means by "due today". */
export function ukDate(instant: Date): string {
  london ??= new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return london.format(instant);
}

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
