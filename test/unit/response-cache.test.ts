/**
 * SealedResponseCache on its own, over real keyv instances: entries are per principal and sealed, nothing that names a
 * caller or a taxpayer is stored in the clear, and a store that fails or never answers is a miss within the
 * timeout with a warning logged once per interval, never an error or a hang.
 */
import Keyv from 'keyv';
import type { Principal } from '../../src/auth/principal';
import { authenticate } from '../../src/auth/principal';
import { SealedResponseCache } from '../../src/cache/response-cache';
import { fakeTime } from '../helpers/fake-time';
import { memoryLogger } from '../helpers/memory-logger';

// The cache bounds each store operation with `withinTime` (src/util/timeout.ts), a plain global setTimeout, so
// its timeouts run on jest's fake clock when a test installs it (and on the real one otherwise).
/** Fake timers for the cache's timeouts and its `Date.now()` (suspension, warning interval); the rest is real. */
const FAKE_TIMERS: Parameters<typeof jest.useFakeTimers>[0] = {
  doNotFake: ['performance', 'nextTick', 'setImmediate', 'queueMicrotask'],
};

const TOKEN_A = 'rc-token-a-8f1e2d3c4b5a69788796';
const TOKEN_B = 'rc-token-b-0a1b2c3d4e5f60718293';
const NINO = 'AA123456A';
const UTR = '1234567890';
const KEY = `pensionCharges:${NINO}:2023-24`;
const MISS = { hit: false, unavailable: false };
const UNAVAILABLE = { hit: false, unavailable: true };
const VALUE = { submittedOn: '2024-07-27T17:00:19.000Z', nino: NINO, pensionContributions: { amount: 1.5 } };

function principal(token: string): Principal {
  const auth = authenticate(`Bearer ${token}`);
  if (!('principal' in auth)) throw new Error('no principal');
  return auth.principal;
}

const warnings = (log: ReturnType<typeof memoryLogger>, msg: string) =>
  log.entries().filter((e) => e.level === 40 && e.msg === msg);

/** A keyv store (get/set/delete/clear) whose every operation is decided by the test. */
function scriptedStore(behaviour: 'throw' | 'reject' | 'hang') {
  const calls: string[] = [];
  const act = (operation: string): Promise<any> => {
    calls.push(operation);
    if (behaviour === 'throw') throw new Error(`store ${operation} failed`);
    if (behaviour === 'reject') return Promise.reject(new Error(`store ${operation} failed`));
    return new Promise(() => undefined);
  };
  return {
    calls,
    store: {
      get: (_key: string) => act('get'),
      set: (_key: string, _value: unknown, _ttl?: number) => act('set'),
      delete: (_key: string) => act('delete'),
      clear: () => act('clear'),
    },
  };
}

/** Lets every pending callback and promise run, the (fake) clock standing still. */
const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** Whether `promise` has settled after `settle()`, and its value: answered without waiting for any timer. */
function watch<T>(promise: Promise<T>): { readonly settled: boolean; readonly value: T | undefined } {
  const state: { settled: boolean; value: T | undefined } = { settled: false, value: undefined };
  void promise.then((value) => {
    state.settled = true;
    state.value = value;
  });
  return state;
}

/** `promise`'s value, which must come with the fake clock standing still (no timeout waited out). */
async function atOnce<T>(promise: Promise<T>): Promise<T> {
  const watched = watch(promise);
  await settle();
  if (!watched.settled) throw new Error('still waiting, for a timer');
  return watched.value as T;
}

