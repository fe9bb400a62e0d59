/**
 * Refuses, before anything is executed and so before HMRC could be called, every operation that would need HMRC
 * when the request carries no usable bearer token: HTTP 401 with `MISSING_CREDENTIALS` or `INVALID_CREDENTIALS`.
 * Introspection alone needs no credentials, so Apollo Sandbox and codegen can read the schema; nor does
 * `fraudPreventionHeadersCheck`, which calls nothing upstream and answers only with the caller's own headers.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { GraphQLError, Kind } from 'graphql';
import type { GatewayContext } from '../context';
import { ERROR_CATALOGUE } from '../errors/codes';
import { GatewayError } from '../errors/hmrc-error';
import type { Principal } from './principal';

/** Root fields that never reach HMRC. */
const LOCAL_FIELDS: ReadonlySet<string> = new Set(['fraudPreventionHeadersCheck']);

export function callsNoHmrc(
  selectionSet: SelectionSetNode,
  document: DocumentNode,
  seen = new Set<string>(),
): boolean {
  return selectionSet.selections.every((selection) => {
    switch (selection.kind) {
      case Kind.FIELD:
        // `_service` is a federation subgraph's SDL, which a router or Rover reads without a user's token.
        return (
          selection.name.value.startsWith('__') ||
          selection.name.value === '_service' ||
          LOCAL_FIELDS.has(selection.name.value)
        );
      case Kind.INLINE_FRAGMENT:
        return callsNoHmrc(selection.selectionSet, document, seen);
      case Kind.FRAGMENT_SPREAD: {
        const name = selection.name.value;
        if (seen.has(name)) return true;
        seen.add(name);
        const fragment = document.definitions.find(
          (d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name,
        );
        return fragment?.kind === Kind.FRAGMENT_DEFINITION
          ? callsNoHmrc(fragment.selectionSet, document, seen)
          : true;
      }
    }
  });
}

const MESSAGES = {
  MISSING_CREDENTIALS: 'Send the HMRC access token as `Authorization: Bearer <token>`',
  INVALID_CREDENTIALS: 'The `Authorization` header is not a well-formed bearer token',
} as const;

/**
 * A session that was signed out or has ended is refused before execution (HTTP 401 `REAUTHORISATION_REQUIRED`),
 * so that nothing, not even the caller's cached answers, is served to it; a store that cannot be read is 503.
 */
async function verify(principal: Principal): Promise<void> {
  try {
    await principal.verify?.();
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    const { code, message, status } = error.errors[0];
    throw new GraphQLError(message, {
      extensions: {
        code,
        status,
        origin: 'GATEWAY',
        http: {
          status,
          ...(status === 401 ? { headers: new Map([['www-authenticate', 'Session']]) } : {}),
        },
      },
    });
  }
}

export function credentialsPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        async didResolveOperation({ contextValue, operation, document }) {
          const { auth } = contextValue;
          if (callsNoHmrc((operation as OperationDefinitionNode).selectionSet, document)) return;
          if ('principal' in auth) {
            await verify(auth.principal);
            return;
          }
          const code = auth.problem;
          throw new GraphQLError(MESSAGES[code], {
            extensions: {
              code,
              status: ERROR_CATALOGUE[code].status,
              origin: 'GATEWAY',
              http: { status: 401, headers: new Map([['www-authenticate', 'Bearer']]) },
            },
          });
        },
      });
    },
  };
}
