/**
 * What the gateway knows about the GraphQL request being served, wherever in the request's async work it is
 * asked (Node's AsyncLocalStorage): its id, the HMRC calls it made and was spared, HMRC's correlation ids, its
 * trace span. The HMRC client and the loaders report into it through the observer (src/hmrc/observer.ts); the
 * request log line, the metrics and the logger's `requestId` field read it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Span } from '@opentelemetry/api';
import type { SavedReason } from '../hmrc/observer';
import type { GraphqlOutcome } from './metrics';

/** At most this many correlation ids are kept per request (a log line, not an archive). */
export const MAX_CORRELATION_IDS = 20;

export interface RequestScope {
  readonly requestId: string;
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

const storage = new AsyncLocalStorage<RequestScope>();

export function newScope(requestId: string, span: Span | undefined): RequestScope {
  return {
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
}

export function runInScope<R>(scope: RequestScope, fn: () => R): R {
  return storage.run(scope, fn);
}

export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}

/** For the logger's mixin: every line logged while serving a request carries its id. */
export function requestLogFields(): { requestId?: string } {
  const scope = storage.getStore();
  return scope ? { requestId: scope.requestId } : {};
}
