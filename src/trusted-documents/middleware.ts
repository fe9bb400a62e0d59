/**
 * Trusted documents over HTTP, per the GraphQL-over-HTTP persisted-documents appendix: a request may carry
 * `documentId: "sha256:<hex>"` instead of `query` (POST body or GET parameter); the gateway puts the manifest's
 * text in its place before Apollo sees the request. With `only` set, nothing else runs: free-form text is accepted
 * only when it is, byte for byte, a manifest document, and an APQ hash only when it names one (so Apollo Client's
 * persisted-query link works against the manifest, its registration step never needed). Refusals are typed
 * request errors (`PERSISTED_DOCUMENT_NOT_FOUND`, `PERSISTED_DOCUMENT_REQUIRED`), with the status the response's
 * media type calls for (4xx for application/graphql-response+json, 200 for application/json).
 */
import type { RequestHandler, Response } from 'express';
import type { ErrorCode } from '../errors/codes';
import { ERROR_CATALOGUE } from '../errors/codes';
import { answersLegacyJson, APPLICATION_JSON, GRAPHQL_RESPONSE_JSON } from '../http/media-type';
import type { TrustedDocuments } from './manifest';
import { sha256Hex } from './manifest';

export interface TrustedDocumentsPolicy {
  readonly documents: TrustedDocuments;
  /** Accept only manifest documents (APQ registration and free-form queries refused). */
  readonly only: boolean;
}

type Params = Record<string, unknown>;

function refuse(res: Response, accept: string | undefined, code: ErrorCode, message?: string): void {
  const legacy = answersLegacyJson(accept);
  const { status } = ERROR_CATALOGUE[code];
  res
    .status(legacy ? 200 : status)
    .type(`${legacy ? APPLICATION_JSON : GRAPHQL_RESPONSE_JSON}; charset=utf-8`)
    .send(
      JSON.stringify({
        errors: [
          {
            message: message ?? ERROR_CATALOGUE[code].message,
            extensions: { code, status, origin: 'GATEWAY' },
          },
        ],
      }),
    );
}

function apqHash(extensions: unknown): string | undefined {
  let value = extensions;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const hash = (value as { persistedQuery?: { sha256Hash?: unknown } } | null)?.persistedQuery?.sha256Hash;
  return typeof hash === 'string' ? hash : undefined;
}

function withoutPersistedQuery(extensions: unknown): unknown {
  if (typeof extensions === 'string') {
    try {
      return JSON.stringify(withoutPersistedQuery(JSON.parse(extensions)));
    } catch {
      return extensions;
    }
  }
  if (typeof extensions !== 'object' || extensions === null) return extensions;
  const { persistedQuery: _dropped, ...rest } = extensions as Record<string, unknown>;
  return rest;
}

/**
 * What to run instead of the request's own `query`, or the refusal. `undefined`: leave the request to Apollo.
 */
function resolve(
  params: Params,
  policy: TrustedDocumentsPolicy,
): { query: string } | { refuse: ErrorCode; message?: string } | undefined {
  const { documentId, query } = params;
  if (documentId !== undefined) {
    if (query !== undefined)
      return { refuse: 'BAD_REQUEST', message: 'Send either documentId or query, not both' };
    const hex = typeof documentId === 'string' ? /^sha256:([0-9a-f]{64})$/.exec(documentId)?.[1] : undefined;
    const document = hex === undefined ? undefined : policy.documents.byHash(hex);
    if (document === undefined)
      return hex === undefined
        ? {
            refuse: 'PERSISTED_DOCUMENT_NOT_FOUND',
            message: 'documentId must be "sha256:" and 64 hex digits',
          }
        : { refuse: 'PERSISTED_DOCUMENT_NOT_FOUND' };
    return { query: document };
  }
  if (!policy.only) return undefined;
  if (typeof query === 'string') {
    const document = policy.documents.byHash(sha256Hex(query));
    return document === undefined ? { refuse: 'PERSISTED_DOCUMENT_REQUIRED' } : { query: document };
  }
  const hash = apqHash(params.extensions);
  if (hash !== undefined) {
    const document = policy.documents.byHash(hash);
    return document === undefined ? { refuse: 'PERSISTED_DOCUMENT_NOT_FOUND' } : { query: document };
  }
  return undefined;
}

export function trustedDocumentsMiddleware(policy: TrustedDocumentsPolicy): RequestHandler {
  return (req, res, next) => {
    const accept = req.headers.accept;
    if (req.method === 'POST') {
      const body: unknown = req.body;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return next();
      const outcome = resolve(body as Params, policy);
      if (outcome === undefined) return next();
      if ('refuse' in outcome) return refuse(res, accept, outcome.refuse, outcome.message);
      const { documentId: _id, ...rest } = body as Params;
      req.body = {
        ...rest,
        query: outcome.query,
        ...(rest.extensions === undefined ? {} : { extensions: withoutPersistedQuery(rest.extensions) }),
      };
      return next();
    }
    if (req.method === 'GET') {
      const url = new URL(req.url, 'http://gateway.invalid');
      const params: Params = Object.fromEntries(url.searchParams);
      // A browser asking for the explorer page (no GraphQL parameters) is not a GraphQL request.
      if (params.documentId === undefined && params.query === undefined && params.extensions === undefined)
        return next();
      const outcome = resolve(params, policy);
      if (outcome === undefined) return next();
      if ('refuse' in outcome) return refuse(res, accept, outcome.refuse, outcome.message);
      url.searchParams.delete('documentId');
      url.searchParams.set('query', outcome.query);
      const extensions = url.searchParams.get('extensions');
      if (extensions !== null) {
        const kept = withoutPersistedQuery(extensions) as string;
        if (kept === '{}') url.searchParams.delete('extensions');
        else url.searchParams.set('extensions', kept);
      }
      req.url = `${url.pathname}${url.search}`;
      return next();
    }
    next();
  };
}
