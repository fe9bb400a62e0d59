/**
 * HMRC's validation of the Individuals Disclosures API v2.0, rule by rule, at validator level: docs/hmrc-rules.md
 * §2.2–§2.8, §5.1–§5.4, §9 items 3, 6 and 8. Every failing case asserts the complete error list (code, status,
 * message, paths); every rule also has a passing case.
 *
 * Disclosures does not sort its errors (HMRC's order is a hash order, §2.2 rule 3), so lists of several errors
 * are compared as sets; single errors are compared exactly. Messages are written out here, from the reference,
 * rather than read from the gateway, so a wrong message fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_API_VERSIONS } from '../../src/hmrc/apis';
import {
  validateCreateAmendDisclosures,
  validateDeleteDisclosures,
  validateRetrieveDisclosures,
} from '../../src/resources/disclosures';
import { validateCreateMarriageAllowance } from '../../src/resources/marriage-allowance';
import { DISCLOSURES_MESSAGES } from '../../src/validation/disclosures';
import type { ValidationSettings } from '../../src/validation/types';
import { hmrcSpecDir } from '../helpers/hmrc-fixtures';

const MESSAGES = {
  FORMAT_NINO: 'The provided NINO is invalid',
  FORMAT_TAX_YEAR: 'The provided tax year is invalid',
  RULE_TAX_YEAR_RANGE_INVALID: 'Tax year range invalid. A tax year range of one year is required',
  RULE_TAX_YEAR_NOT_SUPPORTED:
    'The specified tax year is not supported. That is, the tax year specified is before the minimum tax year value',
  RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED: 'An empty or non-matching body was submitted',
  FORMAT_SRN_INVALID: 'The provided scheme reference number is invalid',
  RULE_VOLUNTARY_CLASS2_VALUE_INVALID: 'Voluntary Class 2 Contributions can only be set to true',
  FORMAT_SPOUSE_OR_CIVIL_PARTNERS_NINO:
    "The provided spouse or civil partner's National Insurance Number is invalid",
  FORMAT_SPOUSE_OR_CIVIL_PARTNERS_FIRST_NAME: "The provided spouse or civil partner's first name is invalid",
  FORMAT_SPOUSE_OR_CIVIL_PARTNERS_SURNAME: "The provided spouse or civil partner's surname is invalid",
  FORMAT_SPOUSE_OR_CIVIL_PARTNERS_DATE_OF_BIRTH:
    "The provided spouse or civil partner's date of birth date is invalid",
} as const;
type Code = keyof typeof MESSAGES;

interface Err {
  code: Code;
  message: string;
  status: number;
  paths?: string[];
}

/** One error exactly as HMRC reports it (every validation error is a 400). */
function err(code: Code, paths?: string[]): Err {
  return { code, message: MESSAGES[code], status: 400, ...(paths ? { paths } : {}) };
}
const BODY = 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED';
const NINO = 'AA123456A';
const YEAR = '2023-24';

const SANDBOX: ValidationSettings = { versions: DEFAULT_API_VERSIONS, disclosuresMinTaxYear: '2019-20' };
const PRODUCTION: ValidationSettings = { versions: DEFAULT_API_VERSIONS, disclosuresMinTaxYear: '2021-22' };

type Result = { ok: true; value: unknown } | { ok: false; errors: readonly unknown[] };

function accepted(value: unknown) {
  return { ok: true, value };
}

/** A refusal with exactly one error. */
function rejected(error: Err) {
  return { ok: false, errors: [error] };
}

const setKey = (e: unknown) => JSON.stringify(e);
const bySetKey = (a: unknown, b: unknown) => (setKey(a) < setKey(b) ? -1 : setKey(a) > setKey(b) ? 1 : 0);

/** A refusal with exactly these errors, in any order (HMRC's disclosures order is unspecified). */
function expectRejectedWith(result: Result, ...expected: Err[]): void {
  expect(result.ok).toBe(false);
  const errors = result.ok ? [] : [...result.errors];
  expect(errors).toHaveLength(expected.length);
  expect([...errors].sort(bySetKey)).toStrictEqual([...expected].sort(bySetKey));
}

function put(body: unknown, taxYear = YEAR, nino = NINO, settings = SANDBOX) {
  return validateCreateAmendDisclosures(nino, taxYear, body, settings);
}

function claim(body: unknown, nino = NINO) {
  return validateCreateMarriageAllowance(nino, body, SANDBOX);
}

/** HMRC's spec files, copied into test/fixtures/hmrc (see PROVENANCE.md there). */
const SPEC_ROOT = hmrcSpecDir('individuals-disclosures-api', '2.0');
function specJson(file: string): any {
  return JSON.parse(fs.readFileSync(path.join(SPEC_ROOT, file), 'utf8'));
}

const fullBody = () => ({
  taxAvoidance: [
    { srn: '14211123', taxYear: '2020-21' },
    { srn: '34522678', taxYear: '2021-22' },
  ],
  class2Nics: { class2VoluntaryContributions: true },
});

const fullClaim = () => ({
  spouseOrCivilPartnerNino: 'AA123456B',
  spouseOrCivilPartnerFirstName: 'Marge',
  spouseOrCivilPartnerSurname: 'Simpson',
  spouseOrCivilPartnerDateOfBirth: '1970-01-01',
});

