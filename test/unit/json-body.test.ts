/**
 * Reading a JSON body the way HMRC's services do (Play JSON `Reads` + `ResolveJsonObject`, strict resolver for
 * pension charges): docs/hmrc-rules.md §2.7.
 */
import type { BodyResult } from '../../src/validation/json-body';
import {
  array,
  boolean,
  isJsonObject,
  number,
  object,
  optional,
  readJsonBody,
  string,
} from '../../src/validation/json-body';

const BODY_MESSAGE = 'An empty or non-matching body was submitted';

/** The whole error HMRC returns for a body problem. */
function bodyError(paths?: string[]) {
  return {
    code: 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED',
    message: BODY_MESSAGE,
    status: 400,
    ...(paths ? { paths } : {}),
  };
}

function failure<T>(result: BodyResult<T>) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result.error;
}

// Fields declared out of alphabetical order on purpose, so that sorted paths differ from discovery order.
const item = object({ zeta: string, alpha: number, flag: optional(boolean) });
const spec = object({
  name: string,
  amount: number,
  active: optional(boolean),
  tags: optional(array(string)),
  items: optional(array(item)),
  nested: optional(object({ second: string, first: number, note: optional(string) })),
});

const valid = { name: 'x', amount: 1 };

describe('isJsonObject', () => {
  it('is true for plain objects only', () => {
    expect(isJsonObject({})).toBe(true);
    expect(isJsonObject({ a: 1 })).toBe(true);
    expect(isJsonObject([])).toBe(false);
    expect(isJsonObject(null)).toBe(false);
    expect(isJsonObject('{}')).toBe(false);
    expect(isJsonObject(1)).toBe(false);
    expect(isJsonObject(undefined)).toBe(false);
  });
});

describe('readJsonBody: bodies that are empty or not objects', () => {
  it.each([
    ['an empty object', {}],
    ['an array', [{ name: 'x', amount: 1 }]],
    ['an empty array', []],
    ['a string', 'name=x'],
    ['the JSON text of a valid body, as a string', JSON.stringify(valid)],
    ['null', null],
    ['a number', 42],
    ['a boolean', true],
    ['nothing at all', undefined],
  ])('refuses %s without paths', (_label, body) => {
    const error = failure(readJsonBody(spec, body, { strict: true }));
    expect(error).toStrictEqual(bodyError());
    expect(error).not.toHaveProperty('paths');
    expect(failure(readJsonBody(spec, body, { strict: false }))).toStrictEqual(bodyError());
  });
});

describe('readJsonBody: missing mandatory fields and wrong types', () => {
  it('reports every missing mandatory field, paths sorted', () => {
    const error = failure(readJsonBody(spec, { active: true }, { strict: false }));
    expect(error).toStrictEqual(bodyError(['/amount', '/name']));
  });

  it('looks inside nested objects and array items, sorting all paths together', () => {
    const body = {
      nested: { note: 'n' },
      items: [{ zeta: 'ok', alpha: 1 }, {}, { alpha: 'not a number' }],
      amount: 5,
    };
    expect(failure(readJsonBody(spec, body, { strict: false }))).toStrictEqual(
      bodyError([
        '/items/1/alpha',
        '/items/1/zeta',
        '/items/2/alpha',
        '/items/2/zeta',
        '/name',
        '/nested/first',
        '/nested/second',
      ]),
    );
  });

  it('sorts paths by UTF-16 code unit, as Scala sorts strings (10 before 2, upper case before lower)', () => {
    const items = Array.from({ length: 11 }, () => ({ zeta: 'z', alpha: 1 }));
    items[2] = { zeta: 'z' } as never;
    items[10] = { zeta: 'z' } as never;
    const upper = object({ b: string, B: string, a: string });
    expect(failure(readJsonBody(spec, { ...valid, items }, { strict: false }))).toStrictEqual(
      bodyError(['/items/10/alpha', '/items/2/alpha']),
    );
    expect(failure(readJsonBody(upper, { other: 1 }, { strict: false }))).toStrictEqual(
      bodyError(['/B', '/a', '/b']),
    );
  });

  it.each([
    ['a number where a string is expected', { name: 5, amount: 1 }, ['/name']],
    ['a boolean where a number is expected', { name: 'x', amount: true }, ['/amount']],
    ['a string where a boolean is expected', { ...valid, active: 'true' }, ['/active']],
    ['a number where a boolean is expected', { ...valid, active: 1 }, ['/active']],
    ['a string where an array is expected', { ...valid, tags: 'a,b' }, ['/tags']],
    ['an object where an array is expected', { ...valid, tags: { 0: 'a' } }, ['/tags']],
    ['an array where an object is expected', { ...valid, nested: [] }, ['/nested']],
    ['a string where an object is expected', { ...valid, nested: 'x' }, ['/nested']],
    ['a wrong array element', { ...valid, tags: ['a', 2, 'c', false] }, ['/tags/1', '/tags/3']],
    ['a null array element', { ...valid, tags: ['a', null] }, ['/tags/1']],
    ['a null array item where an object is expected', { ...valid, items: [null] }, ['/items/0']],
    ['an object where a number is expected', { name: 'x', amount: { value: 1 } }, ['/amount']],
  ])('reports %s at its path', (_label, body, paths) => {
    expect(failure(readJsonBody(spec, body, { strict: false }))).toStrictEqual(bodyError(paths));
  });

  it('treats null for a mandatory field as a wrong type', () => {
    expect(failure(readJsonBody(spec, { name: null, amount: null }, { strict: true }))).toStrictEqual(
      bodyError(['/amount', '/name']),
    );
  });

  it('treats null for an optional field as absent, and leaves it out of the value', () => {
    const result = readJsonBody(
      spec,
      { ...valid, active: null, tags: null, nested: null, items: [{ zeta: 'z', alpha: 2, flag: null }] },
      { strict: true },
    );
    expect(result).toStrictEqual({
      ok: true,
      value: { name: 'x', amount: 1, items: [{ zeta: 'z', alpha: 2 }] },
    });
  });

  it('accepts a body whose fields are all optional and null (it is not empty)', () => {
    const allOptional = object({ a: optional(string), b: optional(number) });
    expect(readJsonBody(allOptional, { a: null }, { strict: true })).toStrictEqual({ ok: true, value: {} });
  });

  it('accepts empty arrays', () => {
    expect(readJsonBody(spec, { ...valid, tags: [], items: [] }, { strict: true })).toStrictEqual({
      ok: true,
      value: { ...valid, tags: [], items: [] },
    });
  });
});

