/**
 * The shape of every HMRC answer the gateway reads, checked before anything uses it. Each endpoint object carries
 * its schema as `responseSchema`, so the check travels with the endpoint wherever it is defined: each NINO + tax
 * year resource's is in its own file under `src/resources/` (with the response type inferred from it), the
 * Self Assessment account's is here.
 *
 * Why check at all: without it, a string where HMRC sends a number would flow into the summary's arithmetic
 * ("100" + 5 is "1005") while the account field beside it failed GraphQL's Float serialisation — the same answer
 * read two ways. Checking once, where the answer enters the gateway (before it is cached or derived from), means
 * every field that reads an answer sees the same validated value, or the same typed error.
 *
 * The rules follow HMRC's published response schemas field for field (required vs optional, number vs string vs
 * boolean), from HMRC's public API repositories (each resource file names its own), here
 * hmrc/view-self-assessment-account-api: resources/public/api/conf/1.0/application.yaml (successResponse).
 *
 * Nothing is coerced (zod's `z.number()` refuses `"100"`), and keys HMRC may add later are dropped rather than
 * refused, so a new optional HMRC field never breaks the gateway. One schema per resource covers both of HMRC's
 * generations (def1/def2): the later generation only drops sections, which are optional there. Formats are
 * checked only where the gateway computes with a value: dates it compares and tax years it converts.
 */
import { z } from 'zod';
import type { SaAccountDto } from './sa-account';

const amount = z.number();
const text = z.string();
/** `YYYY-MM-DD`: the gateway compares these as strings (due, overdue, windows), so the format matters. */
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** The View Self Assessment Account API's tax year, `2024-2025`, which the gateway turns into `2024-25`. */
const saTaxYear = z.string().regex(/^\d{4}-\d{4}$/);

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
