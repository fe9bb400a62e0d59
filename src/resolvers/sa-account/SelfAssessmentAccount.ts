import type { SelfAssessmentAccountResolvers } from '../../generated/graphql';

export const SelfAssessmentAccount: SelfAssessmentAccountResolvers = {
  balanceDetails: ({ account }) => account.balanceDetails,
  chargeDetails: ({ account }) => account.chargeDetails ?? [],
  paymentHistoryDetails: ({ account }) => account.paymentHistoryDetails ?? [],
  refundDetails: ({ account }) => account.refundDetails ?? [],
};