describe('SealedResponseCache over a working store', () => {
  let map: Map<string, unknown>;
  let cache: SealedResponseCache;
  const a = principal(TOKEN_A);
  const b = principal(TOKEN_B);

  beforeEach(() => {
    map = new Map();
    cache = new SealedResponseCache(new Keyv<string>({ store: map }), 250, memoryLogger().logger);
  });

  it('answers what was set, for the principal that set it', async () => {
    expect(cache.enabled).toBe(true);
    expect(await cache.get(a, KEY)).toEqual(MISS);
    await cache.set(a, KEY, VALUE, 10_000);
    expect(await cache.get(a, KEY)).toEqual({ hit: true, value: VALUE });
    // Another principal object for the same token (the next request) reads it too.
    expect(await cache.get(principal(TOKEN_A), KEY)).toEqual({ hit: true, value: VALUE });
  });

  it("keeps HMRC's no-data answer (null) as a hit, distinct from a miss", async () => {
    await cache.set(a, KEY, null, 10_000);
    expect(await cache.get(a, KEY)).toEqual({ hit: true, value: null });
  });

  it('never answers one principal with what another set, and never lets one overwrite the other', async () => {
    await cache.set(a, KEY, VALUE, 10_000);
    expect(await cache.get(b, KEY)).toEqual(MISS);
    await cache.set(b, KEY, { other: true }, 10_000);
    expect(await cache.get(a, KEY)).toEqual({ hit: true, value: VALUE });
    expect(await cache.get(b, KEY)).toEqual({ hit: true, value: { other: true } });
    expect(map.size).toBe(2);
  });

  it('stores no token, NINO, UTR or plaintext: keys are opaque, values sealed', async () => {
    await cache.set(a, KEY, VALUE, 10_000);
    await cache.set(a, `saAccount:${UTR}`, { utr: UTR }, 10_000);
    await cache.set(a, `written:${KEY}`, Date.now(), 10_000);
    expect(map.size).toBe(3);
    for (const [key, raw] of map) {
      const stored = JSON.stringify(raw);
      for (const secret of [TOKEN_A, NINO, UTR, 'pensionCharges', 'saAccount', 'written', 'submittedOn']) {
        expect(key).not.toContain(secret);
        expect(stored).not.toContain(secret);
      }
      // keyv's own namespace, then the principal's id, then an opaque name.
      expect(key).toMatch(new RegExp(`^keyv:${a.id}:[A-Za-z0-9_-]{43}$`));
      expect(stored).toMatch(/v1\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]*/);
    }
  });

  it('does not open an entry copied under another principal or another resource', async () => {
    await cache.set(a, KEY, VALUE, 10_000);
    const [[keyA, rawA]] = [...map.entries()] as [[string, unknown]];
    // B has an entry of its own for the same resource, and another of A's for another year.
    await cache.set(b, KEY, { b: true }, 10_000);
    const keyB = [...map.keys()].find((k) => k !== keyA)!;
    await cache.set(a, `pensionCharges:${NINO}:2024-25`, { other: true }, 10_000);
    const keyA2 = [...map.keys()].find((k) => k !== keyA && k !== keyB)!;

    map.set(keyB, rawA);
    expect(await cache.get(b, KEY)).toEqual(MISS);
    map.set(keyA2, rawA);
    expect(await cache.get(a, `pensionCharges:${NINO}:2024-25`)).toEqual(MISS);
    expect(await cache.get(a, KEY)).toEqual({ hit: true, value: VALUE });
  });

  it('misses on a stored value that is not one it sealed', async () => {
    await cache.set(a, KEY, VALUE, 10_000);
    const [key] = [...map.keys()] as [string];
    const keyv = new Keyv<string>({ store: map });
    await keyv.set(key.replace(/^keyv:/, ''), JSON.stringify({ v: VALUE }));
    expect(map.size).toBe(1);
    expect(await cache.get(a, KEY)).toEqual(MISS);
  });

  it('deletes an entry', async () => {
    await cache.set(a, KEY, VALUE, 10_000);
    await cache.set(b, KEY, VALUE, 10_000);
    await cache.delete(a, KEY);
    expect(await cache.get(a, KEY)).toEqual(MISS);
    expect(await cache.get(b, KEY)).toEqual({ hit: true, value: VALUE });
  });

  it('expires an entry after its TTL, and keeps nothing for a TTL of 0', async () => {
    // On the cache's injected clock, not by sleeping past the TTL. The TTL also goes to keyv, which expires by the
    // real clock: a minute, so that only the injected clock can decide here however slow the machine is.
    const time = fakeTime(1_000_000);
    const timed = new SealedResponseCache(new Keyv<string>({ store: map }), 250, memoryLogger().logger, () =>
      time.now(),
    );
    await timed.set(a, KEY, VALUE, 60_000);
    await timed.set(a, 'kept-not', VALUE, 0);
    await timed.set(a, 'negative', VALUE, -5);
    expect(map.size).toBe(1);
    expect(await timed.get(a, KEY)).toEqual({ hit: true, value: VALUE });
    await time.advance(59_999);
    expect(await timed.get(a, KEY)).toEqual({ hit: true, value: VALUE });
    await time.advance(1);
    expect(await timed.get(a, KEY)).toEqual(MISS);
  });

  it('without a store is disabled: every lookup misses and nothing is kept', async () => {
    const none = new SealedResponseCache(undefined, 250, memoryLogger().logger);
    expect(none.enabled).toBe(false);
    await none.set(a, KEY, VALUE, 10_000);
    expect(await none.get(a, KEY)).toEqual(MISS);
    await expect(none.delete(a, KEY)).resolves.toBeUndefined();
  });
});

