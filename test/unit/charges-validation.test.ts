/**
 * HMRC's validation of the pension-charges endpoints (Individuals Charges API v3), rule by rule, at validator
 * level: docs/hmrc-rules.md §2.2–§2.7, §3.2, §3.3, §9 and Appendix A.1. Every failing case asserts the complete
 * error list (code, status, message, paths); every rule also has a passing case.
 *
 * Messages are written out here rather than read from the gateway's catalogue, so a wrong catalogue entry fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  isDef2TaxYear,
  validateCreateAmendPensionCharges,
  validateDeletePensionCharges,
  validateRetrievePensionCharges,
} from '../../src/resources/pension-charges';
import {
  C,
  type Code,
  DEF1_MONEY,
  DEF2_MONEY,
  MESSAGES,
  O,
  S,
  T,
  U,
  def1Body,
  def2Body,
  withValue,
  without,
} from '../helpers/pension-charges-fixtures';
import { hmrcSpecDir } from '../helpers/hmrc-fixtures';

/** One error exactly as HMRC reports it (every validation error is a 400). */
function err(code: Code, paths?: string[]) {
  return { code, message: MESSAGES[code], status: 400, ...(paths ? { paths } : {}) };
}
const BODY = 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED';

const NINO = 'AA123456A';
const DEF1_YEAR = '2023-24';
const DEF2_YEAR = '2024-25';

// The charges country list as the reference gives it (138 codes, case-sensitive, no GBR).
const PERMITTED_COUNTRIES = (
  'ALB DZA ATG ARG ARM AUS AUT AZE BHR BGD BRB BLR BEL BLZ BOL BIH BWA VGB BRN BGR MMR CAN CYM CHL CHN CXR CCK ' +
  'CIV HRV CYP CZE DNK EGY EST ETH FLK FRO FJI FIN FRA GUF GMB GEO DEU GHA GRC GRD GLP GGY GUY HKG HUN ISL IND ' +
  'IDN IRL IMN ISR ITA JAM JPN JEY JOR KAZ KEN KIR XKX KWT LVA LSO LBY LIE LTU LUX MKD MWI MYS MLT MTQ MUS MEX ' +
  'MDA MNG MNE MSR MAR NAM NLD NZL NGA NFK NOR OMN PAK PAN PNG PHL POL PRT QAT REU ROU RUS KNA SAU SEN SRB SLE ' +
  'SGP SVK SVN SLB ZAF KOR ESP LKA SDN SWZ SWE CHE TWN TJK THA TTO TUN TUR TKM TUV UGA UKR ARE USA URY UZB VEN ' +
  'VNM ZMB ZWE'
).split(' ');

// --- Helpers ---------------------------------------------------------------------------------------------------

function put(taxYear: string, body: unknown, nino = NINO) {
  return validateCreateAmendPensionCharges(nino, taxYear, body);
}

function accepted(value: unknown) {
  return { ok: true, value };
}

function rejected(...errors: ReturnType<typeof err>[]) {
  return { ok: false, errors };
}

/** HMRC's spec files, copied into test/fixtures/hmrc (see PROVENANCE.md there). */
const SPEC_ROOT = hmrcSpecDir('individuals-charges-api', '3.0');

/** JSON with trailing commas tolerated (HMRC's v3 request schemas have them, §9 item 11). */
function readLenientJson(file: string): any {
  const text = fs.readFileSync(path.join(SPEC_ROOT, file), 'utf8');
  let out = '';
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c !== ',' || !/^\s*[}\]]/.test(text.slice(i + 1))) {
      out += c;
    }
  }
  return JSON.parse(out);
}

/** Every `required` field of a JSON schema as a JSON pointer, array items at index 0. */
function requiredPointers(schema: any): string[] {
  const found = new Set<string>();
  const visit = (node: any, at: string) => {
    for (const alternative of node.oneOf ?? []) visit(alternative, at);
    for (const name of node.required ?? []) found.add(`${at}/${name}`);
    for (const [name, child] of Object.entries(node.properties ?? {})) visit(child, `${at}/${name}`);
    if (node.items) visit(node.items, `${at}/0`);
  };
  visit(schema, '');
  return [...found];
}

/** Every field of type `number` in a JSON schema. */
function numberPointers(schema: any): string[] {
  const found = new Set<string>();
  const visit = (node: any, at: string) => {
    if (node.type === 'number') found.add(at);
    for (const alternative of node.oneOf ?? []) visit(alternative, at);
    for (const [name, child] of Object.entries(node.properties ?? {})) visit(child, `${at}/${name}`);
    if (node.items) visit(node.items, `${at}/0`);
  };
  visit(schema, '');
  return [...found];
}

const SCHEMAS = {
  def1: 'schemas/pensionCharges/createAmend/def1/create_amend_request_schema.json',
  def2: 'schemas/pensionCharges/createAmend/def2/create_amend_request_schema.json',
};

// --- Passing requests ----------------------------------------------------------------------------------------

describe('valid requests', () => {
  it('accepts a full body with every section before 2024-25 and returns it', () => {
    expect(put(DEF1_YEAR, def1Body())).toStrictEqual(accepted(def1Body()));
  });

  it('accepts a full body without pensionSavingsTaxCharges from 2024-25', () => {
    expect(put(DEF2_YEAR, def2Body())).toStrictEqual(accepted(def2Body()));
  });

  it('accepts the def2 shape before 2024-25 too (every section is optional)', () => {
    expect(put(DEF1_YEAR, def2Body())).toStrictEqual(accepted(def2Body()));
  });

  it.each([
    'pensionSavingsTaxCharges',
    'pensionSchemeOverseasTransfers',
    'pensionSchemeUnauthorisedPayments',
    'pensionContributions',
    'overseasPensionContributions',
  ])('accepts %s on its own', (section) => {
    const body = { [section]: def1Body()[section] };
    expect(put(DEF1_YEAR, body)).toStrictEqual(accepted(body));
  });

  it('accepts the minimal contents of each section', () => {
    const body = {
      pensionSavingsTaxCharges: { pensionSchemeTaxReference: [] },
      pensionSchemeOverseasTransfers: {
        overseasSchemeProvider: [],
        transferCharge: 0,
        transferChargeTaxPaid: 0,
      },
      pensionSchemeUnauthorisedPayments: { pensionSchemeTaxReference: ['00123456RA'] },
      pensionContributions: {
        pensionSchemeTaxReference: ['00123456RA'],
        inExcessOfTheAnnualAllowance: 0,
        annualAllowanceTaxPaid: 0,
      },
      overseasPensionContributions: {
        overseasSchemeProvider: [{ providerName: 'P', providerAddress: 'A', providerCountryCode: 'AUS' }],
        shortServiceRefund: 0,
        shortServiceRefundTaxPaid: 0,
      },
    };
    expect(put('2021-22', body)).toStrictEqual(accepted(body));
  });

  describe('HMRC’s own example request bodies', () => {
    const def1Example = readLenientJson('examples/pensionCharges/createAmend/def1/create_amend_request.json');
    const def2Example = readLenientJson('examples/pensionCharges/createAmend/def2/create_amend_request.json');

    it('validates the def1 example cleanly for 2023-24', () => {
      expect(def1Example).toHaveProperty('pensionSavingsTaxCharges');
      expect(put(DEF1_YEAR, def1Example)).toStrictEqual(accepted(def1Example));
    });

    it('validates the def2 example cleanly for 2024-25', () => {
      expect(def2Example).not.toHaveProperty('pensionSavingsTaxCharges');
      expect(put(DEF2_YEAR, def2Example)).toStrictEqual(accepted(def2Example));
    });

    it('refuses the def1 example from 2024-25, where its lifetime-allowance section is unknown', () => {
      expect(put(DEF2_YEAR, def1Example)).toStrictEqual(rejected(err(BODY, [S])));
    });
  });
});

