/**
 * Refuses, before anything is executed and so before HMRC could be called, every operation that would need HMRC
 * when the request carries no usable bearer token: HTTP 401 with `MISSING_CREDENTIALS` or `INVALID_CREDENTIALS`.
 * Introspection alone needs no credentials, so Apollo Sandbox and codegen can read the schema.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { GraphQLError, Kind } from 'graphql';
import type { GatewayContext } from '../context';
import { ERROR_CATALOGUE } from '../errors/codes';

function onlyIntrospection(
  selectionSet: SelectionSetNode,
  document: DocumentNode,
  seen = new Set<string>(),
): boolean {
  return selectionSet.selections.every((selection) => {
    switch (selection.kind) {
      case Kind.FIELD:
        // `_service` is a federation subgraph's SDL, which a router or Rover reads without a user's token.
        return selection.name.value.startsWith('__') || selection.name.value === '_service';
      case Kind.INLINE_FRAGMENT:
        return onlyIntrospection(selection.selectionSet, document, seen);
      case Kind.FRAGMENT_SPREAD: {
        const name = selection.name.value;
        if (seen.has(name)) return true;
        seen.add(name);
        const fragment = document.definitions.find(
          (d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name,
        );
        return fragment?.kind === Kind.FRAGMENT_DEFINITION
          ? onlyIntrospection(fragment.selectionSet, document, seen)
          : true;
      }
    }
  });
}

const MESSAGES = {
  MISSING_CREDENTIALS: 'Send the HMRC access token as `Authorization: Bearer <token>`',
  INVALID_CREDENTIALS: 'The `Authorization` header is not a well-formed bearer token',
} as const;

export function credentialsPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ contextValue, operation, document }) {
          const { auth } = contextValue;
          if ('principal' in auth) return Promise.resolve();
          if (onlyIntrospection((operation as OperationDefinitionNode).selectionSet, document))
            return Promise.resolve();
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
