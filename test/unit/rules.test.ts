/**
 * Field-level rules shared by HMRC's MTD APIs: money (docs/hmrc-rules.md §2.6), string patterns with Java's
 * `trim`-based blank check (§2.7) and Java's `.` (the `^.{1,105}$` provider-name pattern, §3.2), and dates with
 * the 1900–2099 window (§4.2, §4.3) or 1900–2100 (§5.4).
 */
import { checkDate, checkNumber, checkPattern, isBlank, javaAnyChars } from '../../src/validation/rules';

const MONEY_MESSAGE = 'The value must be between 0 and 99999999999.99';

describe('checkNumber (money)', () => {
  it.each([0, 0.01, 0.1, 1, 1.1, 100.1, 1000, 123.45, 99999999999, 99999999999.99, -0])(
    'accepts %d',
    (value) => {
      expect(checkNumber(value, '/field')).toStrictEqual([]);
    },
  );

  it.each([
    ['a value above the maximum', 99999999999.991],
    ['a value far above the maximum', 100000000000],
    ['a negative value', -0.01],
    ['a large negative value', -69420],
    ['three decimal places', 1.123],
    ['three decimal places, rounding up', 1.005],
    ['a tiny value in exponent form', 1e-7],
    ['a tiny value with a mantissa', 1.5e-7],
    ['floating-point noise', 0.1 + 0.2],
  ])('refuses %s (%d) with FORMAT_VALUE at the path', (_label, value) => {
    expect(checkNumber(value, '/pensionContributions/annualAllowanceTaxPaid')).toStrictEqual([
      {
        code: 'FORMAT_VALUE',
        message: MONEY_MESSAGE,
        status: 400,
        paths: ['/pensionContributions/annualAllowanceTaxPaid'],
      },
    ]);
  });

  it('words the message from the range, as BigDecimal prints the bounds', () => {
    const range = { min: -99999999999.99, max: 99999999999.99 };
    expect(checkNumber(-5, '/a', range)).toStrictEqual([]);
    expect(checkNumber(-100000000000, '/a', range)).toStrictEqual([
      {
        code: 'FORMAT_VALUE',
        message: 'The value must be between -99999999999.99 and 99999999999.99',
        status: 400,
        paths: ['/a'],
      },
    ]);
    expect(checkNumber(100, '/b', { min: 1, max: 99 })).toStrictEqual([
      { code: 'FORMAT_VALUE', message: 'The value must be between 1 and 99', status: 400, paths: ['/b'] },
    ]);
  });
});

describe('isBlank (Java String.trim().isEmpty())', () => {
  it.each(['', ' ', '   ', '\t', '\n', '\r\n', '\u0000', '\u001f', ' \t \n '])('is true for %j', (value) => {
    expect(isBlank(value)).toBe(true);
  });

  it.each(['a', ' a ', '\u00a0', '\u2003', '\u3000', '.', '\u0085'])(
    'is false for %j (Java trim strips only code points up to U+0020)',
    (value) => {
      expect(isBlank(value)).toBe(false);
    },
  );
});

describe('javaAnyChars (Java’s ^.{min,max}$)', () => {
  const oneTo105 = javaAnyChars(1, 105);

  it('counts characters within the bounds', () => {
    expect(oneTo105.test('')).toBe(false);
    expect(oneTo105.test('a')).toBe(true);
    expect(oneTo105.test('a'.repeat(105))).toBe(true);
    expect(oneTo105.test('a'.repeat(106))).toBe(false);
    expect(javaAnyChars(1, 250).test('b'.repeat(250))).toBe(true);
    expect(javaAnyChars(1, 250).test('b'.repeat(251))).toBe(false);
  });

  it.each([
    ['a line feed', 'Line 1\nLine 2'],
    ['a carriage return', 'Line 1\rLine 2'],
    ['CR LF', 'Line 1\r\nLine 2'],
    ['a trailing line feed', 'Name\n'],
    ['NEL (U+0085)', 'Name\u0085'],
    ['LINE SEPARATOR (U+2028)', 'Name\u2028x'],
    ['PARAGRAPH SEPARATOR (U+2029)', 'Name\u2029x'],
  ])('refuses %s, which Java’s dot does not match', (_label, value) => {
    expect(oneTo105.test(value)).toBe(false);
  });

  it.each(['Tab\there', 'Société Générale', 'Zürich Vorsorge AG', '株式会社', '😀'])(
    'accepts %j',
    (value) => {
      expect(oneTo105.test(value)).toBe(true);
    },
  );

  it('counts a character outside the BMP (a surrogate pair) as one, as Java’s regex does', () => {
    const emoji = '😀';
    expect(emoji.length).toBe(2);
    expect(oneTo105.test(emoji.repeat(105))).toBe(true);
    expect(oneTo105.test(emoji.repeat(106))).toBe(false);
    expect(javaAnyChars(2, 2).test(emoji)).toBe(false);
    expect(javaAnyChars(1, 1).test(emoji)).toBe(true);
  });
});

