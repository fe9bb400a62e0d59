/**
 * Demo data for the documented demo taxpayer, so that a newcomer's first query against the simulator shows
 * something. Every caller sees the same starting data and then their own writes on top of it. The figures
 * follow HMRC's own example responses.
 */
import type { PensionChargesDto } from '../hmrc/charges';
import type { DisclosuresDto } from '../hmrc/disclosures';
import type {
  CharitableGivingDto,
  ForeignReliefsDto,
  OtherReliefsDto,
  PensionReliefsDto,
  ReliefInvestmentsDto,
} from '../hmrc/reliefs';

/** The demo taxpayer's National Insurance number. */
export const DEMO_NINO = 'AA123456A';

const overseasProvider = {
  providerName: 'Overseas Pensions Plc',
  providerAddress: '111 Main Street, Any Town, Any City',
  providerCountryCode: 'CYM',
  qualifyingRecognisedOverseasPensionScheme: ['Q123456'],
};

const sharedSections = {
  pensionSchemeOverseasTransfers: {
    overseasSchemeProvider: [overseasProvider],
    transferCharge: 100,
    transferChargeTaxPaid: 100,
  },
  pensionSchemeUnauthorisedPayments: {
    pensionSchemeTaxReference: ['00123456RA', '00123456RB'],
    surcharge: { amount: 100.99, foreignTaxPaid: 100.99 },
    noSurcharge: { amount: 100.99, foreignTaxPaid: 100.99 },
  },
  pensionContributions: {
    pensionSchemeTaxReference: ['00123456RA', '00123456RB'],
    inExcessOfTheAnnualAllowance: 100,
    annualAllowanceTaxPaid: 100,
    isAnnualAllowanceReduced: true,
    taperedAnnualAllowance: true,
    moneyPurchasedAllowance: false,
  },
  overseasPensionContributions: {
    overseasSchemeProvider: [overseasProvider],
    shortServiceRefund: 123,
    shortServiceRefundTaxPaid: 123,
  },
};

/** HMRC's example response for a tax year before 2024-25 (with lifetime-allowance charges). */
export const PENSION_CHARGES_DEF1_EXAMPLE: PensionChargesDto = {
  submittedOn: '2023-07-27T17:00:19.000Z',
  pensionSavingsTaxCharges: {
    pensionSchemeTaxReference: ['00123456RA', '00123456RB'],
    lumpSumBenefitTakenInExcessOfLifetimeAllowance: { amount: 100, taxPaid: 100 },
    benefitInExcessOfLifetimeAllowance: { amount: 100, taxPaid: 100 },
  },
  ...sharedSections,
};

/** HMRC's example response for 2024-25 onwards (no lifetime-allowance section). */
export const PENSION_CHARGES_DEF2_EXAMPLE: PensionChargesDto = {
  submittedOn: '2024-07-27T17:00:19.000Z',
  ...sharedSections,
};

// --- Reliefs and disclosures (HMRC's example responses) ----------------------------------------------------

const investmentsDef2 = {
  vctSubscription: [
    {
      uniqueInvestmentRef: 'VCTREF',
      name: 'VCT Fund X',
      dateOfInvestment: '2018-04-16',
      amountInvested: 23312,
      reliefClaimed: 1334,
    },
  ],
  eisSubscription: [
    {
      uniqueInvestmentRef: 'XTAL',
      name: 'EIS Fund X',
      knowledgeIntensive: true,
      dateOfInvestment: '2020-12-12',
      amountInvested: 23312,
      reliefClaimed: 43432,
    },
  ],
  communityInvestment: [
    {
      uniqueInvestmentRef: 'CIREF',
      name: 'CI X',
      dateOfInvestment: '2020-12-12',
      amountInvested: 6442,
      reliefClaimed: 2344,
    },
  ],
  seedEnterpriseInvestment: [
    {
      uniqueInvestmentRef: '1234121A',
      companyName: 'Company Inc',
      dateOfInvestment: '2020-12-12',
      amountInvested: 123123.22,
      reliefClaimed: 3432,
    },
  ],
};

/** HMRC's relief-investments examples: before 2025-26 (with SITR) and from 2025-26. */
export const RELIEF_INVESTMENTS_DEF1_EXAMPLE: ReliefInvestmentsDto = {
  submittedOn: '2019-04-04T01:01:01.000Z',
  ...investmentsDef2,
  socialEnterpriseInvestment: [
    {
      uniqueInvestmentRef: '1234121A',
      socialEnterpriseName: 'SE Inc',
      dateOfInvestment: '2020-12-12',
      amountInvested: 123123.22,
      reliefClaimed: 3432,
    },
  ],
};
export const RELIEF_INVESTMENTS_DEF2_EXAMPLE: ReliefInvestmentsDto = {
  submittedOn: '2019-04-04T01:01:01.000Z',
  ...investmentsDef2,
};