const INVALID_NINOS = [
  'BG123456A',
  'GB123456A',
  'NK123456A',
  'KN123456A',
  'TN123456A',
  'NT123456A',
  'ZZ123456A',
  'DA123456A',
  'AO123456A',
  'AA123456E',
  'AA12345A',
  'AA1234567A',
  'aa123456a',
  ' AA123456A',
  'AA123456AA',
  'AA1123A',
  'invalid nino',
  '',
];
const VALID_NINOS = ['AA123456A', 'AA123456', 'AA123456 ', 'AB123456D', 'OA123456A', 'TC663795B'];

// --- The exported wording ----------------------------------------------------------------------------------------

describe('DISCLOSURES_MESSAGES (§2.8)', () => {
  it('holds disclosures’ own wording of the shared codes', () => {
    expect(DISCLOSURES_MESSAGES).toStrictEqual({
      FORMAT_NINO: MESSAGES.FORMAT_NINO,
      FORMAT_TAX_YEAR: MESSAGES.FORMAT_TAX_YEAR,
      RULE_TAX_YEAR_RANGE_INVALID: MESSAGES.RULE_TAX_YEAR_RANGE_INVALID,
      RULE_TAX_YEAR_NOT_SUPPORTED: MESSAGES.RULE_TAX_YEAR_NOT_SUPPORTED,
    });
  });
});

// --- Path parameters: retrieve and delete (§5.3) -----------------------------------------------------------------

describe.each([
  ['retrieve', validateRetrieveDisclosures],
  ['delete', validateDeleteDisclosures],
])('%s disclosures: path parameters', (_name, validate) => {
  it.each(VALID_NINOS)('accepts the NINO %j', (nino) => {
    expect(validate(nino, YEAR, SANDBOX)).toStrictEqual([]);
  });

  it.each(INVALID_NINOS)('refuses the NINO %j with FORMAT_NINO in disclosures’ wording', (nino) => {
    expect(validate(nino, YEAR, SANDBOX)).toStrictEqual([err('FORMAT_NINO')]);
  });

  it('reports FORMAT_NINO alone, whatever the tax year', () => {
    expect(validate('Badnino', 'beans', SANDBOX)).toStrictEqual([err('FORMAT_NINO')]);
    expect(validate('Badnino', '2021-23', SANDBOX)).toStrictEqual([err('FORMAT_NINO')]);
    expect(validate('Badnino', '2010-11', PRODUCTION)).toStrictEqual([err('FORMAT_NINO')]);
  });

  it.each([
    '2019',
    '201920',
    '2019-2020',
    '202324',
    '20177',
    '203100',
    '20!0-22',
    '2009-10',
    '2019-0a',
    '19-20',
    '2019/20',
    '2023-24 ',
    ' 2023-24',
    'beans',
    '',
  ])('refuses the tax year %j with FORMAT_TAX_YEAR in disclosures’ wording', (taxYear) => {
    expect(validate(NINO, taxYear, SANDBOX)).toStrictEqual([err('FORMAT_TAX_YEAR')]);
  });

  it.each(['2017-19', '2018-17', '2017-17', '2021-24', '2015-17', '2020-22'])(
    'refuses %s with RULE_TAX_YEAR_RANGE_INVALID in disclosures’ wording',
    (taxYear) => {
      expect(validate(NINO, taxYear, SANDBOX)).toStrictEqual([err('RULE_TAX_YEAR_RANGE_INVALID')]);
    },
  );

  it('checks the span before the minimum: 2016-18 is RULE_TAX_YEAR_RANGE_INVALID, not NOT_SUPPORTED', () => {
    expect(validate(NINO, '2016-18', PRODUCTION)).toStrictEqual([err('RULE_TAX_YEAR_RANGE_INVALID')]);
  });

  it.each(['2019-20', '2020-21', '2023-24', '2024-25', '2098-99'])(
    'accepts %s with the sandbox minimum, 2019-20 (no maximum)',
    (taxYear) => {
      expect(validate(NINO, taxYear, SANDBOX)).toStrictEqual([]);
    },
  );

  it.each(['2018-19', '2015-16', '2010-11'])(
    'refuses %s, before the sandbox minimum, with RULE_TAX_YEAR_NOT_SUPPORTED in disclosures’ wording',
    (taxYear) => {
      expect(validate(NINO, taxYear, SANDBOX)).toStrictEqual([err('RULE_TAX_YEAR_NOT_SUPPORTED')]);
    },
  );

  it.each(['2021-22', '2022-23', '2098-99'])('accepts %s with the production minimum, 2021-22', (taxYear) => {
    expect(validate(NINO, taxYear, PRODUCTION)).toStrictEqual([]);
  });

  it.each(['2020-21', '2019-20', '2018-19'])('refuses %s with the production minimum, 2021-22', (taxYear) => {
    expect(validate(NINO, taxYear, PRODUCTION)).toStrictEqual([err('RULE_TAX_YEAR_NOT_SUPPORTED')]);
  });

  it('takes the minimum from the settings, whatever it is', () => {
    const settings = { ...SANDBOX, disclosuresMinTaxYear: '2023-24' };
    expect(validate(NINO, '2022-23', settings)).toStrictEqual([err('RULE_TAX_YEAR_NOT_SUPPORTED')]);
    expect(validate(NINO, '2023-24', settings)).toStrictEqual([]);
  });
});

