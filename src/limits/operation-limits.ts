/**
 * Per-operation limits, checked while the document is parsed and validated, so before anything runs or HMRC is
 * called: nesting depth, aliases, directives and cost come from GraphQL Armor's validation rules; the token
 * count from graphql-js's own parser limit (`maxTokens`, which Apollo Server passes through as `parseOptions`).
 *
 * Why not Armor's token plugin as well: it needs to replace the parse function, which Apollo Server does not
 * allow. Armor's Apollo adapter re-parses the document in `parsingDidStart` instead, where a rejection becomes an
 * HTTP 500 "Internal server error" in Apollo Server 5; graphql-js's limit aborts the one parse Apollo makes.
 *
 * Each limit has its own code (see `ERROR_CATALOGUE`). Armor's rules report through `onReject`, into the
 * validation context, as one `OperationLimitError` that the error formatter recognises (Apollo relabels every
 * validation error `GRAPHQL_VALIDATION_FAILED` but keeps it as `originalError`).
 */
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { GraphQLError as GraphQLErrorType, ValidationContext, ValidationRule } from 'graphql';
import { GraphQLError } from 'graphql';
import type { ErrorCode } from '../errors/codes';
import { ERROR_CATALOGUE } from '../errors/codes';

export interface OperationLimits {
  /** Deepest field nesting (fragments count as the fields they contain). */
  readonly depth: number;
  /** Aliased fields in one operation (`__typename` aliases are free). */
  readonly aliases: number;
  /** Lexical tokens in the document (bounds parsing work whatever the document does). */
  readonly tokens: number;
  /** GraphQL Armor's cost: objects 2, scalars 1, each level of nesting multiplying by 1.5. */
  readonly cost: number;
  /** Directives in one operation. */
  readonly directives: number;
}

/**
 * Sized from the largest legitimate query (every field of every resource for the 7 years HMRC serves, plus the
 * Self Assessment account, see test/graphql/operation-limits.test.ts) and every README example, with headroom,
 * while still refusing the amplification documents that motivated them (thousands of aliases, deep nesting).
 */
export const OPERATION_LIMIT_DEFAULTS: OperationLimits = {
  depth: 12,
  aliases: 30,
  tokens: 10_000,
  cost: 20_000,
  directives: 50,
};

export type OperationLimitCode =
  | 'OPERATION_TOO_DEEP'
  | 'OPERATION_TOO_MANY_ALIASES'
  | 'OPERATION_TOO_MANY_TOKENS'
  | 'OPERATION_TOO_COSTLY'
  | 'OPERATION_TOO_MANY_DIRECTIVES';

/** A document refused by one of the limits; the formatter reports `code` (status 400). */
export class OperationLimitError extends GraphQLError {
  constructor(
    readonly code: OperationLimitCode & ErrorCode,
    message: string,
  ) {
    super(message, {
      extensions: { code, status: ERROR_CATALOGUE[code].status, origin: 'GATEWAY', http: { status: 400 } },
    });
    this.name = 'OperationLimitError';
  }
}

type Reject = (context: ValidationContext | null, error: GraphQLErrorType) => void;

/** Armor's rejection, reported as our typed error (and without Armor's "Syntax Error:" prefix, which misleads). */
function rejectWith(code: OperationLimitCode, describe: (found: string) => string): Reject {
  return (context, error) => {
    const found = /found (\d+(?:\.\d+)?)/.exec(error.message)?.[1] ?? 'more';
    context?.reportError(new OperationLimitError(code, describe(found)));
  };
}

/** Armor's validation rules for `limits`, reporting typed errors instead of throwing. */
export function operationLimitRules(limits: OperationLimits): ValidationRule[] {
  const common = { exposeLimits: true, propagateOnRejection: false } as const;
  return [
    maxDepthRule({
      ...common,
      n: limits.depth,
      onReject: [
        rejectWith(
          'OPERATION_TOO_DEEP',
          (found) => `The operation nests ${found} levels deep; at most ${limits.depth} are allowed`,
        ),
      ],
    }),
    maxAliasesRule({
      ...common,
      n: limits.aliases,
      onReject: [
        rejectWith(
          'OPERATION_TOO_MANY_ALIASES',
          (found) => `The operation has ${found} aliases; at most ${limits.aliases} are allowed`,
        ),
      ],
    }),
    maxDirectivesRule({
      ...common,
      n: limits.directives,
      onReject: [
        rejectWith(
          'OPERATION_TOO_MANY_DIRECTIVES',
          (found) => `The operation has ${found} directives; at most ${limits.directives} are allowed`,
        ),
      ],
    }),
    costLimitRule({
      ...common,
      maxCost: limits.cost,
      onReject: [
        rejectWith(
          'OPERATION_TOO_COSTLY',
          (found) => `The operation costs ${found}; at most ${limits.cost} is allowed`,
        ),
      ],
    }),
  ] as ValidationRule[];
}

/** graphql-js's parse-time token limit (its message is recognised by `tokenLimitError`). */
export function parseOptionsFor(limits: OperationLimits): { maxTokens: number } {
  return { maxTokens: limits.tokens };
}

// graphql-js 16's wording, typo included ("more that"); the test suite pins it, so a change in a graphql
// upgrade fails a test instead of silently reporting GRAPHQL_PARSE_FAILED.
const TOKEN_LIMIT = /^Syntax Error: Document contains more th(?:at|an) (\d+) tokens\. Parsing aborted\.$/;

/** The typed error for graphql-js's token-limit parse failure, or `undefined` for any other parse error. */
export function tokenLimitError(message: string): OperationLimitError | undefined {
  const limit = TOKEN_LIMIT.exec(message)?.[1];
  return limit === undefined
    ? undefined
    : new OperationLimitError(
        'OPERATION_TOO_MANY_TOKENS',
        `The document has more than ${limit} tokens; shorten it`,
      );
}