// --- Path parameters -----------------------------------------------------------------------------------------

describe('NINO (§2.4, §2.3 step 5)', () => {
  it.each([
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
    'aa123456a',
    'Badnino',
    '',
  ])('refuses %j with FORMAT_NINO', (nino) => {
    expect(put(DEF1_YEAR, def1Body(), nino)).toStrictEqual(rejected(err('FORMAT_NINO')));
  });

  it('reports FORMAT_NINO alone, whatever else is wrong', () => {
    expect(put('2000', {}, 'Badnino')).toStrictEqual(rejected(err('FORMAT_NINO')));
    expect(put('2021-24', {}, 'Badnino')).toStrictEqual(rejected(err('FORMAT_NINO')));
    expect(put('2020-21', { bogus: true }, 'Badnino')).toStrictEqual(rejected(err('FORMAT_NINO')));
    const badRules = withValue(def1Body(), `${C}/pensionSchemeTaxReference/0`, 'bad');
    expect(put(DEF1_YEAR, badRules, 'Badnino')).toStrictEqual(rejected(err('FORMAT_NINO')));
  });

  it.each(['AA123456', 'AA123456 ', 'AB123456D', 'OA123456A'])('accepts %j', (nino) => {
    expect(put(DEF1_YEAR, def1Body(), nino)).toStrictEqual(accepted(def1Body()));
  });
});

describe('tax year (§2.5: format, then span, then minimum 2021-22)', () => {
  it.each(['2019', '201920', '2019-2020', '20177', '203100', '20!0-22', '2009-10', 'beans', '2023-24 '])(
    'refuses %j with FORMAT_TAX_YEAR alone, even with an empty body',
    (taxYear) => {
      expect(put(taxYear, def1Body())).toStrictEqual(rejected(err('FORMAT_TAX_YEAR')));
      expect(put(taxYear, {})).toStrictEqual(rejected(err('FORMAT_TAX_YEAR')));
      expect(put(taxYear, { pensionContributions: {} })).toStrictEqual(rejected(err('FORMAT_TAX_YEAR')));
    },
  );

  it.each(['2017-19', '2018-17', '2017-17', '2021-24', '2023-25'])(
    'refuses %s with RULE_TAX_YEAR_RANGE_INVALID alone, even with an empty body',
    (taxYear) => {
      expect(put(taxYear, def1Body())).toStrictEqual(rejected(err('RULE_TAX_YEAR_RANGE_INVALID')));
      expect(put(taxYear, {})).toStrictEqual(rejected(err('RULE_TAX_YEAR_RANGE_INVALID')));
    },
  );

  it('checks the span before the minimum: 2018-20 is RULE_TAX_YEAR_RANGE_INVALID', () => {
    expect(put('2018-20', def1Body())).toStrictEqual(rejected(err('RULE_TAX_YEAR_RANGE_INVALID')));
  });

  it.each(['2020-21', '2019-20', '2017-18', '2010-11'])(
    'refuses %s, before 2021-22, with RULE_TAX_YEAR_NOT_SUPPORTED',
    (taxYear) => {
      expect(put(taxYear, def1Body())).toStrictEqual(rejected(err('RULE_TAX_YEAR_NOT_SUPPORTED')));
    },
  );

  it.each(['2021-22', '2022-23', '2023-24'])('accepts %s with the def1 body', (taxYear) => {
    expect(put(taxYear, def1Body())).toStrictEqual(accepted(def1Body()));
  });

  it.each(['2024-25', '2025-26', '2030-31', '2098-99'])(
    'accepts %s with the def2 body (no maximum)',
    (taxYear) => {
      expect(put(taxYear, def2Body())).toStrictEqual(accepted(def2Body()));
    },
  );

  it('switches from def1 to def2 at 2024-25', () => {
    expect(isDef2TaxYear('2021-22')).toBe(false);
    expect(isDef2TaxYear('2023-24')).toBe(false);
    expect(isDef2TaxYear('2024-25')).toBe(true);
    expect(isDef2TaxYear('2025-26')).toBe(true);
    expect(isDef2TaxYear('2098-99')).toBe(true);
  });
});

describe('two stages (§2.2 rule 4, §2.3)', () => {
  it('reports an unsupported year together with an empty body, sorted by code', () => {
    expect(put('2020-21', {})).toStrictEqual(rejected(err(BODY), err('RULE_TAX_YEAR_NOT_SUPPORTED')));
  });

  it('reports an unsupported year together with a non-object body', () => {
    expect(put('2019-20', [])).toStrictEqual(rejected(err(BODY), err('RULE_TAX_YEAR_NOT_SUPPORTED')));
  });

  it('reports an unsupported year together with missing fields', () => {
    expect(put('2020-21', { pensionSchemeUnauthorisedPayments: {} })).toStrictEqual(
      rejected(err(BODY, [`${U}/pensionSchemeTaxReference`]), err('RULE_TAX_YEAR_NOT_SUPPORTED')),
    );
  });

  it('reports an unsupported year together with unknown fields', () => {
    const body = { ...def1Body(), pensionSavingsTaxChargesExtra: {} };
    expect(put('2020-21', body)).toStrictEqual(
      rejected(err(BODY, ['/pensionSavingsTaxChargesExtra']), err('RULE_TAX_YEAR_NOT_SUPPORTED')),
    );
  });

  it('does not run the business rules when the year is unsupported', () => {
    let body = withValue(def1Body(), `${C}/pensionSchemeTaxReference/0`, 'bad');
    body = withValue(body, `${T}/transferCharge`, -1);
    body = withValue(body, `${O}/overseasSchemeProvider/0/providerCountryCode`, 'GBR');
    expect(put('2020-21', body)).toStrictEqual(rejected(err('RULE_TAX_YEAR_NOT_SUPPORTED')));
  });

  it('does not run the business rules when the body cannot be read', () => {
    let body = withValue(def1Body(), `${C}/pensionSchemeTaxReference/0`, 'bad');
    body = withValue(body, `${T}/transferCharge`, -1);
    body = without(body, `${O}/shortServiceRefund`);
    expect(put(DEF1_YEAR, body)).toStrictEqual(rejected(err(BODY, [`${O}/shortServiceRefund`])));
  });

  it('does not run the business rules when the body has unknown fields', () => {
    const body = withValue(def1Body(), `${T}/transferCharge`, -1);
    body.pensionContributions.extra = 1;
    expect(put(DEF1_YEAR, body)).toStrictEqual(rejected(err(BODY, [`${C}/extra`])));
  });
});

