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
 * on what crossed the wire: the most recent `maxRecordedRequests` only (the embedded simulator runs for as long
 * as the gateway does), and never a credential. Credential headers are dropped; `Authorization` is kept only as
 * a keyed fingerprint (`fingerprint`), enough to tell which token sent a request, and exactly, but useless to
 * whoever reads the history (a heap dump, a debugger).
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
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
import type { FphValidation } from './fraud-validator';
import { validateFraudHeaders } from './fraud-validator';
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
  /** As received, less credentials (`Authorization`, `Proxy-Authorization`, `Cookie`, API keys). */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** `fingerprint(Authorization)` as received, or `undefined` without one. */
  readonly authorization: string | undefined;
  /** The parsed JSON body, the raw text if it was not JSON, or `undefined`. */
  readonly body: unknown;
}

/** The fraud-prevention headers one API call carried, and what HMRC's validator would make of them. */
export interface FraudHeaderRecord {
  /** Hash of the bearer token (never the token): whose call it was. */
  readonly caller: string;
  readonly method: string;
  /** The path, NINOs and UTRs masked. */
  readonly path: string;
  readonly at: string;
  /** Every `Gov-Client-*` / `Gov-Vendor-*` header received (lower-case names), values as received. */
  readonly headers: Readonly<Record<string, string>>;
  readonly validation: FphValidation;
}

/** How many API calls' fraud headers are kept (oldest dropped first). */
const FRAUD_HEADER_RECORDS = 500;

export interface SimulatorOptions {
  readonly logger?: Logger;
  readonly endpoints?: readonly SimEndpoint[];
  readonly now?: () => Date;
  readonly maxStoredEntries?: number;
  /** Extra Self Assessment accounts by UTR (the demo taxpayer's is always there). */
  readonly saAccounts?: SaAccountFixtures;
  /** How many recent requests `requests` keeps (default 1,000; older ones are forgotten). */
  readonly maxRecordedRequests?: number;
  /** HMRC's OAuth endpoints (`/oauth/authorize`, `/oauth/token`): clients, token lifetime. */
  readonly oauth?: SimulatorOAuthOptions;
}

export interface Simulator {
  readonly app: express.Express;
  /** The most recent requests received (at most `maxRecordedRequests`), oldest first (cleared by `reset`). */
  readonly requests: RecordedRequest[];
  /** The fingerprint `requests` records for an `Authorization` value (keyed per simulator instance). */
  fingerprint(authorization: string): string;
  readonly store: SimulatorStore;
  /**
   * The fraud-prevention headers each API call received, oldest first (the last 500; cleared by `reset`). Also
   * served, per caller, at `GET /simulator/fraud-prevention-headers`.
   */
  readonly fraudHeaders: FraudHeaderRecord[];
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

/** Headers that carry credentials: never kept in the request history. */
const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-api-key',
  'x-auth-token',
]);
/** Form fields that carry credentials (OAuth token requests): kept only as `[redacted]`. */
const CREDENTIAL_FIELD = /secret|token|password|assertion|^code$|code_verifier/i;

const DEFAULT_RECORDED_REQUESTS = 1_000;

function historyBody(parsed: unknown, contentType: string | undefined): unknown {
  if (typeof parsed !== 'string' || !/^application\/x-www-form-urlencoded/i.test(contentType ?? ''))
    return parsed;
  const form = new URLSearchParams(parsed);
  for (const name of new Set(form.keys())) if (CREDENTIAL_FIELD.test(name)) form.set(name, '[redacted]');
  return form.toString();
}

function fraudHeadersOf(headers: http.IncomingHttpHeaders): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (/^gov-(client|vendor)-/.test(name) && value !== undefined)
      found[name] = Array.isArray(value) ? value.join(',') : value;
  return found;
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const logger = options.logger ?? silentLogger();
  const now = options.now ?? (() => new Date());
  const routes = (options.endpoints ?? simulatedEndpoints({ saAccounts: options.saAccounts })).map(compile);
  const store = new SimulatorStore(options.maxStoredEntries);
  const requests: RecordedRequest[] = [];
  const maxRecorded = Math.max(0, options.maxRecordedRequests ?? DEFAULT_RECORDED_REQUESTS);
  const fingerprintKey = randomBytes(32);
  const fingerprint = (authorization: string) =>
    createHmac('sha256', fingerprintKey).update(authorization).digest('base64url');
  const record = (request: RecordedRequest) => {
    if (maxRecorded === 0) return;
    // Dropped in batches: one splice per maxRecorded/10 requests keeps the history O(1) per request.
    if (requests.length >= maxRecorded)
      requests.splice(0, requests.length - maxRecorded + Math.ceil(maxRecorded / 10));
    requests.push(request);
  };
  const fraudHeaders: FraudHeaderRecord[] = [];
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
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name]) => !CREDENTIAL_HEADERS.has(name)),
    );
    const authorization = single(req.headers.authorization);
    record({
      method: req.method,
      url: req.originalUrl,
      headers,
      authorization: authorization === undefined ? undefined : fingerprint(authorization),
      body: historyBody(parsed, single(req.headers['content-type'])),
    });

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
    const { caller } = who;

    // 2. Accept header.
    const version = ACCEPT.exec(single(req.headers.accept) ?? '')?.[1];
    if (!version) return send(errorResponse([hmrcError('ACCEPT_HEADER_INVALID')]));

    // HMRC's Test Fraud Prevention Headers API: validates the headers of this very request.
    if (req.method === 'GET' && req.path === '/test/fraud-prevention-headers/validate') {
      if (version !== '1.0') return send(errorResponse([hmrcError('NOT_FOUND')]));
      return send({ status: 200, body: validateFraudHeaders(fraudHeadersOf(req.headers)) });
    }
    // Simulator only (HMRC has no such endpoint): what the caller's recent API calls carried.
    if (req.method === 'GET' && req.path === '/simulator/fraud-prevention-headers') {
      return send({ status: 200, body: { calls: fraudHeaders.filter((r) => r.caller === caller) } });
    }

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

    // What HMRC's fraud-prevention checks would see of this call.
    const received = fraudHeadersOf(req.headers);
    fraudHeaders.push({
      caller,
      method: req.method,
      path: maskIdentifiers(req.path),
      at: now().toISOString(),
      headers: received,
      validation: validateFraudHeaders(received),
    });
    if (fraudHeaders.length > FRAUD_HEADER_RECORDS) fraudHeaders.shift();

    // 7. The endpoint itself.
    const url = new URL(req.originalUrl, 'http://simulator');
    return send(
      endpoint.handle(
        {
          caller,
          version,
          params,
          query: url.searchParams,
          body: parsed,
          scenario,
          now: now(),
          // HMRC's sandbox switch for its temporal rules (a boolean header; anything but `true` leaves them on).
          suspendTemporalValidations:
            single(req.headers['suspend-temporal-validations'])?.trim().toLowerCase() === 'true',
        },
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
    fingerprint,
    store,
    fraudHeaders,
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
      fraudHeaders.length = 0;
      store.clear();
      oauth.reset();
    },
  };
}
