/**
 * The gateway's whole configuration, read once from the environment by `loadConfig` (called only by
 * `src/index.ts`). Every variable is validated together and every problem is reported in one error.
 */
import { z } from 'zod';
import type { ApiId, ApiVersions } from './hmrc/apis';
import { DEFAULT_API_VERSIONS } from './hmrc/apis';
import { DEFAULT_MAX_CALLS_PER_REQUEST } from './budget/call-estimate';
import type { BreakerOptions, RetryOptions } from './hmrc/client';
import { DEFAULT_MAX_CONNECTIONS } from './hmrc/client';
import { DISCLOSURES_MIN_TAX_YEAR } from './hmrc/disclosures';
import { DEFAULT_EXPECTED_REPLICAS } from './hmrc/rate-limiter';
import { DEFAULT_MAX_CONCURRENCY_PER_REQUEST } from './hmrc/session';
import type { OperationLimits } from './limits/operation-limits';
import { OPERATION_LIMIT_DEFAULTS } from './limits/operation-limits';
import type { Cidr, FraudHeadersMode } from './fraud';
import { isPublicIp, parseCidr, parseIp } from './fraud';
import { checkTaxYear } from './validation/identifiers';

const HMRC_SANDBOX_HOST = 'test-api.service.hmrc.gov.uk';
const HMRC_PRODUCTION_HOST = 'api.service.hmrc.gov.uk';
/**
 * HMRC's authorise page is on the *www* host, not the API host ("Authorization Code grant", HMRC Developer Hub:
 * https://developer.service.hmrc.gov.uk/api-documentation/docs/authorisation/user-restricted-endpoints). The API
 * OpenAPI files list `https://api.service.hmrc.gov.uk/oauth/authorize` instead; the Developer Hub page is the one
 * HMRC's platform follows.
 */
const HMRC_AUTHORIZE_URLS: Readonly<Record<string, string>> = {
  [HMRC_SANDBOX_HOST]: 'https://test-www.tax.service.gov.uk/oauth/authorize',
  [HMRC_PRODUCTION_HOST]: 'https://www.tax.service.gov.uk/oauth/authorize',
};
const DEFAULT_OAUTH_SCOPES = 'read:self-assessment write:self-assessment';
/** A session secret shorter than this is too guessable to sign state or derive encryption keys from. */
const MIN_SESSION_SECRET_CHARS = 32;

// Whole decimal numbers only: `Number()` would also read `1e3`, `0x10` or ` 80 `, which are typos, not ports.
const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
const port = integer(0, 65535);
const seconds = (fallback: number) => integer(0, 7 * 24 * 3600).default(fallback);
const version = z.string().regex(/^\d\.\d$/, 'must be an HMRC API version such as 3.0');
const bool = z.enum(['true', 'false']).transform((value) => value === 'true');
const httpUrl = z.url({ protocol: /^https?$/ });
const list = (value: string) =>
  value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
    .transform((value) => value === 'true' || value === '1')
    .default(fallback);

