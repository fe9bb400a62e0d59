/**
 * Fake time for the rate limiter (`LimiterTime`): `now()` stands still until the test advances it, and sleeps
 * end only when the clock passes their end. Nothing depends on how fast the machine is.
 */
import type { LimiterTime } from '../../src/hmrc/rate-limiter';

export interface FakeTime extends LimiterTime {
  /** Moves the clock forward by `ms`, waking each sleeper at its own time, in order. */
  advance(ms: number): Promise<void>;
  /** Lets every pending callback and promise run (no clock movement). */
  settle(): Promise<void>;
  /** How many sleeps are pending. */
  readonly sleeping: number;
}

export function fakeTime(start = 0): FakeTime {
  let now = start;
  const sleepers: Array<{ at: number; wake(): void }> = [];
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    now: () => now,
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        sleepers.push({ at: now + Math.max(0, ms), wake: resolve });
      }),
    settle,
    get sleeping() {
      return sleepers.length;
    },
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
