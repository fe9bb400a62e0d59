import type { CancelSignal } from '../util/cancellation';
import { Cancellation } from '../util/cancellation';

/**
 * Identical reads in flight share one HMRC call: twenty concurrent cold requests of one caller for the same
 * resource make one call, not twenty (the response cache only helps once the first answer is in).
 *
 * Only ever within one principal: the key starts with the principal's id, so one caller's answer can never reach
 * another (HMRC answers each credential for itself). The key also holds everything else that changes HMRC's answer:
 * the API, the path and query, and the sandbox test scenario.
 *
 * The shared call is cancelled only when every request waiting for it has gone (disconnected, out of time): one
 * request leaving takes only itself out. A write to a path forgets the reads of it in flight, so a request that
 * starts after the write never joins a read that may have begun before it (see `Loaders` for the cache's side).
 */
export class ReadCoalescer {
  /** principal, API and path → (query and scenario → the shared call). */
  readonly #inFlight = new Map<string, Map<string, Shared>>();

  /** How many distinct reads are in flight (for tests and metrics). */
  get size(): number {
    let n = 0;
    for (const calls of this.#inFlight.values()) n += calls.size;
    return n;
  }

  /**
   * The answer of the read `key` names: joins the one in flight, or starts it with `start` (given a signal that
   * aborts once nobody is waiting any more). `signal` is this request's own cancellation.
   */
  run<T>(
    key: ReadKey,
    signal: CancelSignal | undefined,
    start: (signal: CancelSignal) => Promise<T>,
  ): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    const group = groupKey(key);
    let calls = this.#inFlight.get(group);
    if (!calls) {
      calls = new Map();
      this.#inFlight.set(group, calls);
    }
    const rest = `${key.scenario ?? ''}\n${key.query ?? ''}`;
    let shared = calls.get(rest);
    if (!shared) {
      const controller = new Cancellation();
      const entry: Shared = { controller, waiting: 0, answer: Promise.resolve() };
      entry.answer = start(controller).finally(() => this.#drop(group, rest, entry));
      // Nobody may be listening any more when it settles (all left): that is not an unhandled rejection.
      entry.answer.catch(() => undefined);
      calls.set(rest, entry);
      shared = entry;
    }
    const joined = shared;
    joined.waiting++;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const onAbort = () => {
        if (settled) return;
        settled = true;
        joined.waiting--;
        if (joined.waiting === 0) {
          this.#drop(group, rest, joined);
          joined.controller.abort(signal!.reason);
        }
        reject(signal!.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      joined.answer.then(
        (value) => {
          if (settled) return;
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          resolve(value as T);
        },
        (error: unknown) => {
          if (settled) return;
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          // The shared call's own failure, whatever it is (the session's errors are GatewayErrors).
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
          reject(error);
        },
      );
    });
  }

  /** A write to this principal's `path`: reads of it in flight are no longer joined (they still complete). */
  forget(key: Pick<ReadKey, 'principal' | 'api' | 'path'>): void {
    this.#inFlight.delete(groupKey(key));
  }

  #drop(group: string, rest: string, entry: Shared): void {
    const calls = this.#inFlight.get(group);
    if (calls?.get(rest) !== entry) return;
    calls.delete(rest);
    if (calls.size === 0) this.#inFlight.delete(group);
  }
}

export interface ReadKey {
  readonly principal: string;
  readonly api: string;
  readonly path: string;
  /** The query string, canonical (the same parameters in the same order give the same string). */
  readonly query?: string | undefined;
  readonly scenario?: string | undefined;
}

interface Shared {
  readonly controller: Cancellation;
  waiting: number;
  answer: Promise<unknown>;
}

const groupKey = (key: Pick<ReadKey, 'principal' | 'api' | 'path'>) =>
  `${key.principal}\n${key.api}\n${key.path}`;
