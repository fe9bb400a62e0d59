/**
 * The one HTTP client for every HMRC API. Everything that is the same for all calls lives here and nowhere else:
 * base URL, the per-API `Accept` version, JSON bodies, timeouts, keep-alive connections, the application-wide
 * rate limit, backing off and retrying GETs that HMRC throttled (429), `X-CorrelationId` capture, reading of
 * HMRC's error bodies, and logging with identifiers masked. Request-scoped headers
 * (credentials, `Gov-Test-Scenario`, later fraud-prevention headers) arrive ready-made from `upstream-headers.ts`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import type { Dispatcher } from 'undici';
import { GatewayError, hmrcError } from '../errors/hmrc-error';
import type { Logger } from '../util/logger';
import { maskIdentifiers } from '../util/mask';
import type { ApiId, ApiVersions } from './apis';
import { acceptHeader } from './apis';
import { parseErrorBody } from './error-body';
import type { UpstreamObserver } from './observer';
import type { UpstreamLimiter } from './rate-limiter';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

export interface UpstreamRequest {
  readonly api: ApiId;
  readonly method: HttpMethod;
  /** Path below the base URL, starting with `/`, already URL-encoded. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
}

export interface UpstreamResponse {
  readonly status: number;
  /** The parsed JSON body, or `undefined` for an empty one (HMRC's 204s). */
  readonly body: unknown;
  readonly correlationId: string | undefined;
}

export interface HmrcClientOptions {
  readonly baseUrl: string;
  readonly versions: ApiVersions;
  readonly timeoutMs: number;
  readonly maxConnections: number;
  /** Responses larger than this are refused rather than buffered (HMRC's largest are a few kilobytes). */
  readonly maxResponseBytes?: number;
  readonly logger: Logger;
  /** Every call waits for a slot in this budget first (none: unlimited, e.g. in unit tests of the client). */
  readonly limiter?: UpstreamLimiter;
  /** How many times a GET answered 429 is tried again (default 2). Writes are never repeated. */
  readonly retry429Max?: number;
  /** Told about every call (metrics, traces, request logs); see observer.ts. */
  readonly observer?: UpstreamObserver;
}

/** HMRC's 429, with how long it asked us to wait (`Retry-After`), if it said. */
class ThrottledByHmrc extends GatewayError {
  constructor(
    error: GatewayError,
    readonly retryAfterMs: number | undefined,
  ) {
    super(error.errors, error.origin, error.correlationId);
  }
}

const RETRY_BASE_MS = 500;
/** Longer than this and waiting is worse than telling the caller: the field fails with HMRC's 429. */
const MAX_RETRY_DELAY_MS = 10_000;

/**
 * An HTTP date as RFC 9110 allows it: a day name, then a date and an hh:mm:ss time (IMF-fixdate, the obsolete
 * RFC 850 form and asctime all have both).
 */
const HTTP_DATE = /^[A-Za-z]{3,9},?\s.*\b\d{1,2}:\d{2}:\d{2}\b/;

