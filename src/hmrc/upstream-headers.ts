/**
 * The request-scoped headers sent to HMRC, built in one place: the caller's credential, towards a sandbox only the
 * caller's `Gov-Test-Scenario` and `suspend-temporal-validations`, and on every call the fraud-prevention (`Gov-Client-*`, `Gov-Vendor-*`) headers
 * the gateway computed for the incoming request (src/fraud/).
 */
import type { Principal } from '../auth/principal';

export interface IncomingHeaders {
  /** The client's `Gov-Test-Scenario`, if any. */
  readonly govTestScenario?: string | undefined;
  /** The client's `suspend-temporal-validations` (Individuals Charges API 3.0, sandbox only), if any. */
  readonly suspendTemporalValidations?: string | undefined;
  /** The fraud-prevention headers to send HMRC (names as HMRC writes them, values as sent). */
  readonly fraudHeaders?: Readonly<Record<string, string | undefined>> | undefined;
}

/**
 * HMRC's `suspend-temporal-validations` switch as the sandbox reads it (a boolean header). Only `true` or `false`
 * is forwarded; anything else is dropped rather than echoed upstream.
 */
export function temporalValidationsHeader(
  incoming: IncomingHeaders,
  policy: UpstreamHeaderPolicy,
): 'true' | 'false' | undefined {
  const value = incoming.suspendTemporalValidations?.trim().toLowerCase();
  return policy.sandbox && (value === 'true' || value === 'false') ? value : undefined;
}

export interface UpstreamHeaderPolicy {
  /** True when the upstream is a sandbox (the simulator or HMRC's test environment). */
  readonly sandbox: boolean;
}

// HMRC's scenario names are upper-case words joined by underscores; anything else is not worth forwarding.
const SCENARIO = /^[A-Za-z0-9_-]{1,100}$/;

export async function buildUpstreamHeaders(
  principal: Principal,
  incoming: IncomingHeaders,
  policy: UpstreamHeaderPolicy,
): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  // HMRC requires these on every call; they never override the credential or the scenario set below.
  for (const [name, value] of Object.entries(incoming.fraudHeaders ?? {}))
    if (value !== undefined) headers[name.toLowerCase()] = value;
  headers.authorization = await principal.authorization();
  // Production HMRC ignores the header at best; a scenario must never steer a live submission, so it is dropped.
  if (policy.sandbox && incoming.govTestScenario && SCENARIO.test(incoming.govTestScenario)) {
    headers['gov-test-scenario'] = incoming.govTestScenario;
  }
  // HMRC's switch for RULE_TAX_YEAR_NOT_ENDED (Winter Fuel Payment writes). Sandbox only: in production the rule
  // always applies (HMRC's `suspend-temporal-validations` header, Individuals Charges API 3.0 common/headers.yaml).
  const suspend = temporalValidationsHeader(incoming, policy);
  if (suspend) headers['suspend-temporal-validations'] = suspend;
  return headers;
}
