import type { TaxpayerResolvers } from '../../generated/graphql';

export const Taxpayer: TaxpayerResolvers = {
  taxYear: ({ nino, utr }, { taxYear }) => ({ nino, utr, taxYear }),
};
