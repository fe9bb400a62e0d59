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
 */
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisConnection } from '../cache/redis';
import { GatewayError, hmrcError } from '../errors/hmrc-error';
import type { Logger } from '../util/logger';

export interface UpstreamLimiter {
  /** Resolves when a call may go to HMRC; throws `MESSAGE_THROTTLED_OUT` if none is free within the bound. */
  acquire(): Promise<void>;
}

export interface RateLimitOptions {
  readonly requestsPerSecond: number;
  readonly maxWaitMs: number;
  /** Shared budget across replicas; memory (this process only) without it. */
  readonly redis?: RedisConnection | undefined;
  readonly logger: Logger;
  /** Keeps separate budgets apart in one Redis (tests, several environments). */
  readonly keyPrefix?: string;
}

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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createRateLimiter(options: RateLimitOptions): UpstreamLimiter {
  const { lanes, windowSeconds } = lanesFor(options.requestsPerSecond);
  const keyPrefix = options.keyPrefix ?? 'hmrc-gw:rate';
  const memory = new RateLimiterMemory({ points: 1, duration: windowSeconds, keyPrefix });
  const limiter: RateLimiterAbstract = options.redis
    ? new RateLimiterRedis({
        storeClient: options.redis,
        useRedisPackage: true,
        points: 1,
        duration: windowSeconds,
        keyPrefix,
        // Redis down: each replica falls back to its own budget (so the total can exceed HMRC's limit by the
        // number of replicas) rather than failing every query.
        insuranceLimiter: memory,
      })
    : memory;

  return {
    async acquire() {
      const deadline = Date.now() + options.maxWaitMs;
      for (;;) {
        let wait = Number.POSITIVE_INFINITY;
        for (let lane = 0; lane < lanes; lane++) {
          try {
            await limiter.consume(`lane${lane}`, 1);
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
