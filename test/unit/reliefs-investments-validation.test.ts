/**
 * HMRC's validation of the relief-investments endpoints (Individuals Reliefs API v3 def1/def2, and v2), rule by rule,
 * at validator level: docs/hmrc-rules.md §2.2–§2.7, §4.1, §4.2, §4.7, §9 and Appendix A.2. Every failing case
 * asserts the complete error list (code, status, message, paths); every rule also has a passing case.
 *
 * Messages are written out here rather than read from the gateway's catalogue, so a wrong catalogue entry fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_API_VERSIONS } from '../../src/hmrc/apis';
import {
  validateCreateAmendReliefInvestments,
  validateDeleteReliefInvestments,
  validateRetrieveReliefInvestments,
} from '../../src/resources/relief-investments';
import type { ValidationSettings } from '../../src/validation/types';
import { hmrcSpecDir } from '../helpers/hmrc-fixtures';

const MESSAGES = {
  FORMAT_NINO: 'The NINO format is invalid',
  FORMAT_TAX_YEAR: 'The taxYear format is invalid',
  RULE_TAX_YEAR_RANGE_INVALID: 'A tax year range of one year is required',
  RULE_TAX_YEAR_NOT_SUPPORTED: 'The tax year specified does not lie within the supported range',
  RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED:
    'This version of the API supports tax years up to, and including, 2024-25. For tax years from 2025-26 onwards, use version 3',
  RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED: 'An empty or non-matching body was submitted',
  FORMAT_VALUE: 'The value must be between 0 and 99999999999.99',
  FORMAT_UNIQUE_INVESTMENT_REFERENCE: 'The format of unique investment reference is invalid',
  FORMAT_NAME: 'The format of the name is invalid',
  FORMAT_DATE_OF_INVESTMENT: 'The format of the investment date is invalid',
} as const;
type Code = keyof typeof MESSAGES;

/** One error exactly as HMRC reports it (every validation error is a 400). */
function err(code: Code, paths?: string[]) {
  return { code, message: MESSAGES[code], status: 400, ...(paths ? { paths } : {}) };
}
const BODY = 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED';
const UIR = 'FORMAT_UNIQUE_INVESTMENT_REFERENCE';
const DATE = 'FORMAT_DATE_OF_INVESTMENT';

const V3: ValidationSettings = { versions: DEFAULT_API_VERSIONS, disclosuresMinTaxYear: '2019-20' };
const V2: ValidationSettings = {
  versions: { ...DEFAULT_API_VERSIONS, reliefs: '2.0' },
  disclosuresMinTaxYear: '2019-20',
};

const NINO = 'AA123456A';
const DEF1_YEAR = '2024-25';
const DEF2_YEAR = '2025-26';

const VCT = '/vctSubscription';
const EIS = '/eisSubscription';
const CI = '/communityInvestment';
const SEIS = '/seedEnterpriseInvestment';
const SITR = '/socialEnterpriseInvestment';

// --- Helpers ---------------------------------------------------------------------------------------------------

function put(taxYear: string, body: unknown, settings = V3, nino = NINO) {
  return validateCreateAmendReliefInvestments(nino, taxYear, body, settings);
}

function accepted(value: unknown) {
  return { ok: true, value };
}

function rejected(...errors: ReturnType<typeof err>[]) {
  return { ok: false, errors };
}

/** A body using every array and every field, valid before 2025-26 (v3 def1, and v2). */
function def1Body(): any {
  return {
    vctSubscription: [
      {
        uniqueInvestmentRef: 'VCTREF',
        name: 'VCT Fund X',
        dateOfInvestment: '2018-04-16',
        amountInvested: 23312,
        reliefClaimed: 1334,
      },
    ],
    eisSubscription: [
      {
        uniqueInvestmentRef: 'XTAL',
        name: 'EIS Fund X',
        knowledgeIntensive: true,
        dateOfInvestment: '2020-12-12',
        amountInvested: 23312,
        reliefClaimed: 43432,
      },
    ],
    communityInvestment: [
      {
        uniqueInvestmentRef: 'CIREF',
        name: 'CI X',
        dateOfInvestment: '2020-12-12',
        amountInvested: 6442,
        reliefClaimed: 2344,
      },
    ],
    seedEnterpriseInvestment: [
      {
        uniqueInvestmentRef: '1234121A',
        companyName: 'Company Inc',
        dateOfInvestment: '2020-12-12',
        amountInvested: 123123.22,
        reliefClaimed: 3432,
      },
    ],
    socialEnterpriseInvestment: [
      {
        uniqueInvestmentRef: '1234121A',
        socialEnterpriseName: 'SE Inc',
        dateOfInvestment: '2020-12-12',
        amountInvested: 123123.22,
        reliefClaimed: 3432,
      },
    ],
  };
}

/** The same without social enterprise investments: valid from 2025-26 (and before). */
function def2Body(): any {
  const { socialEnterpriseInvestment: _dropped, ...rest } = def1Body();
  return rest;
}

