import type { TaxpayerYearResolvers } from '../../generated/graphql';
import { pensionCharges } from '../../hmrc/charges';
import { validateRetrievePensionCharges } from '../../validation/charges';
import { readYear } from '../support';

export const TaxpayerYear: TaxpayerYearResolvers = {
  pensionCharges: readYear(pensionCharges, validateRetrievePensionCharges),
};
