/**
 * All resolvers, one folder per domain and one file per GraphQL type. `makeExecutableSchema` merges the list,
 * so a domain adding fields to `TaxpayerYear` or `Mutation` contributes its own partial map.
 */
import type { Resolvers } from '../generated/graphql';
import { Mutation as ChargesMutation } from './charges/Mutation';
import { TaxpayerYear as ChargesTaxpayerYear } from './charges/TaxpayerYear';
import { scalarResolvers } from './scalars';
import { Query } from './taxpayer/Query';
import { Taxpayer } from './taxpayer/Taxpayer';

export const resolvers: Resolvers[] = [
  scalarResolvers,
  { Query, Taxpayer },
  { TaxpayerYear: ChargesTaxpayerYear, Mutation: ChargesMutation },
];
