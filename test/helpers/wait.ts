/**
 * Real-time waiting for tests that must stay on real time (real HTTP, real Redis): wait for an event, never for a
 * duration. Fake time for what the gateway lets a test inject is in `./fake-time.ts`.
 */

/**
 * The deadline of `waitFor`: it only bounds how long a broken test hangs, so it is far beyond anything a loaded
 * 2-core machine needs, and below jest's per-test timeout (20 s, jest.config.js) so that the failure names what was
 * awaited.
 */
export const WAIT_FOR_DEADLINE_MS = 15_000;

/** Resolves as soon as `condition` holds (checked every `intervalMs` of real time); rejects naming `what` after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  { timeoutMs = WAIT_FOR_DEADLINE_MS, intervalMs = 5 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Real time for the server to act, used only before asserting that something did NOT happen (no further call, no
 * retry). A slow machine can only make such a check miss a fault, never fail a correct gateway.
 */
export const quiet = (ms = 150): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A promise and the function that settles it (for stub answers the test releases). */
export function deferred<T = void>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
