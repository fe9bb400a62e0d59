/**
 * Errors stay local: a bad argument fails its own field, never its parents' siblings. A non-null field whose
 * resolver fails nulls its parent (GraphQL's null bubbling), so every field that can fail on its arguments or on
 * HMRC is nullable; the only non-null fields with arguments are those whose arguments are all scalars checked
 * before execution (an invalid one fails the request with HMRC's code, as documented).
 */
import { isNonNullType, isObjectType } from 'graphql';
import { buildSchema } from '../../src/server';
import { DEMO_NINO } from '../../src/simulator/demo-data';
import type { Stack } from '../helpers/stack';
import { startStack } from '../helpers/stack';

describe('a bad taxYears range', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.stop());

  it.each([
    ['too long', '2010-11', '2026-27', 'RULE_TAX_YEARS_RANGE_TOO_LONG'],
    ['reversed', '2024-25', '2023-24', 'RULE_TAX_YEARS_OUT_OF_ORDER'],
  ])(
    '%s: fails taxYears alone; the taxpayer and its other fields still answer',
    async (_name, from, to, code) => {
      const { status, body } = await stack.gql(
        `query Years($nino: Nino!, $from: TaxYear!, $to: TaxYear!) {
        taxpayer(nino: $nino) {
          nino
          taxYears(from: $from, to: $to) { taxYear }
          taxYear(taxYear: "2024-25") { taxYear pensionCharges { submittedOn } }
        }
        again: taxpayer(nino: $nino) { nino }
      }`,
        { nino: DEMO_NINO, from, to },
      );
      expect(status).toBe(200);
      expect(body.data.taxpayer.nino).toBe(DEMO_NINO);
      expect(body.data.taxpayer.taxYears).toBeNull();
      expect(body.data.taxpayer.taxYear.pensionCharges.submittedOn).toEqual(expect.any(String));
      expect(body.data.again).toEqual({ nino: DEMO_NINO });
      expect(body.errors).toEqual([
        expect.objectContaining({
          path: ['taxpayer', 'taxYears'],
          extensions: expect.objectContaining({ code }),
        }),
      ]);
    },
  );
});

describe('nullability across the schema', () => {
  const schema = buildSchema();
  const fields = Object.values(schema.getTypeMap())
    .filter(isObjectType)
    .filter((type) => !type.name.startsWith('__'))
    .flatMap((type) => Object.values(type.getFields()).map((field) => ({ type, field })));

  it('the only non-null fields taking arguments are taxpayer and taxYear, whose arguments are checked scalars', () => {
    const nonNullWithArguments = fields
      .filter(({ field }) => field.args.length > 0 && isNonNullType(field.type))
      .map(({ type, field }) => `${type.name}.${field.name}`);
    expect(nonNullWithArguments.sort()).toEqual(['Query.taxpayer', 'Taxpayer.taxYear']);
  });

  it('every mutation and every HMRC-backed field of a taxpayer or year is nullable', () => {
    const mustBeNullable = fields.filter(
      ({ type, field }) =>
        type.name === 'Mutation' ||
        ((type.name === 'Taxpayer' || type.name === 'TaxpayerYear' || type.name === 'Reliefs') &&
          !['id', 'nino', 'utr', 'taxYear', 'reliefs', 'summary'].includes(field.name)),
    );
    expect(mustBeNullable.length).toBeGreaterThan(20);
    expect(
      mustBeNullable.filter(({ field }) => isNonNullType(field.type)).map(({ field }) => field.name),
    ).toEqual([]);
  });
});
