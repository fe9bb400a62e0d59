/**
 * Single flight for token refreshes across replicas. HMRC's refresh tokens are single use and HMRC refuses a
 * second refresh of a grant while one is under way, so exactly one replica may refresh a session at a time; the
 * others wait for it and then read the new token from the shared session store.
 *
 * With Redis: redis-semaphore's `Mutex` (SET NX PX to acquire, compare-and-delete to release, auto-extended while
 * held, so a crashed holder's lock expires by itself). It is written against ioredis's command signatures; the
 * adapter below speaks them over node-redis v5 (`sendCommand`), the client the rest of the gateway already holds,
 * rather than opening a second connection with a second client library. Without Redis there is one replica and
 * the in-process flight (`SessionService`) is already the single flight, so the lock is a no-op.
 */
import type * as RedisSemaphore from 'redis-semaphore';
import type { RedisConnection } from '../../cache/redis';
import type { Logger } from '../../util/logger';

export type Release = () => Promise<void>;

export interface RefreshLock {
  /** Resolves once this process holds the lock for `name`; rejects if it cannot be had in time. */
  acquire(name: string): Promise<Release>;
}

export const processLocalLock: RefreshLock = {
  acquire: () => Promise.resolve(() => Promise.resolve()),
};

/** ioredis-style `set`/`eval`/`evalsha`/`get` over a node-redis v5 client, as redis-semaphore calls them. */
function ioredisShape(redis: RedisConnection) {
  const send = (args: ReadonlyArray<string | number>) => redis.sendCommand(args.map(String));
  return {
    set: (...args: Array<string | number>) => send(['SET', ...args]),
    get: (key: string) => send(['GET', key]),
    eval: (...args: Array<string | number>) => send(['EVAL', ...args]),
    evalsha: (...args: Array<string | number>) => send(['EVALSHA', ...args]),
    zrem: (...args: Array<string | number>) => send(['ZREM', ...args]),
  };
}

export interface RedisLockOptions {
  /** How long a lock lives without being extended (its holder crashed): longer than one token call. */
  readonly lockTimeoutMs: number;
  /** How long a waiter waits for the holder before giving up. */
  readonly acquireTimeoutMs: number;
  readonly keyPrefix?: string;
}

export function redisRefreshLock(
  redis: RedisConnection,
  options: RedisLockOptions,
  logger: Logger,
): RefreshLock {
  // Loaded only when sign-in shares Redis between replicas (a gateway without Redis never needs it).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Mutex } = require('redis-semaphore') as typeof RedisSemaphore;
  const client = ioredisShape(redis) as unknown as ConstructorParameters<typeof Mutex>[0];
  const prefix = options.keyPrefix ?? 'hmrc-gw:oauth-refresh:';
  return {
    async acquire(name) {
      const mutex = new Mutex(client, `${prefix}${name}`, {
        lockTimeout: options.lockTimeoutMs,
        acquireTimeout: options.acquireTimeoutMs,
        retryInterval: 20,
        // The default throws from a timer (an unhandled error). Losing the lock means Redis forgot it; the
        // refresh under way still finishes, and the record's "refresh sent" marker keeps any other replica
        // from sending the same refresh token again.
        onLockLost: () =>
          logger.warn({ lock: 'oauth-refresh' }, 'Lost the token-refresh lock while holding it'),
      });
      await mutex.acquire();
      return () => mutex.release().catch(() => undefined);
    },
  };
}