/** Only the fields each generation requires. */
function minimalDef1(): any {
  return {
    vctSubscription: [{ uniqueInvestmentRef: 'V', reliefClaimed: 1 }],
    eisSubscription: [{ uniqueInvestmentRef: 'E', reliefClaimed: 2 }],
    communityInvestment: [{ uniqueInvestmentRef: 'C', reliefClaimed: 3 }],
    seedEnterpriseInvestment: [{ uniqueInvestmentRef: 'S', reliefClaimed: 4 }],
    socialEnterpriseInvestment: [{ uniqueInvestmentRef: 'T', reliefClaimed: 5 }],
  };
}
function minimalDef2(): any {
  return {
    vctSubscription: [{ name: 'V', dateOfInvestment: '2025-05-01', reliefClaimed: 1 }],
    eisSubscription: [
      {
        uniqueInvestmentRef: 'E',
        name: 'E',
        knowledgeIntensive: false,
        dateOfInvestment: '2025-05-01',
        reliefClaimed: 2,
      },
    ],
    communityInvestment: [{ uniqueInvestmentRef: 'C', reliefClaimed: 3 }],
    seedEnterpriseInvestment: [
      { uniqueInvestmentRef: 'S', companyName: 'S', dateOfInvestment: '2025-05-01', reliefClaimed: 4 },
    ],
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

/** One VCT item (def1) with one field replaced, on its own in the body. */
function vctWith(field: string, value: unknown): any {
  return withValue({ vctSubscription: [def1Body().vctSubscription[0]] }, `${VCT}/0/${field}`, value);
}

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

/** Every field of a JSON schema with a given `type`, array items at index 0. */
function pointersOfType(schema: any, type: string): string[] {
  const found: string[] = [];
  const visit = (node: any, at: string) => {
    if (node.type === type) found.push(at);
    for (const [name, child] of Object.entries(node.properties ?? {})) visit(child, `${at}/${name}`);
    if (node.items) visit(node.items, `${at}/0`);
  };
  visit(schema, '');
  return found;
}

const SCHEMAS = {
  def1: readSpec('3.0/schemas/amend_relief_investments/def1/request.json'),
  def2: readSpec('3.0/schemas/amend_relief_investments/def2/request.json'),
  v2: readSpec('2.0/schemas/amend_relief_investments_request.json'),
};

// --- HMRC's own examples and schemas -----------------------------------------------------------------------------

describe('HMRC’s own example request bodies', () => {
  const def1Example = readSpec('3.0/examples/amend_relief_investments/def1/request.json');
  const def2Example = readSpec('3.0/examples/amend_relief_investments/def2/request.json');
  const v2Example = readSpec('2.0/examples/amend_relief_investments_request.json');

  it('validates the v3 def1 example cleanly for 2024-25 and returns it', () => {
    expect(def1Example).toHaveProperty('socialEnterpriseInvestment');
    expect(put(DEF1_YEAR, def1Example)).toStrictEqual(accepted(def1Example));
  });

  it('validates the v3 def1 example cleanly for the earliest year, 2020-21', () => {
    expect(put('2020-21', def1Example)).toStrictEqual(accepted(def1Example));
  });

  it('validates the v3 def2 example cleanly for 2025-26 and returns it', () => {
    expect(def2Example).not.toHaveProperty('socialEnterpriseInvestment');
    expect(put(DEF2_YEAR, def2Example)).toStrictEqual(accepted(def2Example));
  });

  it('validates the v2 example cleanly for 2024-25 under v2', () => {
    expect(put(DEF1_YEAR, v2Example, V2)).toStrictEqual(accepted(v2Example));
  });

  it('reads the def1 example in 2025-26 without its social enterprise investments (an unknown field there)', () => {
    const { socialEnterpriseInvestment: _ignored, ...rest } = def1Example;
    expect(put(DEF2_YEAR, def1Example)).toStrictEqual(accepted(rest));
  });
});

describe('required fields follow HMRC’s JSON schemas', () => {
  it.each([
    ['def1', DEF1_YEAR, V3, SCHEMAS.def1, def1Body],
    ['def2', DEF2_YEAR, V3, SCHEMAS.def2, def2Body],
    ['v2', DEF1_YEAR, V2, SCHEMAS.v2, def1Body],
  ] as const)(
    '%s: removing each required field is refused with its path',
    (_def, year, settings, schema, body) => {
      const required = requiredPointers(schema);
      expect(required.length).toBeGreaterThan(0);
      for (const pointer of required) {
        expect([pointer, put(year, withValue(body(), pointer, undefined), settings)]).toStrictEqual([
          pointer,
          rejected(err(BODY, [pointer])),
        ]);
      }
    },
  );

  it.each([
    ['def1', DEF1_YEAR, V3, SCHEMAS.def1, def1Body],
    ['def2', DEF2_YEAR, V3, SCHEMAS.def2, def2Body],
    ['v2', DEF1_YEAR, V2, SCHEMAS.v2, def1Body],
  ] as const)('%s: removing each optional field is accepted', (_def, year, settings, schema, body) => {
    const required = new Set(requiredPointers(schema));
    const leaves = [...pointersOfType(schema, 'string'), ...pointersOfType(schema, 'number')];
    const optional = leaves.filter((p) => !required.has(p));
    expect(optional.length).toBeGreaterThan(0);
    for (const pointer of optional) {
      const input = withValue(body(), pointer, undefined);
      expect([pointer, put(year, input, settings)]).toStrictEqual([pointer, accepted(input)]);
    }
  });

  it.each([
    ['def1', DEF1_YEAR, V3, SCHEMAS.def1, def1Body],
    ['def2', DEF2_YEAR, V3, SCHEMAS.def2, def2Body],
  ] as const)(
    '%s: every number field of the schema gets FORMAT_VALUE',
    (_def, year, settings, schema, body) => {
      const numbers = pointersOfType(schema, 'number');
      let input = body();
      for (const pointer of numbers) input = withValue(input, pointer, -1);
      expect(put(year, input, settings)).toStrictEqual(rejected(err('FORMAT_VALUE', numbers)));
    },
  );
});

// --- Passing requests ----------------------------------------------------------------------------------------

describe('valid requests', () => {
  it('accepts a full body with all five arrays before 2025-26 and returns it', () => {
    expect(put(DEF1_YEAR, def1Body())).toStrictEqual(accepted(def1Body()));
  });

  it('accepts a full body from 2025-26 (and later years: there is no maximum in v3)', () => {
    expect(put(DEF2_YEAR, def2Body())).toStrictEqual(accepted(def2Body()));
    expect(put('2030-31', def2Body())).toStrictEqual(accepted(def2Body()));
  });

  it('accepts the minimal items of each generation', () => {
    expect(put(DEF1_YEAR, minimalDef1())).toStrictEqual(accepted(minimalDef1()));
    expect(put(DEF2_YEAR, minimalDef2())).toStrictEqual(accepted(minimalDef2()));
  });

  it.each(['vctSubscription', 'eisSubscription', 'communityInvestment', 'seedEnterpriseInvestment'])(
    'accepts %s on its own',
    (scheme) => {
      const body = { [scheme]: def1Body()[scheme] };
      expect(put(DEF1_YEAR, body)).toStrictEqual(accepted(body));
      expect(put(DEF2_YEAR, body)).toStrictEqual(accepted(body));
    },
  );

  it('accepts several items per array', () => {
    const body = {
      vctSubscription: [minimalDef1().vctSubscription[0], def1Body().vctSubscription[0]],
      eisSubscription: [def1Body().eisSubscription[0], minimalDef1().eisSubscription[0]],
    };
    expect(put(DEF1_YEAR, body)).toStrictEqual(accepted(body));
  });

  it('ignores unknown fields at every level and drops them from the value sent on', () => {
    const body = def1Body();
    body.extra = { anything: true };
    body.vctSubscription[0].unexpected = 'x';
    body.eisSubscription[0].notes = [1, 2];
    expect(put(DEF1_YEAR, body)).toStrictEqual(accepted(def1Body()));
  });

  it('reads an explicit null as an absent optional field and drops it', () => {
    const body = def1Body();
    body.vctSubscription[0].name = null;
    body.eisSubscription[0].knowledgeIntensive = null;
    body.socialEnterpriseInvestment = null;
    const expected = def1Body();
    delete expected.vctSubscription[0].name;
    delete expected.eisSubscription[0].knowledgeIntensive;
    delete expected.socialEnterpriseInvestment;
    expect(put(DEF1_YEAR, body)).toStrictEqual(accepted(expected));
  });

  it('reads a numeric string as a number, as HMRC’s BigDecimal reads do', () => {
    expect(put(DEF1_YEAR, vctWith('reliefClaimed', '12.5'))).toStrictEqual(
      accepted(vctWith('reliefClaimed', 12.5)),
    );
  });
});

// --- Path parameters -----------------------------------------------------------------------------------------

describe('NINO (§2.4, §2.3 step 5): checked first and alone', () => {
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
    'aa123456a',
    'AA123456E',
    'AA12345A',
    'AA1234567A',
    '',
    'beans',
  ])('refuses %j on every endpoint, ignoring a bad tax year and body', (nino) => {
    expect(put('2019', {}, V3, nino)).toStrictEqual(rejected(err('FORMAT_NINO')));
    expect(put('2030-31', {}, V2, nino)).toStrictEqual(rejected(err('FORMAT_NINO')));
    for (const settings of [V3, V2]) {
      expect(validateRetrieveReliefInvestments(nino, 'beans', settings)).toStrictEqual([err('FORMAT_NINO')]);
      expect(validateDeleteReliefInvestments(nino, 'beans', settings)).toStrictEqual([err('FORMAT_NINO')]);
    }
  });

  it.each(['AA123456', 'AA123456 ', 'AA123456D', 'ZY123456A'])('accepts %j', (nino) => {
    expect(put(DEF1_YEAR, def1Body(), V3, nino)).toStrictEqual(accepted(def1Body()));
    expect(validateRetrieveReliefInvestments(nino, DEF1_YEAR, V3)).toStrictEqual([]);
    expect(validateDeleteReliefInvestments(nino, DEF1_YEAR, V3)).toStrictEqual([]);
  });
});

