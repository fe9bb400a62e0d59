/**
 * Sessions held by the gateway: each one an HMRC grant (access + refresh token) kept server-side, sealed in the
 * session store, and known to its client only by an opaque session token (a cookie for browsers, `Authorization:
 * Session …` for mobile apps).
 *
 * Refreshing follows HMRC's rules (Developer Hub, "Authorization Code grant":
 * https://developer.service.hmrc.gov.uk/api-documentation/docs/authorisation/user-restricted-endpoints):
 *
 * - an access token lasts 4 hours; it is refreshed shortly before it expires (when less than the smaller of
 *   5 minutes and a tenth of its lifetime remains), and once when HMRC answers 401 `INVALID_CREDENTIALS`;
 * - refresh tokens are single use and HMRC refuses concurrent refreshes, so a refresh is single-flight: one per
 *   session in this process (every waiter shares it) and, through the lock, one across replicas (a waiter on
 *   another replica then reads the new token from the store instead of refreshing again);
 * - a refresh token is never sent twice: before it is sent, the session is marked "refresh sent"; if the answer is
 *   lost (the gateway crashed, HMRC's reply never came), the token counts as spent and the session carries on
 *   with its access token until that expires;
 * - the authority lasts 18 months; after that, or on `invalid_grant`, the session ends and the caller must sign
 *   in again (`REAUTHORISATION_REQUIRED`).
 */
import { GatewayError, hmrcError } from '../../errors/hmrc-error';
import type { Clock } from '../../util/clock';
import type { Logger } from '../../util/logger';
import { randomSecret } from './keys';
import type { RefreshLock } from './lock';
import { SealedStore, StoreUnavailable } from './store';
import type { TokenClient, TokenSet } from './token-client';
import { TokenEndpointUnreachable, TokenRejected } from './token-client';

/** HMRC: "the user's authority lasts 18 months" (then even a refresh answers `invalid_grant`). */
export const AUTHORITY_MONTHS = 18;
const REFRESH_AHEAD_MAX_MS = 5 * 60_000;

export interface SessionRecord {
  readonly v: 1;
  readonly accessToken: string;
  /** `null`: spent (sent to HMRC without a usable answer), never to be sent again. */
  readonly refreshToken: string | null;
  readonly issuedAt: number;
  readonly expiresAt: number;
  /** When the user granted the authority (kept across refreshes): the 18 months run from here. */
  readonly authorisedAt: number;
  readonly scope: string | undefined;
  /** Set, and saved, just before the refresh token is sent. */
  readonly refreshSentAt?: number;
}

/** The instant `months` calendar months after `ms`. */
export function addMonths(ms: number, months: number): number {
  const date = new Date(ms);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.getTime();
}

export function authorityEndsAt(record: Pick<SessionRecord, 'authorisedAt'>): number {
  return addMonths(record.authorisedAt, AUTHORITY_MONTHS);
}

/** Refresh when less than min(5 minutes, a tenth of the token's lifetime) remains. */
export function needsRefresh(record: SessionRecord, now: number): boolean {
  const lifetime = record.expiresAt - record.issuedAt;
  return record.expiresAt - now < Math.min(REFRESH_AHEAD_MAX_MS, lifetime / 10);
}

function reauthorise(): GatewayError {
  return new GatewayError([hmrcError('REAUTHORISATION_REQUIRED')], 'GATEWAY');
}

function unavailable(): GatewayError {
  return new GatewayError([hmrcError('SESSION_UNAVAILABLE')], 'GATEWAY');
}

function hmrcUnavailable(): GatewayError {
  return new GatewayError([hmrcError('HMRC_UNAVAILABLE')], 'GATEWAY');
}

export interface SessionServiceOptions {
  readonly store: SealedStore;
  readonly tokens: TokenClient;
  readonly lock: RefreshLock;
  readonly clock: Clock;
  readonly logger: Logger;
}

export class SessionService {
  /** In-process single flight: the refresh under way per session (keyed by the session's one-way id). */
  readonly #flights = new Map<string, Promise<SessionRecord>>();

  constructor(private readonly options: SessionServiceOptions) {}

