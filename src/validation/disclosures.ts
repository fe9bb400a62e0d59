/**
 * What the Individuals Disclosures API v2.0 does alike on both its resources — disclosures
 * (`src/resources/disclosures.ts`) and the marriage-allowance claim (`src/resources/marriage-allowance.ts`),
 * docs/hmrc-rules.md §5: its own wording of the shared codes.
 *
 * Error order: HMRC's disclosures service does not sort its errors. It groups them by message in a Scala `groupBy`,
 * whose iteration order is a hash order that HMRC does not specify (§2.2 rule 3, §9 item 8). The gateway instead
 * reports the groups deterministically in HMRC's validation order (first occurrence of each message), so the same
 * request always gets the same list; clients must compare HMRC's own lists as sets.
 */
import type { PathMessages } from './path-params';

/** Disclosures words the shared codes differently from the other APIs (docs/hmrc-rules.md §2.8). */
export const DISCLOSURES_MESSAGES = {
  FORMAT_NINO: 'The provided NINO is invalid',
  FORMAT_TAX_YEAR: 'The provided tax year is invalid',
  RULE_TAX_YEAR_RANGE_INVALID: 'Tax year range invalid. A tax year range of one year is required',
  RULE_TAX_YEAR_NOT_SUPPORTED:
    'The specified tax year is not supported. That is, the tax year specified is before the minimum tax year value',
} as const satisfies PathMessages;
