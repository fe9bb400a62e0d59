/**
 * MemoryResponseCache on its own: entries are per principal, expire on the injected clock alone (no real time
 * passes in these tests), are bounded in number, and are frozen, so that no request can change what the next
 * one is served.
 */
import type { Principal } from '../../src/auth/principal';
import { authenticate } from '../../src/auth/principal';
import { MemoryResponseCache, NO_RESPONSE_CACHE } from '../../src/cache/response-cache';
import { DEFAULT_MAX_CONCURRENCY_PER_REQUEST } from '../../src/hmrc/session';
import { RESOURCE_LIST } from '../../src/resources';

const KEY = 'pensionCharges:AA123456A:2023-24';
const MISS = { hit: false, unavailable: false };

function principal(token: string): Principal {
  const auth = authenticate(`Bearer ${token}`);
  if (!('principal' in auth)) throw new Error('no principal');
  return auth.principal;
}

const A = principal('memory-cache-token-a-0123456789');
const B = principal('memory-cache-token-b-0123456789');

describe('MemoryResponseCache', () => {
  let time: number;
  let cache: MemoryResponseCache;
  beforeEach(() => {
    time = 1_000_000;
    cache = new MemoryResponseCache(100, () => time);
  });

  it('answers what the same principal stored, and nothing to another principal', async () => {
    await cache.set(A, KEY, { submittedOn: 'x' }, 60_000);
    expect(await cache.get(A, KEY)).toEqual({ hit: true, value: { submittedOn: 'x' } });
    expect(await cache.get(B, KEY)).toEqual(MISS);
    expect(await cache.get(A, `${KEY}x`)).toEqual(MISS);
  });

  it('keeps HMRC\'s "no data" (null) as a hit, not a miss', async () => {
    await cache.set(A, KEY, null, 60_000);
    expect(await cache.get(A, KEY)).toEqual({ hit: true, value: null });
  });

  it('expires an entry at its TTL exactly, on the injected clock', async () => {
    await cache.set(A, KEY, 1, 60_000);
    time += 59_999;
    expect(await cache.get(A, KEY)).toEqual({ hit: true, value: 1 });
    time += 1;
    expect(await cache.get(A, KEY)).toEqual(MISS);
    // Gone for good, even if the clock were to go back.
    time -= 10_000;
    expect(await cache.get(A, KEY)).toEqual(MISS);
  });

  it('stores nothing for a TTL of 0 or less', async () => {
    await cache.set(A, KEY, 1, 0);
    await cache.set(A, `${KEY}-negative`, 1, -5);
    expect(await cache.get(A, KEY)).toEqual(MISS);
    expect(await cache.get(A, `${KEY}-negative`)).toEqual(MISS);
  });

  it('deletes an entry', async () => {
    await cache.set(A, KEY, 1, 60_000);
    await cache.delete(A, KEY);
    expect(await cache.get(A, KEY)).toEqual(MISS);
  });

  it('holds at most its bound, pushing out the least recently used first', async () => {
    const small = new MemoryResponseCache(2, () => time);
    await small.set(A, 'one', 1, 60_000);
    await small.set(A, 'two', 2, 60_000);
    expect(await small.get(A, 'one')).toMatchObject({ hit: true });
    await small.set(A, 'three', 3, 60_000);
    expect(await small.get(A, 'two')).toEqual(MISS);
    expect(await small.get(A, 'one')).toMatchObject({ hit: true });
    expect(await small.get(A, 'three')).toMatchObject({ hit: true });
  });

  it("freezes what it keeps, all the way down: a request cannot change the next one's answer", async () => {
    const answer = { submittedOn: 'x', items: [{ amount: 1 }] };
    await cache.set(A, KEY, answer, 60_000);
    const got = (await cache.get<typeof answer>(A, KEY)) as { hit: true; value: typeof answer };
    expect(Object.isFrozen(got.value)).toBe(true);
    expect(Object.isFrozen(got.value.items)).toBe(true);
    expect(Object.isFrozen(got.value.items[0])).toBe(true);
    expect(() => {
      got.value.items[0]!.amount = 2;
    }).toThrow(TypeError);
    expect(await cache.get(A, KEY)).toEqual({
      hit: true,
      value: { submittedOn: 'x', items: [{ amount: 1 }] },
    });
  });
});

describe('NO_RESPONSE_CACHE', () => {
  it('is disabled and misses everything', async () => {
    expect(NO_RESPONSE_CACHE.enabled).toBe(false);
    await NO_RESPONSE_CACHE.set(A, KEY, 1, 60_000);
    expect(await NO_RESPONSE_CACHE.get(A, KEY)).toEqual(MISS);
  });
});

describe('the default per-request concurrency', () => {
  it('lets every call of one tax year be in flight at once (each resource and the SA account)', () => {
    expect(DEFAULT_MAX_CONCURRENCY_PER_REQUEST).toBeGreaterThanOrEqual(RESOURCE_LIST.length + 1);
  });
});
