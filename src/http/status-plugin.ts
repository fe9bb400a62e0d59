/**
 * GraphQL over HTTP, legacy `application/json` responses: "the server SHOULD use the 200 status code for every
 * response to a well-formed GraphQL-over-HTTP request, independent of any GraphQL request error". Apollo answers
 * request errors (parse, validation, variable coercion, missing credentials, trusted documents) with 4xx whatever
 * the media type; this plugin puts the 200 back for `application/json`, keeping the error body (HMRC's code in
 * `extensions.code` and `extensions.status`) and headers such as `WWW-Authenticate`. With
 * `application/graphql-response+json` the 4xx stays, as that media type requires. Server faults (5xx) stay, and so
 * does the 400 of a request that is not well-formed (`BAD_REQUEST`), which the spec leaves to the server.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { answersLegacyJson } from './media-type';

export function legacyJsonStatusPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    requestDidStart({ request }) {
      if (!answersLegacyJson(request.http?.headers.get('accept'))) return Promise.resolve({});
      return Promise.resolve({
        willSendResponse({ response }) {
          const status = response.http.status;
          if (
            status !== undefined &&
            status >= 400 &&
            status < 500 &&
            response.body.kind === 'single' &&
            (response.body.singleResult.errors?.length ?? 0) > 0 &&
            // A request that is not well-formed GraphQL over HTTP (e.g. `query` not a string) keeps its 400.
            !response.body.singleResult.errors?.some((error) => error.extensions?.code === 'BAD_REQUEST')
          ) {
            response.http.status = 200;
          }
          return Promise.resolve();
        },
      });
    },
  };
}