describe('tax year (§2.5)', () => {
  const formats = ['2019', '201920', '2019-2020', '20177', '2009-10', '20!0-22', 'beans', '', '2024-25 '];
  const ranges = ['2017-19', '2018-17', '2017-17', '2021-24', '2018-20'];

  describe.each([
    ['v3', V3],
    ['v2', V2],
  ] as const)('GET and DELETE (%s)', (_v, settings) => {
    it.each(formats)('refuses %j with FORMAT_TAX_YEAR', (taxYear) => {
      expect(validateRetrieveReliefInvestments(NINO, taxYear, settings)).toStrictEqual([
        err('FORMAT_TAX_YEAR'),
      ]);
      expect(validateDeleteReliefInvestments(NINO, taxYear, settings)).toStrictEqual([
        err('FORMAT_TAX_YEAR'),
      ]);
    });

    it.each(ranges)('refuses %j with RULE_TAX_YEAR_RANGE_INVALID (checked before the minimum)', (taxYear) => {
      const expected = [err('RULE_TAX_YEAR_RANGE_INVALID')];
      expect(validateRetrieveReliefInvestments(NINO, taxYear, settings)).toStrictEqual(expected);
      expect(validateDeleteReliefInvestments(NINO, taxYear, settings)).toStrictEqual(expected);
    });

    it.each(['2019-20', '2017-18'])('refuses %s, before the minimum 2020-21', (taxYear) => {
      const expected = [err('RULE_TAX_YEAR_NOT_SUPPORTED')];
      expect(validateRetrieveReliefInvestments(NINO, taxYear, settings)).toStrictEqual(expected);
      expect(validateDeleteReliefInvestments(NINO, taxYear, settings)).toStrictEqual(expected);
    });

    it.each(['2020-21', '2023-24', '2024-25'])('accepts %s', (taxYear) => {
      expect(validateRetrieveReliefInvestments(NINO, taxYear, settings)).toStrictEqual([]);
      expect(validateDeleteReliefInvestments(NINO, taxYear, settings)).toStrictEqual([]);
    });
  });

  it.each(['2025-26', '2026-27', '2098-99'])(
    'v3 has no maximum: %s is accepted on GET and DELETE',
    (taxYear) => {
      expect(validateRetrieveReliefInvestments(NINO, taxYear, V3)).toStrictEqual([]);
      expect(validateDeleteReliefInvestments(NINO, taxYear, V3)).toStrictEqual([]);
    },
  );

  it.each(['2025-26', '2026-27'])(
    'v2 refuses %s on GET with RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED, but not on DELETE',
    (taxYear) => {
      expect(validateRetrieveReliefInvestments(NINO, taxYear, V2)).toStrictEqual([
        err('RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED'),
      ]);
      expect(validateDeleteReliefInvestments(NINO, taxYear, V2)).toStrictEqual([]);
    },
  );

  describe('PUT, v3: the validator factory resolves the tax year alone (§2.2 item 5)', () => {
    it.each(formats)('refuses %j with FORMAT_TAX_YEAR alone, whatever the body', (taxYear) => {
      expect(put(taxYear, {})).toStrictEqual(rejected(err('FORMAT_TAX_YEAR')));
      expect(put(taxYear, vctWith('reliefClaimed', -1))).toStrictEqual(rejected(err('FORMAT_TAX_YEAR')));
    });

    it.each(ranges)('refuses %j with RULE_TAX_YEAR_RANGE_INVALID alone', (taxYear) => {
      expect(put(taxYear, { vctSubscription: [] })).toStrictEqual(
        rejected(err('RULE_TAX_YEAR_RANGE_INVALID')),
      );
    });

    it.each(['2019-20', '2018-19'])(
      'refuses %s with RULE_TAX_YEAR_NOT_SUPPORTED alone, body unread',
      (taxYear) => {
        expect(put(taxYear, def1Body())).toStrictEqual(rejected(err('RULE_TAX_YEAR_NOT_SUPPORTED')));
        expect(put(taxYear, {})).toStrictEqual(rejected(err('RULE_TAX_YEAR_NOT_SUPPORTED')));
        expect(put(taxYear, { vctSubscription: [{}] })).toStrictEqual(
          rejected(err('RULE_TAX_YEAR_NOT_SUPPORTED')),
        );
      },
    );
  });

  describe('PUT, v2: the tax year is resolved together with the body reading (§2.2 item 4)', () => {
    it('accepts 2020-21 to 2024-25', () => {
      for (const taxYear of ['2020-21', '2022-23', '2024-25']) {
        expect(put(taxYear, def1Body(), V2)).toStrictEqual(accepted(def1Body()));
      }
    });

    it.each(['2025-26', '2026-27'])('refuses %s with RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED', (taxYear) => {
      expect(put(taxYear, def1Body(), V2)).toStrictEqual(
        rejected(err('RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED')),
      );
    });

    it('reports a year after the maximum together with an empty body, sorted by code', () => {
      expect(put(DEF2_YEAR, {}, V2)).toStrictEqual(
        rejected(err(BODY), err('RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED')),
      );
    });

    it('reports a year before the minimum together with the missing fields', () => {
      expect(put('2019-20', { vctSubscription: [{}] }, V2)).toStrictEqual(
        rejected(
          err(BODY, [`${VCT}/0/reliefClaimed`, `${VCT}/0/uniqueInvestmentRef`]),
          err('RULE_TAX_YEAR_NOT_SUPPORTED'),
        ),
      );
    });

    it('reports a malformed year together with an empty array', () => {
      expect(put('2024', { eisSubscription: [] }, V2)).toStrictEqual(
        rejected(err('FORMAT_TAX_YEAR'), err(BODY, [EIS])),
      );
      expect(put('2022-24', { eisSubscription: [] }, V2)).toStrictEqual(
        rejected(err(BODY, [EIS]), err('RULE_TAX_YEAR_RANGE_INVALID')),
      );
    });

    it('does not apply the business rules when the year is refused', () => {
      expect(put(DEF2_YEAR, vctWith('reliefClaimed', -1), V2)).toStrictEqual(
        rejected(err('RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED')),
      );
    });

    it('uses the def1 shape in every year: a 2024-25 VCT item needs its reference, not a name', () => {
      expect(put(DEF1_YEAR, { vctSubscription: [{ reliefClaimed: 1 }] }, V2)).toStrictEqual(
        rejected(err(BODY, [`${VCT}/0/uniqueInvestmentRef`])),
      );
    });
  });
});

