/**
 * The application-wide HMRC budget on its own, on fake time (`test/helpers/fake-time.ts`): every admission time
 * below is exact, whatever the machine's speed.
 *
 * - GCRA pacing: one slot every (1000 + margin) / rps ms, a burst of 20 ms' worth at high budgets;
 * - fair queueing: slots go round the principals with waiting calls, so a small query is never stuck behind
 *   another caller's backlog;
 * - refusal with MESSAGE_THROTTLED_OUT as soon as a call cannot be served within maxWaitMs;
 * - cancellation (an aborted call leaves the queue and its slot goes to the next), `pause(ms)`, and the share
 *   of the budget used while Redis is unreachable.
 */
import type { RedisConnection } from '../../src/cache/redis';
import { GatewayError } from '../../src/errors/hmrc-error';
import type { RateLimitOptions } from '../../src/hmrc/rate-limiter';
import { createRateLimiter, pacingFor } from '../../src/hmrc/rate-limiter';
import { silentLogger } from '../../src/util/logger';
import type { FakeTime } from '../helpers/fake-time';
import { fakeTime } from '../helpers/fake-time';
import { memoryLogger } from '../helpers/memory-logger';

/** A limiter on fake time, and a recorder of when (fake ms) each call was admitted or refused. */
function setup(options: Partial<RateLimitOptions> & { requestsPerSecond: number }) {
  const time = fakeTime();
  const limiter = createRateLimiter({ maxWaitMs: 60_000, logger: silentLogger(), time, ...options });
  const admitted: Array<{ label: string; at: number }> = [];
  const refused: Array<{ label: string; at: number; error: unknown }> = [];
  const ask = (label: string, principal?: string, signal?: AbortSignal) =>
    limiter
      .acquire({ ...(principal !== undefined ? { principal } : {}), ...(signal ? { signal } : {}) })
      .then(
        () => {
          admitted.push({ label, at: time.now() });
        },
        (error: unknown) => {
          refused.push({ label, at: time.now(), error });
        },
      );
  /** As the HMRC client asks: admitted at once when `tryAcquire` allows, else queued with `acquire`. */
  const askAsClient = (label: string, principal?: string) => {
    const options = principal !== undefined ? { principal } : {};
    if (limiter.tryAcquire!(options)) {
      admitted.push({ label, at: time.now() });
      return Promise.resolve();
    }
    return ask(label, principal);
  };
  return { time, limiter, admitted, refused, ask, askAsClient };
}

function mostInAnyWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((x, y) => x - y);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j]! - sorted[i]! < windowMs) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

async function drain(time: FakeTime, ms: number, step = 50): Promise<void> {
  for (let t = 0; t < ms; t += step) await time.advance(step);
}

describe('pacingFor', () => {
  it.each([
    [3, 1100 / 3, 1],
    [1, 1100, 1],
    [0.5, 2200, 1],
    [100, 11, 2],
    [1000, 1.1, 20],
    [100_000, 0.011, 2000],
  ])('%d per second: a slot every %d ms, bursts of %d', (rps, intervalMs, burst) => {
    const pacing = pacingFor(rps);
    expect(pacing.intervalMs).toBeCloseTo(intervalMs, 9);
    expect(pacing.burst).toBe(burst);
  });
});