// --- Create and amend: path parameters and the two stages (§2.2 rule 4, §2.3, §5.2) ------------------------------

describe('create and amend disclosures: path parameters', () => {
  it.each(VALID_NINOS)('accepts the NINO %j', (nino) => {
    expect(put(fullBody(), YEAR, nino)).toStrictEqual(accepted(fullBody()));
  });

  it.each(INVALID_NINOS)('refuses the NINO %j with FORMAT_NINO', (nino) => {
    expect(put(fullBody(), YEAR, nino)).toStrictEqual(rejected(err('FORMAT_NINO')));
  });

  it('reports FORMAT_NINO first and alone, whatever else is wrong', () => {
    expect(put({}, 'beans', 'Badnino')).toStrictEqual(rejected(err('FORMAT_NINO')));
    expect(put({ taxAvoidance: [] }, '2020-22', 'Badnino')).toStrictEqual(rejected(err('FORMAT_NINO')));
    expect(put({ taxAvoidance: [{ srn: 'x', taxYear: 'y' }] }, YEAR, 'Badnino')).toStrictEqual(
      rejected(err('FORMAT_NINO')),
    );
    expect(put(fullBody(), '2015-16', 'Badnino', PRODUCTION)).toStrictEqual(rejected(err('FORMAT_NINO')));
  });

  it.each([
    ['202324', 'FORMAT_TAX_YEAR'],
    ['2019', 'FORMAT_TAX_YEAR'],
    ['2020-22', 'RULE_TAX_YEAR_RANGE_INVALID'],
    ['2015-17', 'RULE_TAX_YEAR_RANGE_INVALID'],
    ['2018-19', 'RULE_TAX_YEAR_NOT_SUPPORTED'],
  ] as const)('refuses the tax year %s with %s alone when the body is valid', (taxYear, code) => {
    expect(put(fullBody(), taxYear)).toStrictEqual(rejected(err(code)));
  });

  it('applies the minimum from the settings: 2019-20 in the sandbox, 2021-22 in production', () => {
    expect(put(fullBody(), '2019-20', NINO, SANDBOX)).toStrictEqual(accepted(fullBody()));
    expect(put(fullBody(), '2018-19', NINO, SANDBOX)).toStrictEqual(
      rejected(err('RULE_TAX_YEAR_NOT_SUPPORTED')),
    );
    expect(put(fullBody(), '2021-22', NINO, PRODUCTION)).toStrictEqual(accepted(fullBody()));
    expect(put(fullBody(), '2020-21', NINO, PRODUCTION)).toStrictEqual(
      rejected(err('RULE_TAX_YEAR_NOT_SUPPORTED')),
    );
    // HMRC's own unit tests run with the production minimum: 2020-21 is refused there.
    expect(put(fullBody(), '2020-21', NINO, PRODUCTION)).toStrictEqual(
      rejected(err('RULE_TAX_YEAR_NOT_SUPPORTED')),
    );
  });

  it('has no maximum tax year', () => {
    expect(put(fullBody(), '2098-99')).toStrictEqual(accepted(fullBody()));
  });
});

describe('create and amend disclosures: two stages', () => {
  it('reports a malformed tax year together with an empty body (no schema is chosen by year here)', () => {
    expectRejectedWith(put({}, '202324'), err('FORMAT_TAX_YEAR'), err(BODY));
  });

  it('reports a tax-year span error together with missing fields', () => {
    expectRejectedWith(
      put({ taxAvoidance: [{ srn: '14211123' }] }, '2020-22'),
      err('RULE_TAX_YEAR_RANGE_INVALID'),
      err(BODY, ['/taxAvoidance/0/taxYear']),
    );
  });

  it('reports an unsupported tax year together with a body without known fields', () => {
    expectRejectedWith(put({ field: 'value' }, '2018-19'), err('RULE_TAX_YEAR_NOT_SUPPORTED'), err(BODY));
    expectRejectedWith(
      put({ field: 'value' }, '2020-21', NINO, PRODUCTION),
      err('RULE_TAX_YEAR_NOT_SUPPORTED'),
      err(BODY),
    );
  });

  it('reports an unsupported tax year together with an empty taxAvoidance list', () => {
    expectRejectedWith(
      put({ taxAvoidance: [] }, '2018-19'),
      err('RULE_TAX_YEAR_NOT_SUPPORTED'),
      err(BODY, ['/taxAvoidance']),
    );
  });

  it('reports an unsupported tax year together with wrong types', () => {
    expectRejectedWith(
      put({ class2Nics: { class2VoluntaryContributions: 'no' } }, '2018-19'),
      err('RULE_TAX_YEAR_NOT_SUPPORTED'),
      err(BODY, ['/class2Nics/class2VoluntaryContributions']),
    );
  });

  it('does not run the field rules when the tax year is refused', () => {
    const body = {
      taxAvoidance: [{ srn: 'ABC142111235', taxYear: '2020' }],
      class2Nics: { class2VoluntaryContributions: false },
    };
    expect(put(body, '2018-19')).toStrictEqual(rejected(err('RULE_TAX_YEAR_NOT_SUPPORTED')));
    expect(put(body, '2019')).toStrictEqual(rejected(err('FORMAT_TAX_YEAR')));
  });

  it('does not run the field rules when the body cannot be read', () => {
    const body = {
      taxAvoidance: [{ srn: 'ABC142111235', taxYear: '2020' }, { srn: '14211123' }],
      class2Nics: { class2VoluntaryContributions: false },
    };
    expect(put(body)).toStrictEqual(rejected(err(BODY, ['/taxAvoidance/1/taxYear'])));
  });

  it('does not run the field rules when taxAvoidance is empty', () => {
    const body = { taxAvoidance: [], class2Nics: { class2VoluntaryContributions: false } };
    expect(put(body)).toStrictEqual(rejected(err(BODY, ['/taxAvoidance'])));
  });
});