// --- def1 / def2 shapes (§4.2) ---------------------------------------------------------------------------------

describe('def1 (before 2025-26) and def2 (from 2025-26) bodies', () => {
  it('splits at 2025-26: 2024-25 is def1, 2025-26 and 2026-27 are def2', () => {
    const vctWithoutRef = {
      vctSubscription: [{ name: 'V', dateOfInvestment: '2025-05-01', reliefClaimed: 1 }],
    };
    expect(put('2024-25', vctWithoutRef)).toStrictEqual(
      rejected(err(BODY, [`${VCT}/0/uniqueInvestmentRef`])),
    );
    expect(put('2025-26', vctWithoutRef)).toStrictEqual(accepted(vctWithoutRef));
    expect(put('2026-27', vctWithoutRef)).toStrictEqual(accepted(vctWithoutRef));
  });

  it.each([
    [
      'VCT',
      { vctSubscription: [{}] },
      [`${VCT}/0/reliefClaimed`, `${VCT}/0/uniqueInvestmentRef`],
      [`${VCT}/0/dateOfInvestment`, `${VCT}/0/name`, `${VCT}/0/reliefClaimed`],
    ],
    [
      'EIS',
      { eisSubscription: [{}] },
      [`${EIS}/0/reliefClaimed`, `${EIS}/0/uniqueInvestmentRef`],
      [
        `${EIS}/0/dateOfInvestment`,
        `${EIS}/0/knowledgeIntensive`,
        `${EIS}/0/name`,
        `${EIS}/0/reliefClaimed`,
        `${EIS}/0/uniqueInvestmentRef`,
      ],
    ],
    [
      'community investment',
      { communityInvestment: [{}] },
      [`${CI}/0/reliefClaimed`, `${CI}/0/uniqueInvestmentRef`],
      [`${CI}/0/reliefClaimed`, `${CI}/0/uniqueInvestmentRef`],
    ],
    [
      'SEIS',
      { seedEnterpriseInvestment: [{}] },
      [`${SEIS}/0/reliefClaimed`, `${SEIS}/0/uniqueInvestmentRef`],
      [
        `${SEIS}/0/companyName`,
        `${SEIS}/0/dateOfInvestment`,
        `${SEIS}/0/reliefClaimed`,
        `${SEIS}/0/uniqueInvestmentRef`,
      ],
    ],
  ])(
    'an empty %s item lists its required fields, sorted (def1, then def2)',
    (_label, body, def1Paths, def2Paths) => {
      expect(put(DEF1_YEAR, body)).toStrictEqual(rejected(err(BODY, def1Paths)));
      expect(put(DEF2_YEAR, body)).toStrictEqual(rejected(err(BODY, def2Paths)));
    },
  );

  it('an empty social enterprise item lists its required fields before 2025-26', () => {
    expect(put(DEF1_YEAR, { socialEnterpriseInvestment: [{}] })).toStrictEqual(
      rejected(err(BODY, [`${SITR}/0/reliefClaimed`, `${SITR}/0/uniqueInvestmentRef`])),
    );
  });

  it('from 2025-26 social enterprise investments are an unknown field: ignored, even when invalid', () => {
    const body = {
      ...def2Body(),
      socialEnterpriseInvestment: [{ uniqueInvestmentRef: '!!', reliefClaimed: -5 }],
    };
    expect(put(DEF2_YEAR, body)).toStrictEqual(accepted(def2Body()));
  });

  it('from 2025-26 a body of social enterprise investments alone has no known field', () => {
    expect(
      put(DEF2_YEAR, { socialEnterpriseInvestment: def1Body().socialEnterpriseInvestment }),
    ).toStrictEqual(rejected(err(BODY)));
    expect(put(DEF2_YEAR, { socialEnterpriseInvestment: [] })).toStrictEqual(rejected(err(BODY)));
  });

  it('from 2025-26 an EIS item needs knowledgeIntensive; before, it may be left out', () => {
    const eis = withValue(
      { eisSubscription: def1Body().eisSubscription },
      `${EIS}/0/knowledgeIntensive`,
      undefined,
    );
    expect(put(DEF1_YEAR, eis)).toStrictEqual(accepted(eis));
    expect(put(DEF2_YEAR, eis)).toStrictEqual(rejected(err(BODY, [`${EIS}/0/knowledgeIntensive`])));
  });

  it('a required field given as null is a wrong type, reported with its path', () => {
    const body = withValue({ vctSubscription: def1Body().vctSubscription }, `${VCT}/0/name`, null);
    expect(put(DEF2_YEAR, body)).toStrictEqual(rejected(err(BODY, [`${VCT}/0/name`])));
    expect(put(DEF1_YEAR, vctWith('reliefClaimed', null))).toStrictEqual(
      rejected(err(BODY, [`${VCT}/0/reliefClaimed`])),
    );
  });
});

