/**
 * The second kind of caller: a session the gateway holds HMRC's tokens for. Its id is a one-way hash of the
 * session token, and its cache keys are derived from the session token too, never from an HMRC token: a refresh
 * changes the access token, not who the caller is, so the caller's cached answers stay theirs.
 */
import { GatewayError, hmrcError } from '../../errors/hmrc-error';
import type { Authentication, CredentialProblem, Principal } from '../principal';
import { derivedKeyFor } from '../principal';
import type { SessionRecord, SessionService } from './sessions';
import { sessionId } from './sessions';

export class SessionPrincipal implements Principal {
  readonly kind = 'session' as const;
  readonly id: string;
  readonly #token: string;
  readonly #service: SessionService;
  /** This request's view of the session (loaded by `verify`, replaced after a refresh). */
  #record: SessionRecord | undefined;

  constructor(sessionToken: string, service: SessionService) {
    this.#token = sessionToken;
    this.#service = service;
    this.id = sessionId(sessionToken);
  }

  async verify(): Promise<void> {
    const record = await this.#service.load(this.#token);
    if (!record) throw new GatewayError([hmrcError('REAUTHORISATION_REQUIRED')], 'GATEWAY');
    this.#record = record;
  }

  async authorization(): Promise<string> {
    if (!this.#record) await this.verify();
    this.#record = await this.#service.accessToken(this.#token, this.#record!);
    return `Bearer ${this.#record.accessToken}`;
  }

  async renewAfterRejection(sent: string): Promise<void> {
    this.#record = await this.#service.renew(this.#token, sent.replace(/^Bearer\s+/i, ''));
  }

  derivedKey(purpose: string): Buffer {
    return derivedKeyFor(this.id, this.#token, 'hmrc-graphql-gateway/session', purpose);
  }

  toJSON(): { kind: string; id: string } {
    return { kind: this.kind, id: this.id };
  }
}

/** Session tokens are 256-bit random values in base64url (43 characters). */
const SESSION_TOKEN = /^[A-Za-z0-9_-]{43}$/;
const SESSION_SCHEME = /^Session(?:\s+(\S*))?\s*$/i;

export function isSessionToken(value: unknown): value is string {
  return typeof value === 'string' && SESSION_TOKEN.test(value);
}

/**
 * A session caller, from `Authorization: Session <token>` (mobile apps) or, when there is no `Authorization`
 * header, the session cookie (browsers). `undefined`: not a session request (a bearer token, or nothing).
 */
export function authenticateSession(
  authorization: string | undefined,
  cookieToken: string | undefined,
  service: SessionService,
): Authentication | undefined {
  if (authorization !== undefined) {
    const match = SESSION_SCHEME.exec(authorization.trim());
    if (!match) return undefined;
    const problem: CredentialProblem = 'INVALID_CREDENTIALS';
    return isSessionToken(match[1]) ? { principal: new SessionPrincipal(match[1], service) } : { problem };
  }
  if (cookieToken === undefined) return undefined;
  // A malformed cookie is no session at all (an old or foreign cookie must not lock the caller out).
  return isSessionToken(cookieToken) ? { principal: new SessionPrincipal(cookieToken, service) } : undefined;
}
