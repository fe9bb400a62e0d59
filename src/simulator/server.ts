/**
 * The HMRC sandbox simulator: a real HTTP server that answers like HMRC's sandbox for the endpoints in
 * `endpoints.ts`. Every request goes through the checks HMRC's platform and services make, in HMRC's order:
 *
 *   1. credentials (401 MISSING_CREDENTIALS / INVALID_CREDENTIALS, as HMRC's API platform answers);
 *   2. `Accept` (406 ACCEPT_HEADER_INVALID; an unserved version is 404 NOT_FOUND);
 *   3. route (404 MATCHING_RESOURCE_NOT_FOUND);
 *   4. body parsing on PUT/POST (415 INVALID_BODY_TYPE, 400 INVALID_REQUEST for malformed JSON);
 *   5. the NINO alone (400 FORMAT_NINO);
 *   6. `Gov-Test-Scenario: REQUEST_CANNOT_BE_FULFILLED` (422) where the API enables it;
 *   7. the endpoint's own validation and scenarios.
 *
 * Every response carries an `X-CorrelationId`. Requests are recorded in memory (`requests`) so tests can assert
 * on exactly what crossed the wire.
 */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { readBearerToken } from '../auth/principal';
import { hmrcError } from '../errors/hmrc-error';
import type { ApiId } from '../hmrc/apis';
import type { HttpMethod } from '../hmrc/client';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import { maskIdentifiers } from '../util/mask';
import { isValidNino } from '../validation/identifiers';
import type { SaAccountFixtures, SimEndpoint, SimResponse } from './endpoints';
import { errorResponse, simulatedEndpoints } from './endpoints';
import type { SimulatorOAuthOptions } from './oauth';
import { SimulatorOAuth } from './oauth';
import { SimulatorStore } from './store';

/** The `Accept` versions the simulator serves per API (HMRC's current ones). */
export const SIMULATED_VERSIONS: Readonly<Record<ApiId, readonly string[]>> = {
  charges: ['3.0'],
  reliefs: ['2.0', '3.0'],
  disclosures: ['2.0'],
  saAccount: ['1.0'],
};

export interface RecordedRequest {
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The parsed JSON body, the raw text if it was not JSON, or `undefined`. */
  readonly body: unknown;
}

export interface SimulatorOptions {
  readonly logger?: Logger;
  readonly endpoints?: readonly SimEndpoint[];
  readonly now?: () => Date;
  readonly maxStoredEntries?: number;
  /** Extra Self Assessment accounts by UTR (the demo taxpayer's is always there). */
  readonly saAccounts?: SaAccountFixtures;
  /** HMRC's OAuth endpoints (`/oauth/authorize`, `/oauth/token`): clients, token lifetime. */
  readonly oauth?: SimulatorOAuthOptions;
}

export interface Simulator {
  readonly app: express.Express;
  /** Every request received, oldest first (cleared by `reset`). */
  readonly requests: RecordedRequest[];
  readonly store: SimulatorStore;
  /** The simulated OAuth endpoints, and the calls made to the token endpoint. */
  readonly oauth: SimulatorOAuth;
  /** Listens (port 0 = any free port) and resolves to the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
  /** Forgets recorded requests and stored state. */
  reset(): void;
}

