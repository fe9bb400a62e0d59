/**
 * HMRC's token endpoint (`POST /oauth/token`, on the API host): the authorisation-code exchange and the refresh.
 * Rules from HMRC's Developer Hub, "Authorization Code grant"
 * (https://developer.service.hmrc.gov.uk/api-documentation/docs/authorisation/user-restricted-endpoints):
 *
 * - form-encoded body with `client_id` and `client_secret` (never sent to the authorise page);
 * - an access token lasts 4 hours (`expires_in: 14400`); every refresh returns a new refresh token and the old one
 *   is dead (single use); HMRC refuses concurrent refreshes of one grant ("Refresh operation is already in
 *   progress", 400 `invalid_request`); an invalid or expired (18 months) grant is 400 `invalid_grant`;
 * - bad client credentials are 401 `invalid_client`; HMRC's own failures are 500 `server_error`.
 *
 * Nothing this module logs or throws carries a token, code, verifier, secret or HMRC's response body.
 */
import { z } from 'zod';
import type { Logger } from '../../util/logger';
import { loadUndici } from '../../util/undici';

export type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'server_error';

/** HMRC answered the token request with an OAuth error. */
export class TokenRejected extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly status: number,
    /** HMRC's "Refresh operation is already in progress": another refresh of this grant is under way. */
    readonly refreshInProgress: boolean,
  ) {
    super(`HMRC's token endpoint answered ${status} ${error}`);
    this.name = 'TokenRejected';
  }
}

/** No usable answer from the token endpoint. `mayHaveArrived`: the request may have reached HMRC. */
export class TokenEndpointUnreachable extends Error {
  constructor(readonly mayHaveArrived: boolean) {
    super('HMRC’s token endpoint could not be reached');
    this.name = 'TokenEndpointUnreachable';
  }
}

export interface TokenSet {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Seconds the access token lasts, as HMRC said. */
  readonly expiresInSeconds: number;
  readonly scope: string | undefined;
}

const TOKEN_RESPONSE = z.object({
  access_token: z.string().min(1).max(4096),
  refresh_token: z.string().min(1).max(4096),
  expires_in: z.number().int().positive(),
  token_type: z.string().regex(/^bearer$/i),
  scope: z.string().optional(),
});

const ERROR_RESPONSE = z.object({
  error: z.string(),
  error_description: z.string().optional(),
});

const KNOWN_ERRORS: ReadonlySet<string> = new Set(['invalid_request', 'invalid_client', 'invalid_grant']);

/** Errors raised before a single byte of the request left this process: safe to count as "not sent". */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'EHOSTUNREACH',
]);

export interface TokenClientOptions {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly timeoutMs: number;
  readonly logger: Logger;
}

export class TokenClient {
  constructor(private readonly options: TokenClientOptions) {}

  exchangeCode(code: string, redirectUri: string, codeVerifier: string): Promise<TokenSet> {
    return this.#post('authorization_code', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: codeVerifier,
    });
  }

  refresh(refreshToken: string): Promise<TokenSet> {
    return this.#post('refresh_token', { grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  async #post(grant: string, fields: Record<string, string>): Promise<TokenSet> {
    const body = new URLSearchParams({
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
      ...fields,
    }).toString();
    let status: number;
    let text: string;
    try {
      const response = await loadUndici().request(this.options.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      const code = (error as { code?: string; cause?: { code?: string } }).code;
      const causeCode = (error as { cause?: { code?: string } }).cause?.code;
      const notSent = NOT_SENT.has(code ?? '') || NOT_SENT.has(causeCode ?? '');
      this.options.logger.warn(
        { grant, reason: code ?? causeCode ?? (error instanceof Error ? error.name : 'unknown') },
        'HMRC token endpoint unreachable',
      );
      throw new TokenEndpointUnreachable(!notSent);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (status === 200) {
      const parsed = TOKEN_RESPONSE.safeParse(json);
      if (parsed.success) {
        const t = parsed.data;
        return {
          accessToken: t.access_token,
          refreshToken: t.refresh_token,
          expiresInSeconds: t.expires_in,
          scope: t.scope,
        };
      }
      this.options.logger.error({ grant, status }, 'HMRC token endpoint answered 200 without a usable token');
      throw new TokenRejected('server_error', 502, false);
    }
    const parsed = ERROR_RESPONSE.safeParse(json);
    const error: OAuthErrorCode =
      parsed.success && KNOWN_ERRORS.has(parsed.data.error)
        ? (parsed.data.error as OAuthErrorCode)
        : status === 401
          ? 'invalid_client'
          : 'server_error';
    const inProgress =
      error === 'invalid_request' && /already in progress/i.test(parsed.data?.error_description ?? '');
    // The error code and status only: HMRC's description could echo what was sent.
    const level = error === 'invalid_client' || error === 'server_error' ? 'error' : 'warn';
    this.options.logger[level](
      { grant, status, error, refreshInProgress: inProgress },
      'HMRC refused a token request',
    );
    throw new TokenRejected(error, status, inProgress);
  }
}
