import type { TaxpayerResolvers } from '../../generated/graphql';
import { taxYearsBetween } from '../../validation/identifiers';
import { validateTaxYearRange } from '../../validation/sa-account';
import { throwIfInvalid } from '../support';

export const Taxpayer: TaxpayerResolvers = {
  taxYear: ({ nino, utr }, { taxYear }) => ({ nino, utr, taxYear }),
  taxYears: ({ nino, utr }, { from, to }) => {
    throwIfInvalid(validateTaxYearRange(from, to));
    return taxYearsBetween(from, to).map((taxYear) => ({ nino, utr, taxYear }));
  },
};