// --- Body reading (§2.7) ----------------------------------------------------------------------------------------

describe('body reading and emptiness (RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED)', () => {
  it.each([
    ['{}', {}],
    ['null', null],
    ['an array', []],
    ['a non-empty array', [def1Body()]],
    ['a string', 'vctSubscription'],
    ['a number', 1],
    ['undefined', undefined],
    ['unknown fields only', { vctSubscriptions: def1Body().vctSubscription, foo: 1 }],
    ['known fields that are all null', { vctSubscription: null, eisSubscription: null }],
  ])('refuses %s without paths', (_label, body) => {
    expect(put(DEF1_YEAR, body)).toStrictEqual(rejected(err(BODY)));
    expect(put(DEF2_YEAR, body)).toStrictEqual(rejected(err(BODY)));
    expect(put(DEF1_YEAR, body, V2)).toStrictEqual(rejected(err(BODY)));
  });

  it('reports each empty array by path, in the model’s declaration order (def1)', () => {
    const body = {
      socialEnterpriseInvestment: [],
      communityInvestment: [],
      vctSubscription: [],
      seedEnterpriseInvestment: [],
      eisSubscription: [],
    };
    expect(put(DEF1_YEAR, body)).toStrictEqual(rejected(err(BODY, [VCT, EIS, CI, SEIS, SITR])));
    expect(put(DEF1_YEAR, body, V2)).toStrictEqual(rejected(err(BODY, [VCT, EIS, CI, SEIS, SITR])));
  });

  it('reports the four def2 arrays; an empty socialEnterpriseInvestment is unknown there', () => {
    const body = {
      socialEnterpriseInvestment: [],
      seedEnterpriseInvestment: [],
      eisSubscription: [],
      communityInvestment: [],
      vctSubscription: [],
    };
    expect(put(DEF2_YEAR, body)).toStrictEqual(rejected(err(BODY, [VCT, EIS, CI, SEIS])));
  });

  it('reports an empty array next to a valid one', () => {
    const body = { ...def1Body(), communityInvestment: [] };
    expect(put(DEF1_YEAR, body)).toStrictEqual(rejected(err(BODY, [CI])));
  });

  it('reports missing fields, not emptiness, when both occur (reading comes first)', () => {
    expect(put(DEF1_YEAR, { vctSubscription: [], eisSubscription: [{ reliefClaimed: 1 }] })).toStrictEqual(
      rejected(err(BODY, [`${EIS}/0/uniqueInvestmentRef`])),
    );
  });

  it('sorts the failing paths of several items and arrays as strings', () => {
    const body = {
      vctSubscription: [{ uniqueInvestmentRef: 'A', reliefClaimed: 1 }, {}],
      eisSubscription: [{ uniqueInvestmentRef: 'B' }],
    };
    expect(put(DEF1_YEAR, body)).toStrictEqual(
      rejected(
        err(BODY, [`${EIS}/0/reliefClaimed`, `${VCT}/1/reliefClaimed`, `${VCT}/1/uniqueInvestmentRef`]),
      ),
    );
  });

  it.each([
    ['a number as a boolean', `${EIS}/0/knowledgeIntensive`, 'yes'],
    ['a string as a number', `${EIS}/0/reliefClaimed`, 'lots'],
    ['a number as a string', `${EIS}/0/uniqueInvestmentRef`, 123],
    ['an object as a string', `${EIS}/0/name`, { first: 'x' }],
    ['a date as a number', `${EIS}/0/dateOfInvestment`, 20200101],
    ['an item that is not an object', `${EIS}/0`, 'item'],
    ['an array that is an object', EIS, { 0: {} }],
    ['an amount that is an array', `${EIS}/0/amountInvested`, [1]],
    ['an amount that is a boolean', `${EIS}/0/amountInvested`, true],
  ])('refuses %s with its path', (_label, pointer, value) => {
    const body = withValue({ eisSubscription: def1Body().eisSubscription }, pointer, value);
    expect(put(DEF1_YEAR, body)).toStrictEqual(rejected(err(BODY, [pointer])));
  });
});

