/**
 * The gateway's whole configuration, read once from the environment by `loadConfig` (called only by
 * `src/index.ts`). Every variable is validated together and every problem is reported in one error.
 */
import { z } from 'zod';
import type { ApiId, ApiVersions } from './hmrc/apis';
import { DEFAULT_API_VERSIONS } from './hmrc/apis';
import { DISCLOSURES_MIN_TAX_YEAR } from './hmrc/disclosures';
import { checkTaxYear } from './validation/identifiers';

const HMRC_SANDBOX_HOST = 'test-api.service.hmrc.gov.uk';

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

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: port.default(4000),
    HOST: z.string().min(1).default('0.0.0.0'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    HMRC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
    HMRC_ENVIRONMENT: z.enum(['sandbox', 'production']).optional(),
    HMRC_TIMEOUT_MS: integer(100, 120_000).default(10_000),
    HMRC_MAX_CONNECTIONS: integer(1, 256).default(16),
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
      .pipe(z.number().min(0.1).max(1000))
      .default(3),
    HMRC_RATE_LIMIT_MAX_WAIT_MS: integer(0, 300_000).default(10_000),
    HMRC_MAX_CONCURRENCY_PER_REQUEST: integer(1, 64).default(4),
    HMRC_RETRY_429_MAX: integer(0, 5).default(2),
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
      .transform((value) =>
        (value ?? '')
          .split(',')
          .map((entry) => entry.trim())
          .filter(Boolean),
      ),
    TRUSTED_DOCUMENTS_ONLY: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true'),
    CORS_ORIGINS: z
      .string()
      .default('*')
      .transform((value, ctx): '*' | string[] => {
        if (value.trim() === '*') return '*';
        const origins = value
          .split(',')
          .map((entry) => entry.trim())
          .filter(Boolean);
        // A browser's Origin header is scheme://host[:port] exactly; an entry with a path or a trailing slash
        // would silently never match, so it is refused here instead.
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
        return origins;
      }),
  })
  .refine((e) => !e.TRUSTED_DOCUMENTS_ONLY || e.TRUSTED_DOCUMENTS_MANIFESTS.length > 0, {
    path: ['TRUSTED_DOCUMENTS_ONLY'],
    message: 'needs TRUSTED_DOCUMENTS_MANIFESTS (the manifests whose documents are the only ones accepted)',
  });

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
    readonly rateLimit: { readonly requestsPerSecond: number; readonly maxWaitMs: number };
    /** Calls to HMRC one GraphQL request may have in flight at once. */
    readonly maxConcurrencyPerRequest: number;
    /** How many times a GET answered 429 is tried again. */
    readonly retry429Max: number;
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
  readonly simulator: { readonly port: number };
  /** `'*'`, or the exact origins browsers may call from. */
  readonly corsOrigins: '*' | readonly string[];
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

export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  // An empty variable (`HMRC_BASE_URL=` in a compose file) means "not set". So does a blank one (`PORT= `):
  // left in, zod's number coercion would read it as 0, and the gateway would quietly listen on a random port.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const sandbox = isSandbox(e.HMRC_BASE_URL, e.HMRC_ENVIRONMENT);
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
      rateLimit: { requestsPerSecond: e.HMRC_RATE_LIMIT_RPS, maxWaitMs: e.HMRC_RATE_LIMIT_MAX_WAIT_MS },
      maxConcurrencyPerRequest: e.HMRC_MAX_CONCURRENCY_PER_REQUEST,
      retry429Max: e.HMRC_RETRY_429_MAX,
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
    simulator: { port: e.SIMULATOR_PORT },
    corsOrigins: e.CORS_ORIGINS,
    graphql: {
      objectIdSecret: e.OBJECT_ID_SECRET,
      mode: e.GRAPHQL_MODE,
      trustedDocumentManifests: e.TRUSTED_DOCUMENTS_MANIFESTS,
      trustedDocumentsOnly: e.TRUSTED_DOCUMENTS_ONLY,
    },
  };
}
