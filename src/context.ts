/**
 * The per-request GraphQL context: who is calling, their request-scoped HMRC session, and a fresh loader set.
 * Built once per HTTP request by `createContextFactory`; resolvers read it, never `req`.
 */
import type { Authentication, Principal } from './auth/principal';
import { authenticate } from './auth/principal';
import type { ResponseCache } from './cache/response-cache';
import type { HmrcClient } from './hmrc/client';
import type { ReadCoalescer } from './hmrc/coalesce';
import type { ObservedRequest, UpstreamObserver } from './hmrc/observer';
import { requestIdField } from './hmrc/observer';
import type { IdScheme } from './identity/ids';
import { HmrcSession } from './hmrc/session';
import type { UpstreamHeaderPolicy } from './hmrc/upstream-headers';
import type { FraudEvaluation, FraudSettings } from './fraud';
import { evaluateFraudHeaders } from './fraud';
import type { CachePolicy } from './loaders';
import { Loaders } from './loaders';
import type { Clock } from './util/clock';
import { utcDate } from './util/clock';
import type { Logger } from './util/logger';
import type { RequestFacts, ValidationSettings } from './validation/types';
import type { CancelSignal } from './util/cancellation';

export interface GatewayContext {
  readonly auth: Authentication;
  /** Present once the request is authenticated (the credentials plugin refuses the rest before execution). */
  readonly hmrc: HmrcSession | null;
  readonly loaders: Loaders | null;
  readonly logger: Logger;
  /** What HMRC's rules depend on beyond the request: API versions, environment-specific minimum years. */
  readonly settings: ValidationSettings;
  /** "Today" for charge status and HMRC's Self Assessment window. */
  readonly clock: Clock;
  /** The fraud-prevention headers this request sends HMRC, and what is wrong with them. */
  readonly fraud: FraudEvaluation;
  /** Cache ids of the objects returned (src/identity/ids.ts). */
  readonly ids: IdScheme;
  /** The request being served, as the HTTP layer's telemetry opened it (its id, its counts). */
  readonly request: ObservedRequest | undefined;
}

export interface ContextDeps {
  readonly client: HmrcClient;
  readonly policy: UpstreamHeaderPolicy;
  readonly logger: Logger;
  readonly settings: ValidationSettings;
  readonly clock: Clock;
  readonly cache: ResponseCache;
  readonly cachePolicy: CachePolicy;
  readonly maxConcurrencyPerRequest: number;
  readonly fraud: FraudSettings;
  /** HMRC_MAX_CALLS_PER_REQUEST (none: unbounded). */
  readonly maxCallsPerRequest?: number;
  /** Identical reads in flight, shared between requests of one principal (none: not shared). */
  readonly coalescer?: ReadCoalescer;
  /** Told about cache lookups and calls saved (metrics, request logs). */
  readonly observer?: UpstreamObserver;
  /** Gateway-held sign-in sessions (cookie or `Authorization: Session …`), when OAuth is configured. */
  readonly sessions?: { authenticate(headers: HeaderBag): Authentication | undefined } | undefined;
  /** Cache ids of the objects returned (src/identity/ids.ts). */
  readonly ids: IdScheme;
}

/** The TCP connection a request arrived on (for the client's public IP and port). */
export interface SocketInfo {
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
}

type HeaderBag = Readonly<Record<string, string | string[] | undefined>>;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function createContextFactory(
  deps: ContextDeps,
): (
  headers: HeaderBag,
  socket?: SocketInfo,
  signal?: CancelSignal,
  request?: ObservedRequest,
) => GatewayContext {
  return (headers, socket, signal, request) => {
    const auth = deps.sessions?.authenticate(headers) ?? authenticate(single(headers.authorization));
    const { settings, clock, ids } = deps;
    const fraud = evaluateFraudHeaders(
      { remoteAddress: socket?.remoteAddress, remotePort: socket?.remotePort, headers },
      deps.fraud,
      clock,
    );
    // The request's logger is made only if something logs (most requests log nothing but the request line). It
    // names the request (and the caller) itself: nothing else tells the logger which request is being served.
    let logger: Logger | undefined;
    const requestLogger = (fields: Record<string, string>) =>
      (logger ??= deps.logger.child({ ...requestIdField(request), ...fields }));
    if (!('principal' in auth))
      return {
        auth,
        hmrc: null,
        loaders: null,
        get logger() {
          return requestLogger({});
        },
        settings,
        clock,
        fraud,
        ids,
        request,
      };
    const hmrc = new HmrcSession(
      deps.client,
      auth.principal,
      {
        govTestScenario: single(headers['gov-test-scenario']),
        suspendTemporalValidations: single(headers['suspend-temporal-validations']),
        fraudHeaders: fraud.headers,
      },
      deps.policy,
      {
        maxConcurrency: deps.maxConcurrencyPerRequest,
        ...(deps.maxCallsPerRequest !== undefined ? { maxCalls: deps.maxCallsPerRequest } : {}),
        ...(signal ? { signal } : {}),
        ...(deps.coalescer ? { coalescer: deps.coalescer } : {}),
        ...(request ? { request } : {}),
      },
    );
    const principalId = auth.principal.id;
    return {
      auth,
      hmrc,
      loaders: new Loaders(hmrc, deps.cache, deps.cachePolicy, deps.observer),
      get logger() {
        return requestLogger({ principal: principalId.slice(0, 8) });
      },
      settings,
      clock,
      fraud,
      ids,
      request,
    };
  };
}

/** The session and loaders of an authenticated request (the credentials plugin guarantees there is one). */
export function authenticated(context: GatewayContext): {
  hmrc: HmrcSession;
  loaders: Loaders;
  principal: Principal;
} {
  if (!context.hmrc || !context.loaders) throw new Error('Resolver ran without credentials');
  return { hmrc: context.hmrc, loaders: context.loaders, principal: context.hmrc.principal };
}

/** The request facts HMRC's temporal rules read: today (UTC) and the sandbox switch that suspends them. */
export function requestFacts(context: GatewayContext): RequestFacts {
  return {
    today: utcDate(context.clock.now()),
    suspendTemporalValidations: context.hmrc?.suspendTemporalValidations ?? false,
  };
}
