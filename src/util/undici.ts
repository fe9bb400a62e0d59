/**
 * undici, loaded at its first use rather than at import: its entry point loads all of it (fetch, WebSocket,
 * EventSource, mocks, cache stores), ~50 ms of start-up spent before the gateway could answer /readyz, and
 * nothing calls HMRC (or HMRC's token endpoint) until then. The one place that requires it.
 */
import type * as Undici from 'undici';

let undici: typeof Undici | undefined;

export function loadUndici(): typeof Undici {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (undici ??= require('undici') as typeof Undici);
}
