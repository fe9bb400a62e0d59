/**
 * The application-wide budget of calls to HMRC (HMRC allows about 3 requests per second per application and
 * answers 429 beyond it). Every upstream call acquires a slot first; a caller waits (queues) for a free slot up
 * to a bound, then its field fails with `MESSAGE_THROTTLED_OUT`.
 *
 * Three parts, each O(1) per admission whatever the budget:
 *
 * - **Fair queueing.** Waiting calls queue per principal, and the principals with waiting calls form a ring: each
 *   free slot goes to the next principal in the ring, which then goes to the back. One caller's wide query (or a
 *   thousand of them) cannot starve another caller: a small query waits for about one slot per other waiting
 *   caller per call of its own, never behind the whole backlog. Within a principal calls keep their order.
 * - **The rate (GCRA).** Slots are paced by the generic cell rate algorithm: one slot every `interval` ms, with a
 *   burst of `burst` slots after a quiet spell. Its whole state is one number (the "theoretical arrival time"), so
 *   taking a slot is constant work, in memory and in Redis alike. With Redis the state lives in Redis and one Lua
 *   script per batch of slots (one round trip, atomic, Redis's own clock) shares the budget between replicas.
 * - **Pausing.** `pause(ms)` (on HMRC's 429) stops every replica admitting for `ms`: the pause is a key in Redis
 *   that the same script checks first, and a local deadline in memory.
 *
 * Why not rate-limiter-flexible any more: its counters are fixed windows of whole seconds, so holding "at most N in
 * any rolling second" took N windows tried one by one (O(budget) per call: about 1.1 ms per call at 1,000 a second),
 * and its queue is first come, first served across callers. GCRA is a few lines of arithmetic and gives both.
 *
 * HMRC counts calls when they arrive, not when they were admitted here, and the time in between varies: a call that
 * has to open a connection (TCP, TLS) arrives later than one that reuses a kept-alive one. So the interval is
 * lengthened by a margin (`marginMs` per second of budget, default 100 ms, about one TLS handshake): at 3 a second
 * a slot comes every 367 ms, and three arrivals fall within one second only if latency varied by more than 100 ms.
 *
 * Across replicas the budget is exact (one state in Redis); fairness is exact within a replica and between
 * replicas each replica's queue takes its turn at the shared state (a replica asks again as soon as the next slot
 * is due, so two replicas with waiting calls share the slots about evenly).
 */
import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { RedisConnection } from '../cache/redis';
import { throttledWarning } from '../cache/redis';
import { GatewayError, hmrcError } from '../errors/hmrc-error';
import type { Logger } from '../util/logger';
import { TIMED_OUT, withinTime } from '../util/timeout';
import type { CancelSignal } from '../util/cancellation';

export interface AcquireOptions {
  /** Whose call this is (the principal's id): the unit of fairness. Calls without one share one queue. */
  readonly principal?: string;
  /** Aborting it takes the call out of the queue at once; `acquire` rejects with the signal's reason. */
  readonly signal?: CancelSignal;
}

export interface UpstreamLimiter {
  /** Resolves when a call may go to HMRC; throws `MESSAGE_THROTTLED_OUT` if none is free within the bound. */
  acquire(options?: AcquireOptions): Promise<void>;
  /**
   * Admits the call at once when it can without waiting or asking anyone (nobody is queued, a slot is free and
   * the budget is this process's own): true, and the slot is taken. False: nothing is taken, use `acquire`.
   */
  tryAcquire?(options?: AcquireOptions): boolean;
  /**
   * Stops admitting calls for `ms`, on every replica sharing the budget (through Redis when configured): HMRC
   * answered 429, so the application as a whole is over its quota, not just the call that got it.
   */
  pause(ms: number): void;
}

/** Time as the limiter sees it: injectable so that rate tests run on fake time. */
export interface LimiterTime {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /** Resolves after `ms` (and never keeps the process alive on its own). */
  sleep(ms: number): Promise<void>;
}

export const systemTime: LimiterTime = {
  now: () => performance.now(),
  sleep: (ms) => delay(ms, undefined, { ref: false }),
};