// --- Reading the body ----------------------------------------------------------------------------------------

describe('empty or non-object bodies (§2.7)', () => {
  it.each([
    ['an empty object', {}],
    ['an empty array', []],
    ['an array holding a valid body', [def1Body()]],
    ['a string', 'pensionContributions'],
    ['null', null],
    ['a number', 0],
    ['a boolean', false],
    ['nothing', undefined],
  ])('refuses %s with RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED and no paths', (_label, body) => {
    expect(put(DEF1_YEAR, body)).toStrictEqual(rejected(err(BODY)));
    expect(put(DEF2_YEAR, body)).toStrictEqual(rejected(err(BODY)));
  });
});

describe('missing mandatory fields (§2.7: paths sorted)', () => {
  it.each([
    [
      'pensionContributions',
      { pensionContributions: {} },
      [`${C}/annualAllowanceTaxPaid`, `${C}/inExcessOfTheAnnualAllowance`, `${C}/pensionSchemeTaxReference`],
    ],
    [
      'pensionSchemeOverseasTransfers',
      { pensionSchemeOverseasTransfers: {} },
      [`${T}/overseasSchemeProvider`, `${T}/transferCharge`, `${T}/transferChargeTaxPaid`],
    ],
    [
      'pensionSchemeUnauthorisedPayments',
      { pensionSchemeUnauthorisedPayments: {} },
      [`${U}/pensionSchemeTaxReference`],
    ],
    [
      'overseasPensionContributions',
      { overseasPensionContributions: {} },
      [`${O}/overseasSchemeProvider`, `${O}/shortServiceRefund`, `${O}/shortServiceRefundTaxPaid`],
    ],
    ['pensionSavingsTaxCharges', { pensionSavingsTaxCharges: {} }, [`${S}/pensionSchemeTaxReference`]],
  ])('reports the missing fields of an empty %s', (_section, body, paths) => {
    expect(put(DEF1_YEAR, body)).toStrictEqual(rejected(err(BODY, paths)));
  });

  it('reports the missing fields of an overseas scheme provider, in either section', () => {
    const body = withValue(def1Body(), `${T}/overseasSchemeProvider/0`, {});
    expect(put(DEF1_YEAR, body)).toStrictEqual(
      rejected(
        err(BODY, [
          `${T}/overseasSchemeProvider/0/providerAddress`,
          `${T}/overseasSchemeProvider/0/providerCountryCode`,
          `${T}/overseasSchemeProvider/0/providerName`,
        ]),
      ),
    );
    const second = without(def2Body(), `${O}/overseasSchemeProvider/1/providerCountryCode`);
    expect(put(DEF2_YEAR, second)).toStrictEqual(
      rejected(err(BODY, [`${O}/overseasSchemeProvider/1/providerCountryCode`])),
    );
  });

  it.each([
    [`${U}/surcharge`, { amount: 1 }, [`${U}/surcharge/foreignTaxPaid`]],
    [`${U}/surcharge`, { foreignTaxPaid: 1 }, [`${U}/surcharge/amount`]],
    [`${U}/noSurcharge`, {}, [`${U}/noSurcharge/amount`, `${U}/noSurcharge/foreignTaxPaid`]],
    [
      `${S}/lumpSumBenefitTakenInExcessOfLifetimeAllowance`,
      { amount: 1 },
      [`${S}/lumpSumBenefitTakenInExcessOfLifetimeAllowance/taxPaid`],
    ],
    [
      `${S}/benefitInExcessOfLifetimeAllowance`,
      {},
      [`${S}/benefitInExcessOfLifetimeAllowance/amount`, `${S}/benefitInExcessOfLifetimeAllowance/taxPaid`],
    ],
  ])('reports the missing members of %s %j', (pointer, value, paths) => {
    expect(put(DEF1_YEAR, withValue(def1Body(), pointer, value))).toStrictEqual(rejected(err(BODY, paths)));
  });

  it('sorts the missing paths of several sections together, not in body order', () => {
    const body = {
      pensionContributions: { pensionSchemeTaxReference: ['00123456RA'] },
      overseasPensionContributions: { overseasSchemeProvider: [{ providerName: 'x' }] },
    };
    expect(put(DEF1_YEAR, body)).toStrictEqual(
      rejected(
        err(BODY, [
          `${O}/overseasSchemeProvider/0/providerAddress`,
          `${O}/overseasSchemeProvider/0/providerCountryCode`,
          `${O}/shortServiceRefund`,
          `${O}/shortServiceRefundTaxPaid`,
          `${C}/annualAllowanceTaxPaid`,
          `${C}/inExcessOfTheAnnualAllowance`,
        ]),
      ),
    );
  });

  it('accepts pensionContributions without isAnnualAllowanceReduced (optional in HMRC’s model, §9 item 5)', () => {
    const body = without(def1Body(), `${C}/isAnnualAllowanceReduced`);
    expect(put(DEF1_YEAR, body)).toStrictEqual(accepted(body));
    expect(put(DEF2_YEAR, without(def2Body(), `${C}/isAnnualAllowanceReduced`))).toStrictEqual(
      accepted(without(def2Body(), `${C}/isAnnualAllowanceReduced`)),
    );
  });

  describe.each([
    ['def1', DEF1_YEAR, def1Body],
    ['def2', DEF2_YEAR, def2Body],
  ] as const)('every field HMRC’s %s request schema requires', (def, taxYear, fixture) => {
    const required = requiredPointers(readLenientJson(SCHEMAS[def]));
    const enforced = required.filter((p) => p !== `${C}/isAnnualAllowanceReduced`);

    it('is listed by the schema (sanity check of the schema walk)', () => {
      expect(required).toContain(`${C}/isAnnualAllowanceReduced`);
      expect(required).toContain(`${T}/overseasSchemeProvider/0/providerName`);
      expect(enforced).toHaveLength(def === 'def1' ? 25 : 20);
    });

    it.each(enforced)('is reported when %s is missing', (pointer) => {
      expect(put(taxYear, without(fixture(), pointer))).toStrictEqual(rejected(err(BODY, [pointer])));
    });
  });
});