interface CompiledRoute {
  readonly endpoint: SimEndpoint;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

function compile(endpoint: SimEndpoint): CompiledRoute {
  const names: string[] = [];
  const source = endpoint.pathTemplate
    .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
    .replace(/\{(\w+)\}/g, (_match, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
  return { endpoint, pattern: new RegExp(`^${source}$`), names };
}

const ACCEPT = /^application\/vnd\.hmrc\.(\d\.\d)\+json$/;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const logger = options.logger ?? silentLogger();
  const now = options.now ?? (() => new Date());
  const routes = (options.endpoints ?? simulatedEndpoints({ saAccounts: options.saAccounts })).map(compile);
  const store = new SimulatorStore(options.maxStoredEntries);
  const requests: RecordedRequest[] = [];
  const oauth = new SimulatorOAuth(options.oauth ?? {}, now);
  let server: http.Server | undefined;

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  // The correlation id is set before the body is read, so that even a body the parser refuses (too large, bad
  // encoding) is answered with one, as HMRC answers every request with one.
  app.use((_req, res, next) => {
    res.setHeader('X-CorrelationId', randomUUID());
    next();
  });
  app.use(express.raw({ type: () => true, limit: '1mb' }));
  // Before the API pipeline, and not recorded in `requests`: these carry client secrets, codes and tokens.
  oauth.register(app);

  app.use((req, res) => {
    const correlationId = String(res.getHeader('X-CorrelationId'));
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    let parsed: unknown;
    let bodyIsJson = true;
    try {
      parsed = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      parsed = raw;
      bodyIsJson = false;
    }
    requests.push({ method: req.method, url: req.originalUrl, headers: { ...req.headers }, body: parsed });

    const send = ({ status, body }: SimResponse) => {
      logger.info(
        { method: req.method, path: maskIdentifiers(req.path), status, correlationId },
        'simulator',
      );
      if (body === undefined) res.status(status).end();
      else res.status(status).json(body);
    };

    // 1. Credentials, as HMRC's API platform checks them before anything else.
    const credentials = readBearerToken(single(req.headers.authorization));
    if ('problem' in credentials) return send(errorResponse([hmrcError(credentials.problem)]));
    const who = oauth.callerOf(credentials.token);
    if ('rejected' in who) return send(errorResponse([hmrcError('INVALID_CREDENTIALS')]));

    // 2. Accept header.
    const version = ACCEPT.exec(single(req.headers.accept) ?? '')?.[1];
    if (!version) return send(errorResponse([hmrcError('ACCEPT_HEADER_INVALID')]));

    // 3. Route.
    let match: { route: CompiledRoute; values: string[] } | undefined;
    for (const route of routes) {
      if (route.endpoint.method !== (req.method as HttpMethod)) continue;
      const found = route.pattern.exec(req.path);
      if (found) {
        match = { route, values: found.slice(1) };
        break;
      }
    }
    if (!match) return send(errorResponse([hmrcError('MATCHING_RESOURCE_NOT_FOUND')]));
    const { endpoint, names } = match.route;
    if (!SIMULATED_VERSIONS[endpoint.api].includes(version))
      return send(errorResponse([hmrcError('NOT_FOUND')]));
    const params: Record<string, string> = {};
    try {
      names.forEach((name, i) => (params[name] = decodeURIComponent(match.values[i] ?? '')));
    } catch {
      return send(errorResponse([hmrcError('MATCHING_RESOURCE_NOT_FOUND')]));
    }

    // 4. Body (PUT/POST only).
    if (endpoint.method === 'PUT' || endpoint.method === 'POST') {
      const type = (single(req.headers['content-type']) ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json' && type !== 'text/json')
        return send(errorResponse([hmrcError('INVALID_BODY_TYPE')]));
      if (!bodyIsJson || parsed === undefined) return send(errorResponse([hmrcError('INVALID_REQUEST')]));
    }

    // 5. NINO first and alone.
    if (params.nino !== undefined && !isValidNino(params.nino))
      return send(errorResponse([hmrcError('FORMAT_NINO', { message: endpoint.formatNinoMessage })]));

    // 6. Framework-level scenario.
    // An empty header is no scenario at all.
    const scenario = single(req.headers['gov-test-scenario'])?.trim() || undefined;
    if (scenario === 'REQUEST_CANNOT_BE_FULFILLED' && endpoint.requestCannotBeFulfilled) {
      return send(errorResponse([hmrcError('RULE_REQUEST_CANNOT_BE_FULFILLED')]));
    }

    // 7. The endpoint itself.
    const { caller } = who;
    const url = new URL(req.originalUrl, 'http://simulator');
    return send(
      endpoint.handle(
        { caller, version, params, query: url.searchParams, body: parsed, scenario, now: now() },
        store,
      ),
    );
  });

  // Failures outside the pipeline (the body parser's 413/415/400, or a handler throwing) are answered in HMRC's
  // JSON error shape like everything else, never with Express's HTML error page (which includes a stack trace).
  app.use(
    (
      error: { status?: unknown },
      _req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (res.headersSent) return next(error);
      const status = typeof error.status === 'number' ? error.status : 500;
      const hmrc =
        status === 415
          ? hmrcError('INVALID_BODY_TYPE')
          : status >= 400 && status < 500
            ? hmrcError('INVALID_REQUEST', { status })
            : hmrcError('INTERNAL_SERVER_ERROR');
      const { status: sent, body } = errorResponse([hmrc]);
      res.status(sent).json(body);
    },
  );

  return {
    app,
    requests,
    store,
    oauth,
    listen: (port = 0, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        const listening = app.listen(port, host, (error?: Error) => {
          if (error) return reject(error);
          const { port: actual } = listening.address() as AddressInfo;
          resolve(`http://${host}:${actual}`);
        });
        server = listening;
      }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server) return resolve();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
    reset: () => {
      requests.length = 0;
      store.clear();
      oauth.reset();
    },
  };
}
