/**
 * A request's cancellation, as light as a flag and a set. On the request path every HMRC call listens to its
 * request's cancellation (in the limiter's queue, in the read coalescer, in flight), and a shared read has one
 * of its own: with Node's `AbortController` that was an EventTarget per call and a listener added and removed
 * at each of those steps, each going through EventTarget's option parsing and bookkeeping; the throughput
 * benchmark's profile (`npm run bench:throughput -- --cpu-prof DIR`) put `AbortController`, `addEventListener`
 * and `removeEventListener` at about 4% of a cold request's CPU.
 *
 * `CancelSignal` is the part of `AbortSignal` the gateway uses, so a real `AbortSignal` (a test's, an embedding
 * application's) is accepted wherever a `Cancellation` is.
 */
export interface CancelSignal {
  readonly aborted: boolean;
  // AbortSignal's own type, so that either stands for the other.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly reason: any;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export class Cancellation implements CancelSignal {
  #aborted = false;
  #reason: unknown = undefined;
  #listeners: Set<() => void> | undefined;

  get aborted(): boolean {
    return this.#aborted;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as CancelSignal (AbortSignal's type)
  get reason(): any {
    return this.#reason;
  }

  /** Called at most once, when cancelled (as with `{ once: true }`); never when already cancelled. */
  addEventListener(_type: 'abort', listener: () => void): void {
    if (this.#aborted) return;
    (this.#listeners ??= new Set()).add(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    this.#listeners?.delete(listener);
  }

  /**
   * Cancels (once; later calls change nothing) with `reason`, by default an `AbortError` as `AbortController`
   * gives. Every listener runs, even when one throws; the first error is then thrown from here.
   */
  abort(reason?: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason ?? new DOMException('This operation was aborted', 'AbortError');
    const listeners = this.#listeners;
    this.#listeners = undefined;
    if (!listeners) return;
    let failure: { error: unknown } | undefined;
    for (const listener of listeners) {
      try {
        listener();
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }
}