export interface RateLimitOptions {
  readonly requestsPerSecond: number;
  readonly maxWaitMs: number;
  /** Shared budget across replicas; memory (this process only) without it. */
  readonly redis?: RedisConnection | undefined;
  readonly logger: Logger;
  /** Keeps separate budgets apart in one Redis (tests, several environments). */
  readonly keyPrefix?: string;
  /** How much longer than a second each second's worth of slots is spread over, for varying latency (100 ms). */
  readonly marginMs?: number;
  /** How long a Redis answer may take before this process's own budget is used instead (default 250 ms). */
  readonly redisTimeoutMs?: number;
  /**
   * How many replicas share the budget. While Redis is unreachable each one spends this share of it
   * (1/expectedReplicas), so that N replicas on their own never send N times the rate. Ignored without Redis.
   */
  readonly expectedReplicas?: number;
  readonly time?: LimiterTime;
}

export const DEFAULT_MARGIN_MS = 100;
export const DEFAULT_EXPECTED_REPLICAS = 2;
const DEFAULT_REDIS_TIMEOUT_MS = 250;
/** After Redis fails or times out, this process's own budget is used for this long before Redis is tried again. */
const SHARED_SUSPEND_MS = 1_000;
/**
 * The burst is this many milliseconds' worth of budget (at least one call). Node's timers fire at best every
 * millisecond, so at high budgets the queue is served in small batches; at 3 a second the burst is 1 call.
 */
const BURST_MS = 20;

/** The pacing of a budget: a slot every `intervalMs`, up to `burst` at once after a quiet spell. */
export function pacingFor(
  requestsPerSecond: number,
  marginMs = DEFAULT_MARGIN_MS,
): { intervalMs: number; burst: number } {
  return {
    intervalMs: (1000 + marginMs) / requestsPerSecond,
    burst: Math.max(1, Math.floor((requestsPerSecond * BURST_MS) / 1000)),
  };
}

interface Grant {
  /** Slots taken now (0 to the number asked for). */
  readonly granted: number;
  /** With none taken: how long until the next one is due. */
  readonly waitMs: number;
}

/** GCRA in memory: `tat` is when the next slot is due, at the steady rate. */
class MemoryBucket {
  #tat = Number.NEGATIVE_INFINITY;
  readonly #toleranceMs: number;

  constructor(
    private readonly intervalMs: number,
    burst: number,
  ) {
    this.#toleranceMs = (burst - 1) * intervalMs;
  }

