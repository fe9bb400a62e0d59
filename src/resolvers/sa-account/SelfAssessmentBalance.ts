import type { SelfAssessmentBalanceResolvers } from '../../generated/graphql';

export const SelfAssessmentBalance: SelfAssessmentBalanceResolvers = {
  codedOutDetail: (balance) => balance.codedOutDetail ?? [],
};
