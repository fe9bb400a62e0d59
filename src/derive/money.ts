/**
 * Pounds-and-pence arithmetic. HMRC's amounts have at most two decimal places; adding them as binary floats
 * drifts (0.1 + 0.2), so sums are taken in whole pence and turned back into pounds once.
 */
export function pence(pounds: number): number {
  return Math.round(pounds * 100);
}

export function sumPounds(values: Iterable<number | undefined | null>): number {
  let total = 0;
  for (const value of values) if (typeof value === 'number' && Number.isFinite(value)) total += pence(value);
  return total / 100;
}
