/**
 * Real parts for tests: the gateway on a real port, built by `buildGateway` (src/app.ts) exactly as `npm start`
 * builds it, talking over HTTP to the HMRC sandbox simulator (or to any upstream URL, e.g. a stub). Everything
 * listens on port 0 and is torn down by `stop()`.
 */
import type { BuiltGateway } from '../../src/app';
import { buildGateway } from '../../src/app';
import type { ResponseCache } from '../../src/cache/response-cache';
import type { Stores } from '../../src/cache/stores';
import { createStores } from '../../src/cache/stores';
import type { Config } from '../../src/config';
import { loadConfig } from '../../src/config';
import type { ApiVersions } from '../../src/hmrc/apis';
import { DEFAULT_API_VERSIONS } from '../../src/hmrc/apis';
import type { UpstreamLimiter } from '../../src/hmrc/rate-limiter';
import { createRateLimiter } from '../../src/hmrc/rate-limiter';
import type { GatewayDeps } from '../../src/server';
import type { Simulator, SimulatorOptions } from '../../src/simulator/server';
import type { Clock } from '../../src/util/clock';
import type { Logger } from '../../src/util/logger';
import { silentLogger } from '../../src/util/logger';

export const TOKEN = 'test-token-0123456789abcdef';

export interface GraphQLResponse<T = any> {
  status: number;
  headers: Headers;
  body: { data?: T; errors?: Array<{ message: string; path?: Array<string | number>; extensions: any }> };
}

export interface GatewayOptions {
  sandbox?: boolean;
  /** HMRC's earliest disclosures year (default: the sandbox's, 2019-20). */
  disclosuresMinTaxYear?: string;
  /** The gateway's "today" (default: the system clock). `startStack` gives the simulator the same clock. */
  clock?: Clock;
  /**
   * Keep HMRC answers across requests, as `npm start` does (default: off, so that every request of a suite
   * reaches the upstream). `redisUrl` uses Redis; `ttlMs` applies to every API (`notFoundTtlMs` to 404s).
   */
  cache?: {
    redisUrl?: string;
    ttlMs?: number;
    notFoundTtlMs?: number;
    maxEntries?: number;
    /** How long a cache operation may take before it counts as a miss (default 250, as `REDIS_TIMEOUT_MS`). */
    timeoutMs?: number;
  };
  /**
   * A response cache built by the test (e.g. over an instrumented keyv store), used instead of the one `cache`
   * would build; `cache`'s TTLs still apply.
   */
  responseCache?: ResponseCache;
  /** An HMRC request budget (default: none). `redisUrl` shares it between gateways. */
  rateLimit?: { requestsPerSecond: number; maxWaitMs?: number; redisUrl?: string; keyPrefix?: string };
  /** Or a limiter built by the test. */
  limiter?: UpstreamLimiter;
  maxConcurrencyPerRequest?: number;
  retry429Max?: number;
  apqTtlSeconds?: number;
  logger?: Logger;
  production?: boolean;
  timeoutMs?: number;
  versions?: Partial<ApiVersions>;
  /** Any other gateway dependency, passed to createGateway as given (last, so it wins). */
  deps?: Partial<GatewayDeps>;
}