  take(want: number, now: number): Grant {
    const tat = Math.max(this.#tat, now);
    const room = Math.floor((now + this.#toleranceMs - tat) / this.intervalMs) + 1;
    if (room < 1) return { granted: 0, waitMs: tat - this.#toleranceMs - now };
    const granted = Math.min(room, want);
    this.#tat = tat + granted * this.intervalMs;
    return { granted, waitMs: 0 };
  }
}

/**
 * The same GCRA in Redis, on Redis's clock (so that replicas' clocks need not agree), after the pause key.
 * KEYS: the state, the pause. ARGV: interval ms, tolerance ms, slots wanted. Returns {granted, wait ms}.
 */
const TAKE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local paused = redis.call('PTTL', KEYS[2])
if paused > 0 then return {0, paused} end
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local room = math.floor((now + tolerance - tat) / interval) + 1
if room < 1 then return {0, math.ceil(tat - tolerance - now)} end
local granted = math.min(room, tonumber(ARGV[3]))
tat = tat + granted * interval
redis.call('SET', KEYS[1], string.format('%.3f', tat), 'PX', math.ceil(tat - now + tolerance) + 1000)
return {granted, 0}
`;

/** Extends (never shortens) the pause. KEYS: the pause. ARGV: ms. */
const PAUSE_SCRIPT = `
local left = redis.call('PTTL', KEYS[1])
if left < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) end
return 1
`;

const sha1 = (script: string) => createHash('sha1').update(script).digest('hex');
const TAKE_SHA = sha1(TAKE_SCRIPT);
const PAUSE_SHA = sha1(PAUSE_SCRIPT);

/** Runs a script by its hash, loading it on the first NOSCRIPT (a restarted or new Redis). */
async function runScript(
  redis: RedisConnection,
  script: string,
  sha: string,
  keys: string[],
  args: string[],
): Promise<unknown> {
  try {
    return await redis.evalSha(sha, { keys, arguments: args });
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return redis.eval(script, { keys, arguments: args });
  }
}

interface Waiter {
  readonly principal: string;
  readonly deadline: number;
  resolve(): void;
  reject(error: unknown): void;
  readonly signal: CancelSignal | undefined;
  onAbort: (() => void) | undefined;
}

function first<T>(set: Set<T>): T | undefined {
  for (const value of set) return value;
  return undefined;
}

class FairLimiter implements UpstreamLimiter {
  /** The ring: principals with waiting calls, the next to be served first; each with its calls in order. */
  readonly #ring = new Map<string, Set<Waiter>>();
  /** Every waiting call in arrival order (so in deadline order): for refusing those that waited too long. */
  readonly #all = new Set<Waiter>();
  readonly #local: MemoryBucket;
  readonly #burst: number;
  readonly #intervalMs: number;
  readonly #toleranceMs: number;
  readonly #time: LimiterTime;
  readonly #warn: (fields: object, message: string) => void;
  readonly #keys: { state: string; pause: string };
  #pumping = false;
  #pausedUntil = Number.NEGATIVE_INFINITY;
  #sharedSuspendedUntil = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: RateLimitOptions) {
    const { intervalMs, burst } = pacingFor(options.requestsPerSecond, options.marginMs);
    this.#intervalMs = intervalMs;
    this.#burst = burst;
    this.#toleranceMs = (burst - 1) * intervalMs;
    // Without Redis this process is the only spender. With Redis, its own budget is the fallback while Redis is
    // unreachable, and then only its share of the whole.
    const share = options.redis ? (options.expectedReplicas ?? DEFAULT_EXPECTED_REPLICAS) : 1;
    const fallback = pacingFor(options.requestsPerSecond / share, options.marginMs);
    this.#local = new MemoryBucket(fallback.intervalMs, fallback.burst);
    this.#time = options.time ?? systemTime;
    this.#warn = throttledWarning(options.logger);
    const prefix = options.keyPrefix ?? 'hmrc-gw:rate';
    this.#keys = { state: `${prefix}:gcra`, pause: `${prefix}:pause` };
  }

  /**
   * The common case, in O(1) and without a promise: under a budget that is not spent, a call has nobody to wait
   * behind, so the queue, its waiter, its cancellation listener and the pump would all be pure cost. Only when
   * the budget is this process's own (no Redis, or Redis set aside for now): a shared budget is Redis's to give.
   * Fairness is untouched: this admits nobody while anyone waits.
   */
  tryAcquire(options: AcquireOptions = {}): boolean {
    if (options.signal?.aborted || this.#all.size > 0) return false;
    const now = this.#time.now();
    if (now < this.#pausedUntil) return false;
    if (this.options.redis && now >= this.#sharedSuspendedUntil) return false;
    return this.#local.take(1, now).granted === 1;
  }

  acquire(options: AcquireOptions = {}): Promise<void> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        principal: options.principal ?? '',
        deadline: this.#time.now() + this.options.maxWaitMs,
        resolve,
        reject,
        signal,
        onAbort: undefined,
      };
      if (signal) {
        waiter.onAbort = () => {
          this.#remove(waiter);
          reject(signal.reason as Error);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      let queue = this.#ring.get(waiter.principal);
      if (!queue) {
        queue = new Set();
        this.#ring.set(waiter.principal, queue);
      }
      queue.add(waiter);
      this.#all.add(waiter);
      void this.#pump();
    });
  }

  pause(ms: number): void {
    if (!(ms > 0)) return;
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#time.now() + ms);
    const { redis } = this.options;
    if (redis?.isReady) {
      runScript(redis, PAUSE_SCRIPT, PAUSE_SHA, [this.#keys.pause], [String(Math.ceil(ms))]).catch(
        (error: unknown) =>
          this.#warn(
            { reason: error instanceof Error ? error.name : 'unknown' },
            'Could not share the HMRC pause through Redis; pausing this process only',
          ),
      );
    }
  }

  /** Takes the waiter out of its queue (and its principal out of the ring once it has none). */
  #remove(waiter: Waiter): void {
    this.#all.delete(waiter);
    const queue = this.#ring.get(waiter.principal);
    if (queue?.delete(waiter) && queue.size === 0) this.#ring.delete(waiter.principal);
    if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
  }

  /** Gives a slot to the next principal in the ring, which goes to the back of it. */
  #admitNext(): boolean {
    const next = this.#ring.entries().next();
    if (next.done) return false;
    const [principal, queue] = next.value;
    const waiter = first(queue)!;
    this.#remove(waiter);
    if (queue.size > 0) {
      this.#ring.delete(principal);
      this.#ring.set(principal, queue);
    }
    waiter.resolve();
    return true;
  }

  /** Refuses every call that cannot be served before its deadline: none can be before `until`. */
  #refuseExpiring(until: number): void {
    for (let waiter = first(this.#all); waiter && waiter.deadline < until; waiter = first(this.#all)) {
      this.#remove(waiter);
      this.#warn({ maxWaitMs: this.options.maxWaitMs }, 'HMRC request budget exhausted; call refused');
      waiter.reject(
        new GatewayError(
          [
            hmrcError('MESSAGE_THROTTLED_OUT', {
              message: `The gateway's HMRC request budget (${this.options.requestsPerSecond} per second) stayed full for ${this.options.maxWaitMs} ms`,
            }),
          ],
          'GATEWAY',
        ),
      );
    }
  }

  /** One loop per process serves the queue: a batch of slots at a time, sleeping until the next is due. */
  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (this.#all.size > 0) {
        let waitMs: number;
        const now = this.#time.now();
        if (now < this.#pausedUntil) {
          waitMs = this.#pausedUntil - now;
        } else {
          // Never more than are waiting. A call cancelled while Redis answers leaves its slot unused: the budget
          // errs on the side of sending less, never more.
          const grant = await this.#take(Math.min(this.#all.size, this.#burst));
          for (let i = 0; i < grant.granted && this.#admitNext(); i++);
          if (grant.granted > 0) continue;
          waitMs = Math.max(1, grant.waitMs);
        }
        this.#refuseExpiring(this.#time.now() + waitMs);
        if (this.#all.size === 0) break;
        await this.#time.sleep(waitMs);
      }
    } finally {
      this.#pumping = false;
    }
  }

  async #take(want: number): Promise<Grant> {
    const { redis } = this.options;
    const now = this.#time.now();
    if (redis && now >= this.#sharedSuspendedUntil) {
      let reason: string;
      try {
        if (!redis.isReady) throw new Error('not connected');
        const reply = await withinTime(
          runScript(
            redis,
            TAKE_SCRIPT,
            TAKE_SHA,
            [this.#keys.state, this.#keys.pause],
            [String(this.#intervalMs), String(this.#toleranceMs), String(want)],
          ),
          this.options.redisTimeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS,
        );
        if (reply !== TIMED_OUT) {
          const [granted, waitMs] = reply as [number, number];
          return { granted: Number(granted), waitMs: Number(waitMs) };
        }
        reason = 'timeout';
      } catch (error) {
        reason = error instanceof Error ? error.message.slice(0, 80) : 'unknown';
      }
      this.#sharedSuspendedUntil = this.#time.now() + SHARED_SUSPEND_MS;
      this.#warn(
        { reason, share: `1/${this.options.expectedReplicas ?? DEFAULT_EXPECTED_REPLICAS}` },
        "Shared HMRC request budget unavailable (Redis); using this process's share of the budget",
      );
    }
    return this.#local.take(want, this.#time.now());
  }
}

export function createRateLimiter(options: RateLimitOptions): UpstreamLimiter {
  return new FairLimiter(options);
}
