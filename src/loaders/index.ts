/**
 * The per-request loader set, built in one place for every GraphQL request and never shared between requests or
 * callers. Two layers keep calls to HMRC down:
 *
 * - within the request (DataLoader): however many fields, aliases and fragments ask for the same resource, HMRC
 *   is asked once; the loaders themselves keep nothing once the request ends;
 * - across requests (`ResponseCache`): the same caller asking again within the TTL is answered from the cache.
 *   Entries belong to one principal; nothing is shared between callers.
 *
 * A write deletes the entries it makes stale and leaves a short-lived marker, so that a read which started
 * before the write (in this request or a concurrent one) does not put the old answer back into the cache.
 */
import DataLoader from 'dataloader';
import type { ResponseCache } from '../cache/response-cache';
import { fromWindow } from '../derive/sa-account';
import type { ApiId } from '../hmrc/apis';
import type { YearKey, YearResource } from '../hmrc/endpoint';
import type { CacheLookup } from '../cache/response-cache';
import type { UpstreamObserver } from '../hmrc/observer';
import type { SaAccountDto } from '../hmrc/sa-account';
import { saAccountBreakdown } from '../hmrc/sa-account';
import type { HmrcSession } from '../hmrc/session';

export type YearLoader<T> = DataLoader<YearKey, T | null, string>;

export const yearCacheKey = (key: YearKey): string => `${key.nino}|${key.taxYear}`;

/** How long an answer from an API may be reused. */
export interface CachePolicy {
  /** Milliseconds to keep an answer; `found` is false for HMRC's "no data". 0: do not keep it. */
  ttlMs(api: ApiId, found: boolean): number;
}

/** A write marker outlives any read that could have started before the write (HMRC timeout + queue wait). */
const WRITE_MARKER_TTL_MS = 60_000;

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * DataLoader's per-request memo, telling the observer each time it answers a key again (a call to HMRC that
 * this request did not make twice).
 */
class CountingMap<V> extends Map<string, V> {
  constructor(private readonly onReuse: () => void) {
    super();
  }

  override get(key: string): V | undefined {
    const value = super.get(key);
    if (value !== undefined) this.onReuse();
    return value;
  }
}

interface SaKey {
  readonly utr: string;
  readonly fromDate: string;
}

interface SaEntry {
  readonly fromDate: string;
  readonly account: SaAccountDto | null;
}

export class Loaders {
  readonly #year = new Map<string, YearLoader<unknown>>();
  /** The Self Assessment account this request has, per UTR, and the date it covers from. */
  readonly #saHeld = new Map<string, { fromDate: string; account: Promise<SaAccountDto | null> }>();

