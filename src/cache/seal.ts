/**
 * Authenticated encryption of cached HMRC answers (AES-256-GCM), keyed per principal. The cache key is bound in
 * as additional data, so an entry cannot be replayed under another key, and any tampering fails to open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function seal(key: Buffer, aad: string, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    VERSION,
    iv.toString('base64'),
    cipher.getAuthTag().toString('base64'),
    body.toString('base64'),
  ].join('.');
}

/** The plaintext, or `undefined` if the entry is not one this key sealed for this `aad`. */
export function open(key: Buffer, aad: string, sealed: string): string | undefined {
  const parts = sealed.split('.');
  // Exactly the four parts `seal` writes: anything appended is tampering too, not something to ignore.
  if (parts.length !== 4) return undefined;
  const [version, ivText, tagText, body] = parts as [string, string, string, string];
  if (version !== VERSION) return undefined;
  const iv = Buffer.from(ivText, 'base64');
  const tag = Buffer.from(tagText, 'base64');
  // Without an explicit tag length, Node's GCM decipher accepts a tag truncated to as little as 4 bytes and then
  // checks only those bytes: whoever can write to the cache (Redis) could then forge an entry with ~2^32 tries
  // instead of 2^128. Only the full 16-byte tag (and the 12-byte IV `seal` uses) is accepted.
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return undefined;
  // Node's base64 decoder skips characters outside the alphabet, so an edited entry could decode to the same
  // bytes; only the canonical text `seal` wrote is accepted, so that an entry opens only if it is unchanged.
  const ciphertext = Buffer.from(body, 'base64');
  if (
    iv.toString('base64') !== ivText ||
    tag.toString('base64') !== tagText ||
    ciphertext.toString('base64') !== body
  )
    return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
