/**
 * The one HTTP client for every HMRC API. Everything that is the same for all calls lives here and nowhere else:
 * base URL, the per-API `Accept` version, JSON bodies, timeouts, keep-alive connections, the application-wide
 * rate limit, `X-CorrelationId` capture, reading of HMRC's error bodies, checking successful answers against the
 * endpoint's schema, and logging with identifiers masked. Request-scoped headers (credentials,
 * `Gov-Test-Scenario`, later fraud-prevention headers) arrive ready-made from `upstream-headers.ts`.
 *
 * How it fails well, with cockatiel's policies (a maintained resilience library) doing the mechanics:
 *
 * - **Retries, reads only.** A GET that met a server error (500, 502, 503, 504) or a dropped / refused connection
 *   is tried again after an exponential delay with full jitter, at most `retry.maxRetries` times; a GET that HMRC
 *   throttled (429) after its `Retry-After`, at most `retry429Max` times. Every retry passes the rate limit again
 *   and draws on a retry budget (`retry-budget.ts`), so that retries stay a small share of recent traffic. A GET
 *   that timed out is not retried: it has already cost the caller `HMRC_TIMEOUT_MS`.
 * - **Writes are never retried.** A write whose outcome is unknown — sent, then the connection was lost, it timed
 *   out, or HMRC answered 5xx — fails with `HMRC_OUTCOME_UNKNOWN`, so that a client reads back before sending it
 *   again rather than submitting twice; one that never left (connection refused, circuit open) with
 *   `HMRC_UNAVAILABLE`.
 * - **A circuit breaker per HMRC API.** When most recent calls to one API failed (server errors, timeouts, lost
 *   connections; never a 4xx, which is HMRC answering), calls to that API fail at once with `HMRC_UNAVAILABLE`
 *   for a cool-down, without spending the rate budget; then one probe is let through, and its outcome closes or
 *   reopens the circuit. The other APIs are unaffected.
 * - **HMRC's 429 pauses the whole budget** (`limiter.pause`), on every replica, not only the call that got it.
 *
 * Time (cool-down, budget window), sleeping and jitter are injectable (`timers`), so tests are deterministic.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import { BrokenCircuitError, CircuitState, CountBreaker, circuitBreaker, handleWhen, retry } from 'cockatiel';
import type { CircuitBreakerPolicy, IBackoff, IBackoffFactory } from 'cockatiel';
import type { IncomingHttpHeaders } from 'node:http';
import type { Agent, Dispatcher } from 'undici';
import type { ZodType } from 'zod';
import { GatewayError, hmrcError } from '../errors/hmrc-error';
import type { Logger } from '../util/logger';
import { maskIdentifiers } from '../util/mask';
import { loadUndici } from '../util/undici';
import type { ApiId, ApiVersions } from './apis';
import { API_IDS, acceptHeader } from './apis';
import { parseErrorBody } from './error-body';
import type { ObservedRequest, UpstreamObserver } from './observer';
import { requestIdField } from './observer';
import type { UpstreamLimiter } from './rate-limiter';
import { RetryBudget } from './retry-budget';
import type { CancelSignal } from '../util/cancellation';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

export interface UpstreamRequest {
  readonly api: ApiId;
  readonly method: HttpMethod;
  /** Path below the base URL, starting with `/`, already URL-encoded. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
  /**
   * What a successful answer must look like. With one, an answer that does not match — an empty body, a 204,
   * `null`, a string where a number belongs — fails with `HMRC_UNEXPECTED_RESPONSE` instead of being used.
   */
  readonly responseSchema?: ZodType;
  /**
   * The endpoint's path template as HMRC documents it (`/individuals/charges/pensions/{nino}/{taxYear}`), for
   * metrics and spans; without one, observers work it out from the path.
   */
  readonly template?: string;
}

export interface UpstreamResponse {
  readonly status: number;
  /** The parsed JSON body (checked against `responseSchema` when given), or `undefined` for an empty one. */
  readonly body: unknown;
  readonly correlationId: string | undefined;
}

