/**
 * From the gateway's errors to GraphQL errors, and the masking of everything else.
 *
 * - A `GatewayError` becomes one GraphQL error per HMRC error (HMRC's `INVALID_REQUEST` arrives here already
 *   flattened), each at the failing field, with `code`, `status`, `paths`, `origin` and `correlationId`.
 * - An invalid scalar keeps HMRC's code even though graphql-js / Apollo re-labelled it.
 * - Errors about the GraphQL request itself keep Apollo's code and message (they describe the caller's query).
 * - Anything else is unexpected: logged (identifiers masked) and reported as a bare `INTERNAL_SERVER_ERROR`, so
 *   no exception text, upstream body, URL or token can reach a client.
 *
 * `formatError` returns one error per input error, so the second and later errors of a `GatewayError` are held
 * aside here and spliced in by `expandErrorsPlugin` just before the response is sent.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from '../util/logger';
import { maskIdentifiers } from '../util/mask';
import { OperationLimitError, tokenLimitError } from '../limits/operation-limits';
import { ScalarInputError } from '../resolvers/scalars';
import type { ErrorCode } from './codes';
import { ERROR_CATALOGUE, isErrorCode } from './codes';
import type { ErrorOrigin, HmrcError } from './hmrc-error';
import { GatewayError } from './hmrc-error';

/** The `extensions` of every error the gateway sends. */
export interface GatewayErrorExtensions {
  readonly code: ErrorCode;
  readonly status: number;
  readonly paths?: readonly string[];
  readonly origin: ErrorOrigin;
  readonly correlationId?: string;
}

/** Codes that describe the caller's own request (bad GraphQL, bad credentials): passed through with their text. */
const REQUEST_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'MISSING_CREDENTIALS',
  'INVALID_CREDENTIALS',
  'FRAUD_PREVENTION_HEADERS_INVALID',
  'REAUTHORISATION_REQUIRED',
  'SESSION_UNAVAILABLE',
]);

const heldBack = new WeakMap<GraphQLFormattedError, GraphQLFormattedError[]>();

function findCause<T>(error: unknown, type: abstract new (...args: never[]) => T): T | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 10; depth++) {
    if (current instanceof type) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}

export function extensionsFor(
  error: HmrcError,
  origin: ErrorOrigin,
  correlationId?: string,
): GatewayErrorExtensions {
  return {
    code: error.code,
    status: error.status,
    ...(error.paths && error.paths.length > 0 ? { paths: error.paths } : {}),
    origin,
    ...(correlationId ? { correlationId } : {}),
  };
}

function located(formatted: GraphQLFormattedError): Pick<GraphQLFormattedError, 'locations' | 'path'> {
  return {
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
  };
}

export interface FormatErrorOptions {
  /**
   * Drop graphql-js's "Did you mean …?" hints (production): they let anyone map a schema whose introspection is
   * off, one typo at a time.
   */
  readonly hideSuggestions?: boolean;
}

/**
 * The request each error was raised in, told by the telemetry plugin when the request met it (Apollo gives
 * `formatError` the error alone), so that the line logged for an unexpected error names its request.
 */
const requestOfError = new WeakMap<object, string>();

export function tagErrorsWithRequest(errors: readonly object[], requestId: string): void {
  for (const error of errors) requestOfError.set(error, requestId);
}

export function createFormatError(logger: Logger, options: FormatErrorOptions = {}) {
  const requestMessage = (message: string, error: unknown): string => {
    const safe = withoutVariableValue(message, error);
    return options.hideSuggestions ? withoutSuggestions(safe) : safe;
  };
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const limitError = findCause(error, OperationLimitError);
    if (limitError) {
      return {
        message: limitError.message,
        ...located(formatted),
        extensions: { code: limitError.code, status: 400, origin: 'GATEWAY' },
      };
    }
    if (formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED') {
      const tooLong = tokenLimitError(formatted.message);
      if (tooLong)
        return {
          message: tooLong.message,
          extensions: { code: tooLong.code, status: 400, origin: 'GATEWAY' },
        };
    }

    const gatewayError = findCause(error, GatewayError);
    if (gatewayError) {
      const [first, ...rest] = gatewayError.errors.map((e): GraphQLFormattedError => ({
        message: e.message,
        ...located(formatted),
        extensions: { ...extensionsFor(e, gatewayError.origin, gatewayError.correlationId) },
      }));
      if (rest.length > 0) heldBack.set(first!, rest);
      return first!;
    }

    const scalarError = findCause(error, ScalarInputError);
    if (scalarError) {
      return {
        message: requestMessage(formatted.message, error),
        ...located(formatted),
        extensions: { ...extensionsFor(scalarError.hmrc, 'GATEWAY') },
      };
    }

    const code = formatted.extensions?.code;
    if (isErrorCode(code) && REQUEST_CODES.has(code)) {
      return {
        message: requestMessage(formatted.message, error),
        ...located(formatted),
        extensions: {
          code,
          status: httpStatusOf(error) ?? ERROR_CATALOGUE[code].status,
          origin: 'GATEWAY',
          // Which fraud-prevention headers are wrong, and how (the caller's own headers; no one else's data).
          ...(code === 'FRAUD_PREVENTION_HEADERS_INVALID' && formatted.extensions?.headers
            ? { headers: formatted.extensions.headers }
            : {}),
        },
      };
    }

    // A request-level error Apollo raised with a 4xx status but no code (e.g. an APQ hash that does not match
    // its query, or an unsupported APQ version) is about the caller's request: say so, in Apollo's words.
    const requestStatus = httpStatusOf(error);
    if (requestStatus !== undefined && requestStatus < 500 && !formatted.path) {
      return {
        message: formatted.message,
        ...located(formatted),
        extensions: { code: 'BAD_REQUEST', status: requestStatus, origin: 'GATEWAY' },
      };
    }

    const requestId = typeof error === 'object' && error !== null ? requestOfError.get(error) : undefined;
    logger.error(
      { ...(requestId ? { requestId } : {}), error: describeUnexpected(error), path: formatted.path },
      'Unexpected error while resolving',
    );
    return {
      message: ERROR_CATALOGUE.INTERNAL_SERVER_ERROR.message,
      ...located(formatted),
      extensions: { code: 'INTERNAL_SERVER_ERROR', status: 500, origin: 'GATEWAY' },
    };
  };
}

