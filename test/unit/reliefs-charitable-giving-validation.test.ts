/**
 * HMRC's validation of the charitable-giving endpoints (Individuals Reliefs API v3, and v2 which validates the
 * same way), rule by rule, at validator level: docs/hmrc-rules.md §2.2–§2.7, §4.1, §4.6, §4.7 and Appendix A.2.
 * Two body generations: before 2025-26 (def1, with `nonUkCharities`) and from 2025-26 (def2, without). Every
 * failing case asserts the complete error list (code, status, message, paths); every rule also has a passing case.
 *
 * Messages are written out here rather than read from the gateway's catalogue, so a wrong catalogue entry fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_API_VERSIONS } from '../../src/hmrc/apis';
import {
  isDef2TaxYear,
  validateCreateAmendCharitableGiving,
  validateDeleteCharitableGiving,
  validateRetrieveCharitableGiving,
} from '../../src/resources/charitable-giving';
import type { ValidationSettings } from '../../src/validation/types';
import { hmrcSpecDir } from '../helpers/hmrc-fixtures';

const MESSAGES = {
  FORMAT_NINO: 'The NINO format is invalid',
  FORMAT_TAX_YEAR: 'The taxYear format is invalid',
  RULE_TAX_YEAR_RANGE_INVALID: 'A tax year range of one year is required',
  RULE_TAX_YEAR_NOT_SUPPORTED: 'The tax year specified does not lie within the supported range',
  RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED: 'An empty or non-matching body was submitted',
  FORMAT_VALUE: 'The value must be between 0 and 99999999999.99',
  FORMAT_STRING: 'The supplied string format is not valid',
  RULE_GIFT_AID_NON_UK_AMOUNT_WITHOUT_NAMES:
    'Non-UK charity Gift Aid amount supplied without the non-UK Gift Aid charity names',
  RULE_GIFTS_NON_UK_AMOUNT_WITHOUT_NAMES: 'Non-UK gifts amount supplied without non-UK gifts charity names',
} as const;
type Code = keyof typeof MESSAGES;

/** One error exactly as HMRC reports it (every validation error here is a 400). */
function err(code: Code, paths?: string[]) {
  return { code, message: MESSAGES[code], status: 400, ...(paths ? { paths } : {}) };
}
const BODY = 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED';
const GIFT_AID_NAMES = 'RULE_GIFT_AID_NON_UK_AMOUNT_WITHOUT_NAMES';
const GIFTS_NAMES = 'RULE_GIFTS_NON_UK_AMOUNT_WITHOUT_NAMES';

const accepted = (value: unknown) => ({ ok: true, value });
const rejected = (...errors: ReturnType<typeof err>[]) => ({ ok: false, errors });

const NINO = 'AA123456A';
const DEF1_YEAR = '2024-25';
const DEF2_YEAR = '2025-26';
const V3: ValidationSettings = { versions: DEFAULT_API_VERSIONS, disclosuresMinTaxYear: '2019-20' };
const V2: ValidationSettings = { ...V3, versions: { ...DEFAULT_API_VERSIONS, reliefs: '2.0' } };

const GA = '/giftAidPayments';
const GI = '/gifts';
const GA_NAMES = `${GA}/nonUkCharities/charityNames`;
const GI_NAMES = `${GI}/nonUkCharities/charityNames`;