// --- Unique investment reference and names (§4.2) -----------------------------------------------------------------

describe('uniqueInvestmentRef (FORMAT_UNIQUE_INVESTMENT_REFERENCE)', () => {
  it.each([
    ['letters and digits', 'ABCxyz0189'],
    ['every special character', "{}- _&`():.'^"],
    ['accented letters', 'ÀÉÎõüÿ'],
    ['the ends of the U+00C0–U+02FF range', '\u00C0\u02FF'],
    ['Latin Extended letters', 'ŁżŒœƒǅ'],
    ['the right single quote U+2019', 'O’Brien'],
    ['the ASCII apostrophe', "O'Brien"],
    ['× and ÷, inside U+00C0–U+02FF although not letters', 'A×B÷C'],
    ['one character', 'X'],
    ['90 characters', 'R'.repeat(90)],
    ['90 accented characters', 'é'.repeat(90)],
    // A plain regex match, as HMRC's rules validator does (no ResolveStringPattern trim check): spaces are in the
    // alphabet, so a value of spaces alone passes (docs/hmrc-rules.md §4.2 "runtime = schema").
    ['spaces only', '   '],
    ['leading and trailing spaces', ' REF '],
  ])('accepts %s', (_label, ref) => {
    expect(put(DEF1_YEAR, vctWith('uniqueInvestmentRef', ref))).toStrictEqual(
      accepted(vctWith('uniqueInvestmentRef', ref)),
    );
  });

  it.each([
    ['an empty string', ''],
    ['91 characters', 'R'.repeat(91)],
    ['a slash', 'ABC/123'],
    ['a double quote', 'A"B'],
    ['a comma', 'A,B'],
    ['an exclamation mark', 'A!'],
    ['an at sign', 'A@B'],
    ['a hash', '#1'],
    ['a plus', 'A+B'],
    ['square brackets', '[A]'],
    ['a tab', '\t'],
    ['a tab inside', 'A\tB'],
    ['a trailing newline', 'ABC\n'],
    ['U+00BF, just below the accented range', '\u00BF'],
    ['U+0300, just above the accented range', 'A\u0300'],
    ['the acute accent U+00B4, below the range', '\u00B4'],
    ['the left single quote U+2018', 'O‘Brien'],
    ['a non-breaking space', 'A\u00A0B'],
    ['an emoji', 'A😀'],
    ['Greek letters', 'Ωμέγα'],
  ])('refuses %s', (_label, ref) => {
    expect(put(DEF1_YEAR, vctWith('uniqueInvestmentRef', ref))).toStrictEqual(
      rejected(err(UIR, [`${VCT}/0/uniqueInvestmentRef`])),
    );
  });

  it('checks the reference in every array, paths in HMRC’s order', () => {
    let body = def1Body();
    for (const scheme of [VCT, EIS, CI, SEIS, SITR])
      body = withValue(body, `${scheme}/0/uniqueInvestmentRef`, 'ABC/123');
    expect(put(DEF1_YEAR, body)).toStrictEqual(
      rejected(
        err(UIR, [
          `${VCT}/0/uniqueInvestmentRef`,
          `${EIS}/0/uniqueInvestmentRef`,
          `${CI}/0/uniqueInvestmentRef`,
          `${SEIS}/0/uniqueInvestmentRef`,
          `${SITR}/0/uniqueInvestmentRef`,
        ]),
      ),
    );
  });

  it('checks the optional def2 VCT reference when it is given', () => {
    const body = withValue(minimalDef2(), `${VCT}/0/uniqueInvestmentRef`, 'R'.repeat(91));
    expect(put(DEF2_YEAR, body)).toStrictEqual(rejected(err(UIR, [`${VCT}/0/uniqueInvestmentRef`])));
    const good = withValue(minimalDef2(), `${VCT}/0/uniqueInvestmentRef`, 'R'.repeat(90));
    expect(put(DEF2_YEAR, good)).toStrictEqual(accepted(good));
  });
});

