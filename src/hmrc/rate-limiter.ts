/**
 * The application-wide budget of calls to HMRC (HMRC allows about 3 requests per second per application and
 * answers 429 beyond it). Every upstream call acquires a slot first; a caller waits (queues) for a free slot up
 * to a bound, then its field fails with `MESSAGE_THROTTLED_OUT`.
 *
 * The counting is rate-limiter-flexible's (maintained, atomic in Redis, shared by every replica through
 * `REDIS_URL`). Its windows are fixed and whole seconds, and a single fixed window of 3 per second lets 6 through
 * in one rolling second (3 at the end of a window, 3 at the start of the next). So the budget is split into
 * lanes: each lane admits one call per window, so its calls are at least a window apart, and N lanes can never
 * admit more than N calls in any rolling window — the rate HMRC sees holds at every instant, not just on average.
 * A rate such as 2.5 per second becomes 5 lanes of one call per 2 seconds.
 *
 * HMRC counts calls when they arrive, not when they were admitted here, and the time in between varies: a call that
 * has to open a connection (TCP, TLS) arrives later than one that reuses a kept-alive one. Two calls of a lane
 * admitted exactly a window apart can therefore arrive less than a window apart, and HMRC would see N + 1 in one
 * second (measured against a local stub: 983 ms between the 1st and 4th arrivals at 3 per second). So a lane's
 * window is lengthened by a margin (`marginMs`, default 100 ms, about one TLS handshake): at 3 per second the
 * budget admits at most 3 calls per 1.1 s, about 2.7 per second, and HMRC's arrivals stay within 3 per second.
 */
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  RLWrapperTimeouts,
} from 'rate-limiter-flexible';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RedisConnection } from '../cache/redis';
import { throttledWarning } from '../cache/redis';
import { GatewayError, hmrcError } from '../errors/hmrc-error';
import type { Logger } from '../util/logger';

export interface UpstreamLimiter {
  /** Resolves when a call may go to HMRC; throws `MESSAGE_THROTTLED_OUT` if none is free within the bound. */
  acquire(): Promise<void>;
  /**
   * Stops admitting calls for `ms`, on every replica sharing the budget: HMRC answered 429, so the application as
   * a whole is over its quota, not just the call that got it. Optional: a limiter without it is simply not paused.
   */
  pause?(ms: number): void;
}

export interface RateLimitOptions {
  readonly requestsPerSecond: number;
  readonly maxWaitMs: number;
  /** Shared budget across replicas; memory (this process only) without it. */
  readonly redis?: RedisConnection | undefined;
  readonly logger: Logger;
  /** Keeps separate budgets apart in one Redis (tests, several environments). */
  readonly keyPrefix?: string;
  /** How much longer than its window a lane waits between two calls, for varying latency (default 100 ms). */
  readonly marginMs?: number;
  /** How long a Redis answer may take before this process's own budget is used instead (default 250 ms). */
  readonly redisTimeoutMs?: number;
}

export const DEFAULT_MARGIN_MS = 100;
const DEFAULT_REDIS_TIMEOUT_MS = 250;
/** After Redis fails or times out, this process's own budget is used for this long before Redis is tried again. */
const SHARED_SUSPEND_MS = 1_000;

/**
 * rate-limiter-flexible's own script for Redis, except that the window is set in milliseconds (PX) from the
 * limiter's `duration` (ARGV[4]) rather than in whole seconds (EX): the library rounds a window of 1.1 s down to
 * 1 s, which would drop the margin. Still one atomic script per consume, shared by every replica.
 */
const INCR_WITH_MS_WINDOW = `local ms = math.floor(tonumber(ARGV[4]) * 1000) \
redis.call('set', KEYS[1], 0, 'PX', ms, 'NX') \
local consumed = redis.call('incrby', KEYS[1], ARGV[1]) \
local ttl = redis.call('pttl', KEYS[1]) \
if ttl == -1 then \
  redis.call('pexpire', KEYS[1], ms) \
  ttl = ms \
end \
return {consumed, ttl} \
`;

