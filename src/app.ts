/**
 * `buildGateway(config, overrides)`: the one place that wires a gateway from a `Config` — the stores (cache, APQ,
 * Redis), the HMRC request budget, the HMRC client, the embedded sandbox simulator when no `HMRC_BASE_URL` is
 * set, and the GraphQL server. `src/index.ts`, the test harness and the benchmark all build it here, so that what
 * is tested and measured is what runs. Nothing here reads the environment: the config is already parsed.
 */
import type { OAuth } from './auth/oauth';
import type * as OAuthModule from './auth/oauth';
import type { ResponseCache } from './cache/response-cache';
import type { Stores } from './cache/stores';
import { createStores } from './cache/stores';
import type { Config } from './config';
import type { Timers } from './hmrc/client';
import { HmrcClient } from './hmrc/client';
import type { UpstreamLimiter } from './hmrc/rate-limiter';
import { createRateLimiter } from './hmrc/rate-limiter';
import type { CachePolicy } from './loaders';
import type { Observability } from './observability';
import { createObservability } from './observability';
import type { Telemetry } from './observability/telemetry';
import type { Gateway, GatewayDeps } from './server';
import { createGateway } from './server';
import { DEMO_NINO } from './simulator/demo-data';
import type { Simulator, SimulatorOptions } from './simulator/server';
import type * as SimulatorModule from './simulator/server';
import type { Clock } from './util/clock';
import { systemClock } from './util/clock';
import type { Logger } from './util/logger';
import { createLogger } from './util/logger';

/** What a caller (a test, the benchmark) may supply instead of what the config would build. */
export interface GatewayOverrides {
  /** Default: a logger at `config.logLevel`. */
  readonly logger?: Logger;
  /** The gateway's "today" (default: the system clock); the embedded simulator gets the same clock. */
  readonly clock?: Clock;
  /** Options for the embedded simulator (used only when `config.hmrc.baseUrl` is unset). */
  readonly simulator?: SimulatorOptions;
  /** The stores to use instead of building them from `config.cache` (the caller then closes them). */
  readonly stores?: Stores;
  /** A response cache to use instead of the stores' one (e.g. over an instrumented backend). */
  readonly responseCache?: ResponseCache;
  /**
   * The clock cached answers expire by (epoch milliseconds; default `Date.now`), so that tests move time instead
   * of sleeping. Not `clock`: a test's frozen "today" would then never expire anything.
   */
  readonly cacheNow?: () => number;
  /** How long answers are cached, instead of `config.cache`'s seconds (tests want milliseconds). */
  readonly cachePolicy?: CachePolicy;
  /** A request budget instead of the one `config.hmrc.rateLimit` gives; `false`: calls to HMRC are not limited. */
  readonly limiter?: UpstreamLimiter | false;
  /** The limiter's key prefix in Redis (default the limiter's own), to keep test runs apart in one Redis. */
  readonly rateLimitKeyPrefix?: string;
  /** Keep Apollo's own in-memory APQ store instead of the stores' one. */
  readonly apolloApqStore?: boolean;
  /** Time for the HMRC client's retries and circuit breakers (default: the real clock and timers). */
  readonly timers?: Partial<Timers>;
  /** Metrics, traces and request logs to report to, instead of those `config.observability` gives. */
  readonly telemetry?: Telemetry;
  /** Sign-in routes and sessions built by the caller, instead of the ones `config.oauth` gives. */
  readonly oauth?: OAuth;
  /** Any other createGateway dependency, as given (last, so it wins): e.g. a manifest reader in tests. */
  readonly gatewayDeps?: Partial<GatewayDeps>;
}

export interface BuiltGateway {
  readonly gateway: Gateway;
  readonly client: HmrcClient;
  readonly stores: Stores;
  readonly limiter: UpstreamLimiter | undefined;
  /** The embedded simulator, when `config.hmrc.baseUrl` is unset. */
  readonly simulator: Simulator | undefined;
  /** Where the gateway sends HMRC calls: `config.hmrc.baseUrl`, or the embedded simulator's URL. */
  readonly upstreamUrl: string;
  readonly logger: Logger;
  /** Metrics, traces and request logs; with `METRICS_PORT`, `observability.listenMetrics` serves /metrics there. */
  readonly observability: Observability;
  /** Listens on `config.port` and `config.host` (or those given) and resolves to the GraphQL URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops the gateway, then closes the client, the stores it built and the simulator. */
  close(): Promise<void>;
}