// --- Create and amend: reading the body (§2.7, §5.2) -------------------------------------------------------------

describe('create and amend disclosures: valid bodies', () => {
  it('accepts a full body and returns it', () => {
    expect(put(fullBody())).toStrictEqual(accepted(fullBody()));
  });

  it('accepts taxAvoidance alone', () => {
    const body = { taxAvoidance: [{ srn: '14211123', taxYear: '2020-21' }] };
    expect(put(body)).toStrictEqual(accepted(body));
  });

  it('accepts class2Nics alone', () => {
    const body = { class2Nics: { class2VoluntaryContributions: true } };
    expect(put(body)).toStrictEqual(accepted(body));
  });

  it('accepts HMRC’s own example request body, in the sandbox and in production', () => {
    const example = specJson('examples/disclosures/amend_request.json');
    expect(example).toHaveProperty('taxAvoidance');
    expect(example).toHaveProperty('class2Nics');
    expect(put(example)).toStrictEqual(accepted(example));
    expect(put(example, '2021-22', NINO, PRODUCTION)).toStrictEqual(accepted(example));
  });

  it('ignores unknown fields, at the top and inside items, and leaves them out of what it returns', () => {
    const body = {
      extra: 1,
      taxAvoidance: [{ srn: '14211123', taxYear: '2020-21', note: 'x' }],
      class2Nics: { class2VoluntaryContributions: true, other: false },
    };
    expect(put(body)).toStrictEqual(
      accepted({
        taxAvoidance: [{ srn: '14211123', taxYear: '2020-21' }],
        class2Nics: { class2VoluntaryContributions: true },
      }),
    );
  });

  it('reads null for an optional section as absent', () => {
    expect(put({ taxAvoidance: null, class2Nics: { class2VoluntaryContributions: true } })).toStrictEqual(
      accepted({ class2Nics: { class2VoluntaryContributions: true } }),
    );
    expect(put({ taxAvoidance: [{ srn: '14211123', taxYear: '2020-21' }], class2Nics: null })).toStrictEqual(
      accepted({ taxAvoidance: [{ srn: '14211123', taxYear: '2020-21' }] }),
    );
  });

  it('accepts many schemes', () => {
    const body = {
      taxAvoidance: Array.from({ length: 20 }, (_v, i) => ({
        srn: String(10000000 + i),
        taxYear: `20${10 + i}-${11 + i}`,
      })),
    };
    expect(put(body)).toStrictEqual(accepted(body));
  });
});

describe('create and amend disclosures: empty or non-object bodies (§2.7)', () => {
  it.each([
    ['an empty object', {}],
    ['an object without any known field', { field: 'value' }],
    ['an empty array', []],
    ['an array holding a valid body', [fullBody()]],
    ['a string', 'taxAvoidance'],
    ['null', null],
    ['a number', 0],
    ['a boolean', true],
    ['nothing', undefined],
    ['null sections only', { taxAvoidance: null, class2Nics: null }],
  ])('refuses %s with RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED and no paths', (_label, body) => {
    expect(put(body)).toStrictEqual(rejected(err(BODY)));
  });
});

describe('create and amend disclosures: class2Nics {} counts as absent (HMRC’s mapEmptyModelToNone)', () => {
  it.each([
    ['{}', {}],
    ['with a null toggle', { class2VoluntaryContributions: null }],
    ['with unknown fields only', { voluntary: true }],
  ])('refuses class2Nics %s alone as an empty body, without paths', (_label, class2Nics) => {
    expect(put({ class2Nics })).toStrictEqual(rejected(err(BODY)));
  });

  it('accepts class2Nics {} beside a valid taxAvoidance and drops it', () => {
    const taxAvoidance = [{ srn: '14211123', taxYear: '2020-21' }];
    expect(put({ taxAvoidance, class2Nics: {} })).toStrictEqual(accepted({ taxAvoidance }));
  });

  it('does not run the Class 2 rule on an empty class2Nics', () => {
    const taxAvoidance = [{ srn: '14211123', taxYear: '2020-21' }];
    expect(put({ taxAvoidance, class2Nics: { class2VoluntaryContributions: null } })).toStrictEqual(
      accepted({ taxAvoidance }),
    );
  });
});

describe('create and amend disclosures: taxAvoidance [] (§5.2: refused with its path)', () => {
  it('refuses an empty taxAvoidance alone with the path /taxAvoidance', () => {
    expect(put({ taxAvoidance: [] })).toStrictEqual(rejected(err(BODY, ['/taxAvoidance'])));
  });

  it('refuses an empty taxAvoidance even beside a valid class2Nics', () => {
    expect(put({ taxAvoidance: [], class2Nics: { class2VoluntaryContributions: true } })).toStrictEqual(
      rejected(err(BODY, ['/taxAvoidance'])),
    );
  });

  it('refuses an empty taxAvoidance beside an empty class2Nics with the path /taxAvoidance', () => {
    expect(put({ taxAvoidance: [], class2Nics: {} })).toStrictEqual(rejected(err(BODY, ['/taxAvoidance'])));
  });
});

