/**
 * The same schema as an Apollo Federation 2 subgraph (GRAPHQL_MODE=subgraph), so the gateway can join a
 * supergraph behind a router: `Taxpayer @key(fields: "nino")` (schema/subgraph/federation.graphql), resolved from
 * a representation by `__resolveReference`. Everything else — resolvers, errors, HMRC codes — is the standalone
 * gateway's, unchanged.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { mergeResolvers } from '@graphql-tools/merge';
import type { GraphQLSchema, ValueNode } from 'graphql';
import { parse } from 'graphql';
import { GatewayError, hmrcError } from '../errors/hmrc-error';
import type { TaxpayerParent } from '../resolvers/parents';
import { scalarResolvers, typedResolvers } from '../resolvers';
import { isValidNino } from '../validation/identifiers';

/**
 * A representation's `nino` arrives as federation's `_Any`, not through the `Nino` scalar, so it is checked here
 * with the scalar's own rule: a malformed key is `FORMAT_NINO` on that entity, and never reaches HMRC.
 */
export function resolveTaxpayerReference(representation: { nino?: unknown }): TaxpayerParent {
  const { nino } = representation;
  if (typeof nino !== 'string' || !isValidNino(nino))
    throw new GatewayError([hmrcError('FORMAT_NINO')], 'GATEWAY');
  return { nino, utr: null };
}

export function buildGatewaySubgraphSchema(schemaDir: string, typeDefs: readonly string[]): GraphQLSchema {
  const federation = readFileSync(path.join(schemaDir, 'subgraph', 'federation.graphql'), 'utf8');
  // @apollo/subgraph sets a scalar's functions by their own names (serialize, parseValue, parseLiteral), where
  // graphql-tools takes them `__`-prefixed; the same implementations, renamed.
  const scalars = Object.fromEntries(
    Object.entries(scalarResolvers).map(([name, scalar]) => [
      name,
      {
        serialize: (value: unknown) => scalar.__serialize(value),
        parseValue: (value: unknown) => scalar.__parseValue(value),
        parseLiteral: (node: ValueNode) => scalar.__parseLiteral(node),
      },
    ]),
  );
  const maps = [...typedResolvers, scalars, { Taxpayer: { __resolveReference: resolveTaxpayerReference } }];
  const resolvers = mergeResolvers(
    maps as Parameters<typeof mergeResolvers>[0],
  ) as GraphQLResolverMap<unknown>;
  return buildSubgraphSchema({ typeDefs: parse([...typeDefs, federation].join('\n')), resolvers });
}
