/**
 * Prometheus metrics (prom-client), served at `/metrics`. Every label value is bounded: operation names are
 * sanitised and capped, HMRC endpoints are path templates (`/individuals/charges/pensions/{nino}/{taxYear}`),
 * never raw paths, and nothing a caller sends (a NINO, a UTR, a token) can become a label value.
 *
 * Names and labels (all prefixed `hmrc_gateway_`; the default Node.js metrics keep their usual names):
 *   graphql_requests_total{operation,type,outcome}         GraphQL requests
 *   graphql_request_duration_seconds{operation,type,outcome}  their latency (histogram)
 *   hmrc_calls_total{api,method,endpoint,status}            calls to HMRC (status: HTTP code, `timeout`, `network`)
 *   hmrc_call_duration_seconds{api,method,endpoint,status_class}  their latency (histogram)
 *   hmrc_calls_saved_total{reason}                          calls not made: validation, coalesced, cache
 *   cache_lookups_total{api,result}                         cache of HMRC answers: hit, miss, unavailable
 *   rate_limit_queue_depth                                  calls waiting for the HMRC request budget (gauge)
 *   rate_limit_wait_seconds{outcome}                        how long they waited: admitted, refused (histogram)
 *   hmrc_retries_total{api,reason}                          calls tried again (by the client's retry policy)
 *   circuit_breaker_state{api}                              0 closed, 1 half open, 2 open
 *   redis_up                                                1 while connected to Redis, else 0 (only with REDIS_URL)
 */
import type { Histogram } from 'prom-client';
import { Counter, Gauge, Histogram as HistogramMetric, Registry, collectDefaultMetrics } from 'prom-client';
import type { BreakerState } from '../hmrc/observer';

const PREFIX = 'hmrc_gateway_';

/** Distinct values a free-form label may take before the rest are reported as `other`. */
const MAX_OPERATION_NAMES = 200;
const MAX_ENDPOINTS = 100;

const NINO = /^[A-Za-z]{2}\d{6}[A-Da-d]?$/;
const UTR = /^\d{10}$/;
const TAX_YEAR = /^\d{4}-\d{2}$/;
const LITERAL = /^[A-Za-z][A-Za-z-]{0,39}$/;

/**
 * A request path reduced to its template: NINOs, UTRs and tax years become `{nino}`, `{utr}`, `{taxYear}`, any
 * other segment that is not a plain word becomes `{id}`, and the query string is dropped.
 */
export function endpointTemplate(path: string): string {
  const bare = path.split('?')[0] ?? '';
  return bare
    .split('/')
    .map((segment) => {
      if (segment === '') return segment;
      if (NINO.test(segment)) return '{nino}';
      if (UTR.test(segment)) return '{utr}';
      if (TAX_YEAR.test(segment)) return '{taxYear}';
      return LITERAL.test(segment) ? segment : '{id}';
    })
    .join('/');
}

const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * A GraphQL operation name fit for a label or a log: `anonymous` when there is none, `invalid` when it is not a
 * plain GraphQL name of at most 64 characters, and `redacted` when it looks like a NINO or a UTR (a caller could
 * name an operation `AA123456A`).
 */
export function operationLabel(name: string | null | undefined): string {
  if (name === undefined || name === null || name === '') return 'anonymous';
  if (!OPERATION_NAME.test(name)) return 'invalid';
  if (/[A-Za-z]{2}\d{6}/.test(name) || /\d{10}/.test(name)) return 'redacted';
  return name;
}

/** Admits the first `max` distinct values as they are, and reports every later one as `other`. */
class BoundedValues {
  readonly #seen = new Set<string>();
  constructor(private readonly max: number) {}

  of(value: string): string {
    if (this.#seen.has(value)) return value;
    if (this.#seen.size >= this.max) return 'other';
    this.#seen.add(value);
    return value;
  }
}

export type GraphqlOutcome = 'success' | 'partial' | 'error' | 'rejected';

const BREAKER_VALUE: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };

export class GatewayMetrics {
  readonly registry = new Registry();
  readonly #operations = new BoundedValues(MAX_OPERATION_NAMES);
  readonly #endpoints = new BoundedValues(MAX_ENDPOINTS);

