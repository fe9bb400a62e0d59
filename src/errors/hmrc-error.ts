import { ERROR_CATALOGUE, type ErrorCode } from './codes';

/**
 * One error as HMRC reports it (or would report it): the unit shared by local validation, the HMRC client and
 * the GraphQL error mapping. `paths` are HMRC's JSON pointers into the request body (`/a/0/b`).
 */
export interface HmrcError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly status: number;
  readonly paths?: readonly string[];
}

/** Where an error was decided: by the gateway before calling HMRC, or by HMRC itself. */
export type ErrorOrigin = 'GATEWAY' | 'HMRC';

/** Builds an error with the catalogue's status and message unless told otherwise. */
export function hmrcError(
  code: ErrorCode,
  options: { paths?: readonly string[]; message?: string; status?: number } = {},
): HmrcError {
  const entry = ERROR_CATALOGUE[code];
  const error: HmrcError = {
    code,
    message: options.message ?? entry.message,
    status: options.status ?? entry.status,
  };
  return options.paths && options.paths.length > 0 ? { ...error, paths: [...options.paths] } : error;
}

/**
 * A failure carrying one or more HMRC-shaped errors. Thrown by validation (origin GATEWAY) and by the HMRC
 * client (origin HMRC); the GraphQL layer turns each inner error into one GraphQL error at the failing field.
 * Its own `message` is deliberately generic: nothing from an upstream body ends up in it.
 */
export class GatewayError extends Error {
  readonly errors: readonly [HmrcError, ...HmrcError[]];

  constructor(
    errors: readonly HmrcError[],
    readonly origin: ErrorOrigin,
    readonly correlationId?: string,
  ) {
    const [first, ...rest] = errors;
    if (!first) throw new TypeError('GatewayError needs at least one error');
    super(`${origin === 'HMRC' ? 'HMRC' : 'The gateway'} refused the request: ${first.code}`);
    this.name = 'GatewayError';
    this.errors = [first, ...rest];
  }

  /** The HTTP status HMRC returned (or would return) for the whole request. */
  get status(): number {
    return this.errors.length > 1 ? 400 : this.errors[0].status;
  }

  hasCode(code: ErrorCode): boolean {
    return this.errors.some((e) => e.code === code);
  }
}
