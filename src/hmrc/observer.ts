/**
 * What the HMRC client, the loaders and the limiter report about the calls they make (and do not make), for
 * metrics, traces and request logs. An interface with optional methods, injected, so that this layer needs no
 * metrics or tracing library and stays silent when nothing is listening; `src/observability/` implements it.
 */
import type { ApiId } from './apis';

/**
 * The GraphQL request a call is made for, passed down explicitly (the session and loaders hold it) rather than
 * found through an AsyncLocalStorage: on Node 20 any active AsyncLocalStorage puts a hook on every promise the
 * process makes, and that was about a sixth of the gateway's CPU on the request path. Opaque here beyond its id:
 * the observer that made it knows what else it holds.
 */
export interface ObservedRequest {
  readonly requestId: string;
}

/** The request's id as a log field (loggers have no request context of their own), or nothing without one. */
export function requestIdField(request: ObservedRequest | undefined): { requestId?: string } {
  return request ? { requestId: request.requestId } : {};
}

export interface UpstreamCall {
  readonly api: ApiId;
  readonly method: string;
  /** The path as sent (it holds NINOs and UTRs: observers must reduce it to a template before using it). */
  readonly path: string;
  /** The endpoint's documented template, when the caller knew it (then no reduction is needed). */
  readonly template?: string;
}

/** How one call ended: HMRC's status and correlation id, or no answer at all. */
export type UpstreamResult =
  | { readonly status: number; readonly correlationId?: string | undefined }
  | { readonly failure: 'timeout' | 'network' };

/** Why a call to HMRC was not made. */
export type SavedReason = 'validation' | 'coalesced' | 'cache';

export type CacheResult = 'hit' | 'miss' | 'unavailable';

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface UpstreamObserver {
  /** A call is about to go to HMRC (after the rate limit); the returned function is told, once, how it ended. */
  callStarted?(call: UpstreamCall, request?: ObservedRequest): (result: UpstreamResult) => void;
  /** A call HMRC was spared, and why. */
  callSaved?(api: ApiId | undefined, reason: SavedReason, request?: ObservedRequest): void;
  /** A lookup in the cache of HMRC answers across requests. */
  cacheLookup?(api: ApiId, result: CacheResult): void;
  /** A call is being tried again (by a retry policy), with a short, fixed reason such as `429` or `5xx`. */
  retry?(api: ApiId, reason: string, request?: ObservedRequest): void;
  /** A circuit breaker changed state. */
  breakerState?(api: ApiId, state: BreakerState): void;
}
