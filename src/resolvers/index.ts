/**
 * All resolvers, one folder per domain and one file per GraphQL type. `makeExecutableSchema` merges the list,
 * so a domain adding fields to `TaxpayerYear` or `Mutation` contributes its own partial map.
 */
import type { IExecutableSchemaDefinition } from '@graphql-tools/schema';
import type { Resolvers } from '../generated/graphql';
import { Mutation as ChargesMutation } from './charges/Mutation';
import { TaxpayerYear as ChargesTaxpayerYear } from './charges/TaxpayerYear';
import { Mutation as DisclosuresMutation } from './disclosures/Mutation';
import { TaxpayerYear as DisclosuresTaxpayerYear } from './disclosures/TaxpayerYear';
import { Mutation as ReliefsMutation } from './reliefs/Mutation';
import { Reliefs } from './reliefs/Reliefs';
import { TaxpayerYear as ReliefsTaxpayerYear } from './reliefs/TaxpayerYear';
import { SelfAssessmentAccount } from './sa-account/SelfAssessmentAccount';
import { SelfAssessmentBalance } from './sa-account/SelfAssessmentBalance';
import { SelfAssessmentCharge } from './sa-account/SelfAssessmentCharge';
import { Taxpayer as SaTaxpayer } from './sa-account/Taxpayer';
import { TaxpayerYear as SaTaxpayerYear } from './sa-account/TaxpayerYear';
import { TaxpayerYear as SummaryTaxpayerYear } from './summary/TaxpayerYear';
import { YearlySummary } from './summary/YearlySummary';
import { identityResolvers } from './identity';
import { SelfAssessmentYear } from './sa-account/SelfAssessmentYear';
import { scalarResolvers } from './scalars';
import { Query } from './taxpayer/Query';
import { Taxpayer } from './taxpayer/Taxpayer';

const typed: Resolvers[] = [
  { Query, Taxpayer },
  { TaxpayerYear: ChargesTaxpayerYear, Mutation: ChargesMutation },
  { TaxpayerYear: ReliefsTaxpayerYear, Reliefs, Mutation: ReliefsMutation },
  { TaxpayerYear: DisclosuresTaxpayerYear, Mutation: DisclosuresMutation },
  {
    Taxpayer: SaTaxpayer,
    TaxpayerYear: SaTaxpayerYear,
    SelfAssessmentAccount,
    SelfAssessmentBalance,
    SelfAssessmentCharge,
    SelfAssessmentYear,
  },
  { TaxpayerYear: SummaryTaxpayerYear, YearlySummary },
  identityResolvers,
];

// Scalars use graphql-tools' `__serialize` form (see scalars.ts), which the generated `Resolvers` type does not
// describe; the typed maps and the scalars meet here, in the shape makeExecutableSchema takes.
export const resolvers = [scalarResolvers, ...typed] as NonNullable<IExecutableSchemaDefinition['resolvers']>;

/** The same maps apart, for the federation subgraph build (src/federation/subgraph.ts). */
export const typedResolvers: readonly Resolvers[] = typed;
export { scalarResolvers };
