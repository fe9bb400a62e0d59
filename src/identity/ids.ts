/**
 * Object identity for client caches. Apollo Client, Relay and urql normalise a response by `__typename` + `id`:
 * without ids a mutation's result never reaches the screens that show the same object. An id here is
 *
 *   base64url(HMAC-SHA256(key, "v1" ␀ typename ␀ part ␀ part …)), truncated to 128 bits,
 *
 * over the object's natural key (the NINO; NINO + tax year; UTR + HMRC's charge id …). So it is
 * - stable: a pure function of the natural key, so the same for every caller, request and replica (replicas share
 *   the key through configuration), and it survives restarts;
 * - opaque: a NINO has few enough possible values (about 2×10⁹) that an unkeyed hash could be reversed by trying
 *   them all, so the hash is keyed. With `OBJECT_ID_SECRET` set, an id reveals nothing about the NINO to anyone
 *   without the secret (ids end up in client caches, browser storage, analytics and crash reports, where a NINO
 *   should not). Without it a published built-in key is used: ids still do not show the NINO in clear, but are
 *   pseudonymous only (README: "Identity for caches").
 * Ids are one-way: nothing resolves an id back to an object, so a guessed id is worth nothing.
 */
import { createHmac } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/** The built-in key when `OBJECT_ID_SECRET` is unset. Public (it is in this file), so it hides nothing. */
export const DEFAULT_ID_KEY =
  'hmrc-graphql-gateway: object ids v1 (set OBJECT_ID_SECRET to make them private)';

export interface IdScheme {
  /** The id of an object of `typename` whose natural key is `parts` (in a fixed order per type). */
  of(typename: string, ...parts: ReadonlyArray<string | number | null>): string;
}

/** Ids remembered per scheme: a response names the same objects again and again, and each HMAC costs. */
const REMEMBERED_IDS = 50_000;

export function createIdScheme(secret: string = DEFAULT_ID_KEY): IdScheme {
  // Held in this process only, like the natural keys they are computed from. Built on first use: lru-cache
  // allocates all its slots up front, ~8 ms that would otherwise be spent before the gateway is ready.
  let ids: LRUCache<string, string> | undefined;
  return {
    of(typename, ...parts) {
      // NUL cannot occur in a NINO, UTR, tax year or HMRC reference, so the joined string is unambiguous.
      let message = `v1\0${typename}`;
      for (const part of parts) message += `\0${part === null ? '' : String(part)}`;
      ids ??= new LRUCache<string, string>({ max: REMEMBERED_IDS });
      let id = ids.get(message);
      if (id === undefined) {
        id = createHmac('sha256', secret).update(message).digest('base64url').slice(0, 22);
        ids.set(message, id);
      }
      return id;
    },
  };
}
