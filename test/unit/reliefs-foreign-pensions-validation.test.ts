/**
 * HMRC's validation of the foreign-reliefs and pension-reliefs endpoints (Individuals Reliefs API v3, and v2
 * which validates the same way), rule by rule, at validator level: docs/hmrc-rules.md §2.2–§2.7, §4.1, §4.4, §4.5,
 * §4.7 and Appendix A.2. Every failing case asserts the complete error list (code, status, message, paths); every
 * rule also has a passing case.
 *
 * Messages are written out here rather than read from the gateway's catalogue, so a wrong catalogue entry (or the
 * charges wording of RULE_COUNTRY_CODE leaking into reliefs) fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_API_VERSIONS } from '../../src/hmrc/apis';
import { ISO_ALPHA3_CODES } from '../../src/validation/reliefs/country-codes';
import {
  validateCreateAmendForeignReliefs,
  validateDeleteForeignReliefs,
  validateRetrieveForeignReliefs,
} from '../../src/resources/foreign-reliefs';
import {
  validateCreateAmendPensionReliefs,
  validateDeletePensionReliefs,
  validateRetrievePensionReliefs,
} from '../../src/resources/pension-reliefs';
import type { ValidationSettings } from '../../src/validation/types';
import { hmrcSpecDir } from '../helpers/hmrc-fixtures';

const MESSAGES = {
  FORMAT_NINO: 'The NINO format is invalid',
  FORMAT_TAX_YEAR: 'The taxYear format is invalid',
  RULE_TAX_YEAR_RANGE_INVALID: 'A tax year range of one year is required',
  RULE_TAX_YEAR_NOT_SUPPORTED: 'The tax year specified does not lie within the supported range',
  RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED: 'An empty or non-matching body was submitted',
  FORMAT_VALUE: 'The value must be between 0 and 99999999999.99',
  FORMAT_COUNTRY_CODE: 'The provided Country code is invalid',
  // The reliefs wording (§4.4), not pension charges' "not a permitted ISO 3166-1 alpha-3 country code".
  RULE_COUNTRY_CODE: 'The country code is not a valid ISO 3166-1 alpha-3 country code',
} as const;
type Code = keyof typeof MESSAGES;

/** One error exactly as HMRC reports it (every validation error here is a 400). */
function err(code: Code, paths?: string[]) {
  return { code, message: MESSAGES[code], status: 400, ...(paths ? { paths } : {}) };
}
const BODY = 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED';

const accepted = (value: unknown) => ({ ok: true, value });
const rejected = (...errors: ReturnType<typeof err>[]) => ({ ok: false, errors });

const NINO = 'AA123456A';
const YEAR = '2023-24';
const V3: ValidationSettings = { versions: DEFAULT_API_VERSIONS, disclosuresMinTaxYear: '2019-20' };
const V2: ValidationSettings = { ...V3, versions: { ...DEFAULT_API_VERSIONS, reliefs: '2.0' } };

/** HMRC's example request bodies, copied into test/fixtures/hmrc (see PROVENANCE.md there). */
function example(version: '2.0' | '3.0', file: string): any {
  const root = path.join(hmrcSpecDir('individuals-reliefs-api', version), 'examples');
  return JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
}

/** A copy of `body` with the value at a JSON pointer replaced. */
function withValue(body: any, pointer: string, value: unknown): any {
  const copy = structuredClone(body);
  const keys = pointer.split('/').slice(1);
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key];
  node[keys[keys.length - 1]!] = value;
  return copy;
}

// ================================================================================================================
// Foreign reliefs
// ================================================================================================================

const F = '/foreignIncomeTaxCreditRelief';

function foreignBody(): any {
  return {
    foreignTaxCreditRelief: { amount: 2000.99 },
    foreignIncomeTaxCreditRelief: [
      { countryCode: 'FRA', foreignTaxPaid: 1999.99, taxableAmount: 1999.99, employmentLumpSum: false },
      { countryCode: 'USA', taxableAmount: 0, employmentLumpSum: true },
    ],
    foreignTaxForFtcrNotClaimed: { amount: 1999.99 },
  };
}

function putForeign(body: unknown, taxYear = YEAR, nino = NINO, settings = V3) {
  return validateCreateAmendForeignReliefs(nino, taxYear, body, settings);
}