// graphql-js's hints: `Did you mean "a", "b", or "c"?` and `Did you mean the enum value "A"?` (the second is
// why GraphQL Armor's own mask, which only knows the first, is not enough).
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '').trim();
}

const VARIABLE_PREFIX = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)" got invalid value /;
const MAX_NAME = 40;
const MAX_REASON = 300;

/**
 * graphql-js words a bad variable as `Variable "$v" got invalid value <the value> [at "v.path"]; <reason>`, and
 * the reason often repeats the value (`Int cannot represent non-integer value: …`). A value can be megabytes, a
 * token pasted in the wrong place, or someone else's NINO, and error messages travel into logs, so the value
 * never comes back: the message keeps the variable, the path inside it and the reason. The reason is found as
 * the message of an error in the `originalError` chain (graphql-js keeps it there).
 */
export function withoutVariableValue(message: string, error: unknown): string {
  const prefix = VARIABLE_PREFIX.exec(message);
  if (!prefix) return message;
  const name = prefix[1]!;
  let rest = message.slice(prefix[0].length);
  let reason: string | undefined;
  for (let current: unknown = error, depth = 0; current && depth < 10; depth++) {
    const text = (current as { message?: unknown }).message;
    if (typeof text === 'string' && text !== message && rest.endsWith(`; ${text}`)) {
      reason = text;
      break;
    }
    current = (current as { originalError?: unknown }).originalError;
  }
  if (reason !== undefined) rest = rest.slice(0, rest.length - reason.length - 2);
  const at = new RegExp(` at "${name}((?:\\.[_A-Za-z][_0-9A-Za-z]*|\\[\\d+\\])*)"$`).exec(rest);
  const where = at ? ` at "${name}${at[1]}"` : '';
  return `Variable "$${name}" got invalid value${where}${reason === undefined ? '' : `; ${withoutValues(reason)}`}`;
}

/** A reason from graphql-js's input coercion, without the values it quotes (names are kept, shortened). */
function withoutValues(reason: string): string {
  const text = reason
    .replace(/^(\w+ cannot represent [^:]*): [\s\S]*$/, '$1')
    .replace(/^(Enum "\w+" cannot represent non-string value): [\s\S]*?(\.|$)/, '$1$2')
    .replace(/^Value "[\s\S]*" does not exist in "(\w+)" enum\./, 'The value does not exist in "$1" enum.')
    .replace(/"([^"]{1,40})[^"]*"/g, (match, head: string) =>
      match.length - 2 > MAX_NAME ? `"${head}…"` : match,
    );
  return text.length > MAX_REASON ? `${text.slice(0, MAX_REASON)}…` : text;
}

/**
 * The HTTP status Apollo answers with for a request-level error (e.g. 405 for an unsupported method), which
 * `extensions.status` must repeat; Apollo strips `extensions.http` from the formatted error, not the original.
 */
function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { extensions?: { http?: { status?: unknown } } } | null)?.extensions?.http?.status;
  return typeof status === 'number' && status >= 400 ? status : undefined;
}

function describeUnexpected(error: unknown): { name: string; message: string; stack?: string } {
  let cause: unknown = error;
  while (cause && typeof cause === 'object' && 'originalError' in cause && cause.originalError) {
    cause = cause.originalError;
  }
  if (cause instanceof Error) {
    return {
      name: cause.name,
      message: maskIdentifiers(cause.message),
      ...(cause.stack ? { stack: maskIdentifiers(cause.stack) } : {}),
    };
  }
  return { name: typeof cause, message: maskIdentifiers(String(cause)) };
}

/** Splices the held-back errors of multi-error failures into the response, right after their first sibling. */
export function expandErrorsPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        willSendResponse({ response }) {
          if (response.body.kind !== 'single') return Promise.resolve();
          const result = response.body.singleResult as { errors?: readonly GraphQLFormattedError[] };
          if (result.errors) result.errors = result.errors.flatMap((e) => [e, ...(heldBack.get(e) ?? [])]);
          return Promise.resolve();
        },
      });
    },
  };
}
