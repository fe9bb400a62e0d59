/**
 * The shape of every HMRC answer the gateway reads, checked before anything uses it. Each endpoint object
 * (`pensionCharges`, `reliefInvestments`, …, `saAccountBreakdown`) carries its schema as `responseSchema`, so the
 * check travels with the endpoint wherever it is defined.
 *
 * Why check at all: without it, a string where HMRC sends a number would flow into the summary's arithmetic
 * ("100" + 5 is "1005") while the account field beside it failed GraphQL's Float serialisation — the same answer
 * read two ways. Checking once, where the answer enters the gateway (before it is cached or derived from), means
 * every field that reads an answer sees the same validated value, or the same typed error.
 *
 * The rules follow HMRC's published response schemas field for field (required vs optional, number vs string vs
 * boolean), from HMRC's public API repositories:
 * - hmrc/individuals-charges-api: resources/public/api/conf/3.0/schemas/pensionCharges/retrieve/def{1,2}/response.json
 * - hmrc/individuals-reliefs-api: resources/public/api/conf/{2.0,3.0}/schemas/retrieve_*_response.json
 * - hmrc/individuals-disclosures-api: resources/public/api/conf/2.0/schemas/retrieve_disclosures_response.json
 * - hmrc/view-self-assessment-account-api: resources/public/api/conf/1.0/application.yaml (successResponse)
 *
 * Nothing is coerced (zod's `z.number()` refuses `"100"`), and keys HMRC may add later are dropped rather than
 * refused, so a new optional HMRC field never breaks the gateway. One schema per resource covers both of HMRC's
 * generations (def1/def2): the later generation only drops sections, which are optional here. Formats are checked
 * only where the gateway computes with a value: dates it compares and tax years it converts.
 */
import { z } from 'zod';
import type {
  LifetimeAllowanceDto,
  OverseasSchemeProviderDto,
  PensionChargesDto,
  UnauthorisedPaymentChargeDto,
} from './charges';
import type { DisclosuresDto } from './disclosures';
import type {
  CharitableGivingDto,
  ForeignReliefsDto,
  NonUkCharitiesDto,
  OtherReliefsDto,
  PensionReliefsDto,
  ReliefClaimDto,
  ReliefInvestmentsDto,
} from './reliefs';
import type { SaAccountDto } from './sa-account';

const amount = z.number();
const text = z.string();
const texts = z.array(z.string());
/** `YYYY-MM-DD`: the gateway compares these as strings (due, overdue, windows), so the format matters. */
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** The View Self Assessment Account API's tax year, `2024-2025`, which the gateway turns into `2024-25`. */
const saTaxYear = z.string().regex(/^\d{4}-\d{4}$/);

// --- Individuals Charges: pension charges ------------------------------------------------------------------

const lifetimeAllowance: z.ZodType<LifetimeAllowanceDto> = z.object({ amount, taxPaid: amount });
const overseasSchemeProvider: z.ZodType<OverseasSchemeProviderDto> = z.object({
  providerName: text,
  providerAddress: text,
  providerCountryCode: text,
  qualifyingRecognisedOverseasPensionScheme: texts.optional(),
  pensionSchemeTaxReference: texts.optional(),
});
const unauthorisedPaymentCharge: z.ZodType<UnauthorisedPaymentChargeDto> = z.object({
  amount,
  foreignTaxPaid: amount,
});

export const pensionChargesResponse: z.ZodType<PensionChargesDto> = z.object({
  submittedOn: text,
  pensionSavingsTaxCharges: z
    .object({
      pensionSchemeTaxReference: texts,
      lumpSumBenefitTakenInExcessOfLifetimeAllowance: lifetimeAllowance.optional(),
      benefitInExcessOfLifetimeAllowance: lifetimeAllowance.optional(),
    })
    .optional(),
  pensionSchemeOverseasTransfers: z
    .object({
      overseasSchemeProvider: z.array(overseasSchemeProvider),
      transferCharge: amount,
      transferChargeTaxPaid: amount,
    })
    .optional(),
  pensionSchemeUnauthorisedPayments: z
    .object({
      pensionSchemeTaxReference: texts.optional(),
      surcharge: unauthorisedPaymentCharge.optional(),
      noSurcharge: unauthorisedPaymentCharge.optional(),
    })
    .optional(),
  pensionContributions: z
    .object({
      pensionSchemeTaxReference: texts,
      inExcessOfTheAnnualAllowance: amount,
      annualAllowanceTaxPaid: amount,
      isAnnualAllowanceReduced: z.boolean().optional(),
      taperedAnnualAllowance: z.boolean().optional(),
      moneyPurchasedAllowance: z.boolean().optional(),
    })
    .optional(),
  overseasPensionContributions: z
    .object({
      overseasSchemeProvider: z.array(overseasSchemeProvider),
      shortServiceRefund: amount,
      shortServiceRefundTaxPaid: amount,
    })
    .optional(),
});

// --- Individuals Reliefs ------------------------------------------------------------------------------------

const investment = {
  uniqueInvestmentRef: text.optional(),
  dateOfInvestment: text.optional(),
  amountInvested: amount.optional(),
  reliefClaimed: amount,
};

export const reliefInvestmentsResponse: z.ZodType<ReliefInvestmentsDto> = z.object({
  submittedOn: text,
  vctSubscription: z.array(z.object({ ...investment, name: text.optional() })).optional(),
  eisSubscription: z
    .array(z.object({ ...investment, name: text.optional(), knowledgeIntensive: z.boolean().optional() }))
    .optional(),
  communityInvestment: z.array(z.object({ ...investment, name: text.optional() })).optional(),
  seedEnterpriseInvestment: z.array(z.object({ ...investment, companyName: text.optional() })).optional(),
  socialEnterpriseInvestment: z
    .array(z.object({ ...investment, socialEnterpriseName: text.optional() }))
    .optional(),
});

