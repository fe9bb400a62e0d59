/**
 * `createGateway(deps)`: the Apollo Server and its HTTP routes, built from explicit dependencies. Nothing here
 * reads the environment or picks a port; `src/index.ts` (and the tests) do that.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import { makeExecutableSchema } from '@graphql-tools/schema';
import cors from 'cors';
import express from 'express';
import type { ErrorRequestHandler } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { credentialsPlugin } from './auth/credentials-plugin';
import { APOLLO_APQ_CACHE, PrincipalScopedQueries, persistedQueriesPlugin } from './cache/persisted-queries';
import { callBudgetPlugin } from './budget/call-budget-plugin';
import { DEFAULT_MAX_CALLS_PER_REQUEST } from './budget/call-estimate';
import { requestSignal } from './budget/request-signal';
import type { OAuth } from './auth/oauth';
import type { ResponseCache } from './cache/response-cache';
import { NO_RESPONSE_CACHE } from './cache/response-cache';
import type { GatewayContext } from './context';
import { createContextFactory } from './context';
import { createFormatError, expandErrorsPlugin } from './errors/graphql';
import type { FraudSettings } from './fraud';
import { fraudHeadersPlugin } from './plugins/fraud-headers';
import type { HmrcClient } from './hmrc/client';
import type { OperationLimits } from './limits/operation-limits';
import { OPERATION_LIMIT_DEFAULTS, operationLimitRules, parseOptionsFor } from './limits/operation-limits';
import { securityHeaders } from './limits/security-headers';
import { ReadCoalescer } from './hmrc/coalesce';
import { graphiqlRouter } from './http/graphiql';
import { legacyJsonStatusPlugin } from './http/status-plugin';
import { loadTrustedDocuments } from './trusted-documents/manifest';
import { trustedDocumentsMiddleware } from './trusted-documents/middleware';
import type * as SubgraphModule from './federation/subgraph';
import { DEFAULT_MAX_CONCURRENCY_PER_REQUEST } from './hmrc/session';
import { createIdScheme } from './identity/ids';
import type { CachePolicy } from './loaders';
import type { Pingable } from './observability/readiness';
import { Readiness } from './observability/readiness';
import { Telemetry } from './observability/telemetry';
import { resolvers } from './resolvers';
import type { Clock } from './util/clock';
import { systemClock } from './util/clock';
import { GATEWAY_VERSION } from './util/version';
import type { Logger } from './util/logger';
import type { ValidationSettings } from './validation/types';

export interface GatewayDeps {
  readonly client: HmrcClient;
  readonly logger: Logger;
  /** Whether the upstream is a sandbox (the simulator or HMRC's test environment). */
  readonly sandbox: boolean;
  /** Production hides the Sandbox landing page and introspection. */
  readonly production: boolean;
  readonly corsOrigins: '*' | readonly string[];
  /** API versions and environment-specific HMRC rules the local validation follows. */
  readonly settings: ValidationSettings;
  /** Defaults to the system clock. */
  readonly clock?: Clock;
  /** HMRC answers kept across requests, per principal. Default: none kept (every request asks HMRC). */
  readonly responseCache?: ResponseCache;
  readonly cachePolicy?: CachePolicy;
  /** Automatic persisted queries: the store (default Apollo's bounded in-memory cache) and how long a query is kept. */
  readonly apq?: { readonly cache?: KeyValueCache<string> | undefined; readonly ttlSeconds: number };
  /** Calls to HMRC one GraphQL request may have in flight at once (default 4). */
  readonly maxConcurrencyPerRequest?: number;
  /** Depth, alias, token, cost and directive limits per operation (default `OPERATION_LIMIT_DEFAULTS`). */
  readonly limits?: OperationLimits;
  /** How long `stop()` lets in-flight requests finish before closing their connections (default 10 s). */
  readonly shutdownGraceMs?: number;
  /** Fraud-prevention headers (default: `report` mode, nothing configured, no trusted proxies). */
  readonly fraud?: Partial<FraudSettings>;
  /** Calls to HMRC one GraphQL request may cause (default: the largest legitimate query's). */
  readonly maxCallsPerRequest?: number;
  /** A request still running after this long fails its waiting fields (default: none). */
  readonly requestDeadlineMs?: number;
  /** What `/readyz` checks besides the schema: Redis (when configured) answering a PING within `timeoutMs`. */
  readonly readiness?: { readonly redis?: Pingable | undefined; readonly timeoutMs?: number };
  /**
   * Metrics, traces and request logs (src/observability). The HMRC client should report to the same one. Default:
   * request logs and request ids only.
   */
  readonly telemetry?: Telemetry;
  /** Whether this listener serves `/metrics` (default: when `telemetry` has metrics). */
  readonly serveMetrics?: boolean;
  /** Sign in with HMRC: the `/oauth/*` routes and session callers (default: bearer pass-through only). */
  readonly oauth?: OAuth | undefined;
  /**
   * Trusted-documents manifests (graphql-codegen's persisted-documents.json) and whether only their documents run
   * (`TRUSTED_DOCUMENTS_MANIFESTS`, `TRUSTED_DOCUMENTS_ONLY`). `read` reads a manifest (default: the file system).
   */
  readonly trustedDocuments?: {
    readonly manifests: readonly string[];
    readonly only: boolean;
    readonly read?: (path: string) => string;
  };
  /** `subgraph`: serve the schema as an Apollo Federation 2 subgraph (`GRAPHQL_MODE`). Default standalone. */
  readonly mode?: 'standalone' | 'subgraph';
  /** The key of object ids (`OBJECT_ID_SECRET`); default the public built-in key (src/identity/ids.ts). */
  readonly objectIdSecret?: string | undefined;
}

