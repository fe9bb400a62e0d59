import type { TaxpayerResolvers } from '../../generated/graphql';
import { validateFromDate } from '../../validation/sa-account';
import { throwIfInvalid } from '../support';
import { loadAccount, requireUtr, windowNow } from './year-slice';

export const Taxpayer: TaxpayerResolvers = {
  selfAssessmentAccount: async ({ utr }, { fromDate }, context) => {
    const required = requireUtr(utr);
    const window = windowNow(context);
    const from = fromDate ?? window.defaultFrom;
    throwIfInvalid(validateFromDate(from, window));
    const account = await loadAccount(context, required, from);
    return account && { utr: required, fromDate: from, account };
  },
};
