/**
 * HMRC's validation of High Income Child Benefit Charge and Winter Fuel Payment (Individuals Charges API 3.0), rule
 * by rule, from HMRC's validators and their tests (hmrc/individuals-charges-api, app/v3/highIncomeChildBenefitCharge,
 * app/v3/winterFuelPayment; docs/hmrc-rules.md §3.5). Every failing case asserts the complete error list (code,
 * message, status, paths) in HMRC's order; every passing case asserts the exact body that would be sent.
 */
import type { HmrcError } from '../../src/errors/hmrc-error';
import { hmrcError } from '../../src/errors/hmrc-error';
import { DEFAULT_API_VERSIONS } from '../../src/hmrc/apis';
import { RESOURCES } from '../../src/resources';
import type { RequestFacts, ValidationSettings } from '../../src/validation/types';
import { readHmrcJson } from '../helpers/hmrc-fixtures';

const NINO = 'AA123456A';
const SETTINGS: ValidationSettings = { versions: DEFAULT_API_VERSIONS, disclosuresMinTaxYear: '2019-20' };
/** 1 June 2027: 2026-27 has ended, 2027-28 has not. */
const AFTER_2026_27: RequestFacts = { today: '2027-06-01', suspendTemporalValidations: false };

const hicbc = RESOURCES.highIncomeChildBenefitCharge.rules;
const wfp = RESOURCES.winterFuelPayment.rules;

const putHicbc = (body: unknown, taxYear = '2025-26', nino = NINO) =>
  hicbc.createAmend(nino, taxYear, body, SETTINGS, AFTER_2026_27);
const putWfp = (body: unknown, taxYear = '2026-27', facts = AFTER_2026_27, nino = NINO) =>
  wfp.createAmend(nino, taxYear, body, SETTINGS, facts);
const refused = (...errors: HmrcError[]) => ({ ok: false, errors });