export interface Gateway {
  readonly app: express.Express;
  readonly httpServer: http.Server;
  /** Listens and resolves to the GraphQL endpoint's URL. */
  listen(port: number, host?: string): Promise<string>;
  /**
   * Marks the replica as draining (or not): `/readyz` answers 503 from then on, so load balancers stop sending
   * new requests while in-flight ones finish. Shutdown calls it before `stop()`.
   */
  setDraining(draining?: boolean): void;
  readonly draining: boolean;
  stop(): Promise<void>;
}

/** The SDL directory: `schema/` at the project root, found from wherever this file was compiled to. */
function findSchemaDir(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'schema');
    if (existsSync(path.join(candidate, 'base.graphql'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`No schema/ directory above ${from}`);
  }
}

const SCHEMA_DIR = findSchemaDir(__dirname);

export function loadTypeDefs(dir: string = SCHEMA_DIR): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(path.join(dir, file), 'utf8'));
}

export function buildSchema(mode: 'standalone' | 'subgraph' = 'standalone'): GraphQLSchema {
  if (mode === 'subgraph') {
    // Apollo Federation's libraries are loaded only in subgraph mode: they are a large part of start-up.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildGatewaySubgraphSchema } = require('./federation/subgraph') as typeof SubgraphModule;
    return buildGatewaySubgraphSchema(SCHEMA_DIR, loadTypeDefs());
  }
  // In place: the schema just built from the SDL is this function's own, so its types can take the resolvers
  // themselves rather than be copied into a second schema (graphql-tools' default), ~10 ms of start-up. Same
  // schema either way: same types, fields, resolvers, enum values and AST nodes.
  // `assumeValidSDL`: graphql's SDL validation (unknown types, duplicate names, misplaced directives) walks the
  // whole document again, some 15-30 ms of every start, to check files that only change with the code. The test
  // suite checks them instead (test/unit/schema-build.test.ts), and Apollo still validates the built schema
  // (`assertValidSchema`) before it serves anything.
  return makeExecutableSchema({
    typeDefs: loadTypeDefs(),
    resolvers,
    updateResolversInPlace: true,
    assumeValidSDL: true,
  });
}

/** Body-parser failures (malformed JSON, oversized bodies) answered in GraphQL's error shape, never as HTML. */
const jsonErrors: ErrorRequestHandler = (error: { status?: number; type?: string }, _req, res, next) => {
  if (res.headersSent) {
    next(error);
    return;
  }
  const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
  const message =
    error.type === 'entity.too.large'
      ? 'The request body is too large'
      : status < 500
        ? 'The request body is not valid JSON'
        : 'An internal server error occurred';
  res.status(status).json({
    errors: [
      {
        message,
        extensions: {
          code: status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR',
          status,
          origin: 'GATEWAY',
        },
      },
    ],
  });
};