/** Retries of reads after server errors and lost connections (429s have their own cap, `retry429Max`). */
export interface RetryOptions {
  /** Retries of a GET after a 500, 502, 503 or 504, or a refused or dropped connection. */
  readonly maxRetries: number;
  /** The first retry waits a random time below this; each further one below twice the previous cap. */
  readonly baseDelayMs: number;
  /** No retry waits longer than this. */
  readonly maxDelayMs: number;
  /** Retries (of any kind) may be at most `percent` % of the original calls in the last `windowMs`, plus `minRetries`. */
  readonly budget: { readonly percent: number; readonly minRetries: number; readonly windowMs: number };
}

/** The circuit breaker kept for each HMRC API (in this process). */
export interface BreakerOptions {
  /** Opens when more than this share (0 to 1, exclusive) of the last `windowCalls` calls failed… */
  readonly failureRatio: number;
  readonly windowCalls: number;
  /** …and at least this many calls were made (so that two failures in a quiet minute do not open it). */
  readonly minCalls: number;
  /** How long calls fail fast before one probe is let through. */
  readonly cooldownMs: number;
}

/** Time for the retry and breaker machinery: injected in tests so that nothing depends on the machine's speed. */
export interface Timers {
  /** Monotonic milliseconds: the breaker's cool-down and the retry budget's window. */
  now(): number;
  /** Waits before a retry. */
  sleep(ms: number): Promise<void>;
  /** Jitter, uniformly in [0, 1). */
  random(): number;
}

export const systemTimers: Timers = {
  now: () => performance.now(),
  sleep: (ms) => sleepFor(ms),
  // Looked up at each call (not captured), so that a test may pin Math.random.
  random: () => Math.random(),
};

/**
 * Keep-alive connections to HMRC, by default (HMRC_MAX_CONNECTIONS): enough for several one-year queries at
 * once, each with all its calls in flight. They are opened only as needed, so the bound costs nothing idle.
 */
export const DEFAULT_MAX_CONNECTIONS = 64;

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
  /** Retries of reads after server errors and lost connections (default: none). */
  readonly retry?: RetryOptions;
  /** A circuit breaker per HMRC API (default: none). */
  readonly breaker?: BreakerOptions;
  readonly timers?: Partial<Timers>;
  /** Told about every call (metrics, traces, request logs); see observer.ts. */
  readonly observer?: UpstreamObserver;
}

/** Per call: whose it is (the rate limit's unit of fairness) and the caller's cancellation. */
export interface CallOptions {
  readonly principal?: string;
  readonly signal?: CancelSignal;
  /** The GraphQL request the call is made for: its id goes on the call's log lines, and the observer is told. */
  readonly request?: ObservedRequest;
}

/** Why a call was cancelled: the signal's reason when it is the gateway's own error (deadline, disconnect). */
function abortReason(signal: CancelSignal | undefined): GatewayError {
  const reason: unknown = signal?.reason;
  return reason instanceof GatewayError
    ? reason
    : new GatewayError([hmrcError('REQUEST_CANCELLED')], 'GATEWAY');
}

/** HMRC answered with an error status (kept, since an error's own `status` is the catalogue's). */
class HmrcErrorResponse extends GatewayError {
  constructor(
    error: GatewayError,
    readonly httpStatus: number,
  ) {
    super(error.errors, error.origin, error.correlationId);
  }
}

/** HMRC's 429, with how long it asked us to wait (`Retry-After`), if it said. */
class ThrottledByHmrc extends HmrcErrorResponse {
  constructor(
    error: GatewayError,
    readonly retryAfterMs: number | undefined,
  ) {
    super(error, 429);
  }
}

/**
 * The call never got an answer. `notSent`: the connection could not be made, so HMRC cannot have seen the
 * request; otherwise (a reset, a timeout) HMRC may have received, and acted on, it.
 */
