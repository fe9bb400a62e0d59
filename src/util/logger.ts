import pino from 'pino';
import type { Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. `redact` is a second line of defence: code never hands tokens to the logger, but if a
 * header object ever slips through, the credential fields are censored rather than written out.
 */
export function createLogger(options: { level: string; name?: string; mixin?: () => object }): Logger {
  return pino({
    name: options.name ?? 'hmrc-graphql-gateway',
    level: options.level,
    // Fields added to every line, e.g. the id of the request being served (src/observability/request-scope.ts).
    ...(options.mixin ? { mixin: options.mixin } : {}),
    redact: {
      paths: [
        'authorization',
        'headers.authorization',
        '*.headers.authorization',
        'req.headers.authorization',
        'token',
        '*.token',
      ],
      censor: '[REDACTED]',
    },
  });
}

/** A logger that writes nothing, for tests and embedded use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