/** A browser's Origin is scheme://host[:port] exactly; an entry with a path or trailing slash would never match. */
function checkOrigins(origins: readonly string[], ctx: z.RefinementCtx): void {
  for (const origin of origins) {
    let canonical: string | undefined;
    try {
      canonical = new URL(origin).origin;
    } catch {
      canonical = undefined;
    }
    if (canonical !== origin)
      ctx.addIssue({
        code: 'custom',
        message: `"${origin}" is not an origin such as https://app.example.com`,
      });
  }
}

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HMRC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  HMRC_ENVIRONMENT: z.enum(['sandbox', 'production']).optional(),
  HMRC_TIMEOUT_MS: integer(100, 120_000).default(10_000),
  HMRC_MAX_CONNECTIONS: integer(1, 256).default(DEFAULT_MAX_CONNECTIONS),
  HMRC_CHARGES_VERSION: version.default(DEFAULT_API_VERSIONS.charges),
  HMRC_RELIEFS_VERSION: version.default(DEFAULT_API_VERSIONS.reliefs),
  HMRC_DISCLOSURES_VERSION: version.default(DEFAULT_API_VERSIONS.disclosures),
  HMRC_SA_ACCOUNT_VERSION: version.default(DEFAULT_API_VERSIONS.saAccount),
  HMRC_DISCLOSURES_MIN_TAX_YEAR: z
    .string()
    .refine((value) => checkTaxYear(value) === undefined, 'must be a tax year such as 2021-22')
    .optional(),
  HMRC_RATE_LIMIT_RPS: z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'must be a number of requests per second such as 3 or 2.5')
    .transform(Number)
    .pipe(z.number().min(0.1).max(100_000))
    .default(3),
  HMRC_EXPECTED_REPLICAS: integer(1, 1000).default(DEFAULT_EXPECTED_REPLICAS),
  HMRC_MAX_CALLS_PER_REQUEST: integer(1, 100_000).default(DEFAULT_MAX_CALLS_PER_REQUEST),
  REQUEST_DEADLINE_MS: integer(0, 600_000).default(60_000),
  HMRC_RATE_LIMIT_MAX_WAIT_MS: integer(0, 300_000).default(10_000),
  HMRC_MAX_CONCURRENCY_PER_REQUEST: integer(1, 64).default(DEFAULT_MAX_CONCURRENCY_PER_REQUEST),
  HMRC_RETRY_429_MAX: integer(0, 5).default(2),
  HMRC_RETRY_MAX: integer(0, 5).default(2),
  HMRC_RETRY_BASE_DELAY_MS: integer(1, 10_000).default(200),
  HMRC_RETRY_MAX_DELAY_MS: integer(1, 10_000).default(2_000),
  HMRC_RETRY_BUDGET_PERCENT: integer(0, 100).default(20),
  HMRC_RETRY_BUDGET_MIN_RETRIES: integer(0, 1_000).default(3),
  HMRC_RETRY_BUDGET_WINDOW_MS: integer(1_000, 600_000).default(10_000),
  HMRC_BREAKER_FAILURE_PERCENT: integer(1, 99).default(50),
  HMRC_BREAKER_WINDOW_CALLS: integer(1, 1_000).default(20),
  HMRC_BREAKER_MIN_CALLS: integer(1, 1_000).default(5),
  HMRC_BREAKER_COOLDOWN_MS: integer(0, 600_000).default(15_000),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  REDIS_TIMEOUT_MS: integer(10, 10_000).default(250),
  CACHE_CHARGES_TTL_SECONDS: seconds(300),
  CACHE_RELIEFS_TTL_SECONDS: seconds(300),
  CACHE_DISCLOSURES_TTL_SECONDS: seconds(300),
  CACHE_SA_ACCOUNT_TTL_SECONDS: seconds(120),
  CACHE_NOT_FOUND_TTL_SECONDS: seconds(60),
  CACHE_MAX_ENTRIES: integer(0, 10_000_000).default(10_000),
  APQ_TTL_SECONDS: seconds(86_400),
  SIMULATOR_PORT: port.default(0),
  // The key of object ids; every replica must share it (src/identity/ids.ts).
  OBJECT_ID_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 32`)')
    .optional(),
  GRAPHQL_MODE: z.enum(['standalone', 'subgraph']).default('standalone'),
  TRUSTED_DOCUMENTS_MANIFESTS: z
    .string()
    .optional()
    .transform((value) => list(value ?? '')),
  TRUSTED_DOCUMENTS_ONLY: bool.default(false),
  GRAPHQL_MAX_DEPTH: integer(1, 1_000).default(OPERATION_LIMIT_DEFAULTS.depth),
  GRAPHQL_MAX_ALIASES: integer(0, 10_000).default(OPERATION_LIMIT_DEFAULTS.aliases),
  GRAPHQL_MAX_TOKENS: integer(100, 1_000_000).default(OPERATION_LIMIT_DEFAULTS.tokens),
  GRAPHQL_MAX_COST: integer(1, 100_000_000).default(OPERATION_LIMIT_DEFAULTS.cost),
  GRAPHQL_MAX_DIRECTIVES: integer(0, 10_000).default(OPERATION_LIMIT_DEFAULTS.directives),
  SHUTDOWN_GRACE_MS: integer(0, 600_000).default(25_000),
  // Unset is kept apart from `*` so that production can insist on an explicit list (see `productionProblems`).
  FRAUD_HEADERS_MODE: z.enum(['enforce', 'report', 'off']).optional(),
  FRAUD_ALLOW_BATCH: bool.default(false),
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((value, ctx): Cidr[] =>
      list(value).flatMap((entry) => {
        const cidr = parseCidr(entry);
        if (!cidr)
          ctx.addIssue({
            code: 'custom',
            message: `"${entry}" is not an IP address or CIDR such as 10.0.0.0/8`,
          });
        return cidr ? [cidr] : [];
      }),
    ),
  FRAUD_CLIENT_PORT_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,100}$/, 'must be an HTTP header name such as X-Client-Port')
    .transform((value) => value.toLowerCase())
    .optional(),
  GOV_VENDOR_PUBLIC_IP: z
    .string()
    .transform((value) => value.trim())
    .refine((value) => parseIp(value) !== undefined, 'must be an IPv4 or IPv6 address')
    .refine((value) => {
      const ip = parseIp(value);
      return ip === undefined || isPublicIp(ip);
    }, 'must be a public address (not private, loopback, link-local or unique-local)')
    .optional(),
  GOV_VENDOR_PRODUCT_NAME: z.string().max(200).optional(),
  GOV_VENDOR_LICENSE_IDS: z
    .string()
    .default('')
    .transform((value, ctx) =>
      list(value).flatMap((entry) => {
        const at = entry.indexOf('=');
        if (at <= 0 || at === entry.length - 1) {
          ctx.addIssue({ code: 'custom', message: 'entries must be software-name=hashed-licence' });
          return [];
        }
        return [{ key: entry.slice(0, at).trim(), value: entry.slice(at + 1).trim() }];
      }),
    ),
  METRICS_ENABLED: flag(true),
  METRICS_PORT: port.optional(),
  // The OpenTelemetry SDK's own variables (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/):
  // checked here so that a typo fails at start-up; the exporter reads the rest of them (headers, timeout) itself.
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_SERVICE_NAME: z.string().min(1).max(255).default('hmrc-graphql-gateway'),
  OTEL_SDK_DISABLED: flag(false),
  SIMULATOR_ACCESS_TOKEN_TTL_SECONDS: integer(1, 7 * 24 * 3600).default(14_400),
  CORS_ORIGINS: z
    .string()
    .optional()
    .transform((value, ctx): '*' | string[] | undefined => {
      if (value === undefined) return undefined;
      if (value.trim() === '*') return '*';
      const origins = list(value);
      // A browser's Origin header is scheme://host[:port] exactly; an entry with a path or a trailing slash
      // would silently never match, so it is refused here instead.
      checkOrigins(origins, ctx);
      return origins;
    }),
  // --- Sign in with HMRC (OAuth 2.0 sessions held by the gateway) ---
  HMRC_CLIENT_ID: z.string().min(1).optional(),
  HMRC_CLIENT_SECRET: z.string().min(1).optional(),
  OAUTH_REDIRECT_URI: httpUrl.optional(),
  HMRC_AUTHORIZE_URL: httpUrl.optional(),
  HMRC_TOKEN_URL: httpUrl.optional(),
  SESSION_SECRET: z
    .string()
    .transform(list)
    .refine(
      (keys) => keys.every((key) => key.length >= MIN_SESSION_SECRET_CHARS),
      `every key must be at least ${MIN_SESSION_SECRET_CHARS} characters (e.g. openssl rand -base64 48)`,
    )
    .optional(),
  OAUTH_ALLOWED_RETURN_ORIGINS: z
    .string()
    .transform((value, ctx) => {
      const origins = list(value);
      checkOrigins(origins, ctx);
      return origins;
    })
    .optional(),
  OAUTH_MOBILE_REDIRECT_URIS: z
    .string()
    .transform((value, ctx) => {
      const uris = list(value);
      for (const uri of uris) {
        // Custom schemes (com.example.app:/oauth) and https app links alike; matched exactly, so no fragment.
        if (!URL.canParse(uri) || uri.includes('#'))
          ctx.addIssue({
            code: 'custom',
            message: `"${uri}" is not an absolute redirect URI without a fragment`,
          });
      }
      return uris;
    })
    .optional(),
  OAUTH_SCOPES: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]+( [A-Za-z0-9:_.-]+)*$/, 'must be space-separated HMRC scopes')
    .default(DEFAULT_OAUTH_SCOPES),
});

/** Sign in with HMRC: present when `HMRC_CLIENT_ID` and `HMRC_CLIENT_SECRET` are set. */
export interface OAuthConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  /** The registered callback, `…/oauth/callback` on this gateway. */
  readonly redirectUri: string;
  /** `undefined`: the embedded simulator's (known once it listens). */
  readonly authorizeUrl: string | undefined;
  readonly tokenUrl: string | undefined;
  /** Newest first: the first signs and seals, every one is accepted (rotation). */
  readonly sessionSecrets: readonly string[];
  readonly allowedReturnOrigins: readonly string[];
  readonly mobileRedirectUris: readonly string[];
  /** Space-separated scopes asked for when the client names none. */
  readonly scopes: string;
  /** Cookies are `Secure` except in local development (plain http on a loopback host, not production). */
  readonly secureCookies: boolean;
}

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly logLevel: string;
  readonly hmrc: {
    /** `undefined`: start the embedded simulator and use it. */
    readonly baseUrl: string | undefined;
    /** Whether the upstream is a sandbox (so `Gov-Test-Scenario` may be forwarded). */
    readonly sandbox: boolean;
    readonly timeoutMs: number;
    readonly maxConnections: number;
    readonly versions: ApiVersions;
    /** HMRC's (environment-specific) earliest tax year for disclosures. */
    readonly disclosuresMinTaxYear: string;
    /** The application-wide budget of calls to HMRC, shared by every replica when Redis is configured. */
    readonly rateLimit: {
      readonly requestsPerSecond: number;
      readonly maxWaitMs: number;
      /** Replicas sharing the budget: each spends 1/expectedReplicas of it while Redis is unreachable. */
      readonly expectedReplicas: number;
    };
    /** Calls to HMRC one GraphQL request may cause. */
    readonly maxCallsPerRequest: number;
    /** Calls to HMRC one GraphQL request may have in flight at once. */
    readonly maxConcurrencyPerRequest: number;
    /** How many times a GET answered 429 is tried again. */
    readonly retry429Max: number;
    /** Retries of GETs after server errors and lost connections, and the budget every retry draws on. */
    readonly retry: RetryOptions;
    /** The circuit breaker per HMRC API; `undefined` when disabled (`HMRC_BREAKER_COOLDOWN_MS=0`). */
    readonly breaker: BreakerOptions | undefined;
  };
  readonly cache: {
    /** `undefined`: in-memory cache and rate limiter (one replica). */
    readonly redisUrl: string | undefined;
    readonly redisTimeoutMs: number;
    /** Seconds an HMRC answer is reused, per API (0: not cached). */
    readonly ttlSeconds: Readonly<Record<ApiId, number>>;
    /** Seconds HMRC's "no data" (404) is reused. */
    readonly notFoundTtlSeconds: number;
    /** Entries kept by the in-memory cache (least recently used go first). */
    readonly maxEntries: number;
    /** Seconds an automatic persisted query is kept. */
    readonly apqTtlSeconds: number;
  };
  readonly simulator: {
    readonly port: number;
    /** `expires_in` of the access tokens the embedded simulator issues (HMRC's: 4 hours). */
    readonly accessTokenTtlSeconds: number;
  };
  /** A request still running after this long fails its waiting fields (0: no deadline). */
  readonly requestDeadlineMs: number;
  /** `'*'`, or the exact origins browsers may call from (never `'*'` in production). */
  readonly corsOrigins: '*' | readonly string[];
  /** Per-operation limits (GraphQL Armor), checked before anything is executed. */
  readonly limits: OperationLimits;
  /** How long SIGTERM/SIGINT waits for in-flight requests before closing anyway. */
  readonly shutdownGraceMs: number;
  /** HMRC's fraud-prevention headers: how they are checked, and what the gateway supplies. */
  readonly fraud: {
    readonly mode: FraudHeadersMode;
    readonly allowBatch: boolean;
    readonly trustedProxies: readonly Cidr[];
    readonly clientPortHeader: string | undefined;
    readonly vendorPublicIp: string | undefined;
    readonly productName: string | undefined;
    readonly licenseIds: readonly { readonly key: string; readonly value: string }[];
  };
  readonly observability: {
    /** Prometheus metrics at /metrics; on `port` alone when it is set, else on the main port. */
    readonly metrics: { readonly enabled: boolean; readonly port: number | undefined };
    /** OpenTelemetry traces over OTLP/HTTP: on when an OTLP endpoint is set (and the SDK is not disabled). */
    readonly tracing: { readonly enabled: boolean; readonly serviceName: string };
  };
  /** `undefined`: OAuth sessions are off (bearer pass-through only). */
  readonly oauth: OAuthConfig | undefined;
  readonly graphql: {
    /** The key of object ids; `undefined`: the public built-in key. */
    readonly objectIdSecret: string | undefined;
    /** `subgraph`: serve an Apollo Federation 2 subgraph of the same schema. */
    readonly mode: 'standalone' | 'subgraph';
    /** graphql-codegen persisted-documents manifests (`{ "sha256:…" | "…": "query …" }`) to accept by id. */
    readonly trustedDocumentManifests: readonly string[];
    /** Accept only documents from those manifests (APQ registration and free-form queries refused). */
    readonly trustedDocumentsOnly: boolean;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * The upstream counts as a sandbox when it is the embedded simulator or HMRC's test host, unless
 * `HMRC_ENVIRONMENT` says otherwise. Any other URL is treated as production unless declared a sandbox, so a
 * test scenario can never be forwarded to live HMRC by accident.
 */
function isSandbox(baseUrl: string | undefined, declared: 'sandbox' | 'production' | undefined): boolean {
  if (declared) return declared === 'sandbox';
  return baseUrl === undefined || new URL(baseUrl).hostname === HMRC_SANDBOX_HOST;
}

/** Hosts that never leave the machine (a local egress proxy or sidecar, a stub, the simulator). */
function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
  );
}

/**
 * Rules that need more than one variable. Taxpayer data and bearer tokens must never cross a network in clear:
 * plain http to HMRC is refused unless it stays on this machine or the upstream is declared a sandbox (a
 * simulator on another container, say). Production also needs an explicit CORS list: `*` (or nothing, which
 * used to mean `*`) would let any web page drive the gateway with a token it got hold of.
 */
function crossFieldProblems(e: Readonly<Record<string, string | undefined>>): string[] {
  const problems: string[] = [];
  // Read from the raw values, so that these are reported together with any other problem (URL.canParse: a
  // malformed URL is reported by the schema already).
  if (e.HMRC_BASE_URL !== undefined && URL.canParse(e.HMRC_BASE_URL)) {
    const url = new URL(e.HMRC_BASE_URL);
    if (url.protocol === 'http:' && !isLoopback(url.hostname) && e.HMRC_ENVIRONMENT !== 'sandbox')
      problems.push(
        `HMRC_BASE_URL: must be https (plain http is allowed only to a loopback host such as 127.0.0.1, or with HMRC_ENVIRONMENT=sandbox); got ${url.protocol}//${url.host}`,
      );
  }
  if (e.NODE_ENV === 'production') {
    if (e.CORS_ORIGINS === undefined)
      problems.push(
        'CORS_ORIGINS: must be set in production to the origins browsers may call from, e.g. https://app.example.com',
      );
    else if (e.CORS_ORIGINS.trim() === '*')
      problems.push('CORS_ORIGINS: "*" is not allowed in production; list the exact origins instead');
  }
  return problems;
}

