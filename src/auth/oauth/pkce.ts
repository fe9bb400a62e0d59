/**
 * PKCE (RFC 7636), S256 only: HMRC supports PKCE on its authorise and token endpoints and accepts only `S256`
 * (HMRC Developer Hub, "Authorization Code grant":
 * https://developer.service.hmrc.gov.uk/api-documentation/docs/authorisation/user-restricted-endpoints).
 */
import { createHash } from 'node:crypto';
import { randomSecret } from './keys';

/** RFC 7636 §4.1: 43 to 128 unreserved characters; HMRC refuses any other verifier with `invalid_request`. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
/** The S256 challenge of a verifier: 43 base64url characters (a SHA-256 digest, no padding). */
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export function isVerifier(value: unknown): value is string {
  return typeof value === 'string' && VERIFIER.test(value);
}

export function isChallenge(value: unknown): value is string {
  return typeof value === 'string' && CHALLENGE.test(value);
}

export function newVerifier(): string {
  return randomSecret(); // 43 base64url characters
}

export function challengeOf(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}
