/**
 * Automatic persisted queries, kept per caller and sealed, like the response cache.
 *
 * Apollo Server keys APQ by the query's sha256 alone. Stored that way, anyone holding a copy of Redis could read
 * every query text (with the NINOs and UTRs written into them), and one caller could learn whether anyone else
 * had sent a given query: a hash-only request answers "not found" or runs it. So each entry is stored under the
 * principal's id and a MAC of the hash under a key derived from the caller's credential, and its text is sealed
 * (AES-256-GCM) with another: a caller only ever finds the queries it registered itself, and nothing in the store
 * names a query or a taxpayer.
 *
 * Apollo still runs the protocol (the version check, the hash check of a registration, its errors), but the
 * storing is done here, by an Apollo plugin that knows whose request it serves from the GraphQL context: Apollo
 * asks its own APQ cache by key alone, and telling it the caller through an AsyncLocalStorage put a hook on every
 * promise the process made (see src/hmrc/observer.ts, ObservedRequest). Apollo is given `APOLLO_APQ_CACHE`, which
 * holds nothing: the plugin fills in a known query's text before Apollo looks, so Apollo's lookup happens only for
 * a hash this caller never registered, and answers PERSISTED_QUERY_NOT_FOUND. A request without a principal (no
 * usable token) never reads or registers a persisted query: it must send the query text.
 */
import { createHmac } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { Principal } from '../auth/principal';
import type { Logger } from '../util/logger';
import { open, seal } from './seal';

const SEALING_PURPOSE = 'persisted-query-v1';
const NAMING_PURPOSE = 'persisted-query-key-v1';
/** Apollo's own key prefix for APQ, kept in what the MAC covers so that entries stored before carry over. */
const APOLLO_KEY_PREFIX = 'apq:';

export class PrincipalScopedQueries {
  constructor(
    private readonly inner: KeyValueCache<string>,
    private readonly ttlSeconds: number,
  ) {}

  async lookup(principal: Principal, hash: string): Promise<string | undefined> {
    const key = APOLLO_KEY_PREFIX + hash;
    const sealed = await this.inner.get(storeKey(principal, key));
    if (typeof sealed !== 'string') return undefined;
    return open(principal.derivedKey(SEALING_PURPOSE), `${principal.id}:${key}`, sealed);
  }

  async register(principal: Principal, hash: string, query: string): Promise<void> {
    const key = APOLLO_KEY_PREFIX + hash;
    const sealed = seal(principal.derivedKey(SEALING_PURPOSE), `${principal.id}:${key}`, query);
    await this.inner.set(storeKey(principal, key), sealed, { ttl: this.ttlSeconds });
  }
}

/** What Apollo itself is given as its APQ cache: it never finds anything, and keeps nothing it is given. */
export const APOLLO_APQ_CACHE: KeyValueCache<string> = {
  get: () => Promise.resolve(undefined),
  set: () => Promise.resolve(),
  delete: () => Promise.resolve(false),
};

interface PersistedQueryExtension {
  readonly version?: unknown;
  readonly sha256Hash?: unknown;
}

/**
 * Finds a hash-only request's query among the caller's own (before Apollo looks), and registers a query sent with
 * its hash once Apollo has checked the hash and the operation is about to run (where Apollo would store it).
 */
export function persistedQueriesPlugin<TContext extends object>(
  queries: PrincipalScopedQueries,
  principalOf: (context: TContext) => Principal | undefined,
  logger: Logger,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ request, contextValue }) {
      const extension = request.extensions?.persistedQuery as PersistedQueryExtension | undefined;
      const principal = principalOf(contextValue);
      if (!extension || !principal || extension.version !== 1 || typeof extension.sha256Hash !== 'string')
        return undefined;
      const hash = extension.sha256Hash;
      let found = false;
      if (request.query === undefined) {
        try {
          const query = await queries.lookup(principal, hash);
          if (query !== undefined) {
            request.query = query;
            found = true;
          }
        } catch {
          // The store is unreachable: the client is told "not found" (Apollo's answer) and sends the text.
          logger.warn('Persisted-query store unavailable; asking the client for the query text');
        }
      }
      return {
        executionDidStart({ metrics }) {
          // Apollo checked the hash against the text (`persistedQueryRegister`); a text this plugin supplied is
          // already stored.
          if (found || !metrics.persistedQueryRegister || request.query === undefined)
            return Promise.resolve();
          queries.register(principal, hash, request.query).catch(() => {
            logger.warn('Persisted-query store unavailable; the query was not registered');
          });
          return Promise.resolve();
        },
      };
    },
  };
}

function storeKey(principal: Principal, key: string): string {
  const name = createHmac('sha256', principal.derivedKey(NAMING_PURPOSE)).update(key).digest('base64url');
  return `${principal.id}:${name}`;
}
