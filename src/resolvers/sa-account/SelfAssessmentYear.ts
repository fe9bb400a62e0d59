import type { SelfAssessmentYearResolvers } from '../../generated/graphql';
import { scopeOf, withScope } from '../identity/scope';

export const SelfAssessmentYear: SelfAssessmentYearResolvers = {
  // The slice is tagged with its UTR (TaxpayerYear.selfAssessment); its charges and movements carry it on, for ids.
  charges: (slice) => slice.charges.map((charge) => withScope(charge, scopeOf(slice, 'SelfAssessmentYear'))),
  transactions: (slice) => {
    const [utr = ''] = scopeOf(slice, 'SelfAssessmentYear');
    // HMRC gives adjustments and payments no id of their own: a movement is identified by what HMRC says of it
    // (its charge, date, reason or payment reference, amount), and a count of earlier identical movements.
    const seen = new Map<string, number>();
    return slice.transactions.map((movement) => {
      const parts = [utr, movement.kind, movement.chargeId ?? '', movement.date, movement.description];
      const key = [...parts, String(movement.amount)].join('\0');
      const repeat = seen.get(key) ?? 0;
      seen.set(key, repeat + 1);
      return withScope(movement, [...parts, String(movement.amount), String(repeat)]);
    });
  },
};
