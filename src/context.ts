/**
 * The per-request GraphQL context: who is calling, their request-scoped HMRC session, and a fresh loader set.
 * Built once per HTTP request by `createContextFactory`; resolvers read it, never `req`.
 */
import type { Authentication, Principal } from './auth/principal';
import { authenticate } from './auth/principal';
import type { ResponseCache } from './cache/response-cache';
import type { HmrcClient } from './hmrc/client';
import type { IdScheme } from './identity/ids';
import { HmrcSession } from './hmrc/session';
import type { UpstreamHeaderPolicy } from './hmrc/upstream-headers';
import type { CachePolicy } from './loaders';
import { Loaders } from './loaders';
import type { Clock } from './util/clock';
import type { Logger } from './util/logger';
import type { ValidationSettings } from './validation/types';

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
  /** Cache ids of the objects returned (src/identity/ids.ts). */
  readonly ids: IdScheme;
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
  readonly ids: IdScheme;
}

type HeaderBag = Readonly<Record<string, string | string[] | undefined>>;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function createContextFactory(deps: ContextDeps): (headers: HeaderBag) => GatewayContext {
  return (headers) => {
    const auth = authenticate(single(headers.authorization));
    const { settings, clock, ids } = deps;
    if (!('principal' in auth))
      return { auth, hmrc: null, loaders: null, logger: deps.logger, settings, clock, ids };
    const hmrc = new HmrcSession(
      deps.client,
      auth.principal,
      { govTestScenario: single(headers['gov-test-scenario']) },
      deps.policy,
      deps.maxConcurrencyPerRequest,
    );
    const logger = deps.logger.child({ principal: auth.principal.id.slice(0, 8) });
    const loaders = new Loaders(hmrc, deps.cache, deps.cachePolicy);
    return { auth, hmrc, loaders, logger, settings, clock, ids };
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
