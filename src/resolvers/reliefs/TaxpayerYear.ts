import type { TaxpayerYearResolvers } from '../../generated/graphql';

export const TaxpayerYear: TaxpayerYearResolvers = {
  // Each kind of relief is its own field of `Reliefs`, resolved (and failing) separately.
  reliefs: (parent) => parent,
};
