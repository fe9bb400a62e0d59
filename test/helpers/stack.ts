/**
 * Real parts for tests: the gateway on a real port, built by `buildGateway` (src/app.ts) exactly as `npm start`
 * builds it, talking over HTTP to the HMRC sandbox simulator (or to any upstream URL, e.g. a stub). Everything
 * listens on port 0 and is torn down by `stop()`.
 */
import express from 'express';
import Keyv from 'keyv';
import type { BuiltGateway } from '../../src/app';
import type { OAuth } from '../../src/auth/oauth';
import { createOAuth } from '../../src/auth/oauth';
import type { RefreshLock } from '../../src/auth/oauth/lock';
import { buildGateway } from '../../src/app';
import type { ResponseCache } from '../../src/cache/response-cache';
import type { OperationLimits } from '../../src/limits/operation-limits';
import type { FraudSettings } from '../../src/fraud';
import { parseCidr } from '../../src/fraud';
import type { Stores } from '../../src/cache/stores';
import { createStores } from '../../src/cache/stores';
import type { Config } from '../../src/config';
import { loadConfig } from '../../src/config';
import type { ApiVersions } from '../../src/hmrc/apis';
import type { BreakerOptions, RetryOptions, Timers } from '../../src/hmrc/client';
import { DEFAULT_API_VERSIONS } from '../../src/hmrc/apis';
import type { UpstreamLimiter } from '../../src/hmrc/rate-limiter';
import { createRateLimiter } from '../../src/hmrc/rate-limiter';
import type { Telemetry } from '../../src/observability/telemetry';
import type { Gateway, GatewayDeps } from '../../src/server';
import type { Simulator, SimulatorOptions } from '../../src/simulator/server';
import type { Clock } from '../../src/util/clock';
import type { Logger } from '../../src/util/logger';
import { silentLogger } from '../../src/util/logger';
import { GOOD_CLIENT_HEADERS } from './fraud-headers';
import { WAIT_FOR_DEADLINE_MS } from './wait';

export const TOKEN = 'test-token-0123456789abcdef';

/** Two rotation keys for `SESSION_SECRET` in tests (newest first). */
export const SESSION_SECRETS = [
  'test-session-secret-0123456789-abcdefghij',
  'older-session-secret-0123456789-klmnop',
];
export const CLIENT_ID = 'test-client-id';
export const CLIENT_SECRET = 'test-client-secret-do-not-log';

/** Sign in with HMRC for a test gateway; the redirect URI is the gateway's own `/oauth/callback`. */
export interface OAuthTestOptions {
  clientId?: string;
  clientSecret?: string;
  sessionSecrets?: string[];
  allowedReturnOrigins?: string[];
  mobileRedirectUris?: string[];
  scopes?: string;
  /** Default: false (tests talk plain http on 127.0.0.1, which is local development). */
  secureCookies?: boolean;
  /** Default: the upstream's `/oauth/authorize` and `/oauth/token`. */
  authorizeUrl?: string;
  tokenUrl?: string;
  /** Sessions and the refresh lock in this Redis (shared by gateways given the same URL). */
  redisUrl?: string;
  lock?: RefreshLock;
  /** The redirect URI to register instead of the gateway's own callback. */
  redirectUri?: string;
}