/** A body with one income entry holding this country code. */
const withCountry = (countryCode: unknown) => ({
  foreignIncomeTaxCreditRelief: [{ countryCode, taxableAmount: 1, employmentLumpSum: true }],
});

describe('foreign reliefs: valid requests', () => {
  it('accepts a full body and returns it', () => {
    expect(putForeign(foreignBody())).toStrictEqual(accepted(foreignBody()));
  });

  it.each([['3.0'], ['2.0']] as const)('accepts HMRC’s own v%s example request body', (version) => {
    const body = example(version, 'amend_relief_foreign_request.json');
    expect(putForeign(body)).toStrictEqual(accepted(body));
  });

  it('validates the same under reliefs v2', () => {
    expect(putForeign(foreignBody(), YEAR, NINO, V2)).toStrictEqual(accepted(foreignBody()));
    expect(putForeign(withCountry('gbr'), YEAR, NINO, V2)).toStrictEqual(
      rejected(err('RULE_COUNTRY_CODE', [`${F}/0/countryCode`])),
    );
  });

  it.each(['foreignTaxCreditRelief', 'foreignIncomeTaxCreditRelief', 'foreignTaxForFtcrNotClaimed'])(
    'accepts %s on its own',
    (section) => {
      const body = { [section]: foreignBody()[section] };
      expect(putForeign(body)).toStrictEqual(accepted(body));
    },
  );

  it('accepts an income entry without foreignTaxPaid (the only optional field)', () => {
    const body = {
      foreignIncomeTaxCreditRelief: [{ countryCode: 'DEU', taxableAmount: 5, employmentLumpSum: false }],
    };
    expect(putForeign(body)).toStrictEqual(accepted(body));
  });

  it('ignores unknown fields at every level and does not pass them on (reliefs read non-strictly)', () => {
    const body = {
      unknown: 'x',
      foreignTaxCreditRelief: { amount: 1, currency: 'EUR' },
      foreignIncomeTaxCreditRelief: [
        { countryCode: 'FRA', taxableAmount: 1, employmentLumpSum: true, note: 1 },
      ],
    };
    expect(putForeign(body)).toStrictEqual(
      accepted({
        foreignTaxCreditRelief: { amount: 1 },
        foreignIncomeTaxCreditRelief: [{ countryCode: 'FRA', taxableAmount: 1, employmentLumpSum: true }],
      }),
    );
  });

  it('treats null as absent for optional fields and drops it', () => {
    const body = {
      foreignTaxCreditRelief: null,
      foreignIncomeTaxCreditRelief: [
        { countryCode: 'FRA', foreignTaxPaid: null, taxableAmount: 1, employmentLumpSum: true },
      ],
    };
    expect(putForeign(body)).toStrictEqual(
      accepted({
        foreignIncomeTaxCreditRelief: [{ countryCode: 'FRA', taxableAmount: 1, employmentLumpSum: true }],
      }),
    );
  });

  it('accepts the minimum year 2020-21, a far-future year, and a NINO without a suffix', () => {
    expect(putForeign(foreignBody(), '2020-21')).toStrictEqual(accepted(foreignBody()));
    expect(putForeign(foreignBody(), '2098-99')).toStrictEqual(accepted(foreignBody()));
    expect(putForeign(foreignBody(), YEAR, 'AA123456')).toStrictEqual(accepted(foreignBody()));
  });
});

