/**
 * Fake time for everything in the gateway that takes its time injected: the rate limiter (`LimiterTime`), the HMRC
 * client's retries, 429 back-off and breakers (`Timers`), the response cache's expiry clock (`now`). `now()`
 * stands still until the test moves it, and sleeps end only when the clock passes their end (or at once, for
 * `{ sleep: 'instant' }`). Nothing depends on how fast the machine is.
 *
 * Real-time waiting (for an event, never for a duration) is in `./wait.ts`.
 */
import type { Timers } from '../../src/hmrc/client';
import type { LimiterTime } from '../../src/hmrc/rate-limiter';

export interface FakeTimeOptions {
  /**
   * `'clock'` (default): a sleep ends when `advance` moves the clock past its end. `'instant'`: a sleep is
   * recorded in `sleeps` and ends at once without moving the clock (for tests that only check what was waited).
   */
  readonly sleep?: 'clock' | 'instant';
}

export interface FakeTime extends LimiterTime {
  /** Moves the clock forward by `ms`, waking each sleeper at its own time, in order. */
  advance(ms: number): Promise<void>;
  /** Lets every pending callback and promise run (no clock movement). */
  settle(): Promise<void>;
  /** How many sleeps are pending. */
  readonly sleeping: number;
  /** Every sleep asked for, in ms, in order (whether it has ended or not). */
  readonly sleeps: readonly number[];
}

export function fakeTime(start = 0, options: FakeTimeOptions = {}): FakeTime {
  let now = start;
  const sleepers: Array<{ at: number; wake(): void }> = [];
  const sleeps: number[] = [];
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      if (options.sleep === 'instant') return Promise.resolve();
      return new Promise<void>((resolve) => {
        sleepers.push({ at: now + Math.max(0, ms), wake: resolve });
      });
    },
    settle,
    get sleeping() {
      return sleepers.length;
    },
    sleeps,
    async advance(ms) {
      const target = now + ms;
      for (;;) {
        await settle();
        sleepers.sort((a, b) => a.at - b.at);
        const next = sleepers[0];
        if (!next || next.at > target) break;
        sleepers.shift();
        now = Math.max(now, next.at);
        next.wake();
      }
      now = target;
      await settle();
    },
  };
}

/** The HMRC client's `Timers` on fake time, with jitter pinned at `random` (default: the middle of its range). */
export function fakeTimers(time: FakeTime, random = 0.5): Timers {
  return { now: () => time.now(), sleep: (ms) => time.sleep(ms), random: () => random };
}