class TransportFailure extends GatewayError {
  constructor(
    readonly reason: 'not-sent' | 'lost' | 'timeout',
    readonly detail: string,
  ) {
    super([hmrcError(reason === 'timeout' ? 'GATEWAY_TIMEOUT' : 'HMRC_UNAVAILABLE')], 'GATEWAY');
  }
}

const RETRY_429_BASE_MS = 500;
/** Longer than this and waiting is worse than telling the caller: the field fails with HMRC's 429. */
const MAX_RETRY_DELAY_MS = 10_000;
/** How long the whole budget pauses after a 429 without a usable `Retry-After` (HMRC counts per second). */
const DEFAULT_429_PAUSE_MS = 1_000;
/** A `Retry-After` beyond this does not pause the gateway longer: a bogus header must not stop it for hours. */
const MAX_429_PAUSE_MS = 60_000;

/** The server errors worth a second try of a read: transient by nature. 501 (not implemented) is not. */
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([500, 502, 503, 504]);

/**
 * Transport errors raised before a request can have left: no connection was made (refused, no route, DNS, a
 * TLS certificate refused). Anything else — a reset, a socket closed mid-way — may have delivered the request.
 */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

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

/** A failure that says something about HMRC's health: a server error or no answer at all (not a 4xx, not a 429). */
function isHmrcFailing(error: unknown): boolean {
  if (error instanceof TransportFailure) return true;
  return error instanceof HmrcErrorResponse && TRANSIENT_STATUSES.has(error.httpStatus);
}

/**
 * The breaker's cool-down, measured on the injected clock. cockatiel compares `Date.now()` since opening with
 * the backoff's `duration`; this backoff answers "not yet" (infinite) until the cool-down has passed on `now()`,
 * then "now" (0), so the breaker half-opens exactly when the injected clock says so.
 */
class Cooldown implements IBackoffFactory<unknown> {
  /** When the current cool-down ends, on `now()`. */
  openUntil = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly ms: number,
    private readonly now: () => number,
  ) {}

  next(): IBackoff<unknown> {
    const until = this.now() + this.ms;
    this.openUntil = until;
    const now = this.now;
    return {
      get duration() {
        return now() >= until ? 0 : Number.POSITIVE_INFINITY;
      },
      next: () => this.next(),
    };
  }

  get cooling(): boolean {
    return this.now() < this.openUntil;
  }
}

interface Breaker {
  readonly policy: CircuitBreakerPolicy;
  readonly cooldown: Cooldown;
}

export class HmrcClient {
  #agent: Agent | undefined;
  /** HMRC's origin, and the base URL's path below it (empty for HMRC itself; a prefix behind some proxies). */
  readonly #origin: string;
  readonly #basePath: string;
  readonly #outgoing = new WeakMap<object, Map<ApiId, Readonly<Record<string, string>>>>();
  readonly #timers: Timers;
  readonly #budget: RetryBudget | undefined;
  readonly #breakers: Readonly<Record<ApiId, Breaker>> | undefined;

