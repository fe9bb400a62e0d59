import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';

export type { Logger };

const CENSOR = '[REDACTED]';
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isCredentialKey = (key: string): boolean => {
  const lower = key.toLowerCase();
  return lower === 'authorization' || lower === 'token';
};

/** `headers` with its `authorization` censored, or `headers` itself when it has none. */
function censorHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === 'authorization') (out ??= { ...headers })[key] = CENSOR;
  }
  return out ?? headers;
}

/** One level down: `x.token`, `x.authorization` and `x.headers.authorization`. */
function censorNested(value: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const field = value[key];
    if (isCredentialKey(key)) (out ??= { ...value })[key] = CENSOR;
    else if (key === 'headers' && isObject(field)) {
      const headers = censorHeaders(field);
      if (headers !== field) (out ??= { ...value })[key] = headers;
    }
  }
  return out ?? value;
}

/**
 * The second line of defence (code never hands tokens to the logger): a log line's credential fields, if a
 * header object or a token ever slips through, are censored rather than written out. `authorization` and
 * `token` at the top level or one level down, and `authorization` in any `headers` object at either level,
 * matched case-insensitively. The object logged is never changed: a line that needs censoring gets a copy,
 * and every other line (nearly all of them) is passed through as it is.
 *
 * Not pino's own `redact` option: its wildcard paths (`*.token`) send every field of every line through the
 * redactor, which re-parses each path and clones selectively per field; the throughput benchmark's profile
 * (`npm run bench:throughput -- --cpu-prof DIR`) put that at about 3% of a cold request's CPU, most of the
 * cost of its ten log lines. This walk is a few property checks per field.
 */
export function censorCredentials(fields: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (isCredentialKey(key)) {
      (out ??= { ...fields })[key] = CENSOR;
    } else if (isObject(value)) {
      let censored = key === 'headers' ? censorNested(censorHeaders(value)) : censorNested(value);
      if (censored === value) continue;
      // A copy of an error loses what is not enumerable; its message and stack are kept in the open.
      if (value instanceof Error)
        censored = { type: value.name, message: value.message, stack: value.stack, ...censored };
      (out ??= { ...fields })[key] = censored;
    }
  }
  return out ?? fields;
}

/** Structured JSON logs, credentials censored (see `censorCredentials`). */
export function createLogger(
  options: { level: string; name?: string },
  destination?: DestinationStream,
): Logger {
  const logger = pino(
    {
      name: options.name ?? 'hmrc-graphql-gateway',
      level: options.level,
      formatters: { log: censorCredentials },
    },
    destination,
  );
  // A child's bindings are written into every line it logs, but pino's `bindings` formatter reaches only the
  // root's own: they are censored here, once per child, for the root and (through the prototype chain pino
  // builds children on) every descendant.
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the logger it was taken from
  const child = logger.child;
  logger.child = function (this: Logger, bindings, childOptions) {
    return child.call(this, censorCredentials(bindings), childOptions);
  } as Logger['child'];
  return logger;
}

/** A logger that writes nothing, for tests and embedded use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
