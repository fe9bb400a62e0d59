/**
 * Automatic persisted queries, kept per caller and sealed, like the response cache.
 *
 * Apollo Server keys APQ by the query's sha256 alone. Stored that way, anyone holding a copy of Redis could read
 * every query text (with the NINOs and UTRs written into them), and one caller could learn whether anyone else
 * had sent a given query: a hash-only request answers "not found" or runs it. So each entry is stored under the
 * principal's id and a MAC of Apollo's key under a key derived from the caller's credential, and its text is
 * sealed (AES-256-GCM) with another: a caller only ever finds the queries it registered itself, and nothing in
 * the store names a query or a taxpayer.
 *
 * Apollo asks the cache by key alone, so the caller comes from `requestScope`, an AsyncLocalStorage the HTTP
 * layer enters for each request and the GraphQL context fills in. A request without a principal (no usable
 * token) never reads or registers a persisted query: it must send the query text.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHmac } from 'node:crypto';
import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { Principal } from '../auth/principal';
import { open, seal } from './seal';

const SEALING_PURPOSE = 'persisted-query-v1';
const NAMING_PURPOSE = 'persisted-query-key-v1';

/** What the HTTP layer knows about the request in flight. */
export interface RequestScope {
  principal: Principal | undefined;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

export class PrincipalScopedQueryCache implements KeyValueCache<string> {
  constructor(
    private readonly inner: KeyValueCache<string>,
    private readonly currentPrincipal: () => Principal | undefined = () => requestScope.getStore()?.principal,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const principal = this.currentPrincipal();
    if (!principal) return undefined;
    const sealed = await this.inner.get(storeKey(principal, key));
    if (typeof sealed !== 'string') return undefined;
    return open(principal.derivedKey(SEALING_PURPOSE), `${principal.id}:${key}`, sealed);
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    const principal = this.currentPrincipal();
    if (!principal) return;
    const sealed = seal(principal.derivedKey(SEALING_PURPOSE), `${principal.id}:${key}`, value);
    await this.inner.set(storeKey(principal, key), sealed, options);
  }

  async delete(key: string): Promise<boolean | void> {
    const principal = this.currentPrincipal();
    if (!principal) return false;
    return this.inner.delete(storeKey(principal, key));
  }
}

function storeKey(principal: Principal, key: string): string {
  const name = createHmac('sha256', principal.derivedKey(NAMING_PURPOSE)).update(key).digest('base64url');
  return `${principal.id}:${name}`;
}