describe('create and amend disclosures: wrong types and missing fields (§2.7: paths sorted)', () => {
  it('reports HMRC’s own wrong-type example with sorted paths', () => {
    const body = {
      taxAvoidance: [{ srn: true, taxYear: '2020-21' }],
      class2Nics: { class2VoluntaryContributions: 'no' },
    };
    expect(put(body)).toStrictEqual(
      rejected(err(BODY, ['/class2Nics/class2VoluntaryContributions', '/taxAvoidance/0/srn'])),
    );
  });

  it.each([
    ['taxAvoidance as an object', { taxAvoidance: {} }, ['/taxAvoidance']],
    ['taxAvoidance as a string', { taxAvoidance: '14211123' }, ['/taxAvoidance']],
    ['a scheme that is not an object', { taxAvoidance: [1] }, ['/taxAvoidance/0']],
    ['a null scheme', { taxAvoidance: [null] }, ['/taxAvoidance/0']],
    ['class2Nics as a boolean', { class2Nics: true }, ['/class2Nics']],
    ['class2Nics as an array', { class2Nics: [] }, ['/class2Nics']],
    ['a numeric srn', { taxAvoidance: [{ srn: 14211123, taxYear: '2020-21' }] }, ['/taxAvoidance/0/srn']],
    ['a null srn', { taxAvoidance: [{ srn: null, taxYear: '2020-21' }] }, ['/taxAvoidance/0/srn']],
    [
      'a numeric taxYear',
      { taxAvoidance: [{ srn: '14211123', taxYear: 2020 }] },
      ['/taxAvoidance/0/taxYear'],
    ],
    [
      'a string toggle',
      { class2Nics: { class2VoluntaryContributions: 'true' } },
      ['/class2Nics/class2VoluntaryContributions'],
    ],
    [
      'a numeric toggle',
      { class2Nics: { class2VoluntaryContributions: 1 } },
      ['/class2Nics/class2VoluntaryContributions'],
    ],
  ])('refuses %s with its path', (_label, body, paths) => {
    expect(put(body)).toStrictEqual(rejected(err(BODY, paths)));
  });

  it.each([
    ['an empty scheme', [{}], ['/taxAvoidance/0/srn', '/taxAvoidance/0/taxYear']],
    ['a scheme without srn', [{ taxYear: '2020-21' }], ['/taxAvoidance/0/srn']],
    ['a scheme without taxYear', [{ srn: '14211123' }], ['/taxAvoidance/0/taxYear']],
    [
      'the second scheme without srn',
      [{ srn: '14211123', taxYear: '2020-21' }, { taxYear: '2021-22' }],
      ['/taxAvoidance/1/srn'],
    ],
  ])('refuses %s with the missing paths', (_label, taxAvoidance, paths) => {
    expect(put({ taxAvoidance })).toStrictEqual(rejected(err(BODY, paths)));
  });

  it('sorts paths as strings, so /taxAvoidance/10 comes before /taxAvoidance/2', () => {
    const taxAvoidance: Array<Record<string, string>> = Array.from({ length: 11 }, () => ({
      srn: '14211123',
      taxYear: '2020-21',
    }));
    delete taxAvoidance[2]!.srn;
    delete taxAvoidance[10]!.srn;
    expect(put({ taxAvoidance, class2Nics: { class2VoluntaryContributions: 0 } })).toStrictEqual(
      rejected(
        err(BODY, [
          '/class2Nics/class2VoluntaryContributions',
          '/taxAvoidance/10/srn',
          '/taxAvoidance/2/srn',
        ]),
      ),
    );
  });
});

// --- Create and amend: field rules (§5.2) ------------------------------------------------------------------------

describe('scheme reference number (SRN: ^[0-9]{8}$, not blank)', () => {
  const withSrn = (srn: string) => ({ taxAvoidance: [{ srn, taxYear: '2020-21' }] });

  it.each(['14211123', '00000000', '99999999'])('accepts %j', (srn) => {
    expect(put(withSrn(srn))).toStrictEqual(accepted(withSrn(srn)));
  });

  it.each([
    ['7 digits', '1421112'],
    ['9 digits', '142111234'],
    ['letters', 'ABCDEFGH'],
    ['a letter among digits', '1421112A'],
    ['HMRC’s example', 'ABC142111235'],
    ['empty', ''],
    ['eight spaces', '        '],
    ['a leading space', ' 1421112'],
    ['a trailing space', '1421112 '],
    ['a leading space before 8 digits', ' 14211123'],
    ['a trailing newline', '14211123\n'],
    ['a tab inside', '1421\t123'],
    ['full-width digits', '１４２１１１２３'],
    ['a sign', '+1421112'],
    ['a decimal point', '1421.123'],
    ['a hyphen', '1421-123'],
  ])('refuses %s with FORMAT_SRN_INVALID at its path', (_label, srn) => {
    expect(put(withSrn(srn))).toStrictEqual(rejected(err('FORMAT_SRN_INVALID', ['/taxAvoidance/0/srn'])));
  });

  it('reports the index of the failing scheme', () => {
    const body = {
      taxAvoidance: [
        { srn: '14211123', taxYear: '2020-21' },
        { srn: '1421112', taxYear: '2020-21' },
      ],
    };
    expect(put(body)).toStrictEqual(rejected(err('FORMAT_SRN_INVALID', ['/taxAvoidance/1/srn'])));
  });

  it('merges several bad SRNs into one error carrying every path, in order', () => {
    const body = {
      taxAvoidance: [
        { srn: 'x', taxYear: '2020-21' },
        { srn: '14211123', taxYear: '2020-21' },
        { srn: 'y', taxYear: '2020-21' },
      ],
    };
    expect(put(body)).toStrictEqual(
      rejected(err('FORMAT_SRN_INVALID', ['/taxAvoidance/0/srn', '/taxAvoidance/2/srn'])),
    );
  });
});

