/**
 * Demo data for the documented demo taxpayer, so that a newcomer's first query against the simulator shows
 * something. Every caller sees the same starting data and then their own writes on top of it. The figures
 * follow HMRC's own example responses.
 */
import type { PensionChargesDto } from '../hmrc/charges';

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

/** The demo taxpayer holds pension charges for 2023-24 and 2024-25. */
export function demoPensionCharges(nino: string, taxYear: string): PensionChargesDto | undefined {
  if (nino !== DEMO_NINO) return undefined;
  if (taxYear === '2023-24') return PENSION_CHARGES_DEF1_EXAMPLE;
  if (taxYear === '2024-25') return PENSION_CHARGES_DEF2_EXAMPLE;
  return undefined;
}
