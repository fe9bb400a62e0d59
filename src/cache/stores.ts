/**
 * Where the gateway keeps state between requests: HMRC answers (per principal), automatic persisted queries and,
 * through `redis`, the shared rate-limit budget. In memory by default (bounded, least recently used first);
 * Redis when `REDIS_URL` is set, so that every replica shares one cache and one budget.
 */
import { KeyvAdapter } from '@apollo/utils.keyvadapter';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { ErrorsAreMissesCache } from '@apollo/utils.keyvaluecache';
import KeyvRedis from '@keyv/redis';
import Keyv from 'keyv';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../util/logger';
import type { RedisConnection } from './redis';
import { connectRedis, throttledWarning } from './redis';
import { ResponseCache } from './response-cache';

export interface StoreOptions {
  readonly redisUrl: string | undefined;
  readonly redisTimeoutMs: number;
  /** In-memory cache size; 0 disables response caching. */
  readonly maxEntries: number;
}

export interface Stores {
  readonly responses: ResponseCache;
  /** The APQ store; `undefined` leaves Apollo Server's own bounded in-memory cache in place. */
  readonly apq: KeyValueCache<string> | undefined;
  readonly redis: RedisConnection | undefined;
  close(): Promise<void>;
}

/**
 * lru-cache as a keyv store. Keyv hands a store the TTL as a bare number of milliseconds while lru-cache takes an
 * options object (a number makes it throw, which keyv reports only as an 'error' event), so the two need this
 * adapter. Keyv also keeps the expiry inside the value; passing it on lets the LRU free expired entries early.
 */
class BoundedMemoryStore {
  readonly #lru: LRUCache<string, object | string>;

  constructor(max: number) {
    this.#lru = new LRUCache({ max });
  }

  get(key: string): object | string | undefined {
    return this.#lru.get(key);
  }

  set(key: string, value: object | string, ttl?: number): boolean {
    this.#lru.set(key, value, typeof ttl === 'number' && ttl > 0 ? { ttl } : undefined);
    return true;
  }

  delete(key: string): boolean {
    return this.#lru.delete(key);
  }

  clear(): void {
    this.#lru.clear();
  }

  has(key: string): boolean {
    return this.#lru.has(key);
  }
}

export function createStores(options: StoreOptions, logger: Logger): Stores {
  if (options.redisUrl === undefined) {
    const responses =
      options.maxEntries > 0
        ? new Keyv<string>({ store: new BoundedMemoryStore(options.maxEntries), namespace: 'hmrc' })
        : undefined;
    const warn = throttledWarning(logger);
    responses?.on('error', (error: unknown) =>
      warn({ reason: error instanceof Error ? error.message : 'unknown' }, 'Memory cache error'),
    );
    return {
      responses: new ResponseCache(responses, options.redisTimeoutMs, logger),
      apq: undefined,
      redis: undefined,
      close: () => Promise.resolve(),
    };
  }

  const redis = connectRedis(options.redisUrl, logger);
  const warn = throttledWarning(logger);
  const keyvOn = (namespace: string) => {
    // throwOnErrors off: an unreachable Redis answers like an empty one (misses), which ResponseCache also
    // guarantees with its own timeout.
    const keyv = new Keyv<string>({
      store: new KeyvRedis(redis, { throwOnErrors: false }),
      namespace,
      // KeyvRedis prefixes keys with the namespace itself; Keyv doing it too would double it.
      useKeyPrefix: false,
    });
    keyv.on('error', (error: unknown) =>
      warn({ namespace, reason: error instanceof Error ? error.name : 'unknown' }, 'Cache store error'),
    );
    return keyv;
  };
  const apqLogger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (message: unknown) => warn({ reason: String(message) }, 'APQ cache unavailable; treated as a miss'),
    error: (message: unknown) =>
      warn({ reason: String(message) }, 'APQ cache unavailable; treated as a miss'),
  };
  return {
    responses: new ResponseCache(keyvOn('hmrc-gw:hmrc'), options.redisTimeoutMs, logger),
    apq: new ErrorsAreMissesCache(new KeyvAdapter(keyvOn('hmrc-gw:apq')), apqLogger),
    redis,
    close: async () => {
      if (redis.isOpen) await redis.quit().catch(() => redis.destroy());
      else redis.destroy();
    },
  };
}
