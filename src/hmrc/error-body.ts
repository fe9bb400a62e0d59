/**
 * Turns any HMRC error response into the gateway's `HmrcError` list. HMRC answers in several shapes:
 *
 * - one error: `{"code","message"}`, optionally with `paths`;
 * - several: `{"code":"INVALID_REQUEST","message":"Invalid request","errors":[…]}` (flattened here, one entry each);
 * - the View Self Assessment Account API: `{"message"}` only, no code (the code is then derived from the status);
 * - empty or malformed bodies from HMRC's platform or a proxy in between (code derived from the status, except
 *   that a 404 is then `HMRC_ERROR`: only HMRC's own JSON means "no data").
 *
 * Messages always come from the gateway's catalogue, never from the body, so nothing upstream leaks into a
 * client's error; a code the catalogue does not know as one of HMRC's (including the gateway's own codes, which
 * HMRC never sends) becomes `HMRC_ERROR` with HMRC's status.
 */
import type { ErrorCode } from '../errors/codes';
import { isHmrcCode } from '../errors/codes';
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

// HMRC's error paths: JSON pointers made of field names and array indices.
const JSON_POINTER = /^(\/[A-Za-z0-9_]{1,100}){1,20}$/;

/** The code for a status when the body names none. */
export function codeForStatus(status: number): ErrorCode {
  return CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'HMRC_ERROR');
}

function fromEntry(entry: unknown, status: number): HmrcError {
  if (typeof entry !== 'object' || entry === null) return hmrcError(codeForStatus(status), { status });
  const { code, paths } = entry as { code?: unknown; paths?: unknown };
  const known: ErrorCode = isHmrcCode(code)
    ? code
    : typeof code === 'string'
      ? 'HMRC_ERROR'
      : codeForStatus(status);
  // `paths` are the only strings from an upstream body that reach a client, so only HMRC's JSON pointers into
  // the request body (`/a/0/b`) pass, and only on a 4xx: a 5xx says nothing about the request's fields, and a
  // proxy's or a crashed service's body could carry anything (URLs, stack traces, tokens) under that name.
  const cleanPaths =
    status < 500 && Array.isArray(paths)
      ? paths.filter((p): p is string => typeof p === 'string' && JSON_POINTER.test(p))
      : [];
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
    // HMRC always says "no data" in JSON (`MATCHING_RESOURCE_NOT_FOUND`, or View SA Account's `{"message"}`).
    // A 404 without a JSON body comes from something else on the way (a wrong base URL, a proxy's HTML page):
    // deriving MATCHING_RESOURCE_NOT_FOUND from the status would turn that misconfiguration into silent `null`s.
    if (status === 404) return [hmrcError('HMRC_ERROR', { status })];
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