export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  // An empty variable (`HMRC_BASE_URL=` in a compose file) means "not set". So does a blank one (`PORT= `):
  // left in, zod's number coercion would read it as 0, and the gateway would quietly listen on a random port.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  // HMRC requires these on every call ("You are required by law to submit header data"); a production gateway
  // that cannot produce them would have every call flagged, so it does not start. The embedded simulator (no
  // HMRC_BASE_URL) is exempt: nothing reaches HMRC. Checked on the raw values, so that these are reported
  // together with any other problem.
  const missing =
    present.NODE_ENV === 'production' && present.HMRC_BASE_URL !== undefined
      ? [
          ...(present.GOV_VENDOR_PUBLIC_IP
            ? []
            : ['GOV_VENDOR_PUBLIC_IP: required in production (Gov-Vendor-Public-IP)']),
          ...(present.GOV_VENDOR_PRODUCT_NAME
            ? []
            : ['GOV_VENDOR_PRODUCT_NAME: required in production (Gov-Vendor-Product-Name)']),
        ]
      : [];
  const parsed = schema.safeParse(present);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  const reported = new Set(problems.map((problem) => problem.split(':')[0]));
  problems.push(...crossFieldProblems(present).filter((problem) => !reported.has(problem.split(':')[0])));
  problems.push(...missing);
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  // Settings that contradict each other (each is valid alone).
  const contradictions: string[] = [];
  if (e.HMRC_RETRY_MAX_DELAY_MS < e.HMRC_RETRY_BASE_DELAY_MS)
    contradictions.push('HMRC_RETRY_MAX_DELAY_MS: must be at least HMRC_RETRY_BASE_DELAY_MS');
  if (e.HMRC_BREAKER_MIN_CALLS > e.HMRC_BREAKER_WINDOW_CALLS)
    contradictions.push('HMRC_BREAKER_MIN_CALLS: must be at most HMRC_BREAKER_WINDOW_CALLS');
  if (e.TRUSTED_DOCUMENTS_ONLY && e.TRUSTED_DOCUMENTS_MANIFESTS.length === 0)
    contradictions.push(
      'TRUSTED_DOCUMENTS_ONLY: needs TRUSTED_DOCUMENTS_MANIFESTS (the manifests whose documents are the only ones accepted)',
    );
  if (contradictions.length > 0) throw new ConfigError(contradictions);
  if (e.METRICS_PORT !== undefined && e.METRICS_PORT !== 0 && e.METRICS_PORT === e.PORT) {
    throw new ConfigError(['METRICS_PORT: must differ from PORT (leave it unset to serve /metrics on PORT)']);
  }
  const sandbox = isSandbox(e.HMRC_BASE_URL, e.HMRC_ENVIRONMENT);
  const oauth = oauthConfig(e);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    hmrc: {
      baseUrl: e.HMRC_BASE_URL,
      sandbox,
      timeoutMs: e.HMRC_TIMEOUT_MS,
      maxConnections: e.HMRC_MAX_CONNECTIONS,
      versions: {
        charges: e.HMRC_CHARGES_VERSION,
        reliefs: e.HMRC_RELIEFS_VERSION,
        disclosures: e.HMRC_DISCLOSURES_VERSION,
        saAccount: e.HMRC_SA_ACCOUNT_VERSION,
      },
      disclosuresMinTaxYear:
        e.HMRC_DISCLOSURES_MIN_TAX_YEAR ??
        (sandbox ? DISCLOSURES_MIN_TAX_YEAR.sandbox : DISCLOSURES_MIN_TAX_YEAR.production),
      rateLimit: {
        requestsPerSecond: e.HMRC_RATE_LIMIT_RPS,
        maxWaitMs: e.HMRC_RATE_LIMIT_MAX_WAIT_MS,
        expectedReplicas: e.HMRC_EXPECTED_REPLICAS,
      },
      maxCallsPerRequest: e.HMRC_MAX_CALLS_PER_REQUEST,
      maxConcurrencyPerRequest: e.HMRC_MAX_CONCURRENCY_PER_REQUEST,
      retry429Max: e.HMRC_RETRY_429_MAX,
      retry: {
        maxRetries: e.HMRC_RETRY_MAX,
        baseDelayMs: e.HMRC_RETRY_BASE_DELAY_MS,
        maxDelayMs: e.HMRC_RETRY_MAX_DELAY_MS,
        budget: {
          percent: e.HMRC_RETRY_BUDGET_PERCENT,
          minRetries: e.HMRC_RETRY_BUDGET_MIN_RETRIES,
          windowMs: e.HMRC_RETRY_BUDGET_WINDOW_MS,
        },
      },
      breaker:
        e.HMRC_BREAKER_COOLDOWN_MS === 0
          ? undefined
          : {
              failureRatio: e.HMRC_BREAKER_FAILURE_PERCENT / 100,
              windowCalls: e.HMRC_BREAKER_WINDOW_CALLS,
              minCalls: e.HMRC_BREAKER_MIN_CALLS,
              cooldownMs: e.HMRC_BREAKER_COOLDOWN_MS,
            },
    },
    cache: {
      redisUrl: e.REDIS_URL,
      redisTimeoutMs: e.REDIS_TIMEOUT_MS,
      ttlSeconds: {
        charges: e.CACHE_CHARGES_TTL_SECONDS,
        reliefs: e.CACHE_RELIEFS_TTL_SECONDS,
        disclosures: e.CACHE_DISCLOSURES_TTL_SECONDS,
        saAccount: e.CACHE_SA_ACCOUNT_TTL_SECONDS,
      },
      notFoundTtlSeconds: e.CACHE_NOT_FOUND_TTL_SECONDS,
      maxEntries: e.CACHE_MAX_ENTRIES,
      apqTtlSeconds: e.APQ_TTL_SECONDS,
    },
    simulator: { port: e.SIMULATOR_PORT, accessTokenTtlSeconds: e.SIMULATOR_ACCESS_TOKEN_TTL_SECONDS },
    requestDeadlineMs: e.REQUEST_DEADLINE_MS,
    corsOrigins: e.CORS_ORIGINS ?? '*',
    limits: {
      depth: e.GRAPHQL_MAX_DEPTH,
      aliases: e.GRAPHQL_MAX_ALIASES,
      tokens: e.GRAPHQL_MAX_TOKENS,
      cost: e.GRAPHQL_MAX_COST,
      directives: e.GRAPHQL_MAX_DIRECTIVES,
    },
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    fraud: {
      // Enforced by default in production; against the embedded simulator (no HMRC_BASE_URL, a demo such as the
      // Docker quick start) nothing reaches HMRC, so the findings are reported instead.
      mode:
        e.FRAUD_HEADERS_MODE ??
        (e.NODE_ENV === 'production' && e.HMRC_BASE_URL !== undefined ? 'enforce' : 'report'),
      allowBatch: e.FRAUD_ALLOW_BATCH,
      trustedProxies: e.TRUSTED_PROXIES,
      clientPortHeader: e.FRAUD_CLIENT_PORT_HEADER,
      vendorPublicIp: e.GOV_VENDOR_PUBLIC_IP,
      productName: e.GOV_VENDOR_PRODUCT_NAME?.trim() || undefined,
      licenseIds: e.GOV_VENDOR_LICENSE_IDS,
    },
    observability: {
      metrics: { enabled: e.METRICS_ENABLED, port: e.METRICS_PORT },
      tracing: {
        enabled:
          !e.OTEL_SDK_DISABLED &&
          (e.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined || e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT !== undefined),
        serviceName: e.OTEL_SERVICE_NAME,
      },
    },
    oauth,
    graphql: {
      objectIdSecret: e.OBJECT_ID_SECRET,
      mode: e.GRAPHQL_MODE,
      trustedDocumentManifests: e.TRUSTED_DOCUMENTS_MANIFESTS,
      trustedDocumentsOnly: e.TRUSTED_DOCUMENTS_ONLY,
    },
  };
}

