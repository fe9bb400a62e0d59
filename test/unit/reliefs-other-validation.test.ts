/**
 * HMRC's validation of the other-reliefs endpoints (Individuals Reliefs API v3, and v2 which is the same), rule by
 * rule, at validator level: docs/hmrc-rules.md §2.2–§2.7, §4.1, §4.3, §4.7, §9 and Appendix A.2. Every failing case
 * asserts the complete error list (code, status, message, paths); every rule also has a passing case.
 *
 * Messages are written out here rather than read from the gateway's catalogue, so a wrong catalogue entry fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_API_VERSIONS } from '../../src/hmrc/apis';
import {
  validateCreateAmendOtherReliefs,
  validateDeleteOtherReliefs,
  validateRetrieveOtherReliefs,
} from '../../src/resources/other-reliefs';
import type { ValidationSettings } from '../../src/validation/types';
import { hmrcSpecDir } from '../helpers/hmrc-fixtures';

const MESSAGES = {
  FORMAT_NINO: 'The NINO format is invalid',
  FORMAT_TAX_YEAR: 'The taxYear format is invalid',
  RULE_TAX_YEAR_RANGE_INVALID: 'A tax year range of one year is required',
  RULE_TAX_YEAR_NOT_SUPPORTED: 'The tax year specified does not lie within the supported range',
  RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED: 'An empty or non-matching body was submitted',
  FORMAT_VALUE: 'The value must be between 0 and 99999999999.99',
  FORMAT_CUSTOMER_REF: 'The provided customer reference is not valid',
  FORMAT_NATURE_OF_TRADE: 'The provided nature of trade is not valid',
  FORMAT_NAME_EX_SPOUSE: 'The provided ex spouse name is not valid',
  FORMAT_NAME_BUSINESS: 'The provided business name is not valid',
  FORMAT_INCOME_SOURCE: 'The provided income source is not valid',
  FORMAT_LENDER_NAME: 'The provided lender name is not valid',
  FORMAT_DATE: 'The supplied date format is not valid',
} as const;
type Code = keyof typeof MESSAGES;

/** One error exactly as HMRC reports it (every validation error is a 400). */
function err(code: Code, paths?: string[]) {
  return { code, message: MESSAGES[code], status: 400, ...(paths ? { paths } : {}) };
}
const BODY = 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED';
const REF = 'FORMAT_CUSTOMER_REF';

const V3: ValidationSettings = { versions: DEFAULT_API_VERSIONS, disclosuresMinTaxYear: '2019-20' };
const V2: ValidationSettings = {
  versions: { ...DEFAULT_API_VERSIONS, reliefs: '2.0' },
  disclosuresMinTaxYear: '2019-20',
};

const NINO = 'AA123456A';
const YEAR = '2023-24';

const NDL = '/nonDeductibleLoanInterest';
const PG = '/payrollGiving';
const QD = '/qualifyingDistributionRedemptionOfSharesAndSecurities';
const MP = '/maintenancePayments';
const PC = '/postCessationTradeReliefAndCertainOtherLosses';
const AP = '/annualPaymentsMade';
const QL = '/qualifyingLoanInterestPayments';

// --- Helpers ---------------------------------------------------------------------------------------------------

function put(body: unknown, taxYear = YEAR, settings = V3, nino = NINO) {
  return validateCreateAmendOtherReliefs(nino, taxYear, body, settings);
}

function accepted(value: unknown) {
  return { ok: true, value };
}

function rejected(...errors: ReturnType<typeof err>[]) {
  return { ok: false, errors };
}

