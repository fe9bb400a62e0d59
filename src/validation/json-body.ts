/**
 * Reads a JSON request body the way HMRC's services do (Play JSON `Reads` plus HMRC's `ResolveJsonObject`):
 *
 * - a body that is not a JSON object, or an object with no fields, is `RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED`
 *   with no paths;
 * - every missing mandatory field and every value of the wrong JSON type is collected, and reported as one
 *   `RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED` whose `paths` are sorted as strings;
 * - `null` for an optional field means absent; `null` for a mandatory one is a wrong type;
 * - a number may also arrive as a numeric string (Play reads `BigDecimal` from either);
 * - in strict mode (pension charges only), unknown fields are reported the same way, but only once the body has
 *   otherwise parsed, exactly as HMRC's strict resolver runs after the reads succeed;
 * - in non-empty mode (reliefs, disclosures: HMRC's `ResolveNonEmptyJsonObject` / `EmptinessChecker`), once the
 *   body has parsed, a body with no known field present is the path-less error, and every empty object or array
 *   inside it is reported by path, in the model's declaration order;
 * - a field declared `optional(spec, { emptyAsAbsent: true })` reads an empty object or array as absent (HMRC's
 *   `mapEmptySeqToNone` / `mapEmptyModelToNone`).
 *
 * A general-purpose schema library was considered (zod is already a dependency) but its issue ordering, null
 * handling and strict-key reporting differ from Play's in ways HMRC's clients can see, so the few rules HMRC
 * applies are written out here, once, for every resource.
 */
import type { HmrcError } from '../errors/hmrc-error';
import { hmrcError } from '../errors/hmrc-error';

export interface Spec<T> {
  readonly kind: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  /** Phantom: carries the parsed type for inference only. */
  readonly __type?: T;
}
interface ArraySpec<T> extends Spec<T[]> {
  readonly kind: 'array';
  readonly item: Spec<T>;
}
interface ObjectSpec<T> extends Spec<T> {
  readonly kind: 'object';
  readonly fields: Readonly<Record<string, FieldSpec>>;
}
export interface Optional<T> {
  readonly optional: true;
  readonly spec: Spec<T>;
  /** An empty object or array here is read as if the field were absent. */
  readonly emptyAsAbsent?: boolean;
}
type FieldSpec = Spec<unknown> | Optional<unknown>;

type Infer<S> = S extends Optional<infer T> ? T : S extends Spec<infer T> ? T : never;
type RequiredKeys<F> = { [K in keyof F]: F[K] extends Optional<unknown> ? never : K }[keyof F];
type OptionalKeys<F> = { [K in keyof F]: F[K] extends Optional<unknown> ? K : never }[keyof F];
type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type ObjectOf<F> = Simplify<
  { [K in RequiredKeys<F>]: Infer<F[K]> } & { [K in OptionalKeys<F>]?: Infer<F[K]> }
>;
export type Parsed<S> = S extends Spec<infer T> ? T : never;

export const string: Spec<string> = { kind: 'string' };
export const number: Spec<number> = { kind: 'number' };
export const boolean: Spec<boolean> = { kind: 'boolean' };
/**
 * Play's `Int` reads: a JSON number that is a whole 32-bit integer. A fraction (`2.5`) or a numeric string is a
 * type failure, as HMRC reads them (unlike money, which Play reads as `BigDecimal` from a string too).
 */
export const integer: Spec<number> = { kind: 'integer' };

export function array<T>(item: Spec<T>): Spec<T[]> {
  return { kind: 'array', item } as ArraySpec<T>;
}

export function optional<T>(spec: Spec<T>, options: { emptyAsAbsent?: boolean } = {}): Optional<T> {
  return { optional: true, spec, ...(options.emptyAsAbsent ? { emptyAsAbsent: true } : {}) };
}

export function object<F extends Record<string, FieldSpec>>(fields: F): Spec<ObjectOf<F>> {
  return { kind: 'object', fields } as ObjectSpec<ObjectOf<F>>;
}