describe('foreign reliefs: path parameters', () => {
  it('reports an invalid NINO alone, whatever else is wrong', () => {
    expect(putForeign({}, 'bad', 'AA12345')).toStrictEqual(rejected(err('FORMAT_NINO')));
    expect(putForeign(foreignBody(), YEAR, 'aa123456a')).toStrictEqual(rejected(err('FORMAT_NINO')));
  });

  it.each([
    ['2023', 'FORMAT_TAX_YEAR'],
    ['2023-2024', 'FORMAT_TAX_YEAR'],
    ['2009-10', 'FORMAT_TAX_YEAR'],
    ['2019-21', 'RULE_TAX_YEAR_RANGE_INVALID'],
    ['2018-20', 'RULE_TAX_YEAR_RANGE_INVALID'],
    ['2024-23', 'RULE_TAX_YEAR_RANGE_INVALID'],
    ['2019-20', 'RULE_TAX_YEAR_NOT_SUPPORTED'],
    ['2017-18', 'RULE_TAX_YEAR_NOT_SUPPORTED'],
  ] as const)('refuses tax year %s with %s', (taxYear, code) => {
    expect(putForeign(foreignBody(), taxYear)).toStrictEqual(rejected(err(code)));
  });

  // HMRC's foreign-reliefs validator resolves NINO, tax year and body with one `mapN` (§2.2 item 4), so a tax-year
  // error and a body-reading error are reported together, sorted by code.
  it.each([
    ['2023', 'FORMAT_TAX_YEAR', [err('FORMAT_TAX_YEAR'), err(BODY)]],
    ['2019-21', 'RULE_TAX_YEAR_RANGE_INVALID', [err(BODY), err('RULE_TAX_YEAR_RANGE_INVALID')]],
    ['2019-20', 'RULE_TAX_YEAR_NOT_SUPPORTED', [err(BODY), err('RULE_TAX_YEAR_NOT_SUPPORTED')]],
  ] as const)('reports tax year %s (%s) together with an unreadable body', (taxYear, _code, errors) => {
    expect(putForeign({}, taxYear)).toStrictEqual(rejected(...errors));
  });

  it('reports a tax-year error with the body’s paths, merged nowhere', () => {
    expect(putForeign({ foreignIncomeTaxCreditRelief: [] }, '2019-20')).toStrictEqual(
      rejected(err(BODY, [F]), err('RULE_TAX_YEAR_NOT_SUPPORTED')),
    );
  });

  it('does not run the business rules when the tax year fails', () => {
    expect(putForeign(withCountry('XX'), '2019-20')).toStrictEqual(
      rejected(err('RULE_TAX_YEAR_NOT_SUPPORTED')),
    );
  });

  describe.each([
    ['retrieve', validateRetrieveForeignReliefs],
    ['delete', validateDeleteForeignReliefs],
  ])('%s', (_name, validate) => {
    it.each([
      [NINO, '2020-21', []],
      [NINO, '2030-31', []],
      ['AA123456', YEAR, []],
      ['AA123456E', 'bad', [err('FORMAT_NINO')]],
      [NINO, '2023', [err('FORMAT_TAX_YEAR')]],
      [NINO, '2018-20', [err('RULE_TAX_YEAR_RANGE_INVALID')]],
      [NINO, '2019-20', [err('RULE_TAX_YEAR_NOT_SUPPORTED')]],
    ])('%s %s', (nino, taxYear, errors) => {
      expect(validate(nino, taxYear, V3)).toStrictEqual(errors);
      expect(validate(nino, taxYear, V2)).toStrictEqual(errors);
    });
  });
});

