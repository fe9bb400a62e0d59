import type { HmrcError } from '../errors/hmrc-error';
import type { ApiVersions } from '../hmrc/apis';

/** A validated request body, or HMRC's errors for it (already combined and ordered as HMRC does). */
export type Validated<T> = { ok: true; value: T } | { ok: false; errors: HmrcError[] };

/**
 * What HMRC's rules depend on beyond the request itself: the API version being called (reliefs v2 and v3 differ)
 * and HMRC's environment-specific minimum tax year for disclosures.
 */
export interface ValidationSettings {
  readonly versions: ApiVersions;
  readonly disclosuresMinTaxYear: string;
}

/**
 * Facts about the request itself that some of HMRC's rules depend on: "today" (HMRC's "tax year not ended" rule,
 * judged from the UTC date) and whether the caller asked a sandbox to suspend that rule.
 */
export interface RequestFacts {
  /** Today's date in UTC, `YYYY-MM-DD`. */
  readonly today: string;
  /** `suspend-temporal-validations: true` was sent, and the upstream is a sandbox (production ignores it). */
  readonly suspendTemporalValidations: boolean;
}
