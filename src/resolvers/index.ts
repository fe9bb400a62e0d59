/**
 * All resolvers: the HMRC resources' (built from the registry, src/resources/), then one folder per domain and
 * one file per GraphQL type. `makeExecutableSchema` merges the list, so each contributes its own partial map.
 */
import type { IExecutableSchemaDefinition } from '@graphql-tools/schema';
import type { Resolvers } from '../generated/graphql';
import { Mutation as DisclosuresMutation } from './disclosures/Mutation';
import { Query as FraudQuery } from './fraud/Query';
import { TaxpayerYear as ReliefsTaxpayerYear } from './reliefs/TaxpayerYear';
import { resourceResolvers } from './resources';
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
  { TaxpayerYear: ReliefsTaxpayerYear },
  { Mutation: DisclosuresMutation },
  {
    Taxpayer: SaTaxpayer,
    TaxpayerYear: SaTaxpayerYear,
    SelfAssessmentAccount,
    SelfAssessmentBalance,
    SelfAssessmentCharge,
    SelfAssessmentYear,
  },
  { TaxpayerYear: SummaryTaxpayerYear, YearlySummary },
  { Query: FraudQuery },
  identityResolvers,
];

// Scalars use graphql-tools' `__serialize` form (see scalars.ts), which the generated `Resolvers` type does not
// describe; the typed maps and the scalars meet here, in the shape makeExecutableSchema takes.
// Every registered HMRC resource's read field and mutations are built from its definition (src/resources/).
// The Winter Fuel Payment source enum's internal values are HMRC's query values, so `HMRC_HELD` arrives as
// `hmrc-held` and HMRC's `source` in a response is shown as `HMRC_HELD`.
const all = [
  resourceResolvers() as Resolvers,
  { WinterFuelPaymentSource: { HMRC_HELD: 'hmrc-held', USER: 'user', LATEST: 'latest' } } as Resolvers,
  ...typed,
];

export const resolvers = [scalarResolvers, ...all] as NonNullable<IExecutableSchemaDefinition['resolvers']>;

/** The same maps apart, for the federation subgraph build (src/federation/subgraph.ts). */
export const typedResolvers: readonly Resolvers[] = all;
export { scalarResolvers };