  readonly #graphqlRequests = new Counter({
    name: `${PREFIX}graphql_requests_total`,
    help: 'GraphQL requests, by operation name, operation type and outcome (success, partial, error, rejected).',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly #graphqlDuration: Histogram<'operation' | 'type' | 'outcome'> = new HistogramMetric({
    name: `${PREFIX}graphql_request_duration_seconds`,
    help: 'GraphQL request latency, from the request arriving to the response being sent.',
    labelNames: ['operation', 'type', 'outcome'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly #hmrcCalls = new Counter({
    name: `${PREFIX}hmrc_calls_total`,
    help: 'Calls to HMRC, by API, method, endpoint template and status (HTTP status, timeout or network).',
    labelNames: ['api', 'method', 'endpoint', 'status'] as const,
    registers: [this.registry],
  });
  readonly #hmrcDuration: Histogram<'api' | 'method' | 'endpoint' | 'status_class'> = new HistogramMetric({
    name: `${PREFIX}hmrc_call_duration_seconds`,
    help: 'Latency of calls to HMRC, by API, method, endpoint template and status class (2xx, 4xx, 5xx, failed).',
    labelNames: ['api', 'method', 'endpoint', 'status_class'] as const,
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly #saved = new Counter({
    name: `${PREFIX}hmrc_calls_saved_total`,
    help: 'Calls to HMRC the gateway did not make, by reason (validation, coalesced, cache).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly #cache = new Counter({
    name: `${PREFIX}cache_lookups_total`,
    help: 'Lookups in the cache of HMRC answers, by API and result (hit, miss, unavailable).',
    labelNames: ['api', 'result'] as const,
    registers: [this.registry],
  });
  readonly #queueDepth = new Gauge({
    name: `${PREFIX}rate_limit_queue_depth`,
    help: 'Calls to HMRC waiting for a slot in the HMRC request budget.',
    registers: [this.registry],
  });
  readonly #queueWait: Histogram<'outcome'> = new HistogramMetric({
    name: `${PREFIX}rate_limit_wait_seconds`,
    help: 'Time calls waited for the HMRC request budget, by outcome (admitted, refused).',
    labelNames: ['outcome'] as const,
    buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [this.registry],
  });
  // Reported by the client's retry policy and circuit breakers (UpstreamObserver.retry / .breakerState).
  readonly #retries = new Counter({
    name: `${PREFIX}hmrc_retries_total`,
    help: "Calls to HMRC tried again by the client's retry policy, by API and reason.",
    labelNames: ['api', 'reason'] as const,
    registers: [this.registry],
  });
  readonly #breaker = new Gauge({
    name: `${PREFIX}circuit_breaker_state`,
    help: 'Circuit breaker per HMRC API: 0 closed, 1 half open, 2 open.',
    labelNames: ['api'] as const,
    registers: [this.registry],
  });

  /** `redisUp`: whether the Redis connection is up, read at scrape time (no Redis: no `redis_up` at all). */
  constructor(options: { defaultMetrics?: boolean; redisUp?: () => boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    const { redisUp } = options;
    if (redisUp) {
      new Gauge({
        name: `${PREFIX}redis_up`,
        help: 'Whether the gateway is connected to Redis (1) or not (0), when REDIS_URL is set.',
        registers: [this.registry],
        collect() {
          this.set(redisUp() ? 1 : 0);
        },
      });
    }
  }

  graphqlRequest(operation: string, type: string, outcome: GraphqlOutcome, seconds: number): void {
    const labels = { operation: this.#operations.of(operation), type, outcome };
    this.#graphqlRequests.inc(labels);
    this.#graphqlDuration.observe(labels, seconds);
  }

  /** `template`: the call's path as `endpointTemplate` gives it (no NINO, UTR or id in it). */
  hmrcCall(
    api: string,
    method: string,
    template: string,
    status: number | 'timeout' | 'network',
    seconds: number,
  ) {
    const endpoint = this.#endpoints.of(template);
    this.#hmrcCalls.inc({ api, method, endpoint, status: String(status) });
    const statusClass = typeof status === 'number' ? `${Math.floor(status / 100)}xx` : 'failed';
    this.#hmrcDuration.observe({ api, method, endpoint, status_class: statusClass }, seconds);
  }

  callSaved(reason: string): void {
    this.#saved.inc({ reason });
  }

  cacheLookup(api: string, result: string): void {
    this.#cache.inc({ api, result });
  }

  queued(delta: 1 | -1): void {
    this.#queueDepth.inc(delta);
  }

  waited(outcome: 'admitted' | 'refused', seconds: number): void {
    this.#queueWait.observe({ outcome }, seconds);
  }

  retry(api: string, reason: string): void {
    this.#retries.inc({ api, reason: /^[a-z0-9_]{1,20}$/i.test(reason) ? reason : 'other' });
  }

  breakerState(api: string, state: BreakerState): void {
    this.#breaker.set({ api }, BREAKER_VALUE[state]);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