describe('name, companyName, socialEnterpriseName (FORMAT_NAME)', () => {
  it.each([
    ['letters and digits', 'VCT Fund 1'],
    ['every special character', "{}- _&`():.'^"],
    ['accented letters', 'Société Générale'],
    ['105 characters', 'n'.repeat(105)],
    ['105 accented characters', 'ñ'.repeat(105)],
    ['the ASCII apostrophe', "Smith's Fund"],
    ['spaces only (plain regex match, see above)', ' '],
  ])('accepts %s', (_label, name) => {
    expect(put(DEF1_YEAR, vctWith('name', name))).toStrictEqual(accepted(vctWith('name', name)));
  });

  it.each([
    ['an empty string', ''],
    ['106 characters', 'n'.repeat(106)],
    // The name alphabet has the ASCII apostrophe where the reference alphabet has U+2019.
    ['the right single quote U+2019', 'Smith’s Fund'],
    ['a slash', 'A/B'],
    ['a comma', 'Fund, X'],
    ['a newline', 'A\nB'],
    ['U+00BF', '¿Fund'],
    ['an emoji', '😀'],
  ])('refuses %s', (_label, name) => {
    expect(put(DEF1_YEAR, vctWith('name', name))).toStrictEqual(
      rejected(err('FORMAT_NAME', [`${VCT}/0/name`])),
    );
  });

  it('reports each scheme’s own name field (companyName for SEIS, socialEnterpriseName for SITR)', () => {
    let body = def1Body();
    body = withValue(body, `${VCT}/0/name`, '');
    body = withValue(body, `${EIS}/0/name`, 'a/b');
    body = withValue(body, `${CI}/0/name`, 'x’');
    body = withValue(body, `${SEIS}/0/companyName`, 'n'.repeat(106));
    body = withValue(body, `${SITR}/0/socialEnterpriseName`, '!');
    expect(put(DEF1_YEAR, body)).toStrictEqual(
      rejected(
        err('FORMAT_NAME', [
          `${VCT}/0/name`,
          `${EIS}/0/name`,
          `${CI}/0/name`,
          `${SEIS}/0/companyName`,
          `${SITR}/0/socialEnterpriseName`,
        ]),
      ),
    );
  });

  it('applies the same rules to def2’s required names', () => {
    let body = minimalDef2();
    body = withValue(body, `${VCT}/0/name`, '');
    body = withValue(body, `${EIS}/0/name`, 'n'.repeat(106));
    body = withValue(body, `${SEIS}/0/companyName`, 'Acme’s');
    expect(put(DEF2_YEAR, body)).toStrictEqual(
      rejected(err('FORMAT_NAME', [`${VCT}/0/name`, `${EIS}/0/name`, `${SEIS}/0/companyName`])),
    );
  });

  it('applies the same rules under v2', () => {
    expect(put(DEF1_YEAR, vctWith('name', 'n'.repeat(105)), V2)).toStrictEqual(
      accepted(vctWith('name', 'n'.repeat(105))),
    );
    expect(put(DEF1_YEAR, vctWith('name', 'n'.repeat(106)), V2)).toStrictEqual(
      rejected(err('FORMAT_NAME', [`${VCT}/0/name`])),
    );
    expect(put(DEF1_YEAR, vctWith('uniqueInvestmentRef', 'R'.repeat(91)), V2)).toStrictEqual(
      rejected(err(UIR, [`${VCT}/0/uniqueInvestmentRef`])),
    );
  });
});

// --- Dates ---------------------------------------------------------------------------------------------------