describe('taxAvoidance[].taxYear (format and span, no minimum)', () => {
  const withYear = (taxYear: string) => ({ taxAvoidance: [{ srn: '14211123', taxYear }] });

  it.each(['2010-11', '2015-16', '2018-19', '2019-20', '2020-21', '2023-24', '2098-99'])(
    'accepts %s, however early (no minimum applies in the body)',
    (taxYear) => {
      expect(put(withYear(taxYear))).toStrictEqual(accepted(withYear(taxYear)));
      expect(put(withYear(taxYear), '2021-22', NINO, PRODUCTION)).toStrictEqual(accepted(withYear(taxYear)));
    },
  );

  it.each([
    '2020',
    '2020-222',
    '202021',
    '2009-10',
    '2020-2021',
    '20-21',
    '2020/21',
    '2020-21 ',
    '',
    'beans',
  ])('refuses %j with FORMAT_TAX_YEAR at its path, in disclosures’ wording', (taxYear) => {
    expect(put(withYear(taxYear))).toStrictEqual(
      rejected(err('FORMAT_TAX_YEAR', ['/taxAvoidance/0/taxYear'])),
    );
  });

  it.each(['2020-22', '2021-20', '2020-20', '2015-17'])(
    'refuses %s with RULE_TAX_YEAR_RANGE_INVALID at its path, in disclosures’ wording',
    (taxYear) => {
      expect(put(withYear(taxYear))).toStrictEqual(
        rejected(err('RULE_TAX_YEAR_RANGE_INVALID', ['/taxAvoidance/0/taxYear'])),
      );
    },
  );

  it('merges the same error of several schemes into one with every path', () => {
    const body = {
      taxAvoidance: [
        { srn: '14211123', taxYear: '2020' },
        { srn: '14211123', taxYear: '2020-21' },
        { srn: '14211123', taxYear: 'x' },
      ],
    };
    expect(put(body)).toStrictEqual(
      rejected(err('FORMAT_TAX_YEAR', ['/taxAvoidance/0/taxYear', '/taxAvoidance/2/taxYear'])),
    );
  });
});

describe('class2Nics.class2VoluntaryContributions (only true)', () => {
  it('accepts true', () => {
    const body = { class2Nics: { class2VoluntaryContributions: true } };
    expect(put(body)).toStrictEqual(accepted(body));
  });

  it('refuses false with RULE_VOLUNTARY_CLASS2_VALUE_INVALID at its path', () => {
    expect(put({ class2Nics: { class2VoluntaryContributions: false } })).toStrictEqual(
      rejected(err('RULE_VOLUNTARY_CLASS2_VALUE_INVALID', ['/class2Nics/class2VoluntaryContributions'])),
    );
  });

  it('refuses false beside valid schemes', () => {
    const body = { ...fullBody(), class2Nics: { class2VoluntaryContributions: false } };
    expect(put(body)).toStrictEqual(
      rejected(err('RULE_VOLUNTARY_CLASS2_VALUE_INVALID', ['/class2Nics/class2VoluntaryContributions'])),
    );
  });
});

describe('several field errors together (compared as a set: HMRC does not sort them)', () => {
  // HMRC's own "all invalid" body from its validator and integration tests.
  const allInvalid = {
    taxAvoidance: [
      { srn: 'ABC142111235D', taxYear: '2020' },
      { srn: 'CDE345226789F', taxYear: '2020-22' },
    ],
    class2Nics: { class2VoluntaryContributions: false },
  };
  const expected = [
    err('FORMAT_TAX_YEAR', ['/taxAvoidance/0/taxYear']),
    err('FORMAT_SRN_INVALID', ['/taxAvoidance/0/srn', '/taxAvoidance/1/srn']),
    err('RULE_TAX_YEAR_RANGE_INVALID', ['/taxAvoidance/1/taxYear']),
    err('RULE_VOLUNTARY_CLASS2_VALUE_INVALID', ['/class2Nics/class2VoluntaryContributions']),
  ];

  it('reports every rule HMRC reports for its all-invalid body', () => {
    expectRejectedWith(put(allInvalid), ...expected);
  });

  it('gives the same list in the same order every time', () => {
    const first = put(allInvalid);
    const second = put(JSON.parse(JSON.stringify(allInvalid)));
    expect(second).toStrictEqual(first);
  });

  it('reports an SRN error and a tax-year error of the same scheme together', () => {
    expectRejectedWith(
      put({ taxAvoidance: [{ srn: '1', taxYear: '2021-23' }] }),
      err('FORMAT_SRN_INVALID', ['/taxAvoidance/0/srn']),
      err('RULE_TAX_YEAR_RANGE_INVALID', ['/taxAvoidance/0/taxYear']),
    );
  });
});

