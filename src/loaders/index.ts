/**
 * The per-request loader set, built in one place for every GraphQL request and never shared between requests or
 * callers. Each loader coalesces identical reads within the request: however many fields, aliases and fragments
 * ask for the same resource, HMRC is called once. Loaders keep nothing once the request ends.
 */
import DataLoader from 'dataloader';
import type { YearKey, YearResource } from '../hmrc/endpoint';
import type { HmrcSession } from '../hmrc/session';

export type YearLoader<T> = DataLoader<YearKey, T | null, string>;

export const yearCacheKey = (key: YearKey): string => `${key.nino}|${key.taxYear}`;

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export class Loaders {
  readonly #year = new Map<string, YearLoader<unknown>>();

  constructor(private readonly session: HmrcSession) {}

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
