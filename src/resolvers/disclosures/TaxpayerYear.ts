import type { TaxpayerYearResolvers } from '../../generated/graphql';
import { disclosures } from '../../hmrc/disclosures';
import { validateRetrieveDisclosures } from '../../validation/disclosures';
import { readYear } from '../support';

export const TaxpayerYear: TaxpayerYearResolvers = {
  disclosures: readYear(disclosures, validateRetrieveDisclosures),
};
