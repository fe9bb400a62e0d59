/**
 * The cache of HMRC's answers across requests.
 *
 * Cache semantics: entries are keyed by principal (a hash of the caller's credential) plus resource, so nothing
 * is ever shared between callers. An answer is kept for its API's TTL; HMRC's "no data" is kept too, for a
 * shorter TTL. A failing or slow backend (Redis down) is a cache miss with a logged warning, never a failed
 * query. Writes through the gateway delete the entries they make stale (see `Loaders.afterWrite`).
 *
 * Two implementations, because where the copy lives decides what it needs:
 * - `MemoryResponseCache`, in this process (no `REDIS_URL`): the answers are kept as the objects they are, frozen,
 *   under the principal's id. Nothing is sealed or encoded, because nothing leaves the process: a copy of this
 *   memory is a copy of the process, which holds the same answers (and the credentials) anyway. Profiling showed
 *   sealing, key naming and keyv's double JSON were most of a warm request's cost.
 * - `SealedResponseCache`, over keyv (Redis): an entry can be read outside the process (a replica, a backup, `SCAN`,
 *   `MONITOR`), so each is sealed with a key derived from the caller's credential and stored under a MAC of its
 *   logical key, and every operation is bounded in time.
 */
import { createHmac } from 'node:crypto';
import type Keyv from 'keyv';
import { LRUCache } from 'lru-cache';
import type { Principal } from '../auth/principal';
import type { Logger } from '../util/logger';
import { TIMED_OUT, withinTime } from '../util/timeout';
import { throttledWarning } from './redis';
import { open, seal } from './seal';

/**
 * A hit, or a miss. `unavailable` tells a miss because the store failed or did not answer in time from one because
 * it holds nothing: a caller that must know an entry is absent (the write markers, see `Loaders`) cannot take the
 * first for the second.
 */
export type CacheLookup<T> = { hit: true; value: T } | { hit: false; unavailable: boolean };

/** What the loaders need of a cache of HMRC's answers (see the top of this file for the two kinds). */
export interface ResponseCache {
  /** Whether anything is cached at all (not: every lookup misses, and nothing need be asked). */
  readonly enabled: boolean;
  get<T>(principal: Principal, key: string): Promise<CacheLookup<T>>;
  set(principal: Principal, key: string, value: unknown, ttlMs: number): Promise<void>;
  delete(principal: Principal, key: string): Promise<void>;
}

const MISS = { hit: false, unavailable: false } as const;
const UNAVAILABLE = { hit: false, unavailable: true } as const;
const MISSED: Promise<CacheLookup<never>> = Promise.resolve(MISS);
const DONE: Promise<void> = Promise.resolve();

/** No cache (`CACHE_MAX_ENTRIES=0`): every lookup misses at once. */
export const NO_RESPONSE_CACHE: ResponseCache = {
  enabled: false,
  get: () => MISSED,
  set: () => DONE,
  delete: () => DONE,
};

/** Makes a cached answer read-only, so that no request can change what the next one is served. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

interface MemoryEntry {
  readonly value: unknown;
  /** When it expires, on the cache's clock. */
  readonly expires: number;
}

/**
 * HMRC's answers in this process: bounded (least recently used out first), expiring on the injected clock.
 * Entries are shared, frozen objects: a lookup costs a map read, and an answer can be neither changed through
 * one request nor told from the one HMRC sent. The key is the principal's id (a hash of the credential) and the
 * logical key, so one caller's entries are never another's.
 */
export class MemoryResponseCache implements ResponseCache {
  readonly enabled = true;
  readonly #entries: LRUCache<string, MemoryEntry>;

  /**
   * `now` is the clock entries expire by (epoch milliseconds; default `Date.now`), so tests move time instead of
   * sleeping. Nothing here runs on real time: an expired entry is dropped when it is next read, or pushed out by
   * newer ones (the bound on memory is `maxEntries`, not time).
   */
  constructor(
    maxEntries: number,
    readonly now: () => number = Date.now,
  ) {
    this.#entries = new LRUCache({ max: maxEntries });
  }

  get<T>(principal: Principal, key: string): Promise<CacheLookup<T>> {
    const name = memoryKey(principal, key);
    const entry = this.#entries.get(name);
    if (entry === undefined) return MISSED;
    if (entry.expires <= this.now()) {
      this.#entries.delete(name);
      return MISSED;
    }
    return Promise.resolve({ hit: true, value: entry.value as T });
  }

  set(principal: Principal, key: string, value: unknown, ttlMs: number): Promise<void> {
    if (ttlMs > 0) {
      this.#entries.set(memoryKey(principal, key), {
        value: deepFreeze(value),
        expires: this.now() + ttlMs,
      });
    }
    return DONE;
  }

  delete(principal: Principal, key: string): Promise<void> {
    this.#entries.delete(memoryKey(principal, key));
    return DONE;
  }
}

