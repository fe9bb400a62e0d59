/**
 * Operation limits over HTTP: the defaults admit every README example and the largest legitimate query (every
 * field of every resource for the 7 years HMRC serves, plus the Self Assessment account, as one `taxYears` or
 * as seven aliased `taxYear`s); each limit refuses with its own code (400) before HMRC is called; suggestions are
 * hidden in production; and an invalid variable's value is never echoed back.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, Kind } from 'graphql';
import { DEMO_NINO } from '../../src/simulator/demo-data';
import { largestQuery } from '../helpers/largest-query';
import type { Stack } from '../helpers/stack';
import { startStack } from '../helpers/stack';

const LIMIT_CODES = [
  'OPERATION_TOO_DEEP',
  'OPERATION_TOO_MANY_ALIASES',
  'OPERATION_TOO_MANY_TOKENS',
  'OPERATION_TOO_COSTLY',
  'OPERATION_TOO_MANY_DIRECTIVES',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
];

const codesOf = (body: { errors?: Array<{ extensions: { code: string } }> }) =>
  (body.errors ?? []).map((e) => e.extensions.code);

/** Every field of TaxpayerYear (from the generated largest query) for seven aliased years, without fragments. */
function sevenAliasedYears(): string {
  const largest = largestQuery();
  const start = largest.indexOf('taxYear(taxYear: "2024-25") ') + 'taxYear(taxYear: "2024-25") '.length;
  let depth = 0;
  let end = start;
  for (; end < largest.length; end++) {
    if (largest[end] === '{') depth++;
    if (largest[end] === '}' && --depth === 0) break;
  }
  const year = largest.slice(start, end + 1);
  const years = ['2020-21', '2021-22', '2022-23', '2023-24', '2024-25', '2025-26', '2026-27']
    .map((y) => `y${y.slice(0, 4)}: taxYear(taxYear: "${y}") ${year}`)
    .join('\n');
  return `query SevenAliased { taxpayer(nino: "${DEMO_NINO}", utr: "1234567890") { ${years} } }`;
}

describe('the default limits admit every legitimate query', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.stop());

  it('admits the largest legitimate query, and it runs', async () => {
    const query = largestQuery();
    // The generator really covers the graph: every resource for seven years and the account.
    expect(query).toContain('taxYears(from: "2020-21", to: "2026-27")');
    expect(query).toContain('selfAssessmentAccount');
    expect(query).toContain('pensionCharges');
    expect(query).toContain('charitableGiving');
    const { status, body } = await stack.gql(query);
    expect(codesOf(body).filter((c) => LIMIT_CODES.includes(c))).toEqual([]);
    expect(status).toBe(200);
    expect(body.data.taxpayer.taxYears).toHaveLength(7);
    expect(stack.simulator.requests.length).toBeGreaterThan(0);
  });

  it('admits the same years written as seven aliased taxYear fields without fragments', async () => {
    const { body } = await stack.gql(sevenAliasedYears());
    expect(codesOf(body).filter((c) => LIMIT_CODES.includes(c))).toEqual([]);
    expect(Object.keys(body.data.taxpayer)).toHaveLength(7);
  });

  it('admits every GraphQL example in the README', async () => {
    const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    for (const block of blocks) {
      const names = parse(block).definitions.flatMap((d) =>
        d.kind === Kind.OPERATION_DEFINITION ? [d.name?.value] : [],
      );
      for (const operationName of names) {
        const response = await fetch(stack.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer readme-example-token' },
          body: JSON.stringify({ query: block, operationName }),
        });
        const body = (await response.json()) as { errors?: Array<{ extensions: { code: string } }> };
        expect({ operationName, codes: codesOf(body).filter((c) => LIMIT_CODES.includes(c)) }).toEqual({
          operationName,
          codes: [],
        });
      }
    }
  });
});

