/**
 * The one Redis connection of a gateway process, shared by the response cache, the APQ store and the rate
 * limiter. Configured never to make a GraphQL request wait on Redis: commands are not queued while disconnected
 * (they fail at once, and callers treat that as a cache miss), and the client keeps reconnecting in the background.
 */
import type * as KeyvRedisModule from '@keyv/redis';
import type { RedisClientType } from '@keyv/redis';
import type { Logger } from '../util/logger';
import { maskIdentifiers } from '../util/mask';

export type RedisConnection = RedisClientType;

/** Logs a repeated condition at most once per interval, so an outage does not flood the log. */
export function throttledWarning(
  logger: Logger,
  intervalMs = 30_000,
): (fields: object, message: string) => void {
  const last = new Map<string, number>();
  return (fields, message) => {
    const now = Date.now();
    if (now - (last.get(message) ?? 0) < intervalMs) return;
    last.set(message, now);
    logger.warn(fields, message);
  };
}

/**
 * @keyv/redis (and the Redis client under it), loaded only when Redis is configured: it is the largest single
 * part of the gateway's start-up, and a gateway without `REDIS_URL` never uses it.
 */
export function keyvRedis(): typeof KeyvRedisModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@keyv/redis') as typeof KeyvRedisModule;
}

export function connectRedis(url: string, logger: Logger): RedisConnection {
  const warn = throttledWarning(logger);
  const { createClient } = keyvRedis();
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 2_000,
      // Reconnect forever, backing off to one attempt every 2 s.
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2_000),
    },
  }) as RedisConnection;
  // An unhandled 'error' event would crash the process; an outage is a warning, never a failure.
  client.on('error', (error: unknown) =>
    warn(
      { reason: maskIdentifiers(error instanceof Error ? error.message : String(error)) },
      'Redis unavailable',
    ),
  );
  client.on('ready', () => logger.info('Redis connected'));
  client.connect().catch(() => undefined);
  return client;
}
