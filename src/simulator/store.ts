/**
 * The simulator's state: what each caller has PUT, kept apart per token (as HMRC's sandbox keeps test users
 * apart), NINO, tax year and resource. A DELETE leaves a tombstone so that demo data, once deleted, stays gone
 * for that caller. Bounded: the oldest entries go first once `maxEntries` is reached.
 */
const DELETED = Symbol('deleted');

export class SimulatorStore {
  readonly #entries = new Map<string, unknown>();

  constructor(private readonly maxEntries = 50_000) {}

  static key(caller: string, resource: string, ...parts: string[]): string {
    return [caller, resource, ...parts].join('|');
  }

  /** `undefined` when nothing was ever written; `null` after a delete; otherwise the stored body. */
  get(key: string): unknown {
    if (!this.#entries.has(key)) return undefined;
    const value = this.#entries.get(key);
    return value === DELETED ? null : value;
  }

  set(key: string, value: unknown): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    while (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }

  markDeleted(key: string): void {
    this.set(key, DELETED);
  }

  clear(): void {
    this.#entries.clear();
  }
}
