/**
 * HMRC's fraud-prevention headers
 * (https://developer.service.hmrc.gov.uk/guides/fraud-prevention/): which headers each connection method needs,
 * each header's format, and what the gateway sends HMRC for a request. Pure: no GraphQL, no HTTP framework.
 */
export type { Connection, FraudEvaluation, FraudHeadersMode, FraudSettings } from './evaluate';
export { GATEWAY_SOFTWARE_NAME, evaluateFraudHeaders } from './evaluate';
export { percentEncode } from './encoding';
export type { Cidr } from './ip';
export { isPublicIp, parseCidr, parseIp } from './ip';
export { maskFraudHeaders } from './mask';
export type { ConnectionMethod, FraudHeader } from './methods';
export { FRAUD_HEADERS, REQUIRED_HEADERS, SUPPORTED_METHODS } from './methods';
export type { Problem, ProblemCode, Severity } from './validate';
export { isHmrcTimestamp, validateHeader } from './validate';
