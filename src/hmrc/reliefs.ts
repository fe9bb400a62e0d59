/**
 * Individuals Reliefs API (v3.0; v2.0 still selectable): five NINO + tax year resources. Wire types are HMRC's
 * JSON field for field. Relief investments and charitable giving have two generations split at 2025-26.
 */
import { yearResource } from './endpoint';
import {
  charitableGivingResponse,
  foreignReliefsResponse,
  otherReliefsResponse,
  pensionReliefsResponse,
  reliefInvestmentsResponse,
} from './response-schemas';

/** The first tax year of the second generation of relief investments and charitable giving (v3). */
export const RELIEFS_DEF2_FROM = '2025-26';

// --- Relief investments -----------------------------------------------------------------------------------

export interface InvestmentDto {
  /** Required before 2025-26 and for every scheme but VCT from 2025-26. */
  uniqueInvestmentRef?: string;
  dateOfInvestment?: string;
  amountInvested?: number;
  reliefClaimed: number;
}
export interface VctSubscriptionDto extends InvestmentDto {
  name?: string;
}
export interface EisSubscriptionDto extends InvestmentDto {
  name?: string;
  knowledgeIntensive?: boolean;
}
export interface CommunityInvestmentDto extends InvestmentDto {
  name?: string;
}
export interface SeedEnterpriseInvestmentDto extends InvestmentDto {
  companyName?: string;
}
export interface SocialEnterpriseInvestmentDto extends InvestmentDto {
  socialEnterpriseName?: string;
}

export interface ReliefInvestmentsRequestDto {
  vctSubscription?: VctSubscriptionDto[];
  eisSubscription?: EisSubscriptionDto[];
  communityInvestment?: CommunityInvestmentDto[];
  seedEnterpriseInvestment?: SeedEnterpriseInvestmentDto[];
  /** Before 2025-26 only. */
  socialEnterpriseInvestment?: SocialEnterpriseInvestmentDto[];
}
export interface ReliefInvestmentsDto extends ReliefInvestmentsRequestDto {
  submittedOn: string;
}

// --- Other reliefs ----------------------------------------------------------------------------------------

export interface ReliefClaimDto {
  customerReference?: string;
  reliefClaimed: number;
}
export interface QualifyingDistributionDto {
  customerReference?: string;
  amount: number;
}
export interface MaintenancePaymentDto {
  customerReference?: string;
  exSpouseName?: string;
  exSpouseDateOfBirth?: string;
  amount: number;
}
export interface PostCessationTradeReliefDto {
  customerReference?: string;
  businessName?: string;
  dateBusinessCeased?: string;
  natureOfTrade?: string;
  incomeSource?: string;
  amount: number;
}
export interface QualifyingLoanInterestPaymentDto {
  customerReference?: string;
  lenderName?: string;
  reliefClaimed: number;
}
export interface OtherReliefsRequestDto {
  nonDeductibleLoanInterest?: ReliefClaimDto;
  payrollGiving?: ReliefClaimDto;
  qualifyingDistributionRedemptionOfSharesAndSecurities?: QualifyingDistributionDto;
  maintenancePayments?: MaintenancePaymentDto[];
  postCessationTradeReliefAndCertainOtherLosses?: PostCessationTradeReliefDto[];
  annualPaymentsMade?: ReliefClaimDto;
  qualifyingLoanInterestPayments?: QualifyingLoanInterestPaymentDto[];
}
export interface OtherReliefsDto extends OtherReliefsRequestDto {
  submittedOn: string;
}

// --- Foreign reliefs --------------------------------------------------------------------------------------

export interface AmountDto {
  amount: number;
}
export interface ForeignIncomeTaxCreditReliefDto {
  countryCode: string;
  foreignTaxPaid?: number;
  taxableAmount: number;
  employmentLumpSum: boolean;
}
export interface ForeignReliefsRequestDto {
  foreignTaxCreditRelief?: AmountDto;
  foreignIncomeTaxCreditRelief?: ForeignIncomeTaxCreditReliefDto[];
  foreignTaxForFtcrNotClaimed?: AmountDto;
}
export interface ForeignReliefsDto extends ForeignReliefsRequestDto {
  submittedOn: string;
}

// --- Pension reliefs --------------------------------------------------------------------------------------