describe('each limit refuses with its own code before HMRC is called', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.stop());
  beforeEach(() => stack.simulator.reset());

  async function refused(query: string, code: string, gateway: Stack = stack) {
    const { status, body } = await gateway.gql(query);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(codesOf(body)).toContain(code);
    const error = body.errors!.find((e) => e.extensions.code === code)!;
    expect(error.extensions).toMatchObject({ status: 400, origin: 'GATEWAY' });
    expect(error.message).not.toMatch(/Syntax Error/);
    expect(gateway.simulator.requests).toHaveLength(0);
    return error;
  }

  it('refuses the alias flood of distinct NINOs (the amplification query)', async () => {
    const aliases = Array.from(
      { length: 200 },
      (_, i) =>
        `t${i}: taxpayer(nino: "AA${String(i).padStart(6, '0')}A") { taxYear(taxYear: "2024-25") { pensionCharges { submittedOn } } }`,
    ).join('\n');
    const error = await refused(`{ ${aliases} }`, 'OPERATION_TOO_MANY_ALIASES');
    expect(error.message).toBe('The operation has 200 aliases; at most 30 are allowed');
  });

  it('refuses a document with too many tokens while parsing it', async () => {
    const fields = Array.from({ length: 12_000 }, () => '__typename').join(' ');
    const error = await refused(`{ ${fields} }`, 'OPERATION_TOO_MANY_TOKENS');
    expect(error.message).toBe('The document has more than 10000 tokens; shorten it');
  });

  it('refuses a costly operation (25 aliased full tax years)', async () => {
    const largest = largestQuery();
    const start = largest.indexOf('taxYear(taxYear: "2024-25") ') + 'taxYear(taxYear: "2024-25") '.length;
    let depth = 0;
    let end = start;
    for (; end < largest.length; end++) {
      if (largest[end] === '{') depth++;
      if (largest[end] === '}' && --depth === 0) break;
    }
    const fragment = `fragment Year on TaxpayerYear ${largest.slice(start, end + 1)}`;
    const years = Array.from({ length: 25 }, (_, i) => `y${i}: taxYear(taxYear: "2024-25") { ...Year }`);
    const error = await refused(
      `${fragment} query Costly { taxpayer(nino: "${DEMO_NINO}") { ${years.join(' ')} } }`,
      'OPERATION_TOO_COSTLY',
    );
    expect(error.message).toMatch(/^The operation costs \d+(\.\d+)?; at most 20000 is allowed$/);
  });

  it('refuses too many directives', async () => {
    const fields = Array.from({ length: 60 }, (_, i) => `a${i % 20}: __typename @include(if: true)`).join(
      ' ',
    );
    await refused(`{ ${fields} }`, 'OPERATION_TOO_MANY_DIRECTIVES');
  });

  it('refuses deep introspection nesting (the schema itself is shallow)', async () => {
    let selection = 'name';
    for (let i = 0; i < 14; i++) selection = `ofType { ${selection} }`;
    const error = await refused(
      `{ __type(name: "Query") { fields { type { ${selection} } } } }`,
      'OPERATION_TOO_DEEP',
    );
    expect(error.message).toMatch(/^The operation nests \d+ levels deep; at most 12 are allowed$/);
  });

  it('applies configured limits (a gateway with lower ones refuses a README-sized query)', async () => {
    const low = await startStack({ limits: { depth: 3, aliases: 1, cost: 10 } });
    try {
      const query = `{ taxpayer(nino: "${DEMO_NINO}") { taxYear(taxYear: "2024-25") { pensionCharges { submittedOn } } } }`;
      const { body } = await low.gql(query);
      expect(codesOf(body).sort()).toEqual(['OPERATION_TOO_COSTLY', 'OPERATION_TOO_DEEP']);
      expect(low.simulator.requests).toHaveLength(0);
      const aliased = await low.gql(`{ __type(name: "Query") { a: name b: name } }`);
      expect(codesOf(aliased.body)).toEqual(['OPERATION_TOO_MANY_ALIASES']);
    } finally {
      await low.stop();
    }
  });
});

describe('what error messages give away', () => {
  let development: Stack;
  let production: Stack;
  beforeAll(async () => {
    development = await startStack();
    production = await startStack({ production: true });
  });
  afterAll(async () => {
    await development?.stop();
    await production?.stop();
  });

  const typo = `{ taxpayer(nino: "${DEMO_NINO}") { taxYear(taxYear: "2024-25") { pensionCharge { submittedOn } } } }`;

  it('suggests field names in development', async () => {
    const { body } = await development.gql(typo);
    expect(body.errors![0]!.message).toMatch(/Did you mean "pensionCharges"\?/);
  });

  it('hides suggestions in production: field, argument and type names alike', async () => {
    const { body } = await production.gql(typo);
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors![0]!.message).toBe('Cannot query field "pensionCharge" on type "TaxpayerYear".');

    const others = `{ taxpayer(nino: "${DEMO_NINO}") { taxYear(taxYer: "2024-25") { ... on TaxpayerYer { taxYear } } } }`;
    const shown = await development.gql(others);
    expect(shown.body.errors!.filter((e) => /Did you mean/.test(e.message)).length).toBeGreaterThanOrEqual(2);
    const hidden = await production.gql(others);
    expect(hidden.body.errors!.length).toBe(shown.body.errors!.length);
    for (const error of hidden.body.errors!) expect(error.message).not.toMatch(/Did you mean/);
  });

  it('never echoes an invalid variable value, however long', async () => {
    const huge = 'Z'.repeat(200_000);
    const query =
      'query ($nino: Nino!) { taxpayer(nino: $nino) { taxYear(taxYear: "2024-25") { pensionCharges { submittedOn } } } }';
    for (const gateway of [development, production]) {
      const { status, body } = await gateway.gql(query, { nino: huge });
      expect(status).toBe(400);
      expect(body.errors).toHaveLength(1);
      const [error] = body.errors!;
      expect(error!.extensions.code).toBe('FORMAT_NINO');
      expect(error!.message).toBe('Variable "$nino" got invalid value; The NINO format is invalid');
      expect(JSON.stringify(body)).not.toContain('ZZZZ');
    }
  });

  it('names where inside an input object a value is wrong, without the value', async () => {
    const secret = `s3cr3t-${'q'.repeat(5_000)}`;
    const { body } = await development.gql(
      `mutation ($input: PensionChargesInput!) {
        createOrAmendPensionCharges(nino: "${DEMO_NINO}", taxYear: "2024-25", input: $input) { correlationId }
      }`,
      { input: { pensionContributions: { inExcessOfTheAnnualAllowance: secret } } },
    );
    expect(body.errors!.length).toBeGreaterThan(0);
    const text = JSON.stringify(body);
    expect(text).not.toContain('s3cr3t');
    expect(text).not.toContain('qqqq');
    expect(body.errors![0]!.message).toMatch(
      /^Variable "\$input" got invalid value at "input\.pensionContributions\.inExcessOfTheAnnualAllowance"; /,
    );
  });
});