export async function buildGateway(config: Config, overrides: GatewayOverrides = {}): Promise<BuiltGateway> {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const clock = overrides.clock ?? systemClock;

  let simulator: Simulator | undefined;
  let upstreamUrl = config.hmrc.baseUrl;
  if (upstreamUrl === undefined) {
    // Loaded only without HMRC_BASE_URL: with HMRC configured (production) none of the simulator is used, and its
    // modules cost ~10 ms of start-up.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createSimulator } = require('./simulator/server') as typeof SimulatorModule;
    simulator = createSimulator({
      logger: logger.child({ component: 'simulator' }),
      now: () => clock.now(),
      // The embedded simulator knows the gateway's own client (and refuses any other with invalid_client).
      oauth: {
        accessTokenTtlSeconds: config.simulator.accessTokenTtlSeconds,
        ...(config.oauth ? { clients: { [config.oauth.clientId]: config.oauth.clientSecret } } : {}),
      },
      ...overrides.simulator,
    });
    upstreamUrl = await simulator.listen(config.simulator.port, '127.0.0.1');
    logger.info(
      { baseUrl: upstreamUrl, demoNino: DEMO_NINO },
      'No HMRC_BASE_URL: using the embedded HMRC sandbox simulator',
    );
    if (config.env === 'production') {
      logger.warn(
        'NODE_ENV=production but HMRC_BASE_URL is unset: requests go to the simulator, not to HMRC',
      );
    }
  }

  const ownStores = overrides.stores === undefined;
  const stores =
    overrides.stores ??
    createStores(
      {
        redisUrl: config.cache.redisUrl,
        redisTimeoutMs: config.cache.redisTimeoutMs,
        maxEntries: config.cache.maxEntries,
      },
      logger.child({ component: 'cache' }),
      overrides.cacheNow,
    );
  const observability = createObservability({
    logger,
    ...config.observability,
    redisUp: stores.redis ? () => stores.redis?.isReady === true : undefined,
    telemetry: overrides.telemetry,
  });
  const { telemetry } = observability;
  const budget =
    overrides.limiter === false
      ? undefined
      : (overrides.limiter ??
        createRateLimiter({
          requestsPerSecond: config.hmrc.rateLimit.requestsPerSecond,
          maxWaitMs: config.hmrc.rateLimit.maxWaitMs,
          redis: stores.redis,
          redisTimeoutMs: config.cache.redisTimeoutMs,
          expectedReplicas: config.hmrc.rateLimit.expectedReplicas,
          ...(overrides.rateLimitKeyPrefix ? { keyPrefix: overrides.rateLimitKeyPrefix } : {}),
          logger: logger.child({ component: 'rate-limit' }),
        }));
  // Wrapped (queue depth, wait) without changing what it is: every other member is the limiter's own.
  const limiter = budget && telemetry.instrumentLimiter(budget);
  const client = new HmrcClient({
    baseUrl: upstreamUrl,
    versions: config.hmrc.versions,
    timeoutMs: config.hmrc.timeoutMs,
    maxConnections: config.hmrc.maxConnections,
    logger: logger.child({ component: 'hmrc' }),
    ...(limiter ? { limiter } : {}),
    retry429Max: config.hmrc.retry429Max,
    retry: config.hmrc.retry,
    ...(config.hmrc.breaker ? { breaker: config.hmrc.breaker } : {}),
    ...(overrides.timers ? { timers: overrides.timers } : {}),
    observer: telemetry,
  });
  const { ttlSeconds, notFoundTtlSeconds } = config.cache;
  // Sign in with HMRC: the embedded simulator's pages when no HMRC URL was configured.
  const oauth =
    overrides.oauth ??
    (config.oauth
      ? // Loaded only with sign-in configured (HMRC_CLIENT_ID): its modules (sessions, routes, keys, the token
        // client) are otherwise never used, and cost ~10 ms of start-up.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        (require('./auth/oauth') as typeof OAuthModule).createOAuth({
          config: {
            ...config.oauth,
            authorizeUrl: config.oauth.authorizeUrl ?? `${upstreamUrl}/oauth/authorize`,
            tokenUrl: config.oauth.tokenUrl ?? `${upstreamUrl}/oauth/token`,
          },
          store: stores.sessions,
          redis: stores.redis,
          clock,
          logger,
          timeoutMs: config.hmrc.timeoutMs,
          storeTimeoutMs: Math.max(1_000, config.cache.redisTimeoutMs),
        })
      : undefined);
  const gateway = await createGateway({
    oauth,
    client,
    logger,
    clock,
    sandbox: config.hmrc.sandbox,
    production: config.env === 'production',
    corsOrigins: config.corsOrigins,
    settings: { versions: config.hmrc.versions, disclosuresMinTaxYear: config.hmrc.disclosuresMinTaxYear },
    responseCache: overrides.responseCache ?? stores.responses,
    cachePolicy: overrides.cachePolicy ?? {
      ttlMs: (api, found) => 1000 * (found ? ttlSeconds[api] : Math.min(notFoundTtlSeconds, ttlSeconds[api])),
    },
    apq: {
      cache: overrides.apolloApqStore ? undefined : stores.apq,
      ttlSeconds: config.cache.apqTtlSeconds,
    },
    maxConcurrencyPerRequest: config.hmrc.maxConcurrencyPerRequest,
    limits: config.limits,
    shutdownGraceMs: config.shutdownGraceMs,
    fraud: config.fraud,
    maxCallsPerRequest: config.hmrc.maxCallsPerRequest,
    ...(config.requestDeadlineMs > 0 ? { requestDeadlineMs: config.requestDeadlineMs } : {}),
    readiness: { redis: stores.redis, timeoutMs: config.cache.redisTimeoutMs },
    telemetry,
    serveMetrics: observability.metricsOnMainPort,
    objectIdSecret: config.graphql.objectIdSecret,
    mode: config.graphql.mode,
    trustedDocuments: {
      manifests: config.graphql.trustedDocumentManifests,
      only: config.graphql.trustedDocumentsOnly,
    },
    ...overrides.gatewayDeps,
  });

  return {
    gateway,
    client,
    stores,
    limiter,
    simulator,
    upstreamUrl,
    logger,
    observability,
    listen: (port = config.port, host = config.host) => gateway.listen(port, host),
    async close() {
      await gateway.stop();
      await client.close();
      await observability.close();
      if (ownStores) await stores.close();
      await simulator?.close();
    },
  };
}
