/**
 * HMRC's encoding rules for fraud-prevention header values
 * (https://developer.service.hmrc.gov.uk/guides/fraud-prevention/getting-it-right/#send-data-in-the-correct-format):
 * US-ASCII; keys and values percent-encoded as RFC 3986 section 2.1 describes; the separators (`=` between key and
 * value, `&` between pairs, `,` between list entries) never encoded.
 */

/**
 * Percent-encodes per RFC 3986: everything but the unreserved characters `A-Z a-z 0-9 - . _ ~`.
 * `encodeURIComponent` alone leaves `! ' ( ) *` as they are, which RFC 3986 counts as reserved.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * A key or value as a client may send it: percent-encoded, so no separator, space or non-ASCII character left raw.
 * `! ' ( ) *` are accepted raw too, because browsers' `encodeURIComponent` leaves them so and they are not
 * separators; the gateway's own values encode them (`percentEncode`).
 */
const ENCODED = /^(?:[A-Za-z0-9\-._~!'()*]|%[0-9A-Fa-f]{2})*$/;

export function isPercentEncoded(value: string): boolean {
  return ENCODED.test(value);
}

/** Decodes a percent-encoded component; `undefined` when it is not valid percent-encoded UTF-8. */
export function percentDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** Printable US-ASCII only (what an HTTP header value may carry and HMRC accepts). */
export function isPrintableAscii(value: string): boolean {
  return /^[\x20-\x7E]*$/.test(value);
}

export interface KeyValue {
  readonly key: string;
  readonly value: string;
}

/** `k1=v1&k2=v2` → pairs, still encoded. A pair without `=` has `value` `undefined`. */
export function splitPairs(text: string): Array<{ key: string; value: string | undefined }> {
  return text.split('&').map((pair) => {
    const at = pair.indexOf('=');
    return at < 0 ? { key: pair, value: undefined } : { key: pair.slice(0, at), value: pair.slice(at + 1) };
  });
}

/** `a,b,c` → entries, still encoded. */
export function splitList(text: string): string[] {
  return text.split(',');
}

/** Builds `k1=v1&k2=v2` from raw keys and values, percent-encoding each. */
export function joinPairs(pairs: readonly KeyValue[]): string {
  return pairs.map(({ key, value }) => `${percentEncode(key)}=${percentEncode(value)}`).join('&');
}