/** Lanes and whole-second window such that lanes / window = the rate (exactly, for rates with one decimal). */
export function lanesFor(requestsPerSecond: number): { lanes: number; windowSeconds: number } {
  for (let windowSeconds = 1; windowSeconds <= 10; windowSeconds++) {
    const lanes = requestsPerSecond * windowSeconds;
    if (Math.abs(lanes - Math.round(lanes)) < 1e-9 && Math.round(lanes) >= 1) {
      return { lanes: Math.round(lanes), windowSeconds };
    }
  }
  return { lanes: Math.max(1, Math.floor(requestsPerSecond * 10)), windowSeconds: 10 };
}

export function createRateLimiter(options: RateLimitOptions): UpstreamLimiter {
  const { lanes, windowSeconds } = lanesFor(options.requestsPerSecond);
  const keyPrefix = options.keyPrefix ?? 'hmrc-gw:rate';
  // Seconds, fractional: the window plus the margin (see the top of this file).
  const duration = (windowSeconds * 1000 + (options.marginMs ?? DEFAULT_MARGIN_MS)) / 1000;
  const memory = new RateLimiterMemory({ points: 1, duration, keyPrefix });
  // Redis down: each replica falls back to its own budget (so the total can exceed HMRC's limit by the number of
  // replicas) rather than failing every query. "Down" includes a Redis that accepts commands but never answers
  // (overloaded, frozen, a partition that drops packets): without a timeout, `consume` would wait for ever and
  // take every request with it, so an answer that is late counts as no answer. The fallback is taken here rather
  // than through the library's `insuranceLimiter`, which does it silently and asks the silent Redis again on every
  // lane of every call: here it is logged, and Redis is left alone for a moment before it is asked again.
  const shared: RateLimiterAbstract | undefined = options.redis
    ? new RLWrapperTimeouts({
        limiter: new RateLimiterRedis({
          storeClient: options.redis,
          useRedisPackage: true,
          points: 1,
          duration,
          keyPrefix,
          customIncrTtlLuaScript: INCR_WITH_MS_WINDOW,
          // Not connected (restarting, unreachable): fail at once, without queueing a command.
          rejectIfRedisNotReady: true,
        }),
        timeoutMs: options.redisTimeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS,
      })
    : undefined;
  let sharedSuspendedUntil = 0;
  const warn = throttledWarning(options.logger);

  /** Takes a slot in `lane`, or throws the limiter's RateLimiterRes (with `msBeforeNext`) if it is taken. */
  const consume = async (lane: number): Promise<void> => {
    if (shared && Date.now() >= sharedSuspendedUntil) {
      try {
        await shared.consume(`lane${lane}`, 1);
        return;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) throw rejection;
        sharedSuspendedUntil = Date.now() + SHARED_SUSPEND_MS;
        warn(
          { reason: rejection instanceof Error ? rejection.message : 'unknown' },
          "Shared HMRC request budget unavailable (Redis); using this process's own budget",
        );
      }
    }
    await memory.consume(`lane${lane}`, 1);
  };

  return {
    async acquire() {
      const deadline = Date.now() + options.maxWaitMs;
      for (;;) {
        let wait = Number.POSITIVE_INFINITY;
        for (let lane = 0; lane < lanes; lane++) {
          try {
            await consume(lane);
            return;
          } catch (rejection) {
            if (!(rejection instanceof RateLimiterRes)) throw rejection;
            wait = Math.min(wait, rejection.msBeforeNext);
          }
        }
        // A little jitter so that waiters across replicas do not all retry in the same millisecond.
        const pause = Math.max(1, wait) + Math.random() * 20;
        if (Date.now() + pause > deadline) {
          options.logger.warn(
            { maxWaitMs: options.maxWaitMs },
            'HMRC request budget exhausted; call refused',
          );
          throw new GatewayError(
            [
              hmrcError('MESSAGE_THROTTLED_OUT', {
                message: `The gateway's HMRC request budget (${options.requestsPerSecond} per second) stayed full for ${options.maxWaitMs} ms`,
              }),
            ],
            'GATEWAY',
          );
        }
        await sleep(pause);
      }
    },
  };
}
