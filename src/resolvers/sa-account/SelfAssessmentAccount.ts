import type { SelfAssessmentAccountResolvers } from '../../generated/graphql';
import { withScope } from '../identity/scope';

export const SelfAssessmentAccount: SelfAssessmentAccountResolvers = {
  balanceDetails: ({ account }) => account.balanceDetails,
  chargeDetails: ({ account, utr }) =>
    (account.chargeDetails ?? []).map((charge) => withScope(charge, [utr])),
  paymentHistoryDetails: ({ account }) => account.paymentHistoryDetails ?? [],
  refundDetails: ({ account }) => account.refundDetails ?? [],
};
