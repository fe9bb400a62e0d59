/**
 * The custom scalars. An invalid value throws `ScalarInputError`, which carries HMRC's code; graphql-js and
 * Apollo re-label such errors (`GRAPHQL_VALIDATION_FAILED` for literals, `BAD_USER_INPUT` for variables), and
 * the error formatter restores the code from this error, which stays reachable through `originalError`.
 */
import type { ValueNode } from 'graphql';
import { GraphQLError, Kind } from 'graphql';
import type { ErrorCode } from '../errors/codes';
import type { HmrcError } from '../errors/hmrc-error';
import { hmrcError } from '../errors/hmrc-error';
import { checkTaxYear, isValidNino, isValidUtr, parseIsoDate } from '../validation/identifiers';

export class ScalarInputError extends GraphQLError {
  constructor(
    readonly hmrc: HmrcError,
    node?: ValueNode,
  ) {
    super(hmrc.message, {
      ...(node ? { nodes: node } : {}),
      extensions: { code: hmrc.code, status: hmrc.status, origin: 'GATEWAY' },
    });
    this.name = 'ScalarInputError';
  }
}

/**
 * A scalar's behaviour in graphql-tools' `__serialize` / `__parseValue` / `__parseLiteral` form. A
 * `GraphQLScalarType` instance would replace the SDL's scalar wholesale, description included, and the schema's
 * documentation of each scalar lives in the SDL.
 */
export interface ScalarImplementation {
  __serialize(value: unknown): string;
  __parseValue(value: unknown): string;
  __parseLiteral(node: ValueNode): string;
}

function stringScalar(
  name: string,
  formatCode: ErrorCode,
  check: (value: string) => ErrorCode | undefined,
): ScalarImplementation {
  const parse = (value: unknown, node?: ValueNode): string => {
    const problem = typeof value === 'string' ? check(value) : formatCode;
    if (problem) throw new ScalarInputError(hmrcError(problem), node);
    return value as string;
  };
  return {
    // Output values come from HMRC or from validated input: passed through as they are.
    __serialize: (value) => {
      if (typeof value === 'string') return value;
      throw new GraphQLError(`${name} cannot represent a non-string value`);
    },
    __parseValue: (value) => parse(value),
    __parseLiteral: (node) => parse(node.kind === Kind.STRING ? node.value : undefined, node),
  };
}

export const scalarResolvers = {
  Nino: stringScalar('Nino', 'FORMAT_NINO', (v) => (isValidNino(v) ? undefined : 'FORMAT_NINO')),
  TaxYear: stringScalar('TaxYear', 'FORMAT_TAX_YEAR', checkTaxYear),
  Utr: stringScalar('Utr', 'FORMAT_UTR', (v) => (isValidUtr(v) ? undefined : 'FORMAT_UTR')),
  Date: stringScalar('Date', 'FORMAT_DATE', (v) => (parseIsoDate(v) ? undefined : 'FORMAT_DATE')),
  DateTime: stringScalar('DateTime', 'FORMAT_DATE', (v) =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(v) &&
    parseIsoDate(v.slice(0, 10))
      ? undefined
      : 'FORMAT_DATE',
  ),
} satisfies Record<string, ScalarImplementation>;
