/**
 * Refuses, before anything runs and so before HMRC is called, an operation whose shape needs more calls to HMRC
 * than one request may make (HMRC_MAX_CALLS_PER_REQUEST): HTTP 400 with `HMRC_CALL_BUDGET_EXCEEDED`. One request
 * must never spend the application's whole HMRC budget, which every other caller shares. What the shape cannot
 * tell is held to the same limit as the calls are made (`HmrcSession`).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, FragmentDefinitionNode, OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { GraphQLError, Kind } from 'graphql';
import type { GatewayContext } from '../context';
import { GatewayError, hmrcError } from '../errors/hmrc-error';
import { estimateCalls } from './call-estimate';

/** Estimates remembered per document, one per operation and set of variables (up to a size worth keeping). */
const ESTIMATES_PER_DOCUMENT = 64;
const MAX_REMEMBERED_KEY = 4_096;

export function callBudgetPlugin(maxCalls: number): ApolloServerPlugin<GatewayContext> {
  // Apollo hands every request with the same query text the same parsed document, and the estimate is a pure
  // function of the document, the operation, the variables and the gateway's settings (which do not change), so
  // a client repeating a query is not walked again. Held weakly: a document Apollo drops takes its estimates.
  const remembered = new WeakMap<DocumentNode, LRUCache<string, number>>();
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ contextValue, operation, document, request, schema }) {
          // Unauthenticated requests are the credentials plugin's to refuse; they call nothing.
          if (!contextValue.hmrc) return Promise.resolve();
          let estimates = remembered.get(document);
          if (!estimates) {
            estimates = new LRUCache({ max: ESTIMATES_PER_DOCUMENT });
            remembered.set(document, estimates);
          }
          const key = `${operation?.name?.value ?? ''}\0${JSON.stringify(request.variables ?? {})}`;
          let calls = estimates.get(key);
          if (calls === undefined) {
            const fragments: Record<string, FragmentDefinitionNode> = {};
            for (const definition of document.definitions) {
              if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
            }
            calls = estimateCalls(
              schema,
              operation as OperationDefinitionNode,
              fragments,
              request.variables ?? {},
              contextValue.settings,
            ).calls;
            if (key.length <= MAX_REMEMBERED_KEY) estimates.set(key, calls);
          }
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
