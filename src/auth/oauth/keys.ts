/**
 * The gateway's secrets for sign-in, from `SESSION_SECRET` (a list, newest first, for rotation): HMAC signatures
 * of sign-in `state`, and AES-256-GCM sealing of what the session store keeps. The newest key signs and seals;
 * every key is accepted when checking or opening, so a key can be rotated in without ending anyone's session and
 * retired once the sessions sealed with it have been rewritten (every token refresh rewrites one).
 */
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { open, seal } from '../../cache/seal';

/** A random, URL-safe secret of 256 bits (session tokens, flow ids, handoff codes, PKCE verifiers). */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A one-way, domain-separated name for a secret: what the store keys on, so a copy of it names no secret. */
export function secretId(purpose: string, secret: string): string {
  return createHash('sha256').update(`${purpose}\0${secret}`).digest('hex').slice(0, 32);
}

/** Compares two strings in constant time (for signatures and PKCE challenges). */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

export class KeyRing {
  readonly #secrets: readonly string[];

  constructor(secrets: readonly string[]) {
    if (secrets.length === 0) throw new Error('KeyRing needs at least one secret');
    this.#secrets = [...secrets];
  }

  /** HMAC-SHA256 of `payload` under the newest key. */
  sign(payload: string): string {
    return createHmac('sha256', this.#key(this.#secrets[0]!, 'sign')).update(payload).digest('base64url');
  }

  /** Whether `signature` is `payload`'s under any key of the ring. */
  verify(payload: string, signature: string): boolean {
    return this.#secrets.some((secret) =>
      sameText(
        createHmac('sha256', this.#key(secret, 'sign')).update(payload).digest('base64url'),
        signature,
      ),
    );
  }

  /**
   * Seals `plaintext` for the store entry `name`. `salt` (a secret only the caller holds, e.g. the session token)
   * goes into the key, so a copy of the store and of `SESSION_SECRET` together still open nothing without it.
   */
  seal(name: string, plaintext: string, salt = ''): string {
    return seal(this.#key(this.#secrets[0]!, `seal\0${salt}`), name, plaintext);
  }

  open(name: string, sealed: string, salt = ''): string | undefined {
    for (const secret of this.#secrets) {
      const plaintext = open(this.#key(secret, `seal\0${salt}`), name, sealed);
      if (plaintext !== undefined) return plaintext;
    }
    return undefined;
  }

  #key(secret: string, purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', secret, 'hmrc-graphql-gateway/oauth', purpose, 32));
  }
}
