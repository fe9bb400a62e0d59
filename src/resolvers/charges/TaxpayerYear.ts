import { authenticated } from '../../context';
import type { TaxpayerYearResolvers } from '../../generated/graphql';
import { pensionCharges } from '../../hmrc/charges';
import { validateRetrievePensionCharges } from '../../validation/charges';
import { throwIfInvalid } from '../support';

export const TaxpayerYear: TaxpayerYearResolvers = {
  pensionCharges: ({ nino, taxYear }, _args, context) => {
    throwIfInvalid(validateRetrievePensionCharges(nino, taxYear));
    return authenticated(context).loaders.year(pensionCharges).load({ nino, taxYear });
  },
};
