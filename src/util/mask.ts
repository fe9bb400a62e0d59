/**
 * Masks taxpayer identifiers in text bound for logs. A NINO keeps its first two letters and its suffix
 * (`AA******A`); a UTR keeps its last three digits. Bearer tokens are never passed to the logger at all.
 */
const NINO_LIKE = /\b([A-Z]{2})\d{6}([A-D]?)\b/g;
const UTR_LIKE = /\b\d{7}(\d{3})\b/g;

export function maskIdentifiers(text: string): string {
  return text.replace(NINO_LIKE, '$1******$2').replace(UTR_LIKE, '*******$1');
}