describe('the limiter on fake time', () => {
  it('paces 3 per second one slot every 366.7 ms: never more than 3 admitted in any rolling second', async () => {
    const { time, admitted, ask } = setup({ requestsPerSecond: 3 });
    for (let i = 0; i < 9; i++) void ask(`c${i}`, 'alice');
    await drain(time, 3_000);
    expect(admitted).toHaveLength(9);
    const interval = 1100 / 3;
    admitted.forEach(({ at }, i) => expect(at).toBeCloseTo(i * interval, 6));
    expect(
      mostInAnyWindow(
        admitted.map((a) => a.at),
        1_000,
      ),
    ).toBe(3);
    expect(
      mostInAnyWindow(
        admitted.map((a) => a.at),
        1_099,
      ),
    ).toBe(3);
  });

  it('admits at once when the budget is idle, and does not bank idle time beyond the burst', async () => {
    const { time, admitted, ask } = setup({ requestsPerSecond: 3 });
    await ask('first');
    expect(admitted).toEqual([{ label: 'first', at: 0 }]);
    await time.advance(10_000);
    void ask('second');
    void ask('third');
    await drain(time, 1_000);
    expect(admitted.slice(1).map((a) => a.at - 10_000)).toEqual([0, expect.closeTo(1100 / 3, 6)]);
  });

  it('holds a budget of 100,000 a second: 50,000 calls take about half a second (plus the margin), no more', async () => {
    const { time, admitted, ask } = setup({ requestsPerSecond: 100_000 });
    for (let i = 0; i < 50_000; i++) void ask('x', `p${i % 7}`);
    await drain(time, 600, 1);
    expect(admitted).toHaveLength(50_000);
    const last = Math.max(...admitted.map((a) => a.at));
    // 50,000 slots, 2,000 of them at once, the rest one every 0.011 ms: 48,000 × 0.011 = 528 ms.
    expect(last).toBeGreaterThanOrEqual(527);
    expect(last).toBeLessThanOrEqual(530);
    // Every instant above is fake; only the work (50,000 calls through 600 clock steps) takes real time, several
    // seconds on a 2-core machine shared with other suites (over 20 s measured under load): a timeout to match.
  }, 120_000);

  it('serves principals round robin: a small query waits for a few slots, not behind a wide one', async () => {
    const { time, admitted, ask } = setup({ requestsPerSecond: 3 });
    // Alice's wide query: 60 calls queued (20 s of budget) before Bob's small one arrives.
    for (let i = 0; i < 60; i++) void ask(`alice${i}`, 'alice');
    await time.settle();
    for (let i = 0; i < 3; i++) void ask(`bob${i}`, 'bob');
    await drain(time, 2_500);
    const order = admitted.map((a) => a.label);
    // Alice's first call took the idle slot and Alice was first in the ring; then the two alternate.
    expect(order.slice(0, 7)).toEqual(['alice0', 'alice1', 'bob0', 'alice2', 'bob1', 'alice3', 'bob2']);
    const bobDone = admitted.find((a) => a.label === 'bob2')!.at;
    // Bob's three calls are done by the seventh slot (2.2 s), where first come, first served would take 22 s.
    expect(bobDone).toBeCloseTo(6 * (1100 / 3), 6);
  });

  it('shares slots evenly between three busy principals, each keeping its own order', async () => {
    const { time, admitted, ask } = setup({ requestsPerSecond: 10 });
    for (const who of ['a', 'b', 'c']) for (let i = 0; i < 5; i++) void ask(`${who}${i}`, who);
    await drain(time, 2_000);
    expect(admitted.map((a) => a.label)).toEqual([
      'a0',
      'b0',
      'c0',
      'a1',
      'b1',
      'c1',
      'a2',
      'b2',
      'c2',
      'a3',
      'b3',
      'c3',
      'a4',
      'b4',
      'c4',
    ]);
  });

  it('refuses with MESSAGE_THROTTLED_OUT (429, GATEWAY) as soon as no slot can come within maxWaitMs, and logs it', async () => {
    const log = memoryLogger();
    const { time, admitted, refused, ask } = setup({
      requestsPerSecond: 2,
      maxWaitMs: 300,
      logger: log.logger,
    });
    void ask('one');
    void ask('two');
    await time.settle();
    // The second slot is due at 550 ms, after its 300 ms: refused at once, without waiting out the 300 ms.
    expect(admitted).toEqual([{ label: 'one', at: 0 }]);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.at).toBe(0);
    const error = refused[0]!.error as GatewayError;
    expect(error).toBeInstanceOf(GatewayError);
    expect(error.origin).toBe('GATEWAY');
    expect(error.errors).toHaveLength(1);
    expect(error.errors[0]).toMatchObject({ code: 'MESSAGE_THROTTLED_OUT', status: 429 });
    expect(error.errors[0].message).toMatch(/2 per second/);
    expect(log.entries().filter((e) => e.msg === 'HMRC request budget exhausted; call refused')).toHaveLength(
      1,
    );
  });

  it('serves what it can within maxWaitMs and refuses the rest', async () => {
    const { time, admitted, refused, ask } = setup({ requestsPerSecond: 3, maxWaitMs: 1_000 });
    for (let i = 0; i < 6; i++) void ask(`c${i}`);
    await drain(time, 2_000);
    // Slots at 0, 367 and 733 ms; the fourth would be at 1100 ms.
    expect(admitted.map((a) => a.label)).toEqual(['c0', 'c1', 'c2']);
    expect(refused.map((r) => r.label)).toEqual(['c3', 'c4', 'c5']);
  });

  it('with maxWaitMs 0, still admits a call when a slot is free', async () => {
    const { time, admitted, refused, ask } = setup({ requestsPerSecond: 1, maxWaitMs: 0 });
    void ask('one');
    void ask('two');
    await time.settle();
    expect(admitted.map((a) => a.label)).toEqual(['one']);
    expect(refused.map((r) => r.label)).toEqual(['two']);
  });

  it('keeps separate budgets for separate limiters', async () => {
    const time = fakeTime();
    const one = createRateLimiter({ requestsPerSecond: 1, maxWaitMs: 0, logger: silentLogger(), time });
    const two = createRateLimiter({ requestsPerSecond: 1, maxWaitMs: 0, logger: silentLogger(), time });
    await one.acquire();
    await two.acquire();
    await expect(one.acquire()).rejects.toBeInstanceOf(GatewayError);
  });

  it('takes an aborted call out of the queue at once (its own reason), and gives its slot to the next', async () => {
    const { time, admitted, refused, ask } = setup({ requestsPerSecond: 3 });
    const cancel = new AbortController();
    void ask('a0', 'alice');
    void ask('a1', 'alice', cancel.signal);
    void ask('a2', 'alice');
    await time.settle();
    const reason = new Error('client went away');
    cancel.abort(reason);
    await time.settle();
    expect(refused).toEqual([{ label: 'a1', at: 0, error: reason }]);
    await drain(time, 1_000);
    expect(admitted.map((a) => [a.label, Math.round(a.at)])).toEqual([
      ['a0', 0],
      ['a2', 367],
    ]);
  });

  it('refuses a call whose signal is already aborted without queueing it', async () => {
    const { limiter } = setup({ requestsPerSecond: 3 });
    const reason = new Error('gone');
    await expect(limiter.acquire({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it('a principal whose every call was aborted leaves the ring: the others get every slot', async () => {
    const { time, admitted, ask } = setup({ requestsPerSecond: 3 });
    const cancel = new AbortController();
    void ask('a0', 'alice');
    for (let i = 0; i < 20; i++) void ask(`m${i}`, 'mallory', cancel.signal);
    void ask('a1', 'alice');
    void ask('a2', 'alice');
    await time.settle();
    cancel.abort(new Error('disconnected'));
    await drain(time, 1_000);
    expect(admitted.map((a) => a.label)).toEqual(['a0', 'a1', 'a2']);
  });

  it('pause(ms) stops admitting for ms, then resumes at the rate', async () => {
    const { time, limiter, admitted, ask } = setup({ requestsPerSecond: 3 });
    await ask('before');
    limiter.pause(2_000);
    void ask('after1');
    void ask('after2');
    await drain(time, 1_990, 10);
    expect(admitted.map((a) => a.label)).toEqual(['before']);
    await drain(time, 1_000, 10);
    expect(admitted.map((a) => [a.label, a.at])).toEqual([
      ['before', 0],
      ['after1', 2_000],
      ['after2', expect.closeTo(2_000 + 1100 / 3, 6)],
    ]);
  });

  it('a pause never shortens a longer one, and one longer than maxWaitMs refuses the waiting calls at once', async () => {
    const { time, limiter, refused, ask } = setup({ requestsPerSecond: 3, maxWaitMs: 5_000 });
    limiter.pause(10_000);
    limiter.pause(1_000);
    void ask('waiting');
    await time.settle();
    expect(refused.map((r) => [r.label, r.at])).toEqual([['waiting', 0]]);
    expect((refused[0]!.error as GatewayError).errors[0].code).toBe('MESSAGE_THROTTLED_OUT');
  });

  it('while Redis is unreachable, spends 1/expectedReplicas of the budget', async () => {
    const unreachable = { isReady: false } as unknown as RedisConnection;
    const log = memoryLogger();
    const { time, admitted, ask } = setup({
      requestsPerSecond: 6,
      redis: unreachable,
      expectedReplicas: 3,
      logger: log.logger,
    });
    for (let i = 0; i < 7; i++) void ask(`c${i}`);
    await drain(time, 4_000);
    // 6 a second shared by 3 replicas: this one alone sends 2 a second (one every 550 ms).
    expect(admitted.map((a) => Math.round(a.at))).toEqual([0, 550, 1100, 1650, 2200, 2750, 3300]);
    expect(log.entries().some((e) => /Shared HMRC request budget unavailable/.test(e.msg))).toBe(true);
  });

  it('without Redis, spends the whole budget (it is the only replica)', async () => {
    const { time, admitted, ask } = setup({ requestsPerSecond: 6, expectedReplicas: 3 });
    for (let i = 0; i < 3; i++) void ask(`c${i}`);
    await drain(time, 1_000);
    expect(admitted.map((a) => Math.round(a.at))).toEqual([0, 183, 367]);
  });
});

describe('tryAcquire: admitting at once, without a queue', () => {
  it('admits while the budget has room, and never more than the budget: 3 per rolling second', async () => {
    const { time, admitted, askAsClient } = setup({ requestsPerSecond: 3 });
    for (let i = 0; i < 9; i++) {
      void askAsClient(`c${i}`, 'alice');
      await time.advance(100);
    }
    await drain(time, 3_000);
    expect(admitted).toHaveLength(9);
    // The first went at once; the rest waited their turn, one slot every 366.7 ms.
    expect(admitted[0]).toEqual({ label: 'c0', at: 0 });
    admitted.forEach(({ at }, i) => expect(at).toBeCloseTo(i * (1100 / 3), 6));
    expect(
      mostInAnyWindow(
        admitted.map((a) => a.at),
        1_000,
      ),
    ).toBe(3);
  });

  it('admits nobody while anyone waits: fairness is the queue’s', async () => {
    const { time, limiter, admitted, askAsClient } = setup({ requestsPerSecond: 3 });
    for (let i = 0; i < 4; i++) void askAsClient(`alice${i}`, 'alice');
    await time.settle();
    // Alice has calls queued; a slot coming free does not let Bob jump past the ring.
    await time.advance(1100 / 3);
    expect(limiter.tryAcquire!({ principal: 'bob' })).toBe(false);
    void askAsClient('bob0', 'bob');
    await drain(time, 2_000);
    // Bob joins the ring behind Alice, who holds the next slot; then the two alternate.
    expect(admitted.map((a) => a.label)).toEqual(['alice0', 'alice1', 'alice2', 'bob0', 'alice3']);
  });

  it('refuses, taking nothing, when paused, when the call is cancelled, or when the budget is Redis’s', () => {
    const { limiter } = setup({ requestsPerSecond: 3 });
    limiter.pause(1_000);
    expect(limiter.tryAcquire!({})).toBe(false);

    const idle = setup({ requestsPerSecond: 3 });
    const cancelled = new AbortController();
    cancelled.abort();
    expect(idle.limiter.tryAcquire!({ signal: cancelled.signal })).toBe(false);
    // Nothing was taken by the refusals: the slot is still there.
    expect(idle.limiter.tryAcquire!({})).toBe(true);
    expect(idle.limiter.tryAcquire!({})).toBe(false);

    const ready = { isReady: true } as unknown as RedisConnection;
    const shared = setup({ requestsPerSecond: 3, redis: ready });
    expect(shared.limiter.tryAcquire!({})).toBe(false);
  });
});