function oauthConfig(e: z.infer<typeof schema>): OAuthConfig | undefined {
  const problems: string[] = [];
  if (e.HMRC_CLIENT_ID === undefined && e.HMRC_CLIENT_SECRET === undefined) return undefined;
  if (e.HMRC_CLIENT_ID === undefined || e.HMRC_CLIENT_SECRET === undefined)
    problems.push('HMRC_CLIENT_ID and HMRC_CLIENT_SECRET: set both to sign in with HMRC, or neither');
  if (!e.SESSION_SECRET?.length)
    problems.push(
      'SESSION_SECRET: required when HMRC_CLIENT_ID is set (signs sign-in state, encrypts tokens)',
    );
  const production = e.NODE_ENV === 'production';
  if (production && e.OAUTH_REDIRECT_URI === undefined)
    problems.push('OAUTH_REDIRECT_URI: required in production (the callback registered with HMRC)');
  const redirectUri = e.OAUTH_REDIRECT_URI ?? `http://localhost:${e.PORT}/oauth/callback`;
  const redirect = new URL(redirectUri);
  if (redirect.protocol !== 'https:' && !isLoopback(redirect.hostname))
    problems.push('OAUTH_REDIRECT_URI: must be https (plain http only on localhost)');
  if (!redirect.pathname.endsWith('/oauth/callback') || redirect.search || redirect.hash)
    problems.push('OAUTH_REDIRECT_URI: must be this gateway’s …/oauth/callback, without query or fragment');
  // No override: HMRC's www host for the upstream's environment; the simulator's own page when there is none.
  let authorizeUrl = e.HMRC_AUTHORIZE_URL;
  if (authorizeUrl === undefined && e.HMRC_BASE_URL !== undefined) {
    authorizeUrl = HMRC_AUTHORIZE_URLS[new URL(e.HMRC_BASE_URL).hostname];
    if (authorizeUrl === undefined)
      problems.push(
        'HMRC_AUTHORIZE_URL: required when HMRC_BASE_URL is not HMRC’s own API host (e.g. a simulator run alone)',
      );
  }
  const tokenUrl =
    e.HMRC_TOKEN_URL ?? (e.HMRC_BASE_URL ? `${e.HMRC_BASE_URL.replace(/\/+$/, '')}/oauth/token` : undefined);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    clientId: e.HMRC_CLIENT_ID!,
    clientSecret: e.HMRC_CLIENT_SECRET!,
    redirectUri,
    authorizeUrl,
    tokenUrl,
    sessionSecrets: e.SESSION_SECRET!,
    allowedReturnOrigins: e.OAUTH_ALLOWED_RETURN_ORIGINS ?? [],
    mobileRedirectUris: e.OAUTH_MOBILE_REDIRECT_URIS ?? [],
    scopes: e.OAUTH_SCOPES,
    secureCookies: production || !(redirect.protocol === 'http:' && isLoopback(redirect.hostname)),
  };
}
