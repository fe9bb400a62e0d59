/**
 * Sign in with HMRC, assembled: the gateway as HMRC's OAuth client (backend for frontend), holding each user's
 * tokens server-side. `createOAuth` is called by the composition root when `HMRC_CLIENT_ID` and
 * `HMRC_CLIENT_SECRET` are set; `server.ts` mounts `router` at `/oauth` and asks `authenticate` who a GraphQL
 * request is from before falling back to bearer pass-through.
 */
import { parse as parseCookies } from 'cookie';
import type Keyv from 'keyv';
import type { Router } from 'express';
import type { RedisConnection } from '../../cache/redis';
import type { OAuthConfig } from '../../config';
import type { Clock } from '../../util/clock';
import type { Logger } from '../../util/logger';
import type { Authentication } from '../principal';
import { KeyRing } from './keys';
import type { RefreshLock } from './lock';
import { processLocalLock, redisRefreshLock } from './lock';
import { authenticateSession } from './principal';
import { cookieNames, oauthRouter } from './routes';
import { SessionService } from './sessions';
import { SealedStore } from './store';
import { TokenClient } from './token-client';

export interface OAuthOptions {
  /** With the authorise and token URLs resolved (the embedded simulator's are known once it listens). */
  readonly config: OAuthConfig & { readonly authorizeUrl: string; readonly tokenUrl: string };
  /** The session store: keyv over Redis (shared by every replica) or memory. */
  readonly store: Keyv<string>;
  /** Redis for the cross-replica refresh lock (none: one replica, the in-process flight suffices). */
  readonly redis: RedisConnection | undefined;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Timeout of one call to HMRC's token endpoint. */
  readonly timeoutMs: number;
  /** Timeout of one session-store operation. */
  readonly storeTimeoutMs: number;
  /** A lock built by the caller (tests), instead of the one `redis` gives. */
  readonly lock?: RefreshLock;
}

export interface OAuth {
  readonly router: Router;
  /** A session caller (cookie or `Authorization: Session …`), or `undefined` when the request is not one. */
  authenticate(headers: Readonly<Record<string, string | string[] | undefined>>): Authentication | undefined;
  /** Whether the session cookie is how browsers authenticate (CORS then has to allow credentials). */
  readonly cookieName: string;
}

export function createOAuth(options: OAuthOptions): OAuth {
  const { config, clock } = options;
  const logger = options.logger.child({ component: 'oauth' });
  const keys = new KeyRing(config.sessionSecrets);
  const store = new SealedStore(options.store, keys, options.storeTimeoutMs);
  const tokens = new TokenClient({
    tokenUrl: config.tokenUrl,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    timeoutMs: options.timeoutMs,
    logger,
  });
  const lock =
    options.lock ??
    (options.redis
      ? redisRefreshLock(
          options.redis,
          // Held for at most one token call; a waiter waits for one token call plus store round trips.
          { lockTimeoutMs: options.timeoutMs + 5_000, acquireTimeoutMs: options.timeoutMs + 5_000 },
          logger,
        )
      : processLocalLock);
  const sessions = new SessionService({ store, tokens, lock, clock, logger });
  const names = cookieNames(config.secureCookies);
  return {
    router: oauthRouter({ settings: config, keys, store, tokens, sessions, clock, logger }),
    cookieName: names.session,
    authenticate(headers) {
      const authorization = Array.isArray(headers.authorization)
        ? headers.authorization[0]
        : headers.authorization;
      const cookie = Array.isArray(headers.cookie) ? headers.cookie.join('; ') : headers.cookie;
      const fromCookie = cookie ? parseCookies(cookie)[names.session] : undefined;
      return authenticateSession(authorization, fromCookie, sessions);
    },
  };
}