  constructor(private readonly options: HmrcClientOptions) {
    const base = new URL(options.baseUrl);
    this.#origin = base.origin;
    this.#basePath = base.pathname.replace(/\/+$/, '');
    this.#timers = { ...systemTimers, ...options.timers };
    this.#budget = options.retry
      ? new RetryBudget({ ...options.retry.budget, now: () => this.#timers.now() })
      : undefined;
    const breaker = options.breaker;
    this.#breakers = breaker
      ? (Object.fromEntries(API_IDS.map((api) => [api, this.#createBreaker(api, breaker)])) as Record<
          ApiId,
          Breaker
        >)
      : undefined;
  }

  /** Keep-alive pool: HMRC's TLS handshakes are the slowest part of a call; reuse them. Made at the first use. */
  get #pool(): Agent {
    return (this.#agent ??= new (loadUndici().Agent)({
      connections: this.options.maxConnections,
      keepAliveTimeout: 10_000,
      keepAliveMaxTimeout: 60_000,
    }));
  }

  /** Whether calls to an API are currently failing fast (its circuit is open and cooling down). */
  circuitOpen(api: ApiId): boolean {
    const breaker = this.#breakers?.[api];
    return breaker !== undefined && breaker.policy.state === CircuitState.Open && breaker.cooldown.cooling;
  }

  /**
   * Sends one request: through the circuit breaker and the rate limit, retried (reads only) as described at the
   * top of this file. Every failure is a `GatewayError`.
   */
  async send(
    req: UpstreamRequest,
    headers: Readonly<Record<string, string>>,
    call: CallOptions = {},
  ): Promise<UpstreamResponse> {
    const read = req.method === 'GET';
    const max429 = read ? (this.options.retry429Max ?? 2) : 0;
    const maxTransient = read ? (this.options.retry?.maxRetries ?? 0) : 0;
    this.#budget?.recordCall();

    // The decision to retry is made when an attempt fails (cockatiel asks this predicate); the wait itself is
    // taken at the start of the next attempt, with the injected sleep (cockatiel's own timer is not injectable,
    // so it is given no delay).
    let retries429 = 0;
    let retriesTransient = 0;
    let wait = 0;
    const shouldRetry = (error: unknown): boolean => {
      let delay: number;
      // The circuit has just opened: a retry would only fail fast. The caller gets HMRC's actual answer.
      if (this.circuitOpen(req.api)) return false;
      if (error instanceof ThrottledByHmrc) {
        if (retries429 >= max429) return false;
        delay = error.retryAfterMs ?? this.#timers.random() * RETRY_429_BASE_MS * 2 ** retries429;
        if (delay > MAX_RETRY_DELAY_MS) return false;
      } else if (isHmrcFailing(error) && !(error instanceof TransportFailure && error.reason === 'timeout')) {
        if (retriesTransient >= maxTransient) return false;
        const { baseDelayMs, maxDelayMs } = this.options.retry!;
        delay = this.#timers.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** retriesTransient);
      } else {
        return false;
      }
      const fields = { ...requestIdField(call.request), api: req.api, path: maskIdentifiers(req.path) };
      if (this.#budget && !this.#budget.tryRetry()) {
        this.options.logger.warn(
          { ...fields, ...this.#budget.usage() },
          'HMRC retry budget spent; not retrying',
        );
        return false;
      }
      const attempt = retries429 + retriesTransient + 1;
      if (error instanceof ThrottledByHmrc) {
        retries429++;
        this.options.observer?.retry?.(req.api, '429', call.request);
        this.options.logger.warn(
          { ...fields, attempt, delayMs: Math.round(delay) },
          'HMRC throttled the call (429); retrying',
        );
      } else {
        retriesTransient++;
        // A bounded label: how the call failed, never the detail.
        this.options.observer?.retry?.(
          req.api,
          error instanceof TransportFailure ? error.reason : 'server_error',
          call.request,
        );
        this.options.logger.warn(
          { ...fields, attempt, delayMs: Math.round(delay), reason: failureReason(error) },
          'HMRC call failed; retrying',
        );
      }
      wait = delay;
      return true;
    };

    try {
      return await this.#attempt(req, headers, call);
    } catch (error) {
      if (!shouldRetry(error)) throw error;
    }
    // The first attempt failed in a way worth retrying (`shouldRetry` has counted it and set the wait): the
    // retries are cockatiel's policy. Built only now: nearly every call succeeds first time, and a policy (with
    // its event emitters) per call was a measurable share of each call's cost.
    const policy = retry(
      handleWhen((error) => shouldRetry(error)),
      { maxAttempts: max429 + maxTransient - 1 },
    );
    return policy.execute(async () => {
      await this.#wait(wait, call.signal);
      return this.#attempt(req, headers, call);
    });
  }

  /** The injected sleep, cut short (with the cancellation's error) when the caller's request goes away. */
  async #wait(ms: number, cancel: CancelSignal | undefined): Promise<void> {
    if (!cancel) return this.#timers.sleep(ms);
    if (cancel.aborted) throw abortReason(cancel);
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_resolve, reject) => {
      onAbort = () => reject(abortReason(cancel));
      cancel.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([this.#timers.sleep(ms), aborted]);
    } finally {
      if (onAbort) cancel.removeEventListener('abort', onAbort);
    }
  }

  /** One attempt: the breaker's verdict, a slot in the rate budget, the call; then what its failure means. */
  async #attempt(
    req: UpstreamRequest,
    headers: Readonly<Record<string, string>>,
    call: CallOptions,
  ): Promise<UpstreamResponse> {
    // Checked before the rate limit, so that failing fast spends none of the budget.
    if (this.circuitOpen(req.api)) throw this.#failingFast(req, call);
    // Admitted at once when the budget has room and nobody waits; otherwise queued, and a queued call leaves the
    // queue when its request is cancelled (the limiter rejects with its reason).
    const { limiter } = this.options;
    if (limiter && !limiter.tryAcquire?.(call)) await limiter.acquire(call);
    // A read in flight is aborted with its request; a write once sent is left to finish, since aborting it
    // would leave its outcome unknown (HMRC may have applied it) for no saving.
    const cancel = req.method === 'GET' ? call.signal : undefined;
    const breaker = this.#breakers?.[req.api];
    try {
      return breaker
        ? await breaker.policy.execute(() => this.#sendOnce(req, headers, cancel, call.request))
        : await this.#sendOnce(req, headers, cancel, call.request);
    } catch (error) {
      if (error instanceof BrokenCircuitError) throw this.#failingFast(req, call);
      if (error instanceof ThrottledByHmrc) {
        // The application is over its quota at HMRC: every replica holds back, not only this call.
        this.options.limiter?.pause?.(Math.min(MAX_429_PAUSE_MS, error.retryAfterMs ?? DEFAULT_429_PAUSE_MS));
      }
      if (req.method !== 'GET') throw writeFailure(error);
      throw error;
    }
  }

  #failingFast(req: UpstreamRequest, call: CallOptions): GatewayError {
    this.options.logger.warn(
      { ...requestIdField(call.request), api: req.api, method: req.method, path: maskIdentifiers(req.path) },
      'HMRC circuit open; call not sent',
    );
    return new GatewayError(
      [
        hmrcError('HMRC_UNAVAILABLE', {
          message:
            'HMRC is failing; the gateway is holding calls to this HMRC API for a moment and sent nothing',
        }),
      ],
      'GATEWAY',
    );
  }

  #createBreaker(api: ApiId, options: BreakerOptions): Breaker {
    const cooldown = new Cooldown(options.cooldownMs, () => this.#timers.now());
    const policy = circuitBreaker(
      handleWhen((error) => isHmrcFailing(error)),
      {
        halfOpenAfter: cooldown,
        breaker: new CountBreaker({
          threshold: options.failureRatio,
          size: options.windowCalls,
          minimumNumberOfCalls: Math.min(options.minCalls, options.windowCalls),
        }),
      },
    );
    const { logger, observer } = this.options;
    // The failure itself is not logged here (each call already logged it), and nothing upstream ever is.
    policy.onBreak(() => {
      logger.error({ api, cooldownMs: options.cooldownMs }, 'HMRC circuit opened: failing fast');
      observer?.breakerState?.(api, 'open');
    });
    policy.onHalfOpen(() => {
      logger.info({ api }, 'HMRC circuit half-open: probing');
      observer?.breakerState?.(api, 'half_open');
    });
    policy.onReset(() => {
      logger.info({ api }, 'HMRC circuit closed');
      observer?.breakerState?.(api, 'closed');
    });
    return { policy, cooldown };
  }

  async #sendOnce(
    req: UpstreamRequest,
    headers: Readonly<Record<string, string>>,
    cancel: CancelSignal | undefined,
    observed: ObservedRequest | undefined,
  ): Promise<UpstreamResponse> {
    const path = this.#pathOf(req);
    let outgoing = this.#withAccept(headers, req.api);
    let payload: string | undefined;
    if (req.body !== undefined) {
      payload = JSON.stringify(req.body);
      outgoing = { ...outgoing, 'content-type': 'application/json' };
    }
    const started = performance.now();
    // HMRC_TIMEOUT_MS bounds the whole call (connection, answer, body), with one plain timer. Not
    // `AbortSignal.timeout` merged with the caller's signal by `AbortSignal.any`: both are costly to create
    // (weakly held timers and signal sets), and they were a measurable share of a cold request. Not undici's
    // own `headersTimeout` either: its timers tick twice a second, so a 150 ms limit fires after about a second.
    // The caller's cancellation (its client went away, its deadline passed) aborts the call in flight too.
    const exchange = new Exchange(this.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      exchange.abort(new CallAborted('timeout'));
    }, this.options.timeoutMs);
    const onCancel = () => exchange.abort(new CallAborted('cancelled'));
    if (cancel?.aborted) onCancel();
    else cancel?.addEventListener('abort', onCancel, { once: true });
    // Made only for a line that is written.
    const logFields = () => ({
      ...requestIdField(observed),
      api: req.api,
      method: req.method,
      path: maskIdentifiers(req.path),
    });
    const read = req.method === 'GET';
    const finish = this.options.observer?.callStarted?.(
      {
        api: req.api,
        method: req.method,
        path: req.path,
        ...(req.template ? { template: req.template } : {}),
      },
      observed,
    );

    // Headers arrived (set by the exchange): HMRC answered, whatever became of the body.
    let response: Answered | undefined;
    let text: string;
    try {
      try {
        this.#pool.dispatch(
          { origin: this.#origin, path, method: req.method, headers: outgoing, body: payload },
          exchange,
        );
        ({ answered: response, text } = await exchange.done);
      } catch (error) {
        response = exchange.answered;
        if (error instanceof ResponseTooLargeError && response) {
          // HMRC was reached and answered, so this is not HMRC_UNAVAILABLE: it is an answer the gateway cannot use.
          const correlationId = correlationIdOf(response.headers);
          const status = response.statusCode;
          finish?.({ status: response.statusCode, correlationId });
          this.options.logger.error(
            { ...logFields(), status, correlationId, reason: 'response too large' },
            'HMRC sent a response larger than the gateway accepts',
          );
          if (status >= 200 && status < 300) {
            // A write HMRC accepted has been applied whatever its body says; only a read needs the body.
            if (!read) return { status, body: undefined, correlationId };
            throw unexpectedResponse(correlationId);
          }
          // An error status stands on its own (a 5xx is still a 5xx): read as if its body were empty.
          throw new HmrcErrorResponse(
            new GatewayError(parseErrorBody(status, ''), 'HMRC', correlationId),
            status,
          );
        }
        if (cancel?.aborted) throw abortReason(cancel);
        const detail = timedOut ? 'timeout' : describe(error);
        if (!read && response && response.statusCode >= 200 && response.statusCode < 300) {
          // HMRC said the write succeeded before the body was cut short: it was applied, and saying otherwise
          // would invite the client to send it again.
          const correlationId = correlationIdOf(response.headers);
          this.options.logger.warn(
            { ...logFields(), status: response.statusCode, correlationId, reason: detail },
            'HMRC accepted the write; its response body was cut short',
          );
          return { status: response.statusCode, body: undefined, correlationId };
        }
        finish?.({ failure: timedOut ? 'timeout' : 'network' });
        this.options.logger.warn(
          { ...logFields(), ms: Math.round(performance.now() - started), reason: detail },
          'HMRC call failed',
        );
        throw new TransportFailure(
          timedOut ? 'timeout' : NOT_SENT_CODES.has(detail) ? 'not-sent' : 'lost',
          detail,
        );
      }
    } finally {
      clearTimeout(timer);
      cancel?.removeEventListener('abort', onCancel);
    }

    const correlationId = correlationIdOf(response.headers);
    const { statusCode: status } = response;
    finish?.({ status, correlationId });
    // HMRC failing (5xx) deserves an operator's attention; every other answer is routine.
    const level = status >= 500 ? 'warn' : 'info';
    if (this.options.logger.isLevelEnabled(level)) {
      this.options.logger[level](
        Object.assign(logFields(), { status, ms: Math.round(performance.now() - started), correlationId }),
        'HMRC call',
      );
    }

    if (status < 200 || status >= 300) {
      const error = new GatewayError(parseErrorBody(status, text), 'HMRC', correlationId);
      if (status === 429)
        throw new ThrottledByHmrc(error, retryAfterMs(headerValue(response.headers['retry-after'])));
      throw new HmrcErrorResponse(error, status);
    }
    // A write's success is its status; its body (if any) is not used, so an odd one cannot turn "applied" into
    // an error that would invite the client to send the write again.
    if (!read) return { status, body: undefined, correlationId };

    let body: unknown;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        this.options.logger.error(
          { ...logFields(), status, correlationId },
          'HMRC sent a success response that is not JSON',
        );
        throw unexpectedResponse(correlationId);
      }
    }
    if (!req.responseSchema) return { status, body, correlationId };
    const checked = req.responseSchema.safeParse(body);
    if (!checked.success) {
      // Where and what kind of problem, from the schema's side only: never the value HMRC sent.
      this.options.logger.error(
        {
          ...logFields(),
          status,
          correlationId,
          problems: checked.error.issues.slice(0, 10).map((issue) => ({
            code: issue.code,
            path: `/${issue.path.map(String).join('/')}`,
            ...('expected' in issue ? { expected: String(issue.expected) } : {}),
          })),
        },
        'HMRC sent a success response without the documented shape',
      );
      throw unexpectedResponse(correlationId);
    }
    return { status, body: checked.data, correlationId };
  }

  /**
   * Closes the connections to HMRC. Called once the gateway has stopped serving, so a call still in flight
   * belongs to a request that was cut at the end of the shutdown grace: it is aborted, not waited for (undici's
   * `close` would wait for it, up to HMRC_TIMEOUT_MS).
   */
  async close(): Promise<void> {
    // Made here if no call made it, so that a call after close fails as it always has.
    await this.#pool.destroy();
  }

  /**
   * The request's headers with the API's `Accept` version, made once per headers object and API: a request's
   * session hands every call the same headers (two dozen of them with the fraud-prevention set), and undici only
   * reads them.
   */
  #withAccept(headers: Readonly<Record<string, string>>, api: ApiId): Readonly<Record<string, string>> {
    let perApi = this.#outgoing.get(headers);
    if (!perApi) {
      perApi = new Map();
      this.#outgoing.set(headers, perApi);
    }
    let outgoing = perApi.get(api);
    if (!outgoing) {
      outgoing = { ...headers, accept: acceptHeader(this.options.versions[api]) };
      perApi.set(api, outgoing);
    }
    return outgoing;
  }

  /** The request's path below the origin: the base URL's own path, the resource's, and the query string. */
  #pathOf(req: UpstreamRequest): string {
    let search = '';
    if (req.query) {
      const query = new URLSearchParams();
      for (const [name, value] of Object.entries(req.query)) {
        if (value !== undefined) query.set(name, value);
      }
      if (query.size > 0) search = `?${query.toString()}`;
    }
    return `${this.#basePath}${req.path}${search}`;
  }
}

