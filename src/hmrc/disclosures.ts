/**
 * Individuals Disclosures API (v2.0): what the gateway's configuration needs to know of it before any resource
 * is loaded. Its resources are each defined in their own file (`src/resources/disclosures.ts`,
 * `src/resources/marriage-allowance.ts`).
 */

/**
 * HMRC's minimum is environment configuration: its repository defaults to 2019-20 (what the sandbox accepts) and
 * its docs give 2021-22 for production. The gateway takes it from configuration (see `config.ts`).
 */
export const DISCLOSURES_MIN_TAX_YEAR = { sandbox: '2019-20', production: '2021-22' } as const;
