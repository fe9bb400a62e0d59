/**
 * Where the gateway keeps state between requests: HMRC answers (per principal), automatic persisted queries and,
 * through `redis`, the shared rate-limit budget. In memory by default (bounded, least recently used first);
 * Redis when `REDIS_URL` is set, so that every replica shares one cache and one budget.
 */
import { KeyvAdapter } from '@apollo/utils.keyvadapter';
import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import Keyv from 'keyv';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../util/logger';
import { TIMED_OUT, withinTime } from '../util/timeout';
import type { RedisConnection } from './redis';
import { connectRedis, keyvRedis, throttledWarning } from './redis';
import type { ResponseCache } from './response-cache';
import { MemoryResponseCache, NO_RESPONSE_CACHE, SealedResponseCache } from './response-cache';

export interface StoreOptions {
  readonly redisUrl: string | undefined;
  readonly redisTimeoutMs: number;
  /** In-memory cache size; 0 disables response caching. */
  readonly maxEntries: number;
}

export interface Stores {
  readonly responses: ResponseCache;
  /** The APQ store (`undefined` would leave Apollo Server's own in-memory cache in place). */
  readonly apq: KeyValueCache<string> | undefined;
  readonly redis: RedisConnection | undefined;
  /** Sign-in sessions, pending sign-ins and mobile handoffs (sealed by `auth/oauth/store.ts`). */
  readonly sessions: Keyv<string>;
  close(): Promise<void>;
}

/**
 * lru-cache as a keyv store. Keyv hands a store the TTL as a bare number of milliseconds while lru-cache takes an
 * options object (a number makes it throw, which keyv reports only as an 'error' event), so the two need this
 * adapter. Keyv also keeps the expiry inside the value; passing it on lets the LRU free expired entries early.
 */
class BoundedMemoryStore {
  #lru: LRUCache<string, object | string> | undefined;

  constructor(private readonly max: number) {}

  /**
   * Built on first use: lru-cache allocates all `max` slots up front, ~17 ms at start for the sessions' 100,000,
   * which only sign-in ever uses.
   */
  get #cache(): LRUCache<string, object | string> {
    return (this.#lru ??= new LRUCache({ max: this.max }));
  }

  get(key: string): object | string | undefined {
    return this.#cache.get(key);
  }

  set(key: string, value: object | string, ttl?: number): boolean {
    this.#cache.set(key, value, typeof ttl === 'number' && ttl > 0 ? { ttl } : undefined);
    return true;
  }

  delete(key: string): boolean {
    return this.#cache.delete(key);
  }

  clear(): void {
    this.#cache.clear();
  }

  has(key: string): boolean {
    return this.#cache.has(key);
  }
}

/**
 * The APQ store with a bound on every operation. Apollo waits for the APQ lookup before it runs a request, and
 * neither keyv nor node-redis has a timeout of its own: a Redis that accepts connections but does not answer
 * (overloaded, frozen, a partition) would hold every hash-only request for ever (and Apollo's own error handling
 * only catches failures, not silence). A late or failed lookup is a miss — the client then sends the query text —
 * and a late or failed write is dropped, each with a (throttled) warning.
 */
class TimeBoundCache implements KeyValueCache<string> {
  constructor(
    private readonly inner: KeyValueCache<string>,
    private readonly timeoutMs: number,
    private readonly warn: (fields: object, message: string) => void,
  ) {}

  get(key: string): Promise<string | undefined> {
    return this.#bounded('get', () => this.inner.get(key), undefined);
  }

  set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    return this.#bounded('set', () => this.inner.set(key, value, options), undefined);
  }

  delete(key: string): Promise<boolean | void> {
    return this.#bounded('delete', () => this.inner.delete(key), false);
  }

  async #bounded<R>(operation: string, run: () => Promise<R>, fallback: R): Promise<R> {
    try {
      const value = await withinTime(run(), this.timeoutMs);
      if (value !== TIMED_OUT) return value;
      this.warn({ operation, timeoutMs: this.timeoutMs }, 'APQ cache unavailable; treated as a miss');
    } catch (error) {
      this.warn(
        { operation, reason: error instanceof Error ? error.name : 'unknown' },
        'APQ cache unavailable; treated as a miss',
      );
    }
    return fallback;
  }
}