describe('checkPattern (HMRC’s ResolveStringPattern)', () => {
  const NAME = javaAnyChars(1, 105);

  it('passes a matching, non-blank value', () => {
    expect(checkPattern('Overseas Pensions Plc', NAME, 'FORMAT_PROVIDER_NAME', '/p')).toStrictEqual([]);
  });

  it('fails a non-matching value with the code and path', () => {
    expect(checkPattern('x'.repeat(106), NAME, 'FORMAT_PROVIDER_NAME', '/p/providerName')).toStrictEqual([
      {
        code: 'FORMAT_PROVIDER_NAME',
        message: 'The provided name is invalid',
        status: 400,
        paths: ['/p/providerName'],
      },
    ]);
  });

  it('fails a blank value even when the pattern matches it', () => {
    expect(NAME.test('   ')).toBe(true);
    expect(checkPattern('   ', NAME, 'FORMAT_PROVIDERS_ADDRESS', '/a')).toStrictEqual([
      {
        code: 'FORMAT_PROVIDERS_ADDRESS',
        message: 'The provided address is invalid',
        status: 400,
        paths: ['/a'],
      },
    ]);
    expect(checkPattern('\t', NAME, 'FORMAT_PROVIDERS_ADDRESS', '/a')).toHaveLength(1);
  });

  it('passes a value with surrounding spaces that is not blank', () => {
    expect(checkPattern('  x  ', NAME, 'FORMAT_PROVIDER_NAME', '/p')).toStrictEqual([]);
  });

  it('leaves out paths when given none, and uses a given message', () => {
    const [error] = checkPattern('', /^x$/, 'FORMAT_VALUE', undefined, 'Custom words');
    expect(error).toStrictEqual({ code: 'FORMAT_VALUE', message: 'Custom words', status: 400 });
    expect(error).not.toHaveProperty('paths');
  });
});

describe('checkDate', () => {
  it.each(['1900-01-01', '2024-02-29', '2000-02-29', '2099-12-31'])('accepts %s', (date) => {
    expect(checkDate(date, 'FORMAT_DATE', '/d')).toStrictEqual([]);
  });

  it.each([
    ['a year before 1900', '1899-12-31'],
    ['2100 by default', '2100-01-01'],
    ['a non-existent leap day', '2023-02-29'],
    ['1900-02-29 (1900 is not a leap year)', '1900-02-29'],
    ['a malformed date', '2024-1-1'],
    ['a date-time', '2024-01-01T00:00:00Z'],
  ])('refuses %s', (_label, date) => {
    expect(checkDate(date, 'FORMAT_DATE', '/maintenancePayments/0/exSpouseDateOfBirth')).toStrictEqual([
      {
        code: 'FORMAT_DATE',
        message: 'The supplied date format is not valid',
        status: 400,
        paths: ['/maintenancePayments/0/exSpouseDateOfBirth'],
      },
    ]);
  });

  it('allows 2100 only where HMRC’s window is inclusive', () => {
    expect(checkDate('2100-12-31', 'FORMAT_DATE', undefined, { maxYearInclusive: 2100 })).toStrictEqual([]);
    expect(checkDate('2101-01-01', 'FORMAT_DATE', undefined, { maxYearInclusive: 2100 })).toHaveLength(1);
    expect(checkDate('1899-12-31', 'FORMAT_DATE', undefined, { maxYearInclusive: 2100 })).toHaveLength(1);
  });

  it('uses a given message and leaves out paths when given none', () => {
    const [error] = checkDate('nope', 'FORMAT_DATE', undefined, { message: 'The provided date is invalid' });
    expect(error).toStrictEqual({
      code: 'FORMAT_DATE',
      message: 'The provided date is invalid',
      status: 400,
    });
  });
});
