/**
 * Turns any HMRC error response into the gateway's `HmrcError` list. HMRC answers in several shapes:
 *
 * - one error: `{"code","message"}`, optionally with `paths`;
 * - several: `{"code":"INVALID_REQUEST","message":"Invalid request","errors":[…]}` (flattened here, one entry each);
 * - the View Self Assessment Account API: `{"message"}` only, no code (the code is then derived from the status);
 * - empty or malformed bodies from HMRC's platform or a proxy in between (code derived from the status).
 *
 * Messages always come from the gateway's catalogue, never from the body, so nothing upstream leaks into a
 * client's error; a code the catalogue does not know becomes `HMRC_ERROR` with HMRC's status.
 */
import type { ErrorCode } from '../errors/codes';
import { isErrorCode } from '../errors/codes';
import type { HmrcError } from '../errors/hmrc-error';
import { hmrcError } from '../errors/hmrc-error';

const CODE_BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: 'INVALID_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'MATCHING_RESOURCE_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'ACCEPT_HEADER_INVALID',
  415: 'INVALID_BODY_TYPE',
  429: 'MESSAGE_THROTTLED_OUT',
  500: 'INTERNAL_SERVER_ERROR',
  501: 'NOT_IMPLEMENTED',
  503: 'SERVER_ERROR',
  504: 'GATEWAY_TIMEOUT',
};

/** The code for a status when the body names none. */
export function codeForStatus(status: number): ErrorCode {
  return CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'HMRC_ERROR');
}

function fromEntry(entry: unknown, status: number): HmrcError {
  if (typeof entry !== 'object' || entry === null) return hmrcError(codeForStatus(status), { status });
  const { code, paths } = entry as { code?: unknown; paths?: unknown };
  const known: ErrorCode = isErrorCode(code)
    ? code
    : typeof code === 'string'
      ? 'HMRC_ERROR'
      : codeForStatus(status);
  const cleanPaths = Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string') : [];
  // A 5xx is an upstream failure whatever its body says: report it as HMRC's own INTERNAL_SERVER_ERROR family.
  const code5xx = status >= 500 && !isServerCode(known) ? codeForStatus(status) : known;
  return hmrcError(code5xx, { status, paths: cleanPaths });
}

function isServerCode(code: ErrorCode): boolean {
  return [
    'INTERNAL_SERVER_ERROR',
    'NOT_IMPLEMENTED',
    'SERVER_ERROR',
    'SCHEDULED_MAINTENANCE',
    'GATEWAY_TIMEOUT',
  ].includes(code);
}

export function parseErrorBody(status: number, text: string): HmrcError[] {
  let body: unknown;
  try {
    body = text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [hmrcError(codeForStatus(status), { status })];
  }
  const { code, errors } = body as { code?: unknown; errors?: unknown };
  const inner = Array.isArray(errors) ? errors.map((entry) => fromEntry(entry, status)) : [];
  if (inner.length > 0) {
    // INVALID_REQUEST is only HMRC's wrapper for several errors: the inner ones are the real answer.
    return code === 'INVALID_REQUEST' || code === undefined ? inner : [fromEntry(body, status), ...inner];
  }
  return [fromEntry(body, status)];
}
