export const TIMED_OUT: unique symbol = Symbol('timed out');

/**
 * `work`'s result, or `TIMED_OUT` when it has not settled within `ms` (a rejection passes through). Neither keyv
 * nor node-redis bounds an operation in time, so the Redis-backed stores use this. One plain timer per call,
 * cleared as soon as the race is decided, so it never keeps the process alive or piles up. Not an
 * `AbortController` with a cancellable `timers/promises` delay: cancelling that allocates an `AbortError` (a
 * `DOMException` with a stack) every time, which profiling showed was most of a cache lookup's cost.
 */
export function withinTime<R>(work: Promise<R>, ms: number): Promise<R | typeof TIMED_OUT> {
  return new Promise<R | typeof TIMED_OUT>((resolve, reject) => {
    const timer = setTimeout(() => resolve(TIMED_OUT), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        // Passed through as it came (the stores tell their own failures apart).
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        reject(error);
      },
    );
  });
}