function unexpectedResponse(correlationId: string | undefined): GatewayError {
  return new GatewayError([hmrcError('HMRC_UNEXPECTED_RESPONSE')], 'HMRC', correlationId);
}

/**
 * What a failed write tells the client. Refused outright (any 4xx, including 429) or never sent: as it is. Sent
 * but unanswered, timed out, or answered with a server error: the outcome is unknown — HMRC may have applied it
 * — so the client must read back before trying again (a marriage-allowance claim sent twice is two claims).
 * 501 is HMRC saying the operation does not exist, so nothing was applied.
 */
function writeFailure(error: unknown): unknown {
  const unknownOutcome =
    (error instanceof TransportFailure && error.reason !== 'not-sent') ||
    (error instanceof HmrcErrorResponse && error.httpStatus >= 500 && error.httpStatus !== 501);
  if (!unknownOutcome) return error;
  return new GatewayError([hmrcError('HMRC_OUTCOME_UNKNOWN')], error.origin, error.correlationId);
}

/** A log-safe reason for a failure worth retrying: a transport code, or HMRC's status. */
function failureReason(error: unknown): string {
  if (error instanceof TransportFailure) return error.detail;
  return error instanceof HmrcErrorResponse ? `status ${error.httpStatus}` : 'unknown';
}

