/**
 * The yearly summary's totals, from HMRC's responses. Each function takes HMRC's response for one resource and
 * year, or `null` when HMRC holds nothing (which counts as zero). The schema descriptions of `YearlySummary`
 * repeat exactly which HMRC fields each total adds up.
 */
import type { CharitableGivingDto } from '../resources/charitable-giving';
import type { ForeignReliefsDto } from '../resources/foreign-reliefs';
import type { HighIncomeChildBenefitChargeDto } from '../resources/high-income-child-benefit-charge';
import type { OtherReliefsDto } from '../resources/other-reliefs';
import type { PensionChargesDto } from '../resources/pension-charges';
import type { PensionReliefsDto } from '../resources/pension-reliefs';
import type { ReliefInvestmentsDto } from '../resources/relief-investments';
import { sumPounds } from './money';

export interface ReliefTotals {
  readonly investments: number;
  readonly other: number;
  readonly foreign: number;
  readonly pensions: number;
  readonly charitableGiving: number;
  readonly total: number;
}

export interface SaTotals {
  readonly charged: number;
  readonly paid: number;
  readonly outstanding: number;
  readonly overdue: number;
  readonly nextDueDate: string | null;
}

export const NO_SA_TOTALS: SaTotals = { charged: 0, paid: 0, outstanding: 0, overdue: 0, nextDueDate: null };

export interface PensionChargesTotals {
  /** Amounts liable to a pension charge. */
  readonly chargeableAmount: number;
  /** Tax already paid on those amounts. */
  readonly taxPaid: number;
}

/**
 * chargeableAmount: lumpSumBenefitTakenInExcessOfLifetimeAllowance.amount + benefitInExcessOfLifetimeAllowance.amount
 * + transferCharge + surcharge.amount + noSurcharge.amount + inExcessOfTheAnnualAllowance + shortServiceRefund.
 * taxPaid: the matching taxPaid, transferChargeTaxPaid, surcharge/noSurcharge foreignTaxPaid,
 * annualAllowanceTaxPaid and shortServiceRefundTaxPaid.
 */
export function pensionChargesTotals(charges: PensionChargesDto | null): PensionChargesTotals {
  const savings = charges?.pensionSavingsTaxCharges;
  const transfers = charges?.pensionSchemeOverseasTransfers;
  const unauthorised = charges?.pensionSchemeUnauthorisedPayments;
  const contributions = charges?.pensionContributions;
  const overseas = charges?.overseasPensionContributions;
  return {
    chargeableAmount: sumPounds([
      savings?.lumpSumBenefitTakenInExcessOfLifetimeAllowance?.amount,
      savings?.benefitInExcessOfLifetimeAllowance?.amount,
      transfers?.transferCharge,
      unauthorised?.surcharge?.amount,
      unauthorised?.noSurcharge?.amount,
      contributions?.inExcessOfTheAnnualAllowance,
      overseas?.shortServiceRefund,
    ]),
    taxPaid: sumPounds([
      savings?.lumpSumBenefitTakenInExcessOfLifetimeAllowance?.taxPaid,
      savings?.benefitInExcessOfLifetimeAllowance?.taxPaid,
      transfers?.transferChargeTaxPaid,
      unauthorised?.surcharge?.foreignTaxPaid,
      unauthorised?.noSurcharge?.foreignTaxPaid,
      contributions?.annualAllowanceTaxPaid,
      overseas?.shortServiceRefundTaxPaid,
    ]),
  };
}

export interface HighIncomeChildBenefitChargeTotals {
  readonly childBenefitReceived: number;
  readonly numberOfChildren: number;
}

/** HMRC's amountOfChildBenefitReceived and numberOfChildren, as held. */
export function highIncomeChildBenefitChargeTotals(
  charge: HighIncomeChildBenefitChargeDto,
): HighIncomeChildBenefitChargeTotals {
  return {
    childBenefitReceived: sumPounds([charge.amountOfChildBenefitReceived]),
    numberOfChildren: charge.numberOfChildren,
  };
}

/** Every `reliefClaimed` across VCT, EIS, community, SEIS and SITR investments. */
export function investmentsClaimed(investments: ReliefInvestmentsDto | null): number {
  if (!investments) return 0;
  return sumPounds(
    [
      ...(investments.vctSubscription ?? []),
      ...(investments.eisSubscription ?? []),
      ...(investments.communityInvestment ?? []),
      ...(investments.seedEnterpriseInvestment ?? []),
      ...(investments.socialEnterpriseInvestment ?? []),
    ].map((investment) => investment.reliefClaimed),
  );
}

/**
 * nonDeductibleLoanInterest, payrollGiving and annualPaymentsMade `reliefClaimed`, every
 * qualifyingLoanInterestPayments `reliefClaimed`, and the `amount` of qualifyingDistribution…, every
 * maintenancePayments item and every postCessationTradeReliefAndCertainOtherLosses item.
 */
export function otherReliefsClaimed(other: OtherReliefsDto | null): number {
  if (!other) return 0;
  return sumPounds([
    other.nonDeductibleLoanInterest?.reliefClaimed,
    other.payrollGiving?.reliefClaimed,
    other.qualifyingDistributionRedemptionOfSharesAndSecurities?.amount,
    ...(other.maintenancePayments ?? []).map((payment) => payment.amount),
    ...(other.postCessationTradeReliefAndCertainOtherLosses ?? []).map((loss) => loss.amount),
    other.annualPaymentsMade?.reliefClaimed,
    ...(other.qualifyingLoanInterestPayments ?? []).map((payment) => payment.reliefClaimed),
  ]);
}

/**
 * foreignTaxCreditRelief.amount plus every foreignIncomeTaxCreditRelief `foreignTaxPaid`. foreignTaxForFtcrNotClaimed
 * is, by its name, not claimed, so it is not counted.
 */
export function foreignReliefsClaimed(foreign: ForeignReliefsDto | null): number {
  if (!foreign) return 0;
  return sumPounds([
    foreign.foreignTaxCreditRelief?.amount,
    ...(foreign.foreignIncomeTaxCreditRelief ?? []).map((relief) => relief.foreignTaxPaid),
  ]);
}

/** The five pensionReliefs amounts. */
export function pensionReliefsClaimed(pensions: PensionReliefsDto | null): number {
  const reliefs = pensions?.pensionReliefs;
  if (!reliefs) return 0;
  return sumPounds([
    reliefs.regularPensionContributions,
    reliefs.oneOffPensionContributionsPaid,
    reliefs.retirementAnnuityPayments,
    reliefs.paymentToEmployersSchemeNoTaxRelief,
    reliefs.overseasPensionSchemeContributions,
  ]);
}

/**
 * giftAidPayments.totalAmount + gifts.landAndBuildings + gifts.sharesOrSecurities. The non-UK charity totals are
 * parts of those amounts, and one-off / carried-back / carried-forward Gift Aid amounts are parts of totalAmount,
 * so none of them is added again.
 */
export function charitableGivingClaimed(giving: CharitableGivingDto | null): number {
  if (!giving) return 0;
  return sumPounds([
    giving.giftAidPayments?.totalAmount,
    giving.gifts?.landAndBuildings,
    giving.gifts?.sharesOrSecurities,
  ]);
}