function memoryKey(principal: Principal, key: string): string {
  // NUL never occurs in a principal id (hex or base64url), so the two parts cannot run into each other.
  return `${principal.id}\0${key}`;
}

const SEALING_PURPOSE = 'response-cache-v1';
const NAMING_PURPOSE = 'response-cache-key-v1';
/**
 * After a store failure or timeout, lookups skip the store for this long. A Redis that accepts connections but
 * does not answer (overloaded, frozen, a partition) would otherwise cost every lookup of every request the full
 * timeout, several times per request; skipping them makes an outage cost one timeout per second instead.
 * Deletes and sets are still attempted (with the timeout): invalidation must reach Redis whenever it can.
 */
const SUSPEND_MS = 1_000;

type Attempt<R> = { ok: true; value: R } | { ok: false };

/** HMRC's answers in a keyv store (Redis), sealed per caller, under MACs of their keys, bounded in time. */
export class SealedResponseCache implements ResponseCache {
  readonly #warn: (fields: object, message: string) => void;
  #suspendedUntil = 0;

  /**
   * `now` is the clock entries expire by, in epoch milliseconds (default `Date.now`). Each entry carries its own
   * expiry, checked against it, so tests move time instead of sleeping; the backend's TTL (the same length) only
   * frees the memory. It is not the gateway's business clock (a test's frozen "today" would then never expire
   * anything), and the store-outage back-off and the write markers stay on real time: they order real events.
   */
  constructor(
    private readonly store: Keyv<string> | undefined,
    private readonly timeoutMs: number,
    logger: Logger,
    readonly now: () => number = Date.now,
  ) {
    this.#warn = throttledWarning(logger);
    // Keyv swallows a failing store's error on `get` without a trace (and only emits one on `set`/`delete`)
    // unless `throwOnErrors` is on. This class is the one place that turns a failing backend into a miss with a
    // logged warning, so it has to see the failures.
    if (store) store.throwOnErrors = true;
  }

  get enabled(): boolean {
    return this.store !== undefined;
  }

  async get<T>(principal: Principal, key: string): Promise<CacheLookup<T>> {
    if (!this.store) return MISS;
    if (Date.now() < this.#suspendedUntil) return UNAVAILABLE;
    const result = await this.#attempt('get', () => this.store!.get(storeKey(principal, key)));
    if (!result.ok) return UNAVAILABLE;
    const sealed = result.value;
    if (typeof sealed !== 'string') return MISS;
    const plaintext = open(principal.derivedKey(SEALING_PURPOSE), `${principal.id}:${key}`, sealed);
    if (plaintext === undefined) return MISS;
    const entry = JSON.parse(plaintext) as { v: T; e?: number };
    return entry.e !== undefined && entry.e <= this.now() ? MISS : { hit: true, value: entry.v };
  }

  async set(principal: Principal, key: string, value: unknown, ttlMs: number): Promise<void> {
    if (!this.store || ttlMs <= 0) return;
    const aad = `${principal.id}:${key}`;
    const entry = { v: value, e: this.now() + ttlMs };
    const sealed = seal(principal.derivedKey(SEALING_PURPOSE), aad, JSON.stringify(entry));
    await this.#attempt('set', () => this.store!.set(storeKey(principal, key), sealed, ttlMs));
  }

  async delete(principal: Principal, key: string): Promise<void> {
    if (!this.store) return;
    await this.#attempt('delete', () => this.store!.delete(storeKey(principal, key)));
  }

  /** Runs one store operation; a failure or a timeout is logged, suspends lookups for a while, and is not ok. */
  async #attempt<R>(operation: string, run: () => Promise<R>): Promise<Attempt<R>> {
    try {
      const value = await withinTime(run(), this.timeoutMs);
      if (value !== TIMED_OUT) return { ok: true, value };
      this.#suspendedUntil = Date.now() + SUSPEND_MS;
      this.#warn({ operation, timeoutMs: this.timeoutMs }, 'Cache did not answer in time; treated as a miss');
    } catch (error) {
      this.#suspendedUntil = Date.now() + SUSPEND_MS;
      this.#warn(
        { operation, reason: error instanceof Error ? error.name : 'unknown' },
        'Cache unavailable; treated as a miss',
      );
    }
    return { ok: false };
  }
}

/**
 * The key an entry is stored under: the principal's id and a MAC of the logical key (resource, NINO or UTR, tax
 * year) under a key derived from the caller's credential. Sealing protects the values, but the logical key
 * itself names a taxpayer: stored as is, a copy of Redis (or `SCAN`, `MONITOR`, a slow log) would list every
 * NINO and UTR each caller looked at. The MAC keeps entries apart exactly as the plain key did without saying
 * whose data they hold. The logical key stays bound to the value as the sealing's additional data.
 */
function storeKey(principal: Principal, key: string): string {
  const name = createHmac('sha256', principal.derivedKey(NAMING_PURPOSE)).update(key).digest('base64url');
  return `${principal.id}:${name}`;
}