describe('wrong JSON types (§2.7)', () => {
  it.each([
    ['a string amount', `${T}/transferCharge`, 'abc'],
    ['a boolean amount', `${U}/surcharge/amount`, true],
    ['an object amount', `${C}/annualAllowanceTaxPaid`, { value: 1 }],
    ['a null mandatory amount', `${O}/shortServiceRefund`, null],
    ['a string boolean', `${C}/isAnnualAllowanceReduced`, 'true'],
    ['a numeric boolean', `${C}/taperedAnnualAllowance`, 1],
    ['a PSTR string instead of a list', `${C}/pensionSchemeTaxReference`, '00123456RA'],
    ['a numeric PSTR', `${U}/pensionSchemeTaxReference/1`, 123],
    ['a null PSTR in a list', `${S}/pensionSchemeTaxReference/0`, null],
    ['a numeric provider name', `${T}/overseasSchemeProvider/1/providerName`, 5],
    ['a null provider address', `${O}/overseasSchemeProvider/0/providerAddress`, null],
    ['a numeric country code', `${O}/overseasSchemeProvider/1/providerCountryCode`, 826],
    [
      'a QOPS list that is a string',
      `${T}/overseasSchemeProvider/0/qualifyingRecognisedOverseasPensionScheme`,
      'Q123456',
    ],
    ['a provider list that is an object', `${T}/overseasSchemeProvider`, {}],
    ['a provider that is a string', `${O}/overseasSchemeProvider/0`, 'Zurich'],
    ['a section that is an array', C, []],
    ['a section that is a string', U, 'none'],
    ['a charge that is a number', `${U}/noSurcharge`, 5],
  ])('reports %s at its path', (_label, pointer, value) => {
    expect(put(DEF1_YEAR, withValue(def1Body(), pointer, value))).toStrictEqual(
      rejected(err(BODY, [pointer])),
    );
  });

  it('reports several wrong types at once, sorted', () => {
    let body = withValue(def1Body(), `${T}/transferChargeTaxPaid`, '1.2.3');
    body = withValue(body, `${C}/moneyPurchasedAllowance`, 'no');
    body = withValue(body, `${S}/pensionSchemeTaxReference`, [1, 2]);
    expect(put(DEF1_YEAR, body)).toStrictEqual(
      rejected(
        err(BODY, [
          `${C}/moneyPurchasedAllowance`,
          `${S}/pensionSchemeTaxReference/0`,
          `${S}/pensionSchemeTaxReference/1`,
          `${T}/transferChargeTaxPaid`,
        ]),
      ),
    );
  });

  it('treats null for an optional field as absent, and drops it from the value', () => {
    const body = def1Body();
    body.pensionSchemeUnauthorisedPayments.surcharge = null;
    body.pensionContributions.taperedAnnualAllowance = null;
    body.pensionContributions.isAnnualAllowanceReduced = null;
    body.overseasPensionContributions.overseasSchemeProvider[0].qualifyingRecognisedOverseasPensionScheme =
      null;
    body.pensionSavingsTaxCharges.benefitInExcessOfLifetimeAllowance = null;
    const expected = def1Body();
    delete expected.pensionSchemeUnauthorisedPayments.surcharge;
    delete expected.pensionContributions.taperedAnnualAllowance;
    delete expected.pensionContributions.isAnnualAllowanceReduced;
    delete expected.pensionSavingsTaxCharges.benefitInExcessOfLifetimeAllowance;
    expect(put(DEF1_YEAR, body)).toStrictEqual(accepted(expected));
  });

  it('accepts numeric strings for amounts (Play reads BigDecimal from strings) and checks them as numbers', () => {
    const body = withValue(def2Body(), `${T}/transferCharge`, '100.50');
    expect(put(DEF2_YEAR, body)).toStrictEqual(accepted(withValue(def2Body(), `${T}/transferCharge`, 100.5)));
    expect(put(DEF2_YEAR, withValue(def2Body(), `${T}/transferCharge`, '1.123'))).toStrictEqual(
      rejected(err('FORMAT_VALUE', [`${T}/transferCharge`])),
    );
  });
});

describe('unknown fields (§2.7: strict for pension charges)', () => {
  it('reports HMRC’s own example of an extra top-level field', () => {
    const body = { pensionSavingsTaxChargesExtra: def1Body().pensionSavingsTaxCharges, ...def1Body() };
    expect(put('2021-22', body)).toStrictEqual(rejected(err(BODY, ['/pensionSavingsTaxChargesExtra'])));
  });

  it.each([
    [`${C}/extraField`, 1],
    [`${U}/surcharge/currency`, 'GBP'],
    [`${T}/overseasSchemeProvider/1/providerPostcode`, 'X1 1XX'],
    [`${O}/overseasSchemeProvider/0/nothing`, null],
    [`${S}/benefitInExcessOfLifetimeAllowance/notes`, {}],
  ])('reports the nested unknown field %s', (pointer, value) => {
    expect(put(DEF1_YEAR, withValue(def1Body(), pointer, value))).toStrictEqual(
      rejected(err(BODY, [pointer])),
    );
  });

  it('lists an object’s own unknown fields first, then those of its known fields in declaration order', () => {
    const body = def1Body();
    body.overseasPensionContributions.overseasSchemeProvider[1].b = 1;
    body.pensionContributions.a = 1;
    body.pensionSchemeOverseasTransfers.overseasSchemeProvider[0].c = 1;
    body.zzz = 1;
    body.pensionSavingsTaxCharges.d = 1;
    expect(put(DEF1_YEAR, body)).toStrictEqual(
      rejected(
        err(BODY, [
          '/zzz',
          `${S}/d`,
          `${T}/overseasSchemeProvider/0/c`,
          `${C}/a`,
          `${O}/overseasSchemeProvider/1/b`,
        ]),
      ),
    );
  });

  it('reports only the missing fields when a body also has unknown ones', () => {
    const body = without(def1Body(), `${C}/annualAllowanceTaxPaid`);
    body.extra = true;
    body.pensionContributions.another = true;
    expect(put(DEF1_YEAR, body)).toStrictEqual(rejected(err(BODY, [`${C}/annualAllowanceTaxPaid`])));
  });

  it('reports a body of nothing but unknown fields by their paths, not as an empty body', () => {
    expect(put(DEF1_YEAR, { charges: [] })).toStrictEqual(rejected(err(BODY, ['/charges'])));
  });
});