export interface PensionReliefsDetailDto {
  regularPensionContributions?: number;
  oneOffPensionContributionsPaid?: number;
  retirementAnnuityPayments?: number;
  paymentToEmployersSchemeNoTaxRelief?: number;
  overseasPensionSchemeContributions?: number;
}
export interface PensionReliefsRequestDto {
  pensionReliefs: PensionReliefsDetailDto;
}
export interface PensionReliefsDto extends PensionReliefsRequestDto {
  submittedOn: string;
}

// --- Charitable giving ------------------------------------------------------------------------------------

export interface NonUkCharitiesDto {
  charityNames?: string[];
  totalAmount: number;
}
export interface GiftAidPaymentsDto {
  /** Before 2025-26 only. */
  nonUkCharities?: NonUkCharitiesDto;
  totalAmount?: number;
  oneOffAmount?: number;
  amountTreatedAsPreviousTaxYear?: number;
  amountTreatedAsSpecifiedTaxYear?: number;
}
export interface GiftsDto {
  /** Before 2025-26 only. */
  nonUkCharities?: NonUkCharitiesDto;
  landAndBuildings?: number;
  sharesOrSecurities?: number;
}
/** Request and response have the same shape; HMRC's response carries no `submittedOn` for this resource. */
export interface CharitableGivingDto {
  giftAidPayments?: GiftAidPaymentsDto;
  gifts?: GiftsDto;
}

// --- Endpoints (minimum tax years are what HMRC's validators enforce, which is earlier than its docs say) ---

const stateful = {
  retrieve: ['NOT_FOUND', 'STATEFUL'],
  createAmend: ['OUTSIDE_AMENDMENT_WINDOW', 'STATEFUL'],
  delete: ['NOT_FOUND', 'OUTSIDE_AMENDMENT_WINDOW', 'STATEFUL'],
} as const;

export const reliefInvestments = yearResource<ReliefInvestmentsDto, ReliefInvestmentsRequestDto>({
  api: 'reliefs',
  name: 'reliefInvestments',
  responseSchema: reliefInvestmentsResponse,
  pathTemplate: '/individuals/reliefs/investment/{nino}/{taxYear}',
  minTaxYear: '2020-21',
  writeMethod: 'PUT',
  scenarios: stateful,
  requestCannotBeFulfilled: false,
});

export const otherReliefs = yearResource<OtherReliefsDto, OtherReliefsRequestDto>({
  api: 'reliefs',
  name: 'otherReliefs',
  responseSchema: otherReliefsResponse,
  pathTemplate: '/individuals/reliefs/other/{nino}/{taxYear}',
  minTaxYear: '2020-21',
  writeMethod: 'PUT',
  scenarios: { ...stateful, createAmend: ['SUBMISSION_FAILED', 'OUTSIDE_AMENDMENT_WINDOW', 'STATEFUL'] },
  requestCannotBeFulfilled: false,
});

export const foreignReliefs = yearResource<ForeignReliefsDto, ForeignReliefsRequestDto>({
  api: 'reliefs',
  name: 'foreignReliefs',
  responseSchema: foreignReliefsResponse,
  pathTemplate: '/individuals/reliefs/foreign/{nino}/{taxYear}',
  minTaxYear: '2020-21',
  writeMethod: 'PUT',
  scenarios: stateful,
  requestCannotBeFulfilled: false,
});

export const pensionReliefs = yearResource<PensionReliefsDto, PensionReliefsRequestDto>({
  api: 'reliefs',
  name: 'pensionReliefs',
  responseSchema: pensionReliefsResponse,
  pathTemplate: '/individuals/reliefs/pensions/{nino}/{taxYear}',
  minTaxYear: '2020-21',
  writeMethod: 'PUT',
  scenarios: stateful,
  requestCannotBeFulfilled: false,
});

export const charitableGiving = yearResource<CharitableGivingDto, CharitableGivingDto>({
  api: 'reliefs',
  name: 'charitableGiving',
  responseSchema: charitableGivingResponse,
  pathTemplate: '/individuals/reliefs/charitable-giving/{nino}/{taxYear}',
  minTaxYear: '2017-18',
  writeMethod: 'PUT',
  // NOT_FOUND on a PUT simulates a taxpayer without an income source.
  scenarios: { ...stateful, createAmend: ['NOT_FOUND', 'OUTSIDE_AMENDMENT_WINDOW', 'STATEFUL'] },
  requestCannotBeFulfilled: false,
});
