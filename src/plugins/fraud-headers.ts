/**
 * Applies `FRAUD_HEADERS_MODE` to every operation that may call HMRC (everything but introspection and
 * `fraudPreventionHeadersCheck`), once the operation is known and before anything executes:
 *
 * - `enforce`: headers with errors refuse the operation before HMRC is called — HTTP 400,
 *   `FRAUD_PREVENTION_HEADERS_INVALID`, `extensions.headers` naming each header and what is wrong with it.
 * - `report`: HMRC is called; the findings go into the response's `extensions.fraudPreventionHeaders` and the log
 *   (with person-identifying values masked).
 * - `off`: nothing is checked (the headers are still completed and sent).
 *
 * `BATCH_PROCESS_DIRECT` without `FRAUD_ALLOW_BATCH=true` is refused in `enforce` and `report` alike: a batch
 * method claims no user is present, which an interactive caller must never be able to claim by accident.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { OperationDefinitionNode } from 'graphql';
import { GraphQLError } from 'graphql';
import { callsNoHmrc } from '../auth/credentials-plugin';
import type { GatewayContext } from '../context';
import { ERROR_CATALOGUE } from '../errors/codes';
import type { FraudEvaluation } from '../fraud';
import { maskFraudHeaders } from '../fraud';

function describe(fraud: FraudEvaluation, severity?: 'error') {
  return fraud.problems
    .filter((p) => severity === undefined || p.severity === severity)
    .map(({ header, severity: s, code, message }) => ({ header, severity: s, code, message }));
}

export function fraudHeadersPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart() {
      let report: FraudEvaluation | undefined;
      return Promise.resolve({
        didResolveOperation({ contextValue, operation, document }) {
          const { fraud } = contextValue;
          if (fraud.mode === 'off') return Promise.resolve();
          // Apollo runs every plugin's hook at once: a caller without usable credentials is the credentials
          // plugin's to refuse (401), never this one's (400), whichever finishes first.
          if (!('principal' in contextValue.auth)) return Promise.resolve();
          if (callsNoHmrc((operation as OperationDefinitionNode).selectionSet, document))
            return Promise.resolve();
          if (fraud.problems.length > 0)
            contextValue.logger.warn(
              {
                fraudPreventionHeaders: {
                  mode: fraud.mode,
                  connectionMethod: fraud.connectionMethod,
                  refused: fraud.refused,
                  problems: describe(fraud),
                  sent: maskFraudHeaders(fraud.headers),
                },
              },
              fraud.refused
                ? 'Refused: fraud-prevention headers invalid'
                : fraud.mode === 'enforce'
                  ? 'Fraud-prevention headers have warnings (HMRC is called)'
                  : 'Fraud-prevention headers have problems (report mode: HMRC is called anyway)',
            );
          if (fraud.refused) {
            const headers = describe(fraud, 'error').map(({ header, code, message }) => ({
              header,
              code,
              message,
            }));
            throw new GraphQLError(ERROR_CATALOGUE.FRAUD_PREVENTION_HEADERS_INVALID.message, {
              extensions: {
                code: 'FRAUD_PREVENTION_HEADERS_INVALID',
                status: 400,
                origin: 'GATEWAY',
                headers,
                http: { status: 400 },
              },
            });
          }
          if (fraud.mode === 'report' && fraud.problems.length > 0) report = fraud;
          return Promise.resolve();
        },
        willSendResponse({ response }) {
          if (!report || response.body.kind !== 'single') return Promise.resolve();
          const result = response.body.singleResult;
          result.extensions = {
            ...result.extensions,
            fraudPreventionHeaders: {
              mode: report.mode,
              connectionMethod: report.connectionMethod ?? null,
              problems: describe(report),
            },
          };
          return Promise.resolve();
        },
      });
    },
  };
}