export interface GraphQLResponse<T = any> {
  status: number;
  headers: Headers;
  body: {
    data?: T;
    errors?: Array<{ message: string; path?: Array<string | number>; extensions: any }>;
    extensions?: Record<string, any>;
  };
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
    /** The clock entries expire by (default `Date.now`): a test moves it instead of sleeping. */
    now?: () => number;
    /** How long a cache operation may take before it counts as a miss (default 250, as `REDIS_TIMEOUT_MS`). */
    timeoutMs?: number;
  };
  /**
   * A response cache built by the test (e.g. over an instrumented keyv store), used instead of the one `cache`
   * would build; `cache`'s TTLs still apply.
   */
  responseCache?: ResponseCache;
  /** An HMRC request budget (default: none). `redisUrl` shares it between gateways. */
  rateLimit?: {
    requestsPerSecond: number;
    maxWaitMs?: number;
    redisUrl?: string;
    keyPrefix?: string;
    /**
     * How long the budget's Redis may take before this process uses its own share (default 250, as in
     * production). Only for a limiter of its own Redis (`redisUrl` other than the cache's).
     */
    redisTimeoutMs?: number;
  };
  /** Or a limiter built by the test. */
  limiter?: UpstreamLimiter;
  maxConcurrencyPerRequest?: number;
  /** HMRC_MAX_CALLS_PER_REQUEST (default: the gateway's). */
  maxCallsPerRequest?: number;
  /** REQUEST_DEADLINE_MS (default: none). */
  requestDeadlineMs?: number;
  retry429Max?: number;
  /** Retries of GETs after 5xx and lost connections (default: none, so that call counts stay exact). */
  retry?: RetryOptions;
  /** A circuit breaker per HMRC API (default: none, so that one test's failures cannot open it for the next). */
  breaker?: BreakerOptions;
  /** Injected time for retries and the breaker (default: the real clock and timers). */
  timers?: Partial<Timers>;
  apqTtlSeconds?: number;
  logger?: Logger;
  production?: boolean;
  timeoutMs?: number;
  versions?: Partial<ApiVersions>;
  /** Operation limits (default: the production defaults). */
  limits?: Partial<OperationLimits>;
  /**
   * Fraud-prevention header settings, over the tests' defaults: report mode, 127.0.0.1 and ::1 trusted as the
   * proxy (so `X-Forwarded-For` and `X-Client-Port` carry the client), vendor IP 203.0.113.6, a product name and
   * a licence id.
   */
  fraud?: Partial<FraudSettings>;
  /**
   * The fraud-prevention headers `gql` sends with every request (default: a well-formed WEB_APP_VIA_SERVER set
   * from a public client address behind the trusted proxy, so that suites about something else run the way a
   * correct frontend would). `false`: none.
   */
  clientFraudHeaders?: Record<string, string> | false;
  /** Metrics, traces and request logs: the client, the limiter and the gateway all report to it. */
  telemetry?: Telemetry;
  /** Sign in with HMRC (off by default). */
  oauth?: OAuthTestOptions;
  /** Any other gateway dependency, passed to createGateway as given (last, so it wins). */
  deps?: Partial<GatewayDeps>;
}

/** What `gql` sends by default: a correct web app, client 198.51.100.7:50123 behind a trusted proxy. */
export const DEFAULT_CLIENT_FRAUD_HEADERS: Readonly<Record<string, string>> = {
  ...GOOD_CLIENT_HEADERS.WEB_APP_VIA_SERVER,
  'x-forwarded-for': '198.51.100.7',
  'x-client-port': '50123',
};

const TEST_FRAUD_SETTINGS: Partial<FraudSettings> = {
  mode: 'report',
  trustedProxies: [parseCidr('127.0.0.1')!, parseCidr('::1')!],
  clientPortHeader: 'x-client-port',
  vendorPublicIp: '203.0.113.6',
  productName: 'HMRC GraphQL Gateway tests',
  licenseIds: [{ key: 'hmrc-graphql-gateway-tests', value: '8D7963490527D337' }],
};

