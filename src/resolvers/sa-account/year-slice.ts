/** Reading the Self Assessment account for a field: UTR required, HMRC's window, the request's one SA call. */
import type { GatewayContext } from '../../context';
import { authenticated } from '../../context';
import type { SaYearSlice } from '../../derive/sa-account';
import { yearSlice } from '../../derive/sa-account';
import { GatewayError, hmrcError } from '../../errors/hmrc-error';
import type { SaAccountDto } from '../../hmrc/sa-account';
import { ukDate, utcDate } from '../../util/clock';
import type { SaWindow } from '../../validation/sa-account';
import { saWindow, taxYearLastDay, taxYearStart } from '../../validation/sa-account';

export function requireUtr(utr: string | null): string {
  if (utr === null) throw new GatewayError([hmrcError('MISSING_UTR')], 'GATEWAY');
  return utr;
}

/** HMRC's window as of now (HMRC decides "today" in UTC). */
export function windowNow(context: GatewayContext): SaWindow {
  return saWindow(utcDate(context.clock.now()));
}

/** The taxpayer's "today": the UK date. */
export function todayInUk(context: GatewayContext): string {
  return ukDate(context.clock.now());
}

export function loadAccount(
  context: GatewayContext,
  utr: string,
  fromDate: string,
): Promise<SaAccountDto | null> {
  return authenticated(context).loaders.saAccount(utr, fromDate);
}

export type YearSliceResult =
  { kind: 'slice'; slice: SaYearSlice } | { kind: 'noAccount' } | { kind: 'outsideWindow'; window: SaWindow };

/**
 * A tax year's slice of the account. The account is fetched from the year's first day (clamped into HMRC's
 * window), in the same batch as every other field of the request that needs it.
 */
export async function loadYearSlice(
  context: GatewayContext,
  utr: string | null,
  taxYear: string,
): Promise<YearSliceResult> {
  const required = requireUtr(utr);
  const window = windowNow(context);
  if (taxYearLastDay(taxYear) < window.earliest) return { kind: 'outsideWindow', window };
  // From a year before the tax year starts: a year's charges are raised within it, but a taxpayer may pay ahead
  // (a payment made before 6 April against the year's charges still belongs to its slice). It is still the one
  // call of the request: the loader fetches once from the earliest date any field needs.
  const start = `${Number(taxYearStart(taxYear).slice(0, 4)) - 1}-04-06`;
  const fromDate = start < window.earliest ? window.earliest : start > window.today ? window.today : start;
  const account = await loadAccount(context, required, fromDate);
  return account
    ? { kind: 'slice', slice: yearSlice(account, taxYear, todayInUk(context)) }
    : { kind: 'noAccount' };
}
