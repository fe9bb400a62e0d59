/**
 * What a client toolchain reads from the schema: every custom scalar says where its format is specified
 * (`@specifiedBy`, visible through introspection over HTTP), and every operation the README shows is named,
 * valid against the schema, and the same as in the committed codegen client (examples/src/readme.graphql), which
 * CI type-checks (`npm run examples:check`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { OperationDefinitionNode } from 'graphql';
import { Kind, parse, print, validate } from 'graphql';
import { buildSchema } from '../../src/server';
import type { Stack } from '../helpers/stack';
import { startStack } from '../helpers/stack';

const ROOT = path.join(__dirname, '..', '..');
const CUSTOM_SCALARS = ['Nino', 'TaxYear', 'Utr', 'Date', 'DateTime'];

function readmeOperations(): OperationDefinitionNode[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const sources = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
  // Operations inside curl examples' JSON bodies count too.
  for (const m of readme.matchAll(/"query":"((?:[^"\\]|\\.)*)"/g))
    sources.push(JSON.parse(`"${m[1]!}"`) as string);
  return sources.flatMap((source) =>
    parse(source).definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    ),
  );
}

describe('the README operations', () => {
  const operations = readmeOperations();

  it('are all named, uniquely, and valid against the schema', () => {
    expect(operations.length).toBeGreaterThanOrEqual(10);
    const names = operations.map((op) => op.name?.value);
    expect(names.filter((name) => name === undefined)).toEqual([]);
    expect(new Set(names).size).toBe(names.length);
    const schema = buildSchema();
    for (const op of operations) {
      expect([op.name!.value, validate(schema, { kind: Kind.DOCUMENT, definitions: [op] })]).toEqual([
        op.name!.value,
        [],
      ]);
    }
  });

  it('are exactly those of the committed codegen client', () => {
    const client = parse(readFileSync(path.join(ROOT, 'examples/src/readme.graphql'), 'utf8'));
    const printed = new Map(
      client.definitions
        .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
        .map((d) => [d.name!.value, print(d)]),
    );
    expect([...printed.keys()].sort()).toEqual(operations.map((op) => op.name!.value).sort());
    for (const op of operations) expect(printed.get(op.name!.value)).toBe(print(op));
  });
});

describe('custom scalars', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.stop());

  it.each(CUSTOM_SCALARS)('%s has an https @specifiedBy URL, seen through introspection', async (name) => {
    const response = await stack.gql(
      `query Scalar($name: String!) { __type(name: $name) { kind specifiedByURL } }`,
      {
        name,
      },
    );
    expect(response.body.data.__type.kind).toBe('SCALAR');
    expect(new URL(response.body.data.__type.specifiedByURL as string).protocol).toBe('https:');
  });

  it('the codegen client maps every one of them to a TypeScript type (none is `unknown`/`any`)', () => {
    const config = readFileSync(path.join(ROOT, 'examples/codegen.ts'), 'utf8');
    for (const name of CUSTOM_SCALARS) expect(config).toMatch(new RegExp(`\\b${name}: '[^']+'`));
    const generated = readFileSync(path.join(ROOT, 'examples/src/gql/graphql.ts'), 'utf8');
    expect(generated).not.toMatch(/: (any|unknown)[;,}]/);
  });
});