class ResponseTooLargeError extends Error {
  constructor(limit: number) {
    super(`HMRC response exceeded ${limit} bytes`);
    this.name = 'ResponseTooLargeError';
  }
}

/** What a call got back before its body: HMRC's status and headers. */
interface Answered {
  readonly statusCode: number;
  readonly headers: IncomingHttpHeaders;
}

/** Why the gateway itself aborted a call (its time ran out, or its caller went away). */
class CallAborted extends Error {
  constructor(readonly reason: 'timeout' | 'cancelled') {
    super(`HMRC call aborted: ${reason}`);
    this.name = 'AbortError';
  }
}

/**
 * One HTTP exchange, as a handler of undici's dispatcher: the status and headers, then the body gathered up to
 * `limit` bytes (a larger one is cut off, not buffered). Used rather than undici's `request()`, which wraps
 * every response in a Readable stream read through an async iterator and every request in an AsyncResource;
 * those were a measurable share of each HMRC call's cost in the gateway's profile, for a body of a few kilobytes
 * that is read whole anyway.
 */
class Exchange implements Dispatcher.DispatchHandler {
  /** Set once HMRC's status and headers arrive. */
  answered: Answered | undefined;
  readonly done: Promise<{ answered: Answered; text: string }>;
  #resolve!: (result: { answered: Answered; text: string }) => void;
  #reject!: (error: unknown) => void;
  #controller: Dispatcher.DispatchController | undefined;
  #abortedWith: Error | undefined;
  readonly #chunks: Buffer[] = [];
  #size = 0;

  constructor(private readonly limit: number) {
    this.done = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  /**
   * Stops the call: at once for the caller, and on the wire as soon as undici has started it (a call still
   * queued for a connection is aborted when it gets one, before anything is sent).
   */
  abort(reason: Error): void {
    if (this.#abortedWith) return;
    this.#abortedWith = reason;
    this.#controller?.abort(reason);
    this.#reject(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#abortedWith) controller.abort(this.#abortedWith);
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
  ): void {
    this.answered = { statusCode, headers };
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#size += chunk.length;
    if (this.#size > this.limit) {
      const tooLarge = new ResponseTooLargeError(this.limit);
      controller.abort(tooLarge);
      this.#reject(tooLarge);
      return;
    }
    this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    const chunks = this.#chunks;
    const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
    if (this.answered) this.#resolve({ answered: this.answered, text });
    else this.#reject(new Error('response ended before its head'));
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#reject(error);
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

// HMRC's correlation ids are UUIDs. The header is the one upstream string echoed to clients verbatim, so anything
// that is not a plausible id (too long, odd characters) is dropped rather than passed on.
const CORRELATION_ID = /^[A-Za-z0-9-]{1,64}$/;

function correlationIdOf(headers: IncomingHttpHeaders): string | undefined {
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
