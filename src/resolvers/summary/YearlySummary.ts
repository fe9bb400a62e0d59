import type { GatewayContext } from '../../context';
import { authenticated } from '../../context';
import type { SaTotals } from '../../derive/summary';
import * as totals from '../../derive/summary';
import { sumPounds } from '../../derive/money';
import type { SummarySource, YearlySummaryResolvers } from '../../generated/graphql';
import type { ResourceDefinition } from '../../resources';
import { RESOURCES, RESOURCE_LIST } from '../../resources';
import type { TaxpayerYearParent } from '../parents';
import { throwIfInvalid } from '../support';
import { loadYearSlice } from '../sa-account/year-slice';

/**
 * One source of the summary for the year: HMRC's data, or `null` when it holds none. A year the endpoint does not
 * offer (HMRC's RULE_TAX_YEAR_NOT_SUPPORTED) is also `null` — without a call, since HMRC would refuse it.
 */
async function source<T>(
  context: GatewayContext,
  { nino, taxYear }: TaxpayerYearParent,
  definition: ResourceDefinition<T, unknown>,
): Promise<T | null> {
  const errors = definition.rules.retrieve(nino, taxYear, context.settings, {});
  if (errors.length === 1 && errors[0]!.code === 'RULE_TAX_YEAR_NOT_SUPPORTED') return null;
  throwIfInvalid(errors);
  return authenticated(context).loaders.year(definition.endpoint).load({ nino, taxYear });
}

/** The registered resources `noData` names, in the registry's order. */
const SOURCES = RESOURCE_LIST.filter((definition) => definition.summarySource !== undefined);

export const YearlySummary: YearlySummaryResolvers = {
  pensionCharges: async (parent, _args, context) =>
    totals.pensionChargesTotals(await source(context, parent, RESOURCES.pensionCharges)),

  highIncomeChildBenefitCharge: async (parent, _args, context) => {
    const held = await source(context, parent, RESOURCES.highIncomeChildBenefitCharge);
    return held && totals.highIncomeChildBenefitChargeTotals(held);
  },

  reliefs: async (parent, _args, context) => {
    const [investments, other, foreign, pensions, giving] = await Promise.all([
      source(context, parent, RESOURCES.reliefInvestments),
      source(context, parent, RESOURCES.otherReliefs),
      source(context, parent, RESOURCES.foreignReliefs),
      source(context, parent, RESOURCES.pensionReliefs),
      source(context, parent, RESOURCES.charitableGiving),
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
    (await source(context, parent, RESOURCES.disclosures)) !== null,

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
      Promise.all(SOURCES.map((definition) => source(context, parent, definition))),
      parent.utr === null ? undefined : loadYearSlice(context, parent.utr, parent.taxYear),
    ]);
    const missing = SOURCES.filter((_, i) => held[i] === null).map(
      (definition) => definition.summarySource as SummarySource,
    );
    if (sa !== undefined && (sa.kind !== 'slice' || sa.slice.charges.length === 0)) {
      missing.push('SELF_ASSESSMENT');
    }
    return missing;
  },
};