/** Retry-After as seconds or an HTTP date (RFC 9110); anything else is no Retry-After at all. */
function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // `Date.parse` alone is far too lenient: it reads "1.5" or "-1" as dates in 2001, which would turn a malformed
  // header into "retry at once" instead of the back-off HMRC's 429 asks for. RFC 9110 says to ignore such a value.
  if (!HTTP_DATE.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

export class HmrcClient {
  readonly #agent: Agent;
  readonly #baseUrl: string;

  constructor(private readonly options: HmrcClientOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    // Keep-alive pool: HMRC's TLS handshakes are the slowest part of a call; reuse them.
    this.#agent = new Agent({
      connections: options.maxConnections,
      keepAliveTimeout: 10_000,
      keepAliveMaxTimeout: 60_000,
    });
  }

  /**
   * Sends one request through the rate limit. A GET that HMRC throttles is tried again after `Retry-After`, or
   * else after an exponential delay with full jitter, at most `retry429Max` times; HMRC asks clients to pause
   * after a 429 rather than hammer it.
   */
  async send(req: UpstreamRequest, headers: Readonly<Record<string, string>>): Promise<UpstreamResponse> {
    const maxRetries = req.method === 'GET' ? (this.options.retry429Max ?? 2) : 0;
    for (let attempt = 0; ; attempt++) {
      await this.options.limiter?.acquire();
      try {
        return await this.#sendOnce(req, headers);
      } catch (error) {
        if (!(error instanceof ThrottledByHmrc) || attempt >= maxRetries) throw error;
        const delay = error.retryAfterMs ?? Math.random() * RETRY_BASE_MS * 2 ** attempt;
        if (delay > MAX_RETRY_DELAY_MS) throw error;
        this.options.observer?.retry?.(req.api, '429');
        this.options.logger.warn(
          { api: req.api, path: maskIdentifiers(req.path), attempt: attempt + 1, delayMs: Math.round(delay) },
          'HMRC throttled the call (429); retrying',
        );
        await sleep(delay);
      }
    }
  }

  async #sendOnce(
    req: UpstreamRequest,
    headers: Readonly<Record<string, string>>,
  ): Promise<UpstreamResponse> {
    const url = this.#url(req);
    const outgoing: Record<string, string> = {
      ...headers,
      accept: acceptHeader(this.options.versions[req.api]),
    };
    let payload: string | undefined;
    if (req.body !== undefined) {
      payload = JSON.stringify(req.body);
      outgoing['content-type'] = 'application/json';
    }
    const started = performance.now();
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    const logFields = { api: req.api, method: req.method, path: maskIdentifiers(req.path) };
    const finish = this.options.observer?.callStarted?.({ api: req.api, method: req.method, path: req.path });

    let response: Dispatcher.ResponseData | undefined;
    let text: string;
    try {
      response = await request(url, {
        method: req.method,
        headers: outgoing,
        body: payload,
        dispatcher: this.#agent,
        signal,
      });
      text = await readCapped(response.body, this.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
    } catch (error) {
      if (error instanceof ResponseTooLargeError && response) {
        // HMRC was reached and answered, so this is not HMRC_UNAVAILABLE: it is an answer the gateway cannot use,
        // reported like a success body that is not JSON, with HMRC's correlation id so it can be raised with HMRC.
        const correlationId = correlationIdOf(response.headers);
        finish?.({ status: response.statusCode, correlationId });
        this.options.logger.error(
          { ...logFields, status: response.statusCode, correlationId, reason: 'response too large' },
          'HMRC sent a response larger than the gateway accepts',
        );
        throw new GatewayError([hmrcError('INTERNAL_SERVER_ERROR')], 'HMRC', correlationId);
      }
      const timedOut = signal.aborted;
      finish?.({ failure: timedOut ? 'timeout' : 'network' });
      this.options.logger.warn(
        {
          ...logFields,
          ms: Math.round(performance.now() - started),
          reason: timedOut ? 'timeout' : describe(error),
        },
        'HMRC call failed',
      );
      throw new GatewayError([hmrcError(timedOut ? 'GATEWAY_TIMEOUT' : 'HMRC_UNAVAILABLE')], 'GATEWAY');
    }

    const correlationId = correlationIdOf(response.headers);
    const { statusCode: status } = response;
    finish?.({ status, correlationId });
    // HMRC failing (5xx) deserves an operator's attention; every other answer is routine.
    const level = status >= 500 ? 'warn' : 'info';
    if (this.options.logger.isLevelEnabled(level)) {
      this.options.logger[level](
        { ...logFields, status, ms: Math.round(performance.now() - started), correlationId },
        'HMRC call',
      );
    }

    if (status < 200 || status >= 300) {
      const error = new GatewayError(parseErrorBody(status, text), 'HMRC', correlationId);
      if (status === 429)
        throw new ThrottledByHmrc(error, retryAfterMs(headerValue(response.headers['retry-after'])));
      throw error;
    }
    if (text.trim() === '') return { status, body: undefined, correlationId };
    try {
      return { status, body: JSON.parse(text) as unknown, correlationId };
    } catch {
      this.options.logger.error(
        { ...logFields, status, correlationId },
        'HMRC sent a success response that is not JSON',
      );
      throw new GatewayError([hmrcError('INTERNAL_SERVER_ERROR')], 'HMRC', correlationId);
    }
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }

  #url(req: UpstreamRequest): string {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) query.set(name, value);
    }
    const search = query.size > 0 ? `?${query.toString()}` : '';
    return `${this.#baseUrl}${req.path}${search}`;
  }
}

class ResponseTooLargeError extends Error {
  constructor(limit: number) {
    super(`HMRC response exceeded ${limit} bytes`);
    this.name = 'ResponseTooLargeError';
  }
}

async function readCapped(body: Dispatcher.ResponseData['body'], limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > limit) {
      body.destroy();
      throw new ResponseTooLargeError(limit);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

// HMRC's correlation ids are UUIDs. The header is the one upstream string echoed to clients verbatim, so anything
// that is not a plausible id (too long, odd characters) is dropped rather than passed on.
const CORRELATION_ID = /^[A-Za-z0-9-]{1,64}$/;

function correlationIdOf(headers: Dispatcher.ResponseData['headers']): string | undefined {
  const value = headerValue(headers['x-correlationid']);
  return value !== undefined && CORRELATION_ID.test(value) ? value : undefined;
}

/** A log-safe description of a transport failure: its code and class, never a URL or body. */
function describe(error: unknown): string {
  // Duck-typed rather than `instanceof Error`: socket errors are created by Node's core, which is another realm
  // than the code under Jest's VM, and the log would then say only "unknown".
  if (typeof error === 'object' && error !== null) {
    const { code, name } = error as { code?: unknown; name?: unknown };
    if (typeof code === 'string') return code;
    if (typeof name === 'string') return name;
  }
  return 'unknown';
}
