/**
 * HMRC's fraud-prevention headers: their names, and the set each connection method must send.
 *
 * HMRC: "You must submit data for all of these headers" for the chosen connection method, one page per method
 * (https://developer.service.hmrc.gov.uk/guides/fraud-prevention/connection-method/). The sets below are those
 * pages' lists, header for header.
 */

/** Canonical spelling of every fraud-prevention header (HTTP names are case-insensitive; HMRC writes these). */
export const FRAUD_HEADERS = [
  'Gov-Client-Connection-Method',
  'Gov-Client-Browser-JS-User-Agent',
  'Gov-Client-Device-ID',
  'Gov-Client-Local-IPs',
  'Gov-Client-Local-IPs-Timestamp',
  'Gov-Client-MAC-Addresses',
  'Gov-Client-Multi-Factor',
  'Gov-Client-Public-IP',
  'Gov-Client-Public-IP-Timestamp',
  'Gov-Client-Public-Port',
  'Gov-Client-Screens',
  'Gov-Client-Timezone',
  'Gov-Client-User-Agent',
  'Gov-Client-User-IDs',
  'Gov-Client-Window-Size',
  'Gov-Vendor-Forwarded',
  'Gov-Vendor-License-IDs',
  'Gov-Vendor-Product-Name',
  'Gov-Vendor-Public-IP',
  'Gov-Vendor-Version',
] as const;

export type FraudHeader = (typeof FRAUD_HEADERS)[number];

const BY_LOWER_CASE: ReadonlyMap<string, FraudHeader> = new Map(
  FRAUD_HEADERS.map((h) => [h.toLowerCase(), h]),
);

/** The canonical name of a fraud-prevention header, or `undefined` for any other header. */
export function fraudHeaderName(name: string): FraudHeader | undefined {
  return BY_LOWER_CASE.get(name.toLowerCase());
}

/**
 * HMRC's connection methods. The gateway is a server between the user's device and HMRC, so requests through it
 * use a `*_VIA_SERVER` method, or `BATCH_PROCESS_DIRECT` for server-side jobs no user started.
 */
export const SUPPORTED_METHODS = [
  'WEB_APP_VIA_SERVER',
  'MOBILE_APP_VIA_SERVER',
  'DESKTOP_APP_VIA_SERVER',
  'OTHER_VIA_SERVER',
  'BATCH_PROCESS_DIRECT',
] as const;

export type ConnectionMethod = (typeof SUPPORTED_METHODS)[number];

/** HMRC's methods for software that calls HMRC itself, which a request through a gateway cannot be. */
export const DIRECT_METHODS = ['DESKTOP_APP_DIRECT', 'MOBILE_APP_DIRECT', 'OTHER_DIRECT'] as const;

export function isSupportedMethod(value: string): value is ConnectionMethod {
  return (SUPPORTED_METHODS as readonly string[]).includes(value);
}

const COMMON_VIA_SERVER = [
  'Gov-Client-Connection-Method',
  'Gov-Client-Device-ID',
  'Gov-Client-Multi-Factor',
  'Gov-Client-Public-IP',
  'Gov-Client-Public-IP-Timestamp',
  'Gov-Client-Public-Port',
  'Gov-Client-Timezone',
  'Gov-Client-User-IDs',
  'Gov-Vendor-Forwarded',
  'Gov-Vendor-License-IDs',
  'Gov-Vendor-Product-Name',
  'Gov-Vendor-Public-IP',
  'Gov-Vendor-Version',
] as const satisfies readonly FraudHeader[];

/** The headers each method requires (HMRC's page for that method). */
export const REQUIRED_HEADERS: Readonly<Record<ConnectionMethod, ReadonlySet<FraudHeader>>> = {
  // https://developer.service.hmrc.gov.uk/guides/fraud-prevention/connection-method/web-app-via-server/
  WEB_APP_VIA_SERVER: new Set<FraudHeader>([
    ...COMMON_VIA_SERVER,
    'Gov-Client-Browser-JS-User-Agent',
    'Gov-Client-Screens',
    'Gov-Client-Window-Size',
  ]),
  // https://developer.service.hmrc.gov.uk/guides/fraud-prevention/connection-method/mobile-app-via-server/
  MOBILE_APP_VIA_SERVER: new Set<FraudHeader>([
    ...COMMON_VIA_SERVER,
    'Gov-Client-Local-IPs',
    'Gov-Client-Local-IPs-Timestamp',
    'Gov-Client-Screens',
    'Gov-Client-User-Agent',
    'Gov-Client-Window-Size',
  ]),
  // https://developer.service.hmrc.gov.uk/guides/fraud-prevention/connection-method/desktop-app-via-server/
  DESKTOP_APP_VIA_SERVER: new Set<FraudHeader>([
    ...COMMON_VIA_SERVER,
    'Gov-Client-Local-IPs',
    'Gov-Client-Local-IPs-Timestamp',
    'Gov-Client-MAC-Addresses',
    'Gov-Client-Screens',
    'Gov-Client-User-Agent',
    'Gov-Client-Window-Size',
  ]),
  // https://developer.service.hmrc.gov.uk/guides/fraud-prevention/connection-method/other-via-server/
  OTHER_VIA_SERVER: new Set<FraudHeader>([
    ...COMMON_VIA_SERVER,
    'Gov-Client-Local-IPs',
    'Gov-Client-Local-IPs-Timestamp',
    'Gov-Client-MAC-Addresses',
    'Gov-Client-User-Agent',
  ]),
  // https://developer.service.hmrc.gov.uk/guides/fraud-prevention/connection-method/batch-process-direct/
  BATCH_PROCESS_DIRECT: new Set<FraudHeader>([
    'Gov-Client-Connection-Method',
    'Gov-Client-Device-ID',
    'Gov-Client-Local-IPs',
    'Gov-Client-Local-IPs-Timestamp',
    'Gov-Client-MAC-Addresses',
    'Gov-Client-Timezone',
    'Gov-Client-User-Agent',
    'Gov-Client-User-IDs',
    'Gov-Vendor-License-IDs',
    'Gov-Vendor-Product-Name',
    'Gov-Vendor-Version',
  ]),
};

/**
 * Headers HMRC lets an application omit, or send empty, when the value genuinely cannot be collected — each of
 * these headers' entries links to "missing header data"
 * (https://developer.service.hmrc.gov.uk/guides/fraud-prevention/getting-it-right/#missing-header-data). A
 * missing or empty one is a warning (to be agreed with HMRC), not an error.
 */
export const MAY_BE_UNAVAILABLE: ReadonlySet<FraudHeader> = new Set<FraudHeader>([
  'Gov-Client-Multi-Factor',
  'Gov-Vendor-License-IDs',
]);
