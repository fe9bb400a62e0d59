import { setTimeout as delay } from 'node:timers/promises';

export const TIMED_OUT: unique symbol = Symbol('timed out');

/**
 * `work`'s result, or `TIMED_OUT` when it has not settled within `ms` (a rejection passes through). Neither keyv
 * nor node-redis bounds an operation in time, so the stores use this; the timer is cancelled as soon as the race
 * is decided, so it never keeps the process alive or piles up.
 */
export async function withinTime<R>(work: Promise<R>, ms: number): Promise<R | typeof TIMED_OUT> {
  const cancel = new AbortController();
  const timer = delay<typeof TIMED_OUT>(ms, TIMED_OUT, { signal: cancel.signal });
  try {
    // Promise.race subscribes to both, so the timer's AbortError (once the race is decided) counts as handled.
    return await Promise.race([work, timer]);
  } finally {
    cancel.abort();
  }
}
