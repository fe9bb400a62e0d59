/**
 * The cache of HMRC's answers across requests.
 *
 * Cache semantics: entries are keyed by principal (a hash of the caller's credential) plus resource, so nothing
 * is ever shared between callers, and each entry is sealed with a key derived from that caller's credential. An
 * answer is kept for its API's TTL; HMRC's "no data" is kept too, for a shorter TTL. A failing or slow backend
 * (Redis down) is a cache miss with a logged warning, never a failed query. Writes through the gateway delete
 * the entries they make stale (see `Loaders.afterWrite`).
 */
import type Keyv from 'keyv';
import type { Principal } from '../auth/principal';
import type { Logger } from '../util/logger';
import { throttledWarning } from './redis';
import { open, seal } from './seal';

export type CacheLookup<T> = { hit: true; value: T } | { hit: false };

const MISS = { hit: false } as const;
const SEALING_PURPOSE = 'response-cache-v1';

export class ResponseCache {
  readonly #warn: (fields: object, message: string) => void;

  constructor(
    private readonly store: Keyv<string> | undefined,
    private readonly timeoutMs: number,
    logger: Logger,
  ) {
    this.#warn = throttledWarning(logger);
  }

  /** Whether anything is cached at all (no store: every lookup misses). */
  get enabled(): boolean {
    return this.store !== undefined;
  }

  async get<T>(principal: Principal, key: string): Promise<CacheLookup<T>> {
    if (!this.store) return MISS;
    const fullKey = `${principal.id}:${key}`;
    const sealed = await this.#attempt('get', () => this.store!.get(fullKey));
    if (typeof sealed !== 'string') return MISS;
    const plaintext = open(principal.derivedKey(SEALING_PURPOSE), fullKey, sealed);
    return plaintext === undefined ? MISS : { hit: true, value: (JSON.parse(plaintext) as { v: T }).v };
  }

  async set(principal: Principal, key: string, value: unknown, ttlMs: number): Promise<void> {
    if (!this.store || ttlMs <= 0) return;
    const fullKey = `${principal.id}:${key}`;
    const sealed = seal(principal.derivedKey(SEALING_PURPOSE), fullKey, JSON.stringify({ v: value }));
    await this.#attempt('set', () => this.store!.set(fullKey, sealed, ttlMs));
  }

  async delete(principal: Principal, key: string): Promise<void> {
    if (!this.store) return;
    await this.#attempt('delete', () => this.store!.delete(`${principal.id}:${key}`));
  }

  /** Runs one store operation; a failure or a timeout is logged and reported as `undefined`. */
  async #attempt<R>(operation: string, run: () => Promise<R>): Promise<R | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => {
        this.#warn(
          { operation, timeoutMs: this.timeoutMs },
          'Cache did not answer in time; treated as a miss',
        );
        resolve(undefined);
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([run(), timeout]);
    } catch (error) {
      this.#warn(
        { operation, reason: error instanceof Error ? error.name : 'unknown' },
        'Cache unavailable; treated as a miss',
      );
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
