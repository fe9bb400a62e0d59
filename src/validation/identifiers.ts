/**
 * HMRC's identifier rules, shared by every MTD API (`ResolveNino`, `ResolveTaxYear`) and by the scalars.
 * All checks are on the exact string: HMRC is case-sensitive and trims nothing, so neither do we.
 */

// HMRC's NINO pattern: prefix letters exclude D, F, I, Q, U, V and O as the second letter; suffix A-D, a space,
// or nothing (HMRC accepts `AA123456` without a suffix).
const NINO_PATTERN =
  /^([ACEHJLMOPRSWXY][A-CEGHJ-NPR-TW-Z]|B[A-CEHJ-NPR-TW-Z]|G[ACEGHJ-NPR-TW-Z]|[KT][A-CEGHJ-MPR-TW-Z]|N[A-CEGHJL-NPR-SW-Z]|Z[A-CEGHJ-NPR-TW-Y])[0-9]{6}[A-D ]?$/;
const NEVER_ISSUED_PREFIXES = ['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'];

export function isValidNino(value: string): boolean {
  return NINO_PATTERN.test(value) && !NEVER_ISSUED_PREFIXES.some((prefix) => value.startsWith(prefix));
}

const TAX_YEAR_PATTERN = /^20([1-9][0-9])-([1-9][0-9])$/;

export type TaxYearProblem = 'FORMAT_TAX_YEAR' | 'RULE_TAX_YEAR_RANGE_INVALID';

/** HMRC's first two tax-year checks, in HMRC's order: format, then a span of exactly one year. */
export function checkTaxYear(value: string): TaxYearProblem | undefined {
  const match = TAX_YEAR_PATTERN.exec(value);
  if (!match) return 'FORMAT_TAX_YEAR';
  return Number(match[2]) - Number(match[1]) === 1 ? undefined : 'RULE_TAX_YEAR_RANGE_INVALID';
}

/** The calendar year in which a (valid) tax year ends: `2023-24` → 2024. HMRC orders tax years by it. */
export function taxYearEnd(taxYear: string): number {
  return 2000 + Number(taxYear.slice(5, 7));
}

/** The tax year that ends in the given calendar year: 2024 → `2023-24`. */
export function taxYearEndingIn(endYear: number): string {
  return `${endYear - 1}-${String(endYear % 100).padStart(2, '0')}`;
}

/** Every tax year from `from` to `to`, both included, oldest first (empty when `to` is earlier). */
export function taxYearsBetween(from: string, to: string): string[] {
  const years: string[] = [];
  for (let end = taxYearEnd(from); end <= taxYearEnd(to); end++) years.push(taxYearEndingIn(end));
  return years;
}

const UTR_PATTERN = /^[0-9]{10}$/;

/** The View Self Assessment Account API's UTR rule: exactly ten digits (a trailing `K` is refused). */
export function isValidUtr(value: string): boolean {
  return UTR_PATTERN.test(value);
}

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date in strict ISO form, as Java's `LocalDate.parse` accepts it. */
export function parseIsoDate(value: string): { year: number; month: number; day: number } | undefined {
  const match = ISO_DATE_PATTERN.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // HMRC parses with LocalDate.parse (docs/hmrc-rules.md §4.2, §6.2): the proleptic Gregorian calendar, every
  // four-digit year. Date.UTC would map years 0-99 to 1900-1999 and so judge 0000-02-29 by 1900 (not a leap year)
  // although year 0 is one; setUTCFullYear takes the year literally. A day that does not exist in its month
  // still rolls over into the next month, and the comparison below refuses it.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  const valid =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return valid ? { year, month, day } : undefined;
}
