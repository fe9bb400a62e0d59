/**
 * The per-request loader set, built in one place for every GraphQL request and never shared between requests or
 * callers. Each loader coalesces identical reads within the request: however many fields, aliases and fragments
 * ask for the same resource, HMRC is called once. Loaders keep nothing once the request ends.
 */
import DataLoader from 'dataloader';
import { fromWindow } from '../derive/sa-account';
import type { YearKey, YearResource } from '../hmrc/endpoint';
import type { SaAccountDto } from '../hmrc/sa-account';
import type { HmrcSession } from '../hmrc/session';

export type YearLoader<T> = DataLoader<YearKey, T | null, string>;

export const yearCacheKey = (key: YearKey): string => `${key.nino}|${key.taxYear}`;

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

interface SaKey {
  readonly utr: string;
  readonly fromDate: string;
}

export class Loaders {
  readonly #year = new Map<string, YearLoader<unknown>>();
  /** The Self Assessment account fetched so far in this request, per UTR, and the date it was fetched from. */
  readonly #saFetched = new Map<string, { fromDate: string; account: Promise<SaAccountDto | null> }>();

  /**
   * Every field of a request that needs the Self Assessment account asks in the same tick (the fields above them
   * resolve without I/O), so one batch sees every window asked for. It fetches once per UTR from the earliest
   * date and gives each field its own window of that answer. A later ask for an even earlier date fetches again;
   * any other later ask reuses what was fetched.
   */
  readonly #sa = new DataLoader<SaKey, SaAccountDto | null, string>(
    (keys) => {
      const earliest = new Map<string, string>();
      for (const { utr, fromDate } of keys) {
        const seen = earliest.get(utr);
        if (seen === undefined || fromDate < seen) earliest.set(utr, fromDate);
      }
      for (const [utr, fromDate] of earliest) {
        const fetched = this.#saFetched.get(utr);
        if (!fetched || fetched.fromDate > fromDate) {
          this.#saFetched.set(utr, { fromDate, account: this.session.retrieveSaAccount(utr, fromDate) });
        }
      }
      return Promise.all(
        keys.map(({ utr, fromDate }) =>
          this.#saFetched
            .get(utr)!
            .account.then((account) => account && fromWindow(account, fromDate))
            .catch(asError),
        ),
      );
    },
    { cache: false },
  );

  constructor(private readonly session: HmrcSession) {}

  /** The Self Assessment account of a UTR from `fromDate` (within HMRC's window) to today. */
  saAccount(utr: string, fromDate: string): Promise<SaAccountDto | null> {
    return this.#sa.load({ utr, fromDate });
  }

  /** The loader of one NINO + tax year resource, created on first use. */
  year<T>(resource: YearResource<T, unknown>): YearLoader<T> {
    let loader = this.#year.get(resource.name) as YearLoader<T> | undefined;
    if (!loader) {
      loader = new DataLoader<YearKey, T | null, string>(
        // HMRC has no batch endpoints: a batch is the set of distinct keys, fetched side by side.
        (keys) => Promise.all(keys.map((key) => this.session.retrieve(resource, key).catch(asError))),
        { cacheKeyFn: yearCacheKey },
      );
      this.#year.set(resource.name, loader);
    }
    return loader;
  }

  /** Forgets what this request read of a resource, so a read after a write goes back to HMRC. */
  afterWrite(resource: YearResource<unknown, unknown>, key: YearKey): void {
    this.#year.get(resource.name)?.clear(key);
  }
}
