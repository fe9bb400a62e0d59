/**
 * Masks taxpayer identifiers in text bound for logs. A NINO keeps its first two letters and its suffix
 * (`AA******A`); a UTR keeps its last three digits. Bearer tokens are never passed to the logger at all.
 */
// Bounded by anything but a letter or digit. `\b` would treat `_` as part of a word, so `AA123456A_2023-24` or
// `utr_1234567890` (keys joined with underscores) would go out unmasked.
const NINO_LIKE = /(?<![A-Za-z0-9])([A-Z]{2})\d{6}([A-D]?)(?![A-Za-z0-9])/g;
const UTR_LIKE = /(?<![A-Za-z0-9])\d{7}(\d{3})(?![A-Za-z0-9])/g;

export function maskIdentifiers(text: string): string {
  return text.replace(NINO_LIKE, '$1******$2').replace(UTR_LIKE, '*******$1');
}