/** HMRC's example request bodies, copied into test/fixtures/hmrc (see PROVENANCE.md there). */
function example(version: '2.0' | '3.0', def: 'def1' | 'def2'): any {
  const file = path.join(
    hmrcSpecDir('individuals-reliefs-api', version),
    'examples/amend_charitable_giving',
    def,
    'request.json',
  );
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function def1Body(): any {
  return {
    giftAidPayments: {
      nonUkCharities: {
        charityNames: ['Medecins Sans Frontieres', 'Oxfam (Intl.) & Partners £1/@*,'],
        totalAmount: 10.99,
      },
      totalAmount: 11.99,
      oneOffAmount: 12.99,
      amountTreatedAsPreviousTaxYear: 13.99,
      amountTreatedAsSpecifiedTaxYear: 14.99,
    },
    gifts: {
      nonUkCharities: { charityNames: ['Company name 2'], totalAmount: 15.99 },
      landAndBuildings: 16.99,
      sharesOrSecurities: 17.99,
    },
  };
}

function def2Body(): any {
  return {
    giftAidPayments: {
      totalAmount: 11.99,
      oneOffAmount: 12.99,
      amountTreatedAsPreviousTaxYear: 13.99,
      amountTreatedAsSpecifiedTaxYear: 14.99,
    },
    gifts: { landAndBuildings: 16.99, sharesOrSecurities: 17.99 },
  };
}

function put(body: unknown, taxYear = DEF1_YEAR, nino = NINO, settings = V3) {
  return validateCreateAmendCharitableGiving(nino, taxYear, body, settings);
}

/** A copy of `body` with the value at a JSON pointer replaced (`undefined` removes it). */
function withValue(body: any, pointer: string, value: unknown): any {
  const copy = structuredClone(body);
  const keys = pointer.split('/').slice(1);
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key];
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

/** A def1 body holding only these non-UK charities (`undefined` leaves a section out). */
function nonUk(giftAid?: unknown, gifts?: unknown): any {
  return {
    ...(giftAid === undefined ? {} : { giftAidPayments: { nonUkCharities: giftAid } }),
    ...(gifts === undefined ? {} : { gifts: { nonUkCharities: gifts } }),
  };
}

// --- Generations -------------------------------------------------------------------------------------------------

describe('the 2025-26 split', () => {
  it.each([
    ['2017-18', false],
    ['2024-25', false],
    ['2025-26', true],
    ['2026-27', true],
  ])('%s is def2: %s', (taxYear, def2) => {
    expect(isDef2TaxYear(taxYear)).toBe(def2);
  });
});

// --- Passing requests --------------------------------------------------------------------------------------------

describe('valid requests', () => {
  it('accepts a full def1 body before 2025-26 and returns it', () => {
    expect(put(def1Body())).toStrictEqual(accepted(def1Body()));
  });

  it('accepts a full def2 body from 2025-26 and returns it', () => {
    expect(put(def2Body(), DEF2_YEAR)).toStrictEqual(accepted(def2Body()));
  });

  it.each([['3.0'], ['2.0']] as const)(
    'accepts HMRC’s own v%s def1 example for 2017-18 and 2024-25',
    (version) => {
      const body = example(version, 'def1');
      expect(put(body, '2017-18')).toStrictEqual(accepted(body));
      expect(put(body, '2024-25')).toStrictEqual(accepted(body));
    },
  );

  it.each([['3.0'], ['2.0']] as const)('accepts HMRC’s own v%s def2 example for 2025-26', (version) => {
    const body = example(version, 'def2');
    expect(put(body, DEF2_YEAR)).toStrictEqual(accepted(body));
  });

  it('accepts the def2 shape before 2025-26 too (nonUkCharities is optional)', () => {
    expect(put(def2Body(), DEF1_YEAR)).toStrictEqual(accepted(def2Body()));
  });

  it('validates the same under reliefs v2 (same split, same rules)', () => {
    expect(put(def1Body(), DEF1_YEAR, NINO, V2)).toStrictEqual(accepted(def1Body()));
    expect(put(example('2.0', 'def1'), DEF2_YEAR, NINO, V2)).toStrictEqual(accepted(example('2.0', 'def2')));
    expect(put(nonUk({ totalAmount: 1 }), DEF1_YEAR, NINO, V2)).toStrictEqual(rejected(err(GIFT_AID_NAMES)));
  });

  it.each(['giftAidPayments', 'gifts'])('accepts %s on its own', (section) => {
    const body = { [section]: def1Body()[section] };
    expect(put(body)).toStrictEqual(accepted(body));
  });

  it.each([
    `${GA}/totalAmount`,
    `${GA}/oneOffAmount`,
    `${GA}/amountTreatedAsPreviousTaxYear`,
    `${GA}/amountTreatedAsSpecifiedTaxYear`,
    `${GI}/landAndBuildings`,
    `${GI}/sharesOrSecurities`,
  ])('accepts %s as the only amount, in both generations', (pointer) => {
    const [, section, field] = pointer.split('/');
    const body = { [section!]: { [field!]: 1 } };
    expect(put(body, DEF1_YEAR)).toStrictEqual(accepted(body));
    expect(put(body, DEF2_YEAR)).toStrictEqual(accepted(body));
  });

  it('accepts nonUkCharities as the only content of a section, before 2025-26', () => {
    const body = nonUk({ charityNames: ['A'], totalAmount: 1 }, { charityNames: ['B'], totalAmount: 2 });
    expect(put(body)).toStrictEqual(accepted(body));
  });

  it('ignores unknown fields and does not pass them on', () => {
    const body = {
      charity: 'x',
      giftAidPayments: { totalAmount: 1, extra: 2, nonUkCharities: { totalAmount: 0, countries: ['FRA'] } },
    };
    expect(put(body)).toStrictEqual(
      accepted({ giftAidPayments: { totalAmount: 1, nonUkCharities: { totalAmount: 0 } } }),
    );
  });

  it('accepts the minimum year 2017-18 and a NINO without a suffix', () => {
    expect(put(def1Body(), '2017-18', 'AA123456')).toStrictEqual(accepted(def1Body()));
  });
});

// --- Path parameters ---------------------------------------------------------------------------------------------

describe('path parameters', () => {
  it('reports an invalid NINO alone', () => {
    expect(put({}, '2016-17', 'AA123456X')).toStrictEqual(rejected(err('FORMAT_NINO')));
  });

  it.each([
    ['2024', 'FORMAT_TAX_YEAR'],
    ['2024-2025', 'FORMAT_TAX_YEAR'],
    ['2024-26', 'RULE_TAX_YEAR_RANGE_INVALID'],
    ['2016-18', 'RULE_TAX_YEAR_RANGE_INVALID'],
    ['2016-17', 'RULE_TAX_YEAR_NOT_SUPPORTED'],
    ['2010-11', 'RULE_TAX_YEAR_NOT_SUPPORTED'],
  ] as const)('refuses tax year %s with %s', (taxYear, code) => {
    expect(put(def1Body(), taxYear)).toStrictEqual(rejected(err(code)));
  });

  // HMRC's validator factory resolves the tax year, minimum included, to choose def1 or def2, and returns that
  // error on its own (§2.2 item 5): the body is not even read.
  it.each([
    ['2024', 'FORMAT_TAX_YEAR'],
    ['2024-26', 'RULE_TAX_YEAR_RANGE_INVALID'],
    ['2016-17', 'RULE_TAX_YEAR_NOT_SUPPORTED'],
  ] as const)('reports tax year %s (%s) alone even when the body is unreadable', (taxYear, code) => {
    expect(put({}, taxYear)).toStrictEqual(rejected(err(code)));
    expect(put({ giftAidPayments: {} }, taxYear)).toStrictEqual(rejected(err(code)));
  });

  describe.each([
    ['retrieve', validateRetrieveCharitableGiving],
    ['delete', validateDeleteCharitableGiving],
  ])('%s', (_name, validate) => {
    it.each([
      [NINO, '2017-18', []],
      [NINO, '2019-20', []],
      [NINO, '2025-26', []],
      ['AA123456', '2030-31', []],
      ['ZZ123456A', 'not-a-year', [err('FORMAT_NINO')]],
      [NINO, '17-18', [err('FORMAT_TAX_YEAR')]],
      [NINO, '2017-19', [err('RULE_TAX_YEAR_RANGE_INVALID')]],
      [NINO, '2016-17', [err('RULE_TAX_YEAR_NOT_SUPPORTED')]],
    ])('%s %s', (nino, taxYear, errors) => {
      expect(validate(nino, taxYear, V3)).toStrictEqual(errors);
      expect(validate(nino, taxYear, V2)).toStrictEqual(errors);
    });
  });
});

// --- Body reading ------------------------------------------------------------------------------------------------

describe('body reading (RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED)', () => {
  describe.each([
    ['def1', DEF1_YEAR],
    ['def2', DEF2_YEAR],
  ])('%s', (_def, taxYear) => {
    it.each([
      ['an empty object', {}],
      ['an array', [def2Body()]],
      ['a string', 'gifts'],
      ['only unknown fields', { donations: { totalAmount: 1 } }],
      ['only null sections', { giftAidPayments: null, gifts: null }],
    ])('refuses %s without paths', (_name, body) => {
      expect(put(body, taxYear)).toStrictEqual(rejected(err(BODY)));
    });

    it('refuses an empty section with its path', () => {
      expect(put({ giftAidPayments: {}, gifts: def2Body().gifts }, taxYear)).toStrictEqual(
        rejected(err(BODY, [GA])),
      );
      expect(put({ gifts: {} }, taxYear)).toStrictEqual(rejected(err(BODY, [GI])));
    });

    it('refuses two empty sections with both paths, in HMRC’s declaration order', () => {
      expect(put({ gifts: {}, giftAidPayments: {} }, taxYear)).toStrictEqual(rejected(err(BODY, [GA, GI])));
    });

    it('refuses a section holding only unknown fields or nulls as empty', () => {
      expect(put({ gifts: { cash: 1, landAndBuildings: null } }, taxYear)).toStrictEqual(
        rejected(err(BODY, [GI])),
      );
    });

    it('reports amounts of the wrong type by path, sorted', () => {
      const body = {
        gifts: { sharesOrSecurities: 'many' },
        giftAidPayments: { totalAmount: {}, oneOffAmount: [] },
      };
      expect(put(body, taxYear)).toStrictEqual(
        rejected(err(BODY, [`${GA}/oneOffAmount`, `${GA}/totalAmount`, `${GI}/sharesOrSecurities`])),
      );
    });

    it('refuses a section of the wrong JSON type by its path', () => {
      expect(put({ giftAidPayments: [def2Body().giftAidPayments] }, taxYear)).toStrictEqual(
        rejected(err(BODY, [GA])),
      );
    });
  });

  describe('def1 nonUkCharities', () => {
    it('reports a missing totalAmount by path (reading comes before the emptiness check)', () => {
      expect(put(nonUk({}))).toStrictEqual(rejected(err(BODY, [`${GA}/nonUkCharities/totalAmount`])));
      expect(put(withValue(def1Body(), `${GI}/nonUkCharities/totalAmount`, undefined))).toStrictEqual(
        rejected(err(BODY, [`${GI}/nonUkCharities/totalAmount`])),
      );
    });

    it('refuses an explicitly empty charityNames list with its path, before any business rule', () => {
      expect(put(withValue(def1Body(), GA_NAMES, []))).toStrictEqual(rejected(err(BODY, [GA_NAMES])));
      expect(put(withValue(def1Body(), GI_NAMES, []))).toStrictEqual(rejected(err(BODY, [GI_NAMES])));
    });

    it('refuses an empty charityNames list even with a zero total', () => {
      expect(put(nonUk({ charityNames: [], totalAmount: 0 }))).toStrictEqual(rejected(err(BODY, [GA_NAMES])));
    });

    it('lists every empty node in declaration order', () => {
      const body = nonUk({ charityNames: [], totalAmount: 5 }, { charityNames: [], totalAmount: 5 });
      expect(put(body)).toStrictEqual(rejected(err(BODY, [GA_NAMES, GI_NAMES])));
      expect(
        put({ gifts: {}, giftAidPayments: { nonUkCharities: { charityNames: [], totalAmount: 0 } } }),
      ).toStrictEqual(rejected(err(BODY, [GA_NAMES, GI])));
    });

    it('reports charity names of the wrong type by path', () => {
      expect(put(nonUk({ charityNames: 'Oxfam', totalAmount: 1 }))).toStrictEqual(
        rejected(err(BODY, [GA_NAMES])),
      );
      expect(put(nonUk(undefined, { charityNames: ['Oxfam', 7, null], totalAmount: 1 }))).toStrictEqual(
        rejected(err(BODY, [`${GI_NAMES}/1`, `${GI_NAMES}/2`])),
      );
    });

    it('refuses nonUkCharities that is not an object by its path', () => {
      expect(put(nonUk('Oxfam'))).toStrictEqual(rejected(err(BODY, [`${GA}/nonUkCharities`])));
    });

    it('does not run the business rules on an unreadable body', () => {
      const body = {
        giftAidPayments: { nonUkCharities: { charityNames: ['#bad'], totalAmount: -1 } },
        gifts: { nonUkCharities: { charityNames: [], totalAmount: 3 } },
      };
      expect(put(body)).toStrictEqual(rejected(err(BODY, [GI_NAMES])));
    });
  });

  describe('def2 (from 2025-26): nonUkCharities is not part of the model, so it is ignored (non-strict reading)', () => {
    it('accepts a body carrying nonUkCharities and drops them', () => {
      expect(put(def1Body(), DEF2_YEAR)).toStrictEqual(accepted(def2Body()));
    });

    it('sends HMRC’s def1 example for 2025-26 as HMRC’s def2 example', () => {
      expect(put(example('3.0', 'def1'), DEF2_YEAR)).toStrictEqual(accepted(example('3.0', 'def2')));
    });

    it('does not validate anything inside an ignored nonUkCharities', () => {
      const body = {
        giftAidPayments: {
          totalAmount: 1,
          nonUkCharities: { charityNames: ['#', 'x'.repeat(80)], totalAmount: -5 },
        },
        gifts: { landAndBuildings: 2, nonUkCharities: { charityNames: [], totalAmount: 'lots' } },
      };
      expect(put(body, DEF2_YEAR)).toStrictEqual(
        accepted({ giftAidPayments: { totalAmount: 1 }, gifts: { landAndBuildings: 2 } }),
      );
    });

    it('does not apply the names-required rules to an ignored nonUkCharities', () => {
      const body = { giftAidPayments: { totalAmount: 1, nonUkCharities: { totalAmount: 500 } } };
      expect(put(body, DEF2_YEAR)).toStrictEqual(accepted({ giftAidPayments: { totalAmount: 1 } }));
    });

    it('refuses a section whose only content was nonUkCharities as empty, with its path', () => {
      const charities = { charityNames: ['Oxfam'], totalAmount: 10 };
      expect(put(nonUk(charities), DEF2_YEAR)).toStrictEqual(rejected(err(BODY, [GA])));
      expect(put(nonUk(undefined, charities), DEF2_YEAR)).toStrictEqual(rejected(err(BODY, [GI])));
      expect(put(nonUk(charities, charities), DEF2_YEAR)).toStrictEqual(rejected(err(BODY, [GA, GI])));
    });
  });
});

// --- Business rules: charity names -------------------------------------------------------------------------------

describe('charity names (FORMAT_STRING)', () => {
  const withNames = (names: string[]): unknown => nonUk({ charityNames: names, totalAmount: 1 });

  it.each([
    ['a single character', 'A'],
    ['75 characters', 'n'.repeat(75)],
    ['every allowed punctuation mark, £ included', "A&'()*,-./@£ z9"],
    ['a pound sign alone', '£'],
    ['spaces only (HMRC tests the pattern alone, not ResolveStringPattern’s blank check)', '   '],
    ['HMRC’s example name', 'non-UK charity 1'],
  ])('accepts %s', (_name, name) => {
    expect(put(withNames([name]))).toStrictEqual(accepted(withNames([name])));
  });

  it.each([
    ['76 characters', 'n'.repeat(76)],
    ['an empty name', ''],
    ['an accented letter', 'Médecins Sans Frontières'],
    ['a hash', 'Charity #1'],
    ['an underscore', 'charity_one'],
    ['a dollar sign', 'US$ Fund'],
    ['a euro sign', '€ Fund'],
    ['a right single quote (only the ASCII apostrophe is allowed)', 'St Mary’s'],
    ['a newline', 'Line\nbreak'],
    ['a tab', 'Tab\there'],
    ['a colon', 'Charity: one'],
  ])('refuses %s', (_name, name) => {
    expect(put(withNames(['Good', name]))).toStrictEqual(rejected(err('FORMAT_STRING', [`${GA_NAMES}/1`])));
  });

  it('reports each bad name by index, as HMRC’s own test does (["Good", 76 × X, 76 × Y])', () => {
    expect(put(withNames(['Good', 'X'.repeat(76), 'Y'.repeat(76)]))).toStrictEqual(
      rejected(err('FORMAT_STRING', [`${GA_NAMES}/1`, `${GA_NAMES}/2`])),
    );
  });

  it('checks the gifts names too, and merges both sections’ paths, gift aid first', () => {
    const body = nonUk(
      { charityNames: ['ok', '#'], totalAmount: 1 },
      { charityNames: ['_', 'ok', '!'], totalAmount: 0 },
    );
    expect(put(body)).toStrictEqual(
      rejected(err('FORMAT_STRING', [`${GA_NAMES}/1`, `${GI_NAMES}/0`, `${GI_NAMES}/2`])),
    );
  });
});

// --- Business rules: non-UK amounts without names ----------------------------------------------------------------

describe('non-UK amount without charity names', () => {
  it('refuses a gift-aid non-UK total above zero without names, with no path', () => {
    expect(put(nonUk({ totalAmount: 0.01 }))).toStrictEqual(rejected(err(GIFT_AID_NAMES)));
    expect(put(withValue(def1Body(), GA_NAMES, undefined))).toStrictEqual(rejected(err(GIFT_AID_NAMES)));
  });

  it('refuses a gifts non-UK total above zero without names, with no path', () => {
    expect(put(nonUk(undefined, { totalAmount: 1000 }))).toStrictEqual(rejected(err(GIFTS_NAMES)));
    expect(put(withValue(def1Body(), GI_NAMES, undefined))).toStrictEqual(rejected(err(GIFTS_NAMES)));
  });

  it('treats names sent as null as absent', () => {
    expect(put(nonUk({ charityNames: null, totalAmount: 5 }))).toStrictEqual(rejected(err(GIFT_AID_NAMES)));
  });

  it('accepts a zero total without names', () => {
    const body = nonUk({ totalAmount: 0 }, { totalAmount: 0 });
    expect(put(body)).toStrictEqual(accepted(body));
  });

  it('accepts a total above zero with names', () => {
    const body = nonUk({ charityNames: ['A'], totalAmount: 5 }, { charityNames: ['B'], totalAmount: 5 });
    expect(put(body)).toStrictEqual(accepted(body));
  });

  it('does not apply the rule to a negative total (not above zero); the amount itself is refused', () => {
    expect(put(nonUk({ totalAmount: -1 }))).toStrictEqual(
      rejected(err('FORMAT_VALUE', [`${GA}/nonUkCharities/totalAmount`])),
    );
  });

  it('reports both rules, sorted by code: RULE_GIFTS_… before RULE_GIFT_AID_… (`S` sorts before `_`)', () => {
    expect(put(nonUk({ totalAmount: 1 }, { totalAmount: 1 }))).toStrictEqual(
      rejected(err(GIFTS_NAMES), err(GIFT_AID_NAMES)),
    );
  });

  it('reports a malformed positive total and the missing names together', () => {
    expect(put(nonUk({ totalAmount: 1.234 }))).toStrictEqual(
      rejected(err('FORMAT_VALUE', [`${GA}/nonUkCharities/totalAmount`]), err(GIFT_AID_NAMES)),
    );
  });
});

// --- Business rules: money ---------------------------------------------------------------------------------------

describe('money (FORMAT_VALUE)', () => {
  const DEF1_MONEY = [
    `${GA}/nonUkCharities/totalAmount`,
    `${GA}/totalAmount`,
    `${GA}/oneOffAmount`,
    `${GA}/amountTreatedAsPreviousTaxYear`,
    `${GA}/amountTreatedAsSpecifiedTaxYear`,
    `${GI}/nonUkCharities/totalAmount`,
    `${GI}/landAndBuildings`,
    `${GI}/sharesOrSecurities`,
  ];
  const DEF2_MONEY = DEF1_MONEY.filter((pointer) => !pointer.includes('nonUk'));

  describe.each(DEF1_MONEY)('def1 %s', (pointer) => {
    it.each([0.01, 1, 99999999999.99])('accepts %p', (value) => {
      const body = withValue(def1Body(), pointer, value);
      expect(put(body)).toStrictEqual(accepted(body));
    });

    it.each([-0.01, 100000000000, 0.001, 5.555])('refuses %p', (value) => {
      expect(put(withValue(def1Body(), pointer, value))).toStrictEqual(
        rejected(err('FORMAT_VALUE', [pointer])),
      );
    });
  });

  describe.each(DEF2_MONEY)('def2 %s', (pointer) => {
    it.each([0, 99999999999.99])('accepts %p', (value) => {
      const body = withValue(def2Body(), pointer, value);
      expect(put(body, DEF2_YEAR)).toStrictEqual(accepted(body));
    });

    it.each([-1, 100000000000.01, 2.999])('refuses %p', (value) => {
      expect(put(withValue(def2Body(), pointer, value), DEF2_YEAR)).toStrictEqual(
        rejected(err('FORMAT_VALUE', [pointer])),
      );
    });
  });

  it('merges every money error into one, paths in HMRC’s order (gift aid, then gifts)', () => {
    let body = def1Body();
    for (const pointer of [...DEF1_MONEY].reverse()) body = withValue(body, pointer, -1);
    expect(put(body)).toStrictEqual(rejected(err('FORMAT_VALUE', DEF1_MONEY)));
  });

  it('merges the def2 paths the same way', () => {
    let body = def2Body();
    for (const pointer of DEF2_MONEY) body = withValue(body, pointer, 1e12);
    expect(put(body, DEF2_YEAR)).toStrictEqual(rejected(err('FORMAT_VALUE', DEF2_MONEY)));
  });
});

// --- Everything at once ------------------------------------------------------------------------------------------

describe('combination', () => {
  it('reports every kind once, merged by message and sorted by code', () => {
    const body = {
      giftAidPayments: {
        nonUkCharities: { charityNames: ['ok', 'bad#'], totalAmount: 5 },
        totalAmount: -1,
        amountTreatedAsSpecifiedTaxYear: 0.123,
      },
      gifts: {
        nonUkCharities: { totalAmount: 2 },
        sharesOrSecurities: 1e12,
      },
    };
    expect(put(body)).toStrictEqual(
      rejected(
        err('FORMAT_STRING', [`${GA_NAMES}/1`]),
        err('FORMAT_VALUE', [
          `${GA}/totalAmount`,
          `${GA}/amountTreatedAsSpecifiedTaxYear`,
          `${GI}/sharesOrSecurities`,
        ]),
        err(GIFTS_NAMES),
      ),
    );
  });

  it('puts both names rules after the format errors', () => {
    const body = {
      giftAidPayments: { nonUkCharities: { totalAmount: 5 }, oneOffAmount: -2 },
      gifts: { nonUkCharities: { totalAmount: 2 }, landAndBuildings: 1.001 },
    };
    expect(put(body)).toStrictEqual(
      rejected(
        err('FORMAT_VALUE', [`${GA}/oneOffAmount`, `${GI}/landAndBuildings`]),
        err(GIFTS_NAMES),
        err(GIFT_AID_NAMES),
      ),
    );
  });
});
