/**
 * `buildSchema()` attaches the resolvers to the schema it has just built from the SDL (graphql-tools'
 * `updateResolversInPlace`, which is quicker at start-up) instead of copying every type into a second schema,
 * graphql-tools' default. The two must give the same schema: this compares them. It also skips graphql's SDL
 * validation (`assumeValidSDL`, also for start-up), so the shipped SDL is validated here instead.
 */
import { mergeTypeDefs } from '@graphql-tools/merge';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLNamedType, GraphQLSchema } from 'graphql';
import {
  buildASTSchema,
  getNamedType,
  introspectionFromSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  printSchema,
  validateSchema,
} from 'graphql';
import { resolvers } from '../../src/resolvers';
import { buildSchema, loadTypeDefs } from '../../src/server';

/** What each type does at run time: resolvers, type resolution, scalar coercion, enum internal values. */
function behaviour(schema: GraphQLSchema): Record<string, unknown> {
  const described: Record<string, unknown> = {};
  const source = (fn: unknown) => (typeof fn === 'function' ? fn.toString() : undefined);
  for (const type of Object.values(schema.getTypeMap())) {
    if (isObjectType(type) || isInterfaceType(type)) {
      described[type.name] = {
        resolveType: source('resolveType' in type ? type.resolveType : undefined),
        isTypeOf: source('isTypeOf' in type ? type.isTypeOf : undefined),
        fields: Object.values(type.getFields()).map((field) => [
          field.name,
          field.resolve?.name,
          field.args.map((arg) => [arg.name, String(arg.type), arg.defaultValue]),
        ]),
      };
    } else if (isUnionType(type)) {
      described[type.name] = { resolveType: source(type.resolveType) };
    } else if (isScalarType(type)) {
      described[type.name] = [type.serialize, type.parseValue, type.parseLiteral].map(source);
    } else if (isEnumType(type)) {
      described[type.name] = type.getValues().map((value) => [value.name, value.value]);
    }
  }
  return described;
}

/** Every type a field, argument, member or interface refers to is the schema's own instance of it. */
function foreignReferences(schema: GraphQLSchema): string[] {
  const foreign: string[] = [];
  const check = (where: string, type: GraphQLNamedType) => {
    if (schema.getType(type.name) !== type) foreign.push(`${where}: ${type.name}`);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, getNamedType(field.type));
        for (const arg of field.args)
          check(`${type.name}.${field.name}(${arg.name})`, getNamedType(arg.type));
      }
      for (const implemented of type.getInterfaces()) check(type.name, implemented);
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields()))
        check(`${type.name}.${field.name}`, getNamedType(field.type));
    } else if (isUnionType(type)) {
      for (const member of type.getTypes()) check(type.name, member);
    }
  }
  return foreign;
}

describe('buildSchema', () => {
  const built = buildSchema();
  const copied = makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers });

  it("is built from SDL that passes graphql's SDL validation, which start-up skips", () => {
    // buildASTSchema without `assumeValidSDL` throws, listing every problem, when the SDL is not valid.
    expect(() => buildASTSchema(mergeTypeDefs(loadTypeDefs()))).not.toThrow();
  });

  it('is valid and refers only to its own types', () => {
    expect(validateSchema(built)).toEqual([]);
    expect(foreignReferences(built)).toEqual([]);
  });

  it('is the schema graphql-tools builds by copying: same SDL, introspection and behaviour', () => {
    expect(printSchema(built)).toBe(printSchema(copied));
    expect(introspectionFromSchema(built, { descriptions: true, specifiedByUrl: true })).toEqual(
      introspectionFromSchema(copied, { descriptions: true, specifiedByUrl: true }),
    );
    expect(behaviour(built)).toEqual(behaviour(copied));
  });
});
