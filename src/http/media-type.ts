/**
 * The GraphQL-over-HTTP response media types. `application/graphql-response+json` (the spec's own) says with its
 * status code whether a request failed; the legacy `application/json` always answers 200 to a well-formed request,
 * errors in the body, because clients of it treat any other status as a transport failure and would lose the
 * HMRC code. This negotiates exactly as Apollo Server does (same library, same order), so the two agree.
 */
import Negotiator from 'negotiator';

export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';
export const APPLICATION_JSON = 'application/json';

/** Whether the response to a request with this `Accept` is the legacy `application/json` (also: no Accept). */
export function answersLegacyJson(accept: string | undefined | null): boolean {
  if (!accept) return true; // The spec: no Accept is treated as `Accept: application/json`.
  const preferred = new Negotiator({ headers: { accept } }).mediaType([
    APPLICATION_JSON,
    GRAPHQL_RESPONSE_JSON,
    'application/json; callback',
  ]);
  return preferred === APPLICATION_JSON;
}
