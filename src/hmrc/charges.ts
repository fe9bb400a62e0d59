/**
 * Individuals Charges API (v3.0): pension charges. Wire types are HMRC's JSON, field for field; the request has
 * two generations split at 2024-25 (def1 before, def2 from), the response likewise.
 */
import { yearResource } from './endpoint';
import { pensionChargesResponse } from './response-schemas';

export interface LifetimeAllowanceDto {
  amount: number;
  taxPaid: number;
}

export interface PensionSavingsTaxChargesDto {
  pensionSchemeTaxReference: string[];
  lumpSumBenefitTakenInExcessOfLifetimeAllowance?: LifetimeAllowanceDto;
  benefitInExcessOfLifetimeAllowance?: LifetimeAllowanceDto;
}

export interface OverseasSchemeProviderDto {
  providerName: string;
  providerAddress: string;
  providerCountryCode: string;
  qualifyingRecognisedOverseasPensionScheme?: string[];
  pensionSchemeTaxReference?: string[];
}

export interface PensionSchemeOverseasTransfersDto {
  overseasSchemeProvider: OverseasSchemeProviderDto[];
  transferCharge: number;
  transferChargeTaxPaid: number;
}

export interface UnauthorisedPaymentChargeDto {
  amount: number;
  foreignTaxPaid: number;
}

export interface PensionSchemeUnauthorisedPaymentsDto {
  /** Required in requests; optional in HMRC's 2024-25+ response. */
  pensionSchemeTaxReference?: string[];
  surcharge?: UnauthorisedPaymentChargeDto;
  noSurcharge?: UnauthorisedPaymentChargeDto;
}

export interface PensionContributionsDto {
  pensionSchemeTaxReference: string[];
  inExcessOfTheAnnualAllowance: number;
  annualAllowanceTaxPaid: number;
  isAnnualAllowanceReduced?: boolean;
  taperedAnnualAllowance?: boolean;
  moneyPurchasedAllowance?: boolean;
}

export interface OverseasPensionContributionsDto {
  overseasSchemeProvider: OverseasSchemeProviderDto[];
  shortServiceRefund: number;
  shortServiceRefundTaxPaid: number;
}

/** The PUT body. `pensionSavingsTaxCharges` exists only before 2024-25 (def1). */
export interface PensionChargesRequestDto {
  pensionSavingsTaxCharges?: PensionSavingsTaxChargesDto;
  pensionSchemeOverseasTransfers?: PensionSchemeOverseasTransfersDto;
  pensionSchemeUnauthorisedPayments?: PensionSchemeUnauthorisedPaymentsDto;
  pensionContributions?: PensionContributionsDto;
  overseasPensionContributions?: OverseasPensionContributionsDto;
}

/** The GET body: the request's sections plus when they were submitted. */
export interface PensionChargesDto extends PensionChargesRequestDto {
  submittedOn: string;
}

/** The first tax year of HMRC's second request/response generation (no lifetime-allowance section). */
export const PENSION_CHARGES_DEF2_FROM = '2024-25';

export const pensionCharges = yearResource<PensionChargesDto, PensionChargesRequestDto>({
  api: 'charges',
  name: 'pensionCharges',
  responseSchema: pensionChargesResponse,
  pathTemplate: '/individuals/charges/pensions/{nino}/{taxYear}',
  minTaxYear: '2021-22',
  writeMethod: 'PUT',
  scenarios: {
    retrieve: ['NOT_FOUND', 'STATEFUL'],
    createAmend: ['STATEFUL', 'OUTSIDE_AMENDMENT_WINDOW'],
    delete: ['NOT_FOUND', 'STATEFUL', 'OUTSIDE_AMENDMENT_WINDOW'],
  },
  requestCannotBeFulfilled: true,
});
