/**
 * The cache of HMRC's answers across requests.
 *
 * Cache semantics: entries are keyed by principal (a hash of the caller's credential) plus resource, so nothing
 * is ever shared between callers, and each entry is sealed with a key derived from that caller's credential. An
 * answer is kept for its API's TTL; HMRC's "no data" is kept too, for a shorter TTL. A failing or slow backend
 * (Redis down) is a cache miss with a logged warning, never a failed query. Writes through the gateway delete
 * the entries they make stale (see `Loaders.afterWrite`).
 */
import { createHmac } from 'node:crypto';
import type Keyv from 'keyv';
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

const MISS = { hit: false, unavailable: false } as const;
const UNAVAILABLE = { hit: false, unavailable: true } as const;
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

export class ResponseCache {
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

  /** Whether anything is cached at all (no store: every lookup misses). */
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