export interface RunningGateway {
  readonly url: string;
  /** The gateway itself (draining, its Express app). */
  readonly gateway: Gateway;
  /** The gateway's origin, e.g. `http://127.0.0.1:12345`. */
  readonly origin: string;
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
        expectedReplicas: defaults.hmrc.rateLimit.expectedReplicas,
      },
      maxCallsPerRequest: options.maxCallsPerRequest ?? defaults.hmrc.maxCallsPerRequest,
      maxConcurrencyPerRequest: options.maxConcurrencyPerRequest || 4,
      retry429Max: options.retry429Max ?? defaults.hmrc.retry429Max,
      retry: options.retry ?? { ...defaults.hmrc.retry, maxRetries: 0 },
      breaker: options.breaker,
    },
    cache: {
      ...defaults.cache,
      redisUrl: options.cache?.redisUrl,
      redisTimeoutMs: options.cache?.timeoutMs ?? 250,
      maxEntries: options.cache ? (options.cache.maxEntries ?? 10_000) : 0,
      apqTtlSeconds: options.apqTtlSeconds ?? 86_400,
    },
    simulator: { port: 0, accessTokenTtlSeconds: defaults.simulator.accessTokenTtlSeconds },
    requestDeadlineMs: options.requestDeadlineMs ?? 0,
    corsOrigins: '*',
    limits: { ...defaults.limits, ...options.limits },
    fraud: { ...defaults.fraud, ...TEST_FRAUD_SETTINGS, ...options.fraud },
    // Metrics only where a test asks for them (`telemetry`); traces never by default.
    observability: { ...defaults.observability, metrics: { enabled: false, port: undefined } },
    // Sign-in is built by the harness (`options.oauth`): its redirect URI names a port known only once listening.
    oauth: undefined,
  };
}

export async function startGateway(
  upstreamUrl: string,
  options: GatewayOptions = {},
): Promise<RunningGateway> {
  return running(await buildTestGateway(upstreamUrl, options), options);
}

interface TestGateway {
  readonly built: BuiltGateway;
  readonly limiterStores: Stores | undefined;
  /** Stores of their own for sessions (`oauth.redisUrl` other than the cache's). */
  readonly sessionStores: Stores | undefined;
  /** Builds the sign-in routes once the gateway's origin is known. */
  bindOAuth(origin: string): void;
}

/** `buildGateway` with a test's options; `upstreamUrl` undefined starts the embedded simulator. */
async function buildTestGateway(
  upstreamUrl: string | undefined,
  options: GatewayOptions & { simulator?: SimulatorOptions },
): Promise<TestGateway> {
  const logger = options.logger ?? silentLogger();
  const config = testConfig(upstreamUrl, options);
  // The budget shares the cache's Redis, as in production, unless the test gives it a Redis of its own (or none
  // while the cache has one): then it is built here, over its own connection.
  const ownLimiterRedis =
    options.rateLimit !== undefined && options.rateLimit.redisUrl !== options.cache?.redisUrl;
  const limiterStores: Stores | undefined =
    ownLimiterRedis && options.rateLimit?.redisUrl
      ? createStores(
          {
            redisUrl: options.rateLimit.redisUrl,
            redisTimeoutMs: options.rateLimit.redisTimeoutMs ?? 250,
            maxEntries: 0,
          },
          logger,
        )
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
            ...(options.rateLimit.redisTimeoutMs ? { redisTimeoutMs: options.rateLimit.redisTimeoutMs } : {}),
            logger,
          })
        : undefined);
  const cached = options.responseCache !== undefined || options.cache !== undefined;
  // The redirect URI names the gateway's port, known only once it listens: the OAuth routes are bound late.
  let oauth: OAuth | undefined;
  const sessionStores: Stores | undefined =
    options.oauth?.redisUrl && options.oauth.redisUrl !== options.cache?.redisUrl
      ? createStores({ redisUrl: options.oauth.redisUrl, redisTimeoutMs: 250, maxEntries: 0 }, logger)
      : undefined;
  const lateOAuth: OAuth | undefined = options.oauth
    ? {
        router: express.Router().use((req, res, next) => (oauth ? oauth.router(req, res, next) : next())),
        authenticate: (headers) => oauth?.authenticate(headers),
        cookieName: options.oauth.secureCookies ? '__Host-hmrc-session' : 'hmrc-session',
      }
    : undefined;
  // With sign-in on, the simulator knows the test client (and refuses any other with invalid_client).
  const simulatorOAuth = options.oauth
    ? {
        oauth: {
          clients: { [options.oauth.clientId ?? CLIENT_ID]: options.oauth.clientSecret ?? CLIENT_SECRET },
          ...options.simulator?.oauth,
        },
      }
    : {};
  const built = await buildGateway(config, {
    ...(lateOAuth ? { oauth: lateOAuth } : {}),
    logger,
    ...(options.timers ? { timers: options.timers } : {}),
    // The simulator logs to its own (silent) logger, so that a test reading the gateway's log sees only that.
    simulator: { logger: silentLogger(), ...options.simulator, ...simulatorOAuth },
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.responseCache ? { responseCache: options.responseCache } : {}),
    ...(options.cache?.now ? { cacheNow: options.cache.now } : {}),
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
    ...(options.telemetry ? { telemetry: options.telemetry } : {}),
    ...(options.deps ? { gatewayDeps: options.deps } : {}),
  });
  const bindOAuth = (origin: string) => {
    const o = options.oauth;
    if (!o) return;
    const upstream = built.upstreamUrl.replace(/\/+$/, '');
    const stores = sessionStores ?? built.stores;
    oauth = createOAuth({
      config: {
        clientId: o.clientId ?? CLIENT_ID,
        clientSecret: o.clientSecret ?? CLIENT_SECRET,
        redirectUri: o.redirectUri ?? `${origin}/oauth/callback`,
        authorizeUrl: o.authorizeUrl ?? `${upstream}/oauth/authorize`,
        tokenUrl: o.tokenUrl ?? `${upstream}/oauth/token`,
        sessionSecrets: o.sessionSecrets ?? SESSION_SECRETS,
        allowedReturnOrigins: o.allowedReturnOrigins ?? [],
        mobileRedirectUris: o.mobileRedirectUris ?? [],
        scopes: o.scopes ?? 'read:self-assessment write:self-assessment',
        secureCookies: o.secureCookies ?? false,
      },
      store: stores.sessions ?? new Keyv<string>(),
      redis: o.redisUrl ? stores.redis : undefined,
      clock: options.clock ?? { now: () => new Date() },
      logger,
      timeoutMs: options.timeoutMs ?? 5_000,
      storeTimeoutMs: 1_000,
      ...(o.lock ? { lock: o.lock } : {}),
    });
  };
  return { built, limiterStores, sessionStores, bindOAuth };
}