export interface RunningGateway {
  readonly url: string;
  /**
   * POSTs a GraphQL request as Apollo Client 4 does; sends `Authorization: Bearer TOKEN` unless
   * `headers.authorization` says otherwise (and Apollo Client's `Accept` unless `headers.accept` does).
   */
  gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string | undefined>,
  ): Promise<GraphQLResponse<T>>;
  /**
   * Resolves once every Redis client of this gateway (cache, rate limit) is connected, at once without Redis.
   * Until then the gateway runs as if Redis were down (misses; its own rate budget).
   */
  redisReady(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The `Config` a test's options stand for. Defaults differ from `npm start`'s where a test needs them to: no
 * response cache and no request budget unless asked for, a 5 s HMRC timeout, the sandbox's disclosures minimum.
 */
export function testConfig(upstreamUrl: string | undefined, options: GatewayOptions = {}): Config {
  const defaults = loadConfig({ NODE_ENV: 'test' });
  const versions = { ...DEFAULT_API_VERSIONS, ...options.versions };
  return {
    ...defaults,
    env: options.production ? 'production' : 'test',
    port: 0,
    host: '127.0.0.1',
    hmrc: {
      ...defaults.hmrc,
      baseUrl: upstreamUrl,
      sandbox: options.sandbox ?? true,
      timeoutMs: options.timeoutMs ?? 5_000,
      maxConnections: 8,
      versions,
      disclosuresMinTaxYear: options.disclosuresMinTaxYear ?? '2019-20',
      rateLimit: {
        requestsPerSecond: options.rateLimit?.requestsPerSecond ?? defaults.hmrc.rateLimit.requestsPerSecond,
        maxWaitMs: options.rateLimit?.maxWaitMs ?? 10_000,
      },
      maxConcurrencyPerRequest: options.maxConcurrencyPerRequest || 4,
      retry429Max: options.retry429Max ?? defaults.hmrc.retry429Max,
    },
    cache: {
      ...defaults.cache,
      redisUrl: options.cache?.redisUrl,
      redisTimeoutMs: options.cache?.timeoutMs ?? 250,
      maxEntries: options.cache ? (options.cache.maxEntries ?? 10_000) : 0,
      apqTtlSeconds: options.apqTtlSeconds ?? 86_400,
    },
    simulator: { port: 0 },
    corsOrigins: '*',
  };
}

export async function startGateway(
  upstreamUrl: string,
  options: GatewayOptions = {},
): Promise<RunningGateway> {
  const { built, limiterStores } = await buildTestGateway(upstreamUrl, options);
  return running(built, limiterStores);
}

/** `buildGateway` with a test's options; `upstreamUrl` undefined starts the embedded simulator. */
async function buildTestGateway(
  upstreamUrl: string | undefined,
  options: GatewayOptions & { simulator?: SimulatorOptions },
): Promise<{ built: BuiltGateway; limiterStores: Stores | undefined }> {
  const logger = options.logger ?? silentLogger();
  const config = testConfig(upstreamUrl, options);
  // The budget shares the cache's Redis, as in production, unless the test gives it a Redis of its own (or none
  // while the cache has one): then it is built here, over its own connection.
  const ownLimiterRedis =
    options.rateLimit !== undefined && options.rateLimit.redisUrl !== options.cache?.redisUrl;
  const limiterStores: Stores | undefined =
    ownLimiterRedis && options.rateLimit?.redisUrl
      ? createStores({ redisUrl: options.rateLimit.redisUrl, redisTimeoutMs: 250, maxEntries: 0 }, logger)
      : undefined;
  const limiter: UpstreamLimiter | false | undefined =
    options.limiter ??
    (options.rateLimit === undefined
      ? false
      : ownLimiterRedis
        ? createRateLimiter({
            requestsPerSecond: config.hmrc.rateLimit.requestsPerSecond,
            maxWaitMs: config.hmrc.rateLimit.maxWaitMs,
            redis: limiterStores?.redis,
            ...(options.rateLimit.keyPrefix ? { keyPrefix: options.rateLimit.keyPrefix } : {}),
            logger,
          })
        : undefined);
  const cached = options.responseCache !== undefined || options.cache !== undefined;
  const built = await buildGateway(config, {
    logger,
    // The simulator logs to its own (silent) logger, so that a test reading the gateway's log sees only that.
    simulator: { logger: silentLogger(), ...options.simulator },
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.responseCache ? { responseCache: options.responseCache } : {}),
    cachePolicy: cached
      ? {
          ttlMs: (_api: string, found: boolean) =>
            found
              ? (options.cache?.ttlMs ?? 60_000)
              : (options.cache?.notFoundTtlMs ?? options.cache?.ttlMs ?? 60_000),
        }
      : { ttlMs: () => 0 },
    ...(limiter !== undefined ? { limiter } : {}),
    ...(options.rateLimit?.keyPrefix ? { rateLimitKeyPrefix: options.rateLimit.keyPrefix } : {}),
    // Without `cache`, APQ stays in Apollo's own in-memory store (`apqTtlSeconds` still applies to it).
    apolloApqStore: options.cache === undefined,
    ...(options.deps ? { gatewayDeps: options.deps } : {}),
  });
  return { built, limiterStores };
}

/** The test-facing handle on a built gateway: listening on port 0, with `gql`, `redisReady` and `stop`. */
async function running(built: BuiltGateway, limiterStores: Stores | undefined): Promise<RunningGateway> {
  const { gateway, stores } = built;
  const url = await gateway.listen(0, '127.0.0.1');
  return {
    url,
    async gql(query, variables, headers = {}) {
      const sent: Record<string, string> = {
        'content-type': 'application/json',
        // What Apollo Client 4 sends: the spec's media type first, so request errors keep their 4xx status
        // (with `Accept: application/json` they are 200: test/http/graphql-over-http.test.ts).
        accept: 'application/graphql-response+json,application/json;q=0.9',
        authorization: `Bearer ${TOKEN}`,
      };
      for (const [name, value] of Object.entries(headers)) {
        if (value === undefined) delete sent[name.toLowerCase()];
        else sent[name.toLowerCase()] = value;
      }
      const response = await fetch(url, {
        method: 'POST',
        headers: sent,
        body: JSON.stringify({ query, variables }),
      });
      return {
        status: response.status,
        headers: response.headers,
        body: (await response.json()) as GraphQLResponse['body'],
      };
    },
    async redisReady(timeoutMs = 5_000) {
      const clients = [stores.redis, limiterStores?.redis].filter((c) => c !== undefined);
      const deadline = Date.now() + timeoutMs;
      while (!clients.every((c) => c.isReady)) {
        if (Date.now() > deadline) throw new Error(`Redis not connected after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async stop() {
      await built.close();
      await limiterStores?.close();
    },
  };
}

export interface Stack extends RunningGateway {
  readonly simulator: Simulator;
  readonly simulatorUrl: string;
}

/** Simulator + gateway, wired together over HTTP as `npm start` wires them. */
export async function startStack(
  options: GatewayOptions & { simulator?: SimulatorOptions } = {},
): Promise<Stack> {
  // No upstream URL: `buildGateway` starts the embedded simulator, with the gateway's clock, as `npm start` does.
  const { built, limiterStores } = await buildTestGateway(undefined, options);
  const gateway = await running(built, limiterStores);
  return { ...gateway, simulator: built.simulator!, simulatorUrl: built.upstreamUrl };
}

/** The upstream requests whose path contains `fragment` (all of them without one). */
export function upstreamCalls(simulator: Simulator, fragment = ''): Simulator['requests'] {
  return simulator.requests.filter((r) => r.url.includes(fragment));
}
