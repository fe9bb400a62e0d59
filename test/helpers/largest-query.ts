/**
 * The largest legitimate query, generated from the schema so that it grows with it: every field of the
 * taxpayer (every resource for the 7 tax years HMRC serves, and the Self Assessment account), every field of
 * every type beneath, each type once per path (a type that contains itself is not expanded again). The
 * operation limits' defaults must admit it.
 */
import type { GraphQLField, GraphQLNamedType, GraphQLSchema } from 'graphql';
import { getNamedType, isInterfaceType, isNonNullType, isObjectType, isUnionType } from 'graphql';
import { buildSchema } from '../../src/server';
import { DEMO_NINO } from '../../src/simulator/demo-data';

/** Arguments for fields that require them (the seven years HMRC serves from the README's example). */
const REQUIRED_ARGS: Record<string, string> = {
  taxYear: '(taxYear: "2024-25")',
  taxYears: '(from: "2020-21", to: "2026-27")',
};

function selection(type: GraphQLNamedType, schema: GraphQLSchema, path: readonly string[]): string {
  if (isUnionType(type) || isInterfaceType(type)) {
    const members = isUnionType(type) ? type.getTypes() : schema.getPossibleTypes(type);
    return `{ __typename ${members.map((m) => `... on ${m.name} ${selection(m, schema, path)}`).join(' ')} }`;
  }
  if (!isObjectType(type)) return '';
  const fields = Object.values(type.getFields()).flatMap((field: GraphQLField<unknown, unknown>) => {
    const target = getNamedType(field.type);
    const required = field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
    const args = required ? REQUIRED_ARGS[field.name] : '';
    if (args === undefined) return [];
    if (
      (isObjectType(target) || isInterfaceType(target) || isUnionType(target)) &&
      path.includes(target.name)
    )
      return [];
    const sub = selection(target, schema, [...path, target.name]);
    return [`${field.name}${args} ${sub}`.trim()];
  });
  return `{ ${fields.join(' ')} }`;
}

export function largestQuery(): string {
  const schema = buildSchema();
  const taxpayer = schema.getType('Taxpayer')!;
  return `query Largest { taxpayer(nino: "${DEMO_NINO}", utr: "1234567890") ${selection(taxpayer, schema, ['Taxpayer'])} }`;
}