export async function createGateway(deps: GatewayDeps): Promise<Gateway> {
  const app = express();
  app.disable('x-powered-by');
  // No ETags: Express would hash every answer (SHA-1 of each GraphQL response, a measurable share of a warm
  // request) for a validator no client can use, since `/graphql` answers `Cache-Control: no-store` and a
  // POST is never revalidated.
  app.disable('etag');
  // First, so that every response carries them: GraphQL, the landing page, /healthz, 404s and body errors.
  app.use(securityHeaders());
  const httpServer = http.createServer(app);
  const limits = deps.limits ?? OPERATION_LIMIT_DEFAULTS;
  const telemetry = deps.telemetry ?? new Telemetry({ logger: deps.logger });

  const maxCallsPerRequest = deps.maxCallsPerRequest ?? DEFAULT_MAX_CALLS_PER_REQUEST;
  const schema = buildSchema(deps.mode);
  // Checked before anything listens: a manifest that does not match this schema fails the start, listing why.
  const trusted = {
    documents: loadTrustedDocuments(
      deps.trustedDocuments?.manifests ?? [],
      schema,
      deps.trustedDocuments?.read,
    ),
    only: deps.trustedDocuments?.only ?? false,
  };
  const persistedQueries = trusted.only
    ? undefined
    : new PrincipalScopedQueries(
        deps.apq?.cache ?? new InMemoryLRUCache<string>(),
        deps.apq?.ttlSeconds ?? 86_400,
      );
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    formatError: createFormatError(deps.logger, { hideSuggestions: deps.production }),
    includeStacktraceInErrorResponses: false,
    // Explicit, as sign-in cookies depend on it: GET and other "simple" requests need a header a cross-site form
    // or image cannot send, so a foreign page cannot act with a browser's session cookie.
    csrfPrevention: true,
    introspection: !deps.production,
    validationRules: operationLimitRules(limits),
    parseOptions: parseOptionsFor(limits),
    // Signals belong to src/shutdown.ts: Apollo's own handler re-raises the signal after stopping, which a
    // container's PID 1 ignores, and it would race ours.
    stopOnTerminationSignals: false,
    // Automatic persisted queries: mobile apps send a query's hash instead of its text once it is known. Kept
    // per caller and sealed (see src/cache/persisted-queries.ts), in the given store or Apollo's usual memory
    // one, by the plugin below; Apollo's own cache holds nothing. Off when only trusted documents run:
    // registering a new query is exactly what that mode forbids (hashes of manifest documents are still served,
    // from the manifest: src/trusted-documents/middleware.ts).
    persistedQueries: persistedQueries ? { cache: APOLLO_APQ_CACHE } : false,
    plugins: [
      // First, so that it names the operation before another plugin can refuse it (no credentials, limits).
      telemetry.apolloPlugin<GatewayContext>(),
      ...(persistedQueries
        ? [
            persistedQueriesPlugin<GatewayContext>(
              persistedQueries,
              (context) => ('principal' in context.auth ? context.auth.principal : undefined),
              deps.logger,
            ),
          ]
        : []),
      ApolloServerPluginDrainHttpServer({
        httpServer,
        ...(deps.shutdownGraceMs !== undefined ? { stopGracePeriodMillis: deps.shutdownGraceMs } : {}),
      }),
      deps.production
        ? ApolloServerPluginLandingPageProductionDefault({ footer: false })
        : ApolloServerPluginLandingPageLocalDefault({ embed: true, footer: false, includeCookies: false }),
      credentialsPlugin(),
      fraudHeadersPlugin(),
      callBudgetPlugin(maxCallsPerRequest),
      expandErrorsPlugin<GatewayContext>(),
      legacyJsonStatusPlugin<GatewayContext>(),
      // No cache hints are used, and Apollo's cache-control plugin would wrap every resolver to collect them (a
      // measurable share of a request) only to answer `no-store`, which the route sets itself (below).
      ApolloServerPluginCacheControlDisabled(),
      // Federated tracing (ftv1) only ever switches on for a subgraph schema, so outside subgraph mode Apollo's
      // default inline-trace plugin does nothing, yet loading it (and its protobuf code) costs ~15 ms at start.
      ...(deps.mode === 'subgraph' ? [] : [ApolloServerPluginInlineTraceDisabled()]),
    ],
  });
  const readiness = new Readiness(deps.readiness);
  await apollo.start();
  readiness.markSchemaLoaded();

  const contextFor = createContextFactory({
    client: deps.client,
    policy: { sandbox: deps.sandbox },
    logger: deps.logger,
    settings: deps.settings,
    clock: deps.clock ?? systemClock,
    cache: deps.responseCache ?? NO_RESPONSE_CACHE,
    cachePolicy: deps.cachePolicy ?? { ttlMs: () => 0 },
    maxConcurrencyPerRequest: deps.maxConcurrencyPerRequest ?? DEFAULT_MAX_CONCURRENCY_PER_REQUEST,
    fraud: {
      mode: 'report',
      allowBatch: false,
      trustedProxies: [],
      licenseIds: [],
      gatewayVersion: GATEWAY_VERSION,
      ...deps.fraud,
    },
    maxCallsPerRequest,
    coalescer: new ReadCoalescer(),
    observer: telemetry,
    sessions: deps.oauth,
    ids: createIdScheme(deps.objectIdSecret),
  });

  app.use(
    '/graphql',
    // Taxpayer data: no browser, proxy or CDN may keep a copy of any answer (what Apollo's cache-control plugin
    // would send for answers without cache hints, and no answer has any).
    (_req, res, next) => {
      res.setHeader('cache-control', 'no-store');
      next();
    },
    telemetry.requestId(),
    cors({
      origin: deps.corsOrigins === '*' ? '*' : [...deps.corsOrigins],
      // The session cookie may travel only to the listed origins, never to `*`. Apollo's CSRF prevention (on by
      // default) still refuses the "simple" requests a foreign page could make with the cookie attached.
      credentials: deps.oauth !== undefined && deps.corsOrigins !== '*',
      maxAge: 600,
    }),
    express.json({ limit: '1mb' }),
    telemetry.requestScope(),
    trustedDocumentsMiddleware(trusted),
    expressMiddleware(apollo, {
      context: ({ req, res }) => {
        const context = contextFor(
          req.headers,
          { remoteAddress: req.socket.remoteAddress, remotePort: req.socket.remotePort },
          requestSignal(res, deps.requestDeadlineMs),
          Telemetry.requestOf(res.locals),
        );
        return Promise.resolve(context);
      },
    }),
  );
  if (deps.oauth) app.use('/oauth', deps.oauth.router);
  app.get('/', (_req, res) => res.redirect('/graphql'));
  // The offline explorer, beside Apollo Sandbox and like it outside production only (introspection is off there).
  if (!deps.production) app.use(graphiqlRouter());
  // Liveness: the process is up and serving HTTP (used by the Docker HEALTHCHECK). Calls nothing upstream.
  app.get('/healthz', (_req, res) => {
    res.set('cache-control', 'no-store').json({ status: 'ok' });
  });
  // Readiness: schema loaded, Redis answering (when configured), not draining. See observability/readiness.ts.
  app.get('/readyz', readiness.handler());
  if (telemetry.metrics && deps.serveMetrics !== false) app.get('/metrics', telemetry.metricsHandler());
  app.use((_req, res) => {
    res.status(404).json({
      errors: [
        {
          message: 'Not found: the GraphQL endpoint is /graphql',
          extensions: { code: 'MATCHING_RESOURCE_NOT_FOUND', status: 404, origin: 'GATEWAY' },
        },
      ],
    });
  });
  app.use(jsonErrors);

  return {
    app,
    httpServer,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          const { port: actual } = httpServer.address() as AddressInfo;
          const shownHost = !host || host === '0.0.0.0' || host === '::' ? 'localhost' : host;
          resolve(`http://${shownHost}:${actual}/graphql`);
        });
      }),
    setDraining: (draining = true) => readiness.setDraining(draining),
    get draining() {
      return readiness.draining;
    },
    stop: () => apollo.stop(),
  };
}