// --- Marriage allowance (§5.4) ------------------------------------------------------------------------------------

describe('marriage allowance: valid claims', () => {
  it('accepts a full claim and returns it', () => {
    expect(claim(fullClaim())).toStrictEqual(accepted(fullClaim()));
  });

  it('accepts HMRC’s own example request body', () => {
    const example = specJson('examples/marriageAllowance/create_marriageAllowance_request.json');
    expect(example).toHaveProperty('spouseOrCivilPartnerNino');
    expect(claim(example)).toStrictEqual(accepted(example));
  });

  it('accepts a claim without first name and date of birth (both optional)', () => {
    const body = { spouseOrCivilPartnerNino: 'AA123456B', spouseOrCivilPartnerSurname: 'Simpson' };
    expect(claim(body)).toStrictEqual(accepted(body));
  });

  it('reads null optional fields as absent and ignores unknown fields', () => {
    const body = {
      ...fullClaim(),
      spouseOrCivilPartnerFirstName: null,
      spouseOrCivilPartnerDateOfBirth: null,
      extra: 'ignored',
    };
    expect(claim(body)).toStrictEqual(
      accepted({ spouseOrCivilPartnerNino: 'AA123456B', spouseOrCivilPartnerSurname: 'Simpson' }),
    );
  });
});

describe('marriage allowance: the claimant’s NINO (first and alone)', () => {
  it.each(VALID_NINOS)('accepts %j', (nino) => {
    expect(claim(fullClaim(), nino)).toStrictEqual(accepted(fullClaim()));
  });

  it.each(INVALID_NINOS)('refuses %j with FORMAT_NINO in disclosures’ wording', (nino) => {
    expect(claim(fullClaim(), nino)).toStrictEqual(rejected(err('FORMAT_NINO')));
  });

  it('reports FORMAT_NINO alone, whatever is wrong with the body', () => {
    expect(claim({}, 'invalid nino')).toStrictEqual(rejected(err('FORMAT_NINO')));
    expect(claim({ field: 'value' }, 'invalid nino')).toStrictEqual(rejected(err('FORMAT_NINO')));
    const allBad = {
      spouseOrCivilPartnerNino: 'XXX',
      spouseOrCivilPartnerFirstName: '1'.repeat(36),
      spouseOrCivilPartnerSurname: '1'.repeat(36),
      spouseOrCivilPartnerDateOfBirth: 'XXXX',
    };
    expect(claim(allBad, 'invalid nino')).toStrictEqual(rejected(err('FORMAT_NINO')));
  });
});

describe('marriage allowance: reading the body', () => {
  it.each([
    ['an empty object', {}],
    ['an empty array', []],
    ['a string', 'claim'],
    ['null', null],
    ['nothing', undefined],
  ])('refuses %s with RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED and no paths', (_label, body) => {
    expect(claim(body)).toStrictEqual(rejected(err(BODY)));
  });

  it('refuses a body without known fields with the two mandatory paths, sorted', () => {
    expect(claim({ field: 'value' })).toStrictEqual(
      rejected(err(BODY, ['/spouseOrCivilPartnerNino', '/spouseOrCivilPartnerSurname'])),
    );
  });

  it('refuses a missing surname with its path', () => {
    const { spouseOrCivilPartnerSurname: _omitted, ...body } = fullClaim();
    expect(claim(body)).toStrictEqual(rejected(err(BODY, ['/spouseOrCivilPartnerSurname'])));
  });

  it('refuses a missing spouse NINO with its path', () => {
    const { spouseOrCivilPartnerNino: _omitted, ...body } = fullClaim();
    expect(claim(body)).toStrictEqual(rejected(err(BODY, ['/spouseOrCivilPartnerNino'])));
  });

  it('refuses a null surname (mandatory) with its path', () => {
    expect(claim({ ...fullClaim(), spouseOrCivilPartnerSurname: null })).toStrictEqual(
      rejected(err(BODY, ['/spouseOrCivilPartnerSurname'])),
    );
  });

  it('refuses wrong types with every path, sorted', () => {
    const body = {
      spouseOrCivilPartnerNino: 123456,
      spouseOrCivilPartnerFirstName: ['Marge'],
      spouseOrCivilPartnerSurname: true,
      spouseOrCivilPartnerDateOfBirth: 19700101,
    };
    expect(claim(body)).toStrictEqual(
      rejected(
        err(BODY, [
          '/spouseOrCivilPartnerDateOfBirth',
          '/spouseOrCivilPartnerFirstName',
          '/spouseOrCivilPartnerNino',
          '/spouseOrCivilPartnerSurname',
        ]),
      ),
    );
  });

  it('does not run the field rules when the body cannot be read', () => {
    const body = { spouseOrCivilPartnerNino: 'XXX', spouseOrCivilPartnerDateOfBirth: 'XXXX' };
    expect(claim(body)).toStrictEqual(rejected(err(BODY, ['/spouseOrCivilPartnerSurname'])));
  });
});

