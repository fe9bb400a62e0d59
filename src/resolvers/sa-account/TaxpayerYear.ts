import { GatewayError, hmrcError } from '../../errors/hmrc-error';
import type { TaxpayerYearResolvers } from '../../generated/graphql';
import { withScope } from '../identity/scope';
import { loadYearSlice } from './year-slice';

export const TaxpayerYear: TaxpayerYearResolvers = {
  selfAssessment: async ({ utr, taxYear }, _args, context) => {
    const result = await loadYearSlice(context, utr, taxYear);
    if (result.kind === 'outsideWindow') {
      throw new GatewayError(
        [
          hmrcError('RULE_TAX_YEAR_NOT_SUPPORTED', {
            message: `HMRC's Self Assessment account covers tax years from ${result.window.earliest} only`,
          }),
        ],
        'GATEWAY',
      );
    }
    // `utr` is non-null here: loadYearSlice fails with MISSING_UTR without one.
    return result.kind === 'slice' ? withScope(result.slice, [utr ?? '']) : null;
  },
};
