import type { TaxpayerYearResolvers } from '../../generated/graphql';

export const TaxpayerYear: TaxpayerYearResolvers = {
  // Each total is its own field, computed (and failing) separately from the same per-request loaders.
  summary: (parent) => parent,
};
