/**
 * HMRC's identifier rules (docs/hmrc-rules.md §2.4 NINO, §2.5 tax years, §6.2 UTR) and strict ISO dates
 * (`LocalDate.parse`). The 1900–2099 window for dates is a field rule and is tested in rules.test.ts.
 */
import {
  checkTaxYear,
  isValidNino,
  isValidUtr,
  parseIsoDate,
  taxYearEnd,
  taxYearEndingIn,
} from '../../src/validation/identifiers';

describe('isValidNino (§2.4)', () => {
  it.each([
    'AA123456A',
    'AA123456B',
    'AA123456C',
    'AA123456D',
    'AA000000A',
    'JG999999C',
    // The suffix is optional, and may be a single space.
    'AA123456',
    'AA123456 ',
    // O is refused only as the second letter; as the first it is fine.
    'OA123456A',
    // The letter groups with their own rules in HMRC's pattern.
    'BA123456A',
    'GA123456A',
    'KA123456A',
    'TA123456A',
    'NA123456A',
    'NS123456A',
    'ZA123456A',
    'ZY123456A',
  ])('accepts %j', (nino) => {
    expect(isValidNino(nino)).toBe(true);
  });

  it.each(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'])('refuses the never-issued prefix %s', (prefix) => {
    expect(isValidNino(`${prefix}123456A`)).toBe(false);
    expect(isValidNino(`${prefix}123456`)).toBe(false);
  });

  it.each(['D', 'F', 'I', 'Q', 'U', 'V'])('refuses %s as the first or the second letter', (letter) => {
    expect(isValidNino(`${letter}A123456A`)).toBe(false);
    expect(isValidNino(`A${letter}123456A`)).toBe(false);
  });

  it('refuses O as the second letter', () => {
    expect(isValidNino('AO123456A')).toBe(false);
  });

  it.each([
    ['a suffix after D', 'AA123456E'],
    ['a numeric suffix', 'AA1234567'],
    ['two suffix letters', 'AA123456AB'],
    ['two trailing spaces', 'AA123456  '],
    ['a lower-case NINO', 'aa123456a'],
    ['a lower-case suffix', 'AA123456a'],
    ['a lower-case prefix letter', 'Aa123456A'],
    ['five digits', 'AA12345A'],
    ['seven digits', 'AA1234567A'],
    ['a leading space', ' AA123456A'],
    ['spaces between groups', 'AA 12 34 56 A'],
    ['a trailing newline', 'AA123456A\n'],
    ['a single prefix letter', 'A123456A'],
    ['no prefix', '123456A'],
    ['the empty string', ''],
    ['HMRC’s own example of a bad NINO', 'Badnino'],
  ])('refuses %s (%j)', (_label, nino) => {
    expect(isValidNino(nino)).toBe(false);
  });
});

describe('checkTaxYear (§2.5)', () => {
  it.each(['2021-22', '2023-24', '2024-25', '2019-20', '2010-11', '2098-99'])('accepts %s', (taxYear) => {
    expect(checkTaxYear(taxYear)).toBeUndefined();
  });

  it.each([
    // Every FORMAT example the reference gives.
    '2019',
    '201920',
    '2019-2020',
    '20177',
    '203100',
    '20!0-22',
    '2009-10',
    'beans',
    // And a few more: the whole string must match.
    '',
    '2021-22 ',
    ' 2021-22',
    '2021–22',
    '2021/22',
    '21-22',
    '1999-00',
    '2099-00',
    '2021-2',
  ])('gives FORMAT_TAX_YEAR for %j', (taxYear) => {
    expect(checkTaxYear(taxYear)).toBe('FORMAT_TAX_YEAR');
  });

  it.each([
    // Every RANGE example the reference gives; the span is checked before any minimum.
    '2017-19',
    '2018-17',
    '2017-17',
    '2021-24',
    '2018-20',
    '2021-21',
    '2023-25',
  ])('gives RULE_TAX_YEAR_RANGE_INVALID for %s', (taxYear) => {
    expect(checkTaxYear(taxYear)).toBe('RULE_TAX_YEAR_RANGE_INVALID');
  });
});