describe('pensionSavingsTaxCharges by tax year (def1 before 2024-25, unknown from 2024-25)', () => {
  it.each(['2021-22', '2022-23', '2023-24'])('is accepted for %s', (taxYear) => {
    const body = { pensionSavingsTaxCharges: def1Body().pensionSavingsTaxCharges };
    expect(put(taxYear, body)).toStrictEqual(accepted(body));
  });

  it.each(['2024-25', '2025-26', '2030-31'])('is an unknown field for %s', (taxYear) => {
    expect(put(taxYear, def1Body())).toStrictEqual(rejected(err(BODY, [S])));
    expect(put(taxYear, { pensionSavingsTaxCharges: def1Body().pensionSavingsTaxCharges })).toStrictEqual(
      rejected(err(BODY, [S])),
    );
  });

  it('is reported as unknown from 2024-25 whatever it holds, even null, and is not read', () => {
    expect(put(DEF2_YEAR, { ...def2Body(), pensionSavingsTaxCharges: {} })).toStrictEqual(
      rejected(err(BODY, [S])),
    );
    expect(put(DEF2_YEAR, { ...def2Body(), pensionSavingsTaxCharges: null })).toStrictEqual(
      rejected(err(BODY, [S])),
    );
    expect(
      put(DEF2_YEAR, { ...def2Body(), pensionSavingsTaxCharges: { pensionSchemeTaxReference: ['bad'] } }),
    ).toStrictEqual(rejected(err(BODY, [S])));
  });

  it('is read (and found incomplete) before 2024-25', () => {
    expect(put(DEF1_YEAR, { ...def2Body(), pensionSavingsTaxCharges: {} })).toStrictEqual(
      rejected(err(BODY, [`${S}/pensionSchemeTaxReference`])),
    );
  });

  it('is absent when null before 2024-25', () => {
    expect(put(DEF1_YEAR, { ...def2Body(), pensionSavingsTaxCharges: null })).toStrictEqual(
      accepted(def2Body()),
    );
  });

  it('lists it with other unknown fields from 2024-25', () => {
    const body = { ...def1Body(), lifetimeAllowance: 1 };
    body.pensionContributions.extra = 1;
    expect(put(DEF2_YEAR, body)).toStrictEqual(rejected(err(BODY, [S, '/lifetimeAllowance', `${C}/extra`])));
  });
});

// --- Business rules ------------------------------------------------------------------------------------------

describe('RULE_PENSION_REFERENCE (both reference kinds on one provider; no paths)', () => {
  it('refuses a provider with QOPS references and PSTRs', () => {
    const body = withValue(def1Body(), `${T}/overseasSchemeProvider/0/pensionSchemeTaxReference`, [
      '00123456RA',
    ]);
    expect(put(DEF1_YEAR, body)).toStrictEqual(rejected(err('RULE_PENSION_REFERENCE')));
  });

  it('reports several such providers, in both sections, as one error without paths', () => {
    let body = withValue(def2Body(), `${T}/overseasSchemeProvider/0/pensionSchemeTaxReference`, [
      '00123456RA',
    ]);
    body = withValue(body, `${T}/overseasSchemeProvider/1/qualifyingRecognisedOverseasPensionScheme`, [
      'Q111111',
    ]);
    body = withValue(body, `${O}/overseasSchemeProvider/0/qualifyingRecognisedOverseasPensionScheme`, [
      'Q222222',
    ]);
    const result = put(DEF2_YEAR, body);
    expect(result).toStrictEqual(rejected(err('RULE_PENSION_REFERENCE')));
  });

  it('refuses both even when the lists are empty (present is present)', () => {
    const provider = { providerName: 'P', providerAddress: 'A', providerCountryCode: 'AUS' };
    const body = withValue(def2Body(), `${O}/overseasSchemeProvider/1`, {
      ...provider,
      qualifyingRecognisedOverseasPensionScheme: [],
      pensionSchemeTaxReference: [],
    });
    expect(put(DEF2_YEAR, body)).toStrictEqual(rejected(err('RULE_PENSION_REFERENCE')));
  });

  it('accepts one kind or neither', () => {
    const provider = { providerName: 'P', providerAddress: 'A', providerCountryCode: 'AUS' };
    const body = {
      overseasPensionContributions: {
        overseasSchemeProvider: [
          provider,
          { ...provider, qualifyingRecognisedOverseasPensionScheme: ['Q123456'] },
          { ...provider, pensionSchemeTaxReference: ['00123456RA'] },
          {
            ...provider,
            qualifyingRecognisedOverseasPensionScheme: ['Q123456'],
            pensionSchemeTaxReference: null,
          },
        ],
        shortServiceRefund: 1,
        shortServiceRefundTaxPaid: 1,
      },
    };
    const expected = structuredClone(body) as any;
    delete expected.overseasPensionContributions.overseasSchemeProvider[3].pensionSchemeTaxReference;
    expect(put(DEF1_YEAR, body)).toStrictEqual(accepted(expected));
  });
});

describe('FORMAT_PROVIDER_NAME (^.{1,105}$, not blank after trim)', () => {
  const pointer = `${T}/overseasSchemeProvider/1/providerName`;

  it.each([
    ['an empty name', ''],
    ['106 characters', 'n'.repeat(106)],
    ['only spaces', '     '],
    ['only a tab', '\t'],
    ['a line break', 'Overseas\nPensions'],
    ['a trailing line break', 'Overseas Pensions\n'],
    ['a carriage return', 'Overseas\rPensions'],
    ['a Unicode line separator', 'Overseas\u2028Pensions'],
  ])('refuses %s', (_label, name) => {
    expect(put(DEF1_YEAR, withValue(def1Body(), pointer, name))).toStrictEqual(
      rejected(err('FORMAT_PROVIDER_NAME', [pointer])),
    );
  });

  it.each([
    ['one character', 'X'],
    ['105 characters', 'n'.repeat(105)],
    ['105 characters outside the BMP (each counts once)', '😀'.repeat(105)],
    ['accented letters', 'Société Générale Retraite'],
    ['surrounding spaces', '  Pensions AG  '],
    ['a tab between words', 'Pensions\tAG'],
    ['a non-breaking space only (Java trim keeps it)', '\u00a0'],
  ])('accepts %s', (_label, name) => {
    const body = withValue(def1Body(), pointer, name);
    expect(put(DEF1_YEAR, body)).toStrictEqual(accepted(body));
  });

  it('reports every bad name, transfers before contributions', () => {
    let body = withValue(def1Body(), `${O}/overseasSchemeProvider/0/providerName`, '');
    body = withValue(body, `${T}/overseasSchemeProvider/1/providerName`, ' ');
    body = withValue(body, `${T}/overseasSchemeProvider/0/providerName`, 'x'.repeat(200));
    expect(put(DEF1_YEAR, body)).toStrictEqual(
      rejected(
        err('FORMAT_PROVIDER_NAME', [
          `${T}/overseasSchemeProvider/0/providerName`,
          `${T}/overseasSchemeProvider/1/providerName`,
          `${O}/overseasSchemeProvider/0/providerName`,
        ]),
      ),
    );
  });
});

