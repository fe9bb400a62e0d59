/**
 * One place that turns what the gateway does into signals: Prometheus metrics (optional), OpenTelemetry spans
 * (optional) and one structured log line per GraphQL request (always). It is the `UpstreamObserver` the HMRC
 * client and the loaders report to, wraps the rate limiter, and supplies the Express middleware and the Apollo
 * Server plugin that open and close each request's scope.
 */
import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Span, TextMapGetter, Tracer } from '@opentelemetry/api';
import type * as OtelApi from '@opentelemetry/api';
import type * as OtelCore from '@opentelemetry/core';
import type { RequestHandler } from 'express';
import type { IncomingHttpHeaders } from 'node:http';
import { tagErrorsWithRequest } from '../errors/graphql';
import { GatewayError } from '../errors/hmrc-error';
import type { ErrorCode } from '../errors/codes';
import type { ApiId } from '../hmrc/apis';
import type {
  BreakerState,
  CacheResult,
  ObservedRequest,
  SavedReason,
  UpstreamCall,
  UpstreamObserver,
  UpstreamResult,
} from '../hmrc/observer';
import type { AcquireOptions, UpstreamLimiter } from '../hmrc/rate-limiter';
import type { Logger } from '../util/logger';
import type { GatewayMetrics, GraphqlOutcome } from './metrics';
import { endpointTemplate, operationLabel } from './metrics';
import type { RequestScope } from './request-scope';
import { MAX_CORRELATION_IDS, newScope, scopeOf } from './request-scope';

export interface TelemetryOptions {
  readonly logger: Logger;
  readonly metrics?: GatewayMetrics | undefined;
  /** Spans are made only with a tracer (OpenTelemetry is off unless OTEL_EXPORTER_OTLP_ENDPOINT is set). */
  readonly tracer?: Tracer | undefined;
}

/**
 * An incoming `X-Request-Id` is echoed (and logged) only when it is a plausible id: short, and only letters, digits
 * and `-_.:`. Anything else (long, or able to forge log fields or headers) is replaced by a fresh UUID.
 */
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && REQUEST_ID.test(value) ? value : randomUUID();
}

/**
 * Errors the gateway raises itself without being asked about the request (the budget is full, HMRC is down or
 * slow): these are not a call saved by validation.
 */
const NOT_VALIDATION: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'MESSAGE_THROTTLED_OUT',
  'HMRC_UNAVAILABLE',
  'GATEWAY_TIMEOUT',
  'INTERNAL_SERVER_ERROR',
]);

const headerGetter: TextMapGetter<IncomingHttpHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key.toLowerCase()],
};

export class Telemetry implements UpstreamObserver {
  readonly metrics: GatewayMetrics | undefined;
  readonly #logger: Logger;
  readonly #tracer: Tracer | undefined;
  /** Made only with a tracer: @opentelemetry/core is loaded only when tracing is on (it slows start-up). */
  readonly #propagator: OtelCore.W3CTraceContextPropagator | undefined;
  /** OpenTelemetry's API, likewise loaded only with a tracer (every use below is under one). */
  readonly #otel: typeof OtelApi | undefined;

  constructor(options: TelemetryOptions) {
    this.metrics = options.metrics;
    this.#logger = options.logger;
    this.#tracer = options.tracer;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.#otel = options.tracer ? (require('@opentelemetry/api') as typeof OtelApi) : undefined;
    this.#propagator = options.tracer
      ? // eslint-disable-next-line @typescript-eslint/no-require-imports
        new (require('@opentelemetry/core') as typeof OtelCore).W3CTraceContextPropagator()
      : undefined;
  }

  // --- UpstreamObserver ------------------------------------------------------------------------------------