describe.each(['throw', 'reject'] as const)(
  'SealedResponseCache over a store that fails (%s)',
  (behaviour) => {
    const a = principal(TOKEN_A);
    afterEach(() => jest.useRealTimers());

    it('reports lookups as unavailable misses and completes writes without throwing, warning once', async () => {
      jest.useFakeTimers(FAKE_TIMERS);
      const log = memoryLogger();
      const { store, calls } = scriptedStore(behaviour);
      const cache = new SealedResponseCache(new Keyv<string>({ store }), 250, log.logger);

      // At once: the failure is the answer, no timeout is waited out (the fake clock never moves).
      expect(await atOnce(cache.get(a, KEY))).toEqual(UNAVAILABLE);
      await expect(atOnce(cache.set(a, KEY, VALUE, 10_000))).resolves.toBeUndefined();
      await expect(atOnce(cache.delete(a, KEY))).resolves.toBeUndefined();
      // The store really was asked: the miss is its failure, not a short-circuit.
      expect(calls).toEqual(['get', 'set', 'delete']);

      const warned = warnings(log, 'Cache unavailable; treated as a miss');
      expect(warned).toHaveLength(1);
      expect(warned[0]).toMatchObject({ operation: 'get', reason: 'Error' });
      // The warning names no key, value or credential.
      const text = JSON.stringify(log.entries());
      for (const secret of [TOKEN_A, NINO, a.id]) expect(text).not.toContain(secret);
    });

    it('after a failure, skips the store for lookups for a second (writes still go through), then asks again', async () => {
      jest.useFakeTimers(FAKE_TIMERS);
      const log = memoryLogger();
      const { store, calls } = scriptedStore(behaviour);
      const cache = new SealedResponseCache(new Keyv<string>({ store }), 250, log.logger);
      expect(await cache.get(a, KEY)).toEqual(UNAVAILABLE);
      expect(calls).toEqual(['get']);
      for (let i = 0; i < 5; i++) expect(await cache.get(principal(TOKEN_B), KEY)).toEqual(UNAVAILABLE);
      expect(calls).toEqual(['get']);
      await cache.set(a, KEY, VALUE, 10_000);
      await cache.delete(a, KEY);
      expect(calls).toEqual(['get', 'set', 'delete']);
      await jest.advanceTimersByTimeAsync(1_001);
      expect(await cache.get(a, KEY)).toEqual(UNAVAILABLE);
      expect(calls).toEqual(['get', 'set', 'delete', 'get']);
      expect(warnings(log, 'Cache unavailable; treated as a miss')).toHaveLength(1);
    });
  },
);

