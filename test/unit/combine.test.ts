/**
 * How HMRC combines the errors of one validation pass (docs/hmrc-rules.md §2.2): merge by message with the paths
 * concatenated in validation order (a path-less member makes the merged error path-less), then — for charges,
 * reliefs and SA accounts — sort by code as plain strings.
 */
import type { HmrcError } from '../../src/errors/hmrc-error';
import { hmrcError } from '../../src/errors/hmrc-error';
import { combineErrors } from '../../src/validation/combine';

const VALUE_MESSAGE = 'The value must be between 0 and 99999999999.99';

describe('combineErrors', () => {
  it('returns nothing for nothing', () => {
    expect(combineErrors([], 'byCode')).toStrictEqual([]);
    expect(combineErrors([], 'unsorted')).toStrictEqual([]);
  });

  it('passes a single error through unchanged', () => {
    const error = hmrcError('FORMAT_VALUE', { paths: ['/a'] });
    expect(combineErrors([error], 'byCode')).toStrictEqual([
      { code: 'FORMAT_VALUE', message: VALUE_MESSAGE, status: 400, paths: ['/a'] },
    ]);
    expect(combineErrors([hmrcError('FORMAT_NINO')], 'byCode')).toStrictEqual([
      { code: 'FORMAT_NINO', message: 'The NINO format is invalid', status: 400 },
    ]);
  });

  it('merges errors with the same message into one, concatenating their paths in order', () => {
    const errors = [
      hmrcError('FORMAT_VALUE', { paths: ['/z/value'] }),
      hmrcError('FORMAT_VALUE', { paths: ['/a/value', '/b/value'] }),
      hmrcError('FORMAT_VALUE', { paths: ['/m/value'] }),
    ];
    expect(combineErrors(errors, 'byCode')).toStrictEqual([
      {
        code: 'FORMAT_VALUE',
        message: VALUE_MESSAGE,
        status: 400,
        // Not sorted: validation order is kept.
        paths: ['/z/value', '/a/value', '/b/value', '/m/value'],
      },
    ]);
  });

  it('merges by message, not by code: the first member’s code and status win', () => {
    const errors: HmrcError[] = [
      hmrcError('FORMAT_PROVIDER_NAME', { paths: ['/one'], message: 'Same words' }),
      hmrcError('FORMAT_PROVIDERS_ADDRESS', { paths: ['/two'], message: 'Same words' }),
    ];
    expect(combineErrors(errors, 'byCode')).toStrictEqual([
      { code: 'FORMAT_PROVIDER_NAME', message: 'Same words', status: 400, paths: ['/one', '/two'] },
    ]);
  });

  it('keeps errors with the same code but different messages apart (FORMAT_VALUE ranges)', () => {
    const errors = [
      hmrcError('FORMAT_VALUE', { paths: ['/a'] }),
      hmrcError('FORMAT_VALUE', { paths: ['/b'], message: 'The value must be between 1 and 99' }),
      hmrcError('FORMAT_VALUE', { paths: ['/c'] }),
    ];
    expect(combineErrors(errors, 'byCode')).toStrictEqual([
      { code: 'FORMAT_VALUE', message: VALUE_MESSAGE, status: 400, paths: ['/a', '/c'] },
      { code: 'FORMAT_VALUE', message: 'The value must be between 1 and 99', status: 400, paths: ['/b'] },
    ]);
  });

  it('drops the paths of a merged error when any member has none', () => {
    const pathFirst = [
      hmrcError('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { paths: ['/a'] }),
      hmrcError('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED'),
    ];
    const pathLessFirst = [...pathFirst].reverse();
    const expected = [
      {
        code: 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED',
        message: 'An empty or non-matching body was submitted',
        status: 400,
      },
    ];
    expect(combineErrors(pathFirst, 'byCode')).toStrictEqual(expected);
    expect(combineErrors(pathLessFirst, 'byCode')).toStrictEqual(expected);
    expect(combineErrors(pathFirst, 'byCode')[0]).not.toHaveProperty('paths');
  });

  it('merges several path-less errors into one path-less error (RULE_PENSION_REFERENCE per provider)', () => {
    const errors = [
      hmrcError('RULE_PENSION_REFERENCE'),
      hmrcError('RULE_PENSION_REFERENCE'),
      hmrcError('RULE_PENSION_REFERENCE'),
    ];
    const combined = combineErrors(errors, 'byCode');
    expect(combined).toStrictEqual([
      {
        code: 'RULE_PENSION_REFERENCE',
        message:
          'You can only provide qualifying recognised Overseas Pension Scheme reference or pension scheme tax reference not both',
        status: 400,
      },
    ]);
  });

  it('sorts by code as plain strings: FORMAT_PROVIDERS_ADDRESS before FORMAT_PROVIDER_NAME (S < _)', () => {
    const errors = [
      hmrcError('RULE_PENSION_REFERENCE'),
      hmrcError('FORMAT_PROVIDER_NAME', { paths: ['/name'] }),
      hmrcError('FORMAT_VALUE', { paths: ['/value'] }),
      hmrcError('FORMAT_PROVIDERS_ADDRESS', { paths: ['/address'] }),
      hmrcError('FORMAT_COUNTRY_CODE', { paths: ['/country'] }),
      hmrcError('RULE_COUNTRY_CODE', { paths: ['/country2'] }),
      hmrcError('FORMAT_QOPS_REF', { paths: ['/qops'] }),
      hmrcError('FORMAT_PENSION_SCHEME_TAX_REFERENCE', { paths: ['/pstr'] }),
      hmrcError('RULE_IS_ANNUAL_ALLOWANCE_REDUCED'),
    ];
    expect(combineErrors(errors, 'byCode').map((e) => e.code)).toStrictEqual([
      'FORMAT_COUNTRY_CODE',
      'FORMAT_PENSION_SCHEME_TAX_REFERENCE',
      'FORMAT_PROVIDERS_ADDRESS',
      'FORMAT_PROVIDER_NAME',
      'FORMAT_QOPS_REF',
      'FORMAT_VALUE',
      'RULE_COUNTRY_CODE',
      'RULE_IS_ANNUAL_ALLOWANCE_REDUCED',
      'RULE_PENSION_REFERENCE',
    ]);
  });

  it('sorts the merged groups, not the raw errors, and keeps each group’s paths in validation order', () => {
    const errors = [
      hmrcError('FORMAT_VALUE', { paths: ['/v1'] }),
      hmrcError('FORMAT_COUNTRY_CODE', { paths: ['/c1'] }),
      hmrcError('FORMAT_VALUE', { paths: ['/v2'] }),
      hmrcError('FORMAT_COUNTRY_CODE', { paths: ['/c2'] }),
    ];
    expect(combineErrors(errors, 'byCode')).toStrictEqual([
      {
        code: 'FORMAT_COUNTRY_CODE',
        message: 'The provided Country code is invalid',
        status: 400,
        paths: ['/c1', '/c2'],
      },
      { code: 'FORMAT_VALUE', message: VALUE_MESSAGE, status: 400, paths: ['/v1', '/v2'] },
    ]);
  });

  it('keeps first-seen group order when asked not to sort (disclosures)', () => {
    const errors = [
      hmrcError('RULE_TAX_YEAR_NOT_SUPPORTED'),
      hmrcError('FORMAT_VALUE', { paths: ['/b'] }),
      hmrcError('FORMAT_NINO'),
      hmrcError('FORMAT_VALUE', { paths: ['/a'] }),
    ];
    expect(combineErrors(errors, 'unsorted')).toStrictEqual([
      {
        code: 'RULE_TAX_YEAR_NOT_SUPPORTED',
        message: 'The tax year specified does not lie within the supported range',
        status: 400,
      },
      { code: 'FORMAT_VALUE', message: VALUE_MESSAGE, status: 400, paths: ['/b', '/a'] },
      { code: 'FORMAT_NINO', message: 'The NINO format is invalid', status: 400 },
    ]);
  });

  it('does not modify its input', () => {
    const first = hmrcError('FORMAT_VALUE', { paths: ['/a'] });
    const second = hmrcError('FORMAT_VALUE', { paths: ['/b'] });
    const input = [second, hmrcError('FORMAT_COUNTRY_CODE', { paths: ['/c'] }), first];
    const snapshot = JSON.parse(JSON.stringify(input));
    combineErrors(input, 'byCode');
    expect(input).toStrictEqual(snapshot);
  });
});