describe('FORMAT_PROVIDERS_ADDRESS (^.{1,250}$, not blank after trim)', () => {
  const pointer = `${O}/overseasSchemeProvider/1/providerAddress`;

  it.each([
    ['251 characters', 'a'.repeat(251)],
    ['an empty address', ''],
    ['only spaces', '   '],
    ['a line break', '1 Main Street\nGeorge Town'],
  ])('refuses %s', (_label, address) => {
    expect(put(DEF2_YEAR, withValue(def2Body(), pointer, address))).toStrictEqual(
      rejected(err('FORMAT_PROVIDERS_ADDRESS', [pointer])),
    );
  });

  it.each([
    ['250 characters', 'a'.repeat(250)],
    ['one character', '1'],
  ])('accepts %s', (_label, address) => {
    const body = withValue(def2Body(), pointer, address);
    expect(put(DEF2_YEAR, body)).toStrictEqual(accepted(body));
  });

  it('reports HMRC’s own bad-address example (an empty one and a 251-character one)', () => {
    let body = withValue(def2Body(), `${T}/overseasSchemeProvider/0/providerAddress`, '');
    body = withValue(body, `${O}/overseasSchemeProvider/0/providerAddress`, '4'.repeat(251));
    expect(put(DEF2_YEAR, body)).toStrictEqual(
      rejected(
        err('FORMAT_PROVIDERS_ADDRESS', [
          `${T}/overseasSchemeProvider/0/providerAddress`,
          `${O}/overseasSchemeProvider/0/providerAddress`,
        ]),
      ),
    );
  });
});

describe('FORMAT_QOPS_REF (^[Q]{1}[0-9]{6}$)', () => {
  const qops = `${T}/overseasSchemeProvider/0/qualifyingRecognisedOverseasPensionScheme`;

  it.each([
    'Q12345',
    'Q1234567',
    'q123456',
    'A123456',
    'Q12345A',
    'QQ12345',
    ' Q123456',
    'Q123456 ',
    '',
    '       ',
  ])('refuses %j', (ref) => {
    expect(put(DEF1_YEAR, withValue(def1Body(), `${qops}/1`, ref))).toStrictEqual(
      rejected(err('FORMAT_QOPS_REF', [`${qops}/1`])),
    );
  });

  it.each(['Q000000', 'Q999999'])('accepts %s', (ref) => {
    const body = withValue(def1Body(), `${qops}/0`, ref);
    expect(put(DEF1_YEAR, body)).toStrictEqual(accepted(body));
  });

  it('reports each bad reference by its index, transfers before contributions', () => {
    let body = withValue(def2Body(), qops, ['bad', 'Q123456', 'worse']);
    body = withValue(body, `${O}/overseasSchemeProvider/1/qualifyingRecognisedOverseasPensionScheme`, ['Q1']);
    expect(put(DEF2_YEAR, body)).toStrictEqual(
      rejected(
        err('FORMAT_QOPS_REF', [
          `${qops}/0`,
          `${qops}/2`,
          `${O}/overseasSchemeProvider/1/qualifyingRecognisedOverseasPensionScheme/0`,
        ]),
      ),
    );
  });
});

describe('FORMAT_PENSION_SCHEME_TAX_REFERENCE (^\\d{8}[R]{1}[a-zA-Z]{1}$)', () => {
  it.each([
    '00123456R',
    '0012345RA',
    '001234567RA',
    '00123456XA',
    '00123456rA',
    '00123456R1',
    '00123456RAA',
    'ABCDEFGHRA',
    ' 00123456RA',
    '00123456RA ',
    '',
  ])('refuses %j', (pstr) => {
    const pointer = `${C}/pensionSchemeTaxReference/1`;
    expect(put(DEF1_YEAR, withValue(def1Body(), pointer, pstr))).toStrictEqual(
      rejected(err('FORMAT_PENSION_SCHEME_TAX_REFERENCE', [pointer])),
    );
  });

  it.each(['00123456RA', '99999999Rz', '12345678RR'])('accepts %s', (pstr) => {
    const body = withValue(def1Body(), `${C}/pensionSchemeTaxReference/0`, pstr);
    expect(put(DEF1_YEAR, body)).toStrictEqual(accepted(body));
  });

  // HMRC's order: contributions, savings, unauthorised payments, transfer providers, contribution providers.
  it('reports every location in HMRC’s order (def1)', () => {
    let body = withValue(def1Body(), `${O}/overseasSchemeProvider/0/pensionSchemeTaxReference/0`, 'x5');
    body = withValue(body, `${T}/overseasSchemeProvider/1/pensionSchemeTaxReference/0`, 'x4');
    body = withValue(body, `${U}/pensionSchemeTaxReference/1`, 'x3');
    body = withValue(body, `${S}/pensionSchemeTaxReference/0`, 'x2');
    body = withValue(body, `${C}/pensionSchemeTaxReference/0`, 'x1a');
    body = withValue(body, `${C}/pensionSchemeTaxReference/1`, 'x1b');
    expect(put(DEF1_YEAR, body)).toStrictEqual(
      rejected(
        err('FORMAT_PENSION_SCHEME_TAX_REFERENCE', [
          `${C}/pensionSchemeTaxReference/0`,
          `${C}/pensionSchemeTaxReference/1`,
          `${S}/pensionSchemeTaxReference/0`,
          `${U}/pensionSchemeTaxReference/1`,
          `${T}/overseasSchemeProvider/1/pensionSchemeTaxReference/0`,
          `${O}/overseasSchemeProvider/0/pensionSchemeTaxReference/0`,
        ]),
      ),
    );
  });

  it('reports every location in HMRC’s order (def2)', () => {
    let body = withValue(def2Body(), `${O}/overseasSchemeProvider/0/pensionSchemeTaxReference/0`, 'x4');
    body = withValue(body, `${T}/overseasSchemeProvider/1/pensionSchemeTaxReference/0`, 'x3');
    body = withValue(body, `${U}/pensionSchemeTaxReference/0`, 'x2');
    body = withValue(body, `${C}/pensionSchemeTaxReference/1`, 'x1');
    expect(put(DEF2_YEAR, body)).toStrictEqual(
      rejected(
        err('FORMAT_PENSION_SCHEME_TAX_REFERENCE', [
          `${C}/pensionSchemeTaxReference/1`,
          `${U}/pensionSchemeTaxReference/0`,
          `${T}/overseasSchemeProvider/1/pensionSchemeTaxReference/0`,
          `${O}/overseasSchemeProvider/0/pensionSchemeTaxReference/0`,
        ]),
      ),
    );
  });
});