describe('readJsonBody: numbers', () => {
  it.each([
    ['12.5', 12.5],
    ['-3', -3],
    ['+7', 7],
    ['0', 0],
    ['1e3', 1000],
    ['1E-2', 0.01],
    ['.5', 0.5],
    ['5.', 5],
    ['100.10', 100.1],
  ])('accepts the numeric string %j as the number %d (Play reads BigDecimal from strings)', (text, value) => {
    expect(readJsonBody(spec, { name: 'x', amount: text }, { strict: true })).toStrictEqual({
      ok: true,
      value: { name: 'x', amount: value },
    });
  });

  it.each(['abc', '', ' 1', '1 ', '1,000', '1_000', '0x10', 'Infinity', 'NaN', '1e', '--1', '1.2.3'])(
    'refuses the non-numeric string %j as a wrong type',
    (text) => {
      expect(failure(readJsonBody(spec, { name: 'x', amount: text }, { strict: true }))).toStrictEqual(
        bodyError(['/amount']),
      );
    },
  );

  it('accepts JSON numbers as they are, whatever their range (range is a business rule)', () => {
    expect(readJsonBody(spec, { name: 'x', amount: -1e30 }, { strict: true })).toStrictEqual({
      ok: true,
      value: { name: 'x', amount: -1e30 },
    });
  });
});

describe('readJsonBody: unknown fields', () => {
  it('ignores them when not strict, and leaves them out of the value', () => {
    expect(
      readJsonBody(spec, { ...valid, extra: 1, nested: { first: 1, second: 's', x: 2 } }, { strict: false }),
    ).toStrictEqual({ ok: true, value: { ...valid, nested: { first: 1, second: 's' } } });
  });

  it('reports them by path when strict', () => {
    expect(failure(readJsonBody(spec, { ...valid, extra: 1 }, { strict: true }))).toStrictEqual(
      bodyError(['/extra']),
    );
  });

  it('reports unknown fields nested in objects and array items', () => {
    const body = {
      ...valid,
      items: [
        { zeta: 'a', alpha: 1 },
        { zeta: 'b', alpha: 2, colour: 'red' },
      ],
      nested: { first: 1, second: 's', third: 3 },
    };
    expect(failure(readJsonBody(spec, body, { strict: true }))).toStrictEqual(
      bodyError(['/items/1/colour', '/nested/third']),
    );
  });

  it('lists an object’s own unknown fields before descending into its known fields, in declaration order', () => {
    // `nested` is declared after `items`, and neither order is alphabetical: the result is not sorted.
    const body = {
      nested: { first: 1, second: 's', z: true },
      items: [{ zeta: 'a', alpha: 1, y: 1 }],
      zz: 1,
      ...valid,
      aa: 2,
    };
    expect(failure(readJsonBody(spec, body, { strict: true }))).toStrictEqual(
      bodyError(['/zz', '/aa', '/items/0/y', '/nested/z']),
    );
  });

  it('reports an unknown field even when its value is null', () => {
    expect(failure(readJsonBody(spec, { ...valid, extra: null }, { strict: true }))).toStrictEqual(
      bodyError(['/extra']),
    );
  });

  it('reports a body of unknown fields only by their paths, not as an empty body', () => {
    expect(failure(readJsonBody(object({ a: optional(string) }), { b: 1 }, { strict: true }))).toStrictEqual(
      bodyError(['/b']),
    );
  });

  it('does not descend into unknown fields', () => {
    expect(
      failure(readJsonBody(spec, { ...valid, extra: { deeper: { deepest: 1 } } }, { strict: true })),
    ).toStrictEqual(bodyError(['/extra']));
  });

  it('only checks for unknown fields once the body has otherwise parsed', () => {
    expect(failure(readJsonBody(spec, { name: 'x', extra: 1 }, { strict: true }))).toStrictEqual(
      bodyError(['/amount']),
    );
    expect(
      failure(readJsonBody(spec, { ...valid, tags: [1], nested: { bogus: 1 } }, { strict: true })),
    ).toStrictEqual(bodyError(['/nested/first', '/nested/second', '/tags/0']));
  });

  it('passes a clean body through', () => {
    const body = {
      name: 'n',
      amount: 0,
      active: false,
      tags: ['a'],
      items: [{ zeta: 'z', alpha: 0, flag: true }],
      nested: { first: 2, second: 'b', note: '' },
    };
    expect(readJsonBody(spec, body, { strict: true })).toStrictEqual({ ok: true, value: body });
  });
});