describe('foreign reliefs: body reading (RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED)', () => {
  it.each([
    ['an empty object', {}],
    ['an array', [foreignBody()]],
    ['a string', 'body'],
    ['null', null],
    ['only unknown fields', { foreignReliefs: { amount: 1 } }],
    ['only null sections', { foreignTaxCreditRelief: null, foreignTaxForFtcrNotClaimed: null }],
  ])('refuses %s without paths', (_name, body) => {
    expect(putForeign(body)).toStrictEqual(rejected(err(BODY)));
  });

  it('refuses an empty income array with its path', () => {
    expect(putForeign({ ...foreignBody(), foreignIncomeTaxCreditRelief: [] })).toStrictEqual(
      rejected(err(BODY, [F])),
    );
  });

  it('reports a missing mandatory amount by path (reading comes before the emptiness check)', () => {
    expect(putForeign({ foreignTaxCreditRelief: {} })).toStrictEqual(
      rejected(err(BODY, ['/foreignTaxCreditRelief/amount'])),
    );
  });

  it('reports every missing mandatory field of an income entry, paths sorted', () => {
    expect(putForeign({ foreignIncomeTaxCreditRelief: [{ foreignTaxPaid: 1 }] })).toStrictEqual(
      rejected(err(BODY, [`${F}/0/countryCode`, `${F}/0/employmentLumpSum`, `${F}/0/taxableAmount`])),
    );
  });

  it('reports wrong JSON types by path, sorted as strings across sections (`/foreignI…` before `/foreignT…`)', () => {
    const body = {
      foreignTaxForFtcrNotClaimed: { amount: true },
      foreignIncomeTaxCreditRelief: [
        { countryCode: 'FRA', taxableAmount: 1, employmentLumpSum: true },
        { countryCode: 250, foreignTaxPaid: 'lots', taxableAmount: null, employmentLumpSum: 'true' },
      ],
      foreignTaxCreditRelief: { amount: [1] },
    };
    expect(putForeign(body)).toStrictEqual(
      rejected(
        err(BODY, [
          `${F}/1/countryCode`,
          `${F}/1/employmentLumpSum`,
          `${F}/1/foreignTaxPaid`,
          `${F}/1/taxableAmount`,
          '/foreignTaxCreditRelief/amount',
          '/foreignTaxForFtcrNotClaimed/amount',
        ]),
      ),
    );
  });

  it('refuses a section of the wrong shape by its path', () => {
    expect(putForeign({ foreignIncomeTaxCreditRelief: { countryCode: 'FRA' } })).toStrictEqual(
      rejected(err(BODY, [F])),
    );
    expect(putForeign({ foreignTaxCreditRelief: 100 })).toStrictEqual(
      rejected(err(BODY, ['/foreignTaxCreditRelief'])),
    );
  });

  it('reads a numeric string as a number, as HMRC’s BigDecimal reads do', () => {
    expect(putForeign({ foreignTaxCreditRelief: { amount: '12.5' } })).toStrictEqual(
      accepted({ foreignTaxCreditRelief: { amount: 12.5 } }),
    );
  });

  it('does not run the business rules on an unreadable body', () => {
    const body = {
      foreignTaxCreditRelief: { amount: -1 },
      foreignIncomeTaxCreditRelief: [{ countryCode: 'XX' }],
    };
    expect(putForeign(body)).toStrictEqual(
      rejected(err(BODY, [`${F}/0/employmentLumpSum`, `${F}/0/taxableAmount`])),
    );
  });
});

describe('foreign reliefs: money (FORMAT_VALUE)', () => {
  const MONEY = [
    '/foreignTaxCreditRelief/amount',
    `${F}/0/foreignTaxPaid`,
    `${F}/0/taxableAmount`,
    '/foreignTaxForFtcrNotClaimed/amount',
  ];

  describe.each(MONEY)('%s', (pointer) => {
    it.each([0, 0.01, 1.5, 99999999999.99])('accepts %p', (value) => {
      const body = withValue(foreignBody(), pointer, value);
      expect(putForeign(body)).toStrictEqual(accepted(body));
    });

    it.each([-0.01, -1, 100000000000, 99999999999.991, 1.001, 0.005])('refuses %p', (value) => {
      expect(putForeign(withValue(foreignBody(), pointer, value))).toStrictEqual(
        rejected(err('FORMAT_VALUE', [pointer])),
      );
    });
  });

  it('merges every money error into one, paths in HMRC’s order (entries in order, each entry’s fields in order)', () => {
    let body = foreignBody();
    for (const pointer of [...MONEY].reverse()) body = withValue(body, pointer, -1);
    body = withValue(body, `${F}/1/taxableAmount`, 1.234);
    expect(putForeign(body)).toStrictEqual(
      rejected(
        err('FORMAT_VALUE', [
          '/foreignTaxCreditRelief/amount',
          `${F}/0/foreignTaxPaid`,
          `${F}/0/taxableAmount`,
          `${F}/1/taxableAmount`,
          '/foreignTaxForFtcrNotClaimed/amount',
        ]),
      ),
    );
  });
});