describe('dateOfInvestment (FORMAT_DATE_OF_INVESTMENT)', () => {
  it.each(['1900-01-01', '2099-12-31', '2024-02-29', '2000-02-29', '2020-12-12'])('accepts %s', (date) => {
    expect(put(DEF1_YEAR, vctWith('dateOfInvestment', date))).toStrictEqual(
      accepted(vctWith('dateOfInvestment', date)),
    );
  });

  it.each([
    ['before 1900', '1899-12-31'],
    ['2100', '2100-01-01'],
    ['far in the future', '2109-01-30'],
    ['far in the past', '1150-09-23'],
    ['29 February in a common year', '2023-02-29'],
    ['29 February 1900 (not a leap year)', '1900-02-29'],
    ['month 13', '2020-13-01'],
    ['month 00', '2020-00-10'],
    ['day 32', '2020-01-32'],
    ['30 February', '2024-02-30'],
    ['a one-digit month', '2020-1-01'],
    ['day first', '16-04-2018'],
    ['slashes', '2018/04/16'],
    ['a time', '2018-04-16T00:00:00'],
    ['a leading space', ' 2018-04-16'],
    ['an empty string', ''],
    ['words', 'yesterday'],
    ['non-ASCII digits', '٢٠١٨-04-16'],
  ])('refuses %s (%j)', (_label, date) => {
    expect(put(DEF1_YEAR, vctWith('dateOfInvestment', date))).toStrictEqual(
      rejected(err(DATE, [`${VCT}/0/dateOfInvestment`])),
    );
  });

  it('checks every array’s dates, def1 and def2, paths in HMRC’s order', () => {
    let body = def1Body();
    const paths = [VCT, EIS, CI, SEIS, SITR].map((s) => `${s}/0/dateOfInvestment`);
    for (const [i, p] of paths.entries())
      body = withValue(body, p, ['', '1879-09-23', '2109-01-30', '1150-09-23', '2100-01-01'][i]);
    expect(put(DEF1_YEAR, body)).toStrictEqual(rejected(err(DATE, paths)));
    const def2 = withValue(body, SITR, undefined);
    expect(put(DEF2_YEAR, def2)).toStrictEqual(rejected(err(DATE, paths.slice(0, 4))));
  });
});

// --- Money (§2.6) -------------------------------------------------------------------------------------------

describe('amountInvested and reliefClaimed (FORMAT_VALUE)', () => {
  // -0 is 0 (HMRC's BigDecimal has no negative zero).
  it.each([0, -0, 0.01, 1.1, 1000, 99999999999.99, 12345678901.5])('accepts %p', (value) => {
    const body = withValue(vctWith('amountInvested', value), `${VCT}/0/reliefClaimed`, value);
    expect(put(DEF1_YEAR, body)).toStrictEqual(accepted(body));
  });

  it.each([-0.01, -1, 100000000000, 99999999999.991, 1.123, 0.001, 1e-7])(
    'refuses %p in either field',
    (value) => {
      expect(put(DEF1_YEAR, vctWith('amountInvested', value))).toStrictEqual(
        rejected(err('FORMAT_VALUE', [`${VCT}/0/amountInvested`])),
      );
      expect(put(DEF1_YEAR, vctWith('reliefClaimed', value))).toStrictEqual(
        rejected(err('FORMAT_VALUE', [`${VCT}/0/reliefClaimed`])),
      );
    },
  );

  it('reports every bad amount in one error, amountInvested before reliefClaimed, item by item', () => {
    const body = def1Body();
    (body.vctSubscription as unknown[]).push({
      uniqueInvestmentRef: 'B',
      amountInvested: -2,
      reliefClaimed: -3,
    });
    body.eisSubscription[0].reliefClaimed = 1.001;
    body.socialEnterpriseInvestment[0].amountInvested = 100000000000;
    expect(put(DEF1_YEAR, body)).toStrictEqual(
      rejected(
        err('FORMAT_VALUE', [
          `${VCT}/1/amountInvested`,
          `${VCT}/1/reliefClaimed`,
          `${EIS}/0/reliefClaimed`,
          `${SITR}/0/amountInvested`,
        ]),
      ),
    );
  });
});

// --- Combination (§2.2) -------------------------------------------------------------------------------------

describe('several errors: merged by message, sorted by code', () => {
  it('returns every kind of error once, paths in validation order, codes sorted', () => {
    const body = def1Body();
    body.vctSubscription[0] = {
      uniqueInvestmentRef: 'bad/ref',
      name: 'bad/name',
      dateOfInvestment: '2100-01-01',
      amountInvested: -1,
      reliefClaimed: -1,
    };
    body.seedEnterpriseInvestment[0].companyName = '';
    body.seedEnterpriseInvestment[0].uniqueInvestmentRef = '';
    body.eisSubscription[0].dateOfInvestment = '2020-02-30';
    expect(put(DEF1_YEAR, body)).toStrictEqual(
      rejected(
        err(DATE, [`${VCT}/0/dateOfInvestment`, `${EIS}/0/dateOfInvestment`]),
        err('FORMAT_NAME', [`${VCT}/0/name`, `${SEIS}/0/companyName`]),
        err(UIR, [`${VCT}/0/uniqueInvestmentRef`, `${SEIS}/0/uniqueInvestmentRef`]),
        err('FORMAT_VALUE', [`${VCT}/0/amountInvested`, `${VCT}/0/reliefClaimed`]),
      ),
    );
  });

  it('keeps item order within an array', () => {
    const body = {
      communityInvestment: [
        { uniqueInvestmentRef: 'ok', reliefClaimed: 1 },
        { uniqueInvestmentRef: '!', reliefClaimed: 1 },
        { uniqueInvestmentRef: '?', reliefClaimed: 1 },
      ],
    };
    expect(put(DEF1_YEAR, body)).toStrictEqual(
      rejected(err(UIR, [`${CI}/1/uniqueInvestmentRef`, `${CI}/2/uniqueInvestmentRef`])),
    );
  });

  it('does not run the business rules when the body could not be read', () => {
    const body = {
      vctSubscription: [{ uniqueInvestmentRef: '!!!', reliefClaimed: -1 }],
      eisSubscription: [{}],
    };
    expect(put(DEF1_YEAR, body)).toStrictEqual(
      rejected(err(BODY, [`${EIS}/0/reliefClaimed`, `${EIS}/0/uniqueInvestmentRef`])),
    );
  });
});