/** A body using every section and every field. */
function fullBody(): any {
  return {
    nonDeductibleLoanInterest: { customerReference: 'myref', reliefClaimed: 763 },
    payrollGiving: { customerReference: 'myref', reliefClaimed: 154 },
    qualifyingDistributionRedemptionOfSharesAndSecurities: { customerReference: 'myref', amount: 222.22 },
    maintenancePayments: [
      {
        customerReference: 'myref',
        exSpouseName: 'Hilda',
        exSpouseDateOfBirth: '2000-01-01',
        amount: 222.22,
      },
    ],
    postCessationTradeReliefAndCertainOtherLosses: [
      {
        customerReference: 'myref',
        businessName: 'ACME Inc',
        dateBusinessCeased: '2019-08-10',
        natureOfTrade: 'Widgets Manufacturer',
        incomeSource: 'AB12412/A12',
        amount: 222.22,
      },
    ],
    annualPaymentsMade: { customerReference: 'myref', reliefClaimed: 763 },
    qualifyingLoanInterestPayments: [
      { customerReference: 'myref', lenderName: 'Maurice', reliefClaimed: 763 },
    ],
  };
}

/** Only the required fields of every section. */
function minimalBody(): any {
  return {
    nonDeductibleLoanInterest: { reliefClaimed: 1 },
    payrollGiving: { reliefClaimed: 2 },
    qualifyingDistributionRedemptionOfSharesAndSecurities: { amount: 3 },
    maintenancePayments: [{ amount: 4 }],
    postCessationTradeReliefAndCertainOtherLosses: [{ amount: 5 }],
    annualPaymentsMade: { reliefClaimed: 6 },
    qualifyingLoanInterestPayments: [{ reliefClaimed: 7 }],
  };
}