describe('foreign reliefs: country codes', () => {
  const path0 = [`${F}/0/countryCode`];

  it.each([
    ['GBR', 'the United Kingdom (unlike pension charges’ list)'],
    ['ZZZ', 'HMRC’s code for an unknown country'],
    ['XKX', 'Kosovo, user assigned in nv-i18n'],
    ['XXI', 'Northern Ireland, user assigned in nv-i18n'],
    ['ANT', 'the Netherlands Antilles, transitionally reserved but in nv-i18n'],
    ['FXX', 'Metropolitan France, exceptionally reserved but in nv-i18n'],
    ['FRA', 'France'],
    ['USA', 'the United States'],
    ['ATA', 'Antarctica'],
  ])('accepts %s (%s)', (code) => {
    expect(putForeign(withCountry(code))).toStrictEqual(accepted(withCountry(code)));
  });

  it.each([
    ['gbr', 'lower case (exact-case lookup)'],
    ['Fra', 'mixed case'],
    ['zzz', 'ZZZ in lower case'],
    ['GER', 'not an ISO code (HMRC’s own test case)'],
    ['XXX', 'unassigned'],
    ['UKX', 'unassigned'],
    ['123', 'digits'],
    [' GB', 'three characters with a space'],
    ['GB ', 'three characters with a trailing space'],
  ])('refuses %s (%s) with RULE_COUNTRY_CODE', (code) => {
    expect(putForeign(withCountry(code))).toStrictEqual(rejected(err('RULE_COUNTRY_CODE', path0)));
  });

  it.each([
    ['GB', 'two letters'],
    ['UK', 'two letters'],
    ['GBRA', 'four letters'],
    ['ABCD', 'four letters (HMRC’s own test case)'],
    ['', 'empty'],
    ['UNDEFINED', 'nv-i18n’s UNDEFINED'],
    ['😀😀', 'two emoji: four UTF-16 units, as Java counts'],
  ])('refuses %p (%s) with FORMAT_COUNTRY_CODE', (code) => {
    expect(putForeign(withCountry(code))).toStrictEqual(rejected(err('FORMAT_COUNTRY_CODE', path0)));
  });

  it('counts UTF-16 units as Java does: one emoji and one letter is three units, so a rule error', () => {
    expect(putForeign(withCountry('😀A'))).toStrictEqual(rejected(err('RULE_COUNTRY_CODE', path0)));
  });

  it('holds nv-i18n’s 264 distinct alpha-3 codes, all upper-case letters, ZZZ not among them', () => {
    expect(ISO_ALPHA3_CODES.size).toBe(264);
    for (const code of ISO_ALPHA3_CODES) expect(code).toMatch(/^[A-Z]{3}$/);
    expect(ISO_ALPHA3_CODES.has('ZZZ')).toBe(false);
  });

  it('accepts every code of pension charges’ permitted list too (a subset of ISO 3166-1)', () => {
    const charges =
      'ALB DZA ATG ARG ARM AUS AUT AZE BHR BGD BRB BLR BEL BLZ BOL BIH BWA VGB BRN BGR MMR CAN CYM CHL CHN CXR CCK ' +
      'CIV HRV CYP CZE DNK EGY EST ETH FLK FRO FJI FIN FRA GUF GMB GEO DEU GHA GRC GRD GLP GGY GUY HKG HUN ISL IND ' +
      'IDN IRL IMN ISR ITA JAM JPN JEY JOR KAZ KEN KIR XKX KWT LVA LSO LBY LIE LTU LUX MKD MWI MYS MLT MTQ MUS MEX ' +
      'MDA MNG MNE MSR MAR NAM NLD NZL NGA NFK NOR OMN PAK PAN PNG PHL POL PRT QAT REU ROU RUS KNA SAU SEN SRB SLE ' +
      'SGP SVK SVN SLB ZAF KOR ESP LKA SDN SWZ SWE CHE TWN TJK THA TTO TUN TUR TKM TUV UGA UKR ARE USA URY UZB VEN ' +
      'VNM ZMB ZWE';
    const body = {
      foreignIncomeTaxCreditRelief: charges
        .split(' ')
        .map((countryCode) => ({ countryCode, taxableAmount: 1, employmentLumpSum: false })),
    };
    expect(putForeign(body)).toStrictEqual(accepted(body));
  });

  it('merges country errors of the same kind across entries, and sorts the kinds by code', () => {
    const body = {
      foreignIncomeTaxCreditRelief: ['FR', 'gbr', 'FRA', 'FRAN', 'GER'].map((countryCode) => ({
        countryCode,
        taxableAmount: 1,
        employmentLumpSum: true,
      })),
    };
    expect(putForeign(body)).toStrictEqual(
      rejected(
        err('FORMAT_COUNTRY_CODE', [`${F}/0/countryCode`, `${F}/3/countryCode`]),
        err('RULE_COUNTRY_CODE', [`${F}/1/countryCode`, `${F}/4/countryCode`]),
      ),
    );
  });
});