function isOptional(field: FieldSpec): field is Optional<unknown> {
  return 'optional' in field;
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// What java.math.BigDecimal accepts from a string: sign, digits with an optional point, optional exponent.
const NUMERIC_STRING = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Reads `value` against `spec`, pushing the path of every failure; returns the cleaned value (nulls dropped). */
function read(spec: Spec<unknown>, value: unknown, path: string, failures: string[]): unknown {
  switch (spec.kind) {
    case 'string':
      if (typeof value === 'string') return value;
      break;
    case 'boolean':
      if (typeof value === 'boolean') return value;
      break;
    case 'number':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      if (typeof value === 'string' && NUMERIC_STRING.test(value)) return Number(value);
      break;
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= 2 ** 31 - 1)
        return value;
      break;
    case 'array': {
      if (!Array.isArray(value)) break;
      const { item } = spec as ArraySpec<unknown>;
      return value.map((element, index) => read(item, element, `${path}/${index}`, failures));
    }
    case 'object': {
      if (!isJsonObject(value)) break;
      const result: Record<string, unknown> = {};
      for (const [name, field] of Object.entries((spec as ObjectSpec<unknown>).fields)) {
        const fieldValue = value[name];
        const fieldPath = `${path}/${name}`;
        if (isOptional(field)) {
          if (fieldValue !== undefined && fieldValue !== null) {
            const fieldResult = read(field.spec, fieldValue, fieldPath, failures);
            if (!(field.emptyAsAbsent && isEmptyContainer(fieldResult))) result[name] = fieldResult;
          }
        } else if (fieldValue === undefined) {
          failures.push(fieldPath);
        } else {
          result[name] = read(field, fieldValue, fieldPath, failures);
        }
      }
      return result;
    }
  }
  failures.push(path);
  return undefined;
}

function isEmptyContainer(value: unknown): boolean {
  return Array.isArray(value) ? value.length === 0 : isJsonObject(value) && Object.keys(value).length === 0;
}

/**
 * HMRC's `EmptinessChecker` on the parsed body (absent fields already dropped, known fields only, in declaration
 * order): each object without any field present and each empty array is an empty path; the search does not go
 * below them. Primitives are never empty.
 */
function emptyPaths(value: unknown, path: string, acc: string[]): string[] {
  if (Array.isArray(value) || isJsonObject(value)) {
    const children: Array<[string, unknown]> = Array.isArray(value)
      ? value.map((item, index) => [String(index), item])
      : Object.entries(value);
    if (children.length === 0) acc.push(path);
    else for (const [key, child] of children) emptyPaths(child, `${path}/${key}`, acc);
  }
  return acc;
}

/**
 * HMRC's strict check: paths of fields the schema does not know. Within each object HMRC lists that object's own
 * unknown fields first, then descends into the known fields in declaration order.
 */
function unknownFieldPaths(spec: Spec<unknown>, value: unknown, path: string, acc: string[]): string[] {
  if (spec.kind === 'object' && isJsonObject(value)) {
    const { fields } = spec as ObjectSpec<unknown>;
    for (const name of Object.keys(value)) {
      if (!Object.prototype.hasOwnProperty.call(fields, name)) acc.push(`${path}/${name}`);
    }
    for (const [name, field] of Object.entries(fields)) {
      const child = value[name];
      if (child !== undefined && child !== null) {
        unknownFieldPaths(isOptional(field) ? field.spec : field, child, `${path}/${name}`, acc);
      }
    }
  } else if (spec.kind === 'array' && Array.isArray(value)) {
    const { item } = spec as ArraySpec<unknown>;
    value.forEach((element, index) => unknownFieldPaths(item, element, `${path}/${index}`, acc));
  }
  return acc;
}

export type BodyResult<T> = { ok: true; value: T } | { ok: false; error: HmrcError };

export interface BodyOptions {
  /** Unknown fields are errors (HMRC's strict resolver; pension charges). */
  readonly strict?: boolean;
  /** Empty objects and arrays are errors (HMRC's `ResolveNonEmptyJsonObject`; reliefs and disclosures). */
  readonly nonEmpty?: boolean;
}

export function readJsonBody<T>(spec: Spec<T>, body: unknown, options: BodyOptions): BodyResult<T> {
  if (!isJsonObject(body) || Object.keys(body).length === 0) {
    return { ok: false, error: hmrcError('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED') };
  }
  const failures: string[] = [];
  const value = read(spec, body, '', failures) as T;
  if (failures.length > 0) {
    // Scala's default String ordering compares UTF-16 code units, exactly as Array.prototype.sort does.
    return {
      ok: false,
      error: hmrcError('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { paths: failures.sort() }),
    };
  }
  if (options.strict) {
    const extra = unknownFieldPaths(spec, body, '', []);
    if (extra.length > 0) {
      return { ok: false, error: hmrcError('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { paths: extra }) };
    }
  }
  if (options.nonEmpty) {
    if (Object.keys(value as object).length === 0) {
      return { ok: false, error: hmrcError('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED') };
    }
    const empty = emptyPaths(value, '', []);
    if (empty.length > 0) {
      return { ok: false, error: hmrcError('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { paths: empty }) };
    }
  }
  return { ok: true, value };
}