describe('RULE_IS_ANNUAL_ALLOWANCE_REDUCED (no paths)', () => {
  const contributions = {
    pensionSchemeTaxReference: ['00123456RA'],
    inExcessOfTheAnnualAllowance: 10,
    annualAllowanceTaxPaid: 2,
  };

  it.each([
    ['neither reason given', {}],
    ['both reasons false', { taperedAnnualAllowance: false, moneyPurchasedAllowance: false }],
    ['only tapered, false', { taperedAnnualAllowance: false }],
    ['only money purchased, false', { moneyPurchasedAllowance: false }],
  ])('refuses a reduced allowance with %s', (_label, reasons) => {
    const body = { pensionContributions: { ...contributions, isAnnualAllowanceReduced: true, ...reasons } };
    expect(put(DEF1_YEAR, body)).toStrictEqual(rejected(err('RULE_IS_ANNUAL_ALLOWANCE_REDUCED')));
    expect(put(DEF2_YEAR, body)).toStrictEqual(rejected(err('RULE_IS_ANNUAL_ALLOWANCE_REDUCED')));
  });

  it.each([
    ['reduced, tapered', { isAnnualAllowanceReduced: true, taperedAnnualAllowance: true }],
    ['reduced, money purchased', { isAnnualAllowanceReduced: true, moneyPurchasedAllowance: true }],
    [
      'reduced, money purchased but not tapered',
      { isAnnualAllowanceReduced: true, taperedAnnualAllowance: false, moneyPurchasedAllowance: true },
    ],
    ['not reduced, no reason', { isAnnualAllowanceReduced: false }],
    ['not reduced, reasons false', { isAnnualAllowanceReduced: false, taperedAnnualAllowance: false }],
    ['reduction not stated, no reason', {}],
    [
      'reduction not stated, reasons false',
      { taperedAnnualAllowance: false, moneyPurchasedAllowance: false },
    ],
  ])('accepts %s', (_label, flags) => {
    const body = { pensionContributions: { ...contributions, ...flags } };
    expect(put(DEF1_YEAR, body)).toStrictEqual(accepted(body));
  });
});

describe('FORMAT_VALUE (0 to 99999999999.99, at most 2 decimal places)', () => {
  const invalid = [-0.01, 1.123, 99999999999.991, 1e-7, -1, 100000000000];
  const valid = [0, 99999999999.99, 100.1, 0.01, 1];

  it('covers exactly the number fields of HMRC’s request schemas', () => {
    expect(numberPointers(readLenientJson(SCHEMAS.def1)).sort()).toStrictEqual([...DEF1_MONEY].sort());
    expect(numberPointers(readLenientJson(SCHEMAS.def2)).sort()).toStrictEqual([...DEF2_MONEY].sort());
    expect(DEF1_MONEY).toHaveLength(14);
    expect(DEF2_MONEY).toHaveLength(10);
  });

  describe.each([
    ['def1', DEF1_YEAR, def1Body, DEF1_MONEY],
    ['def2', DEF2_YEAR, def2Body, DEF2_MONEY],
  ] as const)('%s', (_def, taxYear, fixture, fields) => {
    describe.each(fields)('%s', (pointer) => {
      it.each(invalid)('refuses %d', (value) => {
        expect(put(taxYear, withValue(fixture(), pointer, value))).toStrictEqual(
          rejected(err('FORMAT_VALUE', [pointer])),
        );
      });

      it.each(valid)('accepts %d', (value) => {
        const body = withValue(fixture(), pointer, value);
        expect(put(taxYear, body)).toStrictEqual(accepted(body));
      });
    });

    it('reports all bad amounts as one error, paths in HMRC’s order', () => {
      let body = fixture();
      fields.forEach((pointer, i) => {
        body = withValue(body, pointer, i % 2 === 0 ? -5 : 0.001);
      });
      expect(put(taxYear, body)).toStrictEqual(rejected(err('FORMAT_VALUE', [...fields])));
    });
  });
});

describe('FORMAT_COUNTRY_CODE (length ≠ 3) and RULE_COUNTRY_CODE (not on the charges list)', () => {
  const pointer = `${T}/overseasSchemeProvider/1/providerCountryCode`;

  it.each(['', 'FR', 'GB', 'UK', 'FRAN', ' FRA', 'FRA ', 'United Kingdom'])(
    'gives FORMAT_COUNTRY_CODE for %j',
    (code) => {
      expect(put(DEF1_YEAR, withValue(def1Body(), pointer, code))).toStrictEqual(
        rejected(err('FORMAT_COUNTRY_CODE', [pointer])),
      );
    },
  );

  it.each([
    ['GBR', 'the United Kingdom, deliberately absent'],
    ['fra', 'lower case'],
    ['Fra', 'mixed case'],
    ['BRA', 'a real ISO code not on the list'],
    ['IRN', 'a real ISO code not on the list'],
    ['ZZZ', 'unknown (allowed by reliefs, not by charges)'],
    ['XXX', 'unknown'],
    ['F1A', 'not letters'],
    ['😀A', 'three UTF-16 units, as Java counts length'],
  ])('gives RULE_COUNTRY_CODE for %j (%s)', (code) => {
    expect(put(DEF1_YEAR, withValue(def1Body(), pointer, code))).toStrictEqual(
      rejected(err('RULE_COUNTRY_CODE', [pointer])),
    );
  });

  it('accepts every one of the 138 permitted codes', () => {
    expect(PERMITTED_COUNTRIES).toHaveLength(138);
    expect(new Set(PERMITTED_COUNTRIES).size).toBe(138);
    const body = {
      overseasPensionContributions: {
        overseasSchemeProvider: PERMITTED_COUNTRIES.map((code) => ({
          providerName: `Provider ${code}`,
          providerAddress: `Address in ${code}`,
          providerCountryCode: code,
        })),
        shortServiceRefund: 1,
        shortServiceRefundTaxPaid: 1,
      },
    };
    expect(put(DEF2_YEAR, body)).toStrictEqual(accepted(body));
  });

  it('reports HMRC’s mixed case: two formats and two rules, each merged, transfers before contributions', () => {
    let body = withValue(def1Body(), `${T}/overseasSchemeProvider/0/providerCountryCode`, 'INVALID');
    body = withValue(body, `${T}/overseasSchemeProvider/1/providerCountryCode`, 'BOB');
    body = withValue(body, `${O}/overseasSchemeProvider/0/providerCountryCode`, 'GBR');
    body = withValue(body, `${O}/overseasSchemeProvider/1/providerCountryCode`, 'US');
    expect(put(DEF1_YEAR, body)).toStrictEqual(
      rejected(
        err('FORMAT_COUNTRY_CODE', [
          `${T}/overseasSchemeProvider/0/providerCountryCode`,
          `${O}/overseasSchemeProvider/1/providerCountryCode`,
        ]),
        err('RULE_COUNTRY_CODE', [
          `${T}/overseasSchemeProvider/1/providerCountryCode`,
          `${O}/overseasSchemeProvider/0/providerCountryCode`,
        ]),
      ),
    );
  });
});

