/**
 * Refuses, before anything runs and so before HMRC is called, an operation whose shape needs more calls to HMRC
 * than one request may make (HMRC_MAX_CALLS_PER_REQUEST): HTTP 400 with `HMRC_CALL_BUDGET_EXCEEDED`. One request
 * must never spend the application's whole HMRC budget, which every other caller shares. What the shape cannot
 * tell is held to the same limit as the calls are made (`HmrcSession`).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { FragmentDefinitionNode, OperationDefinitionNode } from 'graphql';
import { GraphQLError, Kind } from 'graphql';
import type { GatewayContext } from '../context';
import { GatewayError, hmrcError } from '../errors/hmrc-error';
import { estimateCalls } from './call-estimate';

export function callBudgetPlugin(maxCalls: number): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ contextValue, operation, document, request, schema }) {
          // Unauthenticated requests are the credentials plugin's to refuse; they call nothing.
          if (!contextValue.hmrc) return Promise.resolve();
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          }
          const { calls } = estimateCalls(
            schema,
            operation as OperationDefinitionNode,
            fragments,
            request.variables ?? {},
            contextValue.settings,
          );
          if (calls <= maxCalls) return Promise.resolve();
          const refusal = new GatewayError(
            [
              hmrcError('HMRC_CALL_BUDGET_EXCEEDED', {
                message: `The request needs ${calls} calls to HMRC; one request may make at most ${maxCalls}. Ask for fewer tax years, taxpayers or fields per request`,
              }),
            ],
            'GATEWAY',
          );
          throw new GraphQLError(refusal.errors[0].message, {
            originalError: refusal,
            extensions: { http: { status: 400 } },
          });
        },
      });
    },
  };
}