describe('marriage allowance: spouse NINO (runtime rule: suffix optional; no path)', () => {
  it.each(['AA123456B', 'AA123456', 'AA123456 ', 'TC663795B', 'OA123456D'])('accepts %j', (nino) => {
    const body = { ...fullClaim(), spouseOrCivilPartnerNino: nino };
    expect(claim(body)).toStrictEqual(accepted(body));
  });

  it.each([
    'XXX',
    'aa123456b',
    'AA123456E',
    'BG123456A',
    'ZZ123456A',
    'DA123456A',
    'AO123456A',
    'AA 12 34 56 B',
    'AA1234567B',
    '',
  ])('refuses %j with FORMAT_SPOUSE_OR_CIVIL_PARTNERS_NINO and no paths', (nino) => {
    expect(claim({ ...fullClaim(), spouseOrCivilPartnerNino: nino })).toStrictEqual(
      rejected(err('FORMAT_SPOUSE_OR_CIVIL_PARTNERS_NINO')),
    );
  });
});

describe.each([
  ['surname', 'spouseOrCivilPartnerSurname', 'FORMAT_SPOUSE_OR_CIVIL_PARTNERS_SURNAME'],
  ['first name', 'spouseOrCivilPartnerFirstName', 'FORMAT_SPOUSE_OR_CIVIL_PARTNERS_FIRST_NAME'],
] as const)(
  "marriage allowance: %s (^[A-Za-z0-9 ,.()/&'-]{1,35}$, not blank; no path)",
  (_l, field, code) => {
    it.each([
      'Simpson',
      'A',
      'x'.repeat(35),
      "O'Brien-Smith",
      'Jones (nee Smith)',
      'A & B, 1/2.',
      'Mary Ann',
      ' Leading space',
      '1'.repeat(35),
    ])('accepts %j', (name) => {
      const body = { ...fullClaim(), [field]: name };
      expect(claim(body)).toStrictEqual(accepted(body));
    });

    it.each([
      ['36 characters', 'x'.repeat(36)],
      ['36 digits (HMRC’s example)', '1'.repeat(36)],
      ['empty', ''],
      ['a space', ' '],
      ['spaces only', '     '],
      ['an accented letter', 'Zoë'],
      ['an exclamation mark', 'Marge!'],
      ['an underscore', 'Mar_ge'],
      ['a newline', 'Marge\n'],
      ['a tab', 'Mar\tge'],
      ['a double quote', 'Mar"ge'],
    ])('refuses %s', (_label, name) => {
      expect(claim({ ...fullClaim(), [field]: name })).toStrictEqual(rejected(err(code)));
    });
  },
);

describe('marriage allowance: date of birth (ISO date, 1900 ≤ year ≤ 2100; no path)', () => {
  it.each(['1900-01-01', '1970-01-01', '2000-02-29', '2024-02-29', '2100-01-01', '2100-12-31'])(
    'accepts %s',
    (dob) => {
      const body = { ...fullClaim(), spouseOrCivilPartnerDateOfBirth: dob };
      expect(claim(body)).toStrictEqual(accepted(body));
    },
  );

  it.each([
    ['1899, the year before the range', '1899-12-31'],
    ['2101, the year after the range', '2101-01-01'],
    ['year 10 (HMRC’s example)', '0010-01-01'],
    ['text (HMRC’s example)', 'XXXX'],
    ['30 February', '1970-02-30'],
    ['29 February of a common year', '2023-02-29'],
    ['29 February 1900 (not a leap year)', '1900-02-29'],
    ['month 13', '1970-13-01'],
    ['day 0', '1970-01-00'],
    ['unpadded digits', '1970-1-1'],
    ['a date-time', '1970-01-01T00:00:00Z'],
    ['a UK-style date', '01/01/1970'],
    ['empty', ''],
  ])('refuses %s', (_label, dob) => {
    expect(claim({ ...fullClaim(), spouseOrCivilPartnerDateOfBirth: dob })).toStrictEqual(
      rejected(err('FORMAT_SPOUSE_OR_CIVIL_PARTNERS_DATE_OF_BIRTH')),
    );
  });
});

describe('marriage allowance: several field errors (compared as a set)', () => {
  it('reports every field HMRC reports for its all-invalid body, none with a path', () => {
    const body = {
      spouseOrCivilPartnerNino: 'XXX',
      spouseOrCivilPartnerFirstName: '1'.repeat(36),
      spouseOrCivilPartnerSurname: '1'.repeat(36),
      spouseOrCivilPartnerDateOfBirth: 'XXXX',
    };
    expectRejectedWith(
      claim(body),
      err('FORMAT_SPOUSE_OR_CIVIL_PARTNERS_DATE_OF_BIRTH'),
      err('FORMAT_SPOUSE_OR_CIVIL_PARTNERS_NINO'),
      err('FORMAT_SPOUSE_OR_CIVIL_PARTNERS_FIRST_NAME'),
      err('FORMAT_SPOUSE_OR_CIVIL_PARTNERS_SURNAME'),
    );
    expect(claim(body)).toStrictEqual(claim({ ...body }));
  });

  it('reports a bad surname and a bad date of birth together', () => {
    expectRejectedWith(
      claim({
        ...fullClaim(),
        spouseOrCivilPartnerSurname: ' ',
        spouseOrCivilPartnerDateOfBirth: '2101-01-01',
      }),
      err('FORMAT_SPOUSE_OR_CIVIL_PARTNERS_SURNAME'),
      err('FORMAT_SPOUSE_OR_CIVIL_PARTNERS_DATE_OF_BIRTH'),
    );
  });
});
