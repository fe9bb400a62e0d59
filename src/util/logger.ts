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

/**
 * `value` with its credential fields censored, copied only when one is found. `depth` 2 is a log line: its
 * objects are walked at depth 1, where only a `headers` object is walked further (at depth 0).
 */
function censor(value: Record<string, unknown>, depth: 0 | 1 | 2): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const field = value[key];
    if (isCredentialKey(key)) {
      (out ??= { ...value })[key] = CENSOR;
    } else if (isObject(field) && (depth === 2 || (depth === 1 && key === 'headers'))) {
      let censored = censor(field, depth === 2 ? 1 : 0);
      if (censored === field) continue;
      // A copy of an error loses what is not enumerable; its message and stack are kept in the open.
      if (field instanceof Error)
        censored = { type: field.name, message: field.message, stack: field.stack, ...censored };
      (out ??= { ...value })[key] = censored;
    }
  }
  return out ?? value;
}

/**
 * The second line of defence (code never hands tokens to the logger): a log line's credential fields, if a
 * header object or a token ever slips through, are censored rather than written out. `authorization` and
 * `token` at the top level, one level down, and in a `headers` object one level down, matched
 * case-insensitively. The object logged is never changed: a line that needs censoring gets a copy, and every
 * other line (nearly all of them) is passed through as it is.
 *
 * Not pino's own `redact` option: its wildcard paths (`*.token`) send every field of every line through the
 * redactor, which re-parses each path and clones selectively per field; the throughput benchmark's profile
 * (`npm run bench:throughput -- --cpu-prof DIR`) put that at about 3% of a cold request's CPU, most of the
 * cost of its ten log lines. This walk is a few property checks per field.
 */
export function censorCredentials(fields: Record<string, unknown>): Record<string, unknown> {
  return censor(fields, 2);
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
