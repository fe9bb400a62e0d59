/**
 * What the gateway knows about the GraphQL request being served: its id, the HMRC calls it made and was spared,
 * HMRC's correlation ids, its trace span. Opened by the telemetry middleware and handed down explicitly (the
 * GraphQL context, the session, the loaders: see `ObservedRequest` in src/hmrc/observer.ts for why not through
 * an AsyncLocalStorage). The HMRC client and the loaders report into it through the observer; the request log
 * line and the metrics read it.
 */
import type { Span } from '@opentelemetry/api';
import type { ObservedRequest, SavedReason } from '../hmrc/observer';
import type { GraphqlOutcome } from './metrics';

/** At most this many correlation ids are kept per request (a log line, not an archive). */
export const MAX_CORRELATION_IDS = 20;

export interface RequestScope extends ObservedRequest {
  /** `performance.now()` when the request arrived. */
  readonly startedAt: number;
  readonly span: Span | undefined;
  hmrcCalls: number;
  readonly saved: Record<SavedReason, number>;
  readonly correlationIds: string[];
  /** Set once Apollo Server has seen the request (absent: not a GraphQL operation, e.g. the landing page). */
  graphql: boolean;
  operation: string;
  operationType: string;
  outcome: GraphqlOutcome | undefined;
}

/** Every scope `newScope` made, so that an `ObservedRequest` handed back is known to be one (not cast). */
const scopes = new WeakSet<ObservedRequest>();

/** The scope behind an `ObservedRequest`, if `newScope` made it. */
export function scopeOf(request: ObservedRequest | undefined): RequestScope | undefined {
  return request !== undefined && scopes.has(request) ? (request as RequestScope) : undefined;
}

export function newScope(requestId: string, span: Span | undefined): RequestScope {
  const scope: RequestScope = {
    requestId,
    startedAt: performance.now(),
    span,
    hmrcCalls: 0,
    saved: { validation: 0, coalesced: 0, cache: 0 },
    correlationIds: [],
    graphql: false,
    operation: 'unknown',
    operationType: 'unknown',
    outcome: undefined,
  };
  scopes.add(scope);
  return scope;
}
