/**
 * `id` of every type a client cache normalises (the scheme: src/identity/ids.ts). One place, so a new type
 * gains its identity here beside the others; types without an id (payments, totals, write results) are values
 * a cache keeps inside their parent.
 */
import type { GatewayContext } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import { scopeOf } from './scope';

/** The id resolver of a NINO + tax year resource DTO (tagged by `readYear`). */
function yearResourceId(typename: string) {
  return (parent: object, _args: unknown, context: GatewayContext) =>
    context.ids.of(typename, ...scopeOf(parent, typename));
}

export const identityResolvers: Resolvers = {
  Taxpayer: { id: ({ nino }, _args, { ids }) => ids.of('Taxpayer', nino) },
  TaxpayerYear: { id: ({ nino, taxYear }, _args, { ids }) => ids.of('TaxpayerYear', nino, taxYear) },
  Reliefs: { id: ({ nino, taxYear }, _args, { ids }) => ids.of('Reliefs', nino, taxYear) },
  YearlySummary: { id: ({ nino, taxYear }, _args, { ids }) => ids.of('YearlySummary', nino, taxYear) },
  PensionCharges: { id: yearResourceId('PensionCharges') },
  ReliefInvestments: { id: yearResourceId('ReliefInvestments') },
  OtherReliefs: { id: yearResourceId('OtherReliefs') },
  ForeignReliefs: { id: yearResourceId('ForeignReliefs') },
  PensionReliefs: { id: yearResourceId('PensionReliefs') },
  CharitableGiving: { id: yearResourceId('CharitableGiving') },
  Disclosures: { id: yearResourceId('Disclosures') },
  HighIncomeChildBenefitCharge: { id: yearResourceId('HighIncomeChildBenefitCharge') },
  WinterFuelPayment: { id: yearResourceId('WinterFuelPayment') },
  SelfAssessmentAccount: {
    id: ({ utr, fromDate }, _args, { ids }) => ids.of('SelfAssessmentAccount', utr, fromDate),
  },
  SelfAssessmentYear: {
    id: (slice, _args, { ids }) =>
      ids.of('SelfAssessmentYear', ...scopeOf(slice, 'SelfAssessmentYear'), slice.taxYear),
  },
  SelfAssessmentCharge: {
    id: (charge, _args, { ids }) =>
      ids.of('SelfAssessmentCharge', ...scopeOf(charge, 'SelfAssessmentCharge'), charge.chargeId),
  },
  SelfAssessmentTransaction: {
    id: (transaction, _args, { ids }) =>
      ids.of('SelfAssessmentTransaction', ...scopeOf(transaction, 'SelfAssessmentTransaction')),
  },
};
