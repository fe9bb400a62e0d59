/**
 * DESIGN.md: every type and field carries a description (the SDL is the public documentation). This walks the
 * executable schema and lists everything undocumented.
 */
import { isInputObjectType, isObjectType } from 'graphql';
import { RESOURCE_LIST } from '../../src/resources';
import { buildSchema } from '../../src/server';

function undocumented(): string[] {
  const schema = buildSchema();
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || ['String', 'Boolean', 'Int', 'Float', 'ID'].includes(type.name))
      continue;
    if (!type.description?.trim() && !['Query', 'Mutation'].includes(type.name)) missing.push(type.name);
    if (isObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!field.description?.trim()) missing.push(`${type.name}.${field.name}`);
        for (const arg of field.args) {
          if (!arg.description?.trim()) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!field.description?.trim()) missing.push(`${type.name}.${field.name}`);
      }
    }
  }
  return missing;
}

test('every type, field, argument and input field has a description', () => {
  expect(undocumented()).toEqual([]);
});

describe('every registered HMRC resource (src/resources) is in the schema, documented', () => {
  const schema = buildSchema();
  it.each(RESOURCE_LIST.map((definition) => [definition.endpoint.name, definition] as const))(
    '%s',
    (_name, { graphql }) => {
      const parent = schema.getType(graphql.parent);
      const mutation = schema.getMutationType();
      if (!isObjectType(parent) || !mutation) throw new Error(`no ${graphql.parent} or Mutation type`);
      const read = parent.getFields()[graphql.field];
      expect(read?.description?.trim()).toBeTruthy();
      for (const name of [graphql.createOrAmend, graphql.delete]) {
        const field = mutation.getFields()[name];
        expect(field?.description?.trim()).toBeTruthy();
        expect(field!.args.map((arg) => arg.name).slice(0, 2)).toEqual(['nino', 'taxYear']);
      }
    },
  );
});