const EMPTY = hmrcError('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
const bodyPaths = (...paths: string[]) => hmrcError('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { paths });
const money = (path: string) =>
  hmrcError('FORMAT_VALUE', { paths: [path], message: 'The value must be between 0 and 99999999999.99' });
const CHILDREN = hmrcError('FORMAT_VALUE', {
  paths: ['/numberOfChildren'],
  message: 'The value must be an integer between 1 and 99',
});

describe('the error catalogue holds HMRC’s wording of the new codes', () => {
  it.each([
    ['FORMAT_DATE_CEASED', 'The ceased date format is invalid'],
    ['RULE_DATE_CEASED', 'The ceased date must be within the tax year'],
    ['FORMAT_SOURCE', 'The provided source is invalid'],
    ['RULE_TAX_YEAR_NOT_ENDED', 'The specified tax year has not yet ended'],
    ['RULE_WFP_AMOUNT_ABOVE_MAXIMUM', 'Amount exceeds the maximum Winter Fuel Payment for the tax year'],
    ['RULE_WFP_AMOUNT_BELOW_MINIMUM', 'Amount is below the minimum Winter Fuel Payment for the tax year'],
  ] as const)('%s', (code, message) => {
    expect(hmrcError(code)).toEqual({ code, message, status: 400 });
  });
});

describe('High Income Child Benefit Charge: create or amend', () => {
  const full = () =>
    readHmrcJson(
      'individuals-charges-api',
      '3.0',
      'examples/highIncomeChildBenefitCharge/createAmend/full_request.json',
    );
  const minimal = () =>
    readHmrcJson(
      'individuals-charges-api',
      '3.0',
      'examples/highIncomeChildBenefitCharge/createAmend/minimal_request.json',
    );

  it('accepts HMRC’s own full and minimal example bodies', () => {
    expect(putHicbc(full())).toEqual({ ok: true, value: full() });
    expect(putHicbc(minimal())).toEqual({ ok: true, value: minimal() });
  });

  it('ignores unknown fields (HMRC reads the body non-strictly)', () => {
    expect(putHicbc({ ...(minimal() as object), extra: true })).toEqual({ ok: true, value: minimal() });
  });

  it('checks the NINO first and alone', () => {
    expect(putHicbc({}, '2019-21', 'not-a-nino')).toEqual(refused(hmrcError('FORMAT_NINO')));
  });

  it.each([
    ['2025', 'FORMAT_TAX_YEAR'],
    ['2025-27', 'RULE_TAX_YEAR_RANGE_INVALID'],
    ['2024-25', 'RULE_TAX_YEAR_NOT_SUPPORTED'],
  ] as const)('tax year %s: %s, with a valid body', (taxYear, code) => {
    expect(putHicbc(minimal(), taxYear)).toEqual(refused(hmrcError(code)));
  });

  it('has no maximum tax year and no "not ended" rule', () => {
    expect(putHicbc({ amountOfChildBenefitReceived: 1, numberOfChildren: 1 }, '2030-31').ok).toBe(true);
  });

  it('reports a tax-year error together with the body errors (stage one), sorted by code', () => {
    expect(putHicbc({}, '2024-25')).toEqual(refused(EMPTY, hmrcError('RULE_TAX_YEAR_NOT_SUPPORTED')));
  });

  it('hides the business rules behind a tax-year error (stage two runs only if stage one passed)', () => {
    expect(putHicbc({ amountOfChildBenefitReceived: -1, numberOfChildren: 0 }, '2024-25')).toEqual(
      refused(hmrcError('RULE_TAX_YEAR_NOT_SUPPORTED')),
    );
  });

  it.each([
    ['an empty object', {}, EMPTY],
    ['not an object', [1], EMPTY],
    [
      'missing both mandatory fields',
      { dateCeased: '2025-05-08' },
      bodyPaths('/amountOfChildBenefitReceived', '/numberOfChildren'),
    ],
    [
      'a fractional numberOfChildren (a JSON type failure)',
      { amountOfChildBenefitReceived: 1, numberOfChildren: 2.5 },
      bodyPaths('/numberOfChildren'),
    ],
    [
      'numberOfChildren as a string',
      { amountOfChildBenefitReceived: 1, numberOfChildren: '2' },
      bodyPaths('/numberOfChildren'),
    ],
    [
      'dateCeased not a string',
      { amountOfChildBenefitReceived: 1, numberOfChildren: 2, dateCeased: 20250508 },
      bodyPaths('/dateCeased'),
    ],
  ])('body %s', (_name, body, error) => {
    expect(putHicbc(body)).toEqual(refused(error));
  });

  it.each([0, 100, -1])('numberOfChildren %d: FORMAT_VALUE with the integer message', (children) => {
    expect(putHicbc({ amountOfChildBenefitReceived: 1, numberOfChildren: children })).toEqual(
      refused(CHILDREN),
    );
  });

  it.each([1, 99])('numberOfChildren %d is accepted', (children) => {
    expect(putHicbc({ amountOfChildBenefitReceived: 1, numberOfChildren: children }).ok).toBe(true);
  });

  it.each([-0.01, 100000000000, 1.001])('amountOfChildBenefitReceived %d: FORMAT_VALUE', (amount) => {
    expect(putHicbc({ amountOfChildBenefitReceived: amount, numberOfChildren: 1 })).toEqual(
      refused(money('/amountOfChildBenefitReceived')),
    );
  });

  it('keeps the two FORMAT_VALUE errors apart (different messages), numberOfChildren first as HMRC checks it', () => {
    expect(putHicbc({ amountOfChildBenefitReceived: -1, numberOfChildren: 0 })).toEqual(
      refused(CHILDREN, money('/amountOfChildBenefitReceived')),
    );
  });

  it.each(['2025-02-30', '08/05/2025', '2025-5-8', ''])(
    'dateCeased %p: FORMAT_DATE_CEASED, no path',
    (date) => {
      expect(putHicbc({ amountOfChildBenefitReceived: 1, numberOfChildren: 1, dateCeased: date })).toEqual(
        refused(hmrcError('FORMAT_DATE_CEASED')),
      );
    },
  );

  it.each([
    ['2025-04-05', false],
    ['2025-04-06', true],
    ['2026-04-05', true],
    ['2026-04-06', false],
    ['1899-01-01', false],
  ])('dateCeased %s within 2025-26: %s', (date, within) => {
    const result = putHicbc({ amountOfChildBenefitReceived: 1, numberOfChildren: 1, dateCeased: date });
    expect(result).toEqual(
      within
        ? { ok: true, value: { amountOfChildBenefitReceived: 1, numberOfChildren: 1, dateCeased: date } }
        : refused(hmrcError('RULE_DATE_CEASED')),
    );
  });

  it('reports every business-rule error at once, sorted by code', () => {
    expect(
      putHicbc({ amountOfChildBenefitReceived: 1.234, numberOfChildren: 100, dateCeased: '2024-01-01' }),
    ).toEqual(refused(CHILDREN, money('/amountOfChildBenefitReceived'), hmrcError('RULE_DATE_CEASED')));
    expect(putHicbc({ amountOfChildBenefitReceived: 1, numberOfChildren: 0, dateCeased: 'x' })).toEqual(
      refused(hmrcError('FORMAT_DATE_CEASED'), CHILDREN),
    );
  });
});

describe('High Income Child Benefit Charge: retrieve and delete', () => {
  it.each([
    ['AA123456A', '2025-26', []],
    ['AA123456A', '2040-41', []],
    ['AA123456A', '2024-25', [hmrcError('RULE_TAX_YEAR_NOT_SUPPORTED')]],
    ['AA123456A', '2025-27', [hmrcError('RULE_TAX_YEAR_RANGE_INVALID')]],
    ['AA123456A', '25-26', [hmrcError('FORMAT_TAX_YEAR')]],
    ['bad', '25-26', [hmrcError('FORMAT_NINO')]],
  ])('%s %s', (nino, taxYear, errors) => {
    expect(hicbc.retrieve(nino, taxYear, SETTINGS, {})).toEqual(errors);
    expect(hicbc.delete(nino, taxYear, SETTINGS)).toEqual(errors);
  });
});

describe('Winter Fuel Payment: create or amend', () => {
  const example = () =>
    readHmrcJson('individuals-charges-api', '3.0', 'examples/winterFuelPayment/createAmend/request.json');

  it('accepts HMRC’s own example body for an ended year, ignoring unknown fields', () => {
    expect(putWfp(example())).toEqual({ ok: true, value: example() });
    expect(putWfp({ winterFuelPayment: 0, note: 'x' })).toEqual({
      ok: true,
      value: { winterFuelPayment: 0 },
    });
  });

  it('checks the NINO first and alone', () => {
    expect(putWfp({}, '2019', AFTER_2026_27, 'BG123456A')).toEqual(refused(hmrcError('FORMAT_NINO')));
  });

  it.each([
    ['2026', 'FORMAT_TAX_YEAR'],
    ['2026-28', 'RULE_TAX_YEAR_RANGE_INVALID'],
    ['2025-26', 'RULE_TAX_YEAR_NOT_SUPPORTED'],
  ] as const)('tax year %s: %s', (taxYear, code) => {
    expect(putWfp(example(), taxYear)).toEqual(refused(hmrcError(code)));
  });

  describe('RULE_TAX_YEAR_NOT_ENDED: a year not strictly before the current one (UTC today)', () => {
    it.each([
      ['2027-04-05', '2026-27', false],
      ['2027-04-06', '2026-27', true],
      ['2027-06-01', '2027-28', false],
      ['2027-06-01', '2030-31', false],
      ['2028-04-06', '2027-28', true],
    ])('today %s, %s ended: %s', (today, taxYear, ended) => {
      const result = putWfp(example(), taxYear, { today, suspendTemporalValidations: false });
      expect(result).toEqual(
        ended ? { ok: true, value: example() } : refused(hmrcError('RULE_TAX_YEAR_NOT_ENDED')),
      );
    });

    it('is checked after the minimum: a year before 2026-27 is not supported, whatever the date', () => {
      expect(
        putWfp(example(), '2025-26', { today: '2025-06-01', suspendTemporalValidations: false }),
      ).toEqual(refused(hmrcError('RULE_TAX_YEAR_NOT_SUPPORTED')));
    });

    it('is lifted by a sandbox’s suspend-temporal-validations', () => {
      expect(putWfp(example(), '2027-28', { today: '2027-06-01', suspendTemporalValidations: true })).toEqual(
        {
          ok: true,
          value: example(),
        },
      );
    });

    it('comes back together with the body errors, and hides FORMAT_VALUE', () => {
      const inYear: RequestFacts = { today: '2026-12-01', suspendTemporalValidations: false };
      expect(putWfp({}, '2026-27', inYear)).toEqual(refused(EMPTY, hmrcError('RULE_TAX_YEAR_NOT_ENDED')));
      expect(putWfp({ winterFuelPayment: -5 }, '2026-27', inYear)).toEqual(
        refused(hmrcError('RULE_TAX_YEAR_NOT_ENDED')),
      );
    });
  });

  it.each([
    ['an empty object', {}, EMPTY],
    ['only unknown fields', { amount: 1 }, bodyPaths('/winterFuelPayment')],
    ['a boolean amount', { winterFuelPayment: true }, bodyPaths('/winterFuelPayment')],
  ])('body %s', (_name, body, error) => {
    expect(putWfp(body)).toEqual(refused(error));
  });

  it.each([-1, 1.005, 100000000000])('winterFuelPayment %d: FORMAT_VALUE', (amount) => {
    expect(putWfp({ winterFuelPayment: amount })).toEqual(refused(money('/winterFuelPayment')));
  });

  it('leaves the amount’s bounds for the year to HMRC (its backend checks them)', () => {
    expect(putWfp({ winterFuelPayment: 5000 })).toEqual({ ok: true, value: { winterFuelPayment: 5000 } });
  });
});

describe('Winter Fuel Payment: retrieve (source) and delete', () => {
  it.each(['hmrc-held', 'user', 'latest', undefined])('source %p is accepted', (source) => {
    expect(wfp.retrieve(NINO, '2026-27', SETTINGS, { source })).toEqual([]);
  });

  it.each(['HMRC-HELD', 'User', 'hmrcHeld', ''])(
    'source %p: FORMAT_SOURCE (exact, case-sensitive)',
    (source) => {
      expect(wfp.retrieve(NINO, '2026-27', SETTINGS, { source })).toEqual([hmrcError('FORMAT_SOURCE')]);
    },
  );

  it('reports FORMAT_SOURCE together with a tax-year error, sorted by code', () => {
    expect(wfp.retrieve(NINO, '2025-26', SETTINGS, { source: 'x' })).toEqual([
      hmrcError('FORMAT_SOURCE'),
      hmrcError('RULE_TAX_YEAR_NOT_SUPPORTED'),
    ]);
    expect(wfp.retrieve(NINO, '202627', SETTINGS, { source: 'x' })).toEqual([
      hmrcError('FORMAT_SOURCE'),
      hmrcError('FORMAT_TAX_YEAR'),
    ]);
  });

  it('checks the NINO first and alone', () => {
    expect(wfp.retrieve('x', '2025-26', SETTINGS, { source: 'x' })).toEqual([hmrcError('FORMAT_NINO')]);
  });

  it('has no "not ended" rule on reads and deletes', () => {
    expect(wfp.retrieve(NINO, '2030-31', SETTINGS, {})).toEqual([]);
    expect(wfp.delete(NINO, '2030-31', SETTINGS)).toEqual([]);
    expect(wfp.delete(NINO, '2025-26', SETTINGS)).toEqual([hmrcError('RULE_TAX_YEAR_NOT_SUPPORTED')]);
  });
});
