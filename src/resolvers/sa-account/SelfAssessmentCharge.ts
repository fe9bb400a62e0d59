import { chargeStatus, toMtdTaxYear } from '../../derive/sa-account';
import type { SelfAssessmentChargeResolvers } from '../../generated/graphql';
import { todayInUk } from './year-slice';

export const SelfAssessmentCharge: SelfAssessmentChargeResolvers = {
  taxYear: (charge) => toMtdTaxYear(charge.taxYear),
  status: (charge, _args, context) => chargeStatus(charge, todayInUk(context)),
  interestAccruing: (charge, _args, context) => {
    if ((charge.accruingInterest ?? 0) > 0) return true;
    const period = charge.accruingInterestPeriod;
    const end = period?.interestEndDate;
    return (
      period !== undefined && charge.outstandingAmount > 0 && (end === undefined || end >= todayInUk(context))
    );
  },
  amendments: (charge) => charge.amendments ?? [],
};