  /**
   * Every field of a request that needs the Self Assessment account asks in the same tick (the fields above them
   * resolve without I/O), so one batch sees every window asked for. It gets the account once per UTR from the
   * earliest date and gives each field its own window of that answer. A later ask for an even earlier date asks
   * again; any other later ask reuses what is held.
   */
  readonly #sa = new DataLoader<SaKey, SaAccountDto | null, string>(
    (keys) => {
      const earliest = new Map<string, string>();
      for (const { utr, fromDate } of keys) {
        const seen = earliest.get(utr);
        if (seen === undefined || fromDate < seen) earliest.set(utr, fromDate);
      }
      let fetches = 0;
      for (const [utr, fromDate] of earliest) {
        const held = this.#saHeld.get(utr);
        if (!held || held.fromDate > fromDate) {
          fetches++;
          this.#saHeld.set(utr, {
            fromDate,
            account: this.#saAccount(utr, fromDate).then((entry) => entry.account),
          });
        }
      }
      for (let i = fetches; i < keys.length; i++)
        this.observer.callSaved?.(saAccountBreakdown.api, 'coalesced', this.session.request);
      return Promise.all(
        keys.map(({ utr, fromDate }) =>
          this.#saHeld
            .get(utr)!
            .account.then((account) => account && fromWindow(account, fromDate))
            .catch(asError),
        ),
      );
    },
    { cache: false },
  );

  constructor(
    private readonly session: HmrcSession,
    private readonly cache: ResponseCache,
    private readonly policy: CachePolicy,
    private readonly observer: UpstreamObserver = {},
  ) {}

  /** The loader of one NINO + tax year resource, created on first use. */
  year<T>(resource: YearResource<T, unknown>): YearLoader<T> {
    let loader = this.#year.get(resource.name) as YearLoader<T> | undefined;
    if (!loader) {
      loader = new DataLoader<YearKey, T | null, string>(
        // HMRC has no batch endpoints: a batch is the set of distinct keys, fetched side by side.
        (keys) => Promise.all(keys.map((key) => this.#retrieve(resource, key).catch(asError))),
        {
          cacheKeyFn: yearCacheKey,
          cacheMap: new CountingMap(() =>
            this.observer.callSaved?.(resource.api, 'coalesced', this.session.request),
          ),
        },
      );
      this.#year.set(resource.name, loader);
    }
    return loader;
  }

  /** The Self Assessment account of a UTR from `fromDate` (within HMRC's window) to today. */
  saAccount(utr: string, fromDate: string): Promise<SaAccountDto | null> {
    return this.#sa.load({ utr, fromDate });
  }

  /** Forgets every copy of a resource this write made stale: this request's and the cache's. */
  async afterWrite(resource: YearResource<unknown, unknown>, key: YearKey): Promise<void> {
    // The resource's other reads (Winter Fuel Payment per `source`) show the same HMRC data, so they go stale too.
    for (const stale of [resource, ...(resource.variants ?? [])]) {
      this.#year.get(stale.name)?.clear(key);
      if (!this.#caches(stale.api)) continue;
      const entry = yearEntryKey(stale.name, key);
      const { principal } = this.session;
      // The marker strictly before the delete (not side by side): `#remember` relies on it. A read whose entry
      // lands after this delete has to find the marker when it checks again, which holds only if the marker was
      // stored before the delete, and the delete before that entry.
      await this.cache.set(principal, writeMarker(entry), Date.now(), WRITE_MARKER_TTL_MS);
      await this.cache.delete(principal, entry);
    }
  }

  /**
   * Whether this request may use the cache across requests. Not with a sandbox test scenario: its answers are the
   * scenario's, so caching them would serve, say, a canned "no data" to the caller's next ordinary query, and
   * serve cached data to a query that asked for the scenario.
   */
  get #cacheable(): boolean {
    return this.session.testScenario === undefined;
  }

  /**
   * Whether answers from `api` are kept at all. When neither an answer nor a "no data" is (the cache is off, or
   * the API's TTL is 0), the cache is not even asked: a lookup, its write-marker checks and its key derivation
   * would be pure cost (profiling put them at a twelfth of a cold request), and a write has nothing to make stale.
   */
  #caches(api: ApiId): boolean {
    return this.cache.enabled && (this.policy.ttlMs(api, true) > 0 || this.policy.ttlMs(api, false) > 0);
  }

  async #retrieve<T>(resource: YearResource<T, unknown>, key: YearKey): Promise<T | null> {
    if (!this.#cacheable || !this.#caches(resource.api)) return this.session.retrieve(resource, key);
    const entry = yearEntryKey(resource.name, key);
    const cached = await this.cache.get<T | null>(this.session.principal, entry);
    this.#looked(resource.api, cached);
    if (cached.hit) return cached.value;
    const started = Date.now();
    const value = await this.session.retrieve(resource, key);
    await this.#remember(entry, value, this.policy.ttlMs(resource.api, value !== null), started);
    return value;
  }

  async #saAccount(utr: string, fromDate: string): Promise<SaEntry> {
    if (!this.#cacheable || !this.#caches(saAccountBreakdown.api))
      return { fromDate, account: await this.session.retrieveSaAccount(utr, fromDate) };
    const entry = `${saAccountBreakdown.name}:${utr}`;
    const cached = await this.cache.get<SaEntry>(this.session.principal, entry);
    // An entry covering less of the window than asked for is no answer: HMRC is asked again.
    const usable =
      cached.hit && cached.value.fromDate <= fromDate ? cached : { hit: false, unavailable: false };
    this.#looked(saAccountBreakdown.api, usable as CacheLookup<SaEntry>);
    if (cached.hit && cached.value.fromDate <= fromDate) return cached.value;
    const started = Date.now();
    const fetched: SaEntry = { fromDate, account: await this.session.retrieveSaAccount(utr, fromDate) };
    await this.#remember(
      entry,
      fetched,
      this.policy.ttlMs(saAccountBreakdown.api, fetched.account !== null),
      started,
    );
    return fetched;
  }

  /** Reports a lookup in the cache (and, for a hit, the call to HMRC it saved). */
  #looked(api: ApiId, lookup: CacheLookup<unknown>): void {
    this.observer.cacheLookup?.(api, lookup.hit ? 'hit' : lookup.unavailable ? 'unavailable' : 'miss');
    if (lookup.hit) this.observer.callSaved?.(api, 'cache', this.session.request);
  }

  /** Caches an answer unless a write to the same entry happened since the read began. */
  async #remember(entry: string, value: unknown, ttlMs: number, started: number): Promise<void> {
    if (ttlMs <= 0 || !this.cache.enabled) return;
    const { principal } = this.session;
    if (await this.#writtenSince(entry, started)) return;
    await this.cache.set(principal, entry, value, ttlMs);
    // Checking once, before the set, leaves a gap: a write that completes between that check and the set has
    // already deleted the entry, so the stale answer set just after it would stay cached for the whole TTL (with
    // Redis each step is a round trip, and other requests and replicas run in between). Checking again after
    // the set closes it: such a write stored its marker before its delete (see `afterWrite`), so it is seen
    // here and the entry is taken out again; a write that deletes after the set removes the entry itself.
    if (await this.#writtenSince(entry, started)) await this.cache.delete(principal, entry);
  }

  /** Whether a write to `entry` completed at or after `started` (its marker says when), or might have. */
  async #writtenSince(entry: string, started: number): Promise<boolean> {
    const written = await this.cache.get<number>(this.session.principal, writeMarker(entry));
    // A marker that could not be read (the store failing or slow) may well be there. Taking that for "no write"
    // would cache an answer a write has made stale (the set can succeed where the lookup timed out), so an
    // answer is kept only when the store says for certain that there was no write since the read began.
    if (!written.hit) return written.unavailable;
    return written.value >= started;
  }
}

function yearEntryKey(resourceName: string, key: YearKey): string {
  return `${resourceName}:${key.nino}:${key.taxYear}`;
}

function writeMarker(entry: string): string {
  return `written:${entry}`;
}
