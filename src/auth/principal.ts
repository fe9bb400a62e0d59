import { createHash, hkdfSync } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/**
 * Who is calling, and how their HMRC credential is obtained: a bearer token passed through unchanged (`bearer`,
 * here), or a session the gateway holds HMRC's tokens for (`session`, `oauth/principal.ts`).
 *
 * `id` is what caches and coalescing key on: a hash of the credential (for a session, of the session token,
 * never of an HMRC token, so that a refresh keeps the caller's cached data), never the credential itself. Secrets
 * are kept in private fields so that logging or serialising a principal can never print them.
 */
export interface Principal {
  readonly kind: 'bearer' | 'session';
  readonly id: string;
  /** The value to send as HMRC's `Authorization` header. */
  authorization(): Promise<string>;
  /**
   * Checks, before anything is executed, that the credential still stands (a session that was signed out or has
   * ended is refused at once). Bearer tokens have nothing to check: HMRC judges them.
   */
  verify?(): Promise<void>;
  /**
   * HMRC answered 401 `INVALID_CREDENTIALS` to `sent` (the `Authorization` value used): obtain a new credential
   * so the call can be made once more. Only a session can; it throws when the session has ended.
   */
  renewAfterRejection?(sent: string): Promise<void>;
  /**
   * A 256-bit key derived from the credential for one purpose (e.g. sealing cached data). Anyone holding the
   * credential can derive it, nobody else can: a copy of the cache alone reveals no taxpayer data.
   */
  derivedKey(purpose: string): Buffer;
}

/**
 * Keys derived from credentials, kept across requests: a principal is built for every request, and deriving its
 * keys (HKDF) each time was a measurable share of a request's cost. Bounded, so that many callers cannot grow
 * it without limit; one that falls out is derived again. Keyed by the principal's id (a hash of the
 * credential), never by the credential itself, and held only in this process.
 */
const DERIVED_KEYS = new LRUCache<string, Buffer>({ max: 10_000 });

/** HKDF-SHA256 of `secret` for `purpose`, remembered under `id` (which must be a hash of `secret`). */
export function derivedKeyFor(id: string, secret: string, salt: string, purpose: string): Buffer {
  const name = `${salt}\0${id}\0${purpose}`;
  let key = DERIVED_KEYS.get(name);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, salt, purpose, 32));
    DERIVED_KEYS.set(name, key);
  }
  return key;
}

class BearerPrincipal implements Principal {
  readonly kind = 'bearer' as const;
  readonly id: string;
  readonly #header: string;

  /** `header` is the client's `Authorization` value, forwarded to HMRC exactly as received. */
  constructor(token: string, header: string) {
    this.#token = token;
    this.#header = header;
    this.id = createHash('sha256').update(token).digest('hex').slice(0, 32);
  }

  readonly #token: string;

  authorization(): Promise<string> {
    return Promise.resolve(this.#header);
  }

  derivedKey(purpose: string): Buffer {
    return derivedKeyFor(this.id, this.#token, 'hmrc-graphql-gateway', purpose);
  }

  toJSON(): { kind: string; id: string } {
    return { kind: this.kind, id: this.id };
  }
}

export type CredentialProblem = 'MISSING_CREDENTIALS' | 'INVALID_CREDENTIALS';

export type Authentication = { principal: Principal } | { problem: CredentialProblem };

// RFC 6750 b64token. HMRC's tokens are hex, so nothing HMRC would accept is refused by this.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * Reads `Authorization: Bearer …` (scheme case-insensitive, as RFC 9110 has it). No header, or a header of another
 * scheme, counts as missing credentials: no bearer token was supplied. The simulator reads HMRC's side with it too.
 */
export function readBearerToken(
  header: string | undefined,
): { token: string } | { problem: CredentialProblem } {
  const trimmed = header?.trim() ?? '';
  if (!/^bearer(\s|$)/i.test(trimmed)) return { problem: 'MISSING_CREDENTIALS' };
  const token = BEARER.exec(trimmed)?.[1];
  return token ? { token } : { problem: 'INVALID_CREDENTIALS' };
}

export function authenticate(header: string | undefined): Authentication {
  if (header === undefined) return { problem: 'MISSING_CREDENTIALS' };
  const read = readBearerToken(header);
  // The identity is the token alone (so `bearer x` and `Bearer x` are one caller); the header goes on unchanged.
  return 'problem' in read ? read : { principal: new BearerPrincipal(read.token, header) };
}