describe('tax-year arithmetic', () => {
  it('orders a tax year by the calendar year it ends in', () => {
    expect(taxYearEnd('2023-24')).toBe(2024);
    expect(taxYearEnd('2021-22')).toBe(2022);
    expect(taxYearEnd('2098-99')).toBe(2099);
  });

  it('names the tax year ending in a calendar year', () => {
    expect(taxYearEndingIn(2024)).toBe('2023-24');
    expect(taxYearEndingIn(2022)).toBe('2021-22');
    expect(taxYearEndingIn(2010)).toBe('2009-10');
    expect(taxYearEndingIn(2001)).toBe('2000-01');
  });

  it('round-trips', () => {
    for (let end = 2011; end <= 2099; end++) {
      expect(taxYearEnd(taxYearEndingIn(end))).toBe(end);
      expect(checkTaxYear(taxYearEndingIn(end))).toBeUndefined();
    }
  });
});

describe('isValidUtr (§6.2)', () => {
  it.each(['1234567890', '0000000000', '9999999999'])('accepts %s', (utr) => {
    expect(isValidUtr(utr)).toBe(true);
  });

  it.each([
    ['nine digits', '123456789'],
    ['eleven digits', '12345678901'],
    ['a trailing K', '1234567890K'],
    ['a K in place of the last digit', '123456789K'],
    ['a leading space', ' 1234567890'],
    ['a trailing space', '1234567890 '],
    ['a space inside', '12345 67890'],
    ['full-width digits', '１２３４５６７８９０'],
    ['a trailing newline', '1234567890\n'],
    ['the empty string', ''],
  ])('refuses %s (%j)', (_label, utr) => {
    expect(isValidUtr(utr)).toBe(false);
  });
});

describe('parseIsoDate (strict ISO YYYY-MM-DD, as LocalDate.parse accepts it)', () => {
  it('returns the parts of a real date', () => {
    expect(parseIsoDate('2024-01-31')).toEqual({ year: 2024, month: 1, day: 31 });
    expect(parseIsoDate('1900-01-01')).toEqual({ year: 1900, month: 1, day: 1 });
    expect(parseIsoDate('9999-12-31')).toEqual({ year: 9999, month: 12, day: 31 });
  });

  it.each(['2024-02-29', '2000-02-29', '1996-02-29', '2400-02-29', '1600-02-29'])(
    'accepts the leap day %s',
    (date) => {
      expect(parseIsoDate(date)).toBeDefined();
    },
  );

  it.each(['2023-02-29', '1900-02-29', '2100-02-29', '2200-02-29', '2023-02-30'])(
    'refuses %s, which does not exist',
    (date) => {
      expect(parseIsoDate(date)).toBeUndefined();
    },
  );

  it('applies the proleptic Gregorian calendar to years below 100 too (not the 1900s)', () => {
    // Year 0 is a leap year (divisible by 400) although 1900 is not; years 4 and 96 are leap years, 100 is not.
    expect(parseIsoDate('0000-02-29')).toEqual({ year: 0, month: 2, day: 29 });
    expect(parseIsoDate('0004-02-29')).toEqual({ year: 4, month: 2, day: 29 });
    expect(parseIsoDate('0096-02-29')).toEqual({ year: 96, month: 2, day: 29 });
    expect(parseIsoDate('0001-02-29')).toBeUndefined();
    expect(parseIsoDate('0100-02-29')).toBeUndefined();
    expect(parseIsoDate('0050-01-01')).toEqual({ year: 50, month: 1, day: 1 });
  });

  it.each([
    ['a 31st of a 30-day month', '2024-04-31'],
    ['month 13', '2024-13-01'],
    ['month 00', '2024-00-10'],
    ['day 00', '2024-01-00'],
    ['day 32', '2024-01-32'],
    ['a one-digit month', '2024-1-01'],
    ['a one-digit day', '2024-01-1'],
    ['a two-digit year', '24-01-01'],
    ['slashes', '2024/01/01'],
    ['a date-time', '2024-01-01T00:00:00Z'],
    ['a trailing space', '2024-01-01 '],
    ['a compact date', '20240101'],
    ['the empty string', ''],
  ])('refuses %s (%j)', (_label, date) => {
    expect(parseIsoDate(date)).toBeUndefined();
  });
});