describe('foreign reliefs: every rule at once', () => {
  it('reports each kind once, merged by message and sorted by code', () => {
    const body = {
      foreignTaxCreditRelief: { amount: -1 },
      foreignIncomeTaxCreditRelief: [
        { countryCode: 'XX', foreignTaxPaid: 1, taxableAmount: 1.234, employmentLumpSum: true },
        { countryCode: 'gbr', foreignTaxPaid: -5, taxableAmount: 1, employmentLumpSum: false },
        { countryCode: 'ABCD', taxableAmount: 1, employmentLumpSum: false },
      ],
      foreignTaxForFtcrNotClaimed: { amount: 1e12 },
    };
    expect(putForeign(body)).toStrictEqual(
      rejected(
        err('FORMAT_COUNTRY_CODE', [`${F}/0/countryCode`, `${F}/2/countryCode`]),
        err('FORMAT_VALUE', [
          '/foreignTaxCreditRelief/amount',
          `${F}/0/taxableAmount`,
          `${F}/1/foreignTaxPaid`,
          '/foreignTaxForFtcrNotClaimed/amount',
        ]),
        err('RULE_COUNTRY_CODE', [`${F}/1/countryCode`]),
      ),
    );
  });
});

// ================================================================================================================
// Pension reliefs
// ================================================================================================================

const P = '/pensionReliefs';
const PENSION_FIELDS = [
  'regularPensionContributions',
  'oneOffPensionContributionsPaid',
  'retirementAnnuityPayments',
  'paymentToEmployersSchemeNoTaxRelief',
  'overseasPensionSchemeContributions',
];

function pensionBody(): any {
  return {
    pensionReliefs: {
      regularPensionContributions: 1999.99,
      oneOffPensionContributionsPaid: 0,
      retirementAnnuityPayments: 10,
      paymentToEmployersSchemeNoTaxRelief: 99999999999.99,
      overseasPensionSchemeContributions: 0.01,
    },
  };
}

function putPensions(body: unknown, taxYear = YEAR, nino = NINO, settings = V3) {
  return validateCreateAmendPensionReliefs(nino, taxYear, body, settings);
}

describe('pension reliefs: valid requests', () => {
  it('accepts a full body and returns it', () => {
    expect(putPensions(pensionBody())).toStrictEqual(accepted(pensionBody()));
  });

  it.each([['3.0'], ['2.0']] as const)('accepts HMRC’s own v%s example request body', (version) => {
    const body = example(version, 'amend_relief_pensions_request.json');
    expect(putPensions(body)).toStrictEqual(accepted(body));
  });

  it('validates the same under reliefs v2', () => {
    expect(putPensions(pensionBody(), YEAR, NINO, V2)).toStrictEqual(accepted(pensionBody()));
    expect(putPensions({ pensionReliefs: {} }, YEAR, NINO, V2)).toStrictEqual(rejected(err(BODY, [P])));
  });

  it.each(PENSION_FIELDS)('accepts %s on its own', (field) => {
    const body = { pensionReliefs: { [field]: 5 } };
    expect(putPensions(body)).toStrictEqual(accepted(body));
  });

  it('ignores unknown fields and does not pass them on', () => {
    expect(
      putPensions({ other: 1, pensionReliefs: { retirementAnnuityPayments: 1, bonus: 2 } }),
    ).toStrictEqual(accepted({ pensionReliefs: { retirementAnnuityPayments: 1 } }));
  });

  it('drops optional amounts sent as null', () => {
    expect(
      putPensions({ pensionReliefs: { retirementAnnuityPayments: 1, regularPensionContributions: null } }),
    ).toStrictEqual(accepted({ pensionReliefs: { retirementAnnuityPayments: 1 } }));
  });

  it('accepts the minimum year 2020-21 and a NINO without a suffix', () => {
    expect(putPensions(pensionBody(), '2020-21', 'AA123456')).toStrictEqual(accepted(pensionBody()));
  });
});