describe('several business-rule errors at once (§2.2: merged by message, sorted by code)', () => {
  it('returns one error per kind, sorted by code as plain strings', () => {
    let body = def1Body();
    body = withValue(body, `${O}/overseasSchemeProvider/1/providerCountryCode`, 'GBR');
    body = withValue(body, `${O}/overseasSchemeProvider/0/providerCountryCode`, 'CH');
    body = withValue(body, `${U}/noSurcharge/foreignTaxPaid`, 1.001);
    body = withValue(body, `${S}/benefitInExcessOfLifetimeAllowance/amount`, -1);
    body = withValue(body, `${C}/taperedAnnualAllowance`, false);
    body = withValue(body, `${T}/overseasSchemeProvider/0/qualifyingRecognisedOverseasPensionScheme/1`, 'Q1');
    body = withValue(body, `${O}/overseasSchemeProvider/1/providerName`, '');
    body = withValue(body, `${T}/overseasSchemeProvider/0/providerAddress`, ' ');
    body = withValue(body, `${U}/pensionSchemeTaxReference/0`, 'nope');
    body = withValue(body, `${O}/overseasSchemeProvider/0/qualifyingRecognisedOverseasPensionScheme`, [
      'Q123456',
    ]);

    expect(put(DEF1_YEAR, body)).toStrictEqual(
      rejected(
        err('FORMAT_COUNTRY_CODE', [`${O}/overseasSchemeProvider/0/providerCountryCode`]),
        err('FORMAT_PENSION_SCHEME_TAX_REFERENCE', [`${U}/pensionSchemeTaxReference/0`]),
        err('FORMAT_PROVIDERS_ADDRESS', [`${T}/overseasSchemeProvider/0/providerAddress`]),
        err('FORMAT_PROVIDER_NAME', [`${O}/overseasSchemeProvider/1/providerName`]),
        err('FORMAT_QOPS_REF', [`${T}/overseasSchemeProvider/0/qualifyingRecognisedOverseasPensionScheme/1`]),
        err('FORMAT_VALUE', [
          `${S}/benefitInExcessOfLifetimeAllowance/amount`,
          `${U}/noSurcharge/foreignTaxPaid`,
        ]),
        err('RULE_COUNTRY_CODE', [`${O}/overseasSchemeProvider/1/providerCountryCode`]),
        err('RULE_IS_ANNUAL_ALLOWANCE_REDUCED'),
        err('RULE_PENSION_REFERENCE'),
      ),
    );
  });

  it('merges same-message errors from different sections into one error with all paths', () => {
    let body = withValue(def2Body(), `${O}/shortServiceRefundTaxPaid`, 1.111);
    body = withValue(body, `${T}/transferCharge`, -3);
    body = withValue(body, `${C}/inExcessOfTheAnnualAllowance`, 1e12);
    body = withValue(body, `${O}/overseasSchemeProvider/1/providerName`, '\n');
    body = withValue(body, `${T}/overseasSchemeProvider/0/providerName`, '');
    expect(put(DEF2_YEAR, body)).toStrictEqual(
      rejected(
        err('FORMAT_PROVIDER_NAME', [
          `${T}/overseasSchemeProvider/0/providerName`,
          `${O}/overseasSchemeProvider/1/providerName`,
        ]),
        err('FORMAT_VALUE', [
          `${T}/transferCharge`,
          `${C}/inExcessOfTheAnnualAllowance`,
          `${O}/shortServiceRefundTaxPaid`,
        ]),
      ),
    );
  });
});

// --- Retrieve and delete -------------------------------------------------------------------------------------

describe.each([
  ['retrieve', validateRetrievePensionCharges],
  ['delete', validateDeletePensionCharges],
] as const)('%s (§3.3: minimum 2021-22, no maximum)', (_name, validate) => {
  it.each(['2021-22', '2022-23', '2023-24', '2024-25', '2030-31'])('accepts %s', (taxYear) => {
    expect(validate(NINO, taxYear)).toStrictEqual([]);
  });

  it('accepts a NINO without a suffix', () => {
    expect(validate('AA123456', '2023-24')).toStrictEqual([]);
  });

  it.each(['2020-21', '2019-20', '2011-12'])('refuses %s with RULE_TAX_YEAR_NOT_SUPPORTED', (taxYear) => {
    expect(validate(NINO, taxYear)).toStrictEqual([err('RULE_TAX_YEAR_NOT_SUPPORTED')]);
  });

  it('refuses a bad NINO alone, whatever the tax year', () => {
    expect(validate('Badnino', '2023-24')).toStrictEqual([err('FORMAT_NINO')]);
    expect(validate('Badnino', '2000')).toStrictEqual([err('FORMAT_NINO')]);
    expect(validate('ZZ123456A', '2019-20')).toStrictEqual([err('FORMAT_NINO')]);
  });

  it('refuses a malformed tax year with FORMAT_TAX_YEAR and a bad span with RULE_TAX_YEAR_RANGE_INVALID', () => {
    expect(validate(NINO, '2023')).toStrictEqual([err('FORMAT_TAX_YEAR')]);
    expect(validate(NINO, '2023-2024')).toStrictEqual([err('FORMAT_TAX_YEAR')]);
    expect(validate(NINO, '2023-25')).toStrictEqual([err('RULE_TAX_YEAR_RANGE_INVALID')]);
    expect(validate(NINO, '2018-20')).toStrictEqual([err('RULE_TAX_YEAR_RANGE_INVALID')]);
  });
});