const reliefClaim: z.ZodType<ReliefClaimDto> = z.object({
  customerReference: text.optional(),
  reliefClaimed: amount,
});

export const otherReliefsResponse: z.ZodType<OtherReliefsDto> = z.object({
  submittedOn: text,
  nonDeductibleLoanInterest: reliefClaim.optional(),
  payrollGiving: reliefClaim.optional(),
  qualifyingDistributionRedemptionOfSharesAndSecurities: z
    .object({ customerReference: text.optional(), amount })
    .optional(),
  maintenancePayments: z
    .array(
      z.object({
        customerReference: text.optional(),
        exSpouseName: text.optional(),
        exSpouseDateOfBirth: text.optional(),
        amount,
      }),
    )
    .optional(),
  postCessationTradeReliefAndCertainOtherLosses: z
    .array(
      z.object({
        customerReference: text.optional(),
        businessName: text.optional(),
        dateBusinessCeased: text.optional(),
        natureOfTrade: text.optional(),
        incomeSource: text.optional(),
        amount,
      }),
    )
    .optional(),
  annualPaymentsMade: reliefClaim.optional(),
  qualifyingLoanInterestPayments: z
    .array(
      z.object({ customerReference: text.optional(), lenderName: text.optional(), reliefClaimed: amount }),
    )
    .optional(),
});

export const foreignReliefsResponse: z.ZodType<ForeignReliefsDto> = z.object({
  submittedOn: text,
  foreignTaxCreditRelief: z.object({ amount }).optional(),
  foreignIncomeTaxCreditRelief: z
    .array(
      z.object({
        countryCode: text,
        foreignTaxPaid: amount.optional(),
        taxableAmount: amount,
        employmentLumpSum: z.boolean(),
      }),
    )
    .optional(),
  foreignTaxForFtcrNotClaimed: z.object({ amount }).optional(),
});

export const pensionReliefsResponse: z.ZodType<PensionReliefsDto> = z.object({
  submittedOn: text,
  pensionReliefs: z.object({
    regularPensionContributions: amount.optional(),
    oneOffPensionContributionsPaid: amount.optional(),
    retirementAnnuityPayments: amount.optional(),
    paymentToEmployersSchemeNoTaxRelief: amount.optional(),
    overseasPensionSchemeContributions: amount.optional(),
  }),
});

const nonUkCharities: z.ZodType<NonUkCharitiesDto> = z.object({
  charityNames: texts.optional(),
  totalAmount: amount,
});

export const charitableGivingResponse: z.ZodType<CharitableGivingDto> = z.object({
  giftAidPayments: z
    .object({
      nonUkCharities: nonUkCharities.optional(),
      totalAmount: amount.optional(),
      oneOffAmount: amount.optional(),
      amountTreatedAsPreviousTaxYear: amount.optional(),
      amountTreatedAsSpecifiedTaxYear: amount.optional(),
    })
    .optional(),
  gifts: z
    .object({
      nonUkCharities: nonUkCharities.optional(),
      landAndBuildings: amount.optional(),
      sharesOrSecurities: amount.optional(),
    })
    .optional(),
});

// --- Individuals Disclosures --------------------------------------------------------------------------------

export const disclosuresResponse: z.ZodType<DisclosuresDto> = z.object({
  submittedOn: text,
  taxAvoidance: z.array(z.object({ srn: text, taxYear: text })).optional(),
  class2Nics: z.object({ class2VoluntaryContributions: z.boolean().optional() }).optional(),
});

// --- View Self Assessment Account ---------------------------------------------------------------------------

export const saAccountResponse: z.ZodType<SaAccountDto> = z.object({
  balanceDetails: z.object({
    totalOverdueBalance: amount,
    totalPayableBalance: amount,
    earliestPayableDueDate: date.optional(),
    totalPendingBalance: amount,
    earliestPendingDueDate: date.optional(),
    totalBalance: amount,
    totalCreditAvailable: amount,
    codedOutDetail: z
      .array(z.object({ totalAmount: amount, effectiveStartDate: date, effectiveEndDate: date }))
      .optional(),
  }),
  chargeDetails: z
    .array(
      z.object({
        chargeId: text,
        creationDate: date,
        chargeType: text,
        chargeAmount: amount,
        outstandingAmount: amount,
        taxYear: saTaxYear,
        dueDate: date,
        outstandingInterestDue: amount.optional(),
        accruingInterest: amount.optional(),
        accruingInterestPeriod: z
          .object({ interestStartDate: date.optional(), interestEndDate: date.optional() })
          .optional(),
        accruingInterestRate: amount.optional(),
        amendments: z
          .array(
            z.object({
              amendmentDate: date,
              amendmentAmount: amount,
              amendmentReason: text,
              isPaymentRelated: z.boolean(),
              paymentMethod: text.optional(),
              paymentDate: date.optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
  refundDetails: z
    .array(
      z.object({
        refundDate: date.optional(),
        interestAddedToRefund: amount.optional(),
        totalRefundAmount: amount,
        refundMethod: text.optional(),
        refundDescription: text.optional(),
        refundRequestAmount: amount,
        refundRequestDate: date.optional(),
        refundStatus: text.optional(),
      }),
    )
    .optional(),
  paymentHistoryDetails: z
    .array(
      z.object({
        allocationReference: text.optional(),
        processedDate: date.optional(),
        paymentAmount: amount,
        paymentMethod: text.optional(),
        paymentReference: text.optional(),
        paymentDate: date,
      }),
    )
    .optional(),
});