  callStarted(call: UpstreamCall, request?: ObservedRequest): (result: UpstreamResult) => void {
    const scope = scopeOf(request);
    if (scope) scope.hmrcCalls++;
    const started = performance.now();
    // Worked out once, and only when something reports it.
    const endpoint = this.#tracer || this.metrics ? (call.template ?? endpointTemplate(call.path)) : '';
    const otel = this.#otel;
    const span =
      otel &&
      this.#tracer?.startSpan(
        `HMRC ${call.method} ${endpoint}`,
        {
          kind: otel.SpanKind.CLIENT,
          attributes: {
            'hmrc.api': call.api,
            'http.request.method': call.method,
            // The template, never the path: the path holds the taxpayer's NINO or UTR.
            'url.template': endpoint,
          },
        },
        scope?.span ? otel.trace.setSpan(otel.ROOT_CONTEXT, scope.span) : otel.ROOT_CONTEXT,
      );
    let done = false;
    return (result) => {
      if (done) return;
      done = true;
      const seconds = (performance.now() - started) / 1000;
      const status = 'status' in result ? result.status : result.failure;
      this.metrics?.hmrcCall(call.api, call.method, endpoint, status, seconds);
      const correlationId = 'status' in result ? result.correlationId : undefined;
      if (scope && correlationId && scope.correlationIds.length < MAX_CORRELATION_IDS)
        scope.correlationIds.push(correlationId);
      if (span) {
        if (typeof status === 'number') span.setAttribute('http.response.status_code', status);
        if (correlationId) span.setAttribute('hmrc.correlation_id', correlationId);
        if (typeof status !== 'number' || status >= 500) {
          span.setAttribute('error.type', String(status));
          span.setStatus({ code: otel.SpanStatusCode.ERROR });
        }
        span.end();
      }
    };
  }

  callSaved(_api: ApiId | undefined, reason: SavedReason, request?: ObservedRequest): void {
    this.metrics?.callSaved(reason);
    const scope = scopeOf(request);
    if (scope) scope.saved[reason]++;
  }

  cacheLookup(api: ApiId, result: CacheResult): void {
    this.metrics?.cacheLookup(api, result);
  }

  retry(api: ApiId, reason: string, request?: ObservedRequest): void {
    this.metrics?.retry(api, reason);
    scopeOf(request)?.span?.addEvent('hmrc.retry', { 'hmrc.api': api, reason });
  }

  breakerState(api: ApiId, state: BreakerState): void {
    this.metrics?.breakerState(api, state);
  }

  // --- the rate limiter ---------------------------------------------------------------------------------------

  /**
   * The limiter, reporting how many calls wait for it and for how long. A proxy rather than a copy, so that every
   * other member (`pause`, and whatever the limiter grows) is the limiter's own.
   */
  instrumentLimiter<L extends UpstreamLimiter>(limiter: L): L {
    const metrics = this.metrics;
    if (!metrics) return limiter;
    // The call's options (its principal, its cancellation) are passed on as they are.
    const inner = limiter.acquire.bind(limiter);
    const acquire = async (options?: AcquireOptions): Promise<void> => {
      const started = performance.now();
      metrics.queued(1);
      try {
        await inner(options);
        metrics.waited('admitted', (performance.now() - started) / 1000);
      } catch (error) {
        metrics.waited('refused', (performance.now() - started) / 1000);
        throw error;
      } finally {
        metrics.queued(-1);
      }
    };
    // Admitted at once: it waited no time, and was never in the queue.
    const tryAcquire = limiter.tryAcquire
      ? (options?: AcquireOptions): boolean => {
          if (!limiter.tryAcquire!(options)) return false;
          metrics.waited('admitted', 0);
          return true;
        }
      : undefined;
    return new Proxy(limiter, {
      get(target, property) {
        if (property === 'acquire') return acquire;
        if (property === 'tryAcquire') return tryAcquire;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  // --- HTTP and GraphQL ---------------------------------------------------------------------------------------

  /**
   * Before the body parser: gives the request its id and echoes it in `X-Request-Id` (on every answer, errors
   * included), so that a client's report can be matched to the gateway's log line.
   */
  requestId(): RequestHandler {
    return (req, res, next) => {
      const requestId = requestIdFrom(req.headers['x-request-id']);
      res.locals.requestId = requestId;
      res.setHeader('x-request-id', requestId);
      next();
    };
  }

  /**
   * After the body parser (whose stream callbacks would lose the async context): opens the request's scope and
   * span (continuing the caller's W3C trace context, `traceparent`), and closes both when the response is done.
   */
  requestScope(): RequestHandler {
    return (req, res, next) => {
      const requestId = (res.locals.requestId as string | undefined) ?? requestIdFrom(undefined);
      let span: Span | undefined;
      const otel = this.#otel;
      if (this.#tracer && otel) {
        const parent = this.#propagator!.extract(otel.ROOT_CONTEXT, req.headers, headerGetter);
        span = this.#tracer.startSpan(
          'GraphQL',
          {
            kind: otel.SpanKind.SERVER,
            attributes: { 'http.request.method': req.method, 'url.path': '/graphql' },
          },
          parent,
        );
      }
      const scope = newScope(requestId, span);
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        this.#finish(scope, res.statusCode, !res.writableFinished);
      };
      res.once('finish', finish);
      res.once('close', finish);
      // Handed on explicitly (`requestOf`), not through an AsyncLocalStorage (see ObservedRequest for why).
      res.locals.requestScope = scope;
      next();
    };
  }

  /** The scope `requestScope` opened for this response's request, to pass to the GraphQL context. */
  static requestOf(locals: Record<string, unknown>): ObservedRequest | undefined {
    return scopeOf(locals.requestScope as ObservedRequest | undefined);
  }

  #finish(scope: RequestScope, httpStatus: number, aborted: boolean): void {
    const seconds = (performance.now() - scope.startedAt) / 1000;
    const outcome: GraphqlOutcome = scope.outcome ?? (httpStatus < 400 ? 'success' : 'rejected');
    if (scope.graphql) this.metrics?.graphqlRequest(scope.operation, scope.operationType, outcome, seconds);
    const { span } = scope;
    if (span) {
      span.setAttribute('http.response.status_code', httpStatus);
      span.setAttribute('graphql.outcome', outcome);
      span.setAttribute('hmrc.calls', scope.hmrcCalls);
      if (outcome === 'error' || httpStatus >= 500)
        span.setStatus({ code: this.#otel!.SpanStatusCode.ERROR });
      span.end();
    }
    if (!scope.graphql || !this.#logger.isLevelEnabled('info')) return;
    const saved = scope.saved.validation + scope.saved.coalesced + scope.saved.cache;
    this.#logger.info(
      {
        requestId: scope.requestId,
        operation: scope.operation,
        operationType: scope.operationType,
        outcome,
        status: httpStatus,
        ms: Math.round(seconds * 1000),
        hmrcCalls: scope.hmrcCalls,
        hmrcCallsSaved: saved,
        ...(saved > 0 ? { saved: { ...scope.saved } } : {}),
        ...(scope.correlationIds.length > 0 ? { correlationIds: scope.correlationIds } : {}),
        ...(span?.spanContext().traceId ? { traceId: span.spanContext().traceId } : {}),
        ...(aborted ? { aborted: true } : {}),
      },
      'GraphQL request',
    );
  }

  /** Names the request's scope and span after its operation, and tells its outcome. */
  apolloPlugin<
    TContext extends { readonly request?: ObservedRequest | undefined },
  >(): ApolloServerPlugin<TContext> {
    return {
      requestDidStart: ({ contextValue }) => {
        const scope = scopeOf(contextValue.request);
        const saved = (reason: SavedReason) => this.callSaved(undefined, reason, scope);
        if (scope) scope.graphql = true;
        let executed = false;
        return Promise.resolve({
          didResolveOperation({ operationName, operation }) {
            if (!scope) return Promise.resolve();
            scope.operation = operationLabel(operationName ?? operation?.name?.value);
            scope.operationType = operation?.operation ?? 'unknown';
            scope.span?.updateName(`GraphQL ${scope.operationType} ${scope.operation}`);
            scope.span?.setAttributes({
              'graphql.operation.name': scope.operation,
              'graphql.operation.type': scope.operationType,
            });
            return Promise.resolve();
          },
          executionDidStart() {
            executed = true;
            return Promise.resolve();
          },
          didEncounterErrors({ errors }) {
            if (scope) tagErrorsWithRequest(errors, scope.requestId);
            // Each GatewayError that validation raised is one call HMRC never had to refuse.
            const seen = new Set<GatewayError>();
            for (const error of errors) {
              const cause = error.originalError;
              if (!(cause instanceof GatewayError) || cause.origin !== 'GATEWAY' || seen.has(cause)) continue;
              seen.add(cause);
              if (!cause.errors.some((e) => NOT_VALIDATION.has(e.code))) saved('validation');
            }
            return Promise.resolve();
          },
          willSendResponse({ response, errors }) {
            if (!scope) return Promise.resolve();
            const body = response.body;
            const data = body.kind === 'single' ? body.singleResult.data : undefined;
            if (!errors || errors.length === 0) scope.outcome = 'success';
            else if (!executed) scope.outcome = 'rejected';
            else scope.outcome = data ? 'partial' : 'error';
            return Promise.resolve();
          },
        });
      },
    };
  }

  /** `GET /metrics` in Prometheus's text format. */
  metricsHandler(): RequestHandler {
    return (_req, res, next) => {
      const metrics = this.metrics;
      if (!metrics) {
        next();
        return;
      }
      metrics.text().then((text) => {
        res.set('content-type', metrics.contentType).set('cache-control', 'no-store').send(text);
      }, next);
    };
  }
}