  #now(): number {
    return this.options.clock.now().getTime();
  }

  /** A new session for a fresh grant; resolves to its token and when it ends at the latest. */
  async create(
    tokens: TokenSet,
    authorisedAt = this.#now(),
  ): Promise<{ sessionToken: string; expiresAt: Date }> {
    const now = this.#now();
    const record: SessionRecord = {
      v: 1,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      issuedAt: now,
      expiresAt: now + tokens.expiresInSeconds * 1000,
      authorisedAt,
      scope: tokens.scope,
    };
    const sessionToken = randomSecret();
    await this.#save(sessionToken, record);
    this.options.logger.info({ session: this.#logId(sessionToken) }, 'Signed in with HMRC');
    return { sessionToken, expiresAt: new Date(authorityEndsAt(record)) };
  }

  /** The live session of `sessionToken`, or `undefined` if there is none (signed out, ended, never existed). */
  async load(sessionToken: string): Promise<SessionRecord | undefined> {
    let record: SessionRecord | undefined;
    try {
      record = await this.options.store.get<SessionRecord>('session', sessionToken);
    } catch (error) {
      if (error instanceof StoreUnavailable) throw unavailable();
      throw error;
    }
    if (record === undefined) return undefined;
    if (this.#now() >= authorityEndsAt(record)) {
      await this.end(sessionToken, 'authority expired (18 months)');
      return undefined;
    }
    return record;
  }

  /**
   * The access token to send now for a session whose record is `current`: `current`'s own while fresh, else a
   * refreshed one. Throws `REAUTHORISATION_REQUIRED` when the session has ended.
   */
  async accessToken(sessionToken: string, current: SessionRecord): Promise<SessionRecord> {
    const now = this.#now();
    if (now >= authorityEndsAt(current)) {
      await this.end(sessionToken, 'authority expired (18 months)');
      throw reauthorise();
    }
    if (!needsRefresh(current, now)) return current;
    return this.#refresh(sessionToken, current.accessToken, false);
  }

  /** After HMRC refused `rejected` with 401 INVALID_CREDENTIALS: a different (refreshed) token, or an error. */
  renew(sessionToken: string, rejected: string): Promise<SessionRecord> {
    return this.#refresh(sessionToken, rejected, true);
  }

  async end(sessionToken: string, reason: string): Promise<void> {
    try {
      await this.options.store.delete('session', sessionToken);
    } catch {
      // Best effort: an unreadable session is not served either way.
    }
    this.options.logger.info({ session: this.#logId(sessionToken), reason }, 'HMRC session ended');
  }

  #refresh(sessionToken: string, stale: string, rejected: boolean): Promise<SessionRecord> {
    const key = sessionId(sessionToken);
    const running = this.#flights.get(key);
    if (running) return running;
    const flight = this.#refreshUnderLock(sessionToken, stale, rejected).finally(() =>
      this.#flights.delete(key),
    );
    this.#flights.set(key, flight);
    return flight;
  }

  async #refreshUnderLock(sessionToken: string, stale: string, rejected: boolean): Promise<SessionRecord> {
    let release: () => Promise<void>;
    try {
      release = await this.options.lock.acquire(sessionId(sessionToken));
    } catch {
      this.options.logger.warn(
        { session: this.#logId(sessionToken) },
        'Token-refresh lock not obtained in time',
      );
      throw unavailable();
    }
    try {
      return await this.#refreshHeld(sessionToken, stale, rejected);
    } finally {
      await release();
    }
  }

  async #refreshHeld(sessionToken: string, stale: string, rejected: boolean): Promise<SessionRecord> {
    const record = await this.load(sessionToken);
    if (!record) throw reauthorise();
    const now = this.#now();
    const usable = (r: SessionRecord) => now < r.expiresAt && !(rejected && r.accessToken === stale);
    // Another flight (here or on another replica) refreshed while this one waited for the lock: use its token.
    if (record.accessToken !== stale && usable(record) && !needsRefresh(record, now)) return record;

    if (record.refreshToken === null || record.refreshSentAt !== undefined) {
      // The refresh token may already have reached HMRC: never send it again. Carry on while the access token
      // lasts; after that the user has to sign in again.
      if (usable(record)) return record;
      await this.end(sessionToken, 'refresh token spent');
      throw reauthorise();
    }

    const refreshToken = record.refreshToken;
    try {
      await this.#save(sessionToken, { ...record, refreshSentAt: now });
    } catch {
      // Nothing was sent: the refresh can be tried again later.
      if (usable(record)) return record;
      throw unavailable();
    }

    let tokens: TokenSet;
    try {
      tokens = await this.options.tokens.refresh(refreshToken);
    } catch (error) {
      return this.#afterFailedRefresh(sessionToken, record, error, usable(record));
    }
    const refreshed: SessionRecord = {
      v: 1,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      issuedAt: now,
      expiresAt: now + tokens.expiresInSeconds * 1000,
      authorisedAt: record.authorisedAt,
      scope: tokens.scope ?? record.scope,
    };
    try {
      await this.#save(sessionToken, refreshed);
    } catch {
      // The new grant could not be stored: this request still uses it, later ones find the "sent" marker.
      this.options.logger.error(
        { session: this.#logId(sessionToken) },
        'Refreshed HMRC token could not be stored',
      );
    }
    this.options.logger.info({ session: this.#logId(sessionToken) }, 'HMRC access token refreshed');
    return refreshed;
  }

  async #afterFailedRefresh(
    sessionToken: string,
    record: SessionRecord,
    error: unknown,
    stillUsable: boolean,
  ): Promise<SessionRecord> {
    if (error instanceof TokenRejected && error.error === 'invalid_grant') {
      await this.end(sessionToken, 'HMRC refused the grant (invalid_grant)');
      throw reauthorise();
    }
    if (error instanceof TokenEndpointUnreachable && !error.mayHaveArrived) {
      // Certainly not sent: undo the marker so that a later request may refresh.
      await this.#save(sessionToken, { ...record }).catch(() => undefined);
      if (stillUsable) return record;
      throw hmrcUnavailable();
    }
    if (!(error instanceof TokenRejected) && !(error instanceof TokenEndpointUnreachable)) throw error;
    // HMRC saw the refresh token (or may have): it stays marked as sent.
    if (stillUsable) return record;
    await this.end(sessionToken, 'refresh failed after the refresh token was sent');
    throw reauthorise();
  }

  async #save(sessionToken: string, record: SessionRecord): Promise<void> {
    const ttlMs = authorityEndsAt(record) - this.#now();
    if (ttlMs <= 0) return;
    await this.options.store.set('session', sessionToken, record, ttlMs);
  }

  /** The first characters of the session's one-way id, for logs (as the principal is logged). */
  #logId(sessionToken: string): string {
    return sessionId(sessionToken).slice(0, 8);
  }
}

/** The one-way id of a session: the principal id, the store key, the lock name (never the token). */
export function sessionId(sessionToken: string): string {
  return SealedStore.id('session', sessionToken);
}
