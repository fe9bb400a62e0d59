/**
 * AES-256-GCM sealing of cached HMRC answers: what is sealed opens only with the same key and the same additional
 * data (the cache key), and only if not a single character of it was changed.
 */
import { randomBytes } from 'node:crypto';
import { open, seal } from '../../src/cache/seal';

const KEY = randomBytes(32);
const AAD = 'principal-id:pensionCharges:AA123456A:2023-24';
const PLAINTEXT = JSON.stringify({ v: { nino: 'AA123456A', amount: 123.45, note: 'pension £ – ok' } });

/** The four dot-separated parts of a sealed entry. */
function parts(sealed: string): [string, string, string, string] {
  const split = sealed.split('.');
  expect(split).toHaveLength(4);
  return split as [string, string, string, string];
}

/** `text` with the byte at `index` of its base64 content changed (re-encoded canonically). */
function flipByte(base64: string, index: number): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[index] = bytes[index]! ^ 0x01;
  return bytes.toString('base64');
}

describe('seal and open', () => {
  it('round-trips the plaintext with the same key and additional data', () => {
    expect(open(KEY, AAD, seal(KEY, AAD, PLAINTEXT))).toBe(PLAINTEXT);
  });

  it('round-trips an empty plaintext and a large one', () => {
    expect(open(KEY, AAD, seal(KEY, AAD, ''))).toBe('');
    const large = 'x'.repeat(200_000);
    expect(open(KEY, AAD, seal(KEY, AAD, large))).toBe(large);
  });

  it('writes v1.<iv>.<tag>.<ciphertext> with a 12-byte IV and a 16-byte tag, and no plaintext', () => {
    const sealed = seal(KEY, AAD, PLAINTEXT);
    const [version, iv, tag, body] = parts(sealed);
    expect(version).toBe('v1');
    expect(Buffer.from(iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(tag, 'base64')).toHaveLength(16);
    expect(Buffer.from(body, 'base64')).toHaveLength(Buffer.byteLength(PLAINTEXT, 'utf8'));
    expect(sealed).not.toContain('AA123456A');
    expect(Buffer.from(body, 'base64').toString('utf8')).not.toContain('AA123456A');
  });

  it('uses a fresh IV every time, so equal plaintexts never seal alike', () => {
    const seen = new Set(Array.from({ length: 50 }, () => seal(KEY, AAD, PLAINTEXT)));
    expect(seen.size).toBe(50);
    const ivs = new Set([...seen].map((sealed) => parts(sealed)[1]));
    expect(ivs.size).toBe(50);
  });

  it('does not open with another key', () => {
    const sealed = seal(KEY, AAD, PLAINTEXT);
    expect(open(randomBytes(32), AAD, sealed)).toBeUndefined();
    const nearlyTheKey = Buffer.from(KEY);
    nearlyTheKey[31] = nearlyTheKey[31]! ^ 0x80;
    expect(open(nearlyTheKey, AAD, sealed)).toBeUndefined();
  });

  it('does not open under other additional data (an entry moved to another cache key)', () => {
    const sealed = seal(KEY, AAD, PLAINTEXT);
    expect(open(KEY, 'principal-id:pensionCharges:AA123456A:2024-25', sealed)).toBeUndefined();
    expect(open(KEY, 'other-principal:pensionCharges:AA123456A:2023-24', sealed)).toBeUndefined();
    expect(open(KEY, '', sealed)).toBeUndefined();
  });

  it('does not open when any byte of the IV, tag or ciphertext is changed', () => {
    const [version, iv, tag, body] = parts(seal(KEY, AAD, PLAINTEXT));
    for (let i = 0; i < 12; i++) {
      expect(open(KEY, AAD, [version, flipByte(iv, i), tag, body].join('.'))).toBeUndefined();
    }
    for (let i = 0; i < 16; i++) {
      expect(open(KEY, AAD, [version, iv, flipByte(tag, i), body].join('.'))).toBeUndefined();
    }
    const length = Buffer.from(body, 'base64').length;
    for (let i = 0; i < length; i++) {
      expect(open(KEY, AAD, [version, iv, tag, flipByte(body, i)].join('.'))).toBeUndefined();
    }
  });

  it('does not open a truncated or extended ciphertext', () => {
    const [version, iv, tag, body] = parts(seal(KEY, AAD, PLAINTEXT));
    const bytes = Buffer.from(body, 'base64');
    const shorter = bytes.subarray(0, bytes.length - 1).toString('base64');
    const longer = Buffer.concat([bytes, Buffer.from([0])]).toString('base64');
    expect(open(KEY, AAD, [version, iv, tag, shorter].join('.'))).toBeUndefined();
    expect(open(KEY, AAD, [version, iv, tag, longer].join('.'))).toBeUndefined();
  });

  it('does not open with a truncated authentication tag (GCM would otherwise check only what is left)', () => {
    const [version, iv, tag, body] = parts(seal(KEY, AAD, PLAINTEXT));
    const full = Buffer.from(tag, 'base64');
    for (const length of [4, 8, 12, 13, 15]) {
      const truncated = full.subarray(0, length).toString('base64');
      expect(open(KEY, AAD, [version, iv, truncated, body].join('.'))).toBeUndefined();
    }
  });

  it('does not open with an IV of another length', () => {
    const [version, , tag, body] = parts(seal(KEY, AAD, PLAINTEXT));
    for (const length of [8, 16]) {
      expect(open(KEY, AAD, [version, randomBytes(length).toString('base64'), tag, body].join('.'))).toBe(
        undefined,
      );
    }
  });

  it('does not open text that was edited without changing the decoded bytes, or extended with more parts', () => {
    const sealed = seal(KEY, AAD, PLAINTEXT);
    const [version, iv, tag, body] = parts(sealed);
    // Node's base64 decoder skips characters outside the alphabet.
    expect(Buffer.from(`${body}!`, 'base64').equals(Buffer.from(body, 'base64'))).toBe(true);
    expect(open(KEY, AAD, [version, iv, tag, `${body}!`].join('.'))).toBeUndefined();
    expect(open(KEY, AAD, [version, ` ${iv}`, tag, body].join('.'))).toBeUndefined();
    expect(open(KEY, AAD, `${sealed}.extra`)).toBeUndefined();
    expect(open(KEY, AAD, `${sealed}.`)).toBeUndefined();
  });

  it('does not open another version, missing parts, or something that was never sealed', () => {
    const [, iv, tag, body] = parts(seal(KEY, AAD, PLAINTEXT));
    expect(open(KEY, AAD, ['v2', iv, tag, body].join('.'))).toBeUndefined();
    expect(open(KEY, AAD, ['v1', iv, tag].join('.'))).toBeUndefined();
    expect(open(KEY, AAD, 'v1')).toBeUndefined();
    expect(open(KEY, AAD, '')).toBeUndefined();
    expect(open(KEY, AAD, PLAINTEXT)).toBeUndefined();
    expect(open(KEY, AAD, '{"v":{"nino":"AA123456A"}}')).toBeUndefined();
  });
});