describe('SealedResponseCache over a store that recovers', () => {
  it('answers again once the store does (a miss is then a plain miss, not "unavailable")', async () => {
    jest.useFakeTimers(FAKE_TIMERS);
    try {
      const a = principal(TOKEN_A);
      const entries = new Map<string, unknown>();
      let failing = true;
      const store = {
        get: (key: string) =>
          failing ? Promise.reject(new Error('down')) : Promise.resolve(entries.get(key)),
        set: (key: string, value: unknown) => {
          if (failing) return Promise.reject(new Error('down'));
          entries.set(key, value);
          return Promise.resolve(true);
        },
        delete: (key: string) => Promise.resolve(entries.delete(key)),
        clear: () => Promise.resolve(entries.clear()),
      };
      const cache = new SealedResponseCache(new Keyv<string>({ store }), 250, memoryLogger().logger);
      expect(await cache.get(a, KEY)).toEqual(UNAVAILABLE);
      failing = false;
      await jest.advanceTimersByTimeAsync(1_001);
      expect(await cache.get(a, KEY)).toEqual(MISS);
      await cache.set(a, KEY, VALUE, 10_000);
      expect(await cache.get(a, KEY)).toEqual({ hit: true, value: VALUE });
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('SealedResponseCache over a store that never answers', () => {
  const a = principal(TOKEN_A);
  const TIMEOUT_MS = 80;

  afterEach(() => jest.useRealTimers());

  it('misses (unavailable) within the timeout on every operation, and warns once per interval', async () => {
    jest.useFakeTimers(FAKE_TIMERS);
    const log = memoryLogger();
    const { store, calls } = scriptedStore('hang');
    const cache = new SealedResponseCache(new Keyv<string>({ store }), TIMEOUT_MS, log.logger);

    // Five lookups at once: each waits out exactly the timeout, on the fake clock, then misses.
    const lookups = Array.from({ length: 5 }, () => watch(cache.get(a, KEY)));
    await jest.advanceTimersByTimeAsync(TIMEOUT_MS - 1);
    for (const lookup of lookups) expect(lookup.settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await settle();
    for (const lookup of lookups) expect(lookup.value).toEqual(UNAVAILABLE);
    // Writes are not skipped: each waits out the timeout too, and completes without throwing.
    for (const operation of [() => cache.set(a, KEY, VALUE, 10_000), () => cache.delete(a, KEY)]) {
      const write = watch(operation());
      await jest.advanceTimersByTimeAsync(TIMEOUT_MS - 1);
      expect(write.settled).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      await settle();
      expect(write.settled).toBe(true);
    }
    expect(calls.filter((c) => c === 'get')).toHaveLength(5);
    // Known to be silent now: the next lookup does not wait out the timeout again.
    expect(await atOnce(cache.get(a, KEY))).toEqual(UNAVAILABLE);
    expect(calls.filter((c) => c === 'get')).toHaveLength(5);

    const warned = warnings(log, 'Cache did not answer in time; treated as a miss');
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ operation: 'get', timeoutMs: TIMEOUT_MS });
  });

  it('warns again once the interval has passed', async () => {
    jest.useFakeTimers(FAKE_TIMERS);
    try {
      const log = memoryLogger();
      const cache = new SealedResponseCache(
        new Keyv<string>({ store: scriptedStore('hang').store }),
        50,
        log.logger,
      );
      const first = cache.get(a, KEY);
      await jest.advanceTimersByTimeAsync(50);
      expect(await first).toEqual(UNAVAILABLE);
      const second = cache.get(a, KEY);
      await jest.advanceTimersByTimeAsync(10_000);
      expect(await second).toEqual(UNAVAILABLE);
      expect(warnings(log, 'Cache did not answer in time; treated as a miss')).toHaveLength(1);
      // 30 s after the first warning, the next timeout is worth a warning again.
      await jest.advanceTimersByTimeAsync(20_000);
      const third = cache.get(a, KEY);
      await jest.advanceTimersByTimeAsync(50);
      expect(await third).toEqual(UNAVAILABLE);
      expect(warnings(log, 'Cache did not answer in time; treated as a miss')).toHaveLength(2);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('SealedResponseCache expiry by its injected clock (no sleeping)', () => {
  const a = principal(TOKEN_A);
  // TTLs of a minute or more: keyv is given the TTL too and expires by the real clock, which must never decide
  // before the injected one does, however slow the machine.

  it('answers an entry until its TTL has passed on the cache’s clock, then misses', async () => {
    const time = fakeTime(1_000_000);
    const cache = new SealedResponseCache(
      new Keyv<string>({ store: new Map() }),
      250,
      memoryLogger().logger,
      () => time.now(),
    );
    await cache.set(a, KEY, VALUE, 70_000);
    await time.advance(69_999);
    expect(await cache.get(a, KEY)).toEqual({ hit: true, value: VALUE });
    await time.advance(1);
    expect(await cache.get(a, KEY)).toEqual(MISS);
  });

  it('keeps HMRC’s no-data answer for its own (shorter) TTL', async () => {
    const time = fakeTime();
    const cache = new SealedResponseCache(
      new Keyv<string>({ store: new Map() }),
      250,
      memoryLogger().logger,
      () => time.now(),
    );
    await cache.set(a, KEY, null, 60_000);
    await cache.set(a, `${KEY}-found`, VALUE, 180_000);
    await time.advance(60_000);
    expect(await cache.get(a, KEY)).toEqual(MISS);
    expect(await cache.get(a, `${KEY}-found`)).toEqual({ hit: true, value: VALUE });
  });
});