/** Persisted queries kept in memory (queries are small; a few thousand distinct ones is a large app). */
const APQ_MEMORY_ENTRIES = 5_000;
/** Sessions kept in memory (one replica): a bound on memory, far above what one process serves. */
const SESSION_MEMORY_ENTRIES = 100_000;

/** `now`: the response cache's clock (epoch milliseconds), see `MemoryResponseCache`. */
export function createStores(options: StoreOptions, logger: Logger, now: () => number = Date.now): Stores {
  if (options.redisUrl === undefined) {
    const warn = throttledWarning(logger);
    // In this process the answers are kept as objects, neither sealed nor encoded: see response-cache.ts for
    // why that is safe here and not in Redis, whose copy can leave the process.
    const responses: ResponseCache =
      options.maxEntries > 0 ? new MemoryResponseCache(options.maxEntries, now) : NO_RESPONSE_CACHE;
    // Persisted queries in the same (bounded) memory backend, in their own namespace and with their own bound, so
    // a flood of new queries can never push HMRC answers out or the other way round.
    // Not namespace 'apq': Apollo prefixes its keys with 'apq:', and keyv 5's batched read mistakes a key that
    // starts with its own namespace for an already-prefixed one, so nothing stored would ever be found.
    const apq = new Keyv<string>({
      store: new BoundedMemoryStore(APQ_MEMORY_ENTRIES),
      namespace: 'hmrc-gw-queries',
    });
    apq.on('error', (error: unknown) =>
      warn({ reason: error instanceof Error ? error.message : 'unknown' }, 'Memory APQ store error'),
    );
    // Sessions in their own bounded store, so neither cached answers nor queries can push a sign-in out.
    const sessions = new Keyv<string>({
      store: new BoundedMemoryStore(SESSION_MEMORY_ENTRIES),
      namespace: 'hmrc-gw-sessions',
    });
    sessions.throwOnErrors = true;
    return {
      responses,
      apq: new KeyvAdapter(apq),
      redis: undefined,
      sessions,
      close: () => Promise.resolve(),
    };
  }

  const redis = connectRedis(options.redisUrl, logger);
  const { default: KeyvRedis } = keyvRedis();
  const warn = throttledWarning(logger);
  const keyvOn = (namespace: string, throwOnErrors: boolean) => {
    const keyv = new Keyv<string>({
      store: new KeyvRedis(redis, { throwOnErrors }),
      namespace,
      // KeyvRedis prefixes keys with the namespace itself; Keyv doing it too would double it.
      useKeyPrefix: false,
    });
    keyv.on('error', (error: unknown) =>
      warn({ namespace, reason: error instanceof Error ? error.name : 'unknown' }, 'Cache store error'),
    );
    return keyv;
  };
  return {
    // Errors thrown, not swallowed: KeyvRedis would otherwise answer a failed lookup as "nothing stored", and
    // SealedResponseCache has to tell the two apart (a write marker that cannot be read is not an absent marker).
    // SealedResponseCache turns the failures into misses with a warning, within its own timeout.
    responses: new SealedResponseCache(keyvOn('hmrc-gw:hmrc', true), options.redisTimeoutMs, logger, now),
    // For APQ a failure is simply a miss (the client then sends the query text); the 'error' listener logs it.
    apq: new TimeBoundCache(new KeyvAdapter(keyvOn('hmrc-gw:apq', false)), options.redisTimeoutMs, warn),
    redis,
    // Errors thrown: a session that cannot be read must never be taken for one that does not exist (a sign-out).
    sessions: keyvOn('hmrc-gw:sessions', true),
    close: async () => {
      if (!redis.isOpen) return;
      // QUIT waits for Redis to answer, and while Redis is down (the client reconnecting) or frozen, it never
      // does: shutdown (SIGTERM) would hang for ever. So a client that is not connected is dropped at once, and
      // a QUIT that gets no answer in time is given up on.
      if (redis.isReady) {
        await withinTime(
          redis.quit().catch(() => undefined),
          Math.max(1_000, options.redisTimeoutMs),
        );
      }
      if (redis.isOpen) redis.destroy();
    },
  };
}