describe('pension reliefs: path parameters', () => {
  it('reports an invalid NINO alone', () => {
    expect(putPensions({}, '2019', 'BG123456A')).toStrictEqual(rejected(err('FORMAT_NINO')));
  });

  it.each([
    ['20-21', [err('FORMAT_TAX_YEAR')]],
    ['2020-22', [err('RULE_TAX_YEAR_RANGE_INVALID')]],
    ['2019-20', [err('RULE_TAX_YEAR_NOT_SUPPORTED')]],
  ])('refuses tax year %s', (taxYear, errors) => {
    expect(putPensions(pensionBody(), taxYear)).toStrictEqual(rejected(...errors));
  });

  it('reports a tax-year error together with a body-reading error, sorted by code', () => {
    expect(putPensions({ pensionReliefs: {} }, '2019-20')).toStrictEqual(
      rejected(err(BODY, [P]), err('RULE_TAX_YEAR_NOT_SUPPORTED')),
    );
    expect(putPensions({}, '20-21')).toStrictEqual(rejected(err('FORMAT_TAX_YEAR'), err(BODY)));
  });

  it('does not run the amount checks when the tax year fails', () => {
    expect(putPensions({ pensionReliefs: { retirementAnnuityPayments: -1 } }, '2019-20')).toStrictEqual(
      rejected(err('RULE_TAX_YEAR_NOT_SUPPORTED')),
    );
  });

  describe.each([
    ['retrieve', validateRetrievePensionReliefs],
    ['delete', validateDeletePensionReliefs],
  ])('%s', (_name, validate) => {
    it.each([
      [NINO, '2020-21', []],
      ['AA123456', '2025-26', []],
      ['A1234567A', YEAR, [err('FORMAT_NINO')]],
      [NINO, '2020/21', [err('FORMAT_TAX_YEAR')]],
      [NINO, '2020-20', [err('RULE_TAX_YEAR_RANGE_INVALID')]],
      [NINO, '2019-20', [err('RULE_TAX_YEAR_NOT_SUPPORTED')]],
    ])('%s %s', (nino, taxYear, errors) => {
      expect(validate(nino, taxYear, V3)).toStrictEqual(errors);
    });
  });
});

describe('pension reliefs: body reading', () => {
  it.each([
    ['an empty object', {}],
    ['an array', []],
    ['a number', 42],
  ])('refuses %s without paths', (_name, body) => {
    expect(putPensions(body)).toStrictEqual(rejected(err(BODY)));
  });

  it.each([
    ['{"pensionReliefs":{}} (§4.5)', { pensionReliefs: {} }],
    ['pensionReliefs with only unknown fields', { pensionReliefs: { unknown: 1 } }],
    ['pensionReliefs with only null amounts', { pensionReliefs: { retirementAnnuityPayments: null } }],
  ])('refuses %s with the path /pensionReliefs', (_name, body) => {
    expect(putPensions(body)).toStrictEqual(rejected(err(BODY, [P])));
  });

  it.each([
    ['missing', { reliefs: { retirementAnnuityPayments: 1 } }],
    ['null', { pensionReliefs: null }],
    ['an array', { pensionReliefs: [{ retirementAnnuityPayments: 1 }] }],
    ['a string', { pensionReliefs: 'none' }],
  ])('refuses pensionReliefs %s, by its path', (_name, body) => {
    expect(putPensions(body)).toStrictEqual(rejected(err(BODY, [P])));
  });

  it('reports amounts of the wrong type by path, sorted', () => {
    const body = {
      pensionReliefs: { retirementAnnuityPayments: 'x', oneOffPensionContributionsPaid: false },
    };
    expect(putPensions(body)).toStrictEqual(
      rejected(err(BODY, [`${P}/oneOffPensionContributionsPaid`, `${P}/retirementAnnuityPayments`])),
    );
  });
});

describe('pension reliefs: money (FORMAT_VALUE)', () => {
  describe.each(PENSION_FIELDS)('%s', (field) => {
    it.each([0, 0.1, 99999999999.99])('accepts %p', (value) => {
      const body = withValue(pensionBody(), `${P}/${field}`, value);
      expect(putPensions(body)).toStrictEqual(accepted(body));
    });

    it.each([-0.01, 100000000000, 12.345])('refuses %p', (value) => {
      expect(putPensions(withValue(pensionBody(), `${P}/${field}`, value))).toStrictEqual(
        rejected(err('FORMAT_VALUE', [`${P}/${field}`])),
      );
    });
  });

  it('merges all five into one error, paths in HMRC’s field order whatever the JSON order', () => {
    const body = {
      pensionReliefs: Object.fromEntries([...PENSION_FIELDS].reverse().map((field) => [field, -1])),
    };
    expect(putPensions(body)).toStrictEqual(
      rejected(
        err(
          'FORMAT_VALUE',
          PENSION_FIELDS.map((field) => `${P}/${field}`),
        ),
      ),
    );
  });
});