/** The test-facing handle on a built gateway: listening on port 0, with `gql`, `redisReady` and `stop`. */
async function running(test: TestGateway, options: GatewayOptions): Promise<RunningGateway> {
  const { built, limiterStores, sessionStores } = test;
  const { gateway, stores } = built;
  const url = await gateway.listen(0, '127.0.0.1');
  const origin = new URL(url).origin;
  test.bindOAuth(origin);
  return {
    url,
    gateway,
    origin,
    async gql(query, variables, headers = {}) {
      const sent: Record<string, string> = {
        'content-type': 'application/json',
        // What Apollo Client 4 sends: the spec's media type first, so request errors keep their 4xx status
        // (with `Accept: application/json` they are 200: test/http/graphql-over-http.test.ts).
        accept: 'application/graphql-response+json,application/json;q=0.9',
        authorization: `Bearer ${TOKEN}`,
      };
      const fraudHeaders = options.clientFraudHeaders ?? DEFAULT_CLIENT_FRAUD_HEADERS;
      if (fraudHeaders)
        for (const [name, value] of Object.entries(fraudHeaders)) sent[name.toLowerCase()] = value;
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
    async redisReady(timeoutMs = WAIT_FOR_DEADLINE_MS) {
      const clients = [stores.redis, limiterStores?.redis, sessionStores?.redis].filter(
        (c) => c !== undefined,
      );
      const deadline = Date.now() + timeoutMs;
      while (!clients.every((c) => c.isReady)) {
        if (Date.now() > deadline) throw new Error(`Redis not connected after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async stop() {
      await built.close();
      await limiterStores?.close();
      await sessionStores?.close();
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
  const test = await buildTestGateway(undefined, options);
  const gateway = await running(test, options);
  return { ...gateway, simulator: test.built.simulator!, simulatorUrl: test.built.upstreamUrl };
}

/** The upstream requests whose path contains `fragment` (all of them without one). */
export function upstreamCalls(simulator: Simulator, fragment = ''): Simulator['requests'] {
  return simulator.requests.filter((r) => r.url.includes(fragment));
}
