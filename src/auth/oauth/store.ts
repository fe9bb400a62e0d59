/**
 * What sign-in keeps between requests, in the gateway's keyv store (Redis when `REDIS_URL` is set, so every
 * replica sees every session): pending sign-ins ("flows"), mobile handoffs, and sessions with their HMRC tokens.
 *
 * Every entry is stored under a one-way id of its secret (never the secret itself) and sealed (AES-256-GCM) with a
 * key from `SESSION_SECRET` *and* that secret, so neither a copy of the store alone, nor one together with
 * `SESSION_SECRET`, reveals a token. Single-use entries are consumed by deleting them: only the caller whose
 * delete removed the entry may use it, which holds across replicas as Redis's DEL is atomic.
 */
import type Keyv from 'keyv';
import { TIMED_OUT, withinTime } from '../../util/timeout';
import type { KeyRing } from './keys';
import { secretId } from './keys';

export type EntryKind = 'flow' | 'handoff' | 'session';

/** The store failed or did not answer in time (not: the entry is absent). */
export class StoreUnavailable extends Error {
  constructor() {
    super('The session store is unavailable');
    this.name = 'StoreUnavailable';
  }
}

export class SealedStore {
  constructor(
    private readonly keyv: Keyv<string>,
    private readonly keys: KeyRing,
    private readonly timeoutMs: number,
  ) {
    // A failing store must throw, not answer "nothing stored": that would read as a sign-out.
    keyv.throwOnErrors = true;
  }

  /** The store key of `secret`'s entry: exported for the principal id, which is the same one-way id. */
  static id(kind: EntryKind, secret: string): string {
    return secretId(kind, secret);
  }

  async get<T>(kind: EntryKind, secret: string): Promise<T | undefined> {
    const name = `${kind}:${SealedStore.id(kind, secret)}`;
    const sealed = await this.#run(() => this.keyv.get(name));
    if (typeof sealed !== 'string') return undefined;
    const text = this.keys.open(name, sealed, secret);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  async set(kind: EntryKind, secret: string, value: unknown, ttlMs: number): Promise<void> {
    const name = `${kind}:${SealedStore.id(kind, secret)}`;
    await this.#run(() => this.keyv.set(name, this.keys.seal(name, JSON.stringify(value), secret), ttlMs));
  }

  async delete(kind: EntryKind, secret: string): Promise<boolean> {
    return this.#run(() => this.keyv.delete(`${kind}:${SealedStore.id(kind, secret)}`));
  }

  /** Reads and removes a single-use entry; `undefined` if absent or already taken by someone else. */
  async take<T>(kind: EntryKind, secret: string): Promise<T | undefined> {
    const value = await this.get<T>(kind, secret);
    if (value === undefined) return undefined;
    return (await this.delete(kind, secret)) ? value : undefined;
  }

  async #run<R>(operation: () => Promise<R>): Promise<R> {
    let result: R | typeof TIMED_OUT;
    try {
      result = await withinTime(operation(), this.timeoutMs);
    } catch {
      throw new StoreUnavailable();
    }
    if (result === TIMED_OUT) throw new StoreUnavailable();
    return result;
  }
}