export const OTHER_RELIEFS_EXAMPLE: OtherReliefsDto = {
  submittedOn: '2019-04-04T01:01:01.000Z',
  nonDeductibleLoanInterest: { customerReference: 'myref', reliefClaimed: 763 },
  payrollGiving: { customerReference: 'myref', reliefClaimed: 154 },
  qualifyingDistributionRedemptionOfSharesAndSecurities: { customerReference: 'myref', amount: 222.22 },
  maintenancePayments: [
    { customerReference: 'myref', exSpouseName: 'Hilda', exSpouseDateOfBirth: '2000-01-01', amount: 222.22 },
  ],
  postCessationTradeReliefAndCertainOtherLosses: [
    {
      customerReference: 'myref',
      businessName: 'ACME Inc',
      dateBusinessCeased: '2019-08-10',
      natureOfTrade: 'Widgets Manufacturer',
      incomeSource: 'AB12412/A12',
      amount: 222.22,
    },
  ],
  annualPaymentsMade: { customerReference: 'myref', reliefClaimed: 763 },
  qualifyingLoanInterestPayments: [{ customerReference: 'myref', lenderName: 'Maurice', reliefClaimed: 763 }],
};

export const FOREIGN_RELIEFS_EXAMPLE: ForeignReliefsDto = {
  submittedOn: '2019-04-04T01:01:01.000Z',
  foreignTaxCreditRelief: { amount: 5000.99 },
  foreignIncomeTaxCreditRelief: [
    { countryCode: 'FRA', foreignTaxPaid: 4567.69, taxableAmount: 2853.13, employmentLumpSum: false },
  ],
  foreignTaxForFtcrNotClaimed: { amount: 3456.97 },
};

export const PENSION_RELIEFS_EXAMPLE: PensionReliefsDto = {
  submittedOn: '2020-07-14T10:30:18.000Z',
  pensionReliefs: {
    regularPensionContributions: 1999.99,
    oneOffPensionContributionsPaid: 1999.99,
    retirementAnnuityPayments: 1999.99,
    paymentToEmployersSchemeNoTaxRelief: 1999.99,
    overseasPensionSchemeContributions: 1999.99,
  },
};

const nonUk = { charityNames: ['non-UK charity 1', 'non-UK charity 2'], totalAmount: 1000.12 };
const giftAid = {
  totalAmount: 1000.12,
  oneOffAmount: 1000.12,
  amountTreatedAsPreviousTaxYear: 1000.12,
  amountTreatedAsSpecifiedTaxYear: 1000.12,
};
/** HMRC's charitable-giving examples: before 2025-26 (with non-UK charities) and from 2025-26. */
export const CHARITABLE_GIVING_DEF1_EXAMPLE: CharitableGivingDto = {
  giftAidPayments: { nonUkCharities: nonUk, ...giftAid },
  gifts: { nonUkCharities: nonUk, landAndBuildings: 1000.12, sharesOrSecurities: 1000.12 },
};
export const CHARITABLE_GIVING_DEF2_EXAMPLE: CharitableGivingDto = {
  giftAidPayments: giftAid,
  gifts: { landAndBuildings: 1000.12, sharesOrSecurities: 1000.12 },
};

export const DISCLOSURES_EXAMPLE: DisclosuresDto = {
  submittedOn: '2020-07-06T09:37:17.000Z',
  taxAvoidance: [{ srn: '14211123', taxYear: '2020-21' }],
  class2Nics: { class2VoluntaryContributions: true },
};

/** Demo data by resource: what the demo taxpayer holds before anyone writes. */
function demoFor<T>(byYear: Readonly<Record<string, T>>): (nino: string, taxYear: string) => T | undefined {
  return (nino, taxYear) => (nino === DEMO_NINO ? byYear[taxYear] : undefined);
}

export const demoReliefInvestments = demoFor({
  '2023-24': RELIEF_INVESTMENTS_DEF1_EXAMPLE,
  '2024-25': RELIEF_INVESTMENTS_DEF1_EXAMPLE,
  '2025-26': RELIEF_INVESTMENTS_DEF2_EXAMPLE,
});
export const demoOtherReliefs = demoFor({
  '2023-24': OTHER_RELIEFS_EXAMPLE,
  '2024-25': OTHER_RELIEFS_EXAMPLE,
});
export const demoForeignReliefs = demoFor({
  '2023-24': FOREIGN_RELIEFS_EXAMPLE,
  '2024-25': FOREIGN_RELIEFS_EXAMPLE,
});
export const demoPensionReliefs = demoFor({
  '2023-24': PENSION_RELIEFS_EXAMPLE,
  '2024-25': PENSION_RELIEFS_EXAMPLE,
});
export const demoCharitableGiving = demoFor({
  '2023-24': CHARITABLE_GIVING_DEF1_EXAMPLE,
  '2024-25': CHARITABLE_GIVING_DEF1_EXAMPLE,
  '2025-26': CHARITABLE_GIVING_DEF2_EXAMPLE,
});
export const demoDisclosures = demoFor({ '2023-24': DISCLOSURES_EXAMPLE, '2024-25': DISCLOSURES_EXAMPLE });
export const demoPensionCharges = demoFor({
  '2023-24': PENSION_CHARGES_DEF1_EXAMPLE,
  '2024-25': PENSION_CHARGES_DEF2_EXAMPLE,
});
