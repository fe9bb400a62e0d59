import type { GatewayContext } from '../../context';
import { authenticated } from '../../context';
import type { SaTotals } from '../../derive/summary';
import * as totals from '../../derive/summary';
import { sumPounds } from '../../derive/money';
import type { HmrcError } from '../../errors/hmrc-error';
import type { SummarySource, YearlySummaryResolvers } from '../../generated/graphql';
import { pensionCharges } from '../../hmrc/charges';
import { disclosures } from '../../hmrc/disclosures';
import type { YearResource } from '../../hmrc/endpoint';
import {
  charitableGiving,
  foreignReliefs,
  otherReliefs,
  pensionReliefs,
  reliefInvestments,
} from '../../hmrc/reliefs';
import { validateRetrievePensionCharges } from '../../validation/charges';
import { validateRetrieveDisclosures } from '../../validation/disclosures';
import { validateRetrieveCharitableGiving } from '../../validation/reliefs/charitable-giving';
import { validateRetrieveForeignReliefs } from '../../validation/reliefs/foreign';
import { validateRetrieveReliefInvestments } from '../../validation/reliefs/investments';
import { validateRetrieveOtherReliefs } from '../../validation/reliefs/other';
import { validateRetrievePensionReliefs } from '../../validation/reliefs/pensions';
import type { ValidationSettings } from '../../validation/types';
import type { TaxpayerYearParent } from '../parents';
import { throwIfInvalid } from '../support';
import { loadYearSlice } from '../sa-account/year-slice';

type PathRules = (nino: string, taxYear: string, settings: ValidationSettings) => HmrcError[];

/**
 * One source of the summary for the year: HMRC's data, or `null` when it holds none. A year the endpoint does not
 * offer (HMRC's RULE_TAX_YEAR_NOT_SUPPORTED) is also `null` — without a call, since HMRC would refuse it.
 */
async function source<T>(
  context: GatewayContext,
  { nino, taxYear }: TaxpayerYearParent,
  resource: YearResource<T, unknown>,
  rules: PathRules,
): Promise<T | null> {
  const errors = rules(nino, taxYear, context.settings);
  if (errors.length === 1 && errors[0]!.code === 'RULE_TAX_YEAR_NOT_SUPPORTED') return null;
  throwIfInvalid(errors);
  return authenticated(context).loaders.year(resource).load({ nino, taxYear });
}

const SOURCES: ReadonlyArray<[SummarySource, YearResource<unknown, unknown>, PathRules]> = [
  ['PENSION_CHARGES', pensionCharges, validateRetrievePensionCharges],
  ['RELIEF_INVESTMENTS', reliefInvestments, validateRetrieveReliefInvestments],
  ['OTHER_RELIEFS', otherReliefs, validateRetrieveOtherReliefs],
  ['FOREIGN_RELIEFS', foreignReliefs, validateRetrieveForeignReliefs],
  ['PENSION_RELIEFS', pensionReliefs, validateRetrievePensionReliefs],
  ['CHARITABLE_GIVING', charitableGiving, validateRetrieveCharitableGiving],
  ['DISCLOSURES', disclosures, validateRetrieveDisclosures],
];

export const YearlySummary: YearlySummaryResolvers = {
  pensionCharges: async (parent, _args, context) =>
    totals.pensionChargesTotals(
      await source(context, parent, pensionCharges, validateRetrievePensionCharges),
    ),

  reliefs: async (parent, _args, context) => {
    const [investments, other, foreign, pensions, giving] = await Promise.all([
      source(context, parent, reliefInvestments, validateRetrieveReliefInvestments),
      source(context, parent, otherReliefs, validateRetrieveOtherReliefs),
      source(context, parent, foreignReliefs, validateRetrieveForeignReliefs),
      source(context, parent, pensionReliefs, validateRetrievePensionReliefs),
      source(context, parent, charitableGiving, validateRetrieveCharitableGiving),
    ]);
    const perKind = {
      investments: totals.investmentsClaimed(investments),
      other: totals.otherReliefsClaimed(other),
      foreign: totals.foreignReliefsClaimed(foreign),
      pensions: totals.pensionReliefsClaimed(pensions),
      charitableGiving: totals.charitableGivingClaimed(giving),
    };
    return { ...perKind, total: sumPounds(Object.values(perKind)) };
  },

  disclosuresPresent: async (parent, _args, context) =>
    (await source(context, parent, disclosures, validateRetrieveDisclosures)) !== null,

  selfAssessment: async ({ utr, taxYear }, _args, context): Promise<SaTotals> => {
    const result = await loadYearSlice(context, utr, taxYear);
    if (result.kind !== 'slice') return totals.NO_SA_TOTALS;
    const { slice } = result;
    return {
      charged: slice.amountCharged,
      paid: slice.amountPaid,
      outstanding: slice.amountOutstanding,
      overdue: slice.amountOverdue,
      nextDueDate: slice.nextDueDate,
    };
  },

  noData: async (parent, _args, context) => {
    // The account is asked for now, in the same tick as every other field that needs it, so that the request's
    // one SA call starts from the earliest date any field needs. Asked only after the other sources answered, an
    // earlier year than the first batch's would cost a second call. Self Assessment counts only when a UTR was
    // given (without one the totals field reports MISSING_UTR).
    const [held, sa] = await Promise.all([
      Promise.all(SOURCES.map(([, resource, rules]) => source(context, parent, resource, rules))),
      parent.utr === null ? undefined : loadYearSlice(context, parent.utr, parent.taxYear),
    ]);
    const missing = SOURCES.filter((_, i) => held[i] === null).map(([name]) => name);
    if (sa !== undefined && (sa.kind !== 'slice' || sa.slice.charges.length === 0)) {
      missing.push('SELF_ASSESSMENT');
    }
    return missing;
  },
};
