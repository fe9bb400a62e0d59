import type { QueryResolvers } from '../../generated/graphql';

export const Query: QueryResolvers = {
  taxpayer: (_root, { nino, utr }) => ({ nino, utr: utr ?? null }),
};
