/**
 * Readiness (`GET /readyz`), as opposed to liveness (`GET /healthz`). An orchestrator sends traffic to a replica
 * only while it is ready, and restarts it only when it is not live, so the two must not be confused: a replica
 * whose Redis is unreachable is alive (restarting it would not bring Redis back) but should not take new traffic;
 * a replica that is draining for shutdown is alive but must be taken out of the load balancer before it stops.
 *
 * Ready means all of: the schema is loaded (Apollo Server has started), Redis answers a PING within a short
 * timeout (only when Redis is configured), and the process is not draining.
 */
import type { RequestHandler } from 'express';
import { TIMED_OUT, withinTime } from '../util/timeout';

/** What readiness needs of a Redis client: node-redis's `ping`, which fails at once while disconnected. */
export interface Pingable {
  ping(): Promise<string>;
}

export type CheckState = 'ok' | 'failed' | 'timeout' | 'not configured';

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: {
    readonly schema: 'ok' | 'loading';
    readonly redis: CheckState;
    readonly draining: boolean;
  };
}

export interface ReadinessOptions {
  readonly redis?: Pingable | undefined;
  /** How long a PING may take before Redis counts as down (default 250 ms, as `REDIS_TIMEOUT_MS`). */
  readonly timeoutMs?: number;
  /** Told whether Redis answered, each time readiness asks (metrics). */
  readonly onRedisCheck?: (up: boolean) => void;
}

export class Readiness {
  #schemaLoaded = false;
  #draining = false;

  constructor(private readonly options: ReadinessOptions = {}) {}

  markSchemaLoaded(): void {
    this.#schemaLoaded = true;
  }

  /** From now on (or until `setDraining(false)`) the replica reports not ready, so traffic moves elsewhere. */
  setDraining(draining = true): void {
    this.#draining = draining;
  }

  get draining(): boolean {
    return this.#draining;
  }

  async check(): Promise<ReadinessReport> {
    const redis = await this.#redis();
    const schema = this.#schemaLoaded ? 'ok' : 'loading';
    return {
      ready: schema === 'ok' && (redis === 'ok' || redis === 'not configured') && !this.#draining,
      checks: { schema, redis, draining: this.#draining },
    };
  }

  async #redis(): Promise<CheckState> {
    const { redis, onRedisCheck } = this.options;
    if (!redis) return 'not configured';
    let state: CheckState;
    try {
      state =
        (await withinTime(redis.ping(), this.options.timeoutMs ?? 250)) === TIMED_OUT ? 'timeout' : 'ok';
    } catch {
      state = 'failed';
    }
    onRedisCheck?.(state === 'ok');
    return state;
  }

  /** `GET /readyz`: 200 when ready, 503 when not, with each check's state (never an error's text). */
  handler(): RequestHandler {
    return (_req, res, next) => {
      this.check().then((report) => {
        res
          .status(report.ready ? 200 : 503)
          .set('cache-control', 'no-store')
          .json({ status: report.ready ? 'ready' : 'not ready', checks: report.checks });
      }, next);
    };
  }
}
