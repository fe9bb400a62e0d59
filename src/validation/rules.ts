/**
 * Field-level rules shared by HMRC's MTD APIs (HMRC's `ResolveParsedNumber`, `ResolveStringPattern`, date
 * resolvers). Each returns the errors for one value, with the value's JSON path, in HMRC's wording.
 */
import type { ErrorCode } from '../errors/codes';
import type { HmrcError } from '../errors/hmrc-error';
import { hmrcError } from '../errors/hmrc-error';
import { parseIsoDate } from './identifiers';

const MONEY_MAX = 99999999999.99;

/** Decimal places in a number's shortest exact decimal form (`1.25` → 2, `1e-7` → 7). */
function decimalPlaces(value: number): number {
  const [mantissa = '', exponent = '0'] = String(value).toLowerCase().split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

/**
 * HMRC money: 0 to 99999999999.99 with at most two decimal places; otherwise `FORMAT_VALUE` with the range in
 * the message. HMRC also refuses a JSON literal such as `1.100` (scale 3) even though its value has two places;
 * by the time a JSON number reaches JavaScript that trailing zero is gone, so such a value passes here and is
 * sent to HMRC as `1.1`, which HMRC accepts.
 */
export function checkNumber(
  value: number,
  path: string,
  range: { min: number; max: number } = { min: 0, max: MONEY_MAX },
): HmrcError[] {
  const ok = value >= range.min && value <= range.max && decimalPlaces(value) <= 2;
  return ok
    ? []
    : [
        hmrcError('FORMAT_VALUE', {
          paths: [path],
          message: `The value must be between ${formatBound(range.min)} and ${formatBound(range.max)}`,
        }),
      ];
}

// BigDecimal.toString of HMRC's bounds: `0`, `99999999999.99`, `-99999999999.99`.
function formatBound(bound: number): string {
  return Number.isInteger(bound) ? String(bound) : bound.toFixed(2);
}

/** HMRC's `ResolveStringPattern`: must match and must not be blank once trimmed. */
export function checkPattern(
  value: string,
  pattern: RegExp,
  code: ErrorCode,
  path?: string,
  message?: string,
): HmrcError[] {
  const ok = !isBlank(value) && pattern.test(value);
  return ok ? [] : [hmrcError(code, { ...(path ? { paths: [path] } : {}), ...(message ? { message } : {}) })];
}

/** Java's `String.trim().isEmpty()`: trim strips code points up to U+0020, not Unicode white space in general. */
export function isBlank(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^[\u0000-\u0020]*$/.test(value);
}

/**
 * A regular expression equivalent to a Java pattern `^.{min,max}$`: Java's `.` matches any code point except
 * line terminators (\n, \r, U+0085, U+2028, U+2029) and counts a surrogate pair as one character.
 */
export function javaAnyChars(min: number, max: number): RegExp {
  return new RegExp(`^[^\\n\\r\\u0085\\u2028\\u2029]{${min},${max}}$`, 'u');
}

/** An ISO date (`YYYY-MM-DD`, a real date) with 1900 ≤ year < 2100 (`maxYearInclusive` 2100 where HMRC allows it). */
export function checkDate(
  value: string,
  code: ErrorCode,
  path?: string,
  options: { maxYearInclusive?: number; message?: string } = {},
): HmrcError[] {
  const date = parseIsoDate(value);
  const maxYear = options.maxYearInclusive ?? 2099;
  const ok = date !== undefined && date.year >= 1900 && date.year <= maxYear;
  return ok
    ? []
    : [
        hmrcError(code, {
          ...(path ? { paths: [path] } : {}),
          ...(options.message ? { message: options.message } : {}),
        }),
      ];
}