/** A copy of `body` with the value at a JSON pointer replaced (or removed when `value` is undefined). */
function withValue(body: any, pointer: string, value: unknown): any {
  const copy = structuredClone(body);
  const keys = pointer.split('/').slice(1);
  const last = keys.pop()!;
  let node = copy;
  for (const key of keys) node = node[key];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

/** The full body with one field replaced. */
function bodyWith(pointer: string, value: unknown): any {
  return withValue(fullBody(), pointer, value);
}

/** Every customer reference, in HMRC's validation order (post-cessation before maintenance). */
const CUSTOMER_REFERENCES = [
  `${NDL}/customerReference`,
  `${PG}/customerReference`,
  `${QD}/customerReference`,
  `${PC}/0/customerReference`,
  `${MP}/0/customerReference`,
  `${AP}/customerReference`,
  `${QL}/0/customerReference`,
];

/** Every amount, in HMRC's validation order. */
const AMOUNTS = [
  `${NDL}/reliefClaimed`,
  `${PG}/reliefClaimed`,
  `${QD}/amount`,
  `${PC}/0/amount`,
  `${MP}/0/amount`,
  `${AP}/reliefClaimed`,
  `${QL}/0/reliefClaimed`,
];

/** HMRC's spec files, copied into test/fixtures/hmrc (see PROVENANCE.md there). */
const SPEC_ROOT = hmrcSpecDir('individuals-reliefs-api');
function readSpec(file: string): any {
  return JSON.parse(fs.readFileSync(path.join(SPEC_ROOT, file), 'utf8'));
}

/** Every `required` field of a JSON schema as a JSON pointer, array items at index 0. */
function requiredPointers(schema: any): string[] {
  const found: string[] = [];
  const visit = (node: any, at: string) => {
    for (const name of node.required ?? []) found.push(`${at}/${name}`);
    for (const [name, child] of Object.entries(node.properties ?? {})) visit(child, `${at}/${name}`);
    if (node.items) visit(node.items, `${at}/0`);
  };
  visit(schema, '');
  return found;
}

/** Every leaf field of a JSON schema (strings and numbers, or one of them), array items at index 0. */
function leafPointers(schema: any, type?: 'string' | 'number'): string[] {
  const found: string[] = [];
  const visit = (node: any, at: string) => {
    if (type ? node.type === type : node.type === 'string' || node.type === 'number') found.push(at);
    for (const [name, child] of Object.entries(node.properties ?? {})) visit(child, `${at}/${name}`);
    if (node.items) visit(node.items, `${at}/0`);
  };
  visit(schema, '');
  return found;
}

// --- HMRC's own examples and schemas -----------------------------------------------------------------------------

describe('HMRC’s own example request bodies', () => {
  it.each(['3.0', '2.0'])('validates the %s example cleanly and returns it', (version) => {
    const example = readSpec(`${version}/examples/amend_relief_other_request.json`);
    expect(Object.keys(example)).toHaveLength(7);
    const settings = version === '2.0' ? V2 : V3;
    expect(put(example, '2024-25', settings)).toStrictEqual(accepted(example));
    expect(put(example, '2020-21', settings)).toStrictEqual(accepted(example));
    expect(put(example, '2025-26', settings)).toStrictEqual(accepted(example));
  });
});

describe('required fields follow HMRC’s JSON schema', () => {
  const schema = readSpec('3.0/schemas/amend_relief_other_request.json');

  it('removing each required field is refused with its path', () => {
    const required = requiredPointers(schema);
    expect(required).toHaveLength(7);
    for (const pointer of required) {
      expect([pointer, put(withValue(fullBody(), pointer, undefined))]).toStrictEqual([
        pointer,
        rejected(err(BODY, [pointer])),
      ]);
    }
  });

  it('removing each optional field is accepted', () => {
    const required = new Set(requiredPointers(schema));
    const optional = leafPointers(schema).filter((p) => !required.has(p));
    expect(optional).toHaveLength(14);
    for (const pointer of optional) {
      const input = withValue(fullBody(), pointer, undefined);
      expect([pointer, put(input)]).toStrictEqual([pointer, accepted(input)]);
    }
  });

  it('every number field of the schema gets FORMAT_VALUE, in HMRC’s order (not the schema’s)', () => {
    const numbers = leafPointers(schema, 'number');
    expect([...numbers].sort()).toStrictEqual([...AMOUNTS].sort());
    let input = fullBody();
    for (const pointer of numbers) input = withValue(input, pointer, -1);
    expect(put(input)).toStrictEqual(rejected(err('FORMAT_VALUE', AMOUNTS)));
  });
});

// --- Passing requests ----------------------------------------------------------------------------------------

describe('valid requests', () => {
  it('accepts a full body and returns it', () => {
    expect(put(fullBody())).toStrictEqual(accepted(fullBody()));
  });

  it('accepts the required fields only', () => {
    expect(put(minimalBody())).toStrictEqual(accepted(minimalBody()));
  });

  it.each(Object.keys(fullBody()))('accepts %s on its own', (section) => {
    const body = { [section]: fullBody()[section] };
    expect(put(body)).toStrictEqual(accepted(body));
  });

  it('accepts several items per array', () => {
    const body = {
      maintenancePayments: [{ amount: 1 }, fullBody().maintenancePayments[0], { amount: 2 }],
      qualifyingLoanInterestPayments: [{ reliefClaimed: 1, lenderName: 'Bank' }, { reliefClaimed: 2 }],
    };
    expect(put(body)).toStrictEqual(accepted(body));
  });

  it('ignores unknown fields at every level and drops them from the value sent on', () => {
    const body = fullBody();
    body.giftAidPayments = { totalAmount: 1 };
    body.payrollGiving.employer = 'x';
    body.postCessationTradeReliefAndCertainOtherLosses[0].notes = 'n';
    expect(put(body)).toStrictEqual(accepted(fullBody()));
  });

  it('reads an explicit null as an absent optional field and drops it', () => {
    const body = fullBody();
    body.payrollGiving = null;
    body.maintenancePayments[0].exSpouseName = null;
    body.qualifyingLoanInterestPayments[0].customerReference = null;
    const expected = fullBody();
    delete expected.payrollGiving;
    delete expected.maintenancePayments[0].exSpouseName;
    delete expected.qualifyingLoanInterestPayments[0].customerReference;
    expect(put(body)).toStrictEqual(accepted(expected));
  });

  it('reads a numeric string as a number', () => {
    expect(put({ payrollGiving: { reliefClaimed: '154.5' } })).toStrictEqual(
      accepted({ payrollGiving: { reliefClaimed: 154.5 } }),
    );
  });
});

// --- Path parameters -----------------------------------------------------------------------------------------

describe('NINO (§2.4, §2.3 step 5): checked first and alone', () => {
  it.each(['GB123456A', 'ZZ123456A', 'DA123456A', 'aa123456a', 'AA123456E', 'AA12345', '', 'beans'])(
    'refuses %j on every endpoint, ignoring a bad tax year and body',
    (nino) => {
      for (const settings of [V3, V2]) {
        expect(put({}, 'beans', settings, nino)).toStrictEqual(rejected(err('FORMAT_NINO')));
        expect(validateRetrieveOtherReliefs(nino, '2017-19', settings)).toStrictEqual([err('FORMAT_NINO')]);
        expect(validateDeleteOtherReliefs(nino, '2019-20', settings)).toStrictEqual([err('FORMAT_NINO')]);
      }
    },
  );

  it.each(['AA123456', 'AA123456 ', 'AA123456C'])('accepts %j', (nino) => {
    expect(put(fullBody(), YEAR, V3, nino)).toStrictEqual(accepted(fullBody()));
    expect(validateRetrieveOtherReliefs(nino, YEAR, V3)).toStrictEqual([]);
    expect(validateDeleteOtherReliefs(nino, YEAR, V3)).toStrictEqual([]);
  });
});

describe('tax year (§2.5; minimum 2020-21, no maximum, v2 = v3)', () => {
  const cases: Array<[string, Code | undefined]> = [
    ['2019', 'FORMAT_TAX_YEAR'],
    ['2019-2020', 'FORMAT_TAX_YEAR'],
    ['2009-10', 'FORMAT_TAX_YEAR'],
    ['201831', 'FORMAT_TAX_YEAR'],
    ['beans', 'FORMAT_TAX_YEAR'],
    ['2021-24', 'RULE_TAX_YEAR_RANGE_INVALID'],
    ['2018-20', 'RULE_TAX_YEAR_RANGE_INVALID'],
    ['2020-20', 'RULE_TAX_YEAR_RANGE_INVALID'],
    ['2019-20', 'RULE_TAX_YEAR_NOT_SUPPORTED'],
    ['2017-18', 'RULE_TAX_YEAR_NOT_SUPPORTED'],
    ['2020-21', undefined],
    ['2024-25', undefined],
    ['2025-26', undefined],
    ['2030-31', undefined],
  ];

  describe.each([
    ['v3', V3],
    ['v2', V2],
  ] as const)('%s', (_v, settings) => {
    it.each(cases)('GET and DELETE of %s', (taxYear, code) => {
      const expected = code ? [err(code)] : [];
      expect(validateRetrieveOtherReliefs(NINO, taxYear, settings)).toStrictEqual(expected);
      expect(validateDeleteOtherReliefs(NINO, taxYear, settings)).toStrictEqual(expected);
    });

    it.each(cases)('PUT of a valid body in %s', (taxYear, code) => {
      expect(put(fullBody(), taxYear, settings)).toStrictEqual(
        code ? rejected(err(code)) : accepted(fullBody()),
      );
    });
  });

  // HMRC's other-reliefs factory ignores a bad tax year when choosing its (single) schema, so the validator
  // resolves the tax year together with the body reading and their errors accumulate (§2.2 item 4).
  it.each([
    ['2019', [err('FORMAT_TAX_YEAR'), err(BODY)]],
    ['2021-24', [err(BODY), err('RULE_TAX_YEAR_RANGE_INVALID')]],
    ['2019-20', [err(BODY), err('RULE_TAX_YEAR_NOT_SUPPORTED')]],
  ] as const)('reports a bad year %s together with an empty body, sorted by code', (taxYear, expected) => {
    expect(put({}, taxYear)).toStrictEqual(rejected(...expected));
    expect(put({}, taxYear, V2)).toStrictEqual(rejected(...expected));
  });

  it('reports a bad year together with missing fields and empty arrays', () => {
    expect(put({ payrollGiving: {} }, '2019-20')).toStrictEqual(
      rejected(err(BODY, [`${PG}/reliefClaimed`]), err('RULE_TAX_YEAR_NOT_SUPPORTED')),
    );
    expect(put({ maintenancePayments: [] }, '2019')).toStrictEqual(
      rejected(err('FORMAT_TAX_YEAR'), err(BODY, [MP])),
    );
  });

  it('does not apply the business rules when the year is refused', () => {
    expect(put(bodyWith(`${PG}/reliefClaimed`, -1), '2019-20')).toStrictEqual(
      rejected(err('RULE_TAX_YEAR_NOT_SUPPORTED')),
    );
  });
});

// --- Body reading (§2.7) ----------------------------------------------------------------------------------------

describe('body reading and emptiness (RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED)', () => {
  it.each([
    ['{}', {}],
    ['null', null],
    ['an array', []],
    ['a string', 'payrollGiving'],
    ['a boolean', true],
    ['undefined', undefined],
    ['unknown fields only', { field: 'value' }],
    ['known fields that are all null', { payrollGiving: null, maintenancePayments: null }],
  ])('refuses %s without paths', (_label, body) => {
    expect(put(body)).toStrictEqual(rejected(err(BODY)));
    expect(put(body, YEAR, V2)).toStrictEqual(rejected(err(BODY)));
  });

  it('reports each empty array by path, in the model’s declaration order', () => {
    const body = {
      qualifyingLoanInterestPayments: [],
      postCessationTradeReliefAndCertainOtherLosses: [],
      maintenancePayments: [],
    };
    expect(put(body)).toStrictEqual(rejected(err(BODY, [MP, PC, QL])));
  });

  it('reports an empty array next to valid sections', () => {
    expect(put(bodyWith(PC, []))).toStrictEqual(rejected(err(BODY, [PC])));
  });

  it.each([
    ['nonDeductibleLoanInterest', NDL, `${NDL}/reliefClaimed`],
    ['payrollGiving', PG, `${PG}/reliefClaimed`],
    ['qualifyingDistribution…', QD, `${QD}/amount`],
    ['annualPaymentsMade', AP, `${AP}/reliefClaimed`],
  ])('an empty %s object is a missing required field', (_label, pointer, missing) => {
    expect(put(bodyWith(pointer, {}))).toStrictEqual(rejected(err(BODY, [missing])));
  });

  it('an empty item in each array lists the missing amounts, sorted', () => {
    const body = {
      ...fullBody(),
      maintenancePayments: [{}],
      postCessationTradeReliefAndCertainOtherLosses: [{}],
    };
    body.qualifyingLoanInterestPayments = [{}];
    expect(put(body)).toStrictEqual(
      rejected(err(BODY, [`${MP}/0/amount`, `${PC}/0/amount`, `${QL}/0/reliefClaimed`])),
    );
  });

  it('an object with only its customer reference still misses its amount', () => {
    expect(put({ nonDeductibleLoanInterest: { customerReference: 'ref' } })).toStrictEqual(
      rejected(err(BODY, [`${NDL}/reliefClaimed`])),
    );
  });

  it('reports missing fields, not emptiness, when both occur', () => {
    expect(
      put({ maintenancePayments: [], qualifyingLoanInterestPayments: [{ lenderName: 'x' }] }),
    ).toStrictEqual(rejected(err(BODY, [`${QL}/0/reliefClaimed`])));
  });

  it.each([
    ['a string as a number', `${PG}/reliefClaimed`, 'lots'],
    ['a number as a string', `${PG}/customerReference`, 12],
    ['a section that is an array', PG, [{ reliefClaimed: 1 }]],
    ['an array that is an object', MP, { amount: 1 }],
    ['an item that is a number', `${MP}/0`, 5],
    ['a date as a number', `${MP}/0/exSpouseDateOfBirth`, 20000101],
    ['a name as a boolean', `${QL}/0/lenderName`, false],
    ['a required amount given as null', `${QD}/amount`, null],
  ])('refuses %s with its path', (_label, pointer, value) => {
    expect(put(bodyWith(pointer, value))).toStrictEqual(rejected(err(BODY, [pointer])));
  });
});

// --- Customer references and nature of trade ---------------------------------------------------------------

describe('customerReference (FORMAT_CUSTOMER_REF, the runtime code — not FORMAT_CUSTOMER_REFERENCE, §9 item 1)', () => {
  it.each([
    ['letters and digits', 'myref123'],
    ['every special character', "{}- _&`():.'^"],
    ['accented letters', 'Réf Ünïque'],
    ['the ends of the U+00C0–U+02FF range', '\u00C0\u02FF'],
    ['the right single quote U+2019', 'Sam’s ref'],
    ['90 characters', 'r'.repeat(90)],
    // Plain regex match (no trim check, docs/hmrc-rules.md §4.3): spaces alone are in the alphabet.
    ['spaces only', '  '],
  ])('accepts %s', (_label, ref) => {
    const body = bodyWith(`${PG}/customerReference`, ref);
    expect(put(body)).toStrictEqual(accepted(body));
  });

  it.each([
    ['an empty string', ''],
    ['91 characters', '1234567890'.repeat(9) + '1'],
    ['a slash', 'a/b'],
    ['a double quote', '"ref"'],
    ['a comma', 'a,b'],
    ['a tab only', '\t'],
    ['a newline', 'a\nb'],
    ['U+00BF', '¿'],
    ['U+0300', 'a\u0300'],
    ['the left single quote U+2018', 'Sam‘s'],
    ['an emoji', '🙂'],
  ])('refuses %s', (_label, ref) => {
    expect(put(bodyWith(`${PG}/customerReference`, ref))).toStrictEqual(
      rejected(err(REF, [`${PG}/customerReference`])),
    );
  });

  it('checks every customer reference, post-cessation before maintenance (HMRC’s order)', () => {
    let body = fullBody();
    for (const pointer of CUSTOMER_REFERENCES) body = withValue(body, pointer, '1234567890'.repeat(9) + '1');
    expect(put(body)).toStrictEqual(rejected(err(REF, CUSTOMER_REFERENCES)));
  });

  it('checks every item of an array, by index', () => {
    const body = {
      maintenancePayments: [
        { customerReference: 'ok', amount: 1 },
        { customerReference: 'no/1', amount: 1 },
        { customerReference: 'no/2', amount: 1 },
      ],
    };
    expect(put(body)).toStrictEqual(
      rejected(err(REF, [`${MP}/1/customerReference`, `${MP}/2/customerReference`])),
    );
  });
});

describe('natureOfTrade (FORMAT_NATURE_OF_TRADE): the reference alphabet, 1 to 90', () => {
  const pointer = `${PC}/0/natureOfTrade`;
  it.each(['Widgets Manufacturer', 'n'.repeat(90), 'Café’s trade', '  '])('accepts %j', (value) => {
    const body = bodyWith(pointer, value);
    expect(put(body)).toStrictEqual(accepted(body));
  });

  it.each(['', 'n'.repeat(91), 'Widgets/Gadgets', 'a\tb', '¿'])('refuses %j', (value) => {
    expect(put(bodyWith(pointer, value))).toStrictEqual(rejected(err('FORMAT_NATURE_OF_TRADE', [pointer])));
  });
});

// --- Free-text names: length 1–105 only ---------------------------------------------------------------------

describe.each([
  ['exSpouseName', `${MP}/0/exSpouseName`, 'FORMAT_NAME_EX_SPOUSE'],
  ['businessName', `${PC}/0/businessName`, 'FORMAT_NAME_BUSINESS'],
  ['incomeSource', `${PC}/0/incomeSource`, 'FORMAT_INCOME_SOURCE'],
  ['lenderName', `${QL}/0/lenderName`, 'FORMAT_LENDER_NAME'],
] as const)('%s (%s): 1 to 105 characters, any characters, no trim (§4.3)', (_field, pointer, code) => {
  it.each([
    ['one character', 'x'],
    ['105 characters', 'x'.repeat(105)],
    ['characters outside every HMRC alphabet', 'Ω/"#!@,<>?|\\~'],
    ['a slash and digits', 'AB12412/A12'],
    ['spaces only', '   '],
    ['a tab only', '\t'],
    ['a newline', 'line 1\nline 2'],
    ['52 emoji and a letter (105 UTF-16 code units, as Java counts)', '😀'.repeat(52) + 'a'],
  ])('accepts %s', (_label, value) => {
    const body = bodyWith(pointer, value);
    expect(put(body)).toStrictEqual(accepted(body));
  });

  it.each([
    ['an empty string', ''],
    ['106 characters', 'x'.repeat(106)],
    ['53 emoji (106 UTF-16 code units)', '😀'.repeat(53)],
  ])('refuses %s', (_label, value) => {
    expect(put(bodyWith(pointer, value))).toStrictEqual(rejected(err(code, [pointer])));
  });
});

// --- Dates ---------------------------------------------------------------------------------------------------

describe.each([
  ['exSpouseDateOfBirth', `${MP}/0/exSpouseDateOfBirth`],
  ['dateBusinessCeased', `${PC}/0/dateBusinessCeased`],
])('%s (FORMAT_DATE)', (_field, pointer) => {
  it.each(['1900-01-01', '2099-12-31', '2024-02-29', '2000-02-29'])('accepts %s', (date) => {
    const body = bodyWith(pointer, date);
    expect(put(body)).toStrictEqual(accepted(body));
  });

  it.each([
    '1899-12-31',
    '1891-01-23',
    '2100-01-01',
    '2023-02-29',
    '1900-02-29',
    '2020-13-01',
    '2020-04-31',
    '01-01-230',
    '2020/01/01',
    '2020-1-1',
    '20200101',
    '',
    '2020-01-01 ',
  ])('refuses %j', (date) => {
    expect(put(bodyWith(pointer, date))).toStrictEqual(rejected(err('FORMAT_DATE', [pointer])));
  });
});

it('reports both dates in one FORMAT_DATE, post-cessation first', () => {
  const body = withValue(
    bodyWith(`${MP}/0/exSpouseDateOfBirth`, '1891-01-23'),
    `${PC}/0/dateBusinessCeased`,
    '2100-01-01',
  );
  expect(put(body)).toStrictEqual(
    rejected(err('FORMAT_DATE', [`${PC}/0/dateBusinessCeased`, `${MP}/0/exSpouseDateOfBirth`])),
  );
});

// --- Money (§2.6) -------------------------------------------------------------------------------------------

describe('amounts (FORMAT_VALUE)', () => {
  it.each([0, 0.01, 1.5, 99999999999.99])('accepts %p in every amount', (value) => {
    let body = fullBody();
    for (const pointer of AMOUNTS) body = withValue(body, pointer, value);
    expect(put(body)).toStrictEqual(accepted(body));
  });

  it.each([-0.01, 100000000000, 1.001, 99999999999.999])(
    'refuses %p in every amount, in HMRC’s order',
    (value) => {
      let body = fullBody();
      for (const pointer of AMOUNTS) body = withValue(body, pointer, value);
      expect(put(body)).toStrictEqual(rejected(err('FORMAT_VALUE', AMOUNTS)));
    },
  );

  it('reports some bad amounts (HMRC’s own test case)', () => {
    const body = withValue(
      withValue(bodyWith(`${MP}/0/amount`, -1), `${PC}/0/amount`, -1),
      `${QD}/amount`,
      -1,
    );
    const withAnnual = withValue(body, `${AP}/reliefClaimed`, -1);
    expect(put(withAnnual)).toStrictEqual(
      rejected(
        err('FORMAT_VALUE', [`${QD}/amount`, `${PC}/0/amount`, `${MP}/0/amount`, `${AP}/reliefClaimed`]),
      ),
    );
  });
});

// --- Combination (§2.2) -------------------------------------------------------------------------------------

describe('several errors: merged by message, sorted by code', () => {
  it('reports every kind of error, each once, codes sorted (HMRC’s "all errors" case)', () => {
    const badRef = '1234567890'.repeat(9) + '1';
    let body = fullBody();
    for (const pointer of CUSTOMER_REFERENCES) body = withValue(body, pointer, badRef);
    for (const pointer of AMOUNTS) body = withValue(body, pointer, -1);
    body = withValue(body, `${MP}/0/exSpouseName`, '');
    body = withValue(body, `${MP}/0/exSpouseDateOfBirth`, '01-01-230');
    body = withValue(body, `${PC}/0/businessName`, '');
    body = withValue(body, `${PC}/0/dateBusinessCeased`, '01-01-230');
    body = withValue(body, `${PC}/0/natureOfTrade`, '');
    body = withValue(body, `${PC}/0/incomeSource`, '');
    body = withValue(body, `${QL}/0/lenderName`, '');
    expect(put(body)).toStrictEqual(
      rejected(
        err(REF, CUSTOMER_REFERENCES),
        err('FORMAT_DATE', [`${PC}/0/dateBusinessCeased`, `${MP}/0/exSpouseDateOfBirth`]),
        err('FORMAT_INCOME_SOURCE', [`${PC}/0/incomeSource`]),
        err('FORMAT_LENDER_NAME', [`${QL}/0/lenderName`]),
        err('FORMAT_NAME_BUSINESS', [`${PC}/0/businessName`]),
        err('FORMAT_NAME_EX_SPOUSE', [`${MP}/0/exSpouseName`]),
        err('FORMAT_NATURE_OF_TRADE', [`${PC}/0/natureOfTrade`]),
        err('FORMAT_VALUE', AMOUNTS),
      ),
    );
  });

  it('merges across items of several arrays in validation order', () => {
    const body = {
      maintenancePayments: [
        { exSpouseName: '', amount: 1 },
        { exSpouseName: 'x'.repeat(106), amount: 1 },
      ],
      postCessationTradeReliefAndCertainOtherLosses: [{ amount: -1 }, { amount: 1, businessName: '' }],
      qualifyingLoanInterestPayments: [{ reliefClaimed: 2.345 }],
    };
    expect(put(body)).toStrictEqual(
      rejected(
        err('FORMAT_NAME_BUSINESS', [`${PC}/1/businessName`]),
        err('FORMAT_NAME_EX_SPOUSE', [`${MP}/0/exSpouseName`, `${MP}/1/exSpouseName`]),
        err('FORMAT_VALUE', [`${PC}/0/amount`, `${QL}/0/reliefClaimed`]),
      ),
    );
  });

  it('does not run the business rules when the body could not be read', () => {
    const body = { payrollGiving: { customerReference: '/', reliefClaimed: -1 }, annualPaymentsMade: {} };
    expect(put(body)).toStrictEqual(rejected(err(BODY, [`${AP}/reliefClaimed`])));
  });

  it('behaves the same under v2', () => {
    const body = bodyWith(`${PG}/customerReference`, '/');
    expect(put(body, YEAR, V2)).toStrictEqual(rejected(err(REF, [`${PG}/customerReference`])));
  });
});
